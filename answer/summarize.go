package answer

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/llm"
	"github.com/byline-bot/byline/prompts"
	"github.com/byline-bot/byline/retrieval"

	"github.com/byline-bot/byline/internal/text"
)

// Errors for summary requests that name no single article; their text is
// safe to show.
var (
	ErrNoArticle = &byline.Error{Code: byline.CodeNoArticle, Message: "no indexed article matches"}
	ErrAmbiguous = &byline.Error{Code: byline.CodeAmbiguous, Message: "several articles match"}
)

const summaryLabel = "Summary quoted from the articles (no language model was used):"

// Summarize writes a few bullets about one article or a topic, each cited.
func (p *Pipeline) Summarize(ctx context.Context, req SummaryRequest) (Answer, error) {
	start := time.Now()
	req.AsOf = p.asOf(req.AsOf)
	if strings.TrimSpace(req.Topic) != "" {
		return p.summarizeTopic(ctx, start, req)
	}
	ref := strings.TrimSpace(req.Article)
	if ref == "" {
		return Answer{}, &byline.Error{Code: byline.CodeEmptyQuestion, Message: "name an article or a topic to summarize"}
	}
	found := p.search.Find(ref)
	switch {
	case len(found) == 0:
		return Answer{}, &byline.Error{Code: byline.CodeNoArticle, Message: fmt.Sprintf("no indexed article matches %q", ref)}
	case len(found) > 1:
		var titles []string
		for i, a := range found {
			if i == 5 {
				titles = append(titles, "...")
				break
			}
			titles = append(titles, fmt.Sprintf("%q (%s)", a.Title, a.ID))
		}
		return Answer{}, &byline.Error{Code: byline.CodeAmbiguous,
			Message: fmt.Sprintf("%d articles match %q: %s; use the id", len(found), ref, strings.Join(titles, ", "))}
	}
	art := found[0]
	res := &retrieval.Result{Article: art}
	var ev []evidence
	for i, sp := range passageSpans(art.Text, 700, 6) {
		ev = append(ev, evidence{n: i + 1, result: res, passage: retrieval.Passage{Text: art.Text[sp[0]:sp[1]], Start: sp[0], End: sp[1]}})
	}
	if len(ev) == 0 {
		return Answer{}, &byline.Error{Code: byline.CodeNoArticle, Message: fmt.Sprintf("article %s has no text to summarize", art.ID)}
	}
	results := []retrieval.Result{*res}
	return p.summary(ctx, start, art.Title, false, req.AsOf, ev, results, centralSentences)
}

func (p *Pipeline) summarizeTopic(ctx context.Context, start time.Time, req SummaryRequest) (Answer, error) {
	topic, err := p.cleanQuestion(req.Topic)
	if err != nil {
		return Answer{}, err
	}
	results, err := p.search.Search(ctx, retrieval.Query{Text: topic, AsOf: req.AsOf, K: 12, Passages: 1})
	if errors.Is(err, retrieval.ErrEmptyQuery) {
		return Answer{}, ErrEmptyQuestion
	}
	if err != nil {
		return Answer{}, fmt.Errorf("search: %w", err)
	}
	results = current(results)
	if req.Days > 0 {
		from := req.AsOf.AddDate(0, 0, -req.Days)
		kept := results[:0]
		for _, r := range results {
			if pub := r.Article.Published; !pub.IsZero() && !pub.Before(from) {
				kept = append(kept, r)
			}
		}
		results = kept
	}
	// Only articles about the topic: one that merely shares a common word
	// with it ("game" for "Squid Game") has low coverage.
	about := make([]retrieval.Result, 0, len(results))
	for _, r := range results {
		if r.Coverage >= p.cfg.MinCoverage {
			about = append(about, r)
		}
	}
	if len(about) == 0 {
		a := notCovered(results)
		if req.Days > 0 {
			a.Answer = strings.Replace(a.Answer, notCoveredText, fmt.Sprintf("No indexed article about %q was published in the %d days before %s.",
				topic, req.Days, req.AsOf.Format(byline.DateLayout)), 1)
		}
		return a, nil
	}
	results = about
	if len(results) > 5 {
		results = results[:5]
	}
	var ev []evidence
	for i := range results {
		ev = append(ev, evidence{n: i + 1, result: &results[i], passage: results[i].Passages[0]})
	}
	pick := func(ev []evidence) []sentence { return topicSentences(topic, ev) }
	return p.summary(ctx, start, topic, true, req.AsOf, ev, results, pick)
}

