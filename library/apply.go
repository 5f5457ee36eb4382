package library

import (
	"context"
	"fmt"
	"sort"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/retrieval"
)

// Apply changes the articles of one origin (a feed, say) without reading
// it: upsert adds the articles whose IDs are new and updates those whose
// content changed, remove drops the listed IDs. Nothing else changes: an
// article of origin that is in neither list stays (an item that rolled off a
// feed is still news), and so does every other origin's. An upserted ID that
// another origin already holds is skipped with a reason. Like every job it
// is saved before it answers and returns ErrBusy while another job runs.
func (l *Library) Apply(ctx context.Context, origin string, upsert []byline.Article, remove []string, opts IndexOptions) (Summary, error) {
	if origin == "" {
		return Summary{}, fmt.Errorf("apply: empty origin")
	}
	release, err := l.beginJob(ctx)
	if err != nil {
		return Summary{}, err
	}
	defer release()
	start := l.now()
	prev := l.Index()
	old := make(map[string]retrieval.ArticleEntry)
	if prev != nil {
		for _, e := range prev.Articles() {
			old[e.ID] = e
		}
	}
	for _, a := range l.salvaged {
		old[a.ID] = retrieval.ArticleEntry{Article: a}
	}
	var sum Summary
	drop := make(map[string]bool, len(remove))
	for _, id := range remove {
		if _, ok := old[id]; ok && !drop[id] {
			drop[id] = true
			sum.Removed++
		}
	}
	given := make(map[string]byline.Article, len(upsert))
	for _, a := range upsert {
		a.Origin = origin
		if a.Doc == "" {
			a.Doc = origin
		}
		_, dup := given[a.ID]
		switch e, ok := old[a.ID]; {
		case a.ID == "":
			sum.Skipped = append(sum.Skipped, Skip{Source: a.URL, Reason: "article without an id"})
			continue
		case dup:
			sum.Skipped = append(sum.Skipped, Skip{Source: a.URL, Reason: "duplicate article id " + a.ID})
			continue
		case drop[a.ID]:
			continue // removed in the same call: the removal wins
		case ok && e.Origin != origin:
			sum.Skipped = append(sum.Skipped, Skip{Source: a.URL,
				Reason: fmt.Sprintf("article id %s is already indexed from %s; kept that one", a.ID, e.Origin)})
			continue
		case ok && sameArticle(e.Article, a):
			sum.Unchanged++
		case ok:
			sum.Updated++
		default:
			sum.Added++
		}
		given[a.ID] = a
	}
	// The old order first (so that an append keeps every article where it
	// was), then the new articles in the order given.
	ids := make([]string, 0, len(old))
	for id := range old {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	next := make([]byline.Article, 0, len(old)+len(given))
	for _, id := range ids {
		if drop[id] {
			continue
		}
		if a, ok := given[id]; ok {
			next = append(next, a)
			continue
		}
		next = append(next, old[id].Article)
	}
	for _, a := range upsert {
		if g, ok := given[a.ID]; ok {
			if _, had := old[a.ID]; !had {
				next = append(next, g)
				delete(given, a.ID)
			}
		}
	}
	loaded := map[string]loadedOrigin{origin: {entry: l.manifest.Origins[origin]}}
	return l.commit(ctx, prev, old, next, loaded, opts, sum, start)
}
