package retrieval

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/internal/text"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func testArticles() []byline.Article {
	return []byline.Article{
		{ID: "austin", Title: "Austin and Shoigu speak by phone", Published: day("2022-10-21"), URL: "https://example.com/austin",
			Text: "US Defense Secretary Lloyd Austin spoke with his Russian counterpart Sergei Shoigu on Friday. " +
				"They discussed the war in Ukraine.\n\nAustin also spoke with Ukrainian Defense Minister Oleksiy Reznikov."},
		{ID: "squid", Title: "Squid Game renewed", Published: day("2022-06-12"), URL: "https://example.com/squid",
			Text: "Netflix announced that the wildly popular South Korean show Squid Game is green lit for a second season."},
		{ID: "charger", Title: "EU agrees on a common charger", Published: day("2022-06-07"),
			Text: "Europe will require Apple and other smartphone makers to support USB-C, a single common charging standard."},
	}
}

func build(t *testing.T, prev *Index, arts []byline.Article, calls *int) *Index {
	t.Helper()
	ix, _, err := Build(context.Background(), prev, arts, BuildOptions{Embedder: hashEmbedder{dims: 32, calls: calls}, Chunk: ChunkConfig{Size: 200, Overlap: 50}, EmbedBatch: 64})
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestSearchFindsArticleAndPassage(t *testing.T) {
	ix := build(t, nil, testArticles(), nil)
	tests := []struct {
		q, wantID, wantInPassage string
	}{
		{"Who did Lloyd Austin speak with?", "austin", "Shoigu"},
		{"Which show was green lit for a new season?", "squid", "second season"},
		{"charging standard for smartphones in Europe", "charger", "USB-C"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Query{Text: tt.q, AsOf: day("2022-10-22")})
			if err != nil {
				t.Fatal(err)
			}
			if len(res) == 0 || res[0].Article.ID != tt.wantID {
				t.Fatalf("top result %+v, want %s", res, tt.wantID)
			}
			p := res[0].Passages[0]
			if !strings.Contains(p.Text, tt.wantInPassage) {
				t.Errorf("best passage %q lacks %q", p.Text, tt.wantInPassage)
			}
			if got := res[0].Article.Text[p.Start:p.End]; got != p.Text {
				t.Errorf("passage offsets [%d,%d) give %q, want %q", p.Start, p.End, got, p.Text)
			}
			if res[0].Coverage <= 0 || res[0].Coverage > 1 {
				t.Errorf("coverage %v out of (0,1]", res[0].Coverage)
			}
		})
	}
	if _, err := ix.Search(context.Background(), Query{Text: " ?! "}); !errors.Is(err, ErrEmptyQuery) {
		t.Errorf("empty query: %v", err)
	}
}

// Re-indexing unchanged articles embeds nothing; a changed article is
// embedded again (one call for its chunks, one for its title) and a removed one leaves the index.
func TestBuildReusesUnchangedVectors(t *testing.T) {
	var calls int
	arts := testArticles()
	ix := build(t, nil, arts, &calls)
	if calls == 0 {
		t.Fatal("first build made no embedding calls")
	}
	calls = 0
	ix2 := build(t, ix, arts, &calls)
	if calls != 0 {
		t.Errorf("unchanged re-index made %d embedding calls, want 0", calls)
	}
	arts[1].Text += " Filming starts next year."
	calls = 0
	_, st, err := Build(context.Background(), ix2, arts[1:], BuildOptions{Embedder: hashEmbedder{dims: 32, calls: &calls}, Chunk: ChunkConfig{Size: 200, Overlap: 50}, EmbedBatch: 64})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 2 || st.Articles != 2 || st.ChunksReused == 0 || st.ChunksEmbedded != 1 {
		t.Errorf("after one change and one removal: calls %d, stats %+v", calls, st)
	}
}

