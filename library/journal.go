package library

// The journal: every job's changes, as an ordered log of article events
// (library/store). The index file is a checkpoint of the whole index at
// one journal position; a job that only adds articles writes them to the
// journal alone (a few megabytes), and the index file is written again only
// when the journal holds more than checkpointShare of the index's articles,
// or when a job rebuilt the index anyway. Loading reads the index file and
// replays the journal after it, embedding nothing.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/library/store"
	"github.com/byline-bot/byline/retrieval"
)

// JournalFile is the journal's name inside the data directory.
const JournalFile = "journal.db"

// checkpointShare is the share of the index's articles the journal may
// hold before a job writes the index file again: replaying more at start-up
// would cost more than the write saves.
const checkpointShare = 0.05

// minCheckpointLag lets a small index take a few polls before its file is
// written again.
const minCheckpointLag = 200

func (l *Library) journalPath() string { return filepath.Join(l.cfg.DataDir, JournalFile) }

// meta describes the vectors the journal's records hold.
func (l *Library) meta(ix *retrieval.Index) store.Meta {
	m := store.Meta{Embedder: l.embedder.Name(), ChunkSize: l.cfg.Chunk.Size, ChunkOverlap: l.cfg.Chunk.Overlap}
	if ix != nil {
		m.Dims = ix.Dims()
	}
	return m
}

// errCheckpointMoved means the index file was replaced by a newer
// checkpoint while it was being loaded: load it again.
var errCheckpointMoved = errors.New("the index file was replaced while it was read")

// replay brings ix, loaded from the index file, up to the journal j: the
// articles changed after ix's position, with their stored vectors. It
// returns the index and how many journal events it is behind the journal
// (those the next checkpoint folds in).
func (l *Library) replay(ctx context.Context, ix *retrieval.Index, j *store.Store) (*retrieval.Index, error) {
	seq, err := j.Seq()
	if err != nil {
		return nil, err
	}
	if seq <= ix.Seq() {
		return ix, nil
	}
	m, err := j.Meta()
	if err != nil {
		return nil, err
	}
	// The final state of each article named after the checkpoint, in the
	// order first named.
	last := make(map[string]store.Kind)
	lastSeq := make(map[string]uint64)
	var order []string
	err = j.Events(ctx, ix.Seq(), func(e store.Event) error {
		if _, ok := last[e.ID]; !ok {
			order = append(order, e.ID)
		}
		last[e.ID], lastSeq[e.ID] = e.Kind, e.Seq
		return nil
	})
	if err != nil {
		return nil, err
	}
	recs := make(map[string]store.Record)
	var upsert []byline.Article
	for _, id := range order {
		if last[id] == store.Removed {
			continue
		}
		r, ok, err := j.Get(id)
		if err != nil {
			return nil, err
		}
		if !ok || r.Seq != lastSeq[id] {
			// The article's last event was logged without its record: a
			// checkpoint written after ix's holds it, and has replaced the
			// file ix was read from while this process was loading it.
			return nil, errCheckpointMoved
		}
		recs[id] = r
		upsert = append(upsert, r.Article)
	}
	opts := retrieval.BuildOptions{Chunk: l.cfg.Chunk, Embedder: l.embedder, EmbedBatch: l.cfg.EmbedBatch}
	if m.Embedder == l.embedder.Name() {
		opts.Known = func(id, hash string) (retrieval.ArticleVectors, bool) {
			r, ok := recs[id]
			if !ok || r.Hash != hash {
				return retrieval.ArticleVectors{}, false
			}
			return retrieval.ArticleVectors{Hash: r.Hash, Spans: r.Spans, Chunks: r.Vectors, Title: r.Title}, true
		}
	}
	var remove []string
	for _, id := range order {
		if _, had := ix.Article(id); had && last[id] == store.Removed {
			remove = append(remove, id)
		}
	}
	next, _, err := retrieval.Change(ctx, ix, upsert, remove, opts)
	if errors.Is(err, retrieval.ErrNotAppendable) {
		var all []byline.Article
		for _, e := range ix.Articles() {
			if k, named := last[e.ID]; !named || k != store.Removed && recs[e.ID].Article.ID == "" {
				all = append(all, e.Article)
			}
		}
		all = append(all, upsert...)
		next, _, err = retrieval.Build(ctx, ix, all, opts)
	}
	if err != nil {
		return nil, fmt.Errorf("replay the journal: %w", err)
	}
	next.SetSeq(seq)
	l.log.Info("journal replayed", "from", ix.Seq(), "to", seq, "articles", len(order))
	return next, nil
}

// openJournalReadOnly opens the journal beside other readers; nil when
// there is none.
func (l *Library) openJournalReadOnly() (*store.Store, error) {
	j, err := store.OpenReadOnly(l.journalPath())
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	return j, err
}

// changesOf lists a job's changes for the journal: the articles of next
// added or changed since prev (with the vectors ix made of them), and those
// of old no longer in next.
func changesOf(prev, ix *retrieval.Index, old map[string]retrieval.ArticleEntry, next []byline.Article, logOnly bool) []store.Change {
	var out []store.Change
	inNext := make(map[string]bool, len(next))
	for _, a := range next {
		inNext[a.ID] = true
		e, had := old[a.ID]
		kind := store.Added
		if had {
			if sameArticle(e.Article, a) && prev != nil {
				if ph, ok := prev.Hash(a.ID); ok {
					if nh, ok := ix.Hash(a.ID); ok && ph == nh {
						continue
					}
				}
			}
			kind = store.Updated
		}
		c := store.Change{Kind: kind, LogOnly: logOnly}
		c.Article = a
		if v, ok := ix.Vectors(a.ID); ok {
			c.Hash, c.Spans, c.Vectors, c.Title = v.Hash, v.Spans, v.Chunks, v.Title
		}
		out = append(out, c)
	}
	for id := range old {
		if !inNext[id] {
			c := store.Change{Kind: store.Removed}
			c.Article.ID = id
			out = append(out, c)
		}
	}
	return out
}

// journalArticles returns the articles the journal holds records of (those
// added or changed since the checkpoint): when the index file is lost, a
// re-index keeps them although no source may give them again (an item that
// has left its feed).
func (l *Library) journalArticles(ctx context.Context) []byline.Article {
	j := l.journal
	if j == nil {
		var err error
		if j, err = l.openJournalReadOnly(); err != nil || j == nil {
			return nil
		}
		defer j.Close()
	}
	var out []byline.Article
	if err := j.Load(ctx, func(r store.Record) error { out = append(out, r.Article); return nil }); err != nil {
		l.log.Warn("the journal's articles could not be read", "err", err)
	}
	return out
}

// mergeArticles returns base with the articles of newer replacing those of
// the same id, and the rest of newer after.
func mergeArticles(base, newer []byline.Article) []byline.Article {
	if len(newer) == 0 {
		return base
	}
	at := make(map[string]int, len(base))
	out := slices.Clone(base)
	for i, a := range out {
		at[a.ID] = i
	}
	for _, a := range newer {
		if i, ok := at[a.ID]; ok {
			out[i] = a
		} else {
			at[a.ID] = len(out)
			out = append(out, a)
		}
	}
	return out
}
