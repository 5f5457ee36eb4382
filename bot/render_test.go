package bot

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/byline-bot/byline/answer"
	"github.com/byline-bot/byline/library"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/<name>.golden (rewritten with -update).
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

func TestRenderAnswer(t *testing.T) {
	tests := []struct {
		name string
		in   answer.Answer
	}{
		{"generated", answer.Answer{
			Answer: "The central bank raised rates by a quarter point [1], its third rise this year [2]. Critics said it came too late [1].",
			Mode:   answer.ModeGenerated,
			AsOf:   "2024-03-21",
			Citations: []answer.Citation{
				{N: 1, ArticleID: "a1", Title: "Bank raises rates [again]", URL: "https://news.example/rates?id=1", Published: "2024-03-21", Quote: "raised", Outlets: []string{"Reuters", "AP"}},
				{N: 2, ArticleID: "a2", Title: "A *busy* year_for_banks", URL: "https://news.example/year", Published: "2024-03-20"},
				{N: 3, ArticleID: "a1", Title: "Bank raises rates [again]", URL: "https://news.example/rates?id=1", Published: "2024-03-21"},
			},
		}},
		{"extractive with note", answer.Answer{
			Answer: "\"The talks ended without agreement,\" the ministry said [1].",
			Mode:   answer.ModeExtractive,
			Note:   "The model server did not answer; quoted from the articles instead.",
			Citations: []answer.Citation{
				{N: 1, ArticleID: "f", Title: "Talks end", URL: "/data/articles/talks.md", Published: ""},
			},
		}},
		{"extractive", answer.Answer{
			// As the answer package writes it: a label, then “sentence” [n]
			// lines; a sentence may itself open with quotation marks.
			Answer: "Quoted from the indexed articles (no language model was used):\n““We will not wait,” the minister said on Tuesday.” [1]\n“Rates rose by a quarter point.” [2]",
			Mode:   answer.ModeExtractive,
			Citations: []answer.Citation{
				{N: 1, ArticleID: "a1", Title: "Minister speaks", URL: "https://news.example/minister", Published: "2024-03-21"},
				{N: 2, ArticleID: "a2", Title: "Rates rise", URL: "https://news.example/rates", Published: "2024-03-20"},
			},
		}},
		{"not covered with closest", answer.Answer{
			Answer: "The indexed articles do not cover this question. The closest articles are:\n- Harbour budget (2024-03-01)\n- Ferry strike",
			Mode:   answer.ModeNotCovered,
			Sources: []answer.Source{
				{ArticleID: "h", Title: "Harbour budget", URL: "https://news.example/harbour", Published: "2024-03-01"},
				{ArticleID: "f", Title: "Ferry strike", URL: "/data/ferry.md"},
			},
		}},
		{"not covered", answer.Answer{
			Answer: "The indexed articles do not cover this question.",
			Mode:   answer.ModeNotCovered,
		}},
		{"empty answer", answer.Answer{Mode: answer.ModeGenerated}},
		{"mentions stay text", answer.Answer{
			Answer:    "@everyone the article quotes <@123> and <@&456> [1].",
			Citations: []answer.Citation{{N: 1, Title: "@here news", URL: "https://e.example/a b>c"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := renderAnswer(tt.in)
			golden(t, "answer_"+strings.ReplaceAll(tt.name, " ", "_"), got)
		})
	}
}

func TestRenderSources(t *testing.T) {
	var many []library.ArticleInfo
	for i := range 60 {
		many = append(many, library.ArticleInfo{
			ID: "id", Title: strings.Repeat("Long headline about the economy ", 2) + string(rune('A'+i%26)),
			URL: "https://news.example/articles/2024/03/very-long-slug-for-article", Published: "2024-03-01",
		})
	}
	tests := []struct {
		name  string
		arts  []library.ArticleInfo
		query string
	}{
		{"none", nil, ""},
		{"none matching", nil, "mars `rover`"},
		{"few", []library.ArticleInfo{
			{ID: "1", Title: "Election results", URL: "https://news.example/e", Published: "2024-05-02"},
			{ID: "2", Title: "Local file", URL: "notes/local.md"},
		}, "election"},
		{"trimmed to one message", many, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := renderSources(tt.arts, tt.query)
			if w := width(got); w > MessageLimit {
				t.Fatalf("width %d > %d", w, MessageLimit)
			}
			golden(t, "sources_"+strings.ReplaceAll(tt.name, " ", "_"), got)
		})
	}
}

func TestRenderProgressAndSummary(t *testing.T) {
	var b strings.Builder
	for _, p := range []library.Progress{
		{Stage: library.StageLoading},
		{Stage: library.StageLoading, ArticlesDone: 0, ArticlesTotal: 1}, // one folder of 501 articles
		{Stage: library.StageEmbedding, ArticlesDone: 120, ArticlesTotal: 450, ETA: 90 * time.Second},
		{Stage: library.StageSaving, ArticlesDone: 450, ArticlesTotal: 450},
		{ArticlesDone: 3},
	} {
		b.WriteString(renderProgress("Re-indexing", p) + "\n")
	}
	var skips []library.Skip
	for i := range 12 {
		skips = append(skips, library.Skip{Source: "https://feeds.example/" + string(rune('a'+i)), Reason: "HTTP 404"})
	}
	b.WriteString(renderSummary("Re-index", library.Summary{Added: 3, Updated: 1, Unchanged: 446, Kept: 4, Articles: 450, Chunks: 3210, Seconds: 74.4}) + "\n")
	b.WriteString(renderSummary("Add", library.Summary{Added: 1, Kept: 1, Articles: 1, Chunks: 1, Seconds: 0.2}) + "\n")
	b.WriteString(renderSummary("Add", library.Summary{Added: 1, Articles: 451, Chunks: 3218, Seconds: 0.2, Skipped: skips}) + "\n")
	golden(t, "progress", b.String())
}

func TestRenderHelp(t *testing.T) {
	for name, text := range map[string]string{
		"help":                 helpText(500, MentionReplyThread, false, false),
		"help_message_content": helpText(500, MentionReplyThread, true, false),
		"help_reply":           helpText(500, MentionReplyInline, false, false),
		"help_admin_roles":     helpText(500, MentionReplyThread, false, true),
	} {
		t.Run(name, func(t *testing.T) { golden(t, name, text) })
	}
}

func TestRenderPartial(t *testing.T) {
	long := strings.Repeat("word ", 1000)
	tests := []struct {
		name, in, want string
	}{
		{"short", "So far [1]", "So far [1] …"},
		{"empty", "  ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := renderPartial(tt.in); got != tt.want {
				t.Errorf("renderPartial(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	if got := renderPartial(long); width(got) > MessageLimit || !strings.HasSuffix(got, " …") {
		t.Errorf("long partial: width %d, suffix %q", width(got), got[len(got)-5:])
	}
}

func TestTitleLink(t *testing.T) {
	tests := []struct{ title, url, want string }{
		{"Plain", "https://e.example/a", "[Plain](<https://e.example/a>)"},
		{"[x] *y*", "http://e.example/", `[\[x\] \*y\*](<http://e.example/>)`},
		{"File", "articles/a.md", "**File**"},
		{"JS", "javascript:alert(1)", "**JS**"},
		{"", "https://e.example/", "[Untitled article](<https://e.example/>)"},
		{"Odd", "https://e.example/a b<c>", "[Odd](<https://e.example/a%20b%3Cc%3E>)"},
	}
	for _, tt := range tests {
		t.Run(tt.title+tt.url, func(t *testing.T) {
			if got := titleLink(tt.title, tt.url); got != tt.want {
				t.Errorf("titleLink(%q, %q) = %q, want %q", tt.title, tt.url, got, tt.want)
			}
		})
	}
}
