package feeds

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/ingest"
	"github.com/byline-bot/byline/library"
)

// tombstoneLife is how long a pruned item is remembered after it was last
// seen in its feed: long enough for any feed to have rolled it off.
const tombstoneLife = 30 * 24 * time.Hour

// pollSource polls one source: fetch, read, index, queue, prune, save.
func (p *Poller) pollSource(ctx context.Context, src Source) Result {
	p.mu.Lock()
	st := p.states[src.ID]
	req := ingest.FeedRequest{URL: src.URL, ETag: st.ETag, LastModified: st.LastModified, UserAgent: p.cfg.UserAgent}
	p.mu.Unlock()

	start := p.now()
	var resp ingest.FeedResponse
	var feed ingest.Feed
	var err error
	if isLocal(src.URL) {
		resp, feed, err = p.fetchLocal(ctx, src.URL, req.ETag)
		switch {
		case ctx.Err() != nil:
			return Result{}
		case err != nil:
			return p.failed(src, resp, err, 0)
		case resp.Status == http.StatusNotModified:
			return p.succeeded(src, start, resp, 0, nil, StatusNotModified, nil)
		}
	} else {
		err = p.withFetch(ctx, src.URL, func() error {
			var err error
			resp, err = p.fetch.FetchFeed(ctx, req)
			return err
		})
		if err != nil {
			if ctx.Err() != nil {
				return Result{} // shutting down: not the source's failure
			}
			return p.failed(src, resp, err, 0)
		}
		switch {
		case resp.Status == http.StatusNotModified:
			return p.succeeded(src, start, resp, 0, nil, StatusNotModified, nil)
		case resp.Status < 200 || resp.Status > 299:
			return p.failed(src, resp, fmt.Errorf("HTTP %d %s", resp.Status, http.StatusText(resp.Status)), retryAfter(resp.Header, start))
		}
		if feed, err = p.fetch.ParseFeed(originOf(src.URL), resp); err != nil {
			return p.failed(src, resp, fmt.Errorf("unreadable feed: %w", err), 0)
		}
	}
	ch, err := p.update(ctx, src, feed, start)
	if err != nil {
		if ctx.Err() != nil {
			return Result{}
		}
		if errors.Is(err, library.ErrBusy) {
			// A re-index holds the library: this is nobody's failure, and
			// the validators stay as they were so that the next poll reads
			// the items again.
			return p.deferred(src, resp, err)
		}
		return p.failed(src, resp, err, 0)
	}
	return p.succeeded(src, start, resp, feed.TTL, ch, StatusFetched, feed.Notes)
}

// withFetch runs f holding a fetch slot and a slot of rawURL's host.
func (p *Poller) withFetch(ctx context.Context, rawURL string, f func() error) error {
	host := rawURL
	if u, err := url.Parse(rawURL); err == nil {
		host = strings.ToLower(u.Host)
	}
	p.mu.Lock()
	hs, ok := p.hosts[host]
	if !ok {
		hs = make(chan struct{}, p.cfg.PerHost)
		p.hosts[host] = hs
	}
	p.mu.Unlock()
	select {
	case hs <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-hs }()
	select {
	case p.fetches <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-p.fetches }()
	return f()
}

// change is what a fetched feed changes: the items to index (upsert) and to
// remove, the poller's new view of its items, and the stories to queue.
type change struct {
	items          map[string]*item
	upsert         []byline.Article
	remove         []string
	stories        []Story
	newN, updatedN int
	notes          []string
	firstPoll      time.Time
}

