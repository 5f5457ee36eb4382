package answer

import (
	"regexp"
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
func countsUnit(s string, unit []string) bool { return counts(s, unit, definiteNumber) }

// counts reports whether a word of s that isCount accepts is followed,
// within countWindow words, by one of unit's terms.
func counts(s string, unit []string, isCount func(string) bool) bool {
	words := text.Words(s)
	for i, w := range words {
		if !isCount(w) {
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

// onlyVagueCountsOfOthers reports whether every number s states is a vague
// count ("thousands of people") and none of them counts unit: "destroyed
// homes and forced thousands of people to leave" says nothing of how many
// homes. ("Millions of swings" still answers "how many swings", weakly.)
func onlyVagueCountsOfOthers(s string, unit []string) bool {
	if len(unit) == 0 || counts(s, unit, func(w string) bool { return vagueCounts[w] }) {
		return false
	}
	for _, m := range reDigits.FindAllStringSubmatch(s, -1) {
		if !reYear.MatchString(m[1]) {
			return false
		}
	}
	for _, w := range text.Words(s) {
		if numberWords[w] && !vagueCounts[w] {
			return false
		}
	}
	return true
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

// reQuantity matches questions whose answer is a quantity, anywhere in the
// question (quiz questions often open with a sentence of context).
var reQuantity = regexp.MustCompile(`(?i)\b(?:how (?:many|much|old|far|tall|big|large|high|deep|heavy)\b|what percentage\b|what (?:is|was|were|are) the (?:exact |total |final )?(?:number|amount|total|cost|price|attendance|score|percentage|population|death toll|toll)\b)`)

// reHowMany captures the words after "how many".
var reHowMany = regexp.MustCompile(`(?i)\bhow many((?:\s+[\pL\pN.'’-]+){1,4})`)

// asksQuantity reports whether q asks for a quantity ("How many…?") and,
// for "how many X", the terms of X: the words before the first verb,
// preposition or the like ("hot dogs", "US troops", "baby swings").
func asksQuantity(q string) (bool, []string) {
	if !reQuantity.MatchString(q) {
		return false, nil
	}
	m := reHowMany.FindStringSubmatch(q)
	if m == nil {
		return true, nil
	}
	var unit []string
	for _, w := range strings.Fields(m[1]) {
		lw := strings.ToLower(strings.Trim(w, ".,;:?!'’"))
		if unitStop[lw] || strings.HasSuffix(lw, "ed") {
			break
		}
		unit = append(unit, text.Terms(w)...)
	}
	if len(unit) == 1 && vagueUnits[unit[0]] {
		return true, nil
	}
	return true, unit
}

// unitStop ends the counted noun phrase after "how many".
var unitStop = map[string]bool{
	"did": true, "do": true, "does": true, "were": true, "was": true, "are": true, "is": true, "has": true, "have": true,
	"had": true, "will": true, "would": true, "could": true, "can": true, "should": true, "might": true, "may": true,
	"in": true, "of": true, "at": true, "on": true, "for": true, "to": true, "from": true, "by": true, "with": true,
	"the": true, "a": true, "an": true, "this": true, "that": true, "there": true, "he": true, "she": true, "they": true,
	"it": true, "we": true, "you": true, "more": true, "than": true, "died": true, "die": true,
}

// vagueUnits are counted nouns an answer often leaves out ("12 were
// killed" answers "how many people"): any number will do for them.
var vagueUnits = map[string]bool{"people": true, "person": true, "times": true, "time": true}

// namesAny reports whether terms holds any of unit (true when unit is empty).
func namesAny(terms map[string]bool, unit []string) bool {
	if len(unit) == 0 {
		return true
	}
	for _, u := range unit {
		if terms[u] {
			return true
		}
	}
	return false
}

// numberWords are the words that state a number without digits.
var numberWords = map[string]bool{
	"two": true, "three": true, "four": true, "five": true, "six": true, "seven": true, "eight": true,
	"nine": true, "ten": true, "eleven": true, "twelve": true, "thirteen": true, "fourteen": true, "fifteen": true,
	"sixteen": true, "seventeen": true, "eighteen": true, "nineteen": true, "twenty": true, "thirty": true,
	"forty": true, "fifty": true, "sixty": true, "seventy": true, "eighty": true, "ninety": true, "hundred": true,
	"hundreds": true, "thousand": true, "thousands": true, "million": true, "millions": true, "billion": true,
	"billions": true, "trillion": true, "dozen": true, "dozens": true, "half": true, "double": true, "twice": true,
}

// statesNumber reports whether s states a number, in digits or in words.
func statesNumber(s string) bool {
	for _, m := range reDigits.FindAllStringSubmatch(s, -1) {
		if !reYear.MatchString(m[1]) {
			return true
		}
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if numberWords[w] {
			return true
		}
	}
	return false
}

var (
	// reDigits matches a number in digits, not one glued to a name's
	// letters ("Q3", "G7"): those name a thing, not a quantity.
	reDigits = regexp.MustCompile(`(?:^|[^\pL\d])(\d+(?:[.,]\d+)*)`)
	reYear   = regexp.MustCompile(`^(?:1[89]|20)\d\d$`)
)

// spanUnits are the nouns that make a number a span of time ("four days of
// music", "a 10-year plan"), not a count of people or things.
var spanUnits = map[string]bool{"second": true, "seconds": true, "minute": true, "minutes": true, "hour": true,
	"hours": true, "day": true, "days": true, "week": true, "weeks": true, "month": true, "months": true,
	"year": true, "years": true, "decade": true, "decades": true}

// onlySpans reports whether s states numbers and every one is a span of
// time: "ended on Sunday after four days of music" says how long, not
// how many people came.
func onlySpans(s string) bool {
	tt := tokens(s)
	found := false
	for i, t := range tt {
		if !definiteNumber(strings.Trim(t.lower, "$%")) && !statesNumber(t.raw) || reYear.MatchString(t.raw) {
			continue
		}
		if i+1 >= len(tt) || t.comma || !spanUnits[tt[i+1].lower] {
			return false
		}
		found = true
	}
	return found
}

// reAsksCount matches a question that asks for a count of people or things.
var reAsksCount = regexp.MustCompile(`(?i)\bhow many\b|\b(?:number|attendance|population|toll|crowd)\b`)
