package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/byline-bot/byline/bot/discordfake"
	"github.com/byline-bot/byline/internal/syncbuf"
	"github.com/byline-bot/byline/llm/llmtest"
)

// BenchmarkServeConcurrentAsk runs the real `byline serve` wiring (library,
// pipeline, go-openai client, discordgo) against the fake Discord and a
// local OpenAI-compatible server that answers after a fixed 200 ms, sends 50
// /ask at once, and reports acknowledgement and answer latencies, refusals,
// failures and peak heap. Every interaction must be acknowledged within 3 s.
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
	var logs syncbuf.Buffer
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
	fake.Benchmark(b, discordfake.AskBurst{
		Users:    users,
		Question: func(int) string { return "Who did Lloyd Austin speak with?" },
		Wait:     20 * time.Second,
		Done: func(st discordfake.InteractionState) bool {
			return st.Original != nil && strings.Contains(st.Original.Content, "Sources")
		},
	})
}
