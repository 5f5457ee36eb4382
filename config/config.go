// Package config loads Byline's settings: defaults in code, overridden by a
// YAML file, overridden by the environment (BYLINE_<SECTION>_<KEY>, plus
// OPENAI_BASE_URL, OPENAI_API_KEY and DISCORD_TOKEN). Secrets come only from
// the environment and are never printed.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Config is every setting. The yaml tags are the file's keys; each scalar can
// also be set by BYLINE_<SECTION>_<KEY> in upper case (lists: comma-separated).
type Config struct {
	// DataDir holds the index (BYLINE_DATA also sets it).
	DataDir string `yaml:"data_dir"`
	// Seeds is the folder of articles indexed by default.
	Seeds string `yaml:"seeds"`
	// Sources are more files, folders, URLs or feeds indexed by default.
	Sources []string `yaml:"sources"`

	// MemoryLimit is the Go runtime's soft memory limit: "auto" (half of the
	// memory of the machine or container), "off", or a size such as 2GiB.
	// GOMEMLIMIT, when set, wins.
	MemoryLimit string `yaml:"memory_limit"`

	Index   Index   `yaml:"index"`
	Feeds   Feeds   `yaml:"feeds"`
	Model   Model   `yaml:"model"`
	Answer  Answer  `yaml:"answer"`
	Discord Discord `yaml:"discord"`
	Log     Log     `yaml:"log"`

	// Secrets: environment only.
	OpenAIKey    string `yaml:"-"`
	DiscordToken string `yaml:"-"`
}

// Index configures ingestion and indexing.
type Index struct {
	ChunkSize        int           `yaml:"chunk_size"`
	ChunkOverlap     int           `yaml:"chunk_overlap"`
	MaxFileBytes     int64         `yaml:"max_file_bytes"`
	EmbedBatch       int           `yaml:"embed_batch"`
	FetchTimeout     time.Duration `yaml:"fetch_timeout"`
	AllowPrivateURLs bool          `yaml:"allow_private_urls"`
	// Retention bounds what each followed feed keeps indexed.
	Retention Retention `yaml:"retention"`
}

// Retention bounds the articles a followed feed keeps indexed; a zero turns
// a bound off. Pruned items are not indexed again while the feed lists them.
type Retention struct {
	// MaxAge drops articles published (else first seen) longer ago.
	MaxAge time.Duration `yaml:"max_age"`
	// MaxArticles keeps at most this many of each feed's newest articles.
	MaxArticles int `yaml:"max_articles"`
}

// MinFeedEvery is the shortest poll interval of a feed (feeds.MinEvery says
// the same; a test there keeps them equal).
const MinFeedEvery = 2 * time.Minute

// Feeds configures the poller of followed feeds (`byline serve`, `byline
// watch`, `byline poll`). The feeds package takes it as it is.
type Feeds struct {
	// Every is the poll interval of a feed added without one (at least MinFeedEvery).
	Every time.Duration `yaml:"every"`
	// MaxInterval caps the waits a server asks for and the failure backoff
	// (at least Every).
	MaxInterval time.Duration `yaml:"max_interval"`
	// MaxFailures consecutive failed polls disable a feed (at least 1).
	MaxFailures int `yaml:"max_failures"`
	// Concurrency bounds fetches in flight, PerHost those to one host (both positive).
	Concurrency int `yaml:"concurrency"`
	PerHost     int `yaml:"per_host"`
	// AdminChannelID is the Discord channel told when a feed is disabled;
	// empty = the log and /feeds list only.
	AdminChannelID string `yaml:"admin_channel_id"`
}

