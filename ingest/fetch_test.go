package ingest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/byline-bot/byline"
)

// newsServer serves pages and feeds on 127.0.0.1 and counts the requests
// and connections it gets, so refusals can be shown to reach nothing.
type newsServer struct {
	*httptest.Server
	requests  atomic.Int64
	conns     atomic.Int64
	userAgent atomic.Value
}

func startNewsServer(t *testing.T) *newsServer {
	t.Helper()
	rss := readTestdata(t, "testdata/feeds/rss.xml")
	atom := readTestdata(t, "testdata/feeds/atom.xml")
	page := readTestdata(t, "testdata/html/news.html")
	s := &newsServer{}
	mux := http.NewServeMux()
	serve := func(ctype, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			fmt.Fprint(w, body)
		}
	}
	mux.HandleFunc("/page", serve("text/html; charset=utf-8", page))
	mux.HandleFunc("/relative", serve("text/html", `<html><head><link rel="canonical" href="/canonical/weekend-market-report"></head><body><p>Market text.</p></body></html>`))
	mux.HandleFunc("/rss", serve("application/rss+xml", rss))
	mux.HandleFunc("/atom", serve("application/atom+xml", atom))
	mux.HandleFunc("/feed-as-html", serve("text/html", rss))
	mux.HandleFunc("/unlabelled", serve("", atom))
	// GBK named only by the Content-Type header.
	mux.HandleFunc("/gbk", serve("text/html; charset=GBK", "<html><head><title>Beijing</title></head><body><p>\xb1\xb1\xbe\xa9\xbd\xf1\xcc\xec\xcf\xc2\xd1\xa9</p></body></html>"))
	mux.HandleFunc("/pdf", serve("application/pdf", "%PDF-1.4 binary"))
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/relative", http.StatusFound)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/redirect-elsewhere", func(w http.ResponseWriter, r *http.Request) {
		// Another loopback address: the guard must refuse it even though
		// the first request was allowed.
		_, port, _ := net.SplitHostPort(r.Host)
		http.Redirect(w, r, "http://127.0.0.2:"+port+"/page", http.StatusFound)
	})
	mux.HandleFunc("/big", serve("text/html", "<p>"+strings.Repeat("big ", 1000)+"</p>"))
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for range 100 {
			fmt.Fprint(w, "<p>"+strings.Repeat("chunk ", 20)+"</p>")
			w.(http.Flusher).Flush() // no Content-Length: the read limit must catch it
		}
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		s.userAgent.Store(r.UserAgent())
		mux.ServeHTTP(w, r)
	}))
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

func TestLoadURL(t *testing.T) {
	srv := startNewsServer(t)
	l := testLoader(t, Options{AllowPrivate: true, UserAgent: "byline-test/1"})
	ctx := context.Background()

	t.Run("html page", func(t *testing.T) {
		res, err := l.Load(ctx, srv.URL+"/page")
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Articles) != 1 {
			t.Fatalf("got %d articles, skips %v", len(res.Articles), res.Skips)
		}
		a := res.Articles[0]
		// The relative canonical link resolves against the fetched URL.
		canonical := srv.URL + "/2023/03/04/local/harbour-ferry-vote/"
		if a.URL != canonical || a.ID != hashID(canonical) || a.Origin != srv.URL+"/page" {
			t.Errorf("url %s id %s origin %s, want url %s, its hash, origin %s", a.URL, a.ID, a.Origin, canonical, srv.URL+"/page")
		}
		if a.Title != "Harbour town votes to keep its ferry" || a.Source != "Valley Courier" || a.PublishedString() != "2023-03-04" {
			t.Errorf("title %q source %q published %s", a.Title, a.Source, a.PublishedString())
		}
		if !strings.HasPrefix(a.Text, "Residents of the harbour town voted") || strings.Contains(a.Text, "Subscribe") {
			t.Errorf("text = %q", a.Text)
		}
		if ua := srv.userAgent.Load(); ua != "byline-test/1" {
			t.Errorf("user agent = %v, want byline-test/1", ua)
		}
	})

	feeds := []struct {
		path   string
		titles []string
		skips  int
	}{
		{"/rss", []string{"Ferry stays, town decides", "Library hours extended", "Headline only item"}, 1},
		{"/atom", []string{"Orchard harvest breaks records", "Frost expected"}, 0},
		{"/feed-as-html", []string{"Ferry stays, town decides", "Library hours extended", "Headline only item"}, 1},
		{"/unlabelled", []string{"Orchard harvest breaks records", "Frost expected"}, 0},
	}
	for _, tt := range feeds {
		t.Run("feed "+tt.path, func(t *testing.T) {
			res, err := l.Load(ctx, srv.URL+tt.path)
			if err != nil {
				t.Fatal(err)
			}
			var titles []string
			for _, a := range res.Articles {
				titles = append(titles, a.Title)
				if a.Origin != srv.URL+tt.path {
					t.Errorf("origin = %s, want %s", a.Origin, srv.URL+tt.path)
				}
			}
			if diff := cmp.Diff(tt.titles, titles); diff != "" {
				t.Errorf("titles (-want +got):\n%s", diff)
			}
			if len(res.Skips) != tt.skips {
				t.Errorf("skips = %v, want %d", res.Skips, tt.skips)
			}
		})
	}

	t.Run("charset from the content type", func(t *testing.T) {
		res, err := l.Load(ctx, srv.URL+"/gbk")
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Articles) != 1 || res.Articles[0].Text != "北京今天下雪" {
			t.Fatalf("articles %+v, skips %v", res.Articles, res.Skips)
		}
		if want := []string{srv.URL + "/gbk: converted from gbk to UTF-8"}; !slices.Equal(res.Notes, want) {
			t.Errorf("notes %q, want %q", res.Notes, want)
		}
	})

	t.Run("redirect", func(t *testing.T) {
		res, err := l.Load(ctx, srv.URL+"/redirect")
		if err != nil {
			t.Fatal(err)
		}
		want := []byline.Article{{
			ID: hashID(srv.URL + "/canonical/weekend-market-report"), Title: "Weekend market report",
			URL: srv.URL + "/canonical/weekend-market-report", Text: "Market text.", Origin: srv.URL + "/redirect",
		}}
		if diff := cmp.Diff(want, res.Articles, ignoreDoc); diff != "" {
			t.Errorf("articles (-want +got):\n%s", diff)
		}
	})
}

