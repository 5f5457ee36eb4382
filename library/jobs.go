package library

// Index jobs: reading sources, deciding what is added, updated, kept or
// removed (nothing is removed because a source could not be read whole), and
// building the next index, by appending when a job only adds.

import (
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/ingest"
	"github.com/byline-bot/byline/retrieval"
)

// IndexOptions configures one index job.
type IndexOptions struct {
	// Rebuild drops every indexed article and re-embeds everything.
	Rebuild bool
	// Progress, when set, receives progress reports.
	Progress func(Progress)
}

// Reindex reads sources and builds and saves a new index: unchanged
// articles are not embedded again, and an article leaves the index only when
// a source that was read whole no longer lists it. A source that cannot be
// read, or a document in it that cannot be read whole (malformed, truncated,
// unreadable), keeps its articles, and the summary says so.
//
// With no sources it reads the configured ones; when rebuilding, or when the
// saved index is unreadable, every source the index held as well. A second
// job while one runs returns ErrBusy.
func (l *Library) Reindex(ctx context.Context, sources []string, opts IndexOptions) (Summary, error) {
	release, err := l.beginJob(ctx)
	if err != nil {
		return Summary{}, err
	}
	defer release()
	switch {
	case l.unreadable != nil:
		// Nothing of the saved index can be trusted: read back every
		// source it held, as well as those given.
		sources = union(sources, l.knownSources())
	case len(sources) == 0 && opts.Rebuild:
		sources = l.knownSources()
	case len(sources) == 0:
		sources = l.cfg.Sources
	}
	start := l.now()

	var sum Summary
	loaded := make(map[string]loadedOrigin)
	var order []string
	var failed []failure
	for i, src := range sources {
		report(opts.Progress, Progress{Stage: StageLoading, ArticlesDone: i, ArticlesTotal: len(sources), Elapsed: l.now().Sub(start)})
		origin := originOf(src)
		lo, err := l.loadOrigin(ctx, src, origin)
		if ctx.Err() != nil {
			return sum, ctx.Err()
		}
		if err != nil {
			failed = append(failed, failure{src: src, origin: origin, err: err})
			continue
		}
		sum.addSkips(lo.res)
		loaded[origin] = lo
		order = append(order, origin)
	}
	return l.apply(ctx, loaded, order, failed, opts, sum, start)
}

// failure is a source that could not be read at all in a job.
type failure struct {
	src, origin string
	err         error
}

// union returns a followed by the elements of b it lacks.
func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// loadedOrigin is what one source gave in this job.
type loadedOrigin struct {
	res ingest.Result
	// entry is kept in the manifest (the stored bytes of an upload).
	entry originEntry
}

// loadOrigin reads src: an uploaded file from its stored bytes, anything
// else through the loader. Articles get their origin, and documents are
// named as origins are (absolute paths), so that jobs compare them.
func (l *Library) loadOrigin(ctx context.Context, src, origin string) (loadedOrigin, error) {
	if e, ok := l.uploadEntry(src); ok {
		data, err := os.ReadFile(filepath.Join(l.cfg.DataDir, e.Upload))
		if err != nil {
			return loadedOrigin{}, fmt.Errorf("read uploaded %s: %w", e.Name, err)
		}
		res, err := l.loader.Parse(e.Name, data, src)
		if err != nil {
			return loadedOrigin{}, err
		}
		return loadedOrigin{res: withOrigin(res, src, func(string) string { return src }), entry: e}, nil
	}
	res, err := l.loader.Load(ctx, src)
	if err != nil {
		return loadedOrigin{}, err
	}
	return loadedOrigin{res: withOrigin(res, origin, originOf)}, nil
}

// withOrigin sets every article's origin, and names documents by doc.
func withOrigin(res ingest.Result, origin string, doc func(string) string) ingest.Result {
	for i := range res.Articles {
		res.Articles[i].Origin = origin
		res.Articles[i].Doc = doc(res.Articles[i].Doc)
	}
	for i, u := range res.Unread {
		res.Unread[i] = doc(u)
	}
	return res
}

