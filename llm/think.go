package llm

import (
	"strings"
	"unicode"
)

const (
	thinkOpen  = "<think>"
	thinkClose = "</think>"
)

// thinkFilter removes <think>...</think> blocks, which reasoning models
// (DeepSeek-R1, Qwen3, ...) put in the reply content, from text that
// arrives in pieces split anywhere, even inside a tag. An unterminated block
// hides everything after its opening tag; leading whitespace of the visible
// text is dropped (models put a blank line after </think>). Blocks do not
// nest, and a </think> without an opening tag is kept as text.
type thinkFilter struct {
	inThink bool
	pending string // a tail that may be the start of a tag
	started bool   // visible text other than whitespace has been emitted
}

// write consumes the next piece and returns the text now known visible.
func (f *thinkFilter) write(s string) string {
	buf := f.pending + s
	f.pending = ""
	var out strings.Builder
	for {
		tag := thinkOpen
		if f.inThink {
			tag = thinkClose
		}
		if i := strings.Index(buf, tag); i >= 0 {
			if !f.inThink {
				out.WriteString(buf[:i])
			}
			buf = buf[i+len(tag):]
			f.inThink = !f.inThink
			continue
		}
		k := partialTagSuffix(buf, tag)
		if !f.inThink {
			out.WriteString(buf[:len(buf)-k])
		}
		f.pending = buf[len(buf)-k:]
		break
	}
	return f.visible(out.String())
}

// flush returns what write held back, at the end of the text.
func (f *thinkFilter) flush() string {
	rest := f.pending
	f.pending = ""
	if f.inThink {
		return ""
	}
	return f.visible(rest)
}

// visible drops whitespace before the first visible character.
func (f *thinkFilter) visible(s string) string {
	if !f.started {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		f.started = s != ""
	}
	return s
}

// partialTagSuffix returns the length of the longest suffix of s that is a
// proper prefix of tag.
func partialTagSuffix(s, tag string) int {
	for k := min(len(s), len(tag)-1); k > 0; k-- {
		if strings.HasSuffix(s, tag[:k]) {
			return k
		}
	}
	return 0
}

// stripThink removes think blocks from a complete reply.
func stripThink(s string) string {
	var f thinkFilter
	return strings.TrimRightFunc(f.write(s)+f.flush(), unicode.IsSpace)
}
