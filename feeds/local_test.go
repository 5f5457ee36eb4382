package feeds

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestFollowAFolder: a folder is a source like a feed. Unchanged, it is
// not read again; a new file is indexed, answerable and queued once; an
// edited file is updated; a deleted file's article stays (as an item that
// leaves a feed does). A path that does not exist is refused.
func TestFollowAFolder(t *testing.T) {
	r := newRig(t, Config{})
	dir := t.TempDir()
	write := func(name, title, body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(title+"\n\n"+body+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.txt", "Harbour ferry vote", "Residents voted to keep the harbour ferry running through the winter months.")
	src, err := r.p.Add(context.Background(), Source{URL: dir, Channel: "123456"})
	if err != nil {
		t.Fatal(err)
	}
	if src.URL != dir {
		t.Fatalf("source stored as %q, want %q", src.URL, dir)
	}
	if res := r.pollOne(false); res.Status != StatusFetched || res.New != 1 {
		t.Fatalf("first poll: %+v", res)
	}
	if !r.answers("harbour ferry vote", "Harbour ferry vote") || len(r.p.Outbox()) != 0 {
		t.Fatal("first poll: not answerable, or queued (it must be silent)")
	}
	r.toNext(src.ID)
	if res := r.pollOne(false); res.Status != StatusNotModified {
		t.Fatalf("unchanged folder: %+v, want not_modified", res)
	}

	write("b.txt", "Bridge closes for repairs", "The old stone bridge closes for six weeks of repairs from Monday.")
	// A later modification time, whatever the file system's resolution.
	later := time.Now().Add(time.Minute)
	os.Chtimes(filepath.Join(dir, "b.txt"), later, later)
	r.toNext(src.ID)
	if res := r.pollOne(false); res.Status != StatusFetched || res.New != 1 {
		t.Fatalf("new file: %+v, want 1 new", res)
	}
	if !r.answers("stone bridge repairs", "Bridge closes for repairs") {
		t.Fatal("new file not answerable")
	}
	if out := r.p.Outbox(); len(out) != 1 || out[0].Article.Title != "Bridge closes for repairs" {
		t.Fatalf("outbox: %+v", out)
	}

	write("a.txt", "Harbour ferry vote", "Residents voted to keep the harbour ferry running all year, the council said.")
	os.Chtimes(filepath.Join(dir, "a.txt"), later.Add(time.Minute), later.Add(time.Minute))
	if err := os.Remove(filepath.Join(dir, "b.txt")); err != nil {
		t.Fatal(err)
	}
	r.toNext(src.ID)
	if res := r.pollOne(false); res.Status != StatusFetched || res.Updated != 1 {
		t.Fatalf("edited file: %+v, want 1 updated", res)
	}
	if !r.answers("harbour ferry all year", "Harbour ferry vote") || !r.answers("stone bridge repairs", "Bridge closes for repairs") {
		t.Error("after an edit and a deletion: the edit is not indexed, or the deleted file's article left")
	}

	if _, err := r.p.Add(context.Background(), Source{URL: filepath.Join(dir, "missing")}); !errors.Is(err, ErrBadSource) {
		t.Errorf("a missing path: %v, want ErrBadSource", err)
	}
}
