package retrieval

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/byline-bot/byline"
)

// TestStoriesSkipTombstones: digests never list a removed article, nor the
// old version of an updated one (found in review).
func TestStoriesSkipTombstones(t *testing.T) {
	ctx := context.Background()
	opts := BuildOptions{Embedder: hashEmbedder{dims: 32}, Chunk: ChunkConfig{Size: 200, Overlap: 50}, EmbedBatch: 64}
	arts := []byline.Article{
		{ID: "gone", Title: "Ferry strike", Published: day("2022-09-01"), Text: "Ferry crews went on strike on Monday over pay."},
		{ID: "upd", Title: "Bridge reopens", Published: day("2022-09-01"), Text: "The harbour bridge reopened after repairs."},
	}
	prev, _, err := Build(ctx, nil, arts, opts)
	if err != nil {
		t.Fatal(err)
	}
	upd := arts[1]
	upd.Title = "Bridge reopens to traffic"
	upd.Text = "The harbour bridge reopened to traffic on Tuesday after two weeks of repairs."
	ix, _, err := Change(ctx, prev, []byline.Article{upd}, []string{"gone"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, ix *Index) {
		var got []string
		for _, s := range ix.Stories(day("2022-08-30"), day("2022-09-05")) {
			for _, a := range s.Articles {
				got = append(got, a.ID+"/"+a.Title)
			}
		}
		t.Logf("%s: Len %d, stories %v", name, ix.Len(), got)
		if len(got) != ix.Len() {
			t.Errorf("%s: Stories lists %d articles %v, index has %d", name, len(got), got, ix.Len())
		}
	}
	check("after Change", ix)
	path := filepath.Join(t.TempDir(), "ix.snap")
	writeIndexFile(t, ix, path)
	re, err := OpenSnapshot(ctx, path, opts.Embedder)
	if err != nil {
		t.Fatal(err)
	}
	check("reloaded", re)
}

// TestChunkCountOverflowIsCorrupt: an index file whose articles' chunk
// counts wrap int32 is ErrCorrupt, not a crash, even with every checksum
// right (found in review).
func TestChunkCountOverflowIsCorrupt(t *testing.T) {
	ctx := context.Background()
	emb := hashEmbedder{dims: 4}
	ix := &Index{embName: emb.Name(), chunkCfg: ChunkConfig{Size: 200, Overlap: 50}, dims: 4, derived: derivedVersion,
		byID: map[string]int32{}, vocab: vocabulary{}}
	for i, n := range []int32{1<<31 - 1, 1<<31 - 1, 2} {
		ix.docs = append(ix.docs, doc{Article: byline.Article{ID: string(rune('a' + i)), Text: "x", Published: time.Time{}}, N: n, Canon: int32(i)})
	}
	ix.titleVecs.base = make([]float32, 3*4)
	ix.artVecs = make([]float32, 3*4)
	ix.artLex.docLen = make([]float32, 3)
	path := filepath.Join(t.TempDir(), "ix.snap")
	writeIndexFile(t, ix, path)
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("OpenSnapshot panicked: %v", r)
		}
	}()
	if _, err := OpenSnapshot(ctx, path, emb); !errors.Is(err, ErrCorrupt) {
		t.Errorf("OpenSnapshot = %v, want ErrCorrupt", err)
	}
}
