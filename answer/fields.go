package answer

import (
	"regexp"

	"github.com/byline-bot/byline/internal/text"
)

// Product and listing pages write a field as a label and its value ("Release
// date. December 1, 2017 ; Platform. Switch"); a search snippet keeps that
// form, and the sentence splitter cuts the label from its value, so neither
// part states the answer alone: the label's sentence names the game but no
// date, the value's names nothing. candidateSpans joins them.

var (
	// reDateLabel matches a sentence that ends with a date field's label,
	// capitalized as labels are ("Release date.", "Premiere Date:",
	// "Date."), not prose ("they set a date.").
	reDateLabel = regexp.MustCompile(`(?:(?:^|\s)[A-Z][a-z]+\s+[Dd]ates?|(?:^|\s)Dates?)\s*[.:]\s*$`)
	// reFieldDate matches a text that opens with a date written as a
	// field's value: a month and a day, or digits ("December 1, 2017",
	// "12/01/2017").
	reFieldDate = regexp.MustCompile(`(?i)^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d)`)
)

// candidateSpans returns the sentences of passage as text.Sentences does,
// except that a sentence ending with a date label and the next one, when it
// opens with a date, are one span: the quote stays a verbatim part of the
// passage.
func candidateSpans(passage string) [][2]int {
	spans := text.Sentences(passage)
	out := make([][2]int, 0, len(spans))
	for i := 0; i < len(spans); i++ {
		sp := spans[i]
		if i+1 < len(spans) && reDateLabel.MatchString(passage[sp[0]:sp[1]]) {
			if reFieldDate.MatchString(passage[spans[i+1][0]:spans[i+1][1]]) {
				sp[1] = spans[i+1][1]
				i++
			}
		}
		out = append(out, sp)
	}
	return out
}
