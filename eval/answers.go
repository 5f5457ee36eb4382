package eval

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/byline-bot/byline/internal/text"
)

// Answered is what the harness needs of one answer (the answer package's
// Answer, converted by the caller so that eval does not depend on it).
type Answered struct {
	NotCovered bool
	Text       string
	Citations  []Cited
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
	// AnswerInAnswer is the share of all questions whose answer string
	// appears in the answer text.
	AnswerInAnswer float64 `json:"answer_in_answer"`
	// Citations is the number of citations given; CitationsVerified the share
	// whose quote appears verbatim in the cited article and whose article was
	// among the sources retrieved for that question.
	Citations         int     `json:"citations"`
	CitationsVerified float64 `json:"citations_verified"`
	// Unanswerable is the number of unanswerable questions; NotCoveredRate the
	// share of them answered "not covered".
	Unanswerable   int     `json:"unanswerable"`
	NotCoveredRate float64 `json:"not_covered_rate"`
}

// Asker answers one question as of a date.
type Asker func(ctx context.Context, question string, asOf time.Time) (Answered, error)

// RunAnswers asks every question of qs (ranked gives each one's retrieval
// result from Run) and of unanswerable; text returns an article's text by id,
// to check that quotes are verbatim.
func RunAnswers(ctx context.Context, qs []Query, ranked []QueryResult, unanswerable []Query, ask Asker,
	text func(id string) (string, bool)) (AnswerMetrics, error) {
	var m AnswerMetrics
	var answered, inAnswer, verified int
	for i, q := range qs {
		asOf, err := q.AsOf()
		if err != nil {
			return m, err
		}
		a, err := ask(ctx, q.Question, asOf)
		if err != nil {
			return m, fmt.Errorf("query %s: %w", q.QueryID, err)
		}
		if i < len(ranked) && ranked[i].GoldRank == 1 {
			m.GoldFirst++
			if !a.NotCovered {
				answered++
			}
		}
		if !a.NotCovered && containsAnswer([]string{a.Text}, 1, q.AnswerText) {
			inAnswer++
		}
		for _, c := range a.Citations {
			m.Citations++
			if citationHolds(c, a.SourceIDs, text) {
				verified++
			}
		}
	}
	if m.GoldFirst > 0 {
		m.AnsweredWhenGoldFirst = float64(answered) / float64(m.GoldFirst)
	}
	if len(qs) > 0 {
		m.AnswerInAnswer = float64(inAnswer) / float64(len(qs))
	}
	if m.Citations > 0 {
		m.CitationsVerified = float64(verified) / float64(m.Citations)
	}
	notCovered := 0
	for _, q := range unanswerable {
		asOf, err := q.AsOf()
		if err != nil {
			return m, err
		}
		a, err := ask(ctx, q.Question, asOf)
		if err != nil {
			return m, fmt.Errorf("unanswerable %s: %w", q.QueryID, err)
		}
		if a.NotCovered {
			notCovered++
		}
	}
	m.Unanswerable = len(unanswerable)
	if m.Unanswerable > 0 {
		m.NotCoveredRate = float64(notCovered) / float64(m.Unanswerable)
	}
	return m, nil
}

// citationHolds checks one citation: its article says its quote (by the
// rule the answer pipeline checks quotes with), and the article is one of
// the answer's retrieved sources.
func citationHolds(c Cited, sources []string, article func(string) (string, bool)) bool {
	body, ok := article(c.ArticleID)
	if !ok || !text.ContainsQuote(body, c.Quote) {
		return false
	}
	return slices.Contains(sources, c.ArticleID)
}
