package eval

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"
)

func TestRunMetrics(t *testing.T) {
	qs, err := readQueries(strings.NewReader(`
{"query_id":"a","question_date":"2022/06/16","question":"q1","answer_text":["“Squid Game”"],"gold_doc_ids":["g1"]}
{"query_id":"b","question_date":"2022-06-16","question":"q2","answer_text":["Europe"],"gold_doc_ids":["g2","g2b"]}
{"query_id":"c","question":"q3","answer_text":["nowhere"],"gold_doc_ids":["g3"]}
`), "test")
	if err != nil {
		t.Fatal(err)
	}
	rankings := map[string]Ranking{
		// Gold first; the answer in the first passage, quotes folded.
		"q1": {Articles: [][]string{{"g1"}, {"x"}}, Passages: []string{"the squid game is back"}},
		// A copy of the gold story (collapsed with x2) at rank 3; the answer only in passage 6.
		"q2": {Articles: [][]string{{"x1"}, {"x2"}, {"x3", "g2b"}}, Passages: []string{"1", "2", "3", "4", "5", "Europe"}},
		// Gold not retrieved.
		"q3": {Articles: [][]string{{"y"}}},
	}
	var dates []time.Time
	rep, err := Run(context.Background(), qs, func(_ context.Context, q string, asOf time.Time) (Ranking, error) {
		dates = append(dates, asOf)
		return rankings[q], nil
	})
	if err != nil {
		t.Fatal(err)
	}
	m := rep.Metrics
	want := Metrics{HitAt1: 1.0 / 3, HitAt5: 2.0 / 3, HitAt10: 2.0 / 3, MRRAt10: (1 + 1.0/3) / 3, AnswerInTop5: 1.0 / 3}
	for name, pair := range map[string][2]float64{
		"hit@1": {m.HitAt1, want.HitAt1}, "hit@5": {m.HitAt5, want.HitAt5}, "hit@10": {m.HitAt10, want.HitAt10},
		"mrr": {m.MRRAt10, want.MRRAt10}, "answer": {m.AnswerInTop5, want.AnswerInTop5},
	} {
		if math.Abs(pair[0]-pair[1]) > 1e-9 {
			t.Errorf("%s = %v, want %v", name, pair[0], pair[1])
		}
	}
	if got := rep.Queries[1]; got.GoldRank != 3 || len(got.RankedArticleIDs) != 4 || len(got.RankedStories) != 3 ||
		len(got.RankedStories[2]) != 2 {
		t.Errorf("query b: %+v", got)
	}
	if !dates[0].Equal(time.Date(2022, 6, 16, 0, 0, 0, 0, time.UTC)) || !dates[2].IsZero() {
		t.Errorf("as-of dates %v", dates)
	}
}

func TestAnswerMetrics(t *testing.T) {
	qs := []Query{{QueryID: "a", Question: "q1", AnswerText: []string{"Shoigu"}}, {QueryID: "b", Question: "q2"}}
	ranked := []QueryResult{{QueryID: "a", GoldRank: 1}, {QueryID: "b", GoldRank: 1}}
	texts := map[string]string{"art": "Austin spoke with Shoigu on Friday."}
	answers := map[string]Answered{
		"q1": {Text: "Austin spoke with Shoigu [1]", SourceIDs: []string{"art"},
			Citations: []Cited{{ArticleID: "art", Quote: "Austin spoke with Shoigu on Friday."}, {ArticleID: "art", Quote: "invented"}}},
		"q2": {NotCovered: true},
		"u1": {NotCovered: true},
		"u2": {Text: "guess"},
	}
	rep, err := RunAnswers(context.Background(), qs, ranked, []Query{{Question: "u1"}, {Question: "u2"}},
		func(_ context.Context, q string, _ time.Time) (Answered, error) { return answers[q], nil },
		func(id string) (string, bool) { s, ok := texts[id]; return s, ok })
	if err != nil {
		t.Fatal(err)
	}
	m := rep.Metrics
	if m.GoldFirst != 2 || m.AnsweredWhenGoldFirst != 0.5 || m.Citations != 2 || m.CitationsVerified != 0.5 ||
		m.Unanswerable != 2 || m.NotCoveredRate != 0.5 {
		t.Errorf("%+v", m)
	}
	if rep.ContainsGold != 0.5 || rep.Answered != 0.5 || rep.Refused != 0.5 {
		t.Errorf("contains gold %v, answered %v, refused %v; want 0.5 each", rep.ContainsGold, rep.Answered, rep.Refused)
	}
	// Each question's answer is reported with it.
	if ranked[0].Answer != answers["q1"].Text || !ranked[0].AnswerContainsGold || ranked[1].AnswerContainsGold {
		t.Errorf("per-query answers: %+v", ranked)
	}
	if len(rep.Unanswerable) != 2 || rep.Unanswerable[1].Answer != "guess" {
		t.Errorf("unanswerable answers: %+v", rep.Unanswerable)
	}
}

func TestBadQueries(t *testing.T) {
	for _, in := range []string{`{"query_id":"a"}`, `not json`} {
		if _, err := readQueries(strings.NewReader(in), "x"); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
	if _, err := (Query{QueryID: "a", QuestionDate: "June 16"}).AsOf(); err == nil {
		t.Error("bad date: no error")
	}
}
