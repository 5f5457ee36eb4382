package answer

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/internal/text"
	"github.com/byline-bot/byline/llm/llmtest"
	"github.com/byline-bot/byline/retrieval"
)

func (c corpus) Stories(from, to time.Time) []retrieval.Story { return c.ix.Stories(from, to) }

// storyText is a wire story that outlets carry word for word.
const storyText = "The harbour authority closed the northern pier on Tuesday after inspectors found cracks in its pilings. " +
	"Engineers said repairs would take at least six weeks and cost about two million euros. " +
	"Fishing boats will moor at the southern quay until the work is done, the authority said. " +
	"Local traders warned that the closure would cut the number of visitors during the spring festival."

// digestCorpus holds one story carried by three outlets, two single stories
// on the day, and one older story.
func digestCorpus(t *testing.T) corpus {
	t.Helper()
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	arts := []byline.Article{
		{ID: "pier-a", Title: "Northern pier closed after cracks found", Source: "Harbour News", URL: "https://a.example/pier", Published: at("2024-05-01T08:00:00Z"), Text: storyText},
		{ID: "pier-b", Title: "Pier shut for repairs", Source: "Coast Daily", URL: "https://b.example/pier", Published: at("2024-05-01T09:30:00Z"), Text: storyText},
		{ID: "pier-c", Title: "Cracks close the northern pier", Source: "Bay Post", URL: "https://c.example/pier", Published: at("2024-05-01T11:00:00Z"), Text: storyText},
		{ID: "library", Title: "City library extends its opening hours", Source: "Harbour News", URL: "https://a.example/library", Published: at("2024-05-01T12:00:00Z"),
			Text: "The city library will open until ten in the evening from next month, the council announced. The change follows a petition signed by more than four thousand students."},
		{ID: "marathon", Title: "Marathon route announced", Source: "Coast Daily", URL: "https://b.example/marathon", Published: at("2024-05-01T15:00:00Z"),
			Text: "Organisers published the route of the autumn marathon, which will cross both bridges of the city for the first time. Registration opens on Friday."},
		{ID: "old", Title: "Old news", Source: "Bay Post", URL: "https://c.example/old", Published: at("2024-04-20T10:00:00Z"),
			Text: "The regional parliament approved the budget for the coming year after a long debate about school funding."},
	}
	ix, _, err := retrieval.Build(context.Background(), nil, arts, retrieval.BuildOptions{Embedder: wordHash{}, Chunk: retrieval.ChunkConfig{Size: 400, Overlap: 80}, EmbedBatch: 64})
	if err != nil {
		t.Fatal(err)
	}
	return corpus{ix}
}

