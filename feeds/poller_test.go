package feeds

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/byline-bot/byline/config"
)

func story(n int, pub time.Time, title, text string) testItem {
	return testItem{GUID: "urn:item:" + string(rune('a'+n)), Link: "/story/" + string(rune('a'+n)), Title: title, Text: text, Published: pub}
}

// The life of a followed feed: the first poll indexes silently, an unchanged
// feed costs a 304, a new item is indexed (answerable) and queued once, a
// restart neither loses nor requeues it, an acknowledged story stays gone.
func TestFollowAFeed(t *testing.T) {
	r := newRig(t, Config{})
	t0 := r.clock.Now()
	feed := testFeed{Title: "Valley Courier", Items: []testItem{
		story(0, t0.Add(-2*time.Hour), "Harbour ferry vote", "Residents voted to keep the harbour ferry running."),
		story(1, t0.Add(-time.Hour), "Library hours extended", "The library opens until nine on weekdays."),
	}}
	r.srv.set("/feed.xml", feed)
	src := r.add("/feed.xml", Source{Channel: "123456", SummaryOnly: true})
	if src.Every != DefaultEvery || src.ID == "" {
		t.Fatalf("added %+v: want the default interval and an id", src)
	}

	res := r.pollOne(false)
	if res.Status != StatusFetched || res.HTTPStatus != 200 || res.New != 2 {
		t.Fatalf("first poll: %+v, want fetched with 2 new", res)
	}
	if got := r.p.Outbox(); len(got) != 0 {
		t.Fatalf("first poll queued %d stories, want none (no flood)", len(got))
	}
	if !r.answers("harbour ferry vote", "Harbour ferry vote") {
		t.Fatal("first poll's item not answerable")
	}
	if st := r.status(src.ID); st.Articles != 2 || st.LastStatus != StatusFetched || !st.NextPoll.After(r.clock.Now()) {
		t.Fatalf("status after first poll: %+v", st)
	}
	if rep := r.poll(false); len(rep.Feeds) != 0 {
		t.Fatalf("a source polled before it is due: %+v", rep.Feeds)
	}

	r.toNext(src.ID)
	if res := r.pollOne(false); res.Status != StatusNotModified || res.HTTPStatus != 304 || res.New != 0 {
		t.Fatalf("unchanged feed: %+v, want not_modified", res)
	}

	r.clock.Add(time.Minute)
	feed.Items = append(feed.Items, story(2, r.clock.Now(), "Bridge closes for repairs", "The old stone bridge closes for six weeks of repairs."))
	r.srv.set("/feed.xml", feed)
	r.toNext(src.ID)
	if res := r.pollOne(false); res.Status != StatusFetched || res.New != 1 || res.Updated != 0 {
		t.Fatalf("new item: %+v, want 1 new", res)
	}
	if !r.answers("stone bridge repairs", "Bridge closes for repairs") {
		t.Fatal("new item not answerable after its poll")
	}
	out := r.p.Outbox()
	if len(out) != 1 || out[0].Article.Title != "Bridge closes for repairs" || out[0].Channel != "123456" || out[0].Article.URL != r.srv.URL+"/story/c" {
		t.Fatalf("outbox: %+v, want the bridge story for channel 123456", out)
	}

	// A restart (the bot went down before posting): still queued, once.
	r.open()
	if got := r.p.Outbox(); len(got) != 1 || got[0].ID != out[0].ID {
		t.Fatalf("outbox after restart: %+v", got)
	}
	if err := r.p.Ack(out[0].ID); err != nil {
		t.Fatal(err)
	}
	r.open()
	r.toNext(src.ID)
	r.pollOne(true)
	if got := r.p.Outbox(); len(got) != 0 {
		t.Fatalf("posted story queued again after restart: %+v", got)
	}
	if !strings.Contains(r.srv.userAgent, "Byline") {
		t.Errorf("User-Agent %q does not name Byline", r.srv.userAgent)
	}
}

