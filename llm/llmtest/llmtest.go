// Package llmtest runs a fake OpenAI-compatible server on 127.0.0.1 for
// tests that use the real llm.Client (and so the real go-openai client):
// chat, plain and streamed; embeddings; delays; error statuses with
// Retry-After; unparseable replies; streams cut mid-way.
//
// Typical use:
//
//	srv := llmtest.NewServer(t, llmtest.Options{
//		Reply: func(r llmtest.Request) string { return "Paris [1]." },
//	})
//	client := srv.Client(t) // or llm.New(srv.Config(), nil, logger)
//	... exercise code that calls client.Chat / client.Embed ...
//	got := srv.Requests()    // what was sent: messages, inputs, headers
//
// The server is closed when the test ends.
package llmtest

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/byline-bot/byline/config"
	"github.com/byline-bot/byline/llm"
)

// Options configures a Server. The zero value answers every chat with "ok"
// and embeds with HashEmbed(64).
type Options struct {
	// Reply returns the assistant's reply to a chat request (default "ok").
	// It may include <think> blocks to exercise stripping.
	Reply func(Request) string
	// Embed returns the vector for one input (default HashEmbed(64)).
	Embed func(text string) []float32
	// ReverseEmbeddings returns embeddings in reverse order (with correct
	// Index fields), as servers may, to check mapping by Index.
	ReverseEmbeddings bool

	// ChunkSize is the number of runes per streamed content chunk (default 3).
	ChunkSize int
	// Delay is waited before answering each request (before any header).
	Delay time.Duration
	// ChunkDelay is waited before each streamed content chunk.
	ChunkDelay time.Duration
	// KeepAlives is the number of SSE comment lines (": keep-alive") sent
	// before each streamed chunk.
	KeepAlives int
	// CutAfter aborts a stream's connection after this many content chunks
	// (0: never).
	CutAfter int

	// Statuses gives the HTTP status of the n-th request (counting all
	// endpoints from 0); 0 or 200 answers normally, and requests past the
	// end of the list are answered normally.
	Statuses []int
	// RetryAfter, when set, is sent as the Retry-After header with error statuses.
	RetryAfter string
	// ErrorBody is the body sent with error statuses (default an
	// OpenAI-style JSON error).
	ErrorBody string
	// Garbage answers 200 with a body that is not JSON (for streams, data
	// lines that are not JSON).
	Garbage bool
	// Models are the model ids GET /v1/models lists (default "test-chat"
	// and "test-embed").
	Models []string
}

// Request is one request the server received.
type Request struct {
	// Path is the URL path, e.g. "/v1/chat/completions" or "/v1/embeddings".
	Path  string
	Model string
	// Stream is set for streamed chat requests.
	Stream bool
	// Messages are the chat messages sent.
	Messages []llm.Message
	// Inputs are the texts sent for embedding.
	Inputs []string
	// Temperature is nil when the request did not carry one.
	Temperature *float64
	// MaxTokens and MaxCompletionTokens are 0 when not sent.
	MaxTokens           int
	MaxCompletionTokens int
	Header              http.Header
	Body                []byte
}

// Server is a running fake. Its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL to put in llm.Config.BaseURL (ends in /v1).
	URL string

	opts Options
	srv  *httptest.Server

	mu          sync.Mutex
	requests    []Request
	inFlight    int
	maxInFlight int
}

// NewServer starts a fake server that is closed when t ends.
func NewServer(t testing.TB, opts Options) *Server {
	t.Helper()
	if opts.Reply == nil {
		opts.Reply = func(Request) string { return "ok" }
	}
	if opts.Embed == nil {
		opts.Embed = HashEmbed(64)
	}
	if opts.ChunkSize <= 0 {
		opts.ChunkSize = 3
	}
	s := &Server{opts: opts}
	s.srv = httptest.NewServer(http.HandlerFunc(s.handle))
	s.URL = s.srv.URL + "/v1"
	t.Cleanup(func() {
		// Unblock handlers still waiting (Delay, ChunkDelay) before Close
		// waits for them.
		s.srv.CloseClientConnections()
		s.srv.Close()
	})
	return s
}

