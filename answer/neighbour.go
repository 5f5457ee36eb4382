package answer

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/byline-bot/byline/internal/text"
)

// This file holds the rules that tell a sentence about the thing asked of
// from one about its neighbour that edition.go does not: a sequel named by
// its relation ("the sequel to Marvel's Spider-Man"), a part of the
// instalment asked about ("Season 11, Episode 17"), another category of the
// award asked about ("best supporting actor" for "Best Actor"), a win of an
// early round ("wins her Open debut"), a younger self of the person asked
// about ("the young Diana Prince"), another qualifier of the asked title
// ("the State Teacher of the Year" for the National one), and an answer
// only described by what the question says of it ("educator who was named").

// relationNouns, followed by "to" or "of" and an asked name, make the
// sentence about another work than the named one: "the sequel to X", "a
// remake of X".
var relationNouns = map[string]bool{"sequel": true, "prequel": true, "successor": true, "remake": true,
	"reboot": true, "spinoff": true, "spin": true, "followup": true, "follow": true}

// aboutNeighbour reports whether s speaks of a neighbour of what is asked:
// a sequel, prequel or remake of an asked name (unless the question asks
// about the sequel itself).
func (a Asked) aboutNeighbour(s string) bool {
	tt := tokens(s)
	clause := map[string]bool{}
	for _, t := range tokens(a.Clause) {
		clause[t.lower] = true
	}
	for i, t := range tt {
		if !relationNouns[t.lower] || clause[t.lower] {
			continue
		}
		// "sequel to", "follow-up to", "spin-off of", then the name within
		// a few words ("the sequel to 2018's Marvel's Spider-Man").
		for j := i + 1; j < len(tt) && j <= i+3; j++ {
			if tt[j].lower != "to" && tt[j].lower != "of" && tt[j].lower != "up" && tt[j].lower != "off" {
				continue
			}
			for k := j + 1; k < len(tt) && k <= j+4; k++ {
				if slices.Contains(a.Names, tt[k].lower) {
					return true
				}
			}
			break
		}
	}
	return false
}

// partOf maps an instalment noun to the nouns of its parts: a sentence
// about "Season 11, Episode 17" speaks of one episode, not of the season a
// question asks about.
var partOf = map[string][]string{"season": {"episode", "chapter"}, "series": {"episode"},
	"volume": {"chapter", "issue"}}

// aboutPart reports whether s names a numbered part ("episode 24") of an
// instalment the question asks about ("Season 11") when the question
// names no part of it.
func (a Asked) aboutPart(s string) bool {
	asked := editions(tokens(a.Clause))
	if len(asked) == 0 {
		return false
	}
	tt := tokens(s)
	for noun := range asked {
		for _, part := range partOf[noun] {
			if _, ok := asked[part]; ok {
				continue
			}
			for i, t := range tt {
				if strings.TrimSuffix(t.lower, "s") == part && i+1 < len(tt) && isSmallNumber(tt[i+1].lower) {
					return true
				}
			}
		}
	}
	return false
}

// otherCategory reports whether s names only other categories of an award
// than the one asked about: "the best supporting actor Oscar" and "Best
// Picture" for "who won Best Actor". A question names a category with a
// capitalized "Best"; a sentence names one with "best" and the word after
// it. A sentence that names no category leaves it to its context.
func (a Asked) otherCategory(s string) bool {
	ct := tokens(a.Clause)
	want := ""
	for i, t := range ct {
		if t.raw == "Best" && i+1 < len(ct) {
			want = ct[i+1].lower
			break
		}
	}
	if want == "" {
		return false
	}
	tt := tokens(s)
	other := false
	for i, t := range tt {
		if t.lower != "best" || t.comma || i+1 >= len(tt) {
			continue
		}
		if tt[i+1].lower == want {
			return false
		}
		other = true
	}
	return other
}

// roundNouns name an early part of a tournament: a win there ("wins her
// Open debut", "won the opener", "beat her in the first round") is not the
// title a "who won" question asks for.
var roundNouns = map[string]bool{"debut": true, "opener": true, "opening": true, "round": true, "heat": true,
	"qualifier": true, "qualifying": true, "quarterfinal": true, "semifinal": true, "semi": true, "group": true}

