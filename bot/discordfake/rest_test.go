package discordfake_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/google/go-cmp/cmp"

	"github.com/byline-bot/byline/bot/discordfake"
)

// These tests use discordgo's REST side only (no gateway, so no Close
// sleep). Interactions are answered with a discordgo.Interaction built from
// the id and token SendInteraction returns, as the bot would from the event.

func restSession(t *testing.T, fake *discordfake.Server) *discordgo.Session {
	t.Helper()
	s, err := discordgo.New("Bot " + fake.Token())
	if err != nil {
		t.Fatal(err)
	}
	fake.Configure(s)
	return s
}

func quietFake(t *testing.T, opts discordfake.Options) *discordfake.Server {
	opts.Logf = func(string, ...any) {} // SendInteraction warns about the missing gateway
	fake := discordfake.New(t, opts)
	fake.AddMember("42", "ada", discordgo.PermissionSendMessages)
	return fake
}

func interactionFor(fake *discordfake.Server, id, token string) *discordgo.Interaction {
	return &discordgo.Interaction{ID: id, AppID: fake.AppID(), Token: token, Type: discordgo.InteractionApplicationCommand}
}

func TestFollowupReplacesDeferredOriginal(t *testing.T) {
	t.Parallel()
	fake := quietFake(t, discordfake.Options{})
	s := restSession(t, fake)
	id, token := fake.SendInteraction(discordfake.Interaction{Command: "ask", UserID: "42"})
	in := interactionFor(fake, id, token)
	if _, err := s.FollowupMessageCreate(in, true, &discordgo.WebhookParams{Content: "too early"}); restCode(err) != 10015 {
		t.Errorf("follow-up before callback: err = %v, want 10015", err)
	}
	eph := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource, Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}}
	if err := s.InteractionRespond(in, eph); err != nil {
		t.Fatal(err)
	}
	first, err := s.FollowupMessageCreate(in, true, &discordgo.WebhookParams{Content: "answer"})
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.FollowupMessageCreate(in, true, &discordgo.WebhookParams{Content: "more"})
	if err != nil {
		t.Fatal(err)
	}
	st := fake.InteractionResponse(token)
	if st.Original == nil || st.Original.ID != first.ID || st.Original.Content != "answer" || st.Original.Loading() || !st.Original.Ephemeral() {
		t.Errorf("original = %+v, want the first follow-up, ephemeral, no longer loading", st.Original)
	}
	if len(st.Followups) != 1 || st.Followups[0].ID != second.ID {
		t.Errorf("followups = %+v, want only the second", st.Followups)
	}
	// Ephemeral messages are not in the channel history the API returns.
	hist, err := s.ChannelMessages(discordfake.GeneralChannelID, 50, "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range hist {
		if m.ID == first.ID {
			t.Errorf("ephemeral original listed in channel history")
		}
	}
}