// Model configures the OpenAI-compatible server. The llm package takes it
// as it is: what a zero means is said here, once.
type Model struct {
	// BaseURL is the API root with its version prefix, e.g.
	// http://localhost:11434/v1. Empty means OpenAI (then OPENAI_API_KEY is needed).
	BaseURL string `yaml:"base_url"`
	// ChatModel writes answers; empty means extractive answers only.
	ChatModel string `yaml:"chat_model"`
	// EmbedModel embeds chunks; empty means the offline embedder.
	EmbedModel string `yaml:"embedding_model"`
	// Temperature is 0 to 2; 0 is greedy decoding.
	Temperature float32 `yaml:"temperature"`
	// MaxTokens bounds an answer; 0 leaves it to the server.
	MaxTokens int `yaml:"max_tokens"`
	// RequestTimeout bounds each attempt of a non-streaming call (positive).
	RequestTimeout time.Duration `yaml:"timeout"`
	// FirstTokenTimeout bounds the wait for the first token of a streamed
	// answer, headers and keep-alive comments aside (positive); local
	// servers loading a model or reading a long prompt need longer.
	FirstTokenTimeout time.Duration `yaml:"first_token_timeout"`
	// StreamIdleTimeout cuts a stream after this long without a byte (positive).
	StreamIdleTimeout time.Duration `yaml:"stream_idle_timeout"`
	// MaxRetries is how many times a failed attempt is retried; 0 means none.
	MaxRetries int `yaml:"max_retries"`
	// RetryBackoff is the first wait between attempts, doubled each retry; 0
	// retries at once. A server's Retry-After replaces it.
	RetryBackoff time.Duration `yaml:"retry_backoff"`
	// EmbedBatch is inputs per embeddings request (1 to 2048).
	EmbedBatch int `yaml:"embed_batch"`
	// EmbedConcurrency is embeddings requests in flight (positive).
	EmbedConcurrency int `yaml:"embed_concurrency"`
}

// MinAnswerBudget is the least time an answer may be given: the search and
// the quoted fallback take well under it.
const MinAnswerBudget = 2 * time.Second

// MaxEmbedBatch is OpenAI's limit of inputs per embeddings request.
const MaxEmbedBatch = 2048

// Answer tunes answers. The answer package takes it as it is.
type Answer struct {
	// Articles retrieved per question, and Evidence passages answers are
	// built from (both positive).
	Articles int `yaml:"articles"`
	Evidence int `yaml:"evidence"`
	// MinCoverage is the share of the question's key terms the best
	// article's title and first passage must hold (or its listed passages
	// together, when the evidence has all but one of the asking clause's
	// words), else "not covered"; 0 turns the check off.
	MinCoverage float64 `yaml:"min_coverage"`
	// MaxQuestionChars bounds a question (positive).
	MaxQuestionChars int `yaml:"max_question_chars"`
	// HistoryTurns is how many earlier turns a follow-up sees; 0 means none.
	HistoryTurns int `yaml:"history_turns"`
	// Budget is the time one answer may take, the model's included: the
	// model gets what is left of it after the search, less a moment for the
	// quoted fallback, which therefore always arrives within it (positive).
	Budget time.Duration `yaml:"budget"`
}

