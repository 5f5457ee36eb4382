package retrieval

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/byline-bot/byline"
)

func writeIndexFile(t *testing.T, ix *Index, path string) []byte {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.WriteTo(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestMappedIndexFile loads an index file through the mapping, searches it,
// appends to it (appends must copy, never write into the read-only mapped
// file: a write there would crash the test), saves and loads the result.
func TestMappedIndexFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ix := build(t, nil, testArticles(), nil)
	ix.SetSeq(42)
	path := filepath.Join(dir, "index.snap")
	writeIndexFile(t, ix, path)
	emb := hashEmbedder{dims: 32}
	got, err := OpenSnapshot(ctx, path, emb)
	if err != nil {
		t.Fatal(err)
	}
	if got.Seq() != 42 || got.Len() != ix.Len() || got.Chunks() != ix.Chunks() {
		t.Fatalf("loaded seq %d, %d articles, %d chunks; want 42, %d, %d", got.Seq(), got.Len(), got.Chunks(), ix.Len(), ix.Chunks())
	}
	q := Query{Text: "Lloyd Austin Shoigu", AsOf: day("2022-10-22")}
	want, _ := ix.Search(ctx, q)
	have, err := got.Search(ctx, q)
	if err != nil || len(have) != len(want) || have[0].Article.ID != want[0].Article.ID || have[0].Score != want[0].Score ||
		have[0].Article.Text != want[0].Article.Text {
		t.Fatalf("mapped index ranks differently: %v %v vs %v", err, have, want)
	}

	more := []byline.Article{{ID: "zz-ferry", Title: "Ferry crews end strike", Published: day("2022-10-23"),
		Text: "Ferry crews voted to end their strike after the operator raised its pay offer by six percent."}}
	app, _, err := Append(ctx, got, more, BuildOptions{Embedder: emb, Chunk: got.chunkCfg, EmbedBatch: 8})
	if err != nil {
		t.Fatal(err)
	}
	res, err := app.Search(ctx, Query{Text: "ferry strike pay offer", AsOf: day("2022-10-24")})
	if err != nil || len(res) == 0 || res[0].Article.ID != "zz-ferry" {
		t.Fatalf("appended article not found: %v %v", err, res)
	}
	path2 := filepath.Join(dir, "index2.snap")
	writeIndexFile(t, app, path2)
	again, err := OpenSnapshot(ctx, path2, emb)
	if err != nil || again.Len() != ix.Len()+1 {
		t.Fatalf("appended index reloaded: %v", err)
	}
	// The first mapped index still answers as before.
	if have2, _ := got.Search(ctx, q); have2[0].Score != have[0].Score {
		t.Errorf("appending changed the index it appended to")
	}
}

// TestMappedIndexFileDamage flips bytes all over a file: each load is
// either refused as corrupt or (a flip in padding) gives the same index,
// and never crashes.
func TestMappedIndexFileDamage(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ix := build(t, nil, testArticles(), nil)
	data := writeIndexFile(t, ix, filepath.Join(dir, "good.snap"))
	emb := hashEmbedder{dims: 32}
	q := Query{Text: "Lloyd Austin Shoigu", AsOf: day("2022-10-22")}
	want, _ := ix.Search(ctx, q)
	rng := rand.New(rand.NewPCG(1, 2))
	bad := filepath.Join(dir, "bad.snap")
	for trial := 0; trial < 200; trial++ {
		c := append([]byte(nil), data...)
		pos := rng.IntN(len(c))
		c[pos] ^= byte(1 + rng.IntN(255))
		if trial%10 == 0 {
			c = c[:rng.IntN(len(c))] // truncated
		}
		if err := os.WriteFile(bad, c, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := OpenSnapshot(ctx, bad, emb)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("trial %d (byte %d): %v, want ErrCorrupt", trial, pos, err)
			}
			continue
		}
		have, err := got.Search(ctx, q)
		if err != nil || have[0].Score != want[0].Score {
			t.Fatalf("trial %d: a flip at byte %d went unnoticed and changed the index", trial, pos)
		}
	}
}

// TestKnownVectorsAreNotEmbedded replays articles with the vectors an
// index made of them (as a journal does at start-up): Build and Append
// embed nothing and rank exactly as the index they came from.
func TestKnownVectorsAreNotEmbedded(t *testing.T) {
	ctx := context.Background()
	arts := testArticles()
	ix := build(t, nil, arts, nil)
	var calls int
	opts := BuildOptions{Embedder: hashEmbedder{dims: 32, calls: &calls}, Chunk: ix.chunkCfg, EmbedBatch: 8,
		Known: func(id, hash string) (ArticleVectors, bool) {
			v, ok := ix.Vectors(id)
			return v, ok && v.Hash == hash
		}}
	again, st, err := Build(ctx, nil, arts, opts)
	if err != nil || calls != 0 || st.ChunksEmbedded != 0 || st.ChunksReused != ix.Chunks() {
		t.Fatalf("build from known vectors: %v, %d embed calls, %+v", err, calls, st)
	}
	q := Query{Text: "Lloyd Austin Shoigu", AsOf: day("2022-10-22")}
	want, _ := ix.Search(ctx, q)
	have, _ := again.Search(ctx, q)
	if len(have) != len(want) || have[0].Article.ID != want[0].Article.ID || have[0].Score != want[0].Score {
		t.Errorf("rebuilt from known vectors ranks differently: %v vs %v", have, want)
	}
	calls = 0
	head, _, err := Build(ctx, nil, arts[:1], opts)
	if err != nil {
		t.Fatal(err)
	}
	app, st, err := Append(ctx, head, arts[1:], opts)
	if err != nil || calls != 0 || st.ChunksEmbedded != 0 || app.Chunks() != ix.Chunks() {
		t.Fatalf("append from known vectors: %v %+v", err, st)
	}
	if have, _ := app.Search(ctx, q); have[0].Article.ID != want[0].Article.ID {
		t.Errorf("appended from known vectors ranks %s first, want %s", have[0].Article.ID, want[0].Article.ID)
	}
}
