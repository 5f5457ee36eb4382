package feeds

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/byline-bot/byline/internal/filelock"
	"github.com/byline-bot/byline/library"
)

// ErrPolling is returned by Poll when another process (`byline serve` or
// `byline watch`) is polling these feeds.
var ErrPolling = errors.New("another byline process is polling these feeds (byline serve or byline watch)")

// Poller follows the sources. It is safe for concurrent use: the Discord
// side calls List, Add, Remove, Outbox and Ack while Run polls.
type Poller struct {
	cfg   Config
	index Index
	fetch Fetcher
	log   *slog.Logger
	now   func() time.Time
	after func(time.Duration) <-chan time.Time

	notify chan struct{}
	wake   chan struct{}
	// fetches bounds the requests in flight (feeds and full text).
	fetches chan struct{}
	// applyMu serializes index changes: the library runs one job at a time.
	applyMu sync.Mutex

	// running is set while Run holds the poll lock for this process.
	running sync.Mutex
	// fileMu is held while this process takes the poll lock (Run, Poll) or
	// holds it briefly to read the states from disk (current), so that
	// neither mistakes the other for another process.
	fileMu sync.Mutex

	mu sync.Mutex
	// sources: configured first, then added, in the order added.
	sources []storedSource
	states  map[string]*state
	// polling marks the sources a poll is working on.
	polling map[string]bool
	// hosts bounds the requests in flight per host.
	hosts map[string]chan struct{}
	// listSeen is the version of sources.json last read.
	listSeen fileID
	// holdsPollLock is true while Run holds the poll lock.
	holdsPollLock bool
}

