package discordfake

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Discord's message limits.
const (
	MaxContentLength     = 2000
	MaxEmbeds            = 10
	MaxEmbedTitle        = 256
	MaxEmbedDescription  = 4096
	MaxEmbedFields       = 25
	MaxEmbedFieldName    = 256
	MaxEmbedFieldValue   = 1024
	MaxEmbedFooterText   = 2048
	MaxEmbedAuthorName   = 256
	MaxEmbedTotal        = 6000
	MaxAutocompleteItems = 25
)

// messageInput is the parsed message part of a create/edit/callback body.
// has records which fields were present, for PATCH semantics.
type messageInput struct {
	has             map[string]bool
	content         string
	embeds          []*discordgo.MessageEmbed
	components      []json.RawMessage
	allowedMentions *discordgo.MessageAllowedMentions
	reference       *discordgo.MessageReference
	flags           discordgo.MessageFlags
	stickers        []string
	poll            bool
	keepAttachments *[]json.RawMessage
}

// parseMessageInput decodes the message fields of body, reporting type
// errors the way Discord does (50035).
func parseMessageInput(body []byte) (messageInput, *apiError) {
	in := messageInput{has: map[string]bool{}}
	if len(body) == 0 {
		return in, nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		var fe formErrors
		fe.add("", "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
		return in, fe.err()
	}
	var fe formErrors
	decode := func(name string, v any, code, msg string) {
		raw, ok := fields[name]
		if !ok {
			return
		}
		in.has[name] = true
		if string(raw) == "null" {
			return
		}
		if err := json.Unmarshal(raw, v); err != nil {
			fe.add(name, code, msg)
		}
	}
	decode("content", &in.content, "BASE_TYPE_STRING", "Must be a string.")
	decode("embeds", &in.embeds, "BASE_TYPE_ARRAY", "Must be an array.")
	decode("components", &in.components, "BASE_TYPE_ARRAY", "Must be an array.")
	decode("allowed_mentions", &in.allowedMentions, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType")
	decode("message_reference", &in.reference, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType")
	decode("flags", &in.flags, "NUMBER_TYPE_COERCE", "Value is not int.")
	decode("sticker_ids", &in.stickers, "BASE_TYPE_ARRAY", "Must be an array.")
	if raw, ok := fields["poll"]; ok && string(raw) != "null" {
		in.poll = true
	}
	if raw, ok := fields["attachments"]; ok {
		var keep []json.RawMessage
		if string(raw) != "null" {
			if err := json.Unmarshal(raw, &keep); err != nil {
				fe.add("attachments", "BASE_TYPE_ARRAY", "Must be an array.")
			}
		}
		in.keepAttachments = &keep
	}
	// embeds: [null] decodes to a nil element; Discord rejects it.
	for i, e := range in.embeds {
		if e == nil {
			fe.add(fmt.Sprintf("embeds.%d", i), "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType")
		}
	}
	return in, fe.err()
}

// validate checks the limits Discord enforces on the fields present.
func (in messageInput) validate() *apiError {
	var fe formErrors
	if n := utf8.RuneCountInString(in.content); n > MaxContentLength {
		fe.add("content", "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", MaxContentLength))
	}
	validateEmbeds(&fe, in.embeds)
	if am := in.allowedMentions; am != nil {
		for i, p := range am.Parse {
			switch p {
			case discordgo.AllowedMentionTypeUsers, discordgo.AllowedMentionTypeRoles, discordgo.AllowedMentionTypeEveryone:
			default:
				fe.add(fmt.Sprintf("allowed_mentions.parse.%d", i), "BASE_TYPE_CHOICES", "Value must be one of ('roles', 'users', 'everyone').")
			}
		}
		if slices.Contains(am.Parse, discordgo.AllowedMentionTypeUsers) && len(am.Users) > 0 {
			fe.add("allowed_mentions", "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE", "parse:[\"users\"] and users: [ids...] are mutually exclusive.")
		}
		if slices.Contains(am.Parse, discordgo.AllowedMentionTypeRoles) && len(am.Roles) > 0 {
			fe.add("allowed_mentions", "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE", "parse:[\"roles\"] and roles: [ids...] are mutually exclusive.")
		}
		if len(am.Users) > 100 || len(am.Roles) > 100 {
			fe.add("allowed_mentions", "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
		}
	}
	return fe.err()
}

func validateEmbeds(fe *formErrors, embeds []*discordgo.MessageEmbed) {
	if len(embeds) > MaxEmbeds {
		fe.add("embeds", "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", MaxEmbeds))
	}
	total := 0
	maxLen := func(path, v string, limit int) {
		n := utf8.RuneCountInString(v)
		total += n
		if n > limit {
			fe.add(path, "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", limit))
		}
	}
	checkURL := func(path, v string, allowAttachment bool) {
		if v == "" {
			return
		}
		u, err := url.Parse(v)
		ok := err == nil && (((u.Scheme == "http" || u.Scheme == "https") && u.Host != "") || (allowAttachment && u.Scheme == "attachment"))
		if !ok {
			fe.add(path, "URL_TYPE_INVALID_URL", "Not a well formed URL.")
		}
	}
	for i, e := range embeds {
		if e == nil {
			continue
		}
		p := fmt.Sprintf("embeds.%d", i)
		maxLen(p+".title", e.Title, MaxEmbedTitle)
		maxLen(p+".description", e.Description, MaxEmbedDescription)
		checkURL(p+".url", e.URL, false)
		if e.Color < 0 || e.Color > 0xFFFFFF {
			fe.add(p+".color", "NUMBER_TYPE_MAX", "int value should be less than or equal to 16777215.")
		}
		if e.Timestamp != "" {
			if _, err := time.Parse(time.RFC3339, e.Timestamp); err != nil {
				fe.add(p+".timestamp", "DATE_TIME_TYPE_PARSE", "Could not parse "+e.Timestamp+". Should be ISO8601.")
			}
		}
		if len(e.Fields) > MaxEmbedFields {
			fe.add(p+".fields", "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", MaxEmbedFields))
		}
		for j, f := range e.Fields {
			fp := fmt.Sprintf("%s.fields.%d", p, j)
			if f == nil {
				fe.add(fp, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType")
				continue
			}
			if strings.TrimSpace(f.Name) == "" {
				fe.add(fp+".name", "BASE_TYPE_REQUIRED", "This field is required")
			}
			if strings.TrimSpace(f.Value) == "" {
				fe.add(fp+".value", "BASE_TYPE_REQUIRED", "This field is required")
			}
			maxLen(fp+".name", f.Name, MaxEmbedFieldName)
			maxLen(fp+".value", f.Value, MaxEmbedFieldValue)
		}
		if e.Footer != nil {
			maxLen(p+".footer.text", e.Footer.Text, MaxEmbedFooterText)
			checkURL(p+".footer.icon_url", e.Footer.IconURL, true)
		}
		if e.Author != nil {
			maxLen(p+".author.name", e.Author.Name, MaxEmbedAuthorName)
			checkURL(p+".author.url", e.Author.URL, false)
			checkURL(p+".author.icon_url", e.Author.IconURL, true)
		}
		if e.Image != nil {
			checkURL(p+".image.url", e.Image.URL, true)
		}
		if e.Thumbnail != nil {
			checkURL(p+".thumbnail.url", e.Thumbnail.URL, true)
		}
	}
	if total > MaxEmbedTotal {
		fe.add("embeds", "MAX_EMBED_SIZE_EXCEEDED", fmt.Sprintf("Embed size exceeds maximum size of %d", MaxEmbedTotal))
	}
}

// empty reports whether a message would have nothing to show.
func (m *Message) empty() bool {
	return strings.TrimSpace(m.Content) == "" && len(m.Embeds) == 0 && len(m.Attachments) == 0 && len(m.Components) == 0
}

// applyInput sets the present fields of in on m (create and PATCH).
func (s *Server) applyInputLocked(m *Message, in messageInput, files []Attachment) {
	if in.has["content"] {
		m.Content = in.content
		m.MentionIDs = mentionedUsers(in.content)
	}
	if in.has["embeds"] {
		m.Embeds = in.embeds
		for _, e := range m.Embeds {
			if e.Type == "" {
				e.Type = discordgo.EmbedTypeRich
			}
		}
	}
	if in.has["components"] {
		m.Components = numberComponents(in.components)
	}
	if in.has["allowed_mentions"] {
		m.AllowedMentions = in.allowedMentions
	}
	if in.keepAttachments != nil {
		var keep []Attachment
		for _, raw := range *in.keepAttachments {
			var a struct {
				ID json.RawMessage `json:"id"`
			}
			if json.Unmarshal(raw, &a) != nil {
				continue
			}
			id := strings.Trim(string(a.ID), `"`)
			for _, old := range m.Attachments {
				if old.ID == id {
					keep = append(keep, old)
				}
			}
		}
		m.Attachments = keep
	}
	for _, f := range files {
		f.ID = s.newIDLocked()
		m.Attachments = append(m.Attachments, f)
	}
}

func (s *Server) findMessageLocked(channelID, id string) *Message {
	for _, m := range s.messages[channelID] {
		if m.ID == id {
			return m
		}
	}
	return nil
}

// addMessageLocked stores a new message and dispatches MESSAGE_CREATE.
func (s *Server) addMessageLocked(m *Message) {
	s.messages[m.ChannelID] = append(s.messages[m.ChannelID], m)
	if ch := s.channels[m.ChannelID]; ch != nil && ch.IsThread() {
		ch.MessageCount++
	}
	if !m.Ephemeral() {
		s.dispatchMessageLocked("MESSAGE_CREATE", m)
	}
}

func (s *Server) botUserLocked() User { return *s.users[s.opts.BotUserID] }

func (s *Server) createMessage(c *reqCtx) (int, any) {
	ch := s.channels[c.params["channel_id"]]
	if ch == nil {
		return fail(errUnknownChannel)
	}
	in, e := parseMessageInput(c.body)
	if e != nil {
		return fail(e)
	}
	if e := in.validate(); e != nil {
		return fail(e)
	}
	m := &Message{
		ID:        s.newIDLocked(),
		ChannelID: ch.ID,
		Author:    s.botUserLocked(),
		Timestamp: c.now.UTC(),
		Flags:     in.flags & (discordgo.MessageFlagsSuppressEmbeds | discordgo.MessageFlagsSuppressNotifications),
	}
	if ch.Type != discordgo.ChannelTypeDM {
		m.GuildID = s.opts.GuildID
	}
	if ref := in.reference; ref != nil && ref.MessageID != "" {
		refCh := ref.ChannelID
		if refCh == "" {
			refCh = ch.ID
		}
		refd := s.findMessageLocked(refCh, ref.MessageID)
		if refd == nil && (ref.FailIfNotExists == nil || *ref.FailIfNotExists) {
			var fe formErrors
			fe.add("message_reference", "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message")
			return fail(fe.err())
		}
		if refd != nil {
			m.Reference = &discordgo.MessageReference{MessageID: refd.ID, ChannelID: refCh, GuildID: m.GuildID}
		}
	}
	s.applyInputLocked(m, in, c.files)
	if m.empty() && len(in.stickers) == 0 && !in.poll {
		return fail(errEmptyMessage)
	}
	if m.Reference != nil && (m.AllowedMentions == nil || m.AllowedMentions.RepliedUser) {
		if refd := s.findMessageLocked(m.Reference.ChannelID, m.Reference.MessageID); refd != nil {
			m.MentionIDs = appendUnique(m.MentionIDs, refd.Author.ID)
		}
	}
	s.addMessageLocked(m)
	return 200, s.messageJSONLocked(m)
}

func (s *Server) getMessage(c *reqCtx) (int, any) {
	if s.channels[c.params["channel_id"]] == nil {
		return fail(errUnknownChannel)
	}
	m := s.findMessageLocked(c.params["channel_id"], c.params["message_id"])
	if m == nil || m.Deleted || m.Ephemeral() {
		return fail(errUnknownMessage)
	}
	return 200, s.messageJSONLocked(m)
}

func (s *Server) editMessage(c *reqCtx) (int, any) {
	if s.channels[c.params["channel_id"]] == nil {
		return fail(errUnknownChannel)
	}
	m := s.findMessageLocked(c.params["channel_id"], c.params["message_id"])
	if m == nil || m.Deleted || m.Ephemeral() {
		return fail(errUnknownMessage)
	}
	if m.Author.ID != s.opts.BotUserID {
		return fail(errNotAuthor)
	}
	return s.editLocked(m, c)
}

// editLocked applies a PATCH body to m and dispatches MESSAGE_UPDATE.
func (s *Server) editLocked(m *Message, c *reqCtx) (int, any) {
	if s.opts.EditRateLimit > 0 {
		if wait := s.editWaitLocked(m.ChannelID, c.now); wait > 0 {
			return 429, obj{"message": "You are being rate limited.", "retry_after": wait.Seconds(), "global": false, "code": 0}
		}
	}
	in, e := parseMessageInput(c.body)
	if e != nil {
		return fail(e)
	}
	if e := in.validate(); e != nil {
		return fail(e)
	}
	next := m.clone()
	s.applyInputLocked(&next, in, c.files)
	if next.empty() {
		return fail(errEmptyMessage)
	}
	next.Flags &^= discordgo.MessageFlagsLoading
	next.Edits++
	next.EditedAt = c.now.UTC()
	next.EditTimes = append(next.EditTimes, c.now)
	*m = next
	if !m.Ephemeral() {
		s.dispatchMessageLocked("MESSAGE_UPDATE", m)
	}
	return 200, s.messageJSONLocked(m)
}

func (s *Server) deleteMessage(c *reqCtx) (int, any) {
	if s.channels[c.params["channel_id"]] == nil {
		return fail(errUnknownChannel)
	}
	m := s.findMessageLocked(c.params["channel_id"], c.params["message_id"])
	if m == nil || m.Deleted {
		return fail(errUnknownMessage)
	}
	m.Deleted = true
	return 204, nil
}

func (s *Server) addReaction(c *reqCtx) (int, any) {
	if s.channels[c.params["channel_id"]] == nil {
		return fail(errUnknownChannel)
	}
	m := s.findMessageLocked(c.params["channel_id"], c.params["message_id"])
	if m == nil || m.Deleted {
		return fail(errUnknownMessage)
	}
	m.Reactions = appendUnique(m.Reactions, c.params["emoji_name"])
	return 204, nil
}

// listMessages answers GET /channels/{id}/messages: newest first, limit
// 1..100 (default 50), with before/after/around as on Discord.
func (s *Server) listMessages(c *reqCtx) (int, any) {
	if s.channels[c.params["channel_id"]] == nil {
		return fail(errUnknownChannel)
	}
	limit := 50
	if v := c.query.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			var fe formErrors
			fe.add("limit", "NUMBER_TYPE_MAX", "int value should be less than or equal to 100.")
			return fail(fe.err())
		}
		limit = n
	}
	var visible []*Message // oldest first
	for _, m := range s.messages[c.params["channel_id"]] {
		if !m.Deleted && !m.Ephemeral() {
			visible = append(visible, m)
		}
	}
	before, after, around := c.query.Get("before"), c.query.Get("after"), c.query.Get("around")
	var pick []*Message
	switch {
	case before != "":
		for _, m := range visible {
			if idLess(m.ID, before) {
				pick = append(pick, m)
			}
		}
		if len(pick) > limit {
			pick = pick[len(pick)-limit:]
		}
	case after != "":
		for _, m := range visible {
			if idLess(after, m.ID) {
				pick = append(pick, m)
			}
		}
		if len(pick) > limit {
			pick = pick[:limit]
		}
	case around != "":
		idx := 0
		for i, m := range visible {
			if !idLess(m.ID, around) {
				idx = i
				break
			}
		}
		lo := max(0, idx-limit/2)
		hi := min(len(visible), lo+limit)
		pick = visible[lo:hi]
	default:
		pick = visible
		if len(pick) > limit {
			pick = pick[len(pick)-limit:]
		}
	}
	out := make([]obj, 0, len(pick))
	for i := len(pick) - 1; i >= 0; i-- {
		out = append(out, s.messageJSONLocked(pick[i]))
	}
	return 200, out
}

