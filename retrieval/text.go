package retrieval

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenize splits text into lowercase terms for the lexical index: runs of
// letters and digits, with apostrophes folded ("Biden's" -> "biden"), stop
// words dropped and a light plural stem applied so "sanctions" matches
// "sanction". Numbers are kept whole: names and numbers must match exactly.
func tokenize(text string, out []string) []string {
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		tok := text[start:end]
		start = -1
		if t, ok := normalizeTerm(tok); ok {
			out = append(out, t)
		}
	}
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if (r == ',' || r == '.') && start >= 0 && i > 0 && isDigit(text[i-1]) && i+1 < len(text) && isDigit(text[i+1]) {
			continue // "200,000" and "1.5" are one number each
		}
		if (r == '\'' || r == '’') && start >= 0 {
			// Possessive or contraction: keep the stem before the apostrophe.
			flush(i)
			start = -2 // swallow the letters after the apostrophe
			continue
		}
		if start == -2 {
			if unicode.IsLetter(r) {
				continue
			}
			start = -1
		}
		flush(i)
	}
	if start >= 0 {
		flush(len(text))
	}
	return out
}

// normalizeTerm lowercases and stems one token; ok is false for stop words.
func normalizeTerm(tok string) (string, bool) {
	lower := toLower(tok)
	if _, stop := stopwords[lower]; stop {
		return "", false
	}
	if strings.IndexByte(lower, ',') >= 0 {
		return strings.ReplaceAll(lower, ",", ""), true
	}
	return stem(lower), true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func toLower(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return strings.ToLower(s)
		}
	}
	return s
}

// stem removes common English inflections conservatively (an S-stemmer with a
// few -ing/-ed rules), so that recall improves without merging names.
func stem(w string) string {
	n := len(w)
	if n <= 3 || w[n-1] < 'a' || w[n-1] > 'z' {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && n > 4:
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "sses"):
		return w[:n-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "es") && n > 4 && (w[n-3] == 'x' || w[n-3] == 'h' && (w[n-4] == 'c' || w[n-4] == 's')):
		return w[:n-2]
	case w[n-1] == 's':
		return w[:n-1]
	}
	return w
}

var stopwords = func() map[string]struct{} {
	m := make(map[string]struct{})
	for _, w := range strings.Fields(`a about above after again against all am an and any are as at be because been
before being below between both but by can could did do does doing down during each few for from further had has
have having he her here hers herself him himself his how i if in into is it its itself just me more most my myself
no nor not now of off on once only or other our ours ourselves out over own same she should so some such than that
the their theirs them themselves then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours yourself yourselves s t also say said says saying
which whose than may might must shall according per via`) {
		m[w] = struct{}{}
	}
	return m
}()

// sentenceSpans returns the byte spans of the sentences in text. Paragraph
// breaks always end a sentence; ". ", "! ", "? " end one unless the word
// before is a common abbreviation or a single capital letter (initials).
func sentenceSpans(text string) [][2]int {
	var spans [][2]int
	start := 0
	skipSpace := func(i int) int {
		for i < len(text) && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t' || text[i] == '\r') {
			i++
		}
		return i
	}
	start = skipSpace(0)
	emit := func(end int) {
		e := end
		for e > start && (text[e-1] == ' ' || text[e-1] == '\n' || text[e-1] == '\t' || text[e-1] == '\r') {
			e--
		}
		if e > start {
			spans = append(spans, [2]int{start, e})
		}
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '\n' {
			emit(i)
			start = skipSpace(i + 1)
			i = start - 1
			continue
		}
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		// Include closing quotes and brackets after the terminator.
		j := i + 1
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if r == '"' || r == '\'' || r == '”' || r == '’' || r == ')' || r == ']' {
				j += size
				continue
			}
			break
		}
		if j < len(text) && text[j] != ' ' && text[j] != '\n' {
			continue
		}
		if c == '.' && isAbbreviation(text[start:i]) {
			continue
		}
		emit(j)
		start = skipSpace(j)
		i = start - 1
	}
	if start < len(text) {
		emit(len(text))
	}
	return spans
}

