package ingest

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"mime"
	"regexp"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/htmlindex"

	"github.com/byline-bot/byline/internal/text"
)

// sniffLen is how much of a file the binary checks look at, as git does.
const sniffLen = 8000

// decodeUTF8 checks that data is text and returns it as UTF-8 without a BOM.
// declared is the charset the document names (see declaredCharset), or "".
// note says what was converted ("" when nothing was); reason is why the data
// was rejected ("" when it was not). noun names the input: "file" or "body".
//
// Valid UTF-8 is taken as UTF-8 whatever the declaration says (a page that
// says ISO-8859-1 but is UTF-8 is common; the reverse by chance is not),
// and so is text that is mostly UTF-8 with a broken byte, which is refused
// rather than garbled. Otherwise a declared charset decides; with none,
// Windows-1252 is tried.
func decodeUTF8(data []byte, declared, noun string) (text, note, reason string) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		data = data[3:]
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		s, ok := decodeUTF16(data)
		if !ok {
			return "", "", "not UTF-8 text (broken UTF-16)"
		}
		if strings.TrimSpace(s) == "" {
			return "", "", "empty " + noun
		}
		return s, "converted from UTF-16 to UTF-8", ""
	}
	if len(data) == 0 {
		return "", "", "empty " + noun
	}
	sample := data[:min(len(data), sniffLen)]
	if bytes.IndexByte(sample, 0) >= 0 {
		return "", "", "binary " + noun + " (contains NUL bytes)"
	}
	if controlShare(sample) > 0.1 {
		return "", "", "binary " + noun + " (mostly non-text bytes)"
	}
	// ISO-2022-JP is 7-bit: valid UTF-8 by construction, its escapes left in.
	sevenBit := declared != "" && bytes.IndexByte(data, 0x1b) >= 0 && isASCII(data) && charsetName(declared) == "iso-2022-jp"
	if utf8.Valid(data) && !sevenBit {
		return string(data), "", ""
	}
	if declared != "" && !mostlyUTF8(data) {
		if text, note, reason, done := decodeDeclared(data, declared); done {
			return text, note, reason
		}
	}
	if hasMultibyteUTF8(data) {
		// Mostly UTF-8 with a broken byte: converting from a legacy
		// encoding would garble the parts that are right.
		return "", "", fmt.Sprintf("not UTF-8 text (invalid byte at offset %d)", invalidOffset(data))
	}
	if s, ok := decodeWindows1252(data); ok {
		return s, "converted from Windows-1252 to UTF-8", ""
	}
	return "", "", "not UTF-8 text"
}

// contentCharset extracts the charset from a meta content attribute the way
// browsers do (WHATWG "extract a character encoding from a meta element"):
// after "charset", optional spaces, "=", optional spaces, a value quoted or
// ending at a space or ";". It is "" when there is none.
func contentCharset(content string) string {
	lower := strings.ToLower(content)
	for i := 0; ; {
		j := strings.Index(lower[i:], "charset")
		if j < 0 {
			return ""
		}
		rest := strings.TrimLeft(content[i+j+len("charset"):], " \t\n\f\r")
		i += j + len("charset")
		if !strings.HasPrefix(rest, "=") {
			continue
		}
		rest = strings.TrimLeft(rest[1:], " \t\n\f\r")
		if rest == "" {
			return ""
		}
		if q := rest[0]; q == '"' || q == '\'' {
			if end := strings.IndexByte(rest[1:], q); end >= 0 {
				return rest[1 : 1+end]
			}
			return ""
		}
		if end := strings.IndexAny(rest, " \t\n\f\r;"); end >= 0 {
			return rest[:end]
		}
		return rest
	}
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// mostlyUTF8 reports whether data reads as UTF-8 with a few broken bytes:
// valid multi-byte sequences outnumber invalid bytes four to one. Text in a
// legacy multi-byte charset (Shift_JIS, GBK) is almost all invalid bytes.
func mostlyUTF8(data []byte) bool {
	valid, invalid := 0, 0
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		switch {
		case r == utf8.RuneError && size == 1:
			invalid++
		case size > 1:
			valid++
		}
		data = data[size:]
	}
	return valid > 0 && valid >= 4*invalid
}