// Config returns an llm.Config for this server: API key "test-key",
// models "test-chat" and "test-embed", 5 s timeouts (request, first token, idle), 2 retries with a
// 1 ms backoff, batches of 16. Adjust fields as needed.
func (s *Server) Config() llm.Config {
	m := config.Default().Model
	m.BaseURL, m.ChatModel, m.EmbedModel = s.URL, "test-chat", "test-embed"
	m.RequestTimeout, m.FirstTokenTimeout, m.StreamIdleTimeout = 5*time.Second, 5*time.Second, 5*time.Second
	m.MaxRetries, m.RetryBackoff = 2, time.Millisecond
	m.EmbedBatch, m.EmbedConcurrency = 16, 2
	return llm.Config{Model: m, APIKey: "test-key"}
}

// Client returns an llm.Client built from Config, failing t on error.
func (s *Server) Client(t testing.TB) *llm.Client {
	t.Helper()
	c, err := llm.New(s.Config(), nil, nil)
	if err != nil {
		t.Fatalf("llm.New: %v", err)
	}
	return c
}

// Requests returns a copy of the requests received so far, in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Count returns how many requests were received whose path ends in suffix
// (e.g. "/embeddings"; "" counts all).
func (s *Server) Count(suffix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if strings.HasSuffix(r.Path, suffix) {
			n++
		}
	}
	return n
}

// MaxInFlight returns the largest number of requests handled at once.
func (s *Server) MaxInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxInFlight
}

// ClosedURL returns a base URL on 127.0.0.1 where nothing listens, for
// connection-refused tests.
func ClosedURL(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatalf("close listener: %v", err)
	}
	return "http://" + addr + "/v1"
}

// HashEmbed returns a deterministic bag-of-words embedder: each lowercased
// word adds 1 to a hashed dimension, so texts sharing words are similar.
// Vectors are not normalized (as from real servers) and never zero.
// dims below 2 are raised to 2.
func HashEmbed(dims int) func(string) []float32 {
	dims = max(dims, 2)
	return func(text string) []float32 {
		v := make([]float32, dims)
		v[0] = 0.01
		for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}) {
			h := fnv.New32a()
			h.Write([]byte(w))
			v[1+int(h.Sum32()%uint32(dims-1))]++
		}
		return v
	}
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	req := parseRequest(r, body)

	s.mu.Lock()
	n := len(s.requests)
	s.requests = append(s.requests, req)
	s.inFlight++
	s.maxInFlight = max(s.maxInFlight, s.inFlight)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()

	if !wait(r.Context(), s.opts.Delay) {
		return
	}
	if n < len(s.opts.Statuses) && s.opts.Statuses[n] != 0 && s.opts.Statuses[n] != http.StatusOK {
		s.writeError(w, s.opts.Statuses[n], "fake failure")
		return
	}
	switch r.URL.Path {
	case "/v1/chat/completions":
		if req.Stream {
			s.stream(w, r, req)
			return
		}
		s.chat(w, req)
	case "/v1/embeddings":
		s.embeddings(w, req)
	case "/v1/models":
		s.models(w)
	default:
		s.writeError(w, http.StatusNotFound, "no such endpoint "+r.URL.Path)
	}
}

// models lists the served models as OpenAI's GET /v1/models does.
func (s *Server) models(w http.ResponseWriter) {
	ids := s.opts.Models
	if ids == nil {
		ids = []string{"test-chat", "test-embed"}
	}
	data := []map[string]any{}
	for _, id := range ids {
		data = append(data, map[string]any{"id": id, "object": "model", "created": 0, "owned_by": "llmtest"})
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"object": "list", "data": data})
}

