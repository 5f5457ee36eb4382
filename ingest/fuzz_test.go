package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzParse feeds data to Parse under name and checks what every caller
// relies on: no error for a supported type, and every article complete.
func fuzzParse(t *testing.T, name string, data []byte) {
	res, err := testLoader(t, Options{MaxBytes: 1 << 16}).Parse(name, data, "fuzz")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	seen := map[string]bool{}
	for _, a := range res.Articles {
		if a.ID == "" || a.Title == "" || a.Text == "" || a.Origin != "fuzz" {
			t.Fatalf("incomplete article %+v", a)
		}
		if !utf8.ValidString(a.Title) || !utf8.ValidString(a.Text) || !utf8.ValidString(a.ID) {
			t.Fatalf("invalid UTF-8 in %+v", a)
		}
		if n := utf8.RuneCountInString(a.Title); n > 300 {
			t.Fatalf("title of %d characters", n)
		}
		if seen[a.ID] {
			t.Fatalf("duplicate id %s", a.ID)
		}
		seen[a.ID] = true
	}
	for _, s := range res.Skips {
		if s.Reason == "" {
			t.Fatalf("skip without a reason: %+v", s)
		}
	}
}

// addSeeds adds the files matching pattern in testdata as fuzz seeds.
func addSeeds(f *testing.F, pattern string, extra ...string) {
	files, _ := filepath.Glob(filepath.Join("testdata", pattern))
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	for _, s := range extra {
		f.Add([]byte(s))
	}
}

func FuzzParseMarkdown(f *testing.F) {
	addSeeds(f, "*.md",
		"---\ntitle: A\nurl: https://x.example/a\npublished: 2022-06-12\nauthor: [a, b]\n---\n# H\n\ntext [link](u) ![img](p)\n",
		"---\ntitle: [\n---\n", "---\n- a\n---\nx", "# only heading", "```\ncode\n```\n", "---\n...\nbody",
		"QUIZ TIME\n\nWhich?\n\nA. x\n\nB. y\n\nTake the quiz\n\nstory", "A. x\nB. y\nquiz")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParse(t, "f.md", data) })
}

func FuzzParseHTML(f *testing.F) {
	addSeeds(f, "html/*.html",
		`<html><head><title>T</title><script type="application/ld+json">{"@graph":[{"datePublished":"2022-06-12","author":[{"name":"A"}]}]}</script></head><body><article><p>x</p></article></body></html>`,
		"<p>a<br>b</p><table><tr><td>1</td></tr></table>", "<svg><p>x</p></svg>", "&amp;&nbsp;<",
		// Past x/net/html's 512 open elements: read by the tokenizer.
		"<title>t</title>"+strings.Repeat("<div><b>", 300)+"<h1>h</h1><nav>n</nav><p>deep</p></b><script>s</script>")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParse(t, "f.html", data) })
}

func FuzzParseJSONL(f *testing.F) {
	addSeeds(f, "*.jsonl",
		`{"id":"a","url":"https://x.example/2022/01/02/some-story/index.html","title":"","published":"2022-01-02","text":"t"}`+"\n"+`{"id":1,"text":"u","author":["a"]}`,
		`{"text": "\u0000"}`, "{\n}\n\n[1]", "\xef\xbb\xbf{\"text\":\"bom\"}\r\n")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParse(t, "f.jsonl", data) })
}

func FuzzParseFeed(f *testing.F) {
	addSeeds(f, "feeds/*",
		`<rss><channel><item><title>a</title><link>/rel</link><description>&lt;p&gt;x&lt;/p&gt;</description></item></channel></rss>`,
		`<feed><entry><title type="xhtml"><div>t</div></title><content type="xhtml"><div><p>x</p></div></content></entry></feed>`,
		`<?xml version="1.0" encoding="shift_jis"?><rss/>`, "<rdf:RDF><item/></rdf:RDF>")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParse(t, "f.xml", data) })
}
