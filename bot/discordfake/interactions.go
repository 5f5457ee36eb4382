package discordfake

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Interaction describes an INTERACTION_CREATE the fake sends as if a user
// ran a slash command (or typed into an autocompleted option).
type Interaction struct {
	// Type is discordgo.InteractionApplicationCommand when zero; use
	// discordgo.InteractionApplicationCommandAutocomplete for autocomplete.
	Type discordgo.InteractionType
	// Command is the command name. If the bot registered it, the command id
	// and option types come from the registration.
	Command string
	Options []Option
	// UserID must be a guild member (AddMember), or a user with a DM
	// channel (AddDMChannel) when ChannelID is that DM channel.
	UserID string
	// ChannelID defaults to GeneralChannelID.
	ChannelID string
	// Locale defaults to "en-US".
	Locale string
	// AppPermissions are the bot's permissions in the channel (all when zero).
	AppPermissions int64
}

// Option is a command option value. Type is inferred when zero: from the
// registered command, else from Value (string, int, float64, bool, File),
// and a nil Value with nested Options is a subcommand. For an attachment
// option, Value is a File (or *File): the fake stores and serves it, sends
// its id as the value and the attachment in data.resolved.attachments.
type Option struct {
	Name    string
	Type    discordgo.ApplicationCommandOptionType
	Value   any
	Focused bool
	Options []Option
}

// interaction is the fake's record of one interaction.
type interaction struct {
	id, token   string
	typ         discordgo.InteractionType
	commandName string
	user        User
	inGuild     bool
	channelID   string
	sentAt      time.Time

	acked      bool
	ackType    discordgo.InteractionResponseType
	ackAt      time.Time
	choices    []*discordgo.ApplicationCommandOptionChoice
	original   *Message
	followups  []*Message
	rejections []int
	// clicked is the message whose button was pressed (component
	// interactions): a deferred update (6) or an update (7) acts on it.
	clicked *Message
}

func (in *interaction) owners(guildID string) obj {
	if in.inGuild {
		return obj{"0": guildID}
	}
	return obj{"1": in.user.ID}
}

// InteractionState is what happened to an interaction so far.
type InteractionState struct {
	ID, Token    string
	Command      string
	SentAt       time.Time
	Acknowledged bool
	// CallbackType is the type of the accepted callback (4 reply, 5 deferred,
	// 8 autocomplete result, ...).
	CallbackType discordgo.InteractionResponseType
	// AckLatency is the time from dispatch to the accepted callback.
	AckLatency time.Duration
	// Choices are the autocomplete choices of a type 8 callback.
	Choices []*discordgo.ApplicationCommandOptionChoice
	// Original is the @original response message, nil if none.
	Original *Message
	// Followups are follow-up messages, oldest first. A follow-up that
	// replaced a deferred "thinking" original is the Original, not here.
	Followups []Message
	// RejectedCodes are the Discord error codes of refused callbacks,
	// edits and follow-ups for this interaction, in order.
	RejectedCodes []int
}

