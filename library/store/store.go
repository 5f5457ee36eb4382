// Package store is the journal of indexed articles: one bbolt file changed
// by small atomic transactions, each appending to an ordered log of article
// events (added, updated, removed) and keeping the latest record (text,
// chunk spans, vectors) of each article changed since the last checkpoint of
// the index. Adding 100 articles to an index of 60,000 writes a few
// megabytes instead of the whole index; docs/STORE.md says why bbolt and
// what was measured.
//
// The index file is the checkpoint: it holds every article as of one
// sequence number, and the journal what came after. The caller (library)
// decides what an article's change is; the store records it as told,
// without checking it against the records it happens to hold (the articles
// of the checkpoint are not in it). Truncate drops records the checkpoint
// holds; events stay.
//
// A Store is safe for concurrent use: bbolt runs one writer and any number
// of readers, each reader seeing the state of one committed transaction.
// Another process cannot open the file for writing while a Store holds it
// (ErrLocked); read-only opens share it.
package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/byline-bot/byline"
)

// formatVersion names the bucket layout and value encodings; a file of
// another version is ErrFormat, not read as garbage.
const formatVersion = 1

var (
	bucketMeta     = []byte("meta")
	bucketArticles = []byte("articles")
	bucketTexts    = []byte("texts")
	bucketEvents   = []byte("events")

	keyFormat = []byte("format")
	keyMeta   = []byte("meta")
)

// lockTimeout bounds the wait for another process's lock on the file.
const lockTimeout = 2 * time.Second

var (
	// ErrCorrupt means the file or a value in it is damaged: a failed
	// checksum, a truncated file, a page bbolt cannot read.
	ErrCorrupt = errors.New("store is corrupt")
	// ErrFormat means the file was written by a build with another layout.
	ErrFormat = errors.New("store has an unknown format version")
	// ErrLocked means another process has the store open.
	ErrLocked = errors.New("store is open in another process")
)

// Kind says what a change or an event did to an article.
type Kind uint8

// The kinds of change. Their values are stored: never renumber them.
const (
	Added   Kind = 1
	Updated Kind = 2
	Removed Kind = 3
)

