package bot

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/byline-bot/byline/answer"
	"github.com/byline-bot/byline/library"
)

// markdownEscaper escapes the characters Discord's markdown gives meaning to,
// for text from articles (titles) that must show as written.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, `*`, `\*`, `_`, `\_`, `~`, `\~`, "`", "\\`", `|`, `\|`,
	`[`, `\[`, `]`, `\]`, `>`, `\>`, `#`, `\#`, "\n", " ", "\r", " ",
)

func escapeMarkdown(s string) string { return markdownEscaper.Replace(s) }

// truncate shortens s to at most n runes, ending with "…" when cut.
func truncate(s string, n int) string {
	if n <= 0 {
		return ""
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// titleLink renders an article title linked to its URL as [title](<url>): the
// angle brackets keep Discord from unfurling a preview. Local paths and odd
// URLs get the title alone.
func titleLink(title, rawURL string) string {
	if strings.TrimSpace(title) == "" {
		title = "Untitled article"
	}
	t := escapeMarkdown(truncate(title, 200))
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "**" + t + "**"
	}
	// Inside <...> a URL may not hold spaces or angle brackets.
	safe := strings.NewReplacer(" ", "%20", "<", "%3C", ">", "%3E", "\n", "", "\r", "").Replace(u.String())
	return "[" + t + "](<" + safe + ">)"
}

// renderAnswer is the full reply to a question or summary request: the
// fallback note (if any), the answer text with its numbered citations, and a
// Sources section listing each cited article once with its citation numbers,
// linked title, date and outlets.
func renderAnswer(a answer.Answer) string {
	var b strings.Builder
	if note := strings.TrimSpace(a.Note); note != "" {
		b.WriteString("_" + escapeMarkdown(note) + "_\n\n")
	}
	text := strings.TrimSpace(a.Answer)
	if text == "" {
		text = "I could not find an answer in the indexed articles."
	}
	b.WriteString(text)

	type group struct {
		nums                  []int
		title, url, published string
		outlets               []string
	}
	var groups []*group
	byKey := map[string]*group{}
	for _, c := range a.Citations {
		key := c.ArticleID
		if key == "" {
			key = c.URL + "\x00" + c.Title
		}
		g, ok := byKey[key]
		if !ok {
			g = &group{title: c.Title, url: c.URL, published: c.Published, outlets: c.Outlets}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.nums = append(g.nums, c.N)
	}
	if len(groups) == 0 {
		return b.String()
	}
	b.WriteString(sourcesHeading)
	if a.AsOf != "" {
		b.WriteString(" (as of " + escapeMarkdown(a.AsOf) + ")")
	}
	for _, g := range groups {
		b.WriteString("\n")
		for _, n := range g.nums {
			fmt.Fprintf(&b, "[%d]", n)
		}
		b.WriteString(" " + titleLink(g.title, g.url))
		if g.published != "" {
			b.WriteString(" · " + escapeMarkdown(g.published))
		}
		if len(g.outlets) > 0 {
			b.WriteString(" · " + escapeMarkdown(strings.Join(g.outlets, ", ")))
		}
	}
	return b.String()
}

// renderPartial is what an answer shows while it streams in: the text so far,
// cut to one message, with a trailing ellipsis.
func renderPartial(text string) string {
	const more = " …"
	chunks := Split(text, MessageLimit-len(more))
	if len(chunks) == 0 {
		return ""
	}
	return chunks[0] + more
}

// renderSources lists indexed articles within one message. more says that
// further articles matched beyond those given.
func renderSources(arts []library.ArticleInfo, query string, more bool) string {
	if len(arts) == 0 {
		if query != "" {
			return "No indexed article matches " + quoteInline(query) + "."
		}
		return "No articles are indexed yet. An admin can add some with `/add` or `/reindex`."
	}
	var b strings.Builder
	if query != "" {
		b.WriteString("**Indexed articles matching " + quoteInline(query) + "**")
	} else {
		b.WriteString("**Indexed articles**")
	}
	const tail = "\n…and more. Narrow the list with `query:`."
	shown := 0
	for _, a := range arts {
		line := "\n• " + titleLink(a.Title, a.URL)
		if a.Published != "" {
			line += " · " + escapeMarkdown(a.Published)
		}
		if width(b.String())+width(line)+width(tail) > MessageLimit {
			more = true
			break
		}
		b.WriteString(line)
		shown++
	}
	if more {
		b.WriteString(tail)
	}
	return b.String()
}

// quoteInline shows user text in inline code, so markdown in it stays inert.
func quoteInline(s string) string {
	s = strings.NewReplacer("`", "'", "\n", " ").Replace(truncate(s, 100))
	return "`" + s + "`"
}

// renderProgress is the re-index status line while a job runs.
func renderProgress(verb string, p library.Progress) string {
	var b strings.Builder
	b.WriteString(verb + "…")
	if p.Stage != "" {
		b.WriteString(" (" + string(p.Stage) + ")")
	}
	if p.ArticlesTotal > 0 {
		fmt.Fprintf(&b, " %d of %d articles (%d%%)", p.ArticlesDone, p.ArticlesTotal, p.ArticlesDone*100/p.ArticlesTotal)
	} else if p.ArticlesDone > 0 {
		fmt.Fprintf(&b, " %d articles", p.ArticlesDone)
	}
	if p.ETA > 0 {
		b.WriteString(", about " + roundDuration(p.ETA) + " left")
	}
	return b.String()
}

// renderSummary reports a finished index job.
func renderSummary(verb string, s library.Summary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s finished** in %s: %d added, %d updated, %d removed, %d unchanged. The index now holds %d articles (%d chunks).",
		verb, roundDuration(time.Duration(s.Seconds*float64(time.Second))), s.Added, s.Updated, s.Removed, s.Unchanged, s.Articles, s.Chunks)
	if s.Kept > 0 {
		fmt.Fprintf(&b, "\n%d articles were kept although their source could not be read whole this time.", s.Kept)
	}
	if s.Lost > 0 {
		fmt.Fprintf(&b, "\n%d articles of the damaged index could not be read again from their sources.", s.Lost)
	}
	if n := len(s.Skipped); n > 0 {
		fmt.Fprintf(&b, "\nSkipped %d:", n)
		const maxShown = 10
		for i, sk := range s.Skipped {
			if i == maxShown {
				fmt.Fprintf(&b, "\n…and %d more (see the logs).", n-maxShown)
				break
			}
			b.WriteString("\n• " + escapeMarkdown(truncate(sk.Source, 120)) + ": " + escapeMarkdown(truncate(sk.Reason, 160)))
		}
	}
	return b.String()
}

// roundDuration shows a duration the way a person says it.
func roundDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return "under a second"
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Round(time.Second).Seconds()))
	case d < time.Hour:
		d = d.Round(time.Second)
		return fmt.Sprintf("%d min %d s", int(d.Minutes()), int(d.Seconds())%60)
	default:
		d = d.Round(time.Minute)
		return fmt.Sprintf("%d h %d min", int(d.Hours()), int(d.Minutes())%60)
	}
}

