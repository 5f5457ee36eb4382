package answer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/config"
	"github.com/byline-bot/byline/llm"
	"github.com/byline-bot/byline/retrieval"

	"github.com/byline-bot/byline/internal/text"
)

// Corpus is the indexed articles; *library.Library is the real one.
type Corpus interface {
	// Search ranks articles for a query.
	Search(ctx context.Context, q retrieval.Query) ([]retrieval.Result, error)
	// Find returns the articles a reference names: an id, a title or a path
	// or URL fragment.
	Find(ref string) []byline.Article
	// Stories returns the stories published in [from, to), copies of one
	// story together, the main ones first (for digests).
	Stories(from, to time.Time) []retrieval.Story
}

// ChatModel is a chat model; *llm.Client is the real one. A nil ChatModel
// means no model is configured: answers are extractive.
type ChatModel interface {
	Chat(ctx context.Context, msgs []llm.Message, onDelta func(string)) (string, error)
}

// Config tunes the pipeline: the answer settings as config.Answer defines
// them (what each zero means is said there, once), and the clock.
type Config struct {
	config.Answer
	// Now is "now" for every question and summary that names no date of
	// its own: the clock, or a fixed date (`byline --as-of`). Nil means
	// time.Now. Articles published after it never answer.
	Now func() time.Time
}

// fallbackReserve is kept from the model at the end of an answer's budget:
// the quoted answer is built from passages already found, in milliseconds,
// and the edge still has to show it.
const fallbackReserve = time.Second

// Errors for questions that cannot be asked; their text is safe to show.
var (
	ErrEmptyQuestion   = &byline.Error{Code: byline.CodeEmptyQuestion, Message: "the question is empty"}
	ErrQuestionTooLong = &byline.Error{Code: byline.CodeQuestionTooLong, Message: "the question is too long"}
)

// Pipeline answers questions and writes summaries.
type Pipeline struct {
	cfg    Config
	search Corpus
	model  ChatModel
	log    *slog.Logger
	now    func() time.Time
}

