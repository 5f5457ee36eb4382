// Package config loads Byline's settings: defaults in code, overridden by a
// YAML file, overridden by the environment (BYLINE_<SECTION>_<KEY>, plus
// OPENAI_BASE_URL, OPENAI_API_KEY and DISCORD_TOKEN). Secrets come only from
// the environment and are never printed.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"reflect"
	"regexp"
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

	Index   Index   `yaml:"index"`
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
}

// Model configures the OpenAI-compatible server.
type Model struct {
	BaseURL          string        `yaml:"base_url"`
	ChatModel        string        `yaml:"chat_model"`
	EmbeddingModel   string        `yaml:"embedding_model"`
	Temperature      float32       `yaml:"temperature"`
	MaxTokens        int           `yaml:"max_tokens"`
	Timeout          time.Duration `yaml:"timeout"`
	StreamIdle       time.Duration `yaml:"stream_idle_timeout"`
	MaxRetries       int           `yaml:"max_retries"`
	EmbedBatch       int           `yaml:"embed_batch"`
	EmbedConcurrency int           `yaml:"embed_concurrency"`
}

// Answer tunes answers.
type Answer struct {
	Articles         int     `yaml:"articles"`
	Evidence         int     `yaml:"evidence"`
	MinCoverage      float64 `yaml:"min_coverage"`
	MaxQuestionChars int     `yaml:"max_question_chars"`
	HistoryTurns     int     `yaml:"history_turns"`
}

// Discord configures `byline serve`.
type Discord struct {
	APIURL               string        `yaml:"api_url"`
	GuildIDs             []string      `yaml:"guild_ids"`
	AdminRoleIDs         []string      `yaml:"admin_role_ids"`
	MentionReply         string        `yaml:"mention_reply"`
	AutoAnswerChannelIDs []string      `yaml:"auto_answer_channel_ids"`
	MessageContent       bool          `yaml:"message_content"`
	MaxQuestionChars     int           `yaml:"max_question_chars"`
	UserRatePerMinute    float64       `yaml:"user_rate_per_minute"`
	UserBurst            int           `yaml:"user_burst"`
	GuildRatePerMinute   float64       `yaml:"guild_rate_per_minute"`
	GuildBurst           int           `yaml:"guild_burst"`
	MaxConcurrentAnswers int           `yaml:"max_concurrent_answers"`
	MaxQueuedAnswers     int           `yaml:"max_queued_answers"`
	HistoryTurns         int           `yaml:"history_turns"`
	EditInterval         time.Duration `yaml:"edit_interval"`
	AnswerTimeout        time.Duration `yaml:"answer_timeout"`
	MetricsAddr          string        `yaml:"metrics_addr"`
}

// Log configures logging.
type Log struct {
	Level  string `yaml:"level"`
	Format string `yaml:"format"`
}

// Default returns the built-in defaults (the values config.example.yaml documents).
func Default() Config {
	return Config{
		DataDir: "./data",
		Seeds:   "seeds",
		Index: Index{ChunkSize: 1000, ChunkOverlap: 150, MaxFileBytes: 5 << 20, EmbedBatch: 256,
			FetchTimeout: 20 * time.Second},
		Model: Model{Temperature: 0.1, MaxTokens: 600, Timeout: 60 * time.Second, StreamIdle: 30 * time.Second,
			MaxRetries: 3, EmbedBatch: 64, EmbedConcurrency: 2},
		Answer: Answer{Articles: 8, Evidence: 5, MinCoverage: 0.5, MaxQuestionChars: 1000, HistoryTurns: 6},
		Discord: Discord{MentionReply: "thread", MaxQuestionChars: 500, UserRatePerMinute: 6, UserBurst: 3,
			GuildRatePerMinute: 30, GuildBurst: 10, MaxConcurrentAnswers: 4, MaxQueuedAnswers: 32, HistoryTurns: 6,
			EditInterval: time.Second, AnswerTimeout: 2 * time.Minute},
		Log: Log{Level: "info", Format: "text"},
	}
}

// reSecretKey spots a secret someone put in the YAML file.
var reSecretKey = regexp.MustCompile(`(?mi)^\s*(api_key|openai_api_key|token|discord_token|bot_token)\s*:`)

// Load returns the defaults, overridden by the YAML file at path (none when
// path is ""), overridden by the environment given by getenv.
func Load(path string, getenv func(string) string) (Config, error) {
	cfg := Default()
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return cfg, fmt.Errorf("read config: %w", err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
			if reSecretKey.Match(data) {
				return cfg, fmt.Errorf("config %s: %w\nsecrets are read only from the environment: set OPENAI_API_KEY or DISCORD_TOKEN there and remove them from the file", path, err)
			}
			return cfg, fmt.Errorf("config %s: %w", path, err)
		}
	}
	if err := applyEnv(&cfg, getenv); err != nil {
		return cfg, err
	}
	return cfg, nil
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

