package discordfake

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Default identities of the fake. Tests may override them through Options.
const (
	DefaultToken     = "fake-bot-token"
	DefaultAppID     = "900000000000000001"
	DefaultGuildID   = "900000000000000002"
	DefaultGuildName = "Byline Test Guild"
	DefaultBotName   = "byline"
	// GeneralChannelID is the text channel every fake guild starts with.
	GeneralChannelID = "900000000000000003"
)

// DumpEnv is the environment variable that names the JSONL dump file when
// Options.DumpFile is empty.
const DumpEnv = "BYLINE_DISCORD_DUMP"

// PrivilegedIntents are the intents Discord refuses (close code 4014) unless
// they are enabled for the application in the Developer Portal.
const PrivilegedIntents = int64(discordgo.IntentGuildMembers | discordgo.IntentGuildPresences | discordgo.IntentMessageContent)

// Options configure a fake. The zero value is usable.
type Options struct {
	// Token is the bot token without the "Bot " prefix (DefaultToken when empty).
	// REST calls must carry "Authorization: Bot <Token>"; a gateway IDENTIFY
	// with another token is closed with code 4004.
	Token string
	// AppID is the application id (DefaultAppID). BotUserID is the bot's user
	// id; it defaults to AppID, as for bots created in the Developer Portal.
	AppID, BotUserID, BotName string
	// GuildID and GuildName describe the one guild the bot is in.
	GuildID, GuildName string
	// EnabledIntents are the privileged intents "enabled in the Developer
	// Portal". Requesting a privileged intent that is not here closes the
	// gateway with 4014, as Discord does. Zero enables none.
	EnabledIntents int64
	// HeartbeatInterval is sent in HELLO (41.25 s when zero, as on Discord).
	HeartbeatInterval time.Duration
	// InteractionDeadline is how long after INTERACTION_CREATE the first
	// callback is accepted (3 s when zero). Tests of the deadline shorten it.
	InteractionDeadline time.Duration
	// TokenLifetime is how long an interaction token accepts edits and
	// follow-ups (15 minutes when zero).
	TokenLifetime time.Duration
	// AllowUnknownRoutes keeps requests to routes the fake does not implement
	// from failing the test at cleanup. They are recorded either way.
	AllowUnknownRoutes bool
	// EditRateLimit, if positive, answers 429 to message edits (channel
	// messages and interaction webhooks alike) beyond this many per channel
	// in five seconds, as Discord's edit buckets do (5 per 5 s is typical).
	// discordgo then sleeps retry_after and retries. Zero disables it; the
	// edit times are recorded either way (Message.EditTimes).
	EditRateLimit int
	// DumpFile, if set, receives one JSON line per REST exchange (see
	// DumpRecord). When empty, the environment variable BYLINE_DISCORD_DUMP is used.
	DumpFile string
	// Logf receives the fake's diagnostics (t.Logf when nil).
	Logf func(format string, args ...any)
}

// Server is a running fake Discord. All methods are safe for concurrent use.
type Server struct {
	t    testing.TB
	opts Options
	http *httptest.Server
	logf func(string, ...any)
	dump *dumper

	// mu guards every field below.
	mu            sync.Mutex
	lastID        uint64
	users         map[string]*User
	members       map[string]*Member
	roles         map[string]*Role
	channels      map[string]*Channel
	channelOrder  []string
	messages      map[string][]*Message // by channel id, oldest first
	commands      map[string][]*storedCommand
	interactions  map[string]*interaction // by token
	requests      []Recorded
	typing        map[string]int
	editLog       map[string][]time.Time
	sessions      map[string]*gwSession
	conns         map[*gwConn]struct{}
	stats         GatewayStats
	dispatched    []Dispatch
	rateLimits    []*rateLimitRule
	files         map[string]*storedFile // attachments users uploaded, by id
	downloads     []Download
	gatewayErrors []string
	closed        bool
}

// User is a Discord user known to the fake.
type User struct {
	ID       string
	Username string
	Bot      bool
}

// Member is a user's membership in the fake guild. Permissions is the
// member's computed permission set, delivered as member.permissions in
// interactions.
type Member struct {
	User        User
	Nick        string
	Roles       []string
	Permissions int64
	JoinedAt    time.Time
}