// New validates cfg and returns a pipeline. model may be nil (extractive
// answers only).
func New(cfg Config, corpus Corpus, model ChatModel, logger *slog.Logger) (*Pipeline, error) {
	if err := cfg.Answer.Validate(); err != nil {
		return nil, err
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	return &Pipeline{cfg: cfg, search: corpus, model: model, log: logger, now: now}, nil
}

// asOf is "now" for a request: its own date, or the pipeline's clock.
func (p *Pipeline) asOf(t time.Time) time.Time {
	if t.IsZero() {
		return p.now()
	}
	return t
}

// current drops the results published after "now": they cannot answer.
func current(results []retrieval.Result) []retrieval.Result {
	out := results[:0:0]
	for _, r := range results {
		if !r.Future {
			out = append(out, r)
		}
	}
	return out
}

// Labels shown with non-generated answers.
const (
	extractiveLabel = "Quoted from the indexed articles (no language model was used):"
	notCoveredText  = "The indexed articles do not cover this question."
)

// evidence is one numbered passage an answer may cite.
type evidence struct {
	n       int
	result  *retrieval.Result
	passage retrieval.Passage
}

// Ask answers req. onPartial, when not nil, receives the answer text so far
// while a model streams. Errors are returned only for a bad question or a
// failed search; a failing model gives an extractive answer with a Note.
func (p *Pipeline) Ask(ctx context.Context, req Request, onPartial func(string)) (Answer, error) {
	start := time.Now()
	q, err := p.cleanQuestion(req.Question)
	if err != nil {
		return Answer{}, err
	}
	asOf := p.asOf(req.AsOf)
	history := req.History
	if len(history) > p.cfg.HistoryTurns {
		history = history[len(history)-p.cfg.HistoryTurns:]
	}
	query := q
	if len(history) > 0 {
		// A follow-up ("and what did Blinken say?") leans on the previous
		// question for its subject.
		query = history[len(history)-1].Question + " " + q
	}
	// The search, too, keeps within the budget (a remote embedder may hang).
	sctx, scancel := p.modelContext(ctx, start)
	results, err := p.search.Search(sctx, retrieval.Query{Text: query, AsOf: asOf, K: p.cfg.Articles, Passages: 3})
	scancel()
	if errors.Is(err, retrieval.ErrEmptyQuery) {
		return Answer{}, ErrEmptyQuestion
	}
	if err != nil {
		return Answer{}, fmt.Errorf("search: %w", err)
	}
	results = current(results)
	ev := numbered(retrieval.TopPassages(results, p.cfg.Evidence))
	if !covers(q, results, ev, p.cfg.MinCoverage) {
		return notCovered(results), nil
	}
	if p.model == nil {
		return extractive(q, ev, results, ""), nil
	}
	mctx, cancel := p.modelContext(ctx, start)
	ans, err := p.generate(mctx, q, asOf, history, ev, results, onPartial)
	cancel()
	if err != nil {
		if ctx.Err() != nil {
			return Answer{}, ctx.Err()
		}
		p.log.Warn("model failed; answering extractively", "err", err)
		return extractive(q, ev, results, modelFailureNote(err)), nil
	}
	return ans, nil
}

// modelContext is the model's share of the answer begun at start: it ends
// fallbackReserve before the answer's budget runs out, or before ctx's own
// deadline, whichever comes first, so that the quoted fallback always arrives
// in time. The model's retries stop when it ends.
func (p *Pipeline) modelContext(ctx context.Context, start time.Time) (context.Context, context.CancelFunc) {
	end := start.Add(p.cfg.Budget)
	if dl, ok := ctx.Deadline(); ok && dl.Before(end) {
		end = dl
	}
	return context.WithDeadline(ctx, end.Add(-fallbackReserve))
}

func (p *Pipeline) cleanQuestion(q string) (string, error) {
	q = strings.TrimSpace(strings.ToValidUTF8(q, " "))
	if q == "" {
		return "", ErrEmptyQuestion
	}
	if n := utf8.RuneCountInString(q); n > p.cfg.MaxQuestionChars {
		return "", &byline.Error{Code: byline.CodeQuestionTooLong,
			Message: fmt.Sprintf("the question is too long: %d characters, at most %d", n, p.cfg.MaxQuestionChars)}
	}
	return q, nil
}

func numbered(top []retrieval.Evidence) []evidence {
	ev := make([]evidence, len(top))
	for i, e := range top {
		ev[i] = evidence{n: i + 1, result: e.Result, passage: e.Passage}
	}
	return ev
}

// notCovered says the articles do not answer, and names the closest ones.
func notCovered(results []retrieval.Result) Answer {
	// Name only articles a reader could have seen by then.
	a := Answer{Mode: ModeNotCovered, Citations: []Citation{}, Sources: sources(current(results), 3)}
	var b strings.Builder
	b.WriteString(notCoveredText)
	if len(a.Sources) > 0 {
		b.WriteString(" The closest articles are:")
		for _, s := range a.Sources {
			b.WriteString("\n- " + s.Title)
			if s.Published != "" {
				b.WriteString(" (" + s.Published + ")")
			}
		}
	}
	a.Answer = b.String()
	return a
}

func sources(results []retrieval.Result, n int) []Source {
	out := []Source{}
	for i := range results {
		if i == n {
			break
		}
		out = append(out, SourceOf(&results[i]))
	}
	return out
}

// SourceOf describes a search result as a Source.
func SourceOf(r *retrieval.Result) Source {
	return Source{ArticleID: r.Article.ID, Title: r.Article.Title, URL: r.Article.URL,
		Published: r.Article.PublishedString(), Score: r.Score, Outlets: r.Outlets}
}

func termSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, t := range text.Terms(s) {
		m[t] = true
	}
	return m
}

func newest(cs []Citation) string {
	var max string
	for _, c := range cs {
		if c.Published > max {
			max = c.Published
		}
	}
	return max
}
