package bot

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/bwmarrin/discordgo"
)

// interaction is one slash command, autocomplete request or button press and the replies
// sent for it. It is a replier: edit changes the (deferred) original
// response, more sends a follow-up.
type interaction struct {
	s   *discordgo.Session
	i   *discordgo.Interaction
	log *slog.Logger

	mu        sync.Mutex
	acked     bool // a callback was sent: from now on, edit @original
	ephemeral bool
}

func (it *interaction) userID() string {
	if it.i.Member != nil && it.i.Member.User != nil {
		return it.i.Member.User.ID
	}
	if it.i.User != nil {
		return it.i.User.ID
	}
	return ""
}

func (it *interaction) setAcked(ephemeral bool) {
	it.mu.Lock()
	it.acked, it.ephemeral = true, ephemeral
	it.mu.Unlock()
}

func (it *interaction) state() (acked, ephemeral bool) {
	it.mu.Lock()
	defer it.mu.Unlock()
	return it.acked, it.ephemeral
}

func flags(ephemeral bool) discordgo.MessageFlags {
	if ephemeral {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

// deferReply acknowledges at once ("Byline is thinking…"); the answer follows by edits.
func (it *interaction) deferReply(ctx context.Context, ephemeral bool) error {
	err := it.s.InteractionRespond(it.i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: flags(ephemeral), AllowedMentions: noMentions()},
	}, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("defer interaction response: %w", err)
	}
	it.setAcked(ephemeral)
	return nil
}

// reply answers immediately with content (within 3 s, no deferral).
func (it *interaction) reply(ctx context.Context, content string, ephemeral bool) error {
	err := it.s.InteractionRespond(it.i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: content, Flags: flags(ephemeral), AllowedMentions: noMentions()},
	}, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("interaction response: %w", err)
	}
	it.setAcked(ephemeral)
	return nil
}

// replyOrLog sends an immediate reply and logs a failure to do so.
func (it *interaction) replyOrLog(ctx context.Context, content string, ephemeral bool) {
	if err := it.reply(ctx, content, ephemeral); err != nil {
		it.log.Error("reply to interaction", "err", err)
	}
}

func (it *interaction) edit(ctx context.Context, content string) error {
	return it.editWith(ctx, content, nil)
}

func (it *interaction) editWith(ctx context.Context, content string, buttons []discordgo.MessageComponent) error {
	comps := components(buttons)
	_, err := it.s.InteractionResponseEdit(it.i, &discordgo.WebhookEdit{Content: &content, Components: &comps, AllowedMentions: noMentions()}, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("edit interaction response: %w", err)
	}
	return nil
}

func (it *interaction) more(ctx context.Context, content string) error {
	return it.moreWith(ctx, content, nil)
}

func (it *interaction) moreWith(ctx context.Context, content string, buttons []discordgo.MessageComponent) error {
	_, ephemeral := it.state()
	_, err := it.s.FollowupMessageCreate(it.i, true, &discordgo.WebhookParams{
		Content: content, Components: components(buttons), Flags: flags(ephemeral), AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("send follow-up message: %w", err)
	}
	return nil
}

// fail tells the user text, however far the interaction got.
func (it *interaction) fail(ctx context.Context, text string) {
	dctx, cancel := detached(ctx)
	defer cancel()
	var err error
	switch acked, _ := it.state(); {
	case it.i.Type == discordgo.InteractionApplicationCommandAutocomplete:
		if !acked {
			err = it.choices(dctx, nil)
		}
	case acked:
		err = it.edit(dctx, text)
	default:
		err = it.reply(dctx, text, true)
	}
	if err != nil {
		it.log.Error("tell user about failure", "err", err)
	}
}

// choices answers an autocomplete interaction. Discord wants a list, empty
// when nothing matches (never null).
func (it *interaction) choices(ctx context.Context, choices []*discordgo.ApplicationCommandOptionChoice) error {
	if choices == nil {
		choices = []*discordgo.ApplicationCommandOptionChoice{}
	}
	err := it.s.InteractionRespond(it.i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	}, discordgo.WithContext(ctx))
	if err == nil {
		it.setAcked(true)
	}
	return err
}
