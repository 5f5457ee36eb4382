package main

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/byline-bot/byline/bot/discordfake"
	"github.com/byline-bot/byline/llm/llmtest"
)

// BenchmarkServeConcurrentAsk runs the real `byline serve` wiring (library,
// pipeline, go-openai client, discordgo) against the fake Discord and a
// local OpenAI-compatible server that answers after a fixed 200 ms, sends 50
// /ask at once, and reports acknowledgement and answer latencies, failures
// and peak heap. Every interaction must be acknowledged within 3 s.
//
//	go test -run '^$' -bench ServeConcurrentAsk -benchtime 3x ./cmd/byline
func BenchmarkServeConcurrentAsk(b *testing.B) {
	const n = 50
	dir := b.TempDir()
	fake := discordfake.New(b, discordfake.Options{})
	model := llmtest.NewServer(b, llmtest.Options{Delay: 200 * time.Millisecond, ChunkSize: 20,
		Reply: func(llmtest.Request) string { return "Lloyd Austin spoke with Sergei Shoigu [1]." }})
	env := map[string]string{
		"DISCORD_TOKEN":                         fake.Token(),
		"BYLINE_DISCORD_API_URL":                fake.URL(),
		"BYLINE_DISCORD_GUILD_IDS":              fake.GuildID(),
		"BYLINE_DISCORD_GUILD_RATE_PER_MINUTE":  "100000",
		"BYLINE_DISCORD_GUILD_BURST":            "1000",
		"BYLINE_DISCORD_MAX_CONCURRENT_ANSWERS": "8",
		"BYLINE_DISCORD_MAX_QUEUED_ANSWERS":     "64",
		"OPENAI_BASE_URL":                       model.URL,
		"BYLINE_MODEL_CHAT_MODEL":               "test-chat",
		"BYLINE_DATA":                           filepath.Join(dir, "data"),
		"BYLINE_SEEDS":                          filepath.Join("..", "..", "seeds"),
		"BYLINE_LOG_LEVEL":                      "warn",
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var logs syncBuffer
	go func() { done <- run(ctx, []string{"serve"}, &logs, &logs, func(k string) string { return env[k] }) }()
	b.Cleanup(func() { cancel(); <-done })
	if err := fake.WaitFor(30*time.Second, func() bool { return len(fake.Commands(fake.GuildID())) > 0 }); err != nil {
		b.Fatalf("serve did not start: %v\n%s", err, logs.String())
	}
	users := make([]string, n)
	for i := range users {
		users[i] = fmt.Sprintf("%d", 5000+i)
		fake.AddMember(users[i], "u"+users[i], discordgo.PermissionSendMessages)
	}
	var peak uint64
	stop := make(chan struct{})
	var sampler sync.WaitGroup
	sampler.Add(1)
	go func() {
		defer sampler.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	var acks, answers []time.Duration
	failures := 0
	b.ResetTimer()
	for range b.N {
		tokens := make([]string, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, tokens[i] = fake.SendInteraction(discordfake.Interaction{Command: "ask", UserID: users[i],
					Options: []discordfake.Option{{Name: "question", Value: "Who did Lloyd Austin speak with?"}}})
			}()
		}
		wg.Wait()
		for _, tok := range tokens {
			var st discordfake.InteractionState
			err := fake.WaitFor(20*time.Second, func() bool {
				st = fake.InteractionResponse(tok)
				return st.Original != nil && strings.Contains(st.Original.Content, "Sources")
			})
			if err != nil || st.AckLatency > 3*time.Second {
				failures++
				continue
			}
			acks = append(acks, st.AckLatency)
			answers = append(answers, st.Original.EditedAt.Sub(st.SentAt))
		}
	}
	b.StopTimer()
	close(stop)
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
