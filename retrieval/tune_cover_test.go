package retrieval

import (
	"context"
	"slices"
	"testing"

	"github.com/byline-bot/byline"
	"github.com/google/go-cmp/cmp"
)

func TestNameTerms(t *testing.T) {
	tests := []struct {
		q    string
		want []string
	}{
		{"Which horse won the Melbourne Cup this week?", []string{"melbourne", "cup"}},
		{"Apple is expected to unveil which product?", nil}, // the first word is capitalized anyway
		{"Which song did Olivia Newton-John's family choose?", []string{"olivia", "newton", "john"}},
		{"President Biden designated a WWII-era training ground on Monday in October", []string{"biden", "wwii"}},
		{"What did the “Squid Game” creator say?", []string{"squid", "game"}},
		// The country as news names it: an article about the "UK" prime minister
		// speaks of the United Kingdom.
		{"Who became prime minister of the United Kingdom?", []string{"uk"}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, nameTerms(tt.q)); diff != "" {
				t.Errorf("names (-want +got):\n%s", diff)
			}
		})
	}
}

func coverArticles() []byline.Article {
	return []byline.Article{
		{ID: "trucks", Title: "Automaker recalls pickup trucks", Published: day("2022-09-18"),
			Text: "The automaker will recall more than 200,000 pickup trucks because the vehicles may roll away when parked."},
		{ID: "racing", Title: "Favourite wins the spring cup", Published: day("2022-10-29"),
			Text: "The favourite won the spring cup at the racecourse on Saturday, the horse's trainer said after the race."},
		{ID: "election", Title: "Midterm results: who won", Published: day("2022-11-09"),
			Text: "Votes are still being counted in the midterm election, and control of the House is not yet decided."},
		{ID: "jaywalk", Title: "Pedestrians can cross where they like", Published: day("2022-10-01"),
			Text: "California will stop ticketing pedestrians for jaywalking under a new law, making it legal to cross the street outside a crosswalk when it is safe."},
		{ID: "merger", Title: "Grocery chains agree to merge", Published: day("2022-10-14"),
			Text: "The two largest grocery chains agreed to merge in a deal expected to close in early 2024, the companies said on Friday, 5 days after the talks began."},
		{ID: "drama", Title: "Royal drama returns", Published: day("2020-10-13"),
			Text: "The fourth season of the royal drama will premiere on the streaming service in November."},
	}
}

func TestCoverage(t *testing.T) {
	ix := build(t, nil, coverArticles(), nil)
	tests := []struct {
		name, q, asOf string
		wantTop       string
		covered       bool
	}{
		{"inflections count", "Which automaker recalled more than 200,000 pickup trucks this week?", "2022-09-22", "trucks", true},
		{"a rare name the article lacks", "Which horse won the Melbourne Cup this week?", "2022-11-01", "racing", false},
		{"the week asked about is after the article", "Which automaker recalled more than 200,000 pickup trucks this week?", "2023-09-22", "trucks", false},
		{"a year after the articles", "Who won the 2024 US election?", "2024-11-07", "election", false},
		{"the same question in its year", "Who won the 2022 midterm election?", "2022-11-10", "election", true},
		// A reporting verb is not what the question is about.
		{"announced", "Which state announced it is legalizing jaywalking?", "2022-10-03", "jaywalk", true},
		// A light verb says little: "made a recall" is "recalled".
		{"a light verb", "Which automaker made a recall?", "2022-09-22", "trucks", true},
		// A later year is a plan the news is about, not a time to look in.
		{"a future year", "Which two grocery chains plan to merge in 2024?", "2022-10-20", "merger", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Query{Text: tt.q, AsOf: day(tt.asOf)})
			if err != nil {
				t.Fatal(err)
			}
			if len(res) == 0 || res[0].Article.ID != tt.wantTop {
				t.Fatalf("results %v, want %s first", ids(res), tt.wantTop)
			}
			if got := res[0].Coverage >= 0.5; got != tt.covered {
				t.Errorf("coverage %.2f, want covered %v", res[0].Coverage, tt.covered)
			}
		})
	}
}

// TestCoverageReadsNumbersInWords: "season 4" is "the fourth season"; another
// number is at most a near-synonym.
func TestCoverageReadsNumbersInWords(t *testing.T) {
	ix := build(t, nil, coverArticles(), nil)
	coverage := func(q string) float64 {
		res, err := ix.Search(context.Background(), Query{Text: q, AsOf: day("2020-10-14")})
		if err != nil {
			t.Fatal(err)
		}
		if len(res) == 0 || res[0].Article.ID != "drama" {
			t.Fatalf("%q: results %v, want drama first", q, ids(res))
		}
		return res[0].Coverage
	}
	four, five := coverage("When does season 4 of the royal drama premiere?"), coverage("When does season 5 of the royal drama premiere?")
	if four != 1 || five >= four {
		t.Errorf("coverage of season 4 %v, of season 5 %v; want 1 and less", four, five)
	}
}

// TestWideCoverage: a story may say what is asked in its second passage;
// the kind of answer asked for ("which automaker") is no word the story
// must have.
func TestWideCoverage(t *testing.T) {
	ix := build(t, nil, coverArticles(), nil)
	q := Query{Text: "Which automaker recalled more than 200,000 pickup trucks?", AsOf: day("2022-09-22")}
	rk, err := ix.rank(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if !rk.answerWords["automaker"] || rk.answerWords["pickup"] {
		t.Fatalf("answer words %v, want automaker only", rk.answerWords)
	}
	i := slices.IndexFunc(ix.docs, func(d doc) bool { return d.ID == "trucks" })
	passages := []Passage{
		{Text: "The company said owners should use the parking brake until the repair is done."},
		{Text: "More than 200,000 pickup trucks are affected by the recall."},
	}
	cov, wide, err := ix.answerCoverage(context.Background(), i, passages, rk, true)
	if err != nil {
		t.Fatal(err)
	}
	// The title says "recalls pickup trucks"; "200,000" is only in the second passage.
	if wide != 1 || cov >= wide {
		t.Errorf("coverage %.2f, wide %.2f; want wide 1 and coverage less", cov, wide)
	}
}
