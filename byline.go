// Package byline holds the domain types shared by every part of Byline: the
// article as ingested, before it is chunked, embedded and indexed.
//
// The packages below it each do one job:
//
//	ingest     files, folders, URLs and feeds -> []Article
//	embed      the offline word-vector embedder shipped inside the binary
//	llm        any OpenAI-compatible server (chat, streaming, embeddings), with retries
//	retrieval  chunking, lexical and vector indexes, time-aware search, snapshots
//	library    the indexed collection: incremental re-index, add, swap, progress
//	prompts    prompt templates (go:embed)
//	answer     question -> cited answer (generated, extractive or not covered), summaries
//	config     YAML file + environment, validation, redaction
//	bot        the Discord edge: events in, plain requests to answer/library, replies out
//	eval       retrieval and answer metrics on a labelled question set
package byline

import "time"

// Article is one news article as ingested from a file, URL or feed.
type Article struct {
	// ID is stable across runs: the id given by the source when it has one,
	// otherwise derived from the URL or path.
	ID string `json:"id"`
	// Title is never empty after ingestion: derived from the text or URL when missing.
	Title string `json:"title"`
	// URL is an http(s) link, or the file path for local files.
	URL string `json:"url,omitempty"`
	// Source is the outlet ("CNN"), when known.
	Source string `json:"source,omitempty"`
	Author string `json:"author,omitempty"`
	// Published is the zero time when unknown.
	Published time.Time `json:"published,omitzero"`
	Text      string    `json:"text"`
	// Origin is the path or URL that was given to ingest (a folder, a feed, a
	// file). Re-indexing an origin removes its articles that are gone from it.
	Origin string `json:"origin,omitempty"`
	// Doc is the document the article was read from: a file inside the
	// folder given, the .jsonl file of a line, the page or feed fetched. An
	// article whose document could not be read whole is never removed.
	Doc string `json:"doc,omitempty"`
}

// DateLayout is how published dates are shown and parsed everywhere.
const DateLayout = "2006-01-02"

// PublishedString returns the published date as YYYY-MM-DD, or "" when unknown.
func (a Article) PublishedString() string {
	if a.Published.IsZero() {
		return ""
	}
	return a.Published.Format(DateLayout)
}
