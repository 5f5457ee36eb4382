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

// ordinalNumber returns the number an ordinal word or numeral stands for.
func ordinalNumber(w string) (string, bool) { return text.Ordinal(w) }

// editionNouns name the numbered instalments of a series: a question about
// one of them is not answered by a sentence about another.
var editionNouns = map[string]bool{"season": true, "series": true, "edition": true, "chapter": true,
	"volume": true, "part": true, "round": true, "episode": true, "game": true}

// editions returns the numbered instalments s names: "season 4", "the
// fourth season" and "4th season" all give season -> 4.
func editions(tt []token) map[string]string {
	out := map[string]string{}
	for i, t := range tt {
		noun := strings.TrimSuffix(t.lower, "s")
		if !editionNouns[noun] {
			continue
		}
		if i+1 < len(tt) && !t.comma {
			// "season 4", "game five"
			if n, ok := text.Number(tt[i+1].lower); ok && isSmallNumber(n) {
				out[noun] = n
				continue
			}
		}
		if i > 0 {
			if n, ok := ordinalNumber(tt[i-1].lower); ok {
				out[noun] = n
			} else if i > 2 && (tt[i-1].lower == "final" || tt[i-1].lower == "last") && tt[i-2].lower == "and" {
				// "the tenth and final season"
				if n, ok := ordinalNumber(tt[i-3].lower); ok {
					out[noun] = n
				}
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
	asked := editions(a.clauseTokens())
	for noun, n := range editions(tt) {
		if want, ok := asked[noun]; ok && want != n {
			return true
		}
	}
	isName := func(i int) bool { return i >= 0 && i < len(tt) && slices.Contains(a.Names, tt[i].lower) }
	words := map[string]bool{}
	for _, w := range a.clauseWords() {
		if !text.IsStopword(w) && !reWh.MatchString(w) {
			words[strings.TrimSuffix(w, "s")] = true
		}
	}
	isAsked := func(i int) bool { return i >= 0 && i < len(tt) && words[strings.TrimSuffix(tt[i].lower, "s")] }
	named := false
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
		// A run of capitalized words that names what is asked about.
		if !isCapital(t.raw) {
			named = false
		} else {
			if i == 0 || tt[i-1].comma || !isCapital(tt[i-1].raw) {
				named = false
			}
			named = named || isName(i)
		}
		if named && !t.comma && i+1 < len(tt) && isSmallNumber(tt[i+1].raw) && !slices.Contains(a.Numbers, tt[i+1].raw) &&
			!editionNouns[t.lower] && !countedNouns[t.lower] {
			// "Super Mario Odyssey 2", "Zelda BotW 2" for the first game.
			if _, month := monthWords[t.lower]; !month && (i+2 >= len(tt) || !isMonthOrUnit(tt[i+2].lower)) {
				return true
			}
		}
		if partNouns[t.lower] && !words[t.lower] && i+1 < len(tt) &&
			(isSmallNumber(tt[i+1].lower) || partResults[strings.TrimSuffix(tt[i+1].lower, "s")]) &&
			!a.wonWholeBefore(tt, i) {
			// "Stage 15", "stage winner": a part of the race asked about.
			return true
		}
	}
	return false
}

// wonWholeBefore reports whether, before the part noun at tt[part], s
// states the asked predicate of an asked name ("won the Tour de France
// after taking the yellow jersey on stage 6"), so the part is a step to the
// whole ("won stage 6 of the Tour" is not).
func (a Asked) wonWholeBefore(tt []token, part int) bool {
	if len(a.Predicate) == 0 {
		return false
	}
	for j := 0; j < part; j++ {
		if !statesPredicate(tt[j].lower, a.Predicate) {
			continue
		}
		for k := j + 1; k < part && k <= j+3; k++ {
			if isCapital(tt[k].raw) && slices.Contains(a.Names, tt[k].lower) {
				return true
			}
		}
	}
	return false
}

// countedNouns, capitalized before a number, name a part or a thing of
// the series, not a sequel ("World Series Game 6", "Tesla Model 3").
var countedNouns = map[string]bool{"game": true, "games": true, "week": true, "day": true, "stage": true,
	"match": true, "race": true, "no": true, "number": true, "category": true, "level": true, "act": true,
	"route": true, "flight": true, "phase": true, "grade": true, "class": true, "type": true, "model": true,
	"version": true, "district": true, "terminal": true, "gate": true, "hole": true, "lap": true}

// partNouns name the parts of a race or a series: a sentence about one
// part does not answer a question about the whole ("who won the Tour").
var partNouns = map[string]bool{"stage": true, "leg": true, "heat": true}

// partResults, after a part noun, show the sentence is about the part's
// result ("stage winner").
var partResults = map[string]bool{"win": true, "winner": true, "victory": true, "victorie": true, "title": true}

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
	"casting": true, "best": true, "acting": true, "interim": true, "previous": true, "outgoing": true,
	"past": true, "founding": true, "managing": true, "executive": true, "technical": true, "photography": true,
	"video": true, "departing": true}

// removers, just before a role, remove its holder: "fired head coach
// Nathaniel Hackett", "ousted CEO".
var removers = map[string]bool{"fired": true, "ousted": true, "sacked": true, "dismissed": true, "axed": true}

// rumoured reports whether the title starting at tt[start] is one its
// holder is only expected to take: "is expected to be named Twitter's new
// CEO", "tipped to become prime minister" (a goal word and "to" before it,
// in its clause).
func rumoured(tt []token, start int) bool {
	for k := start - 1; k >= 1 && k >= start-5; k-- {
		if tt[k].comma {
			return false
		}
		if tt[k].lower == "to" && goalWords[tt[k-1].lower] {
			return true
		}
	}
	return false
}

// holdsRole reports whether s names role as held now by someone: an
// occurrence of the role not qualified as another ("former CEO", "vice
// president") and not about something else ("a director of music videos").
// The role may be stated as its verb ("directed by"), one of forms; clause
// holds the asking clause's words (its field is the one asked about:
// "director of national intelligence"); asksGoal is set when the question
// asks about a role one is expected to take.
func holdsRole(s, role string, forms []string, clause []string, asksGoal bool) bool {
	tt := tokens(s)
	// "the vice president": a qualified role asked about is held by one
	// the sentence qualifies alike ("Vice President Kamala Harris", not
	// "President Joe Biden").
	mod := ""
	for j, w := range clause {
		if w == role && j > 0 && roleQualifiers[clause[j-1]] {
			mod = clause[j-1]
		}
	}
	for i, t := range tt {
		// "presidents" are not the one president asked about.
		if t.lower != role && (t.lower == role+"s" || !slices.Contains(forms, text.Porter(t.lower))) {
			continue
		}
		if mod != "" && (i == 0 || tt[i-1].lower != mod) {
			continue
		}
		// The qualifier may come before the words of a compound title or
		// a body's name: "Former Starbucks CEO", "resigned as prime
		// minister".
		k := i
		for k > 0 && !tt[k-1].comma && (isCapital(tt[k-1].raw) && !roleQualifiers[tt[k-1].lower] ||
			slices.Contains(clause, tt[k-1].lower) && !text.IsStopword(tt[k-1].lower)) {
			k--
		}
		if k > 0 && (roleQualifiers[tt[k-1].lower] || removers[tt[k-1].lower]) || rumoured(tt, k) && !asksGoal {
			continue
		}
		if otherRoleOf(tt, i, clause) || leavesRole(tt, k, i) || soughtRole(tt, k) {
			continue
		}
		return true
	}
	return false
}

// absoluteDate reports whether s states a date on its own: a month, a
// year, a numeric date or a day of the week ("changes on Monday"), not
// "last year" or "today", which say nothing in an undated text.
func absoluteDate(s string) bool { return reAbsDate.MatchString(s) }

var reAbsDate = regexp.MustCompile(`(?i)\b(?:(?:january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\s+\d|(?:19|20)\d\d\b|\d{1,2}/\d{1,2}/\d{2,4})`)

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
	reMoney = regexp.MustCompile(`(?i)\b(?:what (?:is|was|were|are|will be)|how much)\b[^?]{0,40}\b(?:revenues?|profits?|sales|earnings|income|net worth|valuation|market (?:cap|value)|salary|budget|price|cost|fined?|settlement|worth|pa(?:y|id)|spen[dt]|money)\b`)
	// reSum matches a sum of money.
	reSum = regexp.MustCompile(`(?i)[$€£¥]\s?\d|\b\d[\d.,]*\s*(?:billion|million|trillion|bn|m)\b|\b(?:dollars|euros|pounds|yen)\b`)
)

