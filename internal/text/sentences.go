// Package text holds the rules every part of Byline reads news text by:
// where sentences end, which words are search terms and how they are
// stemmed, and when a quote matches what an article says. Ingest, retrieval,
// answers and the eval harness all use these functions; a second copy of a
// rule drifts, and then a title, a passage and a citation disagree about
// what a sentence is.
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentences returns the byte spans [start, end) of the sentences in s,
// without surrounding whitespace. A line break always ends a sentence. A
// '.', '!' or '?' (with any closing quotes or brackets after it) followed
// by a space ends one unless the next word starts with a lower-case letter
// or the period closes an abbreviation:
//
//   - never a sentence end: titles before a name ("Dr.", "Sen.", "Gov."),
//     "v." and "vs.", single-letter initials ("John F. Kennedy"), "e.g.",
//     "i.e.", and "No." before a number;
//   - a sentence end only when the next word is one a sentence starts with
//     ("The", "He", "But"), not a name or a time: dotted abbreviations
//     ("U.S.", "a.m.", "p.m."), months ("Jan.", "Sept."), "Inc.", "Corp.",
//     "Co.", "Ltd.", "Jr.", "Sr." and "etc.". So "at 5 p.m. The vote" is two
//     sentences and "at 5 p.m. Monday" or "the U.S. Senate" is one.
func Sentences(s string) [][2]int {
	var spans [][2]int
	start := skipSpace(s, 0)
	emit := func(end int) {
		for end > start && isSpace(s[end-1]) {
			end--
		}
		if end > start {
			spans = append(spans, [2]int{start, end})
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\n' {
			emit(i)
			start = skipSpace(s, i+1)
			i = start - 1
			continue
		}
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		// Closing quotes and brackets after the terminator belong to the sentence.
		j := i + 1
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if r != '"' && r != '\'' && r != '”' && r != '’' && r != ')' && r != ']' {
				break
			}
			j += size
		}
		if j < len(s) && s[j] != ' ' && s[j] != '\n' && s[j] != '\t' && s[j] != '\r' {
			continue // "3.5", "U.S.-led", "Yahoo!'s"
		}
		next := nextWord(s, j)
		if r, _ := utf8.DecodeRuneInString(next); unicode.IsLower(r) {
			continue
		}
		if c == '.' && j == i+1 && !periodEnds(s[start:i], next) {
			continue
		}
		emit(j)
		start = skipSpace(s, j)
		i = start - 1
	}
	if start < len(s) {
		emit(len(s))
	}
	return spans
}

// nextWord returns the word after the whitespace at s[j:], on the same line
// ("" at a line break or the end).
func nextWord(s string, j int) string {
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	k := j
	for k < len(s) && !isSpace(s[k]) {
		k++
	}
	return s[j:k]
}

// Abbreviation classes: which words before a period leave the sentence open.
var (
	// neverEnd are words that precede a name or a number; they never end
	// a sentence.
	neverEnd = set(`mr mrs ms dr gen sen rep gov lt col sgt capt st prof rev mt ft pres adm maj cmdr supt atty
		v vs e.g i.e`)
	// mayEnd are abbreviations that end a sentence as often as not; they end
	// one only before a word that starts sentences.
	mayEnd = set(`jan feb mar apr jun jul aug sep sept oct nov dec inc corp co ltd llc jr sr etc bros
		approx dept`)
	// starters are words that begin sentences and rarely follow an
	// abbreviation inside one ("U.S. The" is two sentences, "U.S. Senate"
	// one). The stop words count too.
	starters = set(`then now however meanwhile still yet also last earlier later instead today yesterday
		tomorrow officials police authorities`)
)

// periodEnds reports whether the period after before ends the sentence,
// given the word after it.
func periodEnds(before, next string) bool {
	word := before[strings.LastIndexAny(before, " \t\n(\"“‘[")+1:]
	if word == "" {
		return true
	}
	lower := toLower(word)
	if _, ok := neverEnd[lower]; ok {
		return false
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		return !unicode.IsUpper(r) // an initial: "George W. Bush", "J. Smith"
	}
	if lower == "no" {
		r, _ := utf8.DecodeRuneInString(next)
		return !unicode.IsDigit(r) // "No. 1", but "said no. Then"
	}
	_, may := mayEnd[lower]
	if !may && !strings.Contains(word, ".") { // dotted: "U.S", "a.m", "D.C"
		return true
	}
	return startsSentence(next)
}

// startsSentence reports whether word typically opens a sentence: an
// opening quote, or a capitalized stop word or sentence adverb.
func startsSentence(word string) bool {
	r, _ := utf8.DecodeRuneInString(word)
	if r == '"' || r == '“' || r == '‘' || r == '\'' || r == '(' {
		return true
	}
	if !unicode.IsUpper(r) {
		return false
	}
	w := toLower(strings.TrimRightFunc(word, func(r rune) bool { return !unicode.IsLetter(r) }))
	if k := strings.IndexAny(w, "'’"); k >= 0 {
		w = w[:k] // "It's", "He'd"
	}
	if len(w) == 1 {
		return w == "a" || w == "i"
	}
	_, start := starters[w]
	_, stop := stopwords[w]
	return start || stop
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

func skipSpace(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

func set(words string) map[string]struct{} {
	m := make(map[string]struct{})
	for _, w := range strings.Fields(words) {
		m[w] = struct{}{}
	}
	return m
}
