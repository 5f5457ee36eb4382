package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// --as-of takes what the help offers: "now" and a date either way round.
func TestAsOfFlag(t *testing.T) {
	dir := workdir(t)
	getenv := func(string) string { return "" }
	data := filepath.Join(dir, "data")
	var out, errOut bytes.Buffer
	if err := run(t.Context(), []string{"--data", data, "index", filepath.Join(dir, "seeds")}, &out, &errOut, getenv); err != nil {
		t.Fatalf("index: %v\n%s", err, errOut.String())
	}
	tests := []struct {
		asOf    string
		wantErr string // "" = accepted
	}{
		{"now", ""},
		{"NOW", ""},
		{"2024-11-05", ""},
		{"2024/11/05", ""},
		{"yesterday", `want "now" or YYYY-MM-DD`},
		{"2024-13-01", "YYYY-MM-DD"},
	}
	for _, tt := range tests {
		t.Run(tt.asOf, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(t.Context(), []string{"--data", data, "search", "--as-of", tt.asOf, "--json", "Lavrov"}, &out, &errOut, getenv)
			if tt.wantErr != "" {
				if !errors.Is(err, errUsage) || !strings.Contains(errOut.String()+err.Error(), tt.wantErr) {
					t.Errorf("--as-of %s: err %v, stderr %q; want a usage error about %q", tt.asOf, err, errOut.String(), tt.wantErr)
				}
				return
			}
			var res struct{ Results []json.RawMessage }
			if err != nil || json.Unmarshal(out.Bytes(), &res) != nil || len(res.Results) == 0 {
				t.Errorf("--as-of %s: err %v, stderr %q, out %s", tt.asOf, err, errOut.String(), out.String())
			}
		})
	}
}

// TestAsOfIsNowEverywhere: the global --as-of (before or after the command)
// is "now" for ask: an article published after it never answers.
func TestAsOfIsNowEverywhere(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "cup.jsonl")
	lines := `{"id":"final","url":"https://example.com/final","title":"Avalanche win the Stanley Cup","published":"2022-06-27","text":"The Colorado Avalanche won the Stanley Cup on Sunday, beating the Tampa Bay Lightning 2-1 in Game 6. It is the franchise's third championship in its history."}
{"id":"preview","url":"https://example.com/preview","title":"Stanley Cup Final preview","published":"2022-06-14","text":"The Stanley Cup Final resumes on Wednesday night in Tampa. Fans have waited all season for the Stanley Cup Final to begin."}
`
	if err := os.WriteFile(corpus, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	getenv := func(string) string { return "" }
	data := filepath.Join(dir, "data")
	var out, errOut bytes.Buffer
	if err := run(t.Context(), []string{"--data", data, "index", corpus}, &out, &errOut, getenv); err != nil {
		t.Fatalf("index: %v\n%s", err, errOut.String())
	}
	for _, tt := range []struct {
		args   []string
		answer bool
	}{
		{[]string{"--as-of", "2022-06-26", "--data", data, "ask", "--json", "Who won the Stanley Cup?"}, false},
		{[]string{"--data", data, "ask", "--as-of", "2022-06-26", "--json", "Who won the Stanley Cup?"}, false},
		{[]string{"--as-of", "2022-06-28", "--data", data, "ask", "--json", "Who won the Stanley Cup?"}, true},
		{[]string{"--data", data, "ask", "--json", "Who won the Stanley Cup?"}, true}, // the clock: long after
	} {
		var out, errOut bytes.Buffer
		if err := run(t.Context(), tt.args, &out, &errOut, getenv); err != nil {
			t.Fatalf("%q: %v\n%s", tt.args, err, errOut.String())
		}
		var ans struct {
			Mode    string
			Answer  string
			Sources []struct {
				ArticleID string `json:"article_id"`
			}
		}
		if err := json.Unmarshal(out.Bytes(), &ans); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(ans.Answer, "Colorado Avalanche won"); got != tt.answer {
			t.Errorf("%q: answered from the 2022-06-27 article %v, want %v: %+v", tt.args, got, tt.answer, ans)
		}
		if !tt.answer {
			for _, s := range ans.Sources {
				if s.ArticleID == "final" {
					t.Errorf("%q: names an article published after --as-of: %+v", tt.args, ans)
				}
			}
		}
	}
}
