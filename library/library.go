// Package library keeps the indexed collection of articles: it loads sources
// through ingest, updates the retrieval index incrementally (only changed
// articles are embedded again), persists it, and swaps the new index in while
// the old one keeps answering. One re-index runs at a time.
package library

import "time"

// Progress reports a running index job.
type Progress struct {
	Stage         string // "loading", "embedding", "saving"
	ArticlesDone  int
	ArticlesTotal int
	ChunksDone    int
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
	Added     int     `json:"added"`
	Updated   int     `json:"updated"`
	Removed   int     `json:"removed"`
	Unchanged int     `json:"unchanged"`
	Skipped   []Skip  `json:"skipped"`
	Articles  int     `json:"articles"`
	Chunks    int     `json:"chunks"`
	Seconds   float64 `json:"seconds"`
}
