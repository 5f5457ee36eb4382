package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/byline-bot/byline/answer"
	"github.com/byline-bot/byline/library"
)

// interaction is one slash command or autocomplete request and the replies
// sent for it. It is a replier: edit changes the (deferred) original
// response, more sends a follow-up.
type interaction struct {
	s   *discordgo.Session
	i   *discordgo.Interaction
	log *slog.Logger

	mu        sync.Mutex
	acked     bool // a callback was sent: from now on, edit @original
	ephemeral bool
}

func (it *interaction) userID() string {
	if it.i.Member != nil && it.i.Member.User != nil {
		return it.i.Member.User.ID
	}
	if it.i.User != nil {
		return it.i.User.ID
	}
	return ""
}

func (it *interaction) setAcked(ephemeral bool) {
	it.mu.Lock()
	it.acked, it.ephemeral = true, ephemeral
	it.mu.Unlock()
}

func (it *interaction) state() (acked, ephemeral bool) {
	it.mu.Lock()
	defer it.mu.Unlock()
	return it.acked, it.ephemeral
}

func flags(ephemeral bool) discordgo.MessageFlags {
	if ephemeral {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

// deferReply acknowledges at once ("Byline is thinking…"); the answer follows by edits.
func (it *interaction) deferReply(ctx context.Context, ephemeral bool) error {
	err := it.s.InteractionRespond(it.i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: flags(ephemeral), AllowedMentions: noMentions()},
	}, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("defer interaction response: %w", err)
	}
	it.setAcked(ephemeral)
	return nil
}

// reply answers immediately with content (within 3 s, no deferral).
func (it *interaction) reply(ctx context.Context, content string, ephemeral bool) error {
	err := it.s.InteractionRespond(it.i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: content, Flags: flags(ephemeral), AllowedMentions: noMentions()},
	}, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("interaction response: %w", err)
	}
	it.setAcked(ephemeral)
	return nil
}

// replyOrLog sends an immediate reply and logs a failure to do so.
func (it *interaction) replyOrLog(ctx context.Context, content string, ephemeral bool) {
	if err := it.reply(ctx, content, ephemeral); err != nil {
		it.log.Error("reply to interaction", "err", err)
	}
}

func (it *interaction) edit(ctx context.Context, content string) error {
	_, err := it.s.InteractionResponseEdit(it.i, &discordgo.WebhookEdit{Content: &content, AllowedMentions: noMentions()}, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("edit interaction response: %w", err)
	}
	return nil
}

func (it *interaction) more(ctx context.Context, content string) error {
	_, ephemeral := it.state()
	_, err := it.s.FollowupMessageCreate(it.i, true, &discordgo.WebhookParams{
		Content: content, Flags: flags(ephemeral), AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("send follow-up message: %w", err)
	}
	return nil
}

// fail tells the user text, however far the interaction got.
func (it *interaction) fail(ctx context.Context, text string) {
	dctx, cancel := detached(ctx)
	defer cancel()
	var err error
	switch acked, _ := it.state(); {
	case it.i.Type == discordgo.InteractionApplicationCommandAutocomplete:
		if !acked {
			err = it.s.InteractionRespond(it.i, &discordgo.InteractionResponse{
				Type: discordgo.InteractionApplicationCommandAutocompleteResult,
				Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}},
			}, discordgo.WithContext(dctx))
		}
	case acked:
		err = it.edit(dctx, text)
	default:
		err = it.reply(dctx, text, true)
	}
	if err != nil {
		it.log.Error("tell user about failure", "err", err)
	}
}

