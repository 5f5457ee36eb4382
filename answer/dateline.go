package answer

import (
	"strings"

	"github.com/byline-bot/byline/internal/text"
)

// reportedOnItsDate reports whether sentence s, which opens with its page's
// date ("Oct 19, 2021 ... "), reports the asked event as just done, in the
// present perfect ("Google has officially announced its new Pixel 6"): news
// reports an announcement or a release on its day, so the page's date,
// quoted with the sentence, dates the event. body is s without the date.
// A sentence in another tense ("will release", "announced last year") or
// without the date says nothing of when.
func (a Asked) reportedOnItsDate(s, body string) bool {
	if stripDateline(s) == s || len(a.Predicate) == 0 {
		return false
	}
	words := text.Words(body)
	for i, w := range words {
		if w != "has" && w != "have" {
			continue
		}
		// "has announced", "has officially announced", "have now released".
		for j := i + 1; j < len(words) && j <= i+2; j++ {
			if statesPredicate(words[j], a.Predicate) && strings.HasSuffix(words[j], "ed") {
				return true
			}
			if !strings.HasSuffix(words[j], "ly") && words[j] != "now" && words[j] != "just" && words[j] != "finally" {
				break
			}
		}
	}
	return false
}
