package bot

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// MessageLimit is Discord's limit on the content of one message.
const MessageLimit = 2000

// minSplitLimit keeps room for a reopened code fence plus some text.
const minSplitLimit = 16

// protected spans: a cut inside them would break what the reader sees.
var (
	citationRe = regexp.MustCompile(`^\[\d{1,4}(?:\s*,\s*\d{1,4})*\]`)
	// linkRe matches [text](<url>) and [text](url); link text may hold escaped brackets.
	linkRe = regexp.MustCompile(`^\[(?:\\.|[^\[\]\\\n])*\]\((?:<[^<>\n]*>|[^()\s]*)\)`)
)

const fence = "```"

// width is the length Discord counts: UTF-16 code units. It is never less
// than the number of runes, so it is safe whichever of the two is enforced.
func width(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
		if r == utf8.RuneError {
			n++ // an invalid byte may be replaced by a 3-byte rune: count it generously
		}
	}
	return n
}

// prefixWithin returns the largest byte index i such that width(s[:i]) <= limit
// and i falls on a rune boundary.
func prefixWithin(s string, limit int) int {
	n := 0
	for i, r := range s {
		w := utf16.RuneLen(r)
		if r == utf8.RuneError {
			w++
		}
		if n+w > limit {
			return i
		}
		n += w
	}
	return len(s)
}

type span struct{ start, end int } // byte offsets, end exclusive

// spans returns the protected regions of s, in order: fenced code blocks,
// inline code, markdown links and citations.
func spans(s string) (code []span, other []span) {
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], fence):
			if j := strings.Index(s[i+len(fence):], fence); j >= 0 {
				end := i + len(fence) + j + len(fence)
				code = append(code, span{i, end})
				i = end
				continue
			}
			i += len(fence) // unclosed: plain text
			continue
		case s[i] == '`':
			// Inline code: closed on the same line, not too long.
			rest := s[i+1:]
			if j := strings.IndexByte(rest, '`'); j >= 0 && j <= 200 && !strings.Contains(rest[:j], "\n") {
				other = append(other, span{i, i + 1 + j + 1})
				i += j + 2
				continue
			}
		case s[i] == '[':
			if m := linkRe.FindStringIndex(s[i:]); m != nil {
				other = append(other, span{i, i + m[1]})
				i += m[1]
				continue
			}
			if m := citationRe.FindStringIndex(s[i:]); m != nil {
				other = append(other, span{i, i + m[1]})
				i += m[1]
				continue
			}
		}
		i++
	}
	return code, other
}

func inside(ss []span, p int) (span, bool) {
	for _, sp := range ss {
		if p > sp.start && p < sp.end {
			return sp, true
		}
	}
	return span{}, false
}

// Split cuts text into messages of at most limit characters (UTF-16 code
// units, as Discord counts). It cuts at whitespace, preferring paragraph
// breaks, then line breaks, then spaces, and never inside a citation like
// [3], a markdown link, inline code or a code block. A code block too long for
// one message is cut at a line break and its fence closed and reopened. Only a
// single word longer than limit is cut inside. Whitespace at a cut is dropped;
// no chunk is empty or blank. Limits below 16 are raised to 16.
func Split(text string, limit int) []string {
	if limit < minSplitLimit {
		limit = minSplitLimit
	}
	var chunks []string
	rem := strings.TrimSpace(text)
	for rem != "" {
		if width(rem) <= limit {
			chunks = append(chunks, rem)
			break
		}
		chunk, rest := cut(rem, limit)
		chunk = strings.TrimRightFunc(chunk, unicode.IsSpace)
		if chunk != "" {
			chunks = append(chunks, chunk)
		}
		rem = strings.TrimLeftFunc(rest, unicode.IsSpace)
	}
	return chunks
}

// cut returns the first chunk of rem (whose width exceeds limit) and the rest.
func cut(rem string, limit int) (chunk, rest string) {
	end := prefixWithin(rem, limit)
	code, other := spans(rem)
	protected := append(append([]span{}, code...), other...)

	// The last whitespace outside protected spans for each kind of break:
	// 3 paragraph, 2 line, 1 space.
	// The whitespace right after the window counts: it is dropped at the cut.
	window := rem[:end]
	if r, size := utf8.DecodeRuneInString(rem[end:]); unicode.IsSpace(r) {
		window = rem[:end+size]
	}
	var last [4]int
	for i, r := range window {
		if i == 0 || !unicode.IsSpace(r) {
			continue
		}
		if _, in := inside(protected, i); in {
			continue
		}
		rank := 1
		if r == '\n' {
			rank = 2
			if strings.HasPrefix(rem[i:], "\n\n") || rem[i-1] == '\n' {
				rank = 3
			}
		}
		last[rank] = i
	}
	// The best kind of break that keeps at least half the window, else the latest break.
	best := 0
	for rank := 3; rank >= 1; rank-- {
		if last[rank] >= end/2 && last[rank] > 0 {
			best = last[rank]
			break
		}
		best = max(best, last[rank])
	}
	if best > 0 && strings.TrimSpace(rem[:best]) != "" {
		return rem[:best], rem[best:]
	}

	// No whitespace to cut at. Inside a code block: close and reopen its fence.
	if sp, in := inside(code, end); in {
		return cutCode(rem, sp, limit)
	}
	// No whitespace, but protected spans glued to words ("word[1]more"): cut
	// at the last span boundary in the window, so that neither the citation
	// nor a word that fits is cut. A span that runs over the window is cut
	// before, if that leaves something.
	if b := lastBoundary(protected, end); b > 0 {
		return rem[:b], rem[b:]
	}
	// Only a single word (or link) longer than the window is cut inside.
	if end == 0 { // cannot happen with limit >= 16, but never loop forever
		_, size := utf8.DecodeRuneInString(rem)
		end = size
	}
	return rem[:end], rem[end:]
}

// lastBoundary returns the largest start or end of a span at or before end,
// or 0 if there is none.
func lastBoundary(ss []span, end int) int {
	b := 0
	for _, sp := range ss {
		if sp.start <= end {
			b = max(b, sp.start)
		}
		if sp.end <= end {
			b = max(b, sp.end)
		}
	}
	return b
}

// cutCode cuts inside the fenced block sp that runs over the window, closing
// the fence in the chunk and reopening it (without the language) in the rest.
func cutCode(rem string, sp span, limit int) (chunk, rest string) {
	const closing = "\n" + fence
	end := prefixWithin(rem, limit-width(closing))
	open := sp.start + len(fence)
	if end <= open {
		// Not even the opening fence fits after the text before it.
		if sp.start > 0 {
			return rem[:sp.start], rem[sp.start:]
		}
		end = open
	}
	// Keep the opening line (``` and a language) whole.
	firstNL := open
	if nl := strings.IndexByte(rem[open:sp.end], '\n'); nl >= 0 {
		firstNL = open + nl
	}
	limitNL := end
	if end < len(rem) && rem[end] == '\n' {
		limitNL = end + 1 // a line break right after the window is dropped at the cut
	}
	if p := strings.LastIndexByte(rem[:limitNL], '\n'); p > firstNL {
		return rem[:p] + closing, fence + rem[p:]
	}
	return rem[:end] + closing, fence + "\n" + rem[end:]
}
