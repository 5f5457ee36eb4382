package retrieval

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/byline-bot/byline"

	"github.com/byline-bot/byline/internal/text"
)

func TestParsePeriod(t *testing.T) {
	asOf := day("2022-07-21") // a Thursday
	tests := []struct {
		q            string
		from, to     string // "" when no period
		wantExplicit bool
		wantCurrent  bool
	}{
		{q: "Who won the 2016 Tour de France?", from: "2016-01-01", to: "2017-01-15", wantExplicit: true},
		{q: "What did the central bank decide in May 2014?", from: "2014-05-01", to: "2014-06-08", wantExplicit: true},
		{q: "What happened at the US Capitol on January 6, 2021?", from: "2021-01-05", to: "2021-01-27", wantExplicit: true},
		{q: "Which storm hit Florida in Sept. 2017?", from: "2017-09-01", to: "2017-10-08", wantExplicit: true},
		{q: "Which company announced layoffs in March?", from: "2022-03-01", to: "2022-04-08", wantExplicit: true},
		{q: "Which team won the title in December?", from: "2021-12-01", to: "2022-01-08", wantExplicit: true},
		{q: "Which head of state resigned this week?", from: "2022-07-14", to: "2022-07-22"},
		{q: "Who resigned last week?", from: "2022-07-07", to: "2022-07-22"},
		{q: "What did the Fed announce yesterday?", from: "2022-07-19", to: "2022-07-22"},
		{q: "What did the Fed announce on Tuesday?", from: "2022-07-18", to: "2022-07-21"},
		{q: "Which country hosted the summit last year?", from: "2021-01-01", to: "2022-07-22", wantExplicit: true},
		// The current year bounds what can answer, and adds nothing to the recency prior.
		{q: "Who won the 2022 Tour de France?", from: "2022-01-01", to: "2022-07-22", wantExplicit: true, wantCurrent: true},
		{q: "Which song has topped the charts this year?", from: "2022-01-01", to: "2022-07-22", wantExplicit: true, wantCurrent: true},
		// "since" starts a span running to now.
		{q: "Which bank became the largest to fail since 2008 this week?", from: "2022-07-14", to: "2022-07-22"},
		{q: "How much have prices risen since March?"},
		{q: "Which show was recently renewed for a new season?"},
		// A date that starts a span to now names no period to look in.
		{q: "Which state changed its voting laws after the 2020 election?"},
		{q: "Who is the first Democrat to win the seat since 1964?"},
		{q: "What has the bank done following the 2008 crash?"},
		// A later year names a plan, not when the news came out.
		{q: "Which two grocery chains plan to merge in 2024?"},
		// A year naming the event of this week's news leaves the week to say when.
		{q: "Which topic is at the center of the 2012 lawsuits heard this week?", from: "2022-07-14", to: "2022-07-22"},
		// "may" as a verb names no month.
		{q: "Which team may win the cup?"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			got := parsePeriod(tt.q, asOf)
			if tt.from == "" {
				if got != nil {
					t.Fatalf("period %v to %v, want none", got.From, got.To)
				}
				return
			}
			if got == nil {
				t.Fatalf("no period, want %s to %s", tt.from, tt.to)
			}
			if !got.From.Equal(day(tt.from)) || !got.To.Equal(day(tt.to)) || got.Explicit != tt.wantExplicit || got.Current != tt.wantCurrent {
				t.Errorf("period %s to %s explicit %v current %v, want %s to %s explicit %v current %v", got.From.Format(time.DateOnly),
					got.To.Format(time.DateOnly), got.Explicit, got.Current, tt.from, tt.to, tt.wantExplicit, tt.wantCurrent)
			}
		})
	}
}

func TestStripTimeWords(t *testing.T) {
	tests := []struct{ q, want string }{
		{"Which head of state announced his resignation this week?", "head state announced resignation"},
		{"Which show was recently renewed?", "show renewed"},
		{"What did the Fed announce on Tuesday and yesterday?", "fed announce"},
		// Calendar names stay: articles say "in 2016" too.
		{"Who won the 2016 Tour de France?", "won 2016 tour de france"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			got := joinTerms(text.Terms(stripTimeWords(tt.q)))
			if got != tt.want {
				t.Errorf("terms %q, want %q", got, tt.want)
			}
		})
	}
}

func joinTerms(ts []string) string {
	s := ""
	for i, t := range ts {
		if i > 0 {
			s += " "
		}
		s += t
	}
	return s
}