// SendInteraction dispatches INTERACTION_CREATE to the connected bot and
// returns the interaction's id and token. The callback deadline
// (Options.InteractionDeadline) starts now. It fails the test if the user or
// channel is unknown. Without a gateway session the interaction is still
// recorded (and answerable over REST) but nobody receives it; a warning is
// logged.
func (s *Server) SendInteraction(i Interaction) (id, token string) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.sessions) == 0 {
		s.logf("discordfake: SendInteraction(%q) with no gateway session: nobody receives it (open the discordgo session first)", i.Command)
	}
	if i.Type == 0 {
		i.Type = discordgo.InteractionApplicationCommand
	}
	if i.ChannelID == "" {
		i.ChannelID = GeneralChannelID
	}
	if i.Locale == "" {
		i.Locale = "en-US"
	}
	if i.AppPermissions == 0 {
		i.AppPermissions = discordgo.PermissionAll
	}
	ch := s.channels[i.ChannelID]
	if ch == nil {
		s.t.Fatalf("discordfake: SendInteraction: unknown channel %s", i.ChannelID)
	}
	u := s.users[i.UserID]
	if u == nil {
		s.t.Fatalf("discordfake: SendInteraction: unknown user %q (AddMember first)", i.UserID)
	}
	inGuild := ch.Type != discordgo.ChannelTypeDM
	member := s.members[i.UserID]
	if inGuild && member == nil {
		s.t.Fatalf("discordfake: SendInteraction: user %s is not a guild member", i.UserID)
	}

	id = s.newIDLocked()
	token = "aW50ZXJhY3Rpb246" + id + ":fake"
	in := &interaction{id: id, token: token, typ: i.Type, commandName: i.Command, user: *u, inGuild: inGuild, channelID: ch.ID, sentAt: time.Now()}
	s.interactions[token] = in

	cmdID := ""
	var defs []any
	if cmd := s.commandLocked(i.Command); cmd != nil {
		cmdID = cmd.id
		defs, _ = cmd.json["options"].([]any)
	} else {
		cmdID = s.newIDLocked()
	}
	resolved := obj{}
	data := obj{
		"id":      cmdID,
		"name":    i.Command,
		"type":    1,
		"options": s.optionsJSONLocked(i.Options, defs, resolved, ch.ID),
	}
	if len(resolved) > 0 {
		data["resolved"] = resolved
	}
	payload := obj{
		"id":                             id,
		"application_id":                 s.opts.AppID,
		"type":                           int(i.Type),
		"data":                           data,
		"channel_id":                     ch.ID,
		"channel":                        s.channelJSONLocked(ch),
		"token":                          token,
		"version":                        1,
		"app_permissions":                strconv.FormatInt(i.AppPermissions, 10),
		"locale":                         i.Locale,
		"entitlements":                   []obj{},
		"authorizing_integration_owners": in.owners(s.opts.GuildID),
		"attachment_size_limit":          10 << 20,
	}
	if inGuild {
		data["guild_id"] = s.opts.GuildID
	}
	s.sendInteractionLocked(payload, inGuild, member, u)
	return id, token
}

func (s *Server) optionsJSONLocked(opts []Option, defs []any, resolved obj, channelID string) []obj {
	out := []obj{}
	for _, o := range opts {
		var def map[string]any
		for _, d := range defs {
			if dm, ok := d.(map[string]any); ok && dm["name"] == o.Name {
				def = dm
			}
		}
		typ := o.Type
		if typ == 0 && def != nil {
			typ = discordgo.ApplicationCommandOptionType(intField(def, "type", 0))
		}
		if typ == 0 {
			typ = inferOptionType(o)
		}
		j := obj{"name": o.Name, "type": int(typ)}
		if len(o.Options) > 0 || typ == discordgo.ApplicationCommandOptionSubCommand || typ == discordgo.ApplicationCommandOptionSubCommandGroup {
			var sub []any
			if def != nil {
				sub, _ = def["options"].([]any)
			}
			j["options"] = s.optionsJSONLocked(o.Options, sub, resolved, channelID)
		} else if f, ok := fileValue(o.Value); ok {
			if typ != discordgo.ApplicationCommandOptionAttachment {
				s.t.Fatalf("discordfake: SendInteraction: option %q has type %d; a File needs an attachment option (%d)", o.Name, typ, discordgo.ApplicationCommandOptionAttachment)
			}
			id, att := s.attachFileLocked(f, channelID)
			j["value"] = id
			addResolved(resolved, "attachments", id, att)
		} else {
			j["value"] = o.Value
		}
		if o.Focused {
			j["focused"] = true
		}
		s.resolveLocked(typ, o.Value, resolved)
		out = append(out, j)
	}
	return out
}

func inferOptionType(o Option) discordgo.ApplicationCommandOptionType {
	switch o.Value.(type) {
	case nil:
		return discordgo.ApplicationCommandOptionSubCommand
	case bool:
		return discordgo.ApplicationCommandOptionBoolean
	case int, int64, int32:
		return discordgo.ApplicationCommandOptionInteger
	case float64, float32:
		return discordgo.ApplicationCommandOptionNumber
	case File, *File:
		return discordgo.ApplicationCommandOptionAttachment
	default:
		return discordgo.ApplicationCommandOptionString
	}
}