// New opens the poller's state in cfg.DataDir (creating it when missing) and
// merges cfg.Sources into the persisted sources. It does no network I/O.
func New(cfg Config, deps Deps) (*Poller, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("feeds: no data directory")
	}
	if deps.Index == nil || deps.Fetcher == nil {
		return nil, errors.New("feeds: an index and a fetcher are needed")
	}
	cfg.Every = cmp.Or(cfg.Every, DefaultEvery)
	cfg.MaxInterval = cmp.Or(cfg.MaxInterval, 24*time.Hour)
	cfg.MaxFailures = cmp.Or(cfg.MaxFailures, 10)
	cfg.Concurrency = cmp.Or(cfg.Concurrency, 4)
	cfg.PerHost = cmp.Or(cfg.PerHost, 1)
	if cfg.Every < MinEvery {
		return nil, fmt.Errorf("feeds: interval %v: want at least %v", cfg.Every, MinEvery)
	}
	p := &Poller{
		cfg: cfg, index: deps.Index, fetch: deps.Fetcher, log: deps.Log, now: deps.Now, after: deps.After,
		notify: make(chan struct{}, 1), wake: make(chan struct{}, 1), fetches: make(chan struct{}, cfg.Concurrency),
		states: map[string]*state{}, polling: map[string]bool{}, hosts: map[string]chan struct{}{},
	}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	if p.now == nil {
		p.now = time.Now
	}
	if p.after == nil {
		p.after = time.After
	}
	if err := os.MkdirAll(p.path(stateDir), 0o755); err != nil {
		return nil, fmt.Errorf("feeds: %w", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.reloadLocked(); err != nil {
		return nil, err
	}
	return p, nil
}

// reloadLocked reads sources.json again when it changed, merges the
// configured sources in, and loads the state of sources not loaded yet.
func (p *Poller) reloadLocked() error {
	id := statID(p.path(sourcesFile))
	if id == p.listSeen && p.sources != nil {
		return nil
	}
	stored, err := p.readSources()
	if err != nil {
		return err
	}
	p.listSeen = id
	var list []storedSource
	seen := map[string]bool{}
	for _, raw := range p.cfg.Sources {
		u := normalizeSourceURL(raw)
		sid := sourceID(u)
		if seen[sid] {
			continue
		}
		seen[sid] = true
		src := storedSource{Source: Source{ID: sid, URL: u, Every: p.cfg.Every, FromConfig: true}}
		if i := slices.IndexFunc(stored, func(s storedSource) bool { return s.ID == sid }); i >= 0 {
			src = stored[i] // settings given later (a channel) win
			src.FromConfig = true
		}
		list = append(list, src)
	}
	for _, s := range stored {
		if !seen[s.ID] {
			seen[s.ID] = true
			list = append(list, s)
		}
	}
	now := p.now()
	for _, s := range list {
		st, ok := p.states[s.ID]
		if !ok {
			st, err = p.readState(s.ID)
			if err != nil {
				// A damaged state file costs one silent first poll, not the
				// source: say so and start over.
				p.log.Warn("feed state unreadable; polling it afresh", "feed", s.URL, "err", err)
			}
			if st.NextPoll.IsZero() {
				if s.Added.IsZero() || s.FromConfig && st.LastPoll.IsZero() {
					// A configured source polls at its slot: no burst at start-up.
					st.NextPoll = slotAtOrAfter(now, s.Every, slotOffset(s.URL, s.Every))
				} else {
					st.NextPoll = now
				}
			} else if st.NextPoll.Before(now) {
				// Overdue after downtime: at its next slot, so that a restart
				// spreads the catch-up over an interval.
				st.NextPoll = slotAtOrAfter(now, s.Every, slotOffset(s.URL, s.Every))
			}
			p.states[s.ID] = st
		}
		if s.Resumed.After(st.Resumed) {
			// Added again: due now, and a disabled source resumes.
			if st.Disabled {
				st.Disabled, st.Failures, st.Error, st.DisabledTold = false, 0, "", false
			}
			st.Resumed, st.NextPoll = s.Resumed, now
		}
	}
	for sid := range p.states {
		if !seen[sid] {
			delete(p.states, sid)
		}
	}
	p.sources = list
	return nil
}

// Add follows src.URL with src's settings (Every 0 means the default) and
// returns the source as stored. Adding a URL already followed replaces its
// settings and re-enables it when it was disabled (a fixed source resumes).
// The first poll of a new source indexes its items silently: nothing is
// queued for its channel. A new source is due at once.
func (p *Poller) Add(ctx context.Context, src Source) (Source, error) {
	if err := p.check(&src); err != nil {
		return Source{}, err
	}
	unlock, err := p.lockSources()
	if err != nil {
		return Source{}, err
	}
	defer unlock()
	stored, err := p.readSources()
	if err != nil {
		return Source{}, err
	}
	now := p.now()
	entry := storedSource{Source: src}
	if i := slices.IndexFunc(stored, func(s storedSource) bool { return s.ID == src.ID }); i >= 0 {
		entry.Added = stored[i].Added
		entry.Resumed = now
		stored[i] = entry
	} else {
		entry.Added = now
		if p.configured(src.ID) {
			entry.Resumed = now
		}
		stored = append(stored, entry)
	}
	entry.FromConfig = p.configured(src.ID)
	if err := p.writeSources(stored); err != nil {
		return Source{}, err
	}
	p.mu.Lock()
	err = p.reloadLocked()
	p.mu.Unlock()
	p.poke()
	return entry.Source, err
}

// check validates and completes a source given to Add.
func (p *Poller) check(src *Source) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrBadSource, fmt.Sprintf(format, args...))
	}
	u, err := url.Parse(strings.TrimSpace(src.URL))
	switch {
	case err == nil && strings.EqualFold(u.Scheme, "http") || strings.EqualFold(u.Scheme, "https"):
		if u.Host == "" {
			return bad("%q has no host", src.URL)
		}
		src.URL = normalizeSourceURL(src.URL)
	default:
		// A file or folder on this machine (the CLI only: Discord takes
		// http(s) URLs).
		abs, err := filepath.Abs(strings.TrimSpace(src.URL))
		if err != nil {
			return bad("%q: %v", src.URL, err)
		}
		if _, err := os.Stat(abs); err != nil {
			return bad("%q is neither an http(s) URL nor a file or folder here: %v", src.URL, err)
		}
		src.URL = abs
	}
	src.ID = sourceID(src.URL)
	src.Every = cmp.Or(src.Every, p.cfg.Every)
	if src.Every < MinEvery {
		return bad("every %v: want at least %v", src.Every, MinEvery)
	}
	if src.Channel != "" {
		if _, err := strconv.ParseUint(src.Channel, 10, 64); err != nil {
			return bad("channel %q is not a Discord channel id (a number)", src.Channel)
		}
	}
	if src.MaxAge < 0 || src.MaxArticles < 0 {
		return bad("retention must not be negative")
	}
	src.Include, src.Exclude = cleanWords(src.Include), cleanWords(src.Exclude)
	src.FromConfig = false
	return nil
}

