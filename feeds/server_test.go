package feeds

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/byline-bot/byline/embed"
	"github.com/byline-bot/byline/ingest"
	"github.com/byline-bot/byline/library"
	"github.com/byline-bot/byline/retrieval"
)

// clock is a virtual clock: tests move it, nothing sleeps.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2025, 3, 10, 8, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// testItem is one item a test feed lists.
type testItem struct {
	GUID      string // "" for none
	Link      string // a path on the test server, or an absolute URL; "" for none
	Title     string
	Text      string
	Published time.Time
}

// testFeed is what one path of the feed server answers.
type testFeed struct {
	Format string // "rss" (default), "atom", "json", "malformed"
	Title  string
	Items  []testItem
	TTL    int // RSS <ttl> in minutes
	// Header is added to every 200 and 304 (Cache-Control, Expires).
	Header http.Header
	// Fail answers this status (with RetryAfter when set) instead of the feed.
	Fail       int
	RetryAfter string
	// Delay holds the answer this long (real time: a slow server).
	Delay time.Duration
	// NoValidators leaves out ETag and Last-Modified.
	NoValidators bool
}

// feedServer is a local feed server: RSS, Atom and JSON Feed with ETag and
// Last-Modified, 304s, caching headers, errors, slow and malformed answers,
// and article pages for full text.
type feedServer struct {
	*httptest.Server
	mu        sync.Mutex
	feeds     map[string]*testFeed
	pages     map[string]string // path -> article text (a page with it)
	requests  map[string]int
	notMod    int
	total     int
	userAgent string
	modified  map[string]time.Time // Last-Modified per feed path
	clock     *clock
}

func newFeedServer(t testing.TB, c *clock) *feedServer {
	s := &feedServer{feeds: map[string]*testFeed{}, pages: map[string]string{}, requests: map[string]int{},
		modified: map[string]time.Time{}, clock: c}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// set replaces what path answers (and so its validators).
func (s *feedServer) set(path string, f testFeed) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.feeds[path] = &f
	s.modified[path] = s.clock.Now()
}

func (s *feedServer) page(path, text string) {
	s.mu.Lock()
	s.pages[path] = text
	s.mu.Unlock()
}

func (s *feedServer) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[path]
}

