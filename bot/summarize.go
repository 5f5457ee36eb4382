package bot

import (
	"context"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/byline-bot/byline/answer"
)

const msgSummarizeWhat = "What should I summarize? Give `article:` (pick one as you type) or `topic:` (with `days:` if you like)."

func (b *Bot) summarize(ctx context.Context, it *interaction, data discordgo.ApplicationCommandInteractionData, start time.Time) {
	req := answer.SummaryRequest{
		Article: strings.TrimSpace(optString(data.Options, "article")),
		Topic:   strings.TrimSpace(optString(data.Options, "topic")),
		Days:    optInt(data.Options, "days"),
	}
	switch {
	case req.Article == "" && req.Topic == "":
		it.replyOrLog(ctx, msgSummarizeWhat, true)
		return
	case req.Article != "" && req.Topic != "":
		it.replyOrLog(ctx, "Give either `article:` or `topic:`, not both.", true)
		return
	}
	if req.Days < 0 || req.Days > 365 {
		it.replyOrLog(ctx, "`days:` must be between 1 and 365.", true)
		return
	}
	t := b.startAnswer(ctx, it, req.Article+req.Topic, false, start)
	if t == nil {
		return
	}
	b.metrics.question(kindSummarize)
	it.log.Debug("summary request", "article", req.Article, "topic", req.Topic, "days", req.Days)
	b.deliver(ctx, it.log, it, t, asked{asker: it.userID(), question: summaryQuestion(req)}, start, func(ctx context.Context, _ func(string)) (answer.Answer, error) {
		return b.backend.Summarize(ctx, req)
	})
}

// maxChoices is Discord's limit on autocomplete choices.
const maxChoices = 25

// autocomplete offers indexed articles for /summarize article:. It must
// answer within 3 s and cannot be deferred: Articles is expected to be fast.
func (b *Bot) autocomplete(ctx context.Context, it *interaction, data discordgo.ApplicationCommandInteractionData) {
	var choices []*discordgo.ApplicationCommandOptionChoice
	if f := focused(data.Options); data.Name == cmdSummarize && f != nil && f.Name == "article" {
		query, _ := f.Value.(string)
		for _, a := range b.backend.Articles(strings.TrimSpace(query), maxChoices) {
			name := a.Title
			if a.Published != "" {
				name += " (" + a.Published + ")"
			}
			value := a.ID
			if len(value) > 100 || value == "" {
				value = truncate(a.Title, 100) // matched by title instead
			}
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: truncate(name, 100), Value: value})
			if len(choices) == maxChoices {
				break
			}
		}
	}
	if err := it.choices(ctx, choices); err != nil {
		it.log.Error("autocomplete response", "err", err)
	}
}