// cleanWords trims keywords and drops empty ones; "a, b" given as one
// word is two.
func cleanWords(ws []string) []string {
	var out []string
	for _, w := range ws {
		for _, part := range strings.Split(w, ",") {
			if part = strings.TrimSpace(part); part != "" && !slices.Contains(out, part) {
				out = append(out, part)
			}
		}
	}
	return out
}

func (p *Poller) configured(id string) bool {
	for _, raw := range p.cfg.Sources {
		if sourceID(normalizeSourceURL(raw)) == id {
			return true
		}
	}
	return false
}

// lockSources serializes changes to sources.json across processes (a CLI
// beside the bot), waiting a little for another writer.
func (p *Poller) lockSources() (func(), error) {
	for range 50 {
		unlock, err := filelock.TryLock(p.path(sourcesLockFile))
		if !errors.Is(err, filelock.ErrLocked) {
			return unlock, err
		}
		time.Sleep(20 * time.Millisecond) // a writer holds it for a file write
	}
	return nil, fmt.Errorf("feeds: %s stays locked by another process", p.path(sourcesLockFile))
}

// List returns every source with its polling status, in the order added
// (configured sources first).
func (p *Poller) List() []Status {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.reloadLocked(); err != nil {
		p.log.Warn("feeds list not re-read", "err", err)
	}
	out := make([]Status, 0, len(p.sources))
	for _, s := range p.sources {
		out = append(out, p.statusLocked(s.Source))
	}
	return out
}

func (p *Poller) statusLocked(s Source) Status {
	st := p.states[s.ID]
	if st == nil {
		return Status{Source: s}
	}
	status := st.LastStatus
	if st.Disabled {
		status = StatusDisabled
	}
	return Status{Source: s, LastPoll: st.LastPoll, LastStatus: status, HTTPStatus: st.HTTPStatus, NextPoll: st.NextPoll,
		Articles: st.indexed(), Failures: st.Failures, Disabled: st.Disabled, Error: st.Error}
}

// Remove stops following the source with this URL or id. Its articles stay
// indexed unless purge is set. Sources of the configuration cannot be
// removed (ErrConfigured).
func (p *Poller) Remove(ctx context.Context, urlOrID string, purge bool) error {
	unlock, err := p.lockSources()
	if err != nil {
		return err
	}
	defer unlock()
	p.mu.Lock()
	if err := p.reloadLocked(); err != nil {
		p.mu.Unlock()
		return err
	}
	key := strings.TrimSpace(urlOrID)
	i := slices.IndexFunc(p.sources, func(s storedSource) bool {
		return s.ID == key || s.URL == normalizeSourceURL(key)
	})
	if i < 0 {
		p.mu.Unlock()
		return fmt.Errorf("%w: %s", ErrUnknownSource, key)
	}
	src := p.sources[i].Source
	if src.FromConfig {
		p.mu.Unlock()
		return ErrConfigured
	}
	var ids []string
	if st := p.states[src.ID]; st != nil {
		for _, it := range st.Items {
			if !it.Pruned {
				ids = append(ids, it.ID)
			}
		}
	}
	p.mu.Unlock()
	slices.Sort(ids)
	if purge && len(ids) > 0 {
		p.applyMu.Lock()
		_, err := p.index.Apply(ctx, originOf(src.URL), nil, ids, library.IndexOptions{})
		p.applyMu.Unlock()
		if err != nil {
			return fmt.Errorf("remove the articles of %s: %w", src.URL, err)
		}
	}
	stored, err := p.readSources()
	if err != nil {
		return err
	}
	stored = slices.DeleteFunc(stored, func(s storedSource) bool { return s.ID == src.ID })
	if err := p.writeSources(stored); err != nil {
		return err
	}
	if err := os.Remove(p.path(stateDir, src.ID+".json")); err != nil && !errors.Is(err, os.ErrNotExist) {
		p.log.Warn("feed state not removed", "feed", src.URL, "err", err)
	}
	p.mu.Lock()
	delete(p.states, src.ID)
	err = p.reloadLocked()
	p.mu.Unlock()
	return err
}

