package llm

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"

	openai "github.com/sashabaranov/go-openai"
)

// Embed returns one L2-normalized vector per text, in input order. Texts are
// sent EmbedBatch at a time (so ceil(len(texts)/EmbedBatch) requests when
// nothing fails) with at most EmbedConcurrency requests in flight; each
// batch is retried on its own, and the first batch that fails for good
// cancels the rest. Empty texts are rejected (KindBadRequest) because
// servers reject or zero them. Errors are *Error (or wrap ErrDisabled when
// no embed model is configured).
func (c *Client) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	if c.cfg.EmbedModel == "" {
		return nil, fmt.Errorf("embed: %w", ErrDisabled)
	}
	if len(texts) == 0 {
		return nil, nil
	}
	for i, t := range texts {
		if strings.TrimSpace(t) == "" {
			return nil, c.newError(KindBadRequest, 0, fmt.Sprintf("text %d to embed is empty", i), nil)
		}
	}

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	out := make([][]float32, len(texts))
	batches := make(chan int) // start index of each batch
	var (
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
	)
	fail := func(err error) {
		errOnce.Do(func() {
			firstErr = err
			cancel(err)
		})
	}
	workers := min(c.cfg.EmbedConcurrency, (len(texts)+c.cfg.EmbedBatch-1)/c.cfg.EmbedBatch)
	for range workers {
		wg.Go(func() {
			for start := range batches {
				end := min(start+c.cfg.EmbedBatch, len(texts))
				// Each batch writes its own range of out: no lock needed.
				if err := c.embedBatch(ctx, texts[start:end], out[start:end]); err != nil {
					fail(fmt.Errorf("embed texts %d-%d: %w", start, end-1, err))
				}
			}
		})
	}
feed:
	for start := 0; start < len(texts); start += c.cfg.EmbedBatch {
		select {
		case batches <- start:
		case <-ctx.Done():
			break feed
		}
	}
	close(batches)
	wg.Wait()

	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil { // the caller's context ended between batches
		return nil, c.classify(ctx, nil, err)
	}
	dims := len(out[0])
	for i, v := range out {
		if len(v) != dims {
			return nil, c.newError(KindBadResponse, 0,
				fmt.Sprintf("the embeddings server returned vectors of %d and %d dimensions (text %d)", dims, len(v), i), nil)
		}
	}
	return out, nil
}

// embedBatch embeds texts into out (same length), mapping results by their
// Index field and normalizing them.
func (c *Client) embedBatch(ctx context.Context, texts []string, out [][]float32) error {
	var resp openai.EmbeddingResponse
	err := c.withRetry(ctx, "embed", false, func(ctx context.Context) (bool, error) {
		var err error
		resp, err = c.oa.CreateEmbeddings(ctx, openai.EmbeddingRequest{
			Input: texts,
			Model: openai.EmbeddingModel(c.cfg.EmbedModel),
		})
		return false, err
	})
	if err != nil {
		return err
	}
	if len(resp.Data) != len(texts) {
		return c.newError(KindBadResponse, 0,
			fmt.Sprintf("the embeddings server returned %d vectors for %d texts", len(resp.Data), len(texts)), nil)
	}
	for _, d := range resp.Data {
		if d.Index < 0 || d.Index >= len(texts) || out[d.Index] != nil {
			return c.newError(KindBadResponse, 0,
				fmt.Sprintf("the embeddings server returned a bad or repeated index %d", d.Index), nil)
		}
		v, ok := normalize(d.Embedding)
		if !ok {
			return c.newError(KindBadResponse, 0,
				fmt.Sprintf("the embeddings server returned an empty, zero or non-finite vector (index %d)", d.Index), nil)
		}
		out[d.Index] = v
	}
	return nil
}

// normalize scales v to unit L2 norm in place (the slice is ours, freshly
// decoded). It reports false for empty, zero or non-finite vectors.
func normalize(v []float32) ([]float32, bool) {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if len(v) == 0 || sum == 0 || math.IsNaN(sum) || math.IsInf(sum, 0) {
		return nil, false
	}
	inv := 1 / math.Sqrt(sum)
	for i, x := range v {
		v[i] = float32(float64(x) * inv)
	}
	return v, true
}
