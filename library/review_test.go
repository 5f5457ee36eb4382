package library

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/byline-bot/byline"
)

// TestDamagedJournalAtANoOpJob: the journal is found damaged by a job that
// changes nothing; the job still writes the index file, so the article
// only the journal held survives a restart (found in review).
func TestDamagedJournalAtANoOpJob(t *testing.T) {
	emb := &countingEmbedder{}
	src, data, l := journalled(t, emb)
	ctx := context.Background()
	// The journal is damaged on disk while the process runs.
	if err := os.WriteFile(filepath.Join(data, JournalFile), []byte("not a journal at all, but long enough to be read as one"), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := l.Reindex(ctx, nil, IndexOptions{}) // the next poll: nothing new
	if err != nil {
		t.Fatalf("no-op job: %v %+v", err, sum)
	}
	l2, err := openLibrary(t, data, emb, src)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	if a := l2.Find("f1"); len(a) != 1 {
		t.Errorf("after restart: f1 lost (%d articles); the journal that held it was set aside and no checkpoint was written", len(l2.Articles("", 0)))
	}
}

// TestCheckpointDuringALoad: a reader (`byline ask`, or serve's readDisk)
// maps the old index file, then another process's checkpoint job renames
// the new file, logs its events without records and truncates the records.
// The reader's replay notices, and its load reads the new file: it has every
// article the writer has (found in review).
func TestCheckpointDuringALoad(t *testing.T) {
	src, data := t.TempDir(), t.TempDir()
	writeArticle(t, src, "a.txt", "Bridge reopens", "The harbour bridge reopened on Monday after repairs.")
	emb := &countingEmbedder{}
	ctx := context.Background()
	w := open(t, data, emb, src)
	if _, err := w.Reindex(ctx, nil, IndexOptions{}); err != nil {
		t.Fatal(err)
	}
	const feed = "https://feeds.example/rss"
	if _, err := w.Apply(ctx, feed, []byline.Article{feedItem("f1", "Ferry", "Ferry crews end strike.")}, nil, IndexOptions{}); err != nil {
		t.Fatal(err)
	}
	r := open(t, data, emb, src) // the reader process
	// readDisk, step 1: the reader opens the index file (the old one).
	ix, err := r.load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Meanwhile the writer runs a job that checkpoints (an update).
	if _, err := w.Apply(ctx, feed, []byline.Article{feedItem("f2", "Ferry 2", "Ferry crews end strike again.")}, []string{"f1"}, IndexOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Apply(ctx, feed, []byline.Article{feedItem("f3", "Ferry 3", "Ferry crews on the night route end their strike.")}, nil, IndexOptions{}); err != nil {
		t.Fatal(err)
	}
	// readDisk, step 2: the reader replays the journal after its file, and
	// finds the file it read replaced.
	if _, err := r.replayDisk(ctx, ix); !errors.Is(err, errCheckpointMoved) {
		t.Fatalf("replay after a concurrent checkpoint: %v, want errCheckpointMoved", err)
	}
	// The whole load, as readDisk does it, reads the new file.
	if err := r.readDisk(ctx); err != nil {
		t.Fatal(err)
	}
	got := r.Index()
	var ids []string
	for _, e := range got.Articles() {
		ids = append(ids, e.ID)
	}
	want := w.Index().Len()
	if len(ids) != want {
		t.Errorf("reader has %d articles %v, writer %d", len(ids), ids, want)
	}
}
