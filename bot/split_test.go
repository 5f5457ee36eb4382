package bot

import (
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
)

func TestSplit(t *testing.T) {
	words := func(n int, w string) string { return strings.TrimSpace(strings.Repeat(w+" ", n)) }
	tests := []struct {
		name  string
		text  string
		limit int
		want  []string
	}{
		{"empty", "", 20, nil},
		{"blank", " \n\t ", 20, nil},
		{"fits", "short answer [1].", 20, []string{"short answer [1]."}},
		{"trimmed", "  padded  ", 20, []string{"padded"}},
		{"at a space, not inside a word", "alpha beta gamma delta", 16, []string{"alpha beta gamma", "delta"}},
		{"prefers a paragraph break", "one two.\n\nthree four five", 16, []string{"one two.", "three four five"}},
		{"prefers a line break in the second half", "aaaa bbbb cccc\ndd ee ff gg", 20, []string{"aaaa bbbb cccc", "dd ee ff gg"}},
		{"never inside a citation group", "claim made here [1, 2] and more", 20, []string{"claim made here", "[1, 2] and more"}},
		{"a citation glued to a word that fits is cut off, not the word", "[0, 0]" + strings.Repeat("a", 38), 41, []string{"[0, 0]", strings.Repeat("a", 38)}},
		{"a word glued to a citation that fits is cut off, not the citation", strings.Repeat("a", 38) + "[1, 2]", 41, []string{strings.Repeat("a", 38), "[1, 2]"}},
		{"a word then a citation near the limit", strings.Repeat("a", 38) + " [0, 0]", 41, []string{strings.Repeat("a", 38), "[0, 0]"}},
		{"never inside a link", "see the [The Title Here](<https://e.x/a>) now", 36, []string{"see the", "[The Title Here](<https://e.x/a>)", "now"}},
		{"never inside inline code", "run `go test ./...` then", 18, []string{"run", "`go test ./...`", "then"}},
		{"long word is cut", strings.Repeat("x", 40), 16, []string{strings.Repeat("x", 16), strings.Repeat("x", 16), strings.Repeat("x", 8)}},
		{"code block kept whole when it fits", "intro\n```\nline one\n```\nafter", 24, []string{"intro\n```\nline one\n```", "after"}},
		{"code block not cut for a later break", "intro\n```\nline one\n```after", 24, []string{"intro", "```\nline one\n```after"}},
		{"long code block reopened", "```go\naaa\nbbb\nccc\nddd\n```", 17, []string{"```go\naaa\nbbb\n```", "```\nccc\nddd\n```"}},
		{"counts UTF-16 units", words(6, "😀😀"), 16, []string{"😀😀 😀😀 😀😀", "😀😀 😀😀 😀😀"}},
		{"a 2000-character answer is one message", strings.Repeat("a", 2000), 2000, []string{strings.Repeat("a", 2000)}},
		{"2004 characters of words", words(401, "abcd"), 2000, []string{words(400, "abcd"), "abcd"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Split(tt.text, tt.limit)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Split(%q, %d) mismatch (-want +got):\n%s", tt.text, tt.limit, diff)
			}
			checkChunks(t, tt.text, tt.limit, got)
		})
	}
}

// citationCountRe matches citations like [3] and [1, 2]: each must reach a
// chunk whole.
var citationCountRe = regexp.MustCompile(`\[\d{1,4}(?:\s*,\s*\d{1,4})*\]`)

// unitRe matches what a reader sees as one unit although it may hold spaces
// or be glued to a word: a markdown link or a citation, the link first as the
// splitter scans them.
var unitRe = regexp.MustCompile(`\[(?:\\.|[^\[\]\\\n])*\]\((?:<[^<>\n]*>|[^()\s]*)\)|` + citationCountRe.String())

// word is a unit a split must not cut when it fits: its text without
// whitespace, and its width as written.
type word struct {
	text  string
	width int
}

