// Package ingest turns sources into articles: text, Markdown, HTML and JSON
// Lines files, folders of them, and http(s) URLs of HTML pages or RSS/Atom
// feeds. Bad items inside a source never stop a run: they come back as Skips
// with a reason a user can act on.
//
// IDs are stable across runs, which is what lets the library re-index
// incrementally:
//   - the id given by the source (a JSON Lines "id", a Markdown front matter
//     "id", the hex part of a "NNN_<16 hex>.txt" file name);
//   - else the first 16 hex digits of sha1(url) when an http(s) URL is known
//     (the convention of the evaluation corpus, so a page fetched by URL and
//     the same page in a corpus get the same id);
//   - else the first 16 hex digits of sha1(absolute, cleaned, slash-separated
//     file path). The absolute path is used rather than the path relative to
//     the folder given, so two folders holding "a/1.txt" never collide; the
//     price is that moving a folder changes its ids (a full re-embed, never a
//     wrong answer). Content given to Parse uses origin + "#" + name instead.
//
// Size limits: Options.MaxBytes bounds each file and each HTTP body, except
// for JSON Lines files, where it bounds each line (one article): corpora are
// large and are read as a stream.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/byline-bot/byline"
)

// DefaultUserAgent is sent on every fetch unless Options.UserAgent is set.
const DefaultUserAgent = "Byline/1.0 (+https://github.com/byline-bot/byline)"

// ErrRefused is wrapped by the error Load returns when a URL points at an
// address the SSRF guard does not allow (loopback, private, link-local, ...).
var ErrRefused = &byline.Error{Code: byline.CodeRefused, Message: "address not allowed"}

// Options configures a Loader.
type Options struct {
	// MaxBytes bounds each file and each HTTP body; for JSON Lines files it
	// bounds each line instead. Positive.
	MaxBytes int64
	// HTTPClient fetches URLs. When nil the Loader builds one with sane
	// timeouts and an SSRF guard that checks every address at dial time (so
	// DNS rebinding and redirects cannot bypass it). A client given here is
	// responsible for its own guard; Load still refuses URLs whose host is a
	// literal disallowed IP.
	HTTPClient *http.Client
	// AllowPrivate allows loopback, private, link-local and similar
	// addresses. Tests set it; a bot reachable by strangers must not.
	AllowPrivate bool
	// Timeout bounds one URL fetch, body included. Positive.
	Timeout time.Duration
	// UserAgent is sent with each request. Default DefaultUserAgent.
	UserAgent string
}

// Skip is a file, line or feed item that was not ingested.
type Skip struct {
	// Source is the file path, URL or name the item came from.
	Source string `json:"source"`
	// Reason says why, for a user: "empty file", "line 3: invalid JSON: ...".
	Reason string `json:"reason"`
}

// Result is what one source yielded.
type Result struct {
	// Articles have Doc set to the document each was read from.
	Articles []byline.Article `json:"articles"`
	Skips    []Skip           `json:"skips,omitempty"`
	// Unread are the documents (files, pages, feeds) that could not be read
	// whole this time: unreadable, undecodable, malformed, or with a broken
	// line or item. Their articles read before must not be taken as gone.
	Unread []string `json:"unread,omitempty"`
	// Notes are things done to the input worth telling the user, such as
	// "notes.txt: converted from Windows-1252 to UTF-8".
	Notes []string `json:"notes,omitempty"`
}

// Loader ingests sources. It is safe for concurrent use.
type Loader struct {
	maxBytes     int64
	timeout      time.Duration
	userAgent    string
	allowPrivate bool
	client       *http.Client
	// refusal reports why an address may not be fetched ("" = allowed). It is
	// a field so tests can allow exactly the loopback test server while
	// checking that other addresses are still refused.
	refusal func(netip.Addr) string
}