// resolveLocked adds users, members, channels and roles named by option
// values to the interaction's resolved data, as Discord does.
func (s *Server) resolveLocked(typ discordgo.ApplicationCommandOptionType, v any, resolved obj) {
	id, _ := v.(string)
	if id == "" {
		return
	}
	add := func(kind string, val obj) { addResolved(resolved, kind, id, val) }
	switch typ {
	case discordgo.ApplicationCommandOptionUser, discordgo.ApplicationCommandOptionMentionable:
		if u := s.users[id]; u != nil {
			add("users", userJSON(*u))
			if m := s.members[id]; m != nil {
				add("members", memberJSON(m, false, true))
			}
		}
		if typ == discordgo.ApplicationCommandOptionMentionable {
			if r := s.roles[id]; r != nil {
				add("roles", roleJSON(r))
			}
		}
	case discordgo.ApplicationCommandOptionChannel:
		if c := s.channels[id]; c != nil {
			add("channels", obj{"id": c.ID, "name": c.Name, "type": int(c.Type), "permissions": strconv.FormatInt(discordgo.PermissionAll, 10)})
		}
	case discordgo.ApplicationCommandOptionRole:
		if r := s.roles[id]; r != nil {
			add("roles", roleJSON(r))
		}
	}
}

// addResolved puts val under resolved[kind][id].
func addResolved(resolved obj, kind, id string, val obj) {
	m, _ := resolved[kind].(obj)
	if m == nil {
		m = obj{}
		resolved[kind] = m
	}
	m[id] = val
}

// InteractionResponse returns the state of the interaction with this token.
// It fails the test if the token is unknown.
func (s *Server) InteractionResponse(token string) InteractionState {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.interactions[token]
	if in == nil {
		s.t.Fatalf("discordfake: InteractionResponse: unknown token %q", token)
		return InteractionState{}
	}
	st := InteractionState{
		ID: in.id, Token: in.token, Command: in.commandName, SentAt: in.sentAt,
		Acknowledged: in.acked, CallbackType: in.ackType,
		Choices:       slices.Clone(in.choices),
		RejectedCodes: slices.Clone(in.rejections),
	}
	if in.acked {
		st.AckLatency = in.ackAt.Sub(in.sentAt)
	}
	if in.original != nil {
		o := in.original.clone()
		st.Original = &o
	}
	for _, f := range in.followups {
		st.Followups = append(st.Followups, f.clone())
	}
	return st
}

func (s *Server) interactionByTokenLocked(token string) *interaction {
	if token == "" {
		return nil
	}
	return s.interactions[token]
}

// reject records an error answer against an interaction.
func (in *interaction) reject(e *apiError) (int, any) {
	in.rejections = append(in.rejections, e.code)
	return fail(e)
}

// recorded passes a response through, recording its error code, if any,
// against the interaction.
func (in *interaction) recorded(status int, body any) (int, any) {
	if b, ok := body.(obj); ok && status >= 400 {
		if code, ok := b["code"].(int); ok {
			in.rejections = append(in.rejections, code)
		}
	}
	return status, body
}

