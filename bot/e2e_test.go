package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/google/go-cmp/cmp"

	"github.com/byline-bot/byline/answer"
	"github.com/byline-bot/byline/bot/discordfake"
	"github.com/byline-bot/byline/internal/syncbuf"
	"github.com/byline-bot/byline/library"
)

// End-to-end tests: the real Bot (a real discordgo session, real handlers)
// against the in-repo fake Discord, with a hand-written fake Backend.

const (
	editRoute      = "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
	waitLong       = 10 * time.Second
	testInterval   = 100 * time.Millisecond
	adminRoleID    = "700000000000000001"
	secretQuestion = "zebra-crossing secret question"
	// testAttachmentLimit is TestE2E's MaxAttachmentBytes.
	testAttachmentLimit = 64 << 10
)

// harness is one fake Discord, one fake backend and one running Bot, shared
// by subtests (each discordgo session costs a second to close).
type harness struct {
	t       testing.TB
	fake    *discordfake.Server
	backend *fakeBackend
	bot     *Bot
	logs    *syncbuf.Buffer
	users   atomic.Int64
	// attachmentBytes counts the bytes the bot read from attachment downloads.
	attachmentBytes atomic.Int64
	// stop ends Run (once) and returns its result.
	stop func() error
}

func startHarness(t testing.TB, cfg Config, opts discordfake.Options) *harness {
	t.Helper()
	h := &harness{t: t, fake: discordfake.New(t, opts), backend: &fakeBackend{}, logs: &syncbuf.Buffer{}}
	h.startBot(cfg)
	// Registered after discordfake.New: runs before the fake closes.
	t.Cleanup(func() {
		if err := h.stop(); err != nil {
			t.Errorf("Run: %v", err)
		}
		if t.Failed() {
			t.Logf("bot logs:\n%s", h.logs.String())
		}
	})
	if err := h.fake.WaitFor(waitLong, func() bool { return len(h.fake.Commands(h.fake.GuildID())) > 0 }); err != nil {
		t.Fatalf("commands never registered: %v", err)
	}
	return h
}

// startBot starts a Bot on the harness's fake Discord and backend; h.stop
// ends it.
func (h *harness) startBot(cfg Config) {
	h.t.Helper()
	cfg.Token = h.fake.Token()
	cfg.APIURL = h.fake.URL() // exercises the bot's own rewrite transport
	cfg.GuildIDs = []string{h.fake.GuildID()}
	cfg.HTTPClient = &http.Client{Timeout: 20 * time.Second, Transport: countingTransport{read: &h.attachmentBytes}}
	logger := slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	b, err := New(cfg, h.backend, logger)
	if err != nil {
		h.t.Fatal(err)
	}
	h.bot = b
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	h.stop = sync.OnceValue(func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(waitLong):
			return errors.New("Run did not return after its context ended")
		}
	})
}

// restart stops the running Bot and starts a new one, with no memory, on
// the same fake Discord; it returns once the new one is connected.
func (h *harness) restart(cfg Config) {
	h.t.Helper()
	if err := h.stop(); err != nil {
		h.t.Fatalf("stop: %v", err)
	}
	before := h.fake.GatewayStats().Identifies
	h.startBot(cfg)
	if err := h.fake.WaitFor(waitLong, func() bool { return h.fake.GatewayStats().Identifies > before }); err != nil {
		h.t.Fatalf("the restarted bot never connected: %v", err)
	}
}

// countingTransport is the default transport, counting what the bot reads
// from attachment downloads (the fake's CDN paths).
type countingTransport struct{ read *atomic.Int64 }

func (c countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil && strings.HasPrefix(r.URL.Path, "/ephemeral-attachments/") {
		resp.Body = countingBody{ReadCloser: resp.Body, read: c.read}
	}
	return resp, err
}

type countingBody struct {
	io.ReadCloser
	read *atomic.Int64
}

func (b countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.read.Add(int64(n))
	return n, err
}

// downloads returns the fake CDN's downloads of files with this name.
func (h *harness) downloads(filename string) []discordfake.Download {
	var out []discordfake.Download
	for _, d := range h.fake.Downloads() {
		if d.Filename == filename {
			out = append(out, d)
		}
	}
	return out
}

// member adds a fresh guild member (fresh rate-limit buckets) and returns its id.
func (h *harness) member(perms int64, roles ...string) string {
	id := fmt.Sprintf("8%017d", h.users.Add(1))
	h.fake.AddMember(id, "user"+id[len(id)-3:], perms, roles...)
	return id
}

func (h *harness) interact(userID, command string, opts ...discordfake.Option) string {
	h.t.Helper()
	_, token := h.fake.SendInteraction(discordfake.Interaction{Command: command, UserID: userID, Options: opts})
	return token
}

func (h *harness) ask(userID, question string, more ...discordfake.Option) string {
	h.t.Helper()
	return h.interact(userID, "ask", append([]discordfake.Option{{Name: "question", Value: question}}, more...)...)
}

// waitInteraction waits until cond holds for the interaction's state.
func (h *harness) waitInteraction(t *testing.T, token string, what string, cond func(st discordfake.InteractionState) bool) discordfake.InteractionState {
	t.Helper()
	var st discordfake.InteractionState
	err := h.fake.WaitFor(waitLong, func() bool {
		st = h.fake.InteractionResponse(token)
		return cond(st)
	})
	if err != nil {
		t.Fatalf("waiting for %s: %v; state: acked=%v type=%d original=%+v followups=%d rejected=%v",
			what, err, st.Acknowledged, st.CallbackType, st.Original, len(st.Followups), st.RejectedCodes)
	}
	return st
}

// final waits until the original response holds final text (not loading,
// not a streamed partial).
func (h *harness) final(t *testing.T, token string) discordfake.InteractionState {
	t.Helper()
	return h.waitInteraction(t, token, "a final response", func(st discordfake.InteractionState) bool {
		return st.Original != nil && !st.Original.Loading() && st.Original.Content != "" && !strings.HasSuffix(st.Original.Content, " …")
	})
}

// botReplies waits for n bot messages in a channel that hold final text.
func (h *harness) botReplies(t *testing.T, channelID string, n int) []discordfake.Message {
	t.Helper()
	var msgs []discordfake.Message
	err := h.fake.WaitFor(waitLong, func() bool {
		msgs = h.fake.BotMessages(channelID)
		done := 0
		for _, m := range msgs {
			if m.Content != msgThinking && !strings.HasSuffix(m.Content, " …") {
				done++
			}
		}
		return done >= n
	})
	if err != nil {
		t.Fatalf("waiting for %d bot replies in %s: %v; have %d: %+v", n, channelID, err, len(msgs), msgs)
	}
	return msgs
}

// threadOf waits for the thread started from message id in the general
// channel.
func (h *harness) threadOf(t *testing.T, id string) string {
	t.Helper()
	var thread string
	if err := h.fake.WaitFor(waitLong, func() bool {
		for _, m := range h.fake.Messages(discordfake.GeneralChannelID) {
			if m.ID == id {
				thread = m.ThreadID
			}
		}
		return thread != ""
	}); err != nil {
		t.Fatalf("no thread started from the mention: %v", err)
	}
	return thread
}

func cited(text string) answer.Answer {
	return answer.Answer{
		Answer: text,
		Mode:   answer.ModeGenerated,
		AsOf:   "2024-05-01",
		Citations: []answer.Citation{
			{N: 1, ArticleID: "a1", Title: "Bank raises rates", URL: "https://news.example/rates", Published: "2024-05-01", Quote: "q"},
			{N: 2, ArticleID: "a2", Title: "Markets react", URL: "https://news.example/markets", Published: "2024-04-30", Quote: "q"},
		},
	}
}

