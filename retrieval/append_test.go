package retrieval

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/byline-bot/byline"
)

// appendCorpus is a few dozen stories over two weeks, some carried by
// several outlets, so that appending meets copies and their groups.
func appendCorpus() []byline.Article {
	arts := testArticles()
	topics := []string{"harbour bridge", "river ferry", "stadium vote", "airport strike", "school budget", "flood defences"}
	for i, topic := range topics {
		for k := range 4 {
			date := day(fmt.Sprintf("2022-09-%02d", 1+i*2+k%2))
			text := storyText(topic, 14)
			if k > 0 {
				text = "WIRE. " + text + fmt.Sprintf(" Copy %d.", k) // a syndicated copy
			}
			arts = append(arts, byline.Article{ID: fmt.Sprintf("%s-%d", strings.ReplaceAll(topic, " ", "-"), k),
				Title: strings.ToUpper(topic[:1]) + topic[1:] + " news", Source: fmt.Sprintf("Outlet %d", k), Published: date, Text: text})
		}
	}
	return arts
}

// resultKey describes a result independently of the order articles were
// indexed in: the story's articles, its outlets, its score, its passage.
func resultKey(r Result) string {
	ids := append([]string{r.Article.ID}, r.DuplicateIDs...)
	slices.Sort(ids)
	outlets := slices.Clone(r.Outlets)
	slices.Sort(outlets)
	p := ""
	if len(r.Passages) > 0 {
		p = r.Passages[0].Text
	}
	return fmt.Sprintf("%v %v %.4f %s", ids, outlets, math.Round(r.Score*1e4)/1e4, p)
}

func searchKeys(t *testing.T, ix *Index, q string) []string {
	t.Helper()
	res, err := ix.Search(context.Background(), Query{Text: q, AsOf: day("2022-10-25"), K: 10})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, r := range res {
		keys = append(keys, resultKey(r))
	}
	slices.Sort(keys)
	return keys
}

// Appending articles gives the index a full build of all of them gives:
// the same stories, groups, outlets, scores and passages, while embedding
// only the new articles; and the index appended to answers as before.
func TestAppendMatchesBuild(t *testing.T) {
	arts := appendCorpus()
	opts := BuildOptions{Embedder: hashEmbedder{dims: 32}, Chunk: ChunkConfig{Size: 200, Overlap: 50}, EmbedBatch: 64}
	full, _, err := Build(context.Background(), nil, arts, opts)
	if err != nil {
		t.Fatal(err)
	}
	// The second half of every story's copies, and some whole stories, come later.
	var before, later []byline.Article
	for i, a := range arts {
		if i%3 == 2 || strings.HasPrefix(a.ID, "flood") {
			later = append(later, a)
		} else {
			before = append(before, a)
		}
	}
	prev, _, err := Build(context.Background(), nil, before, opts)
	if err != nil {
		t.Fatal(err)
	}
	queries := []string{"harbour bridge council", "Who did Lloyd Austin speak with?", "flood defences budget vote",
		"airport strike workers", "river ferry police report"}
	prevKeys := map[string][]string{}
	for _, q := range queries {
		prevKeys[q] = searchKeys(t, prev, q)
	}
	calls := 0
	opts.Embedder = hashEmbedder{dims: 32, calls: &calls}
	// Questions keep being answered from prev while the append runs (the
	// race detector checks that nothing they read is written).
	stop, searched := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(searched)
		for {
			select {
			case <-stop:
				return
			default:
				prev.Search(context.Background(), Query{Text: "harbour bridge council", AsOf: day("2022-10-25")})
			}
		}
	}()
	ix, stats, err := Append(context.Background(), prev, later, opts)
	close(stop)
	<-searched
	if err != nil {
		t.Fatal(err)
	}
	if ix.Len() != len(arts) || stats.ChunksEmbedded != ix.Chunks()-prev.Chunks() {
		t.Errorf("appended %d articles, embedded %d chunks; want %d articles, %d chunks", ix.Len(), stats.ChunksEmbedded, len(arts), ix.Chunks()-prev.Chunks())
	}
	for _, q := range queries {
		if got, want := searchKeys(t, ix, q), searchKeys(t, full, q); !slices.Equal(got, want) {
			t.Errorf("%q:\nappended:\n  %s\nfull build:\n  %s", q, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
		}
		if got := searchKeys(t, prev, q); !slices.Equal(got, prevKeys[q]) {
			t.Errorf("%q: the index appended to changed its answers:\n  %s\nwas\n  %s", q, strings.Join(got, "\n  "), strings.Join(prevKeys[q], "\n  "))
		}
	}
	// A second append on the result goes on from there.
	extra := []byline.Article{{ID: "late", Title: "Late story about the harbour bridge", Published: day("2022-10-20"),
		Text: storyText("harbour bridge", 10)}}
	ix2, _, err := Append(context.Background(), ix, extra, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ix2.Article("late"); !ok || ix2.Len() != ix.Len()+1 {
		t.Errorf("second append: %d articles", ix2.Len())
	}
	// An id already indexed cannot be appended.
	if _, _, err := Append(context.Background(), ix2, extra, opts); err != ErrNotAppendable {
		t.Errorf("appending an indexed id: %v", err)
	}
}

// An appended copy of an undated article joins it, as in a full build
// (an unknown date is close to any).
func TestAppendGroupsUndatedCopies(t *testing.T) {
	story := storyText("harbour bridge", 20)
	base := []byline.Article{
		{ID: "a1", Title: "Harbour bridge inquiry", Source: "Planet", Text: story},
		{ID: "b1", Title: "River ferry", Source: "Planet", Published: day("2022-09-01"), Text: storyText("river ferry", 20)},
	}
	opts := BuildOptions{Embedder: hashEmbedder{dims: 32}, Chunk: ChunkConfig{Size: 200, Overlap: 50}, EmbedBatch: 64}
	prev, _, err := Build(context.Background(), nil, base, opts)
	if err != nil {
		t.Fatal(err)
	}
	ix, _, err := Append(context.Background(), prev, []byline.Article{
		{ID: "a2", Title: "Harbour bridge inquiry", Source: "Gazette", Published: day("2022-09-02"), Text: "WIRE. " + story}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if c := ix.docs[ix.byID["a2"]].Canon; ix.docs[c].ID != "a1" {
		t.Errorf("a2 grouped with %s, want a1", ix.docs[c].ID)
	}
}
