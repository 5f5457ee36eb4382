package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/byline-bot/byline/llm/llmtest"
)

// With an OpenAI-compatible embeddings model configured, indexing sends N
// chunks in ceil(N/batch) requests (and the titles likewise), a re-index of the unchanged corpus sends
// none, and switching back to the offline embedder is refused until the
// index is rebuilt.
func TestRemoteEmbeddingsBatchedAndIncremental(t *testing.T) {
	dir := workdir(t)
	src := filepath.Join(dir, "articles")
	os.Mkdir(src, 0o755)
	for i := 0; i < 40; i++ {
		body := strings.Repeat(fmt.Sprintf("Council meeting %d decided on the harbour budget and the bridge repairs. ", i), 12)
		os.WriteFile(filepath.Join(src, fmt.Sprintf("a%02d.txt", i)), []byte(fmt.Sprintf("Story %d\n%s", i, body)), 0o644)
	}
	srv := llmtest.NewServer(t, llmtest.Options{})
	env := map[string]string{
		"OPENAI_BASE_URL":              srv.URL,
		"OPENAI_API_KEY":               "sk-test-secret",
		"BYLINE_MODEL_EMBEDDING_MODEL": "test-embed",
		"BYLINE_MODEL_EMBED_BATCH":     "16",
		"BYLINE_DATA":                  filepath.Join(dir, "data"),
		"BYLINE_SEEDS":                 src,
	}
	getenv := func(k string) string { return env[k] }
	index := func() (added, chunks, embedded int) {
		t.Helper()
		var out, errOut bytes.Buffer
		if err := run(context.Background(), []string{"index", "--json"}, &out, &errOut, getenv); err != nil {
			t.Fatalf("index: %v\n%s", err, errOut.String())
		}
		if strings.Contains(errOut.String(), "sk-test-secret") {
			t.Error("the API key appears in the output")
		}
		var s struct{ Added, Chunks, Embedded int }
		if err := json.Unmarshal(out.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		return s.Added, s.Chunks, s.Embedded
	}
	added, chunks, embedded := index()
	if added != 40 || embedded != chunks || chunks < 40 {
		t.Fatalf("added %d, chunks %d, embedded %d", added, chunks, embedded)
	}
	// Chunks and titles (40, embedded once at build time for ranking) each
	// go in full batches.
	want := (chunks+15)/16 + (40+15)/16
	if got := srv.Count("/embeddings"); got != want {
		t.Errorf("%d chunks and 40 titles took %d embeddings requests, want ceil(N/16) each = %d", chunks, got, want)
	}
	before := srv.Count("/embeddings")
	if _, _, embedded := index(); embedded != 0 {
		t.Errorf("unchanged re-index embedded %d chunks", embedded)
	}
	if got := srv.Count("/embeddings") - before; got != 0 {
		t.Errorf("unchanged re-index made %d embeddings requests", got)
	}

	// Asking uses the same embedder for the question.
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"search", "harbour budget", "--json"}, &out, &errOut, getenv); err != nil {
		t.Fatalf("search: %v %s", err, errOut.String())
	}
	delete(env, "BYLINE_MODEL_EMBEDDING_MODEL")
	err := run(context.Background(), []string{"ask", "harbour budget?"}, &out, &errOut, getenv)
	var printed bytes.Buffer
	printError(&printed, err)
	if err == nil || !strings.Contains(err.Error(), "different embedder") || !strings.Contains(printed.String(), "hint: run `byline index --rebuild`") {
		t.Errorf("mismatched embedder: %v", err)
	}
}
