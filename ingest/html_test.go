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

// TestParseHTMLDeepNesting checks that text at the bottom of deeply nested
// elements is read. Below x/net/html's 512 open elements the page is parsed
// as a tree; deeper, the parser gives up and the tokenizer reads the text,
// and the summary says so.
func TestParseHTMLDeepNesting(t *testing.T) {
	nest := func(tag string, depth int, inner string) string {
		return strings.Repeat("<"+tag+">", depth) + inner + strings.Repeat("</"+tag+">", depth)
	}
	page := func(body string) string {
		return `<!doctype html><html><head><title>Deep page</title><meta property="article:published_time" content="2024-05-06T07:08:09Z"></head><body>` +
			`<nav>Menu</nav><p>Top text.</p>` + body + `<p>Bottom text.</p><script>var hidden = 1;</script></body></html>`
	}
	deep := "<p>Deep text at the bottom.</p><nav>deep menu</nav>"
	const flatNote = "nested deeper than 512 elements"
	tests := []struct {
		name string
		data string
		flat bool // read by the tokenizer
	}{
		{"div 300", page(nest("div", 300, deep)), false},
		{"div 505", page(nest("div", 505, deep)), false},
		{"span 300", page(nest("span", 300, deep)), false},
		{"div 1000", page(nest("div", 1000, deep)), true},
		{"section 1000", page(nest("section", 1000, deep)), true},
		{"b 1000", page(nest("b", 1000, deep)), true},
		{"div 10000", page(nest("div", 10000, deep)), true},
		{"mixed 10000", page(strings.Repeat("<div><span><section><em>", 2500) + deep + strings.Repeat("</em></section></span></div>", 2500)), true},
		{"unclosed 10000", page(strings.Repeat("<div>", 10000) + deep), true},
		{"article 1000", page(nest("article", 1000, deep)), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := testLoader(t, Options{}).Parse("deep.html", []byte(tt.data), "")
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Articles) != 1 {
				t.Fatalf("got %d articles and skips %v, want one article", len(res.Articles), res.Skips)
			}
			a := res.Articles[0]
			for _, want := range []string{"Top text.", "Deep text at the bottom.", "Bottom text."} {
				if !strings.Contains(a.Text, want) {
					t.Errorf("text lacks %q:\n%.300s", want, a.Text)
				}
			}
			for _, hidden := range []string{"Menu", "deep menu", "hidden", "Deep page"} {
				if strings.Contains(a.Text, hidden) {
					t.Errorf("text holds %q from a hidden element:\n%.300s", hidden, a.Text)
				}
			}
			if a.Title != "Deep page" || a.Published.IsZero() {
				t.Errorf("title %q, published %v: want the page's metadata", a.Title, a.Published)
			}
			noted := strings.Contains(strings.Join(res.Notes, "\n"), flatNote)
			if noted != tt.flat {
				t.Errorf("notes %q: want a note %q: %v", res.Notes, flatNote, tt.flat)
			}
		})
	}

	t.Run("no visible text", func(t *testing.T) {
		data := nest("div", 1000, "<nav>only a menu</nav>")
		res, err := testLoader(t, Options{}).Parse("deep.html", []byte(data), "")
		if err != nil {
			t.Fatal(err)
		}
		want := []Skip{{"deep.html", "no text left after cleaning (nested deeper than 512 elements, read without structure)"}}
		if diff := cmp.Diff(want, res.Skips); diff != "" || len(res.Articles) != 0 {
			t.Errorf("skips (-want +got):\n%s\narticles: %v", diff, res.Articles)
		}
	})

	t.Run("feed description", func(t *testing.T) {
		got := stripHTML(nest("div", 1000, "<p>Deep <b>description</b>.</p>"))
		if got != "Deep description." {
			t.Errorf("stripHTML = %q, want %q", got, "Deep description.")
		}
	})
}
