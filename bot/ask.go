package bot

import (
	"context"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/byline-bot/byline/answer"
)

// startAnswer does what must happen before any work on a question: the
// cheap checks (length, rate limits, queue room), refused privately, then the
// deferral. It returns the queue ticket, or nil if the user was answered.
func (b *Bot) startAnswer(ctx context.Context, it *interaction, q string, private bool, start time.Time) *ticket {
	if msg := checkQuestion(q, b.cfg.MaxQuestionChars); msg != "" {
		it.replyOrLog(ctx, msg, true)
		return nil
	}
	if msg := b.admit(it.userID(), it.i.GuildID); msg != "" {
		it.replyOrLog(ctx, msg, true)
		return nil
	}
	t, ok := b.reserve()
	if !ok {
		b.metrics.refused(scopeQueue)
		it.replyOrLog(ctx, msgBusy, true)
		return nil
	}
	if err := it.deferReply(ctx, private); err != nil {
		t.cancel()
		it.log.Error("acknowledge interaction", "err", err)
		return nil
	}
	ack := time.Since(start)
	b.metrics.observe(stageAck, ack)
	it.log.Info("acknowledged", "ack_ms", ack.Milliseconds(), "private", private)
	return t
}

func (b *Bot) ask(ctx context.Context, it *interaction, data discordgo.ApplicationCommandInteractionData, start time.Time) {
	q := strings.TrimSpace(optString(data.Options, "question"))
	private := optBool(data.Options, "private")
	t := b.startAnswer(ctx, it, q, private, start)
	if t == nil {
		return
	}
	b.metrics.question(kindAsk)
	it.log.Debug("question", "text", q)
	b.deliver(ctx, it.log, it, t, asked{asker: it.userID(), question: q, stream: true}, start, func(ctx context.Context, onPartial func(string)) (answer.Answer, error) {
		return b.backend.Ask(ctx, answer.Request{Question: q}, onPartial)
	})
}