func TestE2E(t *testing.T) {
	h := startHarness(t, testConfig(func(c *Config) {
		c.AdminRoleIDs = []string{adminRoleID}
		c.UserRatePerMinute = 1
		c.UserBurst = 3
		c.GuildRatePerMinute = 10000
		c.GuildBurst = 10000
		c.EditInterval = testInterval
		c.MetricsAddr = "127.0.0.1:0"
		c.IndexSize = func() int { return 7 }
		c.MaxAttachmentBytes = testAttachmentLimit
	}), discordfake.Options{})
	fake, backend := h.fake, h.backend
	fake.AddRole(adminRoleID, "byline-admins", 0)

	t.Run("commands registered by bulk overwrite", func(t *testing.T) {
		var names []string
		perms := map[string]int64{}
		for _, c := range fake.Commands(fake.GuildID()) {
			names = append(names, c.Name)
			if c.DefaultMemberPermissions != nil {
				perms[c.Name] = *c.DefaultMemberPermissions
			}
		}
		if diff := cmp.Diff([]string{"ask", "summarize", "sources", "reindex", "add", "gaps", "help"}, names); diff != "" {
			t.Errorf("commands (-want +got):\n%s", diff)
		}
		// Admin roles are configured: Discord must show the admin commands
		// to their members without anyone editing the server's settings.
		want := map[string]int64{}
		if diff := cmp.Diff(want, perms); diff != "" {
			t.Errorf("default member permissions (-want +got):\n%s", diff)
		}
	})

	t.Run("ask streams throttled edits and ends with citations", func(t *testing.T) {
		backend.set(func(f *fakeBackend) {
			f.ask = func(ctx context.Context, req answer.Request, onPartial func(string)) (answer.Answer, error) {
				text := ""
				for i := range 30 {
					text += fmt.Sprintf("word%d ", i)
					onPartial(text)
					time.Sleep(20 * time.Millisecond)
				}
				return cited(text + "rates rose [1] and markets fell [2]."), nil
			}
		})
		token := h.ask(h.member(discordgo.PermissionSendMessages), "What did the bank do?")
		st := h.final(t, token)
		if st.CallbackType != discordgo.InteractionResponseDeferredChannelMessageWithSource {
			t.Errorf("callback type %d, want deferred (5)", st.CallbackType)
		}
		if st.AckLatency > 3*time.Second {
			t.Errorf("acknowledged after %s", st.AckLatency)
		}
		want := renderAnswer(cited(streamedText(30) + "rates rose [1] and markets fell [2]."))
		if st.Original.Content != want {
			t.Errorf("final content:\n%s\nwant:\n%s", st.Original.Content, want)
		}
		for _, line := range []string{"[1] [Bank raises rates](<https://news.example/rates>) · 2024-05-01", "[2] [Markets react](<https://news.example/markets>) · 2024-04-30"} {
			if !strings.Contains(st.Original.Content, line) {
				t.Errorf("sources lack %q", line)
			}
		}
		if st.Original.Edits < 3 {
			t.Errorf("%d edits: the answer did not stream", st.Original.Edits)
		}
		var last time.Time
		for i, r := range fake.RequestsTo("PATCH", editRoute) {
			if !strings.Contains(r.Path, token) {
				continue
			}
			if !last.IsZero() && r.Time.Sub(last) < testInterval-5*time.Millisecond {
				t.Errorf("edit %d came %s after the previous one (interval %s)", i, r.Time.Sub(last), testInterval)
			}
			last = r.Time
		}
	})

	t.Run("deferred within 3 s while the backend is slow", func(t *testing.T) {
		release := make(chan struct{})
		backend.set(func(f *fakeBackend) {
			f.ask = func(ctx context.Context, req answer.Request, _ func(string)) (answer.Answer, error) {
				select {
				case <-release:
				case <-ctx.Done():
					return answer.Answer{}, ctx.Err()
				}
				return cited("Slow but sure [1]."), nil
			}
		})
		token := h.ask(h.member(0), "Slow question?")
		st := h.waitInteraction(t, token, "the deferral", func(st discordfake.InteractionState) bool { return st.Acknowledged })
		if st.CallbackType != discordgo.InteractionResponseDeferredChannelMessageWithSource || st.AckLatency > 3*time.Second || !st.Original.Loading() {
			t.Errorf("got type %d after %s, loading %v; want a deferral within 3 s", st.CallbackType, st.AckLatency, st.Original.Loading())
		}
		close(release)
		if st := h.final(t, token); !strings.HasPrefix(st.Original.Content, "Slow but sure [1].") {
			t.Errorf("final content %q", st.Original.Content)
		}
	})

	t.Run("long private answer split into ephemeral follow-ups", func(t *testing.T) {
		var b strings.Builder
		for i := range 120 {
			fmt.Fprintf(&b, "Sentence number %d about the budget debate cites a source [%d]. ", i, i%2+1)
			if i%15 == 14 {
				b.WriteString("\n\n")
			}
		}
		a := cited(b.String())
		backend.set(func(f *fakeBackend) {
			f.ask = func(context.Context, answer.Request, func(string)) (answer.Answer, error) { return a, nil }
		})
		want := Split(renderAnswer(a), MessageLimit)
		if len(want) < 3 {
			t.Fatalf("test answer too short: %d chunks", len(want))
		}
		token := h.ask(h.member(0), "Tell me everything", discordfake.Option{Name: "private", Value: true})
		st := h.waitInteraction(t, token, "all follow-ups", func(st discordfake.InteractionState) bool {
			return len(st.Followups) == len(want)-1
		})
		got := []string{st.Original.Content}
		if !st.Original.Ephemeral() {
			t.Error("original response of a private ask is public")
		}
		for _, m := range st.Followups {
			got = append(got, m.Content)
			if !m.Ephemeral() {
				t.Error("follow-up of a private ask is public")
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("messages (-want +got):\n%s", diff)
		}
	})

	t.Run("questions bounded: empty and too long", func(t *testing.T) {
		u := h.member(0)
		for q, want := range map[string]string{"   ": "Please include a question", strings.Repeat("a", 501): "at most 500 characters"} {
			st := h.final(t, h.ask(u, q))
			if st.CallbackType != discordgo.InteractionResponseChannelMessageWithSource || !st.Original.Ephemeral() || !strings.Contains(st.Original.Content, want) {
				t.Errorf("question of %d chars: type %d, ephemeral %v, %q", len(q), st.CallbackType, st.Original.Ephemeral(), st.Original.Content)
			}
		}
	})

	t.Run("rate limited per user", func(t *testing.T) {
		backend.set(func(f *fakeBackend) {
			f.ask = func(context.Context, answer.Request, func(string)) (answer.Answer, error) {
				return cited("Fine [1]."), nil
			}
		})
		u := h.member(0)
		for i := range 3 {
			if st := h.final(t, h.ask(u, fmt.Sprintf("question %d?", i))); !strings.HasPrefix(st.Original.Content, "Fine") {
				t.Fatalf("question %d within the burst: %q", i, st.Original.Content)
			}
		}
		st := h.final(t, h.ask(u, "one too many?"))
		if st.CallbackType != discordgo.InteractionResponseChannelMessageWithSource || !st.Original.Ephemeral() ||
			!strings.Contains(st.Original.Content, "try again in 60 s") {
			t.Errorf("4th question: type %d, ephemeral %v, %q", st.CallbackType, st.Original.Ephemeral(), st.Original.Content)
		}
		if _, asked := backend.askRequest("one too many?"); asked {
			t.Error("a refused question reached the backend")
		}
	})

	t.Run("mentions in an answer ping nobody", func(t *testing.T) {
		backend.set(func(f *fakeBackend) {
			f.ask = func(context.Context, answer.Request, func(string)) (answer.Answer, error) {
				a := cited("@everyone the article says @here and <@" + fake.BotUserID() + "> and <@&" + adminRoleID + "> [1].")
				a.Citations[0].Title = "@everyone read this"
				return a, nil
			}
		})
		st := h.final(t, h.ask(h.member(0), "Who was pinged?"))
		if !strings.Contains(st.Original.Content, "@everyone") {
			t.Fatalf("content lost the text: %q", st.Original.Content)
		}
		if p := st.Original.Pings(); len(p) > 0 {
			t.Errorf("answer would ping %v", p)
		}
		if am := st.Original.AllowedMentions; am == nil || am.Parse == nil || len(am.Parse) != 0 {
			t.Errorf("allowed_mentions %+v, want parse: []", am)
		}
	})

	t.Run("backend panic: user told, bot stays up", func(t *testing.T) {
		backend.set(func(f *fakeBackend) {
			f.ask = func(ctx context.Context, req answer.Request, _ func(string)) (answer.Answer, error) {
				if strings.Contains(req.Question, "boom") {
					var m map[string]int
					//lint:ignore SA5000 the test needs a real runtime panic
					m["nil map"]++
				}
				return cited("Still here [1]."), nil
			}
		})
		u := h.member(0)
		if st := h.final(t, h.ask(u, "boom?")); st.Original.Content != msgPanic {
			t.Errorf("after a panic the user saw %q", st.Original.Content)
		}
		if st := h.final(t, h.ask(u, "next?")); !strings.HasPrefix(st.Original.Content, "Still here") {
			t.Errorf("the next command got %q", st.Original.Content)
		}
		if !strings.Contains(h.logs.String(), "handler panic recovered") {
			t.Error("panic not logged")
		}
	})

	t.Run("model failure shows the labelled extractive answer", func(t *testing.T) {
		const note = "The model server did not answer; quoted from the articles instead."
		backend.set(func(f *fakeBackend) {
			f.ask = func(ctx context.Context, req answer.Request, _ func(string)) (answer.Answer, error) {
				if req.Question == "total failure?" {
					return answer.Answer{}, errors.New("connect to 127.0.0.1:1: connection refused")
				}
				a := cited("\"Rates rose,\" the bank said [1].")
				a.Mode, a.Note = answer.ModeExtractive, note
				return a, nil
			}
		})
		u := h.member(0)
		st := h.final(t, h.ask(u, "fallback?"))
		if !strings.HasPrefix(st.Original.Content, "\"Rates rose,\" the bank said [1].") ||
			!strings.HasSuffix(st.Original.Content, "\n-# the model server did not answer; quoted from the articles instead") {
			t.Errorf("extractive answer shown as %q", st.Original.Content)
		}
		st = h.final(t, h.ask(u, "total failure?"))
		if st.Original.Content != msgFailed {
			t.Errorf("backend error shown as %q", st.Original.Content)
		}
		if strings.Contains(st.Original.Content, "refused") {
			t.Error("the cause leaked to the user")
		}
	})

	t.Run("mention starts a thread; follow-ups there use the history", func(t *testing.T) {
		u := h.member(0)
		backend.set(func(f *fakeBackend) {
			f.ask = func(ctx context.Context, req answer.Request, onPartial func(string)) (answer.Answer, error) {
				onPartial("Thinking about " + req.Question)
				return cited(fmt.Sprintf("Answer to %q after %d turns [1].", req.Question, len(req.History))), nil
			}
		})
		msgID := fake.SendMessage(discordfake.UserMessage{AuthorID: u, Content: "<@" + fake.BotUserID() + "> who won the vote?"})
		var thread string
		if err := fake.WaitFor(waitLong, func() bool {
			for _, m := range fake.Messages(discordfake.GeneralChannelID) {
				if m.ID == msgID && m.ThreadID != "" {
					thread = m.ThreadID
				}
			}
			return thread != ""
		}); err != nil {
			t.Fatalf("no thread started from the mention: %v", err)
		}
		first := h.botReplies(t, thread, 1)[0]
		if first.Content != renderAnswer(cited(`Answer to "who won the vote?" after 0 turns [1].`)) {
			t.Errorf("first answer %q", first.Content)
		}
		if first.WouldPing() {
			t.Errorf("thread answer would ping %v", first.Pings())
		}

		// Without MESSAGE_CONTENT, a message that does not mention the bot
		// arrives blank: the bot explains, once.
		fake.SendMessage(discordfake.UserMessage{ChannelID: thread, AuthorID: u, Content: "thanks!"})
		h.botReplies(t, thread, 2)
		fake.SendMessage(discordfake.UserMessage{ChannelID: thread, AuthorID: u, Content: "still chatting"})
		fake.SendMessage(discordfake.UserMessage{ChannelID: thread, AuthorID: u, Content: "<@" + fake.BotUserID() + "> and what did the minister say?"})
		msgs := h.botReplies(t, thread, 3)
		hints := 0
		for _, m := range msgs {
			if m.Content == msgMentionHint {
				hints++
			}
		}
		if hints != 1 {
			t.Errorf("%d usage hints in the thread, want 1", hints)
		}
		req, ok := backend.askRequest("and what did the minister say?")
		if !ok {
			t.Fatal("follow-up never reached the backend")
		}
		wantHist := []answer.Turn{{Question: "who won the vote?", Answer: `Answer to "who won the vote?" after 0 turns [1].`}}
		if diff := cmp.Diff(wantHist, req.History); diff != "" {
			t.Errorf("follow-up history (-want +got):\n%s", diff)
		}
		if got := msgs[len(msgs)-1].Content; !strings.HasPrefix(got, `Answer to "and what did the minister say?" after 1 turns`) {
			t.Errorf("follow-up answer %q", got)
		}
		for _, m := range fake.BotMessages(discordfake.GeneralChannelID) {
			if m.InteractionToken == "" {
				t.Errorf("bot message %q in the channel itself; answers belong in the thread", m.Content)
			}
		}
	})

	t.Run("mention: long answer split in the thread; a panic reported in place", func(t *testing.T) {
		long := cited(strings.Repeat("A long sentence about the harbour strike and its causes [1]. ", 80))
		backend.set(func(f *fakeBackend) {
			f.ask = func(ctx context.Context, req answer.Request, _ func(string)) (answer.Answer, error) {
				if strings.Contains(req.Question, "boom") {
					panic("backend exploded")
				}
				return long, nil
			}
		})
		u := h.member(0)
		want := Split(renderAnswer(long), MessageLimit)
		msgID := fake.SendMessage(discordfake.UserMessage{AuthorID: u, Content: "<@" + fake.BotUserID() + "> tell me all about the strike"})
		var thread string
		if err := fake.WaitFor(waitLong, func() bool {
			for _, m := range fake.Messages(discordfake.GeneralChannelID) {
				if m.ID == msgID {
					thread = m.ThreadID
				}
			}
			return thread != "" && len(fake.BotMessages(thread)) == len(want) && fake.BotMessages(thread)[0].Content != msgThinking
		}); err != nil {
			t.Fatalf("long answer not delivered in %d messages: %v", len(want), err)
		}
		var got []string
		for _, m := range fake.BotMessages(thread) {
			got = append(got, m.Content)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("thread messages (-want +got):\n%s", diff)
		}
		fake.SendMessage(discordfake.UserMessage{ChannelID: thread, AuthorID: u, Content: "<@" + fake.BotUserID() + "> boom"})
		if err := fake.WaitFor(waitLong, func() bool {
			msgs := fake.BotMessages(thread)
			return len(msgs) == len(want)+1 && msgs[len(msgs)-1].Content == msgPanic
		}); err != nil {
			t.Errorf("panic in a follow-up not reported in place: %v", err)
		}
	})

	t.Run("direct message answered as a reply", func(t *testing.T) {
		const dm = "600000000000000001"
		u := "8" + strings.Repeat("9", 17)
		fake.AddUser(u, "dmuser")
		fake.AddDMChannel(dm, u)
		backend.set(func(f *fakeBackend) {
			f.ask = func(context.Context, answer.Request, func(string)) (answer.Answer, error) {
				return cited("In a DM [1]."), nil
			}
		})
		fake.SendMessage(discordfake.UserMessage{ChannelID: dm, AuthorID: u, Content: "what happened today?"})
		m := h.botReplies(t, dm, 1)[0]
		if !strings.HasPrefix(m.Content, "In a DM [1].") || m.Reference == nil || m.WouldPing() {
			t.Errorf("DM answer %+v", m)
		}
	})

	t.Run("admin commands refused for non-admins", func(t *testing.T) {
		var called atomic.Bool
		backend.set(func(f *fakeBackend) {
			f.reindex = func(context.Context, func(library.Progress)) (library.Summary, error) {
				called.Store(true)
				return library.Summary{}, nil
			}
		})
		u := h.member(discordgo.PermissionSendMessages | discordgo.PermissionManageChannels)
		for _, tt := range []struct {
			cmd string
			opt discordfake.Option
		}{
			{"reindex", discordfake.Option{Name: "url", Value: "https://e.example/x"}},
			{"add", discordfake.Option{Name: "url", Value: "https://e.example/x"}},
			{"add", discordfake.Option{Name: "file", Value: discordfake.File{Filename: "sneaky.md", Data: []byte("# not from an admin\n")}}},
		} {
			st := h.final(t, h.interact(u, tt.cmd, tt.opt))
			if st.Original.Content != msgNotAdmin || !st.Original.Ephemeral() {
				t.Errorf("/%s %s: by a non-admin: ephemeral %v, %q", tt.cmd, tt.opt.Name, st.Original.Ephemeral(), st.Original.Content)
			}
		}
		if called.Load() {
			t.Error("the backend re-indexed for a non-admin")
		}
		if _, ok := backend.file("sneaky.md"); ok {
			t.Error("a non-admin's file reached the backend")
		}
		if d := h.downloads("sneaky.md"); len(d) > 0 {
			t.Errorf("a non-admin's file was downloaded: %+v", d)
		}
	})

	t.Run("reindex shows progress, refuses a second run, questions still answered", func(t *testing.T) {
		release := make(chan struct{})
		var running atomic.Bool
		backend.set(func(f *fakeBackend) {
			f.reindex = func(ctx context.Context, progress func(library.Progress)) (library.Summary, error) {
				if !running.CompareAndSwap(false, true) {
					return library.Summary{}, library.ErrBusy
				}
				defer running.Store(false)
				for i := 1; i <= 10; i++ {
					progress(library.Progress{Stage: library.StageEmbedding, ArticlesDone: i * 10, ArticlesTotal: 100, ETA: time.Duration(10-i) * time.Second})
					time.Sleep(30 * time.Millisecond)
				}
				<-release
				return library.Summary{Added: 2, Unchanged: 98, Articles: 100, Chunks: 700, Seconds: 1.5}, nil
			}
			f.ask = func(context.Context, answer.Request, func(string)) (answer.Answer, error) {
				return cited("Meanwhile [1]."), nil
			}
		})
		admin := h.member(discordgo.PermissionSendMessages, adminRoleID)
		first := h.interact(admin, "reindex")
		h.waitInteraction(t, first, "progress", func(st discordfake.InteractionState) bool {
			return st.Original != nil && strings.Contains(st.Original.Content, "100 of 100 articles")
		})
		second := h.final(t, h.interact(h.member(discordgo.PermissionManageGuild), "reindex"))
		if !strings.Contains(second.Original.Content, "already running") {
			t.Errorf("second re-index: %q", second.Original.Content)
		}
		if st := h.final(t, h.ask(h.member(0), "during reindex?")); !strings.HasPrefix(st.Original.Content, "Meanwhile") {
			t.Errorf("question during re-index: %q", st.Original.Content)
		}
		close(release)
		st := h.waitInteraction(t, first, "the summary", func(st discordfake.InteractionState) bool {
			return strings.Contains(st.Original.Content, "Re-index finished")
		})
		if !st.Original.Ephemeral() || !strings.Contains(st.Original.Content, "2 added") {
			t.Errorf("summary: ephemeral %v, %q", st.Original.Ephemeral(), st.Original.Content)
		}
		if st.Original.Edits < 2 {
			t.Errorf("%d edits: no progress shown", st.Original.Edits)
		}
	})

	t.Run("add url by a Manage Server member", func(t *testing.T) {
		backend.set(func(f *fakeBackend) {
			f.addURL = func(ctx context.Context, u string, progress func(library.Progress)) (library.Summary, error) {
				return library.Summary{Added: 1, Articles: 101, Chunks: 707, Seconds: 0.3}, nil
			}
		})
		admin := h.member(discordgo.PermissionManageGuild)
		st := h.final(t, h.interact(admin, "add", discordfake.Option{Name: "url", Value: "https://news.example/feed.xml"}))
		if !strings.Contains(st.Original.Content, "Add finished") || !strings.Contains(st.Original.Content, "1 added") {
			t.Errorf("add: %q", st.Original.Content)
		}
		backend.mu.Lock()
		urls := append([]string(nil), backend.urls...)
		backend.mu.Unlock()
		if diff := cmp.Diff([]string{"https://news.example/feed.xml"}, urls); diff != "" {
			t.Errorf("URLs added (-want +got):\n%s", diff)
		}
		st = h.final(t, h.interact(admin, "add", discordfake.Option{Name: "url", Value: "file:///etc/passwd"}))
		if !strings.Contains(st.Original.Content, "not an http(s) URL") || !st.Original.Ephemeral() {
			t.Errorf("bad URL: %q", st.Original.Content)
		}
	})

	t.Run("add file by an admin: the backend gets the exact bytes and name", func(t *testing.T) {
		backend.set(func(f *fakeBackend) {
			f.addFile = func(ctx context.Context, name string, data []byte) (library.Summary, error) {
				return library.Summary{Added: 1, Articles: 102, Chunks: 712, Seconds: 0.2}, nil
			}
		})
		admin := h.member(discordgo.PermissionSendMessages, adminRoleID)
		for _, f := range []discordfake.File{
			{Filename: "briefing.md", Data: []byte("# Briefing\r\n\nBlinken met the minister in Zürich — “talks went well”.\n")},
			// Near the limit, so it arrives in many reads.
			{Filename: "wire-notes.txt", Data: bytes.Repeat([]byte("A line of wire notes.\n"), (testAttachmentLimit-100)/22)},
		} {
			token := h.interact(admin, "add", discordfake.Option{Name: "file", Value: f})
			st := h.final(t, token)
			if st.CallbackType != discordgo.InteractionResponseDeferredChannelMessageWithSource || !st.Original.Ephemeral() {
				t.Errorf("%s: callback type %d, ephemeral %v; want a private deferral", f.Filename, st.CallbackType, st.Original.Ephemeral())
			}
			want := renderSummary("Add", library.Summary{Added: 1, Articles: 102, Chunks: 712, Seconds: 0.2})
			if st.Original.Content != want {
				t.Errorf("%s: reply %q, want %q", f.Filename, st.Original.Content, want)
			}
			got, ok := backend.file(f.Filename)
			if !ok {
				t.Fatalf("%s never reached the backend", f.Filename)
			}
			if !bytes.Equal(got, f.Data) {
				t.Errorf("%s: backend got %d bytes, want the %d uploaded", f.Filename, len(got), len(f.Data))
			}
			if d := h.downloads(f.Filename); len(d) != 1 || d[0].Status != http.StatusOK {
				t.Errorf("%s: downloads %+v, want one", f.Filename, d)
			}
		}
	})

	t.Run("add file too large: refused, never downloaded in full", func(t *testing.T) {
		backend.set(func(f *fakeBackend) { f.addFile = nil })
		admin := h.member(discordgo.PermissionManageGuild)

		// Discord states the size: refused at once, nothing downloaded.
		big := discordfake.File{Filename: "huge.txt", Data: bytes.Repeat([]byte("x"), 100<<10)}
		st := h.final(t, h.interact(admin, "add", discordfake.Option{Name: "file", Value: big}))
		if want := "That file is too large: 100 KB, and the limit is 64 KB."; st.Original.Content != want || !st.Original.Ephemeral() {
			t.Errorf("declared too large: ephemeral %v, %q; want %q", st.Original.Ephemeral(), st.Original.Content, want)
		}
		if st.CallbackType != discordgo.InteractionResponseChannelMessageWithSource {
			t.Errorf("declared too large: callback type %d, want an immediate reply (4)", st.CallbackType)
		}
		if d := h.downloads("huge.txt"); len(d) > 0 {
			t.Errorf("a file declared too large was downloaded: %+v", d)
		}

		// A size that understates the file: the download stops at the limit.
		before := h.attachmentBytes.Load()
		liar := discordfake.File{Filename: "liar.txt", Data: bytes.Repeat([]byte("y"), 1<<20), Size: 1000}
		st = h.final(t, h.interact(admin, "add", discordfake.Option{Name: "file", Value: liar}))
		if want := "That file is too large: the limit is 64 KB."; st.Original.Content != want || !st.Original.Ephemeral() {
			t.Errorf("understated size: ephemeral %v, %q; want %q", st.Original.Ephemeral(), st.Original.Content, want)
		}
		if d := h.downloads("liar.txt"); len(d) != 1 {
			t.Errorf("understated size: downloads %+v, want one attempt", d)
		}
		if read := h.attachmentBytes.Load() - before; read > testAttachmentLimit+1 {
			t.Errorf("the bot read %d bytes of a %d-byte file; the limit is %d", read, len(liar.Data), testAttachmentLimit)
		}
		for _, name := range []string{"huge.txt", "liar.txt"} {
			if _, ok := backend.file(name); ok {
				t.Errorf("%s reached the backend", name)
			}
		}
	})

	t.Run("summarize with autocomplete", func(t *testing.T) {
		var arts []library.ArticleInfo
		for i := range 40 {
			arts = append(arts, library.ArticleInfo{ID: fmt.Sprintf("art-%d", i), Title: fmt.Sprintf("Election night %d: %s", i, strings.Repeat("long title ", 12)), Published: "2024-05-01"})
		}
		backend.set(func(f *fakeBackend) {
			f.articles = func(query string, limit int) []library.ArticleInfo {
				if limit == 0 {
					return arts
				}
				return arts[:min(limit, len(arts))]
			}
			f.summarize = func(ctx context.Context, req answer.SummaryRequest) (answer.Answer, error) {
				return cited("- Turnout was high [1]\n- Counting ran late [2]"), nil
			}
		})
		u := h.member(0)
		_, token := fake.SendInteraction(discordfake.Interaction{
			Type: discordgo.InteractionApplicationCommandAutocomplete, Command: "summarize", UserID: u,
			Options: []discordfake.Option{{Name: "article", Value: "elec", Focused: true}},
		})
		st := h.waitInteraction(t, token, "autocomplete", func(st discordfake.InteractionState) bool { return st.Acknowledged })
		if st.CallbackType != discordgo.InteractionApplicationCommandAutocompleteResult || len(st.Choices) != 25 || st.AckLatency > 3*time.Second {
			t.Fatalf("autocomplete: type %d, %d choices, after %s", st.CallbackType, len(st.Choices), st.AckLatency)
		}
		for _, c := range st.Choices {
			if len([]rune(c.Name)) > 100 {
				t.Errorf("choice name of %d characters", len([]rune(c.Name)))
			}
		}
		st = h.final(t, h.interact(u, "summarize", discordfake.Option{Name: "article", Value: st.Choices[3].Value}))
		if !strings.HasPrefix(st.Original.Content, "- Turnout was high [1]") {
			t.Errorf("summary: %q", st.Original.Content)
		}
		backend.mu.Lock()
		got := backend.summaries[len(backend.summaries)-1]
		backend.mu.Unlock()
		if got.Article != "art-3" {
			t.Errorf("summarized %+v, want article art-3", got)
		}
		st = h.final(t, h.interact(u, "summarize", discordfake.Option{Name: "topic", Value: "the election"}, discordfake.Option{Name: "days", Value: 7}))
		if !strings.HasPrefix(st.Original.Content, "- Turnout was high [1]") {
			t.Errorf("topic summary: %q", st.Original.Content)
		}
		backend.mu.Lock()
		got = backend.summaries[len(backend.summaries)-1]
		backend.mu.Unlock()
		if diff := cmp.Diff(answer.SummaryRequest{Topic: "the election", Days: 7}, got); diff != "" {
			t.Errorf("topic summary request (-want +got):\n%s", diff)
		}
		st = h.final(t, h.interact(u, "summarize"))
		if !st.Original.Ephemeral() || st.Original.Content != msgSummarizeWhat {
			t.Errorf("summarize without options: %q", st.Original.Content)
		}
		st = h.final(t, h.interact(u, "summarize", discordfake.Option{Name: "topic", Value: "x"}, discordfake.Option{Name: "article", Value: "art-3"}))
		if !st.Original.Ephemeral() || !strings.Contains(st.Original.Content, "not both") {
			t.Errorf("summarize with both options: %q", st.Original.Content)
		}
	})

	t.Run("sources and help fit one message", func(t *testing.T) {
		u := h.member(0)
		st := h.final(t, h.interact(u, "sources"))
		if !strings.HasPrefix(st.Original.Content, "**40 articles indexed**") || !strings.Contains(st.Original.Content, " of 40. Narrow the list") || width(st.Original.Content) > MessageLimit {
			t.Errorf("sources: %d chars, %q", width(st.Original.Content), st.Original.Content[:min(80, len(st.Original.Content))])
		}
		st = h.final(t, h.interact(u, "help"))
		if !st.Original.Ephemeral() || !strings.Contains(st.Original.Content, "/ask") {
			t.Errorf("help: %q", st.Original.Content)
		}
	})

	t.Run("gateway reconnect (op 7) mid-answer does not lose it", func(t *testing.T) {
		partial, release := make(chan struct{}), make(chan struct{})
		backend.set(func(f *fakeBackend) {
			f.ask = func(ctx context.Context, req answer.Request, onPartial func(string)) (answer.Answer, error) {
				if req.Question != "across a reconnect?" {
					return cited("After the reconnect [1]."), nil
				}
				onPartial("Half an answer")
				close(partial)
				<-release
				return cited("Whole answer [1]."), nil
			}
		})
		u := h.member(0)
		token := h.ask(u, "across a reconnect?")
		select {
		case <-partial:
		case <-time.After(waitLong):
			t.Fatal("question never reached the backend")
		}
		before := fake.GatewayStats().Resumes
		fake.Reconnect()
		if err := fake.WaitFor(waitLong, func() bool { return fake.GatewayStats().Resumes > before }); err != nil {
			t.Fatalf("no RESUME after op 7: %v", err)
		}
		close(release)
		if st := h.final(t, token); !strings.HasPrefix(st.Original.Content, "Whole answer [1].") {
			t.Errorf("answer across the reconnect: %q", st.Original.Content)
		}
		if st := h.final(t, h.ask(u, "after?")); !strings.HasPrefix(st.Original.Content, "After the reconnect") {
			t.Errorf("new command after the reconnect: %q", st.Original.Content)
		}
	})

	t.Run("healthz and metrics", func(t *testing.T) {
		h.bot.mu.Lock()
		addr := h.bot.metricsAddr
		h.bot.mu.Unlock()
		get := func(path string) (int, string) {
			resp, err := http.Get("http://" + addr + path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(body)
		}
		if code, _ := get("/healthz"); code != http.StatusOK {
			t.Errorf("healthz: %d", code)
		}
		_, body := get("/metrics")
		for _, want := range []string{
			`byline_rate_limited_total{scope="user"} 1`,
			`byline_model_errors_total 2`,
			`byline_handler_panics_total 2`,
			`byline_index_articles 7`,
			`byline_answer_stage_seconds_count{stage="ack"}`,
			`byline_answer_stage_seconds_count{stage="backend"}`,
			`byline_gateway_connected 1`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("metrics lack %q", want)
			}
		}
		if !strings.Contains(body, `byline_questions_total{kind="ask"}`) || strings.Contains(body, `byline_questions_total{kind="ask"} 0`) {
			t.Errorf("questions not counted:\n%s", body)
		}
	})

	t.Run("nothing went wrong on the wire", func(t *testing.T) {
		if codes := fake.ErrorCodes(); len(codes) > 0 {
			for _, r := range fake.Errors() {
				t.Errorf("%s %s -> %d %s", r.Method, r.Path, r.Status, r.Response)
			}
		}
		for _, m := range fake.Requests() {
			if strings.Contains(string(m.Body), `"allowed_mentions":null`) {
				t.Errorf("%s %s sent allowed_mentions null", m.Method, m.Path)
			}
		}
		logs := h.logs.String()
		if strings.Contains(logs, fake.Token()) {
			t.Error("the bot token appears in the logs")
		}
	})
}

// streamedText is the text the streaming fake builds from n words.
func streamedText(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "word%d ", i)
	}
	return b.String()
}

