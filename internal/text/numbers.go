package text

import "regexp"

// ordinalWords and cardinalWords map the words that write small numbers to
// their digits.
var (
	ordinalWords = map[string]string{"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5",
		"sixth": "6", "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10", "eleventh": "11", "twelfth": "12"}
	cardinalWords = map[string]string{"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
		"seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12"}
)

// reOrdinal matches a numeric ordinal ("4th", "92nd").
var reOrdinal = regexp.MustCompile(`^(\d+)(?:st|nd|rd|th)$`)

// Ordinal returns the number an ordinal word or numeral stands for
// ("fourth" and "4th" are 4). w is lowercase.
func Ordinal(w string) (string, bool) {
	if n, ok := ordinalWords[w]; ok {
		return n, true
	}
	if m := reOrdinal.FindStringSubmatch(w); m != nil {
		return m[1], true
	}
	return "", false
}

// Number returns the number a lowercase word writes: digits, a small
// cardinal ("four") or an ordinal ("fourth", "4th"), so that "season 4"
// and "the fourth season" meet.
func Number(w string) (string, bool) {
	if n, ok := Ordinal(w); ok {
		return n, true
	}
	if n, ok := cardinalWords[w]; ok {
		return n, true
	}
	if w == "" {
		return "", false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return "", false
		}
	}
	return w, true
}