func (s *Server) interactionCallback(c *reqCtx) (int, any) {
	in := s.interactions[c.params["interaction_token"]]
	if in == nil || in.id != c.params["interaction_id"] {
		return fail(errUnknownInteraction)
	}
	if in.acked {
		return in.reject(errAlreadyAcked)
	}
	if c.now.Sub(in.sentAt) > s.opts.InteractionDeadline {
		return in.reject(errUnknownInteraction)
	}
	var body struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data json.RawMessage                   `json:"data"`
	}
	var fe formErrors
	if err := json.Unmarshal(c.body, &body); err != nil {
		fe.add("", "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
		return in.reject(fe.err())
	}
	allowed := []discordgo.InteractionResponseType{discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseDeferredChannelMessageWithSource, discordgo.InteractionResponseModal}
	switch in.typ {
	case discordgo.InteractionApplicationCommandAutocomplete:
		allowed = []discordgo.InteractionResponseType{discordgo.InteractionApplicationCommandAutocompleteResult}
	case discordgo.InteractionMessageComponent:
		allowed = append(allowed, discordgo.InteractionResponseDeferredMessageUpdate, discordgo.InteractionResponseUpdateMessage)
	}
	if !slices.Contains(allowed, body.Type) {
		fe.add("type", "INTERACTION_CALLBACK_TYPE_INVALID", fmt.Sprintf("Value must be one of %v.", allowed))
		return in.reject(fe.err())
	}
	data := []byte(body.Data)
	if string(data) == "null" {
		data = nil
	}

	switch body.Type {
	case discordgo.InteractionApplicationCommandAutocompleteResult:
		var d struct {
			Choices []any `json:"choices"`
		}
		if len(data) > 0 {
			if err := json.Unmarshal(data, &d); err != nil {
				fe.add("data", "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType")
			}
		}
		validateChoices(&fe, "data.choices", d.Choices)
		if e := fe.err(); e != nil {
			return in.reject(e)
		}
		var typed struct {
			Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
		}
		_ = json.Unmarshal(data, &typed) // same bytes decoded above
		in.choices = typed.Choices
	case discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseDeferredChannelMessageWithSource:
		msgIn, e := parseMessageInput(data)
		if e != nil {
			return in.reject(prefixErrors(e, "data"))
		}
		if e := msgIn.validate(); e != nil {
			return in.reject(prefixErrors(e, "data"))
		}
		m := s.interactionMessageLocked(in, msgIn.flags, c.now)
		if body.Type == discordgo.InteractionResponseDeferredChannelMessageWithSource {
			m.Flags |= discordgo.MessageFlagsLoading
		} else {
			s.applyInputLocked(m, msgIn, c.files)
			if m.empty() {
				return in.reject(errEmptyMessage)
			}
		}
		in.original = m
		s.addMessageLocked(m)
	case discordgo.InteractionResponseDeferredMessageUpdate:
		// Nothing changes now; @original is the message the button is on.
		in.original = in.clicked
	case discordgo.InteractionResponseUpdateMessage:
		msgIn, e := parseMessageInput(data)
		if e != nil {
			return in.reject(prefixErrors(e, "data"))
		}
		if e := msgIn.validate(); e != nil {
			return in.reject(prefixErrors(e, "data"))
		}
		m := in.clicked
		s.applyInputLocked(m, msgIn, c.files)
		m.Edits++
		m.EditedAt = c.now
		m.EditTimes = append(m.EditTimes, c.now)
		in.original = m
	case discordgo.InteractionResponseModal:
		// The user sees a modal; nothing is stored beyond the acknowledgement.
	}
	in.acked = true
	in.ackType = body.Type
	in.ackAt = c.now
	return 204, nil
}

// prefixErrors nests a 50035 error's details under a parent field.
func prefixErrors(e *apiError, parent string) *apiError {
	if e.errors == nil {
		return e
	}
	out := *e
	out.errors = obj{parent: e.errors}
	return &out
}

// webhookInteractionLocked resolves /webhooks/{app}/{token} to its
// interaction, applying Discord's token rules.
func (s *Server) webhookInteractionLocked(c *reqCtx) (*interaction, *apiError) {
	if c.params["webhook_id"] != s.opts.AppID {
		return nil, errUnknownWebhook
	}
	in := s.interactions[c.params["webhook_token"]]
	if in == nil {
		return nil, errUnknownWebhook
	}
	if c.now.Sub(in.sentAt) > s.opts.TokenLifetime {
		return in, errInvalidWebhookTok
	}
	return in, nil
}

// webhookMessageLocked finds @original or a follow-up by id.
func (in *interaction) message(id string) *Message {
	if id == "" || id == "@original" {
		if in.original == nil || in.original.Deleted {
			return nil
		}
		return in.original
	}
	if in.original != nil && in.original.ID == id && !in.original.Deleted {
		return in.original
	}
	for _, f := range in.followups {
		if f.ID == id && !f.Deleted {
			return f
		}
	}
	return nil
}

