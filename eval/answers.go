package eval

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Answered is what the harness needs of one answer (the answer package's
// Answer, converted by the caller so that eval does not depend on it).
type Answered struct {
	NotCovered bool
	// Mode is the answer's mode as the answer package names it.
	Mode      string
	Text      string
	Citations []Cited
	// SourceIDs are the articles retrieved for the question.
	SourceIDs []string
}

// Cited is one citation: the article and the quote shown for it.
type Cited struct{ ArticleID, Quote string }

// AnswerMetrics measures the answer pipeline on the same questions.
type AnswerMetrics struct {
	// GoldFirst is the number of questions whose gold article ranked first;
	// AnsweredWhenGoldFirst the share of them answered (not "not covered").
	GoldFirst             int     `json:"gold_first"`
	AnsweredWhenGoldFirst float64 `json:"answered_when_gold_first"`
	// Citations is the number of citations given; CitationsVerified the share
	// whose quote appears byte for byte in the cited article's stored text
	// and whose article was among the sources retrieved for that question.
	Citations         int     `json:"citations"`
	CitationsVerified float64 `json:"citations_verified"`
	// Unanswerable is the number of unanswerable questions; NotCoveredRate the
	// share of them answered "not covered".
	Unanswerable   int     `json:"unanswerable"`
	NotCoveredRate float64 `json:"not_covered_rate"`
}

// UnanswerableResult is one unanswerable question's answer.
type UnanswerableResult struct {
	QueryID string `json:"query_id"`
	Mode    string `json:"mode"`
	Answer  string `json:"answer"`
}

// AnswerReport is the outcome of RunAnswers.
type AnswerReport struct {
	Metrics AnswerMetrics
	// ContainsGold, Answered and Refused are shares of qs (for Metrics).
	ContainsGold, Answered, Refused float64
	Unanswerable                    []UnanswerableResult
}

// Asker answers one question as of a date.
type Asker func(ctx context.Context, question string, asOf time.Time) (Answered, error)

// RunAnswers asks every question of qs and of unanswerable. ranked holds
// each question's retrieval result from Run; RunAnswers records each
// question's answer in it. article returns an article's stored text by id,
// to check that quotes are verbatim.
func RunAnswers(ctx context.Context, qs []Query, ranked []QueryResult, unanswerable []Query, ask Asker,
	article func(id string) (string, bool)) (AnswerReport, error) {
	var rep AnswerReport
	m := &rep.Metrics
	var answeredGold, inAnswer, answered, verified int
	for i, q := range qs {
		asOf, err := q.AsOf()
		if err != nil {
			return rep, err
		}
		a, err := ask(ctx, q.Question, asOf)
		if err != nil {
			return rep, fmt.Errorf("query %s: %w", q.QueryID, err)
		}
		gold := !a.NotCovered && containsAnswer([]string{a.Text}, 1, q.AnswerText)
		if i < len(ranked) {
			ranked[i].Mode, ranked[i].Answer, ranked[i].AnswerContainsGold = a.Mode, a.Text, gold
		}
		if !a.NotCovered {
			answered++
		}
		if i < len(ranked) && ranked[i].GoldRank == 1 {
			m.GoldFirst++
			if !a.NotCovered {
				answeredGold++
			}
		}
		if gold {
			inAnswer++
		}
		for _, c := range a.Citations {
			m.Citations++
			if citationHolds(c, a.SourceIDs, article) {
				verified++
			}
		}
	}
	if m.GoldFirst > 0 {
		m.AnsweredWhenGoldFirst = float64(answeredGold) / float64(m.GoldFirst)
	}
	if n := float64(len(qs)); n > 0 {
		rep.ContainsGold = float64(inAnswer) / n
		rep.Answered = float64(answered) / n
		rep.Refused = 1 - rep.Answered
	}
	if m.Citations > 0 {
		m.CitationsVerified = float64(verified) / float64(m.Citations)
	}
	notCovered := 0
	for _, q := range unanswerable {
		asOf, err := q.AsOf()
		if err != nil {
			return rep, err
		}
		a, err := ask(ctx, q.Question, asOf)
		if err != nil {
			return rep, fmt.Errorf("unanswerable %s: %w", q.QueryID, err)
		}
		if a.NotCovered {
			notCovered++
		}
		rep.Unanswerable = append(rep.Unanswerable, UnanswerableResult{QueryID: q.QueryID, Mode: a.Mode, Answer: a.Text})
	}
	m.Unanswerable = len(unanswerable)
	if m.Unanswerable > 0 {
		m.NotCoveredRate = float64(notCovered) / float64(m.Unanswerable)
	}
	return rep, nil
}

// citationHolds checks one citation: its quote is in its article's stored
// text byte for byte (what a reader searching the article finds), and the
// article is one of the answer's retrieved sources.
func citationHolds(c Cited, sources []string, article func(string) (string, bool)) bool {
	body, ok := article(c.ArticleID)
	if !ok || c.Quote == "" || !strings.Contains(body, c.Quote) {
		return false
	}
	return slices.Contains(sources, c.ArticleID)
}
