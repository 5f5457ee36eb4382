package retrieval

import (
	"testing"

	"github.com/byline-bot/byline/config"
	"github.com/byline-bot/byline/ingest"
)

// testBuildOptions returns build options with the product's default chunking
// and embedding batch, taken from config where they are defined.
func testBuildOptions(emb Embedder) BuildOptions {
	d := config.Default().Index
	return BuildOptions{Embedder: emb, Chunk: ChunkConfig{Size: d.ChunkSize, Overlap: d.ChunkOverlap}, EmbedBatch: d.EmbedBatch}
}

// testLoader returns a loader with the product's default limits.
func testLoader(t testing.TB) *ingest.Loader {
	t.Helper()
	d := config.Default().Index
	l, err := ingest.New(ingest.Options{MaxBytes: d.MaxFileBytes, Timeout: d.FetchTimeout})
	if err != nil {
		t.Fatal(err)
	}
	return l
}
