package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// newsServer serves one RSS feed on loopback with an ETag; add appends an item.
type newsServer struct {
	*httptest.Server
	mu    sync.Mutex
	items []string
}

func newNewsServer(t *testing.T) *newsServer {
	s := &newsServer{items: []string{"Harbour ferry saved by vote"}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		etag := fmt.Sprintf(`"v%d"`, len(s.items))
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		var b strings.Builder
		b.WriteString(`<rss version="2.0"><channel><title>Valley Courier</title>`)
		for i, title := range s.items {
			fmt.Fprintf(&b, "<item><guid>item-%d</guid><title>%s</title><description>%s, the council said on Monday.</description><pubDate>%s</pubDate></item>",
				i, title, title, time.Now().Add(time.Duration(i-10)*time.Minute).Format(time.RFC1123Z))
		}
		b.WriteString("</channel></rss>")
		w.Write([]byte(b.String()))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *newsServer) add(title string) {
	s.mu.Lock()
	s.items = append(s.items, title)
	s.mu.Unlock()
}

// The feed commands end to end: add, poll --json (the report's names), list,
// a second poll that is not due, poll --all (a 304), watch until stopped,
// remove --purge.
func TestFeedCommands(t *testing.T) {
	dir := workdir(t)
	t.Chdir(dir)
	srv := newNewsServer(t)
	feedURL := srv.URL + "/feed.xml"
	getenv := func(k string) string {
		if k == "BYLINE_INDEX_ALLOW_PRIVATE_URLS" {
			return "true"
		}
		return ""
	}
	data := filepath.Join(dir, "data")
	cli := func(ctx context.Context, args ...string) (string, error) {
		t.Helper()
		var out, errOut bytes.Buffer
		err := run(ctx, append([]string{"--data", data}, args...), &out, &errOut, getenv)
		return out.String() + errOut.String(), err
	}
	if out, err := cli(t.Context(), "feeds", "add", feedURL, "--every", "20m", "--full-text=false", "--channel", "12345", "--exclude", "sport,weather"); err != nil || !strings.Contains(out, "every 20m0s") {
		t.Fatalf("feeds add: %v\n%s", err, out)
	}
	if _, err := cli(t.Context(), "feeds", "add", feedURL, "--every", "1m"); err == nil {
		t.Fatal("an interval under 2m was accepted")
	}

	out, err := cli(t.Context(), "poll", "--json")
	if err != nil {
		t.Fatalf("poll: %v\n%s", err, out)
	}
	var rep map[string][]map[string]any
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("poll --json: %v\n%s", err, out)
	}
	if len(rep["feeds"]) != 1 {
		t.Fatalf("poll --json: %s", out)
	}
	got := rep["feeds"][0]
	for _, k := range []string{"url", "status", "http_status", "new", "updated", "error", "next_poll"} {
		if _, ok := got[k]; !ok {
			t.Errorf("poll --json lacks %q: %s", k, out)
		}
	}
	if got["status"] != "fetched" || got["new"] != 1.0 || got["http_status"] != 200.0 || got["url"] != feedURL {
		t.Fatalf("first poll: %s", out)
	}

	out, err = cli(t.Context(), "search", "harbour ferry vote", "--json")
	if err != nil || !strings.Contains(out, "Harbour ferry saved by vote") {
		t.Fatalf("the polled item is not found: %v\n%s", err, out)
	}

	out, err = cli(t.Context(), "feeds", "list", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Feeds []struct {
			URL        string `json:"url"`
			Every      string `json:"every"`
			LastStatus string `json:"last_status"`
			Articles   int    `json:"articles"`
			Failures   int    `json:"failures"`
			NextPoll   string `json:"next_poll"`
			Exclude    []string
		} `json:"feeds"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list.Feeds) != 1 {
		t.Fatalf("feeds list --json: %v\n%s", err, out)
	}
	if f := list.Feeds[0]; f.URL != feedURL || f.LastStatus != "fetched" || f.Articles != 1 || f.NextPoll == "" || len(f.Exclude) != 2 {
		t.Fatalf("feeds list: %+v", f)
	}
	if out, err := cli(t.Context(), "feeds", "list"); err != nil || !strings.Contains(out, feedURL) || !strings.Contains(out, "fetched (200)") {
		t.Fatalf("feeds list: %v\n%s", err, out)
	}

	if out, err := cli(t.Context(), "poll"); err != nil || !strings.Contains(out, "No feed is due") {
		t.Fatalf("a second poll: %v\n%s", err, out)
	}
	if out, err := cli(t.Context(), "poll", "--all", "--json"); err != nil || !strings.Contains(out, `"not_modified"`) {
		t.Fatalf("poll --all: %v\n%s", err, out)
	}

	// watch polls until stopped: a new item, a source added meanwhile is
	// due at once.
	srv.add("Bridge closes for repairs")
	if _, err := cli(t.Context(), "feeds", "add", feedURL, "--full-text=false"); err != nil { // due now
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		out, err := cli(ctx, "watch")
		if err != nil {
			err = fmt.Errorf("%w\n%s", err, out)
		}
		done <- err
	}()
	deadline := time.Now().Add(20 * time.Second)
	for {
		out, _ := cli(t.Context(), "feeds", "list", "--json")
		if strings.Contains(out, `"articles": 2`) {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("watch ended early: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("watch did not index the new item:\n%s", out)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if out, err := cli(t.Context(), "poll"); err == nil || !strings.Contains(err.Error(), "another byline process is polling") {
		t.Fatalf("poll beside watch: %v\n%s", err, out)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("watch: %v", err)
	}

	// A rebuild of the index does not read a feed back whole (which would
	// drop the items that left it), nor lists it as a source it could not
	// read: the poller's articles are kept.
	if out, err := cli(t.Context(), "index", "--rebuild", "--json"); err != nil || strings.Contains(out, "feed:"+feedURL) {
		t.Fatalf("index --rebuild: %v\n%s", err, out)
	}
	if out, _ := cli(t.Context(), "search", "stone bridge repairs", "--json"); !strings.Contains(out, "Bridge closes") {
		t.Fatalf("index --rebuild lost the feed's articles:\n%s", out)
	}

	if out, err := cli(t.Context(), "feeds", "remove", feedURL, "--purge"); err != nil {
		t.Fatalf("feeds remove: %v\n%s", err, out)
	}
	if out, _ := cli(t.Context(), "search", "stone bridge repairs", "--json"); strings.Contains(out, "Bridge closes") {
		t.Fatalf("--purge left the articles:\n%s", out)
	}
}
