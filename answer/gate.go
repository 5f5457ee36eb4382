package answer

import (
	"slices"

	"github.com/byline-bot/byline/internal/text"
	"github.com/byline-bot/byline/retrieval"
)

// Whether the articles cover a question at all is decided before any
// sentence is chosen: the best result must speak of what is asked.

// covers reports whether the best of results covers question q, whose
// evidence passages are ev: its title and first passage hold min of the
// question's terms (by IDF weight), or its passages together do and the
// evidence speaks of every content word of the asking clause but one (a
// story that says what is asked in its second passage, not one that
// shares the question's topic but not what it asks about: "the largest
// number of lighthouses per kilometre of coastline").
func covers(q string, results []retrieval.Result, ev []evidence, min float64) bool {
	if len(results) == 0 {
		return false
	}
	if results[0].Coverage >= min {
		return true
	}
	return results[0].WideCoverage >= min && missingFromEvidence(readQuestion(q), ev) <= 1
}

// missingFromEvidence counts the content words of the asking clause that no
// evidence passage or title has in any inflection (or, for a verb such as
// "won", in a form the predicate takes: "beat"). The words that say the
// kind of answer ("which menu item", "which popular product"), time words,
// numbers and light verbs ("made a visit") do not count.
func missingFromEvidence(a Asked, ev []evidence) int {
	stems := map[string]bool{}
	for _, e := range ev {
		for _, w := range text.Words(e.result.Article.Title + "\n" + e.passage.Text) {
			stems[text.Porter(w)] = true
		}
	}
	missing := 0
	for _, w := range text.Words(a.Clause) {
		if text.IsStopword(w) || auxiliary[w] || nounKinds[w] != "" || w == a.Noun || timeWords[w] || text.IsLightVerb(w) {
			continue
		}
		if _, isNumber := text.Number(w); isNumber {
			continue
		}
		// "won" is spoken of by "beat", "died" by "passed away": the
		// forms an answering sentence may state the predicate with.
		if !stems[text.Porter(w)] && !slices.ContainsFunc(text.OtherForms(w), func(f string) bool { return stems[f] }) {
			missing++
		}
	}
	return missing
}

// timeWords say when, which the search's time prior reads.
var timeWords = map[string]bool{"week": true, "month": true, "year": true, "today": true, "yesterday": true,
	"recently": true, "day": true, "weekend": true}
