package library

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/retrieval"
)

func feedItem(id, title, body string) byline.Article {
	return byline.Article{ID: id, Title: title, URL: "https://news.example/" + id, Text: title + ". " + body,
		Published: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
}

// TestApplyChangesOneOrigin drives Apply as a feed poller does: new items
// are added, a changed one updated, a pruned one removed, an item that left
// the feed stays, and a folder source indexed beside it is never touched.
func TestApplyChangesOneOrigin(t *testing.T) {
	src, data := t.TempDir(), t.TempDir()
	writeArticle(t, src, "local.txt", "Harbour bridge reopens", "The harbour bridge reopened to traffic on Monday after repairs.")
	emb := &countingEmbedder{}
	ctx := context.Background()
	l := open(t, data, emb, src)
	if _, err := l.Reindex(ctx, nil, IndexOptions{}); err != nil {
		t.Fatal(err)
	}
	const feed = "https://feeds.example/rss"
	sum, err := l.Apply(ctx, feed, []byline.Article{
		feedItem("f1", "Mayor opens library", "The new central library opened its doors with 40,000 books."),
		feedItem("f2", "Storm closes schools", "Schools in the valley closed as the storm brought heavy snow."),
	}, nil, IndexOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 2 || sum.Articles != 3 {
		t.Fatalf("first apply: %+v", sum)
	}
	emb.reset()

	// f1 rolled off the feed (not given), f2 changed, f3 is new, and the
	// folder's article may not be claimed by the feed.
	local := l.Find("local")
	if len(local) != 1 {
		t.Fatalf("local article: %d found", len(local))
	}
	sum, err = l.Apply(ctx, feed, []byline.Article{
		feedItem("f2", "Storm closes schools", "Schools in the valley stay closed a second day as snow keeps falling."),
		feedItem("f3", "Ferry strike ends", "Ferry crews voted to end the strike after a pay offer."),
		{ID: local[0].ID, Title: "Hijack", Text: "Not the folder's article."},
	}, nil, IndexOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 1 || sum.Updated != 1 || sum.Removed != 0 || sum.Articles != 4 || len(sum.Skipped) != 1 {
		t.Fatalf("second apply: %+v", sum)
	}
	if a, _ := l.Index().Article(local[0].ID); a.Title != "Harbour bridge reopens" {
		t.Errorf("the folder's article became %q", a.Title)
	}
	res, err := l.Search(ctx, retrieval.Query{Text: "how long are the valley schools closed by snow", K: 3})
	if err != nil || len(res) == 0 || res[0].Article.ID != "f2" || !strings.Contains(res[0].Article.Text, "second day") {
		t.Fatalf("updated item not answering: %v %+v", err, res)
	}

	// Pruning removes only what is named; a no-op writes nothing.
	sum, err = l.Apply(ctx, feed, nil, []string{"f1", "missing"}, IndexOptions{})
	if err != nil || sum.Removed != 1 || sum.Articles != 3 {
		t.Fatalf("prune: %v %+v", err, sum)
	}
	before := snapshotStamp(t, data)
	sum, err = l.Apply(ctx, feed, []byline.Article{feedItem("f3", "Ferry strike ends", "Ferry crews voted to end the strike after a pay offer.")}, nil, IndexOptions{})
	if err != nil || sum.Unchanged != 1 || sum.Added+sum.Updated+sum.Removed != 0 {
		t.Fatalf("no-op apply: %v %+v", err, sum)
	}
	if after := snapshotStamp(t, data); after != before {
		t.Errorf("a no-op apply rewrote the index: %s -> %s", before, after)
	}

	// A new process sees the same articles.
	l2 := open(t, data, emb, src)
	var got []string
	for _, a := range l2.Articles("", 0) {
		got = append(got, a.ID)
	}
	if len(got) != 3 {
		t.Errorf("after reopen: %v", got)
	}
}

// snapshotStamp identifies the saved files' contents by size and mtime.
func snapshotStamp(t *testing.T, data string) string {
	t.Helper()
	id, err := statID(fmt.Sprint(data, "/", SnapshotFile))
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(id)
}
