package bot

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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

// renderAnswer is the reply to a question or summary request as a member
// sees it: the answer first (quoted sentences as block quotes, with their
// numbered citations), then a compact Sources block listing each cited
// article once with its citation numbers, linked title (no preview), date and
// outlets, then how the answer was made as a small footer line.
func renderAnswer(a answer.Answer) string {
	var b strings.Builder
	b.WriteString(answerBody(a))

	groups := answer.ByArticle(a.Citations)
	if len(groups) > 0 {
		b.WriteString(sourcesHeading)
		if a.AsOf != "" {
			b.WriteString(" (as of " + escapeMarkdown(a.AsOf) + ")")
		}
		for _, g := range groups {
			b.WriteString("\n")
			for _, n := range g.Nums {
				fmt.Fprintf(&b, "[%d]", n)
			}
			c := g.Citations[0]
			b.WriteString(" " + titleLink(c.Title, c.URL))
			if c.Published != "" {
				b.WriteString(" · " + escapeMarkdown(c.Published))
			}
			if len(c.Outlets) > 0 {
				b.WriteString(" · " + escapeMarkdown(strings.Join(c.Outlets, ", ")))
			}
		}
		b.WriteString("\n")
	} else {
		b.WriteString("\n\n")
	}
	b.WriteString(footer(a))
	return b.String()
}

// footerPrefix starts a line of Discord's small grey subtext.
const footerPrefix = "-# "

// footer says how an answer was made, in one short line of subtext.
func footer(a answer.Answer) string {
	if note := strings.TrimSpace(a.Note); note != "" {
		// A fallback says why: "the language model could not answer (…), so
		// this answer is quoted from the articles".
		return footerPrefix + escapeMarkdown(lowerFirst(strings.TrimRight(note, ". ")))
	}
	switch a.Mode {
	case answer.ModeExtractive:
		return footerPrefix + "quoted from the articles · no model"
	case answer.ModeNotCovered:
		return footerPrefix + "searched the articles · nothing that answers this"
	default:
		return footerPrefix + "written by a language model from the articles · check the sources"
	}
}

