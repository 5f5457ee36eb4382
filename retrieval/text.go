package retrieval

import (
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
what when where which while who whom why will with would you your yours yourself yourselves s t also said says
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
