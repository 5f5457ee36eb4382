package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/byline-bot/byline/answer"
	"github.com/byline-bot/byline/internal/atomicfile"
)

const (
	cmdDigest     = "digest"
	maxDigestDays = 30
)

// digestCommand is /digest: the main stories of the last days, on demand.
func digestCommand(cfg Config) *discordgo.ApplicationCommand {
	one := 1.0
	return &discordgo.ApplicationCommand{
		Name:        cmdDigest,
		Description: "The main stories of the last days, each cited",
		Contexts:    &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM},
		Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionInteger, Name: "days", Description: "How many days back (default 1)", MinValue: &one, MaxValue: maxDigestDays},
			{Type: discordgo.ApplicationCommandOptionString, Name: "topic", Description: "Only the stories about this", MaxLength: cfg.MaxQuestionChars},
		},
	}
}

// digest runs /digest: rate-limited and queued like a question, then the
// digest of the last days, rendered within Discord's message limit.
func (b *Bot) digest(ctx context.Context, it *interaction, data discordgo.ApplicationCommandInteractionData, start time.Time) {
	days := optInt(data.Options, "days")
	if days == 0 {
		days = 1
	}
	topic := strings.TrimSpace(optString(data.Options, "topic"))
	switch {
	case days < 1 || days > maxDigestDays:
		it.replyOrLog(ctx, fmt.Sprintf("`days:` must be between 1 and %d.", maxDigestDays), true)
		return
	case topic != "" && checkQuestion(topic, b.cfg.MaxQuestionChars) != "":
		it.replyOrLog(ctx, checkQuestion(topic, b.cfg.MaxQuestionChars), true)
		return
	}
	if msg := b.admit(it.userID(), it.i.GuildID); msg != "" {
		it.replyOrLog(ctx, msg, true)
		return
	}
	t, ok := b.reserve()
	if !ok {
		b.metrics.refused(scopeQueue)
		it.replyOrLog(ctx, msgBusy, true)
		return
	}
	if err := it.deferReply(ctx, false); err != nil {
		t.cancel()
		it.log.Error("acknowledge interaction", "err", err)
		return
	}
	b.metrics.observe(stageAck, time.Since(start))
	release, err := t.wait(ctx)
	if err != nil {
		b.tell(ctx, it.log, it, failText(err), "wait for an answer slot", err)
		return
	}
	now := b.now()
	req := answer.DigestRequest{From: now.Add(-time.Duration(days) * 24 * time.Hour), To: now, Topic: topic}
	a, err := b.cfg.News.Digest(ctx, req)
	release()
	if err != nil {
		b.tell(ctx, it.log, it, failText(err), "digest", err)
		return
	}
	heading := "**News digest: the last 24 hours**"
	if days > 1 {
		heading = fmt.Sprintf("**News digest: the last %d days**", days)
	}
	if topic != "" {
		heading = strings.TrimSuffix(heading, "**") + " · " + quoteInline(topic) + "**"
	}
	dctx, cancel := detached(ctx)
	defer cancel()
	msgs := renderDigest(heading, a)
	for i, m := range msgs {
		send := it.edit
		if i > 0 {
			send = it.more
		}
		if err := send(dctx, m); err != nil {
			it.log.Error("send digest", "part", i+1, "of", len(msgs), "err", err)
			return
		}
	}
	it.log.Info("digest sent", "days", days, "mode", string(a.Mode), "citations", len(a.Citations), "messages", len(msgs),
		"total_ms", time.Since(start).Milliseconds())
}

// reCite finds citation numbers in a digest bullet.
var reCite = regexp.MustCompile(`\[(\d+)\]`)

