package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"

	"github.com/bwmarrin/discordgo"
)

// discordgo writes its own log lines (gateway errors, reconnects) through a
// package-level hook, by default to the standard log package: another
// format, and no redaction. The hook is set once, at init, so that no
// session ever reads it while it changes; it forwards to the logger of the
// newest Bot (one per process in practice), through the same redacting
// handler as the bot's own lines.
var discordgoLog atomic.Pointer[slog.Logger]

func init() { discordgo.Logger = logDiscordgo }

// discordgoLevel is the most detailed discordgo level forwarded. Its debug
// level prints the IDENTIFY payload (the bot token) and every raw event
// (message text), so it is never let through.
const discordgoLevel = discordgo.LogWarning

func logDiscordgo(msgL, _ int, format string, a ...any) {
	l := discordgoLog.Load()
	if l == nil {
		l = slog.Default()
	}
	level := slog.LevelInfo
	switch msgL {
	case discordgo.LogError:
		level = slog.LevelError
	case discordgo.LogWarning:
		level = slog.LevelWarn
	case discordgo.LogDebug:
		level = slog.LevelDebug
	}
	l.Log(context.Background(), level, discordgoMessage(format, a))
}

// discordgoMessage formats one discordgo line, except those that print a
// raw gateway payload (the first event after a RESUME, an unknown event or
// op): a payload may be a user's message, which is kept out of logs below
// debug level. Of those, only the words before the first colon or verb
// are kept.
func discordgoMessage(format string, a []any) string {
	if strings.Contains(format, "%#v") || strings.Contains(format, "Data:") {
		head := format
		if i := strings.IndexAny(format, "%:"); i >= 0 {
			head = format[:i]
		}
		return strings.TrimSpace(head) + " (payload not logged)"
	}
	return fmt.Sprintf(format, a...)
}
