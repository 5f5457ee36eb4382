package retrieval

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

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

// reWhichNoun finds the word after "which" or "what" and the one after it.
var reWhichNoun = regexp.MustCompile(`(?:^|[^\pL])(?:[Ww]hich|[Ww]hat)\s+([\pL-]+)(?:\s+([\pL-]+))?`)

// describing are words that describe the kind of answer asked for
// ("which popular product") rather than the thing asked about.
var describing = map[string]bool{"popular": true, "major": true, "new": true, "famous": true, "big": true,
	"biggest": true, "ambitious": true, "key": true, "iconic": true}

// answerWords returns the words of q that stand for its answer: the noun
// after "which" or "what" (with the word describing it) says what kind of
// thing the answer is, and an article states the thing ("the iPhone"), not
// its kind ("a popular product"). An auxiliary ("what did…") or a name
// ("which British village") is no such noun.
func answerWords(q string) map[string]bool {
	out := map[string]bool{}
	for _, m := range reWhichNoun.FindAllStringSubmatch(q, -1) {
		w1, w2 := strings.ToLower(m[1]), strings.ToLower(m[2])
		if r, _ := utf8.DecodeRuneInString(m[1]); unicode.IsUpper(r) || text.IsStopword(w1) {
			continue
		}
		out[w1] = true
		if describing[w1] && w2 != "" && !text.IsStopword(w2) {
			out[w2] = true
		}
	}
	return out
}

// qword is one search term of a question.
type qword struct {
	term   string  // as the index has it
	word   string  // the lowercase word it came from
	stem   string  // the word's Porter stem
	weight float64 // IDF weight
}

// answerCoverage is the IDF-weighted share of the question's terms (but
// reporting and light verbs, and the words naming the kind of answer) that the
// title and first passage of article i speak of: a term counts when the text
// has it or an inflection of its word ("recall" for "recalled") or writes
// its number another way ("fourth" for "4"), and, when soft is set, in part
// when the text has a near-synonym by word vectors ("narcotics" for "drug":
// the cosine similarity, from SoftMatch up). When soft is set, wide is the
// same share over the title and all of passages (near-synonyms still only
// from the first); else it is cov.
func (ix *Index) answerCoverage(ctx context.Context, i int, passages []Passage, rk *ranking, soft bool) (cov, wide float64, err error) {
	d := &ix.docs[i]
	body := d.Title + "\n" + passages[0].Text
	// The wide share is measured for the first result only (see Result).
	first, all := wordsOf(body), textWords{}
	if soft && len(passages) > 1 {
		all = wordsOf(body)
		for _, p := range passages[1:] {
			all.add(p.Text)
		}
	} else {
		all = first
	}
	var have, haveWide, total float64
	var missing []qword
	for _, q := range rk.qwords {
		if reporting[q.stem] || rk.answerWords[q.word] || text.IsLightVerb(q.word) {
			continue
		}
		total += q.weight
		switch {
		case first.has(q):
			have += q.weight
			haveWide += q.weight
		case all.has(q):
			haveWide += q.weight
		}
		if !first.has(q) {
			missing = append(missing, q)
		}
	}
	if total == 0 {
		return 0, 0, nil
	}
	if soft && len(missing) > 0 && rk.qvec != nil && weights.SoftMatch > 0 {
		sims, err := ix.nearSynonyms(ctx, missing, text.Words(body))
		if err != nil {
			return 0, 0, err
		}
		for k, q := range missing {
			if float64(sims[k]) < weights.SoftMatch {
				continue
			}
			have += q.weight * float64(sims[k])
			if !all.has(q) {
				haveWide += q.weight * float64(sims[k])
			}
		}
	}
	return have / total, haveWide / total, nil
}

// textWords is what a text says, as coverage compares it with a question:
// its terms, the Porter stems of its words, and the numbers it writes.
type textWords struct{ terms, stems, numbers map[string]bool }

func wordsOf(s string) textWords {
	w := textWords{terms: map[string]bool{}, stems: map[string]bool{}, numbers: map[string]bool{}}
	w.add(s)
	return w
}

func (w textWords) add(s string) {
	// "chief executive" speaks of the question's "CEO".
	if r := text.RoleNames(s); r != s {
		for _, t := range text.Terms(r) {
			w.terms[t] = true
		}
	}
	for _, t := range text.Terms(s) {
		w.terms[t] = true
	}
	for _, word := range text.Words(s) {
		w.stems[text.Porter(word)] = true
		if n := numberOf(word); n != "" {
			w.numbers[n] = true
		}
	}
}

// has reports whether the text has q, an inflection of its word, another
// form of a predicate ("won" for "winner"), or its number written another
// way ("season 4" is "the fourth season").
func (w textWords) has(q qword) bool {
	if w.terms[q.term] || w.stems[q.stem] || w.numbers[numberOf(q.word)] {
		return true
	}
	// "winner" is spoken of by "won", "acquired" by "bought".
	return slices.ContainsFunc(text.OtherForms(q.word), func(f string) bool { return w.stems[f] })
}

// nearSynonyms returns, for each missing question word, its best cosine
// similarity with a word of the text (0 for numbers: the word vectors of
// numbers are alike, and 5 is not "fourth"; 0 for all when the embedder
// fails, unless ctx is done).
func (ix *Index) nearSynonyms(ctx context.Context, missing []qword, words []string) ([]float32, error) {
	texts := make([]string, 0, len(missing)+len(words))
	for _, q := range missing {
		texts = append(texts, q.word)
	}
	seen := make(map[string]bool)
	for _, w := range words {
		if !text.IsStopword(w) && !seen[w] {
			seen[w] = true
			texts = append(texts, w)
		}
	}
	sims := make([]float32, len(missing))
	qctx, cancel := context.WithTimeout(ctx, queryEmbedTimeout)
	vecs, err := ix.embedder.Embed(qctx, texts)
	cancel()
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("embed words: %w", err)
		}
		return sims, nil // no near-synonyms without the embedder
	}
	if len(vecs) != len(texts) {
		return nil, fmt.Errorf("embed words: got %d vectors for %d words", len(vecs), len(texts))
	}
	for k, q := range missing {
		if numberOf(q.word) != "" {
			continue
		}
		for _, v := range vecs[len(missing):] {
			if len(v) == len(vecs[k]) {
				sims[k] = max(sims[k], dot(vecs[k], v))
			}
		}
	}
	return sims, nil
}

// numberOf returns the digits of a word that writes a number ("4", "four",
// "fourth"), or "".
func numberOf(w string) string {
	n, _ := text.Number(w)
	return n
}
