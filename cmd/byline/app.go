package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/answer"
	"github.com/byline-bot/byline/config"
	"github.com/byline-bot/byline/embed"
	"github.com/byline-bot/byline/feeds"
	"github.com/byline-bot/byline/ingest"
	"github.com/byline-bot/byline/library"
	"github.com/byline-bot/byline/llm"
	"github.com/byline-bot/byline/retrieval"
)

// environment is what every command gets from run.
type environment struct {
	ctx     context.Context
	stdout  io.Writer
	stderr  io.Writer
	getenv  func(string) string
	globals globalFlags
	// httpClient, when set by tests, is used for model and URL requests;
	// discordClient for Discord's REST API.
	httpClient    *http.Client
	discordClient *http.Client
	// listEnv lists the process environment ("NAME=value"), to spot
	// misspelt BYLINE_ variables; nil when run was given only getenv.
	listEnv func() []string
}

// environ returns the process environment, or nothing if it is unknown.
func (env *environment) environ() []string {
	if env.listEnv == nil {
		return nil
	}
	return env.listEnv()
}

type globalFlags struct {
	data, config string
	// asOf is "now" for every command: the clock, or --as-of.
	asOf dateFlag
}

func (g *globalFlags) set(name, value string) error {
	switch strings.TrimLeft(name, "-") {
	case "data":
		g.data = value
	case "config":
		g.config = value
	case "as-of":
		return g.asOf.Set(value)
	}
	return nil
}

// flagSet returns a FlagSet with the global flags registered, so that they
// work after the command too.
func (env *environment) flagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Func("data", "where the index lives (BYLINE_DATA; default ./data)", func(v string) error { env.globals.data = v; return nil })
	fs.Func("config", "YAML configuration file (BYLINE_CONFIG)", func(v string) error { env.globals.config = v; return nil })
	fs.Var(&env.globals.asOf, "as-of", asOfUsage)
	return fs
}

// now is "now" for every command (ask, search, summarize, serve, eval):
// the --as-of date, or the clock.
func (env *environment) now() time.Time { return env.globals.asOf.asOf() }

// parse parses flags and positional arguments in any order
// (`byline ask "question" --json` works like `byline ask --json "question"`).
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errReported
			}
			return nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// loadConfig applies defaults < file < environment < command-line flags.
func (env *environment) loadConfig() (config.Config, error) {
	path := env.globals.config
	if path == "" {
		path = env.getenv("BYLINE_CONFIG")
	}
	cfg, err := config.Load(path, env.getenv)
	if err != nil {
		return cfg, &byline.Error{Code: byline.CodeInvalidConfig, Message: "the configuration cannot be read", Err: err,
			Hint: "config.example.yaml lists every setting; `byline config check` shows the effective configuration"}
	}
	if env.globals.data != "" {
		cfg.DataDir = env.globals.data
	}
	if err := cfg.Validate(); err != nil {
		return cfg, &byline.Error{Code: byline.CodeInvalidConfig, Message: "invalid configuration", Err: err,
			Hint: "`byline config check` shows the effective configuration and every problem in it"}
	}
	return cfg, nil
}

