package bot

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

// TestLogsNeverShowTheBotToken logs the bot token the ways an error may
// carry it, through the logger New builds.
func TestLogsNeverShowTheBotToken(t *testing.T) {
	const token = "MTA5ODc2NTQzMjEwMTIzNDU2Nw.GaBcDe.fGhIjKlMnOpQrStUvWxYz0123456789abcdef"
	tests := []struct {
		name     string
		cfgToken string
		msg      string
		err      error
	}{
		{"alone", token, token, errors.New(token)},
		{"after Bot, configured with the prefix", "Bot " + token, "Authorization: Bot " + token, errors.New("header Bot " + token)},
		{"in a URL path", token, "GET https://discord.test/api/" + token + "/x", errors.New("Get \"https://discord.test/" + token + "\": EOF")},
		{"in JSON", token, `{"op":2,"d":{"token":"` + token + `"}}`, errors.New(`{"token":"` + token + `"}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			b, err := New(testConfig(func(c *Config) { c.Token = tt.cfgToken }), &fakeBackend{}, slog.New(slog.NewTextHandler(&buf, nil)))
			if err != nil {
				t.Fatal(err)
			}
			b.log.With("token", token).WithGroup("g").Error(tt.msg, "err", tt.err, "s", tt.msg)
			if strings.Contains(buf.String(), token) {
				t.Errorf("token in log: %s", buf.String())
			}
			if n := strings.Count(buf.String(), "[REDACTED]"); n != 4 {
				t.Errorf("%d redactions, want 4: %s", n, buf.String())
			}
		})
	}
}

// TestRedactionLeavesWordsAlone: only whole tokens are secrets, and a
// value too short to be a real token is no secret at all.
func TestRedactionLeavesWordsAlone(t *testing.T) {
	for _, secret := range []string{"x", "t", "context", "deadline-exceede", "ontext deadline"} {
		var buf bytes.Buffer
		log := slog.New(redactHandler{next: slog.NewTextHandler(&buf, nil), secrets: []string{secret}})
		const msg = "context deadline-exceeded: wait"
		log.Info(msg, "err", errors.New("texts deadline-exceededs"))
		if !strings.Contains(buf.String(), msg) || !strings.Contains(buf.String(), "texts deadline-exceededs") {
			t.Errorf("secret %q changed the log: %s", secret, buf.String())
		}
	}
}