// onInteraction is the dispatcher for slash commands and autocomplete: the
// one place (with onMessage) where panics are recovered.
func (b *Bot) onInteraction(ctx context.Context, s *discordgo.Session, ic *discordgo.InteractionCreate) {
	if ic == nil || ic.Interaction == nil {
		return
	}
	start := time.Now()
	it := &interaction{s: s, i: ic.Interaction}
	it.log = b.log.With("interaction_id", ic.ID, "guild_id", ic.GuildID, "channel_id", ic.ChannelID, "user_id", it.userID())
	if !b.begin() {
		it.fail(ctx, msgRestarting)
		return
	}
	defer b.inflight.Done()
	defer func() {
		if p := recover(); p != nil {
			b.recovered(it.log, p)
			it.fail(ctx, msgPanic)
		}
	}()

	data, ok := ic.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok {
		return // components and modals: Byline sends none
	}
	it.log = it.log.With("command", data.Name)
	switch ic.Type {
	case discordgo.InteractionApplicationCommandAutocomplete:
		b.autocomplete(ctx, it, data)
	case discordgo.InteractionApplicationCommand:
		b.command(ctx, it, data, start)
	}
}

func (b *Bot) command(ctx context.Context, it *interaction, data discordgo.ApplicationCommandInteractionData, start time.Time) {
	switch data.Name {
	case cmdAsk:
		ctx, cancel := context.WithTimeout(ctx, b.cfg.AnswerTimeout)
		defer cancel()
		b.ask(ctx, it, data, start)
	case cmdSummarize:
		ctx, cancel := context.WithTimeout(ctx, b.cfg.AnswerTimeout)
		defer cancel()
		b.summarize(ctx, it, data, start)
	case cmdSources:
		b.sources(ctx, it, data)
	case cmdReindex, cmdAdd:
		ctx, cancel := context.WithTimeout(ctx, b.cfg.AdminTimeout)
		defer cancel()
		b.admin(ctx, it, data, start)
	case cmdHelp:
		it.replyOrLog(ctx, helpText(b.cfg.MaxQuestionChars, b.cfg.MentionReply, b.messageContent), true)
	default:
		it.replyOrLog(ctx, "I don't know that command. Try `/help`.", true)
	}
}

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
		b.metrics.refused("queue")
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
	b.metrics.question("ask")
	it.log.Debug("question", "text", q)
	b.deliver(ctx, it.log, it, t, true, start, func(ctx context.Context, onPartial func(string)) (answer.Answer, error) {
		return b.backend.Ask(ctx, answer.Request{Question: q}, onPartial)
	})
}

func (b *Bot) summarize(ctx context.Context, it *interaction, data discordgo.ApplicationCommandInteractionData, start time.Time) {
	req := answer.SummaryRequest{
		Article: strings.TrimSpace(optString(data.Options, "article")),
		Topic:   strings.TrimSpace(optString(data.Options, "topic")),
		Days:    optInt(data.Options, "days"),
	}
	if (req.Article == "") == (req.Topic == "") {
		it.replyOrLog(ctx, "Give either `article:` (pick one as you type) or `topic:` (with `days:` if you like), not both.", true)
		return
	}
	if req.Days < 0 || req.Days > 365 {
		it.replyOrLog(ctx, "`days:` must be between 1 and 365.", true)
		return
	}
	t := b.startAnswer(ctx, it, req.Article+req.Topic, false, start)
	if t == nil {
		return
	}
	b.metrics.question("summarize")
	it.log.Debug("summary request", "article", req.Article, "topic", req.Topic, "days", req.Days)
	b.deliver(ctx, it.log, it, t, false, start, func(ctx context.Context, _ func(string)) (answer.Answer, error) {
		return b.backend.Summarize(ctx, req)
	})
}

// maxChoices is Discord's limit on autocomplete choices.
const maxChoices = 25