// Items that change are indexed again; items that roll off the feed stay.
func TestChangedAndRolledOffItems(t *testing.T) {
	r := newRig(t, Config{})
	t0 := r.clock.Now()
	a := story(0, t0, "Council budget", "The council proposes a budget of four million.")
	b := story(1, t0, "Orchard harvest", "Apple growers picked a record harvest this autumn.")
	r.srv.set("/atom", testFeed{Format: "atom", Title: "Ledger", Items: []testItem{a, b}})
	src := r.add("/atom", Source{SummaryOnly: true})
	r.pollOne(false)

	a.Text = "The council approved a budget of five million after a long debate."
	r.srv.set("/atom", testFeed{Format: "atom", Title: "Ledger", Items: []testItem{a}}) // b rolled off
	r.toNext(src.ID)
	if res := r.pollOne(false); res.New != 0 || res.Updated != 1 {
		t.Fatalf("changed item: %+v, want 1 updated", res)
	}
	got := r.lib.Find("Council budget")
	if len(got) != 1 || !strings.Contains(got[0].Text, "five million") {
		t.Fatalf("indexed text after the change: %+v", got)
	}
	if !r.answers("apple orchard harvest", "Orchard harvest") {
		t.Fatal("an item that left the feed was dropped from the index")
	}
	if st := r.status(src.ID); st.Articles != 2 {
		t.Fatalf("articles %d, want 2", st.Articles)
	}
}

// Identity: guid, else the link without tracking parameters, else title and
// date; so a link that gains utm_source is the same item.
func TestItemIdentity(t *testing.T) {
	r := newRig(t, Config{})
	t0 := r.clock.Now()
	items := []testItem{
		{Link: "/s/1?id=7&utm_source=rss", Title: "Link only", Text: "An item known by its link.", Published: t0},
		{Title: "Title only", Text: "An item with no guid and no link.", Published: t0},
	}
	r.srv.set("/json", testFeed{Format: "json", Title: "Wire", Items: items})
	src := r.add("/json", Source{SummaryOnly: true})
	if res := r.pollOne(false); res.New != 2 {
		t.Fatalf("first poll: %+v", res)
	}
	items[0].Link = "/s/1?utm_medium=social&id=7&fbclid=x#top"
	r.srv.set("/json", testFeed{Format: "json", Title: "Wire", Items: items})
	r.toNext(src.ID)
	if res := r.pollOne(false); res.New != 0 || res.Updated != 1 {
		// The link's spelling is part of what the feed says: one update, no new item.
		t.Fatalf("same link with other tracking parameters: %+v, want the same item", res)
	}
}

func TestNormalizeLink(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"HTTPS://Example.COM:443/a?utm_source=x&b=2&a=1#frag", "https://example.com/a?a=1&b=2"},
		{"http://example.com", "http://example.com/"},
		{"http://example.com:8080/x?fbclid=1&gclid=2&mc_cid=3", "http://example.com:8080/x"},
		{"https://example.com/p?id=1&UTM_Campaign=z", "https://example.com/p?id=1"},
		{"ftp://example.com/x", ""},
		{"not a url", ""},
	} {
		if got := normalizeLink(c.in); got != c.want {
			t.Errorf("normalizeLink(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// The server's hints: never sooner than max-age, Expires, <ttl> or
// Retry-After allow.
func TestServerHints(t *testing.T) {
	t0 := newClock().Now()
	for _, c := range []struct {
		name      string
		feed      testFeed
		wantAfter time.Duration // next poll at least this long after the poll
		status    string
	}{
		{"max-age", testFeed{Header: http.Header{"Cache-Control": {"public, max-age=3600"}}}, time.Hour, StatusFetched},
		{"expires", testFeed{Header: http.Header{"Expires": {t0.Add(2 * time.Hour).Format(http.TimeFormat)}, "Date": {t0.Format(http.TimeFormat)}}}, 2 * time.Hour, StatusFetched},
		{"ttl", testFeed{TTL: 90}, 90 * time.Minute, StatusFetched},
		{"429 retry-after", testFeed{Fail: 429, RetryAfter: "7200"}, 2 * time.Hour, StatusFailed},
		{"503 retry-after date", testFeed{Fail: 503, RetryAfter: t0.Add(3 * time.Hour).Format(http.TimeFormat)}, 3 * time.Hour, StatusFailed},
		{"no hint", testFeed{}, 0, StatusFetched},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t, Config{})
			c.feed.Title = "Hints"
			c.feed.Items = []testItem{story(0, t0, "Hint story", "A story about hints.")}
			r.srv.set("/f", c.feed)
			src := r.add("/f", Source{SummaryOnly: true})
			res := r.pollOne(false)
			if res.Status != c.status {
				t.Fatalf("status %s (%s), want %s", res.Status, res.Error, c.status)
			}
			// At least what the server asks; then at the source's next slot.
			least := c.wantAfter
			if gap := res.NextPoll.Sub(t0); gap <= least || gap > least+src.Every {
				t.Fatalf("next poll %v after the poll, want at least %v and within one interval of it", gap, least)
			}
			// Its slot: the next poll falls on the source's own place in its interval.
			if off := slotOffset(src.URL, src.Every); time.Duration(res.NextPoll.UnixNano())%src.Every != off {
				t.Fatalf("next poll %v is not on the source's slot", res.NextPoll)
			}
		})
	}
}

