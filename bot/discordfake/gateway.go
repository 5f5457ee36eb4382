package discordfake

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Gateway opcodes and close codes the fake speaks.
const (
	opDispatch       = 0
	opHeartbeat      = 1
	opIdentify       = 2
	opPresenceUpdate = 3
	opResume         = 6
	opReconnect      = 7
	opRequestMembers = 8
	opInvalidSession = 9
	opHello          = 10
	opHeartbeatACK   = 11

	CloseUnknownOpcode      = 4001
	CloseDecodeError        = 4002
	CloseNotAuthenticated   = 4003
	CloseAuthFailed         = 4004
	CloseAlreadyAuth        = 4005
	CloseInvalidIntents     = 4013
	CloseDisallowedIntents  = 4014
	allKnownIntents         = int64(1<<26 - 1)
	maxQueuedFramesPerConn  = 1024
	gatewayWriteTimeout     = 5 * time.Second
	gatewayDispatchLogLimit = 10000
)

// GatewayStats counts gateway activity since the fake started.
type GatewayStats struct {
	Connections     int // websocket connections accepted
	Identifies      int // successful IDENTIFYs (READY sent)
	Resumes         int // successful RESUMEs (RESUMED sent)
	InvalidSessions int // op 9 sent
	Heartbeats      int // op 1 received
	Closes          map[int]int
}

// Dispatch is one event the fake sent on the gateway.
type Dispatch struct {
	Type      string
	Seq       int64
	SessionID string
	Data      json.RawMessage
}

// gwSession is a gateway session: it outlives connections so a client can
// RESUME, and numbers its dispatches from 1.
type gwSession struct {
	id      string
	intents int64
	seq     int64
	log     []gwFrame // dispatches, kept for replay on RESUME
	conn    *gwConn   // nil while the client is disconnected
}

type gwFrame struct {
	seq  int64
	data []byte
}

// gwConn is one websocket connection. out is drained by the writer
// goroutine; quit stops it.
type gwConn struct {
	ws      *websocket.Conn
	out     chan outFrame
	quit    chan struct{}
	session *gwSession
	closing bool
}

type outFrame struct {
	data      []byte
	closeCode int
	reason    string
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		s.logf("discordfake: gateway upgrade: %v", err)
		return
	}
	c := &gwConn{ws: ws, out: make(chan outFrame, maxQueuedFramesPerConn), quit: make(chan struct{})}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		ws.Close()
		return
	}
	s.conns[c] = struct{}{}
	s.stats.Connections++
	s.sendLocked(c, obj{"op": opHello, "d": obj{"heartbeat_interval": s.opts.HeartbeatInterval.Milliseconds()}, "s": nil, "t": nil})
	s.mu.Unlock()

	done := make(chan struct{})
	go func() {
		defer close(done)
		c.writeLoop()
	}()
	s.readLoop(c)
	<-done
}

// writeLoop writes queued frames in order. After quit it still writes what
// was queued before (a close frame in particular), then closes the socket.
func (c *gwConn) writeLoop() {
	defer c.ws.Close()
	for {
		select {
		case f := <-c.out:
			if !c.write(f) {
				return
			}
		case <-c.quit:
			for {
				select {
				case f := <-c.out:
					if !c.write(f) {
						return
					}
				default:
					return
				}
			}
		}
	}
}

// write sends one frame and reports whether the connection stays usable.
func (c *gwConn) write(f outFrame) bool {
	_ = c.ws.SetWriteDeadline(time.Now().Add(gatewayWriteTimeout))
	if f.closeCode != 0 {
		_ = c.ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(f.closeCode, f.reason))
		return false
	}
	return c.ws.WriteMessage(websocket.TextMessage, f.data) == nil
}

// shutdownLocked stops the connection's writer, which closes the socket.
func (c *gwConn) shutdownLocked() {
	if !c.closing {
		c.closing = true
		close(c.quit)
	}
}

// sendLocked queues a frame; it never blocks.
func (s *Server) sendLocked(c *gwConn, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		s.gatewayErrors = append(s.gatewayErrors, "encode frame: "+err.Error())
		return
	}
	s.sendRawLocked(c, b)
}

