package bot

import (
	"github.com/bwmarrin/discordgo"
)

// Slash command and option names.
const (
	cmdAsk       = "ask"
	cmdSummarize = "summarize"
	cmdSources   = "sources"
	cmdReindex   = "reindex"
	cmdAdd       = "add"
	cmdHelp      = "help"
)

// commands are the slash commands registered at start. Admin commands carry
// DefaultMemberPermissions (hidden from non-admins by default) but are
// checked again on every use, since a guild can override that.
func commands(cfg Config) []*discordgo.ApplicationCommand {
	everywhere := &[]discordgo.InteractionContextType{
		discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM,
	}
	guildOnly := &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	adminPerms := int64(discordgo.PermissionManageGuild)
	one, maxDays := 1.0, 365.0
	cmds := []*discordgo.ApplicationCommand{
		{
			Name:        cmdAsk,
			Description: "Ask a question about the indexed news articles",
			Contexts:    everywhere,
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "Your question", Required: true, MaxLength: cfg.MaxQuestionChars},
				{Type: discordgo.ApplicationCommandOptionBoolean, Name: "private", Description: "Show the answer to you only"},
			},
		},
		{
			Name:        cmdSummarize,
			Description: "Summarize one article, or recent coverage of a topic",
			Contexts:    everywhere,
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "article", Description: "The article (start typing its title)", Autocomplete: true},
				{Type: discordgo.ApplicationCommandOptionString, Name: "topic", Description: "A topic to summarize across articles", MaxLength: cfg.MaxQuestionChars},
				{Type: discordgo.ApplicationCommandOptionInteger, Name: "days", Description: "How many recent days of coverage (with topic)", MinValue: &one, MaxValue: maxDays},
			},
		},
		{
			Name:        cmdSources,
			Description: "List the indexed articles",
			Contexts:    everywhere,
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "query", Description: "Only articles matching this", MaxLength: 200},
			},
		},
		{
			Name:                     cmdReindex,
			Description:              "Re-index the configured sources (admins)",
			Contexts:                 guildOnly,
			DefaultMemberPermissions: &adminPerms,
		},
		{
			Name:                     cmdAdd,
			Description:              "Add one article or feed, by URL or file (admins)",
			Contexts:                 guildOnly,
			DefaultMemberPermissions: &adminPerms,
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "url", Description: "An article or feed URL", MaxLength: 2000},
				{Type: discordgo.ApplicationCommandOptionAttachment, Name: "file", Description: "An article file"},
			},
		},
		{
			Name:        cmdHelp,
			Description: "How to use Byline",
			Contexts:    everywhere,
		},
	}
	if cfg.News != nil {
		cmds = append(cmds, feedsCommand(&adminPerms), digestCommand(cfg))
	}
	return cmds
}

// Option values arrive as JSON values; reading them with discordgo's
// StringValue and friends panics on a type mismatch, so these check.

func option(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) *discordgo.ApplicationCommandInteractionDataOption {
	for _, o := range opts {
		if o != nil && o.Name == name {
			return o
		}
	}
	return nil
}

func optString(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) string {
	if o := option(opts, name); o != nil {
		if s, ok := o.Value.(string); ok {
			return s
		}
	}
	return ""
}

func optBool(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) bool {
	if o := option(opts, name); o != nil {
		if v, ok := o.Value.(bool); ok {
			return v
		}
	}
	return false
}

func optInt(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) int {
	if o := option(opts, name); o != nil {
		if v, ok := o.Value.(float64); ok {
			return int(v)
		}
	}
	return 0
}

// focused returns the option being typed in an autocomplete request.
func focused(opts []*discordgo.ApplicationCommandInteractionDataOption) *discordgo.ApplicationCommandInteractionDataOption {
	for _, o := range opts {
		if o != nil && o.Focused {
			return o
		}
	}
	return nil
}
