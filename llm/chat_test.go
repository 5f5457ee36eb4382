package llm_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/byline-bot/byline/internal/syncbuf"
	"github.com/byline-bot/byline/llm"
	"github.com/byline-bot/byline/llm/llmtest"
)

// newClient builds a client for srv with cfg adjusted by mutate; logs go to
// the returned buffer.
func newClient(t *testing.T, srv *llmtest.Server, mutate func(*llm.Config)) (*llm.Client, *syncbuf.Buffer) {
	t.Helper()
	cfg := srv.Config()
	if mutate != nil {
		mutate(&cfg)
	}
	logs := &syncbuf.Buffer{}
	c, err := llm.New(cfg, nil, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c, logs
}

// asError fails t unless err is an *llm.Error of kind want.
func asError(t *testing.T, err error, want llm.Kind) *llm.Error {
	t.Helper()
	var e *llm.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *llm.Error", err, err)
	}
	if e.Kind != want {
		t.Fatalf("kind = %q, want %q (error: %v)", e.Kind, want, err)
	}
	return e
}

var question = []llm.Message{
	{Role: "system", Content: "Answer from the articles."},
	{Role: "user", Content: "What is the capital of France?"},
}

func TestChat(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Options{
		Reply: func(r llmtest.Request) string { return "Paris [1]. Asked: " + r.Messages[len(r.Messages)-1].Content },
	})
	c, _ := newClient(t, srv, func(c *llm.Config) { c.MaxTokens = 300 })

	got, err := c.Chat(t.Context(), question, nil)
	if err != nil {
		t.Fatalf("Chat: %v", err)
	}
	if want := "Paris [1]. Asked: What is the capital of France?"; got != want {
		t.Errorf("reply = %q, want %q", got, want)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if diff := cmp.Diff(question, r.Messages); diff != "" {
		t.Errorf("messages sent (-want +got):\n%s", diff)
	}
	if r.Path != "/v1/chat/completions" || r.Model != "test-chat" || r.Stream {
		t.Errorf("path %q model %q stream %v", r.Path, r.Model, r.Stream)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer test-key" {
		t.Errorf("Authorization = %q", got)
	}
}

// TestChatRequestFields checks the workarounds for go-openai's request
// encoding: temperature 0 is sent as a tiny positive value, and reasoning
// models get max_completion_tokens and no temperature (else go-openai
// refuses to send the request).
func TestChatRequestFields(t *testing.T) {
	tests := []struct {
		name          string
		model         string
		temperature   float32
		wantTemp      float64 // -1: absent
		wantMax       int
		wantMaxCompl  int
		apiKey        string
		wantAuthorize string
	}{
		{"zero temperature", "llama3.2", 0, 1e-6, 200, 0, "k-123456", "Bearer k-123456"},
		{"set temperature", "llama3.2", 0.7, 0.7, 200, 0, "k-123456", "Bearer k-123456"},
		{"no key, no header", "qwen3", 0.2, 0.2, 200, 0, "", ""},
		{"o3 reasoning model", "o3-mini", 0.7, -1, 0, 200, "k-123456", "Bearer k-123456"},
		{"gpt-5 reasoning model", "gpt-5-mini", 0, -1, 0, 200, "k-123456", "Bearer k-123456"},
		{"gpt-6 reasoning model", "gpt-6-sol", 0.3, -1, 0, 200, "k-123456", "Bearer k-123456"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewServer(t, llmtest.Options{})
			c, _ := newClient(t, srv, func(c *llm.Config) {
				c.ChatModel, c.Temperature, c.MaxTokens, c.APIKey = tt.model, tt.temperature, 200, tt.apiKey
			})
			for _, stream := range []bool{false, true} {
				var onDelta func(string)
				if stream {
					onDelta = func(string) {}
				}
				if _, err := c.Chat(t.Context(), question, onDelta); err != nil {
					t.Fatalf("Chat(stream=%v): %v", stream, err)
				}
			}
			for _, r := range srv.Requests() {
				switch {
				case tt.wantTemp < 0 && r.Temperature != nil:
					t.Errorf("temperature %v sent, want none", *r.Temperature)
				case tt.wantTemp >= 0 && (r.Temperature == nil || float32(*r.Temperature) != float32(tt.wantTemp)):
					t.Errorf("temperature = %v, want %v", r.Temperature, tt.wantTemp)
				}
				if r.MaxTokens != tt.wantMax || r.MaxCompletionTokens != tt.wantMaxCompl {
					t.Errorf("max_tokens %d max_completion_tokens %d, want %d %d",
						r.MaxTokens, r.MaxCompletionTokens, tt.wantMax, tt.wantMaxCompl)
				}
				if got := r.Header.Get("Authorization"); got != tt.wantAuthorize {
					t.Errorf("Authorization = %q, want %q", got, tt.wantAuthorize)
				}
			}
		})
	}
}

