package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/byline-bot/byline"
)

// The benchmark store is the size of the 16x corpus's article count:
// 60,000 articles of about 10 KB, 11 chunks each, 100-dimension vectors.
const (
	benchArticles = 60_000
	benchDims     = 100
	benchChunks   = 11
)

var bench struct {
	once sync.Once
	dir  string
	err  error
}

var benchWords = func() []string {
	r := rand.New(rand.NewPCG(1, 2))
	w := make([]string, 20000)
	for i := range w {
		b := make([]byte, 2+r.IntN(9))
		for j := range b {
			b[j] = byte('a' + r.IntN(26))
		}
		w[i] = string(b)
	}
	return w
}()

func benchRecord(i int, salt uint64) Record {
	r := rand.New(rand.NewPCG(uint64(i), salt))
	var sb strings.Builder
	for sb.Len() < 10_000 {
		sb.WriteString(benchWords[r.IntN(len(benchWords))])
		sb.WriteByte(' ')
	}
	text := sb.String()
	rec := Record{
		Article: byline.Article{ID: fmt.Sprintf("art-%07d", i), Title: "Title " + strconv.Itoa(i), URL: fmt.Sprintf("https://example.com/%d", i),
			Source: "Outlet", Published: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour), Text: text,
			Origin: "seeds/news.jsonl", Doc: "seeds/news.jsonl"},
		Hash:    fmt.Sprintf("%032x", r.Uint64()),
		Vectors: make([]float32, benchChunks*benchDims),
		Title:   make([]float32, benchDims),
	}
	step := len(text) / benchChunks
	for c := range benchChunks {
		rec.Spans = append(rec.Spans, int32(c*step), int32(min((c+1)*step+100, len(text))))
	}
	for k := range rec.Vectors {
		rec.Vectors[k] = float32(r.NormFloat64())
	}
	for k := range rec.Title {
		rec.Title[k] = float32(r.NormFloat64())
	}
	return rec
}

// benchStore returns the path of the 60k store, built once per
// process; TestMain removes it.
func benchStore(b *testing.B) string {
	bench.once.Do(func() {
		bench.dir, bench.err = os.MkdirTemp("", "byline-store-bench-")
		if bench.err != nil {
			return
		}
		s, err := Open(filepath.Join(bench.dir, "store.db"))
		if err != nil {
			bench.err = err
			return
		}
		defer s.Close()
		for i := 0; i < benchArticles && bench.err == nil; i += 1000 {
			cs := make([]Change, 0, 1000)
			for j := i; j < i+1000; j++ {
				cs = append(cs, Change{Kind: Added, Record: benchRecord(j, 0)})
			}
			_, bench.err = s.Apply(context.Background(), cs)
		}
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return filepath.Join(bench.dir, "store.db")
}

// writeBytes is what this process has caused to be written to storage.
func writeBytes() int64 {
	b, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return 0
	}
	for ln := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(ln, "write_bytes: "); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return n
		}
	}
	return 0
}

// BenchmarkApply100At60k adds 100 new articles to the 60k store in one
// Apply: the cost of a poll that finds 100 articles.
func BenchmarkApply100At60k(b *testing.B) {
	path := benchStore(b)
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	next := benchArticles + 1_000_000*int(time.Now().Unix()%1000)
	var written, size int64
	fi0, _ := os.Stat(path)
	for b.Loop() {
		b.StopTimer()
		cs := make([]Change, 100)
		for i := range cs {
			cs[i] = Change{Kind: Added, Record: benchRecord(next, 0)}
			next++
		}
		w0 := writeBytes()
		b.StartTimer()
		if _, err := s.Apply(context.Background(), cs); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		written += writeBytes() - w0
		b.StartTimer()
	}
	fi, _ := os.Stat(path)
	size = fi.Size()
	b.ReportMetric(float64(written)/float64(b.N)/1e6, "MBwritten/op")
	b.ReportMetric(100*float64(written)/float64(b.N)/float64(fi0.Size()), "%written/op")
	b.ReportMetric(float64(size)/1e6, "MBfile")
}

// BenchmarkLoad60k reads every article with its vectors into memory, as a
// start-up does: with texts (Load) and without (LoadVectors).
func BenchmarkLoad60k(b *testing.B) {
	path := benchStore(b)
	for _, bb := range []struct {
		name string
		load func(*Store, context.Context, func(Record) error) error
	}{{"Load", (*Store).Load}, {"LoadVectors", (*Store).LoadVectors}} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				s, err := Open(path)
				if err != nil {
					b.Fatal(err)
				}
				arts := make([]byline.Article, 0, benchArticles)
				vecs := make([]float32, 0, benchArticles*benchChunks*benchDims)
				err = bb.load(s, context.Background(), func(r Record) error {
					arts = append(arts, r.Article)
					vecs = append(vecs, r.Vectors...)
					return nil
				})
				s.Close()
				if err != nil {
					b.Fatal(err)
				}
				if len(arts) < benchArticles {
					b.Fatalf("%d articles", len(arts))
				}
			}
		})
	}
}
