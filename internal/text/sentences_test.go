package text

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sentences returns the sentences of s as strings.
func sentences(s string) []string {
	var out []string
	for _, sp := range Sentences(s) {
		out = append(out, s[sp[0]:sp[1]])
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "The river rose. Then it fell! Was anyone hurt? Nobody knows.",
			[]string{"The river rose.", "Then it fell!", "Was anyone hurt?", "Nobody knows."}},
		{"paragraph break", "Officials met on Friday\n\nNo decision was made",
			[]string{"Officials met on Friday", "No decision was made"}},
		{"closing quote kept", `"We will not back down," she said. "Not now." He left.`,
			[]string{`"We will not back down," she said.`, `"Not now."`, "He left."}},
		{"decimal and lower case", "Inflation rose 8.6 percent in May. prices of gas led the rise.",
			[]string{"Inflation rose 8.6 percent in May. prices of gas led the rise."}},

		// v. and vs.: never a sentence end.
		{"Roe v. Wade", "The Supreme Court overturned Roe v. Wade on Friday. Protests followed.",
			[]string{"The Supreme Court overturned Roe v. Wade on Friday.", "Protests followed."}},
		{"vs.", "The final is Spain vs. England at 8 p.m. on Sunday.",
			[]string{"The final is Spain vs. England at 8 p.m. on Sunday."}},
		// No. before a number; the word "no" ends a sentence.
		{"No. 1", "The No. 1 seed lost in the second round. Fans were stunned.",
			[]string{"The No. 1 seed lost in the second round.", "Fans were stunned."}},
		{"the word no", "Asked whether he would run again, he said no. The party is split.",
			[]string{"Asked whether he would run again, he said no.", "The party is split."}},
		// Dotted abbreviations: a sentence end only before a sentence starter.
		{"U.S. before a name", "U.S. Secretary of State Antony Blinken said the U.S. made a substantial offer.",
			[]string{"U.S. Secretary of State Antony Blinken said the U.S. made a substantial offer."}},
		{"U.S. at a sentence end", "The player returned to the U.S. The team said she was well.",
			[]string{"The player returned to the U.S.", "The team said she was well."}},
		{"U.K. before a name", "The U.K. Prime Minister resigned. A contest began.",
			[]string{"The U.K. Prime Minister resigned.", "A contest began."}},
		{"U.K. at a sentence end", "Energy bills will rise across the U.K. It is the largest rise on record.",
			[]string{"Energy bills will rise across the U.K.", "It is the largest rise on record."}},
		// Initials.
		{"middle initial", "President John F. Kennedy was shot in Dallas in 1963. The nation mourned.",
			[]string{"President John F. Kennedy was shot in Dallas in 1963.", "The nation mourned."}},
		{"first initial", "The report was written by J. Smith and A. Jones. It runs to 40 pages.",
			[]string{"The report was written by J. Smith and A. Jones.", "It runs to 40 pages."}},
		// Months.
		{"Jan. 6", "The committee investigating the Jan. 6 attack held its eighth hearing. It was in prime time.",
			[]string{"The committee investigating the Jan. 6 attack held its eighth hearing.", "It was in prime time."}},
		{"Sept. and Feb.", "The law takes effect Sept. 1, and the rules follow on Feb. 15 next year.",
			[]string{"The law takes effect Sept. 1, and the rules follow on Feb. 15 next year."}},
		// Titles before a name.
		{"titles", "Mr. Biden met Gov. Gavin Newsom and Sen. Alex Padilla. Dr. Anthony Fauci joined by video.",
			[]string{"Mr. Biden met Gov. Gavin Newsom and Sen. Alex Padilla.", "Dr. Anthony Fauci joined by video."}},
		{"more titles", "Rep. Liz Cheney and Gen. Mark Milley spoke, as did Mrs. Obama at St. Paul's Cathedral.",
			[]string{"Rep. Liz Cheney and Gen. Mark Milley spoke, as did Mrs. Obama at St. Paul's Cathedral."}},
		// Companies and name suffixes.
		{"Inc. before a title", "Apple Inc. Chief Executive Tim Cook unveiled the phone. Shares rose.",
			[]string{"Apple Inc. Chief Executive Tim Cook unveiled the phone.", "Shares rose."}},
		{"Corp. at a sentence end", "The deal values Activision at $69 billion, a record for Microsoft Corp. The company expects it to close next year.",
			[]string{"The deal values Activision at $69 billion, a record for Microsoft Corp.", "The company expects it to close next year."}},
		{"Co. and Ltd.", "Ford Motor Co. and Tata Motors Ltd. Chairman N. Chandrasekaran signed the deal.",
			[]string{"Ford Motor Co. and Tata Motors Ltd. Chairman N. Chandrasekaran signed the deal."}},
		{"Jr. and Sr.", "Martin Luther King Jr. Day honors the civil rights leader. The Martin Luther King Sr. Community Center is closed.",
			[]string{"Martin Luther King Jr. Day honors the civil rights leader.", "The Martin Luther King Sr. Community Center is closed."}},
		{"Jr. at a sentence end", "The award went to Ken Griffey Jr. He accepted it in person.",
			[]string{"The award went to Ken Griffey Jr.", "He accepted it in person."}},
		// a.m. and p.m.: a time may end a sentence; it does before a
		// sentence starter, not before a weekday, a time zone or a name.
		{"p.m. at a sentence end", "Polls close at 8 p.m. The results are expected overnight.",
			[]string{"Polls close at 8 p.m.", "The results are expected overnight."}},
		{"p.m. before a weekday", "The launch is set for 9 a.m. Monday at Cape Canaveral.",
			[]string{"The launch is set for 9 a.m. Monday at Cape Canaveral."}},
		{"p.m. before a time zone", "The speech begins at 8 p.m. Eastern time. It will be streamed.",
			[]string{"The speech begins at 8 p.m. Eastern time.", "It will be streamed."}},
		{"p.m. in a sentence", "The fire started at 2 a.m. and burned until 4 p.m. on Sunday.",
			[]string{"The fire started at 2 a.m. and burned until 4 p.m. on Sunday."}},
		{"p.m. at the end of the text", "The vote is at 5 p.m.", []string{"The vote is at 5 p.m."}},
		{"p.m. before a quote", `The briefing ended at 3 p.m. "We are done," he said.`,
			[]string{"The briefing ended at 3 p.m.", `"We are done," he said.`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, sentences(tt.in)); diff != "" {
				t.Errorf("Sentences(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// FuzzSentences checks that spans are ordered, inside the text, trimmed and
// cover every visible character.
func FuzzSentences(f *testing.F) {
	f.Add("The Supreme Court overturned Roe v. Wade. Polls close at 8 p.m. The U.S. said no.")
	f.Add("  \n\n a. b? \"c!\" ")
	f.Fuzz(func(t *testing.T, s string) {
		last := 0
		for _, sp := range Sentences(s) {
			if sp[0] < last || sp[0] >= sp[1] || sp[1] > len(s) {
				t.Fatalf("bad span %v after %d in %q", sp, last, s)
			}
			for _, c := range []byte(s[last:sp[0]]) {
				if !isSpace(c) {
					t.Fatalf("byte %q before %v not in a sentence", c, sp)
				}
			}
			if isSpace(s[sp[0]]) || isSpace(s[sp[1]-1]) {
				t.Fatalf("span %v of %q not trimmed", sp, s)
			}
			last = sp[1]
		}
		for _, c := range []byte(s[last:]) {
			if !isSpace(c) {
				t.Fatalf("byte %q at the end not in a sentence", c)
			}
		}
	})
}
