// Package feeds follows news sources: it keeps the list of feeds Byline
// polls (those of the configuration and those added from the CLI or
// Discord, persisted in the data directory), polls each one politely
// (conditional GET, the server's caching hints, a fixed slot per source,
// bounded concurrency, backoff), indexes new and changed items through the
// library, prunes what the retention settings say, and keeps a persistent
// outbox of new stories for sources that post to a Discord channel.
//
// The Discord side uses only this package's exported API: Add, List, Remove,
// Poll, Outbox/Ack, Disabled/AckDisabled and Notify. Everything it returns
// is a plain value (no pointer into the poller's state).
//
// Item identity: an item is the feed's guid (RSS guid, Atom id, JSON Feed
// id), else its link normalised (scheme and host lower-cased, fragment and
// tracking parameters such as utm_* dropped), else its title and date. An
// item whose content changed is indexed again; an item that leaves the feed
// stays indexed (feeds roll over); an item pruned by retention leaves a
// tombstone so the feed cannot bring it back.
package feeds

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/ingest"
	"github.com/byline-bot/byline/library"
)

// Interval bounds: a source is polled at most every MinEvery; DefaultEvery
// is what a source gets when nothing is said.
const (
	MinEvery     = 2 * time.Minute
	DefaultEvery = 15 * time.Minute
)

// Source is one followed feed (or page) and its settings.
type Source struct {
	// ID is stable and short: derived from the URL, so that the same URL
	// is the same source wherever it was added.
	ID  string `json:"id"`
	URL string `json:"url"`
	// Every is the poll interval (at least MinEvery); 0 in Add means the
	// configured default.
	Every time.Duration `json:"every"`
	// SummaryOnly turns full text off: each item is indexed with what the
	// feed says of it. By default (false) the linked page is fetched and its
	// main text indexed, falling back to the summary with a note.
	SummaryOnly bool `json:"summary_only,omitempty"`
	// Include and Exclude filter the stories queued for Channel (every item
	// is indexed, so that questions find it): a story is posted when its
	// title or text contains one of Include (any, case-insensitive; all
	// when empty) and none of Exclude.
	Include []string `json:"include,omitempty"`
	Exclude []string `json:"exclude,omitempty"`
	// Channel is the Discord channel id new stories are posted in; "" posts
	// nothing.
	Channel string `json:"channel,omitempty"`
	// MaxAge and MaxArticles override the configured retention for this
	// source (0: the configured value).
	MaxAge      time.Duration `json:"max_age,omitempty"`
	MaxArticles int           `json:"max_articles,omitempty"`
	// FromConfig marks a source listed in `sources:` of the configuration:
	// it cannot be removed (edit the configuration instead).
	FromConfig bool `json:"from_config,omitempty"`
	// Added is when the source was first followed.
	Added time.Time `json:"added"`
}

// Values of Status.LastStatus and Result.Status.
const (
	StatusFetched     = "fetched"      // the feed was read (200)
	StatusNotModified = "not_modified" // 304: nothing changed since the last poll
	StatusFailed      = "failed"       // transport error, HTTP error or unreadable body
	StatusDisabled    = "disabled"     // too many consecutive failures: not polled until added again
)