func (s *Server) sendRawLocked(c *gwConn, b []byte) {
	if c.closing {
		return
	}
	select {
	case c.out <- outFrame{data: b}:
	default:
		s.gatewayErrors = append(s.gatewayErrors, "client not reading: frame dropped")
	}
}

// closeLocked sends a close frame with code, then closes the connection.
func (s *Server) closeLocked(c *gwConn, code int, reason string) {
	if c.closing {
		return
	}
	if s.stats.Closes == nil {
		s.stats.Closes = map[int]int{}
	}
	s.stats.Closes[code]++
	select {
	case c.out <- outFrame{closeCode: code, reason: reason}:
	default:
	}
	c.closing = true
	close(c.quit)
}

func (s *Server) readLoop(c *gwConn) {
	defer func() {
		s.mu.Lock()
		if c.session != nil && c.session.conn == c {
			c.session.conn = nil
		}
		delete(s.conns, c)
		c.shutdownLocked()
		s.mu.Unlock()
	}()
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) && (ce.Code == websocket.CloseNormalClosure || ce.Code == websocket.CloseGoingAway) {
				// As on Discord, a client closing with 1000/1001 ends its
				// session: a later RESUME gets op 9. A close frame that
				// answers the fake's own close (discordgo's Close after a
				// dropped connection) does not count.
				s.mu.Lock()
				if c.session != nil && !c.closing {
					delete(s.sessions, c.session.id)
				}
				s.mu.Unlock()
			}
			return
		}
		var f struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		s.mu.Lock()
		if err := json.Unmarshal(data, &f); err != nil {
			s.closeLocked(c, CloseDecodeError, "Error while decoding payload.")
			s.mu.Unlock()
			continue
		}
		s.handleOpLocked(c, f.Op, f.D)
		s.mu.Unlock()
	}
}

func (s *Server) handleOpLocked(c *gwConn, op int, d json.RawMessage) {
	switch op {
	case opHeartbeat:
		s.stats.Heartbeats++
		s.sendLocked(c, obj{"op": opHeartbeatACK, "d": nil, "s": nil, "t": nil})
	case opIdentify:
		s.identifyLocked(c, d)
	case opResume:
		s.resumeLocked(c, d)
	case opPresenceUpdate, opRequestMembers, 4:
		if c.session == nil {
			s.closeLocked(c, CloseNotAuthenticated, "Not authenticated.")
		}
	default:
		s.closeLocked(c, CloseUnknownOpcode, "Unknown opcode.")
	}
}

func (s *Server) tokenOK(tok string) bool {
	return tok == s.opts.Token || tok == "Bot "+s.opts.Token
}

func (s *Server) identifyLocked(c *gwConn, d json.RawMessage) {
	if c.session != nil {
		s.closeLocked(c, CloseAlreadyAuth, "Already authenticated.")
		return
	}
	var id struct {
		Token   string `json:"token"`
		Intents *int64 `json:"intents"`
	}
	if err := json.Unmarshal(d, &id); err != nil {
		s.closeLocked(c, CloseDecodeError, "Error while decoding payload.")
		return
	}
	if !s.tokenOK(id.Token) {
		s.closeLocked(c, CloseAuthFailed, "Authentication failed.")
		return
	}
	if id.Intents == nil || *id.Intents < 0 || *id.Intents&^allKnownIntents != 0 {
		s.closeLocked(c, CloseInvalidIntents, "Invalid intent(s).")
		return
	}
	if priv := *id.Intents & PrivilegedIntents; priv&^s.opts.EnabledIntents != 0 {
		s.closeLocked(c, CloseDisallowedIntents, "Disallowed intent(s).")
		return
	}
	sess := &gwSession{id: "session-" + s.newIDLocked(), intents: *id.Intents, conn: c}
	s.sessions[sess.id] = sess
	c.session = sess
	s.stats.Identifies++
	bot := s.botUserLocked()
	ready := obj{
		"v":                       9,
		"user":                    obj{"id": bot.ID, "username": bot.Username, "discriminator": "0001", "bot": true, "verified": true, "avatar": nil, "global_name": nil, "flags": 0, "mfa_enabled": false},
		"guilds":                  []obj{{"id": s.opts.GuildID, "unavailable": true}},
		"session_id":              sess.id,
		"session_type":            "normal",
		"resume_gateway_url":      s.GatewayURL(),
		"private_channels":        []obj{},
		"relationships":           []obj{},
		"presences":               []obj{},
		"guild_join_requests":     []obj{},
		"geo_ordered_rtc_regions": []string{"local"},
		"application":             obj{"id": s.opts.AppID, "flags": 0},
		"shard":                   []int{0, 1},
	}
	s.dispatchToLocked(sess, "READY", ready)
	if sess.intents&int64(discordgo.IntentGuilds) != 0 {
		s.dispatchToLocked(sess, "GUILD_CREATE", s.guildJSONLocked(true, sess.intents))
	}
}

