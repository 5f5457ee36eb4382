package answer

import (
	"strings"
	"testing"
)

// TestExtractiveQuotesTheAntecedent: a sentence that calls the answer "the
// band" is quoted after the sentence before it, which names the band.
func TestExtractiveQuotesTheAntecedent(t *testing.T) {
	text := "The Lumineers are heading back on the road.\n\n" +
		"After cancelling a stadium tour in the spring, the band said on Tuesday that it will play twelve arena dates in the autumn."
	c := fixedCorpus{resultOf("tour", 1, text, 1)}
	a := askOffline(t, c, "Which popular band will play arena dates in the autumn?", "2022-06-18")
	if a.Mode != ModeExtractive || !strings.Contains(a.Answer, "“The Lumineers are heading back on the road.”") {
		t.Fatalf("answer %q, want the sentence naming the band quoted", a.Answer)
	}
	if first, second := strings.Index(a.Answer, "Lumineers"), strings.Index(a.Answer, "the band said"); first > second {
		t.Errorf("answer %q: the naming sentence should come first", a.Answer)
	}
	for _, ct := range a.Citations {
		if !strings.Contains(text, ct.Quote) {
			t.Errorf("quote %q not verbatim", ct.Quote)
		}
	}
}

func TestRefersBack(t *testing.T) {
	for _, tc := range []struct {
		q, s string
		want bool
	}{
		{"Which popular singer will tour Japan?", "In a post on Monday, the pop singer said she will tour Japan in May.", true},
		{"Which popular singer will tour Japan?", "That means fans will have to wait until May.", true},
		{"Which popular singer will tour Japan?", "Taylor Swift said on Monday she will tour Japan in May.", false},
		{"Which menu item did the chain add?", "The chain said the item sold out in a day in Ohio.", true},
		{"What did the minister say on Monday?", "The minister said prices would fall.", false},
	} {
		if got := readQuestion(tc.q).refersBack(tc.s); got != tc.want {
			t.Errorf("%q refersBack(%q) = %v, want %v", tc.q, tc.s, got, tc.want)
		}
	}
}

// TestAntecedentNamesSomething: the sentence before is quoted only when it
// names something the question does not, and is short enough to belong.
func TestAntecedentNamesSomething(t *testing.T) {
	qterms := termSet("Which popular singer will tour Japan?")
	art := resultOf("a", 1, "Tickets went on sale this morning across the country. The singer will tour Japan in May.", 1).Article
	if s, _, ok := antecedent(art, strings.Index(art.Text, "The singer"), qterms, false); ok {
		t.Errorf("antecedent %q names nothing new, want none", s)
	}
	art.Text = "Olivia Rodrigo is going back on tour. The singer will tour Japan in May."
	if s, at, ok := antecedent(art, strings.Index(art.Text, "The singer"), qterms, false); !ok || s != "Olivia Rodrigo is going back on tour." || at != 0 {
		t.Errorf("antecedent = %q at %d (%v), want the first sentence", s, at, ok)
	}
}

// TestExtractiveWeighsTheAskingClause: in a quiz question with a sentence
// of context, the sentence that matches the asking clause is quoted first,
// not the one that restates the context.
func TestExtractiveWeighsTheAskingClause(t *testing.T) {
	text := "Mayor Ana Ruiz of Springfield began closing downtown streets to cars on weekends earlier this year. " +
		"City hall said on Friday it will designate Elm Street a pedestrian zone on weekdays as well."
	c := fixedCorpus{resultOf("streets", 1, text, 1)}
	q := "The mayor of Springfield began closing downtown streets to cars on weekends earlier this year. " +
		"Which street did the city recently designate a pedestrian zone?"
	a := askOffline(t, c, q, "2022-06-18")
	lines := strings.Split(a.Answer, "\n")
	if a.Mode != ModeExtractive || len(lines) < 2 || !strings.Contains(lines[1], "Elm Street") {
		t.Fatalf("answer %q, want the Elm Street sentence quoted first", a.Answer)
	}
}

// TestAntecedentChain: an antecedent that refers back in turn, if only by
// "these", is quoted after its own, so the quoted sentences name the thing
// asked about; a thing is named by words, not only by a capitalized name.
func TestAntecedentChain(t *testing.T) {
	text := "Hearing aids often cost thousands of dollars per ear. " +
		"But a new federal rule means people can buy these devices without a prescription. " +
		"That means people will not have to visit a specialist first."
	r := resultOf("aids", 1, text, 1)
	ev := []evidence{{n: 1, result: &r, passage: r.Passages[0]}}
	q := "Which item can adults now buy without first seeing a specialist?"
	last := strings.Index(text, "That means")
	got := withAntecedents([]sentence{{ev: 0, text: text[last:], start: last}}, ev, readQuestion(q), termSet(q))
	var quotes []string
	for _, s := range got {
		quotes = append(quotes, s.text)
		if !strings.HasPrefix(text[s.start:], s.text) {
			t.Errorf("%q does not start at %d", s.text, s.start)
		}
	}
	if len(quotes) != 3 || !strings.HasPrefix(quotes[0], "Hearing aids") || !strings.HasPrefix(quotes[1], "But a new") {
		t.Errorf("quotes %q, want the three sentences in order", quotes)
	}
}

// TestAntecedentNotQuotedTwice: a chosen sentence that is already quoted as
// another's antecedent is not quoted again.
func TestAntecedentNotQuotedTwice(t *testing.T) {
	text := "The Colorado Avalanche have won the Stanley Cup for the third time. " +
		"Their road record was the best in the league this season."
	r := resultOf("cup", 1, text, 1)
	ev := []evidence{{n: 1, result: &r, passage: r.Passages[0]}}
	q := "Which team won the Stanley Cup?"
	second := strings.Index(text, "Their road")
	first := text[:second-1]
	got := withAntecedents([]sentence{{ev: 0, text: text[second:], start: second}, {ev: 0, text: first, start: 0}},
		ev, readQuestion(q), termSet(q))
	if len(got) != 2 || got[0].text != first || got[1].start != second {
		t.Errorf("quotes %+v, want the first sentence once, then the second", got)
	}
}