// checkCited fails unless every citation quotes its article verbatim.
func checkCited(t *testing.T, c corpus, a Answer) {
	t.Helper()
	if len(a.Citations) == 0 {
		t.Fatalf("no citations: %+v", a)
	}
	for _, ci := range a.Citations {
		art, ok := c.ix.Article(ci.ArticleID)
		if !ok {
			t.Errorf("citation [%d] names unknown article %q", ci.N, ci.ArticleID)
			continue
		}
		if !text.ContainsQuote(art.Text, ci.Quote) {
			t.Errorf("citation [%d] quote %q is not in article %s", ci.N, ci.Quote, ci.ArticleID)
		}
		if !strings.Contains(a.Answer, "["+itoa(ci.N)+"]") {
			t.Errorf("citation [%d] is not used in the answer %q", ci.N, a.Answer)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestDigestExtractive(t *testing.T) {
	c := digestCorpus(t)
	p := mustNew(t, nil, c, nil, quiet())
	day := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	a, err := p.Digest(context.Background(), DigestRequest{From: day, To: day.Add(24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if a.Mode != ModeExtractive {
		t.Fatalf("mode %s: %s", a.Mode, a.Answer)
	}
	bullets := strings.Count(a.Answer, "\n- ")
	if bullets != 3 {
		t.Errorf("%d bullets, want 3 (the pier story once, the library, the marathon):\n%s", bullets, a.Answer)
	}
	checkCited(t, c, a)
	// The story three outlets carried leads, once, with every outlet.
	if a.Citations[0].ArticleID != "pier-a" || len(a.Citations[0].Outlets) != 3 {
		t.Errorf("first citation %+v, want pier-a with 3 outlets", a.Citations[0])
	}
	for _, ci := range a.Citations {
		if ci.ArticleID == "pier-b" || ci.ArticleID == "pier-c" || ci.ArticleID == "old" {
			t.Errorf("cited %s: a copy of a story told, or outside the period", ci.ArticleID)
		}
	}

	t.Run("topic", func(t *testing.T) {
		a, err := p.Digest(context.Background(), DigestRequest{From: day, To: day.Add(24 * time.Hour), Topic: "library opening hours"})
		if err != nil {
			t.Fatal(err)
		}
		checkCited(t, c, a)
		if len(a.Citations) != 1 || a.Citations[0].ArticleID != "library" {
			t.Errorf("topic digest cites %+v, want the library story alone", a.Citations)
		}
	})
	t.Run("empty period", func(t *testing.T) {
		a, err := p.Digest(context.Background(), DigestRequest{From: day.AddDate(0, 1, 0), To: day.AddDate(0, 1, 1)})
		if err != nil {
			t.Fatal(err)
		}
		if a.Mode != ModeNotCovered || !strings.Contains(a.Answer, "No indexed article") {
			t.Errorf("empty period: %+v", a)
		}
	})
	t.Run("cap", func(t *testing.T) {
		a, err := p.Digest(context.Background(), DigestRequest{From: day, To: day.Add(24 * time.Hour), Stories: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Citations) != 1 || a.Citations[0].ArticleID != "pier-a" {
			t.Errorf("one story: %+v", a.Citations)
		}
	})
}

func TestDigestGenerated(t *testing.T) {
	c := digestCorpus(t)
	day := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	srv := llmtest.NewServer(t, llmtest.Options{Reply: func(r llmtest.Request) string {
		return "- The harbour authority closed the northern pier after inspectors found cracks [1].\n" +
			"- The city library will open until ten in the evening [2].\n" +
			"- The marathon route will cross both bridges [3]."
	}})
	p := mustNew(t, nil, c, srv.Client(t), quiet())
	a, err := p.Digest(context.Background(), DigestRequest{From: day, To: day.Add(24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if a.Mode != ModeGenerated || len(a.Citations) != 3 {
		t.Fatalf("mode %s, %d citations: %s", a.Mode, len(a.Citations), a.Answer)
	}
	checkCited(t, c, a)
	prompt := srv.Requests()[0].Messages[1].Content
	if strings.Count(prompt, "<source ") != 3 || !strings.Contains(prompt, "the day to 2024-05-02 00:00 UTC") {
		t.Errorf("prompt:\n%s", prompt)
	}
}

func TestBrief(t *testing.T) {
	c := digestCorpus(t)
	t.Run("quoted", func(t *testing.T) {
		p := mustNew(t, nil, c, nil, quiet())
		a, err := p.Brief(context.Background(), "library")
		if err != nil {
			t.Fatal(err)
		}
		want := "The city library will open until ten in the evening from next month, the council announced. The change follows a petition signed by more than four thousand students. [1]"
		if a.Answer != want || a.Mode != ModeExtractive {
			t.Errorf("brief %q (%s), want %q", a.Answer, a.Mode, want)
		}
		checkCited(t, c, a)
	})
	t.Run("long lead keeps one sentence", func(t *testing.T) {
		p := mustNew(t, nil, c, nil, quiet())
		a, err := p.Brief(context.Background(), "pier-b")
		if err != nil {
			t.Fatal(err)
		}
		if n := len(text.Sentences(strings.TrimSuffix(a.Answer, " [1]"))); n < 1 || n > 2 {
			t.Errorf("brief has %d sentences: %q", n, a.Answer)
		}
		checkCited(t, c, a)
	})
	t.Run("generated", func(t *testing.T) {
		srv := llmtest.NewServer(t, llmtest.Options{Reply: func(llmtest.Request) string {
			return "The library will stay open until ten in the evening after a petition by students [1]."
		}})
		p := mustNew(t, nil, c, srv.Client(t), quiet())
		a, err := p.Brief(context.Background(), "library")
		if err != nil {
			t.Fatal(err)
		}
		if a.Mode != ModeGenerated {
			t.Fatalf("mode %s: %s", a.Mode, a.Answer)
		}
		checkCited(t, c, a)
	})
	t.Run("model fails", func(t *testing.T) {
		srv := llmtest.NewServer(t, llmtest.Options{Statuses: []int{500, 500, 500, 500}})
		p := mustNew(t, nil, c, srv.Client(t), quiet())
		a, err := p.Brief(context.Background(), "library")
		if err != nil {
			t.Fatal(err)
		}
		if a.Mode != ModeExtractive || a.Note == "" {
			t.Errorf("fallback: %+v", a)
		}
	})
	t.Run("unknown id", func(t *testing.T) {
		p := mustNew(t, nil, c, nil, quiet())
		if _, err := p.Brief(context.Background(), "pier"); err == nil {
			t.Error("a prefix of ids found an article")
		}
	})
}

func (fixedCorpus) Stories(from, to time.Time) []retrieval.Story { return nil }
