package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/byline-bot/byline/internal/redact"
	openai "github.com/sashabaranov/go-openai"
)

// Kind classifies an *Error by what the caller can do about it.
type Kind string

// The kinds of *Error.
const (
	// KindTimeout: an attempt, a stream's idle timer or the caller's deadline ran out.
	KindTimeout Kind = "timeout"
	// KindRateLimited: HTTP 429 after all retries.
	KindRateLimited Kind = "rate_limited"
	// KindServer: HTTP 5xx, an error event inside a stream, or a connection
	// lost mid-reply.
	KindServer Kind = "server"
	// KindRefused: the server could not be reached (connection refused or
	// reset, unknown host).
	KindRefused Kind = "refused"
	// KindAuth: HTTP 401 or 403; the API key is missing or wrong.
	KindAuth Kind = "auth"
	// KindBadRequest: another 4xx (unknown model, prompt too long, ...) or a
	// request this package refuses to send.
	KindBadRequest Kind = "bad_request"
	// KindBadResponse: a reply that is not JSON, has no choices, has an
	// empty answer, or embeddings that do not match the inputs.
	KindBadResponse Kind = "bad_response"
	// KindCanceled: the caller's context was canceled.
	KindCanceled Kind = "canceled"
)

// Error is the error returned by Chat and Embed (use errors.As). Message is
// safe to show to users; Error() adds the cause for logs. Neither ever holds
// the API key.
type Error struct {
	Kind Kind
	// Status is the HTTP status code, 0 when there was no HTTP response.
	Status int
	// Message is a short user-facing explanation, without internals.
	Message string

	cause   error // redacted; see redactedError
	noRetry bool  // set for failures another attempt would repeat
}

// Error returns the message and the cause.
func (e *Error) Error() string {
	if e.cause == nil {
		return "llm: " + e.Message
	}
	return "llm: " + e.Message + ": " + e.cause.Error()
}

// Unwrap returns the cause, so errors.Is(err, context.DeadlineExceeded) and
// errors.As(err, **openai.APIError) work.
func (e *Error) Unwrap() error { return e.cause }

// retryable reports whether another attempt may succeed.
func (e *Error) retryable() bool {
	if e.noRetry {
		return false
	}
	switch e.Kind {
	case KindRateLimited:
		return true
	case KindServer:
		switch e.Status {
		case 0, http.StatusInternalServerError, http.StatusBadGateway,
			http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true
		}
		return false
	case KindTimeout:
		return e.Status == 0 // a 408 is a 4xx like the others
	case KindRefused:
		return true
	}
	return false
}

// redactedError hides the API key (and very long server bodies) from the
// cause's message while keeping errors.Is and errors.As working.
type redactedError struct {
	err error
	key string
}

func (r *redactedError) Error() string { return redactKey(r.err.Error(), r.key, 600) }
func (r *redactedError) Unwrap() error { return r.err }

// redactKey replaces key in s, where it stands as a whole token, and truncates
// s to max bytes.
func redactKey(s, key string, max int) string {
	s = redact.Secrets(s, key)
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return s
}

// Local errors this package produces as causes.
var (
	errAttemptTimeout = errors.New("attempt timed out")
	errStreamIdle     = errors.New("stream idle")
	errFirstToken     = errors.New("no first byte")
)

// newError builds an *Error with a redacted cause.
func (c *Client) newError(kind Kind, status int, msg string, cause error) *Error {
	e := &Error{Kind: kind, Status: status, Message: redactKey(msg, c.cfg.APIKey, 400)}
	if cause != nil {
		e.cause = &redactedError{err: cause, key: c.cfg.APIKey}
	}
	return e
}

