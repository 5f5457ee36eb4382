package discordfake

import (
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// AskBurst is a load test for a bot served by the fake: in each round,
// every user sends /ask at the same moment.
type AskBurst struct {
	Users    []string
	Question func(i int) string
	// Done reports whether an interaction's answer is complete. It is not
	// asked about refusals (see Refused).
	Done func(InteractionState) bool
	// Wait bounds how long one answer may take.
	Wait time.Duration
}

// Refused reports whether the bot turned the interaction away: it replied
// at once (callback type 4, no deferral) instead of deferring to work on an
// answer, as a bot does when it is busy or the user is rate-limited. A
// refusal is a finished outcome; nothing more will come.
func Refused(st InteractionState) bool {
	return st.Acknowledged && st.CallbackType == discordgo.InteractionResponseChannelMessageWithSource
}

// Benchmark runs b.N rounds of the burst and reports acknowledgement and
// answer latency (sent to last edit) of the answered interactions at p50
// and p99, refusals and failures, and the peak heap of the whole test
// process (bot, fake and whatever else runs in it). A refusal (see Refused)
// is counted as soon as it arrives, so a burst larger than the bot's queue
// can be measured; it is not a failure. An interaction fails unless it is
// acknowledged within Discord's 3 s and, if deferred, done within Wait; any
// failure fails the benchmark.
func (s *Server) Benchmark(b *testing.B, burst AskBurst) {
	var acks, answers []time.Duration
	failures, refusals := 0, 0
	stopSampling := sampleHeap()
	b.ResetTimer()
	for range b.N {
		tokens := make([]string, len(burst.Users))
		var wg sync.WaitGroup
		for i, u := range burst.Users {
			wg.Go(func() {
				_, tokens[i] = s.SendInteraction(Interaction{Command: "ask", UserID: u,
					Options: []Option{{Name: "question", Value: burst.Question(i)}}})
			})
		}
		wg.Wait()
		for _, tok := range tokens {
			var st InteractionState
			err := s.WaitFor(burst.Wait, func() bool {
				st = s.InteractionResponse(tok)
				return Refused(st) || burst.Done(st)
			})
			switch {
			case err != nil || st.AckLatency > 3*time.Second:
				failures++
			case Refused(st):
				refusals++
			case st.CallbackType != discordgo.InteractionResponseDeferredChannelMessageWithSource:
				failures++
			default:
				acks = append(acks, st.AckLatency)
				answers = append(answers, st.Original.EditedAt.Sub(st.SentAt))
			}
		}
	}
	b.StopTimer()
	peakBytes := stopSampling()
	b.ReportMetric(percentileMS(acks, 0.5), "ack-p50-ms")
	b.ReportMetric(percentileMS(acks, 0.99), "ack-p99-ms")
	b.ReportMetric(percentileMS(answers, 0.5), "answer-p50-ms")
	b.ReportMetric(percentileMS(answers, 0.99), "answer-p99-ms")
	b.ReportMetric(float64(refusals), "refused")
	b.ReportMetric(float64(failures), "failures")
	b.ReportMetric(float64(peakBytes)/(1<<20), "peak-heap-MiB")
	if failures > 0 {
		b.Errorf("%d of %d interactions failed or were acknowledged after 3 s", failures, len(burst.Users)*b.N)
	}
}

// sampleHeap samples the heap in use every 20 ms until the returned stop is
// called, which returns the peak.
func sampleHeap() (stop func() uint64) {
	var p uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			p = max(p, ms.HeapInuse)
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
	return func() uint64 {
		close(done)
		wg.Wait()
		return p
	}
}

// percentileMS is the p-th percentile of d in milliseconds (0 when empty).
func percentileMS(d []time.Duration, p float64) float64 {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	return float64(d[int(p*float64(len(d)-1))].Microseconds()) / 1000
}