// Failures back off exponentially; after MaxFailures in a row the source is
// disabled, reported once, and resumes when added again.
func TestBackoffAndDisable(t *testing.T) {
	r := newRig(t, Config{MaxFailures: 4})
	r.srv.set("/down", testFeed{Fail: 500})
	src := r.add("/down", Source{Channel: "42"})
	var gaps []time.Duration
	for i := 1; i <= 4; i++ {
		now := r.clock.Now()
		res := r.pollOne(false)
		if i < 4 && (res.Status != StatusFailed || res.HTTPStatus != 500 || !strings.Contains(res.Error, "500")) {
			t.Fatalf("poll %d: %+v, want failed with HTTP 500", i, res)
		}
		if i == 4 && res.Status != StatusDisabled {
			t.Fatalf("poll %d: %+v, want disabled", i, res)
		}
		gaps = append(gaps, res.NextPoll.Sub(now))
		r.toNext(src.ID)
	}
	for i, g := range gaps {
		if g < src.Every<<i || g > src.Every<<i+src.Every {
			t.Errorf("backoff %v: failure %d waits %v, want the interval doubled at each failure (on the source's slot)", gaps, i+1, g)
		}
	}
	if st := r.status(src.ID); !st.Disabled || st.Failures != 4 || st.LastStatus != StatusDisabled {
		t.Fatalf("status: %+v", st)
	}
	dis := r.p.Disabled()
	if len(dis) != 1 || dis[0].ID != src.ID {
		t.Fatalf("Disabled() = %+v", dis)
	}
	if !strings.Contains(r.logs(), "feed disabled") {
		t.Error("disabling not logged")
	}
	if err := r.p.AckDisabled(src.ID); err != nil {
		t.Fatal(err)
	}
	r.open()
	if dis := r.p.Disabled(); len(dis) != 0 {
		t.Fatalf("reported again after acknowledgement and restart: %+v", dis)
	}
	before := r.srv.count("/down")
	r.clock.Add(48 * time.Hour)
	rep := r.poll(true)
	if len(rep.Feeds) != 1 || rep.Feeds[0].Status != StatusDisabled || r.srv.count("/down") != before {
		t.Fatalf("a disabled source was fetched: %+v", rep.Feeds)
	}
	if got := r.p.Outbox(); len(got) != 0 {
		t.Fatalf("a failure reached the channel's outbox: %+v", got)
	}

	// Fixed and added again: it resumes.
	r.srv.set("/down", testFeed{Title: "Back", Items: []testItem{story(0, r.clock.Now(), "Back online", "The feed works again.")}})
	r.add("/down", Source{Channel: "42"})
	if res := r.pollOne(false); res.Status != StatusFetched || res.New != 1 {
		t.Fatalf("resumed source: %+v", res)
	}
	if st := r.status(src.ID); st.Disabled || st.Failures != 0 {
		t.Fatalf("status after resuming: %+v", st)
	}
}

// Slow and malformed feeds fail without stopping the others.
func TestSlowAndMalformedFeeds(t *testing.T) {
	r := newRig(t, Config{})
	var err error
	r.loader, err = newShortLoader()
	if err != nil {
		t.Fatal(err)
	}
	r.open()
	t0 := r.clock.Now()
	r.srv.set("/slow", testFeed{Delay: 3 * time.Second, Items: []testItem{story(0, t0, "Slow", "Slow text.")}})
	r.srv.set("/bad", testFeed{Format: "malformed"})
	r.srv.set("/good", testFeed{Title: "Good", Items: []testItem{story(0, t0, "Good story", "A story from a good feed.")}})
	for _, p := range []string{"/slow", "/bad", "/good"} {
		r.add(p, Source{SummaryOnly: true})
	}
	rep := r.poll(true)
	got := map[string]Result{}
	for _, res := range rep.Feeds {
		got[strings.TrimPrefix(res.URL, r.srv.URL)] = res
	}
	if res := got["/slow"]; res.Status != StatusFailed || !strings.Contains(res.Error, "timed out") {
		t.Errorf("slow feed: %+v, want failed with a timeout", res)
	}
	if res := got["/bad"]; res.Status != StatusFailed || !strings.Contains(res.Error, "unreadable feed") {
		t.Errorf("malformed feed: %+v, want failed as unreadable", res)
	}
	if res := got["/good"]; res.Status != StatusFetched || res.New != 1 {
		t.Errorf("good feed: %+v", res)
	}
}

