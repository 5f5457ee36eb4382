package discordfake_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/gorilla/websocket"

	"github.com/byline-bot/byline/bot/discordfake"
)

const wait = 5 * time.Second

// events collects what discordgo handlers received.
type events struct {
	mu           sync.Mutex
	interactions []*discordgo.InteractionCreate
	messages     []*discordgo.MessageCreate
	threads      []*discordgo.ThreadCreate
	resumed      int
}

func (e *events) attach(s *discordgo.Session) {
	s.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.interactions = append(e.interactions, i)
	})
	s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.messages = append(e.messages, m)
	})
	s.AddHandler(func(_ *discordgo.Session, th *discordgo.ThreadCreate) {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.threads = append(e.threads, th)
	})
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.resumed++
	})
}

func (e *events) interaction(id string) *discordgo.InteractionCreate {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, i := range e.interactions {
		if i.ID == id {
			return i
		}
	}
	return nil
}

func (e *events) message(id string) *discordgo.MessageCreate {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, m := range e.messages {
		if m.ID == id {
			return m
		}
	}
	return nil
}

func restCode(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Message != nil {
		return re.Message.Code
	}
	return -1
}

// TestSession drives one real discordgo session through the flows the bot
// uses. Subtests share the session: discordgo's Close sleeps one second.
func TestSession(t *testing.T) {
	t.Parallel()
	fake := discordfake.New(t, discordfake.Options{})
	fake.AddRole("700", "editors", discordgo.PermissionManageMessages)
	fake.AddMember("42", "ada", discordgo.PermissionSendMessages|discordgo.PermissionManageMessages, "700")
	fake.AddChannel("800", "news")
	var ev events
	s, err := discordgo.New("Bot " + fake.Token())
	if err != nil {
		t.Fatal(err)
	}
	fake.Configure(s)
	s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages
	ev.attach(s)
	if err := s.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })

	t.Run("ready and guild state", func(t *testing.T) {
		if s.State.User == nil || s.State.User.ID != fake.BotUserID() || !s.State.User.Bot {
			t.Fatalf("state user = %+v, want bot %s", s.State.User, fake.BotUserID())
		}
		// discordgo fills the READY placeholder guild in place, under the state lock.
		var g *discordgo.Guild
		if err := fake.WaitFor(wait, func() bool {
			g, _ = s.State.Guild(fake.GuildID()) // takes the state lock itself
			if g == nil {
				return false
			}
			s.State.RLock()
			defer s.State.RUnlock()
			return g.Name != ""
		}); err != nil {
			t.Fatalf("guild never reached state: %v", err)
		}
		s.State.RLock()
		defer s.State.RUnlock()
		var names []string
		for _, c := range g.Channels {
			names = append(names, c.Name)
		}
		if diff := cmp.Diff([]string{"general", "news"}, names); diff != "" {
			t.Errorf("guild channels (-want +got):\n%s", diff)
		}
		if len(g.Roles) != 2 {
			t.Errorf("guild roles = %d, want 2 (@everyone, editors)", len(g.Roles))
		}
		// Without GUILD_MEMBERS only the bot's own member comes with GUILD_CREATE.
		if len(g.Members) != 1 || g.Members[0].User.ID != fake.BotUserID() {
			t.Errorf("guild members = %v, want only the bot", g.Members)
		}
	})

	t.Run("channels added later reach state", func(t *testing.T) {
		fake.AddChannel("801", "late")
		fake.AddThread("802", "801", "a thread", "42")
		if err := fake.WaitFor(wait, func() bool {
			c, err := s.State.Channel("802")
			return err == nil && c.ParentID == "801" && c.IsThread()
		}); err != nil {
			t.Errorf("thread added after READY not in state: %v", err)
		}
		if c, err := s.State.Channel("801"); err != nil || c.Name != "late" {
			t.Errorf("channel added after READY: %+v, %v", c, err)
		}
	})

	t.Run("bulk overwrite commands", func(t *testing.T) {
		perm := int64(discordgo.PermissionManageGuild)
		cmds := []*discordgo.ApplicationCommand{
			{Name: "ask", Description: "Ask about the news", Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "Your question", Required: true},
				{Type: discordgo.ApplicationCommandOptionString, Name: "source", Description: "Limit to a source", Autocomplete: true},
			}},
			{Name: "reindex", Description: "Rebuild the index", DefaultMemberPermissions: &perm, Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionBoolean, Name: "full", Description: "Start from scratch"},
				{Type: discordgo.ApplicationCommandOptionAttachment, Name: "file", Description: "A file to add"},
			}},
		}
		got, err := s.ApplicationCommandBulkOverwrite(fake.AppID(), fake.GuildID(), cmds)
		if err != nil {
			t.Fatalf("bulk overwrite: %v", err)
		}
		if len(got) != 2 || got[0].ID == "" || got[0].ApplicationID != fake.AppID() {
			t.Fatalf("bulk overwrite returned %+v", got)
		}
		stored := fake.Commands(fake.GuildID())
		if len(stored) != 2 || stored[1].Name != "reindex" || stored[1].DefaultMemberPermissions == nil || *stored[1].DefaultMemberPermissions != perm {
			t.Errorf("stored commands = %+v", stored)
		}
		// discordgo sends "autocomplete": false and "choices": null on every
		// option; Discord answers only the fields that apply to the type and
		// are set ("autocomplete" is not a field of boolean or attachment options).
		puts := fake.RequestsTo("PUT", "/applications/{application_id}/guilds/{guild_id}/commands")
		var resp []struct {
			Options []map[string]any `json:"options"`
		}
		if err := json.Unmarshal(puts[len(puts)-1].Response, &resp); err != nil || len(resp) != 2 {
			t.Fatalf("bulk overwrite response %s: %v", puts[len(puts)-1].Response, err)
		}
		var keys [][]string
		for _, cmd := range resp {
			for _, o := range cmd.Options {
				keys = append(keys, slices.Sorted(maps.Keys(o)))
			}
		}
		wantKeys := [][]string{
			{"description", "name", "required", "type"},
			{"autocomplete", "description", "name", "type"},
			{"description", "name", "type"},
			{"description", "name", "type"},
		}
		if diff := cmp.Diff(wantKeys, keys); diff != "" {
			t.Errorf("option fields in the response (-want +got):\n%s", diff)
		}
		// Overwriting again keeps ids, as Discord does for unchanged names.
		again, err := s.ApplicationCommandBulkOverwrite(fake.AppID(), fake.GuildID(), cmds)
		if err != nil || again[0].ID != got[0].ID {
			t.Errorf("second overwrite: id %v -> %v, err %v", got[0].ID, again[0].ID, err)
		}
		bad := []*discordgo.ApplicationCommand{{Name: "Ask Me", Description: "x"}}
		if _, err := s.ApplicationCommandBulkOverwrite(fake.AppID(), fake.GuildID(), bad); restCode(err) != 50035 {
			t.Errorf("invalid command name: err = %v, want code 50035", err)
		}
	})

	t.Run("deferred response, edit, follow-up", func(t *testing.T) {
		id, token := fake.SendInteraction(discordfake.Interaction{
			Command: "ask", UserID: "42", ChannelID: "800",
			Options: []discordfake.Option{{Name: "question", Value: "Who won?"}},
		})
		var ic *discordgo.InteractionCreate
		if err := fake.WaitFor(wait, func() bool { ic = ev.interaction(id); return ic != nil }); err != nil {
			t.Fatalf("interaction not delivered: %v", err)
		}
		data := ic.ApplicationCommandData()
		if data.Name != "ask" || data.Options[0].StringValue() != "Who won?" {
			t.Errorf("interaction data = %+v", data)
		}
		if ic.Member == nil || ic.Member.User.ID != "42" || ic.Member.Permissions&discordgo.PermissionManageMessages == 0 || ic.Member.Roles[0] != "700" {
			t.Errorf("interaction member = %+v", ic.Member)
		}
		if ic.GuildID != fake.GuildID() || ic.ChannelID != "800" || ic.AppPermissions == 0 {
			t.Errorf("interaction guild/channel/app perms = %s/%s/%d", ic.GuildID, ic.ChannelID, ic.AppPermissions)
		}

		// Editing before any callback fails as on Discord.
		if _, err := s.InteractionResponseEdit(ic.Interaction, &discordgo.WebhookEdit{Content: ptr("early")}); restCode(err) != 10008 {
			t.Errorf("edit before callback: err = %v, want 10008", err)
		}
		if err := s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
			t.Fatalf("defer: %v", err)
		}
		if err := s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); restCode(err) != 40060 {
			t.Errorf("second callback: err = %v, want 40060", err)
		}
		st := fake.InteractionResponse(token)
		if !st.Acknowledged || st.Original == nil || !st.Original.Loading() {
			t.Fatalf("after defer: %+v", st)
		}
		none := &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
		msg, err := s.InteractionResponseEdit(ic.Interaction, &discordgo.WebhookEdit{
			Content:         ptr("The home team won. @everyone"),
			Embeds:          &[]*discordgo.MessageEmbed{{Title: "Sources", Description: "[1] Example News", URL: "https://example.com/a"}},
			AllowedMentions: none,
		})
		if err != nil {
			t.Fatalf("edit @original: %v", err)
		}
		if msg.Content != "The home team won. @everyone" || len(msg.Embeds) != 1 || msg.ChannelID != "800" {
			t.Errorf("edit returned %+v", msg)
		}
		if _, err := s.InteractionResponseEdit(ic.Interaction, &discordgo.WebhookEdit{Content: ptr(strings.Repeat("x", 2001))}); restCode(err) != 50035 {
			t.Errorf("2001-char edit: err = %v, want 50035", err)
		}
		f, err := s.FollowupMessageCreate(ic.Interaction, true, &discordgo.WebhookParams{Content: "More: <@42>", AllowedMentions: &discordgo.MessageAllowedMentions{Users: []string{"42"}}})
		if err != nil {
			t.Fatalf("follow-up: %v", err)
		}
		if _, err := s.FollowupMessageCreate(ic.Interaction, true, &discordgo.WebhookParams{Content: "  "}); restCode(err) != 50006 {
			t.Errorf("empty follow-up: err = %v, want 50006", err)
		}

		st = fake.InteractionResponse(token)
		if st.Original.Loading() || st.Original.Edits != 1 || st.Original.WouldPing() {
			t.Errorf("original = %+v, pings %v", st.Original, st.Original.Pings())
		}
		if len(st.Followups) != 1 || st.Followups[0].ID != f.ID {
			t.Fatalf("followups = %+v", st.Followups)
		}
		if diff := cmp.Diff([]string{"user:42"}, st.Followups[0].Pings()); diff != "" {
			t.Errorf("follow-up pings (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]int{10008, 40060, 50035, 50006}, st.RejectedCodes); diff != "" {
			t.Errorf("rejected codes (-want +got):\n%s", diff)
		}
		if st.AckLatency <= 0 || st.AckLatency > 3*time.Second {
			t.Errorf("ack latency = %v", st.AckLatency)
		}
		// The response and follow-up are messages in the channel.
		if got := fake.BotMessages("800"); len(got) != 2 {
			t.Errorf("bot messages in channel = %d, want 2", len(got))
		}
	})

	t.Run("autocomplete", func(t *testing.T) {
		id, token := fake.SendInteraction(discordfake.Interaction{
			Type: discordgo.InteractionApplicationCommandAutocomplete, Command: "ask", UserID: "42",
			Options: []discordfake.Option{{Name: "question", Value: "x"}, {Name: "source", Value: "Reu", Focused: true}},
		})
		var ic *discordgo.InteractionCreate
		if err := fake.WaitFor(wait, func() bool { ic = ev.interaction(id); return ic != nil }); err != nil {
			t.Fatal(err)
		}
		opts := ic.ApplicationCommandData().Options
		if !opts[1].Focused || opts[1].StringValue() != "Reu" {
			t.Errorf("focused option = %+v", opts[1])
		}
		var many []*discordgo.ApplicationCommandOptionChoice
		for i := 0; i < 26; i++ {
			many = append(many, &discordgo.ApplicationCommandOptionChoice{Name: "Reuters", Value: "reuters"})
		}
		err := s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: &discordgo.InteractionResponseData{Choices: many}})
		if restCode(err) != 50035 {
			t.Errorf("26 choices: err = %v, want 50035", err)
		}
		err = s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: &discordgo.InteractionResponseData{Choices: many[:1]}})
		if err != nil {
			t.Fatalf("autocomplete result: %v", err)
		}
		st := fake.InteractionResponse(token)
		if st.CallbackType != discordgo.InteractionApplicationCommandAutocompleteResult || len(st.Choices) != 1 || st.Choices[0].Name != "Reuters" {
			t.Errorf("autocomplete state = %+v", st)
		}
	})

	t.Run("attachment option: resolved, served from the fake's CDN", func(t *testing.T) {
		data := []byte("# Notes\r\nCafé crème — 100%\n")
		id, _ := fake.SendInteraction(discordfake.Interaction{
			Command: "reindex", UserID: "42", ChannelID: "800",
			Options: []discordfake.Option{{Name: "file", Value: discordfake.File{Filename: "notes.md", Data: data}}},
		})
		var ic *discordgo.InteractionCreate
		if err := fake.WaitFor(wait, func() bool { ic = ev.interaction(id); return ic != nil }); err != nil {
			t.Fatalf("interaction not delivered: %v", err)
		}
		d := ic.ApplicationCommandData()
		if len(d.Options) != 1 || d.Options[0].Type != discordgo.ApplicationCommandOptionAttachment {
			t.Fatalf("options = %+v", d.Options)
		}
		attID, _ := d.Options[0].Value.(string)
		if d.Resolved == nil || d.Resolved.Attachments[attID] == nil {
			t.Fatalf("attachment %q not in resolved data %+v", attID, d.Resolved)
		}
		att := d.Resolved.Attachments[attID]
		if att.ID != attID || att.Filename != "notes.md" || att.Size != len(data) || att.ContentType != "text/markdown; charset=utf-8" || !att.Ephemeral {
			t.Errorf("attachment = %+v", att)
		}
		wantPrefix := fake.URL() + "/ephemeral-attachments/800/" + attID + "/notes.md?ex="
		if !strings.HasPrefix(att.URL, wantPrefix) || att.ProxyURL == "" {
			t.Errorf("url %q, want prefix %q; proxy_url %q", att.URL, wantPrefix, att.ProxyURL)
		}
		get := func(u string) (int, string, []byte) {
			t.Helper()
			resp, err := http.Get(u)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			return resp.StatusCode, resp.Header.Get("Content-Type"), body
		}
		if code, ct, body := get(att.URL); code != 200 || ct != att.ContentType || !bytes.Equal(body, data) {
			t.Errorf("GET url: %d %q %q", code, ct, body)
		}
		if code, _, _ := get(strings.Replace(att.URL, "hm=", "hm=0", 1)); code != 404 {
			t.Errorf("GET with a wrong signature: %d, want 404", code)
		}
		want := []discordfake.Download{
			{AttachmentID: attID, Filename: "notes.md", Status: 200, Sent: len(data)},
			{AttachmentID: attID, Filename: "notes.md", Status: 404},
		}
		if diff := cmp.Diff(want, fake.Downloads(), cmpopts.IgnoreFields(discordfake.Download{}, "Time")); diff != "" {
			t.Errorf("downloads (-want +got):\n%s", diff)
		}
		for _, r := range fake.Requests() {
			if strings.Contains(r.Path, "attachments") {
				t.Errorf("download recorded as a REST request: %s %s", r.Method, r.Path)
			}
		}
	})

	t.Run("channel message with allowed mentions, reply, thread", func(t *testing.T) {
		msg, err := s.ChannelMessageSendComplex("800", &discordgo.MessageSend{
			Content:         "Breaking: <@42> and <@&700> @here",
			AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}},
		})
		if err != nil {
			t.Fatalf("send: %v", err)
		}
		stored := fake.Messages("800")
		last := stored[len(stored)-1]
		if last.ID != msg.ID || last.WouldPing() || last.AllowedMentions == nil || last.AllowedMentions.Parse == nil {
			t.Errorf("stored message = %+v, pings %v", last, last.Pings())
		}
		// Without allowed_mentions, every mention pings.
		loud, err := s.ChannelMessageSend("800", "hi <@42> @everyone")
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range fake.Messages("800") {
			if m.ID == loud.ID {
				if diff := cmp.Diff([]string{"@everyone", "user:42"}, m.Pings()); diff != "" {
					t.Errorf("pings (-want +got):\n%s", diff)
				}
			}
		}
		if _, err := s.ChannelMessageSend("800", ""); restCode(err) != 50006 {
			t.Errorf("empty message: err = %v, want 50006", err)
		}
		big := &discordgo.MessageEmbed{Title: strings.Repeat("t", 257)}
		if _, err := s.ChannelMessageSendEmbed("800", big); restCode(err) != 50035 {
			t.Errorf("257-char title: err = %v, want 50035", err)
		}

		userMsg := fake.SendMessage(discordfake.UserMessage{ChannelID: "800", AuthorID: "42", Content: "<@" + fake.BotUserID() + "> what happened?"})
		var got *discordgo.MessageCreate
		if err := fake.WaitFor(wait, func() bool { got = ev.message(userMsg); return got != nil }); err != nil {
			t.Fatalf("user message not delivered: %v", err)
		}
		if got.Content == "" || got.Author.ID != "42" || len(got.Mentions) != 1 || got.Mentions[0].ID != fake.BotUserID() {
			t.Errorf("mentioning message = %+v", got.Message)
		}
		// Without MESSAGE_CONTENT, content of messages that do not mention the bot is blanked.
		quiet := fake.SendMessage(discordfake.UserMessage{ChannelID: "800", AuthorID: "42", Content: "just chatting"})
		if err := fake.WaitFor(wait, func() bool { got = ev.message(quiet); return got != nil }); err != nil {
			t.Fatal(err)
		}
		if got.Content != "" {
			t.Errorf("content without MESSAGE_CONTENT = %q, want blank", got.Content)
		}

		reply, err := s.ChannelMessageSendComplex("800", &discordgo.MessageSend{
			Content:         "Here is what I found.",
			Reference:       &discordgo.MessageReference{MessageID: userMsg, ChannelID: "800"},
			AllowedMentions: &discordgo.MessageAllowedMentions{RepliedUser: true},
		})
		if err != nil {
			t.Fatalf("reply: %v", err)
		}
		th, err := s.MessageThreadStart("800", reply.ID, "What happened?", 60)
		if err != nil {
			t.Fatalf("thread: %v", err)
		}
		if th.ID != reply.ID || th.ParentID != "800" || !th.IsThread() {
			t.Errorf("thread = %+v", th)
		}
		if _, err := s.MessageThreadStart("800", reply.ID, "again", 60); restCode(err) != 160004 {
			t.Errorf("second thread: err = %v, want 160004", err)
		}
		if _, err := s.ChannelMessageSend(th.ID, "In the thread"); err != nil {
			t.Fatal(err)
		}
		hist, err := s.ChannelMessages(th.ID, 10, "", "", "")
		if err != nil || len(hist) != 1 || hist[0].Content != "In the thread" {
			t.Errorf("thread history = %v, %v", hist, err)
		}
		ch, err := s.Channel(th.ID)
		if err != nil || ch.MessageCount != 1 || ch.ThreadMetadata == nil {
			t.Errorf("thread channel = %+v, %v", ch, err)
		}
		if err := fake.WaitFor(wait, func() bool {
			ev.mu.Lock()
			defer ev.mu.Unlock()
			for _, got := range ev.threads {
				if got.ID == th.ID && got.NewlyCreated {
					return true
				}
			}
			return false
		}); err != nil {
			t.Errorf("THREAD_CREATE not delivered: %v", err)
		}
		if err := s.ChannelTyping("800"); err != nil || fake.Typing("800") != 1 {
			t.Errorf("typing: %v, count %d", err, fake.Typing("800"))
		}
		mem, err := s.GuildMember(fake.GuildID(), "42")
		if err != nil || mem.User.Username != "ada" {
			t.Errorf("member = %+v, %v", mem, err)
		}
	})
}

