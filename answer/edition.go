package answer

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/byline-bot/byline/internal/text"
)

// This file holds the rules that tell a sentence about the event asked of
// from one about its neighbour: another year's edition ("the 2004 Summer
// Olympics" for "which city hosted the olympic games in 2008"), a sequel
// ("Breath of the Wild 2"), another season ("Season 10" for "the first
// season"), a former holder of the role asked about ("the former president
// of FIFA" for "who is the president of FIFA"). News search brings all of
// these up for a question, on topic and true, and none of them answers it.

// token is one word of a sentence as these rules read it.
type token struct {
	raw   string // as written, punctuation trimmed
	lower string
	comma bool // followed by a comma or another clause mark
}

// tokens splits s into words, hyphenated words into their parts.
func tokens(s string) []token {
	var out []token
	for _, f := range strings.Fields(s) {
		parts := strings.FieldsFunc(f, func(r rune) bool { return r == '-' || r == '–' || r == '—' || r == '/' })
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
			// A mark on its own (" ; ", " - ", " ... ") parts clauses.
			if len(out) > 0 {
				out[len(out)-1].comma = true
			}
			continue
		}
		if strings.ContainsAny(f[:1], "(\"“'‘") && len(out) > 0 {
			out[len(out)-1].comma = true
		}
		for i, p := range parts {
			w := strings.TrimFunc(p, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
			if w == "" {
				continue
			}
			mark := i == len(parts)-1 && strings.ContainsAny(p[len(p)-1:], ",;:.)")
			if i < len(parts)-1 {
				mark = true // "2-1": a score, not a sequel's number
			}
			out = append(out, token{raw: w, lower: strings.ToLower(w), comma: mark})
		}
	}
	return out
}

// ordinals maps ordinal words to their numbers.
var ordinals = map[string]string{"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5",
	"sixth": "6", "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10", "eleventh": "11", "twelfth": "12"}

// reOrdinal matches a numeric ordinal ("4th", "92nd").
var reOrdinal = regexp.MustCompile(`^(\d+)(?:st|nd|rd|th)$`)

// ordinalNumber returns the number an ordinal word or numeral stands for.
func ordinalNumber(w string) (string, bool) {
	if n, ok := ordinals[w]; ok {
		return n, true
	}
	if m := reOrdinal.FindStringSubmatch(w); m != nil {
		return m[1], true
	}
	return "", false
}

// editionNouns name the numbered instalments of a series: a question about
// one of them is not answered by a sentence about another.
var editionNouns = map[string]bool{"season": true, "series": true, "edition": true, "chapter": true,
	"volume": true, "part": true, "round": true, "episode": true}

// editions returns the numbered instalments s names: "season 4", "the
// fourth season" and "4th season" all give season -> 4.
func editions(tt []token) map[string]string {
	out := map[string]string{}
	for i, t := range tt {
		noun := strings.TrimSuffix(t.lower, "s")
		if !editionNouns[noun] {
			continue
		}
		if i+1 < len(tt) && isSmallNumber(tt[i+1].lower) && !t.comma {
			out[noun] = tt[i+1].lower
			continue
		}
		if i > 0 {
			if n, ok := ordinalNumber(tt[i-1].lower); ok {
				out[noun] = n
			}
		}
	}
	return out
}

// isSmallNumber reports whether w is a number of up to three digits.
func isSmallNumber(w string) bool {
	if w == "" || len(w) > 3 {
		return false
	}
	_, err := strconv.Atoi(w)
	return err == nil
}

