package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/byline-bot/byline/feedback"
)

// defaultGapDays is how far back /gaps looks without days:.
const defaultGapDays = 30

// gaps answers /gaps (admins): the topics members asked about that the
// articles did not cover or that got a "not helpful" vote, privately.
func (b *Bot) gaps(ctx context.Context, it *interaction, data discordgo.ApplicationCommandInteractionData) {
	if !isAdmin(it.i.Member, b.cfg.AdminRoleIDs) {
		it.log.Info("admin command refused")
		it.replyOrLog(ctx, msgNotAdmin, true)
		return
	}
	if b.cfg.Feedback == nil {
		it.replyOrLog(ctx, "Questions and votes are not kept on this server, so there are no gaps to show.", true)
		return
	}
	days := optInt(data.Options, "days")
	if days == 0 {
		days = defaultGapDays
	}
	if days < 1 || days > 365 {
		it.replyOrLog(ctx, "`days:` must be between 1 and 365.", true)
		return
	}
	gaps := b.cfg.Feedback.Gaps(time.Now().AddDate(0, 0, -days))
	chunks := Split(renderGaps(gaps, days), MessageLimit)
	if err := it.reply(ctx, chunks[0], true); err != nil {
		it.log.Error("reply to interaction", "err", err)
		return
	}
	for _, c := range chunks[1:] {
		if err := it.more(ctx, c); err != nil {
			it.log.Error("send gaps follow-up", "err", err)
			return
		}
	}
	it.log.Info("gaps shown", "days", days, "topics", len(gaps))
}

// maxGapsShown bounds the topics /gaps lists; `byline gaps` lists them all.
const maxGapsShown = 10

// renderGaps shows coverage gaps as an admin reads them: per topic, how many
// questions and why, the latest question as an example, and the closest
// articles (where the missing story might be added).
func renderGaps(gaps []feedback.Gap, days int) string {
	period := "the last " + plural(days, "day", "days")
	if days == 1 {
		period = "the last day"
	}
	if len(gaps) == 0 {
		return "No coverage gaps in " + period + ": no question went uncovered and no answer was marked not helpful."
	}
	questions := 0
	for _, g := range gaps {
		questions += g.Questions
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**Coverage gaps in %s**: %s in %s", period, plural(questions, "question", "questions"), plural(len(gaps), "topic", "topics"))
	for i, g := range gaps {
		if i == maxGapsShown {
			fmt.Fprintf(&b, "\n\n…and %s more (`byline gaps` lists them all).", plural(len(gaps)-i, "topic", "topics"))
			break
		}
		var why []string
		if g.NotCovered > 0 {
			why = append(why, fmt.Sprintf("%d not covered", g.NotCovered))
		}
		if g.NotHelpful > 0 {
			why = append(why, fmt.Sprintf("%d not helpful", g.NotHelpful))
		}
		fmt.Fprintf(&b, "\n\n**%d. %s**: %s (%s)", i+1, escapeMarkdown(g.Topic), plural(g.Questions, "question", "questions"), strings.Join(why, ", "))
		b.WriteString("\n> " + escapeMarkdown(truncate(g.Example, 200)))
		if len(g.Closest) > 0 {
			links := make([]string, len(g.Closest))
			for j, s := range g.Closest {
				links[j] = titleLink(truncate(s.Title, 80), s.URL)
			}
			b.WriteString("\nClosest articles: " + strings.Join(links, " · "))
		} else {
			b.WriteString("\nNo article comes close.")
		}
	}
	return b.String()
}