// winsARound reports whether s states a win of an early round, when the
// question asks who won (and names no round): the words after the win (up
// to seven, within its clause) name a round. A debut after "on" or "in" is
// the occasion of a title ("won the title on her debut"), not a round.
func (a Asked) winsARound(s string) bool {
	if !slices.Contains(a.Predicate, "win") {
		return false
	}
	clause := map[string]bool{}
	for _, t := range tokens(a.Clause) {
		clause[strings.TrimSuffix(t.lower, "s")] = true
	}
	tt := tokens(s)
	for i, t := range tt {
		if !statesPredicate(t.lower, a.Predicate) {
			continue
		}
		for j := i + 1; j < len(tt) && j <= i+7; j++ {
			w := strings.TrimSuffix(tt[j].lower, "s")
			if w == "debut" && (tt[j-1].lower == "on" || tt[j-1].lower == "in" || j > 1 && (tt[j-2].lower == "on" || tt[j-2].lower == "in")) {
				continue // "won the title on her debut": the debut is the occasion
			}
			if roundNouns[w] && !clause[w] {
				return true
			}
			if tt[j].comma {
				break
			}
		}
	}
	return false
}

// ageQualifiers, before an asked name, make it another part than the one
// asked about: "plays the young Diana Prince" is not the role of "Diana
// Prince".
var ageQualifiers = map[string]bool{"young": true, "younger": true, "teenage": true, "teen": true, "child": true,
	"little": true, "baby": true, "older": true, "elderly": true, "adult": true, "kid": true}

// youngerSelf reports whether s names a name of the question only after an
// age qualifier ("the young Diana Prince"), when the question does not.
func (a Asked) youngerSelf(s string) bool {
	clause := map[string]bool{}
	for _, t := range tokens(a.Clause) {
		clause[t.lower] = true
	}
	tt := tokens(s)
	for _, p := range namePhrases(a.Clause) {
		qualified, plain := false, false
		for i, t := range tt {
			if t.lower != p[0] || !isCapital(t.raw) {
				continue
			}
			if i > 0 && ageQualifiers[tt[i-1].lower] && !clause[tt[i-1].lower] {
				qualified = true
			} else {
				plain = true
			}
		}
		if qualified && !plain {
			return true
		}
	}
	return false
}

// otherRoleOf reports whether the role at tt[i] is said of a field, not of
// a work or body: "a director of music videos", "director of photography",
// "president of operations" (a lowercase noun after "of"), where "the
// director of the film" and "president of FIFA" hold the role asked about.
// A field the question names ("the director of national intelligence") is
// the one asked about.
func otherRoleOf(tt []token, i int, clause string) bool {
	if tt[i].comma || i+2 >= len(tt) || tt[i+1].lower != "of" {
		return false
	}
	next := tt[i+2]
	if slices.Contains(text.Words(clause), next.lower) {
		return false
	}
	return !isCapital(next.raw) && !text.IsStopword(next.lower) && !isSmallNumber(next.lower)
}

// otherHolder are the words that, before a predicate's noun, make it
// another's: "he won an Oscar for best director" says nothing of who
// directed; "the former champion" of who won this time. (A smaller set
// than roleQualifiers: "co-founded" still founded, and a list of "past
// champions" names the winners.)
var otherHolder = map[string]bool{"former": true, "ex": true, "vice": true, "deputy": true, "assistant": true,
	"associate": true, "best": true, "acting": true, "interim": true, "outgoing": true,
	"creative": true, "art": true, "music": true, "casting": true, "video": true}

// predicateOnlyQualified reports whether every word of s that states the
// predicate is qualified as another's ("best director", "former champion").
func predicateOnlyQualified(s string, forms []string) bool {
	tt := tokens(s)
	found := false
	for i, t := range tt {
		if !statesPredicate(t.lower, forms) {
			continue
		}
		if i == 0 || !otherHolder[tt[i-1].lower] {
			return false
		}
		found = true
	}
	return found
}