func isAbbreviation(before string) bool {
	k := strings.LastIndexAny(before, " \n(\"“")
	word := before[k+1:]
	if word == "" {
		return false
	}
	if utf8.RuneCountInString(word) == 1 && unicode.IsUpper([]rune(word)[0]) {
		return true // an initial: "Gen. Pat Ryder", "George W. Bush"
	}
	switch strings.ToLower(word) {
	case "mr", "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "st", "jr", "sr",
		"vs", "inc", "corp", "co", "ltd", "no", "u.s", "u.k", "u.n", "jan", "feb", "mar", "apr", "aug", "sept",
		"sep", "oct", "nov", "dec", "prof", "rev", "fig", "e.g", "i.e", "etc", "mt", "ft", "pres", "adm", "maj":
		return true
	}
	return false
}

// Terms returns the search terms of text, as the lexical index sees them.
func Terms(text string) []string { return tokenize(text, nil) }

// Sentences returns the byte spans [start, end) of the sentences in text.
func Sentences(text string) [][2]int { return sentenceSpans(text) }

// nameTerms returns the terms of the names in a question: the words written
// with a capital letter, except the first word (capitalized as a sentence
// start) and months and weekdays. Each part of a hyphenated word counts on
// its own ("Newton-John" is two names, "WWII-era" one). Names are what a
// question is about ("Which horse won the Melbourne Cup?"): an article
// without them does not answer it, however many of the other words it has.
func nameTerms(q string) []string {
	var out []string
	for i, w := range strings.Fields(q) {
		if i == 0 {
			continue
		}
		for _, part := range strings.Split(w, "-") {
			r, _ := utf8.DecodeRuneInString(strings.TrimLeft(part, "\"'“‘(["))
			if !unicode.IsUpper(r) {
				continue
			}
			for _, t := range tokenize(part, nil) {
				if _, calendar := calendarWords[t]; !calendar && !slices.Contains(out, t) {
					out = append(out, t)
				}
			}
		}
	}
	return out
}

var calendarWords = func() map[string]struct{} {
	m := make(map[string]struct{})
	for _, w := range strings.Fields(`january february march april may june july august september october november
december monday tuesday wednesday thursday friday saturday sunday`) {
		m[stem(w)] = struct{}{}
	}
	return m
}()

// words returns the lowercase words of text (letters and digits; a
// possessive or contraction ending dropped: "Biden's" gives "biden").
func words(text string, out []string) []string {
	for _, f := range strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’'
	}) {
		if k := strings.IndexAny(f, "'’"); k >= 0 {
			f = f[:k]
		}
		if f != "" {
			out = append(out, toLower(f))
		}
	}
	return out
}

// porter is the Porter (1980) suffix-stripping stemmer for a lowercase
// word: "recalled" and "recall", "constitution" and "constitutional" share
// a stem. It conflates more than the index's light stemmer (which keeps
// names apart), so it serves only to judge whether a passage speaks of a
// question's words; the stems need not be words. Words with other than
// ASCII letters come back unchanged.
func porter(w string) string {
	if len(w) <= 2 {
		return w
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return w
		}
	}
	b := []byte(w)
	b = porterStep1a(b)
	b = porterStep1b(b)
	b = porterStep1c(b)
	b = porterStep2(b)
	b = porterStep3(b)
	b = porterStep4(b)
	b = porterStep5(b)
	return string(b)
}

// isCons reports whether b[i] is a consonant in Porter's sense: not a vowel,
// and y after a consonant counts as a vowel.
func isCons(b []byte, i int) bool {
	switch b[i] {
	case 'a', 'e', 'i', 'o', 'u':
		return false
	case 'y':
		return i == 0 || !isCons(b, i-1)
	}
	return true
}

// measure is m in [C](VC)^m[V] for b.
func measure(b []byte) int {
	n, i := 0, 0
	for i < len(b) && isCons(b, i) {
		i++
	}
	for i < len(b) {
		for i < len(b) && !isCons(b, i) {
			i++
		}
		if i == len(b) {
			break
		}
		for i < len(b) && isCons(b, i) {
			i++
		}
		n++
	}
	return n
}

func hasVowel(b []byte) bool {
	for i := range b {
		if !isCons(b, i) {
			return true
		}
	}
	return false
}

func endsDoubleCons(b []byte) bool {
	n := len(b)
	return n >= 2 && b[n-1] == b[n-2] && isCons(b, n-1)
}

// endsCVC: consonant-vowel-consonant, the last not w, x or y ("hop", not "snow").
func endsCVC(b []byte) bool {
	n := len(b)
	if n < 3 || !isCons(b, n-3) || isCons(b, n-2) || !isCons(b, n-1) {
		return false
	}
	c := b[n-1]
	return c != 'w' && c != 'x' && c != 'y'
}

