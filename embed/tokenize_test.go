package embed

import (
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// scanWords returns the words of text as strings with their flags.
func scanWords(text string) []string {
	var sc scanner
	sc.reset(text)
	var out []string
	for {
		w, ok := sc.next()
		if !ok {
			return out
		}
		s := string(w.text)
		if w.negated {
			s += " +not"
		}
		if w.abbrev {
			s += " +abbrev"
		}
		if w.upper {
			s += " +upper"
		}
		out = append(out, s)
	}
}

func TestScanner(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"", nil},
		{"  ...  ", nil},
		{"The Pentagon chief", []string{"the", "pentagon", "chief"}},
		{"Biden's plan; they're here", []string{"biden", "plan", "they", "here"}},
		{"Biden’s “plan”", []string{"biden", "plan"}},
		{"O'Brien", []string{"obrien"}},
		{"don't, can’t, won't, isn't", []string{"do +not", "can +not", "will +not", "is +not"}},
		{"well-known covid-19 -dash- em—dash", []string{"well-known", "covid-19", "dash", "em", "dash"}},
		{"$2,000.50 and 1.5% of 3,4", []string{"2000.50", "and", "1.5", "of", "34"}},
		{"1990s, 2022.", []string{"1990s", "2022"}},
		{"the U.S. and U.K.-based firms", []string{"the", "us +abbrev +upper", "and", "uk +abbrev +upper", "based", "firms"}},
		{"US and us", []string{"us +upper", "and", "us"}},
		{"Mr. Smith. End.Next", []string{"mr", "smith", "end", "next"}},
		{"Zürich, São Paulo, Straße, Łódź", []string{"zurich", "sao", "paulo", "strasse", "lodz"}},
		{"Ελλάδα 東京", []string{"ελλάδα", "東京"}},
		{"rock 'n' roll", []string{"rock", "n", "roll"}},
		{"bad\xffbyte", []string{"bad", "byte"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, scanWords(tt.text)); diff != "" {
				t.Errorf("words of %q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func FuzzScanner(f *testing.F) {
	for _, s := range []string{"U.S.", "don't", "2,000.5", "a-b-", "’x", "é\xff", "n't"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var sc scanner
		sc.reset(text)
		for n := 0; ; n++ {
			w, ok := sc.next()
			if !ok {
				break
			}
			if n > len(text) {
				t.Fatalf("more words than bytes in %q", text)
			}
			if !utf8.Valid(w.text) {
				t.Fatalf("word %q of %q is not UTF-8", w.text, text)
			}
			if len(w.text) == 0 && !w.negated {
				t.Fatalf("empty word in %q", text)
			}
		}
	})
}
