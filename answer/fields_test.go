package answer

import (
	"strings"
	"testing"
)

// TestExtractiveJoinsADateFieldToItsLabel: a listing snippet writes the
// release date as a field ("Release date. March 4, 2021"); the quote keeps
// the label with its value, verbatim, and answers "when was it released".
func TestExtractiveJoinsADateFieldToItsLabel(t *testing.T) {
	listing := "Digital. Hollow Quest™ 3. Digital. Hollow Quest™ 3 and Hollow Quest™ 3 Season Pass Bundle ... Release date. March 4, 2021 ..."
	corpus := fixedCorpus{
		resultOf("listing", 1, listing, 1),
		resultOf("forum", 0.9, "For Hollow Quest 3 on the Nintendo Switch, a message board topic titled \"Should I release the dragon?\".", 1),
	}
	a := askOffline(t, corpus, "When was Hollow Quest 3 released?", "2022-06-18")
	if a.Mode != ModeExtractive || !strings.Contains(a.Answer, "Release date. March 4, 2021") {
		t.Fatalf("answer %q (%s), want the release date with its label", a.Answer, a.Mode)
	}
	for _, c := range a.Citations {
		if !strings.Contains(listing, c.Quote) {
			t.Errorf("quote %q not verbatim", c.Quote)
		}
	}
}

func TestCandidateSpans(t *testing.T) {
	for _, tc := range []struct {
		passage string
		want    []string
	}{
		{"Bundle ... Release date. March 4, 2021 ; Players. One.", []string{"Bundle ... Release date. March 4, 2021 ; Players.", "One."}},
		// A label followed by no date, or a sentence that only ends in
		// "date", stays apart.
		{"Release date. To be announced soon.", []string{"Release date.", "To be announced soon."}},
		{"They set a date. Monday was too early for most.", []string{"They set a date.", "Monday was too early for most."}},
		{"They finally set a date. March 4 was too early for most.", []string{"They finally set a date.", "March 4 was too early for most."}},
	} {
		var got []string
		for _, sp := range candidateSpans(tc.passage) {
			got = append(got, tc.passage[sp[0]:sp[1]])
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("candidateSpans(%q) = %q, want %q", tc.passage, got, tc.want)
		}
	}
}
