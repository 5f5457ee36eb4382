package redact

import "testing"

func TestSecrets(t *testing.T) {
	const tok = "MTIzNDU2Nzg5.GhIjKl.abc_def-ghi"
	tests := []struct {
		name   string
		s      string
		secret string
		want   string
	}{
		{"a short secret leaves text alone", "context deadline exceeded", "x", "context deadline exceeded"},
		{"a 7-character secret is too short", "key sk-abcd in use", "sk-abcd", "key sk-abcd in use"},
		{"alone", tok, tok, "[REDACTED]"},
		{"after Bot", "Authorization: Bot " + tok, tok, "Authorization: Bot [REDACTED]"},
		{"in a URL path", "GET https://x.test/api/" + tok + "/callback: 401", tok, "GET https://x.test/api/[REDACTED]/callback: 401"},
		{"in a query", "https://x.test/v1?key=" + tok + "&a=b", tok, "https://x.test/v1?key=[REDACTED]&a=b"},
		{"in JSON", `{"token":"` + tok + `","n":1}`, tok, `{"token":"[REDACTED]","n":1}`},
		{"several times", tok + " and " + tok, tok, "[REDACTED] and [REDACTED]"},
		{"not inside a longer word", "x" + tok + " " + tok + "-2 " + tok + ".b", tok, "x" + tok + " " + tok + "-2 " + tok + ".b"},
		{"whole after a partial overlap", "sk-secret-keysk-secret-key sk-secret-key", "sk-secret-key", "sk-secret-keysk-secret-key [REDACTED]"},
		{"empty secret", "text", "", "text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Secrets(tt.s, tt.secret); got != tt.want {
				t.Errorf("Secrets(%q, %q) = %q, want %q", tt.s, tt.secret, got, tt.want)
			}
		})
	}
}

func FuzzSecrets(f *testing.F) {
	f.Add("Bot abcdefgh.ij", "abcdefgh.ij")
	f.Fuzz(func(t *testing.T, s, secret string) {
		got := Secrets(s, secret)
		if !isSecret(secret) {
			if got != s {
				t.Fatalf("secret %q, too short or with spaces, changed %q to %q", secret, s, got)
			}
			return
		}
		// A secret standing between spaces is always found.
		if got := Secrets(" "+secret+" ", secret); got != " "+Placeholder+" " {
			t.Fatalf("standalone %q not redacted: %q", secret, got)
		}
	})
}