func TestTokenExpiry(t *testing.T) {
	t.Parallel()
	fake := quietFake(t, discordfake.Options{TokenLifetime: 30 * time.Millisecond})
	s := restSession(t, fake)
	id, token := fake.SendInteraction(discordfake.Interaction{Command: "ask", UserID: "42"})
	in := interactionFor(fake, id, token)
	if err := s.InteractionRespond(in, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(40 * time.Millisecond) // past the shortened token lifetime, on purpose
	if _, err := s.InteractionResponseEdit(in, &discordgo.WebhookEdit{Content: ptr("late")}); restCode(err) != 50027 {
		t.Errorf("edit after token expiry: err = %v, want 50027", err)
	}
}

func TestRateLimitNextIsRetried(t *testing.T) {
	t.Parallel()
	fake := quietFake(t, discordfake.Options{})
	s := restSession(t, fake)
	route := "/channels/{channel_id}/messages"
	fake.RateLimitNext("POST", route, 1, 20*time.Millisecond)
	if _, err := s.ChannelMessageSend(discordfake.GeneralChannelID, "hello"); err != nil {
		t.Fatalf("send after one 429: %v", err)
	}
	var statuses []int
	for _, r := range fake.RequestsTo("POST", route) {
		statuses = append(statuses, r.Status)
	}
	if diff := cmp.Diff([]int{429, 200}, statuses); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	if n := len(fake.Messages(discordfake.GeneralChannelID)); n != 1 {
		t.Errorf("messages = %d, want 1", n)
	}
}

func TestEditRateLimit(t *testing.T) {
	t.Parallel()
	fake := quietFake(t, discordfake.Options{EditRateLimit: 2})
	s := restSession(t, fake)
	s.ShouldRetryOnRateLimit = false
	m, err := s.ChannelMessageSend(discordfake.GeneralChannelID, "draft")
	if err != nil {
		t.Fatal(err)
	}
	var rl *discordgo.RateLimitError
	for i, want429 := range []bool{false, false, true} {
		_, err := s.ChannelMessageEdit(discordfake.GeneralChannelID, m.ID, strings.Repeat("x", i+1))
		if got := errors.As(err, &rl); got != want429 {
			t.Errorf("edit %d: err = %v, want rate limited %v", i, err, want429)
		}
	}
	if rl != nil && (rl.RetryAfter <= 0 || rl.RetryAfter > 5*time.Second) {
		t.Errorf("retry_after = %v", rl.RetryAfter)
	}
	got := fake.Messages(discordfake.GeneralChannelID)[0]
	if got.Edits != 2 || len(got.EditTimes) != 2 || got.Content != "xx" {
		t.Errorf("message after edits = %+v", got)
	}
}

func TestAttachmentsAndHistory(t *testing.T) {
	t.Parallel()
	fake := quietFake(t, discordfake.Options{})
	s := restSession(t, fake)
	m, err := s.ChannelMessageSendComplex(discordfake.GeneralChannelID, &discordgo.MessageSend{
		Content: "report",
		Files:   []*discordgo.File{{Name: "sources.txt", ContentType: "text/plain", Reader: bytes.NewReader([]byte("1. Example"))}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Attachments) != 1 || m.Attachments[0].Filename != "sources.txt" || m.Attachments[0].Size != 10 {
		t.Errorf("attachments = %+v", m.Attachments)
	}
	var ids []string
	for i := 0; i < 4; i++ {
		id := fake.SendMessage(discordfake.UserMessage{AuthorID: "42", Content: strings.Repeat("m", i+1)})
		ids = append(ids, id)
	}
	tests := []struct {
		name                  string
		limit                 int
		before, after, around string
		want                  []string
	}{
		{"newest first", 2, "", "", "", []string{ids[3], ids[2]}},
		{"before", 2, ids[2], "", "", []string{ids[1], ids[0]}},
		{"after", 2, "", ids[0], "", []string{ids[2], ids[1]}},
		{"all", 100, "", "", "", []string{ids[3], ids[2], ids[1], ids[0], m.ID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.ChannelMessages(discordfake.GeneralChannelID, tt.limit, tt.before, tt.after, tt.around)
			if err != nil {
				t.Fatal(err)
			}
			var gotIDs []string
			for _, g := range got {
				gotIDs = append(gotIDs, g.ID)
			}
			if diff := cmp.Diff(tt.want, gotIDs); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := s.ChannelMessages(discordfake.GeneralChannelID, 101, "", "", ""); restCode(err) != 50035 {
		t.Errorf("limit 101: err = %v, want 50035", err)
	}
	if _, err := s.ChannelMessages("123", 1, "", "", ""); restCode(err) != 10003 {
		t.Errorf("unknown channel: err = %v, want 10003", err)
	}
}

func TestEmbedLimits(t *testing.T) {
	t.Parallel()
	fake := quietFake(t, discordfake.Options{})
	s := restSession(t, fake)
	field := func(name, value string) *discordgo.MessageEmbedField {
		return &discordgo.MessageEmbedField{Name: name, Value: value}
	}
	var manyFields []*discordgo.MessageEmbedField
	for i := 0; i < 26; i++ {
		manyFields = append(manyFields, field("n", "v"))
	}
	tests := []struct {
		name  string
		embed *discordgo.MessageEmbed
		code  int
	}{
		{"ok", &discordgo.MessageEmbed{Title: "t", Description: strings.Repeat("d", 4096), URL: "https://example.com/x"}, 0},
		{"description 4097", &discordgo.MessageEmbed{Description: strings.Repeat("d", 4097)}, 50035},
		{"26 fields", &discordgo.MessageEmbed{Fields: manyFields}, 50035},
		{"field value 1025", &discordgo.MessageEmbed{Fields: []*discordgo.MessageEmbedField{field("n", strings.Repeat("v", 1025))}}, 50035},
		{"empty field name", &discordgo.MessageEmbed{Fields: []*discordgo.MessageEmbedField{field("", "v")}}, 50035},
		{"total over 6000", &discordgo.MessageEmbed{Title: strings.Repeat("t", 256), Description: strings.Repeat("d", 4096), Fields: []*discordgo.MessageEmbedField{field("n", strings.Repeat("v", 1024)), field("n", strings.Repeat("v", 1024))}}, 50035},
		{"relative url", &discordgo.MessageEmbed{Title: "t", URL: "/news/1"}, 50035},
		{"footer 2049", &discordgo.MessageEmbed{Footer: &discordgo.MessageEmbedFooter{Text: strings.Repeat("f", 2049)}}, 50035},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.ChannelMessageSendEmbed(discordfake.GeneralChannelID, tt.embed)
			if tt.code == 0 && err != nil {
				t.Fatalf("valid embed rejected: %v", err)
			}
			if tt.code != 0 && restCode(err) != tt.code {
				t.Errorf("err = %v, want code %d", err, tt.code)
			}
		})
	}
	if n := len(fake.Messages(discordfake.GeneralChannelID)); n != 1 {
		t.Errorf("stored messages = %d, want only the valid one", n)
	}
}

func TestUnauthorized(t *testing.T) {
	t.Parallel()
	fake := quietFake(t, discordfake.Options{})
	s, err := discordgo.New("Bot not-the-token")
	if err != nil {
		t.Fatal(err)
	}
	fake.Configure(s)
	_, err = s.ChannelMessageSend(discordfake.GeneralChannelID, "hi")
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response.StatusCode != 401 {
		t.Errorf("wrong token: err = %v, want 401", err)
	}
}

func TestPings(t *testing.T) {
	none := &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
	tests := []struct {
		name    string
		content string
		am      *discordgo.MessageAllowedMentions
		reply   bool
		want    []string
	}{
		{"plain", "hello", nil, false, nil},
		{"no allowed_mentions parses all", "@everyone <@1> <@!2> <@&3> @here", nil, false, []string{"@everyone", "@here", "user:1", "user:2", "role:3"}},
		{"parse nothing", "@everyone <@1> <@&3>", none, false, nil},
		{"null parse in an object parses nothing", "@here <@1>", &discordgo.MessageAllowedMentions{}, false, nil},
		{"users listed", "<@1> <@2>", &discordgo.MessageAllowedMentions{Users: []string{"2"}}, false, []string{"user:2"}},
		{"roles by parse", "<@&3> @everyone", &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{discordgo.AllowedMentionTypeRoles}}, false, []string{"role:3"}},
		{"reply pings by default", "ok", nil, true, []string{"reply"}},
		{"reply without replied_user", "ok", none, true, nil},
		{"reply with replied_user", "ok", &discordgo.MessageAllowedMentions{RepliedUser: true}, true, []string{"reply"}},
		{"email is not a mention", "write to news@example.com", nil, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := discordfake.Pings(tt.content, tt.am, tt.reply)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Pings (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzPings checks that a message sent with allowed_mentions parsing nothing
// never pings, whatever its content.
func FuzzPings(f *testing.F) {
	for _, s := range []string{"@everyone", "<@123>", "<@&1>", "<@!9> @here", "@@everyone<@<@1>>"} {
		f.Add(s)
	}
	none := &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
	f.Fuzz(func(t *testing.T, content string) {
		if got := discordfake.Pings(content, none, false); len(got) != 0 {
			t.Errorf("Pings(%q, parse none) = %v", content, got)
		}
		for _, p := range discordfake.Pings(content, nil, false) {
			if !strings.HasPrefix(p, "@") && !strings.HasPrefix(p, "user:") && !strings.HasPrefix(p, "role:") {
				t.Errorf("Pings(%q) returned %q", content, p)
			}
		}
	})
}

// A reply instead of a deferral is a refusal, which a load test counts at
// once instead of waiting for an answer that never comes.
func TestRefused(t *testing.T) {
	t.Parallel()
	fake := quietFake(t, discordfake.Options{})
	s := restSession(t, fake)
	for _, tt := range []struct {
		typ  discordgo.InteractionResponseType
		want bool
	}{
		{discordgo.InteractionResponseChannelMessageWithSource, true},
		{discordgo.InteractionResponseDeferredChannelMessageWithSource, false},
	} {
		id, token := fake.SendInteraction(discordfake.Interaction{Command: "ask", UserID: "42"})
		if discordfake.Refused(fake.InteractionResponse(token)) {
			t.Errorf("refused before any callback")
		}
		resp := &discordgo.InteractionResponse{Type: tt.typ, Data: &discordgo.InteractionResponseData{Content: "Busy, try again later.", Flags: discordgo.MessageFlagsEphemeral}}
		if err := s.InteractionRespond(interactionFor(fake, id, token), resp); err != nil {
			t.Fatal(err)
		}
		if got := discordfake.Refused(fake.InteractionResponse(token)); got != tt.want {
			t.Errorf("callback type %d: Refused = %v, want %v", tt.typ, got, tt.want)
		}
	}
}
