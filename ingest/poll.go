package ingest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/byline-bot/byline"
)

// FeedRequest is one conditional GET of a feed or page by a poller.
type FeedRequest struct {
	URL string
	// ETag and LastModified are the validators of the last 200: sent as
	// If-None-Match and If-Modified-Since, so an unchanged feed costs a 304.
	ETag         string
	LastModified string
	// UserAgent replaces the loader's when set.
	UserAgent string
}

// FeedResponse is what the server answered. Any HTTP status comes back as
// a response (a poller acts on 304, 429 and Retry-After); Body is read only
// for 2xx statuses.
type FeedResponse struct {
	Status int
	// Header holds the response's headers (ETag, Last-Modified,
	// Cache-Control, Expires, Retry-After, Date).
	Header http.Header
	Body   []byte
	// URL is where the body came from, after redirects.
	URL         string
	ContentType string
}

// FetchFeed does one conditional GET of rawURL with the SSRF guard, the
// size limit and the timeout of every fetch. It returns an error only when
// no HTTP answer could be had (refused address, transport failure, timeout,
// a 2xx body over the size limit).
func (l *Loader) FetchFeed(ctx context.Context, req FeedRequest) (FeedResponse, error) {
	u, err := url.Parse(strings.TrimSpace(req.URL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return FeedResponse{}, fmt.Errorf("fetch %s: not an http(s) URL", req.URL)
	}
	raw := u.String()
	if reason := l.hostRefusal(u); reason != "" {
		return FeedResponse{}, (&refusedError{url: raw, reason: reason}).userError()
	}
	ctx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return FeedResponse{}, fmt.Errorf("fetch %s: %w", raw, err)
	}
	hreq.Header.Set("User-Agent", firstNonEmpty(req.UserAgent, l.userAgent))
	hreq.Header.Set("Accept", "application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,text/xml;q=0.9,text/html;q=0.8,*/*;q=0.5")
	if req.ETag != "" {
		hreq.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.LastModified)
	}
	resp, err := l.client.Do(hreq)
	if err != nil {
		return FeedResponse{}, l.fetchError(ctx, raw, err)
	}
	defer resp.Body.Close()
	out := FeedResponse{Status: resp.StatusCode, Header: resp.Header, URL: resp.Request.URL.String(),
		ContentType: resp.Header.Get("Content-Type")}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
		return out, nil
	}
	if resp.ContentLength > l.maxBytes {
		return out, fmt.Errorf("fetch %s: body larger than %d bytes (%d bytes)", raw, l.maxBytes, resp.ContentLength)
	}
	out.Body, err = io.ReadAll(io.LimitReader(resp.Body, l.maxBytes+1))
	if err != nil {
		return out, l.fetchError(ctx, raw, err)
	}
	if int64(len(out.Body)) > l.maxBytes {
		return out, fmt.Errorf("fetch %s: body larger than %d bytes", raw, l.maxBytes)
	}
	return out, nil
}

// Feed is a fetched feed (or page) read for a poller.
type Feed struct {
	Title string
	// TTL is RSS's <ttl>: how long the feed may be cached; 0 when absent.
	TTL   time.Duration
	Items []FeedItem
	// Skips are items that could not be read; Notes as in Result.
	Skips []Skip
	Notes []string
}

// FeedItem is one item of a feed.
type FeedItem struct {
	// GUID is the identifier the feed gave the item (RSS guid, Atom id,
	// JSON Feed id), "" when none.
	GUID string
	// Link is the item's own http(s) link, "" when it has none (the
	// article's URL is then the feed's).
	Link string
	// Article is the item as Load would index it (cleaned, with an id and
	// origin).
	Article byline.Article
}

// ParseFeed reads a fetched body (resp.Body, from resp.URL with its content
// type) given as origin: an RSS, Atom or JSON feed gives one item per entry,
// an HTML page one item. Anything else, or a feed that cannot be read at
// all, is an error saying why; bad items inside a feed become Skips.
func (l *Loader) ParseFeed(origin string, resp FeedResponse) (Feed, error) {
	k, err := contentKind(resp.ContentType, resp.URL, resp.Body)
	if err != nil {
		return Feed{}, err
	}
	d := doc{name: origin, key: resp.URL, origin: origin, data: resp.Body, url: resp.URL, contentType: resp.ContentType}
	c := newCollector(origin)
	switch k {
	case kindHTML:
		text, ok := decodeText(k, d, c)
		if ok {
			parseHTML(d, text, c)
		}
		if len(c.res.Articles) == 0 {
			return Feed{}, fmt.Errorf("page not read: %s", skipReasons(c.res.Skips))
		}
		return Feed{Title: c.res.Articles[0].Source, Items: []FeedItem{{Link: resp.URL, Article: c.res.Articles[0]}}, Notes: c.res.Notes}, nil
	case kindFeed:
	default:
		return Feed{}, fmt.Errorf("not a feed or an HTML page")
	}
	text, ok := decodeText(k, d, c)
	if !ok {
		return Feed{}, fmt.Errorf("feed not read: %s", skipReasons(c.res.Skips))
	}
	pf, reason := readFeed(d, text)
	if reason != "" && reason != reasonNoItems {
		return Feed{}, fmt.Errorf("%s", reason)
	}
	f := Feed{Title: pf.title, TTL: pf.ttl, Notes: c.res.Notes}
	for i, e := range pf.entries {
		link := ""
		if isHTTPURL(e.a.URL) {
			link = strings.TrimSpace(e.a.URL)
		}
		a, reason := finishEntry(e.a, d)
		if reason != "" {
			f.Skips = append(f.Skips, Skip{Source: origin, Reason: fmt.Sprintf("item %d: %s", i+1, reason)})
			continue
		}
		a.Doc = origin
		f.Items = append(f.Items, FeedItem{GUID: e.guid, Link: link, Article: a})
	}
	return f, nil
}

func skipReasons(skips []Skip) string {
	var r []string
	for _, s := range skips {
		r = append(r, s.Reason)
	}
	if len(r) == 0 {
		return "no content"
	}
	return strings.Join(r, "; ")
}