// helpText explains the commands.
func helpText(maxQuestion int, mentionReply string, readsFollowUps bool) string {
	mention := "You can also mention me with a question: I answer in a thread started from your message, and in that thread I keep the conversation in mind: mention me again for a follow-up."
	switch {
	case mentionReply == MentionReplyInline:
		mention = "You can also mention me with a question: I answer as a reply to your message."
	case readsFollowUps:
		mention = "You can also mention me with a question: I answer in a thread started from your message, and in that thread I keep the conversation in mind: just write your follow-up, no mention needed."
	}
	return strings.Join([]string{
		"**Byline** answers questions about the indexed news articles, with numbered citations and links to the sources.",
		"",
		fmt.Sprintf("`/ask question:` ask anything (up to %d characters). Add `private:True` to see the answer alone.", maxQuestion),
		"`/summarize article:` summarize one article (start typing to pick it), or `/summarize topic:` with `days:` for recent coverage of a topic.",
		"`/sources` list the indexed articles; `query:` narrows the list.",
		"`/reindex` (admins) re-index the configured sources; progress shows in the reply.",
		"`/add url:` or `/add file:` (admins) add one article or feed.",
		"",
		mention,
		"Answers only use the indexed articles; if they do not cover a question, I say so.",
	}, "\n")
}
