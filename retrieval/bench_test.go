package retrieval

import (
	"cmp"
	"context"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/embed"
	"github.com/byline-bot/byline/eval"
)

// Benchmarks at the size of the realtimeqa corpus (3,786 articles, about
// 42k chunks) with the offline embedder: the numbers in docs/BENCHMARKS.md.
// BYLINE_BENCH_CORPUS names another corpus (made by
// shared/tools/scale_corpus.py: 4x, 16x) searched with the same questions.
//
//	go test -run '^$' -bench . -benchtime 3x ./retrieval
//	BYLINE_BENCH_CORPUS=/tmp/corpus16x.jsonl go test -run '^$' -bench Search -benchtime 1x ./retrieval

var benchCorpus struct {
	once sync.Once
	arts []byline.Article
	qs   []eval.Query
	emb  *embed.Offline
	err  error
}

func corpusForBench(b *testing.B) ([]byline.Article, []eval.Query, *embed.Offline) {
	dir := realtimeqaDir(b)
	benchCorpus.once.Do(func() {
		corpus := cmp.Or(os.Getenv("BYLINE_BENCH_CORPUS"), filepath.Join(dir, "corpus.jsonl"))
		res, err := testLoader(b).Load(context.Background(), corpus)
		if err != nil {
			benchCorpus.err = err
			return
		}
		benchCorpus.arts = res.Articles
		benchCorpus.qs, benchCorpus.err = eval.LoadQueries(filepath.Join(dir, "dev_queries.jsonl"))
		if benchCorpus.err == nil {
			benchCorpus.emb, benchCorpus.err = embed.NewOffline()
		}
	})
	if benchCorpus.err != nil {
		b.Fatal(benchCorpus.err)
	}
	return benchCorpus.arts, benchCorpus.qs, benchCorpus.emb
}

func BenchmarkBuildFull(b *testing.B) {
	arts, _, emb := corpusForBench(b)
	var st BuildStats
	for b.Loop() {
		var err error
		_, st, err = Build(context.Background(), nil, arts, testBuildOptions(emb))
		if err != nil {
			b.Fatal(err)
		}
	}
	sec := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(st.Articles)/sec, "articles/s")
	b.ReportMetric(float64(st.Chunks)/sec, "chunks/s")
}

func BenchmarkBuildUnchanged(b *testing.B) {
	arts, _, emb := corpusForBench(b)
	prev, _, err := Build(context.Background(), nil, arts, testBuildOptions(emb))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		_, st, err := Build(context.Background(), prev, arts, testBuildOptions(emb))
		if err != nil || st.EmbedCalls != 0 {
			b.Fatalf("embed calls %d, err %v", st.EmbedCalls, err)
		}
	}
}

// BenchmarkLoadSnapshot loads the index file as a process starting up
// does: mapped, checksums verified, the collection built.
func BenchmarkLoadSnapshot(b *testing.B) {
	arts, _, emb := corpusForBench(b)
	ix, _, err := Build(context.Background(), nil, arts, testBuildOptions(emb))
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "index.snap")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	n, err := ix.WriteTo(f)
	if err != nil || f.Close() != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(n)/1e6, "MB")
	for b.Loop() {
		if _, err := OpenSnapshot(context.Background(), path, emb); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch runs every dev question once per iteration and reports
// the median and 95th percentile latency of one search.
func BenchmarkSearch(b *testing.B) {
	arts, qs, emb := corpusForBench(b)
	ix, _, err := Build(context.Background(), nil, arts, testBuildOptions(emb))
	if err != nil {
		b.Fatal(err)
	}
	var lat []time.Duration
	for b.Loop() {
		for _, q := range qs {
			asOf, _ := q.AsOf()
			start := time.Now()
			if _, err := ix.Search(context.Background(), Query{Text: q.Question, AsOf: asOf, K: 10}); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(start))
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkAppend100 adds the 100 newest articles to an index of the rest
// of the corpus: the work of a feed poll. Each iteration appends to the
// same index and drops the result.
//
//	BYLINE_BENCH_CORPUS=/tmp/corpus16x.jsonl go test -run '^$' -bench Append100 -benchtime 5x ./retrieval
func BenchmarkAppend100(b *testing.B) {
	arts, _, emb := corpusForBench(b)
	arts = slices.Clone(arts)
	slices.SortStableFunc(arts, func(a, b byline.Article) int { return a.Published.Compare(b.Published) })
	const n = 100
	prev, _, err := Build(context.Background(), nil, arts[:len(arts)-n], testBuildOptions(emb))
	if err != nil {
		b.Fatal(err)
	}
	var lat []time.Duration
	for b.Loop() {
		start := time.Now()
		if _, _, err := Append(context.Background(), prev, arts[len(arts)-n:], testBuildOptions(emb)); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(0, "ns/op")
}
