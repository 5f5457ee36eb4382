// Package redact removes known secrets (the bot token, the model API key)
// from text headed for logs and error messages.
package redact

import "strings"

// Placeholder replaces each secret found.
const Placeholder = "[REDACTED]"

// MinSecretLen is the shortest secret Secrets looks for. Real bot tokens
// (about 70 characters) and API keys (32 and more) are far longer; a shorter
// value is a placeholder such as "x" or "none" given to a local server that
// ignores it, and scrubbing it would mangle every word holding it
// ("context" into "conte[REDACTED]t") while protecting nothing.
const MinSecretLen = 8

// Secrets replaces each occurrence of a secret in s that stands as a whole
// token: not preceded or followed by a token character (a letter, a digit,
// '.', '_' or '-'), so that it is found alone, after "Bot ", in a URL path
// or in JSON, but never inside a longer word. Secrets shorter than
// MinSecretLen, or holding white space (no token does; config refuses such
// a key), are ignored.
func Secrets(s string, secrets ...string) string {
	for _, sec := range secrets {
		if !isSecret(sec) {
			continue
		}
		s = replaceWhole(s, sec)
	}
	return s
}

// isSecret reports whether sec can be a real secret worth looking for.
func isSecret(sec string) bool {
	return len(sec) >= MinSecretLen && !strings.ContainsAny(sec, " \t\r\n")
}

func replaceWhole(s, sec string) string {
	var b strings.Builder
	from := 0 // s[:from] is written to b or replaced
	for i := 0; ; {
		j := strings.Index(s[i:], sec)
		if j < 0 {
			break
		}
		start, end := i+j, i+j+len(sec)
		if (start == 0 || !tokenByte(s[start-1])) && (end == len(s) || !tokenByte(s[end])) {
			b.WriteString(s[from:start])
			b.WriteString(Placeholder)
			from = end
			i = end
			continue
		}
		i = start + 1
	}
	if from == 0 {
		return s
	}
	b.WriteString(s[from:])
	return b.String()
}

// tokenByte reports whether c may be part of a token: tokens are base64url
// and dot-separated (Discord bot tokens), or dashed (API keys).
func tokenByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-'
}
