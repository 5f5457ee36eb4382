package library

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/ingest"
	"github.com/byline-bot/byline/library/store"
	"github.com/byline-bot/byline/retrieval"
)

// SnapshotFile is the index file's name inside the data directory.
const SnapshotFile = "index.snap"

// Config configures a Library.
type Config struct {
	// DataDir holds the index snapshot; created when missing.
	DataDir string
	// Sources are re-indexed when Reindex is given none (seeds/ plus the
	// configured sources).
	Sources    []string
	Chunk      retrieval.ChunkConfig
	EmbedBatch int
}

// Loader reads one source into articles; *ingest.Loader is the real one.
type Loader interface {
	Load(ctx context.Context, source string) (ingest.Result, error)
	Parse(name string, data []byte, origin string) (ingest.Result, error)
}

// Library is the indexed collection. It is safe for concurrent use: searches
// use the current index while a job builds the next one.
type Library struct {
	cfg      Config
	loader   Loader
	embedder retrieval.Embedder
	log      *slog.Logger
	now      func() time.Time

	// job serializes index jobs; TryLock makes a second one ErrBusy.
	job sync.Mutex

	mu      sync.RWMutex
	current *retrieval.Index

	// Guarded by job: what the last index job left besides the index.
	manifest manifest
	// unreadable says why the saved index could not be loaded (damaged, or
	// built by another embedder); nil once a job has replaced it.
	unreadable error
	// salvaged are the articles of an intact index built by another
	// embedder: a rebuild embeds them again instead of losing them.
	salvaged []byline.Article
	// journal is open (for writing) while a job runs.
	journal *store.Store
	// fileSeq is the journal position the index file holds; checkpointDue
	// makes the next job write the index file (the journal was damaged).
	fileSeq       uint64
	checkpointDue bool
	// onDisk identifies the snapshot file the current index was read from
	// or written to: another process's job changes it, and a job here then
	// starts from what is on disk, not from a stale copy.
	onDisk fileID
}

// fileID tells one version of a file from another.
type fileID struct {
	size int64
	mod  time.Time
}

func statID(path string) (fileID, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return fileID{}, err
	}
	return fileID{fi.Size(), fi.ModTime()}, nil
}

// Open loads the index snapshot from the data directory when there is one.
// A snapshot built by another embedder, or a corrupt one, is an error that
// says to re-index; a missing one leaves the library empty.
func Open(ctx context.Context, cfg Config, loader Loader, emb retrieval.Embedder, logger *slog.Logger) (*Library, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("open library: no data directory")
	}
	l := &Library{cfg: cfg, loader: loader, embedder: emb, log: logger, now: time.Now}
	return l, l.readDisk(ctx)
}

// readDisk (re)loads the source list and the snapshot from the data
// directory. A snapshot built by another embedder, a corrupt one, or a
// missing one while the source list says articles were indexed, leaves
// the library unreadable with an error that says what to run; a missing one
// in a new data directory leaves it empty.
func (l *Library) readDisk(ctx context.Context) error {
	var err error
	if l.manifest, err = readManifest(l.cfg.DataDir); err != nil {
		// Only a rebuild of a damaged index needs it: say so, go on.
		l.log.Warn("source list unreadable; a rebuild reads only the configured sources and those in the index", "err", err)
	}
	l.onDisk, _ = statID(l.path())
	ix, err := l.load(ctx)
	var mismatch *retrieval.MismatchError
	switch {
	case errors.Is(err, os.ErrNotExist) && l.manifest.Articles > 0:
		// A crash while a damaged index was replaced, or a deleted file:
		// the source list still knows what was indexed.
		l.current, l.unreadable, l.salvaged = nil, err, l.journalArticles(ctx)
		return &byline.Error{Code: byline.CodeIndexUnreadable, Err: err,
			Message: fmt.Sprintf("the saved index is missing, though %d articles were indexed", l.manifest.Articles),
			Hint:    "run `byline index` to rebuild it from every source it held"}
	case errors.Is(err, os.ErrNotExist):
		return nil
	case errors.As(err, &mismatch):
		// The journal's articles are newer than the index file's copies.
		l.current, l.unreadable, l.salvaged = nil, err, mergeArticles(mismatch.Articles, l.journalArticles(ctx))
		return &byline.Error{Code: byline.CodeIndexUnreadable, Err: err,
			Message: "the saved index was built with another embedder than the one configured",
			Hint: fmt.Sprintf("run `byline index --rebuild` to embed its %d articles again with the configured embedder",
				len(mismatch.Articles))}
	case errors.Is(err, retrieval.ErrCorrupt):
		l.current, l.unreadable, l.salvaged = nil, err, l.journalArticles(ctx)
		return &byline.Error{Code: byline.CodeIndexUnreadable, Err: err,
			Message: "the saved index is damaged",
			Hint:    "run `byline index` to rebuild it from every source it held (the damaged file is kept as " + SnapshotFile + ".damaged)"}
	case err != nil:
		return err
	}
	l.fileSeq = 0
	if ix != nil {
		l.fileSeq = ix.Seq()
		ix, err = l.replayDisk(ctx, ix)
		// Another process's checkpoint replaced the file while it loaded:
		// load the new one (a few tries; checkpoints are minutes apart).
		for try := 0; errors.Is(err, errCheckpointMoved) && try < 3; try++ {
			l.onDisk, _ = statID(l.path())
			if ix, err = l.load(ctx); err == nil {
				l.fileSeq = ix.Seq()
				ix, err = l.replayDisk(ctx, ix)
			}
		}
		if err != nil {
			l.current, l.unreadable = nil, err
			return &byline.Error{Code: byline.CodeIndexUnreadable, Err: err,
				Message: "the index journal could not be read",
				Hint:    "run `byline index` to rebuild the index from every source it held"}
		}
	}
	l.mu.Lock()
	l.current = ix
	l.mu.Unlock()
	l.unreadable, l.salvaged = nil, nil
	return nil
}

