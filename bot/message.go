package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/byline-bot/byline/answer"
)

// channelReply is a replier over ordinary channel messages: a placeholder
// message edited as the answer streams in, and further messages after it.
type channelReply struct {
	s         *discordgo.Session
	channelID string
	messageID string // the placeholder
	// sent, when set, is told the id of each further message.
	sent func(id string)
}

func (r *channelReply) edit(ctx context.Context, content string) error {
	return r.editWith(ctx, content, nil)
}

func (r *channelReply) editWith(ctx context.Context, content string, buttons []discordgo.MessageComponent) error {
	comps := components(buttons)
	_, err := r.s.ChannelMessageEditComplex(&discordgo.MessageEdit{
		ID: r.messageID, Channel: r.channelID, Content: &content, Components: &comps, AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("edit message: %w", err)
	}
	return nil
}

func (r *channelReply) more(ctx context.Context, content string) error {
	return r.moreWith(ctx, content, nil)
}

func (r *channelReply) moreWith(ctx context.Context, content string, buttons []discordgo.MessageComponent) error {
	m, err := r.s.ChannelMessageSendComplex(r.channelID, &discordgo.MessageSend{
		Content: content, Components: components(buttons), AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("send message: %w", err)
	}
	if r.sent != nil {
		r.sent(m.ID)
	}
	return nil
}

// send posts content in channelID, as a reply to ref when ref is set, pinging nobody.
func send(ctx context.Context, s *discordgo.Session, channelID, content string, ref *discordgo.MessageReference) (*discordgo.Message, error) {
	m, err := s.ChannelMessageSendComplex(channelID, &discordgo.MessageSend{
		Content: content, Reference: ref, AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("send message: %w", err)
	}
	return m, nil
}

const (
	msgThinking     = "Looking through the articles…"
	msgEmptyMention = "Ask me something after the mention, for example: @Byline what did the minister say about the budget?"
	msgMentionHint  = "To ask a follow-up here, mention me at the start of your message (I can only read messages that mention me)."
)

// onMessage handles messages: a mention of the bot, a direct message, any
// message in a thread the bot started (a follow-up), or in an auto-answer
// channel. Everything else is ignored. Panics are recovered here.
func (b *Bot) onMessage(ctx context.Context, s *discordgo.Session, mc *discordgo.MessageCreate) {
	// Messages with unknown component types arrive without an author.
	if mc == nil || mc.Message == nil || mc.Author == nil || mc.Author.Bot {
		return
	}
	m := mc.Message
	botID := b.id()
	if m.Author.ID == botID {
		return
	}
	q, mentioned := parseMention(m.Content, botID)
	for _, u := range m.Mentions {
		// A reply to the bot's message mentions it without <@id> in the text.
		if u != nil && u.ID == botID {
			mentioned = true
		}
	}
	isDM := m.GuildID == ""
	followUp := b.convs.tracked(m.ChannelID) || ownThread(s, m.ChannelID, botID)
	auto := b.autoAnswer(m.ChannelID)
	if !mentioned && !isDM && !followUp && !auto {
		return
	}
	start := time.Now()
	log := b.log.With("message_id", m.ID, "guild_id", m.GuildID, "channel_id", m.ChannelID, "user_id", m.Author.ID)
	if !b.begin() {
		return // shutting down: Discord keeps the message; nothing was promised
	}
	defer b.inflight.Done()
	var placeholder replier // set once the "thinking" message exists
	defer func() {
		if p := recover(); p != nil {
			b.recovered(log, p)
			dctx, cancel := detached(ctx)
			defer cancel()
			var err error
			if placeholder != nil {
				err = placeholder.edit(dctx, msgPanic)
			} else {
				_, err = send(dctx, s, m.ChannelID, msgPanic, m.Reference())
			}
			if err != nil {
				log.Error("tell user about panic", "err", err)
			}
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, b.cfg.AnswerTimeout)
	defer cancel()
	b.mentionAnswer(ctx, log, s, m, q, mentioned, isDM, followUp, start, &placeholder)
}

// mentionAnswer answers a message; it stores the placeholder's replier in
// *placeholder as soon as it exists, for the panic handler.
func (b *Bot) mentionAnswer(ctx context.Context, log *slog.Logger, s *discordgo.Session, m *discordgo.Message, q string, mentioned, isDM, followUp bool, start time.Time, placeholder *replier) {
	replyHere := func(text string) {
		if _, err := send(ctx, s, m.ChannelID, text, m.Reference()); err != nil {
			log.Error("reply to message", "err", err)
		}
	}
	if q == "" {
		switch {
		case mentioned:
			replyHere(msgEmptyMention)
		case followUp && !b.messageContent && b.convs.hintOnce(m.ChannelID):
			// Without the MESSAGE_CONTENT intent, Discord blanks messages
			// that do not mention the bot: say how to ask a follow-up.
			replyHere(msgMentionHint)
		}
		return
	}
	if msg := checkQuestion(q, b.cfg.MaxQuestionChars); msg != "" {
		replyHere(msg)
		return
	}
	if msg := b.admit(m.Author.ID, m.GuildID); msg != "" {
		replyHere(msg)
		return
	}
	t, ok := b.reserve()
	if !ok {
		b.metrics.refused(scopeQueue)
		replyHere(msgBusy)
		return
	}

	// Where the answer goes, and which conversation it belongs to: a thread
	// or DM channel (convID), or else the chain of replies the answer joins
	// in the channel, keyed by its messages.
	kind := kindMention
	channelID, ref, convID := m.ChannelID, m.Reference(), ""
	switch {
	case followUp:
		kind, convID, ref = kindFollowUp, m.ChannelID, nil
	case isDM:
		convID = m.ChannelID // a DM is one running conversation, recalled like a thread
	case b.cfg.MentionReply == MentionReplyThread && !b.isThread(s, m.ChannelID):
		th, err := s.MessageThreadStartComplex(m.ChannelID, m.ID, &discordgo.ThreadStart{
			Name: threadName(q), AutoArchiveDuration: 1440,
		}, discordgo.WithContext(ctx))
		if err != nil {
			log.Warn("start thread; replying in the channel instead", "err", err)
			break
		}
		channelID, ref, convID = th.ID, nil, th.ID
		b.convs.start(convID)
		log = log.With("thread_id", th.ID)
	}
	first, err := send(ctx, s, channelID, msgThinking, ref)
	if err != nil {
		t.cancel()
		log.Error("acknowledge message", "err", err)
		return
	}
	ack := time.Since(start)
	b.metrics.observe(stageAck, ack)
	b.metrics.question(kind)
	log.Info("acknowledged", "kind", kind, "ack_ms", ack.Milliseconds())
	log.Debug("question", "text", q)

	history := b.history(ctx, log, s, m, convID)
	r := &channelReply{s: s, channelID: channelID, messageID: first.ID}
	*placeholder = r
	var chain []answer.Turn // in a channel: the conversation a reply to this answer continues
	if convID == "" {
		r.sent = func(id string) { b.convs.set(id, chain) } // a reply to any part of a long answer
	}
	b.deliver(ctx, log, r, t, asked{asker: m.Author.ID, question: q, stream: true}, start, func(ctx context.Context, onPartial func(string)) (answer.Answer, error) {
		a, err := b.backend.Ask(ctx, answer.Request{Question: q, History: history}, onPartial)
		// Remember the turn before the answer is shown: a reader may reply
		// the moment it appears, and that follow-up must see this turn.
		if err == nil {
			turn := answer.Turn{Question: q, Answer: a.Answer}
			if convID != "" {
				b.convs.add(convID, turn)
			} else {
				chain = append(slices.Clip(history), turn)
				b.convs.set(first.ID, chain)
			}
		}
		return a, err
	})
}

// history returns the earlier turns a question continues: those of its
// thread or DM (convID), or, for a reply to one of the bot's answers in a
// channel, those of that answer's chain. What the bot does not remember
// (after a restart) is read back from Discord; if that fails, the question
// is answered with what memory has.
func (b *Bot) history(ctx context.Context, log *slog.Logger, s *discordgo.Session, m *discordgo.Message, convID string) []answer.Turn {
	botID := b.id()
	id := convID
	if id == "" {
		r := m.ReferencedMessage
		if r == nil || r.Author == nil || r.Author.ID != botID || r.Content == msgThinking {
			// Not a reply to an answer (a reply to one still being
			// written has nothing to continue yet).
			return nil
		}
		id = r.ID
	}
	if !b.convs.complete(id) {
		var turns []answer.Turn
		var err error
		if convID != "" {
			turns, err = recall(ctx, s, convID, m.ID, botID, b.cfg.HistoryTurns)
		} else {
			turns, err = recallReplies(ctx, s, m.ReferencedMessage, botID, b.cfg.HistoryTurns)
		}
		if err == nil {
			log.Info("recalled conversation", "turns", len(turns))
			b.convs.seed(id, turns)
		} else {
			log.Warn("recall the conversation; answering with what memory has", "err", err)
			// A missing permission or a deleted message fails every time:
			// do not ask Discord again. A passing failure (5xx, timeout)
			// is tried again next time.
			if refused(err) {
				b.convs.seed(id, b.convs.history(id))
			}
		}
	}
	return b.convs.history(id)
}

// isThread reports whether channelID is a thread, as far as the session's
// state knows (threads cannot hold threads).
func (b *Bot) isThread(s *discordgo.Session, channelID string) bool {
	ch, err := s.State.Channel(channelID)
	return err == nil && ch.IsThread()
}

// refused reports whether err is Discord refusing a request for good (403
// or 404), as opposed to a failure that may pass.
func refused(err error) bool {
	var re *discordgo.RESTError
	return errors.As(err, &re) && re.Response != nil &&
		(re.Response.StatusCode == http.StatusForbidden || re.Response.StatusCode == http.StatusNotFound)
}
