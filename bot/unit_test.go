package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/google/go-cmp/cmp"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/answer"
	"github.com/byline-bot/byline/config"
	"github.com/byline-bot/byline/library"
)

func TestLimiter(t *testing.T) {
	t0 := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	type call struct {
		at          time.Duration // after t0
		user, guild string
		wantWait    time.Duration
		wantScope   limitScope
	}
	tests := []struct {
		name  string
		cfg   Config
		calls []call
	}{
		{"burst then refill", testConfig(func(c *Config) { c.UserRatePerMinute = 6; c.UserBurst = 2; c.GuildRatePerMinute = 0 }), []call{
			{0, "u1", "g", 0, ""},
			{0, "u1", "g", 0, ""},
			{0, "u1", "g", 10 * time.Second, scopeUser}, // 6/min: one token per 10 s
			{4 * time.Second, "u1", "g", 6 * time.Second, scopeUser},
			{0, "u2", "g", 0, ""},                // other users have their own bucket
			{10 * time.Second, "u1", "g", 0, ""}, // 1.4 tokens at +14 s
			{10 * time.Second, "u1", "g", 0, ""}, // 0.4 + 1 at +24 s
			{0, "u1", "g", 6 * time.Second, scopeUser},
		}},
		{"guild bucket shared by users", testConfig(func(c *Config) { c.UserRatePerMinute = 60; c.UserBurst = 5; c.GuildRatePerMinute = 2; c.GuildBurst = 2 }), []call{
			{0, "a", "g1", 0, ""},
			{0, "b", "g1", 0, ""},
			{0, "c", "g1", 30 * time.Second, scopeGuild},
			{0, "c", "g2", 0, ""}, // a refusal took no user token: c still has a burst
			{0, "d", "", 0, ""},   // DMs count only against the user
		}},
		{"a refusal by the guild takes no user token", testConfig(func(c *Config) { c.UserRatePerMinute = 1; c.UserBurst = 1; c.GuildRatePerMinute = 1; c.GuildBurst = 1 }), []call{
			{0, "x", "g", 0, ""},
			{0, "y", "g", time.Minute, scopeGuild},
			{0, "y", "h", 0, ""},
		}},
		{"off", testConfig(func(c *Config) { c.UserRatePerMinute = 0; c.GuildRatePerMinute = 0 }), []call{
			{0, "u", "g", 0, ""}, {0, "u", "g", 0, ""}, {0, "u", "g", 0, ""}, {0, "u", "g", 0, ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLimiter(tt.cfg)
			var at time.Duration
			for i, c := range tt.calls {
				at += c.at
				wait, scope := l.allow(c.user, c.guild, t0.Add(at))
				if wait.Round(time.Millisecond) != c.wantWait || scope != c.wantScope {
					t.Errorf("call %d (%s/%s at +%s): got wait %s scope %q, want %s %q", i, c.user, c.guild, at, wait, scope, c.wantWait, c.wantScope)
				}
			}
		})
	}
}

func TestLimiterPrunesIdleBuckets(t *testing.T) {
	l := newLimiter(testConfig(func(c *Config) { c.UserRatePerMinute = 60; c.UserBurst = 1; c.GuildRatePerMinute = 0 }))
	t0 := time.Now()
	for i := range bucketsLimit {
		l.allow("u"+itoa(i), "", t0)
	}
	l.allow("late", "", t0.Add(time.Hour))
	if n := len(l.user.buckets); n != 1 {
		t.Errorf("after an hour, %d buckets kept, want 1 (the new one)", n)
	}
}

func TestRetryText(t *testing.T) {
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{{100 * time.Millisecond, "1 s"}, {9100 * time.Millisecond, "10 s"}, {30 * time.Second, "30 s"}} {
		if got := retryText(tt.d); !strings.HasSuffix(got, "try again in "+tt.want+".") {
			t.Errorf("retryText(%s) = %q, want ... %s", tt.d, got, tt.want)
		}
	}
}

func TestIsAdmin(t *testing.T) {
	roles := []string{"r-admin"}
	tests := []struct {
		name string
		m    *discordgo.Member
		want bool
	}{
		{"dm (no member)", nil, false},
		{"plain member", &discordgo.Member{Permissions: discordgo.PermissionSendMessages, Roles: []string{"r-other"}}, false},
		{"manage server", &discordgo.Member{Permissions: discordgo.PermissionSendMessages | discordgo.PermissionManageGuild}, true},
		{"administrator", &discordgo.Member{Permissions: discordgo.PermissionAdministrator}, true},
		{"admin role", &discordgo.Member{Roles: []string{"r-other", "r-admin"}}, true},
		{"manage channels is not enough", &discordgo.Member{Permissions: discordgo.PermissionManageChannels}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isAdmin(tt.m, roles); got != tt.want {
				t.Errorf("isAdmin = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseMention(t *testing.T) {
	tests := []struct {
		content, wantQ string
		wantMentioned  bool
	}{
		{"<@42> who won the election?", "who won the election?", true},
		{"<@!42>   what  about\n the budget?", "what about the budget?", true},
		{"hey <@42>, is it raining?", "hey , is it raining?", true},
		{"<@42>", "", true},
		{"<@420> not me", "<@420> not me", false},
		{"no mention", "no mention", false},
		{"<@42><@42> twice", "twice", true},
	}
	for _, tt := range tests {
		t.Run(tt.content, func(t *testing.T) {
			q, m := parseMention(tt.content, "42")
			if q != tt.wantQ || m != tt.wantMentioned {
				t.Errorf("parseMention(%q) = %q, %v; want %q, %v", tt.content, q, m, tt.wantQ, tt.wantMentioned)
			}
		})
	}
}

func TestCheckQuestion(t *testing.T) {
	tests := []struct {
		q, want string
	}{
		{"Who won?", ""},
		{"   ", "Please include a question"},
		{strings.Repeat("é", 10), ""},
		{strings.Repeat("é", 11), "at most 10 characters; yours has 11"},
	}
	for _, tt := range tests {
		got := checkQuestion(tt.q, 10)
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("checkQuestion(%q) = %q, want it to contain %q", tt.q, got, tt.want)
		}
	}
}

func TestConversations(t *testing.T) {
	c := newConversations(2, 2)
	c.start("t1")
	c.add("t1", answer.Turn{Question: "q1", Answer: "a1"})
	c.add("t1", answer.Turn{Question: "q2", Answer: "a2"})
	c.add("t1", answer.Turn{Question: "q3", Answer: strings.Repeat("x", 3000)})
	got := c.history("t1")
	want := []answer.Turn{{Question: "q2", Answer: "a2"}, {Question: "q3", Answer: strings.Repeat("x", maxTurnChars-1) + "…"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
	got[0].Question = "changed"
	if c.history("t1")[0].Question != "q2" {
		t.Error("history returned shared storage")
	}
	c.start("t2")
	c.history("t1") // t1 is now the most recent
	c.start("t3")   // evicts t2
	for id, want := range map[string]bool{"t1": true, "t2": false, "t3": true, "t4": false} {
		if got := c.tracked(id); got != want {
			t.Errorf("tracked(%s) = %v, want %v", id, got, want)
		}
	}
	if !c.hintOnce("t1") || c.hintOnce("t1") {
		t.Error("hintOnce should be true once per conversation")
	}

	// A thread known only from a hint is not complete: its turns are seeded
	// once from a recall, and a second seed changes nothing.
	if !c.hintOnce("t4") || c.complete("t4") || !c.complete("t1") {
		t.Error("complete: want t1 (started here) but not t4 (only hinted)")
	}
	c.seed("t4", []answer.Turn{{Question: "old", Answer: "a0"}, {Question: "q1", Answer: "a1"}, {Question: "q2", Answer: "a2"}})
	c.seed("t4", []answer.Turn{{Question: "again", Answer: "x"}})
	if diff := cmp.Diff([]answer.Turn{{Question: "q1", Answer: "a1"}, {Question: "q2", Answer: "a2"}}, c.history("t4")); diff != "" || !c.complete("t4") {
		t.Errorf("seeded history (-want +got):\n%s", diff)
	}
}

func TestConfig(t *testing.T) {
	if err := testConfig(func(c *Config) { c.Token = "x" }).Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	bad := testConfig(func(c *Config) {
		c.APIURL = "ftp://x"
		c.MentionReply = "dm"
		c.AnswerTimeout = 20 * time.Minute
		c.MaxQuestionChars = 7000
	})
	err := bad.Validate()
	if err == nil {
		t.Fatal("want errors")
	}
	for _, want := range []string{"token is empty", "api_url", "mention_reply", "answer_timeout", "max_question_chars"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if _, err := New(bad, &fakeBackend{}, nil); err == nil {
		t.Error("New accepted an invalid config")
	}
}

func TestIntents(t *testing.T) {
	base := discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	for _, tt := range []struct {
		name           string
		auto           []string
		messageContent bool
		want           discordgo.Intent
	}{
		{"mentions only", nil, false, base},
		{"auto-answer channel", []string{"500000000000000001"}, false, base | discordgo.IntentMessageContent},
		{"message content", nil, true, base | discordgo.IntentMessageContent},
		{"both", []string{"500000000000000001"}, true, base | discordgo.IntentMessageContent},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := New(testConfig(func(c *Config) { c.Token = "t"; c.AutoAnswerChannelIDs = tt.auto; c.MessageContent = tt.messageContent }), &fakeBackend{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if b.session.Identify.Intents != tt.want {
				t.Errorf("intents %b, want %b", b.session.Identify.Intents, tt.want)
			}
		})
	}
}

// TestNoMentionsJSON checks what discordgo puts on the wire: "parse": [] (not
// null, which Discord would read as "parse everything"), on every kind of
// message the bot sends.
func TestNoMentionsJSON(t *testing.T) {
	content := "x"
	for name, v := range map[string]any{
		"interaction response": discordgo.InteractionResponse{Type: 4, Data: &discordgo.InteractionResponseData{Content: "x", AllowedMentions: noMentions()}},
		"webhook edit":         discordgo.WebhookEdit{Content: &content, AllowedMentions: noMentions()},
		"follow-up":            discordgo.WebhookParams{Content: "x", AllowedMentions: noMentions()},
		"message":              discordgo.MessageSend{Content: "x", AllowedMentions: noMentions()},
		"message edit":         discordgo.MessageEdit{Content: &content, AllowedMentions: noMentions()},
	} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), `"allowed_mentions":{"parse":[],"replied_user":false}`) {
			t.Errorf("%s: %s", name, b)
		}
	}
}

func TestRewriteTransport(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Host+" "+r.URL.Path)
	}))
	defer srv.Close()
	c, err := httpClient(srv.Client(), srv.URL+"/prefix")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{discordgo.EndpointGateway, discordgo.EndpointChannelMessages("1")} {
		resp, err := c.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	want := []string{host + " /prefix/api/v9/gateway", host + " /prefix/api/v9/channels/1/messages"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

func TestMetricsText(t *testing.T) {
	b, err := New(testConfig(func(c *Config) { c.Token = "t"; c.IndexSize = func() int { return 42 } }), &fakeBackend{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.metrics.question(kindAsk)
	b.metrics.refused(scopeUser)
	b.metrics.modelError()
	b.metrics.observe(stageAck, 30*time.Millisecond)
	b.metrics.observe(stageAck, 2*time.Second)
	rec := httptest.NewRecorder()
	b.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{
		`byline_questions_total{kind="ask"} 1`,
		`byline_rate_limited_total{scope="user"} 1`,
		`byline_model_errors_total 1`,
		`byline_answer_stage_seconds_bucket{stage="ack",le="0.05"} 1`,
		`byline_answer_stage_seconds_bucket{stage="ack",le="2.5"} 2`,
		`byline_answer_stage_seconds_bucket{stage="ack",le="+Inf"} 2`,
		`byline_answer_stage_seconds_count{stage="ack"} 2`,
		`byline_index_articles 42`,
		`# TYPE byline_answer_stage_seconds histogram`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q:\n%s", want, body)
		}
	}
	rec = httptest.NewRecorder()
	b.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("healthz before connecting: %d, want 503", rec.Code)
	}
}

func TestAnswerQueue(t *testing.T) {
	b, err := New(testConfig(func(c *Config) { c.Token = "t"; c.MaxConcurrentAnswers = 1; c.MaxQueuedAnswers = 1 }), &fakeBackend{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	first, ok1 := b.reserve()
	second, ok2 := b.reserve()
	_, ok3 := b.reserve()
	if !ok1 || !ok2 || ok3 {
		t.Fatalf("reserve: %v %v %v, want true true false (1 running + 1 queued)", ok1, ok2, ok3)
	}
	release, err := first.wait(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	if _, err := second.wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second waited with the slot taken: %v", err)
	}
	release()
	if _, ok := b.reserve(); !ok {
		t.Error("queue places not given back")
	}
}

func TestDownload(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/small.txt":
			w.Write([]byte("hello"))
		case "/big.txt": // with Content-Length: refused before the body is read
			w.Write(bytes.Repeat([]byte("x"), 100))
		case "/chunked.txt": // no Content-Length: read up to the limit only
			for range 10 {
				w.Write(bytes.Repeat([]byte("y"), 10))
				w.(http.Flusher).Flush()
			}
		case "/exact.txt":
			w.Write(bytes.Repeat([]byte("z"), 50))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	b, err := New(testConfig(func(c *Config) { c.Token = "t"; c.APIURL = srv.URL; c.MaxAttachmentBytes = 50 }), &fakeBackend{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		url, want, err string
	}{
		{srv.URL + "/small.txt", "hello", ""},
		{srv.URL + "/big.txt", "", "larger than 50 bytes"},
		{srv.URL + "/chunked.txt", "", "larger than 50 bytes"},
		{srv.URL + "/exact.txt", strings.Repeat("z", 50), ""},
		{srv.URL + "/missing", "", "HTTP 404"},
		{"http://169.254.169.254/latest/meta-data", "", "not Discord's CDN"},
		{"http://cdn.discordapp.com/x", "", "not Discord's CDN"}, // plain http
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			got, err := b.download(t.Context(), tt.url)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.Is(err, errDownload) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				if tooLarge := strings.Contains(tt.err, "larger"); errors.Is(err, errTooLarge) != tooLarge {
					t.Errorf("errors.Is(%v, errTooLarge) = %v, want %v", err, !tooLarge, tooLarge)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestByteSize(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 bytes", 1023: "1023 bytes", 1024: "1 KB", 1536: "1.5 KB", 64 << 10: "64 KB",
		100<<10 + 1: "100 KB", 1 << 20: "1 MB", 8 << 20: "8 MB", 3 << 19: "1.5 MB",
	} {
		if got := byteSize(n); got != want {
			t.Errorf("byteSize(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestEditorCoalesces(t *testing.T) {
	var mu sync.Mutex
	var sent []string
	var times []time.Time
	ed := newEditor(func(_ context.Context, s string) error {
		mu.Lock()
		defer mu.Unlock()
		sent = append(sent, s)
		times = append(times, time.Now())
		return nil
	}, 50*time.Millisecond, slog.New(slog.DiscardHandler))
	ed.start(t.Context(), func(s string) string { return s })
	for i := range 100 {
		ed.update("text " + itoa(i))
		time.Sleep(2 * time.Millisecond)
	}
	ed.stop()
	ed.waitTurn(t.Context())
	final := time.Now()
	mu.Lock()
	defer mu.Unlock()
	if len(sent) < 2 || len(sent) > 100 {
		t.Fatalf("%d edits for 100 updates", len(sent))
	}
	for i := 1; i < len(times); i++ {
		if d := times[i].Sub(times[i-1]); d < 50*time.Millisecond {
			t.Errorf("edits %d and %d only %s apart", i-1, i, d)
		}
	}
	if d := final.Sub(times[len(times)-1]); d < 50*time.Millisecond {
		t.Errorf("final edit allowed %s after the last", d)
	}
	if ed.count() != len(sent) {
		t.Errorf("count %d, sent %d", ed.count(), len(sent))
	}
}

func TestLogsNeverShowInteractionTokens(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(redactHandler{next: slog.NewTextHandler(&buf, nil)})
	token := "aW50ZXJhY3Rpb246MTIzNDU2Nzg5OmFiY2RlZmdoaWprbG1ub3A"
	err := &url.Error{Op: "Patch", URL: "https://discord.com/api/v9/webhooks/123456/" + token + "/messages/@original", Err: errors.New("connection reset")}
	log.With("route", "/api/v9/interactions/987/"+token+"/callback").WithGroup("g").Error("edit failed: /webhooks/55/"+token, "err", err, "n", 3)
	if strings.Contains(buf.String(), token) {
		t.Errorf("token in log: %s", buf.String())
	}
	if !strings.Contains(buf.String(), "webhooks/123456/[redacted]/messages") || !strings.Contains(buf.String(), "connection reset") {
		t.Errorf("log lost its context: %s", buf.String())
	}
}

func TestAnswerPart(t *testing.T) {
	tests := []struct {
		in, text string
		sources  bool
	}{
		{"Rates rose [1].", "Rates rose [1].", false},
		{"Rates rose [1].\n\n**Sources** (as of 2024-05-01)\n[1] [Bank](<https://x>)", "Rates rose [1].", true},
		{"**Sources** (as of 2024-05-01)\n[1] [Bank](<https://x>)", "", true}, // the section opens a split message
	}
	for _, tt := range tests {
		if text, sources := answerPart(tt.in); text != tt.text || sources != tt.sources {
			t.Errorf("answerPart(%q) = %q, %v; want %q, %v", tt.in, text, sources, tt.text, tt.sources)
		}
	}
}

// discordgo lines that print a raw payload (which may be a user's message)
// keep only their words.
func TestDiscordgoMessage(t *testing.T) {
	payload := []byte(`{"t":"MESSAGE_CREATE","d":{"content":"my secret question"}}`)
	tests := []struct {
		format string
		args   []any
		want   string
	}{
		{"Expected READY/RESUMED, instead got:\n%#v\n", []any{payload}, "Expected READY/RESUMED, instead got (payload not logged)"},
		{"unknown event: Op: %d, Seq: %d, Type: %s, Data: %s", []any{0, 5, "X", string(payload)}, "unknown event (payload not logged)"},
		{"error reading from gateway %s websocket, %s", []any{"wss://g", "close 4000"}, "error reading from gateway wss://g websocket, close 4000"},
	}
	for _, tt := range tests {
		if got := discordgoMessage(tt.format, tt.args); got != tt.want {
			t.Errorf("discordgoMessage(%q) = %q, want %q", tt.format, got, tt.want)
		}
	}
}

func TestThreadTurns(t *testing.T) {
	const botID = "b"
	user := &discordgo.User{ID: "u"}
	bot := &discordgo.User{ID: botID, Bot: true}
	msg := func(author *discordgo.User, typ discordgo.MessageType, content string) *discordgo.Message {
		return &discordgo.Message{Author: author, Type: typ, Content: content}
	}
	def, reply := discordgo.MessageTypeDefault, discordgo.MessageTypeReply
	msgs := []*discordgo.Message{
		msg(user, def, "<@b> first question?"),
		msg(user, discordgo.MessageTypeThreadStarterMessage, ""),
		msg(bot, def, "First answer [1].\n\n**Sources**\n[1] [A](<https://a>)"),
		msg(user, discordgo.MessageTypeChannelPinnedMessage, ""),
		msg(user, def, "second question?"),
		msg(bot, reply, retryText(3*time.Second)), // refused: no turn
		msg(user, def, "third question?"),
		msg(bot, def, msgFailed), // failed: no turn
		msg(user, def, ""),       // blanked without MESSAGE_CONTENT
		msg(bot, def, "An answer to nobody."),
		msg(user, reply, "fourth, long?"),
		msg(bot, def, "Part one."),
		msg(bot, def, "Part two [1]."),
		msg(bot, def, "**Sources**\n[1] [A](<https://a>)"),
		msg(bot, def, "[2] [B](<https://b>)"),
		msg(user, def, "fifth, unanswered?"),
	}
	want := []answer.Turn{{Question: "first question?", Answer: "First answer [1]."}, {Question: "fourth, long?", Answer: "Part one.\nPart two [1]."}}
	if diff := cmp.Diff(want, threadTurns(msgs, botID, 6)); diff != "" {
		t.Errorf("turns (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want[1:], threadTurns(msgs, botID, 1)); diff != "" {
		t.Errorf("last turn only (-want +got):\n%s", diff)
	}
}

func TestRefused(t *testing.T) {
	rest := func(code int) error {
		return fmt.Errorf("read thread history: %w", &discordgo.RESTError{Response: &http.Response{StatusCode: code}})
	}
	for err, want := range map[error]bool{
		rest(403): true, rest(404): true, rest(500): false, rest(429): false,
		context.DeadlineExceeded: false, errors.New("boom"): false,
	} {
		if got := refused(err); got != want {
			t.Errorf("refused(%v) = %v, want %v", err, got, want)
		}
	}
}

// testConfig returns a bot config with the product's default Discord
// settings (from config, where they are defined) changed by set.
func testConfig(set func(*Config)) Config {
	c := Config{Discord: config.Default().Discord}
	if set != nil {
		set(&c)
	}
	return c
}

// A Discord user sees an error's message with advice they can act on in
// Discord; the CLI's hint and the cause (paths, internals) never reach them.
func TestFailTextKeepsTerminalAdviceOut(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("search: %w", library.ErrEmpty), "No articles are indexed yet. An admin can add articles with /add or /reindex."},
		{&byline.Error{Code: byline.CodeIndexUnreadable, Message: "the saved index is damaged",
			Hint: "run `byline index --rebuild`", Err: errors.New("load /srv/data/index.snap: checksum mismatch")},
			"The saved index is damaged. The operator of this bot needs to rebuild its index."},
		{fmt.Errorf("ask: %w", &byline.Error{Code: byline.CodeQuestionTooLong, Message: "the question is too long: 600 characters, at most 500"}),
			"The question is too long: 600 characters, at most 500."},
		{errors.New("open /srv/data/index.snap: permission denied"), msgFailed},
	} {
		got := failText(tt.err)
		if got != tt.want {
			t.Errorf("failText(%v) = %q, want %q", tt.err, got, tt.want)
		}
		if strings.Contains(got, "byline index") || strings.Contains(got, "/srv/data") {
			t.Errorf("failText(%v) = %q: terminal advice or a path reached Discord", tt.err, got)
		}
	}
}

// Who sees the admin commands: with admin roles configured, Discord must
// show them to every member (the roles' members need them; the bot refuses
// the others); without, only to members with Manage Server.
func TestAdminCommandVisibility(t *testing.T) {
	for _, roles := range [][]string{nil, {"700000000000000001"}} {
		for _, c := range commands(testConfig(func(c *Config) { c.AdminRoleIDs = roles })) {
			admin := c.Name == cmdReindex || c.Name == cmdAdd || c.Name == cmdGaps
			switch {
			case admin && len(roles) == 0 && (c.DefaultMemberPermissions == nil || *c.DefaultMemberPermissions != discordgo.PermissionManageGuild):
				t.Errorf("no admin roles: /%s is not limited to Manage Server", c.Name)
			case admin && len(roles) > 0 && c.DefaultMemberPermissions != nil:
				t.Errorf("admin roles configured: /%s hidden behind permissions %d", c.Name, *c.DefaultMemberPermissions)
			case !admin && c.DefaultMemberPermissions != nil:
				t.Errorf("/%s is hidden from members", c.Name)
			}
		}
	}
}