// TestInteractionDeadline checks the 3 s rule with a shortened deadline.
func TestInteractionDeadline(t *testing.T) {
	t.Parallel()
	fake := discordfake.New(t, discordfake.Options{InteractionDeadline: 50 * time.Millisecond})
	fake.AddMember("42", "ada", 0)
	var ev events
	s, err := discordgo.New("Bot " + fake.Token())
	if err != nil {
		t.Fatal(err)
	}
	fake.Configure(s)
	s.Identify.Intents = discordgo.IntentsGuilds
	ev.attach(s)
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })

	id, token := fake.SendInteraction(discordfake.Interaction{Command: "ask", UserID: "42"})
	var ic *discordgo.InteractionCreate
	if err := fake.WaitFor(wait, func() bool { ic = ev.interaction(id); return ic != nil }); err != nil {
		t.Fatal(err)
	}
	time.Sleep(60 * time.Millisecond) // past the shortened deadline, on purpose
	err = s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{Content: "late"}})
	if restCode(err) != 10062 {
		t.Errorf("late callback: err = %v, want 10062", err)
	}
	if st := fake.InteractionResponse(token); st.Acknowledged || st.Original != nil {
		t.Errorf("late callback was accepted: %+v", st)
	}
}

// TestReconnectResume sends op 7: discordgo reconnects, RESUMEs, and events
// dispatched while it was away are replayed.
func TestReconnectResume(t *testing.T) {
	t.Parallel()
	fake := discordfake.New(t, discordfake.Options{})
	fake.AddMember("42", "ada", 0)
	var ev events
	s, err := discordgo.New("Bot " + fake.Token())
	if err != nil {
		t.Fatal(err)
	}
	fake.Configure(s)
	s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages
	ev.attach(s)
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })

	// See Reconnect: op 7 before discordgo's first heartbeat loses the session.
	heartbeats := func(n int) {
		t.Helper()
		if err := fake.WaitFor(wait, func() bool { return fake.GatewayStats().Heartbeats >= n }); err != nil {
			t.Fatalf("no heartbeat %d: %v", n, err)
		}
	}
	heartbeats(1)
	fake.Reconnect()
	// Sent while discordgo is closing the old connection: must arrive after RESUME.
	during := fake.SendMessage(discordfake.UserMessage{AuthorID: "42", Content: "<@" + fake.BotUserID() + "> during"})
	if err := fake.WaitFor(wait, func() bool { return fake.GatewayStats().Resumes == 1 }); err != nil {
		t.Fatalf("no RESUME: %v (stats %+v)", err, fake.GatewayStats())
	}
	after := fake.SendMessage(discordfake.UserMessage{AuthorID: "42", Content: "<@" + fake.BotUserID() + "> after"})
	if err := fake.WaitFor(wait, func() bool { return ev.message(during) != nil && ev.message(after) != nil }); err != nil {
		t.Fatalf("events lost across reconnect: %v", err)
	}
	ev.mu.Lock()
	resumed := ev.resumed
	ev.mu.Unlock()
	if st := fake.GatewayStats(); st.Identifies != 1 || st.Connections != 2 || resumed != 1 {
		t.Errorf("stats = %+v, RESUMED events = %d; want 1 identify, 2 connections, 1 resume", st, resumed)
	}

	// A dropped connection (resumable close code) is resumed too.
	heartbeats(2)
	fake.DropConnections(4000)
	if err := fake.WaitFor(wait, func() bool { return fake.GatewayStats().Resumes == 2 }); err != nil {
		t.Fatalf("no RESUME after a dropped connection: %v (stats %+v)", err, fake.GatewayStats())
	}
	last := fake.SendMessage(discordfake.UserMessage{AuthorID: "42", Content: "<@" + fake.BotUserID() + "> last"})
	if err := fake.WaitFor(wait, func() bool { return ev.message(last) != nil }); err != nil {
		t.Errorf("events after second resume: %v", err)
	}
}

