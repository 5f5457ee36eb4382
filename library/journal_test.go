package library

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/library/store"
	"github.com/byline-bot/byline/retrieval"
)

// TestJournalCarriesAppends: a job that only adds articles writes them to
// the journal and leaves the index file as it was; a new process replays
// them without embedding anything; a job that changes an article writes
// the index file again and the journal drops the records it holds; events
// keep their order across all of it.
func TestJournalCarriesAppends(t *testing.T) {
	emb := &countingEmbedder{}
	src, data, l := councilLibrary(t, emb, 4)
	ctx := context.Background()
	indexFile := snapshotStamp(t, data)
	const feed = "https://feeds.example/rss"
	for i := 0; i < 3; i++ {
		sum, err := l.Apply(ctx, feed, []byline.Article{feedItem(fmt.Sprintf("f%d", i), fmt.Sprintf("Ferry news %d", i),
			fmt.Sprintf("Ferry crews on route %d voted to end their strike.", i))}, nil, IndexOptions{})
		if err != nil || sum.Added != 1 {
			t.Fatalf("apply %d: %v %+v", i, err, sum)
		}
	}
	if got := snapshotStamp(t, data); got != indexFile {
		t.Errorf("appending jobs rewrote the index file")
	}
	journal := readJournal(t, data)
	if len(journal.records) != 3 || journal.seq != 7 {
		t.Fatalf("journal after 3 appends: %d records, seq %d; want 3 records, seq 7 (4 logged by the first job)", len(journal.records), journal.seq)
	}

	// A new process: the index file plus the journal, nothing embedded.
	emb.reset()
	l2 := open(t, data, emb, src)
	if n := emb.reset(); n != 0 {
		t.Errorf("loading embedded %d texts; the journal holds their vectors", n)
	}
	if got := len(l2.Articles("", 0)); got != 7 {
		t.Fatalf("after reopening: %d articles, want 7", got)
	}
	if a := l2.Find("f2"); len(a) != 1 || a[0].Title != "Ferry news 2" {
		t.Errorf("journalled article not found after reopening: %+v", a)
	}
	// That process's next job starts from the replayed state.
	sum, err := l2.Apply(ctx, feed, []byline.Article{feedItem("f0", "Ferry news 0", "Ferry crews on route 0 ended their strike on Monday.")},
		[]string{"f1"}, IndexOptions{})
	if err != nil || sum.Updated != 1 || sum.Removed != 1 || sum.Articles != 6 {
		t.Fatalf("update and removal: %v %+v", err, sum)
	}
	if got := snapshotStamp(t, data); got == indexFile {
		t.Errorf("a job that updated and removed did not write the index file")
	}
	journal = readJournal(t, data)
	if len(journal.records) != 0 || journal.seq != 9 || journal.kinds[len(journal.kinds)-2] != "updated f0" ||
		journal.kinds[len(journal.kinds)-1] != "removed f1" {
		t.Fatalf("journal after the checkpoint: %d records, seq %d, events %v", len(journal.records), journal.seq, journal.kinds)
	}
	// The first process sees the other's work before its own next job.
	sum, err = l.Apply(ctx, feed, []byline.Article{feedItem("f9", "Ferry news 9", "A new ferry route opens.")}, nil, IndexOptions{})
	if err != nil || sum.Added != 1 || sum.Articles != 7 {
		t.Fatalf("job in the first process: %v %+v", err, sum)
	}
	if got := len(open(t, data, emb, src).Articles("", 0)); got != 7 {
		t.Errorf("third process sees %d articles, want 7", got)
	}
}