// timeArticles is a small corpus where the same topics recur over the
// years, as they do in news.
func timeArticles() []byline.Article {
	return []byline.Article{
		{ID: "tour2016", Title: "Froome wins the Tour de France", Published: day("2016-07-24"),
			Text: "Chris Froome won the Tour de France in Paris on Sunday, his third overall victory in the race."},
		{ID: "tour2022", Title: "Vingegaard wins the Tour de France", Published: day("2022-07-24"),
			Text: "Jonas Vingegaard won the Tour de France in Paris on Sunday, his first overall victory in the race."},
		{ID: "tour2021", Title: "Pogacar wins the Tour de France again", Published: day("2021-07-18"),
			Text: "Tadej Pogacar won the Tour de France in Paris on Sunday, his second overall victory in the race."},
		{ID: "rates2014", Title: "Central bank holds interest rates", Published: day("2014-05-08"),
			Text: "The central bank held its benchmark interest rate at a record low, citing weak growth."},
		{ID: "rates2022", Title: "Central bank raises interest rates", Published: day("2022-07-27"),
			Text: "The central bank raised its benchmark interest rate by three quarters of a point to fight inflation."},
		{ID: "rates2022b", Title: "Central bank signals more interest rate rises", Published: day("2022-06-15"),
			Text: "The central bank raised its benchmark interest rate and signalled more increases to come."},
		// Published after the "now" of most tests below.
		{ID: "tour2023", Title: "Vingegaard wins the Tour de France again", Published: day("2023-07-23"),
			Text: "Jonas Vingegaard won the Tour de France in Paris on Sunday, his second overall victory in the race."},
	}
}

func TestTimeAwareSearch(t *testing.T) {
	ix := build(t, nil, timeArticles(), nil)
	tests := []struct {
		name, q, asOf, want string
	}{
		{"recent by default", "Who won the Tour de France?", "2022-07-30", "tour2022"},
		{"a named year finds the past years later", "Who won the 2016 Tour de France?", "2022-07-30", "tour2016"},
		{"a named year long after", "Who won the 2016 Tour de France?", "2030-01-01", "tour2016"},
		{"the previous year", "Who won the 2021 Tour de France?", "2022-07-30", "tour2021"},
		{"a named month and year", "What did the central bank do with interest rates in May 2014?", "2022-08-01", "rates2014"},
		{"recent rates", "What did the central bank do with interest rates this week?", "2022-08-01", "rates2022"},
		{"as of an earlier now", "What did the central bank do with interest rates?", "2022-06-20", "rates2022b"},
		{"nothing from after now", "Who won the Tour de France?", "2022-08-15", "tour2022"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Query{Text: tt.q, AsOf: day(tt.asOf)})
			if err != nil {
				t.Fatal(err)
			}
			if len(res) == 0 || res[0].Article.ID != tt.want {
				t.Fatalf("top result %v, want %s", ids(res), tt.want)
			}
		})
	}
}

// TestPastNotBuried checks that a question naming an old period still
// finds its article within the first results however many recent articles
// on the same topic there are.
func TestPastNotBuried(t *testing.T) {
	arts := timeArticles()
	for i := range 30 {
		d := day("2022-07-01").AddDate(0, 0, i)
		arts = append(arts, byline.Article{ID: "stage" + d.Format("0102"), Title: "Tour de France stage report",
			Published: d, Text: "A stage of the Tour de France ended in a sprint; the overall leader kept the yellow jersey."})
	}
	ix := build(t, nil, arts, nil)
	res, err := ix.Search(context.Background(), Query{Text: "Who won the 2016 Tour de France?", AsOf: day("2022-07-31"), K: 5})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res); !slices.Contains(got, "tour2016") {
		t.Fatalf("results %v, want tour2016 among them", got)
	}
}

func TestPrior(t *testing.T) {
	ix := build(t, nil, timeArticles(), nil)
	asOf := day("2022-07-30")
	get := func(id string, per *period) float64 { return ix.prior(int(ix.byID[id]), asOf, per) }
	if p := get("tour2022", nil); p < 0.6 {
		t.Errorf("6-day-old article prior %.2f, want >= 0.6", p)
	}
	if old, recent := get("tour2016", nil), get("tour2022", nil); old >= recent {
		t.Errorf("prior of a 6-year-old article %.2f >= a recent one's %.2f", old, recent)
	}
	if p := get("tour2023", nil); p > 0.1 {
		t.Errorf("future article prior %.2f, want <= 0.1", p)
	}
	per2016 := parsePeriod("the 2016 Tour de France", asOf)
	if p := get("tour2016", per2016); p != 1 {
		t.Errorf("prior inside the named period %.2f, want 1", p)
	}
	if in, out := get("tour2016", per2016), get("tour2022", per2016); out >= in {
		t.Errorf("outside the named period %.2f >= inside %.2f", out, in)
	}
}

func ids(res []Result) []string {
	var out []string
	for _, r := range res {
		out = append(out, r.Article.ID)
	}
	return out
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"Who won the 2016 Tour de France?", "in May 2014", "on January 6, 2021", "since 2008 this week",
		"last year", "on Tuesday", "in March 31", "Jan. 99 2021", "this past weekend", "2022 and 2019"} {
		f.Add(s)
	}
	asOf := day("2022-07-21")
	f.Fuzz(func(t *testing.T, q string) {
		p := parsePeriod(q, asOf)
		if p != nil && !p.From.Before(p.To) {
			t.Errorf("%q: empty period %v to %v", q, p.From, p.To)
		}
		if p != nil && p.Current && !p.Explicit {
			t.Errorf("%q: current year period not explicit", q)
		}
		_ = stripTimeWords(q)
		for _, n := range nameTerms(q) {
			if n == "" {
				t.Errorf("%q: empty name term", q)
			}
		}
	})
}
