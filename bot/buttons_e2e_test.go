package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/byline-bot/byline/answer"
	"github.com/byline-bot/byline/bot/discordfake"
	"github.com/byline-bot/byline/feedback"
)

// buttonIDs returns the custom ids of the buttons on a message, by what they do.
func buttonIDs(t *testing.T, m *discordfake.Message) (stop, helpful, notHelpful string) {
	t.Helper()
	if m == nil {
		return "", "", ""
	}
	for _, id := range m.Buttons() {
		switch {
		case strings.HasPrefix(id, buttonPrefix+buttonStop+"/"):
			stop = id
		case strings.HasPrefix(id, buttonPrefix+buttonVote+"/"+string(feedback.Helpful)+"/"):
			helpful = id
		case strings.HasPrefix(id, buttonPrefix+buttonVote+"/"+string(feedback.NotHelpful)+"/"):
			notHelpful = id
		}
	}
	return stop, helpful, notHelpful
}

// press clicks a button as userID and returns the private reply the presser
// sees ("" when the press was acknowledged without one).
func (h *harness) press(t *testing.T, userID string, m *discordfake.Message, customID string) string {
	t.Helper()
	_, token := h.fake.ClickButton(userID, m.ChannelID, m.ID, customID)
	st := h.waitInteraction(t, token, "the button press acknowledged", func(st discordfake.InteractionState) bool { return st.Acknowledged })
	if st.CallbackType == discordgo.InteractionResponseChannelMessageWithSource {
		if !st.Original.Ephemeral() {
			t.Errorf("the reply to a button press is public: %q", st.Original.Content)
		}
		return st.Original.Content
	}
	return ""
}

