package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/byline-bot/byline/bot/discordfake"
	"github.com/byline-bot/byline/internal/syncbuf"
	"github.com/byline-bot/byline/llm/llmtest"
)

// TestServeEndToEnd runs the real `byline serve` wiring (config from the
// environment, library, pipeline, go-openai client, discordgo session)
// against the fake Discord and a local OpenAI-compatible server.
func TestServeEndToEnd(t *testing.T) {
	dir := workdir(t)
	fake := discordfake.New(t, discordfake.Options{})
	var failModel sync.Mutex
	failing := false
	model := llmtest.NewServer(t, llmtest.Options{Reply: func(r llmtest.Request) string {
		failModel.Lock()
		defer failModel.Unlock()
		if failing {
			return "<think>no citations at all</think>Trust me."
		}
		return "Lloyd Austin spoke with Sergei Shoigu [1]. @everyone look!"
	}})
	env := map[string]string{
		"DISCORD_TOKEN":                fake.Token(),
		"BYLINE_DISCORD_API_URL":       fake.URL(),
		"BYLINE_DISCORD_GUILD_IDS":     fake.GuildID(),
		"BYLINE_DISCORD_EDIT_INTERVAL": "100ms",
		"OPENAI_BASE_URL":              model.URL,
		"BYLINE_MODEL_CHAT_MODEL":      "test-chat",
		"BYLINE_DATA":                  filepath.Join(dir, "data"),
		"BYLINE_SEEDS":                 filepath.Join(dir, "seeds"),
		"BYLINE_LOG_LEVEL":             "debug",
	}
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncbuf.Buffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, &stdout, &stderr, func(k string) string { return env[k] }) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("serve did not stop within 20 s of cancel")
		}
		if logs := stderr.String(); strings.Contains(logs, fake.Token()) {
			t.Error("the bot token appears in the logs")
		}
	})
	if err := fake.WaitFor(20*time.Second, func() bool { return len(fake.Commands(fake.GuildID())) > 0 }); err != nil {
		t.Fatalf("commands never registered: %v\n%s", err, stderr.String())
	}
	names := map[string]bool{}
	for _, c := range fake.Commands(fake.GuildID()) {
		names[c.Name] = true
	}
	for _, want := range []string{"ask", "summarize", "sources", "reindex", "add", "gaps", "help"} {
		if !names[want] {
			t.Errorf("command /%s not registered (have %v)", want, names)
		}
	}
	fake.AddMember("100", "reader", discordgo.PermissionSendMessages)
	fake.AddMember("200", "admin", discordgo.PermissionManageGuild)

	ask := func(t *testing.T, question string) discordfake.InteractionState {
		t.Helper()
		_, token := fake.SendInteraction(discordfake.Interaction{Command: "ask", UserID: "100",
			Options: []discordfake.Option{{Name: "question", Value: question}}})
		var st discordfake.InteractionState
		err := fake.WaitFor(15*time.Second, func() bool {
			st = fake.InteractionResponse(token)
			return st.Original != nil && strings.Contains(st.Original.Content, "Sources")
		})
		if err != nil {
			t.Fatalf("no answer: %+v\n%s", st, stderr.String())
		}
		if !st.Acknowledged || st.AckLatency > 3*time.Second {
			t.Errorf("acknowledged %v after %v", st.Acknowledged, st.AckLatency)
		}
		return st
	}

	t.Run("ask generated", func(t *testing.T) {
		st := ask(t, "Who did Lloyd Austin speak with?")
		c := st.Original.Content
		if !strings.Contains(c, "Shoigu [1]") || !strings.Contains(c, "Washington and Moscow spoke on the phone") {
			t.Errorf("answer:\n%s", c)
		}
		if p := discordfake.Pings(c, st.Original.AllowedMentions, false); len(p) > 0 {
			t.Errorf("the answer pings %v", p)
		}
		if !strings.HasPrefix(c, "Lloyd Austin spoke with") || !strings.HasSuffix(c, "\n-# written by a language model from the articles · check the sources") {
			t.Errorf("the answer does not lead with its text and end with how it was made:\n%s", c)
		}
	})
	t.Run("model failure gives the extractive answer", func(t *testing.T) {
		failModel.Lock()
		failing = true
		failModel.Unlock()
		defer func() { failModel.Lock(); failing = false; failModel.Unlock() }()
		st := ask(t, "Who did Lloyd Austin speak with?")
		c := st.Original.Content
		if !strings.Contains(c, "Shoigu") || !strings.Contains(c, "\n-# the language model") || !strings.Contains(c, "quoted from the articles") {
			t.Errorf("answer:\n%s", c)
		}
		// What a member reads first is the answer, not a label; quotations
		// are never doubled (““…””).
		if strings.HasPrefix(c, "Quoted from") || strings.Contains(c, "““") || strings.Contains(c, "””") || strings.Contains(c, "“\"") {
			t.Errorf("answer shown as:\n%s", c)
		}
	})
	t.Run("add refuses a private address", func(t *testing.T) {
		page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html><head><title>Local</title></head><body><article><p>Secret internal page text that is long enough.</p></article></body></html>"))
		}))
		defer page.Close()
		_, token := fake.SendInteraction(discordfake.Interaction{Command: "add", UserID: "200",
			Options: []discordfake.Option{{Name: "url", Value: page.URL}}})
		var st discordfake.InteractionState
		err := fake.WaitFor(15*time.Second, func() bool {
			st = fake.InteractionResponse(token)
			return st.Original != nil && st.Original.Edits > 0 && !strings.Contains(strings.ToLower(st.Original.Content), "adding")
		})
		if err != nil {
			t.Fatalf("no reply: %+v", st)
		}
		c := st.Original.Content
		if !strings.Contains(c, "not public") || !strings.Contains(c, "index.allow_private_urls") ||
			strings.Contains(c, page.URL) || strings.Contains(c, "kept") {
			t.Errorf("reply to a private address:\n%s", c)
		}
	})
	t.Run("reindex by an admin", func(t *testing.T) {
		_, token := fake.SendInteraction(discordfake.Interaction{Command: "reindex", UserID: "200"})
		var st discordfake.InteractionState
		err := fake.WaitFor(15*time.Second, func() bool {
			st = fake.InteractionResponse(token)
			return st.Original != nil && strings.Contains(st.Original.Content, "unchanged")
		})
		if err != nil {
			t.Fatalf("no summary: %+v", st)
		}
		// "1 articles" is how it must not read.
		if strings.Contains(st.Original.Content, " 1 articles") || !regexp.MustCompile(`The index now holds (1 article|\d+ articles) \((1 chunk|\d+ chunks)\)\.`).MatchString(st.Original.Content) {
			t.Errorf("summary: %q", st.Original.Content)
		}
	})
	t.Run("a question not covered shows in /gaps and in byline gaps", func(t *testing.T) {
		const q = "What is the price of tea in the Zanzibar markets?"
		_, token := fake.SendInteraction(discordfake.Interaction{Command: "ask", UserID: "100",
			Options: []discordfake.Option{{Name: "question", Value: q}}})
		var st discordfake.InteractionState
		if err := fake.WaitFor(15*time.Second, func() bool {
			st = fake.InteractionResponse(token)
			return st.Original != nil && strings.Contains(st.Original.Content, "-# ")
		}); err != nil {
			t.Fatalf("no answer: %+v", st)
		}
		if !strings.HasPrefix(st.Original.Content, "The indexed articles do not cover this question.") {
			t.Fatalf("answer: %q", st.Original.Content)
		}
		_, token = fake.SendInteraction(discordfake.Interaction{Command: "gaps", UserID: "200"})
		if err := fake.WaitFor(15*time.Second, func() bool {
			st = fake.InteractionResponse(token)
			return st.Original != nil && st.Original.Content != ""
		}); err != nil {
			t.Fatalf("no /gaps reply: %+v", st)
		}
		if !strings.Contains(st.Original.Content, "> "+q) || !strings.Contains(st.Original.Content, "(1 not covered)") {
			t.Errorf("/gaps:\n%s", st.Original.Content)
		}
		var out, errOut bytes.Buffer
		if err := run(context.Background(), []string{"gaps", "--json"}, &out, &errOut, func(k string) string { return env[k] }); err != nil {
			t.Fatalf("byline gaps: %v\n%s", err, errOut.String())
		}
		if !strings.Contains(out.String(), `"example": "`+q+`"`) {
			t.Errorf("byline gaps --json:\n%s", out.String())
		}
	})
}

