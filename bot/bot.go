// Package bot is Byline's Discord edge. It turns slash commands, mentions and
// thread messages into plain calls on a Backend (answer a question, summarize,
// list articles, re-index, add) and renders the results back as Discord
// messages: streamed edits, numbered citations, a Sources section, messages
// split at Discord's 2,000 characters. It never builds prompts or touches the
// index itself.
//
// Safety is enforced here, at the edge: every message is sent with allowed
// mentions that parse nothing, so text from an article, a user or a model
// never pings anyone; questions are bounded; per-user and per-guild token
// buckets and a bounded answer queue keep load in check; admin commands are
// checked against the member's permissions on every use; a panic in any
// handler is recovered, logged and reported to the user.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/answer"
	"github.com/byline-bot/byline/library"
)

// Backend is what the bot needs from Byline's core; cmd/byline wires the real one.
type Backend interface {
	// Ask answers a question. onPartial (may be nil) receives the whole answer text so far while a model streams.
	Ask(ctx context.Context, req answer.Request, onPartial func(textSoFar string)) (answer.Answer, error)
	// Summarize summarizes one article or a topic over recent days.
	Summarize(ctx context.Context, req answer.SummaryRequest) (answer.Answer, error)
	// Articles lists indexed articles matching query (all when empty), at most limit.
	// It serves /sources and autocomplete, which must answer within 3 s: keep it fast.
	Articles(query string, limit int) []library.ArticleInfo
	// Reindex re-indexes the configured sources; library.ErrBusy if a job is running.
	Reindex(ctx context.Context, progress func(library.Progress)) (library.Summary, error)
	// AddURL ingests one article or feed URL.
	AddURL(ctx context.Context, url string, progress func(library.Progress)) (library.Summary, error)
	// AddFile ingests one uploaded file.
	AddFile(ctx context.Context, name string, data []byte) (library.Summary, error)
}

// Bot serves Byline on Discord. Create it with New and serve with Run, once.
type Bot struct {
	cfg     Config
	backend Backend
	log     *slog.Logger
	session *discordgo.Session
	limiter *limiter
	convs   *conversations
	metrics *metrics
	news    *newsState    // nil unless Config.News is set
	slots   chan struct{} // one per answer being computed
	queued  atomic.Int64  // answers computing or waiting for a slot
	// messageContent is whether the privileged MESSAGE_CONTENT intent is requested.
	messageContent bool
	connected      atomic.Bool

	idMu  sync.Mutex
	botID string // the bot's user id, from READY
	appID string

	mu          sync.Mutex
	closing     bool           // Run's context ended: refuse new work
	inflight    sync.WaitGroup // handlers running
	metricsAddr string         // where /metrics listens, once Run started it
}

// New checks cfg and prepares a discordgo session; it does not connect.
// logger may be nil to discard logs.
func New(cfg Config, backend Backend, logger *slog.Logger) (*Bot, error) {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 20 * time.Second}
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("discord config: %w", err)
	}
	if backend == nil {
		return nil, errors.New("discord bot: backend is nil")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	secret := strings.TrimPrefix(cfg.Token, "Bot ")
	logger = slog.New(redactHandler{next: logger.Handler(), secrets: []string{secret}})
	s, err := discordgo.New("Bot " + secret)
	if err != nil {
		return nil, fmt.Errorf("create discord session: %w", err)
	}
	client, err := httpClient(cfg.HTTPClient, cfg.APIURL)
	if err != nil {
		return nil, fmt.Errorf("discord api_url: %w", err)
	}
	s.Client = client
	s.LogLevel = discordgoLevel
	discordgoLog.Store(logger.With("component", "discordgo"))
	news, err := newNewsState(cfg)
	if err != nil {
		return nil, err
	}
	b := &Bot{
		news:           news,
		cfg:            cfg,
		backend:        backend,
		log:            logger.With("component", "bot"),
		session:        s,
		limiter:        newLimiter(cfg),
		convs:          newConversations(cfg.HistoryTurns, cfg.MaxConversations),
		metrics:        newMetrics(),
		slots:          make(chan struct{}, cfg.MaxConcurrentAnswers),
		messageContent: cfg.MessageContent || len(cfg.AutoAnswerChannelIDs) > 0,
	}
	s.Identify.Intents = b.intents()
	return b, nil
}

// intents are the gateway intents requested: slash commands need none;
// mentions and thread messages need guild and DM messages. The privileged
// MESSAGE_CONTENT intent only when asked for (Config.MessageContent) or
// needed by auto-answer channels.
func (b *Bot) intents() discordgo.Intent {
	in := discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	if b.messageContent {
		in |= discordgo.IntentMessageContent
	}
	return in
}

