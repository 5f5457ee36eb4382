package retrieval

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/byline-bot/byline"

	"github.com/byline-bot/byline/internal/text"
)

// Query is one search.
type Query struct {
	Text string
	// AsOf is "now": articles are weighed by how recent they are at that time,
	// and later articles count little. Zero means the newest article's date.
	AsOf time.Time
	// K is how many articles to return (default 10).
	K int
	// Passages is how many passages to return per article (default 3).
	Passages int
}

// Passage is a span of an article's text.
type Passage struct {
	Text string `json:"text"`
	// Start and End are byte offsets into the article's text.
	Start int     `json:"start"`
	End   int     `json:"end"`
	Score float64 `json:"score"`
}

// Result is one ranked article with its best passages.
type Result struct {
	Article byline.Article
	Score   float64
	// Coverage is the share (by IDF weight) of the question's terms found in
	// the title and best passage: near 1 when the passage speaks of every
	// name and thing asked about; low when the articles do not cover the
	// question. It is 0 when the article cannot answer whatever its words:
	// it lacks a rare name the question names, or it was published before
	// the period the question asks about.
	Coverage float64
	// WideCoverage is the same share over the title and all of Passages
	// (near-synonyms still only from the first): a story that says what
	// is asked in its second or third passage. Only the first result's is
	// measured (it decides whether the question is answered); the others'
	// is their Coverage.
	WideCoverage float64
	Passages     []Passage
	// Outlets lists the sources of every copy of a syndicated story;
	// DuplicateIDs the ids of the copies collapsed into this result.
	Outlets      []string
	DuplicateIDs []string
	// Future is set for an article published after the
	// query's "now" (it ranks low, and answers do not name it).
	Future bool
}

// Scoring weights, measured with `byline eval` on the realtimeqa dev split
// (docs/EVAL.md). They are package variables only so that the eval harness
// can sweep them; nothing else changes them.
var weights = struct {
	// Article, Chunk, Vector and Title weigh the evidence: the article's
	// BM25 score and its best chunk's (each relative to the best article's),
	// the best chunk's cosine similarity and the title's.
	Article, Chunk, Vector, Title float64
	// TitlePool is how many of the best articles by the other evidence get
	// their titles embedded and compared with the question.
	TitlePool int
	// PassageLex, PassageVec and PassageCov weigh a passage inside its
	// article: its BM25 score relative to the article's best, its cosine
	// similarity, and the IDF-weighted share of the question's terms it has
	// (BM25 rewards repeating one term; the share rewards having them all).
	PassageLex, PassageVec, PassageCov float64
	// SoftMatch is the cosine similarity from which a word of the passage
	// counts as a near-synonym of a question word in Coverage (measured
	// with the offline GloVe embedder; 0 turns synonyms off).
	SoftMatch float64
	// RecencyPlateau is how many days before now count as fully recent;
	// RecencyHalfLife how many more days halve the recency prior.
	RecencyPlateau  float64
	RecencyHalfLife float64
	RecencyFloor    float64 // the prior never goes below this for past articles
	Future          float64 // prior for articles published after now
	OutOfPeriod     float64 // prior for articles outside a period the question names
}{Article: 0.3, Chunk: 0.15, Vector: 0.2, Title: 0.35, TitlePool: 200, PassageLex: 0.8, PassageVec: 0.4, PassageCov: 0.2, SoftMatch: 0.65, RecencyHalfLife: 10, RecencyFloor: 0.15, Future: 0.05, OutOfPeriod: 0.5}

// queryEmbedTimeout bounds the embedding of a question (one request to a
// remote embedder, retries included); past it, the search ranks by words.
const queryEmbedTimeout = 10 * time.Second

// ErrEmptyQuery is returned for a query with no searchable words.
var ErrEmptyQuery = errors.New("the question has no words to search for")

// ranking is the scored state of one search: every article's evidence and
// final score, best first in order.
type ranking struct {
	q       Query
	qterms  []string
	termIDs []int32
	termW   []float64
	qset    map[string]float64
	qvec    []float32
	per     *period
	// qwords are the question's search terms with the words they came from.
	qwords []qword
	// answerWords are the question's words that stand for its answer
	// ("which company"): coverage leaves them out.
	answerWords map[string]bool
	// names are the term ids of the rare names the question asks about (-1
	// for a name no article has).
	names       []int32
	chunkScores []float32
	art, chunk  []float32 // lexical article score, best lexical chunk score
	vec         []float32 // best chunk cosine similarity
	title       []float32 // title cosine similarity (0 outside the title pool)
	prior       []float64
	scores      []float64
	order       []int
}

