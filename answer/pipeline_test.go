package answer

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/config"
	"github.com/byline-bot/byline/internal/text"
	"github.com/byline-bot/byline/llm"
	"github.com/byline-bot/byline/llm/llmtest"
	"github.com/byline-bot/byline/retrieval"
)

var update = flag.Bool("update", false, "rewrite golden files")

type wordHash struct{}

func (wordHash) Name() string { return "test-word-hash" }
func (wordHash) Embed(_ context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		v := make([]float32, 32)
		for _, w := range text.Terms(t) {
			h := fnv.New32a()
			h.Write([]byte(w))
			v[h.Sum32()%32]++
		}
		v[0] += 1e-3
		var n float64
		for _, x := range v {
			n += float64(x * x)
		}
		for j := range v {
			v[j] /= float32(math.Sqrt(n))
		}
		out[i] = v
	}
	return out, nil
}

// corpus is a hand-written Corpus over a real index.
type corpus struct{ ix *retrieval.Index }

func (c corpus) Search(ctx context.Context, q retrieval.Query) ([]retrieval.Result, error) {
	return c.ix.Search(ctx, q)
}

func (c corpus) Find(ref string) []byline.Article {
	if a, ok := c.ix.Article(ref); ok {
		return []byline.Article{a}
	}
	var out []byline.Article
	for _, e := range c.ix.Articles() {
		if strings.Contains(strings.ToLower(e.Title), strings.ToLower(ref)) {
			out = append(out, e.Article)
		}
	}
	return out
}

func day(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }

var seedText = func() string {
	b, err := os.ReadFile(filepath.Join("..", "seeds", "000_4ebca540514b2b37.txt"))
	if err != nil {
		panic(err)
	}
	return string(b)
}()

