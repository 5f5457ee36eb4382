package answer

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/prompts"
	"github.com/byline-bot/byline/retrieval"

	"github.com/byline-bot/byline/internal/text"
)

// briefChars bounds a quoted brief: two sentences of a lead, not a paragraph.
const briefChars = 320

// Brief says in one or two sentences what one article reports, citing it as
// [1]: how a channel announces a new story. The sentences are written by the
// model when one is configured, else quoted from the article's lead (its
// first sentences). id must be an indexed article's id.
func (p *Pipeline) Brief(ctx context.Context, id string) (Answer, error) {
	start := time.Now()
	var art byline.Article
	found := false
	for _, a := range p.search.Find(id) {
		if a.ID == id {
			art, found = a, true
			break
		}
	}
	if !found {
		return Answer{}, &byline.Error{Code: byline.CodeNoArticle, Message: fmt.Sprintf("no indexed article has the id %q", id)}
	}
	spans := passageSpans(art.Text, digestLead, 1)
	if len(spans) == 0 {
		return Answer{}, &byline.Error{Code: byline.CodeNoArticle, Message: fmt.Sprintf("article %s has no text to summarize", art.ID)}
	}
	sp := spans[0]
	results := []retrieval.Result{{Article: art, Passages: []retrieval.Passage{{Text: art.Text[sp[0]:sp[1]], Start: sp[0], End: sp[1]}}}}
	ev := []evidence{{n: 1, result: &results[0], passage: results[0].Passages[0]}}
	var note string
	if p.model != nil {
		mctx, cancel := p.modelContext(ctx, start)
		a, err := p.generateBrief(mctx, art, ev, results)
		cancel()
		if err == nil {
			return a, nil
		}
		if ctx.Err() != nil {
			return Answer{}, ctx.Err()
		}
		p.log.Warn("model failed; quoting the article's lead", "err", err)
		note = modelFailureNote(err)
	}
	return quotedBrief(ev[0], results, note), nil
}

func (p *Pipeline) generateBrief(ctx context.Context, art byline.Article, ev []evidence, results []retrieval.Result) (Answer, error) {
	msgs, err := prompts.Brief(prompts.BriefData{Subject: art.Title, Today: p.now().Format(byline.DateLayout),
		Sources: promptSources(ev)})
	if err != nil {
		return Answer{}, err
	}
	reply, err := p.complete(ctx, msgs)
	if err != nil {
		return Answer{}, err
	}
	if n := len(text.Sentences(reply)); n > 3 {
		return Answer{}, fmt.Errorf("the model's brief has %d sentences", n)
	}
	return generated(reply, ev, results)
}

// quotedBrief quotes the first one or two sentences of the lead that can
// stand alone, as one verbatim span cited [1] (the first sentence when none
// can).
func quotedBrief(e evidence, results []retrieval.Result, note string) Answer {
	body := e.passage.Text
	from, to := -1, -1
	for _, sp := range text.Sentences(body) {
		s := body[sp[0]:sp[1]]
		if from < 0 {
			if quotable(s) {
				from, to = sp[0], sp[1]
			}
			continue
		}
		if sp[1]-from > briefChars || to-from >= briefChars/2 {
			break
		}
		to = sp[1]
		break
	}
	if from < 0 { // no sentence stands alone: the first one, as it is
		if sents := text.Sentences(body); len(sents) > 0 {
			from, to = sents[0][0], sents[0][1]
		} else {
			from, to = 0, len(body)
		}
	}
	quote := strings.TrimSpace(body[from:to])
	a := Answer{Mode: ModeExtractive, Note: note, Sources: sources(results, 1), Answer: quote + " [1]",
		Citations: []Citation{citation(1, e, quote)}}
	a.AsOf = newest(a.Citations)
	return a
}
