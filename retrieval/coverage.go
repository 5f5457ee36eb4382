package retrieval

import (
	"context"
	"fmt"

	"github.com/byline-bot/byline/internal/text"
)

// rareShare is the share of passages a rare term is in at most.
const rareShare = 0.01

// rareTerm reports whether a term is rare: no passage has it, or at most
// one in a hundred (or one, in a small library). A question's rare name is
// what it is about; common capitalized words ("US", "President") are not.
func (ix *Index) rareTerm(id int32) bool {
	if id < 0 {
		return true
	}
	return float64(ix.chunkLex.df(id)) <= max(1, rareShare*float64(len(ix.chunks)))
}

// canAnswer reports whether article i can answer the question at all: it
// must not predate the period the question asks about ("this week", "in
// 2024"), and it must name every rare name the question names.
func (ix *Index) canAnswer(i int, rk *ranking) bool {
	if rk.per.before(ix.docs[i].Published) {
		return false
	}
	for _, id := range rk.names {
		if !ix.artLex.has(id, int32(i)) {
			return false
		}
	}
	return true
}

// reporting holds the Porter stems of reporting verbs: "which state
// announced it is legalizing jaywalking" asks about jaywalking, and an
// article that says "California will legalize jaywalking" covers it.
var reporting = map[string]bool{"announc": true, "said": true, "sai": true, "told": true, "tell": true, "confirm": true}

// qword is one search term of a question.
type qword struct {
	term   string  // as the index has it
	word   string  // the lowercase word it came from
	stem   string  // the word's Porter stem
	weight float64 // IDF weight
}

// answerCoverage is the IDF-weighted share of the question's terms that the
// title and passage of article i speak of: a term counts when the text has
// it or an inflection of its word ("recall" for "recalled"), and, when soft
// is set, in part when the text has a near-synonym by word vectors
// ("narcotics" for "drug": the cosine similarity, from SoftMatch up).
func (ix *Index) answerCoverage(ctx context.Context, i int, passage string, rk *ranking, soft bool) (float64, error) {
	d := &ix.docs[i]
	body := d.Title + "\n" + passage
	terms := make(map[string]bool)
	for _, t := range text.Terms(body) {
		terms[t] = true
	}
	textWords := text.Words(body)
	stems := make(map[string]bool, len(textWords))
	for _, w := range textWords {
		stems[text.Porter(w)] = true
	}
	// "Season 4" is "the fourth season".
	numbers := make(map[string]bool)
	for _, w := range textWords {
		if n := numberOf(w); n != "" {
			numbers[n] = true
		}
	}
	var have, total float64
	var missing []qword
	for _, q := range rk.qwords {
		if reporting[q.stem] {
			continue
		}
		total += q.weight
		if terms[q.term] || stems[q.stem] || numbers[numberOf(q.word)] {
			have += q.weight
		} else {
			missing = append(missing, q)
		}
	}
	if total == 0 {
		return 0, nil
	}
	if soft && len(missing) > 0 && rk.qvec != nil && weights.SoftMatch > 0 {
		texts := make([]string, 0, len(missing)+len(textWords))
		for _, q := range missing {
			texts = append(texts, q.word)
		}
		seen := make(map[string]bool)
		for _, w := range textWords {
			if !text.IsStopword(w) && !seen[w] {
				seen[w] = true
				texts = append(texts, w)
			}
		}
		qctx, cancel := context.WithTimeout(ctx, queryEmbedTimeout)
		vecs, err := ix.embedder.Embed(qctx, texts)
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return 0, fmt.Errorf("embed words: %w", err)
			}
			vecs = nil // no near-synonyms without the embedder
		}
		if vecs != nil && len(vecs) != len(texts) {
			return 0, fmt.Errorf("embed words: got %d vectors for %d words", len(vecs), len(texts))
		}
		for k, q := range missing {
			if vecs == nil {
				break
			}
			if numberOf(q.word) != "" {
				continue // the word vectors of numbers are alike: 5 is not "fourth"
			}
			var best float32
			for _, v := range vecs[len(missing):] {
				if len(v) == len(vecs[k]) {
					best = max(best, dot(vecs[k], v))
				}
			}
			if float64(best) >= weights.SoftMatch {
				have += q.weight * float64(best)
			}
		}
	}
	return have / total, nil
}

// numberOf returns the digits of a word that writes a number ("4", "four",
// "fourth"), or "".
func numberOf(w string) string {
	n, _ := text.Number(w)
	return n
}
