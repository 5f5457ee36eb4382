package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/answer"
	"github.com/byline-bot/byline/feeds"
)

// Feeds is what the bot needs of the feed poller; *feeds.Poller is the real
// one. The poller owns the sources, their filters and the outbox; the bot
// only posts what the outbox holds and acknowledges what it posted.
type Feeds interface {
	Add(ctx context.Context, src feeds.Source) (feeds.Source, error)
	List() []feeds.Status
	Remove(ctx context.Context, urlOrID string, purge bool) error
	// Outbox returns the stories waiting to be posted, oldest first.
	Outbox() []feeds.Story
	Ack(ids ...string) error
	// Disabled returns the sources disabled since admins were last told.
	Disabled() []feeds.Status
	AckDisabled(ids ...string) error
	// Notify receives a value when stories are queued or a source disabled.
	Notify() <-chan struct{}
}

// News is what following the news needs: the feed poller, and the answer
// pipeline's briefs (a new story in one or two cited sentences) and digests.
// cmd/byline wires the real ones; the bot never builds prompts itself.
type News interface {
	Feeds
	Brief(ctx context.Context, articleID string) (answer.Answer, error)
	Digest(ctx context.Context, req answer.DigestRequest) (answer.Answer, error)
}

// Subcommands and options of /feeds.
const (
	cmdFeeds     = "feeds"
	subAdd       = "add"
	subList      = "list"
	subRemove    = "remove"
	subDigest    = "digest"
	optFeed      = "feed"
	optChannel   = "channel"
	maxEveryMins = 24 * 60
)

// newsHelp is added to /help when the bot follows the news.
const newsHelp = "\n\n`/digest` the main stories of the last day (`days:` for more, `topic:` to narrow), each cited." +
	"\n`/feeds add url:` (admins) follow a feed; with `channel:`, its new stories are posted there. `/feeds list`, `/feeds remove`, and `/feeds digest channel: time:` for a daily digest."

// feedsCommand is /feeds, for admins: add, list and remove feeds, and
// schedule a channel's daily digest.
func feedsCommand(adminPerms *int64) *discordgo.ApplicationCommand {
	minEvery := feeds.MinEvery.Minutes()
	textChannels := []discordgo.ChannelType{discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews}
	return &discordgo.ApplicationCommand{
		Name:                     cmdFeeds,
		Description:              "Follow news feeds, post their new stories and daily digests (admins)",
		Contexts:                 &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild},
		DefaultMemberPermissions: adminPerms,
		Options: []*discordgo.ApplicationCommandOption{
			{
				Type: discordgo.ApplicationCommandOptionSubCommand, Name: subAdd,
				Description: "Follow a feed (RSS, Atom, JSON Feed) or page; with channel:, post its new stories there",
				Options: []*discordgo.ApplicationCommandOption{
					{Type: discordgo.ApplicationCommandOptionString, Name: "url", Description: "The feed's URL", Required: true, MaxLength: 2000},
					{Type: discordgo.ApplicationCommandOptionChannel, Name: optChannel, Description: "Where to post its new stories", ChannelTypes: textChannels},
					{Type: discordgo.ApplicationCommandOptionInteger, Name: "every", Description: fmt.Sprintf("Minutes between polls (default %d)", int(feeds.DefaultEvery.Minutes())), MinValue: &minEvery, MaxValue: maxEveryMins},
					{Type: discordgo.ApplicationCommandOptionString, Name: "include", Description: "Post only stories with one of these words (comma-separated)", MaxLength: 500},
					{Type: discordgo.ApplicationCommandOptionString, Name: "exclude", Description: "Never post stories with these words (comma-separated)", MaxLength: 500},
				},
			},
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: subList, Description: "List the followed feeds and how their polling goes"},
			{
				Type: discordgo.ApplicationCommandOptionSubCommand, Name: subRemove, Description: "Stop following a feed (its articles stay indexed)",
				Options: []*discordgo.ApplicationCommandOption{
					{Type: discordgo.ApplicationCommandOptionString, Name: optFeed, Description: "The feed (start typing its URL)", Required: true, Autocomplete: true, MaxLength: 2000},
				},
			},
			{
				Type: discordgo.ApplicationCommandOptionSubCommand, Name: subDigest, Description: "Post a digest of the day's main stories in a channel every day",
				Options: []*discordgo.ApplicationCommandOption{
					{Type: discordgo.ApplicationCommandOptionChannel, Name: optChannel, Description: "Where to post the digest", Required: true, ChannelTypes: textChannels},
					{Type: discordgo.ApplicationCommandOptionString, Name: "time", Description: "When, as HH:MM (24 h), or off to stop", Required: true, MaxLength: 5},
					{Type: discordgo.ApplicationCommandOptionString, Name: "timezone", Description: "A time zone such as Europe/Paris (default UTC)", MaxLength: 64},
				},
			},
		},
	}
}

