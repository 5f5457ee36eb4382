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
	if prev == nil {
		return nil, BuildStats{}, ErrNotAppendable
	}
	for _, a := range articles {
		if _, dup := prev.byID[a.ID]; dup {
			return nil, BuildStats{}, ErrNotAppendable
		}
	}
	return Change(ctx, prev, articles, nil, opts)
}

// Change returns prev with the articles of upsert added (new ids) or
// replacing the indexed version (known ids), and the articles of remove
// taken out, doing work in proportion to the change as Append does. A
// removed or replaced version stays in the arrays as a tombstone: no search
// returns it, no listing shows it, and its story's copies get a new
// canonical article. Tombstones cost memory and skew word statistics a
// little; Tombstones says how many there are, and a Build (which drops them)
// is due when they are many. The same sharing rules as Append apply.
func Change(ctx context.Context, prev *Index, upsert []byline.Article, remove []string, opts BuildOptions) (*Index, BuildStats, error) {
	var stats BuildStats
	if prev == nil || opts.Embedder == nil || opts.Embedder.Name() != prev.embName || opts.Chunk != prev.chunkCfg ||
		prev.derived != derivedVersion {
		return nil, stats, ErrNotAppendable
	}
	articles := upsert
	batch := opts.EmbedBatch
	if batch <= 0 {
		return nil, stats, fmt.Errorf("append to index: embed batch %d: want a positive count", batch)
	}
	seen := make(map[string]bool, len(articles))
	for _, a := range articles {
		if a.ID == "" || seen[a.ID] {
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
		dead:      slices.Clone(prev.dead),
		nDead:     prev.nDead,
	}
	var killed []int32
	kill := func(id string) {
		if i, ok := ix.byID[id]; ok {
			if ix.dead == nil {
				ix.dead = make([]bool, len(prev.docs))
			}
			ix.dead[i] = true
			ix.nDead++
			delete(ix.byID, id)
			killed = append(killed, i)
		}
	}
	for _, id := range remove {
		kill(id)
	}
	for _, a := range articles {
		kill(a.ID)
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
			ix.vectors.more = append(ix.vectors.more, r.known...)
		} else {
			ix.vectors.more = append(ix.vectors.more, vecs[r.k]...)
		}
	}
	for _, v := range titleVecs {
		ix.titleVecs.more = append(ix.titleVecs.more, v...)
	}

	addTerms(&ix.artLex, ix.vocab, first, len(ix.docs), ix.articleTerms)
	addTerms(&ix.chunkLex, ix.vocab, len(prev.chunks), len(ix.chunks), ix.chunkTerms)
	ix.artLex.finish()
	ix.chunkLex.finish()
	if ix.dead != nil {
		ix.dead = append(ix.dead, make([]bool, len(ix.docs)-len(ix.dead))...)
	}
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
	// Stories whose canonical article died get a new one, which joins the
	// collection.
	newCanon, deadVecs := ix.regroup(killed)
	for _, c := range newCanon {
		cdocs = append(cdocs, chromem.Document{ID: strconv.Itoa(int(c)), Embedding: slices.Clone(ix.artVecs[int(c)*ix.dims : int(c+1)*ix.dims])})
	}
	// The collection is shared with prev, which ignores ids past its own
	// articles; chromem-go locks it for writes.
	if len(cdocs) > 0 {
		if err := ix.coll.AddDocuments(ctx, cdocs, 2); err != nil {
			return nil, stats, fmt.Errorf("add vectors: %w", err)
		}
	}
	ix.inColl = prev.inColl + len(cdocs) - deadVecs
	stats.Articles = len(ix.docs)
	stats.Chunks = len(ix.chunks)
	stats.ChunksReused = len(prev.chunks)
	return ix, stats, nil
}

// forAppend returns a copy of l that postings can be added to without
// changing l: new postings go to the lists of more (their headers copied;
// appends to each list go past l's end of it, which l never reads), the
// built lists are shared as they are.
func (l lexical) forAppend() lexical {
	return lexical{postings: l.postings, more: slices.Clip(slices.Clone(l.more)), frozen: true,
		docLen: slices.Clip(l.docLen), avgLen: l.avgLen}
}

// regroup gives every story whose canonical article is among killed (just
// removed or replaced) a new one, the live copy with the smallest id, and
// recomputes the outlets of every story killed touched. It returns the new
// canonical articles and how many of the collection's vectors belonged to
// killed canonical articles.
func (ix *Index) regroup(killed []int32) (newCanon []int32, deadVecs int) {
	if len(killed) == 0 {
		return nil, 0
	}
	touched := make(map[int32]bool)
	for _, k := range killed {
		c := ix.docs[k].Canon
		touched[c] = true
		if c == k && ix.docs[k].N > 0 {
			deadVecs++
		}
	}
	// Members of each touched story, live ones only.
	members := make(map[int32][]int32)
	for i := range ix.docs {
		if c := ix.docs[i].Canon; touched[c] && !ix.isDead(int32(i)) {
			members[c] = append(members[c], int32(i))
		}
	}
	for _, k := range killed {
		ix.docs[k].Canon, ix.docs[k].Outlets = k, nil
	}
	for old, ms := range members {
		lead := ms[0]
		for _, m := range ms[1:] {
			if ix.docs[m].ID < ix.docs[lead].ID {
				lead = m
			}
		}
		var outlets []string
		for _, m := range ms {
			ix.docs[m].Canon, ix.docs[m].Outlets = lead, nil
			if name := outletName(ix.docs[m].Article); name != "" && !slices.Contains(outlets, name) {
				outlets = append(outlets, name)
			}
		}
		if len(ms) > 1 {
			ix.docs[lead].Outlets = outlets
		}
		if lead != old && ix.docs[lead].N > 0 {
			newCanon = append(newCanon, lead)
		}
	}
	slices.Sort(newCanon)
	return newCanon, deadVecs
}