// Run connects to the gateway, registers the slash commands (bulk
// overwrite, in Config.GuildIDs or globally), and serves until ctx ends. It
// then refuses new work, lets in-flight answers finish for up to
// Config.ShutdownGrace, stops the rest (their askers are told), and closes
// the gateway. It returns nil after a graceful shutdown, or the error that
// kept it from starting.
func (b *Bot) Run(ctx context.Context) error {
	var srv *http.Server
	if b.cfg.MetricsAddr != "" {
		ln, err := net.Listen("tcp", b.cfg.MetricsAddr)
		if err != nil {
			return fmt.Errorf("listen for metrics on %s: %w", b.cfg.MetricsAddr, err)
		}
		srv = &http.Server{Handler: b.Handler(), ReadHeaderTimeout: 5 * time.Second}
		b.mu.Lock()
		b.metricsAddr = ln.Addr().String()
		b.mu.Unlock()
		go srv.Serve(ln) // returns ErrServerClosed at Shutdown
		defer func() {
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			srv.Shutdown(sctx)
		}()
		b.log.Info("serving /healthz and /metrics", "addr", b.metricsAddr)
	}

	// Work outlives ctx by the shutdown grace: answers in flight may finish.
	work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()

	removers := []func(){
		b.session.AddHandler(func(s *discordgo.Session, r *discordgo.Ready) { b.onReady(r) }),
		b.session.AddHandler(func(s *discordgo.Session, r *discordgo.Resumed) { b.connected.Store(true) }),
		b.session.AddHandler(func(s *discordgo.Session, d *discordgo.Disconnect) { b.connected.Store(false) }),
		b.session.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) { b.onInteraction(work, s, ic) }),
		b.session.AddHandler(func(s *discordgo.Session, m *discordgo.MessageCreate) { b.onMessage(work, s, m) }),
	}
	defer func() {
		for _, remove := range removers {
			remove()
		}
	}()

	if err := b.session.Open(); err != nil {
		// 4014 "Disallowed intent(s)": discordgo returns the websocket close error.
		if b.messageContent && strings.Contains(err.Error(), "4014") {
			return fmt.Errorf("open discord gateway: enable the MESSAGE CONTENT intent in the Developer Portal (Bot, Privileged Gateway Intents), or stop requesting it (no message content setting, no auto-answer channels): %w", err)
		}
		return fmt.Errorf("open discord gateway: %w", err)
	}
	b.identityFromState()
	if err := b.registerCommands(ctx); err != nil {
		b.session.Close()
		return err
	}
	b.log.Info("discord bot ready", "bot_user_id", b.id(), "intents", int(b.intents()), "guilds", len(b.cfg.GuildIDs))
	stopNews := b.startNews(ctx)

	<-ctx.Done()
	stopNews()
	b.shutdown(stopWork)
	if err := b.session.Close(); err != nil {
		b.log.Warn("close discord gateway", "err", err)
	}
	b.connected.Store(false)
	b.log.Info("discord bot stopped")
	return nil
}

// shutdown refuses new work and waits for handlers: first for the grace
// period, then, after stopping their work, briefly for their final messages.
func (b *Bot) shutdown(stopWork context.CancelFunc) {
	b.mu.Lock()
	b.closing = true
	b.mu.Unlock()
	done := make(chan struct{})
	go func() {
		b.inflight.Wait()
		close(done)
	}()
	select {
	case <-done:
		return
	case <-time.After(b.cfg.ShutdownGrace):
	}
	b.log.Warn("shutdown grace over: stopping answers in flight", "grace", b.cfg.ShutdownGrace)
	stopWork()
	select {
	case <-done:
	case <-time.After(finalMessageTimeout + time.Second):
		b.log.Warn("handlers still running at shutdown")
	}
}

// begin registers a handler as running, unless the bot is shutting down.
func (b *Bot) begin() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closing {
		return false
	}
	b.inflight.Add(1)
	return true
}

func (b *Bot) healthy() bool {
	b.mu.Lock()
	closing := b.closing
	b.mu.Unlock()
	return b.connected.Load() && !closing
}

func (b *Bot) onReady(r *discordgo.Ready) {
	b.connected.Store(true)
	if r == nil || r.User == nil {
		return
	}
	b.idMu.Lock()
	defer b.idMu.Unlock()
	b.botID = r.User.ID
	if r.Application != nil && r.Application.ID != "" {
		b.appID = r.Application.ID
	}
}