// subcommand returns the subcommand an interaction names and its options.
func subcommand(data discordgo.ApplicationCommandInteractionData) (string, []*discordgo.ApplicationCommandInteractionDataOption) {
	for _, o := range data.Options {
		if o != nil && o.Type == discordgo.ApplicationCommandOptionSubCommand {
			return o.Name, o.Options
		}
	}
	return "", nil
}

// feeds runs /feeds: admins only, checked on every use; replies are private.
func (b *Bot) feeds(ctx context.Context, it *interaction, data discordgo.ApplicationCommandInteractionData) {
	if !isAdmin(it.i.Member, b.cfg.AdminRoleIDs) {
		it.log.Info("admin command refused")
		it.replyOrLog(ctx, msgNotAdmin, true)
		return
	}
	sub, opts := subcommand(data)
	it.log = it.log.With("subcommand", sub)
	if sub == subDigest {
		it.replyOrLog(ctx, b.scheduleDigest(it, opts), true)
		return
	}
	// Add and Remove write the poller's state: acknowledge first.
	if err := it.deferReply(ctx, true); err != nil {
		it.log.Error("acknowledge interaction", "err", err)
		return
	}
	var text string
	switch sub {
	case subAdd:
		text = b.addFeed(ctx, it, opts)
	case subList:
		text = renderFeedList(b.cfg.News.List(), b.now())
	case subRemove:
		text = b.removeFeed(ctx, it, optString(opts, optFeed))
	default:
		text = "I don't know that subcommand. Try `/help`."
	}
	dctx, cancel := detached(ctx)
	defer cancel()
	for i, chunk := range Split(text, MessageLimit) {
		send := it.edit
		if i > 0 {
			send = it.more
		}
		if err := send(dctx, chunk); err != nil {
			it.log.Error("send /feeds result", "err", err)
			return
		}
	}
}

func (b *Bot) addFeed(ctx context.Context, it *interaction, opts []*discordgo.ApplicationCommandInteractionDataOption) string {
	raw := strings.TrimSpace(optString(opts, "url"))
	if u, err := url.Parse(raw); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "That is not an http(s) URL."
	}
	src := feeds.Source{
		URL:     raw,
		Channel: optString(opts, optChannel),
		Every:   time.Duration(optInt(opts, "every")) * time.Minute,
		Include: feeds.Words(optString(opts, "include")),
		Exclude: feeds.Words(optString(opts, "exclude")),
	}
	got, err := b.cfg.News.Add(ctx, src)
	if err != nil {
		it.log.Warn("add feed refused or failed", "err", err)
		if errors.Is(err, feeds.ErrBadSource) {
			return capitalize(err.Error()) + "."
		}
		return failText(err)
	}
	it.log.Info("feed added", "source_id", got.ID, "channel_id", got.Channel, "every", got.Every)
	var sb strings.Builder
	fmt.Fprintf(&sb, "Following <%s> every %s.", safeURL(got.URL), minutes(got.Every))
	if got.Channel != "" {
		fmt.Fprintf(&sb, " New stories will be posted in <#%s>; the first poll indexes what the feed holds now without posting it.", got.Channel)
	} else {
		sb.WriteString(" Its stories are indexed, not posted (add `channel:` to post them).")
	}
	if len(got.Include) > 0 {
		sb.WriteString("\nPosted only with one of: " + quoteInline(strings.Join(got.Include, ", ")) + ".")
	}
	if len(got.Exclude) > 0 {
		sb.WriteString("\nNever posted with: " + quoteInline(strings.Join(got.Exclude, ", ")) + ".")
	}
	return sb.String()
}

