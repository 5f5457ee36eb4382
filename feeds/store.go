package feeds

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/byline-bot/byline/internal/atomicfile"
)

// The poller's files, under DataDir/feeds. Each is replaced atomically
// (atomicfile.Write), so a crash leaves the old version or the new one.
//
//   - sources.json lists the sources added from the CLI or Discord, with
//     their settings. Any process may change it (under sources.lock); the
//     poller reads it again when it changed.
//   - state/<id>.json is one source's polling state, its items and its
//     outbox: one file, so that what a poll indexed and what it queued are
//     written together. Only the process that polls (poll.lock) writes it.
const (
	dirName         = "feeds"
	sourcesFile     = "sources.json"
	sourcesLockFile = "sources.lock"
	pollLockFile    = "poll.lock"
	stateDir        = "state"
)

// storedSource is a source as sources.json holds it.
type storedSource struct {
	Source
	// Resumed is set by Add of a source that is already followed: it is
	// due at once, and enabled again if it was disabled.
	Resumed time.Time `json:"resumed,omitzero"`
}

type sourcesDoc struct {
	Sources []storedSource `json:"sources"`
}

// state is one source's polling state.
type state struct {
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	LastPoll     time.Time `json:"last_poll,omitzero"`
	LastStatus   string    `json:"last_status,omitempty"`
	HTTPStatus   int       `json:"http_status,omitempty"`
	NextPoll     time.Time `json:"next_poll,omitzero"`
	Error        string    `json:"error,omitempty"`
	Failures     int       `json:"failures,omitempty"`
	// FirstPoll is when the source was first read whole: items published
	// before it are never posted.
	FirstPoll time.Time `json:"first_poll,omitzero"`
	// Resumed is the Resumed of the source's entry last acted on.
	Resumed time.Time `json:"resumed,omitzero"`
	Disabled  bool      `json:"disabled,omitempty"`
	// DisabledAt is when it was disabled; DisabledTold whether the admins
	// were told (AckDisabled).
	DisabledAt   time.Time `json:"disabled_at,omitzero"`
	DisabledTold bool      `json:"disabled_told,omitempty"`
	// Items by key (see itemKey).
	Items  map[string]*item `json:"items,omitempty"`
	Outbox []Story          `json:"outbox,omitempty"`
}

// item is what the poller remembers of one feed item.
type item struct {
	ID        string    `json:"id"`
	Hash      string    `json:"hash"`
	Published time.Time `json:"published,omitzero"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	// Pruned marks a tombstone: removed by retention, never indexed again.
	Pruned bool `json:"pruned,omitempty"`
}

// date is what retention ages an item by: its publication date, else when
// it was first seen.
func (it *item) date() time.Time {
	if !it.Published.IsZero() {
		return it.Published
	}
	return it.FirstSeen
}

// indexed counts the items of s that are in the index.
func (s *state) indexed() int {
	n := 0
	for _, it := range s.Items {
		if !it.Pruned {
			n++
		}
	}
	return n
}

func (p *Poller) path(parts ...string) string {
	return filepath.Join(append([]string{p.cfg.DataDir, dirName}, parts...)...)
}

// readSources reads sources.json; a missing file lists nothing.
func (p *Poller) readSources() ([]storedSource, error) {
	data, err := os.ReadFile(p.path(sourcesFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read feeds: %w", err)
	}
	var doc sourcesDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("read %s: %w", p.path(sourcesFile), err)
	}
	return doc.Sources, nil
}

func (p *Poller) writeSources(list []storedSource) error {
	data, err := json.MarshalIndent(sourcesDoc{Sources: list}, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.Write(p.path(), sourcesFile, data); err != nil {
		return fmt.Errorf("save feeds: %w", err)
	}
	return nil
}

// readState reads a source's state; a missing file is a source never polled.
func (p *Poller) readState(id string) (*state, error) {
	st := &state{Items: map[string]*item{}}
	data, err := os.ReadFile(p.path(stateDir, id+".json"))
	if errors.Is(err, os.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("read feed state: %w", err)
	}
	if err := json.Unmarshal(data, st); err != nil {
		return &state{Items: map[string]*item{}}, fmt.Errorf("read %s: %w", p.path(stateDir, id+".json"), err)
	}
	if st.Items == nil {
		st.Items = map[string]*item{}
	}
	return st, nil
}

func (p *Poller) writeState(id string, st *state) error {
	data, err := json.Marshal(st)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(p.path(stateDir), id+".json", data); err != nil {
		return fmt.Errorf("save feed state: %w", err)
	}
	return nil
}

// statID tells one version of a file from another.
type fileID struct {
	size int64
	mod  time.Time
}

func statID(path string) fileID {
	fi, err := os.Stat(path)
	if err != nil {
		return fileID{}
	}
	return fileID{fi.Size(), fi.ModTime()}
}

// storedJSON is storedSource in sources.json.
type storedJSON struct {
	sourceJSON
	Resumed time.Time `json:"resumed,omitzero"`
}

// MarshalJSON keeps Resumed, which Source's promoted method would drop.
func (s storedSource) MarshalJSON() ([]byte, error) {
	return json.Marshal(storedJSON{s.Source.jsonForm(), s.Resumed})
}

func (s *storedSource) UnmarshalJSON(data []byte) error {
	var j struct {
		Resumed time.Time `json:"resumed,omitzero"`
	}
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	if err := json.Unmarshal(data, &s.Source); err != nil {
		return err
	}
	s.Resumed = j.Resumed
	return nil
}
