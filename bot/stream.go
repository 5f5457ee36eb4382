package bot

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// editor coalesces updates to one message into edits spaced at least interval
// apart: a model may stream hundreds of partial texts a second, Discord
// rate-limits edits, and only the newest text matters. The caller runs run in
// a goroutine, calls update any number of times, then stop; after stop, waitTurn
// keeps the final edit spaced too.
type editor struct {
	send     func(ctx context.Context, content string) error
	interval time.Duration
	log      *slog.Logger

	mu     sync.Mutex
	latest string // newest text given to update

	wake    chan struct{} // buffered: an update is pending
	stopc   chan struct{}
	done    chan struct{}
	started bool

	// panicked, when set, is called after run recovered from a panic.
	panicked func()

	// Owned by run; read by the caller only after stop.
	sent     string
	lastEdit time.Time
	edits    int
}

// editor returns the bot's editor for send: every editor the bot starts
// edits at its configured pace and counts its recovered panics.
func (b *Bot) editor(send func(ctx context.Context, content string) error, log *slog.Logger) *editor {
	ed := newEditor(send, b.cfg.EditInterval, log)
	ed.panicked = b.metrics.panicked
	return ed
}

func newEditor(send func(ctx context.Context, content string) error, interval time.Duration, log *slog.Logger) *editor {
	return &editor{
		send: send, interval: interval, log: log,
		wake: make(chan struct{}, 1), stopc: make(chan struct{}), done: make(chan struct{}),
	}
}

// update records the newest text; it never blocks.
func (e *editor) update(text string) {
	e.mu.Lock()
	e.latest = text
	e.mu.Unlock()
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// run sends render(latest) whenever there is news and the interval since the
// last edit has passed, until stop or ctx ends. Failed edits are logged and
// skipped: the final edit carries the whole answer anyway. A panic in render
// or send ends the streaming, logged, and nothing else: updates and stop
// still return at once, and the caller's final edit replaces whatever
// partial text is shown.
func (e *editor) run(ctx context.Context, render func(string) string) {
	defer close(e.done)
	defer func() {
		if p := recover(); p != nil {
			logPanic(e.log, "streamed edit panic recovered", p)
			if e.panicked != nil {
				e.panicked()
			}
		}
	}()
	for {
		select {
		case <-e.stopc:
			return
		case <-ctx.Done():
			return
		case <-e.wake:
		}
		if d := time.Until(e.lastEdit.Add(e.interval)); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-e.stopc:
				t.Stop()
				return
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
		}
		content := e.render(render)
		if content == "" || content == e.sent {
			continue
		}
		if err := e.send(ctx, content); err != nil {
			e.log.Warn("streamed edit failed", "err", err)
		}
		e.sent, e.lastEdit = content, time.Now()
		e.edits++
	}
}

// render applies f to the newest text, keeping mu unlocked should f panic:
// update must never block the backend's stream.
func (e *editor) render(f func(string) string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return f(e.latest)
}

// start runs the editor in a new goroutine.
func (e *editor) start(ctx context.Context, render func(string) string) {
	e.started = true
	go e.run(ctx, render)
}

// stop ends run and waits for it (an edit in progress completes).
func (e *editor) stop() {
	if !e.started {
		return
	}
	close(e.stopc)
	<-e.done
}

// waitTurn sleeps until the next edit is allowed, or ctx ends.
func (e *editor) waitTurn(ctx context.Context) {
	d := time.Until(e.lastEdit.Add(e.interval))
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// count is the number of edits sent; call it after stop.
func (e *editor) count() int { return e.edits }