// Discord configures `byline serve`. The bot package takes it as it is.
type Discord struct {
	// APIURL is "" for Discord itself, or the base of a Discord-compatible
	// server (tests point it at a local fake).
	APIURL string `yaml:"api_url"`
	// GuildIDs register the slash commands in these guilds; empty = globally.
	GuildIDs []string `yaml:"guild_ids"`
	// AdminRoleIDs may use the admin commands, besides Manage Server.
	AdminRoleIDs []string `yaml:"admin_role_ids"`
	// MentionReply is "thread" or "reply".
	MentionReply string `yaml:"mention_reply"`
	// AutoAnswerChannelIDs are answered without a mention (needs MESSAGE CONTENT).
	AutoAnswerChannelIDs []string `yaml:"auto_answer_channel_ids"`
	// MessageContent requests the privileged MESSAGE CONTENT intent.
	MessageContent bool `yaml:"message_content"`
	// MaxQuestionChars bounds a question (1 to 6000).
	MaxQuestionChars int `yaml:"max_question_chars"`
	// Token buckets per user and per guild: a rate of 0 turns that limit off;
	// a limit that is on needs a burst of at least 1.
	UserRatePerMinute  float64 `yaml:"user_rate_per_minute"`
	UserBurst          int     `yaml:"user_burst"`
	GuildRatePerMinute float64 `yaml:"guild_rate_per_minute"`
	GuildBurst         int     `yaml:"guild_burst"`
	// MaxConcurrentAnswers (positive) are computed at once; MaxQueuedAnswers
	// more wait (0: none wait, the rest are told to retry).
	MaxConcurrentAnswers int `yaml:"max_concurrent_answers"`
	MaxQueuedAnswers     int `yaml:"max_queued_answers"`
	// HistoryTurns is how many earlier turns of a thread a follow-up sees (0:
	// none); MaxConversations bounds the threads remembered (positive).
	HistoryTurns     int `yaml:"history_turns"`
	MaxConversations int `yaml:"max_conversations"`
	// EditInterval spaces the edits of a streamed answer (positive).
	EditInterval time.Duration `yaml:"edit_interval"`
	// AnswerTimeout and AdminTimeout bound an answer and an admin job; both
	// stay under the 15-minute life of an interaction token.
	AnswerTimeout time.Duration `yaml:"answer_timeout"`
	AdminTimeout  time.Duration `yaml:"admin_timeout"`
	// ShutdownGrace is how long answers in flight may finish at shutdown (0: none).
	ShutdownGrace time.Duration `yaml:"shutdown_grace"`
	// MaxAttachmentBytes bounds a file given to /add (positive).
	MaxAttachmentBytes int64 `yaml:"max_attachment_bytes"`
	// MetricsAddr serves /healthz and /metrics; empty = off.
	MetricsAddr string `yaml:"metrics_addr"`
	// PostsPerPoll new stories are posted to a feed's channel one by one
	// (at least 1); beyond it, one message lists the rest.
	PostsPerPoll int `yaml:"posts_per_poll"`
	// PostRatePerMinute and PostBurst are a token bucket per channel for the
	// bot's own posts (new stories, digests): a burst waits its turn. A rate
	// of 0 turns the limit off; a limit that is on needs a burst of at least 1.
	PostRatePerMinute float64 `yaml:"post_rate_per_minute"`
	PostBurst         int     `yaml:"post_burst"`
}

// Log configures logging.
type Log struct {
	Level  string `yaml:"level"`
	Format string `yaml:"format"`
}

// Default returns the built-in defaults (the values config.example.yaml documents).
func Default() Config {
	return Config{
		DataDir:     "./data",
		Seeds:       "seeds",
		MemoryLimit: "auto",
		Index: Index{ChunkSize: 1000, ChunkOverlap: 150, MaxFileBytes: 5 << 20, EmbedBatch: 256,
			FetchTimeout: 20 * time.Second},
		Feeds: Feeds{Every: 15 * time.Minute, MaxInterval: 24 * time.Hour, MaxFailures: 10, Concurrency: 4, PerHost: 1},
		Model: Model{Temperature: 0.1, MaxTokens: 600, RequestTimeout: 60 * time.Second,
			FirstTokenTimeout: 30 * time.Second, StreamIdleTimeout: 30 * time.Second, MaxRetries: 3, RetryBackoff: 500 * time.Millisecond,
			EmbedBatch: 64, EmbedConcurrency: 2},
		Answer: Answer{Articles: 8, Evidence: 5, MinCoverage: 0.5, MaxQuestionChars: 1000, HistoryTurns: 6,
			Budget: 90 * time.Second},
		Discord: Discord{MentionReply: MentionReplyThread, MaxQuestionChars: 500, UserRatePerMinute: 6, UserBurst: 3,
			GuildRatePerMinute: 30, GuildBurst: 10, MaxConcurrentAnswers: 4, MaxQueuedAnswers: 32, HistoryTurns: 6,
			MaxConversations: 1000, EditInterval: time.Second, AnswerTimeout: 2 * time.Minute,
			AdminTimeout: 14 * time.Minute, ShutdownGrace: 30 * time.Second, MaxAttachmentBytes: 8 << 20,
			PostsPerPoll: 5, PostRatePerMinute: 10, PostBurst: 6},
		Log: Log{Level: "info", Format: "text"},
	}
}

