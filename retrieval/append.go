package retrieval

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"

	chromem "github.com/philippgille/chromem-go"

	"github.com/byline-bot/byline"
)

// ErrNotAppendable means Append cannot extend prev with these articles (an
// id already indexed, another embedder or chunking, an index built by
// another derivedVersion): Build them instead.
var ErrNotAppendable = errors.New("retrieval: the articles cannot be appended to this index")

// Append returns prev with articles added, doing work in proportion to them
// rather than to the index: only the new articles are chunked, embedded,
// tokenized into the lexical indexes and grouped with the copies published
// around them (groupAppended). A feed poll that brings five stories costs
// five stories, not the archive.
//
// The new Index shares prev's arrays and appends past their ends, which
// prev never reads; what an append could change in place (documents,
// maps, posting lists' headers) is copied first. prev stays valid and
// unchanged for its readers. At most one index built from prev may be kept:
// a second Append (or a Build reusing prev) from the same prev overwrites
// the first one's appended tail, so the caller must swap the result in, or
// drop it, before making another (library serializes its jobs).
func Append(ctx context.Context, prev *Index, articles []byline.Article, opts BuildOptions) (*Index, BuildStats, error) {
	var stats BuildStats
	if prev == nil || opts.Embedder == nil || opts.Embedder.Name() != prev.embName || opts.Chunk != prev.chunkCfg ||
		prev.derived != derivedVersion {
		return nil, stats, ErrNotAppendable
	}
	batch := opts.EmbedBatch
	if batch <= 0 {
		return nil, stats, fmt.Errorf("append to index: embed batch %d: want a positive count", batch)
	}
	seen := make(map[string]bool, len(articles))
	for _, a := range articles {
		if _, dup := prev.byID[a.ID]; dup || a.ID == "" || seen[a.ID] {
			return nil, stats, ErrNotAppendable
		}
		seen[a.ID] = true
	}
	first := len(prev.docs)
	ix := &Index{
		embedder: opts.Embedder, embName: prev.embName, chunkCfg: prev.chunkCfg, dims: prev.dims,
		derived: prev.derived, newest: prev.newest,
		// Documents are copied: grouping may change old ones' Canon and Outlets.
		docs:      append(slices.Clip(slices.Clone(prev.docs)), make([]doc, 0, len(articles))...),
		byID:      maps.Clone(prev.byID),
		chunks:    prev.chunks,
		vectors:   prev.vectors,
		titleVecs: prev.titleVecs,
		artVecs:   prev.artVecs,
		vocab:     maps.Clone(prev.vocab),
		artLex:    prev.artLex.forAppend(),
		chunkLex:  prev.chunkLex.forAppend(),
		coll:      prev.coll,
	}
	var texts []string
	// Each new chunk's vector: known already, or the embedding of texts[k]
	// for the k-th chunk to embed.
	type row struct {
		known []float32
		k     int
	}
	var rows []row
	var titleKnown [][]float32
	for _, a := range articles {
		d := doc{Article: a, Hash: articleHash(a, ix.chunkCfg), First: int32(len(ix.chunks)), Canon: int32(len(ix.docs))}
		var kv ArticleVectors
		known := false
		if opts.Known != nil {
			kv, known = opts.Known(a.ID, d.Hash)
			known = known && kv.fits(&a, ix.dims)
		}
		titleKnown = append(titleKnown, nil)
		if known {
			for k := 0; k < len(kv.Spans); k += 2 {
				ix.chunks = append(ix.chunks, chunk{Doc: int32(len(ix.docs)), Start: kv.Spans[k], End: kv.Spans[k+1]})
				rows = append(rows, row{known: kv.Chunks[k/2*ix.dims : (k/2+1)*ix.dims]})
				d.N++
			}
			titleKnown[len(titleKnown)-1] = kv.Title
		}
		for _, s := range chunkText(a.Text, ix.chunkCfg) {
			if known {
				break
			}
			ix.chunks = append(ix.chunks, chunk{Doc: int32(len(ix.docs)), Start: int32(s.Start), End: int32(s.End)})
			rows = append(rows, row{k: len(texts)})
			texts = append(texts, embedText(&a, s))
			d.N++
		}
		ix.byID[a.ID] = int32(len(ix.docs))
		ix.docs = append(ix.docs, d)
		if a.Published.After(ix.newest) {
			ix.newest = a.Published
		}
	}
	vecs := make([][]float32, len(texts))
	err := ix.embedAll(ctx, opts.Embedder, "chunks", len(texts), func(k int) string { return texts[k] }, batch, &stats,
		func(k int, v []float32) { vecs[k] = v },
		func(done int) {
			stats.ChunksEmbedded = done
			if opts.Progress != nil {
				opts.Progress(BuildProgress{ChunksDone: done, ChunksTotal: len(texts)})
			}
		})
	if err != nil {
		return nil, stats, err
	}
	var titles []string
	var titleAt []int
	titleVecs := titleKnown
	for k, a := range articles {
		if titleVecs[k] == nil {
			titles = append(titles, a.Title)
			titleAt = append(titleAt, k)
		}
	}
	if err := ix.embedAll(ctx, opts.Embedder, "titles", len(titles), func(k int) string { return titles[k] }, batch, &stats,
		func(k int, v []float32) { titleVecs[titleAt[k]] = v }, nil); err != nil {
		return nil, stats, err
	}
	for _, r := range rows {
		if r.known != nil {
			ix.vectors = append(ix.vectors, r.known...)
		} else {
			ix.vectors = append(ix.vectors, vecs[r.k]...)
		}
	}
	for _, v := range titleVecs {
		ix.titleVecs = append(ix.titleVecs, v...)
	}

	addTerms(&ix.artLex, ix.vocab, first, len(ix.docs), ix.articleTerms)
	addTerms(&ix.chunkLex, ix.vocab, len(prev.chunks), len(ix.chunks), ix.chunkTerms)
	ix.artLex.finish()
	ix.chunkLex.finish()
	ix.groupAppended(first)

	var cdocs []chromem.Document
	for i := first; i < len(ix.docs); i++ {
		v := make([]float32, ix.dims)
		d := &ix.docs[i]
		for c := d.First; c < d.First+d.N; c++ {
			for k, x := range ix.vector(int(c)) {
				v[k] += x
			}
		}
		normalize(v)
		ix.artVecs = append(ix.artVecs, v...)
		if d.N > 0 && d.Canon == int32(i) { // one vector per story, as buildVectors
			cdocs = append(cdocs, chromem.Document{ID: strconv.Itoa(i), Embedding: v})
		}
	}
	// The collection is shared with prev, which ignores ids past its own
	// articles; chromem-go locks it for writes.
	if len(cdocs) > 0 {
		if err := ix.coll.AddDocuments(ctx, cdocs, 2); err != nil {
			return nil, stats, fmt.Errorf("add vectors: %w", err)
		}
	}
	ix.inColl = prev.inColl + len(cdocs)
	stats.Articles = len(ix.docs)
	stats.Chunks = len(ix.chunks)
	stats.ChunksReused = len(prev.chunks)
	return ix, stats, nil
}

// forAppend returns a copy of l that postings can be appended to without
// changing l: the list of posting lists is copied (appends to each list go
// past l's end of it, which l never reads), and so is nothing else.
func (l lexical) forAppend() lexical {
	return lexical{postings: slices.Clip(slices.Clone(l.postings)), docLen: slices.Clip(l.docLen), avgLen: l.avgLen}
}
