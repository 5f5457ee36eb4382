package bot

import (
	"context"
	"log/slog"
	"regexp"

	"github.com/byline-bot/byline/internal/redact"
)

// Interaction tokens travel in URL paths (/interactions/{id}/{token}/callback,
// /webhooks/{app}/{token}/...): an HTTP error from discordgo is a *url.Error
// whose text holds that URL, and a token lets anyone answer for the bot for
// 15 minutes. redactHandler scrubs them from every log record.
var reInteractionToken = regexp.MustCompile(`(/(?:interactions/\d+|webhooks/\d+)/)[A-Za-z0-9._\-]{20,}`)

// redactHandler wraps a slog.Handler, rewriting string and error values:
// interaction tokens in URL paths and the secrets it knows (the bot token)
// wherever they stand as whole tokens.
type redactHandler struct {
	next    slog.Handler
	secrets []string
}

func (h redactHandler) redact(s string) string {
	return redact.Secrets(reInteractionToken.ReplaceAllString(s, "${1}[redacted]"), h.secrets...)
}

func (h redactHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h redactHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, h.redact(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.redactAttr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h redactHandler) WithAttrs(as []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(as))
	for i, a := range as {
		red[i] = h.redactAttr(a)
	}
	return redactHandler{h.next.WithAttrs(red), h.secrets}
}

func (h redactHandler) WithGroup(name string) slog.Handler {
	return redactHandler{h.next.WithGroup(name), h.secrets}
}

func (h redactHandler) redactAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, h.redact(v.String()))
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.String(a.Key, h.redact(err.Error()))
		}
	case slog.KindGroup:
		as := v.Group()
		red := make([]any, len(as))
		for i, g := range as {
			red[i] = h.redactAttr(g)
		}
		return slog.Group(a.Key, red...)
	}
	return a
}