// TestDamagedJournal: a journal that cannot be read makes the index
// unreadable with a hint, and the re-index it asks for sets the damaged
// file aside and writes the whole index.
func TestDamagedJournal(t *testing.T) {
	emb := &countingEmbedder{}
	src, data, _ := journalled(t, emb)
	ctx := context.Background()
	if err := os.WriteFile(filepath.Join(data, JournalFile), []byte("not a journal at all, but long enough to be read as one"), 0o644); err != nil {
		t.Fatal(err)
	}
	l2, err := openLibrary(t, data, emb, src)
	if err == nil || hint(err) == "" {
		t.Fatalf("damaged journal: %v (hint %q)", err, hint(err))
	}
	sum, err := l2.Reindex(ctx, nil, IndexOptions{})
	if err != nil || sum.Articles < 1 {
		t.Fatalf("re-index after a damaged journal: %v %+v", err, sum)
	}
	if _, err := os.Stat(filepath.Join(data, JournalFile+".damaged")); err != nil {
		t.Errorf("the damaged journal was not kept: %v", err)
	}
	if _, err := openLibrary(t, data, emb, src); err != nil {
		t.Errorf("after the re-index: %v", err)
	}
}

type journalState struct {
	seq     uint64
	records map[string]store.Record
	kinds   []string
}

