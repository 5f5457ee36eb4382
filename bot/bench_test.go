package bot

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/byline-bot/byline/answer"
	"github.com/byline-bot/byline/bot/discordfake"
)

// BenchmarkConcurrentAsk sends 50 /ask at once through the fake Discord to a
// backend that answers after a fixed 200 ms (a stand-in for a model server),
// and reports acknowledgement and answer latencies, refusals, failures and
// peak heap. Every interaction must be acknowledged within Discord's 3 s.
// With room for the whole burst nothing is refused; with 8 answering and 8
// queued, the other 34 are refused at once ("busy") and counted.
//
//	go test -run '^$' -bench ConcurrentAsk -benchtime 3x ./bot/
func BenchmarkConcurrentAsk(b *testing.B) {
	for _, bc := range []struct {
		name   string
		queued int
	}{
		{"queue=64", 64},
		{"queue=8", 8},
	} {
		b.Run(bc.name, func(b *testing.B) { benchmarkConcurrentAsk(b, bc.queued) })
	}
}

func benchmarkConcurrentAsk(b *testing.B, queued int) {
	const n, delay = 50, 200 * time.Millisecond
	h := startHarness(b, testConfig(func(c *Config) {
		c.UserRatePerMinute = 0
		c.GuildRatePerMinute = 0
		c.MaxConcurrentAnswers = 8
		c.MaxQueuedAnswers = queued
		c.EditInterval = time.Second
	}), discordfake.Options{})
	h.backend.set(func(f *fakeBackend) {
		f.ask = func(ctx context.Context, req answer.Request, onPartial func(string)) (answer.Answer, error) {
			onPartial("Partial answer")
			select {
			case <-time.After(delay):
			case <-ctx.Done():
				return answer.Answer{}, ctx.Err()
			}
			return cited("A benchmark answer [1] with a second claim [2]."), nil
		}
	})
	users := make([]string, n)
	for i := range users {
		users[i] = h.member(0)
	}
	h.fake.Benchmark(b, discordfake.AskBurst{
		Users:    users,
		Question: func(i int) string { return fmt.Sprintf("benchmark question %d?", i) },
		Wait:     30 * time.Second,
		Done: func(st discordfake.InteractionState) bool {
			return st.Original != nil && !st.Original.Loading() && st.Original.Content != "" && st.Original.Content != "Partial answer …"
		},
	})
}
