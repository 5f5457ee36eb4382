package feeds

import (
	"context"
	"fmt"
	"hash/fnv"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/embed"
	"github.com/byline-bot/byline/ingest"
	"github.com/byline-bot/byline/library"
	"github.com/byline-bot/byline/retrieval"
)

// dayServer serves benchSources feeds whose items appear on a schedule of
// the virtual clock: source n publishes every period(n) (2 to 6 hours), and
// lists its newest benchItems items. One in ten sends no validators (every
// poll is a 200), one in ten asks for max-age=1800.
type dayServer struct {
	clock    *clock
	mu       sync.Mutex
	requests int
	notMod   int
	pages    int
}

const (
	benchSources = 500
	benchItems   = 10
)

func benchHash(n int, salt string) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s-%d", salt, n)
	return h.Sum64()
}

func period(n int) time.Duration {
	return 2*time.Hour + time.Duration(benchHash(n, "period")%uint64(4*time.Hour))
}

// published is when item k of source n appears (k may be negative: the
// items listed before the day began).
func published(n, k int, t0 time.Time) time.Time {
	return t0.Add(time.Duration(benchHash(n, "phase") % uint64(period(n)))).Add(time.Duration(k) * period(n))
}

// latest is the index of the newest item of source n published by now.
func latest(n int, t0, now time.Time) int {
	k := int(now.Sub(published(n, 0, t0)) / period(n))
	if published(n, k, t0).After(now) {
		k--
	}
	for published(n, k+1, t0).Compare(now) <= 0 {
		k++
	}
	return k
}

var benchWords = strings.Fields("council harbour ferry budget election storm bridge railway hospital school vaccine court " +
	"minister parliament strike market inflation wildfire flood drought festival museum stadium airport tariff treaty")

func benchTitle(n, k int) string {
	w := func(salt string) string { return benchWords[benchHash(n*1000+k, salt)%uint64(len(benchWords))] }
	return fmt.Sprintf("%s %s %s report %d from desk %d", strings.ToUpper(w("a")[:1])+w("a")[1:], w("b"), w("c"), k+100, n)
}

