// Package library keeps the indexed collection of articles: it loads sources
// through ingest, updates the retrieval index incrementally (only changed
// articles are embedded again), persists it, and swaps the new index in while
// the old one keeps answering. One re-index runs at a time.
package library

import (
	"time"

	"github.com/byline-bot/byline"
)

// Stage is a step of an index job. Reports come in the order below; a
// job that gets as far as saving reports StageSaving once, last.
type Stage string

const (
	StageLoading   Stage = "loading"   // reading the sources
	StageEmbedding Stage = "embedding" // building the index, embedding new and changed chunks
	StageSaving    Stage = "saving"    // writing the index snapshot
)

// Progress reports a running index job.
type Progress struct {
	Stage         Stage
	ArticlesDone  int
	ArticlesTotal int
	ChunksDone    int
	ChunksTotal   int
	Elapsed       time.Duration
	ETA           time.Duration // zero when unknown
}

// Skip is an input that was not indexed, with the reason.
type Skip struct {
	Source string `json:"source"`
	Reason string `json:"reason"`
}

// Summary is the outcome of one index job.
type Summary struct {
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Removed   int `json:"removed"`
	Unchanged int `json:"unchanged"`
	// Kept counts articles that stayed although their source was read,
	// because their document could not be read whole this time.
	Kept int `json:"kept"`
	// Lost counts articles of an unreadable index that no source gave back.
	Lost    int    `json:"lost,omitempty"`
	Skipped []Skip `json:"skipped"`
	// Notes are changes made to inputs worth knowing ("converted from
	// Windows-1252 to UTF-8").
	Notes    []string `json:"notes,omitempty"`
	Articles int      `json:"articles"`
	Chunks   int      `json:"chunks"`
	Embedded int      `json:"embedded"` // chunks embedded in this job (0 when nothing changed)
	Seconds  float64  `json:"seconds"`
}

// ArticleInfo describes one indexed article, for listings and autocomplete.
type ArticleInfo struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	Published string `json:"published"`
	Chunks    int    `json:"chunks"`
}

// ErrBusy is returned when an index job is requested while another runs.
var ErrBusy = &byline.Error{Code: byline.CodeBusy, Message: "an index job is already running; try again when it has finished"}
