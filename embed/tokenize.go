package embed

import (
	"unicode"
	"unicode/utf8"
)

// word is one word of a text as the scanner sees it, before vocabulary lookup.
type word struct {
	// text is lower case, diacritics folded, numbers without thousands
	// separators. It aliases the scanner's buffer: valid until the next call.
	text []byte
	// negated is set for a contraction with n't; text holds the verb ("does").
	negated bool
	// abbrev is set for dotted single letters ("U.S." gives "us").
	abbrev bool
	// upper is set when every letter was upper case in the text ("US").
	upper bool
}

// scanner splits text into words the way the vector table was built: runs of
// letters and digits, with inner hyphens kept ("well-known"), inner
// apostrophes dropped ("O'Brien" is "obrien"), English clitics removed
// ("Biden's" is "biden", "don't" is "do" + negation), decimal points kept
// between digits ("1.5") and thousands separators dropped ("2,000" is
// "2000"). Straight and curly apostrophes are the same; quotes and dashes
// separate words.
type scanner struct {
	s   string
	pos int
	buf []byte
}

func (sc *scanner) reset(s string) {
	sc.s = s
	sc.pos = 0
	sc.buf = sc.buf[:0]
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isHyphen(r rune) bool { return r == '-' || r == '\u2010' || r == '\u2011' }

func isApostrophe(r rune) bool {
	return r == '\'' || r == '\u2019' || r == '\u2018' || r == '\u02bc' || r == '\u2032'
}

// runeAt decodes the rune at byte offset i, or returns (0, 0) past the end.
func (sc *scanner) runeAt(i int) (rune, int) {
	if i >= len(sc.s) {
		return 0, 0
	}
	if c := sc.s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(sc.s[i:])
}

// next returns the next word, or false at the end of the text.
func (sc *scanner) next() (word, bool) {
	for sc.pos < len(sc.s) {
		r, n := sc.runeAt(sc.pos)
		if isAlnum(r) {
			break
		}
		sc.pos += n
	}
	if sc.pos >= len(sc.s) {
		return word{}, false
	}
	w := word{upper: true}
	sc.buf = sc.buf[:0]
	letters := 0  // letters appended since the word started
	plain := true // only letters so far: dotted initials are possible
	lastDigit := false
scan:
	for sc.pos < len(sc.s) {
		r, n := sc.runeAt(sc.pos)
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				w.upper = false
			}
			sc.buf = appendFolded(sc.buf, unicode.ToLower(r))
			letters++
			lastDigit = false
			sc.pos += n
			continue
		}
		if unicode.IsDigit(r) {
			sc.buf = utf8.AppendRune(sc.buf, r)
			lastDigit = true
			plain = false
			sc.pos += n
			continue
		}
		r2, n2 := sc.runeAt(sc.pos + n)
		switch {
		case isHyphen(r) && isAlnum(r2):
			sc.buf = append(sc.buf, '-')
			lastDigit = false
			plain = false
			sc.pos += n
		case isApostrophe(r) && unicode.IsLetter(r2) && len(sc.buf) > 0:
			if end, ok := sc.clitic(sc.pos + n); ok {
				c := sc.s[sc.pos+n : end]
				sc.pos = end
				if (c == "t" || c == "T") && sc.buf[len(sc.buf)-1] == 'n' {
					w.negated = true
					sc.buf = negatedStem(sc.buf[:len(sc.buf)-1])
				}
				break scan
			}
			sc.pos += n // a name such as O'Brien: drop the apostrophe
			plain = false
		case r == '.' && lastDigit && unicode.IsDigit(r2):
			sc.buf = append(sc.buf, '.')
			lastDigit = false
			sc.pos += n
		case r == ',' && lastDigit && unicode.IsDigit(r2):
			sc.pos += n
		case r == '.' && plain && (letters == 1 || w.abbrev) && unicode.IsLetter(r2) &&
			!sc.alnumAt(sc.pos+n+n2):
			// Dotted initials: U.S., U.K., D.C.
			w.abbrev = true
			sc.pos += n
		default:
			break scan
		}
	}
	if letters == 0 {
		w.upper = false
	}
	w.text = sc.buf
	return w, true
}

func (sc *scanner) alnumAt(i int) bool {
	r, n := sc.runeAt(i)
	return n > 0 && isAlnum(r)
}

// clitic reports whether the letters from i form an English clitic ('s, 't,
// 're, 'll, 've, 'd, 'm) that ends the word, and where it ends.
func (sc *scanner) clitic(i int) (int, bool) {
	end := i
	for end < len(sc.s) && end-i <= 2 {
		c := sc.s[end] | 0x20 // ASCII lower case; other bytes fail the switch
		if c < 'a' || c > 'z' {
			break
		}
		end++
	}
	if sc.alnumAt(end) {
		return 0, false
	}
	switch string(toLowerASCII(sc.s[i:end])) {
	case "s", "t", "re", "ll", "ve", "d", "m":
		return end, true
	}
	return 0, false
}

func toLowerASCII(s string) []byte {
	var b [3]byte
	out := b[:0]
	for i := 0; i < len(s); i++ {
		out = append(out, s[i]|0x20)
	}
	return out
}

// negatedStem turns the verb left of n't into its word: "ca" (can't) is
// "can", "wo" (won't) is "will"; "does", "is", "could" stay.
func negatedStem(stem []byte) []byte {
	switch string(stem) {
	case "ca":
		return append(stem, 'n')
	case "wo":
		return append(stem[:0], "will"...)
	case "sha":
		return append(stem[:0], "shall"...)
	case "ai":
		return append(stem[:0], "is"...)
	}
	return stem
}

// foldLatin maps each rune from U+00C0 to U+017F to up to two ASCII letters
// (space padded) without its diacritic: "é" is "e", "ß" is "ss". The vector
// table has ASCII words only, so "Zürich" must become "zurich" to be found.
const foldLatin = "a a a a a a aec e e e e i i i i d n o o o o o   o u u u u y thssa a a a a a aec e e e e i i i i d n o o o o o   o u u u u y thy a a a a a a c c c c c c c c d d d d e e e e e e e e e e g g g g g g g g h h h h i i i i i i i i   i ijijj j k k k l l l l l l l l l l n n n n n n n n n o o o o o o oeoer r r r r r s s s s s s s s t t t t t t u u u u u u u u u u u u w w y y y z z z z z z s "

func appendFolded(b []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		return append(b, byte(r))
	}
	if r >= 0xC0 && r <= 0x17F {
		i := 2 * int(r-0xC0)
		f := foldLatin[i : i+2]
		if f[0] != ' ' {
			b = append(b, f[0])
			if f[1] != ' ' {
				b = append(b, f[1])
			}
			return b
		}
	}
	return utf8.AppendRune(b, r)
}
