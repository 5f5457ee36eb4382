package discordfake

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Message is a message as the fake stores it: sent by a user through
// SendMessage, or by the bot through the channel API or an interaction.
type Message struct {
	ID        string
	ChannelID string
	// GuildID is empty in DMs.
	GuildID string
	Author  User
	Content string
	Embeds  []*discordgo.MessageEmbed
	// Components are the raw component objects, as sent.
	Components  []json.RawMessage
	Attachments []Attachment
	// AllowedMentions is what the sender passed; nil means the field was
	// absent, in which case Discord parses every mention in the content.
	AllowedMentions *discordgo.MessageAllowedMentions
	// Reference is set for replies.
	Reference *discordgo.MessageReference
	Flags     discordgo.MessageFlags
	// MentionIDs are the users the message mentions (<@id> in the content,
	// plus the replied-to author for replies that ping).
	MentionIDs []string
	// InteractionToken is set on interaction responses and follow-ups.
	InteractionToken string
	// WebhookID is the application id on interaction messages.
	WebhookID string
	Timestamp time.Time
	// EditedAt is the time of the last edit, zero if never edited.
	EditedAt time.Time
	// Edits counts successful edits; EditTimes are their times, to check
	// that streamed edits are throttled.
	Edits     int
	EditTimes []time.Time
	Deleted   bool
	// ThreadID is the thread started from this message, if any.
	ThreadID string
	// Reactions are the emoji the bot reacted with.
	Reactions []string
}

// Attachment is a file uploaded with a message (multipart requests).
type Attachment struct {
	ID          string
	Filename    string
	ContentType string
	Size        int
}

// Ephemeral reports whether only the invoking user sees the message.
func (m Message) Ephemeral() bool { return m.Flags&discordgo.MessageFlagsEphemeral != 0 }

// Loading reports whether the message is a deferred response still showing
// "<bot> is thinking...".
func (m Message) Loading() bool { return m.Flags&discordgo.MessageFlagsLoading != 0 }

func (m *Message) clone() Message {
	c := *m
	c.Embeds = slices.Clone(m.Embeds)
	c.Components = slices.Clone(m.Components)
	c.Attachments = slices.Clone(m.Attachments)
	c.MentionIDs = slices.Clone(m.MentionIDs)
	c.Reactions = slices.Clone(m.Reactions)
	c.EditTimes = slices.Clone(m.EditTimes)
	if m.AllowedMentions != nil {
		am := *m.AllowedMentions
		am.Parse = slices.Clone(am.Parse)
		am.Users = slices.Clone(am.Users)
		am.Roles = slices.Clone(am.Roles)
		c.AllowedMentions = &am
	}
	if m.Reference != nil {
		r := *m.Reference
		c.Reference = &r
	}
	return c
}

// Text returns the content plus every embed's title, description, field
// names and values and footer, one per line: what a reader sees.
func (m Message) Text() string {
	var b strings.Builder
	b.WriteString(m.Content)
	for _, e := range m.Embeds {
		for _, s := range []string{e.Title, e.Description} {
			if s != "" {
				b.WriteString("\n" + s)
			}
		}
		for _, f := range e.Fields {
			if f != nil {
				b.WriteString("\n" + f.Name + "\n" + f.Value)
			}
		}
		if e.Footer != nil && e.Footer.Text != "" {
			b.WriteString("\n" + e.Footer.Text)
		}
	}
	return b.String()
}

var (
	everyoneRe = regexp.MustCompile(`@(everyone|here)`)
	userRe     = regexp.MustCompile(`<@!?(\d+)>`)
	roleRe     = regexp.MustCompile(`<@&(\d+)>`)
)

// Pings returns who the message would notify on Discord, given its content
// and AllowedMentions: "@everyone", "@here", "user:<id>", "role:<id>", and
// "reply" for a reply that pings the replied-to author. Like
// Discord it looks at the content only (mentions inside embeds never ping).
// With AllowedMentions absent every mention pings; with it present, a mention
// pings only if its type is in Parse or its id is in Users/Roles. A safe
// message sends AllowedMentions with an empty Parse and no Users or Roles.
func (m Message) Pings() []string {
	return Pings(m.Content, m.AllowedMentions, m.Reference != nil)
}

// WouldPing reports whether the message would notify anyone (see Pings).
func (m Message) WouldPing() bool { return len(m.Pings()) > 0 }

// Pings applies Discord's allowed_mentions rules to content (see
// Message.Pings). isReply adds the replied-to author, who is pinged unless
// allowed_mentions is present with replied_user false.
func Pings(content string, am *discordgo.MessageAllowedMentions, isReply bool) []string {
	allows := func(t discordgo.AllowedMentionType) bool {
		return am == nil || slices.Contains(am.Parse, t)
	}
	var out []string
	for _, g := range everyoneRe.FindAllStringSubmatch(content, -1) {
		if allows(discordgo.AllowedMentionTypeEveryone) {
			out = appendUnique(out, "@"+g[1])
		}
	}
	for _, g := range userRe.FindAllStringSubmatch(content, -1) {
		if allows(discordgo.AllowedMentionTypeUsers) || (am != nil && slices.Contains(am.Users, g[1])) {
			out = appendUnique(out, "user:"+g[1])
		}
	}
	for _, g := range roleRe.FindAllStringSubmatch(content, -1) {
		if allows(discordgo.AllowedMentionTypeRoles) || (am != nil && slices.Contains(am.Roles, g[1])) {
			out = appendUnique(out, "role:"+g[1])
		}
	}
	if isReply && (am == nil || am.RepliedUser) {
		out = append(out, "reply")
	}
	return out
}

func appendUnique(s []string, v string) []string {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

// mentionedUsers returns the user ids mentioned in content, in order.
func mentionedUsers(content string) []string {
	var out []string
	for _, g := range userRe.FindAllStringSubmatch(content, -1) {
		out = appendUnique(out, g[1])
	}
	return out
}

func mentionedRoles(content string) []string {
	var out []string
	for _, g := range roleRe.FindAllStringSubmatch(content, -1) {
		out = appendUnique(out, g[1])
	}
	return out
}
