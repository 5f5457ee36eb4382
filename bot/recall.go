package bot

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/byline-bot/byline/answer"
)

// sourcesHeading starts the Sources section of a rendered answer; recall
// cuts a remembered answer there.
const sourcesHeading = "\n\n**Sources**"

// recallLimit is how many thread messages recall reads (one request).
const recallLimit = 50

// ownThread reports whether channelID is a thread the bot started: its
// messages are follow-ups even when the bot has no memory of it (after a
// restart, or once the conversation was evicted).
func ownThread(s *discordgo.Session, channelID, botID string) bool {
	ch, err := s.State.Channel(channelID)
	return err == nil && ch.IsThread() && botID != "" && ch.OwnerID == botID
}

// recall rebuilds a thread's (or DM's) conversation from Discord: the
// message a thread was started from, then the channel's messages before
// beforeID.
// Each user message opens a turn; the bot's messages after it are its
// answer, without the Sources section. Turns without an answer, ended by a
// notice (busy, failed, rate-limited) or without a question (a message
// Discord blanked for want of MESSAGE_CONTENT) are dropped; system messages
// (pins, renames, the thread starter stub) are skipped; the last maxTurns
// are kept.
func recall(ctx context.Context, s *discordgo.Session, threadID, beforeID, botID string, maxTurns int) ([]answer.Turn, error) {
	if maxTurns == 0 {
		return nil, nil
	}
	msgs, err := s.ChannelMessages(threadID, recallLimit, beforeID, "", "", discordgo.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("read thread history: %w", err)
	}
	slices.Reverse(msgs) // Discord lists newest first
	// A thread started from a message has that message's id; the message
	// itself lives in the parent channel. It may be gone: then the thread's
	// own messages are all there is.
	if ch, err := s.State.Channel(threadID); err == nil && ch.ParentID != "" && len(msgs) < recallLimit {
		if first, err := s.ChannelMessage(ch.ParentID, threadID, discordgo.WithContext(ctx)); err == nil {
			msgs = append([]*discordgo.Message{first}, msgs...)
		}
	}
	return threadTurns(msgs, botID, maxTurns), nil
}

// threadTurns pairs a thread's messages, oldest first, into turns (see
// recall).
func threadTurns(msgs []*discordgo.Message, botID string, maxTurns int) []answer.Turn {
	var turns []answer.Turn
	var cur *answer.Turn
	inSources := false // the rest of this answer is its Sources list
	flush := func() {
		if cur != nil && cur.Answer != "" {
			turns = append(turns, *cur)
		}
		cur, inSources = nil, false
	}
	for _, m := range msgs {
		if m == nil || m.Author == nil || (m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply) {
			continue
		}
		switch {
		case m.Author.ID == botID:
			if notice(m.Content) {
				cur = nil // the question was not answered
				continue
			}
			if cur == nil || inSources {
				continue
			}
			var text string
			text, inSources = answerPart(m.Content)
			cur.Answer = strings.TrimSpace(cur.Answer + "\n" + text)
		case !m.Author.Bot:
			flush()
			if q, _ := parseMention(m.Content, botID); q != "" {
				cur = &answer.Turn{Question: q}
			}
		}
	}
	flush()
	if len(turns) > maxTurns {
		turns = turns[len(turns)-maxTurns:]
	}
	return turns
}

// answerPart returns the answer text of one of the bot's messages, without
// the Sources section, and whether that section starts in the message. A
// long answer is split over messages: the section may begin inside one or
// at the start of the next.
func answerPart(content string) (text string, sources bool) {
	if strings.HasPrefix(content, strings.TrimPrefix(sourcesHeading, "\n\n")) {
		return "", true
	}
	text, _, sources = strings.Cut(content, sourcesHeading)
	// The footer (how the answer was made) is not part of what was said.
	lines := strings.Split(text, "\n")
	for len(lines) > 0 && (strings.HasPrefix(lines[len(lines)-1], footerPrefix) || strings.TrimSpace(lines[len(lines)-1]) == "") {
		lines = lines[:len(lines)-1]
	}
	return strings.TrimSpace(strings.Join(lines, "\n")), sources
}

