package ingest

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/byline-bot/byline"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden files")

// TestParseHTMLGolden checks whole-page extraction of realistic pages
// against testdata/html/*.golden (go test -update rewrites them).
func TestParseHTMLGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/html/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test pages: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			res, err := testLoader(t, Options{}).Parse(filepath.Base(file), data, "pages")
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(res, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(file, ".html") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", golden, diff)
			}
		})
	}
}

func TestParseHTML(t *testing.T) {
	page := func(head, body string) string {
		return "<!doctype html><html><head>" + head + "</head><body>" + body + "</body></html>"
	}
	tests := []struct {
		name string
		html string
		want byline.Article
	}{
		{
			name: "title from <title> without og:title; published from <time>",
			html: page(`<title>Tide tables</title>`, `<p>High tide at noon.</p><time datetime="2022-06-16">June 16</time>`),
			want: byline.Article{Title: "Tide tables", Published: day(2022, 6, 16), Text: "High tide at noon.\n\nJune 16"},
		},
		{
			name: "title from the first h1",
			html: page(``, `<h1>Road  closed</h1><h1>Second</h1><p>Detour via the hill.</p>`),
			want: byline.Article{Title: "Road closed", Text: "Road closed\n\nSecond\n\nDetour via the hill."},
		},
		{
			name: "main preferred over the rest of the body",
			html: page(`<title>T</title>`, `<div>Cookie banner text</div><main><p>Main one.</p><p>Main two.</p></main>`),
			want: byline.Article{Title: "T", Text: "Main one.\n\nMain two."},
		},
		{
			name: "largest article wins",
			html: page(`<title>T</title>`, `<article><p>Short.</p></article><article><p>The longer article body.</p></article>`),
			want: byline.Article{Title: "T", Text: "The longer article body."},
		},
		{
			name: "hidden and dropped elements",
			html: page(`<title>T</title>`, `<p>Seen.</p><p hidden>Hidden.</p><span aria-hidden="true">Icon</span><aside>Ad</aside><iframe>frame</iframe><template>tpl</template>`),
			want: byline.Article{Title: "T", Text: "Seen."},
		},
		{
			name: "inline markup joins words, br breaks lines, entities decoded",
			html: page(`<title>T</title>`, `<p>Fish&amp;chips <em>for</em> 3&nbsp;people<br>and a dog</p>`),
			want: byline.Article{Title: "T", Text: "Fish&chips for 3 people\nand a dog"},
		},
		{
			name: "url from og:url when no usable canonical, source from JSON-LD publisher",
			html: page(`<meta property="og:url" content="https://x.example.com/p"><script type="application/ld+json">[{"datePublished":"2022-06-12","publisher":{"name":"X Daily"},"author":"Kim"}]</script>`, `<p>Body text.</p>`),
			want: byline.Article{ID: hashID("https://x.example.com/p"), Title: "Body text", URL: "https://x.example.com/p", Source: "X Daily", Author: "Kim", Published: day(2022, 6, 12), Text: "Body text."},
		},
		{
			name: "no markup at all",
			html: "Plain words in an html file.",
			want: byline.Article{Title: "Plain words in an html file", Text: "Plain words in an html file."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := testLoader(t, Options{}).Parse("page.html", []byte(tt.html), "")
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Articles) != 1 {
				t.Fatalf("got %d articles, skips %v; want 1", len(res.Articles), res.Skips)
			}
			want := tt.want
			if want.ID == "" {
				want.ID = hashID("page.html")
			}
			if want.URL == "" {
				want.URL = "page.html"
			}
			want.Origin = "page.html"
			if diff := cmp.Diff(want, res.Articles[0], ignoreDoc); diff != "" {
				t.Errorf("article (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseHTMLDeepNesting(t *testing.T) {
	// A hostile page must cost linear time and never blow the stack.
	data := strings.Repeat("<div>", 100000) + "deep text" + strings.Repeat("</div>", 100000)
	res, err := testLoader(t, Options{}).Parse("deep.html", []byte(data), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Articles)+len(res.Skips) != 1 {
		t.Errorf("got %d articles and %d skips, want one of either", len(res.Articles), len(res.Skips))
	}
}
