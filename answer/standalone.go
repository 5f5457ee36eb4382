package answer

import (
	"strings"

	"github.com/byline-bot/byline/internal/text"
)

// statesWhole reports whether sentence s, on its own, names all that the
// question's asking clause does: every name, year and number of it, and the
// predicate when one is asked for ("Halep beats Williams to win the 2019
// Wimbledon title" for "who won Wimbledon in 2019"). Such a sentence is no
// chance match of a weak article: it restates the whole question and adds
// the answer, so it may answer from any retrieved article. The question
// must name two things at least (names, years, numbers): one name alone is
// met by any sentence on the topic.
func (a Asked) statesWhole(s string) bool {
	if len(a.Names)+len(a.Years)+len(a.Numbers) < 2 {
		return false
	}
	body := reWireDateline.ReplaceAllString(stripDateline(s), "")
	words := map[string]bool{}
	for _, w := range text.Words(body) {
		words[w] = true
	}
	for _, n := range a.Names {
		if !words[n] && !(strings.HasSuffix(n, "s") && words[strings.TrimSuffix(n, "s")]) {
			return false
		}
	}
	for _, y := range a.Years {
		if !namesYear(body, y) {
			return false
		}
	}
	for _, n := range a.Numbers {
		if !hasWord(body, n) && !hasOrdinal(body, n) {
			return false
		}
	}
	return len(a.Predicate) == 0 || statesPredicate(body, a.Predicate)
}
