package answer

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/byline-bot/byline/retrieval"
)

func TestCountsUnit(t *testing.T) {
	unit := []string{"swing"}
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"The recall affects 2 million MamaRoo swings, the agency said.", true},
		{"Regulators said 220,000 swings were sold in Canada.", true},
		{"Millions of baby swings have been recalled, the agency said.", false},
		{"The company received two reports of injuries involving the swing.", false},
		{"The 2019 swings were recalled too.", false},
	} {
		if got := countsUnit(tc.s, unit); got != tc.want {
			t.Errorf("countsUnit(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
	if w := countWeight("Millions of swings were sold.", nil); w != 1 {
		t.Errorf("countWeight without a unit = %v, want 1", w)
	}
}

// TestExtractiveQuotesTheCount: "how many X" is answered first by the
// sentence that counts X, not by the lead that says "thousands of X".
func TestExtractiveQuotesTheCount(t *testing.T) {
	text := "Thousands of electric scooters have been recalled because their brakes can fail, the safety commission said on Tuesday. " +
		"The recall covers 48,000 electric scooters sold in the United States since March."
	c := fixedCorpus{resultOf("scooters", 1, text, 1)}
	a := askOffline(t, c, "How many electric scooters were recalled this week because of brake failures?", "2022-06-18")
	lines := strings.Split(a.Answer, "\n")
	if a.Mode != ModeExtractive || len(lines) < 2 || !strings.Contains(lines[1], "48,000") {
		t.Fatalf("answer %q, want the 48,000 sentence first", a.Answer)
	}
}

// marathon is a story whose first passage names runners and whose second
// names the winner.
func marathon(lead string) retrieval.Result {
	second := "Grace Otieno won the Springfield marathon in two hours and 21 minutes, a course record."
	text := lead + "\n\n" + second
	r := resultOf("marathon", 1, text, 1)
	r.Article.Title = "springfield marathon results" // a URL-made title, never quoted
	r.Passages = []retrieval.Passage{
		{Text: lead, Start: 0, End: len(lead), Score: 1},
		{Text: second, Start: len(lead) + 2, End: len(text), Score: 0.6},
	}
	return r
}

// TestExtractiveLooksBeyondTheEvidence: the sentence that answers may sit
// in a passage of a top article that is not among the evidence passages;
// it is quoted, verbatim, when the evidence or the best article answers,
// and a question that only another article's further passage answers
// stays not covered.
func TestExtractiveLooksBeyondTheEvidence(t *testing.T) {
	one := func(c *Config) { c.Evidence = 1 }
	q := Request{Question: "Who won the Springfield marathon on Sunday?", AsOf: day("2022-06-18")}
	for _, tc := range []struct {
		name   string
		corpus fixedCorpus
		want   Mode
	}{
		{"the evidence answers, a further passage better", fixedCorpus{marathon("Runners from Kenya won most of the prizes on Sunday, the organisers said.")}, ModeExtractive},
		{"only the best article's further passage answers", fixedCorpus{marathon("The Springfield marathon drew runners to the city on Sunday.")}, ModeExtractive},
		{"only another article's further passage answers", fixedCorpus{
			resultOf("roads", 1, "The Springfield marathon drew runners to the city on Sunday.", 1),
			marathon("Road closures for the Springfield marathon ended at noon on Sunday, the city said."),
		}, ModeNotCovered},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.corpus[len(tc.corpus)-1].Score = 0.8
			a, err := mustNew(t, one, tc.corpus, nil, quiet()).Ask(context.Background(), q, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkWinner(t, a, tc.want)
			for _, ct := range a.Citations {
				if !strings.Contains(tc.corpus[0].Article.Text+tc.corpus[len(tc.corpus)-1].Article.Text, ct.Quote) {
					t.Errorf("quote %q not verbatim", ct.Quote)
				}
			}
		})
	}
}

// TestExtractiveQuotesBeyondTheListedSources: with one passage per article
// (search snippets), the sentence that names the answer may be in an
// article ranked below the listed sources; it is quoted when the evidence
// answers too, and its article is listed among the sources.
func TestExtractiveQuotesBeyondTheListedSources(t *testing.T) {
	corpus := fixedCorpus{
		resultOf("a", 1, "Who won the Springfield marathon? Road closures for the Springfield marathon ended at noon.", 1),
		resultOf("b", 0.95, "Springfield marathon runners crossed the line in record heat, race officials said.", 1),
		resultOf("c", 0.9, "The Springfield marathon course follows the river past the old mill.", 1),
		resultOf("d", 0.85, "Tickets for the Springfield marathon sold out in March.", 1),
		resultOf("e", 0.8, "Runners from Kenya won most of the Springfield marathon prizes, officials said.", 1),
		resultOf("f", 0.75, "Grace Otieno won the Springfield marathon in two hours and nine minutes.", 1),
	}
	a := askOffline(t, corpus, "Who won the Springfield marathon?", "2022-06-18")
	if a.Mode != ModeExtractive || !strings.Contains(a.Answer, "Grace Otieno won") {
		t.Fatalf("answer %q (%s), want the winner's sentence", a.Answer, a.Mode)
	}
	for _, ct := range a.Citations {
		if !slices.ContainsFunc(a.Sources, func(s Source) bool { return s.ArticleID == ct.ArticleID }) {
			t.Errorf("citation of %s not among the sources %v", ct.ArticleID, a.Sources)
		}
	}
}

// TestByArticle: a Sources list names each cited article once, in the order
// first cited, with each of its numbers once.
func TestByArticle(t *testing.T) {
	got := ByArticle([]Citation{
		{N: 1, ArticleID: "a", Title: "Ferry strike ends", Quote: "Crews voted."},
		{N: 2, ArticleID: "b", Title: "Bridge reopens"},
		{N: 1, ArticleID: "a", Quote: "The deal ends the strike."},
		{N: 3, ArticleID: "a"},
		{N: 4, URL: "https://x.example/p", Title: "No id"},
	})
	if len(got) != 3 || got[0].Citations[0].Title != "Ferry strike ends" || !slices.Equal(got[0].Nums, []int{1, 3}) ||
		len(got[0].Citations) != 3 || !slices.Equal(got[1].Nums, []int{2}) || got[2].Citations[0].Title != "No id" {
		t.Errorf("ByArticle = %+v", got)
	}
}

// checkWinner checks that a has mode want and, when extractive, quotes the
// marathon winner's sentence.
func checkWinner(t *testing.T, a Answer, want Mode) {
	t.Helper()
	if a.Mode != want {
		t.Fatalf("answer %q (%s), want %s", a.Answer, a.Mode, want)
	}
	if want == ModeExtractive && !strings.Contains(a.Answer, "Grace Otieno won") {
		t.Errorf("answer %q, want the winner's sentence", a.Answer)
	}
}