func (k Kind) String() string {
	switch k {
	case Added:
		return "added"
	case Updated:
		return "updated"
	case Removed:
		return "removed"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Record is one stored article with what indexing made of it.
type Record struct {
	Article byline.Article
	// Hash identifies the indexed content (article and chunking): an
	// unchanged hash means the vectors can be reused.
	Hash string
	// Spans are the chunks' start and end byte offsets into Article.Text,
	// in pairs.
	Spans []int32
	// Vectors holds one row of len(Title) values per chunk.
	Vectors []float32
	// Title is the title's vector; its length is the dimension of every row.
	Title []float32
	// Seq is the sequence number of the event that last wrote the article
	// (set by the store).
	Seq uint64
}

// Change is one article added, updated or removed. A removal needs only
// Record.Article.ID.
type Change struct {
	Kind Kind
	Record
	// LogOnly logs the event and drops any record of the article instead
	// of storing this one: for a job whose whole result is saved as a new
	// checkpoint, where a record would only be truncated again.
	LogOnly bool
}

// Event is one entry of the ordered log: what happened to which article.
// Followers read the article's current state with Get.
type Event struct {
	Seq  uint64
	Kind Kind
	ID   string
	// Hash is the content hash written; empty for a removal.
	Hash string
}

// Meta describes how the stored vectors were made. Changing the embedder or
// the chunking means re-indexing every article.
type Meta struct {
	Embedder     string `json:"embedder"`
	Dims         int    `json:"dims"`
	ChunkSize    int    `json:"chunk_size"`
	ChunkOverlap int    `json:"chunk_overlap"`
}

// Store is an open store file.
type Store struct {
	db   *bolt.DB
	path string
}

// Open opens the store at path, creating it when missing. A damaged file is
// ErrCorrupt, one of another layout ErrFormat.
func Open(path string) (*Store, error) { return open(path, false) }

// OpenReadOnly opens an existing store for reading, beside other readers;
// a missing file is an error (os.ErrNotExist), never created.
func OpenReadOnly(path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	return open(path, true)
}

func open(path string, readOnly bool) (*Store, error) {
	_, statErr := os.Stat(path)
	db, err := openBolt(path, readOnly)
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return nil, fmt.Errorf("open store %s: %w", path, ErrLocked)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
		return nil, fmt.Errorf("open store %s: %w: %v", path, ErrCorrupt, err)
	case err != nil && statErr == nil:
		// bbolt reports most damage to an existing file as plain errors
		// ("file size too small", "invalid page type").
		return nil, fmt.Errorf("open store %s: %w: %v", path, ErrCorrupt, err)
	case err != nil:
		return nil, fmt.Errorf("open store: %w", err)
	}
	s := &Store{db: db, path: path}
	if err := s.init(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return s, nil
}

// init checks the file against its format version, or writes the layout
// into a new file.
func (s *Store) init() (err error) {
	defer guard(&err)()
	var fresh bool
	err = s.db.View(func(tx *bolt.Tx) error {
		// A file cut short maps pages that are not there: reading one
		// would be a SIGBUS, not an error.
		if fi, err := os.Stat(s.path); err != nil {
			return err
		} else if tx.Size() > fi.Size() {
			return fmt.Errorf("%w: %d bytes in use, file has %d", ErrCorrupt, tx.Size(), fi.Size())
		}
		m := tx.Bucket(bucketMeta)
		if m == nil {
			fresh = true
			return nil
		}
		v := m.Get(keyFormat)
		if len(v) != 4 {
			return fmt.Errorf("%w: no format version", ErrCorrupt)
		}
		if n := binary.LittleEndian.Uint32(v); n != formatVersion {
			return fmt.Errorf("%w: version %d, this build reads %d", ErrFormat, n, formatVersion)
		}
		for _, name := range [][]byte{bucketArticles, bucketTexts, bucketEvents} {
			if tx.Bucket(name) == nil {
				return fmt.Errorf("%w: bucket %s missing", ErrCorrupt, name)
			}
		}
		return nil
	})
	if err != nil || !fresh {
		return err
	}
	if s.db.IsReadOnly() {
		return fmt.Errorf("%w: not initialised", ErrCorrupt)
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketMeta, bucketArticles, bucketTexts, bucketEvents} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keyFormat, binary.LittleEndian.AppendUint32(nil, formatVersion))
	})
}

func openBolt(path string, readOnly bool) (db *bolt.DB, err error) {
	defer guard(&err)()
	return bolt.Open(path, 0o644, &bolt.Options{Timeout: lockTimeout, FreelistType: bolt.FreelistMapType, ReadOnly: readOnly})
}

// guard, deferred as guard(&err)() by every method that reads the map,
// turns a panic inside bbolt into ErrCorrupt. bbolt checks
// only its meta pages; a damaged freelist, branch or leaf page makes it
// panic ("invalid page type") rather than return an error, and a damaged
// file is bad input, not a bug of this program. It also sets
// debug.SetPanicOnFault, so that a page cut off by a
// truncated file is a panic here rather than a fatal SIGBUS.
func guard(err *error) func() {
	old := debug.SetPanicOnFault(true)
	return func() {
		debug.SetPanicOnFault(old)
		if r := recover(); r != nil {
			*err = fmt.Errorf("%w: %v", ErrCorrupt, r)
		}
	}
}

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }

// Path returns the file's path.
func (s *Store) Path() string { return s.path }

// Seq returns the sequence number of the last event (0 when none).
func (s *Store) Seq() (seq uint64, err error) {
	defer guard(&err)()
	err = s.db.View(func(tx *bolt.Tx) error {
		seq = tx.Bucket(bucketEvents).Sequence()
		return nil
	})
	return seq, err
}