func TestChatStream(t *testing.T) {
	const reply = "The summit ended on 3 March with a joint statement [1]."
	srv := llmtest.NewServer(t, llmtest.Options{
		Reply:     func(llmtest.Request) string { return reply },
		ChunkSize: 4,
		// More keep-alive lines between chunks than go-openai's default
		// EmptyMessagesLimit of 300.
		KeepAlives: 400,
	})
	c, _ := newClient(t, srv, nil)

	var deltas []string
	got, err := c.Chat(t.Context(), question, func(s string) { deltas = append(deltas, s) })
	if err != nil {
		t.Fatalf("Chat: %v", err)
	}
	if got != reply {
		t.Errorf("reply = %q, want %q", got, reply)
	}
	var want []string
	for r := []rune(reply); len(r) > 0; r = r[min(4, len(r)):] {
		want = append(want, string(r[:min(4, len(r))]))
	}
	if diff := cmp.Diff(want, deltas); diff != "" {
		t.Errorf("deltas (-want +got):\n%s", diff)
	}
	if reqs := srv.Requests(); len(reqs) != 1 || !reqs[0].Stream {
		t.Errorf("requests = %+v, want one streamed", reqs)
	}
}

func TestThinkStripping(t *testing.T) {
	tests := []struct {
		name  string
		reply string
		want  string // "" means an empty-answer error
	}{
		{"none", "Just the answer.", "Just the answer."},
		{"leading block", "<think>The user asks about France.\nParis.</think>\n\nParis is the capital [1].", "Paris is the capital [1]."},
		{"empty block", "<think>\n\n</think>\n\nYes.", "Yes."},
		{"two blocks", "<think>a</think>First. <think>b</think>Second.", "First. Second."},
		{"unterminated leading", "<think>Let me think about this for a long", ""},
		{"lone closing tag kept", "a </think> b", "a </think> b"},
		{"tag-like text kept", "x < y and <thing> stays", "x < y and <thing> stays"},
	}
	for _, tt := range tests {
		for _, chunk := range []int{1, 2, 3, 7, 1000} {
			srv := llmtest.NewServer(t, llmtest.Options{
				Reply:     func(llmtest.Request) string { return tt.reply },
				ChunkSize: chunk,
			})
			c, _ := newClient(t, srv, nil)
			t.Run(tt.name+"/plain", func(t *testing.T) {
				if chunk != 1 {
					t.Skip("chunking only matters when streaming")
				}
				got, err := c.Chat(t.Context(), question, nil)
				checkThink(t, got, err, tt.want)
			})
			t.Run(tt.name+"/stream", func(t *testing.T) {
				var deltas strings.Builder
				got, err := c.Chat(t.Context(), question, func(s string) {
					if strings.Contains(s, "think>") && !strings.Contains(tt.want, "think>") {
						t.Errorf("delta %q leaks a think tag", s)
					}
					deltas.WriteString(s)
				})
				checkThink(t, got, err, tt.want)
				if strings.TrimSpace(deltas.String()) != got {
					t.Errorf("deltas %q do not add up to the reply %q", deltas.String(), got)
				}
			})
		}
	}
}

func checkThink(t *testing.T, got string, err error, want string) {
	t.Helper()
	if want == "" {
		asError(t, err, llm.KindBadResponse)
		return
	}
	if err != nil {
		t.Fatalf("Chat: %v", err)
	}
	if got != want {
		t.Errorf("reply = %q, want %q", got, want)
	}
}