func TestLoadURLErrors(t *testing.T) {
	srv := startNewsServer(t)
	tests := []struct {
		name    string
		opts    Options
		path    string
		want    string
		wantErr error
	}{
		{name: "oversize body", opts: Options{MaxBytes: 1000}, path: "/big", want: "fetch " + srv.URL + "/big: body larger than 1000 bytes (4007 bytes)"},
		{name: "oversize body without length", opts: Options{MaxBytes: 1000}, path: "/big-chunked", want: "fetch " + srv.URL + "/big-chunked: body larger than 1000 bytes"},
		{name: "slow server", opts: Options{Timeout: 100 * time.Millisecond}, path: "/slow", want: "fetch " + srv.URL + "/slow: timed out after 100ms", wantErr: context.DeadlineExceeded},
		{name: "not found", path: "/missing", want: "fetch " + srv.URL + "/missing: HTTP 404 Not Found"},
		{name: "unsupported type", path: "/pdf", want: "load " + srv.URL + "/pdf: unsupported content type application/pdf (want an HTML page or an RSS/Atom feed)"},
		{name: "redirect loop", path: "/loop", want: "fetch " + srv.URL + "/loop: stopped after 10 redirects"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.AllowPrivate = true
			_, err := testLoader(t, tt.opts).Load(context.Background(), srv.URL+tt.path)
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to start with %q", err, tt.want)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error = %v, want errors.Is %v", err, tt.wantErr)
			}
		})
	}
}

// TestSSRFGuard shows private addresses are refused before any connection
// when AllowPrivate is false.
func TestSSRFGuard(t *testing.T) {
	srv := startNewsServer(t)
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	l := testLoader(t, Options{})

	for _, tt := range []struct{ url, want string }{
		{srv.URL + "/page", fmt.Sprintf("refusing to fetch http://127.0.0.1:%d/page: address is loopback", port)},
		{fmt.Sprintf("http://localhost:%d/page", port), fmt.Sprintf("refusing to fetch http://localhost:%d/page: address is loopback", port)},
		{fmt.Sprintf("http://[::1]:%d/", port), fmt.Sprintf("refusing to fetch http://[::1]:%d/: address is loopback", port)},
		{"http://10.1.2.3/", "refusing to fetch http://10.1.2.3/: address is private"},
		{"http://169.254.169.254/latest/meta-data/", "refusing to fetch http://169.254.169.254/latest/meta-data/: address is link-local"},
	} {
		t.Run(tt.url, func(t *testing.T) {
			_, err := l.Load(context.Background(), tt.url)
			if err == nil || err.Error() != tt.want {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
			if !errors.Is(err, ErrRefused) {
				t.Errorf("errors.Is(err, ErrRefused) = false for %v", err)
			}
		})
	}

	t.Run("checked at dial time", func(t *testing.T) {
		// The names a URL uses are resolved by the transport; what the
		// guard sees is the address being connected to.
		dial := l.client.Transport.(*http.Transport).DialContext
		_, err := dial(context.Background(), "tcp", srv.Listener.Addr().String())
		if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "address 127.0.0.1 is loopback") {
			t.Errorf("dial error = %v, want a loopback refusal", err)
		}
	})

	t.Run("redirects are checked", func(t *testing.T) {
		// Allow exactly the test server's address; the redirect goes to
		// another loopback address.
		l := testLoader(t, Options{})
		l.refusal = func(ip netip.Addr) string {
			if ip == netip.MustParseAddr("127.0.0.1") {
				return ""
			}
			return addrRefusal(ip)
		}
		_, err := l.Load(context.Background(), srv.URL+"/redirect-elsewhere")
		want := fmt.Sprintf("fetch %s/redirect-elsewhere: redirected: refusing to fetch http://127.0.0.2:%d/page: address is loopback", srv.URL, port)
		if err == nil || err.Error() != want {
			t.Errorf("error = %v, want %q", err, want)
		}
		if !errors.Is(err, ErrRefused) {
			t.Errorf("errors.Is(err, ErrRefused) = false for %v", err)
		}
	})

	if n := srv.conns.Load(); n != 1 {
		// Only the allowed first request of the redirect test connected.
		t.Errorf("server saw %d connections, want 1", n)
	}
}