// Full text: the linked page's main text is indexed; a page that cannot be
// fetched leaves the summary, with a note.
func TestFullText(t *testing.T) {
	r := newRig(t, Config{})
	t0 := r.clock.Now()
	long := strings.Repeat("The tidal power plant will supply four thousand homes from next spring, engineers said. ", 12)
	r.srv.page("/story/a", long)
	r.srv.set("/f", testFeed{Title: "Coast", Items: []testItem{
		story(0, t0, "Tidal plant approved", "A short summary."),
		{GUID: "g2", Link: "/missing", Title: "Missing page", Text: "Only the summary of the missing page.", Published: t0},
	}})
	r.add("/f", Source{})
	res := r.pollOne(false)
	if res.New != 2 || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "/missing") || !strings.Contains(res.Notes[0], "summary") {
		t.Fatalf("poll: %+v, want 2 new and a note about the missing page", res)
	}
	if got := r.lib.Find("Tidal plant approved"); len(got) != 1 || !strings.Contains(got[0].Text, "four thousand homes") {
		t.Fatalf("full text not indexed: %+v", got)
	}
	if got := r.lib.Find("Missing page"); len(got) != 1 || !strings.Contains(got[0].Text, "Only the summary") {
		t.Fatalf("summary fallback: %+v", got)
	}
}

// Retention: beyond MaxArticles the oldest go, and leave a tombstone so the
// feed that still lists them does not bring them back.
func TestRetention(t *testing.T) {
	r := newRig(t, Config{Retention: Retention{MaxArticles: 2}})
	t0 := r.clock.Now()
	items := []testItem{
		story(0, t0.Add(-3*time.Hour), "Oldest story", "The oldest of three stories."),
		story(1, t0.Add(-2*time.Hour), "Middle story", "The middle of three stories."),
		story(2, t0.Add(-time.Hour), "Newest story", "The newest of three stories."),
	}
	r.srv.set("/f", testFeed{Title: "R", Items: items})
	src := r.add("/f", Source{SummaryOnly: true})
	r.pollOne(false)
	if got := r.lib.Find("Oldest story"); len(got) != 0 {
		t.Fatalf("the oldest item is indexed beyond max_articles: %+v", got)
	}
	if st := r.status(src.ID); st.Articles != 2 {
		t.Fatalf("articles %d, want 2", st.Articles)
	}
	// A fourth item: the middle one goes; the oldest, still listed, stays out.
	items = append(items, story(3, t0, "Fourth story", "A fourth story arrives."))
	r.srv.set("/f", testFeed{Title: "R", Items: items})
	r.toNext(src.ID)
	if res := r.pollOne(false); res.New != 1 {
		t.Fatalf("poll: %+v", res)
	}
	for title, want := range map[string]bool{"Oldest story": false, "Middle story": false, "Newest story": true, "Fourth story": true} {
		if got := len(r.lib.Find(title)) == 1; got != want {
			t.Errorf("%s indexed = %v, want %v", title, got, want)
		}
	}

	// Max age: items older than it are never indexed.
	r2 := newRig(t, Config{Retention: Retention{MaxAge: 24 * time.Hour}})
	r2.srv.set("/f", testFeed{Title: "Age", Items: []testItem{
		story(0, r2.clock.Now().Add(-48*time.Hour), "Stale story", "Two days old."),
		story(1, r2.clock.Now(), "Fresh story", "Fresh today."),
	}})
	r2.add("/f", Source{SummaryOnly: true})
	r2.pollOne(false)
	if len(r2.lib.Find("Stale story")) != 0 || len(r2.lib.Find("Fresh story")) != 1 {
		t.Fatal("max_age not applied")
	}
}

