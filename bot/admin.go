package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/byline-bot/byline/library"
)

// adminPermissions are the permission bits that make a member an admin:
// Manage Server, or Administrator (which implies every permission).
const adminPermissions = discordgo.PermissionManageGuild | discordgo.PermissionAdministrator

// isAdmin reports whether the member who sent an interaction may run admin
// commands. It trusts only what Discord puts in the interaction (the
// member's computed permissions in the channel and role ids), never the
// command's DefaultMemberPermissions, which a guild can override. A nil member
// (a DM) is never an admin.
func isAdmin(m *discordgo.Member, adminRoleIDs []string) bool {
	if m == nil {
		return false
	}
	if m.Permissions&adminPermissions != 0 {
		return true
	}
	for _, r := range m.Roles {
		if slices.Contains(adminRoleIDs, r) {
			return true
		}
	}
	return false
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
		job                indexJob
	)
	switch data.Name {
	case cmdReindex:
		verb, progressVerb = "Re-index", "Re-indexing"
		job = b.backend.Reindex
	case cmdAdd:
		verb, progressVerb = "Add", "Adding"
		if job = b.addJob(ctx, it, data); job == nil {
			return
		}
	}
	if err := it.deferReply(ctx, true); err != nil {
		it.log.Error("acknowledge interaction", "err", err)
		return
	}
	b.metrics.observe(stageAck, time.Since(start))

	ed := b.editor(it.edit, it.log)
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

// indexJob is the work behind /reindex or /add; progress receives reports
// while it runs.
type indexJob func(ctx context.Context, progress func(library.Progress)) (library.Summary, error)

// addJob checks /add's options and returns the job that adds the URL or the
// attached file; nil when the options were refused and the user was told why.
// An attachment's size is checked here, before any download: Discord states it.
func (b *Bot) addJob(ctx context.Context, it *interaction, data discordgo.ApplicationCommandInteractionData) indexJob {
	rawURL := strings.TrimSpace(optString(data.Options, "url"))
	fileID := optString(data.Options, "file")
	if (rawURL == "") == (fileID == "") {
		it.replyOrLog(ctx, "Give either `url:` or `file:`.", true)
		return nil
	}
	if rawURL != "" {
		if u, err := url.Parse(rawURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			it.replyOrLog(ctx, "That is not an http(s) URL.", true)
			return nil
		}
		return func(ctx context.Context, progress func(library.Progress)) (library.Summary, error) {
			return b.backend.AddURL(ctx, rawURL, progress)
		}
	}
	att := attachment(data, fileID)
	if att == nil {
		it.replyOrLog(ctx, "I could not find the attached file. Please attach it again.", true)
		return nil
	}
	if int64(att.Size) > b.cfg.MaxAttachmentBytes {
		it.log.Info("attachment refused: too large", "bytes", att.Size, "limit", b.cfg.MaxAttachmentBytes)
		it.replyOrLog(ctx, fmt.Sprintf("That file is too large: %s, and the limit is %s.", byteSize(int64(att.Size)), byteSize(b.cfg.MaxAttachmentBytes)), true)
		return nil
	}
	return func(ctx context.Context, _ func(library.Progress)) (library.Summary, error) {
		body, err := b.download(ctx, att.URL)
		if err != nil {
			return library.Summary{}, err
		}
		return b.backend.AddFile(ctx, att.Filename, body)
	}
}

// attachment returns the resolved attachment a file option names, or nil.
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
