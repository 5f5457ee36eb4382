package main

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/byline-bot/byline/answer"
	"github.com/byline-bot/byline/eval"
	"github.com/byline-bot/byline/library"
	"github.com/byline-bot/byline/retrieval"
)

// evalOutput is `byline eval --json`.
type evalOutput struct {
	Metrics eval.Metrics        `json:"metrics"`
	Answers *eval.AnswerMetrics `json:"answers,omitempty"`
	Timing  evalTiming          `json:"timing"`
	Queries []eval.QueryResult  `json:"queries"`
	// Unanswerable holds the answers to the --unanswerable questions.
	Unanswerable []eval.UnanswerableResult `json:"unanswerable,omitempty"`
}

type evalTiming struct {
	Queries     int     `json:"queries"`
	SearchP50ms float64 `json:"search_p50_ms"`
	SearchP95ms float64 `json:"search_p95_ms"`
	AskP50ms    float64 `json:"ask_p50_ms,omitempty"`
	AskP95ms    float64 `json:"ask_p95_ms,omitempty"`
	IndexSecs   float64 `json:"index_seconds"`
}

func cmdEval(env *environment, args []string) error {
	fs := env.flagSet("eval")
	jsonOut := fs.Bool("json", false, "print metrics and rankings as JSON")
	corpus := fs.String("corpus", "", "articles to index first (JSONL, the realtimeqa corpus format), or any source")
	queries := fs.String("queries", "", "labelled questions (JSONL: query_id, question_date, question, answer_text, gold_doc_ids)")
	unanswerable := fs.String("unanswerable", "", "questions the articles cannot answer (JSONL: question, question_date): measures the not-covered rate")
	answers := fs.Bool("answers", true, "also run the answer pipeline on every question (answered rate, verified citations)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 || (*queries == "" && *unanswerable == "") {
		return fmt.Errorf("%w: byline eval --corpus FILE --queries FILE [--unanswerable FILE] [--json]", errUsage)
	}
	var qs []eval.Query
	if *queries != "" {
		if qs, err = eval.LoadQueries(*queries); err != nil {
			return err
		}
	}
	a, err := env.openApp(false)
	if err != nil {
		return err
	}
	if a.indexErr != nil && *corpus == "" {
		return a.indexErr
	}
	var out evalOutput
	if *corpus != "" {
		sum, err := a.lib.Reindex(env.ctx, []string{*corpus}, library.IndexOptions{Progress: newProgress(env.stderr).update})
		if err != nil {
			return err
		}
		printSummary(env.stderr, sum)
		out.Timing.IndexSecs = sum.Seconds
	}
	if ix := a.lib.Index(); ix == nil || ix.Len() == 0 {
		return library.ErrEmpty
	}
	var lat []time.Duration
	var rep eval.Report
	if len(qs) > 0 {
		rep, err = eval.Run(env.ctx, qs, func(ctx context.Context, q string, asOf time.Time) (eval.Ranking, error) {
			if asOf.IsZero() {
				asOf = env.now() // a question without a date is asked now, as ask asks it
			}
			start := time.Now()
			res, err := a.lib.Search(ctx, retrieval.Query{Text: q, AsOf: asOf, K: 10, Passages: 3})
			lat = append(lat, time.Since(start))
			return ranking(res), err
		})
	}
	if err != nil {
		return err
	}
	out.Metrics, out.Queries = rep.Metrics, rep.Queries
	out.Timing.Queries = len(lat)
	out.Timing.SearchP50ms, out.Timing.SearchP95ms = percentileMS(lat, 0.50), percentileMS(lat, 0.95)

	var askLat []time.Duration
	if *answers || *unanswerable != "" {
		var unans []eval.Query
		if *unanswerable != "" {
			if unans, err = eval.LoadQueries(*unanswerable); err != nil {
				return err
			}
		}
		ar, err := eval.RunAnswers(env.ctx, qs, rep.Queries, unans, func(ctx context.Context, q string, asOf time.Time) (eval.Answered, error) {
			start := time.Now()
			ans, err := a.pipeline.Ask(ctx, answer.Request{Question: q, AsOf: asOf}, nil)
			askLat = append(askLat, time.Since(start))
			return answered(ans), err
		}, func(id string) (string, bool) {
			// An extractive answer may quote an article's headline.
			art, ok := a.lib.Index().Article(id)
			return art.Title + "\n" + art.Text, ok
		})
		if err != nil {
			return err
		}
		out.Answers = &ar.Metrics
		out.Metrics.AnswerContainsGold, out.Metrics.Answered, out.Metrics.Refused = ar.ContainsGold, ar.Answered, ar.Refused
		out.Unanswerable = ar.Unanswerable
		out.Timing.AskP50ms, out.Timing.AskP95ms = percentileMS(askLat, 0.50), percentileMS(askLat, 0.95)
	}
	if *jsonOut {
		return writeJSON(env.stdout, out)
	}
	m := out.Metrics
	if len(qs) > 0 {
		fmt.Fprintf(env.stdout, "%d queries: Hit@1 %.3f  Hit@5 %.3f  Hit@10 %.3f  MRR@10 %.3f  answer in top-5 passages %.3f\n",
			len(qs), m.HitAt1, m.HitAt5, m.HitAt10, m.MRRAt10, m.AnswerInTop5)
		fmt.Fprintf(env.stdout, "search latency: p50 %.1f ms, p95 %.1f ms\n", out.Timing.SearchP50ms, out.Timing.SearchP95ms)
	}
	if out.Answers != nil {
		fmt.Fprintf(env.stdout, "ask latency: p50 %.1f ms, p95 %.1f ms\n", out.Timing.AskP50ms, out.Timing.AskP95ms)
	}
	if am := out.Answers; am != nil {
		if len(qs) > 0 {
			fmt.Fprintf(env.stdout, "answers: answer contains an accepted answer %.3f; answered %.3f, refused %.3f; answered %.3f of questions whose gold article ranks first (%d)\n",
				m.AnswerContainsGold, m.Answered, m.Refused, am.AnsweredWhenGoldFirst, am.GoldFirst)
		}
		fmt.Fprintf(env.stdout, "citations verbatim in their articles and among the sources: %.3f of %d\n", am.CitationsVerified, am.Citations)
		if am.Unanswerable > 0 {
			fmt.Fprintf(env.stdout, "unanswerable: not covered %.3f of %d\n", am.NotCoveredRate, am.Unanswerable)
		}
	}
	return nil
}

// ranking converts search results to the eval harness's form, using the
// same passages the answer pipeline builds answers from.
func ranking(res []retrieval.Result) eval.Ranking {
	var rk eval.Ranking
	for _, r := range res {
		rk.Articles = append(rk.Articles, append([]string{r.Article.ID}, r.DuplicateIDs...))
	}
	for _, e := range retrieval.TopPassages(res, 5) {
		rk.Passages = append(rk.Passages, e.Passage.Text)
	}
	return rk
}

func percentileMS(ds []time.Duration, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(p * float64(len(s)-1))
	return float64(s[i].Microseconds()) / 1000
}

func answered(a answer.Answer) eval.Answered {
	out := eval.Answered{NotCovered: a.Mode == answer.ModeNotCovered, Mode: string(a.Mode), Text: a.Answer}
	for _, c := range a.Citations {
		out.Citations = append(out.Citations, eval.Cited{ArticleID: c.ArticleID, Quote: c.Quote})
	}
	for _, s := range a.Sources {
		out.SourceIDs = append(out.SourceIDs, s.ArticleID)
	}
	return out
}
