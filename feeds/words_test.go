package feeds

import (
	"slices"
	"testing"
)

// TestWords: a filter typed as "a, b ,, c" is the words a, b and c; an
// empty one filters nothing.
func TestWords(t *testing.T) {
	for in, want := range map[string][]string{
		"election, senate race ,, ": {"election", "senate race"},
		"":                          nil,
		" , ":                       nil,
		"storm":                     {"storm"},
	} {
		if got := Words(in); !slices.Equal(got, want) {
			t.Errorf("Words(%q) = %q, want %q", in, got, want)
		}
	}
}
