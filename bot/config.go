package bot

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Values of Config.MentionReply.
const (
	MentionReplyThread = "thread" // answer in a thread started from the message
	MentionReplyInline = "reply"  // answer as a reply in the channel
)

// Config configures the bot. It holds plain values: cmd/byline fills it from
// the YAML file and the environment. A zero value means the default given on
// each field; for the rate limits a negative value turns the limit off.
type Config struct {
	// Token is the bot token from the Developer Portal, with or without the
	// "Bot " prefix. Required. It is never logged.
	Token string
	// APIURL is "" for Discord itself, or the base of a Discord-compatible
	// server such as http://127.0.0.1:8080: requests to discord.com are then
	// sent there (same paths, /api/v9/...), and the gateway address comes
	// from its GET /api/v9/gateway.
	APIURL string
	// HTTPClient makes the REST calls and downloads attachments. Default: a
	// client with a 20 s timeout. Tests pass the fake Discord's client.
	HTTPClient *http.Client

	// GuildIDs are the guilds to register the slash commands in (they appear
	// at once: use this while developing). Empty registers them globally.
	GuildIDs []string
	// AdminRoleIDs are roles whose members may use /reindex and /add, in
	// addition to members with the Manage Server permission.
	AdminRoleIDs []string
	// MentionReply is MentionReplyThread (default) or MentionReplyInline.
	MentionReply string
	// AutoAnswerChannelIDs are channels where every message is taken as a
	// question, without a mention. Non-empty makes the bot request the
	// privileged MESSAGE_CONTENT intent as MessageContent does (Discord would
	// otherwise deliver those messages blank).
	AutoAnswerChannelIDs []string
	// MessageContent requests the privileged MESSAGE_CONTENT intent so that
	// follow-ups in the bot's threads need no mention. It must be enabled in
	// the Developer Portal (Bot, Privileged Gateway Intents), else the gateway
	// closes with 4014 and Run fails. Without it Discord blanks every message
	// that does not mention the bot, and a thread gets a one-time hint to
	// mention it.
	MessageContent bool

	// MaxQuestionChars bounds a question's length in characters (default 500).
	MaxQuestionChars int
	// UserRatePerMinute and UserBurst are each user's token bucket for
	// questions and summaries (default 6 per minute, burst 3).
	UserRatePerMinute float64
	UserBurst         int
	// GuildRatePerMinute and GuildBurst are each guild's bucket (default 60
	// per minute, burst 20). Direct messages count only against the user.
	GuildRatePerMinute float64
	GuildBurst         int
	// MaxConcurrentAnswers bounds the answers and summaries computed at once
	// (default 4); the rest wait in a queue of at most MaxQueuedAnswers
	// (default 32), beyond which askers are told to try again shortly.
	MaxConcurrentAnswers int
	MaxQueuedAnswers     int
	// HistoryTurns is how many earlier questions and answers of a thread are
	// passed with a follow-up (default 6). MaxConversations bounds the
	// threads remembered; the least recently used is forgotten (default 1000).
	// History is kept in memory; a thread the bot started but does not
	// remember (after a restart) is read back from Discord.
	HistoryTurns     int
	MaxConversations int

	// EditInterval spaces the edits of a streaming answer or of progress
	// (default 1 s; Discord rate-limits message edits).
	EditInterval time.Duration
	// AnswerTimeout is each question's deadline, derived from the bot's root
	// context (default 2 min). It must stay below the 15 min life of an
	// interaction token.
	AnswerTimeout time.Duration
	// AdminTimeout is the deadline of /reindex and /add (default 14 min, just
	// under the interaction token's life, so the final summary can be shown).
	AdminTimeout time.Duration
	// ShutdownGrace is how long in-flight answers may run on after Run's
	// context ends (default 30 s). Those still running are then stopped and
	// their askers told so.
	ShutdownGrace time.Duration
	// MaxAttachmentBytes bounds a file given to /add (default 8 MiB).
	MaxAttachmentBytes int64

	// MetricsAddr is where /healthz and /metrics are served, e.g.
	// 127.0.0.1:9090. Empty turns them off.
	MetricsAddr string
	// IndexSize, when set, reports the number of indexed articles for the
	// byline_index_articles gauge.
	IndexSize func() int
}