// TestE2ELifecycle runs a second bot configured differently: answers to
// mentions as replies, an auto-answer channel (so the privileged
// MESSAGE_CONTENT intent, enabled in the fake's "Developer Portal"), a short
// answer deadline; and it ends with a graceful shutdown.
func TestE2ELifecycle(t *testing.T) {
	t.Parallel() // with TestE2EMessageContent: their sessions' 1 s closes overlap
	const autoChannel = "500000000000000001"
	h := startHarness(t, testConfig(func(c *Config) {
		c.EditInterval = testInterval
		c.ShutdownGrace = time.Second
		c.AnswerTimeout = 1500 * time.Millisecond
		c.MentionReply = MentionReplyInline
		c.AutoAnswerChannelIDs = []string{autoChannel}
	}), discordfake.Options{EnabledIntents: int64(discordgo.IntentMessageContent)})
	fake := h.fake
	fake.AddChannel(autoChannel, "ask-byline")
	quick, stuck := make(chan struct{}), make(chan struct{})
	h.backend.set(func(f *fakeBackend) {
		f.ask = func(ctx context.Context, req answer.Request, _ func(string)) (answer.Answer, error) {
			switch req.Question {
			case "quick " + secretQuestion:
				close(quick)
				time.Sleep(300 * time.Millisecond)
				return cited("Finished during shutdown [1]."), nil
			case "stuck?":
				close(stuck)
				<-ctx.Done() // never answers: stopped after the grace period
				return answer.Answer{}, ctx.Err()
			case "too slow?":
				<-ctx.Done() // runs into the answer deadline
				return answer.Answer{}, ctx.Err()
			}
			return cited(fmt.Sprintf("Reply to %q with %d turns [1].", req.Question, len(req.History))), nil
		}
	})
	u := h.member(0)

	t.Run("mention answered as a reply that pings nobody", func(t *testing.T) {
		msgID := fake.SendMessage(discordfake.UserMessage{AuthorID: u, Content: "<@" + fake.BotUserID() + "> what is new?"})
		var reply discordfake.Message
		for _, m := range h.botReplies(t, discordfake.GeneralChannelID, 1) {
			if m.InteractionToken == "" {
				reply = m
			}
		}
		if reply.Reference == nil || reply.Reference.MessageID != msgID || !strings.HasPrefix(reply.Content, `Reply to "what is new?"`) {
			t.Errorf("reply %+v", reply)
		}
		if reply.WouldPing() {
			t.Errorf("reply would ping %v", reply.Pings())
		}
		if len(fake.Threads()) != 0 {
			t.Errorf("threads started in reply mode: %v", fake.Threads())
		}
		// Replying to the bot's answer mentions the bot: a follow-up that
		// carries the answer replied to.
		fake.SendMessage(discordfake.UserMessage{AuthorID: u, Content: "and the unions?", ReplyTo: reply.ID})
		msgs := h.botReplies(t, discordfake.GeneralChannelID, 2)
		if last := msgs[len(msgs)-1]; !strings.HasPrefix(last.Content, `Reply to "and the unions?" with 1 turns`) {
			t.Errorf("answer to a reply: %q", last.Content)
		}
	})

	t.Run("auto-answer channel needs no mention", func(t *testing.T) {
		fake.SendMessage(discordfake.UserMessage{ChannelID: autoChannel, AuthorID: u, Content: "any news on the strike?"})
		m := h.botReplies(t, autoChannel, 1)[0]
		if !strings.HasPrefix(m.Content, `Reply to "any news on the strike?"`) || m.Reference == nil {
			t.Errorf("auto answer %+v", m)
		}
		if len(fake.Threads()) != 0 {
			t.Errorf("threads started in reply mode: %v", fake.Threads())
		}
	})

	t.Run("answer deadline", func(t *testing.T) {
		if st := h.final(t, h.ask(h.member(0), "too slow?")); st.Original.Content != msgTimeout {
			t.Errorf("after the deadline: %q", st.Original.Content)
		}
	})

	t.Run("graceful shutdown", func(t *testing.T) {
		finishes := h.ask(h.member(0), "quick "+secretQuestion)
		stopped := h.ask(h.member(0), "stuck?")
		for _, started := range []chan struct{}{quick, stuck} {
			select {
			case <-started:
			case <-time.After(waitLong):
				t.Fatalf("question never reached the backend; logs:\n%s", h.logs.String())
			}
		}
		if err := h.stop(); err != nil {
			t.Fatalf("Run: %v", err)
		}
		if st := h.final(t, finishes); !strings.HasPrefix(st.Original.Content, "Finished during shutdown [1].") {
			t.Errorf("in-flight answer: %q", st.Original.Content)
		}
		if st := h.final(t, stopped); st.Original.Content != msgRestarting {
			t.Errorf("answer stopped at shutdown: %q", st.Original.Content)
		}
		// Run has returned, so reading the session is race-free.
		if h.bot.session.DataReady || h.bot.healthy() {
			t.Error("gateway still open after Run returned")
		}
		if strings.Contains(h.logs.String(), secretQuestion) {
			t.Error("question text logged at info level")
		}
		if codes := fake.ErrorCodes(); len(codes) > 0 {
			t.Errorf("Discord errors: %v", codes)
		}
	})
}