// originOf is the origin of a source's articles in the index. The prefix
// keeps them the poller's: the library's re-index never reads "feed:"
// origins back whole through ingest (which would drop the items that left
// the feed and replace full texts with summaries); it keeps them.
func originOf(sourceURL string) string { return "feed:" + sourceURL }

// Outbox returns the stories waiting to be posted, oldest first (by
// publication date, then by when they were queued). They stay there until
// acknowledged, so a restart neither loses nor reposts them.
//
// When another process polls (`byline watch` beside `byline serve`), the
// queue is that process's: Outbox returns nothing until this one polls, so
// a story is never posted from a stale copy.
func (p *Poller) Outbox() []Story {
	var out []Story
	err := p.current(func() {
		for _, s := range p.sources {
			if st := p.states[s.ID]; st != nil {
				out = append(out, st.Outbox...)
			}
		}
	})
	if err != nil {
		if !errors.Is(err, ErrPolling) {
			p.log.Warn("feeds outbox", "err", err)
		}
		return nil
	}
	slices.SortStableFunc(out, func(a, b Story) int {
		return cmp.Or(storyTime(a).Compare(storyTime(b)), a.Queued.Compare(b.Queued), strings.Compare(a.ID, b.ID))
	})
	return out
}

func storyTime(s Story) time.Time {
	if s.Article.Published.IsZero() {
		return s.Queued
	}
	return s.Article.Published
}

// Ack removes posted stories from the outbox (unknown ids are ignored) and
// persists it before returning.
func (p *Poller) Ack(ids ...string) error {
	var errs []error
	err := p.current(func() {
		for sid, st := range p.states {
			n := len(st.Outbox)
			st.Outbox = slices.DeleteFunc(st.Outbox, func(s Story) bool { return slices.Contains(ids, s.ID) })
			if len(st.Outbox) != n {
				errs = append(errs, p.writeState(sid, st))
			}
		}
	})
	return errors.Join(append(errs, err)...)
}

