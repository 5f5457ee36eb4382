package retrieval

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/eval"
)

// The realtimeqa eval set lives outside the repository (it may not be
// copied in); tests and benchmarks that use it skip when it is absent.
func realtimeqaDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("BYLINE_REALTIMEQA")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "eval", "realtimeqa")
	}
	if _, err := os.Stat(filepath.Join(dir, "corpus.jsonl")); err != nil {
		tb.Skipf("realtimeqa eval set not found in %s", dir)
	}
	return dir
}

func loadCorpus(tb testing.TB, path string) []byline.Article {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []byline.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var r struct{ ID, URL, Title, Published, Text string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			tb.Fatal(err)
		}
		a := byline.Article{ID: r.ID, URL: r.URL, Title: r.Title, Text: r.Text}
		if a.Title == "" {
			a.Title = filepath.Base(filepath.Dir(r.URL))
		}
		a.Published, _ = time.Parse("2006-01-02", r.Published)
		out = append(out, a)
	}
	return out
}

func TestRealtimeQADev(t *testing.T) {
	if os.Getenv("BYLINE_EVAL") == "" {
		t.Skip("set BYLINE_EVAL=1 to run the retrieval eval on the realtimeqa set")
	}
	dir := realtimeqaDir(t)
	arts := loadCorpus(t, filepath.Join(dir, "corpus.jsonl"))
	ctx := context.Background()
	start := time.Now()
	ix, st, err := Build(ctx, nil, arts, BuildOptions{Embedder: hashEmbedder{dims: 64}})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("built %d articles, %d chunks in %v", st.Articles, st.Chunks, time.Since(start))
	qs, err := eval.LoadQueries(filepath.Join(dir, "dev_queries.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if sw := os.Getenv("BYLINE_SWEEP"); sw != "" {
		sweep(t, ix, qs, sw)
		return
	}
	rep, err := eval.Run(ctx, qs, func(ctx context.Context, q string, asOf time.Time) (eval.Ranking, error) {
		res, err := ix.Search(ctx, Query{Text: q, AsOf: asOf, K: 10})
		var rk eval.Ranking
		for _, r := range res {
			rk.Articles = append(rk.Articles, append([]string{r.Article.ID}, r.DuplicateIDs...))
		}
		for _, e := range TopPassages(res, 5) {
			rk.Passages = append(rk.Passages, e.Passage.Text)
		}
		return rk, err
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", rep.Metrics)
}

func runEval(t *testing.T, ix *Index, qs []eval.Query) eval.Metrics {
	rep, err := eval.Run(context.Background(), qs, func(ctx context.Context, q string, asOf time.Time) (eval.Ranking, error) {
		res, err := ix.Search(ctx, Query{Text: q, AsOf: asOf, K: 10})
		var rk eval.Ranking
		for _, r := range res {
			rk.Articles = append(rk.Articles, append([]string{r.Article.ID}, r.DuplicateIDs...))
		}
		for _, e := range TopPassages(res, 5) {
			rk.Passages = append(rk.Passages, e.Passage.Text)
		}
		return rk, err
	})
	if err != nil {
		t.Fatal(err)
	}
	return rep.Metrics
}

// sweep varies one weight over values: BYLINE_SWEEP=name:v1,v2,...
func sweep(t *testing.T, ix *Index, qs []eval.Query, spec string) {
	name, vals, _ := strings.Cut(spec, ":")
	for _, v := range strings.Split(vals, ",") {
		f, _ := strconv.ParseFloat(v, 64)
		saved := weights
		switch name {
		case "article":
			weights.Article = f
		case "chunk":
			weights.Chunk = f
		case "vector":
			weights.Vector = f
		case "halflife":
			weights.RecencyHalfLife = f
		case "floor":
			weights.RecencyFloor = f
		case "future":
			weights.Future = f
		case "period":
			weights.OutOfPeriod = f
		}
		m := runEval(t, ix, qs)
		t.Logf("%s=%s hit1 %.3f hit5 %.3f hit10 %.3f mrr %.3f ans5 %.3f", name, v, m.HitAt1, m.HitAt5, m.HitAt10, m.MRRAt10, m.AnswerInTop5)
		weights = saved
	}
}