// classify turns an error from one attempt into an *Error. parent is the
// caller's context, attempt the attempt's derived context.
func (c *Client) classify(parent, attempt context.Context, err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	// The caller's context first: its cancellation is never retried.
	if perr := parent.Err(); perr != nil {
		if errors.Is(perr, context.DeadlineExceeded) {
			return c.newError(KindTimeout, 0, "the model server did not answer in time", context.Cause(parent))
		}
		return c.newError(KindCanceled, 0, "the request was canceled", context.Cause(parent))
	}
	if attempt != nil && attempt.Err() != nil {
		switch cause := context.Cause(attempt); {
		case errors.Is(cause, errAttemptTimeout):
			return c.newError(KindTimeout, 0, "the model server did not answer in time", fmt.Errorf("%w after %v: %w", cause, c.cfg.RequestTimeout, err))
		case errors.Is(cause, errFirstToken):
			return c.newError(KindTimeout, 0, "the model server did not start answering in time", fmt.Errorf("%w within %v: %w", cause, c.cfg.FirstTokenTimeout, err))
		case errors.Is(cause, errStreamIdle):
			return c.newError(KindTimeout, 0, "the model server stopped sending", fmt.Errorf("%w for %v: %w", cause, c.cfg.StreamIdleTimeout, err))
		}
	}

	// RequestError before APIError: a non-OpenAI error body comes back as a
	// RequestError wrapping an APIError with status 0.
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) {
		return c.statusError(reqErr.HTTPStatusCode, serverMessage(reqErr), err)
	}
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		if apiErr.HTTPStatusCode == 0 {
			// An error event inside a 200 stream.
			msg := "the model server reported an error"
			if apiErr.Message != "" {
				msg += ": " + apiErr.Message
			}
			e := c.newError(KindServer, 0, msg, err)
			e.noRetry = true
			return e
		}
		return c.statusError(apiErr.HTTPStatusCode, apiErr.Message, err)
	}

	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		// A context we did not create (e.g. a transport's own) gave up.
		return c.newError(KindTimeout, 0, "the model server did not answer in time", err)
	case errors.Is(err, syscall.ECONNREFUSED):
		return c.newError(KindRefused, 0, "could not connect to the model server", err)
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return c.newError(KindRefused, 0, "the model server closed the connection", err)
	case errors.Is(err, openai.ErrTooManyEmptyStreamMessages):
		return c.newError(KindBadResponse, 0, "the model server sent a stream without data", err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		// Go's way of reporting a connection dropped mid-body.
		return c.newError(KindServer, 0, "the model server stopped mid-reply", err)
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return c.newError(KindRefused, 0, "could not find the model server's host", err)
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return c.newError(KindTimeout, 0, "the model server did not answer in time", err)
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return c.newError(KindRefused, 0, "could not connect to the model server", err)
	}
	var synErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &synErr) || errors.As(err, &typeErr) {
		return c.newError(KindBadResponse, 0, "the model server sent a reply that is not valid JSON", err)
	}
	if errors.Is(err, io.EOF) {
		// The server closed the connection before a full response.
		return c.newError(KindServer, 0, "the model server closed the connection", err)
	}
	// go-openai's own request validation (e.g. reasoning-model limits).
	return c.newError(KindBadRequest, 0, "the request was rejected before it was sent", err)
}

// statusError classifies an HTTP error status. detail is the server's own
// message, if any.
func (c *Client) statusError(status int, detail string, err error) *Error {
	suffix := ""
	if detail = strings.TrimSpace(detail); detail != "" {
		suffix = ": " + detail
	}
	code := fmt.Sprintf(" (HTTP %d)", status)
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return c.newError(KindAuth, status, "the model server rejected the API key"+code+suffix, err)
	case status == http.StatusTooManyRequests:
		return c.newError(KindRateLimited, status, "the model server is rate limiting requests; try again later"+code, err)
	case status == http.StatusRequestTimeout:
		return c.newError(KindTimeout, status, "the model server timed out"+code, err)
	case status == http.StatusNotFound:
		return c.newError(KindBadRequest, status, "the model server does not know this model or endpoint"+
			" (check the model name and that the base URL ends in /v1)"+code+suffix, err)
	case status >= 400 && status < 500:
		return c.newError(KindBadRequest, status, "the model server rejected the request"+code+suffix, err)
	case status >= 500:
		return c.newError(KindServer, status, "the model server failed"+code, err)
	}
	return c.newError(KindBadResponse, status, "the model server sent an unexpected response"+code, err)
}

// serverMessage digs a human-readable message out of a non-OpenAI error body:
// {"error":"..."} (Ollama), {"error":{"message":"..."}} (OpenAI, llama.cpp),
// {"message":"..."} (vLLM) or {"detail":"..."}.
func serverMessage(e *openai.RequestError) string {
	var apiErr *openai.APIError
	if errors.As(e.Err, &apiErr) && apiErr.Message != "" {
		return apiErr.Message
	}
	var body struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
		Detail  any             `json:"detail"`
	}
	if json.Unmarshal(e.Body, &body) != nil {
		return ""
	}
	var s string
	if json.Unmarshal(body.Error, &s) == nil && s != "" {
		return s
	}
	var obj struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(body.Error, &obj) == nil && obj.Message != "" {
		return obj.Message
	}
	if body.Message != "" {
		return body.Message
	}
	if d, ok := body.Detail.(string); ok {
		return d
	}
	return ""
}