func (b *Bot) removeFeed(ctx context.Context, it *interaction, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return "Pick the feed to remove as you type `feed:`."
	}
	err := b.cfg.News.Remove(ctx, ref, false)
	switch {
	case errors.Is(err, feeds.ErrUnknownSource):
		return "No followed feed has this URL or id. `/feeds list` shows them."
	case errors.Is(err, feeds.ErrConfigured):
		return "That feed is listed in the configuration's `sources:`; remove it there."
	case err != nil:
		it.log.Error("remove feed", "err", err)
		return failText(err)
	}
	it.log.Info("feed removed", "feed", ref)
	return "Stopped following " + quoteInline(ref) + ". Its articles stay indexed."
}

// feedsAutocomplete offers the removable feeds for /feeds remove feed:.
func (b *Bot) feedsAutocomplete(ctx context.Context, it *interaction, data discordgo.ApplicationCommandInteractionData) {
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	if sub, opts := subcommand(data); sub == subRemove {
		if f := focused(opts); f != nil && f.Name == optFeed {
			typed, _ := f.Value.(string)
			typed = strings.ToLower(strings.TrimSpace(typed))
			for _, s := range b.cfg.News.List() {
				if s.FromConfig || (typed != "" && !strings.Contains(strings.ToLower(s.URL), typed) && !strings.Contains(strings.ToLower(s.ID), typed)) {
					continue
				}
				value := s.ID
				if value == "" || len(value) > 100 {
					value = truncate(s.URL, 100)
				}
				choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: truncate(s.URL, 100), Value: value})
				if len(choices) == maxChoices {
					break
				}
			}
		}
	}
	if err := it.choices(ctx, choices); err != nil {
		it.log.Error("autocomplete response", "err", err)
	}
}

// safeURL makes a URL safe inside <...> (no preview) in a message.
func safeURL(u string) string {
	return strings.NewReplacer(" ", "%20", "<", "%3C", ">", "%3E", "\n", "", "\r", "").Replace(u)
}

func minutes(d time.Duration) string {
	if d <= 0 {
		d = feeds.DefaultEvery
	}
	if d%time.Hour == 0 {
		return fmt.Sprintf("%d h", int(d.Hours()))
	}
	return fmt.Sprintf("%d min", int(d.Round(time.Minute).Minutes()))
}

// renderFeedList shows the followed feeds and how their polling goes.
func renderFeedList(list []feeds.Status, now time.Time) string {
	if len(list) == 0 {
		return "No feed is followed yet. Add one with `/feeds add url:`."
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "**Followed feeds** (%d)", len(list))
	for _, s := range list {
		sb.WriteString("\n• <" + safeURL(s.URL) + "> every " + minutes(s.Every))
		if s.Channel != "" {
			sb.WriteString(" → <#" + s.Channel + ">")
		}
		if s.FromConfig {
			sb.WriteString(" (configuration)")
		}
		fmt.Fprintf(&sb, " · %d articles", s.Articles)
		switch {
		case s.Disabled:
			fmt.Fprintf(&sb, "\n  **disabled** after %d failed polls", s.Failures)
			if s.Error != "" {
				sb.WriteString(": " + escapeMarkdown(truncate(s.Error, 200)))
			}
			sb.WriteString("; `/feeds add` with its URL resumes it")
		case s.LastPoll.IsZero():
			sb.WriteString(" · not polled yet")
		default:
			sb.WriteString(" · last poll " + ago(now.Sub(s.LastPoll)) + ": " + strings.ReplaceAll(s.LastStatus, "_", " "))
			if s.Failures > 0 {
				fmt.Fprintf(&sb, " (%d failures in a row", s.Failures)
				if s.Error != "" {
					sb.WriteString(": " + escapeMarkdown(truncate(s.Error, 200)))
				}
				sb.WriteString(")")
			}
			if !s.NextPoll.IsZero() {
				sb.WriteString(" · next " + until(s.NextPoll.Sub(now)))
			}
		}
	}
	return sb.String()
}

func ago(d time.Duration) string {
	if d < time.Minute {
		return "just now"
	}
	return roundDuration(d) + " ago"
}

func until(d time.Duration) string {
	if d <= 0 {
		return "now"
	}
	return "in " + roundDuration(d)
}

// now is the bot's clock for posting and digests.
func (b *Bot) now() time.Time {
	if b.cfg.Now != nil {
		return b.cfg.Now()
	}
	return time.Now()
}