// identityFromState reads the bot's ids from the READY that Open processed.
func (b *Bot) identityFromState() {
	st := b.session.State
	st.RLock()
	var user, app string
	if st.User != nil {
		user = st.User.ID
	}
	if st.Application != nil {
		app = st.Application.ID
	}
	st.RUnlock()
	b.idMu.Lock()
	defer b.idMu.Unlock()
	if user != "" {
		b.botID = user
	}
	if app != "" {
		b.appID = app
	}
	if b.appID == "" {
		b.appID = b.botID // bots made in the Developer Portal share the id
	}
	b.connected.Store(true)
}

func (b *Bot) id() string {
	b.idMu.Lock()
	defer b.idMu.Unlock()
	return b.botID
}

func (b *Bot) registerCommands(ctx context.Context) error {
	b.idMu.Lock()
	app := b.appID
	b.idMu.Unlock()
	cmds := commands(b.cfg)
	guilds := b.cfg.GuildIDs
	if len(guilds) == 0 {
		guilds = []string{""}
	}
	for _, g := range guilds {
		if _, err := b.session.ApplicationCommandBulkOverwrite(app, g, cmds, discordgo.WithContext(ctx)); err != nil {
			where := "globally"
			if g != "" {
				where = "in guild " + g
			}
			return fmt.Errorf("register slash commands %s: %w", where, err)
		}
	}
	return nil
}

// noMentions is sent with every message: nothing in it may ping anyone. Parse
// must be an empty, non-nil slice: discordgo sends "parse": [] then, which
// Discord reads as "parse no mentions".
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// finalMessageTimeout bounds sending the last word to a user once the work's
// own context is over (deadline or shutdown).
const finalMessageTimeout = 10 * time.Second

// detached returns a context for a final message that must go out even though
// ctx has ended.
func detached(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), finalMessageTimeout)
}

// discordAdvice is what a Discord user can do about an error, where the
// CLI's hint (a command to run) would not help them.
var discordAdvice = map[byline.Code]string{
	byline.CodeNotIndexed:      "An admin can add articles with /add or /reindex.",
	byline.CodeIndexUnreadable: "The operator of this bot needs to rebuild its index.",
}

// Safe texts shown to users; causes go to the log.
const (
	msgFailed     = "Sorry, something went wrong while answering. Please try again in a minute."
	msgTimeout    = "That took too long and was stopped. Please try again, perhaps with a narrower question."
	msgRestarting = "Byline is restarting, so this was stopped. Please try again in a minute."
	msgBusy       = "Byline is busy answering other questions. Please try again in a minute."
	msgPanic      = "Sorry, something went wrong on my side. The error has been logged; please try again."
)

// failText chooses what to tell a user about err: the message of a
// *byline.Error (never its terminal hint or its cause), else a generic text.
func failText(err error) string {
	var be *byline.Error
	switch {
	case errors.As(err, &be):
		text := capitalize(strings.TrimSuffix(be.Message, ".")) + "."
		if advice := discordAdvice[be.Code]; advice != "" {
			text += " " + advice
		}
		return text
	case errors.Is(err, context.DeadlineExceeded):
		return msgTimeout
	case errors.Is(err, context.Canceled):
		return msgRestarting
	default:
		return msgFailed
	}
}