func TestSnapshotRoundTripAndCorruption(t *testing.T) {
	ix := build(t, nil, testArticles(), nil)
	var buf bytes.Buffer
	if _, err := ix.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	emb := hashEmbedder{dims: 32}
	got, err := ReadSnapshot(context.Background(), bytes.NewReader(buf.Bytes()), emb)
	if err != nil {
		t.Fatal(err)
	}
	q := Query{Text: "Lloyd Austin Shoigu", AsOf: day("2022-10-22")}
	want, _ := ix.Search(context.Background(), q)
	have, err := got.Search(context.Background(), q)
	if err != nil || len(have) != len(want) || have[0].Article.ID != want[0].Article.ID || have[0].Score != want[0].Score {
		t.Errorf("loaded index ranks differently: %v %v vs %v", err, have, want)
	}

	data := buf.Bytes()
	for name, mutate := range map[string]func([]byte) []byte{
		"flipped byte": func(b []byte) []byte { c := bytes.Clone(b); c[len(c)/2] ^= 0xff; return c },
		"truncated":    func(b []byte) []byte { return b[:len(b)-10] },
		"not an index": func([]byte) []byte { return []byte("hello world, this is not an index file at all.....") },
		"empty":        func([]byte) []byte { return nil },
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ReadSnapshot(context.Background(), bytes.NewReader(mutate(data)), emb)
			if !errors.Is(err, ErrCorrupt) {
				t.Errorf("got %v, want ErrCorrupt", err)
			}
		})
	}
	if _, err := ReadSnapshot(context.Background(), bytes.NewReader(data), renamed{emb}); !errors.Is(err, ErrEmbedderMismatch) {
		t.Errorf("other embedder: got %v, want ErrEmbedderMismatch", err)
	}
}

type renamed struct{ hashEmbedder }

func (renamed) Name() string { return "another-embedder" }

func TestChunksFollowSentences(t *testing.T) {
	body := strings.Repeat("This is a sentence about the news. ", 40) + "\n\nA new paragraph starts here."
	spans := chunkText(body, ChunkConfig{Size: 300, Overlap: 80})
	if len(spans) < 4 {
		t.Fatalf("%d chunks", len(spans))
	}
	for i, s := range spans {
		c := body[s.Start:s.End]
		if len(c) > 300 {
			t.Errorf("chunk %d is %d bytes", i, len(c))
		}
		if !strings.HasSuffix(c, ".") {
			t.Errorf("chunk %d does not end at a sentence: %q", i, c)
		}
		if i > 0 && s.Start >= spans[i-1].End {
			t.Errorf("chunk %d does not overlap the previous one", i)
		}
	}
	if last := body[spans[len(spans)-1].Start:spans[len(spans)-1].End]; !strings.Contains(last, "A new paragraph") {
		t.Errorf("last chunk %q", last)
	}
}

// An overlap of 0 means none: each chunk starts where the previous ended
// (it once meant "the default, 150 bytes").
func TestChunkOverlapZeroMeansNone(t *testing.T) {
	body := strings.Repeat("The council met on Tuesday to discuss the harbour budget. ", 40)
	spans := chunkText(body, ChunkConfig{Size: 300, Overlap: 0})
	if len(spans) < 3 {
		t.Fatalf("%d chunks, want several", len(spans))
	}
	for i := 1; i < len(spans); i++ {
		if spans[i].Start < spans[i-1].End {
			t.Errorf("chunk %d starts at %d, inside the previous chunk (ends %d)", i, spans[i].Start, spans[i-1].End)
		}
	}
}

