package llm_test

import (
	"fmt"
	"math"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/byline-bot/byline/llm"
	"github.com/byline-bot/byline/llm/llmtest"
)

// countingTransport counts round trips through the default transport.
type countingTransport struct{ n atomic.Int64 }

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return http.DefaultTransport.RoundTrip(r)
}

func texts(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("article %d about topic%d and topic%d", i, i, i*7)
	}
	return out
}

func TestEmbed(t *testing.T) {
	for _, tt := range []struct{ n, batch, wantReqs int }{
		{1, 5, 1}, {5, 5, 1}, {37, 5, 8}, {64, 16, 4}, {100, 64, 2},
	} {
		t.Run(fmt.Sprintf("%d texts by %d", tt.n, tt.batch), func(t *testing.T) {
			embed := llmtest.HashEmbed(32)
			srv := llmtest.NewServer(t, llmtest.Options{Embed: embed, ReverseEmbeddings: true})
			c, _ := newClient(t, srv, func(c *llm.Config) { c.EmbedBatch = tt.batch; c.EmbedConcurrency = 3 })
			in := texts(tt.n)

			got, err := c.Embed(t.Context(), in)
			if err != nil {
				t.Fatalf("Embed: %v", err)
			}
			if n := srv.Count("/embeddings"); n != tt.wantReqs {
				t.Errorf("%d requests, want %d", n, tt.wantReqs)
			}
			for _, r := range srv.Requests() {
				if len(r.Inputs) > tt.batch {
					t.Errorf("a request carried %d inputs, batch is %d", len(r.Inputs), tt.batch)
				}
			}
			if len(got) != len(in) {
				t.Fatalf("%d vectors for %d texts", len(got), len(in))
			}
			for i, v := range got {
				if norm := l2(v); math.Abs(norm-1) > 1e-5 {
					t.Errorf("vector %d has norm %v", i, norm)
				}
				// The server sends them reversed: each must still be its
				// own text's vector.
				want := embed(in[i])
				if cos := dot(v, want) / l2(want); math.Abs(cos-1) > 1e-5 {
					t.Errorf("vector %d is not the embedding of text %d (cosine %v)", i, i, cos)
				}
			}
		})
	}
}

func TestEmbedConcurrencyBound(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Options{Delay: 30 * time.Millisecond})
	c, _ := newClient(t, srv, func(c *llm.Config) { c.EmbedBatch = 2; c.EmbedConcurrency = 3 })
	if _, err := c.Embed(t.Context(), texts(20)); err != nil {
		t.Fatalf("Embed: %v", err)
	}
	if n := srv.Count(""); n != 10 {
		t.Errorf("%d requests, want 10", n)
	}
	if got := srv.MaxInFlight(); got > 3 || got < 2 {
		t.Errorf("max in flight = %d, want 2..3 (bounded by EmbedConcurrency 3)", got)
	}
}

func TestEmbedFirstErrorCancelsRest(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Options{Statuses: []int{400}, Delay: 20 * time.Millisecond})
	c, _ := newClient(t, srv, func(c *llm.Config) { c.EmbedBatch = 1; c.EmbedConcurrency = 2 })
	_, err := c.Embed(t.Context(), texts(20))
	e := asError(t, err, llm.KindBadRequest)
	if e.Status != 400 {
		t.Errorf("status %d, want 400", e.Status)
	}
	if n := srv.Count(""); n > 4 {
		t.Errorf("%d of 20 requests sent after the first failure", n)
	}
}

func TestEmbedRetriesOneBatch(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Options{Statuses: []int{503}})
	c, _ := newClient(t, srv, func(c *llm.Config) { c.EmbedBatch = 4; c.EmbedConcurrency = 1 })
	got, err := c.Embed(t.Context(), texts(8))
	if err != nil || len(got) != 8 {
		t.Fatalf("Embed = %d vectors, %v", len(got), err)
	}
	if n := srv.Count(""); n != 3 {
		t.Errorf("%d requests, want 3 (2 batches, 1 retry)", n)
	}
}

func TestEmbedBadResponses(t *testing.T) {
	tests := []struct {
		name string
		opts llmtest.Options
	}{
		{"garbage", llmtest.Options{Garbage: true}},
		{"zero vector", llmtest.Options{Embed: func(string) []float32 { return make([]float32, 8) }}},
		{"empty vector", llmtest.Options{Embed: func(string) []float32 { return nil }}},
		{"mixed dimensions", llmtest.Options{Embed: func(s string) []float32 {
			v := make([]float32, len(s))
			for i := range v {
				v[i] = 1
			}
			return v
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewServer(t, tt.opts)
			c, _ := newClient(t, srv, nil)
			_, err := c.Embed(t.Context(), []string{"a", "bb", "ccc"})
			asError(t, err, llm.KindBadResponse)
		})
	}
}

func TestEmbedEmptyInput(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Options{})
	c, _ := newClient(t, srv, nil)
	got, err := c.Embed(t.Context(), nil)
	if err != nil || got != nil {
		t.Errorf("Embed(nil) = %v, %v; want nil, nil", got, err)
	}
	_, err = c.Embed(t.Context(), []string{"fine", "  "})
	asError(t, err, llm.KindBadRequest)
	if n := srv.Count(""); n != 0 {
		t.Errorf("%d requests, want 0", n)
	}
}

func TestEmbedderName(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Options{})
	c, _ := newClient(t, srv, func(c *llm.Config) { c.APIKey = "sk-secret-value" })
	host := strings.TrimPrefix(strings.TrimSuffix(srv.URL, "/v1"), "http://")
	if got, want := c.EmbedderName(), "openai:test-embed@"+host; got != want {
		t.Errorf("EmbedderName = %q, want %q", got, want)
	}
	def, err := llm.New(testConfig(func(c *llm.Config) { c.APIKey = "sk-secret-value"; c.EmbedModel = "text-embedding-3-small" }), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := def.EmbedderName(), "openai:text-embedding-3-small@api.openai.com"; got != want {
		t.Errorf("EmbedderName = %q, want %q", got, want)
	}
}

func l2(v []float32) float64 { return math.Sqrt(dot(v, v)) }

func dot(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}