// TestE2EMessageContent runs a bot with Config.MessageContent, the privileged
// intent enabled in the fake's "Developer Portal": follow-ups in the bot's
// threads need no mention, while other channels stay mention-only.
// (TestE2E covers the hint given without the intent.)
func TestE2EMessageContent(t *testing.T) {
	t.Parallel()
	h := startHarness(t, testConfig(func(c *Config) { c.EditInterval = testInterval; c.MessageContent = true }),
		discordfake.Options{EnabledIntents: int64(discordgo.IntentMessageContent)})
	fake, backend := h.fake, h.backend
	backend.set(func(f *fakeBackend) {
		f.ask = func(ctx context.Context, req answer.Request, onPartial func(string)) (answer.Answer, error) {
			onPartial("Thinking about " + req.Question)
			return cited(fmt.Sprintf("Answer to %q after %d turns [1].", req.Question, len(req.History))), nil
		}
	})
	u := h.member(0)
	mention := "<@" + fake.BotUserID() + "> "

	t.Run("a follow-up in the bot's thread needs no mention", func(t *testing.T) {
		const first, followUp = "what did the minister say about the sanctions?", "and what did Blinken say about it?"
		thread := h.threadOf(t, fake.SendMessage(discordfake.UserMessage{AuthorID: u, Content: mention + first}))
		firstAnswer := fmt.Sprintf("Answer to %q after 0 turns [1].", first)
		if m := h.botReplies(t, thread, 1)[0]; m.Content != renderAnswer(cited(firstAnswer)) {
			t.Errorf("first answer %q", m.Content)
		}

		fake.SendMessage(discordfake.UserMessage{ChannelID: thread, AuthorID: u, Content: followUp})
		msgs := h.botReplies(t, thread, 2)
		req, ok := backend.askRequest(followUp)
		if !ok {
			t.Fatal("the follow-up without a mention never reached the backend")
		}
		if diff := cmp.Diff([]answer.Turn{{Question: first, Answer: firstAnswer}}, req.History); diff != "" {
			t.Errorf("follow-up history (-want +got):\n%s", diff)
		}
		last := msgs[len(msgs)-1]
		if want := renderAnswer(cited(fmt.Sprintf("Answer to %q after 1 turns [1].", followUp))); last.Content != want {
			t.Errorf("follow-up answer %q, want %q", last.Content, want)
		}
		if last.Reference != nil || last.WouldPing() {
			t.Errorf("follow-up answer: reference %+v, pings %v; want a plain message in the thread", last.Reference, last.Pings())
		}
		for _, m := range msgs {
			if m.Content == msgMentionHint {
				t.Error("the mention hint was posted although the bot reads every message")
			}
		}
		if n := len(fake.Threads()); n != 1 {
			t.Errorf("%d threads, want 1: a follow-up stays in its thread", n)
		}
	})

	t.Run("other channels still need a mention", func(t *testing.T) {
		const chatter = "lovely weather in the general channel today"
		chatterID := fake.SendMessage(discordfake.UserMessage{AuthorID: u, Content: chatter})
		// A mention after it: once it is answered, the chatter was seen too.
		h.botReplies(t, h.threadOf(t, fake.SendMessage(discordfake.UserMessage{AuthorID: u, Content: mention + "any news on the port strike?"})), 1)
		if _, asked := backend.askRequest(chatter); asked {
			t.Error("a message without a mention outside the bot's threads reached the backend")
		}
		for _, m := range fake.Messages(discordfake.GeneralChannelID) {
			if m.ID == chatterID && m.ThreadID != "" {
				t.Error("a thread was started from a message that did not mention the bot")
			}
		}
		if codes := fake.ErrorCodes(); len(codes) > 0 {
			t.Errorf("Discord errors: %v", codes)
		}
	})
}

