package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"unicode"
)

// The table layout, little endian, read by package embed (embed/table.go must
// agree with every constant and offset here):
//
//	off  size          field
//	0    8             magic "BYLGLOVE"
//	8    4  uint32     format version (1)
//	12   4  uint32     dims
//	16   4  uint32     count: number of words (rows)
//	20   4  uint32     zipfTotal: size of the source vocabulary, the N of the Zipf law
//	24   4  float32    sifA: the SIF smoothing constant a
//	28   4  float32    unkNorm: the L2 norm given to hashed vectors of unknown words
//	32   4  uint32     wordsLen: byte length of the word list
//	36   4  uint32     CRC-32C (Castagnoli) of every byte from offset 40 to the end
//	40   dims*4        common component: unit float32 vector
//	..   wordsLen      words in frequency order, each followed by '\n'
//	..   count*4       per-row float32 scale
//	..   count*dims    int8 rows: value = scale * int8
const (
	magic         = "BYLGLOVE"
	formatVersion = 1
	headerSize    = 40
)

// Config tunes the conversion. The zero value gives the shipped table.
type Config struct {
	// Words is the number of words kept, most frequent first (default 100,000).
	Words int
	// SIFA is the SIF smoothing constant a (default 1e-3).
	SIFA float64
	// SentenceLen is the number of words per text assumed when estimating the
	// common component (default 20).
	SentenceLen int
}

func (c Config) withDefaults() Config {
	if c.Words <= 0 {
		c.Words = 100_000
	}
	if c.SIFA <= 0 {
		c.SIFA = 1e-3
	}
	if c.SentenceLen <= 0 {
		c.SentenceLen = 20
	}
	return c
}

type table struct {
	dims      int
	zipfTotal uint32
	sifA      float32
	unkNorm   float32
	common    []float32
	words     []string
	scales    []float32
	rows      []int8
}

type buildStats struct {
	skipped      int     // source words dropped by keepWord before the cut
	lastRank     int     // source rank of the last kept word
	commonVsMean float64 // cosine between the common component and the weighted mean
	maxQuantErr  float64 // largest absolute quantization error of any value
}

// keepWord reports whether w is a token the embed tokenizer can produce: lower
// case letters and digits, with single hyphens only between them, and no
// Latin letters with diacritics. It drops the punctuation entries of the
// source ("," "." "$" "“" ...).
func keepWord(w string) bool {
	if w == "" {
		return false
	}
	prevHyphen := true // forbids a leading hyphen
	for _, r := range w {
		switch {
		case r == '-':
			if prevHyphen {
				return false
			}
			prevHyphen = true
			continue
		case unicode.IsDigit(r):
		case r >= 0xC0 && r <= 0x17F:
			return false // the tokenizer folds these to ASCII ("é" to "e")
		case unicode.IsLetter(r) && unicode.ToLower(r) == r:
		default:
			return false
		}
		prevHyphen = false
	}
	return !prevHyphen
}

// build keeps the first cfg.Words usable words, quantizes them and estimates
// the SIF common component.
func build(src *source, cfg Config) (*table, buildStats, error) {
	cfg = cfg.withDefaults()
	var st buildStats
	dims := src.Dimensions
	t := &table{
		dims:      dims,
		zipfTotal: uint32(len(src.Words)),
		sifA:      float32(cfg.SIFA),
	}
	var unkSum float64
	var unkN int
	for rank, w := range src.Words {
		if !keepWord(w) {
			if len(t.words) < cfg.Words {
				st.skipped++
			}
			continue
		}
		vec, ok := src.Vectors[w]
		if !ok || len(vec) < dims {
			return nil, st, fmt.Errorf("word %q: vector missing or shorter than %d", w, dims)
		}
		vec = vec[:dims]
		if len(t.words) >= cfg.Words {
			// Words past the cut become unknown words at run time: their
			// typical norm is the norm hashed vectors get.
			unkSum += norm(vec)
			unkN++
			continue
		}
		scale, q, qerr := quantize(vec)
		st.maxQuantErr = math.Max(st.maxQuantErr, qerr)
		t.words = append(t.words, w)
		t.scales = append(t.scales, scale)
		t.rows = append(t.rows, q...)
		st.lastRank = rank
	}
	if len(t.words) == 0 {
		return nil, st, errors.New("no usable words in the source")
	}
	if unkN > 0 {
		t.unkNorm = float32(unkSum / float64(unkN))
	} else {
		t.unkNorm = 4 // a tiny source (tests): about the norm of a rare GloVe word
	}
	common, meanCos, err := commonComponent(t, cfg.SentenceLen)
	if err != nil {
		return nil, st, err
	}
	t.common = common
	st.commonVsMean = meanCos
	return t, st, nil
}

func norm(v []float32) float64 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	return math.Sqrt(s)
}

// quantize maps v to int8 with one scale for the row, so that v ≈ scale*q.
func quantize(v []float32) (scale float32, q []int8, maxErr float64) {
	var maxAbs float64
	for _, x := range v {
		maxAbs = math.Max(maxAbs, math.Abs(float64(x)))
	}
	q = make([]int8, len(v))
	if maxAbs == 0 {
		return 0, q, 0
	}
	scale = float32(maxAbs / 127)
	for i, x := range v {
		r := math.Round(float64(x) / float64(scale))
		r = math.Max(-127, math.Min(127, r))
		q[i] = int8(r)
		maxErr = math.Max(maxErr, math.Abs(float64(x)-float64(scale)*r))
	}
	return scale, q, maxErr
}