func (s *dayServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	s.mu.Unlock()
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	t0 := newClock().Now()
	now := s.clock.Now()
	if len(parts) == 3 && parts[0] == "p" { // an article page
		n, _ := strconv.Atoi(parts[1])
		k, _ := strconv.Atoi(parts[2])
		s.mu.Lock()
		s.pages++
		s.mu.Unlock()
		fmt.Fprintf(w, "<!doctype html><html><body><article><h1>%s</h1><p>%s</p></article></body></html>", benchTitle(n, k),
			strings.Repeat(benchTitle(n, k)+". The desk reports the details of the story as they emerged today. ", 8))
		return
	}
	n, err := strconv.Atoi(parts[len(parts)-1])
	if err != nil {
		http.NotFound(w, r)
		return
	}
	last := latest(n, t0, now)
	if n%10 != 0 {
		etag := fmt.Sprintf(`"%d-%d"`, n, last)
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			s.mu.Lock()
			s.notMod++
			s.mu.Unlock()
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	if n%10 == 1 {
		w.Header().Set("Cache-Control", "max-age=1800")
	}
	w.Header().Set("Content-Type", "application/rss+xml")
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>Desk %d</title>`, n)
	for k := last; k > last-benchItems; k-- {
		fmt.Fprintf(&b, "<item><guid>%d-%d</guid><link>http://%s/p/%d/%d</link><title>%s</title><description>%s. A summary of the story.</description><pubDate>%s</pubDate></item>",
			n, k, r.Host, n, k, benchTitle(n, k), benchTitle(n, k), published(n, k, t0).Format(time.RFC1123Z))
	}
	b.WriteString("</channel></rss>")
	w.Write([]byte(b.String()))
}

// timedIndex records when each article was indexed (virtual time) and the
// real time Apply took.
type timedIndex struct {
	lib   *library.Library
	clock *clock
	mu    sync.Mutex
	at    map[string]time.Time
	pub   map[string]time.Time
	title map[string]string
	spent time.Duration
	calls int
}

func (x *timedIndex) Apply(ctx context.Context, origin string, upsert []byline.Article, remove []string, opts library.IndexOptions) (library.Summary, error) {
	start := time.Now()
	sum, err := x.lib.Apply(ctx, origin, upsert, remove, opts)
	x.mu.Lock()
	defer x.mu.Unlock()
	x.spent += time.Since(start)
	x.calls++
	for _, a := range upsert {
		if _, ok := x.at[a.ID]; !ok {
			x.at[a.ID], x.pub[a.ID], x.title[a.ID] = x.clock.Now(), a.Published, a.Title
		}
	}
	return sum, err
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSimulatedDay polls benchSources feeds on a local server for a
// simulated day (virtual clock, one-minute steps) into the real library
// index, one in five with full text. It reports the requests made, the
// share answered 304, CPU seconds, peak heap and RSS, and the time from an
// item's publication to its indexing, checked by a search on a sample.
//
//	go test -run '^$' -bench SimulatedDay -benchtime 1x ./feeds/
func BenchmarkSimulatedDay(b *testing.B) {
	for range b.N {
		simulateDay(b)
	}
}

func simulateDay(b *testing.B) {
	c := newClock()
	t0 := c.Now()
	ds := &dayServer{clock: c}
	srv := httptest.NewServer(ds)
	defer srv.Close()
	dir := b.TempDir()
	loader, err := ingest.New(ingest.Options{MaxBytes: 1 << 20, Timeout: 10 * time.Second, AllowPrivate: true})
	if err != nil {
		b.Fatal(err)
	}
	emb, err := embed.NewOffline()
	if err != nil {
		b.Fatal(err)
	}
	lib, err := library.Open(context.Background(), library.Config{DataDir: dir,
		Chunk: retrieval.ChunkConfig{Size: 1000, Overlap: 150}, EmbedBatch: 64}, loader, emb, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	ix := &timedIndex{lib: lib, clock: c, at: map[string]time.Time{}, pub: map[string]time.Time{}, title: map[string]string{}}
	var sources []string
	for n := range benchSources {
		sources = append(sources, fmt.Sprintf("%s/f/%d", srv.URL, n))
	}
	// One host serves every feed here; PerHost as high as Concurrency stands
	// for feeds spread over many hosts.
	p, err := New(Config{DataDir: dir, Sources: sources, Concurrency: 4, PerHost: 4},
		Deps{Index: ix, Fetcher: loader, Log: slog.New(slog.DiscardHandler), Now: c.Now})
	if err != nil {
		b.Fatal(err)
	}
	// One in five follows full text (the configured ones are summary-only
	// unless added with it).
	for n := 0; n < benchSources; n += 5 {
		if _, err := p.Add(context.Background(), Source{URL: sources[n], Every: DefaultEvery}); err != nil {
			b.Fatal(err)
		}
	}
	for n := range benchSources {
		if n%5 != 0 {
			if _, err := p.Add(context.Background(), Source{URL: sources[n], SummaryOnly: true}); err != nil {
				b.Fatal(err)
			}
		}
	}
	// Added sources are due at once; start them on their slots, as
	// configured ones do, so the day does not begin with a burst.
	p.mu.Lock()
	for _, s := range p.sources {
		p.states[s.ID].NextPoll = slotAtOrAfter(t0, s.Every, slotOffset(s.URL, s.Every))
	}
	p.mu.Unlock()

	runtime.GC()
	cpu0 := cpuTime()
	wall0 := time.Now()
	var peakHeap uint64
	var ms runtime.MemStats
	var results, failed int
	var lat []time.Duration
	var checked, found int
	for step := 0; step <= 24*60; step++ {
		rep, err := p.Poll(context.Background(), false)
		if err != nil {
			b.Fatal(err)
		}
		results += len(rep.Feeds)
		for _, r := range rep.Feeds {
			if r.Status == StatusFailed || r.Status == StatusDisabled {
				failed++
			}
		}
		// The items indexed in this step that appeared during the day.
		ix.mu.Lock()
		var fresh []string
		for id, at := range ix.at {
			if at.Equal(c.Now()) && ix.pub[id].After(t0) {
				fresh = append(fresh, id)
				lat = append(lat, at.Sub(ix.pub[id]))
			}
		}
		ix.mu.Unlock()
		slices.Sort(fresh)
		for i, id := range fresh {
			if i%10 != 0 {
				continue // a sample: searching is not what is measured
			}
			checked++
			res, err := lib.Search(context.Background(), retrieval.Query{Text: ix.title[id], K: 5, AsOf: c.Now()})
			if err == nil && slices.ContainsFunc(res, func(r retrieval.Result) bool {
				return r.Article.ID == id || slices.Contains(r.DuplicateIDs, id)
			}) {
				found++
			}
		}
		if step%30 == 0 {
			runtime.ReadMemStats(&ms)
			peakHeap = max(peakHeap, ms.HeapInuse)
		}
		c.Add(time.Minute)
	}
	cpu := cpuTime() - cpu0
	wall := time.Since(wall0)
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	slices.Sort(lat)
	pct := func(q float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(q*float64(len(lat))))]
	}
	feedReqs := ds.requests - ds.pages
	b.ReportMetric(float64(ds.requests), "requests")
	b.ReportMetric(float64(feedReqs), "feed-requests")
	b.ReportMetric(float64(ds.notMod)/float64(feedReqs), "share-304")
	b.ReportMetric(float64(ds.pages), "page-requests")
	b.ReportMetric(cpu.Seconds(), "cpu-s")
	b.ReportMetric(ix.spent.Seconds(), "apply-s")
	b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(ru.Maxrss)/1024, "maxrss-MiB")
	b.ReportMetric(pct(0.5).Minutes(), "lat-p50-min")
	b.ReportMetric(pct(0.95).Minutes(), "lat-p95-min")
	b.ReportMetric(pct(1).Minutes(), "lat-max-min")
	b.Logf("%d sources, %d polls (%d failed), %d new items during the day, %d index changes (%.1fs), %d articles; "+
		"answerable: %d of %d sampled; wall %.1fs, cpu %.1fs", benchSources, results, failed, len(lat), ix.calls,
		ix.spent.Seconds(), lib.Index().Len(), found, checked, wall.Seconds(), cpu.Seconds())
}