func (s *Server) resumeLocked(c *gwConn, d json.RawMessage) {
	if c.session != nil {
		s.closeLocked(c, CloseAlreadyAuth, "Already authenticated.")
		return
	}
	var r struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if err := json.Unmarshal(d, &r); err != nil {
		s.closeLocked(c, CloseDecodeError, "Error while decoding payload.")
		return
	}
	if !s.tokenOK(r.Token) {
		s.closeLocked(c, CloseAuthFailed, "Authentication failed.")
		return
	}
	sess := s.sessions[r.SessionID]
	if sess == nil || r.Seq > sess.seq {
		s.stats.InvalidSessions++
		s.sendLocked(c, obj{"op": opInvalidSession, "d": false, "s": nil, "t": nil})
		return
	}
	if old := sess.conn; old != nil {
		// The client resumed before the fake noticed the old connection die.
		old.session = nil
		old.shutdownLocked()
	}
	sess.conn = c
	c.session = sess
	s.stats.Resumes++
	// Replay what the client missed, then RESUMED, as Discord does.
	for _, f := range sess.log {
		if f.seq > r.Seq {
			s.sendRawLocked(c, f.data)
		}
	}
	s.dispatchToLocked(sess, "RESUMED", obj{"_trace": []string{"discordfake"}})
}

// dispatchToLocked numbers and sends one event to a session (queued in its
// log while it has no connection).
func (s *Server) dispatchToLocked(sess *gwSession, typ string, data any) {
	raw, err := json.Marshal(data)
	if err != nil {
		s.gatewayErrors = append(s.gatewayErrors, "encode "+typ+": "+err.Error())
		return
	}
	sess.seq++
	frame, err := json.Marshal(obj{"op": opDispatch, "t": typ, "s": sess.seq, "d": json.RawMessage(raw)})
	if err != nil {
		s.gatewayErrors = append(s.gatewayErrors, "encode frame "+typ+": "+err.Error())
		return
	}
	if typ != "READY" && typ != "RESUMED" {
		sess.log = append(sess.log, gwFrame{seq: sess.seq, data: frame})
	}
	if len(s.dispatched) < gatewayDispatchLogLimit {
		s.dispatched = append(s.dispatched, Dispatch{Type: typ, Seq: sess.seq, SessionID: sess.id, Data: raw})
	}
	if sess.conn != nil {
		s.sendRawLocked(sess.conn, frame)
	}
}

// dispatchLocked sends an event to every session whose intents include
// intent (0: no intent needed). payload may tailor the data per session.
func (s *Server) dispatchLocked(typ string, intent int64, payload func(*gwSession) any) {
	ids := make([]string, 0, len(s.sessions))
	for id := range s.sessions {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		sess := s.sessions[id]
		if intent != 0 && sess.intents&intent == 0 {
			continue
		}
		s.dispatchToLocked(sess, typ, payload(sess))
	}
}

// dispatchMessageLocked sends MESSAGE_CREATE or MESSAGE_UPDATE under the
// intent rules: GUILD_MESSAGES or DIRECT_MESSAGES to receive it, and
// MESSAGE_CONTENT to see content, embeds, attachments and components unless
// the message is a DM, mentions the bot, or is the bot's own.
func (s *Server) dispatchMessageLocked(typ string, m *Message) {
	intent := int64(discordgo.IntentGuildMessages)
	if m.GuildID == "" {
		intent = int64(discordgo.IntentDirectMessages)
	}
	s.dispatchLocked(typ, intent, func(sess *gwSession) any {
		o := s.messageJSONLocked(m)
		if m.GuildID != "" {
			o["guild_id"] = m.GuildID
			if mem := s.members[m.Author.ID]; mem != nil && m.WebhookID == "" {
				o["member"] = memberJSON(mem, false, false)
			}
		}
		sees := sess.intents&int64(discordgo.IntentMessageContent) != 0 ||
			m.GuildID == "" || m.Author.ID == s.opts.BotUserID || slices.Contains(m.MentionIDs, s.opts.BotUserID)
		if !sees {
			o["content"] = ""
			o["embeds"] = []any{}
			o["attachments"] = []any{}
			o["components"] = []any{}
		}
		return o
	})
}

