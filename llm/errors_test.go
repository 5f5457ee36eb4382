package llm_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/byline-bot/byline/config"
	"github.com/byline-bot/byline/internal/syncbuf"
	"github.com/byline-bot/byline/llm"
	"github.com/byline-bot/byline/llm/llmtest"
)

// TestAPIKeyNeverInErrors runs a server that echoes the bearer token back
// in every kind of error body and checks that neither errors nor logs ever
// show it.
func TestAPIKeyNeverInErrors(t *testing.T) {
	const key = "sk-proj-very-secret-0123456789"
	tests := []struct {
		name    string
		stream  bool
		handler func(w http.ResponseWriter, token string)
		want    llm.Kind
	}{
		{"401 openai json", false, func(w http.ResponseWriter, tok string) {
			w.WriteHeader(401)
			fmt.Fprintf(w, `{"error":{"message":"Incorrect API key provided: %s","type":"invalid_request_error"}}`, tok)
		}, llm.KindAuth},
		{"400 ollama json", true, func(w http.ResponseWriter, tok string) {
			w.WriteHeader(400)
			fmt.Fprintf(w, `{"error":"bad key %s"}`, tok)
		}, llm.KindBadRequest},
		{"500 plain text, retried and logged", false, func(w http.ResponseWriter, tok string) {
			w.WriteHeader(500)
			fmt.Fprintf(w, "internal error for %s", tok)
		}, llm.KindServer},
		{"error event in stream", true, func(w http.ResponseWriter, tok string) {
			w.Header().Set("Content-Type", "text/event-stream")
			fmt.Fprintf(w, "data: {\"error\":{\"message\":\"token %s rejected\"}}\n\n", tok)
		}, llm.KindServer},
		{"garbage", false, func(w http.ResponseWriter, tok string) {
			fmt.Fprintf(w, "<html>%s", tok)
		}, llm.KindBadResponse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				tt.handler(w, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
			}))
			defer srv.Close()
			var logs syncbuf.Buffer
			c, err := llm.New(testConfig(func(c *llm.Config) {
				c.BaseURL = srv.URL + "/v1"
				c.APIKey = key
				c.ChatModel = "m"
				c.RetryBackoff = time.Millisecond
			}), nil, slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
			if err != nil {
				t.Fatal(err)
			}
			var onDelta func(string)
			if tt.stream {
				onDelta = func(string) {}
			}
			_, err = c.Chat(t.Context(), question, onDelta)
			e := asError(t, err, tt.want)
			for what, s := range map[string]string{
				"Error()": err.Error(), "Message": e.Message, "cause": errors.Unwrap(err).Error(), "logs": logs.String(),
			} {
				if strings.Contains(s, key) {
					t.Errorf("%s contains the API key: %s", what, s)
				}
			}
		})
	}
	t.Run("config validation", func(t *testing.T) {
		err := testConfig(func(c *llm.Config) { c.APIKey = key + "\n"; c.ChatModel = "m" }).Validate()
		if err == nil || strings.Contains(err.Error(), key) {
			t.Errorf("Validate = %v; want an error without the key", err)
		}
	})
}

// TestErrorsAsOpenAI checks that the go-openai cause stays reachable.
func TestErrorsAsOpenAI(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(400)
		io.WriteString(w, `{"error":{"message":"maximum context length is 8192 tokens","type":"invalid_request_error","code":"context_length_exceeded"}}`)
	}))
	defer srv.Close()
	c, err := llm.New(testConfig(func(c *llm.Config) { c.BaseURL = srv.URL + "/v1"; c.ChatModel = "m" }), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Chat(context.Background(), question, nil)
	e := asError(t, err, llm.KindBadRequest)
	if !strings.Contains(e.Message, "maximum context length") {
		t.Errorf("message %q lacks the server's reason", e.Message)
	}
	var apiErr *openai.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "context_length_exceeded" {
		t.Errorf("errors.As(*openai.APIError) = %v", apiErr)
	}
}

// TestShortAPIKeyLeavesErrorsReadable: a local server takes any key, so a
// placeholder key such as "x" is common; it must not be scrubbed from every
// word of the server's reason.
func TestShortAPIKeyLeavesErrorsReadable(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(400)
		io.WriteString(w, `{"error":{"message":"maximum context length is 8192 tokens","type":"invalid_request_error"}}`)
	}))
	defer srv.Close()
	c, err := llm.New(testConfig(func(c *llm.Config) { c.BaseURL = srv.URL + "/v1"; c.ChatModel = "m"; c.APIKey = "x" }), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Chat(t.Context(), question, nil)
	e := asError(t, err, llm.KindBadRequest)
	if !strings.Contains(e.Message, "maximum context length") || !strings.Contains(err.Error(), "maximum context length") {
		t.Errorf("message %q (error %q) lost the server's reason", e.Message, err)
	}
}

