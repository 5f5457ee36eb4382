// Package llm is Byline's provider-neutral layer over any OpenAI-compatible
// server (OpenAI, Ollama, llama.cpp server, vLLM): chat with optional
// streaming, batched embeddings, retries and errors a user can read.
//
// It wraps github.com/sashabaranov/go-openai and covers what that client
// leaves to its callers: it has no retries and no timeouts, it drops
// Retry-After, it never sends a temperature of 0, it rejects max_tokens for
// reasoning models, it returns embeddings in whatever order the server sends
// them and unnormalized, and reasoning models put <think> blocks in replies.
//
// Server notes:
//   - BaseURL must include the API prefix: Ollama "http://localhost:11434/v1",
//     llama.cpp server "http://localhost:8080/v1", vLLM "http://localhost:8000/v1".
//   - Ollama's /v1 endpoints ignore num_ctx: prompts longer than the server's
//     default context (set OLLAMA_CONTEXT_LENGTH or a Modelfile) are silently
//     truncated. Budget prompt size accordingly.
//   - Changing EmbedModel or the server changes EmbedderName: vectors from two
//     embedders are not comparable, so that means re-indexing.
package llm

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/byline-bot/byline/config"
)

const (
	// zeroTemperature replaces a configured temperature of 0, which go-openai
	// would drop from the request (omitempty) and the server would replace
	// with its default, usually 0.7-1.0.
	zeroTemperature float32 = 1e-6
	// maxRetryAfter caps how long a server's Retry-After can make us wait.
	maxRetryAfter = 30 * time.Second
	// emptyMessagesLimit replaces go-openai's default of 300 non-data SSE lines
	// in a row, which servers sending keep-alive comments while a long prompt
	// is processed can exceed. Dead streams are caught by StreamIdleTimeout.
	emptyMessagesLimit = 1 << 16
)

// ErrDisabled is returned (wrapped) by Chat when Config.ChatModel is empty
// and by Embed when Config.EmbedModel is empty.
var ErrDisabled = errors.New("llm: model not configured")

// Config configures a Client: the model settings as config.Model defines
// them (what each zero means is said there, once), plus the API key. The
// temperature is sent as 1e-6 when it is 0 (go-openai would drop a 0), and not
// at all to reasoning models (o1, o3, o4, gpt-5, gpt-6), which reject it;
// MaxTokens is sent as max_completion_tokens to those. StreamIdleTimeout also
// bounds the wait for the first byte, which on local servers includes loading
// the model: raise it for slow servers.
type Config struct {
	config.Model
	// APIKey is sent as a bearer token. It may be empty for local servers
	// (then no Authorization header is sent). It never appears in errors or logs.
	APIKey string
}

// Validate reports every problem with c at once, or nil.
func (c Config) Validate() error {
	var errs []error
	if c.BaseURL == "" && c.APIKey == "" && (c.ChatModel != "" || c.EmbedModel != "") {
		errs = append(errs, errors.New("an API key is required for OpenAI (or set model.base_url for a local server)"))
	}
	if strings.ContainsAny(c.APIKey, " \t\r\n") {
		errs = append(errs, errors.New("the API key contains whitespace (check OPENAI_API_KEY)"))
	}
	return errors.Join(append(errs, c.Model.Validate())...)
}

// Client talks to one OpenAI-compatible server. It is safe for concurrent use.
type Client struct {
	cfg    Config
	oa     *openai.Client
	logger *slog.Logger
	host   string // for EmbedderName and logs; never holds credentials

	// sleep waits between attempts; tests replace it to observe waits.
	sleep func(ctx context.Context, d time.Duration) error
}

// New validates cfg and returns a Client. hc supplies the transport and
// redirect policy (nil means http.DefaultTransport); its Timeout is ignored
// because it would cut long streams: Config.RequestTimeout and
// StreamIdleTimeout bound each attempt instead. logger nil discards logs.
func New(cfg Config, hc *http.Client, logger *slog.Logger) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	logger = logger.WithGroup("llm")

	var httpClient http.Client
	if hc != nil {
		httpClient = *hc
		if hc.Timeout > 0 {
			logger.Warn("ignoring http.Client.Timeout; per-attempt timeouts apply", "timeout", hc.Timeout)
		}
	}
	httpClient.Timeout = 0
	base := httpClient.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	httpClient.Transport = &recordingTransport{base: base}

	oc := openai.DefaultConfig(cfg.APIKey)
	if cfg.BaseURL != "" {
		oc.BaseURL = cfg.BaseURL
	}
	oc.HTTPClient = &httpClient
	oc.EmptyMessagesLimit = emptyMessagesLimit

	host := "api.openai.com"
	if cfg.BaseURL != "" {
		u, _ := url.Parse(cfg.BaseURL) // validated above
		host = strings.ToLower(u.Host)
	}
	return &Client{
		cfg:    cfg,
		oa:     openai.NewClientWithConfig(oc),
		logger: logger,
		host:   host,
		sleep:  sleepCtx,
	}, nil
}

// EmbedderName identifies the remote embedder as "openai:<model>@<host>",
// e.g. "openai:nomic-embed-text@localhost:11434". An index built with one
// embedder cannot be searched with another: store this name with the index
// and re-index when it changes. It is "" when embeddings are disabled.
func (c *Client) EmbedderName() string {
	if c.cfg.EmbedModel == "" {
		return ""
	}
	return "openai:" + c.cfg.EmbedModel + "@" + c.host
}

// Models lists the ids of the models the server offers (GET /models), in
// the server's order. It is not retried: it serves start-up checks, which
// bound it with ctx.
func (c *Client) Models(ctx context.Context) ([]string, error) {
	list, err := c.oa.ListModels(ctx)
	if err != nil {
		return nil, c.classify(ctx, ctx, err)
	}
	ids := make([]string, 0, len(list.Models))
	for _, m := range list.Models {
		ids = append(ids, m.ID)
	}
	return ids, nil
}

// isReasoningModel reports whether go-openai validates model as a reasoning
// model, which rejects max_tokens and any temperature but 1.
func isReasoningModel(model string) bool {
	for _, p := range []string{"o1", "o3", "o4", "gpt-5", "gpt-6"} {
		if strings.HasPrefix(model, p) {
			return true
		}
	}
	return false
}