func TestChatErrors(t *testing.T) {
	tests := []struct {
		name       string
		opts       llmtest.Options
		stream     bool
		want       llm.Kind
		wantStatus int
		wantReqs   int // MaxRetries is 2: 3 means retried to the end
	}{
		{"500 x3", llmtest.Options{Statuses: []int{500, 500, 500}}, false, llm.KindServer, 500, 3},
		{"503 x3 stream", llmtest.Options{Statuses: []int{503, 503, 503}}, true, llm.KindServer, 503, 3},
		{"501 not retried", llmtest.Options{Statuses: []int{501}}, false, llm.KindServer, 501, 1},
		{"429 x3", llmtest.Options{Statuses: []int{429, 429, 429}}, false, llm.KindRateLimited, 429, 3},
		{"400 not retried", llmtest.Options{Statuses: []int{400}}, false, llm.KindBadRequest, 400, 1},
		{"404 not retried", llmtest.Options{Statuses: []int{404}}, true, llm.KindBadRequest, 404, 1},
		{"401", llmtest.Options{Statuses: []int{401}}, false, llm.KindAuth, 401, 1},
		{"403 stream", llmtest.Options{Statuses: []int{403}}, true, llm.KindAuth, 403, 1},
		{"garbage", llmtest.Options{Garbage: true}, false, llm.KindBadResponse, 0, 1},
		{"garbage stream", llmtest.Options{Garbage: true}, true, llm.KindBadResponse, 0, 1},
		{"empty reply", llmtest.Options{Reply: func(llmtest.Request) string { return " \n" }}, false, llm.KindBadResponse, 0, 1},
		{"empty reply stream", llmtest.Options{Reply: func(llmtest.Request) string { return "" }}, true, llm.KindBadResponse, 0, 1},
		{"non-JSON 500 body", llmtest.Options{Statuses: []int{502, 502, 502}, ErrorBody: "<html>Bad Gateway</html>"}, false, llm.KindServer, 502, 3},
		{"500 then success", llmtest.Options{Statuses: []int{500, 500}}, false, "", 0, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewServer(t, tt.opts)
			c, _ := newClient(t, srv, nil)
			var onDelta func(string)
			if tt.stream {
				onDelta = func(string) {}
			}
			_, err := c.Chat(t.Context(), question, onDelta)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Chat: %v", err)
				}
			} else {
				e := asError(t, err, tt.want)
				if e.Status != tt.wantStatus {
					t.Errorf("status = %d, want %d", e.Status, tt.wantStatus)
				}
				if e.Message == "" {
					t.Error("empty user message")
				}
			}
			if n := srv.Count(""); n != tt.wantReqs {
				t.Errorf("%d requests, want %d", n, tt.wantReqs)
			}
		})
	}
}

// TestServerMessageShown checks that an Ollama-style error body's message
// reaches the user-facing message.
func TestServerMessageShown(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Options{
		Statuses:  []int{404},
		ErrorBody: `{"error":"model \"llama9\" not found, try pulling it first"}`,
	})
	c, _ := newClient(t, srv, nil)
	_, err := c.Chat(t.Context(), question, nil)
	e := asError(t, err, llm.KindBadRequest)
	if !strings.Contains(e.Message, `model "llama9" not found`) || !strings.Contains(e.Message, "/v1") {
		t.Errorf("message = %q, want the server's reason and a hint", e.Message)
	}
}

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter string
		min, max   time.Duration
	}{
		{"seconds", "2", 2 * time.Second, 2 * time.Second},
		{"http date", time.Now().Add(5 * time.Second).UTC().Format(http.TimeFormat), 3 * time.Second, 5 * time.Second},
		{"capped", "3600", 30 * time.Second, 30 * time.Second},
		{"absent: backoff", "", 0, 10 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewServer(t, llmtest.Options{Statuses: []int{429}, RetryAfter: tt.retryAfter})
			c, _ := newClient(t, srv, func(c *llm.Config) { c.RetryBackoff = 10 * time.Millisecond })
			var waits []time.Duration
			llm.SetSleep(c, func(_ context.Context, d time.Duration) error {
				waits = append(waits, d)
				return nil
			})
			got, err := c.Chat(t.Context(), question, nil)
			if err != nil || got != "ok" {
				t.Fatalf("Chat = %q, %v; want ok after a retry", got, err)
			}
			if len(waits) != 1 || waits[0] < tt.min || waits[0] > tt.max {
				t.Errorf("waits = %v, want one in [%v, %v]", waits, tt.min, tt.max)
			}
			if n := srv.Count(""); n != 2 {
				t.Errorf("%d requests, want 2", n)
			}
		})
	}
}

