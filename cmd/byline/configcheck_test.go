package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/byline-bot/byline/llm/llmtest"
)

// Each configuration mistake gets its own message from `byline config
// check`, all of them in one run, with the key path (and line) and a "did
// you mean" where one fits; settings that work but are probably not meant
// are warnings.
func TestConfigCheckMessages(t *testing.T) {
	oneModel := llmtest.NewServer(t, llmtest.Options{Models: []string{"llama3.1:8b", "nomic-embed-text"}})
	twoModels := llmtest.NewServer(t, llmtest.Options{Models: []string{"llama3.1:8b", "qwen2.5:7b", "nomic-embed-text"}})
	tests := []struct {
		name   string
		file   string
		env    map[string]string
		failed bool
		want   []string // each in the output
		not    []string // none in the output
	}{
		{
			name: "misspelt group", file: "modle:\n  chat_model: x\n", failed: true,
			want: []string{"line 1: unknown key modle (did you mean model?)"},
		},
		{
			name: "misspelt key", file: "model:\n  chat_modle: llama3\n", failed: true,
			want: []string{"line 2: unknown key model.chat_modle (did you mean model.chat_model?)"},
		},
		{
			name: "key in the wrong group", file: "chat_model: llama3\n", failed: true,
			want: []string{"unknown key chat_model (did you mean model.chat_model?)"},
		},
		{
			name:   "every problem in one run, decode errors included",
			file:   "answer:\n  articles: many\n  evidence: 0\nlog:\n  level: loud\ndiscord:\n  edit_interval: soon\n  metrics_addr: 0.0.0.0:9090\nmodle: {}\n",
			failed: true,
			want: []string{
				"Problems (5):",
				`line 2: answer.articles: "many" is not a whole number`,
				`line 7: discord.edit_interval: "soon" is not a duration (such as 30s, 2m or 1h30m)`,
				"line 9: unknown key modle (did you mean model?)",
				"answer.evidence 0: want at least 1",
				`log.level "loud"`,
				// A warning, shown alongside the problems.
				`discord.metrics_addr "0.0.0.0:9090" listens beyond this machine`,
			},
		},
		{
			name: "a secret in the file", file: "discord:\n  token: abc\n", failed: true,
			want: []string{"unknown key discord.token: secrets are read only from the environment"},
			not:  []string{"abc"},
		},
		{
			name: "misspelt environment variable",
			env:  map[string]string{"BYLINE_MODEL_CHAT_MODLE": "llama3", "BYLINE_DISCORD_DUMP": "/tmp/x"},
			want: []string{"Warnings:", "environment variable BYLINE_MODEL_CHAT_MODLE is not a Byline setting and is ignored (did you mean BYLINE_MODEL_CHAT_MODEL?)", "No problems found."},
			not:  []string{"BYLINE_DISCORD_DUMP is not"},
		},
		{
			name: "model server without a chat model",
			env:  map[string]string{"OPENAI_BASE_URL": twoModels.URL},
			want: []string{
				"model.chat_model is empty, so every answer is quoted from the articles",
				"the model server's chat models: llama3.1:8b, qwen2.5:7b",
			},
		},
		{
			name: "model server with one chat model",
			env:  map[string]string{"OPENAI_BASE_URL": oneModel.URL},
			want: []string{`model.chat_model is empty: using "llama3.1:8b", the only chat model the model server lists`},
			not:  []string{"every answer is quoted"},
		},
		{
			name: "metrics on loopback",
			env:  map[string]string{"BYLINE_DISCORD_METRICS_ADDR": "127.0.0.1:9090"},
			want: []string{"No problems found."},
			not:  []string{"Warnings:"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			args := []string{"--data", filepath.Join(dir, "data"), "config", "check"}
			if tt.file != "" {
				path := filepath.Join(dir, "byline.yaml")
				if err := os.WriteFile(path, []byte(tt.file), 0o644); err != nil {
					t.Fatal(err)
				}
				args = append([]string{"--config", path}, args...)
			}
			var environ []string
			for k, v := range tt.env {
				environ = append(environ, k+"="+v)
			}
			var out, errOut bytes.Buffer
			err := runEnviron(t.Context(), args, &out, &errOut, func(k string) string { return tt.env[k] }, func() []string { return environ })
			if (err != nil) != tt.failed {
				t.Errorf("config check: err = %v, want failure %v", err, tt.failed)
			}
			got := out.String()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("output holds %q:\n%s", n, got)
				}
			}
		})
	}
}
