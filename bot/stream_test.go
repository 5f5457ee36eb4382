package bot

import (
	"context"
	"github.com/bwmarrin/discordgo"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/byline-bot/byline/answer"
	"github.com/byline-bot/byline/internal/syncbuf"
)

// panickyReplier panics on a streamed partial edit (which ends in " …") and
// records everything else.
type panickyReplier struct {
	tried chan struct{} // closed at the first partial edit
	once  sync.Once

	mu    sync.Mutex
	edits []string
	mores []string
}

func (r *panickyReplier) edit(_ context.Context, content string) error {
	if strings.HasSuffix(content, " …") {
		r.once.Do(func() { close(r.tried) })
		panic("streamed edit exploded: " + content)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.edits = append(r.edits, content)
	return nil
}

func (r *panickyReplier) editWith(ctx context.Context, content string, _ []discordgo.MessageComponent) error {
	return r.edit(ctx, content)
}

func (r *panickyReplier) moreWith(ctx context.Context, content string, _ []discordgo.MessageComponent) error {
	return r.more(ctx, content)
}

func (r *panickyReplier) more(_ context.Context, content string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.mores = append(r.mores, content)
	return nil
}

// A panic while streaming partial edits is logged with its stack (without
// the text at info level) and counted; the answer still ends complete and
// the bot keeps answering.
func TestStreamedEditPanicRecovered(t *testing.T) {
	logs := &syncbuf.Buffer{}
	b, err := New(testConfig(func(c *Config) { c.Token = "t"; c.EditInterval = 10 * time.Millisecond }), &fakeBackend{},
		slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo})))
	if err != nil {
		t.Fatal(err)
	}
	const partial = "Private partial text of the answer"
	for round := range 2 {
		r := &panickyReplier{tried: make(chan struct{})}
		tk, ok := b.reserve()
		if !ok {
			t.Fatal("queue full")
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			b.deliver(t.Context(), b.log, r, tk, asked{asker: "1", question: "q", stream: true}, time.Now(), func(ctx context.Context, onPartial func(string)) (answer.Answer, error) {
				onPartial(partial)
				<-r.tried
				for range 100 { // the editor is gone: updates must not block
					onPartial(partial + " more")
				}
				return cited("The final answer [1]."), nil
			})
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("round %d: deliver hangs after a panic in the editor", round)
		}
		r.mu.Lock()
		edits := r.edits
		r.mu.Unlock()
		if len(edits) != 1 || !strings.HasPrefix(edits[0], "The final answer [1].") {
			t.Errorf("round %d: edits after the panic = %q, want the final answer", round, edits)
		}
	}
	out := logs.String()
	if got := strings.Count(out, "streamed edit panic recovered"); got != 2 {
		t.Errorf("%d panics logged, want 2:\n%s", got, out)
	}
	if !strings.Contains(out, "level=ERROR") || !strings.Contains(out, "panic=string") || !strings.Contains(out, "stream.go") {
		t.Errorf("panic not logged at error with its type and stack:\n%s", out)
	}
	if strings.Contains(out, partial) {
		t.Errorf("user text in the info log:\n%s", out)
	}
	var m strings.Builder
	b.metrics.write(&m, nil, true)
	if !strings.Contains(m.String(), "byline_handler_panics_total 2") {
		t.Errorf("panics not counted:\n%s", m.String())
	}
}

// A panicking render must not leave the editor's lock held: update is
// called from the model's stream and must never block.
func TestEditorRenderPanicKeepsUpdateNonBlocking(t *testing.T) {
	logs := &syncbuf.Buffer{}
	ed := newEditor(func(context.Context, string) error { return nil }, time.Millisecond, slog.New(slog.NewTextHandler(logs, nil)))
	panicked := make(chan struct{})
	ed.panicked = func() { close(panicked) }
	ed.start(t.Context(), func(s string) string {
		var m map[string]int
		//lint:ignore SA5000 the test needs a runtime panic in render
		m[s]++
		return s
	})
	ed.update("first")
	select {
	case <-panicked:
	case <-time.After(5 * time.Second):
		t.Fatal("no panic recovered")
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		ed.update("second")
		ed.stop()
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("update or stop blocks after a panic in render")
	}
	if !strings.Contains(logs.String(), "assignment to entry in nil map") {
		t.Errorf("runtime error not logged:\n%s", logs.String())
	}
}
