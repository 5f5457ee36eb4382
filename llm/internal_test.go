package llm

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/byline-bot/byline/config"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		header map[string]string
		want   time.Duration
	}{
		{"absent", nil, -1},
		{"seconds", map[string]string{"Retry-After": "7"}, 7 * time.Second},
		{"fraction", map[string]string{"Retry-After": "1.5"}, 1500 * time.Millisecond},
		{"zero", map[string]string{"Retry-After": "0"}, 0},
		{"negative", map[string]string{"Retry-After": "-3"}, -1},
		{"date", map[string]string{"Retry-After": now.Add(90 * time.Second).Format(http.TimeFormat)}, 90 * time.Second},
		{"past date", map[string]string{"Retry-After": now.Add(-time.Hour).Format(http.TimeFormat)}, 0},
		{"garbage", map[string]string{"Retry-After": "soon"}, -1},
		{"milliseconds win", map[string]string{"Retry-After-Ms": "250", "Retry-After": "1"}, 250 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.header {
				h.Set(k, v)
			}
			if got := parseRetryAfter(h, now); got != tt.want {
				t.Errorf("parseRetryAfter = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	c := &Client{cfg: Config{Model: config.Model{RetryBackoff: 100 * time.Millisecond}}}
	for n := 1; n <= 20; n++ {
		want := min(100*time.Millisecond<<(n-1), maxRetryAfter)
		for range 20 {
			if got := c.backoff(n, -1); got < want/2 || got > want {
				t.Fatalf("backoff(%d) = %v, want in [%v, %v]", n, got, want/2, want)
			}
		}
	}
	if got := c.backoff(1, 2*time.Second); got != 2*time.Second {
		t.Errorf("backoff with Retry-After 2s = %v", got)
	}
	if got := c.backoff(1, time.Hour); got != maxRetryAfter {
		t.Errorf("backoff with Retry-After 1h = %v, want the cap %v", got, maxRetryAfter)
	}
}

// thinkReference is the obvious definition of think stripping on a whole text.
var thinkBlock = regexp.MustCompile(`(?s)<think>.*?</think>`)

func thinkReference(s string) string {
	s = thinkBlock.ReplaceAllString(s, "")
	if i := strings.Index(s, "<think>"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimFunc(s, unicode.IsSpace)
}

// FuzzThinkFilter checks that the streaming filter, fed the text split at
// arbitrary points, agrees with the reference on the whole text.
func FuzzThinkFilter(f *testing.F) {
	for _, s := range []string{
		"<think>x</think>answer", "<think>unterminated", "a<think>b</think>c<think>d", " <thi", "</think>",
		"<<think>>", "<think><think></think></think>", "\n\n<think>\n</think>\n\n  Yes. ", "héllo <think>ü</think> wörld",
	} {
		f.Add(s, uint64(0x0102030405060708))
	}
	f.Fuzz(func(t *testing.T, s string, cuts uint64) {
		var f thinkFilter
		var got strings.Builder
		rest := s
		for len(rest) > 0 {
			n := min(int(cuts%9)+1, len(rest))
			cuts = cuts/9 + 1
			got.WriteString(f.write(rest[:n]))
			rest = rest[n:]
		}
		got.WriteString(f.flush())
		want := thinkReference(s)
		if out := strings.TrimRightFunc(got.String(), unicode.IsSpace); out != want {
			t.Errorf("streamed %q -> %q, want %q", s, out, want)
		}
		if whole := stripThink(s); whole != want {
			t.Errorf("stripThink(%q) = %q, want %q", s, whole, want)
		}
	})
}