// charsetName is the WHATWG name of a charset label ("" if unknown).
func charsetName(label string) string {
	enc, err := htmlindex.Get(label)
	if err != nil {
		return ""
	}
	name, _ := htmlindex.Name(enc)
	return name
}

// decodeDeclared converts data from the declared charset. done is false
// for a declaration that leaves the choice to the default path: UTF-8 (the
// data is not, so the default path says where it breaks) and Windows-1252
// (whose default path refuses its undefined bytes).
func decodeDeclared(data []byte, declared string) (text, note, reason string, done bool) {
	enc, err := htmlindex.Get(declared)
	if err != nil {
		return "", "", fmt.Sprintf("not UTF-8 text, and its declared charset %q is unknown", declared), true
	}
	name, _ := htmlindex.Name(enc)
	if name == "utf-8" || name == "windows-1252" {
		return "", "", "", false
	}
	out, err := enc.NewDecoder().Bytes(data)
	// Legacy charsets cannot encode U+FFFD: one in the output marks bytes
	// the charset does not define.
	if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
		return "", "", fmt.Sprintf("not %s text as declared (undecodable bytes)", name), true
	}
	return string(out), "converted from " + name + " to UTF-8", "", true
}

// declaredCharset is the charset a document names for itself: the
// Content-Type's charset parameter (HTTP only), else for HTML a meta charset
// in the first 1024 bytes (where browsers look), for a feed the XML
// declaration's encoding. It is "" when there is none.
func declaredCharset(k kind, data []byte, contentType string) string {
	if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
		return params["charset"]
	}
	head := data[:min(len(data), 1024)]
	switch k {
	case kindHTML:
		return metaCharset(head)
	case kindFeed:
		if m := reXMLEncoding.FindSubmatch(head); m != nil {
			return string(m[1])
		}
	}
	return ""
}

// reXMLEncoding finds the encoding of an XML declaration.
var reXMLEncoding = regexp.MustCompile(`^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_:.\-]+)["']`)

// metaCharset returns the charset of the first meta tag that declares one,
// <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html;
// charset=x">, read with the HTML tokenizer so that "charset=" inside some
// other attribute's text does not count.
func metaCharset(head []byte) string {
	z := html.NewTokenizer(bytes.NewReader(head))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			if string(name) != "meta" {
				continue
			}
			var charset, httpEquiv, content string
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) { // the tokenizer lowercases attribute names
				case "charset":
					charset = strings.TrimSpace(string(v))
				case "http-equiv":
					httpEquiv = string(v)
				case "content":
					content = string(v)
				}
			}
			if charset != "" {
				return charset
			}
			if strings.EqualFold(httpEquiv, "content-type") {
				if cs := contentCharset(content); cs != "" {
					return cs
				}
			}
		}
	}
}

// controlShare is the share of bytes that are control characters other than
// the whitespace a text file holds.
func controlShare(b []byte) float64 {
	if len(b) == 0 {
		return 0
	}
	n := 0
	for _, c := range b {
		if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') || c == 0x7f {
			n++
		}
	}
	return float64(n) / float64(len(b))
}

func hasMultibyteUTF8(b []byte) bool {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r != utf8.RuneError && size > 1 {
			return true
		}
		b = b[size:]
	}
	return false
}