// Role is a guild role.
type Role struct {
	ID          string
	Name        string
	Permissions int64
	Position    int
}

// Channel is a guild text channel, a thread, or a DM channel.
type Channel struct {
	ID   string
	Name string
	Type discordgo.ChannelType
	// ParentID is the text channel of a thread.
	ParentID string
	// OwnerID is the user who started a thread.
	OwnerID string
	// RecipientID is the other user of a DM channel.
	RecipientID string
	// MessageCount counts the messages sent in a thread after its creation.
	MessageCount int
	// AutoArchiveDuration is a thread's archive delay in minutes.
	AutoArchiveDuration int
	CreatedAt           time.Time
}

// IsThread reports whether the channel is a thread.
func (c Channel) IsThread() bool {
	return c.Type == discordgo.ChannelTypeGuildPublicThread || c.Type == discordgo.ChannelTypeGuildPrivateThread || c.Type == discordgo.ChannelTypeGuildNewsThread
}

// New starts a fake Discord on 127.0.0.1. It adds the bot's user and member,
// the guild's @everyone role and the text channel GeneralChannelID. t.Cleanup
// closes it and, unless Options.AllowUnknownRoutes, reports requests to
// unknown routes as test errors.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	if opts.Token == "" {
		opts.Token = DefaultToken
	}
	if opts.AppID == "" {
		opts.AppID = DefaultAppID
	}
	if opts.BotUserID == "" {
		opts.BotUserID = opts.AppID
	}
	if opts.BotName == "" {
		opts.BotName = DefaultBotName
	}
	if opts.GuildID == "" {
		opts.GuildID = DefaultGuildID
	}
	if opts.GuildName == "" {
		opts.GuildName = DefaultGuildName
	}
	if opts.HeartbeatInterval <= 0 {
		opts.HeartbeatInterval = 41250 * time.Millisecond
	}
	if opts.InteractionDeadline <= 0 {
		opts.InteractionDeadline = 3 * time.Second
	}
	if opts.TokenLifetime <= 0 {
		opts.TokenLifetime = 15 * time.Minute
	}
	if opts.DumpFile == "" {
		opts.DumpFile = os.Getenv(DumpEnv)
	}
	s := &Server{
		t:            t,
		opts:         opts,
		logf:         opts.Logf,
		users:        map[string]*User{},
		members:      map[string]*Member{},
		roles:        map[string]*Role{},
		channels:     map[string]*Channel{},
		messages:     map[string][]*Message{},
		commands:     map[string][]*storedCommand{},
		interactions: map[string]*interaction{},
		typing:       map[string]int{},
		editLog:      map[string][]time.Time{},
		sessions:     map[string]*gwSession{},
		conns:        map[*gwConn]struct{}{},
		files:        map[string]*storedFile{},
	}
	if s.logf == nil {
		s.logf = t.Logf
	}
	if opts.DumpFile != "" {
		d, err := openDumper(opts.DumpFile, t.Name())
		if err != nil {
			t.Fatalf("discordfake: open dump file: %v", err)
		}
		s.dump = d
	}
	s.roles[opts.GuildID] = &Role{ID: opts.GuildID, Name: "@everyone", Permissions: discordgo.PermissionViewChannel | discordgo.PermissionSendMessages | discordgo.PermissionUseApplicationCommands | discordgo.PermissionReadMessageHistory}
	s.addUserLocked(opts.BotUserID, opts.BotName, true)
	s.members[opts.BotUserID] = &Member{User: *s.users[opts.BotUserID], Permissions: discordgo.PermissionAll, JoinedAt: time.Now().UTC()}
	s.channels[GeneralChannelID] = &Channel{ID: GeneralChannelID, Name: "general", Type: discordgo.ChannelTypeGuildText, CreatedAt: time.Now().UTC()}
	s.channelOrder = append(s.channelOrder, GeneralChannelID)

	mux := http.NewServeMux()
	mux.HandleFunc("/gateway", s.serveGateway)
	mux.HandleFunc("/gateway/", s.serveGateway)
	mux.HandleFunc("/ephemeral-attachments/", s.serveFile)
	mux.HandleFunc("/api/v9/", s.serveREST)
	mux.HandleFunc("/", s.serveREST)
	s.http = httptest.NewServer(mux)
	t.Cleanup(s.cleanup)
	return s
}

