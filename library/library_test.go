package library

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/config"
	"github.com/byline-bot/byline/ingest"
	"github.com/byline-bot/byline/retrieval"
)

// countingEmbedder is a deterministic word-hash embedder that counts texts
// and can be made to fail after a number of calls.
type countingEmbedder struct {
	mu     sync.Mutex
	texts  int
	calls  int
	failOn string // fail a call when a text contains this ("" never)
}

func (e *countingEmbedder) Name() string { return "counting-hash-16" }

func (e *countingEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls++
	for _, t := range texts {
		if e.failOn != "" && strings.Contains(t, e.failOn) {
			return nil, errors.New("embedder down")
		}
	}
	e.texts += len(texts)
	out := make([][]float32, len(texts))
	for i, t := range texts {
		v := make([]float32, 16)
		for _, w := range strings.Fields(strings.ToLower(t)) {
			h := fnv.New32a()
			h.Write([]byte(w))
			v[h.Sum32()%16]++
		}
		v[0] += 0.001
		var n float32
		for _, x := range v {
			n += x * x
		}
		for j := range v {
			v[j] /= sqrt(n)
		}
		out[i] = v
	}
	return out, nil
}

func sqrt(x float32) float32 {
	z := x
	for i := 0; i < 30; i++ {
		z = (z + x/z) / 2
	}
	return z
}

func (e *countingEmbedder) reset() (texts int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	texts, e.texts, e.calls = e.texts, 0, 0
	return texts
}