// otherTitle reports whether s names a title the question names with
// another qualifier in place of the asked one ("the Hawaii State Teacher
// of the Year" for "the National Teacher of the Year", "the WNBA Finals"
// for "the NBA Finals"): the asked name's last words, capitalized, after a
// capitalized word that is not its first, and the asked name nowhere.
func (a Asked) otherTitle(s string) bool {
	tt := tokens(s)
	other := false
	for _, p := range namePhrases(a.Clause) {
		if len(p) < 2 {
			continue
		}
		for i := 1; i+len(p)-1 <= len(tt); i++ {
			match := true
			for k, w := range p[1:] {
				if plainWord(tt[i+k].lower) != plainWord(w) || !isCapital(tt[i+k].raw) {
					match = false
					break
				}
			}
			if !match {
				continue
			}
			prev := tt[i-1]
			if a, b := plainWord(prev.lower), plainWord(p[0]); strings.HasPrefix(a, b) || strings.HasPrefix(b, a) {
				return false // the asked name itself ("USA Open" for "US Open")
			}
			if isCapital(prev.raw) && !prev.comma && !slices.Contains(a.Names, plainWord(prev.lower)) {
				other = true
			}
		}
	}
	return other
}

// plainWord is w without a possessive, its apostrophes straight: "Martha’s"
// and "Martha's" are one word.
func plainWord(w string) string {
	w = strings.ReplaceAll(w, "’", "'")
	return strings.TrimSuffix(w, "'s")
}

// relativeAux are the words between "who" and the predicate in a relative
// clause ("who was named", "who has been named").
var relativeAux = map[string]bool{"was": true, "is": true, "were": true, "are": true, "has": true, "have": true,
	"had": true, "been": true, "be": true, "will": true, "just": true, "recently": true}

// describedOnly reports whether s states the predicate only in a relative
// clause on a common noun ("honor Las Vegas educator who was named Teacher
// of the Year"): the sentence describes the answer by what the question
// says of it, and names it nowhere. An appositive that names it ("Juliana
// Urtubey, the teacher who was named") or a name before "who" ("Urtubey,
// who was named") names it.
func (a Asked) describedOnly(s string) bool {
	if len(a.Predicate) == 0 {
		return false
	}
	tt := tokens(s)
	found := false
	for i, t := range tt {
		if !statesPredicate(t.lower, a.Predicate) {
			continue
		}
		j := i - 1
		for j >= 0 && relativeAux[tt[j].lower] {
			j--
		}
		if j < 1 || tt[j].lower != "who" || tt[j-1].comma || isCapital(tt[j-1].raw) {
			return false
		}
		// ", the teacher who": an appositive of a name before it.
		for k := j - 1; k >= 0 && k >= j-4; k-- {
			if k > 0 && tt[k-1].comma && (tt[k].lower == "the" || tt[k].lower == "a" || tt[k].lower == "an") {
				return false
			}
			if tt[k].comma {
				break
			}
		}
		if apposed(tt, i) {
			return false
		}
		found = true
	}
	return found
}

// apposed reports whether the relative clause whose predicate is tt[i] is
// followed by an appositive name: "The player who won the Masters, Scottie
// Scheffler, said..." (two capitalized words or more between commas).
func apposed(tt []token, i int) bool {
	k := i
	for k < len(tt) && !tt[k].comma {
		k++
	}
	n := 0
	for j := k + 1; j < len(tt) && isCapital(tt[j].raw); j++ {
		n++
		if tt[j].comma {
			return n >= 2
		}
	}
	return false
}

// goalWords, shortly before "to" and the predicate, make it a goal or a
// condition, not a fact: "votes needed to win", "not a requirement for a
// player to win", "a chance to win" ("beat Williams to win the title" is a
// result, and stays).
var goalWords = map[string]bool{"need": true, "needed": true, "needs": true, "required": true, "requirement": true,
	"chance": true, "chances": true, "bid": true, "hope": true, "hopes": true, "hoping": true, "aim": true,
	"aims": true, "aiming": true, "seek": true, "seeks": true, "seeking": true, "try": true, "tries": true,
	"trying": true, "eligible": true, "favorite": true, "favorites": true, "favourite": true, "favourites": true,
	"odds": true, "expected": true, "poised": true, "looking": true, "wants": true, "want": true, "bids": true}

