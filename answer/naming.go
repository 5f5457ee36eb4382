package answer

import (
	"iter"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

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

// names returns the terms of the capitalized words of clause (not its
// first word, months, weekdays or years). "US" on its own is left out: in
// American news it sets the scope ("the US box office") that a story takes
// for granted ("the domestic box office"); in "the US Open" it is a name.
func names(clause string) []string {
	var out []string
	fields := strings.Fields(text.ShortCountryNames.Replace(clause))
	for i, w := range fields {
		w = strings.Trim(w, ".,;:?!\"“”'’()[]—–-")
		r, _ := utf8.DecodeRuneInString(w)
		if i == 0 || w == "" || !unicode.IsUpper(r) && !camelCase(w) {
			continue
		}
		lw := strings.ToLower(strings.ReplaceAll(w, ".", "")) // "U.S." is "US"
		if k := strings.IndexAny(lw, "'’"); k > 0 {
			lw = lw[:k]
		}
		if _, isMonth := monthWords[lw]; isMonth || weekdayWords[lw] || nameStop[lw] || lw == "us" && !nameFollows(fields, i) {
			continue
		}
		for _, t := range text.Words(lw) {
			if !text.IsStopword(t) && !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// nameFollows reports whether the word after fields[i] is capitalized.
func nameFollows(fields []string, i int) bool {
	if i+1 >= len(fields) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(fields[i+1], "\"“'‘("))
	return unicode.IsUpper(r)
}

// hasWord reports whether s has w as a whole word (case as given).
func hasWord(s, w string) bool {
	for range wholeWords(s, w) {
		return true
	}
	return false
}

// wholeWords yields the offsets in s of w as a whole word: neither letter
// nor digit on either side (case as given).
func wholeWords(s, w string) iter.Seq[int] {
	return func(yield func(int) bool) {
		if w == "" {
			return
		}
		for i := 0; ; {
			k := strings.Index(s[i:], w)
			if k < 0 {
				return
			}
			k += i
			i = k + 1
			before := k == 0 || !isWordByte(s[k-1])
			after := k+len(w) == len(s) || !isWordByte(s[k+len(w)])
			if before && after && !yield(k) {
				return
			}
		}
	}
}

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// namesNew reports whether s names something the question does not.
func namesNew(s, context string, qterms map[string]bool) bool {
	return len(newNames(s, context, qterms)) > 0
}

// newNames returns the names s gives that the question does not: runs of
// capitalized words (not one that only starts the sentence, nor a month or
// weekday) with a term the question lacks. A sentence's first word is a
// name when the next word is one too, or when context (its passage and
// title) writes it capitalized inside a sentence ("Nissan recalled…"
// where the passage says "the Nissan Frontier").
func newNames(s, context string, qterms map[string]bool) []string {
	var out []string
	var run []string
	fresh := false
	flush := func() {
		if len(run) > 0 && fresh {
			out = append(out, strings.Join(run, " "))
		}
		run, fresh = run[:0], false
	}
	words := strings.Fields(s)
	for i, raw := range words {
		w := strings.Trim(raw, ".,;:?!\"“”'’()[]—–-")
		r, _ := utf8.DecodeRuneInString(w)
		if w == "" || !unicode.IsUpper(r) {
			flush()
			continue
		}
		lw := strings.ToLower(w)
		if k := strings.IndexAny(lw, "'’"); k > 0 {
			lw = lw[:k]
		}
		if _, isMonth := monthWords[lw]; isMonth || weekdayWords[lw] || text.IsStopword(lw) || nameStop[lw] {
			flush()
			continue
		}
		if i == 0 {
			// A sentence's first word is capitalized whatever it is; it
			// counts when the next word is a name too ("Colorado Avalanche"),
			// when the passage writes it capitalized elsewhere, or when it is
			// a country ("China is home to…").
			if len(words) < 2 {
				continue
			}
			r2, _ := utf8.DecodeRuneInString(strings.Trim(words[1], "\"“'‘("))
			// A mark after the first word parts it from the next ("“Sure,”
			// Amazon's assistant answered").
			parted := strings.ContainsAny(raw[strings.LastIndex(raw, w)+len(w):], ",;:”\"’")
			if (!unicode.IsUpper(r2) || parted) && !capitalizedWithin(context, w) && (parted || !onlyCapitalized(context, w)) && text.CountryWords(lw) == nil {
				continue
			}
		}
		run = append(run, w)
		for _, t := range text.Terms(lw) {
			if !qterms[t] {
				fresh = true
			}
		}
		if strings.ContainsAny(raw[len(raw)-1:], ".,;:?!)") {
			flush()
		}
	}
	flush()
	return out
}

// nameStop are capitalized words that name no answer: outlets' and
// datelines' words and titles that precede names.
var nameStop = map[string]bool{"cnn": true, "ap": true, "reuters": true, "mr": true, "mrs": true, "ms": true,
	"dr": true, "i": true, "read": true, "related": true, "watch": true, "photos": true, "video": true}

// onlyCapitalized reports whether context writes w twice or more and
// always capitalized, if only at the starts of sentences or of its title
// ("Adobe agreed to buy Figma" under "Adobe to buy Figma"): a common word
// ("Police") is lowercase somewhere. A plural ("Regulators", "Officials")
// is a common noun even so.
func onlyCapitalized(context, w string) bool {
	lower := strings.ToLower(w)
	if lower == w || strings.HasSuffix(lower, "s") {
		return false
	}
	n := 0
	for range wholeWords(context, w) {
		n++
	}
	for range wholeWords(context, lower) {
		return false
	}
	return n >= 2
}

// capitalizedWithin reports whether context has w, capitalized as given,
// as a word inside a sentence (not only at a sentence's start, where
// every word is capitalized).
func capitalizedWithin(context, w string) bool {
	for k := range wholeWords(context, w) {
		// The word before must be a word of the same sentence.
		j := k
		for j > 0 && context[j-1] == ' ' {
			j--
		}
		if j == k || j == 0 {
			continue
		}
		if c := context[j-1]; isWordByte(c) || c == ',' {
			return true
		}
	}
	return false
}
