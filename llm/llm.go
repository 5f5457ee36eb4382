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
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Defaults applied by New to zero Config fields.
const (
	DefaultRequestTimeout    = 60 * time.Second
	DefaultStreamIdleTimeout = 30 * time.Second
	DefaultMaxRetries        = 3
	DefaultEmbedBatch        = 64
	DefaultEmbedConcurrency  = 2
	DefaultRetryBackoff      = 500 * time.Millisecond

	// maxEmbedBatch is OpenAI's limit of inputs per embeddings request.
	maxEmbedBatch = 2048
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

// Config configures a Client. The zero values of the durations and counts
// select the defaults above.
type Config struct {
	// BaseURL is the API root and must include its version prefix, e.g.
	// "http://localhost:11434/v1" for Ollama. Empty means OpenAI.
	BaseURL string
	// APIKey is sent as a bearer token. It may be empty for local servers
	// (then no Authorization header is sent). It never appears in errors or logs.
	APIKey string
	// ChatModel is the chat model name; empty disables Chat.
	ChatModel string
	// EmbedModel is the embeddings model name; empty disables Embed.
	EmbedModel string
	// Temperature is the sampling temperature, 0 to 2. go-openai never sends
	// 0 (the field is omitempty), so 0 is sent as 1e-6, which every server
	// treats as greedy decoding. It is not sent at all to reasoning models
	// (o1, o3, o4, gpt-5, gpt-6), which reject it.
	Temperature float32
	// MaxTokens bounds the answer length in tokens; 0 leaves it to the
	// server. It is sent as max_completion_tokens to reasoning models (which
	// count their hidden reasoning in it) and as max_tokens to the rest.
	MaxTokens int
	// RequestTimeout bounds each attempt of a non-streaming call, including
	// the whole generation of a chat reply (default 60 s). Streams are not
	// bounded by it but by StreamIdleTimeout.
	RequestTimeout time.Duration
	// StreamIdleTimeout aborts a stream attempt after this long without
	// receiving a byte (default 30 s); keep-alive comments count as bytes.
	// It also bounds the wait for the first byte, which on local servers
	// includes loading the model and reading the prompt, and on OpenAI
	// reasoning models the hidden reasoning: raise it for those.
	StreamIdleTimeout time.Duration
	// MaxRetries is how many times a failed attempt is retried (default 3;
	// negative disables retries).
	MaxRetries int
	// RetryBackoff is the first wait between attempts, doubled each retry
	// with jitter (default 500 ms). A server's Retry-After (at most 30 s)
	// replaces it.
	RetryBackoff time.Duration
	// EmbedBatch is the number of inputs per embeddings request (default 64,
	// at most 2048).
	EmbedBatch int
	// EmbedConcurrency is the number of embeddings requests in flight at once
	// (default 2).
	EmbedConcurrency int
}

// Validate reports every problem with c at once, or nil.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		switch {
		case err != nil:
			// url errors quote the input; it holds no secret once userinfo is
			// rejected, but keep the message plain anyway.
			bad("llm base URL is not a valid URL")
		case u.Scheme != "http" && u.Scheme != "https":
			bad("llm base URL %q: scheme must be http or https", redactURL(u))
		case u.Host == "":
			bad("llm base URL %q: no host", redactURL(u))
		case u.User != nil:
			bad("llm base URL %q: must not hold credentials; set the API key instead", redactURL(u))
		case u.RawQuery != "" || u.Fragment != "":
			bad("llm base URL %q: must not have a query or fragment", redactURL(u))
		case strings.Trim(u.Path, "/") == "":
			bad("llm base URL %q: add the API prefix, e.g. %s/v1", redactURL(u), strings.TrimRight(redactURL(u), "/"))
		}
	} else if c.APIKey == "" && (c.ChatModel != "" || c.EmbedModel != "") {
		bad("llm API key is required for OpenAI (set a base URL for a local server)")
	}
	if strings.ContainsAny(c.APIKey, " \t\r\n") {
		bad("llm API key contains whitespace (check the environment variable)")
	}
	if strings.TrimSpace(c.ChatModel) != c.ChatModel {
		bad("llm chat model %q has surrounding spaces", c.ChatModel)
	}
	if strings.TrimSpace(c.EmbedModel) != c.EmbedModel {
		bad("llm embed model %q has surrounding spaces", c.EmbedModel)
	}
	if c.Temperature < 0 || c.Temperature > 2 {
		bad("llm temperature %v: must be between 0 and 2", c.Temperature)
	}
	if c.MaxTokens < 0 {
		bad("llm max tokens %d: must not be negative", c.MaxTokens)
	}
	if c.RequestTimeout < 0 {
		bad("llm request timeout %v: must not be negative", c.RequestTimeout)
	}
	if c.StreamIdleTimeout < 0 {
		bad("llm stream idle timeout %v: must not be negative", c.StreamIdleTimeout)
	}
	if c.RetryBackoff < 0 {
		bad("llm retry backoff %v: must not be negative", c.RetryBackoff)
	}
	if c.EmbedBatch < 0 || c.EmbedBatch > maxEmbedBatch {
		bad("llm embed batch %d: must be between 1 and %d", c.EmbedBatch, maxEmbedBatch)
	}
	if c.EmbedConcurrency < 0 {
		bad("llm embed concurrency %d: must not be negative", c.EmbedConcurrency)
	}
	return errors.Join(errs...)
}

// withDefaults returns c with zero fields set to their defaults.
func (c Config) withDefaults() Config {
	if c.RequestTimeout == 0 {
		c.RequestTimeout = DefaultRequestTimeout
	}
	if c.StreamIdleTimeout == 0 {
		c.StreamIdleTimeout = DefaultStreamIdleTimeout
	}
	switch {
	case c.MaxRetries == 0:
		c.MaxRetries = DefaultMaxRetries
	case c.MaxRetries < 0:
		c.MaxRetries = 0
	}
	if c.RetryBackoff == 0 {
		c.RetryBackoff = DefaultRetryBackoff
	}
	if c.EmbedBatch == 0 {
		c.EmbedBatch = DefaultEmbedBatch
	}
	if c.EmbedConcurrency == 0 {
		c.EmbedConcurrency = DefaultEmbedConcurrency
	}
	return c
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
	cfg = cfg.withDefaults()
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

// redactURL returns u without credentials, for messages.
func redactURL(u *url.URL) string {
	v := *u
	v.User = nil
	return v.String()
}