// autocomplete offers indexed articles for /summarize article:. It must
// answer within 3 s and cannot be deferred: Articles is expected to be fast.
func (b *Bot) autocomplete(ctx context.Context, it *interaction, data discordgo.ApplicationCommandInteractionData) {
	var choices []*discordgo.ApplicationCommandOptionChoice
	if f := focused(data.Options); data.Name == cmdSummarize && f != nil && f.Name == "article" {
		query, _ := f.Value.(string)
		for _, a := range b.backend.Articles(strings.TrimSpace(query), maxChoices) {
			name := a.Title
			if a.Published != "" {
				name += " (" + a.Published + ")"
			}
			value := a.ID
			if len(value) > 100 || value == "" {
				value = truncate(a.Title, 100) // matched by title instead
			}
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: truncate(name, 100), Value: value})
			if len(choices) == maxChoices {
				break
			}
		}
	}
	if choices == nil {
		choices = []*discordgo.ApplicationCommandOptionChoice{}
	}
	err := it.s.InteractionRespond(it.i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	}, discordgo.WithContext(ctx))
	if err != nil {
		it.log.Error("autocomplete response", "err", err)
		return
	}
	it.setAcked(true)
}

// sourcesShown is how many articles /sources asks for; renderSources trims to one message.
const sourcesShown = 25

func (b *Bot) sources(ctx context.Context, it *interaction, data discordgo.ApplicationCommandInteractionData) {
	query := strings.TrimSpace(optString(data.Options, "query"))
	arts := b.backend.Articles(query, sourcesShown+1)
	more := len(arts) > sourcesShown
	if more {
		arts = arts[:sourcesShown]
	}
	it.replyOrLog(ctx, renderSources(arts, query, more), false)
}

const msgNotAdmin = "Only admins can do that: members with the Manage Server permission or an admin role."

// admin runs /reindex and /add: permission checked here on every use, then
// a private deferred reply edited with progress and the final summary.
func (b *Bot) admin(ctx context.Context, it *interaction, data discordgo.ApplicationCommandInteractionData, start time.Time) {
	if !isAdmin(it.i.Member, b.cfg.AdminRoleIDs) {
		it.log.Info("admin command refused")
		it.replyOrLog(ctx, msgNotAdmin, true)
		return
	}
	var (
		verb, progressVerb string
		job                func(ctx context.Context, progress func(library.Progress)) (library.Summary, error)
	)
	switch data.Name {
	case cmdReindex:
		verb, progressVerb = "Re-index", "Re-indexing"
		job = b.backend.Reindex
	case cmdAdd:
		verb, progressVerb = "Add", "Adding"
		rawURL := strings.TrimSpace(optString(data.Options, "url"))
		fileID := optString(data.Options, "file")
		if (rawURL == "") == (fileID == "") {
			it.replyOrLog(ctx, "Give either `url:` or `file:`.", true)
			return
		}
		if rawURL != "" {
			if u, err := url.Parse(rawURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				it.replyOrLog(ctx, "That is not an http(s) URL.", true)
				return
			}
			job = func(ctx context.Context, progress func(library.Progress)) (library.Summary, error) {
				return b.backend.AddURL(ctx, rawURL, progress)
			}
			break
		}
		att := attachment(data, fileID)
		if att == nil {
			it.replyOrLog(ctx, "I could not find the attached file. Please attach it again.", true)
			return
		}
		if int64(att.Size) > b.cfg.MaxAttachmentBytes {
			// Refused before any download: Discord states the size.
			it.log.Info("attachment refused: too large", "bytes", att.Size, "limit", b.cfg.MaxAttachmentBytes)
			it.replyOrLog(ctx, fmt.Sprintf("That file is too large: %s, and the limit is %s.", byteSize(int64(att.Size)), byteSize(b.cfg.MaxAttachmentBytes)), true)
			return
		}
		job = func(ctx context.Context, _ func(library.Progress)) (library.Summary, error) {
			body, err := b.download(ctx, att.URL)
			if err != nil {
				return library.Summary{}, err
			}
			return b.backend.AddFile(ctx, att.Filename, body)
		}
	}
	if err := it.deferReply(ctx, true); err != nil {
		it.log.Error("acknowledge interaction", "err", err)
		return
	}
	b.metrics.observe(stageAck, time.Since(start))

	ed := newEditor(it.edit, b.cfg.EditInterval, it.log)
	ed.start(ctx, func(s string) string { return s })
	sum, err := job(ctx, func(p library.Progress) { ed.update(renderProgress(progressVerb, p)) })
	ed.stop()
	b.metrics.observe(stageAdminJob, time.Since(start))
	dctx, cancel := detached(ctx)
	defer cancel()
	ed.waitTurn(dctx)
	var text string
	switch {
	case errors.Is(err, library.ErrBusy):
		text = "A re-index is already running; try again when it has finished. Questions are still answered meanwhile."
		it.log.Info("index job refused: busy")
	case errors.Is(err, errTooLarge):
		text = fmt.Sprintf("That file is too large: the limit is %s.", byteSize(b.cfg.MaxAttachmentBytes))
		it.log.Info("attachment refused", "err", err)
	case errors.Is(err, errDownload):
		text = "I could not download the attached file. Please try again."
		it.log.Error("index job failed", "err", err)
	case err != nil:
		text = failText(err)
		if text == msgFailed {
			text = verb + " failed. The logs have the details."
		}
		it.log.Error("index job failed", "err", err)
	default:
		text = renderSummary(verb, sum)
		it.log.Info("index job done", "added", sum.Added, "updated", sum.Updated, "removed", sum.Removed,
			"skipped", len(sum.Skipped), "articles", sum.Articles, "seconds", sum.Seconds)
	}
	for i, chunk := range Split(text, MessageLimit) {
		send := it.edit
		if i > 0 {
			send = it.more
		}
		if err := send(dctx, chunk); err != nil {
			it.log.Error("send index job result", "err", err)
			return
		}
	}
}

