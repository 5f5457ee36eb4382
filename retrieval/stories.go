package retrieval

import (
	"cmp"
	"slices"
	"time"

	"github.com/byline-bot/byline"
)

// Story is one news story of a period: the copies of it published then (the
// same story from several outlets, as the duplicate grouping finds them),
// the first of them leading.
type Story struct {
	// Articles are the story's copies published in the period, the lead
	// first: the group's canonical article when it is among them, else the
	// earliest. Never empty.
	Articles []byline.Article
	// Outlets lists the sources of every copy of the story (also those
	// outside the period).
	Outlets []string
}

// Lead is the article that stands for the story.
func (s Story) Lead() byline.Article { return s.Articles[0] }

// Stories returns the stories with an article published in [from, to),
// the main ones first: carried by more copies in the period, then newer,
// then by the lead's id. Undated articles belong to no period.
func (ix *Index) Stories(from, to time.Time) []Story {
	byCanon := map[int32]int{} // canonical doc -> index in out
	var out []Story
	var newest []time.Time
	for i := range ix.docs {
		d := &ix.docs[i]
		if ix.isDead(int32(i)) || d.Published.IsZero() || d.Published.Before(from) || !d.Published.Before(to) {
			continue
		}
		k, ok := byCanon[d.Canon]
		if !ok {
			k = len(out)
			byCanon[d.Canon] = k
			out = append(out, Story{Outlets: ix.docs[d.Canon].Outlets})
			newest = append(newest, time.Time{})
		}
		out[k].Articles = append(out[k].Articles, d.Article)
		if d.Published.After(newest[k]) {
			newest[k] = d.Published
		}
	}
	for k := range out {
		arts := out[k].Articles
		canon := ix.docs[ix.byID[arts[0].ID]].Canon
		slices.SortFunc(arts, func(a, b byline.Article) int {
			ac, bc := ix.byID[a.ID] == canon, ix.byID[b.ID] == canon
			switch {
			case ac && !bc:
				return -1
			case bc && !ac:
				return 1
			}
			return cmp.Or(a.Published.Compare(b.Published), cmp.Compare(a.ID, b.ID))
		})
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(len(out[b].Articles), len(out[a].Articles)),
			newest[b].Compare(newest[a]), cmp.Compare(out[a].Lead().ID, out[b].Lead().ID))
	})
	sorted := make([]Story, len(out))
	for i, k := range order {
		sorted[i] = out[k]
	}
	return sorted
}