func (s *Server) cleanup() {
	if !s.opts.AllowUnknownRoutes {
		for _, r := range s.UnknownRoutes() {
			s.t.Errorf("discordfake: request to unknown route %s %s (body %s)", r.Method, r.Path, r.Body)
		}
	}
	s.Close()
}

// Close shuts the fake down: it drops every gateway connection and stops the
// HTTP server. It is called by t.Cleanup; calling it twice is harmless.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	for c := range s.conns {
		c.shutdownLocked()
	}
	s.mu.Unlock()
	s.http.Close()
	if s.dump != nil {
		if err := s.dump.Close(); err != nil {
			s.t.Errorf("discordfake: close dump file: %v", err)
		}
	}
}

// URL is the base URL of the fake's HTTP server (http://127.0.0.1:port).
func (s *Server) URL() string { return s.http.URL }

// GatewayURL is the websocket URL the fake returns from GET /gateway.
func (s *Server) GatewayURL() string { return "ws" + s.http.URL[len("http"):] + "/gateway" }

// Token is the bot token (without the "Bot " prefix) the fake accepts.
func (s *Server) Token() string { return s.opts.Token }

// AppID is the application id.
func (s *Server) AppID() string { return s.opts.AppID }

// BotUserID is the bot's user id.
func (s *Server) BotUserID() string { return s.opts.BotUserID }

// GuildID is the id of the fake guild.
func (s *Server) GuildID() string { return s.opts.GuildID }

// Client returns an HTTP client whose transport sends every request, whatever
// its host (discord.com), to the fake. Set it as discordgo's Session.Client.
func (s *Server) Client() *http.Client {
	base, err := url.Parse(s.http.URL)
	if err != nil {
		panic(fmt.Sprintf("discordfake: httptest URL %q: %v", s.http.URL, err)) // cannot happen: httptest builds it
	}
	return &http.Client{Transport: rewriteTransport{base: base, next: s.http.Client().Transport}, Timeout: 20 * time.Second}
}

// Configure points a discordgo session at the fake: it sets Client and
// turns off discordgo's own retry of 5xx so errors surface in tests. The
// gateway address comes from GET /gateway, which the fake answers.
func (s *Server) Configure(sess *discordgo.Session) {
	sess.Client = s.Client()
	sess.MaxRestRetries = 0
}

type rewriteTransport struct {
	base *url.URL
	next http.RoundTripper
}

func (rt rewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	r2.URL.Scheme = rt.base.Scheme
	r2.URL.Host = rt.base.Host
	r2.Host = rt.base.Host
	return rt.next.RoundTrip(r2)
}

// AddUser registers a user who is not a guild member (for DMs).
func (s *Server) AddUser(id, username string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addUserLocked(id, username, false)
}

func (s *Server) addUserLocked(id, username string, bot bool) {
	s.users[id] = &User{ID: id, Username: username, Bot: bot}
}

// The Add methods configure the guild. Called before the bot connects, what
// they add arrives with GUILD_CREATE; called later, they dispatch the event
// Discord would (GUILD_MEMBER_ADD, GUILD_ROLE_CREATE, CHANNEL_CREATE,
// THREAD_CREATE) under the usual intents, so discordgo's state follows.

// AddMember adds a user to the guild with the given computed permissions
// (discordgo.Permission* bits) and role ids (see AddRole).
func (s *Server) AddMember(userID, username string, permissions int64, roles ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addUserLocked(userID, username, false)
	m := &Member{User: *s.users[userID], Roles: append([]string(nil), roles...), Permissions: permissions, JoinedAt: time.Now().UTC().Truncate(time.Second)}
	s.members[userID] = m
	s.dispatchLocked("GUILD_MEMBER_ADD", int64(discordgo.IntentGuildMembers), func(*gwSession) any {
		o := memberJSON(m, true, false)
		o["guild_id"] = s.opts.GuildID
		return o
	})
}

