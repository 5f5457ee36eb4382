package llm

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// attemptKey is the context key under which the retry loop hands an
// *attempt to recordingTransport.
type attemptKey struct{}

// maxErrorBody bounds how much of an error response is kept.
const maxErrorBody = 64 << 10

// attempt is the state of one HTTP attempt shared between the retry loop and
// the transport: go-openai drops response headers on errors, so the
// transport records Retry-After here, and it feeds the stream idle timer.
type attempt struct {
	idle    time.Duration
	timer   *time.Timer // fires the idle timeout; nil for non-streaming attempts
	started atomic.Bool // the first token arrived: the timer now measures idleness

	mu         sync.Mutex
	retryAfter time.Duration // -1 when the server sent none
}

// touch restarts the idle timer once the answer has begun: the server sent
// something. Before its first token, bytes (headers, keep-alive comments)
// do not count: FirstTokenTimeout runs until the token.
func (a *attempt) touch() {
	if a.timer != nil && a.started.Load() {
		a.timer.Reset(a.idle)
	}
}

// token records that the answer began (a chunk with a choice arrived): from
// now on StreamIdleTimeout bounds each silence.
func (a *attempt) token() {
	if a.timer != nil && !a.started.Swap(true) {
		a.timer.Reset(a.idle)
	}
}

func (a *attempt) setRetryAfter(d time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.retryAfter = d
}

func (a *attempt) getRetryAfter() time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.retryAfter
}

// recordingTransport wraps the caller's RoundTripper to record Retry-After
// and to report stream activity to the attempt found in the request context.
type recordingTransport struct {
	base http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	a, _ := req.Context().Value(attemptKey{}).(*attempt)
	if a == nil || err != nil {
		return resp, err
	}
	a.touch()
	if resp.StatusCode >= 400 {
		a.setRetryAfter(parseRetryAfter(resp.Header, time.Now()))
		// go-openai reads error bodies but never closes them on the stream
		// path: buffer (bounded) and close here so the connection is freed.
		body, rerr := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		resp.Body.Close()
		if rerr != nil {
			return nil, rerr
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		return resp, nil
	}
	if a.timer != nil {
		resp.Body = &activityBody{ReadCloser: resp.Body, a: a}
	}
	return resp, nil
}

// activityBody restarts the idle timer whenever bytes arrive.
type activityBody struct {
	io.ReadCloser
	a *attempt
}

func (b *activityBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 {
		b.a.touch()
	}
	return n, err
}

// parseRetryAfter reads retry-after-ms (sent by OpenAI and Azure) or
// Retry-After in seconds or as an HTTP date. It returns -1 when absent or
// unreadable.
func parseRetryAfter(h http.Header, now time.Time) time.Duration {
	if v := strings.TrimSpace(h.Get("Retry-After-Ms")); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return -1
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s < 0 {
			return -1
		}
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return -1
}

// minAttempt is the least time worth giving another attempt.
const minAttempt = time.Second

// withRetry runs call until it succeeds, fails for good, or attempts or
// ctx's time run out. Each attempt gets a context bounded by RequestTimeout,
// or for streams by FirstTokenTimeout until the first byte and
// StreamIdleTimeout since the last byte received. call reports delivered
// once output reached the caller: such a failure is never retried.
func (c *Client) withRetry(ctx context.Context, op string, streaming bool, call func(ctx context.Context) (delivered bool, err error)) error {
	maxAttempts := 1 + c.cfg.MaxRetries
	for n := 1; ; n++ {
		a := &attempt{retryAfter: -1}
		var (
			actx   context.Context
			cancel func()
		)
		if streaming {
			cctx, ccancel := context.WithCancelCause(ctx)
			a.idle = c.cfg.StreamIdleTimeout
			a.timer = time.AfterFunc(c.cfg.FirstTokenTimeout, func() {
				if a.started.Load() {
					ccancel(errStreamIdle)
				} else {
					ccancel(errFirstToken)
				}
			})
			actx = cctx
			cancel = func() {
				a.timer.Stop()
				ccancel(context.Canceled)
			}
		} else {
			actx, cancel = context.WithTimeoutCause(ctx, c.cfg.RequestTimeout, errAttemptTimeout)
		}
		start := time.Now()
		delivered, err := call(context.WithValue(actx, attemptKey{}, a))
		var e *Error
		if err != nil {
			e = c.classify(ctx, actx, err) // before cancel, which sets actx's cause
		}
		cancel()
		if err == nil {
			c.logger.Debug("request done", "op", op, "attempt", n, "duration", time.Since(start))
			return nil
		}
		if delivered || !e.retryable() || n >= maxAttempts {
			return e
		}
		wait := c.backoff(n, a.getRetryAfter())
		// Retry only while time remains for the wait and a fair attempt:
		// another attempt cut short by the caller's deadline only delays
		// the caller's fallback.
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait+minAttempt {
			c.logger.Warn("not retrying: deadline too close", "op", op, "attempt", n, "kind", e.Kind, "wait", wait, "err", e)
			return e
		}
		c.logger.Warn("retrying", "op", op, "attempt", n, "kind", e.Kind, "status", e.Status, "wait", wait, "err", e)
		if err := c.sleep(ctx, wait); err != nil {
			return c.classify(ctx, nil, err)
		}
	}
}

// backoff returns the wait before attempt n+1: the server's Retry-After
// (capped) when it sent one, else RetryBackoff doubled per attempt with
// jitter, capped at maxRetryAfter.
func (c *Client) backoff(n int, retryAfter time.Duration) time.Duration {
	if retryAfter >= 0 {
		return min(retryAfter, maxRetryAfter)
	}
	d := c.cfg.RetryBackoff << min(n-1, 16)
	if d <= 0 || d > maxRetryAfter {
		d = maxRetryAfter
	}
	// Equal jitter: half fixed, half random, so concurrent clients spread out.
	return d/2 + rand.N(d/2+1)
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