func (s *feedServer) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests[r.URL.Path]++
	s.total++
	s.userAgent = r.UserAgent()
	f, isFeed := s.feeds[r.URL.Path]
	var feed testFeed
	if isFeed {
		feed = *f
	}
	text, isPage := s.pages[r.URL.Path]
	mod := s.modified[r.URL.Path]
	s.mu.Unlock()
	if feed.Delay > 0 {
		select {
		case <-time.After(feed.Delay):
		case <-r.Context().Done():
			return
		}
	}
	switch {
	case isPage:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><html><head><title>Page</title></head><body><nav>Home News Sport</nav><article><h1>Page</h1><p>%s</p></article></body></html>", html.EscapeString(text))
		return
	case !isFeed:
		http.NotFound(w, r)
		return
	case feed.Fail != 0:
		if feed.RetryAfter != "" {
			w.Header().Set("Retry-After", feed.RetryAfter)
		}
		http.Error(w, "unavailable", feed.Fail)
		return
	}
	body, ctype := render(feed, "http://"+r.Host)
	for k, v := range feed.Header {
		w.Header()[k] = v
	}
	if !feed.NoValidators {
		sum := sha1.Sum(body)
		etag := `"` + hex.EncodeToString(sum[:6]) + `"`
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", mod.UTC().Format(http.TimeFormat))
		if r.Header.Get("If-None-Match") == etag {
			s.mu.Lock()
			s.notMod++
			s.mu.Unlock()
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.Header().Set("Content-Type", ctype)
	w.Write(body)
}

// render writes a feed in its format.
func render(f testFeed, base string) ([]byte, string) {
	abs := func(l string) string {
		if l == "" || strings.HasPrefix(l, "http") {
			return l
		}
		return base + l
	}
	var b strings.Builder
	switch f.Format {
	case "malformed":
		return []byte("<rss><channel><title>Broken</ti"), "application/rss+xml"
	case "json":
		type jItem struct {
			ID        string `json:"id,omitempty"`
			URL       string `json:"url,omitempty"`
			Title     string `json:"title,omitempty"`
			Text      string `json:"content_text,omitempty"`
			Published string `json:"date_published,omitempty"`
		}
		doc := struct {
			Version string  `json:"version"`
			Title   string  `json:"title"`
			Items   []jItem `json:"items"`
		}{Version: "https://jsonfeed.org/version/1.1", Title: f.Title, Items: []jItem{}}
		for _, it := range f.Items {
			ji := jItem{ID: it.GUID, URL: abs(it.Link), Title: it.Title, Text: it.Text}
			if !it.Published.IsZero() {
				ji.Published = it.Published.Format(time.RFC3339)
			}
			doc.Items = append(doc.Items, ji)
		}
		out, _ := json.Marshal(doc)
		return out, "application/feed+json"
	case "atom":
		fmt.Fprintf(&b, `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>%s</title>`, html.EscapeString(f.Title))
		for _, it := range f.Items {
			b.WriteString("<entry>")
			if it.GUID != "" {
				fmt.Fprintf(&b, "<id>%s</id>", html.EscapeString(it.GUID))
			}
			if it.Link != "" {
				fmt.Fprintf(&b, `<link href="%s"/>`, html.EscapeString(abs(it.Link)))
			}
			fmt.Fprintf(&b, "<title>%s</title><summary>%s</summary>", html.EscapeString(it.Title), html.EscapeString(it.Text))
			if !it.Published.IsZero() {
				fmt.Fprintf(&b, "<published>%s</published>", it.Published.Format(time.RFC3339))
			}
			b.WriteString("</entry>")
		}
		b.WriteString("</feed>")
		return []byte(b.String()), "application/atom+xml"
	}
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title>`, html.EscapeString(f.Title))
	if f.TTL > 0 {
		fmt.Fprintf(&b, "<ttl>%d</ttl>", f.TTL)
	}
	for _, it := range f.Items {
		b.WriteString("<item>")
		if it.GUID != "" {
			fmt.Fprintf(&b, `<guid isPermaLink="false">%s</guid>`, html.EscapeString(it.GUID))
		}
		if it.Link != "" {
			fmt.Fprintf(&b, "<link>%s</link>", html.EscapeString(abs(it.Link)))
		}
		fmt.Fprintf(&b, "<title>%s</title><description>%s</description>", html.EscapeString(it.Title), html.EscapeString(it.Text))
		if !it.Published.IsZero() {
			fmt.Fprintf(&b, "<pubDate>%s</pubDate>", it.Published.Format(time.RFC1123Z))
		}
		b.WriteString("</item>")
	}
	b.WriteString("</channel></rss>")
	return []byte(b.String()), "application/rss+xml"
}

// rig is a poller on a real library index and a real ingest loader,
// allowed to reach the loopback test server only.
type rig struct {
	t      testing.TB
	dir    string
	clock  *clock
	srv    *feedServer
	lib    *library.Library
	loader *ingest.Loader
	cfg    Config
	p      *Poller
	logBuf *strings.Builder
	logMu  *sync.Mutex
}

func newRig(t testing.TB, cfg Config) *rig {
	t.Helper()
	c := newClock()
	r := &rig{t: t, dir: t.TempDir(), clock: c, logBuf: &strings.Builder{}, logMu: &sync.Mutex{}}
	r.srv = newFeedServer(t, c)
	var err error
	r.loader, err = ingest.New(ingest.Options{MaxBytes: 1 << 20, Timeout: 2 * time.Second, AllowPrivate: true})
	if err != nil {
		t.Fatal(err)
	}
	emb, err := embed.NewOffline()
	if err != nil {
		t.Fatal(err)
	}
	r.lib, err = library.Open(context.Background(), library.Config{DataDir: r.dir,
		Chunk: retrieval.ChunkConfig{Size: 1000, Overlap: 150}, EmbedBatch: 64}, r.loader, emb, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir = r.dir
	r.cfg = cfg
	r.open()
	return r
}

// open (re)starts the poller on the rig's data directory, as a restart does.
func (r *rig) open() {
	r.t.Helper()
	log := slog.New(slog.NewTextHandler(lockedWriter{r.logMu, r.logBuf}, nil))
	p, err := New(r.cfg, Deps{Index: r.lib, Fetcher: r.loader, Log: log, Now: r.clock.Now})
	if err != nil {
		r.t.Fatal(err)
	}
	r.p = p
}

func (r *rig) logs() string {
	r.logMu.Lock()
	defer r.logMu.Unlock()
	return r.logBuf.String()
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// add follows a path of the test server.
func (r *rig) add(path string, src Source) Source {
	r.t.Helper()
	src.URL = r.srv.URL + path
	s, err := r.p.Add(context.Background(), src)
	if err != nil {
		r.t.Fatal(err)
	}
	return s
}

// poll polls due sources and returns the one result for url (fails when
// there is not exactly one result).
func (r *rig) poll(all bool) Report {
	r.t.Helper()
	rep, err := r.p.Poll(context.Background(), all)
	if err != nil {
		r.t.Fatal(err)
	}
	return rep
}

// pollOne polls and expects exactly one result.
func (r *rig) pollOne(all bool) Result {
	r.t.Helper()
	rep := r.poll(all)
	if len(rep.Feeds) != 1 {
		r.t.Fatalf("poll: %d results, want 1: %+v", len(rep.Feeds), rep.Feeds)
	}
	return rep.Feeds[0]
}

// status returns the status of the source with this id.
func (r *rig) status(id string) Status {
	r.t.Helper()
	for _, s := range r.p.List() {
		if s.ID == id {
			return s
		}
	}
	r.t.Fatalf("no source %s", id)
	return Status{}
}

// toNext moves the clock to the source's next poll.
func (r *rig) toNext(id string) {
	r.t.Helper()
	r.clock.Set(r.status(id).NextPoll)
}

// answers reports whether a search for q finds an article titled title.
func (r *rig) answers(q, title string) bool {
	r.t.Helper()
	res, err := r.lib.Search(context.Background(), retrieval.Query{Text: q, K: 5, AsOf: r.clock.Now()})
	if err != nil {
		return false
	}
	for _, x := range res {
		if x.Article.Title == title {
			return true
		}
	}
	return false
}

// newShortLoader is a loader whose fetches time out after 300ms.
func newShortLoader() (*ingest.Loader, error) {
	return ingest.New(ingest.Options{MaxBytes: 1 << 20, Timeout: 300 * time.Millisecond, AllowPrivate: true})
}
