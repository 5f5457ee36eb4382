package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/byline-bot/byline"
)

// commandArgs are valid arguments for every command in the usage text, so
// that only the configuration can make them fail.
var commandArgs = map[string][]string{
	"ask":       {"ask", "Who did Lloyd Austin speak with?"},
	"search":    {"search", "Lloyd Austin"},
	"summarize": {"summarize", "--topic", "Pentagon"},
	"sources":   {"sources"},
	"index":     {"index"},
	"eval":      {"eval", "--corpus", "seeds", "--queries", "queries.jsonl"},
	"config":    {"config", "check"},
	"serve":     {"serve"},
	"feeds":     {"feeds", "list"},
	"poll":      {"poll"},
	"watch":     {"watch"},
}

// Every command meets a broken configuration with a clear error, not a
// panic, and writes no result. Commands are read from the usage text, so a
// new command is covered (or this test asks for its arguments).
func TestEveryCommandWithABrokenConfig(t *testing.T) {
	var commands []string
	for _, m := range regexp.MustCompile(`(?m)^  ([a-z]+) `).FindAllStringSubmatch(usage, -1) {
		if len(commands) == 0 || commands[len(commands)-1] != m[1] {
			commands = append(commands, m[1])
		}
	}
	if len(commands) < 8 {
		t.Fatalf("found only %v in the usage text", commands)
	}
	dir := workdir(t)
	queries := `{"query_id":"q1","question_date":"2022/10/22","question":"Who did Lloyd Austin speak with?","answer_text":["Shoigu"],"gold_doc_ids":["x"]}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "queries.jsonl"), []byte(queries), 0o644); err != nil {
		t.Fatal(err)
	}
	configs := map[string]struct {
		body string
		want string // in the error
	}{
		"invalid setting":  {"log:\n  level: loud\n", "log.level"},
		"several problems": {"log:\n  level: loud\nanswer:\n  articles: 0\n", "answer.articles"},
		"unknown key":      {"modle:\n  chat_model: x\n", "modle"},
		"not YAML":         {"index: [\n", "config"},
	}
	for name, c := range configs {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".yaml")
		if err := os.WriteFile(path, []byte(c.body), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, cmd := range commands {
			args, ok := commandArgs[cmd]
			if !ok {
				t.Fatalf("command %q is in the usage text but not in commandArgs: add valid arguments for it", cmd)
			}
			t.Run(name+"/"+cmd, func(t *testing.T) {
				t.Chdir(dir)
				var stdout, stderr bytes.Buffer
				getenv := func(k string) string {
					if k == "DISCORD_TOKEN" {
						return "test-token"
					}
					return ""
				}
				err := run(t.Context(), append([]string{"--config", path, "--data", filepath.Join(dir, "data")}, args...), &stdout, &stderr, getenv)
				if err == nil {
					t.Fatalf("no error; stdout:\n%s", stdout.String())
				}
				said := err.Error()
				if cmd == "config" { // config check lists the problems it found
					said += stdout.String() + stderr.String()
				}
				if !strings.Contains(said, c.want) {
					t.Errorf("error %q does not name %q", said, c.want)
				}
				if cmd != "config" && stdout.Len() > 0 {
					t.Errorf("wrote a result despite the broken config:\n%s", stdout.String())
				}
				var be *byline.Error
				if cmd != "config" && (!errors.As(err, &be) || be.Code != byline.CodeInvalidConfig || be.Hint == "") {
					t.Errorf("a broken configuration gives %v, not an invalid-config error with a hint", err)
				}
			})
		}
	}
}
