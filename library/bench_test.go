package library

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/config"
	"github.com/byline-bot/byline/embed"
	"github.com/byline-bot/byline/ingest"
	"github.com/byline-bot/byline/retrieval"
)

// BenchmarkApply100 adds 100 new articles per operation to an indexed
// data directory, as a feed poll in a running `byline serve` or `watch`
// does: the job, the journal write, the swap. It reports the bytes the
// process wrote per operation and their share of the index file. Set
// BYLINE_BENCH_DATA to a data directory indexed with the offline embedder
// and default chunking (e.g. by `byline --data DIR index corpus16x.jsonl`)
// and BYLINE_BENCH_CORPUS to a JSON Lines corpus to draw the new
// articles' texts from (they get new ids):
//
//	BYLINE_BENCH_DATA=/tmp/scale/data-16x BYLINE_BENCH_CORPUS=/tmp/scale/corpus16x.jsonl \
//	  go test -run '^$' -bench Apply100 -benchtime 5x ./library
//
// The data directory is changed: use a copy.
func BenchmarkApply100(b *testing.B) {
	l, articles, indexBytes := benchLibrary(b)
	ctx := context.Background()
	b.ResetTimer()
	w0 := writeBytes(b)
	next := 0
	run := strconv.FormatInt(time.Now().UnixNano(), 36) // new ids in every run
	for i := 0; i < b.N; i++ {
		batch := make([]byline.Article, 100)
		for k := range batch {
			a := articles[next%len(articles)]
			a.ID = "bench-" + run + "-" + strconv.Itoa(i) + "-" + strconv.Itoa(k) + "-" + a.ID
			a.URL += "#bench" + strconv.Itoa(next)
			batch[k] = a
			next++
		}
		sum, err := l.Apply(ctx, "https://bench.example/feed", batch, nil, IndexOptions{})
		if err != nil || sum.Added != 100 {
			b.Fatalf("apply: %v %+v", err, sum)
		}
	}
	b.StopTimer()
	perOp := float64(writeBytes(b)-w0) / float64(b.N)
	b.ReportMetric(perOp/1e6, "MB-written/op")
	b.ReportMetric(100*perOp/float64(indexBytes), "%-of-index/op")
}

// writeBytes is what this process has written to storage (Linux).
func writeBytes(b *testing.B) int64 {
	f, err := os.Open("/proc/self/io")
	if err != nil {
		b.Skip("no /proc/self/io")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := bytes.CutPrefix(sc.Bytes(), []byte("write_bytes: ")); ok {
			n, err := strconv.ParseInt(string(v), 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return n
		}
	}
	b.Fatal(fmt.Errorf("no write_bytes in /proc/self/io"))
	return 0
}

// BenchmarkUpdateRemove100 changes 50 indexed articles (new text) and
// removes 50 per operation, as a feed poll with edited and pruned items
// does; the same data directory and corpus settings as BenchmarkApply100.
// Tombstones past 10% of the index make a job rebuild it: at 60,000
// articles that is after 60 operations.
func BenchmarkUpdateRemove100(b *testing.B) {
	l, articles, indexBytes := benchLibrary(b)
	ctx := context.Background()
	const origin = "https://bench.example/edits"
	// The articles to change, added first under the benchmark's origin
	// (outside the timing): copies of corpus articles with new ids.
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	pool := make([]byline.Article, 100*b.N)
	for k := range pool {
		a := articles[k%len(articles)]
		a.ID = "edit-" + run + "-" + strconv.Itoa(k)
		a.URL += "#edit" + run + strconv.Itoa(k)
		pool[k] = a
	}
	if _, err := l.Apply(ctx, origin, pool, nil, IndexOptions{}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	w0 := writeBytes(b)
	for i := 0; i < b.N; i++ {
		batch := pool[i*100 : (i+1)*100]
		upd := make([]byline.Article, 50)
		rm := make([]string, 50)
		for k := range 50 {
			upd[k] = batch[k]
			upd[k].Text += "\n\nUpdate: the story was corrected on " + strconv.Itoa(i) + "."
			rm[k] = batch[50+k].ID
		}
		sum, err := l.Apply(ctx, origin, upd, rm, IndexOptions{})
		if err != nil || sum.Updated != 50 || sum.Removed != 50 {
			b.Fatalf("apply: %v %+v", err, sum)
		}
	}
	b.StopTimer()
	perOp := float64(writeBytes(b)-w0) / float64(b.N)
	b.ReportMetric(perOp/1e6, "MB-written/op")
	b.ReportMetric(100*perOp/float64(indexBytes), "%-of-index/op")
}

// benchLibrary opens the library of BYLINE_BENCH_DATA with the default
// chunking and the offline embedder, and reads the articles of
// BYLINE_BENCH_CORPUS; it skips the benchmark when either is unset. It
// returns the index file's size too.
func benchLibrary(b *testing.B) (l *Library, articles []byline.Article, indexBytes int64) {
	b.Helper()
	data, corpus := os.Getenv("BYLINE_BENCH_DATA"), os.Getenv("BYLINE_BENCH_CORPUS")
	if data == "" || corpus == "" {
		b.Skip("set BYLINE_BENCH_DATA and BYLINE_BENCH_CORPUS")
	}
	ctx := context.Background()
	loader, err := ingest.New(ingest.Options{MaxBytes: 1 << 30, Timeout: 1})
	if err != nil {
		b.Fatal(err)
	}
	res, err := loader.Load(ctx, corpus)
	if err != nil {
		b.Fatal(err)
	}
	d := config.Default().Index
	emb, err := embed.NewOffline()
	if err != nil {
		b.Fatal(err)
	}
	l, err = Open(ctx, Config{DataDir: data, Chunk: retrieval.ChunkConfig{Size: d.ChunkSize, Overlap: d.ChunkOverlap}, EmbedBatch: d.EmbedBatch},
		loader, emb, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(data, SnapshotFile))
	if err != nil {
		b.Fatal(err)
	}
	return l, res.Articles, fi.Size()
}