// current runs fn (under p.mu) with the sources' states as they are on
// disk: this process's own while it polls (Run), else read again under the
// poll lock, so that what another process queued is seen and never
// overwritten with an older copy. It is ErrPolling while another process
// polls.
func (p *Poller) current(fn func()) error {
	p.fileMu.Lock()
	defer p.fileMu.Unlock()
	p.mu.Lock()
	held := p.holdsPollLock
	p.mu.Unlock()
	if !held {
		unlock, err := filelock.TryLock(p.path(pollLockFile))
		if errors.Is(err, filelock.ErrLocked) {
			return ErrPolling
		}
		if err != nil {
			return err
		}
		defer unlock()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !held {
		if err := p.reloadLocked(); err != nil {
			return err
		}
		for _, s := range p.sources {
			if _, err := os.Stat(p.path(stateDir, s.ID+".json")); err != nil {
				continue // never written: the copy here is all there is
			}
			st, err := p.readState(s.ID)
			if err != nil {
				return err
			}
			p.states[s.ID] = st
		}
	}
	fn()
	return nil
}

// Disabled returns the sources disabled since their last acknowledgement:
// tell the admins once (the admin channel, else the log), then AckDisabled.
func (p *Poller) Disabled() []Status {
	var out []Status
	p.current(func() { //nolint:errcheck // another process polls: it reports them
		for _, s := range p.sources {
			if st := p.states[s.ID]; st != nil && st.Disabled && !st.DisabledTold {
				out = append(out, p.statusLocked(s.Source))
			}
		}
	})
	return out
}

// AckDisabled records that the admins were told of these sources (by id).
func (p *Poller) AckDisabled(ids ...string) error {
	var errs []error
	err := p.current(func() {
		for _, id := range ids {
			if st := p.states[id]; st != nil && st.Disabled && !st.DisabledTold {
				st.DisabledTold = true
				errs = append(errs, p.writeState(id, st))
			}
		}
	})
	return errors.Join(append(errs, err)...)
}

// Notify returns a channel that receives a value (without blocking the
// poller; several events may make one value) whenever stories are queued or
// a source is disabled: the Discord side waits on it instead of polling
// Outbox and Disabled.
func (p *Poller) Notify() <-chan struct{} { return p.notify }

func (p *Poller) signal() {
	select {
	case p.notify <- struct{}{}:
	default:
	}
}

// poke wakes Run, for a source added in this process.
func (p *Poller) poke() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Run polls due sources until ctx is done, sleeping until the next one is
// due (at most a minute at a time, so that sources added by another process
// are seen). It holds the poll lock for its whole life: `byline poll` in
// another process is refused meanwhile. It returns nil when ctx is
// cancelled, and ErrPolling when another process polls.
func (p *Poller) Run(ctx context.Context) error {
	if !p.running.TryLock() {
		return errors.New("feeds: Run is already running")
	}
	defer p.running.Unlock()
	p.fileMu.Lock()
	unlock, err := filelock.TryLock(p.path(pollLockFile))
	if err != nil {
		p.fileMu.Unlock()
		if errors.Is(err, filelock.ErrLocked) {
			return ErrPolling
		}
		return err
	}
	defer unlock()
	p.mu.Lock()
	p.holdsPollLock = true
	p.mu.Unlock()
	p.fileMu.Unlock()
	defer func() {
		p.mu.Lock()
		p.holdsPollLock = false
		p.mu.Unlock()
	}()
	for {
		if _, err := p.pollRound(ctx, false); err != nil && ctx.Err() == nil {
			p.log.Warn("feeds poll", "err", err)
		}
		wait := time.Minute
		if next, ok := p.nextDue(); ok {
			wait = min(max(next.Sub(p.now()), time.Second), time.Minute)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-p.after(wait):
		case <-p.wake:
		}
	}
}

// nextDue is the earliest next poll of an enabled source.
func (p *Poller) nextDue() (time.Time, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var next time.Time
	for _, s := range p.sources {
		st := p.states[s.ID]
		if st == nil || st.Disabled {
			continue
		}
		if next.IsZero() || st.NextPoll.Before(next) {
			next = st.NextPoll
		}
	}
	return next, !next.IsZero()
}

// Poll polls every due source once (every enabled source when all is set),
// with bounded concurrency, and returns what each did. Disabled sources are
// reported as StatusDisabled and not fetched. An error means the poll could
// not run at all (ctx done, ErrPolling); a source's failure is in its Result.
func (p *Poller) Poll(ctx context.Context, all bool) (Report, error) {
	p.fileMu.Lock()
	p.mu.Lock()
	held := p.holdsPollLock
	p.mu.Unlock()
	if !held {
		unlock, err := filelock.TryLock(p.path(pollLockFile))
		if err != nil {
			p.fileMu.Unlock()
			if errors.Is(err, filelock.ErrLocked) {
				return Report{Feeds: []Result{}}, ErrPolling
			}
			return Report{Feeds: []Result{}}, err
		}
		defer unlock()
		// This process polls now: its states are the current ones.
		p.mu.Lock()
		p.holdsPollLock = true
		p.mu.Unlock()
		defer func() {
			p.mu.Lock()
			p.holdsPollLock = false
			p.mu.Unlock()
		}()
	}
	p.fileMu.Unlock()
	return p.pollRound(ctx, all)
}

// pollRound polls the due sources (all: every enabled one) with at most
// cfg.Concurrency at once.
func (p *Poller) pollRound(ctx context.Context, all bool) (Report, error) {
	p.mu.Lock()
	if err := p.reloadLocked(); err != nil {
		p.log.Warn("feeds list not re-read", "err", err)
	}
	now := p.now()
	var due []Source
	rep := Report{Feeds: []Result{}}
	for _, s := range p.sources {
		st := p.states[s.ID]
		switch {
		case p.polling[s.ID]:
		case st.Disabled:
			if all {
				rep.Feeds = append(rep.Feeds, Result{URL: s.URL, Status: StatusDisabled, HTTPStatus: st.HTTPStatus,
					Error: st.Error})
			}
		case all || !st.NextPoll.After(now):
			p.polling[s.ID] = true
			due = append(due, s.Source)
		}
	}
	p.mu.Unlock()
	// The longest overdue first.
	results := make([]Result, len(due))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(p.cfg.Concurrency, len(due)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] = p.pollSource(ctx, due[i])
			}
		}()
	}
	for i := range due {
		select {
		case jobs <- i:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(jobs)
	wg.Wait()
	p.mu.Lock()
	for _, s := range due {
		delete(p.polling, s.ID)
	}
	p.mu.Unlock()
	for _, r := range results {
		if r.URL != "" {
			rep.Feeds = append(rep.Feeds, r)
		}
	}
	return rep, ctx.Err()
}