// words returns the units a split must not cut: whitespace-separated words,
// where a link or citation is a unit of its own (its inner whitespace
// removed) even when glued to a word, as in "claim[1]".
func words(s string) []word {
	var ws []word
	plain := func(s string) {
		for _, f := range strings.Fields(s) {
			ws = append(ws, word{f, width(f)})
		}
	}
	last := 0
	for _, m := range unitRe.FindAllStringIndex(s, -1) {
		plain(s[last:m[0]])
		u := s[m[0]:m[1]]
		ws = append(ws, word{strings.Join(strings.Fields(u), ""), width(u)})
		last = m[1]
	}
	plain(s[last:])
	return ws
}

// checkChunks asserts the properties every split must have.
func checkChunks(t *testing.T, text string, limit int, chunks []string) {
	t.Helper()
	limit = max(limit, minSplitLimit)
	for i, c := range chunks {
		if w := width(c); w > limit {
			t.Fatalf("chunk %d has width %d > %d: %q", i, w, limit, c)
		}
		if strings.TrimSpace(c) == "" {
			t.Fatalf("chunk %d is blank", i)
		}
	}
	// Content is preserved: the splitter only drops whitespace at cuts and
	// adds code fences.
	norm := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) || r == '`' {
				return -1
			}
			return r
		}, s)
	}
	if got, want := norm(strings.Join(chunks, "")), norm(text); got != want {
		t.Fatalf("content changed:\nwant %q\ngot  %q", want, got)
	}
	// Citations are never cut.
	in := len(citationCountRe.FindAllString(text, -1))
	out := 0
	for _, c := range chunks {
		out += len(citationCountRe.FindAllString(c, -1))
	}
	if out != in {
		t.Fatalf("citations: input has %d, chunks have %d: %q", in, out, chunks)
	}
	// Words no longer than the limit are never cut; a longer one may be cut
	// anywhere (checked where no code fences are added). With whitespace
	// removed, input and output are the same string: no cut between output
	// words may fall strictly inside an input word that fits.
	if !strings.Contains(text, "`") {
		cuts := map[int]bool{}
		n := 0
		for _, w := range words(strings.Join(chunks, " ")) {
			n += len(w.text)
			cuts[n] = true
		}
		n = 0
		for _, w := range words(text) {
			if w.width <= limit {
				for i := n + 1; i < n+len(w.text); i++ {
					if cuts[i] {
						t.Fatalf("word %q (width %d, limit %d) was cut: %q", w.text, w.width, limit, chunks)
					}
				}
			}
			n += len(w.text)
		}
	}
}

func TestSplitFencesBalanced(t *testing.T) {
	var b strings.Builder
	b.WriteString("Here is the data:\n```text\n")
	for i := range 300 {
		b.WriteString(strings.Repeat("row ", i%7+1))
		b.WriteString("\n")
	}
	b.WriteString("```\nThat is all [1].")
	chunks := Split(b.String(), MessageLimit)
	if len(chunks) < 2 {
		t.Fatalf("want several chunks, got %d", len(chunks))
	}
	for i, c := range chunks {
		if n := strings.Count(c, fence); n%2 != 0 {
			t.Errorf("chunk %d has %d fences (unbalanced):\n%s", i, n, c)
		}
	}
	checkChunks(t, b.String(), MessageLimit, chunks)
}

func FuzzSplit(f *testing.F) {
	f.Add("The minister said [1] that the budget [2, 3] would grow.\n\nSources\n[1] [Title](<https://example.com/a>) · 2024-01-02", 40)
	f.Add("```go\nfunc main() {}\n```\n"+strings.Repeat("word ", 100), 30)
	f.Add(strings.Repeat("é😀 ", 300), 2000)
	f.Add(strings.Repeat("[12]", 600), 2000)
	f.Add("`a b` [x](y) [1] ``` c", 16)
	f.Fuzz(func(t *testing.T, text string, limit int) {
		if limit < 0 {
			limit = -limit
		}
		limit = limit%MessageLimit + 1
		checkChunks(t, text, limit, Split(text, limit))
	})
}

func BenchmarkSplit(b *testing.B) {
	text := strings.Repeat("A sentence with a citation [3] and a [link](<https://example.com/x>).\n", 200)
	for b.Loop() {
		Split(text, MessageLimit)
	}
}
