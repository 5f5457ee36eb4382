package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/byline-bot/byline/answer"
	"github.com/byline-bot/byline/bot"
	"github.com/byline-bot/byline/ingest"
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
	d := a.cfg.Discord
	b, err := bot.New(bot.Config{
		Token: a.cfg.DiscordToken, APIURL: d.APIURL, HTTPClient: env.discordClient,
		GuildIDs: d.GuildIDs, AdminRoleIDs: d.AdminRoleIDs, MentionReply: d.MentionReply,
		AutoAnswerChannelIDs: d.AutoAnswerChannelIDs, MessageContent: d.MessageContent, MaxQuestionChars: d.MaxQuestionChars,
		UserRatePerMinute: d.UserRatePerMinute, UserBurst: d.UserBurst,
		GuildRatePerMinute: d.GuildRatePerMinute, GuildBurst: d.GuildBurst,
		MaxConcurrentAnswers: d.MaxConcurrentAnswers, MaxQueuedAnswers: d.MaxQueuedAnswers, HistoryTurns: d.HistoryTurns,
		EditInterval: d.EditInterval, AnswerTimeout: d.AnswerTimeout, MetricsAddr: d.MetricsAddr,
		IndexSize: func() int {
			if ix := a.lib.Index(); ix != nil {
				return ix.Len()
			}
			return 0
		},
	}, backend{a}, a.log.WithGroup("bot"))
	if err != nil {
		return err
	}
	return b.Run(env.ctx)
}

// backend is the bot's view of Byline's core: the same pipeline and library
// the CLI uses.
type backend struct{ a *app }

func (b backend) Ask(ctx context.Context, req answer.Request, onPartial func(string)) (answer.Answer, error) {
	ans, err := b.a.pipeline.Ask(ctx, req, onPartial)
	return ans, forUser(err)
}

func (b backend) Summarize(ctx context.Context, req answer.SummaryRequest) (answer.Answer, error) {
	ans, err := b.a.pipeline.Summarize(ctx, req)
	return ans, forUser(err)
}

// forUser marks the errors whose text is written for the asker, so that the
// bot shows them instead of a generic apology.
func forUser(err error) error {
	for _, target := range []error{answer.ErrEmptyQuestion, answer.ErrQuestionTooLong, answer.ErrNoArticle,
		answer.ErrAmbiguous, library.ErrEmpty, library.ErrBadInput, ingest.ErrRefused} {
		if errors.Is(err, target) {
			return bot.UserError{Err: err}
		}
	}
	return err
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
	if err == nil && sum.Added+sum.Updated == 0 && len(sum.Skipped) > 0 {
		reasons := make([]string, 0, len(sum.Skipped))
		for _, s := range sum.Skipped {
			reasons = append(reasons, s.Reason)
		}
		return sum, bot.UserError{Err: fmt.Errorf("nothing added from %s: %s", url, strings.Join(reasons, "; "))}
	}
	return sum, forUser(err)
}

func (b backend) AddFile(ctx context.Context, name string, data []byte) (library.Summary, error) {
	sum, err := b.a.lib.AddData(ctx, name, data, library.IndexOptions{})
	return sum, forUser(err)
}