// reSecretKey spots a secret someone put in the YAML file.
var reSecretKey = regexp.MustCompile(`(?mi)^\s*(api_key|openai_api_key|token|discord_token|bot_token)\s*:`)

// Load returns the defaults, overridden by the YAML file at path (none when
// path is ""), overridden by the environment given by getenv. A file with
// mistakes gives every one of them at once, each with its line and key path
// (and a "did you mean" for an unknown key), together with the environment's;
// the settings that could be read are still returned.
func Load(path string, getenv func(string) string) (Config, error) {
	cfg := Default()
	var errs []error
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return cfg, fmt.Errorf("read config: %w", err)
		}
		for _, p := range decodeFile(data, &cfg) {
			errs = append(errs, fmt.Errorf("config %s: %w", path, p))
		}
	}
	if err := applyEnv(&cfg, getenv); err != nil {
		errs = append(errs, err)
	}
	return cfg, errors.Join(errs...)
}

// applyEnv sets fields from BYLINE_<PATH> variables and the well-known names.
func applyEnv(cfg *Config, getenv func(string) string) error {
	if v := getenv("BYLINE_DATA"); v != "" {
		cfg.DataDir = v
	}
	if v := getenv("OPENAI_BASE_URL"); v != "" {
		cfg.Model.BaseURL = v
	}
	cfg.OpenAIKey = getenv("OPENAI_API_KEY")
	cfg.DiscordToken = getenv("DISCORD_TOKEN")
	var errs []error
	walk(reflect.ValueOf(cfg).Elem(), "BYLINE", func(name string, f reflect.Value) {
		v := getenv(name)
		if v == "" {
			return
		}
		if err := setScalar(f, v); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
		}
	})
	return errors.Join(errs...)
}

// walk calls fn for every settable leaf field with its environment name.
func walk(v reflect.Value, prefix string, fn func(string, reflect.Value)) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
		if tag == "" || tag == "-" {
			continue
		}
		name := prefix + "_" + strings.ToUpper(tag)
		f := v.Field(i)
		if f.Kind() == reflect.Struct {
			walk(f, name, fn)
			continue
		}
		fn(name, f)
	}
}

func setScalar(f reflect.Value, s string) error {
	switch f.Kind() {
	case reflect.String:
		f.SetString(s)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return err
		}
		f.SetBool(b)
	case reflect.Int, reflect.Int64:
		if f.Type() == reflect.TypeOf(time.Duration(0)) {
			d, err := time.ParseDuration(s)
			if err != nil {
				return err
			}
			f.SetInt(int64(d))
			return nil
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return err
		}
		f.SetInt(n)
	case reflect.Float32, reflect.Float64:
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return err
		}
		f.SetFloat(x)
	case reflect.Slice:
		var items []string
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				items = append(items, p)
			}
		}
		f.Set(reflect.ValueOf(items))
	default:
		return fmt.Errorf("cannot set a %s from the environment", f.Kind())
	}
	return nil
}

// ParseMemoryLimit reads memory_limit: 0 for "auto", -1 for "off", else a
// size in bytes ("512MiB", "2GiB", "3GB", "1500000000").
func ParseMemoryLimit(s string) (int64, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "auto", "":
		return 0, nil
	case "off":
		return -1, nil
	}
	num := strings.TrimRightFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	unit := strings.ToLower(strings.TrimSpace(s[len(num):]))
	n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
	mult, ok := map[string]int64{"": 1, "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30}[unit]
	if err != nil || !ok || n <= 0 {
		return 0, errors.New(`want "auto", "off" or a size such as 2GiB`)
	}
	if n*mult < 64<<20 {
		return 0, errors.New("below 64MiB the index cannot be loaded")
	}
	return n * mult, nil
}

// Values of Discord.MentionReply.
const (
	MentionReplyThread = "thread" // answer in a thread started from the message
	MentionReplyInline = "reply"  // answer as a reply in the channel
)

