package answer

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/prompts"
	"github.com/byline-bot/byline/retrieval"

	"github.com/byline-bot/byline/internal/text"
)

// DigestRequest asks for the main stories of a period.
type DigestRequest struct {
	// From and To bound the period: articles published in [From, To).
	From, To time.Time
	// Topic, when set, keeps only the stories about it, best match first.
	Topic string
	// Stories is the most stories told; 0 means DefaultDigestStories.
	Stories int
}

// DefaultDigestStories is how many stories a digest tells unless asked.
const DefaultDigestStories = 8

// digestLead is how much of a story's lead article a digest reads: its
// first paragraph or two, where a news story says what happened.
const digestLead = 700

// ErrEmptyPeriod means a digest was asked for a period that ends before it
// begins.
var ErrEmptyPeriod = &byline.Error{Code: byline.CodeBadInput, Message: "the digest's period is empty"}

// Digest tells the main stories published in a period, one bullet per
// story (the copies of a syndicated story are one story), each cited with
// the numbered source it comes from. The bullets are written by the model
// when one is configured, else quoted from each story's lead; a period
// with no article gives a ModeNotCovered answer that says so.
func (p *Pipeline) Digest(ctx context.Context, req DigestRequest) (Answer, error) {
	start := time.Now()
	if !req.From.Before(req.To) {
		return Answer{}, ErrEmptyPeriod
	}
	limit := req.Stories
	if limit <= 0 {
		limit = DefaultDigestStories
	}
	var (
		results []retrieval.Result
		pick    func([]evidence) []sentence
		topic   string
	)
	if strings.TrimSpace(req.Topic) != "" {
		var err error
		if topic, err = p.cleanQuestion(req.Topic); err != nil {
			return Answer{}, err
		}
		if results, err = p.topicStories(ctx, topic, req.From, req.To, limit); err != nil {
			return Answer{}, err
		}
		pick = func(ev []evidence) []sentence { return topicSentences(topic, ev) }
	} else {
		for _, s := range p.search.Stories(req.From, req.To) {
			if len(results) == limit {
				break
			}
			lead := s.Lead()
			spans := passageSpans(lead.Text, digestLead, 1)
			if len(spans) == 0 {
				continue
			}
			sp := spans[0]
			ids := make([]string, 0, len(s.Articles)-1)
			for _, a := range s.Articles[1:] {
				ids = append(ids, a.ID)
			}
			results = append(results, retrieval.Result{Article: lead, Outlets: s.Outlets, DuplicateIDs: ids,
				Passages: []retrieval.Passage{{Text: lead.Text[sp[0]:sp[1]], Start: sp[0], End: sp[1]}}})
		}
		pick = leadSentences
	}
	if len(results) == 0 {
		return Answer{Mode: ModeNotCovered, Citations: []Citation{}, Sources: []Source{},
			Answer: noStoriesText(topic, req.From, req.To)}, nil
	}
	ev := make([]evidence, len(results))
	for i := range results {
		ev[i] = evidence{n: i + 1, result: &results[i], passage: results[i].Passages[0]}
	}
	var note string
	if p.model != nil {
		mctx, cancel := p.modelContext(ctx, start)
		a, err := p.generateDigest(mctx, topic, req, ev, results)
		cancel()
		if err == nil {
			return a, nil
		}
		if ctx.Err() != nil {
			return Answer{}, ctx.Err()
		}
		p.log.Warn("model failed; quoting the digest", "err", err)
		note = modelFailureNote(err)
	}
	a := quoted(summaryLabel, "\n- %s [%d]", pick(ev), ev, results, note)
	a.Sources = sources(results, len(results))
	return a, nil
}

// topicStories searches the period's stories about topic: one result per
// story, in the order of the search, each about the topic (coverage).
func (p *Pipeline) topicStories(ctx context.Context, topic string, from, to time.Time, limit int) ([]retrieval.Result, error) {
	found, err := p.search.Search(ctx, retrieval.Query{Text: topic, AsOf: to, K: 4 * limit, Passages: 1})
	if errors.Is(err, retrieval.ErrEmptyQuery) {
		return nil, ErrEmptyQuestion
	}
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	var out []retrieval.Result
	for _, r := range found {
		pub := r.Article.Published
		if pub.IsZero() || pub.Before(from) || !pub.Before(to) || r.Coverage < p.cfg.MinCoverage || len(r.Passages) == 0 {
			continue
		}
		out = append(out, r)
		if len(out) == limit {
			break
		}
	}
	return out, nil
}

func (p *Pipeline) generateDigest(ctx context.Context, topic string, req DigestRequest, ev []evidence, results []retrieval.Result) (Answer, error) {
	msgs, err := prompts.Digest(prompts.DigestData{Subject: topic, Topic: topic != "",
		Period: periodText(req.From, req.To), Today: req.To.Format(byline.DateLayout), Sources: promptSources(ev)})
	if err != nil {
		return Answer{}, err
	}
	reply, err := p.complete(ctx, msgs)
	if err != nil {
		return Answer{}, err
	}
	a, err := generated(reply, ev, results)
	if err != nil {
		return Answer{}, err
	}
	a.Sources = sources(results, len(results))
	return a, nil
}

// leadSentences picks each story's first sentence that can stand alone: a
// news story says what happened first.
func leadSentences(ev []evidence) []sentence {
	var out []sentence
	for i, e := range ev {
		for _, sp := range text.Sentences(e.passage.Text) {
			s := e.passage.Text[sp[0]:sp[1]]
			if len(s) >= 40 && quotable(s) {
				out = append(out, sentence{ev: i, text: s, start: e.passage.Start + sp[0]})
				break
			}
		}
	}
	return out
}

// periodText says a period in words, in the zone of its end.
func periodText(from, to time.Time) string {
	from = from.In(to.Location())
	const clock = "2006-01-02 15:04 MST"
	if to.Sub(from) == 24*time.Hour {
		return "the day to " + to.Format(clock)
	}
	return "the period from " + from.Format(clock) + " to " + to.Format(clock)
}

func noStoriesText(topic string, from, to time.Time) string {
	if topic != "" {
		return fmt.Sprintf("No indexed article about %q was published in %s.", topic, periodText(from, to))
	}
	return fmt.Sprintf("No indexed article was published in %s.", periodText(from, to))
}
