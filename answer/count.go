package answer

import (
	"strings"
	"unicode"

	"github.com/byline-bot/byline/internal/text"
)

// A "how many X" question is answered by a sentence that counts X ("The
// recall affects 2 million swings"), not by one that says "millions of
// swings" or counts something else in passing ("two reports of injuries").
// Both state a number; the count of the asked noun is preferred.

// vagueCounts are number words that say "many" rather than how many.
var vagueCounts = map[string]bool{"hundreds": true, "thousands": true, "millions": true, "billions": true,
	"dozens": true, "half": true, "double": true, "twice": true}

// countWindow is how many words may stand between a number and the noun it
// counts ("2 million MamaRoo swings", "300,000 military reservists").
const countWindow = 3

// Weights of a candidate sentence for a "how many X" question.
const (
	countsUnitWeight = 2.0 // it counts X
	noCountWeight    = 0.5 // it states numbers, none of them a count of X
)

// countsUnit reports whether s states a definite number followed, within
// countWindow words, by one of unit's terms.
func countsUnit(s string, unit []string) bool {
	words := text.Words(s)
	for i, w := range words {
		if !definiteNumber(w) {
			continue
		}
		for j := i + 1; j < len(words) && j <= i+1+countWindow; j++ {
			for _, t := range text.Terms(words[j]) {
				if namesAny(map[string]bool{t: true}, unit) {
					return true
				}
			}
		}
	}
	return false
}

// definiteNumber reports whether word w (lowercase) is a number that says
// how many: digits that are no year, or a number word that is not vague.
func definiteNumber(w string) bool {
	if w == "" {
		return false
	}
	if unicode.IsDigit(rune(w[0])) {
		return strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) && r != ',' && r != '.' }) < 0 &&
			!reYear.MatchString(w)
	}
	return numberWords[w] && !vagueCounts[w]
}

// countWeight is the weight of sentence s for a question that asks how
// many of unit: countsUnitWeight when s counts it, noCountWeight when not,
// 1 when the question names no countable noun.
func countWeight(s string, unit []string) float64 {
	if len(unit) == 0 {
		return 1
	}
	if countsUnit(s, unit) {
		return countsUnitWeight
	}
	return noCountWeight
}