// InteractionTokenLife is how long Discord accepts edits with an interaction
// token: an answer or admin job must end before it.
const InteractionTokenLife = 15 * time.Minute

// problems collects every problem of a validation, so a user sees them all
// at once.
type problems []error

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Errorf(format, args...)) }

// Validate reports every problem at once.
func (c Config) Validate() error {
	var p problems
	if c.DataDir == "" {
		p.add("data_dir is empty")
	}
	if _, err := ParseMemoryLimit(c.MemoryLimit); err != nil {
		p.add("memory_limit %q: %v", c.MemoryLimit, err)
	}
	if (c.Model.ChatModel != "" || c.Model.EmbedModel != "") && c.Model.BaseURL == "" && c.OpenAIKey == "" {
		p.add("a model is configured but neither model.base_url (OPENAI_BASE_URL) nor OPENAI_API_KEY is set")
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		p.add("log.level %q: want debug, info, warn or error", c.Log.Level)
	}
	if c.Log.Format != "text" && c.Log.Format != "json" {
		p.add("log.format %q: want text or json", c.Log.Format)
	}
	if c.Answer.Budget >= c.Discord.AnswerTimeout {
		p.add("answer.budget %v must be under discord.answer_timeout %v, or a member whose model hangs gets no answer at all",
			c.Answer.Budget, c.Discord.AnswerTimeout)
	}
	return errors.Join(append(p, c.Index.Validate(), c.Feeds.Validate(), c.Model.Validate(), c.Answer.Validate(), c.Discord.Validate())...)
}

// Validate reports every problem with the index settings.
func (x Index) Validate() error {
	var p problems
	if x.ChunkSize < 200 || x.ChunkSize > 8000 {
		p.add("index.chunk_size %d: want 200..8000", x.ChunkSize)
	}
	if x.ChunkOverlap < 0 || x.ChunkOverlap >= x.ChunkSize {
		p.add("index.chunk_overlap %d: want 0..chunk_size-1", x.ChunkOverlap)
	}
	if x.MaxFileBytes <= 0 {
		p.add("index.max_file_bytes %d: want a positive size", x.MaxFileBytes)
	}
	if x.EmbedBatch <= 0 {
		p.add("index.embed_batch %d: want a positive count", x.EmbedBatch)
	}
	if x.FetchTimeout <= 0 {
		p.add("index.fetch_timeout %v: want a positive duration", x.FetchTimeout)
	}
	if x.Retention.MaxAge < 0 {
		p.add("index.retention.max_age %v: want 0 (keep) or more", x.Retention.MaxAge)
	}
	if x.Retention.MaxArticles < 0 {
		p.add("index.retention.max_articles %d: want 0 (no cap) or more", x.Retention.MaxArticles)
	}
	return errors.Join(p...)
}

// Validate reports every problem with the feed settings.
func (f Feeds) Validate() error {
	var p problems
	if f.Every < MinFeedEvery {
		p.add("feeds.every %v: want at least %v", f.Every, MinFeedEvery)
	}
	if f.MaxInterval < f.Every {
		p.add("feeds.max_interval %v: want at least feeds.every (%v)", f.MaxInterval, f.Every)
	}
	if f.MaxFailures < 1 {
		p.add("feeds.max_failures %d: want at least 1", f.MaxFailures)
	}
	if f.Concurrency < 1 {
		p.add("feeds.concurrency %d: want at least 1", f.Concurrency)
	}
	if f.PerHost < 1 {
		p.add("feeds.per_host %d: want at least 1", f.PerHost)
	}
	if f.AdminChannelID != "" {
		if _, err := strconv.ParseUint(f.AdminChannelID, 10, 64); err != nil {
			p.add("feeds.admin_channel_id %q is not a Discord id (a number)", f.AdminChannelID)
		}
	}
	return errors.Join(p...)
}