// AddData ingests one file given in memory (a Discord attachment).
func (l *Library) AddData(ctx context.Context, name string, data []byte, opts IndexOptions) (Summary, error) {
	release, err := l.beginJob(ctx)
	if err != nil {
		return Summary{}, err
	}
	defer release()
	start := l.now()
	// Uploads are told apart by content: Discord names every pasted text
	// message.txt, and a second one must not replace the first.
	sumData := sha256.Sum256(data)
	origin := fmt.Sprintf("upload:%s#%x", name, sumData[:6])
	res, err := l.loader.Parse(name, data, origin)
	if err != nil {
		return Summary{}, &byline.Error{Code: byline.CodeBadInput, Message: fmt.Sprintf("cannot add %s: %v", name, err)}
	}
	res = withOrigin(res, origin, func(string) string { return origin })
	var sum Summary
	sum.addSkips(res)
	if len(res.Articles) == 0 {
		reason := "no article found in it"
		if len(sum.Skipped) > 0 {
			reason = sum.Skipped[0].Reason
		}
		return sum, &byline.Error{Code: byline.CodeBadInput, Message: fmt.Sprintf("cannot add %s: %s", name, reason)}
	}
	// Its bytes are kept: an upload has no source to be read again from.
	stored, err := l.storeUpload(origin, name, data)
	if err != nil {
		return sum, err
	}
	lo := loadedOrigin{res: res, entry: originEntry{Upload: stored, Name: name}}
	return l.apply(ctx, map[string]loadedOrigin{origin: lo}, []string{origin}, nil, opts, sum, start)
}