// TestGatewayRejects checks the close codes of a bad token and of a
// privileged intent that is not enabled.
func TestGatewayRejects(t *testing.T) {
	t.Parallel()
	fake := discordfake.New(t, discordfake.Options{})
	tests := []struct {
		name    string
		token   string
		intents discordgo.Intent
		code    int
	}{
		{"bad token", "Bot wrong", discordgo.IntentsGuilds, discordfake.CloseAuthFailed},
		{"message content not enabled", "Bot " + fake.Token(), discordgo.IntentsGuilds | discordgo.IntentMessageContent, discordfake.CloseDisallowedIntents},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := discordgo.New(tt.token)
			if err != nil {
				t.Fatal(err)
			}
			fake.Configure(s)
			s.Identify.Intents = tt.intents
			s.LogLevel = -1
			err = s.Open()
			var ce *websocket.CloseError
			if !errors.As(err, &ce) || ce.Code != tt.code {
				t.Fatalf("Open error = %v, want close %d", err, tt.code)
			}
		})
	}
}

// TestUnknownRoute records requests to routes the fake lacks.
func TestUnknownRoute(t *testing.T) {
	t.Parallel()
	fake := discordfake.New(t, discordfake.Options{AllowUnknownRoutes: true})
	s, err := discordgo.New("Bot " + fake.Token())
	if err != nil {
		t.Fatal(err)
	}
	fake.Configure(s)
	if _, err := s.GuildBans(fake.GuildID(), 10, "", ""); err == nil {
		t.Fatal("GuildBans succeeded against a route the fake does not implement")
	}
	unknown := fake.UnknownRoutes()
	if len(unknown) != 1 || unknown[0].Method != "GET" || !strings.HasPrefix(unknown[0].Path, "/guilds/"+fake.GuildID()+"/bans") || unknown[0].Status != 404 {
		t.Errorf("unknown routes = %+v", unknown)
	}
}