// AddRole adds a guild role.
func (s *Server) AddRole(id, name string, permissions int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := &Role{ID: id, Name: name, Permissions: permissions, Position: len(s.roles)}
	s.roles[id] = r
	s.dispatchLocked("GUILD_ROLE_CREATE", int64(discordgo.IntentGuilds), func(*gwSession) any {
		return obj{"guild_id": s.opts.GuildID, "role": roleJSON(r)}
	})
}

// AddChannel adds a guild text channel.
func (s *Server) AddChannel(id, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &Channel{ID: id, Name: name, Type: discordgo.ChannelTypeGuildText, CreatedAt: time.Now().UTC()}
	s.addChannelLocked(c)
	s.dispatchLocked("CHANNEL_CREATE", int64(discordgo.IntentGuilds), func(*gwSession) any { return s.channelJSONLocked(c) })
}

// AddThread adds an existing public thread under parentID, started by ownerID.
func (s *Server) AddThread(id, parentID, name, ownerID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &Channel{ID: id, Name: name, Type: discordgo.ChannelTypeGuildPublicThread, ParentID: parentID, OwnerID: ownerID, AutoArchiveDuration: 1440, CreatedAt: time.Now().UTC()}
	s.addChannelLocked(c)
	s.dispatchThreadCreateLocked(c)
}

// AddDMChannel adds a direct-message channel between the bot and userID.
// The user must exist (AddUser or AddMember).
func (s *Server) AddDMChannel(id, userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addChannelLocked(&Channel{ID: id, Type: discordgo.ChannelTypeDM, RecipientID: userID, CreatedAt: time.Now().UTC()})
}

func (s *Server) addChannelLocked(c *Channel) {
	if _, ok := s.channels[c.ID]; !ok {
		s.channelOrder = append(s.channelOrder, c.ID)
	}
	s.channels[c.ID] = c
}

// Channel returns a copy of a channel (threads included) and whether it exists.
func (s *Server) Channel(id string) (Channel, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.channels[id]
	if !ok {
		return Channel{}, false
	}
	return *c, true
}

// Threads returns the threads of the guild, oldest first, including those
// the bot created.
func (s *Server) Threads() []Channel {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Channel
	for _, id := range s.channelOrder {
		if c := s.channels[id]; c.IsThread() {
			out = append(out, *c)
		}
	}
	return out
}

// Messages returns copies of the messages in a channel, oldest first,
// whoever sent them, deleted ones included (Message.Deleted).
func (s *Server) Messages(channelID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, 0, len(s.messages[channelID]))
	for _, m := range s.messages[channelID] {
		out = append(out, m.clone())
	}
	return out
}

// BotMessages returns copies of the messages the bot created in a channel
// (through the channel API or as interaction responses), oldest first.
func (s *Server) BotMessages(channelID string) []Message {
	var out []Message
	for _, m := range s.Messages(channelID) {
		if m.Author.ID == s.opts.BotUserID {
			out = append(out, m)
		}
	}
	return out
}

// Typing returns how many typing indicators the bot triggered in a channel.
func (s *Server) Typing(channelID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.typing[channelID]
}

// ErrTimeout is returned by WaitFor when the condition stays false.
var ErrTimeout = errors.New("discordfake: condition not met before timeout")

// WaitFor polls cond every 5 ms until it returns true or timeout passes.
// Gateway events reach discordgo handlers asynchronously; use WaitFor
// instead of sleeping.
func (s *Server) WaitFor(timeout time.Duration, cond func() bool) error {
	deadline := time.Now().Add(timeout)
	for {
		if cond() {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("after %v: %w", timeout, ErrTimeout)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// discordEpoch is the first millisecond of 2015 in Unix milliseconds.
const discordEpoch = 1420070400000

// newIDLocked returns a fresh, increasing snowflake.
func (s *Server) newIDLocked() string {
	id := uint64(time.Now().UnixMilli()-discordEpoch) << 22
	if id <= s.lastID {
		id = s.lastID + 1
	}
	s.lastID = id
	return strconv.FormatUint(id, 10)
}
