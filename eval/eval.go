// Package eval measures retrieval and answers on a labelled question set
// (the RealTime QA format: questions with a date, answer strings and the ids
// of the articles that answer them).
package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/byline-bot/byline/internal/text"
)

// Query is one labelled question.
type Query struct {
	QueryID      string   `json:"query_id"`
	QuestionDate string   `json:"question_date"`
	Question     string   `json:"question"`
	AnswerText   []string `json:"answer_text"`
	GoldDocIDs   []string `json:"gold_doc_ids"`
}

// AsOf parses QuestionDate ("2022/06/16" or "2022-06-16"); zero when absent.
func (q Query) AsOf() (time.Time, error) {
	if q.QuestionDate == "" {
		return time.Time{}, nil
	}
	s := strings.ReplaceAll(q.QuestionDate, "/", "-")
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("query %s: question_date %q: %w", q.QueryID, q.QuestionDate, err)
	}
	return t, nil
}

// LoadQueries reads a JSONL file of queries.
func LoadQueries(path string) ([]Query, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readQueries(f, path)
}

func readQueries(r io.Reader, name string) ([]Query, error) {
	var qs []Query
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var q Query
		if err := json.Unmarshal([]byte(text), &q); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", name, line, err)
		}
		if q.Question == "" {
			return nil, fmt.Errorf("%s line %d: no question", name, line)
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return qs, nil
}

// Ranking is what a retriever returned for one question.
type Ranking struct {
	// Articles holds, best first, the ids of each ranked story: a story
	// syndicated by several outlets carries the ids of all its copies.
	Articles [][]string
	// Passages are the texts answers are built from, best first.
	Passages []string
}

// Retriever runs one question as of a date.
type Retriever func(ctx context.Context, question string, asOf time.Time) (Ranking, error)

// Metrics are the retrieval measures, article level.
type Metrics struct {
	HitAt1       float64 `json:"hit_at_1"`
	HitAt5       float64 `json:"hit_at_5"`
	HitAt10      float64 `json:"hit_at_10"`
	MRRAt10      float64 `json:"mrr_at_10"`
	AnswerInTop5 float64 `json:"answer_in_top5"`
	// AnswerContainsGold, Answered and Refused measure the answers (when
	// they were asked; see RunAnswers): the share of questions whose answer
	// contains an accepted answer string, and the shares answered and
	// answered "not covered".
	AnswerContainsGold float64 `json:"answer_contains_gold"`
	Answered           float64 `json:"answered"`
	Refused            float64 `json:"refused"`
}

// QueryResult is one question's ranking and, when answers were asked, its
// answer.
type QueryResult struct {
	QueryID          string   `json:"query_id"`
	RankedArticleIDs []string `json:"ranked_article_ids"`
	// RankedStories holds one list of article ids per ranked story, best
	// first: the copies of a syndicated story share its rank.
	RankedStories [][]string `json:"ranked_stories"`
	GoldRank      int        `json:"gold_rank"` // 1-based; 0 when not in the ranking
	AnswerInTop5  bool       `json:"answer_in_top5"`
	// Mode and Answer are the answer's mode ("extractive", "generated",
	// "not_covered") and text; AnswerContainsGold whether the text holds an
	// accepted answer string.
	Mode               string `json:"mode,omitempty"`
	Answer             string `json:"answer,omitempty"`
	AnswerContainsGold bool   `json:"answer_contains_gold,omitempty"`
}

// Report is the outcome of Run.
type Report struct {
	Metrics Metrics       `json:"metrics"`
	Queries []QueryResult `json:"queries"`
}

// Run measures retrieve on every query.
func Run(ctx context.Context, queries []Query, retrieve Retriever) (Report, error) {
	var rep Report
	if len(queries) == 0 {
		return rep, fmt.Errorf("no queries")
	}
	var m Metrics
	for _, q := range queries {
		asOf, err := q.AsOf()
		if err != nil {
			return rep, err
		}
		rk, err := retrieve(ctx, q.Question, asOf)
		if err != nil {
			return rep, fmt.Errorf("query %s: %w", q.QueryID, err)
		}
		qr := QueryResult{QueryID: q.QueryID, RankedArticleIDs: []string{}, RankedStories: [][]string{}}
		gold := make(map[string]bool, len(q.GoldDocIDs))
		for _, id := range q.GoldDocIDs {
			gold[id] = true
		}
		for rank, ids := range rk.Articles {
			qr.RankedStories = append(qr.RankedStories, append([]string{}, ids...))
			for _, id := range ids {
				qr.RankedArticleIDs = append(qr.RankedArticleIDs, id)
				if gold[id] && qr.GoldRank == 0 {
					qr.GoldRank = rank + 1
				}
			}
		}
		qr.AnswerInTop5 = containsAnswer(rk.Passages, 5, q.AnswerText)
		if r := qr.GoldRank; r > 0 {
			if r <= 1 {
				m.HitAt1++
			}
			if r <= 5 {
				m.HitAt5++
			}
			if r <= 10 {
				m.HitAt10++
				m.MRRAt10 += 1 / float64(r)
			}
		}
		if qr.AnswerInTop5 {
			m.AnswerInTop5++
		}
		rep.Queries = append(rep.Queries, qr)
	}
	n := float64(len(queries))
	rep.Metrics = Metrics{HitAt1: m.HitAt1 / n, HitAt5: m.HitAt5 / n, HitAt10: m.HitAt10 / n, MRRAt10: m.MRRAt10 / n, AnswerInTop5: m.AnswerInTop5 / n}
	return rep, nil
}

// containsAnswer reports whether any answer string occurs in the first n
// passages, by the rule the answer pipeline checks quotes with.
func containsAnswer(passages []string, n int, answers []string) bool {
	if len(passages) > n {
		passages = passages[:n]
	}
	for _, p := range passages {
		for _, a := range answers {
			if text.ContainsQuote(p, a) {
				return true
			}
		}
	}
	return false
}
