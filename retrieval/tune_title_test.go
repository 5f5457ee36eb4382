package retrieval

import (
	"context"
	"fmt"
	"testing"

	"github.com/byline-bot/byline"
)

// A page whose text did not survive scraping (only the video player's
// notices are left) is known by its title alone; the title must still let
// it compete with articles that mention the question's words in passing.
func TestTitleEvidenceFindsTextlessPage(t *testing.T) {
	arts := []byline.Article{
		{ID: "video", Title: "Diwali festival of lights celebrated", Published: day("2022-10-25"), Text: furniture},
	}
	for i := range 6 {
		arts = append(arts, byline.Article{ID: fmt.Sprintf("other%d", i), Title: fmt.Sprintf("Festival budget meeting %d", i),
			Published: day("2022-10-25"),
			Text: "The festival of lights was celebrated, the festival committee heard; lights and more lights. " +
				storyText(fmt.Sprintf("meeting %d", i), 2)})
	}
	ix := build(t, nil, arts, nil)
	q := Query{Text: "Which festival of lights was celebrated this week?", AsOf: day("2022-10-27")}
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) == 0 || res[0].Article.ID != "video" {
		t.Fatalf("results %v, want the titled video page first", ids(res))
	}
}

// Titles are embedded when the index is built, never per search: a
// question makes one embedding call for itself (and, for coverage, at most
// one for words), never one for 200 titles.
func TestSearchDoesNotEmbedTitles(t *testing.T) {
	var calls int
	ix := build(t, nil, testArticles(), nil)
	ix.embedder = countingTexts{hashEmbedder{dims: 32}, &calls}
	if _, err := ix.Search(context.Background(), Query{Text: "Lloyd Austin Shoigu phone"}); err != nil {
		t.Fatal(err)
	}
	if calls != 0 {
		t.Errorf("search embedded %d titles", calls)
	}
}

type countingTexts struct {
	hashEmbedder
	titles *int
}

func (c countingTexts) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	for _, t := range texts {
		for _, a := range testArticles() {
			if t == a.Title {
				*c.titles++
			}
		}
	}
	return c.hashEmbedder.Embed(ctx, texts)
}
