package embed

import (
	"context"
	"errors"
	"math"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// newTestOffline builds the real embedder from the embedded table; tests
// share nothing else.
func newTestOffline(t testing.TB) *Offline {
	t.Helper()
	o, err := NewOffline()
	if err != nil {
		t.Fatalf("NewOffline: %v", err)
	}
	return o
}

func embedAll(t testing.TB, o *Offline, texts ...string) [][]float32 {
	t.Helper()
	vs, err := o.Embed(context.Background(), texts)
	if err != nil {
		t.Fatalf("Embed: %v", err)
	}
	if len(vs) != len(texts) {
		t.Fatalf("Embed returned %d vectors for %d texts", len(vs), len(texts))
	}
	return vs
}

func cosine(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

// checkUnit fails unless v has the embedder's dimension, no NaN or Inf, and
// unit length: chromem-go ranks custom embeddings as given.
func checkUnit(t testing.TB, o *Offline, text string, v []float32) {
	t.Helper()
	if len(v) != o.Dims() {
		t.Fatalf("Embed(%q) has %d dims, want %d", text, len(v), o.Dims())
	}
	var n2 float64
	for i, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			t.Fatalf("Embed(%q)[%d] = %v", text, i, x)
		}
		n2 += float64(x) * float64(x)
	}
	if math.Abs(math.Sqrt(n2)-1) > 1e-5 {
		t.Fatalf("Embed(%q) has norm %v, want 1", text, math.Sqrt(n2))
	}
}

func TestNewOffline(t *testing.T) {
	a := newTestOffline(t)
	b := newTestOffline(t)
	if a.Dims() != 100 {
		t.Errorf("Dims() = %d, want 100", a.Dims())
	}
	if got := len(a.tab.vocab); got != 100_000 {
		t.Errorf("table has %d words, want 100000", got)
	}
	if !regexp.MustCompile(`^offline-glove-sif-100d-v1-[0-9a-f]{8}$`).MatchString(a.Name()) {
		t.Errorf("Name() = %q, want offline-glove-sif-100d-v1-<crc>", a.Name())
	}
	if a.Name() != b.Name() {
		t.Errorf("Name() differs between two loads: %q, %q", a.Name(), b.Name())
	}
	// The most frequent words come first in the table, as the Zipf weights assume.
	for _, w := range []string{"the", "of", "said"} {
		if row, ok := a.tab.vocab[w]; !ok || row > 20 {
			t.Errorf("word %q at row %d (present %v), want among the first 20", w, row, ok)
		}
	}
}

func TestEmbedNorms(t *testing.T) {
	o := newTestOffline(t)
	texts := []string{
		"defense minister",
		"The Federal Reserve raised interest rates by three quarters of a point on Wednesday.",
		"Zelenskyy met Scholz in Kyiv",
		"2,000 troops",
		"Ελληνικά κείμενα και 日本語のテキスト",
		"",
		"   \n\t ",
		"?!… — “ ”",
		strings.Repeat("the ", 5000),
		strings.Repeat("covid-19 vaccine rollout ", 300),
	}
	for i, v := range embedAll(t, o, texts...) {
		checkUnit(t, o, texts[i], v)
	}
}

func TestEmbedDeterministic(t *testing.T) {
	texts := []string{"Pentagon chief visits Kyiv", "Xylophrandt Quembley", "", "1.5% inflation"}
	a := embedAll(t, newTestOffline(t), texts...)
	b := embedAll(t, newTestOffline(t), texts...)
	for i := range texts {
		// Alone or in a batch, in any instance: the same vector, bit for bit.
		alone := embedAll(t, newTestOffline(t), texts[i])[0]
		for d := range a[i] {
			if a[i][d] != b[i][d] || a[i][d] != alone[d] {
				t.Fatalf("Embed(%q)[%d]: %v, %v, alone %v", texts[i], d, a[i][d], b[i][d], alone[d])
			}
		}
	}
}

func TestEmbedSimilarity(t *testing.T) {
	o := newTestOffline(t)
	tests := []struct {
		name            string
		text, near, far string
		margin          float64
	}{
		// The check from OFFLINE-RETRIEVAL.md: 0.46 against 0.15 there.
		{"synonymous roles", "defense minister", "Pentagon chief", "refugee crisis", 0.2},
		{"paraphrase", "The cat rested on the carpet.", "The kitten slept on the rug.",
			"Stocks fell sharply on Wall Street.", 0.3},
		{"news topic", "Stock markets crashed as investors sold shares", "Wall Street plunged in heavy trading",
			"The team won the championship final", 0.3},
		{"question and answer", "Which continent will require a common phone charger?",
			"The European Union will require USB-C chargers for all smartphones",
			"The hurricane hit Florida with strong winds", 0.3},
		// Only the unknown name differs between near and far.
		{"unknown name matches itself", "Xylophrandt visited the city", "Xylophrandt left the village",
			"Borwinkel left the village", 0.05},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := embedAll(t, o, tt.text, tt.near, tt.far)
			near, far := cosine(v[0], v[1]), cosine(v[0], v[2])
			if near < far+tt.margin {
				t.Errorf("cos(%q, %q) = %.3f, cos(.., %q) = %.3f: want the first higher by %.2f",
					tt.text, tt.near, near, tt.far, far, tt.margin)
			}
		})
	}
}

