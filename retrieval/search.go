package retrieval

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

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
	Passages []Passage
	// Outlets lists the sources of every copy of a syndicated story;
	// DuplicateIDs the ids of the copies collapsed into this result.
	Outlets      []string
	DuplicateIDs []string
	// Future is set for an article published more than a day after the
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
			Future: !d.Published.IsZero() && rk.q.AsOf.Sub(d.Published) < -24*time.Hour}
		r.Passages = ix.passages(i, rk.chunkScores, rk.qvec, rk.qset, q.Passages)
		// An article from after "now" cannot answer as of now.
		if len(r.Passages) > 0 && !r.Future && ix.canAnswer(i, rk) {
			// Near-synonyms count only for the first result, the one whose
			// coverage decides whether the question is answered.
			cov, err := ix.answerCoverage(ctx, i, r.Passages[0].Text, rk, len(out) == 0)
			if err != nil {
				return nil, err
			}
			r.Coverage = cov
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
	qvec, err := ix.embedQuery(ctx, qtext)
	if err != nil {
		return nil, err
	}
	vecBest, err := ix.vectorEvidence(ctx, qvec)
	if err != nil {
		return nil, err
	}

	maxA, maxC := maxOf(artScores), maxOf(bestChunk)
	rk.per = parsePeriod(q.Text, q.AsOf)
	scores := make([]float64, len(ix.docs))
	rk.prior = make([]float64, len(ix.docs))
	for i := range ix.docs {
		rk.prior[i] = ix.prior(i, q.AsOf, rk.per)
		if artScores[i] == 0 && bestChunk[i] == 0 && vecBest[i] == 0 {
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
	if id < 0 || int(id) >= len(ix.chunkLex.postings) || len(ix.chunkLex.postings[id]) == 0 {
		n := float64(len(ix.chunks))
		return math.Log(1 + (n+0.5)/0.5)
	}
	return ix.chunkLex.idf(id)
}

// passages ranks the chunks of doc i and returns the best n.
func (ix *Index) passages(i int, chunkScores []float32, qvec []float32, qset map[string]float64, n int) []Passage {
	d := &ix.docs[i]
	type cand struct {
		c     int
		score float64
	}
	var maxLex float32
	for c := d.First; c < d.First+d.N; c++ {
		maxLex = max(maxLex, chunkScores[c])
	}
	cands := make([]cand, 0, d.N)
	for c := d.First; c < d.First+d.N; c++ {
		s := weights.PassageLex * safeDiv(chunkScores[c], maxLex)
		if qvec != nil {
			s += weights.PassageVec * float64(dot(qvec, ix.vector(int(c))))
		}
		if weights.PassageCov > 0 {
			ch := ix.chunks[c]
			s += weights.PassageCov * coverage(d.Text[ch.Start:ch.End], qset)
		}
		cands = append(cands, cand{int(c), s})
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].score > cands[b].score })
	if len(cands) > n {
		cands = cands[:n]
	}
	out := make([]Passage, 0, len(cands))
	for _, c := range cands {
		ch := ix.chunks[c.c]
		out = append(out, Passage{Text: d.Text[ch.Start:ch.End], Start: int(ch.Start), End: int(ch.End), Score: c.score})
	}
	return out
}

// rareShare is the share of passages a rare term is in at most.
const rareShare = 0.01

// rareTerm reports whether a term is rare: no passage has it, or at most
// one in a hundred (or one, in a small library). A question's rare name is
// what it is about; common capitalized words ("US", "President") are not.
func (ix *Index) rareTerm(id int32) bool {
	if id < 0 || int(id) >= len(ix.chunkLex.postings) {
		return true
	}
	return float64(len(ix.chunkLex.postings[id])) <= max(1, rareShare*float64(len(ix.chunks)))
}

// canAnswer reports whether article i can answer the question at all: it
// must not predate the period the question asks about ("this week", "in
// 2024"), and it must name every rare name the question names.
func (ix *Index) canAnswer(i int, rk *ranking) bool {
	if rk.per.before(ix.docs[i].Published) {
		return false
	}
	for _, id := range rk.names {
		if !ix.artLex.has(id, int32(i)) {
			return false
		}
	}
	return true
}

// qword is one search term of a question.
type qword struct {
	term   string  // as the index has it
	word   string  // the lowercase word it came from
	stem   string  // the word's Porter stem
	weight float64 // IDF weight
}

