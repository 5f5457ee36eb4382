package answer

import (
	"regexp"
	"strings"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/internal/text"
)

// A sentence often gives the answer by reference only: "the singer announced
// Monday that she has rescheduled" after "Adele is returning to Las Vegas.",
// "That means people won't need a prescription" after the sentence that
// names the hearing aids. Quoting it alone leaves out the name asked for, so
// the sentence before it in the article, when it names something the
// question does not, is quoted first.

// reAnaphor matches a sentence that opens by referring back.
var reAnaphor = regexp.MustCompile(`^(?:That|This|These|Those|It|Its|He|She|They|His|Her|Their|The move|The decision)\b`)

// reDemonstrative matches a plural demonstrative anywhere in a sentence
// ("buy these devices online"): the things were named before. Said of a
// sentence quoted as another's antecedent, it calls for that one's own.
var reDemonstrative = regexp.MustCompile(`\b(?:these|those) [a-z]+`)

// maxAntecedent bounds the sentence quoted before another (in bytes): a long
// paragraph is no longer the reference's antecedent but another story.
const maxAntecedent = 300

// refersBack reports whether s refers to the answer instead of naming it:
// it opens with a pronoun or demonstrative, or it calls the answer by the
// noun the question asks with ("the wildly popular South Korean show" for
// "which show").
func (a Asked) refersBack(s string) bool {
	if reAnaphor.MatchString(strings.TrimLeft(s, "\"“‘'(")) {
		return true
	}
	if a.Noun == "" {
		return false
	}
	words := text.Words(s)
	for i, w := range words {
		if w != "the" {
			continue
		}
		for j := i + 1; j < len(words) && j <= i+5; j++ {
			if words[j] == a.Noun {
				return true
			}
		}
	}
	return false
}

// antecedent returns the sentence of art's text just before the one that
// starts at byte start, and its offset; ok is false when there is none, it
// is too long to be the reference's antecedent, or it names nothing the
// question does not.
func antecedent(art byline.Article, start int, qterms map[string]bool, things bool) (s string, at int, ok bool) {
	if start <= 0 || start > len(art.Text) {
		return "", 0, false
	}
	spans := text.Sentences(art.Text[:start])
	if len(spans) == 0 {
		return "", 0, false
	}
	sp := spans[len(spans)-1]
	s = art.Text[sp[0]:sp[1]]
	if len(s) > maxAntecedent || len(strings.Fields(s)) < 4 || strings.HasSuffix(strings.TrimRight(s, "\"'”’) "), "?") {
		return "", 0, false
	}
	if !namesNew(s, art.Title+"\n"+art.Text, qterms) && !(things && newTerms(termSet(s), qterms) >= 3) {
		return "", 0, false
	}
	return s, sp[0], true
}