func (s *Server) dispatchThreadCreateLocked(th *Channel) {
	s.dispatchLocked("THREAD_CREATE", int64(discordgo.IntentGuilds), func(*gwSession) any {
		o := s.channelJSONLocked(th)
		o["newly_created"] = true
		return o
	})
}

func (s *Server) rolesJSONLocked() []obj {
	ids := make([]string, 0, len(s.roles))
	for id := range s.roles {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int { return s.roles[a].Position - s.roles[b].Position })
	out := make([]obj, 0, len(ids))
	for _, id := range ids {
		out = append(out, roleJSON(s.roles[id]))
	}
	return out
}

// guildJSONLocked renders the guild; forGateway adds the GUILD_CREATE
// extras. Members beyond the bot are included only with GUILD_MEMBERS.
func (s *Server) guildJSONLocked(forGateway bool, intents int64) obj {
	g := obj{
		"id":                            s.opts.GuildID,
		"name":                          s.opts.GuildName,
		"icon":                          nil,
		"splash":                        nil,
		"discovery_splash":              nil,
		"owner_id":                      s.opts.BotUserID,
		"afk_channel_id":                nil,
		"afk_timeout":                   300,
		"verification_level":            0,
		"default_message_notifications": 1,
		"explicit_content_filter":       0,
		"roles":                         s.rolesJSONLocked(),
		"emojis":                        []obj{},
		"stickers":                      []obj{},
		"features":                      []string{},
		"mfa_level":                     0,
		"system_channel_id":             nil,
		"system_channel_flags":          0,
		"rules_channel_id":              nil,
		"public_updates_channel_id":     nil,
		"safety_alerts_channel_id":      nil,
		"vanity_url_code":               nil,
		"description":                   nil,
		"banner":                        nil,
		"premium_tier":                  0,
		"preferred_locale":              "en-US",
		"nsfw_level":                    0,
		"nsfw":                          false,
		"premium_progress_bar_enabled":  false,
		"application_id":                nil,
		"max_members":                   25000000,
		"max_video_channel_users":       25,
		"max_stage_video_channel_users": 50,
	}
	if !forGateway {
		return g
	}
	var channels, threads []obj
	for _, id := range s.channelOrder {
		c := s.channels[id]
		switch {
		case c.Type == discordgo.ChannelTypeDM:
		case c.IsThread():
			threads = append(threads, s.channelJSONLocked(c))
		default:
			channels = append(channels, s.channelJSONLocked(c))
		}
	}
	members := []obj{}
	ids := make([]string, 0, len(s.members))
	for id := range s.members {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if id == s.opts.BotUserID || intents&int64(discordgo.IntentGuildMembers) != 0 {
			members = append(members, memberJSON(s.members[id], true, false))
		}
	}
	g["channels"] = nonNilObj(channels)
	g["threads"] = nonNilObj(threads)
	g["members"] = members
	g["member_count"] = len(s.members)
	g["joined_at"] = ts(s.members[s.opts.BotUserID].JoinedAt)
	g["large"] = false
	g["unavailable"] = false
	g["voice_states"] = []obj{}
	g["presences"] = []obj{}
	g["stage_instances"] = []obj{}
	g["guild_scheduled_events"] = []obj{}
	g["soundboard_sounds"] = []obj{}
	return g
}

func nonNilObj(s []obj) []obj {
	if s == nil {
		return []obj{}
	}
	return s
}

