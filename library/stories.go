package library

import (
	"time"

	"github.com/byline-bot/byline/retrieval"
)

// Stories returns the stories published in [from, to), the main ones first
// (see retrieval.Index.Stories); none when nothing is indexed.
func (l *Library) Stories(from, to time.Time) []retrieval.Story {
	ix := l.Index()
	if ix == nil {
		return nil
	}
	return ix.Stories(from, to)
}
