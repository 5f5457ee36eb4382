package retrieval

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/embed"
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

// loadCorpus reads the corpus the way `byline eval` does: through ingest,
// which derives the missing titles.
func loadCorpus(tb testing.TB, path string) []byline.Article {
	tb.Helper()
	res, err := testLoader(tb).Load(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	return res.Articles
}

// realtimeqaIndex builds the corpus index with the offline embedder that
// `byline eval` uses, so that sweeps here match the command. The vectors
// are cached in a snapshot (BYLINE_EVAL_CACHE, default in the temp dir):
// a later run re-embeds only what changed.
func realtimeqaIndex(tb testing.TB, dir string) *Index {
	tb.Helper()
	ctx := context.Background()
	emb, err := embed.NewOffline()
	if err != nil {
		tb.Fatal(err)
	}
	cache := os.Getenv("BYLINE_EVAL_CACHE")
	if cache == "" {
		cache = filepath.Join(os.TempDir(), "byline-realtimeqa-"+emb.Name()+".snap")
	}
	var prev *Index
	if f, err := os.Open(cache); err == nil {
		prev, _ = ReadSnapshot(ctx, f, emb)
		f.Close()
	}
	arts := loadCorpus(tb, filepath.Join(dir, "corpus.jsonl"))
	start := time.Now()
	ix, st, err := Build(ctx, prev, arts, testBuildOptions(emb))
	if err != nil {
		tb.Fatal(err)
	}
	// Build shares an unchanged corpus's lexical index and duplicate groups
	// with prev; rebuild them so that changes to tokenizing or grouping count.
	ix.buildLexical()
	ix.groupDuplicates()
	tb.Logf("built %d articles, %d chunks (%d embedded) in %v", st.Articles, st.Chunks, st.ChunksEmbedded, time.Since(start))
	if st.ChunksEmbedded > 0 {
		if f, err := os.Create(cache); err == nil {
			_, werr := ix.WriteTo(f)
			if cerr := f.Close(); werr != nil || cerr != nil {
				os.Remove(cache)
			}
		}
	}
	return ix
}

func TestRealtimeQADev(t *testing.T) {
	if os.Getenv("BYLINE_EVAL") == "" {
		t.Skip("set BYLINE_EVAL=1 to run the retrieval eval on the realtimeqa set")
	}
	dir := realtimeqaDir(t)
	ix := realtimeqaIndex(t, dir)
	qs, err := eval.LoadQueries(filepath.Join(dir, "dev_queries.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if sw := os.Getenv("BYLINE_SWEEP"); sw != "" {
		for _, spec := range strings.Split(sw, ";") {
			sweep(t, ix, qs, spec)
		}
		return
	}
	m, rep := runEval(t, ix, qs)
	t.Logf("hit1 %.3f hit5 %.3f hit10 %.3f mrr %.3f ans5 %.3f", m.HitAt1, m.HitAt5, m.HitAt10, m.MRRAt10, m.AnswerInTop5)
	if os.Getenv("BYLINE_EVAL_VERBOSE") != "" {
		for i, q := range rep.Queries {
			t.Logf("%s rank %d ans5 %v asof %s", q.QueryID, q.GoldRank, q.AnswerInTop5, qs[i].QuestionDate)
		}
	}
}

func runEval(t *testing.T, ix *Index, qs []eval.Query) (eval.Metrics, eval.Report) {
	rep, err := eval.Run(context.Background(), qs, func(ctx context.Context, q string, asOf time.Time) (eval.Ranking, error) {
		res, err := ix.Search(ctx, Query{Text: q, AsOf: asOf, K: 10, Passages: 3})
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
	return rep.Metrics, rep
}

// sweep varies one weight over values: BYLINE_SWEEP=name:v1,v2,... (several
// sweeps separated by ";").
func sweep(t *testing.T, ix *Index, qs []eval.Query, spec string) {
	name, vals, _ := strings.Cut(spec, ":")
	for _, v := range strings.Split(vals, ",") {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatalf("sweep %s: %v", spec, err)
		}
		saved := weights
		p := sweepParam(name)
		if p == nil {
			t.Fatalf("sweep: unknown weight %q", name)
		}
		*p = f
		m, _ := runEval(t, ix, qs)
		t.Logf("%s=%s hit1 %.3f hit5 %.3f hit10 %.3f mrr %.3f ans5 %.3f", name, v, m.HitAt1, m.HitAt5, m.HitAt10, m.MRRAt10, m.AnswerInTop5)
		weights = saved
	}
}

func sweepParam(name string) *float64 {
	switch name {
	case "article":
		return &weights.Article
	case "chunk":
		return &weights.Chunk
	case "vector":
		return &weights.Vector
	case "halflife":
		return &weights.RecencyHalfLife
	case "floor":
		return &weights.RecencyFloor
	case "future":
		return &weights.Future
	case "title":
		return &weights.Title
	case "plex":
		return &weights.PassageLex
	case "pvec":
		return &weights.PassageVec
	case "pcov":
		return &weights.PassageCov
	case "plateau":
		return &weights.RecencyPlateau
	case "period":
		return &weights.OutOfPeriod
	}
	return nil
}