func messageIDParam(c *reqCtx) string {
	if id, ok := c.params["message_id"]; ok {
		return id
	}
	return "@original"
}

func (s *Server) webhookMessageGet(c *reqCtx) (int, any) {
	in, e := s.webhookInteractionLocked(c)
	if e != nil {
		return fail(e)
	}
	m := in.message(messageIDParam(c))
	if m == nil {
		return in.reject(errUnknownMessage)
	}
	return 200, s.messageJSONLocked(m)
}

func (s *Server) webhookMessageEdit(c *reqCtx) (int, any) {
	in, e := s.webhookInteractionLocked(c)
	if e != nil {
		if in != nil {
			return in.reject(e)
		}
		return fail(e)
	}
	m := in.message(messageIDParam(c))
	if m == nil {
		return in.reject(errUnknownMessage)
	}
	return in.recorded(s.editLocked(m, c))
}

func (s *Server) webhookMessageDelete(c *reqCtx) (int, any) {
	in, e := s.webhookInteractionLocked(c)
	if e != nil {
		return fail(e)
	}
	m := in.message(messageIDParam(c))
	if m == nil {
		return in.reject(errUnknownMessage)
	}
	m.Deleted = true
	return 204, nil
}

// followupCreate answers POST /webhooks/{app}/{token}. After a deferred
// callback, the first follow-up replaces the "thinking" original, as on
// Discord; later ones are new messages.
func (s *Server) followupCreate(c *reqCtx) (int, any) {
	in, e := s.webhookInteractionLocked(c)
	if e != nil {
		if in != nil {
			return in.reject(e)
		}
		return fail(e)
	}
	if !in.acked || in.ackType == discordgo.InteractionApplicationCommandAutocompleteResult {
		return in.reject(errUnknownWebhook)
	}
	msgIn, ae := parseMessageInput(c.body)
	if ae != nil {
		return in.reject(ae)
	}
	if ae := msgIn.validate(); ae != nil {
		return in.reject(ae)
	}
	if o := in.original; o != nil && o.Loading() && !o.Deleted {
		status, body := in.recorded(s.editLocked(o, c))
		if status < 400 && c.query.Get("wait") != "true" {
			return 204, nil
		}
		return status, body
	}
	m := s.interactionMessageLocked(in, msgIn.flags, c.now)
	s.applyInputLocked(m, msgIn, c.files)
	if m.empty() {
		return in.reject(errEmptyMessage)
	}
	in.followups = append(in.followups, m)
	s.addMessageLocked(m)
	if c.query.Get("wait") != "true" {
		return 204, nil
	}
	return 200, s.messageJSONLocked(m)
}

// interactionMessageLocked starts a message the bot sends through an
// interaction (a callback reply or a follow-up), keeping only the flags
// Discord accepts there.
func (s *Server) interactionMessageLocked(in *interaction, flags discordgo.MessageFlags, now time.Time) *Message {
	m := &Message{
		ID:               s.newIDLocked(),
		ChannelID:        in.channelID,
		Author:           s.botUserLocked(),
		Timestamp:        now.UTC(),
		InteractionToken: in.token,
		WebhookID:        s.opts.AppID,
		Flags:            flags & (discordgo.MessageFlagsEphemeral | discordgo.MessageFlagsSuppressEmbeds | discordgo.MessageFlagsSuppressNotifications),
	}
	if in.inGuild {
		m.GuildID = s.opts.GuildID
	}
	return m
}