func (s *Server) writeError(w http.ResponseWriter, status int, msg string) {
	if s.opts.RetryAfter != "" {
		w.Header().Set("Retry-After", s.opts.RetryAfter)
	}
	body := s.opts.ErrorBody
	if body == "" {
		b, _ := json.Marshal(map[string]any{"error": map[string]any{"message": msg, "type": "server_error"}})
		body = string(b)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

func (s *Server) chat(w http.ResponseWriter, req Request) {
	w.Header().Set("Content-Type", "application/json")
	if s.opts.Garbage {
		io.WriteString(w, "<html>not json")
		return
	}
	json.NewEncoder(w).Encode(map[string]any{
		"id": "chatcmpl-fake", "object": "chat.completion", "created": time.Now().Unix(), "model": req.Model,
		"choices": []any{map[string]any{
			"index":         0,
			"message":       map[string]any{"role": "assistant", "content": s.opts.Reply(req)},
			"finish_reason": "stop",
		}},
		"usage": map[string]any{"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
	})
}

// stream sends the reply as OpenAI does: a role chunk, content chunks, a
// finish chunk, a usage-only chunk with no choices, then [DONE].
func (s *Server) stream(w http.ResponseWriter, r *http.Request, req Request) {
	flusher, _ := w.(http.Flusher)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	send := func(data string) {
		for range s.opts.KeepAlives {
			io.WriteString(w, ": keep-alive\n\n")
		}
		fmt.Fprintf(w, "data: %s\n\n", data)
		if flusher != nil {
			flusher.Flush()
		}
	}
	chunk := func(delta map[string]any, finish any) string {
		b, _ := json.Marshal(map[string]any{
			"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": time.Now().Unix(), "model": req.Model,
			"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}},
		})
		return string(b)
	}
	if s.opts.Garbage {
		send("{not json")
		return
	}
	send(chunk(map[string]any{"role": "assistant", "content": ""}, nil))
	runes := []rune(s.opts.Reply(req))
	for i, sent := 0, 0; i < len(runes); i, sent = i+s.opts.ChunkSize, sent+1 {
		if s.opts.CutAfter > 0 && sent == s.opts.CutAfter {
			panic(http.ErrAbortHandler) // drops the connection mid-body
		}
		if !wait(r.Context(), s.opts.ChunkDelay) {
			return
		}
		send(chunk(map[string]any{"content": string(runes[i:min(i+s.opts.ChunkSize, len(runes))])}, nil))
	}
	send(chunk(map[string]any{}, "stop"))
	b, _ := json.Marshal(map[string]any{
		"id": "chatcmpl-fake", "object": "chat.completion.chunk", "model": req.Model, "choices": []any{},
		"usage": map[string]any{"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
	})
	send(string(b))
	send("[DONE]")
}

func (s *Server) embeddings(w http.ResponseWriter, req Request) {
	w.Header().Set("Content-Type", "application/json")
	if s.opts.Garbage {
		io.WriteString(w, "<html>not json")
		return
	}
	data := make([]any, len(req.Inputs))
	for i, in := range req.Inputs {
		j := i
		if s.opts.ReverseEmbeddings {
			j = len(req.Inputs) - 1 - i
		}
		data[j] = map[string]any{"object": "embedding", "index": i, "embedding": s.opts.Embed(in)}
	}
	json.NewEncoder(w).Encode(map[string]any{
		"object": "list", "data": data, "model": req.Model,
		"usage": map[string]any{"prompt_tokens": 1, "total_tokens": 1},
	})
}

// parseRequest decodes the fields tests look at; unknown shapes leave them zero.
func parseRequest(r *http.Request, body []byte) Request {
	var raw struct {
		Model    string `json:"model"`
		Stream   bool   `json:"stream"`
		Messages []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"messages"`
		Input               json.RawMessage `json:"input"`
		Temperature         *float64        `json:"temperature"`
		MaxTokens           int             `json:"max_tokens"`
		MaxCompletionTokens int             `json:"max_completion_tokens"`
	}
	_ = json.Unmarshal(body, &raw)
	req := Request{
		Path: r.URL.Path, Model: raw.Model, Stream: raw.Stream, Temperature: raw.Temperature,
		MaxTokens: raw.MaxTokens, MaxCompletionTokens: raw.MaxCompletionTokens,
		Header: r.Header.Clone(), Body: body,
	}
	for _, m := range raw.Messages {
		req.Messages = append(req.Messages, llm.Message{Role: m.Role, Content: m.Content})
	}
	var one string
	if json.Unmarshal(raw.Input, &req.Inputs) != nil && json.Unmarshal(raw.Input, &one) == nil {
		req.Inputs = []string{one}
	}
	return req
}

// wait sleeps d unless ctx ends first; it reports whether d elapsed.
func wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