// Words splits a filter as an admin types it ("election, senate race")
// into its trimmed, non-empty words, for Source.Include and Exclude.
func Words(s string) []string {
	var out []string
	for _, w := range strings.Split(s, ",") {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// Status is a source and how its polling goes, for `feeds list` and
// `/feeds list`.
type Status struct {
	Source
	// LastPoll is when the source was last polled (zero: never).
	LastPoll time.Time `json:"last_poll,omitzero"`
	// LastStatus is one of the Status* values, "" before the first poll.
	LastStatus string `json:"last_status"`
	HTTPStatus int    `json:"http_status"`
	// NextPoll is when the source is due.
	NextPoll time.Time `json:"next_poll,omitzero"`
	// Articles is how many of its items are indexed now.
	Articles int `json:"articles"`
	// Failures counts consecutive failed polls.
	Failures int  `json:"failures"`
	Disabled bool `json:"disabled"`
	// Error says why the last poll failed, in words fit for an admin (no
	// secret: URLs are shown as given).
	Error string `json:"error,omitempty"`
}

// Report is what one Poll did, one Result per source polled. Its JSON is
// `byline poll --json`'s output; keep the names.
type Report struct {
	Feeds []Result `json:"feeds"`
}

// Result is one source's poll.
type Result struct {
	URL        string `json:"url"`
	Status     string `json:"status"` // StatusFetched, StatusNotModified, StatusFailed or StatusDisabled
	HTTPStatus int    `json:"http_status"`
	// New and Updated count items indexed for the first time and again.
	New      int       `json:"new"`
	Updated  int       `json:"updated"`
	Error    string    `json:"error"`
	NextPoll time.Time `json:"next_poll"`
	// Notes tell what was done instead of what was asked ("full text of
	// URL not fetched: ...; indexed the feed's summary").
	Notes []string `json:"notes,omitempty"`
}

// Story is a new item waiting in the outbox to be posted to its source's
// channel. It was indexed before it was queued, so it is answerable.
type Story struct {
	// ID identifies the story in the outbox (and is its indexed article's
	// id): pass it to Ack once posted.
	ID       string `json:"id"`
	SourceID string `json:"source_id"`
	// SourceURL is the feed's URL; Channel the Discord channel to post in.
	SourceURL string `json:"source_url"`
	Channel   string `json:"channel"`
	// Article is the item as indexed: Title, URL (the link to post), Source
	// (the outlet), Published (zero when the feed gave no date) and Text.
	Article byline.Article `json:"article"`
	// Queued is when the poller queued it.
	Queued time.Time `json:"queued"`
}

// Retention bounds what a source keeps indexed: items older than MaxAge
// (by publication date, else first sight) and beyond the newest MaxArticles
// are removed. Zero turns a bound off.
type Retention struct {
	MaxAge      time.Duration
	MaxArticles int
}

// Config configures a Poller. Zero values take the defaults said on each
// field.
type Config struct {
	// DataDir holds the poller's files (under DataDir/feeds).
	DataDir string
	// Sources are the configuration's http(s) sources, followed with the
	// default settings; they cannot be removed from the CLI or Discord.
	Sources []string
	// Every is the default poll interval (DefaultEvery when 0).
	Every time.Duration
	// MaxInterval caps every wait a server asks for (max-age, Expires,
	// Retry-After, <ttl>) and the failure backoff (24h when 0).
	MaxInterval time.Duration
	// MaxFailures consecutive failures disable a source (10 when 0).
	MaxFailures int
	// Concurrency bounds the fetches in flight (4 when 0); PerHost bounds
	// them per host (1 when 0).
	Concurrency int
	PerHost     int
	// Retention is the default of every source.
	Retention Retention
	// UserAgent names Byline in feed requests (ingest.DefaultUserAgent when "").
	UserAgent string
}

// Index is what the poller needs of the library: apply one source's changes
// (upsert new and changed items, remove pruned ones) and nothing else.
// *library.Library is the real one. A call that returns library.ErrBusy (a
// re-index is running) is retried at the next poll.
type Index interface {
	Apply(ctx context.Context, origin string, upsert []byline.Article, remove []string, opts library.IndexOptions) (library.Summary, error)
}

// Fetcher fetches feeds and pages with the SSRF guard and the size and time
// limits of ingest; *ingest.Loader is the real one.
type Fetcher interface {
	// FetchFeed does one conditional GET.
	FetchFeed(ctx context.Context, req ingest.FeedRequest) (ingest.FeedResponse, error)
	// ParseFeed reads what FetchFeed got: a feed's items, or a page as one.
	ParseFeed(origin string, resp ingest.FeedResponse) (ingest.Feed, error)
	// Load reads a linked page, for its full text.
	Load(ctx context.Context, source string) (ingest.Result, error)
}

// Deps are the poller's dependencies.
type Deps struct {
	Index   Index
	Fetcher Fetcher
	Log     *slog.Logger
	// Now is the clock (time.Now when nil): tests and the benchmark run a
	// simulated day with a virtual one.
	Now func() time.Time
	// After waits for d in Run (time.After when nil).
	After func(d time.Duration) <-chan time.Time
}

// ErrUnknownSource is returned by Remove for a URL or id no source has.
var ErrUnknownSource = &byline.Error{Code: byline.CodeNoArticle, Message: "no followed feed has this URL or id"}

// ErrConfigured is returned by Remove for a source of the configuration.
var ErrConfigured = &byline.Error{Code: byline.CodeBadInput, Message: "this feed is listed in the configuration's sources; remove it there"}

// ErrBadSource is wrapped by Add's errors about the source given (not an
// http(s) URL, an interval under MinEvery); the message says what is wrong.
var ErrBadSource = &byline.Error{Code: byline.CodeBadInput, Message: "cannot follow this source"}

// sourceJSON is Source as JSON: durations as Go writes them ("15m0s").
type sourceJSON struct {
	ID          string    `json:"id"`
	URL         string    `json:"url"`
	Every       string    `json:"every"`
	SummaryOnly bool      `json:"summary_only,omitempty"`
	Include     []string  `json:"include,omitempty"`
	Exclude     []string  `json:"exclude,omitempty"`
	Channel     string    `json:"channel,omitempty"`
	MaxAge      string    `json:"max_age,omitempty"`
	MaxArticles int       `json:"max_articles,omitempty"`
	FromConfig  bool      `json:"from_config,omitempty"`
	Added       time.Time `json:"added,omitzero"`
}

// MarshalJSON writes durations as "15m0s", for files and `--json` alike.
func (s Source) MarshalJSON() ([]byte, error) { return json.Marshal(s.jsonForm()) }

func (s Source) jsonForm() sourceJSON {
	j := sourceJSON{ID: s.ID, URL: s.URL, Every: s.Every.String(), SummaryOnly: s.SummaryOnly, Include: s.Include,
		Exclude: s.Exclude, Channel: s.Channel, MaxArticles: s.MaxArticles, FromConfig: s.FromConfig, Added: s.Added}
	if s.MaxAge != 0 {
		j.MaxAge = s.MaxAge.String()
	}
	return j
}

// MarshalJSON writes the source's fields (as Source does) and the status
// beside them; without it Source's method, promoted, would leave the status out.
func (s Status) MarshalJSON() ([]byte, error) {
	type statusFields struct {
		LastPoll   time.Time `json:"last_poll,omitzero"`
		LastStatus string    `json:"last_status"`
		HTTPStatus int       `json:"http_status"`
		NextPoll   time.Time `json:"next_poll,omitzero"`
		Articles   int       `json:"articles"`
		Failures   int       `json:"failures"`
		Disabled   bool      `json:"disabled"`
		Error      string    `json:"error,omitempty"`
	}
	return json.Marshal(struct {
		sourceJSON
		statusFields
	}{s.Source.jsonForm(), statusFields{s.LastPoll, s.LastStatus, s.HTTPStatus, s.NextPoll, s.Articles, s.Failures, s.Disabled, s.Error}})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (s *Source) UnmarshalJSON(data []byte) error {
	var j sourceJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*s = Source{ID: j.ID, URL: j.URL, SummaryOnly: j.SummaryOnly, Include: j.Include, Exclude: j.Exclude,
		Channel: j.Channel, MaxArticles: j.MaxArticles, FromConfig: j.FromConfig, Added: j.Added}
	var err error
	if j.Every != "" {
		if s.Every, err = time.ParseDuration(j.Every); err != nil {
			return fmt.Errorf("every: %w", err)
		}
	}
	if j.MaxAge != "" {
		if s.MaxAge, err = time.ParseDuration(j.MaxAge); err != nil {
			return fmt.Errorf("max_age: %w", err)
		}
	}
	return nil
}

// MarshalJSON writes a Result with next_poll null when there is none (a
// disabled source).
func (r Result) MarshalJSON() ([]byte, error) {
	type plain Result
	var next *time.Time
	if !r.NextPoll.IsZero() {
		next = &r.NextPoll
	}
	return json.Marshal(struct {
		plain
		NextPoll *time.Time `json:"next_poll"`
	}{plain(r), next})
}
