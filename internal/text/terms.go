package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Terms returns the search terms of s, as the lexical index sees them:
// runs of letters and digits, lowercased, with apostrophes folded
// ("Biden's" -> "biden"), stop words dropped and a light plural stem
// applied so "sanctions" matches "sanction". Numbers are kept whole
// ("200,000", "1.5"): names and numbers must match exactly. Changing what
// it returns means re-indexing saved libraries.
func Terms(s string) []string { return AppendTerms(nil, s) }

// AppendTerms appends the search terms of text (see Terms) to out.
func AppendTerms(out []string, text string) []string {
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		tok := text[start:end]
		start = -1
		if t, ok := Term(tok); ok {
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

// Term lowercases and stems one word as Terms does; ok is false for a
// stop word.
func Term(tok string) (string, bool) {
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

// IsStopword reports whether the lowercase word w is too common to search for.
func IsStopword(w string) bool {
	_, ok := stopwords[w]
	return ok
}

// lightVerbs say little on their own ("made a visit", "took office"): a
// question's light verb is no word an answer must repeat.
var lightVerbs = set(`made make makes get got take took give gave put come came go went become became`)

// IsLightVerb reports whether the lowercase word w is a light verb.
func IsLightVerb(w string) bool {
	_, ok := lightVerbs[w]
	return ok
}

// Words returns the lowercase words of s (letters and digits; a possessive
// or contraction ending dropped: "Biden's" gives "biden").
func Words(text string) []string {
	var out []string
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