// New validates opts and returns a Loader. MaxBytes and Timeout must be
// positive (their defaults live in the config package); UserAgent "" sends
// DefaultUserAgent.
func New(opts Options) (*Loader, error) {
	var errs []error
	if opts.MaxBytes <= 0 {
		errs = append(errs, fmt.Errorf("ingest: max bytes %d: want a positive size", opts.MaxBytes))
	}
	if opts.Timeout <= 0 {
		errs = append(errs, fmt.Errorf("ingest: fetch timeout %v: want a positive duration", opts.Timeout))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	l := &Loader{
		maxBytes:     opts.MaxBytes,
		timeout:      opts.Timeout,
		userAgent:    opts.UserAgent,
		allowPrivate: opts.AllowPrivate,
		client:       opts.HTTPClient,
		refusal:      addrRefusal,
	}
	if l.userAgent == "" {
		l.userAgent = DefaultUserAgent
	}
	if l.client == nil {
		l.client = l.newClient()
	}
	return l, nil
}

// Load ingests one source: a file, a folder (recursively), or an http(s) URL
// of an HTML page or an RSS/Atom feed. It returns an error only when the
// source as a whole cannot be read (missing path, URL refused or failing, ctx
// done); bad items inside it become Skips. Every article gets Origin = the
// source as given, cleaned (filepath.Clean for paths, the parsed URL for URLs).
func (l *Loader) Load(ctx context.Context, source string) (Result, error) {
	source = strings.TrimSpace(source)
	if source == "" {
		return Result{}, errors.New("load: empty source")
	}
	if isHTTPURL(source) {
		return l.loadURL(ctx, source)
	}
	if u, err := url.Parse(source); err == nil && u.Scheme != "" && len(u.Scheme) > 1 && u.Host != "" {
		// "ftp://x", "file://x": refuse clearly rather than look for a folder
		// named "ftp:". One-letter schemes are Windows drive letters.
		return Result{}, fmt.Errorf("load %s: unsupported URL scheme %q (only http and https)", source, u.Scheme)
	}
	path := filepath.Clean(source)
	info, err := os.Stat(path)
	if err != nil {
		return Result{}, fmt.Errorf("load %s: %w", path, err)
	}
	c := newCollector(path)
	if info.IsDir() {
		if err := l.walk(ctx, path, c); err != nil {
			return c.result(), err
		}
		return c.result(), nil
	}
	l.loadFile(path, info, c)
	return c.result(), nil
}

// Parse ingests content already in memory, such as a file attached in
// Discord. The extension of name gives the format (.txt, .md, .markdown,
// .html, .htm, .jsonl, .rss, .atom, .rdf, .xml); name is also the Source of skips
// and the URL of text files. origin becomes Article.Origin (name when empty);
// when it is an http(s) URL, relative links resolve against it.
// An unsupported extension is an error; everything else is a Skip.
func (l *Loader) Parse(name string, data []byte, origin string) (Result, error) {
	kind := kindOf(name)
	if kind == kindUnknown {
		return Result{}, fmt.Errorf("parse %s: unsupported file type %q (want .txt, .md, .html, .jsonl, .rss, .atom or .xml)", name, filepath.Ext(name))
	}
	if origin == "" {
		origin = name
	}
	key := name
	if origin != name {
		key = origin + "#" + name
	}
	c := newCollector(origin)
	d := doc{name: name, key: key, origin: origin, data: data}
	if isHTTPURL(origin) {
		d.url = origin // the content came from there: relative links resolve against it
	}
	if kind != kindJSONL && int64(len(data)) > l.maxBytes {
		c.skip(name, fmt.Sprintf("larger than %d bytes (%d bytes)", l.maxBytes, len(data)))
		return c.result(), nil
	}
	l.parseDoc(kind, d, c)
	return c.result(), nil
}

// doc is one file's worth of input.
type doc struct {
	name   string // shown to users: the path as found, or the given name
	key    string // identity for derived ids when no URL is known
	origin string
	data   []byte
	// url is the address a fetched document came from (after redirects),
	// and contentType its Content-Type header; both empty for files.
	url, contentType string
}

// collector gathers articles and skips, dropping duplicate ids.
type collector struct {
	origin string
	res    Result
	seen   map[string]string // id -> where it was first seen
}

func newCollector(origin string) *collector {
	return &collector{origin: origin, seen: make(map[string]string)}
}

// skip records that source, or part of it, could not be read: the source
// is also marked unread.
func (c *collector) skip(source, reason string) {
	c.res.Skips = append(c.res.Skips, Skip{Source: source, Reason: reason})
	if n := len(c.res.Unread); n == 0 || c.res.Unread[n-1] != source {
		c.res.Unread = append(c.res.Unread, source)
	}
}

func (c *collector) note(s string) { c.res.Notes = append(c.res.Notes, s) }

// add keeps a finished article unless its id was already seen in this
// source; where says where it came from, for the duplicate's skip reason.
func (c *collector) add(a byline.Article, source, where string) {
	if first, dup := c.seen[a.ID]; dup {
		reason := fmt.Sprintf("duplicate id %s (first seen in %s)", a.ID, first)
		if where != "" {
			reason = where + ": " + reason
		}
		// Not a read failure: the article is there, once.
		c.res.Skips = append(c.res.Skips, Skip{Source: source, Reason: reason})
		return
	}
	loc := source
	if where != "" {
		loc = source + " " + where
	}
	c.seen[a.ID] = loc
	a.Doc = source
	c.res.Articles = append(c.res.Articles, a)
}

func (c *collector) result() Result { return c.res }

type kind int

const (
	kindUnknown kind = iota
	kindTXT
	kindMD
	kindHTML
	kindJSONL
	kindFeed
)

func kindOf(name string) kind {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".text":
		return kindTXT
	case ".md", ".markdown":
		return kindMD
	case ".html", ".htm", ".xhtml":
		return kindHTML
	case ".jsonl", ".ndjson":
		return kindJSONL
	case ".rss", ".atom", ".rdf", ".xml":
		return kindFeed
	}
	return kindUnknown
}

// parseDoc runs the parser for k on an in-memory document.
func (l *Loader) parseDoc(k kind, d doc, c *collector) {
	if k == kindJSONL {
		l.parseJSONL(d.name, d.origin, newBytesReader(d.data), c)
		return
	}
	text, ok := decodeText(k, d, c)
	if !ok {
		return
	}
	switch k {
	case kindTXT:
		parseTXT(d, text, c)
	case kindMD:
		parseMD(d, text, c)
	case kindHTML:
		parseHTML(d, text, c)
	case kindFeed:
		parseFeed(d, text, c)
	}
}

// decodeText applies the per-document checks shared by every text format
// and returns the content as valid UTF-8 with the BOM removed.
func decodeText(k kind, d doc, c *collector) (string, bool) {
	noun := "file"
	if d.url != "" {
		noun = "body"
	}
	text, note, reason := decodeUTF8(d.data, declaredCharset(k, d.data, d.contentType), noun)
	if reason != "" {
		c.skip(d.name, reason)
		return "", false
	}
	if note != "" {
		c.note(d.name + ": " + note)
	}
	return text, true
}