// footerStopped ends an answer its asker stopped while it was written.
const footerStopped = footerPrefix + "stopped before the end · written by a language model from the articles"

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || (len(s) > n && unicode.IsUpper(rune(s[n]))) {
		return s // empty, or an acronym such as "API"
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// quotedLine is one sentence of an extractive answer as the answer package
// writes it: “sentence” [n].
var quotedLine = regexp.MustCompile(`^“(.+)” (\[\d+(?:\s*,\s*\d+)*\])$`)

// answerBody is the answer's text for Discord. An extractive answer loses its
// opening label (the footer says how it was made) and shows each quoted
// sentence as a block quote, so a sentence that itself opens with quotation
// marks no longer shows them doubled. A "not covered" answer links the
// closest articles it names.
func answerBody(a answer.Answer) string {
	text := strings.TrimSpace(a.Answer)
	if text == "" {
		return "I could not find an answer in the indexed articles."
	}
	lines := strings.Split(text, "\n")
	switch a.Mode {
	case answer.ModeExtractive:
		if len(lines) > 1 && strings.HasSuffix(strings.TrimSpace(lines[0]), ":") {
			lines = lines[1:]
		}
		for i, l := range lines {
			if m := quotedLine.FindStringSubmatch(l); m != nil {
				lines[i] = "> " + m[1] + " " + m[2]
			}
		}
	case answer.ModeNotCovered:
		if len(a.Sources) > 0 {
			lines = lines[:1]
			for _, s := range a.Sources {
				l := "• " + titleLink(s.Title, s.URL)
				if s.Published != "" {
					l += " · " + escapeMarkdown(s.Published)
				}
				lines = append(lines, l)
			}
		}
	}
	return strings.Join(lines, "\n")
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

// renderSources lists indexed articles, newest first, within one message:
// as many of arts (all that match query) as fit, and how many there are.
func renderSources(arts []library.ArticleInfo, query string) string {
	if len(arts) == 0 {
		if query != "" {
			return "No indexed article matches " + quoteInline(query) + "."
		}
		return "No articles are indexed yet. An admin can add some with `/add` or `/reindex`."
	}
	total := len(arts)
	var head string
	if query != "" {
		head = fmt.Sprintf("**%s matching %s**", plural(total, "indexed article", "indexed articles"), quoteInline(query))
	} else {
		head = fmt.Sprintf("**%s indexed**", plural(total, "article", "articles"))
	}
	// The tail is as long as it will be (shown <= total): measure it once.
	tail := func(shown int) string {
		return fmt.Sprintf("\nShowing the newest %d of %d. Narrow the list with `query:`.", shown, total)
	}
	var b strings.Builder
	b.WriteString(head)
	shown := 0
	for _, a := range arts[:min(total, sourcesShown)] {
		line := "\n• " + titleLink(a.Title, a.URL)
		if a.Published != "" {
			line += " · " + escapeMarkdown(a.Published)
		}
		if width(b.String())+width(line)+width(tail(total)) > MessageLimit {
			break
		}
		b.WriteString(line)
		shown++
	}
	if shown < total {
		b.WriteString(tail(shown))
	}
	return b.String()
}

// quoteInline shows user text in inline code, so markdown in it stays inert.
func quoteInline(s string) string {
	s = strings.NewReplacer("`", "'", "\n", " ").Replace(truncate(s, 100))
	return "`" + s + "`"
}

// plural says n things: "1 article", "2 articles".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// renderProgress is the status line while an index job runs. While sources
// are read, the counts are of sources (a folder or a feed is one source of
// many articles); from then on, of articles.
func renderProgress(verb string, p library.Progress) string {
	var b strings.Builder
	b.WriteString(verb + "…")
	switch p.Stage {
	case library.StageLoading:
		b.WriteString(" reading the sources")
		if p.ArticlesTotal > 0 {
			fmt.Fprintf(&b, ": %d of %s", p.ArticlesDone, plural(p.ArticlesTotal, "source", "sources"))
		}
	case library.StageEmbedding:
		b.WriteString(" indexing")
		if p.ArticlesTotal > 0 {
			fmt.Fprintf(&b, " %d of %s (%d%%)", p.ArticlesDone, plural(p.ArticlesTotal, "article", "articles"), p.ArticlesDone*100/p.ArticlesTotal)
		}
	case library.StageSaving:
		b.WriteString(" saving the index")
		if p.ArticlesTotal > 0 {
			b.WriteString(" of " + plural(p.ArticlesTotal, "article", "articles"))
		}
	default:
		if p.ArticlesDone > 0 {
			b.WriteString(" " + plural(p.ArticlesDone, "article", "articles") + " so far")
		}
	}
	if p.ETA > 0 {
		b.WriteString(", about " + roundDuration(p.ETA) + " left")
	}
	return b.String()
}

// renderSummary reports a finished index job.
func renderSummary(verb string, s library.Summary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s finished** in %s: %d added, %d updated, %d removed, %d unchanged. The index now holds %s (%s).",
		verb, roundDuration(time.Duration(s.Seconds*float64(time.Second))), s.Added, s.Updated, s.Removed, s.Unchanged,
		plural(s.Articles, "article", "articles"), plural(s.Chunks, "chunk", "chunks"))
	if s.Kept > 0 {
		if s.Kept == 1 {
			b.WriteString("\n1 article was kept although its source could not be read whole this time.")
		} else {
			fmt.Fprintf(&b, "\n%d articles were kept although their source could not be read whole this time.", s.Kept)
		}
	}
	if s.Lost > 0 {
		fmt.Fprintf(&b, "\n%s of the damaged index could not be read again from their sources.", plural(s.Lost, "article", "articles"))
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

// helpText explains the commands. adminRoles says whether admin roles are
// configured, which decides who sees the admin commands (see commands).
func helpText(maxQuestion int, mentionReply string, readsFollowUps, adminRoles bool) string {
	mention := "You can also mention me with a question: I answer in a thread started from your message, and in that thread I keep the conversation in mind: mention me again for a follow-up."
	switch {
	case mentionReply == MentionReplyInline:
		mention = "You can also mention me with a question: I answer as a reply to your message."
	case readsFollowUps:
		mention = "You can also mention me with a question: I answer in a thread started from your message, and in that thread I keep the conversation in mind: just write your follow-up, no mention needed."
	}
	admins := "Admin commands show only to members with the Manage Server permission. To give them to a role, the bot's operator adds the role's id to `discord.admin_role_ids`; they then show to every member and work for that role."
	if adminRoles {
		admins = "Admin commands show to every member but work only for members with Manage Server or an admin role. To hide them from others: Server Settings → Integrations → Byline → pick the command → turn off @everyone and add the admin role."
	}
	return strings.Join([]string{
		"**Byline** answers questions about the indexed news articles, with numbered citations and links to the sources.",
		"",
		fmt.Sprintf("`/ask question:` ask anything (up to %d characters). Add `private:True` to see the answer alone.", maxQuestion),
		"`/summarize article:` summarize one article (start typing to pick it), or `/summarize topic:` with `days:` for recent coverage of a topic.",
		"`/sources` list the indexed articles; `query:` narrows the list.",
		"Under an answer being written, **Stop** ends it where it is; under a finished one, **Helpful** and **Not helpful** tell the admins what worked (you can change your vote).",
		"",
		"`/reindex` (admins) re-index the configured sources; progress shows in the reply.",
		"`/add url:` or `/add file:` (admins) add one article or feed.",
		"`/gaps days:` (admins) what members asked that the articles did not cover, by topic, with the closest articles.",
		admins,
		"",
		mention,
		"Answers only use the indexed articles; if they do not cover a question, I say so.",
	}, "\n")
}