// idLess compares snowflakes numerically.
func idLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

func (s *Server) startThreadFromMessage(c *reqCtx) (int, any) {
	parent := s.channels[c.params["channel_id"]]
	if parent == nil {
		return fail(errUnknownChannel)
	}
	m := s.findMessageLocked(parent.ID, c.params["message_id"])
	if m == nil || m.Deleted || m.Ephemeral() {
		return fail(errUnknownMessage)
	}
	if m.ThreadID != "" {
		return fail(errThreadExists)
	}
	name, archive, e := parseThreadStart(c.body)
	if e != nil {
		return fail(e)
	}
	// On Discord a thread started from a message has the message's id.
	th := &Channel{ID: m.ID, Name: name, Type: discordgo.ChannelTypeGuildPublicThread, ParentID: parent.ID, OwnerID: s.opts.BotUserID, AutoArchiveDuration: archive, CreatedAt: c.now.UTC()}
	s.addChannelLocked(th)
	m.ThreadID = th.ID
	s.dispatchThreadCreateLocked(th)
	return 201, s.channelJSONLocked(th)
}

func (s *Server) startThread(c *reqCtx) (int, any) {
	parent := s.channels[c.params["channel_id"]]
	if parent == nil {
		return fail(errUnknownChannel)
	}
	name, archive, e := parseThreadStart(c.body)
	if e != nil {
		return fail(e)
	}
	var t struct {
		Type discordgo.ChannelType `json:"type"`
	}
	_ = json.Unmarshal(c.body, &t) // already validated as JSON by parseThreadStart
	typ := discordgo.ChannelTypeGuildPrivateThread
	if t.Type == discordgo.ChannelTypeGuildPublicThread {
		typ = t.Type
	}
	th := &Channel{ID: s.newIDLocked(), Name: name, Type: typ, ParentID: parent.ID, OwnerID: s.opts.BotUserID, AutoArchiveDuration: archive, CreatedAt: c.now.UTC()}
	s.addChannelLocked(th)
	s.dispatchThreadCreateLocked(th)
	return 201, s.channelJSONLocked(th)
}