// Validate reports every problem with the model settings (the API key is
// checked by whoever holds it).
func (m Model) Validate() error {
	var p problems
	if m.BaseURL != "" {
		u, err := url.Parse(m.BaseURL)
		switch {
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
			p.add("model.base_url %q: want an http(s) URL such as http://localhost:11434/v1", RedactURL(m.BaseURL))
		case u.User != nil:
			p.add("model.base_url must not hold credentials: put the key in OPENAI_API_KEY")
		case u.RawQuery != "" || u.Fragment != "":
			p.add("model.base_url %q: must not have a query or fragment", m.BaseURL)
		case strings.Trim(u.Path, "/") == "":
			p.add("model.base_url %q: OpenAI-compatible servers are served under a prefix such as /v1 (for example %s://%s/v1)", m.BaseURL, u.Scheme, u.Host)
		}
	}
	if strings.TrimSpace(m.ChatModel) != m.ChatModel {
		p.add("model.chat_model %q has surrounding spaces", m.ChatModel)
	}
	if strings.TrimSpace(m.EmbedModel) != m.EmbedModel {
		p.add("model.embedding_model %q has surrounding spaces", m.EmbedModel)
	}
	if m.Temperature < 0 || m.Temperature > 2 {
		p.add("model.temperature %g: want 0..2", m.Temperature)
	}
	if m.MaxTokens < 0 {
		p.add("model.max_tokens %d: want 0 (the server decides) or more", m.MaxTokens)
	}
	if m.RequestTimeout <= 0 {
		p.add("model.timeout %v: want a positive duration", m.RequestTimeout)
	}
	if m.FirstTokenTimeout <= 0 {
		p.add("model.first_token_timeout %v: want a positive duration", m.FirstTokenTimeout)
	}
	if m.StreamIdleTimeout <= 0 {
		p.add("model.stream_idle_timeout %v: want a positive duration", m.StreamIdleTimeout)
	}
	if m.MaxRetries < 0 {
		p.add("model.max_retries %d: want 0 (no retries) or more", m.MaxRetries)
	}
	if m.RetryBackoff < 0 {
		p.add("model.retry_backoff %v: want 0 or more", m.RetryBackoff)
	}
	if m.EmbedBatch < 1 || m.EmbedBatch > MaxEmbedBatch {
		p.add("model.embed_batch %d: want 1..%d", m.EmbedBatch, MaxEmbedBatch)
	}
	if m.EmbedConcurrency < 1 {
		p.add("model.embed_concurrency %d: want at least 1", m.EmbedConcurrency)
	}
	return errors.Join(p...)
}

// Validate reports every problem with the answer settings.
func (a Answer) Validate() error {
	var p problems
	if a.Articles < 1 {
		p.add("answer.articles %d: want at least 1", a.Articles)
	}
	if a.Evidence < 1 {
		p.add("answer.evidence %d: want at least 1", a.Evidence)
	}
	if a.MinCoverage < 0 || a.MinCoverage > 1 {
		p.add("answer.min_coverage %g: want 0..1", a.MinCoverage)
	}
	if a.MaxQuestionChars < 1 {
		p.add("answer.max_question_chars %d: want at least 1", a.MaxQuestionChars)
	}
	if a.HistoryTurns < 0 {
		p.add("answer.history_turns %d: want 0 (no history) or more", a.HistoryTurns)
	}
	if a.Budget < MinAnswerBudget {
		p.add("answer.budget %v: want at least %v", a.Budget, MinAnswerBudget)
	}
	return errors.Join(p...)
}