// sifWeights returns a/(a+p(w)) for every row, with p(w) from Zipf's law over
// the source vocabulary: p(rank r) = 1 / ((r+1) * H_N). Package embed computes
// the same weights from the header fields.
func sifWeights(count int, zipfTotal uint32, a float64) []float64 {
	var h float64
	for k := zipfTotal; k >= 1; k-- { // small terms first for accuracy
		h += 1 / float64(k)
	}
	w := make([]float64, count)
	for r := range w {
		p := 1 / (float64(r+1) * h)
		w[r] = a / (a + p)
	}
	return w
}

// commonComponent estimates the first principal direction of SIF sentence
// vectors without a text corpus. For texts of n words drawn independently
// from the Zipf distribution over the table, with x = weight(w)*v(w), the
// second moment of the sentence vector (the mean of the x) is
//
//	M = mu mu^T + (C - mu mu^T) / n,   mu = E[x], C = E[x x^T],
//
// and its top eigenvector is what SIF removes (Arora, Liang, Ma 2017 take the
// first singular vector of the sentence matrix, uncentred). It also returns
// the cosine between that vector and mu, for the log.
func commonComponent(t *table, n int) ([]float32, float64, error) {
	d := t.dims
	count := len(t.words)
	weights := sifWeights(count, t.zipfTotal, float64(t.sifA))
	var h float64
	for r := range count {
		h += 1 / float64(r+1)
	}
	mu := make([]float64, d)
	c := make([]float64, d*d)
	x := make([]float64, d)
	for r := range count {
		q := 1 / (float64(r+1) * h) // probability renormalized over the kept rows
		s := weights[r] * float64(t.scales[r])
		row := t.rows[r*d : (r+1)*d]
		for i := range x {
			x[i] = s * float64(row[i])
			mu[i] += q * x[i]
		}
		for i := range d {
			qi := q * x[i]
			ci := c[i*d : (i+1)*d]
			for j := range d {
				ci[j] += qi * x[j]
			}
		}
	}
	m := make([]float64, d*d)
	for i := range d {
		for j := range d {
			outer := mu[i] * mu[j]
			m[i*d+j] = outer + (c[i*d+j]-outer)/float64(n)
		}
	}
	// Power iteration from mu; M is symmetric positive semi-definite and its
	// top eigenvalue dominates (mu mu^T), so this converges fast.
	u := append([]float64(nil), mu...)
	if !normalize(u) {
		return nil, 0, errors.New("common component: zero mean vector")
	}
	next := make([]float64, d)
	for range 500 {
		for i := range d {
			var s float64
			for j := range d {
				s += m[i*d+j] * u[j]
			}
			next[i] = s
		}
		if !normalize(next) {
			return nil, 0, errors.New("common component: power iteration collapsed")
		}
		u, next = next, u
	}
	var dot float64
	muN := math.Sqrt(dotF(mu, mu))
	for i := range d {
		dot += u[i] * mu[i] / muN
	}
	if dot < 0 { // orient it like the mean; the sign does not matter to SIF
		for i := range u {
			u[i] = -u[i]
		}
		dot = -dot
	}
	out := make([]float32, d)
	for i, v := range u {
		out[i] = float32(v)
	}
	return out, dot, nil
}

func dotF(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func normalize(v []float64) bool {
	n := math.Sqrt(dotF(v, v))
	if n == 0 || math.IsNaN(n) || math.IsInf(n, 0) {
		return false
	}
	for i := range v {
		v[i] /= n
	}
	return true
}

// encode writes the table in the layout documented above.
func (t *table) encode() []byte {
	wordsLen := 0
	for _, w := range t.words {
		wordsLen += len(w) + 1
	}
	count := len(t.words)
	size := headerSize + 4*t.dims + wordsLen + 4*count + count*t.dims
	b := make([]byte, headerSize, size)
	le := binary.LittleEndian
	copy(b[0:8], magic)
	le.PutUint32(b[8:], formatVersion)
	le.PutUint32(b[12:], uint32(t.dims))
	le.PutUint32(b[16:], uint32(count))
	le.PutUint32(b[20:], t.zipfTotal)
	le.PutUint32(b[24:], math.Float32bits(t.sifA))
	le.PutUint32(b[28:], math.Float32bits(t.unkNorm))
	le.PutUint32(b[32:], uint32(wordsLen))
	for _, v := range t.common {
		b = le.AppendUint32(b, math.Float32bits(v))
	}
	for _, w := range t.words {
		b = append(b, w...)
		b = append(b, '\n')
	}
	for _, s := range t.scales {
		b = le.AppendUint32(b, math.Float32bits(s))
	}
	for _, q := range t.rows {
		b = append(b, byte(q))
	}
	le.PutUint32(b[36:], crc32.Checksum(b[headerSize:], crc32.MakeTable(crc32.Castagnoli)))
	return b
}