// After downtime, items published while down are queued once, oldest first;
// filters choose what is posted (everything is indexed).
func TestDowntimeAndFilters(t *testing.T) {
	r := newRig(t, Config{})
	t0 := r.clock.Now()
	items := []testItem{story(0, t0.Add(-time.Hour), "Before", "Known before the downtime.")}
	r.srv.set("/f", testFeed{Title: "D", Items: items})
	src := r.add("/f", Source{Channel: "7", SummaryOnly: true, Exclude: []string{"sport"}})
	r.pollOne(false)

	// Down for six hours; three items appear meanwhile, newest first in the feed.
	r.clock.Add(6 * time.Hour)
	items = append([]testItem{
		story(3, t0.Add(5*time.Hour), "Third while down", "Politics at five."),
		story(2, t0.Add(3*time.Hour), "Sport while down", "Sport results at three."),
		story(1, t0.Add(time.Hour), "First while down", "Weather at one."),
		story(4, t0.Add(-10*24*time.Hour), "Old surfacing", "An old item that surfaced in the feed."),
	}, items...)
	r.srv.set("/f", testFeed{Title: "D", Items: items})
	r.open() // the restart after downtime
	if next := r.status(src.ID).NextPoll; next.Before(r.clock.Now()) || next.After(r.clock.Now().Add(src.Every)) {
		t.Fatalf("overdue source due at %v, want its next slot", next)
	}
	r.toNext(src.ID)
	if res := r.pollOne(false); res.New != 4 {
		t.Fatalf("poll after downtime: %+v", res)
	}
	var titles []string
	for _, s := range r.p.Outbox() {
		titles = append(titles, s.Article.Title)
	}
	if want := "First while down,Third while down"; strings.Join(titles, ",") != want {
		t.Fatalf("outbox %v, want %s (oldest first, sport excluded, the old item not news)", titles, want)
	}
	if len(r.lib.Find("Sport while down")) != 1 {
		t.Fatal("a filtered item was not indexed")
	}
}

// The CLI's view: sources persist across restarts, configured ones stay and
// cannot be removed, --purge drops the articles.
func TestSourcesPersistAndRemove(t *testing.T) {
	r := newRig(t, Config{})
	t0 := r.clock.Now()
	r.srv.set("/a", testFeed{Title: "A", Items: []testItem{story(0, t0, "Alpha story", "Alpha text here.")}})
	r.srv.set("/b", testFeed{Title: "B", Items: []testItem{story(1, t0, "Beta story", "Beta text here.")}})
	r.cfg.Sources = []string{r.srv.URL + "/b"}
	r.open()
	a := r.add("/a", Source{Every: 30 * time.Minute, Include: []string{"alpha, beta"}, SummaryOnly: true})
	if len(a.Include) != 2 {
		t.Fatalf("include %q, want two words", a.Include)
	}
	r.poll(true)
	r.open()
	list := r.p.List()
	if len(list) != 2 || !list[0].FromConfig || list[1].URL != r.srv.URL+"/a" || list[1].Every != 30*time.Minute || list[1].Articles != 1 {
		t.Fatalf("list after restart: %+v", list)
	}
	if err := r.p.Remove(context.Background(), list[0].URL, false); !errors.Is(err, ErrConfigured) {
		t.Fatalf("removing a configured source: %v", err)
	}
	if err := r.p.Remove(context.Background(), "nope", false); !errors.Is(err, ErrUnknownSource) {
		t.Fatalf("removing an unknown source: %v", err)
	}
	if err := r.p.Remove(context.Background(), a.ID, true); err != nil {
		t.Fatal(err)
	}
	if len(r.lib.Find("Alpha story")) != 0 {
		t.Fatal("--purge left the articles")
	}
	if len(r.p.List()) != 1 {
		t.Fatal("source not removed")
	}
	if _, err := r.p.Add(context.Background(), Source{URL: r.srv.URL + "/x", Every: time.Minute}); !errors.Is(err, ErrBadSource) {
		t.Fatalf("an interval under the minimum: %v", err)
	}
	if _, err := r.p.Add(context.Background(), Source{URL: "/nonexistent/byline/feeds"}); !errors.Is(err, ErrBadSource) {
		t.Fatalf("a path that does not exist: %v", err)
	}
}