// Apply writes changes in one durable transaction, appending one event per
// change, and returns the sequence number of the last event. Changes apply
// in order, so a batch may add an article and then update it. Nothing is
// written when changes is empty, when ctx ends first, or when any change
// fails (an unknown kind, a malformed record): then no event is logged either.
func (s *Store) Apply(ctx context.Context, changes []Change) (seq uint64, err error) {
	if len(changes) == 0 {
		return s.Seq()
	}
	defer guard(&err)()
	err = s.db.Update(func(tx *bolt.Tx) error {
		arts, texts, events := tx.Bucket(bucketArticles), tx.Bucket(bucketTexts), tx.Bucket(bucketEvents)
		for i := range changes {
			if err := ctx.Err(); err != nil {
				return err
			}
			c := &changes[i]
			key := articleKey(c.Article)
			if len(key) == 0 || len(key) > bolt.MaxKeySize {
				return fmt.Errorf("change %d: article ID of %d bytes", i, len(key))
			}
			if c.Kind < Added || c.Kind > Removed {
				return fmt.Errorf("change %d: unknown kind %d", i, c.Kind)
			}
			seq, err := events.NextSequence()
			if err != nil {
				return err
			}
			ev := Event{Seq: seq, Kind: c.Kind, ID: c.Article.ID}
			if c.Kind != Removed {
				ev.Hash = c.Hash
			}
			if c.Kind == Removed || c.LogOnly {
				if err := arts.Delete(key); err != nil {
					return err
				}
				if err := texts.Delete(key); err != nil {
					return err
				}
			} else {
				rec := c.Record
				rec.Seq = seq
				v, err := encodeRecord(&rec)
				if err != nil {
					return err
				}
				if err := arts.Put(key, v); err != nil {
					return err
				}
				if err := texts.Put(key, encodeText(c.Article.Text)); err != nil {
					return err
				}
			}
			if err := events.Put(seqKey(seq), encodeEvent(ev)); err != nil {
				return err
			}
		}
		seq = events.Sequence()
		return ctx.Err()
	})
	if err != nil {
		return 0, fmt.Errorf("apply %d changes: %w", len(changes), err)
	}
	return seq, nil
}

// Truncate drops the records of articles last written at or before seq
// (a checkpoint now holds them) and returns how many it dropped. Events
// stay: the log keeps its order and numbering.
func (s *Store) Truncate(ctx context.Context, seq uint64) (n int, err error) {
	defer guard(&err)()
	err = s.db.Update(func(tx *bolt.Tx) error {
		arts, texts := tx.Bucket(bucketArticles), tx.Bucket(bucketTexts)
		var drop [][]byte
		c := arts.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			r, err := decodeRecord(v)
			if err != nil {
				return fmt.Errorf("%w: article %q: %v", ErrCorrupt, k, err)
			}
			if r.Seq <= seq {
				drop = append(drop, append([]byte(nil), k...))
			}
		}
		for _, k := range drop {
			if err := arts.Delete(k); err != nil {
				return err
			}
			if err := texts.Delete(k); err != nil {
				return err
			}
		}
		n = len(drop)
		return nil
	})
	return n, err
}

// SkipTo moves the log's numbering on to seq when it is behind (a
// checkpoint written by a job whose events a crash kept out of the log):
// the next event is seq+1. It writes nothing when the log is at or past seq.
func (s *Store) SkipTo(ctx context.Context, seq uint64) (err error) {
	if cur, err := s.Seq(); err != nil || cur >= seq {
		return err
	}
	defer guard(&err)()
	return s.db.Update(func(tx *bolt.Tx) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return tx.Bucket(bucketEvents).SetSequence(seq)
	})
}

