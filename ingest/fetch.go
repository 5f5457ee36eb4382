package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/byline-bot/byline"
)

// maxRedirects is how many redirects one fetch follows.
const maxRedirects = 10

// refusedError is returned when the SSRF guard refuses an address.
type refusedError struct {
	url    string // the URL being fetched when it was refused
	addr   string // the address dialed; "" when the URL's host is that address
	reason string // "loopback", "private", ...
}

func (e *refusedError) Error() string {
	if e.addr == "" {
		return fmt.Sprintf("refusing to fetch %s: address is %s", e.url, e.reason)
	}
	return fmt.Sprintf("refusing to fetch %s: address %s is %s", e.url, e.addr, e.reason)
}

// Is makes errors.Is(err, ErrRefused) true for the dialer's own error too.
func (e *refusedError) Is(target error) bool { return target == ErrRefused }

// userError is what the person who gave the URL is told.
func (e *refusedError) userError() *byline.Error {
	return &byline.Error{Code: byline.CodeRefused, Message: e.Error(),
		Hint: "Byline fetches only public addresses; set index.allow_private_urls: true in the config to allow others"}
}

// hostRefusal checks a URL's host before any connection: literal IPs and
// "localhost" names. Other names are checked when dialed.
func (l *Loader) hostRefusal(u *url.URL) string {
	if l.allowPrivate {
		return ""
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return "loopback"
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		return l.refusal(ip)
	}
	return ""
}

// dialRefusal is the guard on the address about to be connected to
// ("host:port" with host an IP address), or nil when it may be.
func (l *Loader) dialRefusal(address string) error {
	if l.allowPrivate {
		return nil
	}
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		host = address
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return &refusedError{addr: address, reason: "not an IP address"}
	}
	if reason := l.refusal(ip); reason != "" {
		return &refusedError{addr: ip.String(), reason: reason}
	}
	return nil
}

// newClient builds the default HTTP client: the SSRF guard runs in the
// dialer's Control hook, on the address actually connected to, so neither
// DNS rebinding nor a redirect can reach a refused address. No proxy is used:
// a proxy would make the dialed address the proxy's.
func (l *Loader) newClient() *http.Client {
	dialer := &net.Dialer{
		Timeout:   10 * time.Second,
		KeepAlive: 30 * time.Second,
		Control: func(_, address string, _ syscall.RawConn) error {
			return l.dialRefusal(address)
		},
	}
	transport := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          16,
		IdleConnTimeout:       60 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 15 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("stopped after %d redirects", maxRedirects)
			}
			if s := req.URL.Scheme; s != "http" && s != "https" {
				return fmt.Errorf("redirect to unsupported scheme %q", s)
			}
			if reason := l.hostRefusal(req.URL); reason != "" {
				return &refusedError{url: req.URL.String(), reason: reason}
			}
			return nil
		},
	}
}

// loadURL fetches an HTML page or a feed.
func (l *Loader) loadURL(ctx context.Context, raw string) (Result, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Result{}, fmt.Errorf("load %s: bad URL: %w", raw, err)
	}
	if u.Host == "" {
		return Result{}, fmt.Errorf("load %s: URL has no host", raw)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	origin := u.String()
	if reason := l.hostRefusal(u); reason != "" {
		return Result{}, (&refusedError{url: origin, reason: reason}).userError()
	}
	body, finalURL, ctype, err := l.fetch(ctx, origin)
	if err != nil {
		return Result{}, err
	}
	k, err := contentKind(ctype, finalURL, body)
	if err != nil {
		return Result{}, fmt.Errorf("load %s: %w", origin, err)
	}
	c := newCollector(origin)
	l.parseDoc(k, doc{name: origin, key: finalURL, origin: origin, data: body, url: finalURL, contentType: ctype}, c)
	return c.result(), nil
}