// FuzzChunkText checks that chunks are valid UTF-8 spans inside the body,
// in order, within the size limit, and that together they cover every
// sentence.
func FuzzChunkText(f *testing.F) {
	f.Add("Hello there. General Kenobi!\n\nYou are a bold one.", 50, 10)
	f.Add(strings.Repeat("word ", 500), 100, 20)
	f.Add("Dr. Smith met Mr. Jones. “Quote.” Next", 30, 0)
	f.Add("日本語のテキスト。次の文。", 20, 5)
	f.Fuzz(func(t *testing.T, body string, size, overlap int) {
		if (ChunkConfig{Size: size, Overlap: overlap}).Validate() != nil || size < 20 || size > 5000 {
			t.Skip()
		}
		spans := chunkText(body, ChunkConfig{Size: size, Overlap: overlap})
		prevStart := -1
		for _, s := range spans {
			if s.Start < 0 || s.End > len(body) || s.Start >= s.End {
				t.Fatalf("bad span %+v for len %d", s, len(body))
			}
			if s.Start <= prevStart {
				t.Fatalf("spans not increasing: %+v", spans)
			}
			prevStart = s.Start
			if s.End-s.Start > size {
				t.Fatalf("span %+v longer than %d", s, size)
			}
			if utf8.ValidString(body) && !utf8.ValidString(body[s.Start:s.End]) {
				t.Fatalf("span %+v cuts a rune", s)
			}
		}
		for _, s := range text.Sentences(body) {
			covered := false
			for _, c := range spans {
				if c.Start <= s[0] && s[0] < c.End {
					covered = true
				}
			}
			if !covered {
				t.Fatalf("sentence at %d not in any chunk", s[0])
			}
		}
	})
}

// failingEmbedder embeds like hashEmbedder until down is set, then fails,
// as a remote embedding server that went away.
type failingEmbedder struct {
	hashEmbedder
	down *bool
}

func (f failingEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	if *f.down {
		return nil, errors.New("embedding server unreachable")
	}
	return f.hashEmbedder.Embed(ctx, texts)
}

// When the embedder fails at question time, the search ranks by words: an
// answer still comes instead of an error.
func TestSearchWithoutTheEmbedder(t *testing.T) {
	down := false
	emb := failingEmbedder{hashEmbedder{dims: 32}, &down}
	ix, _, err := Build(context.Background(), nil, testArticles(), BuildOptions{Embedder: emb, Chunk: ChunkConfig{Size: 200, Overlap: 50}, EmbedBatch: 64})
	if err != nil {
		t.Fatal(err)
	}
	down = true
	res, err := ix.Search(context.Background(), Query{Text: "Who did Lloyd Austin speak with?", AsOf: day("2022-10-25")})
	if err != nil || len(res) == 0 || res[0].Article.ID != "austin" {
		t.Fatalf("search with the embedder down: %v, %v", res, err)
	}
}

// parallelHash is hashEmbedder, declared safe to call from several
// goroutines (as the offline embedder is), optionally failing on a text.
type parallelHash struct {
	hashEmbedder
	failOn string
}

func (p parallelHash) Parallel() bool { return true }

func (p parallelHash) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	for _, t := range texts {
		if p.failOn != "" && strings.Contains(t, p.failOn) {
			return nil, errors.New("embedder down")
		}
	}
	return p.hashEmbedder.Embed(ctx, texts)
}

// Embedding on several goroutines gives the index one goroutine gives, and
// one failing batch fails the build with what failed.
func TestParallelEmbedding(t *testing.T) {
	arts := appendCorpus()
	opts := BuildOptions{Embedder: hashEmbedder{dims: 32}, Chunk: ChunkConfig{Size: 200, Overlap: 50}, EmbedBatch: 3}
	one, _, err := Build(context.Background(), nil, arts, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.Embedder = parallelHash{hashEmbedder: hashEmbedder{dims: 32}}
	many, _, err := Build(context.Background(), nil, arts, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(one.vectors.base, many.vectors.base) || !slices.Equal(one.titleVecs.base, many.titleVecs.base) {
		t.Error("parallel embedding gave other vectors, or put them in other places")
	}
	opts.Embedder = parallelHash{hashEmbedder: hashEmbedder{dims: 32}, failOn: "stadium"}
	if _, _, err := Build(context.Background(), nil, arts, opts); err == nil || !strings.Contains(err.Error(), "embedder down") || !strings.Contains(err.Error(), "embed chunks") {
		t.Errorf("a failing batch: %v", err)
	}
}