// A model server that accepts connections and never answers: the CLI and a
// Discord member both get the quoted answer within answer.budget, not a
// wait of the model's timeouts times its retries, nor "That took too long".
func TestHungModelServer(t *testing.T) {
	dir := workdir(t)
	hung := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // reads the request (so a hang-up is noticed) ...
		<-r.Context().Done()        // ... and never answers
	}))
	defer func() {
		hung.CloseClientConnections()
		hung.Close()
	}()
	env := map[string]string{
		"OPENAI_BASE_URL":                  hung.URL + "/v1",
		"BYLINE_MODEL_CHAT_MODEL":          "test-chat",
		"BYLINE_MODEL_TIMEOUT":             "1m",
		"BYLINE_MODEL_FIRST_TOKEN_TIMEOUT": "1m",
		"BYLINE_ANSWER_BUDGET":             "3s",
		"BYLINE_DISCORD_ANSWER_TIMEOUT":    "5s",
		"BYLINE_DATA":                      filepath.Join(dir, "data"),
		"BYLINE_SEEDS":                     filepath.Join(dir, "seeds"),
	}
	getenv := func(k string) string { return env[k] }

	t.Run("cli", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		start := time.Now()
		if err := run(context.Background(), []string{"ask", "Who did Lloyd Austin speak with?"}, &stdout, &stderr, getenv); err != nil {
			t.Fatalf("ask: %v\n%s", err, stderr.String())
		}
		// The first ask also indexes the seeds: allow for that.
		if took := time.Since(start); took > 3*time.Second+10*time.Second {
			t.Errorf("the answer took %v", took)
		}
		if out := stdout.String(); !strings.Contains(out, "Quoted from the indexed articles") || !strings.Contains(out, "Shoigu") ||
			!strings.Contains(out, "did not answer in time") {
			t.Errorf("answer:\n%s", out)
		}
	})

	t.Run("discord", func(t *testing.T) {
		fake := discordfake.New(t, discordfake.Options{})
		env["DISCORD_TOKEN"], env["BYLINE_DISCORD_API_URL"], env["BYLINE_DISCORD_GUILD_IDS"] = fake.Token(), fake.URL(), fake.GuildID()
		ctx, cancel := context.WithCancel(context.Background())
		var stdout, stderr syncbuf.Buffer
		done := make(chan error, 1)
		go func() { done <- run(ctx, []string{"serve"}, &stdout, &stderr, getenv) }()
		defer func() {
			cancel()
			<-done
		}()
		if err := fake.WaitFor(20*time.Second, func() bool { return len(fake.Commands(fake.GuildID())) > 0 }); err != nil {
			t.Fatalf("commands never registered: %v\n%s", err, stderr.String())
		}
		fake.AddMember("100", "reader", discordgo.PermissionSendMessages)
		_, token := fake.SendInteraction(discordfake.Interaction{Command: "ask", UserID: "100",
			Options: []discordfake.Option{{Name: "question", Value: "Who did Lloyd Austin speak with?"}}})
		var st discordfake.InteractionState
		err := fake.WaitFor(15*time.Second, func() bool {
			st = fake.InteractionResponse(token)
			return st.Original != nil && (strings.Contains(st.Original.Content, "Sources") || strings.Contains(st.Original.Content, "too long"))
		})
		if err != nil {
			t.Fatalf("no answer: %+v\n%s", st, stderr.String())
		}
		if c := st.Original.Content; !strings.Contains(c, "so this answer is quoted from the articles") || !strings.Contains(c, "Shoigu") {
			t.Errorf("the member saw:\n%s", c)
		}
	})
}