// renderDigest lays a digest out in messages of at most MessageLimit
// characters: the heading, the note and label, then the bullets, each
// message ending with the numbered sources its bullets cite (title linked
// without preview, date, every outlet of the story), so that each message
// reads on its own.
func renderDigest(heading string, a answer.Answer) []string {
	var intro []string
	if note := strings.TrimSpace(a.Note); note != "" {
		intro = append(intro, "_"+escapeMarkdown(note)+"_")
	}
	var bullets []string
	for _, line := range strings.Split(strings.TrimSpace(a.Answer), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
		case strings.HasPrefix(line, "- "):
			text := reEscapedCite.ReplaceAllString(escapeMarkdown(truncate(strings.TrimPrefix(line, "- "), 900)), "[$1]")
			bullets = append(bullets, "- "+text)
		default:
			intro = append(intro, "-# "+escapeMarkdown(strings.TrimSuffix(line, ":")))
		}
	}
	byN := map[int]answer.Citation{}
	for _, c := range a.Citations {
		byN[c.N] = c
	}
	if len(bullets) == 0 {
		// Not covered, or a model that wrote prose: show it as it is.
		lines := []string{heading}
		for _, line := range strings.Split(strings.TrimSpace(a.Answer), "\n") {
			lines = append(lines, reEscapedCite.ReplaceAllString(escapeMarkdown(line), "[$1]"))
		}
		return Split(strings.Join(lines, "\n"), MessageLimit)
	}

	var msgs []string
	head := heading
	if len(intro) > 0 {
		head += "\n" + strings.Join(intro, "\n")
	}
	var body, srcs []string
	listed := map[int]bool{}
	flush := func() {
		if len(body) == 0 {
			return
		}
		m := head + "\n" + strings.Join(body, "\n")
		if len(srcs) > 0 {
			m += "\n-# Sources\n" + strings.Join(srcs, "\n")
		}
		msgs = append(msgs, m)
		head, body, srcs, listed = "**…continued**", nil, nil, map[int]bool{}
	}
	size := func(b, s []string) int {
		n := width(head) + 1 + width(strings.Join(b, "\n"))
		if len(s) > 0 {
			n += width("\n-# Sources\n") + width(strings.Join(s, "\n"))
		}
		return n
	}
	for _, bl := range bullets {
		for try := 0; try < 2; try++ {
			var add []string
			seen := maps.Clone(listed)
			for _, m := range reCite.FindAllStringSubmatch(bl, -1) {
				n, _ := strconv.Atoi(m[1])
				c, ok := byN[n]
				if !ok || seen[n] {
					continue
				}
				seen[n] = true
				add = append(add, digestSource(c))
			}
			if size(append(slices.Clone(body), bl), append(slices.Clone(srcs), add...)) <= MessageLimit || len(body) == 0 {
				body = append(body, bl)
				srcs = append(srcs, add...)
				for n := range seen {
					listed[n] = true
				}
				break
			}
			flush()
		}
	}
	flush()
	return msgs
}

// digestSource is one numbered source line of a digest.
func digestSource(c answer.Citation) string {
	line := fmt.Sprintf("[%d] %s", c.N, titleLink(c.Title, c.URL))
	if c.Published != "" {
		line += " · " + escapeMarkdown(c.Published)
	}
	if len(c.Outlets) > 0 {
		line += " · " + escapeMarkdown(truncate(strings.Join(c.Outlets, ", "), 200))
	}
	return line
}

// digestFile keeps the scheduled digests in the data directory.
const digestFile = "digests.json"

// digestSchedule is one channel's daily digest.
type digestSchedule struct {
	Channel  string `json:"channel"`
	At       string `json:"time"`     // HH:MM, 24 h
	TimeZone string `json:"timezone"` // an IANA name
	// Since is when the schedule was set: the first digest is the first
	// time after it.
	Since time.Time `json:"since"`
	// Last is the scheduled time of the last digest posted.
	Last time.Time `json:"last,omitzero"`

	loc        *time.Location
	hour, mins int
}

// parseClock reads HH:MM (24 h).
func parseClock(s string) (hour, mins int, ok bool) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, 0, false
	}
	return t.Hour(), t.Minute(), true
}

// resolve checks the schedule's time and zone and keeps them parsed.
func (d *digestSchedule) resolve() error {
	h, m, ok := parseClock(d.At)
	if !ok {
		return fmt.Errorf("time %q is not HH:MM", d.At)
	}
	loc, err := time.LoadLocation(d.TimeZone)
	if err != nil || d.TimeZone == "" || strings.EqualFold(d.TimeZone, "local") {
		return fmt.Errorf("unknown time zone %q", d.TimeZone)
	}
	d.hour, d.mins, d.loc = h, m, loc
	return nil
}

