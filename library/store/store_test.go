package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/byline-bot/byline"
)

const testDims = 8

// testRecord makes an article of about textLen bytes with one chunk per
// 1,000 bytes and vectors derived from seed.
func testRecord(id, title string, textLen int, seed uint64) Record {
	r := rand.New(rand.NewPCG(seed, 7))
	var sb strings.Builder
	for sb.Len() < textLen {
		fmt.Fprintf(&sb, "word%d ", r.IntN(5000))
	}
	text := sb.String()
	rec := Record{
		Article: byline.Article{ID: id, Title: title, URL: "https://example.com/" + id, Source: "Outlet",
			Published: time.Date(2024, 3, 1, 12, 0, 0, 0, time.FixedZone("CET", 3600)).Add(time.Duration(seed) * time.Hour),
			Text:      text, Origin: "feed", Doc: "feed.xml"},
		Hash:  fmt.Sprintf("h%d", seed),
		Title: make([]float32, testDims),
	}
	for start := 0; start < len(text); start += 1000 {
		rec.Spans = append(rec.Spans, int32(start), int32(min(start+1100, len(text))))
	}
	rec.Vectors = make([]float32, len(rec.Spans)/2*testDims)
	for i := range rec.Vectors {
		rec.Vectors[i] = r.Float32()
	}
	for i := range rec.Title {
		rec.Title[i] = r.Float32()
	}
	return rec
}