// Get returns the stored article id with its text; ok is false when it is
// not stored.
func (s *Store) Get(id string) (r Record, ok bool, err error) {
	defer guard(&err)()
	err = s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketArticles).Get([]byte(id))
		if v == nil {
			return nil
		}
		ok = true
		var err error
		r, err = readRecord(tx, []byte(id), v, true)
		return err
	})
	return r, ok, err
}

func readRecord(tx *bolt.Tx, key, v []byte, withText bool) (Record, error) {
	r, err := decodeRecord(v)
	if err != nil {
		return Record{}, fmt.Errorf("%w: article %q: %v", ErrCorrupt, key, err)
	}
	if r.Article.ID != string(key) {
		return Record{}, fmt.Errorf("%w: article %q stored under %q", ErrCorrupt, r.Article.ID, key)
	}
	if withText {
		tv := tx.Bucket(bucketTexts).Get(key)
		if tv == nil {
			return Record{}, fmt.Errorf("%w: article %q has no text", ErrCorrupt, key)
		}
		if r.Article.Text, err = decodeText(tv); err != nil {
			return Record{}, fmt.Errorf("%w: text of %q: %v", ErrCorrupt, key, err)
		}
	}
	for _, s := range r.Spans {
		if withText && int(s) > len(r.Article.Text) {
			return Record{}, fmt.Errorf("%w: article %q: chunk past its text", ErrCorrupt, key)
		}
	}
	return r, nil
}

// Load calls fn with every stored article, text included, in ID order, all
// from one consistent state. It stops at the first error fn returns.
func (s *Store) Load(ctx context.Context, fn func(Record) error) error {
	return s.load(ctx, true, fn)
}

// LoadVectors is Load without the texts: what a start-up needs when texts
// are read on demand with Get. At 60,000 articles it reads a third of the
// bytes.
func (s *Store) LoadVectors(ctx context.Context, fn func(Record) error) error {
	return s.load(ctx, false, fn)
}

func (s *Store) load(ctx context.Context, withText bool, fn func(Record) error) (err error) {
	defer guard(&err)()
	return s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketArticles).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			r, err := readRecord(tx, k, v, withText)
			if err != nil {
				return err
			}
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	})
}

// Events calls fn with every event after seq after, in order, from one
// consistent state. Long-running callers hold a read transaction that
// delays a writer growing the file: read in bounded steps.
func (s *Store) Events(ctx context.Context, after uint64, fn func(Event) error) (err error) {
	defer guard(&err)()
	return s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketEvents).Cursor()
		want := after + 1
		for k, v := c.Seek(seqKey(after + 1)); k != nil; k, v = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			if len(k) != 8 {
				return fmt.Errorf("%w: event key of %d bytes", ErrCorrupt, len(k))
			}
			seq := binary.BigEndian.Uint64(k)
			if seq != want {
				return fmt.Errorf("%w: event %d follows %d", ErrCorrupt, seq, want-1)
			}
			want++
			e, err := decodeEvent(seq, v)
			if err != nil {
				return fmt.Errorf("%w: event %d: %v", ErrCorrupt, seq, err)
			}
			if err := fn(e); err != nil {
				return err
			}
		}
		return nil
	})
}

// Meta returns the stored Meta; the zero Meta when none was set.
func (s *Store) Meta() (m Meta, err error) {
	defer guard(&err)()
	err = s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketMeta).Get(keyMeta)
		if v == nil {
			return nil
		}
		body, err := checkCRC(v)
		if err == nil {
			err = json.Unmarshal(body, &m)
		}
		if err != nil {
			return fmt.Errorf("%w: meta: %v", ErrCorrupt, err)
		}
		return nil
	})
	return m, err
}

// SetMeta stores m; it writes nothing when m is already stored.
func (s *Store) SetMeta(ctx context.Context, m Meta) (err error) {
	if old, err := s.Meta(); err != nil {
		return err
	} else if old == m {
		return nil
	}
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	defer guard(&err)()
	return s.db.Update(func(tx *bolt.Tx) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keyMeta, appendCRC(body))
	})
}
