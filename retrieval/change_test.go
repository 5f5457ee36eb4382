package retrieval

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/byline-bot/byline"
)

// TestChangeTombstones removes and replaces articles without a rebuild: a
// removed article is never returned nor listed, the copy of a removed
// canonical article takes over its story, an updated article answers with
// its new text only, and all of it survives the index file.
func TestChangeTombstones(t *testing.T) {
	ctx := context.Background()
	story := storyText("harbour bridge", 20)
	base := append(testArticles(),
		byline.Article{ID: "a1", Title: "Harbour bridge inquiry", Source: "Planet", Published: day("2022-09-01"), Text: story},
		byline.Article{ID: "a2", Title: "Harbour bridge inquiry", Source: "Gazette", Published: day("2022-09-02"), Text: "WIRE. " + story},
	)
	var calls int
	opts := BuildOptions{Embedder: hashEmbedder{dims: 32, calls: &calls}, Chunk: ChunkConfig{Size: 200, Overlap: 50}, EmbedBatch: 64}
	prev, _, err := Build(ctx, nil, base, opts)
	if err != nil {
		t.Fatal(err)
	}
	if c := prev.docs[prev.byID["a2"]].Canon; prev.docs[c].ID != "a1" {
		t.Fatalf("a2 not grouped with a1")
	}
	bridgeQ := Query{Text: "harbour bridge inquiry council", AsOf: day("2022-09-03")}
	before, _ := prev.Search(ctx, bridgeQ)
	squid := testArticles()[1]
	squid.Text = "Netflix confirmed that Squid Game will end with its third season, filmed in Seoul."
	calls = 0
	ix, st, err := Change(ctx, prev, []byline.Article{squid}, []string{"a1", "missing"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 || st.ChunksEmbedded == 0 || st.ChunksEmbedded > 2 {
		t.Errorf("change embedded %d chunks in %d calls; want only the updated article's", st.ChunksEmbedded, calls)
	}
	check := func(name string, ix *Index) {
		t.Helper()
		if ix.Len() != len(base)-1 {
			t.Errorf("%s: Len %d, want %d", name, ix.Len(), len(base)-1)
		}
		var ids []string
		for _, e := range ix.Articles() {
			ids = append(ids, e.ID)
		}
		if slices.Contains(ids, "a1") || !slices.Contains(ids, "a2") || len(ids) != ix.Len() {
			t.Errorf("%s: listing %v", name, ids)
		}
		res, err := ix.Search(ctx, Query{Text: "harbour bridge inquiry council", AsOf: day("2022-09-03")})
		if err != nil || len(res) == 0 || res[0].Article.ID != "a2" {
			t.Fatalf("%s: story search: %v %+v", name, err, res)
		}
		for _, r := range res {
			if r.Article.ID == "a1" || slices.Contains(r.DuplicateIDs, "a1") {
				t.Errorf("%s: removed article returned", name)
			}
		}
		res, err = ix.Search(ctx, Query{Text: "Squid Game third season Seoul", AsOf: day("2022-10-22")})
		if err != nil || len(res) == 0 || res[0].Article.ID != "squid" || res[0].Article.Text != squid.Text {
			t.Fatalf("%s: updated article: %v %+v", name, err, res)
		}
		n := 0
		for _, r := range res {
			if r.Article.ID == "squid" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s: %d results for the updated article, want 1", name, n)
		}
		if a, ok := ix.Article("squid"); !ok || a.Text != squid.Text {
			t.Errorf("%s: Article(squid) is the old version", name)
		}
	}
	check("changed", ix)
	// prev is untouched for its readers.
	if after, _ := prev.Search(ctx, bridgeQ); len(after) != len(before) || after[0].Article.ID != before[0].Article.ID ||
		after[0].Score != before[0].Score || !slices.Contains(append(after[0].DuplicateIDs, after[0].Article.ID), "a1") {
		t.Errorf("Change altered the index it started from: %+v, was %+v", after, before)
	}
	path := filepath.Join(t.TempDir(), "index.snap")
	writeIndexFile(t, ix, path)
	loaded, err := OpenSnapshot(ctx, path, opts.Embedder)
	if err != nil {
		t.Fatal(err)
	}
	check("reloaded", loaded)
	if loaded.Tombstones() == 0 {
		t.Error("tombstones lost in the index file")
	}
	// A Build drops the tombstones.
	rebuilt, _, err := Build(ctx, loaded, articlesOf(loaded), opts)
	if err != nil {
		t.Fatal(err)
	}
	if rebuilt.Tombstones() != 0 || len(rebuilt.docs) != rebuilt.Len() {
		t.Errorf("rebuild kept %d tombstones", rebuilt.nDead)
	}
	check("rebuilt", rebuilt)
}

func articlesOf(ix *Index) []byline.Article {
	var out []byline.Article
	for _, e := range ix.Articles() {
		out = append(out, e.Article)
	}
	return out
}