func TestE2EButtons(t *testing.T) {
	store, err := feedback.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	h := startHarness(t, testConfig(func(c *Config) {
		c.AdminRoleIDs = []string{adminRoleID}
		c.UserRatePerMinute = 0
		c.GuildRatePerMinute = 0
		c.EditInterval = testInterval
		c.Feedback = store
	}), discordfake.Options{})
	fake, backend := h.fake, h.backend
	fake.AddRole(adminRoleID, "byline-admins", 0)

	t.Run("stop mid-stream ends the answer with what was written", func(t *testing.T) {
		ended := make(chan error, 1)
		backend.set(func(f *fakeBackend) {
			f.ask = func(ctx context.Context, req answer.Request, onPartial func(string)) (answer.Answer, error) {
				text := ""
				for i := 0; ; i++ {
					text += "word" + itoa(i) + " "
					onPartial(text)
					select {
					case <-ctx.Done():
						ended <- ctx.Err()
						return answer.Answer{}, ctx.Err()
					case <-time.After(20 * time.Millisecond):
					}
					if i == 1000 {
						return cited(text), nil
					}
				}
			}
		})
		asker, other := h.member(0), h.member(0)
		token := h.ask(asker, "Tell me everything about the budget")
		st := h.waitInteraction(t, token, "a Stop button while streaming", func(st discordfake.InteractionState) bool {
			stop, _, _ := buttonIDs(t, st.Original)
			return stop != "" && strings.HasSuffix(st.Original.Content, " …")
		})
		stop, helpful, _ := buttonIDs(t, st.Original)
		if helpful != "" {
			t.Errorf("vote buttons on an answer still being written: %v", st.Original.Buttons())
		}
		if got := h.press(t, other, st.Original, stop); got != msgStopNotYours {
			t.Errorf("someone else pressing Stop sees %q", got)
		}
		if got := h.press(t, asker, st.Original, stop); got != "" {
			t.Errorf("the asker pressing Stop sees %q, want no extra message", got)
		}
		select {
		case <-ended:
		case <-time.After(waitLong):
			t.Fatal("the backend's work was not stopped")
		}
		final := h.waitInteraction(t, token, "the stopped answer", func(st discordfake.InteractionState) bool {
			return strings.HasSuffix(st.Original.Content, footerStopped)
		})
		// What the asker saw when pressing Stop stays, and nothing is lost.
		shown := strings.TrimSuffix(st.Original.Content, " …")
		text := strings.TrimSuffix(final.Original.Content, "\n\n"+footerStopped)
		if !strings.HasPrefix(text, shown) || strings.HasSuffix(text, "…") {
			t.Errorf("stopped answer %q: want the words written so far (at least %q)", final.Original.Content, shown)
		}
		if b := final.Original.Buttons(); len(b) != 0 {
			t.Errorf("buttons left on a stopped answer: %v", b)
		}
		if final.Original.WouldPing() {
			t.Errorf("the stopped answer would ping %v", final.Original.Pings())
		}
	})

	t.Run("stop a mention's answer in its thread", func(t *testing.T) {
		backend.set(func(f *fakeBackend) {
			f.ask = func(ctx context.Context, req answer.Request, onPartial func(string)) (answer.Answer, error) {
				onPartial("The harbour budget was")
				<-ctx.Done()
				return answer.Answer{}, ctx.Err()
			}
		})
		asker := h.member(0)
		thread := h.threadOf(t, fake.SendMessage(discordfake.UserMessage{AuthorID: asker, Content: "<@" + fake.BotUserID() + "> what about the harbour budget?"}))
		var msg discordfake.Message
		if err := fake.WaitFor(waitLong, func() bool {
			for _, m := range fake.BotMessages(thread) {
				if stop, _, _ := buttonIDs(t, &m); stop != "" {
					msg = m
					return true
				}
			}
			return false
		}); err != nil {
			t.Fatalf("no Stop button in the thread: %+v", fake.BotMessages(thread))
		}
		stop, _, _ := buttonIDs(t, &msg)
		h.press(t, asker, &msg, stop)
		got := h.botReplies(t, thread, 1)
		if want := "The harbour budget was\n\n" + footerStopped; got[0].Content != want || len(got[0].Buttons()) != 0 {
			t.Errorf("stopped answer in the thread: %q with buttons %v, want %q and none", got[0].Content, got[0].Buttons(), want)
		}
	})

	t.Run("votes: one per member, changeable", func(t *testing.T) {
		backend.set(func(f *fakeBackend) {
			f.ask = func(ctx context.Context, req answer.Request, _ func(string)) (answer.Answer, error) {
				return cited("Rates rose [1] and markets fell [2]."), nil
			}
		})
		ada, bob := h.member(0), h.member(0)
		st := h.final(t, h.ask(ada, "What did the bank do?"))
		stop, helpful, notHelpful := buttonIDs(t, st.Original)
		if stop != "" || helpful == "" || notHelpful == "" {
			t.Fatalf("buttons on a finished answer: %v, want Helpful and Not helpful", st.Original.Buttons())
		}
		steps := []struct {
			who, button, want string
		}{
			{ada, helpful, "Thanks! Marked as helpful. You can change your vote with the other button."},
			{ada, helpful, "You already marked this answer as helpful."},
			{ada, notHelpful, "Changed your vote to not helpful. The admins see the question in /gaps."},
			{bob, helpful, "Thanks! Marked as helpful. You can change your vote with the other button."},
		}
		for _, s := range steps {
			if got := h.press(t, s.who, st.Original, s.button); got != s.want {
				t.Errorf("press %s: %q, want %q", s.button, got, s.want)
			}
		}
		answerID := helpful[strings.LastIndex(helpful, "/")+1:]
		if up, down := store.Tally(answerID); up != 1 || down != 1 {
			t.Errorf("stored votes: %d helpful, %d not helpful; want 1 and 1", up, down)
		}
	})

	t.Run("a long answer carries its buttons on its last message", func(t *testing.T) {
		backend.set(func(f *fakeBackend) {
			f.ask = func(ctx context.Context, req answer.Request, _ func(string)) (answer.Answer, error) {
				return cited(strings.Repeat("A long sentence about the harbour budget [1]. ", 90)), nil
			}
		})
		st := h.waitInteraction(t, h.ask(h.member(0), "Long?"), "a long answer", func(st discordfake.InteractionState) bool {
			return len(st.Followups) > 0 && strings.Contains(st.Followups[len(st.Followups)-1].Content, footerPrefix)
		})
		if b := st.Original.Buttons(); len(b) != 0 {
			t.Errorf("buttons on the first of several messages: %v", b)
		}
		last := st.Followups[len(st.Followups)-1]
		if _, helpful, _ := buttonIDs(t, &last); helpful == "" {
			t.Errorf("no vote buttons on the last message: %v", last.Buttons())
		}
	})

	t.Run("gaps after refused and down-voted questions", func(t *testing.T) {
		harbour := answer.Source{ArticleID: "h1", Title: "Harbour budget approved", URL: "https://news.example/harbour", Published: "2024-05-01"}
		backend.set(func(f *fakeBackend) {
			f.ask = func(ctx context.Context, req answer.Request, _ func(string)) (answer.Answer, error) {
				if strings.Contains(req.Question, "bridge") {
					return answer.Answer{Mode: answer.ModeNotCovered, Answer: "The indexed articles do not cover this question. The closest articles are:\n- Harbour budget approved (2024-05-01)",
						Sources: []answer.Source{harbour}}, nil
				}
				return cited("Turnout was high [1]."), nil
			}
		})
		u := h.member(0)
		for _, q := range []string{"When does the harbour bridge open?", "Harbour bridge opening date?"} {
			st := h.final(t, h.ask(u, q))
			if !strings.HasPrefix(st.Original.Content, "The indexed articles do not cover this question.") ||
				!strings.Contains(st.Original.Content, "[Harbour budget approved](<https://news.example/harbour>)") {
				t.Errorf("not covered answer shown as %q", st.Original.Content)
			}
		}
		st := h.final(t, h.ask(u, "What was the election turnout?"))
		_, _, notHelpful := buttonIDs(t, st.Original)
		h.press(t, u, st.Original, notHelpful)

		if got := h.final(t, h.interact(h.member(0), "gaps")); got.Original.Content != msgNotAdmin {
			t.Errorf("/gaps by a member without an admin role: %q", got.Original.Content)
		}
		admin := h.member(discordgo.PermissionSendMessages, adminRoleID)
		got := h.final(t, h.interact(admin, "gaps", discordfake.Option{Name: "days", Value: 7}))
		if !got.Original.Ephemeral() {
			t.Error("/gaps is shown to everyone")
		}
		for _, want := range []string{
			// The two refused bridge questions, the bank question voted
			// down in the votes subtest, and the turnout one voted down here.
			"**Coverage gaps in the last 7 days**: 4 questions in 3 topics",
			"**1. bridge, harbour, date**: 2 questions (2 not covered)",
			"> Harbour bridge opening date?",
			"Closest articles: [Harbour budget approved](<https://news.example/harbour>)",
			"(1 not helpful)\n> What did the bank do?",
			"election, turnout**: 1 question (1 not helpful)\n> What was the election turnout?", // 2nd or 3rd: ties go by time
			"Closest articles: [Bank raises rates](<https://news.example/rates>) · [Markets react](<https://news.example/markets>)",
		} {
			if !strings.Contains(got.Original.Content, want) {
				t.Errorf("/gaps lacks %q:\n%s", want, got.Original.Content)
			}
		}
	})
}