// TestRetryAfterPastDeadline checks that a Retry-After beyond the caller's
// deadline fails at once instead of sleeping into the deadline.
func TestRetryAfterPastDeadline(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Options{Statuses: []int{429}, RetryAfter: "20"})
	c, _ := newClient(t, srv, nil)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.Chat(ctx, question, nil)
	asError(t, err, llm.KindRateLimited)
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v, want an immediate failure", d)
	}
	if n := srv.Count(""); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestConnectionRefused(t *testing.T) {
	cfg := testConfig(func(c *llm.Config) {
		c.BaseURL = llmtest.ClosedURL(t)
		c.ChatModel = "m"
		c.EmbedModel = "e"
		c.MaxRetries = 2
		c.RetryBackoff = time.Millisecond
	})
	c, err := llm.New(cfg, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var waits int
	llm.SetSleep(c, func(context.Context, time.Duration) error { waits++; return nil })
	_, err = c.Chat(t.Context(), question, nil)
	asError(t, err, llm.KindRefused)
	_, err = c.Chat(t.Context(), question, func(string) {})
	asError(t, err, llm.KindRefused)
	_, err = c.Embed(t.Context(), []string{"a"})
	asError(t, err, llm.KindRefused)
	if waits != 6 {
		t.Errorf("%d retries, want 2 per call", waits)
	}
}

func TestTimeout(t *testing.T) {
	t.Run("request", func(t *testing.T) {
		srv := llmtest.NewServer(t, llmtest.Options{Delay: 5 * time.Second})
		c, _ := newClient(t, srv, func(c *llm.Config) { c.RequestTimeout = 50 * time.Millisecond; c.MaxRetries = 1 })
		start := time.Now()
		_, err := c.Chat(t.Context(), question, nil)
		asError(t, err, llm.KindTimeout)
		if d := time.Since(start); d > time.Second {
			t.Errorf("took %v, want about 2 x 50ms", d)
		}
		if n := srv.Count(""); n != 2 {
			t.Errorf("%d requests, want 2 (timeouts are retried)", n)
		}
	})
	t.Run("stream idle", func(t *testing.T) {
		srv := llmtest.NewServer(t, llmtest.Options{ChunkDelay: 5 * time.Second})
		c, _ := newClient(t, srv, func(c *llm.Config) { c.StreamIdleTimeout = 50 * time.Millisecond; c.MaxRetries = 1 })
		start := time.Now()
		_, err := c.Chat(t.Context(), question, func(s string) { t.Errorf("unexpected delta %q", s) })
		asError(t, err, llm.KindTimeout)
		if d := time.Since(start); d > time.Second {
			t.Errorf("took %v, want about 2 x 50ms", d)
		}
		if n := srv.Count(""); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}
	})
	t.Run("caller deadline", func(t *testing.T) {
		srv := llmtest.NewServer(t, llmtest.Options{Delay: 5 * time.Second})
		c, _ := newClient(t, srv, nil)
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		defer cancel()
		_, err := c.Chat(ctx, question, nil)
		asError(t, err, llm.KindTimeout)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("errors.Is(err, DeadlineExceeded) = false: %v", err)
		}
		if n := srv.Count(""); n != 1 {
			t.Errorf("%d requests, want 1 (the caller's deadline is final)", n)
		}
	})
}

// TestStreamSlowButSteady checks that a stream longer than RequestTimeout
// and than the caller's http.Client.Timeout completes: only idleness counts.
func TestStreamSlowButSteady(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Options{
		Reply:      func(llmtest.Request) string { return "one two three four five six" },
		ChunkSize:  3,
		ChunkDelay: 20 * time.Millisecond,
	})
	cfg := srv.Config()
	cfg.RequestTimeout = 50 * time.Millisecond
	cfg.StreamIdleTimeout = 500 * time.Millisecond
	var calls countingTransport
	c, err := llm.New(cfg, &http.Client{Timeout: 50 * time.Millisecond, Transport: &calls}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Chat(t.Context(), question, func(string) {})
	if err != nil || got != "one two three four five six" {
		t.Fatalf("Chat = %q, %v", got, err)
	}
	if n := calls.n.Load(); n != 1 {
		t.Errorf("caller's transport used %d times, want 1", n)
	}
}