// summary asks the model for bullets, or picks sentences when there is no
// model or it fails or runs out of the budget of the summary begun at start.
func (p *Pipeline) summary(ctx context.Context, start time.Time, subject string, topic bool, asOf time.Time, ev []evidence,
	results []retrieval.Result, pick func([]evidence) []sentence) (Answer, error) {
	var note string
	if p.model != nil {
		mctx, cancel := p.modelContext(ctx, start)
		a, err := p.generateSummary(mctx, subject, topic, asOf, ev, results)
		cancel()
		if err == nil {
			return a, nil
		}
		if ctx.Err() != nil {
			return Answer{}, ctx.Err()
		}
		p.log.Warn("model failed; summarizing extractively", "err", err)
		note = modelFailureNote(err)
	}
	return quoted(summaryLabel, "\n- %s [%d]", pick(ev), ev, results, note), nil
}

func (p *Pipeline) generateSummary(ctx context.Context, subject string, topic bool, asOf time.Time, ev []evidence, results []retrieval.Result) (Answer, error) {
	msgs, err := prompts.Summary(prompts.SummaryData{Subject: subject, Topic: topic,
		Today: asOf.Format(byline.DateLayout), Sources: promptSources(ev)})
	if err != nil {
		return Answer{}, err
	}
	reply, err := p.complete(ctx, msgs)
	if err != nil {
		return Answer{}, err
	}
	return generated(reply, ev, results)
}

// passageSpans cuts body into at most max passages of about size bytes,
// along sentences.
func passageSpans(body string, size, max int) [][2]int {
	var out [][2]int
	for _, s := range text.Sentences(body) {
		if n := len(out); n > 0 && s[1]-out[n-1][0] <= size {
			out[n-1][1] = s[1]
			continue
		}
		if len(out) == max {
			break
		}
		out = append(out, s)
	}
	return out
}

// centralSentences picks up to 4 sentences of an article that share the most
// words with the article as a whole, earlier ones preferred, in text order.
func centralSentences(ev []evidence) []sentence {
	tf := map[string]float64{}
	var all []sentence
	for i, e := range ev {
		for _, sp := range text.Sentences(e.passage.Text) {
			sent := e.passage.Text[sp[0]:sp[1]]
			all = append(all, sentence{ev: i, text: sent, start: e.passage.Start + sp[0]})
			for _, t := range text.Terms(sent) {
				tf[t]++
			}
		}
	}
	for i := range all {
		terms := termSet(all[i].text)
		var s float64
		for t := range terms {
			if tf[t] > 1 {
				s += tf[t]
			}
		}
		if len(all[i].text) < 40 {
			s = 0
		}
		all[i].score = s / (float64(len(terms)) + 5) / (1 + 0.1*float64(i))
	}
	return topN(all, 4)
}

// topicSentences picks the sentence of each evidence passage that best
// matches the topic.
func topicSentences(topic string, ev []evidence) []sentence {
	q := termSet(topic)
	var out []sentence
	for i, e := range ev {
		var best sentence
		for _, sp := range text.Sentences(e.passage.Text) {
			text := e.passage.Text[sp[0]:sp[1]]
			s := 0.0
			for t := range termSet(text) {
				if q[t] {
					s++
				}
			}
			if len(text) >= 40 && s > best.score {
				best = sentence{ev: i, text: text, start: e.passage.Start + sp[0], score: s}
			}
		}
		if best.text != "" {
			out = append(out, best)
		}
	}
	return out
}

// topN returns the n best-scoring sentences in their original order.
func topN(all []sentence, n int) []sentence {
	idx := make([]int, len(all))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return all[idx[a]].score > all[idx[b]].score })
	if len(idx) > n {
		idx = idx[:n]
	}
	sort.Ints(idx)
	var out []sentence
	for _, i := range idx {
		if all[i].score > 0 {
			out = append(out, all[i])
		}
	}
	return out
}

// promptSources are the evidence passages as the prompts number them.
func promptSources(ev []evidence) []prompts.Source {
	out := make([]prompts.Source, 0, len(ev))
	for _, e := range ev {
		out = append(out, promptSource(e))
	}
	return out
}

// complete sends a rendered prompt to the model once (no streaming) and
// returns its reply, trimmed.
func (p *Pipeline) complete(ctx context.Context, msgs prompts.Messages) (string, error) {
	reply, err := p.model.Chat(ctx, []llm.Message{{Role: "system", Content: msgs.System}, {Role: "user", Content: msgs.User}}, nil)
	return strings.TrimSpace(reply), err
}