func parseThreadStart(body []byte) (string, int, *apiError) {
	var t struct {
		Name                string `json:"name"`
		AutoArchiveDuration int    `json:"auto_archive_duration"`
	}
	var fe formErrors
	if err := json.Unmarshal(body, &t); err != nil {
		fe.add("", "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
		return "", 0, fe.err()
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(t.Name)); n == 0 {
		fe.add("name", "BASE_TYPE_REQUIRED", "This field is required")
	} else if utf8.RuneCountInString(t.Name) > 100 {
		fe.add("name", "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
	}
	switch t.AutoArchiveDuration {
	case 0:
		t.AutoArchiveDuration = 4320
	case 60, 1440, 4320, 10080:
	default:
		fe.add("auto_archive_duration", "BASE_TYPE_CHOICES", "Value must be one of {60, 1440, 4320, 10080}.")
	}
	return t.Name, t.AutoArchiveDuration, fe.err()
}

// editWindow is the window of Options.EditRateLimit.
const editWindow = 5 * time.Second

// editWaitLocked applies Options.EditRateLimit: it records an edit attempt
// in channelID at now and returns how long to wait if the channel already
// had EditRateLimit edits in the last five seconds.
func (s *Server) editWaitLocked(channelID string, now time.Time) time.Duration {
	recent := s.editLog[channelID][:0]
	for _, t := range s.editLog[channelID] {
		if now.Sub(t) < editWindow {
			recent = append(recent, t)
		}
	}
	s.editLog[channelID] = recent
	if len(recent) >= s.opts.EditRateLimit {
		return editWindow - now.Sub(recent[0])
	}
	s.editLog[channelID] = append(recent, now)
	return 0
}

// numberComponents gives every component without an id one, as Discord
// does: numbered 1, 2, ... through the message, rows before their children.
func numberComponents(comps []json.RawMessage) []json.RawMessage {
	next := 1
	var number func(c map[string]any)
	number = func(c map[string]any) {
		if _, ok := c["id"]; !ok {
			c["id"] = next
		}
		next++
		if kids, ok := c["components"].([]any); ok {
			for _, k := range kids {
				if km, ok := k.(map[string]any); ok {
					number(km)
				}
			}
		}
	}
	out := make([]json.RawMessage, 0, len(comps))
	for _, raw := range comps {
		var c map[string]any
		if json.Unmarshal(raw, &c) != nil {
			out = append(out, raw)
			continue
		}
		number(c)
		b, err := json.Marshal(c)
		if err != nil {
			out = append(out, raw)
			continue
		}
		out = append(out, b)
	}
	return out
}