// on is the schedule's time on the day of t (in its zone), days later.
func (d *digestSchedule) on(t time.Time, days int) time.Time {
	t = t.In(d.loc)
	return time.Date(t.Year(), t.Month(), t.Day()+days, d.hour, d.mins, 0, 0, d.loc)
}

// latest is the last scheduled time at or before now.
func (d *digestSchedule) latest(now time.Time) time.Time {
	if t := d.on(now, 0); !t.After(now) {
		return t
	}
	return d.on(now, -1)
}

// next is the first scheduled time after t.
func (d *digestSchedule) next(t time.Time) time.Time {
	if n := d.on(t, 0); n.After(t) {
		return n
	}
	return d.on(t, 1)
}

// digestStore holds the schedules and writes them through to the data
// directory on every change, atomically: a crash leaves the old list or
// the new one.
type digestStore struct {
	dir     string
	changed chan struct{} // a schedule was set or removed (buffered: one pending wake-up)

	mu   sync.Mutex
	list []digestSchedule
}

func openDigestStore(dir string) (*digestStore, error) {
	s := &digestStore{dir: dir, changed: make(chan struct{}, 1)}
	data, err := os.ReadFile(filepath.Join(dir, digestFile))
	if errors.Is(err, os.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read digest schedules: %w", err)
	}
	var f struct {
		Digests []digestSchedule `json:"digests"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("read digest schedules %s: %w (fix it, or delete it and set the digests again)", filepath.Join(dir, digestFile), err)
	}
	for _, d := range f.Digests {
		if err := d.resolve(); err != nil {
			return nil, fmt.Errorf("digest schedule of channel %s in %s: %w", d.Channel, filepath.Join(dir, digestFile), err)
		}
		s.list = append(s.list, d)
	}
	return s, nil
}

// saveLocked writes the schedules; s.mu is held.
func (s *digestStore) saveLocked() error {
	data, err := json.MarshalIndent(struct {
		Digests []digestSchedule `json:"digests"`
	}{s.list}, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.Write(s.dir, digestFile, data); err != nil {
		return fmt.Errorf("save digest schedules: %w", err)
	}
	return nil
}

func (s *digestStore) wake() {
	select {
	case s.changed <- struct{}{}:
	default:
	}
}

// set adds or replaces a channel's schedule and saves the list.
func (s *digestStore) set(d digestSchedule) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	prev := slices.Clone(s.list)
	s.list = slices.DeleteFunc(s.list, func(o digestSchedule) bool { return o.Channel == d.Channel })
	s.list = append(s.list, d)
	if err := s.saveLocked(); err != nil {
		s.list = prev
		return err
	}
	s.wake()
	return nil
}

// remove drops a channel's schedule; it reports whether there was one.
func (s *digestStore) remove(channel string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	prev := slices.Clone(s.list)
	s.list = slices.DeleteFunc(s.list, func(o digestSchedule) bool { return o.Channel == channel })
	if len(s.list) == len(prev) {
		return false, nil
	}
	if err := s.saveLocked(); err != nil {
		s.list = prev
		return false, err
	}
	s.wake()
	return true, nil
}

// dueDigest is a digest to post now: its schedule and its time.
type dueDigest struct {
	digestSchedule
	at time.Time
}

// due returns the digests whose time has come and not been posted (after
// downtime, only the latest missed one of each channel), and when the next
// one is due (zero when no schedule is set).
func (s *digestStore) due(now time.Time) ([]dueDigest, time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []dueDigest
	var next time.Time
	for _, d := range s.list {
		if at := d.latest(now); at.After(d.Since) && at.After(d.Last) {
			out = append(out, dueDigest{d, at})
		}
		if n := d.next(now); next.IsZero() || n.Before(next) {
			next = n
		}
	}
	return out, next
}

// done records that the digest of at was posted for channel.
func (s *digestStore) done(channel string, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.list {
		if s.list[i].Channel == channel && at.After(s.list[i].Last) {
			s.list[i].Last = at
		}
	}
	return s.saveLocked()
}

// scheduleDigest runs /feeds digest: sets, replaces or (time:off) stops a
// channel's daily digest. It returns the reply.
func (b *Bot) scheduleDigest(it *interaction, opts []*discordgo.ApplicationCommandInteractionDataOption) string {
	ch := optString(opts, optChannel)
	at := strings.TrimSpace(optString(opts, "time"))
	if ch == "" {
		return "Pick the channel for the digest with `channel:`."
	}
	ds := b.news.digests
	if strings.EqualFold(at, "off") {
		removed, err := ds.remove(ch)
		switch {
		case err != nil:
			it.log.Error("remove digest schedule", "err", err)
			return msgFailed
		case !removed:
			return fmt.Sprintf("<#%s> has no daily digest.", ch)
		}
		it.log.Info("digest schedule removed", "channel_id", ch)
		return fmt.Sprintf("The daily digest of <#%s> is stopped.", ch)
	}
	tz := strings.TrimSpace(optString(opts, "timezone"))
	if tz == "" {
		tz = "UTC"
	}
	d := digestSchedule{Channel: ch, At: at, TimeZone: tz, Since: b.now()}
	if err := d.resolve(); err != nil {
		if _, _, ok := parseClock(at); !ok {
			return "Give `time:` as HH:MM on a 24-hour clock, such as 07:30, or `off` to stop the digest."
		}
		return "I don't know the time zone " + quoteInline(tz) + ". Use a name such as `Europe/Paris`, `America/New_York` or `UTC`."
	}
	d.At = fmt.Sprintf("%02d:%02d", d.hour, d.mins)
	if err := ds.set(d); err != nil {
		it.log.Error("save digest schedule", "err", err)
		return msgFailed
	}
	it.log.Info("digest scheduled", "channel_id", ch, "time", d.At, "timezone", tz)
	next := d.next(d.Since)
	return fmt.Sprintf("Every day at %s (%s), <#%s> gets a digest of the main stories of the 24 hours before. The first comes %s.",
		d.At, escapeMarkdown(tz), ch, next.Format("2006-01-02 15:04 MST"))
}

// runDigests posts each channel's scheduled digest when its time comes,
// waking when a schedule changes and at least every postLoopMax.
func (b *Bot) runDigests(ctx context.Context) {
	log := b.log.With("component", "digests")
	ds := b.news.digests
	for {
		due, next := ds.due(b.now())
		for _, d := range due {
			if ctx.Err() != nil {
				return
			}
			b.postDigest(ctx, log, d)
			if err := ds.done(d.Channel, d.at); err != nil {
				log.Error("record digest posted", "channel_id", d.Channel, "err", err)
			}
		}
		wait := postLoopMax
		if !next.IsZero() {
			wait = min(max(next.Sub(b.now()), 0), postLoopMax)
		}
		select {
		case <-ctx.Done():
			return
		case <-ds.changed:
		case <-b.after(wait):
		}
	}
}

// postDigest posts the digest of the 24 hours before d.at in d's channel,
// each message under the channel's post rate. A period without stories
// posts nothing. Failures are logged: the next digest comes the next day.
func (b *Bot) postDigest(ctx context.Context, log *slog.Logger, d dueDigest) {
	log = log.With("channel_id", d.Channel, "at", d.at)
	actx, cancel := context.WithTimeout(ctx, b.cfg.AnswerTimeout)
	a, err := b.cfg.News.Digest(actx, answer.DigestRequest{From: d.at.Add(-24 * time.Hour), To: d.at})
	cancel()
	switch {
	case err != nil:
		log.Error("daily digest", "err", err)
		return
	case a.Mode == answer.ModeNotCovered:
		log.Info("daily digest: no story in the period; nothing posted")
		return
	}
	heading := "**Daily digest** · " + d.at.Format("Monday 2 January 2006, 15:04 MST")
	msgs := renderDigest(heading, a)
	for i, m := range msgs {
		for {
			w := b.news.rate.take(d.Channel, b.now())
			if w == 0 {
				break
			}
			select {
			case <-ctx.Done():
				return
			case <-b.after(w):
			}
		}
		if err := b.post(ctx, d.Channel, m); err != nil {
			log.Error("post daily digest", "part", i+1, "of", len(msgs), "err", err)
			return
		}
	}
	log.Info("daily digest posted", "stories", len(a.Citations), "messages", len(msgs))
}
