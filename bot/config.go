package bot

import (
	"errors"
	"net/http"

	"github.com/byline-bot/byline/config"
)

// Values of Config.MentionReply.
const (
	MentionReplyThread = config.MentionReplyThread
	MentionReplyInline = config.MentionReplyInline
)

// Config configures the bot: the Discord settings as config.Discord defines
// them (what each zero means is said there, once: a rate of 0 turns that
// limit off, history_turns 0 keeps no history), plus the token and what the
// process hands in.
type Config struct {
	config.Discord
	// Token is the bot token from the Developer Portal, with or without the
	// "Bot " prefix. Required. It is never logged.
	Token string
	// HTTPClient makes the REST calls and downloads attachments. Nil means a
	// client with a 20 s timeout. Tests pass the fake Discord's client.
	HTTPClient *http.Client
	// IndexSize, when set, reports the number of indexed articles for the
	// byline_index_articles gauge.
	IndexSize func() int
	// Feedback keeps answers and votes (feedback.Store). Nil means no vote
	// buttons and no /gaps.
	Feedback FeedbackStore
}

// Validate reports every problem with c at once.
func (c Config) Validate() error {
	var err error
	if c.Token == "" || c.Token == "Bot " {
		err = errors.New("discord token is empty (set DISCORD_TOKEN)")
	}
	return errors.Join(err, c.Discord.Validate())
}
