package retrieval

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/byline-bot/byline/internal/text"
)

// nameTerms returns the terms of the names in a question: the words written
// with a capital letter, except the first word (capitalized as a sentence
// start) and months and weekdays. Each part of a hyphenated word counts on
// its own ("Newton-John" is two names, "WWII-era" one). Names are what a
// question is about ("Which horse won the Melbourne Cup?"): an article
// without them does not answer it, however many of the other words it has.
func nameTerms(q string) []string {
	var out []string
	for i, w := range strings.Fields(text.ShortCountryNames.Replace(q)) {
		if i == 0 {
			continue
		}
		for _, part := range strings.Split(w, "-") {
			r, _ := utf8.DecodeRuneInString(strings.TrimLeft(part, "\"'“‘(["))
			if !unicode.IsUpper(r) {
				continue
			}
			for _, t := range text.Terms(part) {
				// "CEO" is the role asked about, which an article may write out.
				if _, calendar := calendarWords[t]; !calendar && !text.IsRoleAbbreviation(t) && !slices.Contains(out, t) {
					out = append(out, t)
				}
			}
		}
	}
	return out
}

// calendarWords are the terms of month and weekday names.
var calendarWords = func() map[string]struct{} {
	m := make(map[string]struct{})
	for _, t := range text.Terms(`january february march april may june july august september october november
december monday tuesday wednesday thursday friday saturday sunday`) {
		m[t] = struct{}{}
	}
	return m
}()