// fetch GETs rawURL within the loader's timeout and returns at most
// maxBytes of body, the URL after redirects and the content type.
func (l *Loader) fetch(ctx context.Context, rawURL string) (body []byte, finalURL, ctype string, err error) {
	ctx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, "", "", fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	req.Header.Set("User-Agent", l.userAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5")
	resp, err := l.client.Do(req)
	if err != nil {
		return nil, "", "", l.fetchError(ctx, rawURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, "", "", fmt.Errorf("fetch %s: HTTP %s", rawURL, resp.Status)
	}
	if resp.ContentLength > l.maxBytes {
		return nil, "", "", fmt.Errorf("fetch %s: body larger than %d bytes (%d bytes)", rawURL, l.maxBytes, resp.ContentLength)
	}
	body, err = io.ReadAll(io.LimitReader(resp.Body, l.maxBytes+1))
	if err != nil {
		return nil, "", "", l.fetchError(ctx, rawURL, err)
	}
	if int64(len(body)) > l.maxBytes {
		return nil, "", "", fmt.Errorf("fetch %s: body larger than %d bytes", rawURL, l.maxBytes)
	}
	return body, resp.Request.URL.String(), resp.Header.Get("Content-Type"), nil
}

// fetchError turns transport errors into text a user can act on.
func (l *Loader) fetchError(ctx context.Context, rawURL string, err error) error {
	var refused *refusedError
	if errors.As(err, &refused) {
		r := *refused
		if r.url == "" {
			r.url = rawURL
			var ue *url.Error
			if errors.As(err, &ue) && ue.URL != "" {
				r.url = ue.URL // the redirect target that was refused
			}
		}
		if r.url != rawURL {
			return fmt.Errorf("fetch %s: redirected: %w", rawURL, r.userError())
		}
		return r.userError()
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("fetch %s: timed out after %s: %w", rawURL, l.timeout, context.DeadlineExceeded)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // url.Error repeats the method and URL
	}
	return fmt.Errorf("fetch %s: %w", rawURL, err)
}

// contentKind decides how to read a fetched body: a feed root element wins
// (servers label feeds text/html or text/xml freely), then the content type,
// then sniffing, then the URL's extension.
func contentKind(ctype, rawURL string, body []byte) (kind, error) {
	sniffed := sniffKind(body)
	if sniffed == kindFeed {
		return kindFeed, nil
	}
	mt, _, _ := mime.ParseMediaType(ctype)
	switch mt {
	case "text/html", "application/xhtml+xml":
		return kindHTML, nil
	case "application/feed+json":
		return kindFeed, nil
	case "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml":
		if sniffed == kindHTML {
			return kindHTML, nil
		}
		return kindFeed, nil // parseFeed explains what else it is
	case "text/markdown", "text/x-markdown":
		return kindMD, nil
	case "application/x-ndjson", "application/jsonl", "application/x-jsonlines":
		return kindJSONL, nil
	}
	if sniffed != kindUnknown {
		return sniffed, nil
	}
	if u, err := url.Parse(rawURL); err == nil {
		if k := kindOf(u.Path); k != kindUnknown {
			return k, nil
		}
	}
	if mt == "text/plain" {
		return kindTXT, nil
	}
	if mt == "" {
		mt = "none"
	}
	return kindUnknown, fmt.Errorf("unsupported content type %s (want an HTML page or an RSS/Atom feed)", mt)
}

// sniffKind recognizes feeds and HTML pages by their first markup.
func sniffKind(body []byte) kind {
	head := body[:min(len(body), 1024)]
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	head = bytes.ToLower(bytes.TrimSpace(head))
	if looksLikeJSONFeed(body) {
		return kindFeed
	}
	if !bytes.HasPrefix(head, []byte("<")) {
		return kindUnknown
	}
	for _, root := range []string{"<rss", "<feed", "<rdf:rdf"} {
		if bytes.Contains(head, []byte(root)) && !bytes.Contains(head, []byte("<html")) {
			return kindFeed
		}
	}
	if bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.Contains(head, []byte("<html")) || bytes.Contains(head, []byte("<head")) || bytes.Contains(head, []byte("<body")) {
		return kindHTML
	}
	return kindUnknown
}
