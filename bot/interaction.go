package bot

import (
	"context"
	"time"

	"github.com/bwmarrin/discordgo"
)

// onInteraction is the dispatcher for slash commands and autocomplete: the
// one place (with onMessage) where panics are recovered.
func (b *Bot) onInteraction(ctx context.Context, s *discordgo.Session, ic *discordgo.InteractionCreate) {
	if ic == nil || ic.Interaction == nil {
		return
	}
	start := time.Now()
	it := &interaction{s: s, i: ic.Interaction}
	it.log = b.log.With("interaction_id", ic.ID, "guild_id", ic.GuildID, "channel_id", ic.ChannelID, "user_id", it.userID())
	if !b.begin() {
		it.fail(ctx, msgRestarting)
		return
	}
	defer b.inflight.Done()
	defer func() {
		if p := recover(); p != nil {
			b.recovered(it.log, p)
			it.fail(ctx, msgPanic)
		}
	}()

	data, ok := ic.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok {
		return // components and modals: Byline sends none
	}
	it.log = it.log.With("command", data.Name)
	switch ic.Type {
	case discordgo.InteractionApplicationCommandAutocomplete:
		if data.Name == cmdFeeds && b.news != nil {
			b.feedsAutocomplete(ctx, it, data)
			return
		}
		b.autocomplete(ctx, it, data)
	case discordgo.InteractionApplicationCommand:
		b.command(ctx, it, data, start)
	}
}

// command runs a slash command's handler, under the deadline its kind of
// work gets (answers, admin jobs).
func (b *Bot) command(ctx context.Context, it *interaction, data discordgo.ApplicationCommandInteractionData, start time.Time) {
	switch data.Name {
	case cmdAsk:
		ctx, cancel := context.WithTimeout(ctx, b.cfg.AnswerTimeout)
		defer cancel()
		b.ask(ctx, it, data, start)
	case cmdSummarize:
		ctx, cancel := context.WithTimeout(ctx, b.cfg.AnswerTimeout)
		defer cancel()
		b.summarize(ctx, it, data, start)
	case cmdSources:
		b.sources(ctx, it, data)
	case cmdReindex, cmdAdd:
		ctx, cancel := context.WithTimeout(ctx, b.cfg.AdminTimeout)
		defer cancel()
		b.admin(ctx, it, data, start)
	case cmdFeeds, cmdDigest:
		if b.news == nil {
			it.replyOrLog(ctx, "I don't know that command. Try `/help`.", true)
			return
		}
		ctx, cancel := context.WithTimeout(ctx, b.cfg.AnswerTimeout)
		defer cancel()
		if data.Name == cmdFeeds {
			b.feeds(ctx, it, data)
		} else {
			b.digest(ctx, it, data, start)
		}
	case cmdHelp:
		text := helpText(b.cfg.MaxQuestionChars, b.cfg.MentionReply, b.messageContent)
		if b.news != nil {
			text += newsHelp
		}
		it.replyOrLog(ctx, text, true)
	default:
		it.replyOrLog(ctx, "I don't know that command. Try `/help`.", true)
	}
}