// Validate reports every problem with the Discord settings (the token is
// checked by the bot, which holds it).
func (d Discord) Validate() error {
	var p problems
	if d.MentionReply != MentionReplyThread && d.MentionReply != MentionReplyInline {
		p.add("discord.mention_reply %q: want %s or %s", d.MentionReply, MentionReplyThread, MentionReplyInline)
	}
	if d.APIURL != "" {
		if u, err := url.Parse(d.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			p.add("discord.api_url %q: want an http(s) URL", RedactURL(d.APIURL))
		}
	}
	for _, id := range slices.Concat(d.GuildIDs, d.AdminRoleIDs, d.AutoAnswerChannelIDs) {
		if _, err := strconv.ParseUint(id, 10, 64); err != nil {
			p.add("discord: %q is not a Discord id (a number)", id)
		}
	}
	if d.MaxQuestionChars < 1 || d.MaxQuestionChars > 6000 {
		p.add("discord.max_question_chars %d: want 1..6000", d.MaxQuestionChars)
	}
	if d.UserRatePerMinute < 0 || d.GuildRatePerMinute < 0 {
		p.add("discord: user_rate_per_minute and guild_rate_per_minute want 0 (no limit) or more")
	}
	if d.UserRatePerMinute > 0 && d.UserBurst < 1 {
		p.add("discord.user_burst %d: want at least 1 while user_rate_per_minute is on", d.UserBurst)
	}
	if d.GuildRatePerMinute > 0 && d.GuildBurst < 1 {
		p.add("discord.guild_burst %d: want at least 1 while guild_rate_per_minute is on", d.GuildBurst)
	}
	if d.MaxConcurrentAnswers < 1 {
		p.add("discord.max_concurrent_answers %d: want at least 1", d.MaxConcurrentAnswers)
	}
	if d.MaxQueuedAnswers < 0 {
		p.add("discord.max_queued_answers %d: want 0 or more", d.MaxQueuedAnswers)
	}
	if d.HistoryTurns < 0 {
		p.add("discord.history_turns %d: want 0 (no history) or more", d.HistoryTurns)
	}
	if d.MaxConversations < 1 {
		p.add("discord.max_conversations %d: want at least 1", d.MaxConversations)
	}
	if d.EditInterval <= 0 {
		p.add("discord.edit_interval %v: want a positive duration", d.EditInterval)
	}
	if d.AnswerTimeout <= 0 || d.AnswerTimeout >= InteractionTokenLife {
		p.add("discord.answer_timeout %v: want more than 0 and less than %v (an interaction token's life)", d.AnswerTimeout, InteractionTokenLife)
	}
	if d.AdminTimeout <= 0 || d.AdminTimeout >= InteractionTokenLife {
		p.add("discord.admin_timeout %v: want more than 0 and less than %v (an interaction token's life)", d.AdminTimeout, InteractionTokenLife)
	}
	if d.ShutdownGrace < 0 {
		p.add("discord.shutdown_grace %v: want 0 or more", d.ShutdownGrace)
	}
	if d.MaxAttachmentBytes < 1 {
		p.add("discord.max_attachment_bytes %d: want a positive size", d.MaxAttachmentBytes)
	}
	if d.PostsPerPoll < 1 {
		p.add("discord.posts_per_poll %d: want at least 1", d.PostsPerPoll)
	}
	if d.PostRatePerMinute < 0 {
		p.add("discord.post_rate_per_minute %v: want 0 (no limit) or more", d.PostRatePerMinute)
	}
	if d.PostRatePerMinute > 0 && d.PostBurst < 1 {
		p.add("discord.post_burst %d: want at least 1 while post_rate_per_minute is on", d.PostBurst)
	}
	if d.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(d.MetricsAddr); err != nil {
			p.add("discord.metrics_addr %q: want host:port", d.MetricsAddr)
		}
	}
	return errors.Join(p...)
}

// Redacted renders the effective configuration as YAML with secrets replaced
// by "(set)" or "(not set)".
func (c Config) Redacted() string {
	c.Model.BaseURL = RedactURL(c.Model.BaseURL)
	c.Discord.APIURL = RedactURL(c.Discord.APIURL)
	out, err := yaml.Marshal(c)
	if err != nil {
		return fmt.Sprintf("# cannot render config: %v\n", err)
	}
	state := func(s string) string {
		if s == "" {
			return "(not set)"
		}
		return "(set)"
	}
	return string(out) + "# secrets, from the environment only:\n" +
		"#   OPENAI_API_KEY: " + state(c.OpenAIKey) + "\n" +
		"#   DISCORD_TOKEN: " + state(c.DiscordToken) + "\n"
}

// RedactURL hides credentials written into a URL (user:password@host).
func RedactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	u.User = url.User("REDACTED")
	return u.String()
}