func (b *Bot) after(d time.Duration) <-chan time.Time {
	if b.cfg.After != nil {
		return b.cfg.After(d)
	}
	return time.After(d)
}

// newsState is what following the news keeps while the bot runs.
type newsState struct {
	rate    *postRate
	digests *digestStore
}

// newNewsState loads the digest schedules; nil when cfg has no News.
func newNewsState(cfg Config) (*newsState, error) {
	if cfg.News == nil {
		return nil, nil
	}
	ds, err := openDigestStore(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	return &newsState{rate: &postRate{buckets: newBucketSet(cfg.PostRatePerMinute, cfg.PostBurst)}, digests: ds}, nil
}

// postRate is the per-channel token bucket of the bot's own posts: a burst
// of new stories (or a digest) waits for tokens instead of flooding.
type postRate struct {
	mu      sync.Mutex
	buckets *bucketSet
}

// take takes a token for channel, or returns how long until one is free.
func (r *postRate) take(channel string, now time.Time) time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	if w := r.buckets.wait(channel, now); w > 0 {
		return w
	}
	r.buckets.take(channel, now)
	return 0
}

// postLoopMax bounds a posting loop's sleep: it looks at the outbox at least
// this often, even if no notification came.
const postLoopMax = time.Minute

// startNews starts posting and the digest schedules; the returned function
// stops them and waits for them to end.
func (b *Bot) startNews(ctx context.Context) (stop func()) {
	if b.news == nil {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		b.runPoster(ctx)
	}()
	go func() {
		defer wg.Done()
		b.runDigests(ctx)
	}()
	return func() { cancel(); wg.Wait() }
}

// runPoster posts the outbox's new stories and tells admins of disabled
// feeds, whenever the poller says there is something, at least every
// postLoopMax, and when a held post's tokens are due.
func (b *Bot) runPoster(ctx context.Context) {
	p := &poster{b: b, log: b.log.With("component", "poster"), failing: map[string]time.Time{}, plans: map[string]*postPlan{}}
	notify := b.cfg.News.Notify()
	for {
		wait := p.postOutbox(ctx)
		b.reportDisabled(ctx, p.log)
		if wait <= 0 || wait > postLoopMax {
			wait = postLoopMax
		}
		select {
		case <-ctx.Done():
			return
		case <-notify:
		case <-b.after(wait):
		}
	}
}

// poster is runPoster's state; only its goroutine touches it.
type poster struct {
	b   *Bot
	log *slog.Logger
	// failing holds channels that refused a post, until when they are left alone.
	failing map[string]time.Time
	// plans are the bursts being posted, per channel.
	plans map[string]*postPlan
}

// postPlan is one burst of a channel's stories, split when it was first
// seen: up to PostsPerPoll posted one by one, the rest in one list. The
// split holds while the channel's rate holds posts back, so that a held
// burst does not turn more of its stories into full posts.
type postPlan struct {
	one, rest []feeds.Story
}

// postOutbox posts what waits in the outbox, per channel, oldest first,
// each post under the channel's rate. A story is acknowledged once posted,
// so a restart neither loses nor reposts it (a crash between the two
// reposts one; a restart in the middle of a held burst splits what is left
// of it anew). It returns how long until held posts may go (0: none held).
func (p *poster) postOutbox(ctx context.Context) time.Duration {
	b := p.b
	byChannel := map[string][]feeds.Story{}
	var order []string
	for _, s := range b.cfg.News.Outbox() {
		if s.Channel == "" {
			continue
		}
		if _, ok := byChannel[s.Channel]; !ok {
			order = append(order, s.Channel)
		}
		byChannel[s.Channel] = append(byChannel[s.Channel], s)
	}
	for ch := range p.plans {
		if _, ok := byChannel[ch]; !ok {
			delete(p.plans, ch) // acknowledged elsewhere, or the outbox was emptied
		}
	}
	var held time.Duration
	for _, ch := range order {
		if ctx.Err() != nil {
			return 0
		}
		if retry, ok := p.failing[ch]; ok {
			if d := retry.Sub(b.now()); d > 0 {
				held = shortest(held, d)
				continue
			}
			delete(p.failing, ch)
		}
		if d := p.postChannel(ctx, ch, byChannel[ch]); d > 0 {
			held = shortest(held, d)
		}
	}
	return held
}

