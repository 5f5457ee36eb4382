package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/byline-bot/byline/library"
)

// buildBinary builds cmd/byline once per test run.
var binary struct {
	once sync.Once
	path string
	err  error
}

func bylineBin(t *testing.T) string {
	t.Helper()
	binary.once.Do(func() {
		dir, err := os.MkdirTemp("", "byline-bin")
		if err != nil {
			binary.err = err
			return
		}
		binary.path = filepath.Join(dir, "byline")
		out, err := exec.Command("go", "build", "-o", binary.path, ".").CombinedOutput()
		if err != nil {
			binary.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binary.err != nil {
		t.Fatal(binary.err)
	}
	return binary.path
}

// workdir is a fresh directory holding a copy of the shipped seeds, like a
// fresh clone.
func workdir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "seeds"), os.DirFS(filepath.Join("..", "..", "seeds"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

func runBinary(t *testing.T, dir string, env []string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	cmd := exec.Command(bylineBin(t), args...)
	cmd.Dir = dir
	cmd.Env = append(cleanEnv(), env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	return o.String(), e.String(), err
}

// cleanEnv drops settings of the developer's shell that would change results.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "BYLINE_") || strings.HasPrefix(kv, "OPENAI_") || strings.HasPrefix(kv, "DISCORD_") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// The README's first command, as a new user runs it: a fresh directory, no
// configuration, no network, no key.
func TestREADMEAskOnSeeds(t *testing.T) {
	dir := workdir(t)
	out, errOut, err := runBinary(t, dir, nil, "ask", "Who did Lloyd Austin speak with?")
	if err != nil {
		t.Fatalf("%v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
	for _, want := range []string{"Shoigu", "[1]", "Sources:", "Washington and Moscow spoke on the phone", "seeds/000_4ebca540514b2b37.txt", "Quoted from the indexed articles"} {
		if !strings.Contains(out, want) {
			t.Errorf("answer lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut, "indexing the default sources") || !strings.Contains(errOut, "Indexed 1 article (") {
		t.Errorf("first run did not show indexing progress:\n%s", errOut)
	}
	// The second run reuses the index.
	out, errOut, err = runBinary(t, dir, nil, "ask", "--json", "Who did Lloyd Austin speak with?")
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	if strings.Contains(errOut, "indexing") {
		t.Errorf("second run indexed again:\n%s", errOut)
	}
	var ans struct {
		Answer    string `json:"answer"`
		Mode      string `json:"mode"`
		Citations []struct {
			N         int    `json:"n"`
			ArticleID string `json:"article_id"`
			Title     string `json:"title"`
			URL       string `json:"url"`
			Published string `json:"published"`
			Quote     string `json:"quote"`
		} `json:"citations"`
		Sources []json.RawMessage `json:"sources"`
	}
	if err := json.Unmarshal([]byte(out), &ans); err != nil {
		t.Fatalf("ask --json: %v\n%s", err, out)
	}
	if ans.Mode != "extractive" || len(ans.Citations) == 0 || ans.Citations[0].N != 1 || ans.Citations[0].ArticleID != "4ebca540514b2b37" ||
		!strings.Contains(ans.Citations[0].Quote, "Shoigu") || len(ans.Sources) == 0 {
		t.Errorf("ask --json: %s", out)
	}

	out, _, err = runBinary(t, dir, nil, "ask", "What is the capital of Mongolia?")
	if err != nil || !strings.Contains(out, "do not cover") {
		t.Errorf("uncovered question: %v\n%s", err, out)
	}
}

func TestCommandsJSON(t *testing.T) {
	dir := workdir(t)
	out, errOut, err := runBinary(t, dir, nil, "index", "--json")
	if err != nil {
		t.Fatalf("%v %s", err, errOut)
	}
	var sum struct {
		Added, Articles, Chunks int
		Skipped                 []any
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil || sum.Added != 1 || sum.Articles != 1 || sum.Chunks == 0 || sum.Skipped == nil {
		t.Errorf("index --json: %v %s", err, out)
	}
	out, _, err = runBinary(t, dir, nil, "search", "Blinken Lavrov", "-k", "3", "--json")
	var sr struct {
		Results []struct {
			ArticleID string  `json:"article_id"`
			Title     string  `json:"title"`
			URL       string  `json:"url"`
			Published string  `json:"published"`
			Score     float64 `json:"score"`
			Passages  []struct {
				Text       string
				Start, End int
			} `json:"passages"`
		} `json:"results"`
	}
	if err != nil || json.Unmarshal([]byte(out), &sr) != nil || len(sr.Results) != 1 || len(sr.Results[0].Passages) == 0 ||
		!strings.Contains(sr.Results[0].Passages[0].Text, "Lavrov") || sr.Results[0].Score <= 0 {
		t.Errorf("search --json: %v %s", err, out)
	}
	out, _, err = runBinary(t, dir, nil, "summarize", "Washington and Moscow")
	if err != nil || strings.Count(out, "\n- ") < 2 || !strings.Contains(out, "[1]") {
		t.Errorf("summarize: %v %s", err, out)
	}
	out, _, err = runBinary(t, dir, nil, "sources")
	if err != nil || !strings.Contains(out, "4ebca540514b2b37") || !strings.Contains(out, "1 articles") {
		t.Errorf("sources: %v %s", err, out)
	}
}

func TestUsageAndConfigErrors(t *testing.T) {
	dir := workdir(t)
	tests := []struct {
		args     []string
		env      []string
		code     int
		inStderr string
	}{
		{[]string{}, nil, 2, "Usage"},
		{[]string{"frobnicate"}, nil, 2, "unknown command"},
		{[]string{"ask"}, nil, 2, "byline ask QUESTION"},
		{[]string{"ask", strings.Repeat("why ", 300)}, nil, 2, "too long"},
		{[]string{"ask", "--as-of", "yesterday", "q"}, nil, 2, "YYYY-MM-DD"},
		{[]string{"search", "-k", "0", "x"}, nil, 2, "-k"},
		{[]string{"ask", "q"}, []string{"BYLINE_INDEX_CHUNK_SIZE=5"}, 1, "chunk_size"},
		{[]string{"serve"}, nil, 1, "DISCORD_TOKEN"},
		{[]string{"--config", "missing.yaml", "ask", "q"}, nil, 1, "missing.yaml"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, errOut, err := runBinary(t, dir, tt.env, tt.args...)
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			}
			if code != tt.code || !strings.Contains(errOut, tt.inStderr) {
				t.Errorf("exit %d (want %d), stderr:\n%s", code, tt.code, errOut)
			}
		})
	}
}

func TestConfigCheckRedactsSecrets(t *testing.T) {
	dir := workdir(t)
	out, _, err := runBinary(t, dir, []string{"OPENAI_API_KEY=sk-very-secret", "DISCORD_TOKEN=discord-very-secret", "BYLINE_MODEL_CHAT_MODEL=m1", "OPENAI_BASE_URL=http://127.0.0.1:9/v1"}, "config", "check")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if strings.Contains(out, "very-secret") || !strings.Contains(out, "OPENAI_API_KEY: (set)") || !strings.Contains(out, "chat_model: m1") || !strings.Contains(out, "No problems") {
		t.Errorf("config check:\n%s", out)
	}
	out, _, err = runBinary(t, dir, []string{"BYLINE_DISCORD_MENTION_REPLY=dm", "BYLINE_LOG_LEVEL=loud"}, "config", "check")
	if err == nil || !strings.Contains(out, "mention_reply") || !strings.Contains(out, "log.level") {
		t.Errorf("config check with problems: %v\n%s", err, out)
	}
}

// A kill -9 in the middle of indexing, while embedding or while saving,
// leaves an index that answers: the previous one, or (when the kill came
// after the rename) the complete new one, never a torn file.
func TestKillDuringIndexKeepsOldIndex(t *testing.T) {
	for _, stage := range []library.Stage{library.StageEmbedding, library.StageSaving} {
		t.Run(string(stage), func(t *testing.T) {
			dir := workdir(t)
			if _, errOut, err := runBinary(t, dir, nil, "index"); err != nil {
				t.Fatalf("%v %s", err, errOut)
			}
			before, err := os.ReadFile(filepath.Join(dir, "data", "index.snap"))
			if err != nil {
				t.Fatal(err)
			}
			big := filepath.Join(dir, "big.jsonl")
			writeSyntheticCorpus(t, big, 6000)
			if !killAt(t, dir, stage, "index", big) {
				t.Skipf("index finished before it could be killed at %q", stage)
			}
			after, err := os.ReadFile(filepath.Join(dir, "data", "index.snap"))
			if err != nil {
				t.Fatal(err)
			}
			out, errOut, err := runBinary(t, dir, nil, "sources")
			if err != nil {
				t.Fatalf("index unreadable after a kill at %q: %v\n%s", stage, err, errOut)
			}
			switch {
			case bytes.Equal(before, after):
				if !strings.Contains(out, "\n1 articles") {
					t.Errorf("old index: %s", out[max(0, len(out)-200):])
				}
			case !strings.Contains(out, "\n6001 articles"):
				t.Errorf("snapshot changed but is not the complete new index: %s", out[max(0, len(out)-200):])
			}
			if out, _, err := runBinary(t, dir, nil, "ask", "Who did Lloyd Austin speak with?"); err != nil || !strings.Contains(out, "Shoigu") {
				t.Errorf("no answer after the kill: %v\n%s", err, out)
			}
			// The interrupted job can simply be run again, and leaves no temp files.
			if _, errOut, err := runBinary(t, dir, nil, "index", big); err != nil {
				t.Errorf("re-running the index: %v %s", err, errOut)
			}
			entries, _ := os.ReadDir(filepath.Join(dir, "data"))
			for _, e := range entries {
				if strings.Contains(e.Name(), ".tmp") {
					t.Errorf("temp file left in the data dir: %s", e.Name())
				}
			}
		})
	}
}

// killAt runs byline with args and kills it with SIGKILL as soon as its
// progress (plain lines: stderr is a pipe) names stage. It reports whether
// the process was killed (false: it finished first).
func killAt(t *testing.T, dir string, stage library.Stage, args ...string) bool {
	t.Helper()
	cmd := exec.Command(bylineBin(t), args...)
	cmd.Dir = dir
	cmd.Env = cleanEnv()
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	seen := make(chan struct{})
	go func() {
		defer close(seen)
		buf := make([]byte, 4096)
		var all []byte
		for {
			n, err := stderr.Read(buf)
			all = append(all, buf[:n]...)
			if bytes.Contains(all, []byte(stage)) || err != nil {
				return
			}
		}
	}()
	select {
	case <-seen:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("no %q progress within 60 s", stage)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	go io.Copy(io.Discard, stderr)
	cmd.Wait()
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled()
}

// writeSyntheticCorpus writes n generated articles in the JSONL corpus format.
func writeSyntheticCorpus(t *testing.T, path string, n int) {
	t.Helper()
	words := strings.Fields("council harbour bridge ferry election budget storm rescue museum festival court mayor " +
		"river school hospital airport vaccine market strike protest senator minister treaty summit bank museum")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	for i := 0; i < n; i++ {
		var b strings.Builder
		for s := 0; s < 40; s++ {
			fmt.Fprintf(&b, "The %s and the %s met on day %d about item %d. ", words[(i+s)%len(words)], words[(i*7+s*3)%len(words)], s, i*s)
		}
		enc.Encode(map[string]string{"id": fmt.Sprintf("syn%05d", i), "url": fmt.Sprintf("https://example.com/%d", i),
			"title": fmt.Sprintf("Synthetic story %d", i), "published": "2022-07-01", "text": b.String()})
	}
}

// The in-process entry point honours a canceled context.
func TestRunCanceled(t *testing.T) {
	dir := workdir(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	err := run(ctx, []string{"--data", filepath.Join(dir, "data"), "index", filepath.Join(dir, "seeds")}, &out, &errOut, func(string) string { return "" })
	if err == nil {
		t.Errorf("canceled index succeeded: %s", out.String())
	}
}

// A damaged index is reported with the command that repairs it; that
// command (any `byline index`) rebuilds it from every source it held, keeps
// the damaged file, and loses nothing that can be read.
func TestCorruptIndexIsRepaired(t *testing.T) {
	dir := workdir(t)
	extra := filepath.Join(dir, "extra.md")
	os.WriteFile(extra, []byte("---\ntitle: Ferry timetable\n---\nThe harbour ferry timetable changes on Monday.\n"), 0o644)
	for _, args := range [][]string{{"index"}, {"index", extra}} {
		if _, errOut, err := runBinary(t, dir, nil, args...); err != nil {
			t.Fatalf("%v: %v %s", args, err, errOut)
		}
	}
	snap := filepath.Join(dir, "data", "index.snap")
	b, _ := os.ReadFile(snap)
	b[len(b)/2] ^= 0xff
	os.WriteFile(snap, b, 0o644)

	_, errOut, err := runBinary(t, dir, nil, "ask", "Who did Lloyd Austin speak with?")
	if err == nil || !strings.Contains(errOut, "damaged") || !strings.Contains(errOut, "hint: run `byline index`") {
		t.Errorf("ask on a damaged index: err %v\n%s", err, errOut)
	}
	other := filepath.Join(dir, "other.md")
	os.WriteFile(other, []byte("---\ntitle: Other\n---\nA story about the city's new bicycle lanes.\n"), 0o644)
	out, errOut, err := runBinary(t, dir, nil, "index", other)
	if err != nil {
		t.Fatalf("repair: %v %s", err, errOut)
	}
	if !strings.Contains(out, "Indexed 3 articles") {
		t.Errorf("repair did not bring back the seeds and extra.md beside other.md:\n%s", out)
	}
	if kept, _ := os.ReadFile(snap + ".damaged"); !bytes.Equal(kept, b) {
		t.Error("the damaged file was not kept as index.snap.damaged")
	}
	for q, want := range map[string]string{"Who did Lloyd Austin speak with?": "Shoigu", "When does the ferry timetable change?": "Monday"} {
		if out, _, err := runBinary(t, dir, nil, "ask", q); err != nil || !strings.Contains(out, want) {
			t.Errorf("after the repair, %q: %v %s", q, err, out)
		}
	}
}

func TestDateFlag(t *testing.T) {
	for _, in := range []string{"2023-08-21", "2023/08/21"} {
		var d dateFlag
		if err := d.Set(in); err != nil || d.String() != "2023-08-21" {
			t.Errorf("Set(%q): %v, %q", in, err, d.String())
		}
	}
	var d dateFlag
	if err := d.Set("21.08.2023"); err == nil {
		t.Error("Set(21.08.2023): no error")
	}
}