// answerCoverage is the IDF-weighted share of the question's terms that the
// title and passage of article i speak of: a term counts when the text has
// it or an inflection of its word ("recall" for "recalled"), and, when soft
// is set, in part when the text has a near-synonym by word vectors
// ("narcotics" for "drug": the cosine similarity, from SoftMatch up).
func (ix *Index) answerCoverage(ctx context.Context, i int, passage string, rk *ranking, soft bool) (float64, error) {
	d := &ix.docs[i]
	body := d.Title + "\n" + passage
	terms := make(map[string]bool)
	for _, t := range text.Terms(body) {
		terms[t] = true
	}
	textWords := text.Words(body)
	stems := make(map[string]bool, len(textWords))
	for _, w := range textWords {
		stems[text.Porter(w)] = true
	}
	var have, total float64
	var missing []qword
	for _, q := range rk.qwords {
		total += q.weight
		if terms[q.term] || stems[q.stem] {
			have += q.weight
		} else {
			missing = append(missing, q)
		}
	}
	if total == 0 {
		return 0, nil
	}
	if soft && len(missing) > 0 && rk.qvec != nil && weights.SoftMatch > 0 {
		texts := make([]string, 0, len(missing)+len(textWords))
		for _, q := range missing {
			texts = append(texts, q.word)
		}
		seen := make(map[string]bool)
		for _, w := range textWords {
			if !text.IsStopword(w) && !seen[w] {
				seen[w] = true
				texts = append(texts, w)
			}
		}
		vecs, err := ix.embedder.Embed(ctx, texts)
		if err != nil {
			return 0, fmt.Errorf("embed words: %w", err)
		}
		if len(vecs) != len(texts) {
			return 0, fmt.Errorf("embed words: got %d vectors for %d words", len(vecs), len(texts))
		}
		for k, q := range missing {
			var best float32
			for _, v := range vecs[len(missing):] {
				if len(v) == len(vecs[k]) {
					best = max(best, dot(vecs[k], v))
				}
			}
			if float64(best) >= weights.SoftMatch {
				have += q.weight * float64(best)
			}
		}
	}
	return have / total, nil
}

// coverage is the IDF-weighted share of query terms present in text.
func coverage(passage string, qset map[string]float64) float64 {
	present := make(map[string]bool, len(qset))
	for _, t := range text.Terms(passage) {
		if _, ok := qset[t]; ok {
			present[t] = true
		}
	}
	var have, total float64
	for t, w := range qset {
		total += w
		if present[t] {
			have += w
		}
	}
	if total == 0 {
		return 0
	}
	return have / total
}

// prior weighs article i by when it was published relative to now and to a
// period the question names. A calendar period the question names lifts
// its articles to full weight however old they are, so that "the 2016 Tour
// de France" finds 2016 articles years later.
func (ix *Index) prior(i int, asOf time.Time, per *period) float64 {
	pub := ix.docs[i].Published
	if pub.IsZero() {
		return 0.5
	}
	age := asOf.Sub(pub).Hours() / 24
	if age < -1 {
		return weights.Future
	}
	if per == nil || per.Current {
		return recency(age)
	}
	if !pub.Before(per.From) && pub.Before(per.To) {
		return 1
	}
	if per.Explicit {
		return recency(age) * weights.OutOfPeriod
	}
	return recency(age)
}