// otherEdition reports whether sentence s speaks of another edition of
// what is asked than the one asked about: another instalment (season,
// part...), a year tied to an asked name that is not the asked year, or an
// asked name followed by a number the question does not give (a sequel).
func (a Asked) otherEdition(s string) bool {
	tt := tokens(s)
	asked := editions(tokens(a.Clause))
	for noun, n := range editions(tt) {
		if want, ok := asked[noun]; ok && want != n {
			return true
		}
	}
	isName := func(i int) bool { return i >= 0 && i < len(tt) && slices.Contains(a.Names, tt[i].lower) }
	words := map[string]bool{}
	for _, w := range text.Words(a.Clause) {
		if !text.IsStopword(w) && !reWh.MatchString(w) {
			words[strings.TrimSuffix(w, "s")] = true
		}
	}
	isAsked := func(i int) bool { return i >= 0 && i < len(tt) && words[strings.TrimSuffix(tt[i].lower, "s")] }
	for i, t := range tt {
		if len(a.Years) > 0 && len(t.raw) == 4 && reYearWord.MatchString(t.raw) && !slices.Contains(a.Years, t.raw) {
			// "the 2004 Summer Olympics", "Wimbledon 2019": the year is the
			// edition's. "As of 2021" or "in 2012" is not tied to a name.
			before := i > 0 && !tt[i-1].comma && isAsked(i-1) && isCapital(tt[i-1].raw)
			after := !t.comma && (isAsked(i+1) || i+1 < len(tt) && isCapital(tt[i+1].raw) && !tt[i+1].comma && isAsked(i+2))
			if before || after {
				return true
			}
		}
		if isName(i) && !t.comma && i+1 < len(tt) && isSmallNumber(tt[i+1].raw) && !reYearWord.MatchString(tt[i+1].raw) &&
			!slices.Contains(a.Numbers, tt[i+1].raw) && !editionNouns[t.lower] {
			// "Super Mario Odyssey 2" for "Super Mario Odyssey".
			if i+2 >= len(tt) || !isMonthOrUnit(tt[i+2].lower) {
				return true
			}
		}
	}
	return false
}

// isMonthOrUnit reports whether w, after a name and a number, shows the
// number is not the name's ("Apple 3 billion", "Paris 2 March").
func isMonthOrUnit(w string) bool {
	if _, ok := monthWords[w]; ok {
		return true
	}
	return numberWords[w] || w == "percent" || w == "points" || w == "goals" || w == "runs"
}

func isCapital(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r)
	}
	return false
}

// roleQualifiers, before a role, make it another role than the one asked
// about: "the former president", "vice president", "creative director",
// "best director" (an award), "acting CEO".
var roleQualifiers = map[string]bool{"former": true, "ex": true, "late": true, "then": true, "vice": true,
	"deputy": true, "assistant": true, "associate": true, "creative": true, "art": true, "music": true,
	"casting": true, "best": true, "acting": true, "interim": true, "co": true, "previous": true, "outgoing": true,
	"past": true, "founding": true, "managing": true, "executive": true, "technical": true, "photography": true}

// holdsRole reports whether s names role as held now by someone: an
// occurrence of the role not qualified as another ("former CEO", "vice
// president") and not about something else ("a director of music videos").
// The role may be stated as its verb ("directed by"), one of forms.
func holdsRole(s, role string, forms []string) bool {
	tt := tokens(s)
	for i, t := range tt {
		// "presidents" are not the one president asked about.
		if t.lower != role && (t.lower == role+"s" || !slices.Contains(forms, text.Porter(t.lower))) {
			continue
		}
		if i > 0 && roleQualifiers[tt[i-1].lower] {
			continue
		}
		return true
	}
	return false
}

// absoluteDate reports whether s states a date on its own: a month, a
// year or a numeric date, not "last year" or "on Monday", which say
// nothing in an undated text.
func absoluteDate(s string) bool { return reAbsDate.MatchString(s) }

var reAbsDate = regexp.MustCompile(`(?i)\b(?:(?:january|february|march|april|may|june|july|august|september|october|november|december)\b|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\s+\d|(?:19|20)\d\d\b|\d{1,2}/\d{1,2}/\d{2,4})`)

// reWireDateline matches a wire story's place dateline ("COPENHAGEN,
// Denmark — "): its place names the newsroom, not an answer.
var reWireDateline = regexp.MustCompile(`^\s*[A-Z][A-Z .'’]+[A-Z](?:,\s+[A-Z][\pL.]*(?:\s+[A-Z][\pL.]*)?)?\s*(?:\([A-Za-z]+\))?\s*(?:—|–|--|-)\s*`)

// hasOrdinal reports whether s gives number n as an ordinal ("fourth",
// "4th" for "season 4").
func hasOrdinal(s, n string) bool {
	for _, t := range tokens(s) {
		if m, ok := ordinalNumber(t.lower); ok && m == n {
			return true
		}
	}
	return false
}

var (
	// reMoney matches a question asking for a sum of money.
	reMoney = regexp.MustCompile(`(?i)\b(?:what (?:is|was|were|are|will be)|how much)\b[^?]{0,40}\b(?:revenues?|profits?|sales|earnings|income|net worth|valuation|market (?:cap|value)|salary|budget|price|cost|fine|settlement|worth)\b`)
	// reSum matches a sum of money.
	reSum = regexp.MustCompile(`(?i)[$€£¥]\s?\d|\b\d[\d.,]*\s*(?:billion|million|trillion|bn|m)\b|\b(?:dollars|euros|pounds|yen)\b`)
)