// Search ranks articles for q, best first, one result per story.
func (ix *Index) Search(ctx context.Context, q Query) ([]Result, error) {
	rk, err := ix.rank(ctx, q)
	if err != nil || rk == nil {
		return nil, err
	}
	q = rk.q
	var out []Result
	groups := make(map[int32]int) // canonical doc -> index in out
	for _, i := range rk.order {
		d := &ix.docs[i]
		if gi, ok := groups[d.Canon]; ok {
			out[gi].DuplicateIDs = append(out[gi].DuplicateIDs, d.ID)
			continue
		}
		if len(out) == q.K {
			continue // keep collecting duplicates of what is shown
		}
		r := Result{Article: d.Article, Score: rk.scores[i], Outlets: ix.docs[d.Canon].Outlets,
			Future: afterNow(d.Published, rk.q.AsOf)}
		r.Passages = ix.passages(i, rk.chunkScores, rk.qvec, rk.qset, q.Passages)
		// An article from after "now" cannot answer as of now.
		if len(r.Passages) > 0 && !r.Future && ix.canAnswer(i, rk) {
			// Near-synonyms count only for the first result, the one whose
			// coverage decides whether the question is answered.
			cov, wide, err := ix.answerCoverage(ctx, i, r.Passages, rk, len(out) == 0)
			if err != nil {
				return nil, err
			}
			r.Coverage, r.WideCoverage = cov, wide
		}
		groups[d.Canon] = len(out)
		out = append(out, r)
	}
	return out, nil
}

// rank scores every article for q. It returns nil when the index is empty.
func (ix *Index) rank(ctx context.Context, q Query) (*ranking, error) {
	if q.K <= 0 {
		q.K = 10
	}
	if q.Passages <= 0 {
		q.Passages = 3
	}
	if q.AsOf.IsZero() {
		q.AsOf = ix.newest
		if q.AsOf.IsZero() {
			q.AsOf = time.Now()
		}
	}
	rk := &ranking{q: q}
	// Time words ("this week") go to the time prior, not the search terms.
	qtext := stripTimeWords(q.Text)
	rk.qterms = text.Terms(qtext)
	if len(rk.qterms) == 0 {
		return nil, ErrEmptyQuery
	}
	if len(ix.docs) == 0 {
		return nil, nil
	}
	rk.termIDs, rk.termW = ix.queryTerms(rk.qterms)

	artScores := make([]float32, len(ix.docs))
	ix.artLex.score(rk.termIDs, rk.termW, artScores)
	chunkScores := make([]float32, len(ix.chunks))
	ix.chunkLex.score(rk.termIDs, rk.termW, chunkScores)

	// Best chunk per article, lexical and vector.
	bestChunk := make([]float32, len(ix.docs))
	for i, s := range chunkScores {
		d := ix.chunks[i].Doc
		if s > bestChunk[d] {
			bestChunk[d] = s
		}
	}
	qctx, cancel := context.WithTimeout(ctx, queryEmbedTimeout)
	qvec, err := ix.embedQuery(qctx, qtext)
	cancel()
	switch {
	case err == nil:
	case ctx.Err() != nil || errors.Is(err, ErrEmbedderMismatch):
		return nil, err
	default:
		// The embedder failed (a model server that is down or hangs): the
		// words alone still rank, and an answer still comes.
		qvec = nil
	}
	vecBest, err := ix.vectorEvidence(ctx, qvec, topN(artScores, lexicalCandidates), topN(bestChunk, lexicalCandidates))
	if err != nil {
		return nil, err
	}

	maxA, maxC := maxOf(artScores), maxOf(bestChunk)
	rk.per = parsePeriod(q.Text, q.AsOf)
	scores := make([]float64, len(ix.docs))
	rk.prior = make([]float64, len(ix.docs))
	for i := range ix.docs {
		rk.prior[i] = ix.prior(i, q.AsOf, rk.per)
		if artScores[i] == 0 && bestChunk[i] == 0 && vecBest[i] == 0 || ix.isDead(int32(i)) {
			continue
		}
		rel := weights.Article*safeDiv(artScores[i], maxA) + weights.Chunk*safeDiv(bestChunk[i], maxC) +
			weights.Vector*float64(vecBest[i])
		scores[i] = rel * rk.prior[i]
	}

	order := rankOrder(scores)
	// Second stage: the titles of the best articles, embedded now and
	// compared with the question. A title says what the whole article is
	// about, which its passages may not (a video page whose qtext is only
	// player notices has nothing else).
	rk.title = make([]float32, len(ix.docs))
	if qvec != nil && weights.Title > 0 && len(order) > 0 {
		pool := order[:min(len(order), weights.TitlePool)]
		for _, i := range pool {
			rk.title[i] = dot(qvec, ix.titleVector(i))
			scores[i] += weights.Title * float64(rk.title[i]) * rk.prior[i]
		}
		order = rankOrder(scores)
	}

	rk.qset = make(map[string]float64, len(rk.qterms))
	for i, t := range rk.qterms {
		rk.qset[t] = rk.termW[i] * ix.termIDF(rk.termIDs[i])
	}
	for _, w := range text.Words(qtext) {
		t, ok := text.Term(w)
		if _, in := rk.qset[t]; !ok || !in || slices.ContainsFunc(rk.qwords, func(q qword) bool { return q.term == t }) {
			continue
		}
		rk.qwords = append(rk.qwords, qword{term: t, word: w, stem: text.Porter(w), weight: rk.qset[t]})
	}
	for t, w := range rk.qset {
		// Terms no single word gives ("200,000" is one term, two words).
		if !slices.ContainsFunc(rk.qwords, func(q qword) bool { return q.term == t }) {
			rk.qwords = append(rk.qwords, qword{term: t, word: t, stem: t, weight: w})
		}
	}
	rk.answerWords = answerWords(qtext)
	for _, t := range nameTerms(qtext) {
		id, ok := ix.vocab[t]
		if !ok {
			id = -1
		}
		if ix.rareTerm(id) {
			rk.names = append(rk.names, id)
		}
	}
	rk.chunkScores, rk.art, rk.chunk, rk.vec, rk.qvec = chunkScores, artScores, bestChunk, vecBest, qvec
	rk.scores, rk.order = scores, order
	return rk, nil
}