// recallReplies rebuilds a chain of replies in a channel, given the bot's
// message a user replied to: that answer and the question it replied to,
// then the answer that question replied to, and so on, up to maxTurns
// turns, oldest first. Each step reads two or three messages. Only the
// first step's failure is an error; later ones end the chain.
func recallReplies(ctx context.Context, s *discordgo.Session, answerMsg *discordgo.Message, botID string, maxTurns int) ([]answer.Turn, error) {
	var turns []answer.Turn
	fail := func(err error) ([]answer.Turn, error) {
		if len(turns) == 0 {
			return nil, fmt.Errorf("read reply chain: %w", err)
		}
		slices.Reverse(turns)
		return turns, nil
	}
	for a := answerMsg; a != nil && a.Author != nil && a.Author.ID == botID && !notice(a.Content) && len(turns) < maxTurns; {
		text, ref, err := wholeAnswer(ctx, s, a, botID)
		if err != nil {
			return fail(err)
		}
		if ref == nil || ref.MessageID == "" {
			break // the answer replied to nothing: the chain starts here
		}
		qm, err := s.ChannelMessage(cmp.Or(ref.ChannelID, a.ChannelID), ref.MessageID, discordgo.WithContext(ctx))
		if err != nil {
			return fail(err)
		}
		q, _ := parseMention(qm.Content, botID)
		if q == "" || text == "" {
			break
		}
		turns = append(turns, answer.Turn{Question: q, Answer: text})
		a = qm.ReferencedMessage
	}
	slices.Reverse(turns)
	return turns, nil
}

// wholeAnswer returns the text of the answer message a belongs to (its
// parts joined, without Sources) and the message that answer replied to.
// Only an answer's first message is a reply: for a later part of a long
// answer, the bot's messages just before it lead back to the first. (When
// two long answers were written at once in one channel, the walk may reach
// the other one's first message: rare, and accepted.)
func wholeAnswer(ctx context.Context, s *discordgo.Session, a *discordgo.Message, botID string) (string, *discordgo.MessageReference, error) {
	ref := a.MessageReference
	if ref == nil {
		// A referenced message may come without its own reference.
		full, err := s.ChannelMessage(a.ChannelID, a.ID, discordgo.WithContext(ctx))
		if err != nil {
			return "", nil, err
		}
		ref = full.MessageReference
	}
	parts := []string{a.Content}
	if ref == nil {
		prev, err := s.ChannelMessages(a.ChannelID, maxAnswerParts, a.ID, "", "", discordgo.WithContext(ctx))
		if err != nil {
			return "", nil, err
		}
		for _, p := range prev { // newest first
			if p.Author == nil || p.Author.ID != botID || notice(p.Content) {
				break
			}
			parts = append([]string{p.Content}, parts...)
			if p.MessageReference != nil {
				ref = p.MessageReference
				break
			}
		}
		if ref == nil {
			return "", nil, nil
		}
	}
	var b strings.Builder
	for _, c := range parts {
		text, sources := answerPart(c)
		b.WriteString(text + "\n")
		if sources {
			break
		}
	}
	return strings.TrimSpace(b.String()), ref, nil
}

// maxAnswerParts bounds how far back wholeAnswer looks for an answer's
// first message.
const maxAnswerParts = 5

// notice reports whether content is one of the bot's fixed messages rather
// than an answer: a placeholder, a refusal, a failure, a hint.
func notice(content string) bool {
	switch content {
	case msgThinking, msgFailed, msgTimeout, msgRestarting, msgBusy, msgPanic, msgEmptyMention, msgMentionHint, msgNotAdmin, msgNoQuestion:
		return true
	}
	return strings.HasPrefix(content, msgRetryPrefix) || strings.HasPrefix(content, msgTooLongPrefix)
}