// recency is the prior for an article age days old: full weight for the
// first RecencyPlateau days, then halving every RecencyHalfLife days down
// to RecencyFloor.
func recency(age float64) float64 {
	age = math.Max(age-weights.RecencyPlateau, 0)
	p := math.Pow(0.5, age/weights.RecencyHalfLife)
	return weights.RecencyFloor + (1-weights.RecencyFloor)*p
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

// Duplicate detection. Copies of a syndicated story share most of their
// word 5-grams ("shingles"). Shingles found in many articles are page
// furniture (a video player's notice, a newsletter's sign-up line), not the
// story: they are left out, so that pages with the same boilerplate and
// different stories stay apart. Copies appear within days of each other.
const (
	shingleSample    = 4   // keep the shingles whose hash is 0 mod this
	boilerplateDocs  = 20  // a shingle in more articles is furniture
	minStoryShingles = 5   // sampled story shingles an article needs to be matched at all
	duplicateShare   = 0.7 // share of the smaller article's shingles that must be story shingles in common
	duplicateMaxDays = 3   // copies are published at most this many days apart
	shingleWords     = 5
)

// groupDuplicates finds near-duplicate articles (the same story syndicated
// by several outlets, or one page under several URLs) and points each copy
// at one canonical article (the first in id order) that lists every outlet.
func (ix *Index) groupDuplicates() {
	type hashDoc struct {
		h uint64
		d int32
	}
	var all []hashDoc
	var words, mine []uint64
	for i := range ix.docs {
		words = wordHashes(ix.docs[i].Text, words[:0])
		mine = mine[:0]
		for w := 0; w+shingleWords <= len(words); w++ {
			h := uint64(14695981039346656037)
			for _, x := range words[w : w+shingleWords] {
				h = (h ^ x) * 1099511628211
			}
			if h%shingleSample == 0 {
				mine = append(mine, h)
			}
		}
		slices.Sort(mine)
		for k, h := range mine {
			if k == 0 || h != mine[k-1] {
				all = append(all, hashDoc{h, int32(i)})
			}
		}
	}
	sort.Slice(all, func(a, b int) bool {
		if all[a].h != all[b].h {
			return all[a].h < all[b].h
		}
		return all[a].d < all[b].d
	})
	total := make([]int, len(ix.docs)) // sampled shingles per article
	for _, x := range all {
		total[x.d]++
	}
	story := make([]int, len(ix.docs)) // sampled story shingles per article
	shared := make(map[uint64]int)     // a<<32|b (a < b) -> story shingles in common
	for lo := 0; lo < len(all); {
		hi := lo + 1
		for hi < len(all) && all[hi].h == all[lo].h {
			hi++
		}
		if hi-lo <= boilerplateDocs {
			for x := lo; x < hi; x++ {
				story[all[x].d]++
				for y := x + 1; y < hi; y++ {
					shared[uint64(all[x].d)<<32|uint64(all[y].d)]++
				}
			}
		}
		lo = hi
	}
	parent := make([]int32, len(ix.docs))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for key, n := range shared {
		a, b := int32(key>>32), int32(key&(1<<32-1))
		// The story shingles in common must be most of the smaller article,
		// furniture included: two pages that share a template and one news
		// item are not copies.
		if min(story[a], story[b]) < minStoryShingles || float64(n) < duplicateShare*float64(min(total[a], total[b])) ||
			!closeInTime(ix.docs[a].Published, ix.docs[b].Published) {
			continue
		}
		ra, rb := find(a), find(b)
		if ra != rb {
			// The smallest index leads its group, whatever the map order.
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	for i := range ix.docs {
		ix.docs[i].Canon = int32(i)
		ix.docs[i].Outlets = nil
	}
	for i := range ix.docs {
		c := find(int32(i))
		ix.docs[i].Canon = c
		name := outletName(ix.docs[i].Article)
		canon := &ix.docs[c]
		if name != "" && !containsString(canon.Outlets, name) {
			canon.Outlets = append(canon.Outlets, name)
		}
	}
}

// closeInTime reports whether two publication dates are close enough for
// the articles to be copies of one story (an unknown date does not object).
func closeInTime(a, b time.Time) bool {
	if a.IsZero() || b.IsZero() {
		return true
	}
	d := a.Sub(b)
	if d < 0 {
		d = -d
	}
	return d <= duplicateMaxDays*24*time.Hour
}

// outletName is the article's source, or its URL's host.
func outletName(a byline.Article) string {
	if a.Source != "" {
		return a.Source
	}
	u := a.URL
	if k := strings.Index(u, "://"); k >= 0 {
		u = u[k+3:]
		if k := strings.IndexByte(u, '/'); k >= 0 {
			u = u[:k]
		}
		return strings.TrimPrefix(u, "www.")
	}
	return ""
}

func containsString(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// wordHashes appends a hash of each word of text (letters and digits,
// case-folded) to out.
func wordHashes(text string, out []uint64) []uint64 {
	h, in := uint64(14695981039346656037), false
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			h = (h ^ uint64(unicode.ToLower(r))) * 1099511628211
			in = true
			continue
		}
		if in {
			out = append(out, h)
			h, in = 14695981039346656037, false
		}
	}
	if in {
		out = append(out, h)
	}
	return out
}

// Evidence is one passage chosen to build an answer from, with its article.
type Evidence struct {
	Result  *Result
	Passage Passage
}

// TopPassages picks the n passages an answer is built from, best first. A
// passage counts by its article's score times its own score relative to
// that article's best passage: a clear best article gives several passages
// (the fact asked about is often not in its single best passage), articles
// close in score each give their best. No article gives more passages than
// its Result holds. It is the one definition both the answer pipeline and the
// eval harness use.
func TopPassages(results []Result, n int) []Evidence {
	if len(results) == 0 || n <= 0 {
		return nil
	}
	type cand struct {
		r, p  int
		score float64
	}
	var cands []cand
	top := math.Max(results[0].Score, 1e-12)
	for i := range results {
		ps := results[i].Passages
		if len(ps) == 0 {
			continue
		}
		best := math.Max(ps[0].Score, 1e-12)
		for k, p := range ps {
			cands = append(cands, cand{i, k, results[i].Score / top * (p.Score / best)})
		}
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].score > cands[b].score })
	out := make([]Evidence, 0, min(n, len(cands)))
	for _, c := range cands[:min(n, len(cands))] {
		out = append(out, Evidence{Result: &results[c.r], Passage: results[c.r].Passages[c.p]})
	}
	return out
}

// has reports whether document doc contains term. Postings are in document
// order (documents are added in order), so a binary search finds it.
func (l *lexical) has(term, doc int32) bool {
	if term < 0 || int(term) >= len(l.postings) {
		return false
	}
	ps := l.postings[term]
	k := sort.Search(len(ps), func(k int) bool { return ps[k].doc >= doc })
	return k < len(ps) && ps[k].doc == doc
}