func TestStreamCut(t *testing.T) {
	t.Run("after visible text: not retried", func(t *testing.T) {
		srv := llmtest.NewServer(t, llmtest.Options{
			Reply:     func(llmtest.Request) string { return "abcdefghijklmnop" },
			ChunkSize: 3,
			CutAfter:  2,
		})
		c, _ := newClient(t, srv, nil)
		var deltas strings.Builder
		got, err := c.Chat(t.Context(), question, func(s string) { deltas.WriteString(s) })
		asError(t, err, llm.KindServer)
		if got != "abcdef" || deltas.String() != "abcdef" {
			t.Errorf("partial reply %q, deltas %q; want both %q", got, deltas.String(), "abcdef")
		}
		if n := srv.Count(""); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})
	t.Run("inside think block: retried", func(t *testing.T) {
		srv := llmtest.NewServer(t, llmtest.Options{
			Reply:     func(llmtest.Request) string { return "<think>hmm</think>answer" },
			ChunkSize: 3,
			CutAfter:  3,
		})
		c, _ := newClient(t, srv, nil)
		got, err := c.Chat(t.Context(), question, func(s string) { t.Errorf("unexpected delta %q", s) })
		asError(t, err, llm.KindServer)
		if got != "" {
			t.Errorf("partial reply %q, want none", got)
		}
		if n := srv.Count(""); n != 3 {
			t.Errorf("%d requests, want 3", n)
		}
	})
}

func TestCancel(t *testing.T) {
	t.Run("stream", func(t *testing.T) {
		srv := llmtest.NewServer(t, llmtest.Options{
			Reply:      func(llmtest.Request) string { return strings.Repeat("word ", 50) },
			ChunkDelay: 500 * time.Millisecond,
		})
		c, _ := newClient(t, srv, nil)
		ctx, cancel := context.WithCancel(t.Context())
		var canceledAt time.Time
		got, err := c.Chat(ctx, question, func(string) {
			if canceledAt.IsZero() {
				canceledAt = time.Now()
				cancel()
			}
		})
		asError(t, err, llm.KindCanceled)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("errors.Is(err, context.Canceled) = false: %v", err)
		}
		if d := time.Since(canceledAt); d > 250*time.Millisecond {
			t.Errorf("returned %v after cancel, want at once", d)
		}
		if got != "wor" {
			t.Errorf("partial reply %q, want %q", got, "wor")
		}
	})
	t.Run("plain", func(t *testing.T) {
		srv := llmtest.NewServer(t, llmtest.Options{Delay: 5 * time.Second})
		c, _ := newClient(t, srv, nil)
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(30*time.Millisecond, cancel)
		start := time.Now()
		_, err := c.Chat(ctx, question, nil)
		asError(t, err, llm.KindCanceled)
		if d := time.Since(start); d > 500*time.Millisecond {
			t.Errorf("took %v, want about 30ms", d)
		}
		if n := srv.Count(""); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})
}

func TestDisabledAndBadInput(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Options{})
	c, _ := newClient(t, srv, func(c *llm.Config) { c.ChatModel, c.EmbedModel = "", "" })
	if _, err := c.Chat(t.Context(), question, nil); !errors.Is(err, llm.ErrDisabled) {
		t.Errorf("Chat without model: %v, want ErrDisabled", err)
	}
	if _, err := c.Embed(t.Context(), []string{"x"}); !errors.Is(err, llm.ErrDisabled) {
		t.Errorf("Embed without model: %v, want ErrDisabled", err)
	}
	if got := c.EmbedderName(); got != "" {
		t.Errorf("EmbedderName = %q, want empty", got)
	}

	c, _ = newClient(t, srv, nil)
	_, err := c.Chat(t.Context(), nil, nil)
	asError(t, err, llm.KindBadRequest)
	_, err = c.Chat(t.Context(), []llm.Message{{Role: "tool", Content: "x"}}, nil)
	asError(t, err, llm.KindBadRequest)
	if n := srv.Count(""); n != 0 {
		t.Errorf("%d requests sent for invalid input", n)
	}
}
