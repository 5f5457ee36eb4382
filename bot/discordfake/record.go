package discordfake

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// Recorded is one REST exchange the fake served.
type Recorded struct {
	Time   time.Time
	Method string
	// Path is the request path without /api/v9 (e.g. /channels/123/messages).
	Path  string
	Query string
	// Route is the matched route template in the form Discord's OpenAPI
	// description uses (e.g. /channels/{channel_id}/messages); empty when
	// the route is unknown to the fake.
	Route string
	// Body is the JSON body (payload_json for multipart requests), nil if none.
	Body json.RawMessage
	// Files are the names of files uploaded with a multipart request.
	Files    []string
	Status   int
	Response json.RawMessage
}

// Requests returns every REST exchange so far, in order.
func (s *Server) Requests() []Recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// RequestsTo returns the exchanges with the given method and route template
// (e.g. "POST", "/channels/{channel_id}/messages").
func (s *Server) RequestsTo(method, route string) []Recorded {
	var out []Recorded
	for _, r := range s.Requests() {
		if r.Method == method && r.Route == route {
			out = append(out, r)
		}
	}
	return out
}

// UnknownRoutes returns the requests to routes the fake does not implement.
func (s *Server) UnknownRoutes() []Recorded {
	var out []Recorded
	for _, r := range s.Requests() {
		if r.Route == "" {
			out = append(out, r)
		}
	}
	return out
}

// Errors returns the exchanges the fake answered with a status of 400 or
// more (unknown routes and 429s included), in order.
func (s *Server) Errors() []Recorded {
	var out []Recorded
	for _, r := range s.Requests() {
		if r.Status >= 400 {
			out = append(out, r)
		}
	}
	return out
}

// ErrorCodes returns the Discord error codes (the "code" field) of Errors, in
// order; 0 for errors without a code.
func (s *Server) ErrorCodes() []int {
	var out []int
	for _, r := range s.Errors() {
		var e struct {
			Code int `json:"code"`
		}
		_ = json.Unmarshal(r.Response, &e) // bodies are the fake's own JSON
		out = append(out, e.Code)
	}
	return out
}

// DumpRecord is one line of the JSONL dump (Options.DumpFile,
// BYLINE_DISCORD_DUMP). Bodies are raw JSON; null when absent.
type DumpRecord struct {
	Test     string          `json:"test"`
	Time     string          `json:"time"`
	Method   string          `json:"method"`
	Path     string          `json:"path"`
	Query    string          `json:"query,omitempty"`
	Route    string          `json:"route"`
	Body     json.RawMessage `json:"body"`
	Status   int             `json:"status"`
	Response json.RawMessage `json:"response"`
}

// dumper appends DumpRecords to a file shared with other test processes:
// each record is one write on an O_APPEND descriptor, so lines from parallel
// `go test` package processes do not interleave.
type dumper struct {
	test string
	mu   sync.Mutex
	f    *os.File
}

func openDumper(path, test string) (*dumper, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return &dumper{test: test, f: f}, nil
}

func (d *dumper) write(r Recorded) error {
	rec := DumpRecord{
		Test:     d.test,
		Time:     r.Time.UTC().Format(time.RFC3339Nano),
		Method:   r.Method,
		Path:     r.Path,
		Query:    r.Query,
		Route:    r.Route,
		Body:     rawOrNull(r.Body),
		Status:   r.Status,
		Response: rawOrNull(r.Response),
	}
	line, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("encode dump record: %w", err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, err := d.f.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("write dump record: %w", err)
	}
	return nil
}

func (d *dumper) Close() error { return d.f.Close() }

func rawOrNull(b json.RawMessage) json.RawMessage {
	if len(strings.TrimSpace(string(b))) == 0 || !json.Valid(b) {
		return json.RawMessage("null")
	}
	return b
}

// rateLimitRule makes the next matching requests fail with 429.
type rateLimitRule struct {
	method, route string
	retryAfter    time.Duration
	remaining     int
}

// RateLimitNext makes the next n requests with this method and route template
// (e.g. "PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original")
// fail with 429 and retry_after, as Discord does when a bucket is exhausted.
// discordgo sleeps retry_after and retries, so keep it small.
func (s *Server) RateLimitNext(method, route string, n int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rateLimits = append(s.rateLimits, &rateLimitRule{method: method, route: route, retryAfter: retryAfter, remaining: n})
}

// takeRateLimitLocked returns the rule that rate-limits this request, if any.
func (s *Server) takeRateLimitLocked(method, route string) *rateLimitRule {
	for _, rl := range s.rateLimits {
		if rl.remaining > 0 && rl.method == method && rl.route == route {
			rl.remaining--
			return rl
		}
	}
	return nil
}