func openTest(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func loadAll(t *testing.T, s *Store) map[string]Record {
	t.Helper()
	got := map[string]Record{}
	if err := s.Load(context.Background(), func(r Record) error { got[r.Article.ID] = r; return nil }); err != nil {
		t.Fatal(err)
	}
	return got
}

func eventsAfter(t *testing.T, s *Store, after uint64) []Event {
	t.Helper()
	var evs []Event
	if err := s.Events(context.Background(), after, func(e Event) error { evs = append(evs, e); return nil }); err != nil {
		t.Fatal(err)
	}
	return evs
}

func TestApplyLoadRoundTrip(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "store.db")
	s := openTest(t, path)
	a, b, c := testRecord("a", "Alpha", 3000, 1), testRecord("b", "Beta", 10, 2), testRecord("c", "Gamma", 0, 3)
	c.Article.Published = time.Time{}
	seq, err := s.Apply(ctx, []Change{{Kind: Added, Record: a}, {Kind: Added, Record: b}, {Kind: Added, Record: c}})
	if err != nil || seq != 3 {
		t.Fatalf("Apply = %d, %v; want 3, nil", seq, err)
	}
	a2 := testRecord("a", "Alpha, updated", 2500, 9)
	if seq, err = s.Apply(ctx, []Change{{Kind: Updated, Record: a2}, {Kind: Removed, Record: Record{Article: byline.Article{ID: "b"}}}}); err != nil || seq != 5 {
		t.Fatalf("Apply = %d, %v; want 5, nil", seq, err)
	}
	a2.Seq, c.Seq = 4, 3
	want := map[string]Record{"a": a2, "c": c}
	if diff := cmp.Diff(want, loadAll(t, s), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Load (-want +got):\n%s", diff)
	}
	got, ok, err := s.Get("a")
	if err != nil || !ok {
		t.Fatalf("Get(a) = %v, %v", ok, err)
	}
	if diff := cmp.Diff(a2, got); diff != "" {
		t.Errorf("Get (-want +got):\n%s", diff)
	}
	if _, ok, _ := s.Get("b"); ok {
		t.Error("Get(b) found a removed article")
	}
	var noText []Record
	if err := s.LoadVectors(ctx, func(r Record) error { noText = append(noText, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(noText) != 2 || noText[0].Article.Text != "" || !cmp.Equal(noText[0].Vectors, a2.Vectors) {
		t.Errorf("LoadVectors gave %d records; first has text %q", len(noText), noText[0].Article.Text)
	}
}

func TestFailedApplyWritesNothing(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, filepath.Join(t.TempDir(), "store.db"))
	if _, err := s.Apply(ctx, []Change{{Kind: Added, Record: testRecord("a", "A", 100, 1)}}); err != nil {
		t.Fatal(err)
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		changes []Change
	}{
		{"unknown kind", ctx, []Change{{Kind: Added, Record: testRecord("b", "B", 100, 2)}, {Kind: 9, Record: testRecord("c", "C", 100, 1)}}},
		{"empty id", ctx, []Change{{Kind: Added, Record: testRecord("b", "B", 100, 2)}, {Kind: Added}}},
		{"bad vectors", ctx, []Change{{Kind: Updated, Record: Record{Article: byline.Article{ID: "a"}, Spans: []int32{0, 1}, Title: make([]float32, 3)}}}},
		{"canceled", canceled, []Change{{Kind: Added, Record: testRecord("b", "B", 100, 2)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.Apply(tt.ctx, tt.changes); err == nil {
				t.Fatal("Apply succeeded")
			}
			if seq, _ := s.Seq(); seq != 1 {
				t.Errorf("Seq = %d after a failed Apply, want 1", seq)
			}
			if got := loadAll(t, s); len(got) != 1 || got["a"].Hash != "h1" {
				t.Errorf("store changed by a failed Apply: %d articles", len(got))
			}
		})
	}
}

// TestJournal drives the store as library does: records of changes since
// the checkpoint, log-only events, truncation at a checkpoint, numbering
// moved past a checkpoint, a read-only reader beside nobody.
func TestJournal(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "journal.db")
	s := openTest(t, path)
	// A full job: logged only (the checkpoint holds the articles).
	if _, err := s.Apply(ctx, []Change{{Kind: Added, Record: testRecord("a", "A", 100, 1), LogOnly: true},
		{Kind: Added, Record: testRecord("b", "B", 100, 2), LogOnly: true}}); err != nil {
		t.Fatal(err)
	}
	// A poll: an update of an article only the checkpoint holds, a removal
	// of another, a new one.
	seq, err := s.Apply(ctx, []Change{{Kind: Updated, Record: testRecord("a", "A2", 100, 3)},
		{Kind: Removed, Record: Record{Article: byline.Article{ID: "b"}}}, {Kind: Added, Record: testRecord("c", "C", 100, 4)}})
	if err != nil || seq != 5 {
		t.Fatalf("Apply = %d, %v; want 5", seq, err)
	}
	if got := loadAll(t, s); len(got) != 2 || got["a"].Article.Title != "A2" {
		t.Fatalf("records after the poll: %v", got)
	}
	var kinds []string
	if err := s.Events(ctx, 2, func(e Event) error { kinds = append(kinds, e.Kind.String()+" "+e.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if want := []string{"updated a", "removed b", "added c"}; !cmp.Equal(kinds, want) {
		t.Errorf("events after 2: %v, want %v", kinds, want)
	}
	if n, err := s.Truncate(ctx, 4); err != nil || n != 1 {
		t.Fatalf("Truncate(4) = %d, %v; want 1 record dropped", n, err)
	}
	if got := loadAll(t, s); len(got) != 1 || got["c"].Seq != 5 {
		t.Fatalf("records after truncation: %v", got)
	}
	if err := s.SkipTo(ctx, 9); err != nil {
		t.Fatal(err)
	}
	if seq, err := s.Apply(ctx, []Change{{Kind: Removed, Record: Record{Article: byline.Article{ID: "c"}}}}); err != nil || seq != 10 {
		t.Fatalf("after SkipTo(9): seq %d, %v; want 10", seq, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if seq, _ := ro.Seq(); seq != 10 {
		t.Errorf("read-only Seq = %d, want 10", seq)
	}
	if _, err := ro.Apply(ctx, []Change{{Kind: Added, Record: testRecord("d", "D", 100, 5)}}); err == nil {
		t.Error("a read-only store took a change")
	}
	if _, err := OpenReadOnly(filepath.Join(t.TempDir(), "missing.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing journal: %v", err)
	}
}

func TestEventsInOrderAcrossReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "store.db")
	var want []Event
	for round := range 3 {
		s, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 4 {
			id := fmt.Sprintf("r%d-%d", round, i)
			rec := testRecord(id, id, 200, uint64(10*round+i))
			changes := []Change{{Kind: Added, Record: rec}}
			want = append(want, Event{Kind: Added, ID: id, Hash: rec.Hash})
			if i%2 == 1 {
				changes = append(changes, Change{Kind: Removed, Record: Record{Article: byline.Article{ID: id}}})
				want = append(want, Event{Kind: Removed, ID: id})
			}
			if _, err := s.Apply(ctx, changes); err != nil {
				t.Fatal(err)
			}
		}
		s.Close()
	}
	for i := range want {
		want[i].Seq = uint64(i + 1)
	}
	s := openTest(t, path)
	if diff := cmp.Diff(want, eventsAfter(t, s, 0)); diff != "" {
		t.Errorf("Events(0) (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want[10:], eventsAfter(t, s, 10)); diff != "" {
		t.Errorf("Events(10) (-want +got):\n%s", diff)
	}
	if got := eventsAfter(t, s, uint64(len(want))); len(got) != 0 {
		t.Errorf("Events(last) = %v, want none", got)
	}
}

func fileState(t *testing.T, path string) (os.FileInfo, [32]byte) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi, sha256.Sum256(b)
}

func TestNoOpWritesNothing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "store.db")
	s := openTest(t, path)
	meta := Meta{Embedder: "wordvec-100", Dims: testDims, ChunkSize: 1000, ChunkOverlap: 200}
	if err := s.SetMeta(ctx, meta); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(ctx, []Change{{Kind: Added, Record: testRecord("a", "A", 500, 1)}}); err != nil {
		t.Fatal(err)
	}
	before, sum := fileState(t, path)
	time.Sleep(20 * time.Millisecond) // so that a write would show in the mtime
	seq, err := s.Apply(ctx, nil)
	if err != nil || seq != 1 {
		t.Errorf("Apply(nil) = %d, %v; want 1, nil", seq, err)
	}
	if err := s.SetMeta(ctx, meta); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Meta(); err != nil || got != meta {
		t.Errorf("Meta = %+v, %v; want %+v", got, err, meta)
	}
	after, sum2 := fileState(t, path)
	if !after.ModTime().Equal(before.ModTime()) || after.Size() != before.Size() || sum != sum2 {
		t.Errorf("a no-op changed the file: mtime %v -> %v, size %d -> %d", before.ModTime(), after.ModTime(), before.Size(), after.Size())
	}
}

// damage flips one byte of the file at off.
func damage(t *testing.T, path string, off int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := make([]byte, 1)
	if _, err := f.ReadAt(b, off); err != nil {
		t.Fatal(err)
	}
	b[0] ^= 0x55
	if _, err := f.WriteAt(b, off); err != nil {
		t.Fatal(err)
	}
}

func TestDamageIsDetected(t *testing.T) {
	ctx := context.Background()
	build := func(t *testing.T) (string, []byte) {
		path := filepath.Join(t.TempDir(), "store.db")
		s, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		var changes []Change
		for i := range 50 {
			changes = append(changes, Change{Kind: Added, Record: testRecord(fmt.Sprintf("art-%03d", i), fmt.Sprintf("Title %03d", i), 3000, uint64(i))})
		}
		if _, err := s.Apply(ctx, changes); err != nil {
			t.Fatal(err)
		}
		s.Close()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return path, b
	}
	openAndLoad := func(path string) error {
		s, err := Open(path)
		if err != nil {
			return err
		}
		defer s.Close()
		if err := s.Load(ctx, func(Record) error { return nil }); err != nil {
			return err
		}
		return s.Events(ctx, 0, func(Event) error { return nil })
	}
	tests := []struct {
		name string
		hurt func(t *testing.T, path string, b []byte)
	}{
		{"a text", func(t *testing.T, path string, b []byte) {
			damage(t, path, int64(bytes.Index(b, []byte(testRecord("art-017", "", 3000, 17).Article.Text[:200])))+100)
		}},
		{"a title", func(t *testing.T, path string, b []byte) {
			damage(t, path, int64(bytes.Index(b, []byte("Title 031")))+7)
		}},
		{"both meta pages", func(t *testing.T, path string, b []byte) {
			damage(t, path, 40)
			damage(t, path, int64(os.Getpagesize())+40)
		}},
		{"truncated", func(t *testing.T, path string, b []byte) {
			if err := os.Truncate(path, int64(len(b)/2)); err != nil {
				t.Fatal(err)
			}
		}},
		{"garbage", func(t *testing.T, path string, b []byte) {
			if err := os.WriteFile(path, bytes.Repeat([]byte("not a store "), 5000), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, b := build(t)
			tt.hurt(t, path, b)
			if err := openAndLoad(path); !errors.Is(err, ErrCorrupt) {
				t.Errorf("open and load a damaged store = %v, want ErrCorrupt", err)
			}
		})
	}
}

// TestDamagedPagesNeverPanic flips bytes all over a store: whatever bbolt
// makes of them, reading gives an error or the data, never a crash.
func TestDamagedPagesNeverPanic(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "store.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var changes []Change
	for i := range 40 {
		changes = append(changes, Change{Kind: Added, Record: testRecord(fmt.Sprintf("art-%03d", i), "T", 2000, uint64(i))})
	}
	if _, err := s.Apply(ctx, changes); err != nil {
		t.Fatal(err)
	}
	s.Close()
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 60 {
		b := bytes.Clone(good)
		for range 4 {
			b[r.IntN(len(b))] ^= byte(1 + r.IntN(255))
		}
		p := filepath.Join(dir, fmt.Sprintf("hurt-%d.db", trial))
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if s, err := Open(p); err == nil {
			s.Load(ctx, func(Record) error { return nil })
			s.Events(ctx, 0, func(Event) error { return nil })
			s.Close()
		}
	}
}
