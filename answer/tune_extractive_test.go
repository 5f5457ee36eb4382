package answer

import (
	"context"
	"strings"
	"testing"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/retrieval"
)

// fixedCorpus answers every search with the same results.
type fixedCorpus []retrieval.Result

func (c fixedCorpus) Search(context.Context, retrieval.Query) ([]retrieval.Result, error) {
	return c, nil
}

func (c fixedCorpus) Find(string) []byline.Article { return nil }

func resultOf(id string, score float64, text string, passageScore float64) retrieval.Result {
	return retrieval.Result{
		Article:  byline.Article{ID: id, Title: id, Text: text, Published: day("2022-06-17")},
		Score:    score,
		Coverage: 1,
		Passages: []retrieval.Passage{{Text: text, Start: 0, End: len(text), Score: passageScore}},
	}
}

func TestExtractivePrefersTheBestArticlesAnswer(t *testing.T) {
	corpus := fixedCorpus{
		resultOf("quiz", 1.0, "Which wildly popular show was green lit for a new season? Take our news quiz to find out.", 1),
		resultOf("netflix", 0.9, "Netflix said on Sunday that the wildly popular South Korean show Squid Game is green lit for a second season. "+
			"The series was watched by millions.", 1),
		resultOf("sports", 0.3, "The popular striker signed for a new club before the season started.", 1),
	}
	p := mustNew(t, nil, corpus, nil, quiet())
	a, err := p.Ask(context.Background(), Request{Question: "Which wildly popular show was green lit for a new season?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Mode != ModeExtractive || !strings.Contains(a.Answer, "Squid Game") {
		t.Fatalf("answer %q, want the Squid Game sentence", a.Answer)
	}
	if strings.Contains(a.Answer, "Which wildly popular show") {
		t.Errorf("answer quotes the question back: %q", a.Answer)
	}
	if strings.Contains(a.Answer, "striker") {
		t.Errorf("answer quotes a weak article's chance match: %q", a.Answer)
	}
	for _, c := range a.Citations {
		if c.ArticleID == "netflix" && !strings.Contains(corpus[1].Article.Text, c.Quote) {
			t.Errorf("quote %q not verbatim in its article", c.Quote)
		}
	}
}

func TestNotCoveredBelowMinCoverage(t *testing.T) {
	r := resultOf("netflix", 1, "Netflix said the show Squid Game is green lit for a second season.", 1)
	r.Coverage = 0.2
	p := mustNew(t, func(c *Config) { c.MinCoverage = 0.5 }, fixedCorpus{r}, nil, quiet())
	a, err := p.Ask(context.Background(), Request{Question: "Which horse won the Melbourne Cup?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Mode != ModeNotCovered || len(a.Citations) != 0 || !strings.HasPrefix(a.Answer, notCoveredText) {
		t.Errorf("answer %+v, want not covered", a)
	}
	if len(a.Sources) != 1 || a.Sources[0].ArticleID != "netflix" {
		t.Errorf("sources %+v, want the closest article named", a.Sources)
	}
}

// TestExtractiveQuotesTheHeadline: when only the headline names the
// answer (the story says "the volcano"), the headline is quoted whole, as
// a citation of its article; a snippet's title (the text's first words) is
// not quoted twice.
func TestExtractiveQuotesTheHeadline(t *testing.T) {
	story := resultOf("etna", 1.0, "Lava poured down the volcano's eastern slope overnight, and ash closed the island's main airport. "+
		"Residents of nearby villages were told to stay indoors while the eruption continued.", 1)
	story.Article.Title = "Etna volcano erupts again, closing Sicily's Catania airport"
	snippet := resultOf("snip", 0.5, "Volcano erupts on a Greek island as tourists watch from boats in the harbour.", 1)
	snippet.Article.Title = "Volcano erupts on a Greek island as tourists watch"
	c := fixedCorpus{story, snippet}
	a := askOffline(t, c, "Which European volcano erupted this week?", "2022-06-18")
	if a.Mode != ModeExtractive || !strings.Contains(a.Answer, "“Etna volcano erupts again, closing Sicily's Catania airport”") {
		t.Fatalf("answer %q, want the headline quoted", a.Answer)
	}
	for _, ct := range a.Citations {
		art := c[0].Article
		if ct.ArticleID == "snip" {
			art = c[1].Article
		}
		if !strings.Contains(art.Text, ct.Quote) && ct.Quote != art.Title {
			t.Errorf("citation %q is neither a sentence nor the headline of %s", ct.Quote, ct.ArticleID)
		}
		if ct.Quote == "Volcano erupts on a Greek island as tourists watch" {
			t.Errorf("a snippet's title quoted as a line of its own")
		}
	}
}

// TestFirstWordNames: a sentence's first word is a name when its passage
// writes it capitalized inside a sentence.
func TestFirstWordNames(t *testing.T) {
	qterms := termSet("Which automaker recalled pickup trucks this week?")
	s := "Nissan recalled 180,000 pickup trucks on Tuesday."
	if got := newNames(s, "The recall covers Nissan Frontier trucks.", qterms); len(got) != 1 || got[0] != "Nissan" {
		t.Errorf("newNames = %q, want Nissan", got)
	}
	if got := newNames("Regulators recalled 180,000 pickup trucks on Tuesday.", "Federal regulators said so.", qterms); len(got) != 0 {
		t.Errorf("newNames = %q, want none (a common word opens the sentence)", got)
	}
}

// TestExtractivePrefersTheLead: of two sentences that answer alike, the one
// in the story's first paragraph comes first, even from a passage that
// ranks below the other's.
func TestExtractivePrefersTheLead(t *testing.T) {
	lead := "The Las Vegas Aces won the WNBA title on Sunday in Connecticut."
	later := "The Seattle Storm won the WNBA title in 2020 after a long season."
	text := lead + " " + strings.Repeat("The crowd stayed long after the buzzer. ", 15) + later
	r := resultOf("aces", 1, text, 1)
	at := strings.Index(text, later)
	r.Passages = []retrieval.Passage{
		{Text: later, Start: at, End: at + len(later), Score: 1},
		{Text: lead, Start: 0, End: len(lead), Score: 1},
	}
	a, err := mustNew(t, nil, fixedCorpus{r}, nil, quiet()).Ask(context.Background(),
		Request{Question: "Which team won the WNBA title?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Citations) == 0 || a.Citations[0].Quote != lead {
		t.Fatalf("answer %q, want the lead sentence first", a.Answer)
	}
}

// TestExtractiveReadsTheVerbsForms: a sentence that states the asked verb in
// another of its forms ("bought" for "acquired") weighs as one that repeats
// it, and outranks a weaker article's sentence that repeats the verb in
// another sense.
func TestExtractiveReadsTheVerbsForms(t *testing.T) {
	corpus := fixedCorpus{
		resultOf("deal", 1, "In 2012 Facebook bought Instagram for $1 billion in cash and stock.", 1),
		resultOf("fans", 0.95, "On Instagram the singer Kylie Jenner acquired millions of followers in a year.", 1),
	}
	a := askOffline(t, corpus, "Who acquired Instagram?", "2022-06-18")
	if len(a.Citations) == 0 || !strings.Contains(a.Citations[0].Quote, "Facebook bought") {
		t.Fatalf("answer %q, want the Facebook sentence first", a.Answer)
	}
}