// withDefaults returns c with zero values replaced by defaults.
func (c Config) withDefaults() Config {
	setInt := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	setDur := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	if c.MentionReply == "" {
		c.MentionReply = MentionReplyThread
	}
	setInt(&c.MaxQuestionChars, 500)
	if c.UserRatePerMinute == 0 {
		c.UserRatePerMinute = 6
	}
	setInt(&c.UserBurst, 3)
	if c.GuildRatePerMinute == 0 {
		c.GuildRatePerMinute = 60
	}
	setInt(&c.GuildBurst, 20)
	setInt(&c.MaxConcurrentAnswers, 4)
	setInt(&c.MaxQueuedAnswers, 32)
	setInt(&c.HistoryTurns, 6)
	setInt(&c.MaxConversations, 1000)
	setDur(&c.EditInterval, time.Second)
	setDur(&c.AnswerTimeout, 2*time.Minute)
	setDur(&c.AdminTimeout, 14*time.Minute)
	setDur(&c.ShutdownGrace, 30*time.Second)
	if c.MaxAttachmentBytes == 0 {
		c.MaxAttachmentBytes = 8 << 20
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 20 * time.Second}
	}
	return c
}

// tokenLife is how long Discord accepts edits with an interaction token.
const tokenLife = 15 * time.Minute

// Validate reports every problem with c at once. It expects defaults applied.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.Token == "" || c.Token == "Bot " {
		bad("discord token is empty (set DISCORD_TOKEN)")
	}
	if c.APIURL != "" {
		u, err := url.Parse(c.APIURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("discord api_url %q is not an http(s) URL", c.APIURL)
		}
	}
	if c.MentionReply != MentionReplyThread && c.MentionReply != MentionReplyInline {
		bad("mention_reply %q: want %q or %q", c.MentionReply, MentionReplyThread, MentionReplyInline)
	}
	if c.MaxQuestionChars < 1 || c.MaxQuestionChars > 6000 {
		bad("max_question_chars %d: want 1 to 6000", c.MaxQuestionChars)
	}
	if c.UserRatePerMinute > 0 && c.UserBurst < 1 {
		bad("user_burst %d: want at least 1", c.UserBurst)
	}
	if c.GuildRatePerMinute > 0 && c.GuildBurst < 1 {
		bad("guild_burst %d: want at least 1", c.GuildBurst)
	}
	if c.MaxConcurrentAnswers < 1 {
		bad("max_concurrent_answers %d: want at least 1", c.MaxConcurrentAnswers)
	}
	if c.MaxQueuedAnswers < 0 {
		bad("max_queued_answers %d: want 0 or more", c.MaxQueuedAnswers)
	}
	if c.HistoryTurns < 0 {
		bad("history_turns %d: want 0 or more", c.HistoryTurns)
	}
	if c.MaxConversations < 1 {
		bad("max_conversations %d: want at least 1", c.MaxConversations)
	}
	if c.EditInterval < 0 {
		bad("edit_interval %s: want a positive duration", c.EditInterval)
	}
	if c.AnswerTimeout <= 0 || c.AnswerTimeout >= tokenLife {
		bad("answer_timeout %s: want more than 0 and less than %s (an interaction token's life)", c.AnswerTimeout, tokenLife)
	}
	if c.AdminTimeout <= 0 || c.AdminTimeout >= tokenLife {
		bad("admin_timeout %s: want more than 0 and less than %s", c.AdminTimeout, tokenLife)
	}
	if c.ShutdownGrace < 0 {
		bad("shutdown_grace %s: want 0 or more", c.ShutdownGrace)
	}
	if c.MaxAttachmentBytes < 1 {
		bad("max_attachment_bytes %d: want at least 1", c.MaxAttachmentBytes)
	}
	return errors.Join(errs...)
}