// topN returns the indexes of the n highest positive scores, in no order.
func topN(scores []float32, n int) []int32 {
	h := make(minHeap, 0, n)
	for i, s := range scores {
		switch {
		case s <= 0:
		case len(h) < n:
			heap.Push(&h, scored{int32(i), s})
		case s > h[0].s:
			h[0] = scored{int32(i), s}
			heap.Fix(&h, 0)
		}
	}
	out := make([]int32, len(h))
	for k, e := range h {
		out[k] = e.i
	}
	return out
}

type scored struct {
	i int32
	s float32
}

// minHeap keeps the lowest score on top.
type minHeap []scored

func (h minHeap) Len() int           { return len(h) }
func (h minHeap) Less(i, j int) bool { return h[i].s < h[j].s }
func (h minHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *minHeap) Push(x any)        { *h = append(*h, x.(scored)) }
func (h *minHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// rankOrder returns the indexes of the positive scores, best first (ties
// in index order, so that rankings are stable).
func rankOrder(scores []float64) []int {
	order := make([]int, 0, len(scores))
	for i, s := range scores {
		if s > 0 {
			order = append(order, i)
		}
	}
	sort.Slice(order, func(a, b int) bool {
		if scores[order[a]] != scores[order[b]] {
			return scores[order[a]] > scores[order[b]]
		}
		return order[a] < order[b]
	})
	return order
}

// queryTerms maps query terms to ids with weights; terms unknown to the
// index get id -1 (they still count against coverage).
func (ix *Index) queryTerms(qterms []string) ([]int32, []float64) {
	ids := make([]int32, len(qterms))
	w := make([]float64, len(qterms))
	for i, t := range qterms {
		id, ok := ix.vocab[t]
		if !ok {
			id = -1
		}
		ids[i] = id
		w[i] = 1
	}
	return ids, w
}

// termIDF is the chunk-level IDF of a term; unknown terms get the largest
// possible IDF, since a word no article contains is the strongest sign that
// the articles do not cover the question.
func (ix *Index) termIDF(id int32) float64 {
	if id < 0 || ix.chunkLex.df(id) == 0 {
		n := float64(len(ix.chunks))
		return math.Log(1 + (n+0.5)/0.5)
	}
	return ix.chunkLex.idf(id)
}

func (ix *Index) embedQuery(ctx context.Context, text string) ([]float32, error) {
	vecs, err := ix.embedder.Embed(ctx, []string{text})
	if err != nil {
		return nil, fmt.Errorf("embed question: %w", err)
	}
	if len(vecs) != 1 || len(vecs[0]) != ix.dims {
		return nil, fmt.Errorf("embed question: %w", ErrEmbedderMismatch)
	}
	var norm float32
	for _, x := range vecs[0] {
		norm += x * x
	}
	if norm == 0 {
		return nil, nil
	}
	return vecs[0], nil
}

func dot(a, b []float32) float32 {
	var s float32
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func maxOf(xs []float32) float32 {
	var m float32
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

func safeDiv(a, b float32) float64 {
	if b == 0 {
		return 0
	}
	return float64(a / b)
}
