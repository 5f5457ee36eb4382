package retrieval

import (
	"fmt"

	"github.com/byline-bot/byline/internal/text"
)

// ChunkConfig sets how articles are split. Changing it changes every chunk:
// the index records it and re-chunks (and re-embeds) what it affects.
type ChunkConfig struct {
	// Size is the target chunk length in bytes.
	Size int `json:"size"`
	// Overlap is how many bytes of trailing sentences a chunk repeats from the
	// previous one (0: none), so that a fact split over a boundary is whole
	// in one of them.
	Overlap int `json:"overlap"`
}

// Validate reports whether c can split text: Size positive, Overlap from 0
// (no overlap) to Size-1. The defaults live in the config package.
func (c ChunkConfig) Validate() error {
	if c.Size <= 0 || c.Overlap < 0 || c.Overlap >= c.Size {
		return fmt.Errorf("chunk size %d and overlap %d: want a positive size and an overlap from 0 to size-1", c.Size, c.Overlap)
	}
	return nil
}

// span is a byte range [Start, End) of an article's text.
type span struct{ Start, End int }

// chunkText splits text into chunks that follow sentence boundaries: a chunk
// takes whole sentences until adding one more would pass Size, then the next
// chunk starts with the last sentences of the previous one up to Overlap
// bytes. A single sentence longer than Size is cut at spaces.
func chunkText(body string, cfg ChunkConfig) []span {
	var sents []span
	for _, s := range text.Sentences(body) {
		sents = append(sents, splitLong(body, span{s[0], s[1]}, cfg.Size)...)
	}
	if len(sents) == 0 {
		return nil
	}
	var chunks []span
	first := 0
	for first < len(sents) {
		last := first
		for last+1 < len(sents) && sents[last+1].End-sents[first].Start <= cfg.Size {
			last++
		}
		chunks = append(chunks, span{sents[first].Start, sents[last].End})
		if last+1 >= len(sents) {
			break
		}
		// Step back over trailing sentences that fit in the overlap, but always
		// move forward by at least one sentence.
		next := last + 1
		for next-1 > first && sents[last].End-sents[next-1].Start <= cfg.Overlap {
			next--
		}
		first = next
	}
	return chunks
}

// splitLong cuts a span longer than max at the last space before max (or at
// max on a rune boundary when there is no space).
func splitLong(text string, s span, max int) []span {
	var out []span
	for s.End-s.Start > max {
		cut := s.Start + max
		for cut > s.Start && text[cut] != ' ' {
			cut--
		}
		if cut == s.Start {
			cut = s.Start + max
			for cut > s.Start && !isRuneStart(text[cut]) {
				cut--
			}
		}
		out = append(out, span{s.Start, cut})
		s.Start = cut
		for s.Start < s.End && text[s.Start] == ' ' {
			s.Start++
		}
	}
	if s.End > s.Start {
		out = append(out, s)
	}
	return out
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
