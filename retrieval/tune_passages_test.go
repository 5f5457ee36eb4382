package retrieval

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/byline-bot/byline"
)

func result(id string, score float64, passageScores ...float64) Result {
	r := Result{Article: byline.Article{ID: id}, Score: score}
	for i, s := range passageScores {
		r.Passages = append(r.Passages, Passage{Text: id + string(rune('a'+i)), Score: s})
	}
	return r
}

func TestTopPassages(t *testing.T) {
	tests := []struct {
		name    string
		results []Result
		n       int
		want    []string
	}{
		{
			name: "a clear best article gives its close passages first",
			results: []Result{
				result("a", 1.0, 0.9, 0.85, 0.8),
				result("b", 0.5, 0.9, 0.2),
				result("c", 0.4, 0.9),
			},
			n:    5,
			want: []string{"aa", "ab", "ac", "ba", "ca"},
		},
		{
			name: "articles close in score each give their best",
			results: []Result{
				result("a", 1.0, 0.9, 0.3, 0.2),
				result("b", 0.95, 0.9, 0.3),
				result("c", 0.9, 0.9, 0.1),
				result("d", 0.85, 0.8),
			},
			n:    4,
			want: []string{"aa", "ba", "ca", "da"},
		},
		{
			name:    "fewer passages than asked",
			results: []Result{result("a", 1, 0.5), result("b", 0.5)},
			n:       5,
			want:    []string{"aa"},
		},
		{name: "no results", n: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, e := range TopPassages(tt.results, tt.n) {
				got = append(got, e.Passage.Text)
				if e.Result.Article.ID != e.Passage.Text[:1] {
					t.Errorf("passage %s attributed to article %s", e.Passage.Text, e.Result.Article.ID)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("passages (-want +got):\n%s", diff)
			}
		})
	}
}

// Inside an article, the passage that has every term of the question beats
// one that repeats a single term.
func TestPassageWithAllTermsFirst(t *testing.T) {
	text := storyText("intro", 3) + "\n\n" +
		"Reservoir reservoir reservoir: the reservoir was full and the reservoir gates held, reservoir staff said. " +
		storyText("middle", 8) + "\n\n" +
		"The reservoir dam at Kestrel Falls was rebuilt by engineers after the flood. " + storyText("end", 3)
	arts := []byline.Article{{ID: "dam", Title: "Water news", Published: day("2022-05-01"), Text: text}}
	ix, _, err := Build(context.Background(), nil, arts, BuildOptions{Embedder: hashEmbedder{dims: 32}, Chunk: ChunkConfig{Size: 300, Overlap: 0}, EmbedBatch: 64})
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), Query{Text: "Which engineers rebuilt the reservoir dam at Kestrel Falls?", AsOf: day("2022-05-02")})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) == 0 || len(res[0].Passages) == 0 || !strings.Contains(res[0].Passages[0].Text, "Kestrel Falls") {
		t.Fatalf("best passage %q, want the one naming Kestrel Falls", res[0].Passages[0].Text)
	}
}