func capitalize(s string) string {
	s = strings.TrimRight(s, ". ")
	if s == "" {
		return msgFailed
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// replier is where an answer goes: a deferred interaction response and its
// follow-ups, or a placeholder channel message and further messages.
type replier interface {
	// edit replaces the first message's content.
	edit(ctx context.Context, content string) error
	// more sends an additional message.
	more(ctx context.Context, content string) error
}

// ticket is a place in the answer queue, reserved before acknowledging so a
// full queue can still be refused privately.
type ticket struct {
	b *Bot
}

// reserve takes a place in the answer queue, or reports that it is full.
func (b *Bot) reserve() (*ticket, bool) {
	if b.queued.Add(1) > int64(b.cfg.MaxConcurrentAnswers+b.cfg.MaxQueuedAnswers) {
		b.queued.Add(-1)
		return nil, false
	}
	return &ticket{b: b}, true
}

// wait blocks until a slot is free. The returned release must be called.
func (t *ticket) wait(ctx context.Context) (release func(), err error) {
	select {
	case t.b.slots <- struct{}{}:
		return func() {
			<-t.b.slots
			t.b.queued.Add(-1)
		}, nil
	case <-ctx.Done():
		t.b.queued.Add(-1)
		return nil, ctx.Err()
	}
}

// cancel gives the place back without having waited.
func (t *ticket) cancel() { t.b.queued.Add(-1) }

// admit applies the rate limits to a question; it returns the refusal text or "".
func (b *Bot) admit(userID, guildID string) string {
	wait, scope := b.limiter.allow(userID, guildID, time.Now())
	if wait == 0 {
		return ""
	}
	b.metrics.refused(scope)
	return retryText(wait)
}

// answerCall runs one backend call; onPartial is nil when not streaming.
type answerCall func(ctx context.Context, onPartial func(string)) (answer.Answer, error)

// deliver computes an answer in a queue slot and sends it through r:
// streamed edits at most once per EditInterval (when stream is set), then
// the rendered answer split into messages. Errors end as a safe message to
// the user, the cause logged once.
func (b *Bot) deliver(ctx context.Context, log *slog.Logger, r replier, t *ticket, stream bool, start time.Time, call answerCall) {
	queued := time.Now()
	release, err := t.wait(ctx)
	if err != nil {
		b.tell(ctx, log, r, failText(err), "wait for an answer slot", err)
		return
	}
	// The slot bounds model calls: free it once the backend returns, not
	// after the (throttled) delivery; the deferred call covers panics.
	release = sync.OnceFunc(release)
	defer release()
	b.metrics.observe(stageQueue, time.Since(queued))

	called := time.Now()
	ed := b.editor(r.edit, log)
	var onPartial func(string)
	if stream {
		ed.start(ctx, renderPartial)
		var first sync.Once
		onPartial = func(text string) {
			first.Do(func() { b.metrics.observe(stageFirst, time.Since(called)) })
			ed.update(text)
		}
	}
	a, err := call(ctx, onPartial)
	release()
	ed.stop()
	backendTime := time.Since(called)
	b.metrics.observe(stageBackend, backendTime)
	if err != nil {
		b.metrics.modelError()
		b.tell(ctx, log, r, failText(err), "backend", err)
		return
	}
	if a.Note != "" {
		b.metrics.modelError() // a fallback answer: the model failed
	}

	// Deliver even if ctx ends now: the answer is ready.
	dctx, cancel := detached(ctx)
	defer cancel()
	sent := time.Now()
	chunks := Split(renderAnswer(a), MessageLimit)
	ed.waitTurn(dctx)
	if err := r.edit(dctx, chunks[0]); err != nil {
		log.Error("send answer", "err", err)
		return
	}
	for i, c := range chunks[1:] {
		if err := r.more(dctx, c); err != nil {
			log.Error("send answer follow-up", "part", i+2, "of", len(chunks), "err", err)
			return
		}
	}
	b.metrics.observe(stageDeliver, time.Since(sent))
	b.metrics.observe(stageTotal, time.Since(start))
	log.Info("answered", "mode", string(a.Mode), "citations", len(a.Citations), "messages", len(chunks),
		"edits", ed.count(), "backend_ms", backendTime.Milliseconds(), "total_ms", time.Since(start).Milliseconds())

}

// tell replaces the first message with a safe text after a failure, logging
// the cause once.
func (b *Bot) tell(ctx context.Context, log *slog.Logger, r replier, text, stage string, cause error) {
	level := slog.LevelError
	if errors.Is(cause, context.Canceled) || errors.Is(cause, context.DeadlineExceeded) {
		level = slog.LevelWarn
	}
	log.Log(ctx, level, "answer failed", "stage", stage, "err", cause)
	dctx, cancel := detached(ctx)
	defer cancel()
	if err := r.edit(dctx, text); err != nil {
		log.Error("tell user about failure", "err", err)
	}
}

// recovered turns a panic into a log entry with the stack; the caller then
// tells the user. It is used only at the event dispatchers.
func (b *Bot) recovered(log *slog.Logger, p any) {
	b.metrics.panicked()
	logPanic(log, "handler panic recovered", p)
}

// logPanic logs a recovered panic with its stack; call it in the deferred
// function that recovered, so the stack shows where the panic began. A panic
// value may quote a question or an answer, so above debug level only a
// runtime error's message (which holds no user text) or the value's type is
// logged.
func logPanic(log *slog.Logger, msg string, p any) {
	val := fmt.Sprintf("%T", p)
	if re, ok := p.(runtime.Error); ok {
		val = re.Error()
	}
	log.Error(msg, "panic", val, "stack", string(debug.Stack()))
	log.Debug(msg, "panic_value", fmt.Sprint(p))
}

// autoAnswer reports whether channelID is an auto-answer channel.
func (b *Bot) autoAnswer(channelID string) bool {
	return slices.Contains(b.cfg.AutoAnswerChannelIDs, channelID)
}
