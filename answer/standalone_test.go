package answer

import (
	"context"
	"strings"
	"testing"
)

// TestExtractiveQuotesAWholeStatementFromAnyArticle: when the evidence only
// restates the question, a sentence of a lower-ranked article answers when
// it names all that the question names (the name and the year) and states
// the win; one that leaves the year to its article's date does not.
func TestExtractiveQuotesAWholeStatementFromAnyArticle(t *testing.T) {
	q := Request{Question: "Who won the Springfield marathon in 2022?", AsOf: day("2022-06-18")}
	for _, tc := range []struct {
		answer string
		want   Mode
	}{
		{"Kenyan runner Grace Otieno won the 2022 Springfield marathon in two hours and nine minutes.", ModeExtractive},
		{"Kenyan runner Grace Otieno won the Springfield marathon in two hours and nine minutes.", ModeNotCovered},
	} {
		t.Run(tc.answer, func(t *testing.T) {
			corpus := fixedCorpus{
				resultOf("a", 1, "Road closures for the 2022 Springfield marathon ended at noon, the city said.", 1),
				resultOf("b", 0.95, "Springfield marathon runners crossed the line in record heat in 2022, officials said.", 1),
				resultOf("c", 0.9, "The 2022 Springfield marathon course follows the river past the old mill.", 1),
				resultOf("d", 0.85, "Tickets for the 2022 Springfield marathon sold out in March.", 1),
				resultOf("e", 0.8, "The Springfield marathon of 2022 raised money for the children's hospital.", 1),
				resultOf("f", 0.75, tc.answer, 1),
			}
			a, err := mustNew(t, nil, corpus, nil, quiet()).Ask(context.Background(), q, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkWinner(t, a, tc.want)
		})
	}
}

// TestExtractiveReadsTheSentenceBefore: the answering sentence takes for
// granted what the one before it in its passage said ("has come to an end.
// Grace Otieno was crowned champion"); it is quoted though it repeats none
// of the question's words.
func TestExtractiveReadsTheSentenceBefore(t *testing.T) {
	corpus := fixedCorpus{
		resultOf("a", 1, "The 2022 Springfield marathon has come to an end. Grace Otieno was crowned champion after a sprint finish on Sunday.", 1),
		resultOf("b", 0.9, "Road closures for the 2022 Springfield marathon ended at noon, the city said.", 1),
	}
	a := askOffline(t, corpus, "Who won the Springfield marathon in 2022?", "2022-06-18")
	if a.Mode != ModeExtractive || !strings.Contains(a.Answer, "Grace Otieno was crowned champion") {
		t.Fatalf("answer %q (%s), want the champion's sentence", a.Answer, a.Mode)
	}
}

// TestYearOfTheSentenceBefore: the asked year may be in the sentence just
// before the answering one ("Results of the 2031 ... race are in. Ana Ruiz
// wins the race"), not elsewhere in the passage.
func TestYearOfTheSentenceBefore(t *testing.T) {
	a := readQuestion("Who won the Springfield mayoral race in 2031?")
	qterms := termSet("Who won the Springfield mayoral race in 2031?")
	s := "Ana Ruiz wins the Springfield race by 400 votes."
	for _, tc := range []struct {
		passage string
		want    bool
	}{
		{"Results of the 2031 Springfield mayoral race are in. " + s, true},
		{"The 2031 budget passed in March. Voters met in the town hall on Friday. " + s, false},
	} {
		if got := a.answers(s, tc.passage, "Results", "", qterms); got != tc.want {
			t.Errorf("answers(%q) in %q = %v, want %v", s, tc.passage, got, tc.want)
		}
	}
}