func attachment(data discordgo.ApplicationCommandInteractionData, id string) *discordgo.MessageAttachment {
	if data.Resolved == nil || data.Resolved.Attachments == nil {
		return nil
	}
	return data.Resolved.Attachments[id]
}

var (
	errDownload = errors.New("download attachment")
	// errTooLarge marks a download refused for its size; it wraps errDownload.
	errTooLarge = errors.New("file too large")
)

// download fetches an uploaded file, only from Discord's CDN (or the
// configured Discord-compatible server), at most MaxAttachmentBytes: a
// larger Content-Length is refused before reading the body, and a body
// without one is read no further than one byte past the limit.
func (b *Bot) download(ctx context.Context, rawURL string) ([]byte, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errDownload, err)
	}
	allowed := u.Scheme == "https" && (u.Host == "cdn.discordapp.com" || u.Host == "media.discordapp.net")
	if b.cfg.APIURL != "" {
		if api, err := url.Parse(b.cfg.APIURL); err == nil && api.Host == u.Host {
			allowed = true
		}
	}
	if !allowed {
		return nil, fmt.Errorf("%w: host %q is not Discord's CDN", errDownload, u.Host)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errDownload, err)
	}
	resp, err := b.session.Client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errDownload, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%w: HTTP %d", errDownload, resp.StatusCode)
	}
	tooLarge := fmt.Errorf("%w: %w: larger than %d bytes", errDownload, errTooLarge, b.cfg.MaxAttachmentBytes)
	if resp.ContentLength > b.cfg.MaxAttachmentBytes {
		return nil, tooLarge
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, b.cfg.MaxAttachmentBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errDownload, err)
	}
	if int64(len(body)) > b.cfg.MaxAttachmentBytes {
		return nil, tooLarge
	}
	return body, nil
}

// byteSize formats a file size for people, in binary multiples as Discord
// shows its upload limits: "900 bytes", "64 KB", "1.5 MB".
func byteSize(n int64) string {
	unit := func(div float64, name string) string {
		v := float64(n) / div
		if v == float64(int64(v)) || v >= 100 {
			return fmt.Sprintf("%d %s", int64(v), name)
		}
		return fmt.Sprintf("%.1f %s", v, name)
	}
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d bytes", n)
	case n < 1<<20:
		return unit(1<<10, "KB")
	default:
		return unit(1<<20, "MB")
	}
}
