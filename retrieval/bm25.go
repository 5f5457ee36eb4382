package retrieval

import (
	"encoding/binary"
	"errors"
	"math"
	"sort"
)

// BM25 parameters: k1 1.2, b 0.75 measured best on the news eval set
// (../shared/notes/OFFLINE-RETRIEVAL.md).
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

type posting struct {
	doc int32
	tf  float32
}

// lexical is an inverted index with BM25 scoring over a fixed set of
// documents, numbered 0..n-1. Term ids come from the shared vocabulary.
type lexical struct {
	postings [][]posting // by term id
	// more holds, by term id, the postings of documents added by Change
	// after the index was built or loaded: postings may be read in place
	// from the index file, and appending to them would copy every list a
	// new document touches (gigabytes at 60,000 articles).
	more   [][]posting
	frozen bool // add goes to more
	docLen []float32
	avgLen float32
}

// df is the number of documents with term.
func (l *lexical) df(term int32) int {
	n := 0
	if int(term) < len(l.postings) {
		n += len(l.postings[term])
	}
	if int(term) < len(l.more) {
		n += len(l.more[term])
	}
	return n
}

// vocabulary maps terms to dense ids shared by the article and chunk indexes.
type vocabulary map[string]int32

func (v vocabulary) id(term string) int32 {
	if id, ok := v[term]; ok {
		return id
	}
	id := int32(len(v))
	v[term] = id
	return id
}

// add appends document doc (which must be the next number) with its terms.
func (l *lexical) add(doc int32, termIDs []int32) {
	counts := make(map[int32]float32, len(termIDs))
	for _, t := range termIDs {
		counts[t]++
	}
	lists := &l.postings
	if l.frozen {
		lists = &l.more
	}
	for t, c := range counts {
		for int(t) >= len(*lists) {
			*lists = append(*lists, nil)
		}
		(*lists)[t] = append((*lists)[t], posting{doc: doc, tf: c})
	}
	l.docLen = append(l.docLen, float32(len(termIDs)))
}

func (l *lexical) finish() {
	var sum float64
	for _, n := range l.docLen {
		sum += float64(n)
	}
	if len(l.docLen) > 0 {
		l.avgLen = float32(sum / float64(len(l.docLen)))
	}
	if l.avgLen == 0 {
		l.avgLen = 1
	}
}

// idf is BM25's inverse document frequency (the +1 form, never negative).
func (l *lexical) idf(term int32) float64 {
	n := float64(len(l.docLen))
	df := float64(l.df(term))
	if df == 0 {
		return 0
	}
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// score adds the BM25 score of each query term, times its weight, into
// scores (len = number of documents). Terms unknown to the index are ignored.
func (l *lexical) score(terms []int32, weights []float64, scores []float32) {
	for i, t := range terms {
		if t < 0 {
			continue
		}
		w := float32(l.idf(t) * weights[i])
		if w == 0 {
			continue
		}
		for _, lists := range [2][][]posting{l.postings, l.more} {
			if int(t) >= len(lists) {
				continue
			}
			for _, p := range lists[t] {
				norm := bm25K1 * (1 - bm25B + bm25B*l.docLen[p.doc]/l.avgLen)
				scores[p.doc] += w * p.tf * (bm25K1 + 1) / (p.tf + norm)
			}
		}
	}
}

var errLexical = errors.New("malformed lexical index")

// unmarshalLexical decodes marshal's output, checking it against the
// expected number of documents and terms.
func unmarshalLexical(b []byte, docs, terms int) (lexical, error) {
	var l lexical
	u32 := func() (uint32, bool) {
		if len(b) < 4 {
			return 0, false
		}
		v := binary.LittleEndian.Uint32(b)
		b = b[4:]
		return v, true
	}
	nd, ok1 := u32()
	nt, ok2 := u32()
	if !ok1 || !ok2 || int(nd) != docs || int(nt) > terms {
		return l, errLexical
	}
	if len(b) < 4*int(nd) {
		return l, errLexical
	}
	l.docLen = make([]float32, nd)
	for i := range l.docLen {
		v, _ := u32()
		l.docLen[i] = math.Float32frombits(v)
	}
	l.postings = make([][]posting, nt)
	for t := range l.postings {
		np, ok := u32()
		if !ok || len(b) < 8*int(np) {
			return l, errLexical
		}
		ps := make([]posting, np)
		for i := range ps {
			d, _ := u32()
			tf, _ := u32()
			if int(d) >= docs {
				return l, errLexical
			}
			ps[i] = posting{doc: int32(d), tf: math.Float32frombits(tf)}
		}
		l.postings[t] = ps
	}
	if len(b) != 0 {
		return l, errLexical
	}
	l.finish()
	return l, nil
}

// has reports whether document doc contains term. Postings are in document
// order (documents are added in order), so a binary search finds it.
func (l *lexical) has(term, doc int32) bool {
	if term < 0 {
		return false
	}
	for _, lists := range [2][][]posting{l.postings, l.more} {
		if int(term) >= len(lists) {
			continue
		}
		ps := lists[term]
		k := sort.Search(len(ps), func(k int) bool { return ps[k].doc >= doc })
		if k < len(ps) && ps[k].doc == doc {
			return true
		}
	}
	return false
}
