package discordfake

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// This file renders the fake's state as Discord's JSON objects. Shapes follow
// Discord's API reference (and the schemas checked by .ci/discord-conformance):
// snowflakes and permission sets as strings, RFC 3339 UTC timestamps, arrays
// never null.

type obj = map[string]any

func ts(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z07:00") }

func userJSON(u User) obj {
	o := obj{
		"id":            u.ID,
		"username":      u.Username,
		"avatar":        nil,
		"discriminator": "0",
		"public_flags":  0,
		"flags":         0,
		"global_name":   nil,
		"primary_guild": nil,
	}
	if u.Bot {
		o["bot"] = true
		o["discriminator"] = "0001"
	}
	return o
}

// memberJSON renders a guild member; withUser false gives the partial member
// Discord attaches to MESSAGE_CREATE.
func memberJSON(m *Member, withUser, withPermissions bool) obj {
	o := obj{
		"roles":                        nonNil(m.Roles),
		"joined_at":                    ts(m.JoinedAt),
		"nick":                         nilIfEmpty(m.Nick),
		"avatar":                       nil,
		"banner":                       nil,
		"premium_since":                nil,
		"communication_disabled_until": nil,
		"deaf":                         false,
		"mute":                         false,
		"flags":                        0,
		"pending":                      false,
	}
	if withUser {
		o["user"] = userJSON(m.User)
	}
	if withPermissions {
		o["permissions"] = strconv.FormatInt(m.Permissions, 10)
	}
	return o
}

func roleJSON(r *Role) obj {
	return obj{
		"id":            r.ID,
		"name":          r.Name,
		"permissions":   strconv.FormatInt(r.Permissions, 10),
		"position":      r.Position,
		"color":         0,
		"colors":        obj{"primary_color": 0, "secondary_color": nil, "tertiary_color": nil},
		"hoist":         false,
		"managed":       false,
		"mentionable":   false,
		"icon":          nil,
		"unicode_emoji": nil,
		"flags":         0,
	}
}

func (s *Server) channelJSONLocked(c *Channel) obj {
	o := obj{
		"id":    c.ID,
		"type":  int(c.Type),
		"flags": 0,
	}
	if last := s.messages[c.ID]; len(last) > 0 {
		o["last_message_id"] = last[len(last)-1].ID
	} else {
		o["last_message_id"] = nil
	}
	switch {
	case c.Type == discordgo.ChannelTypeDM:
		rec := s.users[c.RecipientID]
		if rec == nil {
			rec = &User{ID: c.RecipientID, Username: "unknown"}
		}
		o["recipients"] = []obj{userJSON(*rec)}
	case c.IsThread():
		o["guild_id"] = s.opts.GuildID
		o["name"] = c.Name
		o["parent_id"] = c.ParentID
		o["owner_id"] = c.OwnerID
		o["rate_limit_per_user"] = 0
		o["message_count"] = c.MessageCount
		o["member_count"] = 1
		o["total_message_sent"] = c.MessageCount
		o["thread_metadata"] = obj{
			"archived":              false,
			"archive_timestamp":     ts(c.CreatedAt),
			"auto_archive_duration": c.AutoArchiveDuration,
			"locked":                false,
			"create_timestamp":      ts(c.CreatedAt),
		}
	default:
		o["guild_id"] = s.opts.GuildID
		o["name"] = c.Name
		o["position"] = 0
		o["permission_overwrites"] = []obj{}
		o["parent_id"] = nil
		o["topic"] = nil
		o["nsfw"] = false
		o["rate_limit_per_user"] = 0
		o["last_pin_timestamp"] = nil
	}
	return o
}

func (s *Server) messageJSONLocked(m *Message) obj {
	author := m.Author
	mentions := []obj{}
	for _, id := range m.MentionIDs {
		if u := s.users[id]; u != nil {
			mentions = append(mentions, userJSON(*u))
		} else {
			mentions = append(mentions, userJSON(User{ID: id, Username: "unknown"}))
		}
	}
	embeds := make([]*discordgo.MessageEmbed, 0, len(m.Embeds))
	embeds = append(embeds, m.Embeds...)
	attachments := []obj{}
	for _, a := range m.Attachments {
		attachments = append(attachments, obj{
			"id":           a.ID,
			"filename":     a.Filename,
			"size":         a.Size,
			"url":          "https://cdn.discordapp.com/attachments/" + m.ChannelID + "/" + a.ID + "/" + a.Filename,
			"proxy_url":    "https://media.discordapp.net/attachments/" + m.ChannelID + "/" + a.ID + "/" + a.Filename,
			"content_type": nilIfEmpty(a.ContentType),
		})
	}
	var edited any
	if !m.EditedAt.IsZero() {
		edited = ts(m.EditedAt)
	}
	typ := discordgo.MessageTypeDefault
	if m.Reference != nil {
		typ = discordgo.MessageTypeReply
	}
	if m.InteractionToken != "" {
		typ = discordgo.MessageTypeChatInputCommand
	}
	o := obj{
		"id":               m.ID,
		"type":             int(typ),
		"channel_id":       m.ChannelID,
		"author":           userJSON(author),
		"content":          m.Content,
		"timestamp":        ts(m.Timestamp),
		"edited_timestamp": edited,
		"tts":              false,
		"mention_everyone": everyoneRe.MatchString(m.Content) && allowsEveryone(m.AllowedMentions),
		"mentions":         mentions,
		"mention_roles":    nonNil(mentionedRoles(m.Content)),
		"attachments":      attachments,
		"embeds":           embeds,
		"components":       nonNilRaw(m.Components),
		"pinned":           false,
		"flags":            int(m.Flags),
	}
	if m.Reference != nil {
		ref := obj{"type": 0, "message_id": m.Reference.MessageID, "channel_id": m.ChannelID}
		if m.GuildID != "" {
			ref["guild_id"] = m.GuildID
		}
		o["message_reference"] = ref
		o["referenced_message"] = nil
		if refd := s.findMessageLocked(m.ChannelID, m.Reference.MessageID); refd != nil {
			o["referenced_message"] = s.basicMessageJSONLocked(refd)
		}
	}
	if m.WebhookID != "" {
		o["webhook_id"] = m.WebhookID
		o["application_id"] = s.opts.AppID
	}
	if in := s.interactionByTokenLocked(m.InteractionToken); in != nil {
		user := in.user
		o["interaction_metadata"] = obj{
			"id":                             in.id,
			"type":                           int(in.typ),
			"user":                           userJSON(user),
			"authorizing_integration_owners": in.owners(s.opts.GuildID),
		}
	}
	if m.ThreadID != "" {
		if c := s.channels[m.ThreadID]; c != nil {
			o["thread"] = s.channelJSONLocked(c)
		}
	}
	return o
}

// basicMessageJSONLocked renders a referenced message without recursion.
func (s *Server) basicMessageJSONLocked(m *Message) obj {
	o := s.messageJSONLocked(&Message{
		ID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, Author: m.Author, Content: m.Content,
		Embeds: m.Embeds, Components: m.Components, Attachments: m.Attachments, AllowedMentions: m.AllowedMentions,
		Flags: m.Flags, MentionIDs: m.MentionIDs, Timestamp: m.Timestamp, EditedAt: m.EditedAt,
	})
	return o
}

func allowsEveryone(am *discordgo.MessageAllowedMentions) bool {
	if am == nil {
		return true
	}
	for _, p := range am.Parse {
		if p == discordgo.AllowedMentionTypeEveryone {
			return true
		}
	}
	return false
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilRaw(s []json.RawMessage) []json.RawMessage {
	if s == nil {
		return []json.RawMessage{}
	}
	return s
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