func hasSuffix(b []byte, s string) bool {
	return len(b) >= len(s) && string(b[len(b)-len(s):]) == s
}

// replaceIf replaces suffix s by r when the stem before s has measure > m.
// It reports whether b ends in s (whether or not it was replaced).
func replaceIf(b *[]byte, s, r string, m int) bool {
	if !hasSuffix(*b, s) {
		return false
	}
	stem := (*b)[:len(*b)-len(s)]
	if measure(stem) > m {
		*b = append(stem, r...)
	}
	return true
}

func porterStep1a(b []byte) []byte {
	switch {
	case hasSuffix(b, "sses"), hasSuffix(b, "ies"):
		return b[:len(b)-2]
	case hasSuffix(b, "ss"):
		return b
	case hasSuffix(b, "s"):
		return b[:len(b)-1]
	}
	return b
}

func porterStep1b(b []byte) []byte {
	if hasSuffix(b, "eed") {
		if measure(b[:len(b)-3]) > 0 {
			return b[:len(b)-1]
		}
		return b
	}
	var stem []byte
	switch {
	case hasSuffix(b, "ed") && hasVowel(b[:len(b)-2]):
		stem = b[:len(b)-2]
	case hasSuffix(b, "ing") && hasVowel(b[:len(b)-3]):
		stem = b[:len(b)-3]
	default:
		return b
	}
	switch {
	case hasSuffix(stem, "at"), hasSuffix(stem, "bl"), hasSuffix(stem, "iz"):
		return append(stem, 'e')
	case endsDoubleCons(stem):
		if c := stem[len(stem)-1]; c != 'l' && c != 's' && c != 'z' {
			return stem[:len(stem)-1]
		}
		return stem
	case measure(stem) == 1 && endsCVC(stem):
		return append(stem, 'e')
	}
	return stem
}

func porterStep1c(b []byte) []byte {
	if hasSuffix(b, "y") && hasVowel(b[:len(b)-1]) {
		b[len(b)-1] = 'i'
	}
	return b
}

var porterStep2Rules = [][2]string{
	{"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"}, {"anci", "ance"}, {"izer", "ize"},
	{"bli", "ble"}, {"alli", "al"}, {"entli", "ent"}, {"eli", "e"}, {"ousli", "ous"},
	{"ization", "ize"}, {"ation", "ate"}, {"ator", "ate"}, {"alism", "al"}, {"iveness", "ive"},
	{"fulness", "ful"}, {"ousness", "ous"}, {"aliti", "al"}, {"iviti", "ive"}, {"biliti", "ble"}, {"logi", "log"},
}

func porterStep2(b []byte) []byte {
	for _, r := range porterStep2Rules {
		if replaceIf(&b, r[0], r[1], 0) {
			return b
		}
	}
	return b
}

var porterStep3Rules = [][2]string{
	{"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"}, {"ical", "ic"}, {"ful", ""}, {"ness", ""},
}

func porterStep3(b []byte) []byte {
	for _, r := range porterStep3Rules {
		if replaceIf(&b, r[0], r[1], 0) {
			return b
		}
	}
	return b
}

var porterStep4Suffixes = []string{
	"al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate",
	"iti", "ous", "ive", "ize",
}

func porterStep4(b []byte) []byte {
	// Longest match first among suffixes sharing an ending.
	best := ""
	for _, s := range porterStep4Suffixes {
		if hasSuffix(b, s) && len(s) > len(best) {
			best = s
		}
	}
	if best == "" {
		return b
	}
	stem := b[:len(b)-len(best)]
	if measure(stem) <= 1 {
		return b
	}
	if best == "ion" && (len(stem) == 0 || (stem[len(stem)-1] != 's' && stem[len(stem)-1] != 't')) {
		return b
	}
	return stem
}

func porterStep5(b []byte) []byte {
	if hasSuffix(b, "e") {
		stem := b[:len(b)-1]
		if m := measure(stem); m > 1 || (m == 1 && !endsCVC(stem)) {
			b = stem
		}
	}
	if measure(b) > 1 && endsDoubleCons(b) && b[len(b)-1] == 'l' {
		b = b[:len(b)-1]
	}
	return b
}