func ptr[T any](v T) *T { return &v }

// TestPrivilegedIntentsAndDMs runs a session with MESSAGE_CONTENT and
// GUILD_MEMBERS enabled, fast heartbeats, DMs, and an invalidated session.
func TestPrivilegedIntentsAndDMs(t *testing.T) {
	t.Parallel()
	fake := discordfake.New(t, discordfake.Options{
		EnabledIntents:    int64(discordgo.IntentMessageContent | discordgo.IntentGuildMembers),
		HeartbeatInterval: 250 * time.Millisecond, // discordgo reconnects after 5 intervals (1.25 s) without ACK
	})
	fake.AddMember("42", "ada", 0)
	fake.AddUser("43", "bob")
	fake.AddDMChannel("500", "43")
	var ev events
	s, err := discordgo.New("Bot " + fake.Token())
	if err != nil {
		t.Fatal(err)
	}
	fake.Configure(s)
	s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages | discordgo.IntentMessageContent | discordgo.IntentGuildMembers
	ev.attach(s)
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })

	if err := fake.WaitFor(wait, func() bool {
		g, _ := s.State.Guild(fake.GuildID())
		if g == nil {
			return false
		}
		s.State.RLock()
		defer s.State.RUnlock()
		return len(g.Members) == 2
	}); err != nil {
		t.Errorf("with GUILD_MEMBERS, GUILD_CREATE should carry both members: %v", err)
	}

	chat := fake.SendMessage(discordfake.UserMessage{AuthorID: "42", Content: "no mention here"})
	dm := fake.SendMessage(discordfake.UserMessage{ChannelID: "500", AuthorID: "43", Content: "hi bot"})
	var gotChat, gotDM *discordgo.MessageCreate
	if err := fake.WaitFor(wait, func() bool { gotChat, gotDM = ev.message(chat), ev.message(dm); return gotChat != nil && gotDM != nil }); err != nil {
		t.Fatal(err)
	}
	if gotChat.Content != "no mention here" {
		t.Errorf("with MESSAGE_CONTENT, content = %q", gotChat.Content)
	}
	if gotDM.GuildID != "" || gotDM.Content != "hi bot" || gotDM.Author.ID != "43" {
		t.Errorf("DM = %+v", gotDM.Message)
	}

	id, _ := fake.SendInteraction(discordfake.Interaction{Command: "ask", UserID: "43", ChannelID: "500"})
	var ic *discordgo.InteractionCreate
	if err := fake.WaitFor(wait, func() bool { ic = ev.interaction(id); return ic != nil }); err != nil {
		t.Fatal(err)
	}
	if ic.Member != nil || ic.User == nil || ic.User.ID != "43" || ic.GuildID != "" {
		t.Errorf("DM interaction: member %v, user %v, guild %q", ic.Member, ic.User, ic.GuildID)
	}

	if err := fake.WaitFor(wait, func() bool { return fake.GatewayStats().Heartbeats >= 3 }); err != nil {
		t.Errorf("heartbeats: %v", err)
	}

	// op 9: discordgo identifies again on the same connection.
	fake.InvalidateSession()
	if err := fake.WaitFor(wait, func() bool { return fake.GatewayStats().Identifies == 2 }); err != nil {
		t.Fatalf("no new IDENTIFY after op 9: %v", err)
	}
	after := fake.SendMessage(discordfake.UserMessage{AuthorID: "42", Content: "still there?"})
	if err := fake.WaitFor(wait, func() bool { return ev.message(after) != nil }); err != nil {
		t.Errorf("events after re-identify: %v", err)
	}
	if errs := fake.GatewayErrors(); len(errs) != 0 {
		t.Errorf("gateway errors: %v", errs)
	}
}