// predicateOnlyAGoal reports whether every word of s that states the
// predicate is a goal's infinitive ("needed to win").
func predicateOnlyAGoal(s string, forms []string) bool {
	tt := tokens(s)
	found := false
	for i, t := range tt {
		if !statesPredicate(t.lower, forms) {
			continue
		}
		if i == 0 || tt[i-1].lower != "to" {
			return false
		}
		goal := false
		for k := i - 2; k >= 0 && k >= i-5; k-- {
			if goalWords[tt[k].lower] {
				goal = true
				break
			}
			if tt[k].comma {
				break
			}
		}
		if !goal {
			return false
		}
		found = true
	}
	return found
}

// reAsOfYear matches a year that dates a standing ("As of 2021, the player
// with the most wins was..."), not the event of that year.
var reAsOfYear = regexp.MustCompile(`(?i)\b(?:as of|as at)\s+(?:(?:the end of|early|late|mid)\s+)?((?:19|20)\d\d)\b`)

// namesYear reports whether s names year y other than as the date of a
// standing ("as of 2021").
func namesYear(s, y string) bool {
	return strings.Contains(reAsOfYear.ReplaceAllString(s, ""), y)
}

// sentenceBefore returns the sentence of passage just before s, "" when s
// opens it or is not in it.
func sentenceBefore(passage, s string) string {
	k := strings.Index(passage, s)
	if k <= 0 {
		return ""
	}
	spans := text.Sentences(passage[:k])
	if len(spans) == 0 {
		return ""
	}
	sp := spans[len(spans)-1]
	return passage[sp[0]:sp[1]]
}

// camelCase reports whether w is a name written with a lowercase first
// letter and a capital after it ("iPhone", "eBay", "iOS").
func camelCase(w string) bool {
	for i, r := range w {
		if i == 0 {
			if !unicode.IsLower(r) {
				return false
			}
			continue
		}
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// capitalizedWords returns the words of s written as names are (a capital
// first, or a camel-case word): "tour-level wins" does not speak of the
// Tour de France.
func capitalizedWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, t := range tokens(s) {
		if isCapital(t.raw) || camelCase(t.raw) {
			for _, w := range text.Words(t.raw) {
				out[w] = true
			}
		}
	}
	return out
}

// namesTheEvent reports whether s speaks of the event a date question asks
// about: the last word of one of the asking clause's names ("the 2021 NBA
// Draft" -> "draft"), written in s. A question that names nothing asks
// about what its article is about.
func (a Asked) namesTheEvent(s string) bool {
	phrases := namePhrases(a.Clause)
	if len(phrases) == 0 || reDateField.MatchString(s) || reThingSubject.MatchString(s) {
		return true
	}
	words := map[string]bool{}
	for _, w := range text.Words(s) {
		words[w] = true
	}
	for _, p := range phrases {
		for _, w := range text.Words(p[len(p)-1]) {
			if words[w] || words[strings.TrimSuffix(w, "s")] {
				return true
			}
		}
	}
	return false
}

// reDateField matches a listing's date field ("Release Date: June 19,
// 2020", "Release: 6/19/2020"): the listing's page is about the thing.
var reDateField = regexp.MustCompile(`(?i)\b(?:date|release|released|premiere|launch|launched)\s*[:.]\s*(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b)`)

// reThingSubject matches a sentence whose subject refers to the thing its
// passage names by what it is ("The game was released on December 1,
// 2017", "The season will premiere November 15"), not to something else
// ("The streak ended on Oct. 19").
var reThingSubject = regexp.MustCompile(`^The (?:game|film|movie|show|series|season|episode|album|song|single|book|novel|phone|device|console|app|update|event|ceremony|draft|tournament|festival|sequel|remaster|edition|premiere|launch|release|concert|tour|match|race|election|vote)\b`)

// leavingVerbs, before "as" and a role, say its holder leaves it: "stepping
// down as CEO", "resigned as president".
var leavingVerbs = map[string]bool{"down": true, "resigned": true, "resigns": true, "resigning": true, "resign": true,
	"retired": true, "retires": true, "retiring": true, "retire": true, "ousted": true, "fired": true, "removed": true,
	"replaced": true, "quit": true, "quits": true, "quitting": true, "left": true, "leaves": true, "leaving": true}

// leavesRole reports whether the role at tt[i] is one its holder leaves
// ("announced that he was stepping down as CEO"): a former holder.
func leavesRole(tt []token, i int) bool {
	return i >= 2 && tt[i-1].lower == "as" && leavingVerbs[tt[i-2].lower]
}