// replayDisk replays the journal after ix: the job's open journal, or the
// file opened beside other readers. A journal another process is writing
// (a job running there) is not waited for: ix answers until that job ends.
func (l *Library) replayDisk(ctx context.Context, ix *retrieval.Index) (*retrieval.Index, error) {
	j := l.journal
	if j == nil {
		var err error
		j, err = l.openJournalReadOnly()
		if errors.Is(err, store.ErrLocked) {
			l.log.Warn("the index journal is being written by another process; answering from the index file")
			return ix, nil
		}
		if err != nil || j == nil {
			return ix, err
		}
		defer j.Close()
	}
	return l.replay(ctx, ix, j)
}

func (l *Library) path() string { return filepath.Join(l.cfg.DataDir, SnapshotFile) }

func (l *Library) load(ctx context.Context) (*retrieval.Index, error) {
	ix, err := retrieval.OpenSnapshot(ctx, l.path(), l.embedder)
	if errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", l.path(), err)
	}
	return ix, nil
}

// Index returns the current index; nil when nothing is indexed yet.
func (l *Library) Index() *retrieval.Index {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.current
}

// ErrBadInput means content given to AddData could not be ingested; the
// error's message says why, in words meant for whoever gave it.
var ErrBadInput = &byline.Error{Code: byline.CodeBadInput, Message: "cannot add this file"}

// ErrEmpty is returned by Search when nothing has been indexed.
var ErrEmpty = &byline.Error{Code: byline.CodeNotIndexed, Message: "no articles are indexed yet",
	Hint: "run `byline index` to index the default sources, or `byline index PATH`"}

// Search runs q on the current index.
func (l *Library) Search(ctx context.Context, q retrieval.Query) ([]retrieval.Result, error) {
	ix := l.Index()
	if ix == nil || ix.Len() == 0 {
		return nil, ErrEmpty
	}
	return ix.Search(ctx, q)
}

