package bot

import (
	"errors"
	"net/http"
	"time"

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
	// News, when set, turns on what follows the news: new stories posted to
	// their feeds' channels, /feeds, /digest and scheduled digests.
	News News
	// AdminChannel is the channel where admins are told of feeds disabled
	// after repeated failures (config feeds.admin_channel_id); "" = the log
	// and /feeds list only. Never a public channel.
	AdminChannel string
	// DataDir keeps the scheduled digests (digests.json); required with News.
	DataDir string
	// Now and After are the clock of posting and of digest schedules
	// (time.Now and time.After when nil): tests run a virtual one.
	Now   func() time.Time
	After func(d time.Duration) <-chan time.Time
}

// Validate reports every problem with c at once.
func (c Config) Validate() error {
	var err error
	if c.Token == "" || c.Token == "Bot " {
		err = errors.New("discord token is empty (set DISCORD_TOKEN)")
	}
	if c.News != nil && c.DataDir == "" {
		err = errors.Join(err, errors.New("discord: a data directory is needed to keep digest schedules"))
	}
	return errors.Join(err, c.Discord.Validate())
}