func testCorpus(t *testing.T) corpus {
	t.Helper()
	title, body, _ := strings.Cut(seedText, "\n")
	arts := []byline.Article{
		{ID: "4ebca540514b2b37", Title: title, URL: "seeds/000_4ebca540514b2b37.txt", Published: day("2022-10-21"), Text: body},
		{ID: "ferry", Title: "Ferry timetable changes", Published: day("2022-10-20"), URL: "https://example.com/ferry",
			Text: "The island ferry will run every two hours from Monday. The operator blamed a shortage of crew. " +
				"Commuters said the change would make them late for work. @everyone should plan ahead."},
	}
	ix, _, err := retrieval.Build(context.Background(), nil, arts, retrieval.BuildOptions{Embedder: wordHash{}, Chunk: retrieval.ChunkConfig{Size: 400, Overlap: 80}, EmbedBatch: 64})
	if err != nil {
		t.Fatal(err)
	}
	return corpus{ix}
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func golden(t *testing.T, name string, a Answer) {
	t.Helper()
	got := fmt.Sprintf("mode: %s\nnote: %s\nas_of: %s\n---\n%s\n---\n", a.Mode, a.Note, a.AsOf, a.Answer)
	for _, c := range a.Citations {
		got += fmt.Sprintf("[%d] %s | %s | %s\n    %s\n", c.N, c.ArticleID, c.Title, c.Published, c.Quote)
	}
	path := filepath.Join("testdata", name+".golden")
	if *update {
		os.WriteFile(path, []byte(got), 0o644)
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./answer -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", name, diff)
	}
}

// checkCitationsHold asserts the invariants every answer keeps: each [n]
// in the text has a citation, and each quote is verbatim in its article.
func checkCitationsHold(t *testing.T, c corpus, a Answer) {
	t.Helper()
	byN := map[int]Citation{}
	for _, ct := range a.Citations {
		byN[ct.N] = ct
		art, ok := c.ix.Article(ct.ArticleID)
		if !ok {
			t.Errorf("citation [%d] points at unknown article %s", ct.N, ct.ArticleID)
			continue
		}
		// A quote is a sentence of the text or the whole headline.
		if !strings.Contains(art.Text, ct.Quote) && ct.Quote != art.Title || ct.Quote == "" {
			t.Errorf("citation [%d] quote is not verbatim in %s: %q", ct.N, ct.ArticleID, ct.Quote)
		}
	}
	for _, m := range reCite.FindAllStringSubmatch(a.Answer, -1) {
		var n int
		fmt.Sscan(m[1], &n)
		if _, ok := byN[n]; !ok {
			t.Errorf("answer cites [%d] which is not in the citations", n)
		}
	}
}

func TestExtractiveAnswer(t *testing.T) {
	c := testCorpus(t)
	p := mustNew(t, nil, c, nil, quiet())
	a, err := p.Ask(context.Background(), Request{Question: "Who did Lloyd Austin speak with?", AsOf: day("2022-10-22")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Mode != ModeExtractive || !strings.Contains(a.Answer, "Shoigu") || !strings.HasPrefix(a.Answer, extractiveLabel) {
		t.Errorf("answer %+v", a)
	}
	checkCitationsHold(t, c, a)
	golden(t, "extractive_austin", a)
}

func TestNotCovered(t *testing.T) {
	c := testCorpus(t)
	p := mustNew(t, nil, c, nil, quiet())
	for _, q := range []string{"Who won the 2026 World Cup final in New Jersey?", "What is the recipe for sourdough bread?"} {
		a, err := p.Ask(context.Background(), Request{Question: q, AsOf: day("2022-10-22")}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.Mode != ModeNotCovered || len(a.Citations) != 0 || !strings.HasPrefix(a.Answer, notCoveredText) {
			t.Errorf("%q: %+v", q, a)
		}
	}
}

// Articles published after "now" are never named as the closest ones.
func TestNotCoveredNamesNoFutureArticles(t *testing.T) {
	p := mustNew(t, nil, testCorpus(t), nil, quiet())
	a, err := p.Ask(context.Background(), Request{Question: "What is the recipe for Lloyd Austin's sourdough bread?", AsOf: day("2022-06-01")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Mode != ModeNotCovered || len(a.Sources) != 0 {
		t.Errorf("mode %s, sources %+v", a.Mode, a.Sources)
	}
}

func TestBadQuestions(t *testing.T) {
	p := mustNew(t, func(c *Config) { c.MaxQuestionChars = 50 }, testCorpus(t), nil, quiet())
	for q, want := range map[string]error{
		"":                      ErrEmptyQuestion,
		"   \n\t ":              ErrEmptyQuestion,
		"?!?":                   ErrEmptyQuestion,
		strings.Repeat("a", 51): ErrQuestionTooLong,
	} {
		if _, err := p.Ask(context.Background(), Request{Question: q}, nil); !errors.Is(err, want) {
			t.Errorf("%q: got %v, want %v", q, err, want)
		}
	}
	// Invalid UTF-8 is cleaned, not rejected.
	if _, err := p.Ask(context.Background(), Request{Question: "Lloyd \xff\xfe Austin"}, nil); err != nil {
		t.Errorf("invalid UTF-8: %v", err)
	}
}

func TestGeneratedAnswer(t *testing.T) {
	c := testCorpus(t)
	tests := []struct {
		name     string
		reply    string
		wantMode Mode
		wantText string
		absent   string
	}{
		{"cited", "Austin spoke with Sergei Shoigu [1] and with Oleksiy Reznikov [2].", ModeGenerated, "Shoigu [1]", ""},
		{"out of range citations removed", "Austin spoke with Shoigu [1][9]. He also called Reznikov [0, 2].", ModeGenerated, "Reznikov [2]", "[9]"},
		{"think block stripped", "<think>Let me look at [7].</think>Austin spoke with Shoigu [1].", ModeGenerated, "Shoigu [1]", "think"},
		{"not covered", "NOT COVERED", ModeNotCovered, notCoveredText, ""},
		{"no valid citation falls back", "Pensioners will travel free on buses next spring [12].", ModeExtractive, extractiveLabel, "[12]"},
		{"out of range moved to the supporting passage", "Austin spoke with Shoigu [12].", ModeGenerated, "Shoigu [1]", "[12]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewServer(t, llmtest.Options{Reply: func(llmtest.Request) string { return tt.reply }})
			p := mustNew(t, nil, c, srv.Client(t), quiet())
			var partials []string
			var mu sync.Mutex
			a, err := p.Ask(context.Background(), Request{Question: "Who did Lloyd Austin speak with?", AsOf: day("2022-10-22")},
				func(s string) { mu.Lock(); partials = append(partials, s); mu.Unlock() })
			if err != nil {
				t.Fatal(err)
			}
			if a.Mode != tt.wantMode || !strings.Contains(a.Answer, tt.wantText) {
				t.Errorf("mode %s answer %q", a.Mode, a.Answer)
			}
			if tt.absent != "" && strings.Contains(a.Answer, tt.absent) {
				t.Errorf("answer %q still contains %q", a.Answer, tt.absent)
			}
			checkCitationsHold(t, c, a)
			if tt.wantMode == ModeGenerated && len(partials) < 2 {
				t.Errorf("streamed %d partials, want several", len(partials))
			}
			reqs := srv.Requests()
			if len(reqs) == 0 || !reqs[0].Stream {
				t.Fatalf("requests %+v", reqs)
			}
			user := reqs[0].Messages[len(reqs[0].Messages)-1].Content
			if !strings.Contains(user, `<source n="1"`) || !strings.Contains(user, "Who did Lloyd Austin speak with?") {
				t.Errorf("prompt lacks numbered sources or question:\n%s", user)
			}
		})
	}
}

func TestGeneratedGolden(t *testing.T) {
	c := testCorpus(t)
	srv := llmtest.NewServer(t, llmtest.Options{Reply: func(llmtest.Request) string {
		return "On October 21, Lloyd Austin spoke with his Russian counterpart Sergei Shoigu [1]. He also spoke with Ukraine's Oleksiy Reznikov [2]."
	}})
	a, err := mustNew(t, nil, c, srv.Client(t), quiet()).Ask(context.Background(), Request{Question: "Who did Lloyd Austin speak with?", AsOf: day("2022-10-22")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "generated_austin", a)
}

// A model server that fails in any way gives the labelled extractive answer
// with a note, never an error or a crash.
func TestModelFailureFallsBack(t *testing.T) {
	c := testCorpus(t)
	tests := []struct {
		name string
		opts llmtest.Options
		cfg  func(*llm.Config)
		note string
	}{
		{"server errors", llmtest.Options{Statuses: []int{500, 500, 500, 500}}, nil, "language model could not answer"},
		{"rate limited", llmtest.Options{Statuses: []int{429, 429, 429, 429}, RetryAfter: "0"}, nil, "language model could not answer"},
		{"garbage", llmtest.Options{Garbage: true}, nil, "language model could not answer"},
		{"cut stream", llmtest.Options{CutAfter: 1, Reply: func(llmtest.Request) string { return "Austin spoke with Shoigu [1] and others." }}, nil, "language model could not answer"},
		{"slow", llmtest.Options{Delay: 2 * time.Second}, func(c *llm.Config) {
			c.FirstTokenTimeout = 100 * time.Millisecond
			c.StreamIdleTimeout = 100 * time.Millisecond
			c.RequestTimeout = 100 * time.Millisecond
		}, "language model could not answer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewServer(t, tt.opts)
			cfg := srv.Config()
			if tt.cfg != nil {
				tt.cfg(&cfg)
			}
			client, err := llm.New(cfg, nil, quiet())
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			a, err := mustNew(t, nil, c, client, quiet()).Ask(context.Background(), Request{Question: "Who did Lloyd Austin speak with?", AsOf: day("2022-10-22")}, func(string) {})
			if err != nil {
				t.Fatal(err)
			}
			if a.Mode != ModeExtractive || !strings.Contains(a.Note, tt.note) || !strings.Contains(a.Answer, "Shoigu") {
				t.Errorf("mode %s note %q answer %q", a.Mode, a.Note, a.Answer)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("fallback took %v", d)
			}
			checkCitationsHold(t, c, a)
		})
	}
	// A unreachable server too.
	cfg := llmtest.NewServer(t, llmtest.Options{}).Config()
	cfg.BaseURL = llmtest.ClosedURL(t)
	client, _ := llm.New(cfg, nil, quiet())
	a, err := mustNew(t, nil, c, client, quiet()).Ask(context.Background(), Request{Question: "Who did Lloyd Austin speak with?"}, nil)
	if err != nil || a.Mode != ModeExtractive || a.Note == "" {
		t.Errorf("unreachable server: %v %+v", err, a)
	}
}

func TestSummaries(t *testing.T) {
	c := testCorpus(t)
	p := mustNew(t, nil, c, nil, quiet())
	a, err := p.Summarize(context.Background(), SummaryRequest{Article: "4ebca540514b2b37"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Mode != ModeExtractive || strings.Count(a.Answer, "\n- ") < 2 {
		t.Errorf("article summary %q", a.Answer)
	}
	checkCitationsHold(t, c, a)
	golden(t, "summary_article", a)

	a, err = p.Summarize(context.Background(), SummaryRequest{Topic: "ferry timetable", Days: 7, AsOf: day("2022-10-22")})
	if err != nil || a.Mode != ModeExtractive || !strings.Contains(a.Answer, "ferry") {
		t.Errorf("topic summary %v %+v", err, a)
	}
	// Only articles about the topic are summarized, not ones sharing a word
	// with it (the seed article speaks of Ukraine, not of ferries).
	a, err = p.Summarize(context.Background(), SummaryRequest{Topic: "ferry crew shortage in Ukraine", Days: 7, AsOf: day("2022-10-22")})
	if err != nil || len(a.Citations) == 0 {
		t.Fatalf("topic summary: %v %+v", err, a)
	}
	for _, ct := range a.Citations {
		if ct.ArticleID != "ferry" {
			t.Errorf("topic summary cites %s, which is not about ferries", ct.ArticleID)
		}
	}
	checkCitationsHold(t, c, a)
	a, err = p.Summarize(context.Background(), SummaryRequest{Topic: "ferry timetable", Days: 7, AsOf: day("2023-10-22")})
	if err != nil || a.Mode != ModeNotCovered || !strings.Contains(a.Answer, "in the 7 days before 2023-10-22") {
		t.Errorf("topic with no recent articles: %v %+v", err, a)
	}
	if _, err := p.Summarize(context.Background(), SummaryRequest{Article: "no such thing"}); !errors.Is(err, ErrNoArticle) {
		t.Errorf("unknown article: %v", err)
	}
	srv := llmtest.NewServer(t, llmtest.Options{Reply: func(llmtest.Request) string {
		return "- Austin called Shoigu [1]\n- Blinken spoke too [3]\n- Invented [8]"
	}})
	a, err = mustNew(t, nil, c, srv.Client(t), quiet()).Summarize(context.Background(), SummaryRequest{Article: "Washington and Moscow"})
	if err != nil || a.Mode != ModeGenerated || strings.Contains(a.Answer, "[8]") {
		t.Errorf("generated summary %v %+v", err, a)
	}
	checkCitationsHold(t, c, a)
}
func TestFollowUpUsesHistory(t *testing.T) {
	c := testCorpus(t)
	srv := llmtest.NewServer(t, llmtest.Options{Reply: func(llmtest.Request) string { return "Blinken said ties would be kept [1]." }})
	_, err := mustNew(t, nil, c, srv.Client(t), quiet()).Ask(context.Background(), Request{
		Question: "and what did Blinken say about it?", AsOf: day("2022-10-22"),
		History: []Turn{{Question: "Who did Lloyd Austin speak with?", Answer: "Shoigu [1]."}},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	user := srv.Requests()[0].Messages[1].Content
	if !strings.Contains(user, "Q: Who did Lloyd Austin speak with?") || !strings.Contains(user, "Blinken") {
		t.Errorf("prompt lacks the conversation:\n%s", user)
	}
}

func TestQuotable(t *testing.T) {
	for s, want := range map[string]bool{
		", Blinken announced.": false,
		"Too short to quote.":  false,
		"Blinken said the U.S. would maintain ties with Russia.":    true,
		"“We see Russia doubling its aggression,” Blinken said.":    true,
		"2022 was the year the ferry timetable changed for good.":   true,
		"- a list item that the splitter took for a sentence here.": false,
	} {
		if got := quotable(s); got != want {
			t.Errorf("quotable(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestClaimsCitingSplitAtCitations(t *testing.T) {
	text := "Austin spoke with Shoigu [1] and with Reznikov [2]. Blinken spoke too [1][3]."
	tests := map[int]string{
		1: "Austin spoke with Shoigu Blinken spoke too",
		2: "and with Reznikov",
		3: "",
	}
	for n, want := range tests {
		if got := strings.Join(strings.Fields(sentencesCiting(text, n)), " "); got != want {
			t.Errorf("claims for [%d] = %q, want %q", n, got, want)
		}
	}
}

// A model's citations are checked against the passages: an in-range number
// that points at the wrong passage is moved to the one supporting the claim,
// a claim no passage supports loses its citation, and a quote the articles
// never said sends the answer back to the extractive one.
func TestGeneratedCitationsAreVerified(t *testing.T) {
	c := testCorpus(t)
	askAbout := func(t *testing.T, question, reply string) Answer {
		t.Helper()
		srv := llmtest.NewServer(t, llmtest.Options{Reply: func(llmtest.Request) string { return reply }})
		a, err := mustNew(t, nil, c, srv.Client(t), quiet()).Ask(context.Background(),
			Request{Question: question, AsOf: day("2022-10-22")}, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkCitationsHold(t, c, a)
		return a
	}
	ask := func(t *testing.T, reply string) Answer {
		t.Helper()
		return askAbout(t, "Who did Lloyd Austin speak with?", reply)
	}
	t.Run("wrong number moved to the supporting passage", func(t *testing.T) {
		for n := 1; n <= 5; n++ {
			a := askAbout(t, "When does the ferry timetable change?", fmt.Sprintf("The island ferry will run every two hours from Monday [%d].", n))
			if a.Mode != ModeGenerated || len(a.Citations) != 1 || !strings.Contains(a.Citations[0].Quote, "ferry") ||
				a.Citations[0].ArticleID != "ferry" {
				t.Errorf("cited [%d]: %+v", n, a)
			}
		}
	})
	t.Run("unsupported claim loses its citation", func(t *testing.T) {
		a := ask(t, "Austin spoke with Shoigu [1]. Pensioners will travel free on every bus next spring [2].")
		if a.Mode != ModeGenerated || strings.Contains(a.Answer, "spring [") || len(a.Citations) != 1 {
			t.Errorf("answer %q citations %+v", a.Answer, a.Citations)
		}
	})
	t.Run("invented quote falls back", func(t *testing.T) {
		a := ask(t, "Austin told Shoigu “we will never speak to Moscow again after this” [1].")
		if a.Mode != ModeExtractive || !strings.Contains(a.Note, "quoted from the articles") {
			t.Errorf("mode %s note %q", a.Mode, a.Note)
		}
	})
	t.Run("real quote kept", func(t *testing.T) {
		a := ask(t, "Austin said both sides should “keep communication channels open as tensions rise” [1].")
		if a.Mode != ModeGenerated {
			t.Errorf("mode %s note %q answer %q", a.Mode, a.Note, a.Answer)
		}
	})
}

// TestQuantityQuestions: "How many X?" is answered only by a sentence that
// states a number and names X; without one the articles do not cover it.
func TestQuantityQuestions(t *testing.T) {
	c := testCorpus(t)
	p := mustNew(t, nil, c, nil, quiet())
	ask := func(q string) Answer {
		t.Helper()
		a, err := p.Ask(context.Background(), Request{Question: q, AsOf: day("2022-10-22")}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	if a := ask("How many hours apart will the island ferry run from Monday?"); a.Mode != ModeExtractive || !strings.Contains(a.Answer, "every two hours") {
		t.Errorf("answerable quantity: %s %q", a.Mode, a.Answer)
	}
	if a := ask("How many crew does the island ferry operator employ?"); a.Mode != ModeNotCovered {
		t.Errorf("the articles name no number of crew, yet: %s %q", a.Mode, a.Answer)
	}
	// The same words without asking for a quantity are answered.
	if a := ask("Why did the island ferry operator change the timetable? Was it the crew?"); a.Mode != ModeExtractive {
		t.Errorf("not a quantity question: %s %q", a.Mode, a.Answer)
	}
}

func TestAsksQuantity(t *testing.T) {
	tests := []struct {
		q    string
		want bool
		unit []string
	}{
		{"How many acres does the estate cover?", true, []string{"acre"}},
		{"How many hot dogs did Joey Chestnut devour?", true, []string{"hot", "dog"}},
		{"Approximately how many baby swings and rockers were recalled?", true, []string{"baby", "swing", "rocker"}},
		{"About how many US troops are in Poland?", true, []string{"us", "troop"}},
		{"Putin will reward women if they give birth to how many children?", true, []string{"children"}},
		{"How many died in the storm?", true, nil},
		{"how many people were killed in the storm?", true, nil},
		{"How much was Instagram fined?", true, nil},
		{"What percentage of adults disapprove?", true, nil},
		{"What was the exact attendance at game five?", true, nil},
		{"How long has Putin been in power?", false, nil},
		{"Who won the election?", false, nil},
		{"Many asked how the vote went", false, nil},
	}
	for _, tt := range tests {
		got, unit := asksQuantity(tt.q)
		if got != tt.want || !slices.Equal(unit, tt.unit) {
			t.Errorf("asksQuantity(%q) = %v, %q; want %v, %q", tt.q, got, unit, tt.want, tt.unit)
		}
	}
	for s, want := range map[string]bool{
		"It covers 50,000 acres.": true, "Twelve were hurt.": true, "It was founded in 1852.": false,
		"One of the best.": false, "No figure was given.": false,
	} {
		if got := statesNumber(s); got != want {
			t.Errorf("statesNumber(%q) = %v", s, got)
		}
	}
}

// mustNew returns a pipeline with the default answer settings (from config,
// where they are defined) changed by set.
// askOffline asks q as of date asOf (YYYY-MM-DD) of a pipeline with no
// model over corpus.
func askOffline(t *testing.T, corpus Corpus, q, asOf string) Answer {
	t.Helper()
	a, err := mustNew(t, nil, corpus, nil, quiet()).Ask(context.Background(), Request{Question: q, AsOf: day(asOf)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func mustNew(t testing.TB, set func(*Config), corpus Corpus, model ChatModel, log *slog.Logger) *Pipeline {
	t.Helper()
	cfg := Config{Answer: config.Default().Answer}
	if set != nil {
		set(&cfg)
	}
	p, err := New(cfg, corpus, model, log)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// A model server that accepts the connection and never answers costs an
// answer its budget, not the model's timeouts times its retries: the quoted
// answer arrives within the budget, for questions and summaries alike.
func TestHungModelAnswersWithinBudget(t *testing.T) {
	c := testCorpus(t)
	srv := llmtest.NewServer(t, llmtest.Options{Delay: time.Hour})
	cfg := srv.Config()
	cfg.RequestTimeout, cfg.FirstTokenTimeout, cfg.MaxRetries = time.Minute, time.Minute, 3
	client, err := llm.New(cfg, nil, quiet())
	if err != nil {
		t.Fatal(err)
	}
	const budget = 2 * time.Second
	p := mustNew(t, func(c *Config) { c.Budget = budget }, c, client, quiet())
	for name, call := range map[string]func() (Answer, error){
		"ask": func() (Answer, error) {
			return p.Ask(context.Background(), Request{Question: "Who did Lloyd Austin speak with?", AsOf: day("2022-10-22")}, func(string) {})
		},
		"summarize": func() (Answer, error) {
			return p.Summarize(context.Background(), SummaryRequest{Article: "Washington and Moscow"})
		},
	} {
		start := time.Now()
		a, err := call()
		took := time.Since(start)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if a.Mode != ModeExtractive || !strings.Contains(a.Note, "did not answer in time") {
			t.Errorf("%s: mode %s, note %q; want the quoted answer saying the model did not answer in time", name, a.Mode, a.Note)
		}
		if took > budget {
			t.Errorf("%s: the quoted answer took %v, past the %v budget", name, took, budget)
		}
	}
	if n := len(srv.Requests()); n > 2 {
		t.Errorf("%d requests to the hung server; retries must stop when the budget runs out", n)
	}
}