// save writes the snapshot atomically: a temp file in the same directory,
// fsynced, renamed over the old one, and the directory fsynced. A crash at
// any point leaves either the old or the new file, never a torn one.
func (l *Library) save(ix *retrieval.Index) error {
	if err := os.MkdirAll(l.cfg.DataDir, 0o755); err != nil {
		return fmt.Errorf("create data dir: %w", err)
	}
	tmp, err := os.CreateTemp(l.cfg.DataDir, SnapshotFile+".tmp-*")
	if err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := ix.WriteTo(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("save index: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("save index: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	if err := os.Rename(tmp.Name(), l.path()); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	if d, err := os.Open(l.cfg.DataDir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// beginJob makes this the one index job: in this process (ErrBusy while
// another runs) and across processes (the data directory's lock).
func (l *Library) beginJob(ctx context.Context) (release func(), err error) {
	if !l.job.TryLock() {
		return nil, ErrBusy
	}
	unlock, err := l.lockDataDir()
	if err != nil {
		l.job.Unlock()
		return nil, err
	}
	if err := os.MkdirAll(l.cfg.DataDir, 0o755); err != nil {
		unlock()
		l.job.Unlock()
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	j, err := l.openJournal(ctx)
	if err != nil {
		unlock()
		l.job.Unlock()
		return nil, err
	}
	// The journal is held for writing only while it is read here and while
	// the job saves (persist): a `byline ask` in another process reads it
	// beside, and would otherwise wait for a whole job.
	l.journal = j
	closeJournal := func() {
		if l.journal != nil {
			l.journal = nil
			j.Close()
		}
	}
	done := func() {
		closeJournal()
		unlock()
		l.job.Unlock()
	}
	// Another process (the CLI beside the bot) may have indexed since this
	// one read the data directory: start from what is on disk, or its
	// articles would be overwritten.
	seq, err := j.Seq()
	if err != nil {
		done()
		return nil, fmt.Errorf("read the journal: %w", err)
	}
	var at uint64
	if cur := l.Index(); cur != nil {
		at = cur.Seq()
	}
	if id, err := statID(l.path()); err == nil && id != l.onDisk || errors.Is(err, os.ErrNotExist) && l.onDisk != (fileID{}) || seq > at {
		var be *byline.Error
		if err := l.readDisk(ctx); err != nil && !errors.As(err, &be) {
			done()
			return nil, err
		}
		l.log.Info("index changed on disk; reloaded it before the job")
	}
	if err := j.SkipTo(ctx, l.fileSeq); err != nil {
		done()
		return nil, fmt.Errorf("update the journal: %w", err)
	}
	closeJournal()
	// A job killed while saving leaves its temp files; no job runs now.
	for _, pattern := range []string{SnapshotFile + ".tmp-*", ManifestFile + ".tmp-*", filepath.Join(uploadsDir, "*.tmp-*")} {
		stale, _ := filepath.Glob(filepath.Join(l.cfg.DataDir, pattern))
		for _, f := range stale {
			os.Remove(f)
		}
	}
	return done, nil
}

// openJournal opens the journal for a job. A damaged one is kept beside as
// JournalFile.damaged and a new one started; the job then writes the whole
// index file, which holds what this process had read of the old journal.
func (l *Library) openJournal(ctx context.Context) (*store.Store, error) {
	j, err := store.Open(l.journalPath())
	if errors.Is(err, store.ErrCorrupt) || errors.Is(err, store.ErrFormat) {
		l.log.Error("the index journal is damaged; kept as "+JournalFile+".damaged, the index file will be written whole", "err", err)
		if err := os.Rename(l.journalPath(), l.journalPath()+".damaged"); err != nil {
			return nil, fmt.Errorf("set the damaged journal aside: %w", err)
		}
		l.checkpointDue = true
		j, err = store.Open(l.journalPath())
	}
	if errors.Is(err, store.ErrLocked) {
		return nil, ErrBusy
	}
	if err != nil {
		return nil, fmt.Errorf("open the journal: %w", err)
	}
	return j, nil
}

// covers reports whether reading origin o re-reads what origin p holds: the
// same origin, or a folder o containing the path p.
func covers(o, p string) bool {
	if o == p {
		return true
	}
	if !filepath.IsAbs(o) || !filepath.IsAbs(p) {
		return false // URLs and uploads cover only themselves
	}
	rel, err := filepath.Rel(o, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// originOf names a source stably: an absolute clean path for files, the URL
// as given otherwise.
func originOf(src string) string {
	if l := strings.ToLower(src); strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(src, "upload:") {
		return src
	}
	if abs, err := filepath.Abs(src); err == nil {
		return abs
	}
	return filepath.Clean(src)
}

// Articles lists indexed articles whose title, id or URL contains query
// (case-insensitive; all when query is empty), newest first, at most limit
// (all when limit <= 0).
func (l *Library) Articles(query string, limit int) []ArticleInfo {
	ix := l.Index()
	if ix == nil {
		return nil
	}
	q := strings.ToLower(strings.TrimSpace(query))
	var out []ArticleInfo
	for _, e := range ix.Articles() {
		if q != "" && !strings.Contains(strings.ToLower(e.Title), q) && !strings.Contains(strings.ToLower(e.ID), q) &&
			!strings.Contains(strings.ToLower(e.URL), q) {
			continue
		}
		out = append(out, ArticleInfo{ID: e.ID, Title: e.Title, URL: e.URL, Published: e.PublishedString(), Chunks: e.Chunks})
	}
	slices.SortFunc(out, func(a, b ArticleInfo) int {
		return cmp.Or(strings.Compare(b.Published, a.Published), strings.Compare(a.ID, b.ID))
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

func report(f func(Progress), p Progress) {
	if f != nil {
		f(p)
	}
}

// Find returns the articles a reference names: the article with that id; else
// those whose title equals it (case-insensitive); else those whose title,
// URL or path contains it.
func (l *Library) Find(ref string) []byline.Article {
	ix := l.Index()
	ref = strings.TrimSpace(ref)
	if ix == nil || ref == "" {
		return nil
	}
	if a, ok := ix.Article(ref); ok {
		return []byline.Article{a}
	}
	lower := strings.ToLower(ref)
	var exact, partial []byline.Article
	for _, e := range ix.Articles() {
		t := strings.ToLower(e.Title)
		switch {
		case t == lower:
			exact = append(exact, e.Article)
		case strings.Contains(t, lower) || strings.Contains(strings.ToLower(e.URL), lower):
			partial = append(partial, e.Article)
		}
	}
	byID := func(a, b byline.Article) int { return strings.Compare(a.ID, b.ID) }
	if len(exact) > 0 {
		slices.SortFunc(exact, byID)
		return exact
	}
	slices.SortFunc(partial, byID)
	return partial
}

// addSkips records what a source skipped, and what was done to its input.
func (s *Summary) addSkips(res ingest.Result) {
	for _, sk := range res.Skips {
		s.Skipped = append(s.Skipped, Skip{Source: sk.Source, Reason: sk.Reason})
	}
	s.Notes = append(s.Notes, res.Notes...)
}