// apply merges freshly loaded origins into the current articles, builds the
// new index (reusing unchanged vectors unless rebuilding), saves it
// atomically and swaps it in.
func (l *Library) apply(ctx context.Context, loaded map[string]loadedOrigin, order []string, failed []failure, opts IndexOptions, sum Summary, start time.Time) (Summary, error) {
	prev := l.Index()
	old := make(map[string]retrieval.ArticleEntry)
	if prev != nil {
		for _, e := range prev.Articles() {
			old[e.ID] = e
		}
	}
	for _, a := range l.salvaged { // an index of another embedder: its articles
		old[a.ID] = retrieval.ArticleEntry{Article: a}
	}
	// An old article is re-read when an origin read now covers its own
	// origin; re-read articles absent from what was loaded are removed,
	// unless their document could not be read whole this time.
	reread := func(origin string) bool {
		for _, o := range order {
			if covers(o, origin) {
				return true
			}
		}
		return false
	}
	unread := make(map[string]bool)
	for _, o := range order {
		for _, d := range loaded[o].res.Unread {
			unread[d] = true
		}
	}
	// An origin that held articles and now gives none of them was not read
	// as it was: an unmounted folder reads as an empty one, a feed may
	// answer a challenge page. Its articles stay until it gives some again.
	held, given := make(map[string]int), make(map[string]int)
	for _, e := range old {
		held[e.Origin]++
	}
	for _, o := range order {
		for _, a := range loaded[o].res.Articles {
			if e, ok := old[a.ID]; ok && covers(o, e.Origin) {
				given[e.Origin]++
			}
		}
	}
	notWhole := func(a byline.Article) bool {
		if held[a.Origin] > 0 && given[a.Origin] == 0 {
			return true
		}
		for d := range unread {
			// An unreadable folder holds the documents below it.
			if a.Doc != "" && covers(d, a.Doc) || a.Doc == d {
				return true
			}
		}
		if a.Doc != "" {
			return false
		}
		// Indexed before documents were recorded: any trouble in its
		// origin keeps it.
		for _, o := range order {
			if covers(o, a.Origin) && len(loaded[o].res.Unread) > 0 {
				return true
			}
		}
		return false
	}
	var next []byline.Article
	inNext := make(map[string]bool)
	for _, origin := range order {
		for _, a := range loaded[origin].res.Articles {
			if inNext[a.ID] {
				sum.Skipped = append(sum.Skipped, Skip{Source: a.URL, Reason: "duplicate article id " + a.ID})
				continue
			}
			if e, ok := old[a.ID]; ok && !reread(e.Origin) {
				if !covers(e.Origin, origin) {
					// Another source already holds this id: keep it, say so.
					sum.Skipped = append(sum.Skipped, Skip{Source: a.URL,
						Reason: fmt.Sprintf("article id %s is already indexed from %s; kept that one", a.ID, e.Origin)})
					continue
				}
				// One file of an indexed folder, read on its own: it stays
				// the folder's, so re-reading the folder still manages it.
				a.Origin = e.Origin
			}
			inNext[a.ID] = true
			next = append(next, a)
		}
	}
	// Articles of origins not read in this job stay, and so do those whose
	// document could not be read whole.
	ids := make([]string, 0, len(old))
	for id := range old {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	keptFrom := make(map[string]int)
	for _, id := range ids {
		e := old[id]
		if inNext[id] {
			continue
		}
		if reread(e.Origin) {
			if !notWhole(e.Article) {
				continue // its source was read whole and no longer lists it
			}
			sum.Kept++
			keptFrom[cmp.Or(e.Doc, e.Origin)]++
		} else if slices.ContainsFunc(failed, func(f failure) bool { return covers(f.origin, e.Origin) }) {
			sum.Kept++ // its source could not be read at all
		}
		inNext[id] = true
		next = append(next, e.Article)
	}
	for _, f := range failed {
		reason := f.err.Error()
		if held[f.origin] > 0 || slices.ContainsFunc(slices.Collect(maps.Keys(held)), func(o string) bool { return covers(f.origin, o) }) {
			reason += " (its indexed articles are kept)"
		}
		sum.Skipped = append(sum.Skipped, Skip{Source: f.src, Reason: reason})
	}
	for _, doc := range slices.Sorted(maps.Keys(keptFrom)) {
		sum.Notes = append(sum.Notes, fmt.Sprintf("%s could not be read whole: its %d indexed articles are kept", doc, keptFrom[doc]))
	}
	for _, a := range next {
		e, ok := old[a.ID]
		switch {
		case !ok:
			sum.Added++
		case sameArticle(e.Article, a):
			sum.Unchanged++
		default:
			sum.Updated++
		}
	}
	for id := range old {
		if !inNext[id] {
			sum.Removed++
		}
	}
	if err := l.checkLoss(next, order, &sum); err != nil {
		return sum, err
	}
	return l.commit(ctx, prev, old, next, loaded, opts, sum, start)
}

// commit builds the index of next (the whole new article list), saves it and
// swaps it in; sum holds the job's counts so far. An unchanged list writes
// nothing.
func (l *Library) commit(ctx context.Context, prev *retrieval.Index, old map[string]retrieval.ArticleEntry, next []byline.Article,
	loaded map[string]loadedOrigin, opts IndexOptions, sum Summary, start time.Time) (Summary, error) {
	if prev != nil && !opts.Rebuild && l.unreadable == nil && sum.Added+sum.Updated+sum.Removed == 0 && prev.Current(l.cfg.Chunk) && !l.checkpointDue {
		// Nothing changed: nothing to build, nothing written (but a source
		// list an older version did not keep).
		if m := newManifest(next, loaded, l.manifest); !reflect.DeepEqual(m, l.manifest) {
			if err := writeManifest(l.cfg.DataDir, m); err != nil {
				l.log.Warn("source list not saved", "err", err)
			} else {
				l.manifest = m
			}
		}
		sum.Articles, sum.Chunks = prev.Len(), prev.Chunks()
		sum.Seconds = l.now().Sub(start).Seconds()
		l.log.Info("index unchanged", "articles", sum.Articles, "kept", sum.Kept, "skipped", len(sum.Skipped), "seconds", sum.Seconds)
		return sum, nil
	}

	total := len(next)
	bopts := retrieval.BuildOptions{
		Chunk: l.cfg.Chunk, Embedder: l.embedder, EmbedBatch: l.cfg.EmbedBatch,
		Progress: func(p retrieval.BuildProgress) {
			el := l.now().Sub(start)
			var eta time.Duration
			if p.ChunksDone > 0 {
				eta = time.Duration(float64(el) * float64(p.ChunksTotal-p.ChunksDone) / float64(p.ChunksDone))
			}
			done := total
			if p.ChunksTotal > 0 {
				done = total * p.ChunksDone / p.ChunksTotal
			}
			report(opts.Progress, Progress{Stage: StageEmbedding, ArticlesDone: done, ArticlesTotal: total, ChunksDone: p.ChunksDone, ChunksTotal: p.ChunksTotal, Elapsed: el, ETA: eta})
		},
	}
	ix, stats, appended, err := l.build(ctx, prev, old, next, opts, sum, bopts)
	if err != nil {
		return sum, fmt.Errorf("build index: %w", err)
	}
	report(opts.Progress, Progress{Stage: StageSaving, ArticlesDone: total, ArticlesTotal: total, Elapsed: l.now().Sub(start)})
	if l.unreadable != nil {
		// Nothing is destroyed: the unreadable file is kept beside (a second
		// name for it, so that a crash before the new index is in place
		// still leaves index.snap to report and repair).
		os.Remove(l.path() + ".damaged")
		if err := os.Link(l.path(), l.path()+".damaged"); err == nil {
			sum.Notes = append(sum.Notes, "the unreadable index was kept as "+l.path()+".damaged")
		} else if !errors.Is(err, os.ErrNotExist) {
			return sum, fmt.Errorf("keep the unreadable index: %w", err)
		}
	}
	// The source list first holds the sources of both the old and the new
	// index, so that a crash between the two writes forgets none.
	m := newManifest(next, loaded, l.manifest)
	if err := writeManifest(l.cfg.DataDir, unionManifest(l.manifest, m)); err != nil {
		return sum, fmt.Errorf("save the source list: %w", err)
	}
	if err := l.persist(ctx, prev, ix, old, next, appended); err != nil {
		return sum, err
	}
	l.mu.Lock()
	l.current = ix
	l.mu.Unlock()
	l.unreadable, l.salvaged = nil, nil
	l.manifest = m
	if err := writeManifest(l.cfg.DataDir, l.manifest); err != nil {
		// The index is saved and answers; only a later rebuild of a
		// damaged index would miss the newest sources.
		l.log.Warn("source list not saved", "err", err)
	}
	sum.Articles = ix.Len()
	sum.Chunks = ix.Chunks()
	sum.Embedded = stats.ChunksEmbedded
	sum.Seconds = l.now().Sub(start).Seconds()
	l.log.Info("index updated", "added", sum.Added, "updated", sum.Updated, "removed", sum.Removed, "kept", sum.Kept,
		"unchanged", sum.Unchanged, "skipped", len(sum.Skipped), "chunks", sum.Chunks, "embedded", sum.Embedded, "seconds", sum.Seconds)
	return sum, nil
}

// build makes the next index: by changing prev in place of its changed
// articles (a feed poll: the work is the new and changed articles', removed
// ones become tombstones) unless rebuilding, or when tombstones would pass
// maxDeadShare; else from scratch, reusing prev's vectors unless
// rebuilding. changed says which it did.
func (l *Library) build(ctx context.Context, prev *retrieval.Index, old map[string]retrieval.ArticleEntry,
	next []byline.Article, opts IndexOptions, sum Summary, bopts retrieval.BuildOptions) (*retrieval.Index, retrieval.BuildStats, bool, error) {
	if prev != nil && !opts.Rebuild && l.unreadable == nil {
		var upsert []byline.Article
		inNext := make(map[string]bool, len(next))
		for _, a := range next {
			inNext[a.ID] = true
			if e, ok := old[a.ID]; !ok || !sameArticle(e.Article, a) {
				upsert = append(upsert, a)
			}
		}
		var remove []string
		for id := range old {
			if !inNext[id] {
				remove = append(remove, id)
			}
		}
		slices.Sort(remove)
		replaced := 0
		for _, a := range upsert {
			if _, ok := old[a.ID]; ok {
				replaced++
			}
		}
		tombs := prev.Tombstones() + replaced + len(remove)
		if tombs == 0 || float64(tombs) <= maxDeadShare*float64(prev.Len()+prev.Tombstones()+len(upsert)) {
			ix, stats, err := retrieval.Change(ctx, prev, upsert, remove, bopts)
			if !errors.Is(err, retrieval.ErrNotAppendable) {
				return ix, stats, true, err
			}
		}
	}
	if opts.Rebuild {
		prev = nil
	}
	ix, stats, err := retrieval.Build(ctx, prev, next, bopts)
	return ix, stats, false, err
}

// maxDeadShare is the share of tombstones (removed and replaced versions)
// past which a job builds the index afresh instead of changing it.
const maxDeadShare = 0.1

// persist makes the job's index durable. A job that appended writes its
// changes to the journal (the job is done once they are there) until the
// journal holds checkpointShare of the index; any other job, or one that
// reaches that share, writes the whole index file as a new checkpoint, then
// logs its events and drops the journal's records the checkpoint holds.
func (l *Library) persist(ctx context.Context, prev, ix *retrieval.Index, old map[string]retrieval.ArticleEntry, next []byline.Article, appended bool) error {
	j, err := l.openJournal(ctx)
	if err != nil {
		return err
	}
	seq, err := j.Seq()
	if err != nil {
		j.Close()
		return fmt.Errorf("read the journal: %w", err)
	}
	changes := changesOf(prev, ix, old, next, false)
	lag := int(seq-l.fileSeq) + len(changes)
	if appended && prev != nil && prev.Current(l.cfg.Chunk) && l.unreadable == nil && !l.checkpointDue && float64(lag) <= max(checkpointShare*float64(ix.Len()), minCheckpointLag) {
		defer j.Close()
		if err := j.SetMeta(ctx, l.meta(ix)); err != nil {
			return fmt.Errorf("save to the journal: %w", err)
		}
		seq, err := j.Apply(ctx, changes)
		if err != nil {
			return fmt.Errorf("save to the journal: %w", err)
		}
		ix.SetSeq(seq)
		return nil
	}
	// The journal is let go while the index file is written (seconds, at
	// 60,000 articles): readers meanwhile see the old file and the journal,
	// or the new file, whose position is past the journal's.
	j.Close()
	for i := range changes {
		changes[i].LogOnly = true
	}
	ix.SetSeq(seq + uint64(len(changes)))
	if err := l.save(ix); err != nil {
		return err
	}
	l.fileSeq, l.checkpointDue = ix.Seq(), false
	l.onDisk, _ = statID(l.path())
	// The index file holds the job: a crash before the events are logged
	// leaves the journal behind it, and the next job moves its numbering on.
	if j, err = l.openJournal(ctx); err != nil {
		l.log.Warn("journal not updated; the index file holds the job", "err", err)
		return nil
	}
	defer j.Close()
	if _, err := j.Apply(ctx, changes); err != nil {
		l.log.Warn("journal not updated; the index file holds the job", "err", err)
	} else if _, err := j.Truncate(ctx, ix.Seq()); err != nil {
		l.log.Warn("journal not truncated", "err", err)
	}
	return nil
}

// checkLoss refuses a job that would empty an index of articles, and says
// how many articles of an unreadable index could not be brought back.
func (l *Library) checkLoss(next []byline.Article, order []string, sum *Summary) error {
	had := len(l.salvaged)
	if ix := l.Index(); ix != nil {
		had += ix.Len()
	}
	if l.unreadable != nil && l.manifest.Articles > had {
		had = l.manifest.Articles
	}
	if len(next) == 0 && had > 0 {
		return &byline.Error{Code: byline.CodeSourcesUnreadable,
			Message: fmt.Sprintf("none of the %d indexed articles could be read again from their sources; the index was not changed", had)}
	}
	if l.unreadable != nil && l.manifest.Articles > len(next) {
		var missing []string
		for o := range l.manifest.Origins {
			if !slices.Contains(order, o) {
				missing = append(missing, o)
			}
		}
		slices.Sort(missing)
		sum.Lost = l.manifest.Articles - len(next)
		note := fmt.Sprintf("the unreadable index held %d articles; %d are indexed again", l.manifest.Articles, len(next))
		if len(missing) > 0 {
			note += "; sources that could not be read: " + strings.Join(missing, ", ")
		}
		sum.Notes = append(sum.Notes, note)
	}
	return nil
}

// newManifest lists the origins of the articles in the new index; an
// upload's stored bytes stay recorded.
func newManifest(next []byline.Article, loaded map[string]loadedOrigin, prev manifest) manifest {
	m := manifest{Articles: len(next), Origins: make(map[string]originEntry)}
	for _, a := range next {
		e, ok := m.Origins[a.Origin]
		if !ok {
			if lo, read := loaded[a.Origin]; read {
				e = lo.entry
			} else {
				e = prev.Origins[a.Origin]
			}
			e.Articles = 0
		}
		e.Articles++
		m.Origins[a.Origin] = e
	}
	return m
}

func sameArticle(a, b byline.Article) bool {
	return a.Title == b.Title && a.Text == b.Text && a.URL == b.URL && a.Published.Equal(b.Published) &&
		a.Source == b.Source && a.Author == b.Author
}