// TestE2EMessageContentNotEnabled: asking for the privileged intent without
// enabling it in the Developer Portal makes Discord close the gateway (4014);
// Run says so instead of serving a bot that cannot read follow-ups.
func TestE2EMessageContentNotEnabled(t *testing.T) {
	t.Parallel()
	fake := discordfake.New(t, discordfake.Options{}) // MESSAGE_CONTENT not enabled
	b, err := New(testConfig(func(c *Config) {
		c.Token = fake.Token()
		c.APIURL = fake.URL()
		c.GuildIDs = []string{fake.GuildID()}
		c.MessageContent = true
	}), &fakeBackend{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), waitLong)
	defer cancel()
	err = b.Run(ctx)
	if err == nil || !strings.Contains(err.Error(), "4014") || !strings.Contains(err.Error(), "enable the MESSAGE CONTENT intent") {
		t.Fatalf("Run = %v, want the gateway's close 4014 and what to do about it", err)
	}
	if got := fake.GatewayStats().Closes[discordfake.CloseDisallowedIntents]; got != 1 {
		t.Errorf("closes with 4014: %d, want 1", got)
	}
	if cmds := fake.Commands(fake.GuildID()); len(cmds) != 0 {
		t.Errorf("%d commands registered by a bot that could not connect", len(cmds))
	}
}

