package answer

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/byline-bot/byline/internal/text"
)

// This file holds what a sentence names, and where: a year that dates a
// standing ("as of 2021") names no edition, the sentence before may give
// the year the answering one takes for granted, a name is written as one
// ("iPhone", not "tour-level"), and a date is the asked event's when its
// sentence names the event.

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
// Tour de France. A name of two words or more of phrases (the asking
// clause's) written whole counts in any case: prose writes "won best actor"
// for "Best Actor". A name of three words or more is named by its last,
// capitalized ("the Chiefs" for "the Kansas City Chiefs").
func capitalizedWords(s string, phrases [][]string) map[string]bool {
	out := map[string]bool{}
	tt := tokens(s)
	for _, t := range tt {
		if isCapital(t.raw) || camelCase(t.raw) {
			for _, w := range text.Words(t.raw) {
				out[w] = true
			}
		}
	}
	for _, p := range phrases {
		if len(p) < 2 {
			continue
		}
		if last := p[len(p)-1]; len(p) >= 3 && out[last] && len(last) >= 4 {
			for _, w := range p {
				for _, v := range text.Words(w) {
					out[v] = true
				}
			}
		}
		for i := 0; i+len(p) <= len(tt); i++ {
			whole := true
			for k, w := range p {
				if plainWord(tt[i+k].lower) != plainWord(w) {
					whole = false
					break
				}
			}
			if whole {
				for _, w := range p {
					for _, v := range text.Words(w) {
						out[v] = true
					}
				}
			}
		}
	}
	return out
}

// namesTheEvent reports whether s speaks of the event a date question asks
// about: the last word of one of the asking clause's names ("the 2021 NBA
// Draft" -> "draft"; "Artemis I" -> "artemis"), written in s or in the
// sentence before it, which s takes for granted ("Artemis I finally
// launched. The rocket lifted off at 1:47 a.m. on November 16"). A question that names nothing asks
// about what its article is about.
func (a Asked) namesTheEvent(s, before string) bool {
	phrases := a.clausePhrases()
	if len(phrases) == 0 || reDateField.MatchString(s) || reThingSubject.MatchString(s) {
		return true
	}
	words := map[string]bool{}
	for _, w := range text.Words(s + "\n" + before) {
		words[w] = true
	}
	for _, p := range phrases {
		last := p[len(p)-1]
		if len(p) > 1 && (len(last) == 1 || reRoman.MatchString(strings.ToUpper(last))) {
			last = p[len(p)-2] // "Artemis I", "Super Bowl LVII": the number's name
		}
		for _, w := range text.Words(last) {
			if words[w] || words[strings.TrimSuffix(w, "s")] {
				return true
			}
		}
	}
	// The event may be the common noun that heads it in the clause, after
	// "the", a possessive or a name ("When was the Queen's funeral held?":
	// "The funeral was held on Monday, Sept. 19"; "the next Fed meeting").
	stems := map[string]bool{}
	for w := range words {
		stems[text.Porter(w)] = true
	}
	ct := a.clauseTokens()
	for i := 1; i < len(ct); i++ {
		t, prev := ct[i], ct[i-1]
		w := t.lower
		if isCapital(t.raw) || text.IsStopword(w) || auxiliary[w] || timeWords[w] || text.IsLightVerb(w) ||
			statesPredicate(w, a.Predicate) || nounKinds[w] != "" || !unicode.IsLetter([]rune(w)[0]) || prev.comma {
			continue
		}
		heads := prev.lower == "the" || plainWord(prev.lower) != prev.lower || i > 1 && isCapital(prev.raw)
		if heads && stems[text.Porter(w)] {
			return true
		}
	}
	return false
}

// reDateField matches a listing's date field ("Release Date: June 19,
// 2020", "Release: 6/19/2020"): the listing's page is about the thing.
var reDateField = regexp.MustCompile(`(?i)\b(?:date|release|released|premiere|launch|launched)\s*[:.]\s*(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b)`)

// reThingSubject matches a sentence whose subject refers to the thing its
// passage names by what it is ("The game was released on December 1,
// 2017", "The season will premiere November 15", "The Games open on July
// 26" for the Olympics), not to something else
// ("The streak ended on Oct. 19").
var reThingSubject = regexp.MustCompile(`^The (?:[Gg]ames?|film|movie|show|series|season|episode|album|song|single|book|novel|phone|device|console|app|update|event|ceremony|draft|tournament|festival|sequel|remaster|edition|premiere|launch|release|concert|tour|match|race|election|vote)\b`)
