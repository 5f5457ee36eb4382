package bot

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/byline-bot/byline/answer"
	"github.com/byline-bot/byline/bot/discordfake"
)

// BenchmarkConcurrentAsk sends 50 /ask at once through the fake Discord to a
// backend that answers after a fixed 200 ms (a stand-in for a model server),
// and reports acknowledgement and answer latencies, failures and peak heap.
// Every interaction must be acknowledged within Discord's 3 s.
//
//	go test -run '^$' -bench ConcurrentAsk -benchtime 3x ./bot/
func BenchmarkConcurrentAsk(b *testing.B) {
	const n, delay = 50, 200 * time.Millisecond
	h := startHarness(b, Config{
		UserRatePerMinute: -1, GuildRatePerMinute: -1,
		MaxConcurrentAnswers: 8, MaxQueuedAnswers: 64,
		EditInterval: time.Second,
	}, discordfake.Options{})
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
	var acks, answers []time.Duration
	failures := 0
	var peak uint64
	stopSampling := make(chan struct{})
	var sampler sync.WaitGroup
	sampler.Add(1)
	go func() {
		defer sampler.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-stopSampling:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	b.ResetTimer()
	for range b.N {
		tokens := make([]string, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, tokens[i] = h.fake.SendInteraction(discordfake.Interaction{Command: "ask", UserID: users[i],
					Options: []discordfake.Option{{Name: "question", Value: fmt.Sprintf("benchmark question %d?", i)}}})
			}()
		}
		wg.Wait()
		for _, tok := range tokens {
			var st discordfake.InteractionState
			err := h.fake.WaitFor(30*time.Second, func() bool {
				st = h.fake.InteractionResponse(tok)
				return st.Original != nil && !st.Original.Loading() && st.Original.Content != "" && st.Original.Content != "Partial answer …"
			})
			if err != nil || st.AckLatency > 3*time.Second || st.CallbackType != 5 {
				failures++
				continue
			}
			acks = append(acks, st.AckLatency)
			answers = append(answers, st.Original.EditedAt.Sub(st.SentAt))
		}
	}
	b.StopTimer()
	close(stopSampling)
	sampler.Wait()
	pct := func(d []time.Duration, p float64) float64 {
		if len(d) == 0 {
			return 0
		}
		slices.Sort(d)
		return float64(d[int(p*float64(len(d)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(acks, 0.5), "ack-p50-ms")
	b.ReportMetric(pct(acks, 0.99), "ack-p99-ms")
	b.ReportMetric(pct(answers, 0.5), "answer-p50-ms")
	b.ReportMetric(pct(answers, 0.99), "answer-p99-ms")
	b.ReportMetric(float64(failures), "failures")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	if failures > 0 {
		b.Errorf("%d of %d interactions failed or were acknowledged after 3 s", failures, n*b.N)
	}
}
