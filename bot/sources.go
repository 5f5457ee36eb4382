package bot

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// sourcesShown is how many articles /sources asks for; renderSources trims to one message.
const sourcesShown = 25

func (b *Bot) sources(ctx context.Context, it *interaction, data discordgo.ApplicationCommandInteractionData) {
	query := strings.TrimSpace(optString(data.Options, "query"))
	arts := b.backend.Articles(query, sourcesShown+1)
	more := len(arts) > sourcesShown
	if more {
		arts = arts[:sourcesShown]
	}
	it.replyOrLog(ctx, renderSources(arts, query, more), false)
}