// Validate reports every problem at once.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.DataDir == "" {
		bad("data_dir is empty")
	}
	if c.Index.ChunkSize < 200 || c.Index.ChunkSize > 8000 {
		bad("index.chunk_size %d: want 200..8000", c.Index.ChunkSize)
	}
	if c.Index.ChunkOverlap < 0 || c.Index.ChunkOverlap >= c.Index.ChunkSize {
		bad("index.chunk_overlap %d: want 0..chunk_size-1", c.Index.ChunkOverlap)
	}
	if c.Index.MaxFileBytes <= 0 {
		bad("index.max_file_bytes must be positive")
	}
	if c.Index.EmbedBatch <= 0 {
		bad("index.embed_batch must be positive")
	}
	if c.Model.BaseURL != "" {
		u, err := url.Parse(c.Model.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("model.base_url %q: want an http(s) URL such as http://localhost:11434/v1", c.Model.BaseURL)
		} else if u.User != nil {
			bad("model.base_url must not hold credentials: put the key in OPENAI_API_KEY")
		} else if !strings.HasSuffix(strings.TrimRight(u.Path, "/"), "/v1") {
			bad("model.base_url %q: OpenAI-compatible servers are served under /v1 (for example %s://%s/v1)", c.Model.BaseURL, u.Scheme, u.Host)
		}
	}
	if (c.Model.ChatModel != "" || c.Model.EmbeddingModel != "") && c.Model.BaseURL == "" && c.OpenAIKey == "" {
		bad("a model is configured but neither model.base_url (OPENAI_BASE_URL) nor OPENAI_API_KEY is set")
	}
	if c.Model.Temperature < 0 || c.Model.Temperature > 2 {
		bad("model.temperature %g: want 0..2", c.Model.Temperature)
	}
	if c.Model.Timeout <= 0 || c.Model.MaxRetries < 0 || c.Model.EmbedBatch <= 0 || c.Model.EmbedConcurrency <= 0 {
		bad("model: timeout, embed_batch and embed_concurrency must be positive, max_retries not negative")
	}
	if c.Answer.MinCoverage < 0 || c.Answer.MinCoverage > 1 {
		bad("answer.min_coverage %g: want 0..1", c.Answer.MinCoverage)
	}
	if c.Answer.Articles <= 0 || c.Answer.Evidence <= 0 || c.Answer.MaxQuestionChars <= 0 {
		bad("answer: articles, evidence and max_question_chars must be positive")
	}
	d := c.Discord
	if d.MentionReply != "thread" && d.MentionReply != "reply" {
		bad("discord.mention_reply %q: want thread or reply", d.MentionReply)
	}
	if d.APIURL != "" {
		if u, err := url.Parse(d.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("discord.api_url %q: want an http(s) URL", d.APIURL)
		}
	}
	for _, id := range append(append(append([]string{}, d.GuildIDs...), d.AdminRoleIDs...), d.AutoAnswerChannelIDs...) {
		if _, err := strconv.ParseUint(id, 10, 64); err != nil {
			bad("discord: %q is not a Discord id (a number)", id)
		}
	}
	if d.UserRatePerMinute <= 0 || d.GuildRatePerMinute <= 0 || d.UserBurst <= 0 || d.GuildBurst <= 0 {
		bad("discord: rates and bursts must be positive")
	}
	if d.MaxQueuedAnswers < 0 {
		bad("discord.max_queued_answers must not be negative")
	}
	if d.MaxConcurrentAnswers <= 0 || d.MaxQuestionChars <= 0 || d.EditInterval <= 0 || d.AnswerTimeout <= 0 {
		bad("discord: max_concurrent_answers, max_question_chars, edit_interval and answer_timeout must be positive")
	}
	if d.AnswerTimeout > 14*time.Minute {
		bad("discord.answer_timeout %v: interaction tokens live 15 minutes; keep it under 14m", d.AnswerTimeout)
	}
	if d.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(d.MetricsAddr); err != nil {
			bad("discord.metrics_addr %q: want host:port", d.MetricsAddr)
		}
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		bad("log.level %q: want debug, info, warn or error", c.Log.Level)
	}
	if c.Log.Format != "text" && c.Log.Format != "json" {
		bad("log.format %q: want text or json", c.Log.Format)
	}
	return errors.Join(errs...)
}

// Redacted renders the effective configuration as YAML with secrets replaced
// by "(set)" or "(not set)".
func (c Config) Redacted() string {
	c.Model.BaseURL = redactURL(c.Model.BaseURL)
	c.Discord.APIURL = redactURL(c.Discord.APIURL)
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

// redactURL hides credentials written into a URL (user:password@host).
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	u.User = url.User("REDACTED")
	return u.String()
}