func shortest(held, d time.Duration) time.Duration {
	if held == 0 || d < held {
		return d
	}
	return held
}

// postChannel posts one channel's waiting stories, burst by burst; it
// returns how long until the held ones may go (0: none held).
func (p *poster) postChannel(ctx context.Context, ch string, pending []feeds.Story) time.Duration {
	b := p.b
	waiting := map[string]bool{}
	for _, s := range pending {
		waiting[s.ID] = true
	}
	for ctx.Err() == nil {
		plan := p.plans[ch]
		if plan != nil {
			plan.one = slices.DeleteFunc(plan.one, func(s feeds.Story) bool { return !waiting[s.ID] })
			plan.rest = slices.DeleteFunc(plan.rest, func(s feeds.Story) bool { return !waiting[s.ID] })
		}
		if plan == nil || len(plan.one)+len(plan.rest) == 0 {
			if len(waiting) == 0 {
				delete(p.plans, ch)
				return 0
			}
			var next []feeds.Story
			for _, s := range pending {
				if waiting[s.ID] {
					next = append(next, s)
				}
			}
			plan = &postPlan{one: next}
			if len(next) > b.cfg.PostsPerPoll {
				plan.one, plan.rest = next[:b.cfg.PostsPerPoll], next[b.cfg.PostsPerPoll:]
			}
			p.plans[ch] = plan
		}
		var (
			ids     []string
			content string
		)
		if len(plan.one) > 0 {
			s := plan.one[0]
			if d := b.news.rate.take(ch, b.now()); d > 0 {
				return d
			}
			ids, content = []string{s.ID}, b.renderStory(ctx, p.log, s)
		} else {
			if d := b.news.rate.take(ch, b.now()); d > 0 {
				return d
			}
			for _, s := range plan.rest {
				ids = append(ids, s.ID)
			}
			content = renderMoreStories(plan.rest)
		}
		if err := b.post(ctx, ch, content); err != nil {
			p.postFailed(ch, err)
			return time.Minute
		}
		if err := b.cfg.News.Ack(ids...); err != nil {
			p.log.Error("acknowledge posted stories", "stories", len(ids), "err", err)
		}
		p.log.Info("posted new stories", "channel_id", ch, "stories", len(ids), "listed", len(ids) > 1 || len(plan.one) == 0)
		for _, id := range ids {
			delete(waiting, id)
		}
	}
	return 0
}

// postFailed logs a refused post; a channel that Discord refuses for good
// (unknown, no access: a 4xx other than 429) is left alone for a while so
// that its stories wait instead of being retried at every notification.
func (p *poster) postFailed(ch string, err error) {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode/100 == 4 && re.Response.StatusCode != http.StatusTooManyRequests {
		p.failing[ch] = p.b.now().Add(channelRetry)
		p.log.Error("channel refuses posts; its stories wait", "channel_id", ch, "retry_in", channelRetry, "err", err)
		return
	}
	p.log.Error("post new stories", "channel_id", ch, "err", err)
}

// channelRetry is how long a channel that refused a post is left alone.
const channelRetry = 15 * time.Minute

// post sends content to a channel: no mention in it pings anyone, and no
// link unfurls a preview.
//
// A post under way when the bot stops is finished (within its timeout), so
// that the caller can record it as posted: cut off, Discord may have kept
// the message while the bot saw an error, and the next start would post it
// again.
func (b *Bot) post(ctx context.Context, channelID, content string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	_, err := b.session.ChannelMessageSendComplex(channelID, &discordgo.MessageSend{
		Content: content, AllowedMentions: noMentions(), Flags: discordgo.MessageFlagsSuppressEmbeds,
	}, discordgo.WithContext(pctx))
	return err
}

// renderStory is a new story's post: its summary by the answer pipeline
// (a model's, or quoted from the lead), or none when that fails.
func (b *Bot) renderStory(ctx context.Context, log *slog.Logger, s feeds.Story) string {
	bctx, cancel := context.WithTimeout(ctx, b.cfg.AnswerTimeout)
	defer cancel()
	a, err := b.cfg.News.Brief(bctx, s.ID)
	if err != nil {
		log.Warn("summarize new story; posting it without a summary", "story_id", s.ID, "err", err)
		a = answer.Answer{}
	} else if a.Note != "" {
		log.Warn("new story summarized without the model", "story_id", s.ID, "note", a.Note)
	}
	return renderStoryPost(s.Article, a)
}