func invalidOffset(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

func decodeUTF16(b []byte) (string, bool) {
	if len(b)%2 != 0 {
		return "", false
	}
	le := b[0] == 0xff
	u := make([]uint16, 0, len(b)/2-1)
	for i := 2; i < len(b); i += 2 {
		if le {
			u = append(u, uint16(b[i])|uint16(b[i+1])<<8)
		} else {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		}
	}
	runes := utf16.Decode(u)
	for _, r := range runes {
		if r == 0 || r == utf8.RuneError {
			return "", false
		}
	}
	return string(runes), true
}

// cp1252 maps the bytes 0x80-0x9F of Windows-1252; 0 marks the five bytes
// it leaves undefined. Bytes 0xA0-0xFF are the same code points as Latin-1.
var cp1252 = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

// decodeWindows1252 converts b when every byte is defined in Windows-1252
// (which covers Latin-1 text in practice).
func decodeWindows1252(b []byte) (string, bool) {
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	for _, c := range b {
		switch {
		case c < 0x80:
			sb.WriteByte(c)
		case c < 0xa0:
			r := cp1252[c-0x80]
			if r == 0 {
				return "", false
			}
			sb.WriteRune(r)
		default:
			sb.WriteRune(rune(c))
		}
	}
	return sb.String(), true
}

// isHSpace reports horizontal whitespace, including the no-break and
// typographic spaces that pasted news text is full of.
func isHSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\v', '\f', 0xa0, 0x1680, 0x202f, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// isDropped reports characters removed outright: control characters, the
// BOM and zero-width spaces.
func isDropped(r rune) bool {
	switch r {
	case 0xfeff, 0x200b, 0x2060:
		return true
	}
	return r < 0x20 || (r >= 0x7f && r < 0xa0)
}

// cleanText normalizes newlines, strips BOMs and control characters,
// collapses runs of spaces, trims every line, keeps paragraph breaks (at
// most one blank line in a row) and trims the whole. Runs of ordinary
// characters are copied in one go: corpora are tens of megabytes.
func cleanText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	newlines := 0
	space := false
	started := false
	// separate writes what the pending whitespace amounts to before the
	// next visible character.
	separate := func() {
		if started {
			switch {
			case newlines >= 2:
				b.WriteString("\n\n")
			case newlines == 1:
				b.WriteByte('\n')
			case space:
				b.WriteByte(' ')
			}
		}
		newlines, space, started = 0, false, true
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c > ' ' && c < 0x7f {
			j := i + 1
			for j < len(s) && s[j] > ' ' && s[j] < 0x7f {
				j++
			}
			separate()
			b.WriteString(s[i:j])
			i = j
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		switch {
		case r == '\n':
			newlines++
			space = false
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				i++
			}
			newlines++
			space = false
		case r == 0x2028 || r == 0x2029:
			newlines += 2
			space = false
		case isHSpace(r):
			if newlines == 0 {
				space = true
			}
		case isDropped(r):
		default:
			separate()
			b.WriteRune(r) // writes U+FFFD for an invalid byte
		}
	}
	return b.String()
}

// cleanLine is cleanText for one-line values such as titles and names.
func cleanLine(s string) string {
	if s == "" {
		return ""
	}
	return strings.ReplaceAll(strings.ReplaceAll(cleanText(s), "\n\n", " "), "\n", " ")
}

// hashID is the id convention of the evaluation corpus: the first 16 hex
// digits of the SHA-1 of the key.
func hashID(key string) string {
	sum := sha1.Sum([]byte(key))
	return hex.EncodeToString(sum[:8])
}

const maxTitle = 120

// firstSentence returns the first sentence (by text.Sentences) of body's first
// line, at most maxTitle characters, cut at a word with an ellipsis when longer.
func firstSentence(body string) string {
	rest := strings.TrimSpace(body)
	var line string
	// Pass over datelines such as "New York CNN —" and one-word lines.
	for i := 0; i < 4 && rest != ""; i++ {
		line, rest, _ = strings.Cut(rest, "\n")
		line = strings.TrimSpace(line)
		rest = strings.TrimSpace(rest)
		dateline := strings.HasSuffix(line, "—") || strings.HasSuffix(line, " -") || len(strings.Fields(line)) < 2
		if !dateline || rest == "" {
			break
		}
	}
	if spans := text.Sentences(line); len(spans) > 0 {
		line = line[spans[0][0]:spans[0][1]]
	}
	// A title drops its final period, but not an abbreviation's ("U.S.").
	if last := line[strings.LastIndexByte(line, ' ')+1:]; strings.Count(last, ".") == 1 {
		line = strings.TrimSuffix(line, ".")
	}
	return shorten(line, maxTitle)
}

// shorten cuts s to at most n characters at a word boundary, ending in "…"
// when it cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	cut := string(runes[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > n/3 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:-–—") + "…"
}