// TestEmptyChoices covers a 200 reply without choices, plain and streamed.
func TestEmptyChoices(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if strings.Contains(string(body), `"stream":true`) {
			w.Header().Set("Content-Type", "text/event-stream")
			io.WriteString(w, "data: {\"id\":\"x\",\"choices\":[],\"usage\":{\"total_tokens\":1}}\n\ndata: [DONE]\n\n")
			return
		}
		io.WriteString(w, `{"id":"x","object":"chat.completion","choices":[]}`)
	}))
	defer srv.Close()
	c, err := llm.New(testConfig(func(c *llm.Config) { c.BaseURL = srv.URL + "/v1"; c.ChatModel = "m" }), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Chat(t.Context(), question, nil)
	asError(t, err, llm.KindBadResponse)
	_, err = c.Chat(t.Context(), question, func(string) {})
	asError(t, err, llm.KindBadResponse)
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  llm.Config
		want []string // substrings of the error, one per problem; nil = valid
	}{
		{"ollama", testConfig(func(c *llm.Config) { c.BaseURL = "http://localhost:11434/v1"; c.ChatModel = "llama3.2" }), nil},
		{"openai", testConfig(func(c *llm.Config) {
			c.APIKey = "sk-x"
			c.ChatModel = "gpt-4o-mini"
			c.EmbedModel = "text-embedding-3-small"
		}), nil},
		{"nothing configured", testConfig(nil), nil},
		{"gemini-style path", testConfig(func(c *llm.Config) {
			c.BaseURL = "https://example.com/v1beta/openai"
			c.APIKey = "k"
			c.ChatModel = "m"
		}), nil},
		{"openai without key", testConfig(func(c *llm.Config) { c.ChatModel = "gpt-4o-mini" }), []string{"API key is required"}},
		{"missing /v1", testConfig(func(c *llm.Config) { c.BaseURL = "http://localhost:11434"; c.ChatModel = "m" }), []string{"http://localhost:11434/v1"}},
		{"bad scheme", testConfig(func(c *llm.Config) { c.BaseURL = "localhost:11434/v1"; c.ChatModel = "m" }), []string{"http(s)"}},
		{"credentials in URL", testConfig(func(c *llm.Config) { c.BaseURL = "http://user:pw@host/v1"; c.ChatModel = "m" }), []string{"credentials"}},
		{"everything wrong", testConfig(func(c *llm.Config) {
			c.BaseURL = "ftp://host/v1"
			c.ChatModel = " m"
			c.Temperature = 3
			c.MaxTokens = -1
			c.RequestTimeout = -1
			c.StreamIdleTimeout = -1
			c.RetryBackoff = -1
			c.EmbedBatch = 5000
			c.EmbedConcurrency = -1
		}), []string{"http(s)", "spaces", "temperature", "max_tokens", "model.timeout", "stream_idle_timeout",
			"retry_backoff", "embed_batch", "embed_concurrency"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if tt.want == nil {
				if err != nil {
					t.Errorf("Validate = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Validate = nil, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if _, nerr := llm.New(tt.cfg, nil, nil); nerr == nil {
				t.Error("New accepted an invalid config")
			}
		})
	}
}

// testConfig returns an llm.Config with the default model settings (from
// config, where they are defined), changed by set when set is not nil.
func testConfig(set func(*llm.Config)) llm.Config {
	c := llm.Config{Model: config.Default().Model}
	if set != nil {
		set(&c)
	}
	return c
}

// model.max_retries means what it says: 0 is one attempt and no retry (it
// once meant "the default, 3"), 2 is three attempts.
func TestMaxRetriesMeansWhatItSays(t *testing.T) {
	for _, retries := range []int{0, 2} {
		srv := llmtest.NewServer(t, llmtest.Options{Statuses: []int{503, 503, 503, 503, 503, 503}})
		cfg := srv.Config()
		cfg.MaxRetries = retries
		c, err := llm.New(cfg, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Chat(t.Context(), []llm.Message{{Role: "user", Content: "hi"}}, nil); err == nil {
			t.Fatalf("retries %d: Chat succeeded against a server answering 503", retries)
		}
		if got := len(srv.Requests()); got != retries+1 {
			t.Errorf("max_retries %d: %d requests, want %d", retries, got, retries+1)
		}
	}
}

// model.first_token_timeout runs until the first token, not the first byte:
// a server that sends its headers and keep-alive comments but no token is
// given up on in time (once, the headers ended the wait, and each
// keep-alive bought another stream_idle_timeout).
func TestFirstTokenTimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(http.StatusOK)
		for range 25 {
			io.WriteString(w, ": keep-alive\n\n")
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}))
	defer func() { srv.CloseClientConnections(); srv.Close() }()
	c, err := llm.New(testConfig(func(c *llm.Config) {
		c.BaseURL, c.ChatModel, c.MaxRetries = srv.URL+"/v1", "m", 0
		c.FirstTokenTimeout, c.StreamIdleTimeout = 100*time.Millisecond, 5*time.Second
	}), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = c.Chat(t.Context(), []llm.Message{{Role: "user", Content: "hi"}}, func(string) {})
	var le *llm.Error
	if !errors.As(err, &le) || !strings.Contains(le.Message, "did not start answering") {
		t.Errorf("Chat = %v after %v; want the first-token timeout", err, time.Since(start))
	}
}