// renderStoryPost shows a new story: its title linked (no preview), outlet
// and date, and a one- or two-sentence summary with its citation, in one
// message.
func renderStoryPost(art byline.Article, a answer.Answer) string {
	var sb strings.Builder
	sb.WriteString("**" + titleLink(art.Title, art.URL) + "**")
	if meta := storyMeta(art); meta != "" {
		sb.WriteString("\n" + meta)
	}
	if summary := strings.TrimSpace(a.Answer); summary != "" {
		// Article and model text shows as written (no markdown), its
		// citation numbers as they are.
		summary = reEscapedCite.ReplaceAllString(escapeMarkdown(truncate(summary, 1200)), "[$1]")
		if a.Mode == answer.ModeExtractive {
			// Quoted words show as a quote; the citation stays outside.
			body, cite, _ := strings.Cut(summary, " [1]")
			summary = "“" + strings.TrimSpace(body) + "” [1]" + cite
		}
		sb.WriteString("\n" + summary)
		for _, c := range a.Citations {
			fmt.Fprintf(&sb, "\n-# [%d] %s", c.N, titleLink(c.Title, c.URL))
			if c.Published != "" {
				sb.WriteString(" · " + escapeMarkdown(c.Published))
			}
		}
	}
	return truncate(sb.String(), MessageLimit)
}

// reEscapedCite is a citation number after escapeMarkdown.
var reEscapedCite = regexp.MustCompile(`\\\[(\d+)\\\]`)

// storyMeta is "Outlet · 2024-05-01", as far as known.
func storyMeta(art byline.Article) string {
	var parts []string
	if art.Source != "" {
		parts = append(parts, escapeMarkdown(truncate(art.Source, 100)))
	}
	if d := art.PublishedString(); d != "" {
		parts = append(parts, d)
	}
	return strings.Join(parts, " · ")
}

// renderMoreStories lists the stories beyond a poll's cap in one message;
// those that do not fit are counted.
func renderMoreStories(rest []feeds.Story) string {
	var sb strings.Builder
	if len(rest) == 1 {
		sb.WriteString("**1 more new story**")
	} else {
		fmt.Fprintf(&sb, "**%d more new stories**", len(rest))
	}
	for i, s := range rest {
		line := "\n• " + titleLink(s.Article.Title, s.Article.URL)
		if meta := storyMeta(s.Article); meta != "" {
			line += " · " + meta
		}
		tail := fmt.Sprintf("\n…and %d more: ask me about them, or see `/sources`.", len(rest)-i)
		if width(sb.String())+width(line)+width(tail) > MessageLimit {
			sb.WriteString(tail)
			break
		}
		sb.WriteString(line)
	}
	return sb.String()
}

// reportDisabled tells the admins, once, of feeds disabled after repeated
// failures: in the admin channel when one is configured, else in the log
// (and /feeds list). Never in a public channel.
func (b *Bot) reportDisabled(ctx context.Context, log *slog.Logger) {
	disabled := b.cfg.News.Disabled()
	if len(disabled) == 0 {
		return
	}
	var told []string
	for _, s := range disabled {
		log.Warn("feed disabled after repeated failures", "source_id", s.ID, "url", s.URL, "failures", s.Failures, "err", s.Error)
		if b.cfg.AdminChannel != "" {
			if err := b.post(ctx, b.cfg.AdminChannel, renderDisabled(s)); err != nil {
				log.Error("tell admins of a disabled feed; will retry", "channel_id", b.cfg.AdminChannel, "err", err)
				continue
			}
		}
		told = append(told, s.ID)
	}
	if len(told) > 0 {
		if err := b.cfg.News.AckDisabled(told...); err != nil {
			log.Error("acknowledge disabled feeds", "err", err)
		}
	}
}

func renderDisabled(s feeds.Status) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "**Feed disabled**: <%s> failed %d polls in a row", safeURL(s.URL), s.Failures)
	if s.Error != "" {
		sb.WriteString(" (last: " + escapeMarkdown(truncate(s.Error, 300)) + ")")
	}
	sb.WriteString(". It is no longer polled; once it works again, `/feeds add url:` with its URL resumes it.")
	return truncate(sb.String(), MessageLimit)
}