func (env *environment) logger(cfg config.Config) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.Log.Level))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Log.Format == "json" {
		return slog.New(slog.NewJSONHandler(env.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(env.stderr, opts))
}

// app is everything a command needs, built once from the configuration.
type app struct {
	cfg      config.Config
	log      *slog.Logger
	lib      *library.Library
	loader   *ingest.Loader
	pipeline *answer.Pipeline
	model    *llm.Client // nil when no model server is configured
	// feeds is the feed poller, opened by `serve` (nil elsewhere).
	feeds *feeds.Poller
	// indexErr says why the saved index could not be loaded (corrupt, built
	// by another embedder); `byline index` repairs it, other commands report it.
	indexErr error
}

// remoteEmbedder adapts the model client to retrieval.Embedder.
type remoteEmbedder struct{ c *llm.Client }

func (r remoteEmbedder) Name() string { return r.c.EmbedderName() }
func (r remoteEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	return r.c.Embed(ctx, texts)
}

// openApp builds the components. The index is loaded from the data dir; an
// unreadable one (corrupt, other embedder) is reported with what to do, and
// the app still opens so that `byline index --rebuild` can repair it.
//
// Outside `serve`, logs below warnings are dropped unless log.level is
// debug: a terminal user sees progress and results, not log lines.
func (env *environment) openApp(serve bool) (*app, error) {
	cfg, err := env.loadConfig()
	if err != nil {
		return nil, err
	}
	cfg, note := env.settleChatModel(cfg)
	a := &app{cfg: cfg, log: env.logger(cfg)}
	if serve {
		if note != "" {
			a.log.Warn("configuration", "warning", note)
		}
		for _, w := range append(cfg.Warnings(), config.UnknownEnv(env.environ())...) {
			a.log.Warn("configuration", "warning", w)
		}
	} else if strings.HasPrefix(note, "model.chat_model is empty: using") {
		fmt.Fprintln(env.stderr, "byline:", note)
	}
	if limit := applyMemoryLimit(cfg, env.getenv); limit > 0 {
		a.log.Debug("memory limit", "bytes", limit)
	}
	if !serve && cfg.Log.Level != "debug" {
		a.log = slog.New(slog.NewTextHandler(env.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	var emb retrieval.Embedder
	if cfg.Model.ChatModel != "" || cfg.Model.EmbedModel != "" {
		a.model, err = llm.New(llm.Config{Model: cfg.Model, APIKey: cfg.OpenAIKey}, env.httpClient, a.log) // llm adds its own group
		if err != nil {
			return nil, fmt.Errorf("model client: %w", err)
		}
	}
	if cfg.Model.EmbedModel != "" {
		emb = remoteEmbedder{a.model}
	} else {
		off, err := embed.NewOffline()
		if err != nil {
			return nil, fmt.Errorf("offline embedder: %w", err)
		}
		emb = off
	}
	loader, err := ingest.New(ingest.Options{MaxBytes: cfg.Index.MaxFileBytes, AllowPrivate: cfg.Index.AllowPrivateURLs,
		Timeout: cfg.Index.FetchTimeout, HTTPClient: env.httpClient})
	if err != nil {
		return nil, err
	}
	a.loader = loader
	// http(s) sources are the poller's (followedSources): re-reading a feed
	// whole, as `byline index` does, would drop the items that left it and
	// replace full texts with summaries.
	sources := indexedSources(cfg)
	a.lib, a.indexErr = library.Open(env.ctx, library.Config{DataDir: cfg.DataDir, Sources: sources,
		Chunk: retrieval.ChunkConfig{Size: cfg.Index.ChunkSize, Overlap: cfg.Index.ChunkOverlap}, EmbedBatch: cfg.Index.EmbedBatch},
		loader, emb, a.log.WithGroup("library"))
	if a.lib == nil {
		return nil, a.indexErr
	}
	var chat answer.ChatModel
	if cfg.Model.ChatModel != "" {
		chat = a.model
	}
	a.pipeline, err = answer.New(answer.Config{Answer: cfg.Answer, Now: env.now}, a.lib, chat, a.log.WithGroup("answer"))
	if err != nil {
		return nil, err
	}
	return a, nil
}

// ensureIndexed indexes the default sources on first use, with progress, so
// that a fresh clone answers its first question without a separate step.
func (env *environment) ensureIndexed(a *app) error {
	if a.indexErr != nil {
		return a.indexErr
	}
	if ix := a.lib.Index(); ix != nil && ix.Len() > 0 {
		return nil
	}
	fmt.Fprintf(env.stderr, "No index in %s yet: indexing the default sources first.\n", a.cfg.DataDir)
	sum, err := a.lib.Reindex(env.ctx, nil, library.IndexOptions{Progress: newProgress(env.stderr).update})
	if err != nil {
		return err
	}
	printSummary(env.stderr, sum)
	if sum.Articles == 0 {
		return fmt.Errorf("no articles found in the default sources (%s): run `byline index PATH`", strings.Join(a.sourcesList(), ", "))
	}
	return nil
}

func (a *app) sourcesList() []string { return indexedSources(a.cfg) }

// indexedSources are the sources `byline index` reads by default: the seeds
// and the configured files and folders.
func indexedSources(cfg config.Config) []string {
	var s []string
	if cfg.Seeds != "" {
		s = append(s, cfg.Seeds)
	}
	for _, src := range cfg.Sources {
		if !isHTTP(src) {
			s = append(s, src)
		}
	}
	return s
}

// followedSources are the configured sources the poller follows.
func followedSources(cfg config.Config) []string {
	var s []string
	for _, src := range cfg.Sources {
		if isHTTP(src) {
			s = append(s, src)
		}
	}
	return s
}

func isHTTP(s string) bool {
	l := strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}
