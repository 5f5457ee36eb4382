package bot

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// sourcesShown is how many articles /sources lists at most; renderSources
// trims to one message.
const sourcesShown = 25

func (b *Bot) sources(ctx context.Context, it *interaction, data discordgo.ApplicationCommandInteractionData) {
	query := strings.TrimSpace(optString(data.Options, "query"))
	// All matches (limit 0): the reply says how many there are.
	it.replyOrLog(ctx, renderSources(b.backend.Articles(query, 0), query), false)
}
