package answer

import (
	"slices"

	"github.com/byline-bot/byline/retrieval"
)

// Sentence selection for the extractive answer beyond the evidence
// passages' own sentences: how a quiz question's context weighs, which
// further passages are candidates, and the sentence quoted before one that
// only refers to the answer.

// contextWeight is what a term of a quiz question's context sentence
// weighs against one of its asking clause: "A court ruled this week that
// the star will be detained longer. How many months…": a sentence that
// restates the context matches many words, the answering one the clause's.
const contextWeight = 0.25

// clauseWeight is the weight of question term t: 1 in the asking clause
// (focus), contextWeight in a sentence of context before it.
func clauseWeight(t string, focus map[string]bool) float64 {
	if focus[t] {
		return 1
	}
	return contextWeight
}

// precedingWeight is what a question term weighs in a candidate sentence
// when only the sentence before it in its passage has it: "The 2014 World
// Cup has come to an end. Germany have been crowned champions of the
// world...": the answering sentence takes for granted what the one before
// it said. 0.15-0.35 gave the same answers; 0.5 let sentences that follow a
// restatement outweigh the answering ones.
const precedingWeight = 0.25

// precedingTerms returns the terms of the sentence before all[i] in the
// same passage, or nil when all[i] opens its passage or either is a
// headline.
func precedingTerms(all []sentence, i int) map[string]bool {
	if i == 0 || all[i].start == titleStart || all[i-1].start == titleStart || all[i-1].ev != all[i].ev {
		return nil
	}
	return termSet(all[i-1].text)
}

// listedSources is how many of the best articles an answer lists as its
// sources; an article quoted beyond them is listed too.
const listedSources = 5

// withMorePassages returns ev followed by the other passages of every
// result the search returned: the sentence that states the answer is often
// in a lower-ranked passage or article ("Trump did nothing for 187 minutes"
// in the third article, below two that restate the question; a snippet
// index gives one passage per article, so the answer may sit in the sixth
// article). An article beyond the listed sources is listed too when it is
// quoted (see quoted), so that every quote cites a listed source.
func withMorePassages(ev []evidence, results []retrieval.Result) []evidence {
	out := slices.Clone(ev)
	for i := range results {
		for _, p := range results[i].Passages {
			if !slices.ContainsFunc(ev, func(e evidence) bool {
				return e.result.Article.ID == results[i].Article.ID && e.passage.Start == p.Start
			}) {
				out = append(out, evidence{n: len(out) + 1, result: &results[i], passage: p})
			}
		}
	}
	return out
}

// withAntecedents puts before each chosen sentence that refers to the
// answer without naming it the sentence before it that names it (see
// antecedent), unless that one is quoted already.
func withAntecedents(chosen []sentence, ev []evidence, asked Asked, qterms map[string]bool) []sentence {
	out := make([]sentence, 0, len(chosen)+1)
	quoted := func(text string) bool {
		return slices.ContainsFunc(out, func(o sentence) bool { return o.text == text })
	}
	total := 0
	for _, c := range chosen {
		// A chosen sentence already quoted as another's antecedent is
		// not quoted twice.
		if quoted(c.text) {
			continue
		}
		var before []sentence
		size := 0
		// An antecedent that refers back in turn, if only by "these"
		// ("But the rule means people can buy these devices" after
		// "Hearing aids cost…"), is quoted after its own: two steps at
		// most, within maxWithAntecedents for the whole answer.
		for cur := c; len(before) < 2 && cur.start != titleStart &&
			(asked.refersBack(cur.text) || len(before) > 0 && reDemonstrative.MatchString(cur.text)); {
			art := ev[cur.ev].result.Article
			s, at, ok := antecedent(art, cur.start, qterms, asked.Kind == KindThing)
			if !ok || quoted(s) || total+size+len(s)+len(c.text) > maxWithAntecedents {
				break
			}
			cur = sentence{ev: c.ev, text: s, start: at, score: c.score}
			before = append(before, cur)
			size += len(s)
		}
		slices.Reverse(before)
		out = append(out, before...)
		out = append(out, c)
		total += size + len(c.text)
	}
	return out
}

// maxWithAntecedents bounds an extractive answer's quotes (in bytes) once
// antecedents join the chosen sentences (which keep within 700 on their
// own): a reader wants the answer, not the article.
const maxWithAntecedents = 1200