// ClickButton dispatches INTERACTION_CREATE for userID pressing the button
// with customID under a message the bot sent, as Discord does: type 3
// (MESSAGE_COMPONENT), data {custom_id, component_type: 2} and the message.
// It returns the interaction's id and token; the bot answers it like any
// interaction (a reply, a deferred update (6) or an update of the message
// (7)). It fails the test if the message shows no enabled button with that
// custom id: a user can press only what they see. An ephemeral message can
// be pressed only by the user it was shown to.
func (s *Server) ClickButton(userID, channelID, messageID, customID string) (id, token string) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.findMessageLocked(channelID, messageID)
	if m == nil || m.Deleted {
		s.t.Fatalf("discordfake: ClickButton: no message %s in channel %s", messageID, channelID)
		return "", ""
	}
	if !hasButton(m.Components, customID) {
		s.t.Fatalf("discordfake: ClickButton: message %s shows no enabled button %q (components: %s)", messageID, customID, m.Components)
		return "", ""
	}
	if m.Ephemeral() {
		if in := s.interactionByTokenLocked(m.InteractionToken); in != nil && in.user.ID != userID {
			s.t.Fatalf("discordfake: ClickButton: user %s cannot see ephemeral message %s", userID, messageID)
		}
	}
	ch := s.channels[channelID]
	u := s.users[userID]
	if ch == nil || u == nil {
		s.t.Fatalf("discordfake: ClickButton: unknown channel %s or user %s", channelID, userID)
		return "", ""
	}
	inGuild := ch.Type != discordgo.ChannelTypeDM
	member := s.members[userID]
	if inGuild && member == nil {
		s.t.Fatalf("discordfake: ClickButton: user %s is not a guild member", userID)
	}
	id = s.newIDLocked()
	token = "aW50ZXJhY3Rpb246" + id + ":fake"
	in := &interaction{id: id, token: token, typ: discordgo.InteractionMessageComponent, commandName: customID,
		user: *u, inGuild: inGuild, channelID: ch.ID, sentAt: time.Now(), clicked: m}
	s.interactions[token] = in
	payload := obj{
		"id":                             id,
		"application_id":                 s.opts.AppID,
		"type":                           int(discordgo.InteractionMessageComponent),
		"data":                           obj{"custom_id": customID, "component_type": int(discordgo.ButtonComponent)},
		"message":                        s.messageJSONLocked(m),
		"channel_id":                     ch.ID,
		"channel":                        s.channelJSONLocked(ch),
		"token":                          token,
		"version":                        1,
		"app_permissions":                strconv.FormatInt(discordgo.PermissionAll, 10),
		"locale":                         "en-US",
		"entitlements":                   []obj{},
		"authorizing_integration_owners": in.owners(s.opts.GuildID),
		"attachment_size_limit":          10 << 20,
	}
	s.sendInteractionLocked(payload, inGuild, member, u)
	return id, token
}

// Buttons returns the custom ids of the enabled buttons a message shows, in
// order.
func (m Message) Buttons() []string {
	var ids []string
	for _, raw := range m.Components {
		var row struct {
			Components []struct {
				Type     int    `json:"type"`
				CustomID string `json:"custom_id"`
				Disabled bool   `json:"disabled"`
			} `json:"components"`
		}
		if json.Unmarshal(raw, &row) != nil {
			continue
		}
		for _, c := range row.Components {
			if c.Type == int(discordgo.ButtonComponent) && c.CustomID != "" && !c.Disabled {
				ids = append(ids, c.CustomID)
			}
		}
	}
	return ids
}

func hasButton(components []json.RawMessage, customID string) bool {
	return slices.Contains(Message{Components: components}.Buttons(), customID)
}

// sendInteractionLocked adds who sent an interaction, as Discord does (a
// guild member, or a user in a DM), and dispatches INTERACTION_CREATE.
func (s *Server) sendInteractionLocked(payload obj, inGuild bool, member *Member, u *User) {
	if inGuild {
		payload["guild_id"] = s.opts.GuildID
		payload["guild_locale"] = "en-US"
		payload["member"] = memberJSON(member, true, true)
		payload["context"] = 0
		payload["guild"] = obj{"id": s.opts.GuildID, "locale": "en-US", "features": []string{}}
	} else {
		payload["user"] = userJSON(*u)
		payload["context"] = 1
	}
	s.dispatchLocked("INTERACTION_CREATE", 0, func(*gwSession) any { return payload })
}
