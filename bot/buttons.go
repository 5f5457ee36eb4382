package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/byline-bot/byline/answer"
	"github.com/byline-bot/byline/feedback"
)

// Buttons under answers. Their custom ids say what they do and which answer
// they belong to: "byline/stop/<answer id>", "byline/vote/<vote>/<answer id>".
// A press arrives as an interaction like a slash command and goes through
// the same dispatcher (onInteraction).
const (
	buttonPrefix = "byline/"
	buttonStop   = "stop"
	buttonVote   = "vote"
)

// FeedbackStore keeps the answers given and members' votes on them
// (feedback.Store); the bot needs these three calls.
type FeedbackStore interface {
	Record(a feedback.Answer) error
	Vote(answerID, userID string, v feedback.Vote, now time.Time) (previous feedback.Vote, err error)
	Gaps(since time.Time) []feedback.Gap
}

// errStopped ends a backend call whose asker pressed Stop.
var errStopped = errors.New("stopped by the asker")

// newAnswerID names an answer in button ids and the feedback store.
func newAnswerID() string {
	b := make([]byte, 8)
	rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// components wraps buttons in one action row; none gives an empty list,
// which removes the buttons a message had.
func components(buttons []discordgo.MessageComponent) []discordgo.MessageComponent {
	if len(buttons) == 0 {
		return []discordgo.MessageComponent{}
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: buttons}}
}

func stopButton(answerID string) []discordgo.MessageComponent {
	return []discordgo.MessageComponent{discordgo.Button{
		Label: "Stop", Style: discordgo.SecondaryButton, CustomID: buttonPrefix + buttonStop + "/" + answerID,
	}}
}

func voteButtons(answerID string) []discordgo.MessageComponent {
	return []discordgo.MessageComponent{
		discordgo.Button{Label: "Helpful", Style: discordgo.SecondaryButton, Emoji: &discordgo.ComponentEmoji{Name: "👍"},
			CustomID: buttonPrefix + buttonVote + "/" + string(feedback.Helpful) + "/" + answerID},
		discordgo.Button{Label: "Not helpful", Style: discordgo.SecondaryButton, Emoji: &discordgo.ComponentEmoji{Name: "👎"},
			CustomID: buttonPrefix + buttonVote + "/" + string(feedback.NotHelpful) + "/" + answerID},
	}
}

// stoppable are the answers being written now, by id, with who may stop them.
type stoppable struct {
	mu      sync.Mutex
	answers map[string]stopper
}

type stopper struct {
	asker string
	stop  context.CancelCauseFunc
}

func (s *stoppable) add(id, asker string, stop context.CancelCauseFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.answers == nil {
		s.answers = map[string]stopper{}
	}
	s.answers[id] = stopper{asker: asker, stop: stop}
}

func (s *stoppable) remove(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.answers, id)
}

func (s *stoppable) get(id string) (stopper, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.answers[id]
	return st, ok
}

// Texts a presser sees, privately.
const (
	msgStopNotYours  = "Only the person who asked can stop this answer."
	msgStopFinished  = "That answer has already finished."
	msgButtonUnknown = "That button no longer works. Ask again to get a fresh answer."
	msgVotesOff      = "Votes are not kept on this server."
	msgVoteUnknown   = "I have no record of that answer any more, so the vote was not kept."
	msgVoteFailed    = "Sorry, your vote could not be saved. Please try again in a minute."
)

// button handles a press on one of the bot's buttons.
func (b *Bot) button(ctx context.Context, it *interaction, customID string) {
	rest, ok := strings.CutPrefix(customID, buttonPrefix)
	if !ok {
		it.replyOrLog(ctx, msgButtonUnknown, true)
		return
	}
	kind, rest, _ := strings.Cut(rest, "/")
	switch kind {
	case buttonStop:
		b.stop(ctx, it, rest)
	case buttonVote:
		v, id, _ := strings.Cut(rest, "/")
		b.vote(ctx, it, feedback.Vote(v), id)
	default:
		it.replyOrLog(ctx, msgButtonUnknown, true)
	}
}

// stop ends a streaming answer, if the presser asked it (or is an admin).
// The press is acknowledged without a new message; the answer's own
// delivery then ends it with what was written.
func (b *Bot) stop(ctx context.Context, it *interaction, answerID string) {
	st, ok := b.stoppable.get(answerID)
	switch {
	case !ok:
		it.replyOrLog(ctx, msgStopFinished, true)
		return
	case st.asker != it.userID() && !isAdmin(it.i.Member, b.cfg.AdminRoleIDs):
		it.replyOrLog(ctx, msgStopNotYours, true)
		return
	}
	err := it.s.InteractionRespond(it.i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate},
		discordgo.WithContext(ctx))
	if err != nil {
		it.log.Error("acknowledge stop", "err", err)
	} else {
		it.setAcked(false)
	}
	st.stop(errStopped)
	it.log.Info("stop pressed")
}

// vote records a member's verdict on an answer and tells them, privately.
func (b *Bot) vote(ctx context.Context, it *interaction, v feedback.Vote, answerID string) {
	if b.cfg.Feedback == nil {
		it.replyOrLog(ctx, msgVotesOff, true)
		return
	}
	prev, err := b.cfg.Feedback.Vote(answerID, it.userID(), v, time.Now())
	var text string
	switch {
	case errors.Is(err, feedback.ErrUnknownAnswer):
		text = msgVoteUnknown
	case err != nil:
		it.log.Error("record vote", "err", err)
		text = msgVoteFailed
	case prev == v:
		text = "You already marked this answer as " + voteName(v) + "."
	case prev != "":
		text = "Changed your vote to " + voteName(v) + "."
	default:
		text = "Thanks! Marked as " + voteName(v) + ". You can change your vote with the other button."
	}
	if err == nil && v == feedback.NotHelpful && prev != v {
		text += " The admins see the question in /gaps."
	}
	if err == nil {
		it.log.Info("vote", "answer_id", answerID, "vote", string(v), "changed_from", string(prev))
	}
	it.replyOrLog(ctx, text, true)
}

func voteName(v feedback.Vote) string {
	if v == feedback.NotHelpful {
		return "not helpful"
	}
	return "helpful"
}

// record keeps an answer in the feedback store, so that votes on it and
// /gaps know its question, mode and sources. It reports whether the answer
// can be voted on.
func (b *Bot) record(log *slog.Logger, id, question string, a answer.Answer) bool {
	if b.cfg.Feedback == nil || strings.TrimSpace(question) == "" {
		return false
	}
	rec := feedback.Answer{ID: id, Time: time.Now(), Question: question, Mode: string(a.Mode)}
	seen := map[string]bool{}
	add := func(articleID, title, url, published string) {
		key := articleID + "\x00" + url + "\x00" + title
		if seen[key] {
			return
		}
		seen[key] = true
		rec.Sources = append(rec.Sources, feedback.Source{ArticleID: articleID, Title: title, URL: url, Published: published})
	}
	for _, c := range a.Citations {
		add(c.ArticleID, c.Title, c.URL, c.Published)
	}
	if len(rec.Sources) == 0 {
		// "Not covered" cites nothing: its sources are the closest articles.
		for _, s := range a.Sources {
			add(s.ArticleID, s.Title, s.URL, s.Published)
		}
	}
	if err := b.cfg.Feedback.Record(rec); err != nil {
		log.Error("record answer for feedback", "err", err)
		return false
	}
	return true
}

// summaryQuestion is what a summary request is kept as.
func summaryQuestion(req answer.SummaryRequest) string {
	if req.Topic != "" {
		return "Summarize: " + req.Topic
	}
	return "Summarize article: " + req.Article
}