func writeArticle(t *testing.T, dir, name, title, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(title+"\n"+body+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func open(t *testing.T, data string, emb retrieval.Embedder, sources ...string) *Library {
	t.Helper()
	l, err := openLibrary(t, data, emb, sources...)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// openLibrary opens data with sources (300-byte chunks), returning Open's
// error too.
func openLibrary(t *testing.T, data string, emb retrieval.Embedder, sources ...string) (*Library, error) {
	t.Helper()
	return Open(context.Background(), Config{DataDir: data, Sources: sources, Chunk: retrieval.ChunkConfig{Size: 300, Overlap: 50}, EmbedBatch: 64},
		testLoader(t), emb, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

func TestIncrementalReindex(t *testing.T) {
	src, data := t.TempDir(), t.TempDir()
	for i := 0; i < 5; i++ {
		writeArticle(t, src, fmt.Sprintf("a%d.txt", i), fmt.Sprintf("Story number %d", i),
			fmt.Sprintf("The council voted on proposal %d today. Residents reacted with surprise to measure %d.", i, i))
	}
	emb := &countingEmbedder{}
	ctx := context.Background()
	l := open(t, data, emb, src)
	sum, err := l.Reindex(ctx, nil, IndexOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 5 || sum.Articles != 5 || emb.reset() == 0 {
		t.Fatalf("first index: %+v", sum)
	}

	// A new process: the snapshot is loaded and nothing is embedded again.
	l = open(t, data, emb, src)
	sum, err = l.Reindex(ctx, nil, IndexOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if n := emb.reset(); n != 0 || sum.Unchanged != 5 || sum.Embedded != 0 {
		t.Errorf("unchanged re-index embedded %d texts; summary %+v", n, sum)
	}

	// One article changed, one removed, one added, one broken file.
	writeArticle(t, src, "a0.txt", "Story number 0", "A completely rewritten story about the harbour.")
	os.Remove(filepath.Join(src, "a1.txt"))
	writeArticle(t, src, "a9.txt", "Late story", "Breaking news about the bridge.")
	os.WriteFile(filepath.Join(src, "bad.txt"), []byte{0xff, 0xfe, 0x00, 0x01, 0x02}, 0o644)
	sum, err = l.Reindex(ctx, nil, IndexOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 1 || sum.Updated != 1 || sum.Removed != 1 || sum.Unchanged != 3 || len(sum.Skipped) != 1 || sum.Articles != 5 {
		t.Errorf("summary %+v", sum)
	}
	if n := emb.reset(); n == 0 || n > 4 {
		t.Errorf("embedded %d texts for 2 changed short articles", n)
	}
	res, err := l.Search(ctx, retrieval.Query{Text: "harbour"})
	if err != nil || len(res) == 0 || !strings.Contains(res[0].Article.Text, "harbour") {
		t.Errorf("search after update: %v %+v", err, res)
	}
}

// A job reports its stages in order and saving last: cmd/byline ends its
// progress line on StageSaving.
func TestProgressStages(t *testing.T) {
	src, data := t.TempDir(), t.TempDir()
	for i := 0; i < 3; i++ {
		writeArticle(t, src, fmt.Sprintf("a%d.txt", i), fmt.Sprintf("Story %d", i), "The ferry timetable changed on Monday.")
	}
	l := open(t, data, &countingEmbedder{}, src)
	var got []Stage
	_, err := l.Reindex(context.Background(), nil, IndexOptions{Progress: func(p Progress) {
		if len(got) == 0 || got[len(got)-1] != p.Stage {
			got = append(got, p.Stage)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]Stage{StageLoading, StageEmbedding, StageSaving}, got); diff != "" {
		t.Errorf("stages (-want +got):\n%s", diff)
	}
}

// A failing embedder leaves the previous index answering, in memory and on
// disk, and a source that cannot be read keeps its articles.
func TestFailedJobKeepsPreviousIndex(t *testing.T) {
	src, data := t.TempDir(), t.TempDir()
	writeArticle(t, src, "a.txt", "Harbour story", "The harbour reopened after repairs.")
	emb := &countingEmbedder{}
	ctx := context.Background()
	l := open(t, data, emb, src)
	if _, err := l.Reindex(ctx, nil, IndexOptions{}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(data, SnapshotFile))

	writeArticle(t, src, "b.txt", "Bridge story", "The bridge closed for repairs.")
	emb.failOn = "bridge"
	if _, err := l.Reindex(ctx, nil, IndexOptions{}); err == nil {
		t.Fatal("re-index with a failing embedder succeeded")
	}
	if res, err := l.Search(ctx, retrieval.Query{Text: "harbour"}); err != nil || len(res) != 1 {
		t.Errorf("old index no longer answers: %v %v", err, res)
	}
	after, _ := os.ReadFile(filepath.Join(data, SnapshotFile))
	if string(before) != string(after) {
		t.Error("failed job changed the snapshot on disk")
	}
	entries, _ := os.ReadDir(data)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temp file left behind: %s", e.Name())
		}
	}

	emb.failOn = ""
	missing := filepath.Join(t.TempDir(), "gone")
	sum, err := l.Reindex(ctx, []string{src, missing}, IndexOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// A source never indexed has nothing to keep, and says nothing of it.
	if sum.Articles != 2 || len(sum.Skipped) != 1 || strings.Contains(sum.Skipped[0].Reason, "kept") {
		t.Errorf("summary %+v", sum)
	}
	// A source indexed before that cannot be read keeps its articles, counted.
	if err := os.RemoveAll(src); err != nil {
		t.Fatal(err)
	}
	sum, err = l.Reindex(ctx, []string{src}, IndexOptions{})
	if err != nil || sum.Articles != 2 || sum.Kept != 2 || len(sum.Skipped) != 1 || !strings.Contains(sum.Skipped[0].Reason, "kept") {
		t.Errorf("summary %+v %v; want 2 kept, said in the skip", sum, err)
	}
}

func TestCorruptSnapshotAndMismatch(t *testing.T) {
	src, data := t.TempDir(), t.TempDir()
	writeArticle(t, src, "a.txt", "Harbour story", "The harbour reopened after repairs.")
	emb := &countingEmbedder{}
	l := open(t, data, emb, src)
	if _, err := l.Reindex(context.Background(), nil, IndexOptions{}); err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	_, err := Open(context.Background(), testConfig(data), testLoader(t), otherEmbedder{emb}, logger)
	if !errors.Is(err, retrieval.ErrEmbedderMismatch) || !strings.Contains(hint(err), "--rebuild") {
		t.Errorf("other embedder: %v", err)
	}
	path := filepath.Join(data, SnapshotFile)
	b, _ := os.ReadFile(path)
	b[len(b)-5] ^= 0x55
	os.WriteFile(path, b, 0o644)
	l, err = Open(context.Background(), testConfig(data, src), testLoader(t), emb, logger)
	if !errors.Is(err, retrieval.ErrCorrupt) || !strings.Contains(hint(err), "run `byline index`") {
		t.Fatalf("corrupt snapshot: %v", err)
	}
	// Re-indexing repairs it.
	if _, err := l.Reindex(context.Background(), nil, IndexOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), testConfig(data), testLoader(t), emb, logger); err != nil {
		t.Errorf("after repair: %v", err)
	}
}

type otherEmbedder struct{ *countingEmbedder }

func (otherEmbedder) Name() string { return "other" }

func TestOneJobAtATime(t *testing.T) {
	src, data := t.TempDir(), t.TempDir()
	writeArticle(t, src, "a.txt", "Harbour story", "The harbour reopened after repairs.")
	block := make(chan struct{})
	started := make(chan struct{})
	emb := &blockingEmbedder{countingEmbedder: &countingEmbedder{}, block: block, started: started}
	l := open(t, data, emb, src)
	done := make(chan error)
	go func() {
		_, err := l.Reindex(context.Background(), nil, IndexOptions{})
		done <- err
	}()
	<-started
	if _, err := l.Reindex(context.Background(), nil, IndexOptions{}); !errors.Is(err, ErrBusy) {
		t.Errorf("second job: %v, want ErrBusy", err)
	}
	if _, err := l.AddData(context.Background(), "x.txt", []byte("T\nbody text here."), IndexOptions{}); !errors.Is(err, ErrBusy) {
		t.Errorf("add during job: %v, want ErrBusy", err)
	}
	close(block)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	sum, err := l.AddData(context.Background(), "notes.md", []byte("---\ntitle: Uploaded note\n---\nThe ferry timetable changed on Monday."), IndexOptions{})
	if err != nil || sum.Added != 1 || sum.Articles != 2 {
		t.Errorf("add: %+v %v", sum, err)
	}
	if got := l.Articles("uploaded", 10); len(got) != 1 || got[0].Title != "Uploaded note" {
		t.Errorf("articles: %+v", got)
	}
	if got := l.Find("Uploaded note"); len(got) != 1 {
		t.Errorf("find: %+v", got)
	}
}

// Two Libraries on one data directory stand for two byline processes: while
// one holds the directory's lock, the other's jobs are refused and told why;
// once it lets go, they run.
func TestDataDirLock(t *testing.T) {
	src, data := t.TempDir(), t.TempDir()
	writeArticle(t, src, "a.txt", "Harbour story", "The harbour reopened after repairs.")
	first := open(t, data, &countingEmbedder{}, src)
	second := open(t, data, &countingEmbedder{}, src)
	unlock, err := first.lockDataDir()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	const want = "another byline process is indexing"
	if _, err := second.Reindex(ctx, nil, IndexOptions{}); !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), want) {
		t.Errorf("re-index while another holds the lock: %v, want ErrBusy saying %q", err, want)
	}
	if _, err := second.AddData(ctx, "x.txt", []byte("T\nbody text here."), IndexOptions{}); !errors.Is(err, ErrBusy) {
		t.Errorf("add while another holds the lock: %v, want ErrBusy", err)
	}
	unlock()
	if sum, err := second.Reindex(ctx, nil, IndexOptions{}); err != nil || sum.Articles != 1 {
		t.Errorf("re-index after the lock was released: %+v %v", sum, err)
	}
	// The job released the lock in turn.
	unlock, err = first.lockDataDir()
	if err != nil {
		t.Fatalf("lock after the job ended: %v", err)
	}
	unlock()
}

type blockingEmbedder struct {
	*countingEmbedder
	block   chan struct{}
	started chan struct{}
	once    sync.Once
}

func (b *blockingEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	b.once.Do(func() {
		close(b.started)
		<-b.block
	})
	return b.countingEmbedder.Embed(ctx, texts)
}

// Sequences where an article's source changes between jobs: nothing is lost
// or overwritten silently, and what is gone from a re-read folder leaves.
func TestOriginsAcrossJobs(t *testing.T) {
	ctx := context.Background()
	t.Run("same id from two sources keeps the first and says so", func(t *testing.T) {
		src, data := t.TempDir(), t.TempDir()
		x, y := filepath.Join(src, "x.jsonl"), filepath.Join(src, "y.jsonl")
		os.WriteFile(x, []byte(`{"id":"dup","title":"Alpha story","text":"Alpha text about the harbour and its ferries."}`+"\n"), 0o644)
		os.WriteFile(y, []byte(`{"id":"dup","title":"Beta story","text":"Beta text about the bridge and its repairs."}`+"\n"), 0o644)
		l := open(t, data, &countingEmbedder{})
		if _, err := l.Reindex(ctx, []string{x}, IndexOptions{}); err != nil {
			t.Fatal(err)
		}
		sum, err := l.Reindex(ctx, []string{y}, IndexOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Updated != 0 || len(sum.Skipped) != 1 || !strings.Contains(sum.Skipped[0].Reason, "already indexed from") {
			t.Errorf("summary %+v", sum)
		}
		if got := l.Articles("", 0); len(got) != 1 || got[0].Title != "Alpha story" {
			t.Errorf("articles %+v", got)
		}
	})
	t.Run("two uploads with one name are two articles", func(t *testing.T) {
		l := open(t, t.TempDir(), &countingEmbedder{})
		if _, err := l.AddData(ctx, "message.txt", []byte("Camels\nCamels crossed the Egyptian desert in record time."), IndexOptions{}); err != nil {
			t.Fatal(err)
		}
		sum, err := l.AddData(ctx, "message.txt", []byte("Llamas\nLlamas were seen grazing near the Andes highway."), IndexOptions{})
		if err != nil || sum.Added != 1 || sum.Articles != 2 {
			t.Errorf("second upload: %+v %v", sum, err)
		}
		sum, err = l.AddData(ctx, "message.txt", []byte("Llamas\nLlamas were seen grazing near the Andes highway."), IndexOptions{})
		if err != nil || sum.Unchanged != 2 || sum.Articles != 2 {
			t.Errorf("same upload again: %+v %v", sum, err)
		}
	})
	t.Run("a file indexed alone still leaves with its folder", func(t *testing.T) {
		src, data := t.TempDir(), t.TempDir()
		writeArticle(t, src, "one.txt", "Title One", "The first story is about the harbour.")
		writeArticle(t, src, "two.txt", "Title Two", "The second story is about the bridge.")
		l := open(t, data, &countingEmbedder{})
		for _, s := range []string{src, filepath.Join(src, "one.txt")} {
			sum, err := l.Reindex(ctx, []string{s}, IndexOptions{})
			if err != nil || len(sum.Skipped) != 0 || sum.Articles != 2 {
				t.Fatalf("index %s: %+v %v", s, sum, err)
			}
		}
		os.Remove(filepath.Join(src, "one.txt"))
		sum, err := l.Reindex(ctx, []string{src}, IndexOptions{})
		if err != nil || sum.Removed != 1 || sum.Articles != 1 {
			t.Errorf("after deleting one.txt: %+v %v", sum, err)
		}
	})
	t.Run("a missing source keeps its articles", func(t *testing.T) {
		src, data := t.TempDir(), t.TempDir()
		writeArticle(t, src, "one.txt", "Title One", "The first story is about the harbour.")
		l := open(t, data, &countingEmbedder{})
		if _, err := l.Reindex(ctx, []string{src}, IndexOptions{}); err != nil {
			t.Fatal(err)
		}
		os.RemoveAll(src)
		sum, err := l.Reindex(ctx, []string{src}, IndexOptions{})
		if err != nil || sum.Articles != 1 || sum.Removed != 0 || len(sum.Skipped) != 1 {
			t.Errorf("%+v %v", sum, err)
		}
	})
}

// testConfig returns a library config for data and sources with the
// product's default chunking, from config where it is defined.
func testConfig(data string, sources ...string) Config {
	d := config.Default().Index
	return Config{DataDir: data, Sources: sources, Chunk: retrieval.ChunkConfig{Size: d.ChunkSize, Overlap: d.ChunkOverlap},
		EmbedBatch: d.EmbedBatch}
}

// testLoader returns a loader with the product's default limits that may
// fetch loopback URLs (the tests' own servers).
func testLoader(t testing.TB) *ingest.Loader {
	t.Helper()
	d := config.Default().Index
	l, err := ingest.New(ingest.Options{MaxBytes: d.MaxFileBytes, Timeout: d.FetchTimeout, AllowPrivate: true})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// hint returns the terminal hint of err, "" when it has none.
func hint(err error) string {
	var be *byline.Error
	if errors.As(err, &be) {
		return be.Hint
	}
	return ""
}
