package retrieval

import (
	"context"
	"hash/fnv"
	"math"

	"github.com/byline-bot/byline/internal/text"
)

// hashEmbedder is a deterministic bag-of-words embedder for tests: each word
// adds to a hashed dimension. It counts its calls.
type hashEmbedder struct {
	dims  int
	calls *int
}

func (h hashEmbedder) Name() string { return "test-hash" }

func (h hashEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	if h.calls != nil {
		*h.calls++
	}
	out := make([][]float32, len(texts))
	for i, t := range texts {
		v := make([]float32, h.dims)
		for _, w := range text.Terms(t) {
			f := fnv.New32a()
			f.Write([]byte(w))
			v[f.Sum32()%uint32(h.dims)]++
		}
		var n float64
		for _, x := range v {
			n += float64(x * x)
		}
		if n > 0 {
			for j := range v {
				v[j] /= float32(math.Sqrt(n))
			}
		}
		out[i] = v
	}
	return out, nil
}
