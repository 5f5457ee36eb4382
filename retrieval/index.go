// Package retrieval finds the passages of the indexed articles that answer a
// question. It chunks articles along sentences, keeps a lexical (BM25) index
// of articles and chunks beside chunk vectors stored in chromem-go, and ranks
// articles first (lexical and vector evidence, times a prior for when the
// question is about), then passages inside them.
//
// An Index is immutable once built: searches never wait for writers. A
// re-index builds a new Index (reusing the vectors of unchanged articles) that
// the caller swaps in.
package retrieval

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"time"

	chromem "github.com/philippgille/chromem-go"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/internal/text"
)

// Embedder turns texts into L2-normalized vectors. Name identifies the
// vectors it makes: changing the embedder means re-indexing.
type Embedder interface {
	Name() string
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// derivedVersion names the way the lexical index and the duplicate groups
// are derived from the articles. Bump it with any change to text.Terms, the
// BM25 fields or groupDuplicates: saved indexes then rebuild them on load and
// on the next re-index instead of keeping stale ones.
const derivedVersion = 4

// ErrEmbedderMismatch means the index was built by another embedder than the
// one configured; mixing their vectors would rank nonsense.
var ErrEmbedderMismatch = errors.New("index was built with a different embedder")

// doc is one indexed article and its chunk range.
type doc struct {
	byline.Article
	Hash  string
	First int32 // index of its first chunk
	N     int32 // number of chunks
	// Canon is the index of the article this one duplicates (itself when
	// unique); Outlets lists the sources of every copy, on the canonical one.
	Canon   int32
	Outlets []string
}

type chunk struct {
	Doc        int32
	Start, End int32 // byte offsets into the article's Text
}

// Index is a built, immutable, searchable set of articles.
type Index struct {
	embedder Embedder
	embName  string
	chunkCfg ChunkConfig
	dims     int

	docs    []doc
	byID    map[string]int32
	chunks  []chunk
	vectors rows // len(chunks) rows of dims, row per chunk
	// titleVecs holds each article's title vector (len(docs) rows), made at
	// build time so that a search embeds only the question.
	titleVecs rows
	// artVecs holds each article's vector, the normalized mean of its chunk
	// vectors (len(docs) * dims): what the chromem-go collection holds.
	artVecs []float32

	coll *chromem.Collection
	// inColl is how many of the collection's vectors are this index's: an
	// index appended to this one adds its own to the shared collection.
	inColl   int
	vocab    vocabulary
	artLex   lexical
	chunkLex lexical
	// derived is the derivedVersion of the lexical index and groups;
	// rederived is set when loading had to remake them (the saved ones were
	// of an older version), so the snapshot should be saved again.
	derived   int
	rederived bool
	// dead marks tombstones (nil when there are none): versions removed or
	// replaced by Change, kept in the arrays until a Build drops them.
	dead  []bool
	nDead int
	// seq is the position in the article journal the index reflects.
	seq uint64
	// newest is the latest published date, the default "now" for an index of
	// old news when none is given.
	newest time.Time
}

// BuildOptions configures Build.
type BuildOptions struct {
	Chunk    ChunkConfig
	Embedder Embedder
	// EmbedBatch is how many chunks go to the embedder per call (default 256).
	EmbedBatch int
	// Progress, when set, is called after each embedding batch.
	Progress func(BuildProgress)
	// Known, when set, gives the chunks and vectors already made for an
	// article's content (by its id and content hash), so that they are not
	// embedded again: a journal replayed at start-up. Vectors that do not
	// fit (another dimension, spans past the text) are ignored.
	Known func(id, hash string) (ArticleVectors, bool)
}

// ArticleVectors is what indexing made of one article's content.
type ArticleVectors struct {
	Hash string
	// Spans are the chunks' start and end byte offsets in the text, in pairs.
	Spans []int32
	// Chunks holds one vector per chunk, row after row.
	Chunks []float32
	Title  []float32
}

// fits reports whether v can stand for a's chunks in an index of dims
// dimensions (0: not known yet).
func (v ArticleVectors) fits(a *byline.Article, dims int) bool {
	n := len(v.Title)
	if n == 0 || dims != 0 && n != dims || len(v.Spans)%2 != 0 || len(v.Chunks) != len(v.Spans)/2*n {
		return false
	}
	for k := 0; k < len(v.Spans); k += 2 {
		if v.Spans[k] < 0 || v.Spans[k+1] < v.Spans[k] || int(v.Spans[k+1]) > len(a.Text) {
			return false
		}
	}
	return true
}

// Hash returns the content hash of the indexed article with the given id.
func (ix *Index) Hash(id string) (string, bool) {
	i, ok := ix.byID[id]
	if !ok {
		return "", false
	}
	return ix.docs[i].Hash, true
}

// Vectors returns what indexing made of the article with the given id.
// The slices are views: do not change them.
func (ix *Index) Vectors(id string) (ArticleVectors, bool) {
	i, ok := ix.byID[id]
	if !ok {
		return ArticleVectors{}, false
	}
	d := &ix.docs[i]
	v := ArticleVectors{Hash: d.Hash, Spans: make([]int32, 0, 2*d.N), Title: ix.titleVector(int(i)),
		Chunks: ix.vectors.span(int(d.First), int(d.First+d.N), ix.dims)}
	for c := d.First; c < d.First+d.N; c++ {
		v.Spans = append(v.Spans, ix.chunks[c].Start, ix.chunks[c].End)
	}
	return v, true
}

// BuildProgress reports embedding progress.
type BuildProgress struct {
	ChunksDone, ChunksTotal int
}

// BuildStats says how much work a build did.
type BuildStats struct {
	Articles       int
	Chunks         int
	ChunksEmbedded int
	ChunksReused   int
	EmbedCalls     int
}

// ArticleHash identifies an article's indexed content: when it and the
// embedder are unchanged, its chunks and vectors are reused.
func articleHash(a byline.Article, cfg ChunkConfig) string {
	h := sha256.New()
	for _, s := range []string{a.ID, a.Title, a.URL, a.Source, a.Author, a.PublishedString(), a.Text,
		strconv.Itoa(cfg.Size), strconv.Itoa(cfg.Overlap)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Build indexes articles. When prev was built by the same embedder with the
// same chunking, the vectors of articles whose content is unchanged are
// reused and not embedded again. Articles with duplicate ids keep the first.
func Build(ctx context.Context, prev *Index, articles []byline.Article, opts BuildOptions) (*Index, BuildStats, error) {
	if opts.Embedder == nil {
		return nil, BuildStats{}, errors.New("build index: no embedder")
	}
	cfg := opts.Chunk
	if err := cfg.Validate(); err != nil {
		return nil, BuildStats{}, fmt.Errorf("build index: %w", err)
	}
	batch := opts.EmbedBatch
	if batch <= 0 {
		return nil, BuildStats{}, fmt.Errorf("build index: embed batch %d: want a positive count", batch)
	}
	ix := &Index{
		embedder: opts.Embedder,
		embName:  opts.Embedder.Name(),
		chunkCfg: cfg,
		byID:     make(map[string]int32, len(articles)),
	}
	reuse := prev != nil && prev.embName == ix.embName && prev.chunkCfg == cfg
	if reuse {
		ix.dims = prev.dims
	}

	sorted := make([]byline.Article, 0, len(articles))
	seen := make(map[string]bool, len(articles))
	for _, a := range articles {
		if a.ID == "" || seen[a.ID] {
			continue
		}
		seen[a.ID] = true
		sorted = append(sorted, a)
	}
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })

	type pending struct{ chunk int }
	var todo []pending
	var stats BuildStats
	vecRows := make([][]float32, 0, len(sorted)*4)
	var titleRows [][]float32
	var titleTodo []int // docs whose title needs embedding
	for _, a := range sorted {
		d := doc{Article: a, Hash: articleHash(a, cfg), First: int32(len(ix.chunks))}
		d.Canon = int32(len(ix.docs))
		if reuse {
			if pi, ok := prev.byID[a.ID]; ok && prev.docs[pi].Hash == d.Hash {
				pd := prev.docs[pi]
				for c := pd.First; c < pd.First+pd.N; c++ {
					pc := prev.chunks[c]
					ix.chunks = append(ix.chunks, chunk{Doc: int32(len(ix.docs)), Start: pc.Start, End: pc.End})
					vecRows = append(vecRows, prev.vector(int(c)))
				}
				d.N = pd.N
				stats.ChunksReused += int(pd.N)
				titleRows = append(titleRows, prev.titleVector(int(pi)))
				ix.byID[a.ID] = int32(len(ix.docs))
				ix.docs = append(ix.docs, d)
				continue
			}
		}
		if opts.Known != nil {
			if kv, ok := opts.Known(a.ID, d.Hash); ok && kv.fits(&a, ix.dims) {
				ix.dims = len(kv.Title)
				for k := 0; k < len(kv.Spans); k += 2 {
					ix.chunks = append(ix.chunks, chunk{Doc: int32(len(ix.docs)), Start: kv.Spans[k], End: kv.Spans[k+1]})
					vecRows = append(vecRows, kv.Chunks[k/2*ix.dims:(k/2+1)*ix.dims])
				}
				d.N = int32(len(kv.Spans) / 2)
				stats.ChunksReused += int(d.N)
				titleRows = append(titleRows, kv.Title)
				ix.byID[a.ID] = int32(len(ix.docs))
				ix.docs = append(ix.docs, d)
				continue
			}
		}
		titleTodo = append(titleTodo, len(ix.docs))
		titleRows = append(titleRows, nil)
		for _, s := range chunkText(a.Text, cfg) {
			todo = append(todo, pending{chunk: len(ix.chunks)})
			ix.chunks = append(ix.chunks, chunk{Doc: int32(len(ix.docs)), Start: int32(s.Start), End: int32(s.End)})
			vecRows = append(vecRows, nil)
			d.N++
		}
		ix.byID[a.ID] = int32(len(ix.docs))
		ix.docs = append(ix.docs, d)
	}

	// Chunk texts are made batch by batch: all at once they would be another
	// copy of the corpus.
	chunkText := func(k int) string { return ix.chunkEmbedText(todo[k].chunk) }
	// New vectors go straight into the index's array (made at the first
	// one, when the dimension is known), not kept one slice each until the
	// end: at 60,000 articles that was another 300 MB held at the peak.
	var once sync.Once
	err := ix.embedAll(ctx, opts.Embedder, "chunks", len(todo), chunkText, batch, &stats, func(k int, v []float32) {
		once.Do(func() { ix.vectors.base = make([]float32, len(ix.chunks)*ix.dims) })
		copy(ix.vectors.base[todo[k].chunk*ix.dims:], v)
	}, func(done int) {
		stats.ChunksEmbedded = done
		if opts.Progress != nil {
			opts.Progress(BuildProgress{ChunksDone: done, ChunksTotal: len(todo)})
		}
	})
	if err != nil {
		return nil, stats, err
	}
	titleText := func(k int) string { return ix.docs[titleTodo[k]].Title }
	err = ix.embedAll(ctx, opts.Embedder, "titles", len(titleTodo), titleText, batch, &stats, func(k int, v []float32) {
		titleRows[titleTodo[k]] = v
	}, nil)
	if err != nil {
		return nil, stats, err
	}
	ix.titleVecs.base = make([]float32, 0, len(titleRows)*ix.dims)
	for _, v := range titleRows {
		ix.titleVecs.base = append(ix.titleVecs.base, v...)
	}
	once.Do(func() { ix.vectors.base = make([]float32, len(ix.chunks)*ix.dims) })
	for i, v := range vecRows {
		if v != nil { // reused or known; the rest were embedded in place
			copy(ix.vectors.base[i*ix.dims:], v)
		}
	}
	if !reuse {
		prev = nil
	}
	if err := ix.finish(ctx, prev); err != nil {
		return nil, stats, err
	}
	stats.Articles = len(ix.docs)
	stats.Chunks = len(ix.chunks)
	return ix, stats, nil
}

// parallelEmbedder is an Embedder whose Embed may run on several
// goroutines at once to use more cores (the offline one). A remote one
// bounds its own requests in flight and is called one batch at a time.
type parallelEmbedder interface {
	Embedder
	Parallel() bool
}

// embedAll embeds the n texts text gives in batches of batch, checks that
// every vector has the index's dimensions (set by the first one), and hands
// each to put (from several goroutines at once for a parallel embedder, on
// distinct k); after each batch, done (may be nil) gets the number embedded
// so far. The first error stops the rest.
func (ix *Index) embedAll(ctx context.Context, emb Embedder, what string, n int, text func(k int) string, batch int,
	stats *BuildStats, put func(k int, v []float32), done func(n int)) error {
	workers := 1
	if p, ok := emb.(parallelEmbedder); ok && p.Parallel() {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var (
		mu       sync.Mutex // guards dims, stats, embedded and done's calls
		embedded int
		wg       sync.WaitGroup
	)
	starts := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			texts := make([]string, 0, batch)
			for start := range starts {
				end := min(start+batch, n)
				texts = texts[:0]
				for k := start; k < end; k++ {
					texts = append(texts, text(k))
				}
				vecs, err := emb.Embed(ctx, texts)
				mu.Lock()
				stats.EmbedCalls++
				if err == nil && len(vecs) != end-start {
					err = fmt.Errorf("embed %s: got %d vectors for %d texts", what, len(vecs), end-start)
				}
				for _, v := range vecs {
					if err != nil {
						break
					}
					if ix.dims == 0 {
						ix.dims = len(v)
					}
					if len(v) != ix.dims {
						err = fmt.Errorf("embed %s: vector of %d dimensions, want %d", what, len(v), ix.dims)
					}
				}
				mu.Unlock()
				if err != nil {
					// The first cause stays: later batches fail for it.
					cancel(fmt.Errorf("embed %s %d-%d of %d: %w", what, start+1, end, n, err))
					continue
				}
				for k, v := range vecs {
					put(start+k, v)
				}
				mu.Lock()
				embedded += end - start
				if done != nil {
					done(embedded)
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for start := 0; start < n; start += batch {
		select {
		case starts <- start:
		case <-ctx.Done():
			break feed
		}
	}
	close(starts)
	wg.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return ctx.Err()
}

// finish builds the derived structures: lexical indexes, duplicate groups
// and the vector collection. When the articles are exactly those of prev,
// prev's lexical indexes and groups are shared instead of rebuilt (a
// re-index of an unchanged corpus).
func (ix *Index) finish(ctx context.Context, prev *Index) error {
	for i := range ix.docs {
		if ix.docs[i].Published.After(ix.newest) {
			ix.newest = ix.docs[i].Published
		}
	}
	if prev != nil && prev.derived == derivedVersion && sameDocs(ix, prev) {
		ix.vocab, ix.artLex, ix.chunkLex = prev.vocab, prev.artLex, prev.chunkLex
		for i := range ix.docs {
			ix.docs[i].Canon, ix.docs[i].Outlets = prev.docs[i].Canon, prev.docs[i].Outlets
		}
	} else {
		ix.buildLexical()
		ix.groupDuplicates()
	}
	ix.derived = derivedVersion
	return ix.buildVectors(ctx)
}

// sameDocs reports whether a and b index the same article versions in the
// same order with the same chunks.
func sameDocs(a, b *Index) bool {
	if len(a.docs) != len(b.docs) || len(a.chunks) != len(b.chunks) || a.chunkCfg != b.chunkCfg {
		return false
	}
	for i := range a.docs {
		if a.docs[i].Hash != b.docs[i].Hash || a.docs[i].ID != b.docs[i].ID {
			return false
		}
	}
	return true
}

// buildLexical tokenizes every article and chunk into the BM25 indexes. The
// two halves run in parallel, each with a vocabulary of its own, and the
// chunks' term ids are then mapped onto the articles' vocabulary. No token
// list is kept: each document's terms go straight into its postings, so the
// build holds the postings and no more (at 60k articles the token lists
// alone took gigabytes).
func (ix *Index) buildLexical() {
	artVocab, chunkVocab := make(vocabulary), make(vocabulary)
	var art, chunk lexical
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		addTerms(&art, artVocab, 0, len(ix.docs), ix.articleTerms)
	}()
	go func() {
		defer wg.Done()
		addTerms(&chunk, chunkVocab, 0, len(ix.chunks), ix.chunkTerms)
	}()
	wg.Wait()
	// One vocabulary: the articles' ids, then the chunks' new terms in the
	// order they were met (deterministic, as the snapshot stores it).
	ix.vocab = artVocab
	byLocal := make([]string, len(chunkVocab))
	for t, id := range chunkVocab {
		byLocal[id] = t
	}
	postings := make([][]posting, len(byLocal))
	for local, t := range byLocal {
		id := ix.vocab.id(t)
		for int(id) >= len(postings) {
			postings = append(postings, nil)
		}
		if local < len(chunk.postings) {
			postings[id] = chunk.postings[local]
		}
	}
	chunk.postings = postings
	art.finish()
	chunk.finish()
	ix.artLex, ix.chunkLex = art, chunk
}

// addTerms adds documents from..to-1 to lex, with the terms terms gives
// each, numbered by vocab.
func addTerms(lex *lexical, vocab vocabulary, from, to int, terms func(out []string, i int) []string) {
	var toks []string
	var ids []int32
	for i := from; i < to; i++ {
		toks = terms(toks[:0], i)
		ids = ids[:0]
		for _, t := range toks {
			ids = append(ids, vocab.id(t))
		}
		lex.add(int32(i), ids)
	}
}

// articleTerms appends article i's search terms to out: the title counts
// twice, as it says what the article is about.
func (ix *Index) articleTerms(out []string, i int) []string {
	d := &ix.docs[i]
	n := len(out)
	out = text.AppendTerms(out, d.Title)
	out = append(out, out[n:]...)
	return text.AppendTerms(out, d.Text)
}

// chunkTerms appends chunk i's search terms to out: its article's title,
// then its text.
func (ix *Index) chunkTerms(out []string, i int) []string {
	c := ix.chunks[i]
	d := &ix.docs[c.Doc]
	return text.AppendTerms(text.AppendTerms(out, d.Title), d.Text[c.Start:c.End])
}

// buildVectors puts one vector per article into a chromem-go collection:
// the normalized mean of its chunk vectors. Searching articles instead of
// chunks scans about eleven times fewer vectors; the chunks of the articles
// found (and of the best articles by their words) are then compared with
// the question one by one (vectorEvidence).
func (ix *Index) buildVectors(ctx context.Context) error {
	ix.artVecs = make([]float32, len(ix.docs)*ix.dims)
	for i := range ix.docs {
		d := &ix.docs[i]
		v := ix.artVecs[i*ix.dims : (i+1)*ix.dims]
		for c := d.First; c < d.First+d.N; c++ {
			for k, x := range ix.vector(int(c)) {
				v[k] += x
			}
		}
		normalize(v)
	}
	return ix.addToCollection(ctx)
}

// addToCollection puts the article vectors of canonical articles into a new
// chromem-go collection.
func (ix *Index) addToCollection(ctx context.Context) error {
	db := chromem.NewDB()
	// Vectors are always given: chromem-go must never embed text itself.
	coll, err := db.CreateCollection("articles", nil, func(context.Context, string) ([]float32, error) {
		return nil, errors.New("retrieval: chromem-go asked to embed text; vectors must be precomputed")
	})
	if err != nil {
		return fmt.Errorf("create vector collection: %w", err)
	}
	var cdocs []chromem.Document
	for i := range ix.docs {
		// One vector per story: copies are found through their canonical article.
		if ix.docs[i].N > 0 && ix.docs[i].Canon == int32(i) && !ix.isDead(int32(i)) {
			cdocs = append(cdocs, chromem.Document{ID: strconv.Itoa(i), Embedding: ix.artVecs[i*ix.dims : (i+1)*ix.dims]})
		}
	}
	if len(cdocs) > 0 {
		if err := coll.AddDocuments(ctx, cdocs, 2); err != nil {
			return fmt.Errorf("add vectors: %w", err)
		}
	}
	ix.coll, ix.inColl = coll, len(cdocs)
	return nil
}

// normalize scales v to unit length (a zero vector stays zero).
func normalize(v []float32) {
	var n float64
	for _, x := range v {
		n += float64(x) * float64(x)
	}
	if n == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(n))
	for k := range v {
		v[k] *= inv
	}
}

// vector returns chunk i's vector (a view, not a copy).
func (ix *Index) vector(i int) []float32 {
	return ix.vectors.span(i, i+1, ix.dims)
}

// titleVector returns article i's title vector (a view, not a copy).
func (ix *Index) titleVector(i int) []float32 {
	return ix.titleVecs.span(i, i+1, ix.dims)
}

// chunkEmbedText is what gets embedded for chunk i.
func (ix *Index) chunkEmbedText(i int) string {
	c := ix.chunks[i]
	return embedText(&ix.docs[c.Doc].Article, span{int(c.Start), int(c.End)})
}

// embedText is what gets embedded for the span s of article a: the title
// gives every passage its context.
func embedText(a *byline.Article, s span) string {
	return a.Title + "\n" + a.Text[s.Start:s.End]
}

// Current reports whether the index was built with chunking c and its
// derived structures are those this build saves: when not, a job must
// rebuild it even if no article changed.
func (ix *Index) Current(c ChunkConfig) bool {
	return ix.chunkCfg == c && ix.derived == derivedVersion && !ix.rederived
}

// EmbedderName is the identity of the embedder that built the index.
func (ix *Index) EmbedderName() string { return ix.embName }

// Dims is the vectors' dimension (0 before any was made).
func (ix *Index) Dims() int { return ix.dims }

// Len is the number of indexed articles.
func (ix *Index) Len() int { return len(ix.docs) - ix.nDead }

// isDead reports whether document i is a tombstone.
func (ix *Index) isDead(i int32) bool { return ix.dead != nil && ix.dead[i] }

// Tombstones is how many removed or replaced versions the index still
// carries (Change keeps them; Build drops them).
func (ix *Index) Tombstones() int { return ix.nDead }

// Chunks is the number of indexed chunks.
func (ix *Index) Chunks() int { return len(ix.chunks) }

// Articles returns the indexed articles, each with its chunk count, in no
// set order (appended ones come last): callers that show them order them.
func (ix *Index) Articles() []ArticleEntry {
	out := make([]ArticleEntry, 0, ix.Len())
	for i, d := range ix.docs {
		if !ix.isDead(int32(i)) {
			out = append(out, ArticleEntry{Article: d.Article, Chunks: int(d.N)})
		}
	}
	return out
}

// ArticleEntry is one indexed article.
type ArticleEntry struct {
	byline.Article
	Chunks int
}

// Article returns the article with the given id.
func (ix *Index) Article(id string) (byline.Article, bool) {
	i, ok := ix.byID[id]
	if !ok {
		return byline.Article{}, false
	}
	return ix.docs[i].Article, true
}

// Newest is the latest publication date in the index (zero when none known).
func (ix *Index) Newest() time.Time { return ix.newest }

// vectorCandidates is how many articles the vector query returns; the
// best articles by their words (lexicalCandidates of each lexical score) join
// them, and the chunks of all of these are compared with the question. An
// article outside both gets no vector evidence.
const (
	vectorCandidates  = 300
	lexicalCandidates = 200
)

// vectorEvidence returns, per article, the best cosine similarity of its
// chunks to qvec, for the stories nearest qvec (from the chromem-go
// collection, which holds one vector per story: its canonical article's)
// and the stories of the articles in also; 0 for the rest. Counting stories,
// not articles, keeps a story's copies from crowding others out of the
// candidates; every copy gets its canonical article's similarity.
func (ix *Index) vectorEvidence(ctx context.Context, qvec []float32, also ...[]int32) ([]float32, error) {
	best := make([]float32, len(ix.docs))
	if qvec == nil || ix.coll.Count() == 0 {
		return best, nil
	}
	// Vectors of indexes appended to this one (kept, or dropped after a
	// failed job) take places among the nearest: ask for that many more.
	n := ix.coll.Count()
	res, err := ix.coll.QueryEmbedding(ctx, qvec, min(vectorCandidates+max(0, n-ix.inColl), n), nil, nil)
	if err != nil {
		return nil, fmt.Errorf("vector search: %w", err)
	}
	story := make([]bool, len(ix.docs)) // canonical articles of the candidate stories
	for _, r := range res {
		d, err := strconv.Atoi(r.ID)
		if err != nil || d < 0 {
			return nil, fmt.Errorf("vector search: unknown article id %q", r.ID)
		}
		if d < len(ix.docs) { // later ones belong to an index appended to this one
			story[ix.docs[d].Canon] = true
		}
	}
	for _, ds := range also {
		for _, d := range ds {
			story[ix.docs[d].Canon] = true
		}
	}
	// A story's copies share their text: the canonical article's chunks
	// speak for all of them.
	for c, ok := range story {
		if !ok {
			continue
		}
		doc := &ix.docs[c]
		for k := doc.First; k < doc.First+doc.N; k++ {
			if s := dot(qvec, ix.vector(int(k))); s > best[c] {
				best[c] = s
			}
		}
	}
	for d := range ix.docs {
		if c := ix.docs[d].Canon; c != int32(d) && story[c] {
			best[d] = best[c]
		}
	}
	return best, nil
}

// rows is a matrix of float32 rows in two parts: base, as built or read in
// place from the index file, and more, the rows added by Change since.
// Appending to a mapped base would copy all of it (270 MB of chunk vectors
// at 60,000 articles) at the first change after start-up.
type rows struct {
	base, more []float32
}

// span returns rows from..to-1 (a view, not a copy); they must all be in
// one part, as one article's rows are.
func (r rows) span(from, to, dims int) []float32 {
	a, b := from*dims, to*dims
	if b <= len(r.base) {
		return r.base[a:b:b]
	}
	a, b = a-len(r.base), b-len(r.base)
	return r.more[a:b:b]
}

// size is the number of values.
func (r rows) size() int { return len(r.base) + len(r.more) }