// discordgo's own lines (here: the gateway dropping) reach the bot's slog
// logger, tagged, instead of the standard log package.
func TestE2EDiscordgoLogsThroughSlog(t *testing.T) {
	h := startHarness(t, testConfig(nil), discordfake.Options{})
	before := h.fake.GatewayStats().Resumes
	h.fake.DropConnections(4000)
	if err := h.fake.WaitFor(waitLong, func() bool { return h.fake.GatewayStats().Resumes > before }); err != nil {
		t.Fatalf("no RESUME after the drop: %v", err)
	}
	var line string
	for l := range strings.Lines(h.logs.String()) {
		if strings.Contains(l, "component=discordgo") {
			line = l
			break
		}
	}
	if !strings.Contains(line, "level=WARN") || !strings.Contains(line, "error reading from gateway") {
		t.Errorf("discordgo's line about the drop: %q, want a WARN through slog\nlogs:\n%s", line, h.logs.String())
	}
	if strings.Contains(h.logs.String(), h.fake.Token()) {
		t.Error("the bot token is in the logs")
	}
	if st := h.final(t, h.ask(h.member(0), "still there?")); st.Original.Content == "" {
		t.Error("no answer after the reconnect")
	}
}

// TestE2ERestartRecallsThread: after a restart the bot has no memory, yet a
// follow-up in one of its threads is still answered, with the conversation
// read back from Discord (a long answer split over two messages included,
// without its Sources).
func TestE2ERestartRecallsThread(t *testing.T) {
	t.Parallel()
	cfg := testConfig(func(c *Config) { c.EditInterval = testInterval; c.MessageContent = true })
	h := startHarness(t, cfg, discordfake.Options{EnabledIntents: int64(discordgo.IntentMessageContent)})
	fake := h.fake
	const first, second, third = "what did the central bank decide?", "and the markets?", "and after that?"
	long := "Markets fell [1]. " + strings.Repeat("Traders sold bonds all day. ", 80)
	const dmFirst, dmSecond = "any news in my DMs?", "and more?"
	answers := map[string]string{first: "Rates went up [1].", second: long, third: "Calm returned [1].",
		dmFirst: "DM news [1].", dmSecond: "More [1]."}
	h.backend.set(func(f *fakeBackend) {
		f.ask = func(ctx context.Context, req answer.Request, onPartial func(string)) (answer.Answer, error) {
			return cited(answers[req.Question]), nil
		}
	})
	u := h.member(0)
	thread := h.threadOf(t, fake.SendMessage(discordfake.UserMessage{AuthorID: u, Content: "<@" + fake.BotUserID() + "> " + first}))
	h.botReplies(t, thread, 1)
	fake.SendMessage(discordfake.UserMessage{ChannelID: thread, AuthorID: u, Content: second})
	if msgs := h.botReplies(t, thread, 3); len(msgs) != 3 {
		t.Fatalf("the long answer took %d messages, want 2 (the test needs a split answer)", len(msgs)-1)
	}

	// A DM, remembered across the restart in the same way.
	const dm = "600000000000000002"
	fake.AddDMChannel(dm, u)
	fake.SendMessage(discordfake.UserMessage{ChannelID: dm, AuthorID: u, Content: dmFirst})
	h.botReplies(t, dm, 1)

	h.restart(cfg)
	fake.SendMessage(discordfake.UserMessage{ChannelID: dm, AuthorID: u, Content: dmSecond})
	h.botReplies(t, dm, 2)
	if req, _ := h.backend.askRequest(dmSecond); len(req.History) != 1 || req.History[0] != (answer.Turn{Question: dmFirst, Answer: answers[dmFirst]}) {
		t.Errorf("DM history after the restart: %+v", req.History)
	}
	fake.SendMessage(discordfake.UserMessage{ChannelID: thread, AuthorID: u, Content: third})
	msgs := h.botReplies(t, thread, 4)
	if got := msgs[len(msgs)-1].Content; !strings.HasPrefix(got, "Calm returned [1].") {
		t.Errorf("follow-up after the restart answered %q", got)
	}
	req, ok := h.backend.askRequest(third)
	if !ok {
		t.Fatal("the follow-up after the restart never reached the backend")
	}
	want := []answer.Turn{{Question: first, Answer: answers[first]}, {Question: second, Answer: truncate(long, maxTurnChars)}}
	// The split point of the long answer becomes a line break.
	norm := cmp.Transformer("words", func(s string) string { return strings.Join(strings.Fields(s), " ") })
	if diff := cmp.Diff(want, req.History, norm); diff != "" {
		t.Errorf("recalled history (-want +got):\n%s", diff)
	}
	if !strings.Contains(h.logs.String(), "msg=\"recalled conversation\"") {
		t.Error("no log line says the thread was recalled")
	}
}