func readJournal(t *testing.T, data string) journalState {
	t.Helper()
	j, err := store.OpenReadOnly(filepath.Join(data, JournalFile))
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	st := journalState{records: make(map[string]store.Record)}
	if st.seq, err = j.Seq(); err != nil {
		t.Fatal(err)
	}
	if err := j.LoadVectors(context.Background(), func(r store.Record) error { st.records[r.Article.ID] = r; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := j.Events(context.Background(), 0, func(e store.Event) error { st.kinds = append(st.kinds, e.Kind.String()+" "+e.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestJournalSavesArticlesOfALostIndexFile: the index file is damaged, and
// the feed item only the journal holds (no source gives it again) survives
// the re-index that repairs it.
func TestJournalSavesArticlesOfALostIndexFile(t *testing.T) {
	emb := &countingEmbedder{}
	src, data, _ := journalled(t, emb)
	ctx := context.Background()
	path := filepath.Join(data, SnapshotFile)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0xff
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	l2, err := openLibrary(t, data, emb, src)
	if err == nil {
		t.Fatal("damaged index file opened without an error")
	}
	sum, err := l2.Reindex(ctx, nil, IndexOptions{})
	if err != nil || sum.Articles != 2 {
		t.Fatalf("repair: %v %+v", err, sum)
	}
	if a := l2.Find("f1"); len(a) != 1 {
		t.Errorf("the journalled feed item was lost with the index file")
	}
}

// TestJournalCarriesUpdatesAndRemovals: in an index large enough for a few
// tombstones, updating and removing are journalled like adding (the index
// file stays), and a new process replays them.
func TestJournalCarriesUpdatesAndRemovals(t *testing.T) {
	emb := &countingEmbedder{}
	src, data, l := councilLibrary(t, emb, 30)
	ctx := context.Background()
	const feed = "https://feeds.example/rss"
	if _, err := l.Apply(ctx, feed, []byline.Article{feedItem("f1", "Ferry strike", "Ferry crews walked out."),
		feedItem("f2", "Storm warning", "A storm is due on Friday.")}, nil, IndexOptions{}); err != nil {
		t.Fatal(err)
	}
	indexFile := snapshotStamp(t, data)
	emb.reset()
	sum, err := l.Apply(ctx, feed, []byline.Article{feedItem("f1", "Ferry strike ends", "Ferry crews ended their walkout after a pay deal.")},
		[]string{"f2"}, IndexOptions{})
	if err != nil || sum.Updated != 1 || sum.Removed != 1 || sum.Articles != 31 {
		t.Fatalf("update and removal: %v %+v", err, sum)
	}
	if n := emb.reset(); n == 0 || n > 3 {
		t.Errorf("the change embedded %d texts; want the updated article's only", n)
	}
	if got := snapshotStamp(t, data); got != indexFile {
		t.Errorf("an update and a removal rewrote the index file")
	}
	for name, lib := range map[string]*Library{"same process": l, "new process": open(t, data, emb, src)} {
		if got := len(lib.Articles("", 0)); got != 31 {
			t.Errorf("%s: %d articles, want 31", name, got)
		}
		if a := lib.Find("f2"); len(a) != 0 {
			t.Errorf("%s: removed article still found", name)
		}
		if a, ok := lib.Index().Article("f1"); !ok || a.Title != "Ferry strike ends" {
			t.Errorf("%s: updated article is %q", name, a.Title)
		}
	}
}

// TestReaderBesideARunningJob: while a job runs (here blocked in the
// embedder), another process opening the data directory (`byline ask`
// beside `byline serve`) reads the journal too, and sees the articles only
// the journal holds: the job does not hold the journal while it works.
func TestReaderBesideARunningJob(t *testing.T) {
	src, data, _ := journalled(t, &countingEmbedder{})
	ctx := context.Background()
	block, started := make(chan struct{}), make(chan struct{})
	busy := open(t, data, &blockingEmbedder{countingEmbedder: &countingEmbedder{}, block: block, started: started}, src)
	done := make(chan error, 1)
	go func() {
		_, err := busy.Apply(ctx, "https://feeds.example/rss", []byline.Article{feedItem("f2", "Storm warning", "A storm is due.")}, nil, IndexOptions{})
		done <- err
	}()
	<-started
	reader := open(t, data, &countingEmbedder{}, src)
	if a := reader.Find("f1"); len(a) != 1 {
		t.Errorf("a reader beside a running job does not see the journalled article")
	}
	close(block)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if a := open(t, data, &countingEmbedder{}, src).Find("f2"); len(a) != 1 {
		t.Errorf("the job's article is missing once it finished")
	}
}

// TestEmbedderChangeKeepsJournalledArticles: an index built by another
// embedder is re-embedded by `index --rebuild`, and the articles only the
// journal holds (a feed item no source gives again) come along.
func TestEmbedderChangeKeepsJournalledArticles(t *testing.T) {
	src, data, _ := journalled(t, &countingEmbedder{})
	ctx := context.Background()
	l2, err := openLibrary(t, data, otherEmbedder{&countingEmbedder{}}, src)
	if err == nil {
		t.Fatal("an index of another embedder opened without an error")
	}
	sum, err := l2.Reindex(ctx, nil, IndexOptions{Rebuild: true})
	if err != nil || sum.Articles != 2 {
		t.Fatalf("rebuild with the new embedder: %v %+v", err, sum)
	}
	if len(l2.Find("f1")) != 1 {
		t.Error("the journalled feed item was lost when the embedder changed")
	}
}

// journalled returns a library (folder src, data directory data) that has
// indexed one article from src and journalled one feed item, f1: the state
// most journal tests start from.
func journalled(t *testing.T, emb retrieval.Embedder) (src, data string, l *Library) {
	t.Helper()
	src, data = t.TempDir(), t.TempDir()
	writeArticle(t, src, "a.txt", "Bridge reopens", "The harbour bridge reopened on Monday after repairs.")
	ctx := context.Background()
	l = open(t, data, emb, src)
	if _, err := l.Reindex(ctx, nil, IndexOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Apply(ctx, "https://feeds.example/rss", []byline.Article{feedItem("f1", "Ferry strike ends", "Ferry crews end their strike.")}, nil, IndexOptions{}); err != nil {
		t.Fatal(err)
	}
	return src, data, l
}

// councilLibrary returns a library that has indexed n short council
// articles from its folder src.
func councilLibrary(t *testing.T, emb retrieval.Embedder, n int) (src, data string, l *Library) {
	t.Helper()
	src, data = t.TempDir(), t.TempDir()
	for i := range n {
		writeArticle(t, src, fmt.Sprintf("a%02d.txt", i), fmt.Sprintf("Council story %d", i),
			fmt.Sprintf("The council voted on proposal %d today. Residents reacted to measure %d.", i, i))
	}
	l = open(t, data, emb, src)
	if _, err := l.Reindex(context.Background(), nil, IndexOptions{}); err != nil {
		t.Fatal(err)
	}
	return src, data, l
}