func TestEmbedUnknownWords(t *testing.T) {
	o := newTestOffline(t)
	v := embedAll(t, o, "Xylophrandt", "XYLOPHRANDT", "Borwinkel", "Xylophrandts", "")
	if c := cosine(v[0], v[1]); c < 0.9999 {
		t.Errorf("an unknown word differs by case: cos %.4f", c)
	}
	for _, i := range []int{2, 3, 4} {
		if c := cosine(v[0], v[i]); math.Abs(c) > 0.4 {
			t.Errorf("cos(Xylophrandt, text %d) = %.3f: unknown words should be unrelated", i, c)
		}
	}
	for _, w := range []string{"xylophrandt", "borwinkel"} {
		if _, ok := o.tab.vocab[w]; ok {
			t.Fatalf("%q is in the table; pick a word that is not", w)
		}
	}
}

// TestEmbedEquivalentSpellings checks texts a reader sees as the same words
// get the same vector.
func TestEmbedEquivalentSpellings(t *testing.T) {
	o := newTestOffline(t)
	tests := []struct{ a, b string }{
		{"Biden's plan", "Biden plan"},
		{"Biden’s plan", "Biden's plan"},
		{"don’t go", "do not go"},
		{"They can't stay", "they can not stay"},
		{"Zürich and São Paulo", "Zurich and Sao Paulo"},
		{"2,000 people", "2000 people"},
		{"U.S. troops", "United States troops"},
		{"US troops", "united states troops"},
		{"the “Squid Game” season", "the Squid Game season"},
		{"WAR IN UKRAINE", "war in ukraine"},
		{"a well-known fact", "well-known fact"},
	}
	for _, tt := range tests {
		t.Run(tt.a, func(t *testing.T) {
			v := embedAll(t, o, tt.a, tt.b)
			if c := cosine(v[0], v[1]); c < 0.9999 {
				t.Errorf("cos(%q, %q) = %.4f, want 1", tt.a, tt.b, c)
			}
		})
	}
	// The pronoun is not the country.
	v := embedAll(t, o, "US troops", "us troops")
	if c := cosine(v[0], v[1]); c > 0.95 {
		t.Errorf("cos(US troops, us troops) = %.3f, want them apart", c)
	}
}

func TestEmbedWordlessText(t *testing.T) {
	o := newTestOffline(t)
	texts := []string{"", " ", "!!!", "— … “” ()", "a", "\xff\xfe", "I"}
	vs := embedAll(t, o, append(texts, "refugee crisis in Europe")...)
	for i, text := range texts {
		checkUnit(t, o, text, vs[i])
		if c := cosine(vs[i], o.empty); c < 0.9999 {
			t.Errorf("Embed(%q) is not the fixed empty-text vector (cos %.4f)", text, c)
		}
	}
	if c := cosine(o.empty, vs[len(texts)]); math.Abs(c) > 0.4 {
		t.Errorf("empty-text vector has cos %.3f with a real text, want near 0", c)
	}
}

// countdownCtx reports cancellation after its Err method has been called n
// times, to observe checks in the middle of a batch.
type countdownCtx struct {
	context.Context
	n atomic.Int32
}

func (c *countdownCtx) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

func TestEmbedCancel(t *testing.T) {
	o := newTestOffline(t)
	texts := make([]string, 10*ctxCheckEvery)
	for i := range texts {
		texts[i] = "a short news sentence about elections"
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if vs, err := o.Embed(ctx, texts); !errors.Is(err, context.Canceled) || vs != nil {
		t.Errorf("Embed(cancelled) = %d vectors, %v; want nil, context.Canceled", len(vs), err)
	}

	mid := &countdownCtx{Context: context.Background()}
	mid.n.Store(3) // the check before the batch, then two within it
	if vs, err := o.Embed(mid, texts); !errors.Is(err, context.Canceled) || vs != nil {
		t.Errorf("Embed(cancelled mid-batch) = %d vectors, %v; want nil, context.Canceled", len(vs), err)
	}
	if left := mid.n.Load(); left != -1 {
		t.Errorf("ctx checked %d times after it reported cancellation, want to stop at once", -1-left)
	}
}

func TestEmbedConcurrent(t *testing.T) {
	o := newTestOffline(t)
	texts := []string{"election results in Brazil", "Xylophrandt", "", "heat wave in Europe", "2,000 troops"}
	want := embedAll(t, o, texts...)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			for range 20 {
				got, err := o.Embed(context.Background(), texts)
				if err != nil {
					errs <- err
					return
				}
				for i := range want {
					for d := range want[i] {
						if got[i][d] != want[i][d] {
							errs <- errors.New("concurrent Embed gave a different vector for " + texts[i])
							return
						}
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func FuzzEmbed(f *testing.F) {
	for _, s := range []string{
		"", "defense minister", "U.S.", "don't", "O'Brien's", "2,000.50", "covid-19", "a.b.c.", "n't", "'s",
		"Zürich", "ǅemal", "日本語", "\xff", "-", "--a--", "1.2.3", ",,,1,,2", "US", "e.g.", "’’’", "x'", "'x",
	} {
		f.Add(s)
	}
	o := newTestOffline(f)
	f.Fuzz(func(t *testing.T, text string) {
		vs, err := o.Embed(context.Background(), []string{text, text})
		if err != nil {
			t.Fatalf("Embed: %v", err)
		}
		checkUnit(t, o, text, vs[0])
		for d := range vs[0] {
			if vs[0][d] != vs[1][d] {
				t.Fatalf("Embed(%q) is not deterministic", text)
			}
		}
	})
}