// TestE2ERestartRecallsReplyChain: in reply mode a reply to the bot's
// answer (to any part of a long one) continues that answer's chain; a reply
// to an answer still being written has nothing to continue and spoils
// nothing; after a restart the chain is read back from Discord.
func TestE2ERestartRecallsReplyChain(t *testing.T) {
	t.Parallel()
	cfg := testConfig(func(c *Config) { c.EditInterval = testInterval; c.MentionReply = MentionReplyInline; c.UserBurst = 20 })
	h := startHarness(t, cfg, discordfake.Options{})
	fake := h.fake
	const q1, q2, q3, q4 = "what did the central bank decide?", "and the markets?", "and the bond traders?", "and after that?"
	long := func(s string) string { return s + " [1]. " + strings.Repeat("Traders sold bonds all day. ", 80) }
	answers := map[string]string{q1: "Rates went up [1].", q2: long("Markets fell"), q3: long("Yields rose"), q4: "Calm returned [1].",
		"slow?": "Slow answer [1].", "meanwhile?": "Meanwhile [1].", "after slow?": "After [1]."}
	releaseCh := make(chan struct{})
	release := sync.OnceFunc(func() { close(releaseCh) })
	t.Cleanup(release) // before the harness stops the bot
	h.backend.set(func(f *fakeBackend) {
		f.ask = func(ctx context.Context, req answer.Request, onPartial func(string)) (answer.Answer, error) {
			if req.Question == "slow?" {
				<-releaseCh
			}
			return cited(answers[req.Question]), nil
		}
	})
	u := h.member(0)
	mention := "<@" + fake.BotUserID() + "> "
	ch := discordfake.GeneralChannelID
	n := 0 // bot messages in the channel so far
	next := func(parts int) []discordfake.Message {
		t.Helper()
		n += parts
		msgs := h.botReplies(t, ch, n)
		return msgs[n-parts : n]
	}
	history := func(q string) []answer.Turn {
		t.Helper()
		req, ok := h.backend.askRequest(q)
		if !ok {
			t.Fatalf("%q never reached the backend", q)
		}
		return req.History
	}
	norm := cmp.Transformer("words", func(s string) string { return strings.Join(strings.Fields(s), " ") })

	fake.SendMessage(discordfake.UserMessage{AuthorID: u, Content: mention + q1})
	a1 := next(1)
	fake.SendMessage(discordfake.UserMessage{AuthorID: u, Content: q2, ReplyTo: a1[0].ID})
	a2 := next(2)
	// A reply to the last part of the long answer. (The part is remembered
	// once its send returns, a moment after it shows: wait for that, as a
	// human reader would.)
	if err := fake.WaitFor(waitLong, func() bool { return h.bot.convs.complete(a2[1].ID) }); err != nil {
		t.Fatalf("the second part was never remembered: %v", err)
	}
	fake.SendMessage(discordfake.UserMessage{AuthorID: u, Content: q3, ReplyTo: a2[1].ID})
	a3 := next(2)
	want := []answer.Turn{{Question: q1, Answer: answers[q1]}, {Question: q2, Answer: truncate(answers[q2], maxTurnChars)}}
	if diff := cmp.Diff(want, history(q3), norm); diff != "" {
		t.Errorf("history of a reply to a second part (-want +got):\n%s", diff)
	}

	// A reply to the placeholder of an answer still being written.
	fake.SendMessage(discordfake.UserMessage{AuthorID: u, Content: mention + "slow?"})
	var placeholder string
	if err := fake.WaitFor(waitLong, func() bool {
		for _, m := range fake.BotMessages(ch) {
			if m.Content == msgThinking {
				placeholder = m.ID
			}
		}
		return placeholder != ""
	}); err != nil {
		t.Fatal(err)
	}
	fake.SendMessage(discordfake.UserMessage{AuthorID: u, Content: "meanwhile?", ReplyTo: placeholder})
	h.botReplies(t, ch, n+1) // "meanwhile?" answered; "slow?" not yet
	if got := history("meanwhile?"); len(got) != 0 {
		t.Errorf("a reply to a placeholder continued %+v", got)
	}
	release()
	n += 2
	if err := fake.WaitFor(waitLong, func() bool {
		for _, m := range fake.BotMessages(ch) {
			if m.ID == placeholder {
				return strings.HasPrefix(m.Content, "Slow answer")
			}
		}
		return false
	}); err != nil {
		t.Fatal(err)
	}
	fake.SendMessage(discordfake.UserMessage{AuthorID: u, Content: "after slow?", ReplyTo: placeholder})
	next(1)
	if diff := cmp.Diff([]answer.Turn{{Question: "slow?", Answer: answers["slow?"]}}, history("after slow?")); diff != "" {
		t.Errorf("history of a reply to the finished answer (-want +got):\n%s", diff)
	}

	if strings.Contains(h.logs.String(), "recalled conversation") {
		t.Error("before the restart, a conversation was read back from Discord instead of memory")
	}

	// After a restart, a reply to the last part of the long answer a3.
	h.restart(cfg)
	fake.SendMessage(discordfake.UserMessage{AuthorID: u, Content: q4, ReplyTo: a3[1].ID})
	if got := next(1)[0].Content; !strings.HasPrefix(got, "Calm returned [1].") {
		t.Errorf("reply after the restart answered %q", got)
	}
	want = []answer.Turn{{Question: q1, Answer: answers[q1]}, {Question: q2, Answer: truncate(answers[q2], maxTurnChars)},
		{Question: q3, Answer: truncate(answers[q3], maxTurnChars)}}
	if diff := cmp.Diff(want, history(q4), norm); diff != "" {
		t.Errorf("recalled chain (-want +got):\n%s", diff)
	}
	if codes := fake.ErrorCodes(); len(codes) > 0 {
		t.Errorf("Discord errors: %v", codes)
	}
}

// A token Discord refuses closes the gateway with 4004: Run says to check
// DISCORD_TOKEN, and never shows the token.
func TestE2EBadToken(t *testing.T) {
	t.Parallel()
	fake := discordfake.New(t, discordfake.Options{})
	const wrong = "wrong-token-MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz012345"
	logs := &syncbuf.Buffer{}
	b, err := New(testConfig(func(c *Config) {
		c.Token = wrong
		c.APIURL = fake.URL()
		c.GuildIDs = []string{fake.GuildID()}
	}), &fakeBackend{}, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), waitLong)
	defer cancel()
	err = b.Run(ctx)
	if err == nil || !strings.Contains(err.Error(), "4004") || !strings.Contains(err.Error(), "check DISCORD_TOKEN") {
		t.Fatalf("Run = %v, want the gateway's close 4004 and what to do about it", err)
	}
	if strings.Contains(err.Error(), wrong) || strings.Contains(logs.String(), wrong) {
		t.Error("the token appears in the error or the logs")
	}
}
