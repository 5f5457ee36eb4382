package retrieval

import (
	"math"
	"sort"

	"github.com/byline-bot/byline/internal/text"
)

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
