package config

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"go.yaml.in/yaml/v3"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// The example file documents every default: loading it must give exactly
// the defaults, so it never rots.
func TestExampleMatchesDefaults(t *testing.T) {
	got, err := Load(filepath.Join("..", "config.example.yaml"), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Default(), got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("config.example.yaml differs from the defaults (-default +example):\n%s", diff)
	}
	if err := got.Validate(); err != nil {
		t.Errorf("defaults do not validate: %v", err)
	}
}

func TestEnvironmentOverrides(t *testing.T) {
	got, err := Load("", env(map[string]string{
		"BYLINE_DATA":                     "/tmp/d",
		"OPENAI_BASE_URL":                 "http://localhost:11434/v1",
		"OPENAI_API_KEY":                  "sk-secret",
		"DISCORD_TOKEN":                   "tok-secret",
		"BYLINE_MODEL_CHAT_MODEL":         "llama3.1",
		"BYLINE_DISCORD_GUILD_IDS":        "1, 2",
		"BYLINE_DISCORD_EDIT_INTERVAL":    "250ms",
		"BYLINE_ANSWER_MIN_COVERAGE":      "0.4",
		"BYLINE_INDEX_ALLOW_PRIVATE_URLS": "true",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.DataDir = "/tmp/d"
	want.Model.BaseURL = "http://localhost:11434/v1"
	want.OpenAIKey = "sk-secret"
	want.DiscordToken = "tok-secret"
	want.Model.ChatModel = "llama3.1"
	want.Discord.GuildIDs = []string{"1", "2"}
	want.Discord.EditInterval = 250 * time.Millisecond
	want.Answer.MinCoverage = 0.4
	want.Index.AllowPrivateURLs = true
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	red := got.Redacted()
	if strings.Contains(red, "sk-secret") || strings.Contains(red, "tok-secret") {
		t.Errorf("redacted config shows a secret:\n%s", red)
	}
	if !strings.Contains(red, "OPENAI_API_KEY: (set)") || !strings.Contains(red, "llama3.1") {
		t.Errorf("redacted config lacks settings:\n%s", red)
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	c := Default()
	c.Index.ChunkSize = 10
	c.Model.BaseURL = "http://localhost:11434"
	c.Discord.MentionReply = "dm"
	c.Discord.GuildIDs = []string{"general"}
	c.Log.Level = "loud"
	c.Discord.APIURL = "http://127.0.0.1:1"
	err := c.Validate()
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"chunk_size", "/v1", "mention_reply", `"general"`, "log.level"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"unknown.yaml": "data_dir: x\nnot_a_setting: 1\n",
		"broken.yaml":  "index: [\n",
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o644)
		if _, err := Load(p, env(nil)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	secret := filepath.Join(dir, "secret.yaml")
	os.WriteFile(secret, []byte("discord:\n  token: abc\n"), 0o644)
	if _, err := Load(secret, env(nil)); err == nil || !strings.Contains(err.Error(), "DISCORD_TOKEN") {
		t.Errorf("secret in file: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml"), env(nil)); err == nil {
		t.Error("missing file: no error")
	}
	if _, err := Load("", env(map[string]string{"BYLINE_INDEX_CHUNK_SIZE": "big"})); err == nil || !strings.Contains(err.Error(), "BYLINE_INDEX_CHUNK_SIZE") {
		t.Errorf("bad env value: %v", err)
	}
	empty := filepath.Join(dir, "empty.yaml")
	os.WriteFile(empty, nil, 0o644)
	if c, err := Load(empty, env(nil)); err != nil || c.DataDir != "./data" {
		t.Errorf("empty file: %v %v", c.DataDir, err)
	}
}

func TestCredentialsInURLs(t *testing.T) {
	c := Default()
	c.Model.BaseURL = "http://alice:hunter2@127.0.0.1:9/v1"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "credentials") {
		t.Errorf("validate: %v", err)
	}
	if red := c.Redacted(); strings.Contains(red, "hunter2") || !strings.Contains(red, "REDACTED@127.0.0.1:9") {
		t.Errorf("redacted:\n%s", red)
	}
}

// Every setting has a line in config.example.yaml: a key added to Config
// without documenting it there fails here.
func TestExampleDocumentsEveryKey(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "config.example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	c := Default()
	walk(reflect.ValueOf(&c).Elem(), "BYLINE", func(name string, _ reflect.Value) {
		path := strings.Split(strings.ToLower(strings.TrimPrefix(name, "BYLINE_")), "_")
		if !hasKey(doc, path) {
			t.Errorf("config.example.yaml does not document %s", name)
		}
	})
}

// hasKey reports whether the YAML document holds the key made of parts
// (joined by "_" within a key, nested across sections).
func hasKey(doc map[string]any, parts []string) bool {
	for i := 1; i <= len(parts); i++ {
		v, ok := doc[strings.Join(parts[:i], "_")]
		if !ok {
			continue
		}
		if i == len(parts) {
			return true
		}
		if sub, ok := v.(map[string]any); ok && hasKey(sub, parts[i:]) {
			return true
		}
	}
	return false
}

// Every BYLINE_ variable some code reads with os.Getenv is known, so that
// UnknownEnv never warns about a real one.
func TestEveryGetenvIsKnown(t *testing.T) {
	re := regexp.MustCompile(`Getenv\("(BYLINE_[A-Z0-9_]+)"\)`)
	known := EnvNames()
	err := filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(data), -1) {
			if !slices.Contains(known, m[1]) {
				t.Errorf("%s reads %s, which config.UnknownEnv would call unknown: add it to otherEnv", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if w := UnknownEnv([]string{"BYLINE_LOG_LEVEL=debug", "BYLINE_LOG_LEVLE=debug", "PATH=/bin"}); len(w) != 1 || !strings.Contains(w[0], "did you mean BYLINE_LOG_LEVEL?") {
		t.Errorf("UnknownEnv = %q", w)
	}
}