// update works out what feed changes, fetches full texts, and applies it
// to the index. The poller's state is not touched: succeeded does that.
func (p *Poller) update(ctx context.Context, src Source, feed ingest.Feed, now time.Time) (*change, error) {
	p.mu.Lock()
	st := p.states[src.ID]
	items := make(map[string]*item, len(st.Items))
	for k, it := range st.Items {
		c := *it
		items[k] = &c
	}
	firstPoll := st.FirstPoll
	queued := map[string]bool{}
	for _, s := range st.Outbox {
		queued[s.ID] = true
	}
	p.mu.Unlock()

	ch := &change{items: items, firstPoll: firstPoll}
	silent := firstPoll.IsZero()
	if silent {
		ch.firstPoll = now
	}
	ret := p.retention(src)
	inFeed := map[string]bool{}
	for _, fi := range feed.Items {
		key := itemKey(fi)
		if inFeed[key] {
			continue // listed twice: once is enough
		}
		inFeed[key] = true
		h := contentHash(fi)
		it, known := items[key]
		if known {
			it.LastSeen = now
			if it.Pruned || it.Hash == h {
				continue
			}
		}
		a := fi.Article
		a.ID = articleID(src.URL, key)
		a.Origin = originOf(src.URL)
		a.Doc = a.Origin
		published := a.Published
		if !known {
			it = &item{ID: a.ID, FirstSeen: now, LastSeen: now, Published: published}
			if ret.MaxAge > 0 && !it.date().IsZero() && now.Sub(it.date()) > ret.MaxAge {
				// Already older than the source keeps: never indexed.
				it.Pruned, it.Hash = true, h
				items[key] = it
				continue
			}
		}
		if !src.SummaryOnly && fi.Link != "" {
			if note := p.fullText(ctx, &a, fi.Link); note != "" {
				ch.notes = append(ch.notes, note)
			}
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
		}
		it.Hash, it.Published = h, published
		items[key] = it
		ch.upsert = append(ch.upsert, a)
		if known {
			ch.updatedN++
			continue
		}
		ch.newN++
		// Queued: a source with a channel, past its silent first poll, an
		// item not older than the following of it (old items surfacing in a
		// feed are not news), passing the filters.
		if !silent && src.Channel != "" && !queued[a.ID] && (published.IsZero() || !published.Before(firstPoll)) &&
			matches(src, a.Title, a.Text) {
			ch.stories = append(ch.stories, Story{ID: a.ID, SourceID: src.ID, SourceURL: src.URL, Channel: src.Channel,
				Article: a, Queued: now})
		}
	}
	ch.remove = prune(items, ret, now, inFeed)
	if len(ch.remove) > 0 {
		// An item pruned in this poll is neither indexed nor posted.
		gone := map[string]bool{}
		for _, id := range ch.remove {
			gone[id] = true
		}
		ch.upsert = slices.DeleteFunc(ch.upsert, func(a byline.Article) bool { return gone[a.ID] })
		ch.stories = slices.DeleteFunc(ch.stories, func(s Story) bool { return gone[s.ID] })
	}
	if len(ch.upsert)+len(ch.remove) > 0 {
		p.applyMu.Lock()
		_, err := p.index.Apply(ctx, originOf(src.URL), ch.upsert, ch.remove, library.IndexOptions{})
		p.applyMu.Unlock()
		if err != nil {
			return nil, fmt.Errorf("index: %w", err)
		}
	}
	return ch, nil
}

// retention is a source's retention: its own, else the configured one.
func (p *Poller) retention(src Source) Retention {
	return Retention{MaxAge: cmp.Or(src.MaxAge, p.cfg.Retention.MaxAge),
		MaxArticles: cmp.Or(src.MaxArticles, p.cfg.Retention.MaxArticles)}
}

// prune marks the items beyond retention as tombstones and returns the ids
// to remove from the index; tombstones long out of the feed are forgotten.
func prune(items map[string]*item, ret Retention, now time.Time, inFeed map[string]bool) []string {
	var remove []string
	var live []*item
	for _, k := range slices.Sorted(maps.Keys(items)) {
		it := items[k]
		if it.Pruned {
			if !inFeed[k] && now.Sub(it.LastSeen) > tombstoneLife {
				delete(items, k)
			}
			continue
		}
		if ret.MaxAge > 0 && now.Sub(it.date()) > ret.MaxAge {
			it.Pruned = true
			remove = append(remove, it.ID)
			continue
		}
		live = append(live, it)
	}
	if ret.MaxArticles > 0 && len(live) > ret.MaxArticles {
		slices.SortStableFunc(live, func(a, b *item) int { return cmp.Or(b.date().Compare(a.date()), strings.Compare(a.ID, b.ID)) })
		for _, it := range live[ret.MaxArticles:] {
			it.Pruned = true
			remove = append(remove, it.ID)
		}
	}
	slices.Sort(remove)
	return remove
}

// fullText replaces a's text by the main text of the page at link when it
// is longer than what the feed gave; else it keeps the summary and returns
// a note saying why.
func (p *Poller) fullText(ctx context.Context, a *byline.Article, link string) string {
	var res ingest.Result
	err := p.withFetch(ctx, link, func() error {
		var err error
		res, err = p.fetch.Load(ctx, link)
		return err
	})
	var reason string
	switch {
	case err != nil:
		reason = err.Error()
	case len(res.Articles) != 1:
		reason = "not a single article page"
	case len(res.Articles[0].Text) <= len(a.Text):
		return "" // the feed already gives the whole text
	default:
		page := res.Articles[0]
		a.Text = page.Text
		if a.Published.IsZero() {
			a.Published = page.Published
		}
		a.Author = cmp.Or(a.Author, page.Author)
		return ""
	}
	return fmt.Sprintf("full text of %s not fetched (%s): indexed the feed's summary", link, reason)
}

