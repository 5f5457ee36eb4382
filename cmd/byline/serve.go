package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/answer"
	"github.com/byline-bot/byline/bot"
	"github.com/byline-bot/byline/feedback"
	"github.com/byline-bot/byline/feeds"
	"github.com/byline-bot/byline/library"
)

func cmdServe(env *environment, args []string) error {
	fs := env.flagSet("serve")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: byline serve takes no arguments", errUsage)
	}
	a, err := env.openApp(true)
	if err != nil {
		return err
	}
	if a.cfg.DiscordToken == "" {
		return errors.New("DISCORD_TOKEN is not set: create a bot in the Discord Developer Portal and export its token (see README, Discord setup)")
	}
	if err := env.ensureIndexed(a); err != nil {
		return err
	}
	// The poller follows the feeds beside the bot; the bot reaches it
	// through bot.Config.News to post new stories and run /feeds.
	if a.feeds, err = a.openPoller(env); err != nil {
		return err
	}
	// Answers and members' votes on them, for the vote buttons and /gaps.
	votes, err := feedback.Open(a.cfg.DataDir)
	if err != nil {
		return err
	}
	defer votes.Close()
	b, err := bot.New(bot.Config{
		Discord: a.cfg.Discord, Token: a.cfg.DiscordToken, HTTPClient: env.discordClient, Feedback: votes,
		IndexSize: func() int {
			if ix := a.lib.Index(); ix != nil {
				return ix.Len()
			}
			return 0
		},
		News: news{a.feeds, a.pipeline}, DataDir: a.cfg.DataDir, AdminChannel: a.cfg.Feeds.AdminChannelID,
	}, backend{a}, a.log.WithGroup("bot"))
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(env.ctx)
	defer cancel()
	polled := make(chan struct{})
	go func() {
		defer close(polled)
		told := false
		for {
			err := a.feeds.Run(ctx)
			switch {
			case errors.Is(err, feeds.ErrPolling):
				// `byline watch` (or another serve) polls: its queue is its
				// own. Take over when it stops.
				if !told {
					a.log.Warn("feeds are polled by another byline process (byline watch); this bot polls and posts once it stops", "err", err)
					told = true
				}
				select {
				case <-ctx.Done():
					return
				case <-time.After(time.Minute):
					continue
				}
			case err != nil:
				a.log.Error("feed poller stopped", "err", err)
			}
			return
		}
	}()
	err = b.Run(ctx)
	cancel()
	<-polled
	return err
}

// news is what the bot needs to follow the news: the poller (sources,
// outbox, disabled notices) and the pipeline's briefs and digests.
type news struct {
	*feeds.Poller
	pipeline *answer.Pipeline
}

func (n news) Brief(ctx context.Context, id string) (answer.Answer, error) {
	return n.pipeline.Brief(ctx, id)
}

func (n news) Digest(ctx context.Context, req answer.DigestRequest) (answer.Answer, error) {
	return n.pipeline.Digest(ctx, req)
}

// backend is the bot's view of Byline's core: the same pipeline and library
// the CLI uses.
type backend struct{ a *app }

func (b backend) Ask(ctx context.Context, req answer.Request, onPartial func(string)) (answer.Answer, error) {
	return b.a.pipeline.Ask(ctx, req, onPartial)
}

func (b backend) Summarize(ctx context.Context, req answer.SummaryRequest) (answer.Answer, error) {
	return b.a.pipeline.Summarize(ctx, req)
}

func (b backend) Articles(query string, limit int) []library.ArticleInfo {
	return b.a.lib.Articles(query, limit)
}

// Reindex re-reads the configured sources; articles added by /add stay.
func (b backend) Reindex(ctx context.Context, progress func(library.Progress)) (library.Summary, error) {
	return b.a.lib.Reindex(ctx, nil, library.IndexOptions{Progress: progress})
}

// AddURL ingests one page or feed; a URL that yields no article is an error
// that says why.
func (b backend) AddURL(ctx context.Context, url string, progress func(library.Progress)) (library.Summary, error) {
	sum, err := b.a.lib.Reindex(ctx, []string{url}, library.IndexOptions{Progress: progress})
	if err == nil && sum.Added+sum.Updated == 0 && refusedAddress(sum.Skipped) {
		// The person who gave the URL knows it: say what to do, not the URL again.
		return sum, &byline.Error{Code: byline.CodeRefused,
			Message: "that address is not public (loopback, private network or similar), so Byline does not fetch it. " +
				"The bot's operator can allow such addresses with `index.allow_private_urls: true` in the config"}
	}
	if err == nil && sum.Added+sum.Updated == 0 && len(sum.Skipped) > 0 {
		reasons := make([]string, 0, len(sum.Skipped))
		for _, s := range sum.Skipped {
			reasons = append(reasons, s.Reason)
		}
		return sum, &byline.Error{Code: byline.CodeNothingAdded,
			Message: fmt.Sprintf("nothing added from %s: %s", url, strings.Join(reasons, "; "))}
	}
	return sum, err
}

func (b backend) AddFile(ctx context.Context, name string, data []byte) (library.Summary, error) {
	return b.a.lib.AddData(ctx, name, data, library.IndexOptions{})
}

// refusedAddress reports whether a source was skipped because its address
// is not public: the ingest package's SSRF guard words such a reason
// "refusing to fetch <url>: address <ip> is <kind>".
func refusedAddress(skipped []library.Skip) bool {
	for _, s := range skipped {
		if strings.HasPrefix(s.Reason, "refusing to fetch ") {
			return true
		}
	}
	return false
}