// otherYearsOnly reports whether s names years and none of the asked ones:
// a date it states is another year's ("November 18, 2020" for "the 2021
// draft"). A sentence without a year leaves the year to its article.
func otherYearsOnly(s string, years []string) bool {
	if len(years) == 0 {
		return false
	}
	found := reYearWord.FindAllString(s, -1)
	if len(found) == 0 {
		return false
	}
	for _, y := range found {
		if slices.Contains(years, y) {
			return false
		}
	}
	return true
}

// namePhrases returns the runs of capitalized words of clause, lowercase
// ("the 2021 NBA Draft" gives "nba draft").
func namePhrases(clause string) [][]string {
	var out [][]string
	var run []string
	flush := func() {
		if len(run) > 0 {
			out = append(out, run)
		}
		run = nil
	}
	for _, t := range tokens(clause) {
		if !isCapital(t.raw) || reWh.MatchString(t.raw) {
			flush()
			continue
		}
		run = append(run, t.lower)
		if t.comma {
			flush()
		}
	}
	flush()
	return out
}

// extendsName reports whether s names something else under an asked
// name, and never the name itself: the name followed by another
// capitalized word ("the NBA Draft Combine", "the LEGO Foundation" for "the
// NBA Draft", "Lego"), other than the words a name of the same thing takes
// ("Final", "Group", "LV").
func (a Asked) extendsName(s string) bool {
	clause := a.Clause
	if k := strings.Index(strings.ToLower(clause), "according to"); k >= 0 {
		clause = clause[:k] // the source of the fact is named as it likes
	}
	phrases := namePhrases(clause)
	if len(phrases) == 0 {
		return false
	}
	tt := tokens(s)
	headline := true
	for _, t := range tt {
		if len(t.raw) >= 4 && !isCapital(t.raw) && strings.ToLower(t.raw) == t.raw && !isSmallNumber(t.raw) {
			headline = false
		}
	}
	if headline {
		return false // a headline in title case capitalizes every word
	}
	extended := false
	for _, p := range phrases {
		last := p[len(p)-1]
		if nounKinds[last] == KindPerson {
			continue // "CEO" is the role asked about, not a name
		}
		for i := 0; i < len(tt); i++ {
			if tt[i].lower != last || !isCapital(tt[i].raw) || len(p) > 1 && (i == 0 || tt[i-1].lower != p[len(p)-2]) {
				continue
			}
			if i+1 == len(tt) || tt[i].comma {
				return false // the name itself, unextended
			}
			next := tt[i+1]
			_, month := monthWords[next.lower]
			// A title after the name is its holder's ("House Speaker").
			if !isCapital(next.raw) || month || weekdayWords[next.lower] || sameThing[strings.TrimSuffix(next.lower, "s")] || nounKinds[next.lower] == KindPerson ||
				reRoman.MatchString(next.raw) || slices.Contains(a.Names, next.lower) || strings.ToUpper(next.raw) == next.raw && len(next.raw) <= 3 {
				return false
			}
			extended = true
		}
	}
	return extended
}

// sameThing are the words that may follow a name and still name it.
var sameThing = map[string]bool{"final": true, "championship": true, "champion": true, "game": true,
	"trophy": true, "title": true, "group": true, "inc": true, "corp": true, "co": true, "company": true,
	"ltd": true, "team": true, "tournament": true, "ceremony": true, "winner": true, "series": true,
	"season": true, "award": true, "prize": true, "cup": true, "open": true, "official": true, "chief": true,
	"ceo": true, "president": true, "app": true, "movie": true, "film": true, "show": true, "the": true}

// reRoman matches a roman numeral (Super Bowl LV).
var reRoman = regexp.MustCompile(`^[IVXLC]+$`)