// succeeded records a poll that read the feed (200) or learnt it had not
// changed (304), saves the state, and returns the poll's result.
func (p *Poller) succeeded(src Source, start time.Time, resp ingest.FeedResponse, ttl time.Duration, ch *change, status string, notes []string) Result {
	now := p.now()
	p.mu.Lock()
	defer p.mu.Unlock()
	st, ok := p.states[src.ID]
	if !ok {
		return Result{URL: src.URL, Status: status, HTTPStatus: resp.Status} // removed meanwhile
	}
	if status == StatusFetched {
		st.ETag = resp.Header.Get("ETag")
		st.LastModified = resp.Header.Get("Last-Modified")
	} else {
		// A 304 may carry fresher validators.
		st.ETag = cmp.Or(resp.Header.Get("ETag"), st.ETag)
		st.LastModified = cmp.Or(resp.Header.Get("Last-Modified"), st.LastModified)
	}
	st.LastPoll, st.LastStatus, st.HTTPStatus, st.Error, st.Failures = start, status, resp.Status, "", 0
	res := Result{URL: src.URL, Status: status, HTTPStatus: resp.Status, Notes: notes}
	if ch != nil {
		st.Items = ch.items
		st.FirstPoll = ch.firstPoll
		st.Outbox = append(st.Outbox, ch.stories...)
		res.New, res.Updated = ch.newN, ch.updatedN
		res.Notes = append(res.Notes, ch.notes...)
	}
	// The next slot after now, or after what the server asks: at most one
	// interval away unless the server asks for more (a poll off its slot, of
	// a new source or `poll --all`, may be followed by one soon after: a 304
	// costs little, and new items stay within an interval of their poll).
	wait := min(serverWait(resp.Header, ttl, now), p.cfg.MaxInterval)
	st.NextPoll = slotAtOrAfter(now.Add(max(wait, time.Nanosecond)), src.Every, slotOffset(src.URL, src.Every))
	res.NextPoll = st.NextPoll
	if err := p.writeState(src.ID, st); err != nil {
		p.log.Error("feed state not saved", "feed", src.URL, "err", err)
		res.Error = err.Error()
	}
	if ch != nil && len(ch.stories) > 0 {
		p.signal()
	}
	if ch != nil && (ch.newN+ch.updatedN+len(ch.remove)) > 0 {
		p.log.Info("feed polled", "feed", src.URL, "new", ch.newN, "updated", ch.updatedN, "pruned", len(ch.remove),
			"queued", len(ch.stories))
	}
	return res
}

// failed records a failed poll: backoff, and past cfg.MaxFailures in a row
// the source is disabled (and the admins told once, through Disabled and
// the log).
func (p *Poller) failed(src Source, resp ingest.FeedResponse, cause error, serverAsks time.Duration) Result {
	now := p.now()
	p.mu.Lock()
	defer p.mu.Unlock()
	st, ok := p.states[src.ID]
	if !ok {
		return Result{URL: src.URL, Status: StatusFailed, HTTPStatus: resp.Status, Error: cause.Error()}
	}
	st.LastPoll, st.LastStatus, st.HTTPStatus, st.Error = now, StatusFailed, resp.Status, cause.Error()
	st.Failures++
	wait := min(max(backoff(src.Every, st.Failures, p.cfg.MaxInterval), serverAsks), p.cfg.MaxInterval)
	st.NextPoll = slotAtOrAfter(now.Add(wait), src.Every, slotOffset(src.URL, src.Every))
	status := StatusFailed
	if st.Failures >= p.cfg.MaxFailures {
		st.Disabled, st.DisabledAt, st.DisabledTold = true, now, false
		status = StatusDisabled
		p.log.Warn("feed disabled after consecutive failures; `byline feeds add` it again once fixed",
			"feed", src.URL, "failures", st.Failures, "err", cause)
		p.signal()
	} else {
		p.log.Info("feed poll failed", "feed", src.URL, "failures", st.Failures, "err", cause)
	}
	res := Result{URL: src.URL, Status: status, HTTPStatus: resp.Status, Error: cause.Error(), NextPoll: st.NextPoll}
	if err := p.writeState(src.ID, st); err != nil {
		p.log.Error("feed state not saved", "feed", src.URL, "err", err)
	}
	return res
}

// deferred records a poll whose items could not be indexed because the
// library was busy: tried again in a minute, no failure counted.
func (p *Poller) deferred(src Source, resp ingest.FeedResponse, cause error) Result {
	now := p.now()
	p.mu.Lock()
	defer p.mu.Unlock()
	res := Result{URL: src.URL, Status: StatusFailed, HTTPStatus: resp.Status, Error: cause.Error()}
	if st, ok := p.states[src.ID]; ok {
		st.NextPoll = now.Add(time.Minute)
		res.NextPoll = st.NextPoll
	}
	return res
}