// UserMessage is a message a user sends in a channel (see SendMessage).
type UserMessage struct {
	// ChannelID defaults to GeneralChannelID; a thread or DM channel works too.
	ChannelID string
	// AuthorID must be a known user (AddMember, AddUser).
	AuthorID string
	// Content may mention the bot with "<@"+fake.BotUserID()+">".
	Content string
	// ReplyTo is the id of a message in the same channel this one replies to.
	// A reply to the bot's message mentions the bot unless NoReplyPing.
	ReplyTo     string
	NoReplyPing bool
}

// SendMessage stores a user's message and dispatches MESSAGE_CREATE under
// the intent rules (see dispatchMessageLocked). It returns the message id.
func (s *Server) SendMessage(um UserMessage) string {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if um.ChannelID == "" {
		um.ChannelID = GeneralChannelID
	}
	ch := s.channels[um.ChannelID]
	if ch == nil {
		s.t.Fatalf("discordfake: SendMessage: unknown channel %s", um.ChannelID)
	}
	u := s.users[um.AuthorID]
	if u == nil {
		s.t.Fatalf("discordfake: SendMessage: unknown user %q (AddMember first)", um.AuthorID)
	}
	m := &Message{
		ID:         s.newIDLocked(),
		ChannelID:  ch.ID,
		Author:     *u,
		Content:    um.Content,
		MentionIDs: mentionedUsers(um.Content),
		Timestamp:  time.Now().UTC(),
	}
	if ch.Type != discordgo.ChannelTypeDM {
		m.GuildID = s.opts.GuildID
	}
	if um.ReplyTo != "" {
		refd := s.findMessageLocked(ch.ID, um.ReplyTo)
		if refd == nil {
			s.t.Fatalf("discordfake: SendMessage: reply to unknown message %s in %s", um.ReplyTo, ch.ID)
		}
		m.Reference = &discordgo.MessageReference{MessageID: refd.ID, ChannelID: ch.ID, GuildID: m.GuildID}
		if !um.NoReplyPing {
			m.MentionIDs = appendUnique(m.MentionIDs, refd.Author.ID)
		} else {
			m.AllowedMentions = &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{discordgo.AllowedMentionTypeUsers, discordgo.AllowedMentionTypeRoles, discordgo.AllowedMentionTypeEveryone}}
		}
	}
	s.addMessageLocked(m)
	return m.ID
}

// Reconnect sends op 7 RECONNECT on every live connection. discordgo closes
// (sleeping 1 s), reconnects and RESUMEs; events dispatched meanwhile are
// replayed. Wait for GatewayStats().Resumes to grow.
//
// Right after Open, first wait for GatewayStats().Heartbeats to grow:
// discordgo sends its first heartbeat from a goroutine that Open starts, and
// if that heartbeat comes after the op 7 close, its write fails and discordgo
// closes the session with 1000 and IDENTIFYs afresh, losing the events in
// between (a discordgo race, seen on a loaded machine). The same holds for
// DropConnections.
func (s *Server) Reconnect() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		if c.session != nil {
			s.sendLocked(c, obj{"op": opReconnect, "d": nil, "s": nil, "t": nil})
		}
	}
}

// InvalidateSession sends op 9 (d: false) on every live connection and
// forgets the sessions; discordgo answers with a fresh IDENTIFY.
func (s *Server) InvalidateSession() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		if c.session != nil {
			delete(s.sessions, c.session.id)
			c.session = nil
			s.stats.InvalidSessions++
			s.sendLocked(c, obj{"op": opInvalidSession, "d": false, "s": nil, "t": nil})
		}
	}
}

// DropConnections closes every gateway connection with the given close code
// (for example 4000, resumable) without ending the sessions.
func (s *Server) DropConnections(code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		s.closeLocked(c, code, "discordfake: dropped")
	}
}

// GatewayStats returns counters of gateway activity.
func (s *Server) GatewayStats() GatewayStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	st.Closes = map[int]int{}
	for k, v := range s.stats.Closes {
		st.Closes[k] = v
	}
	return st
}

// Dispatched returns the gateway events sent so far, in order.
func (s *Server) Dispatched() []Dispatch {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.dispatched)
}

// GatewayErrors returns problems the fake met on the gateway (frames it
// could not encode, a client that stopped reading). Tests can assert it is
// empty.
func (s *Server) GatewayErrors() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.gatewayErrors)
}