// Polls spread over the interval: slots of many sources are not bunched.
func TestSlotsSpread(t *testing.T) {
	every := 15 * time.Minute
	buckets := make([]int, 15)
	for i := range 500 {
		off := slotOffset("https://news.example/"+string(rune('a'+i%26))+"/feed"+time.Duration(i).String(), every)
		buckets[off/time.Minute]++
	}
	for m, n := range buckets {
		if n < 15 || n > 55 {
			t.Errorf("minute %d holds %d of 500 slots: %v", m, n, buckets)
		}
	}
	t0 := time.Date(2025, 1, 1, 0, 0, 7, 0, time.UTC)
	for _, off := range []time.Duration{0, time.Second, 7 * time.Second, 14 * time.Minute} {
		s := slotAtOrAfter(t0, every, off)
		if s.Before(t0) || s.Sub(t0) >= every || time.Duration(s.UnixNano())%every != off {
			t.Errorf("slotAtOrAfter(%v, offset %v) = %v", t0, off, s)
		}
	}
}

// The configuration's defaults and limits are the poller's.
func TestConfigAgrees(t *testing.T) {
	d := config.Default()
	if d.Feeds.Every != DefaultEvery || config.MinFeedEvery != MinEvery {
		t.Fatalf("config says every %v (min %v), feeds %v (min %v)", d.Feeds.Every, config.MinFeedEvery, DefaultEvery, MinEvery)
	}
}

// Fetches are bounded: at most PerHost at once to one host.
func TestPerHostLimit(t *testing.T) {
	r := newRig(t, Config{Concurrency: 4, PerHost: 2})
	t0 := r.clock.Now()
	for i := range 6 {
		path := "/slow" + string(rune('a'+i))
		r.srv.set(path, testFeed{Delay: 150 * time.Millisecond, Items: []testItem{story(i, t0, "Story "+path, "Text of "+path)}})
		r.add(path, Source{SummaryOnly: true})
	}
	rep := r.poll(true)
	if len(rep.Feeds) != 6 {
		t.Fatalf("%d results", len(rep.Feeds))
	}
	r.srv.mu.Lock()
	got := r.srv.maxInFlight
	r.srv.mu.Unlock()
	if got != 2 {
		t.Fatalf("%d requests at once to one host, want per_host = 2", got)
	}
}

// TestQueueOfAnotherProcess: `byline watch` polls and queues while `byline
// serve` only posts. The poster sees what the poller queued (read from disk),
// its acknowledgement never overwrites the poller's newer state with an old
// copy, and while the poller is polling the poster takes nothing.
func TestQueueOfAnotherProcess(t *testing.T) {
	r := newRig(t, Config{})
	t0 := r.clock.Now()
	feed := testFeed{Title: "Valley Courier", Items: []testItem{story(0, t0.Add(-time.Hour), "Harbour ferry vote", "Residents voted to keep the ferry.")}}
	r.srv.set("/feed.xml", feed)
	src := r.add("/feed.xml", Source{Channel: "123456", SummaryOnly: true})
	r.pollOne(false) // first poll: silent

	// The poster: another process on the same data directory, started now.
	poster, err := New(r.cfg, Deps{Index: r.lib, Fetcher: r.loader, Log: slog.New(slog.DiscardHandler), Now: r.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	r.clock.Add(time.Minute)
	feed.Items = append(feed.Items, story(1, r.clock.Now(), "Bridge closes", "The old stone bridge closes for repairs."))
	r.srv.set("/feed.xml", feed)
	r.toNext(src.ID)
	if res := r.pollOne(false); res.New != 1 {
		t.Fatalf("poll: %+v", res)
	}
	out := poster.Outbox()
	if len(out) != 1 || out[0].Article.Title != "Bridge closes" {
		t.Fatalf("the poster sees %+v, want the story the other process queued", out)
	}
	if err := poster.Ack(out[0].ID); err != nil {
		t.Fatal(err)
	}
	// The poller's own state (validators, items) survived the poster's write.
	if got := r.p.Outbox(); len(got) != 0 {
		t.Fatalf("acknowledged story still queued for the poller: %+v", got)
	}
	r.toNext(src.ID)
	if res := r.pollOne(false); res.Status != StatusNotModified {
		t.Fatalf("after the poster's write the poller lost its validators: %+v", res)
	}

	// While the poller runs, the poster takes nothing.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.p.Run(ctx) }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		r.p.mu.Lock()
		held := r.p.holdsPollLock
		r.p.mu.Unlock()
		if held || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if got := poster.Outbox(); got != nil {
		t.Errorf("the poster took %d stories while another process polls", len(got))
	}
	if err := poster.Ack("anything"); !errors.Is(err, ErrPolling) {
		t.Errorf("Ack while another process polls: %v, want ErrPolling", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
