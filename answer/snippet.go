package answer

import (
	"regexp"
	"strings"
)

// Search snippets end where the search engine cut them ("... of the
// National ..."): a name cut after its first word names nothing a reader
// can check.

// reCutName matches a capitalized word after "the" or "a" that a snippet's
// ellipsis cuts ("glimpses of the National ..."): the start of a name whose
// rest the snippet left out.
var reCutName = regexp.MustCompile(`\b(?:the|a|an)\s+([A-Z][\pL'’]*)\s*(?:\.\.\.|…)`)

// namesWhole reports whether s names something the question does not (see
// newNames) other than a name the snippet cut off after its first word:
// "the National ..." names no answer; "the Lakers ..." does.
func namesWhole(s, context string, qterms map[string]bool) bool {
	cut := map[string]bool{}
	for _, m := range reCutName.FindAllStringSubmatch(s, -1) {
		// A plural is a whole team's name ("won by the Lakers ..."); the
		// cut ones are first words ("the National ...", "the Australian ...").
		if !strings.HasSuffix(m[1], "s") || strings.HasSuffix(m[1], "ss") {
			cut[m[1]] = true
		}
	}
	for _, n := range newNames(s, context, qterms) {
		if !cut[n] {
			return true
		}
	}
	return false
}
