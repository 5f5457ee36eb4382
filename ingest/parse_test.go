package ingest

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/byline-bot/byline"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// parseCase is one Parse call and everything it must yield.
type parseCase struct {
	name   string
	file   string // Parse's name argument: its extension picks the format
	data   string
	opts   Options
	want   []byline.Article
	skips  []Skip
	notes  []string
	origin string
}

func runParseCases(t *testing.T, tests []parseCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := testLoader(t, tt.opts).Parse(tt.file, []byte(tt.data), tt.origin)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tt.want, res.Articles, ignoreDoc); diff != "" {
				t.Errorf("articles (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.skips, res.Skips); diff != "" {
				t.Errorf("skips (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.notes, res.Notes); diff != "" {
				t.Errorf("notes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseTXT(t *testing.T) {
	runParseCases(t, []parseCase{
		{
			name: "corpus file name gives the id",
			file: "007_0123456789abcdef.txt",
			data: "Flood waters recede in the valley\nResidents returned on Monday.\n\nThe council promised help.\n",
			want: []byline.Article{{
				ID: "0123456789abcdef", Title: "Flood waters recede in the valley", URL: "007_0123456789abcdef.txt",
				Text: "Residents returned on Monday.\n\nThe council promised help.", Origin: "007_0123456789abcdef.txt",
			}},
		},
		{
			name:   "other names get a derived id; bom, crlf and spaces cleaned",
			file:   "harbour.txt",
			origin: "upload",
			data:   "\ufeff  Harbour  reopens \r\n\r\nShips   are back.\r\n\r\n\r\n\r\nTrade resumes.",
			want: []byline.Article{{
				ID: hashID("upload#harbour.txt"), Title: "Harbour reopens", URL: "harbour.txt",
				Text: "Ships are back.\n\nTrade resumes.", Origin: "upload",
			}},
		},
		{
			name: "one line is text with a derived title",
			file: "short.txt",
			data: "The bridge opened today. Traffic is light.",
			want: []byline.Article{{
				ID: hashID("short.txt"), Title: "The bridge opened today", URL: "short.txt",
				Text: "The bridge opened today. Traffic is light.", Origin: "short.txt",
			}},
		},
	})
}

func TestParseMarkdown(t *testing.T) {
	runParseCases(t, []parseCase{
		{
			name: "front matter",
			file: "a.md",
			data: "---\ntitle: \"Library: new wing opens\"\nurl: https://news.example.org/library-wing\npublished: 2022-06-16\nsource: Example News\nauthor: [Ana Ruiz, Bo Chen]\n---\n# Ignored heading\n\nThe new wing has [three floors](https://x.example/floors).\n",
			want: []byline.Article{{
				ID: hashID("https://news.example.org/library-wing"), Title: "Library: new wing opens",
				URL: "https://news.example.org/library-wing", Source: "Example News", Author: "Ana Ruiz, Bo Chen",
				Published: day(2022, 6, 16), Text: "Ignored heading\n\nThe new wing has three floors.", Origin: "a.md",
			}},
		},
		{
			name: "id and rfc 3339 date in front matter",
			file: "b.md",
			data: "---\nid: custom-7\ntitle: Rain\ndate: 2022-06-16T08:00:00Z\n---\nIt rained.\n",
			want: []byline.Article{{
				ID: "custom-7", Title: "Rain", URL: "b.md", Published: time.Date(2022, 6, 16, 8, 0, 0, 0, time.UTC),
				Text: "It rained.", Origin: "b.md",
			}},
		},
		{
			name: "title from the first heading, removed from the text",
			file: "c.md",
			data: "Intro line before.\n\n# Market day returns\n\n## Stalls\n\nFifty stalls came.\n",
			want: []byline.Article{{
				ID: hashID("c.md"), Title: "Market day returns", URL: "c.md",
				Text: "Intro line before.\n\nStalls\n\nFifty stalls came.", Origin: "c.md",
			}},
		},
		{
			name: "title from the first line",
			file: "d.md",
			data: "Snow in June\n\nIt snowed in the hills on Sunday.\n",
			want: []byline.Article{{
				ID: hashID("d.md"), Title: "Snow in June", URL: "d.md",
				Text: "It snowed in the hills on Sunday.", Origin: "d.md",
			}},
		},
		{
			name: "empty front matter is fine",
			file: "e.md",
			data: "---\n---\nHello there. Second sentence.\n",
			want: []byline.Article{{
				ID: hashID("e.md"), Title: "Hello there", URL: "e.md", Text: "Hello there. Second sentence.", Origin: "e.md",
			}},
		},
		{
			name:  "broken yaml",
			file:  "f.md",
			data:  "---\ntitle: [unclosed\n---\ntext\n",
			skips: []Skip{{Source: "f.md", Reason: "broken front matter: yaml: line 1: did not find expected ',' or ']'"}},
		},
		{
			name:  "front matter never closed",
			file:  "g.md",
			data:  "---\ntitle: x\ntext without end\n",
			skips: []Skip{{Source: "g.md", Reason: "broken front matter: front matter has no closing ---"}},
		},
		{
			name:  "front matter is a list",
			file:  "h.md",
			data:  "---\n- a\n- b\n---\ntext\n",
			skips: []Skip{{Source: "h.md", Reason: "broken front matter: want key: value lines"}},
		},
		{
			name:  "title is a map",
			file:  "i.md",
			data:  "---\ntitle:\n  a: b\n---\ntext\n",
			skips: []Skip{{Source: "i.md", Reason: "broken front matter: line 2: want a single value"}},
		},
		{
			name:  "front matter only",
			file:  "j.md",
			data:  "---\ntitle: Nothing else\n---\n\n",
			skips: []Skip{{Source: "j.md", Reason: "no text left after cleaning"}},
		},
	})
}

func TestParseJSONL(t *testing.T) {
	lines := strings.Join([]string{
		"\ufeff" + `{"id": "aaaa000000000001", "url": "https://news.example.org/2022/06/12/city/new-tram-line-opens/index.html", "title": "", "published": "2022-06-12", "text": "The tram runs  every ten minutes."}`,
		``,
		`{"id": "aaaa000000000002", "url": "https://news.example.org/b", "title": "Bakery wins prize", "published": "2022/06/13", "text": "Bread.", "source": "Example News", "author": ["A. Baker", "C. Dough"]}`,
		`{"id": 42, "title": "Numeric id", "text": "Kept as text."}`,
		`{"url": "https://news.example.org/c", "title": "No id", "text": "Derived from the URL."}`,
		`{"title": "Neither", "text": "Derived from the content."}`,
		`{"id": "broken", "text": "unterminated`,
		`{"id": "aaaa000000000003", "title": "Empty", "text": "   "}`,
		`{"id": "aaaa000000000001", "title": "Again", "text": "duplicate id"}`,
		`{"id": "aaaa000000000004", "title": "Too long", "text": "` + strings.Repeat("x", 300) + `"}`,
		`["not", "an", "object"]`,
		`{"id": "aaaa000000000005", "title": "Bad type", "text": {"a": 1}}`,
		`{"id": {"x": 1}, "title": "Bad id", "text": "x"}`,
		`{"id": "aaaa000000000006", "title": "Last line, no newline, CRLF above", "text": "End."}`,
	}, "\r\n")
	runParseCases(t, []parseCase{{
		name: "corpus lines",
		file: "corpus.jsonl",
		data: lines,
		opts: Options{MaxBytes: 256},
		want: []byline.Article{
			{ID: "aaaa000000000001", Title: "New tram line opens", URL: "https://news.example.org/2022/06/12/city/new-tram-line-opens/index.html", Published: day(2022, 6, 12), Text: "The tram runs every ten minutes.", Origin: "corpus.jsonl"},
			{ID: "aaaa000000000002", Title: "Bakery wins prize", URL: "https://news.example.org/b", Source: "Example News", Author: "A. Baker, C. Dough", Published: day(2022, 6, 13), Text: "Bread.", Origin: "corpus.jsonl"},
			{ID: "42", Title: "Numeric id", Text: "Kept as text.", Origin: "corpus.jsonl"},
			{ID: hashID("https://news.example.org/c"), Title: "No id", URL: "https://news.example.org/c", Text: "Derived from the URL.", Origin: "corpus.jsonl"},
			{ID: hashID("Neither\nDerived from the content."), Title: "Neither", Text: "Derived from the content.", Origin: "corpus.jsonl"},
			{ID: "aaaa000000000006", Title: "Last line, no newline, CRLF above", Text: "End.", Origin: "corpus.jsonl"},
		},
		skips: []Skip{
			{Source: "corpus.jsonl", Reason: "line 7: invalid JSON: unexpected end of JSON input"},
			{Source: "corpus.jsonl", Reason: "line 8: no text"},
			{Source: "corpus.jsonl", Reason: "line 9: duplicate id aaaa000000000001 (first seen in corpus.jsonl line 1)"},
			{Source: "corpus.jsonl", Reason: "line 10: larger than 256 bytes"},
			{Source: "corpus.jsonl", Reason: "line 11: want a JSON object, got array"},
			{Source: "corpus.jsonl", Reason: `line 12: field "text": want a string, got object`},
			{Source: "corpus.jsonl", Reason: `line 13: field "id" or "author": want a string, a number or a list of strings`},
		},
	}})
}

// TestParseSkips covers every per-file check: each is a Skip with a clear
// reason, never an error or a panic.
func TestParseSkips(t *testing.T) {
	binary := "PK\x03\x04" + strings.Repeat("\x01\x02\x03\x04\x05\x06\x07\x08ab", 50)
	runParseCases(t, []parseCase{
		{name: "empty file", file: "a.txt", data: "", skips: []Skip{{"a.txt", "empty file"}}},
		{name: "bom only", file: "a.md", data: "\ufeff", skips: []Skip{{"a.md", "empty file"}}},
		{name: "larger than MaxBytes", file: "a.html", data: strings.Repeat("a", 101), opts: Options{MaxBytes: 100},
			skips: []Skip{{"a.html", "larger than 100 bytes (101 bytes)"}}},
		{name: "NUL bytes", file: "a.txt", data: "title\nte\x00xt", skips: []Skip{{"a.txt", "binary file (contains NUL bytes)"}}},
		{name: "mostly non-text", file: "a.txt", data: binary, skips: []Skip{{"a.txt", "binary file (mostly non-text bytes)"}}},
		{name: "NUL in jsonl", file: "a.jsonl", data: "{\"text\": \"a\"}\n\x00\x00", skips: []Skip{{"a.jsonl", "binary file (contains NUL bytes)"}}},
		{name: "empty jsonl", file: "a.jsonl", data: "", skips: []Skip{{"a.jsonl", "empty file"}}},
		{name: "utf-8 with a broken byte", file: "a.txt", data: "Café\nna\xefve text", skips: []Skip{{"a.txt", "not UTF-8 text (invalid byte at offset 8)"}}},
		{name: "undefined windows-1252 byte", file: "a.txt", data: "Title\nbad \x81\x8d byte", skips: []Skip{{"a.txt", "not UTF-8 text"}}},
		{name: "whitespace only", file: "a.txt", data: " \n\t\n ", skips: []Skip{{"a.txt", "no text left after cleaning"}}},
		{name: "html without text", file: "a.html", data: "<html><head><script>var x = 1;</script></head><body><nav>Home</nav></body></html>",
			skips: []Skip{{"a.html", "no text left after cleaning"}}},
		{
			name:  "windows-1252 converted and said so",
			file:  "cafe.txt",
			data:  "Caf\xe9 opens\nIt serves cr\xeape and \x93fresh\x94 tea \x96 daily.",
			notes: []string{"cafe.txt: converted from Windows-1252 to UTF-8"},
			want: []byline.Article{{
				ID: hashID("cafe.txt"), Title: "Café opens", URL: "cafe.txt", Text: "It serves crêpe and “fresh” tea – daily.", Origin: "cafe.txt",
			}},
		},
		{
			name:  "utf-16 converted and said so",
			file:  "u16.txt",
			data:  "\xff\xfeH\x00i\x00\n\x00t\x00h\x00e\x00r\x00e\x00",
			notes: []string{"u16.txt: converted from UTF-16 to UTF-8"},
			want:  []byline.Article{{ID: hashID("u16.txt"), Title: "Hi", URL: "u16.txt", Text: "there", Origin: "u16.txt"}},
		},
	})
}

func TestParseUnsupportedType(t *testing.T) {
	_, err := testLoader(t, Options{}).Parse("report.pdf", []byte("%PDF-1.4"), "")
	if err == nil || !strings.Contains(err.Error(), `unsupported file type ".pdf"`) {
		t.Errorf("Parse(report.pdf) error = %v, want unsupported file type", err)
	}
}

// TestParseDeclaredCharset: a document that is not UTF-8 is read in the
// charset it declares (HTML meta, XML declaration); valid UTF-8 wins over a
// wrong declaration; an unknown or violated declaration is a skip.
func TestParseDeclaredCharset(t *testing.T) {
	page := func(meta, title, body string) string {
		return "<html><head>" + meta + "<title>" + title + "</title></head><body><p>" + body + "</p></body></html>"
	}
	runParseCases(t, []parseCase{
		{
			name:  "shift_jis meta charset",
			file:  "tokyo.html",
			data:  page(`<meta charset="Shift_JIS">`, "Sakura", "\x93\x8c\x8b\x9e\x82\xc5\x8d\xf7\x82\xaa\x8aJ\x89\xd4"),
			notes: []string{"tokyo.html: converted from shift_jis to UTF-8"},
			want:  []byline.Article{{ID: hashID("tokyo.html"), Title: "Sakura", URL: "tokyo.html", Text: "東京で桜が開花", Origin: "tokyo.html"}},
		},
		{
			name:  "http-equiv content type with euc-kr",
			file:  "seoul.htm",
			data:  page(`<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=euc-kr">`, "Weather", "\xbc\xad\xbf\xef \xb3\xaf\xbe\xbe"),
			notes: []string{"seoul.htm: converted from euc-kr to UTF-8"},
			want:  []byline.Article{{ID: hashID("seoul.htm"), Title: "Weather", URL: "seoul.htm", Text: "서울 날씨", Origin: "seoul.htm"}},
		},
		{
			name: "utf-8 that declares latin-1 stays utf-8",
			file: "cafe.html",
			data: page(`<meta charset="iso-8859-1">`, "Café opens", "Crêpes daily."),
			want: []byline.Article{{ID: hashID("cafe.html"), Title: "Café opens", URL: "cafe.html", Text: "Crêpes daily.", Origin: "cafe.html"}},
		},
		{
			name:  "latin-1 declared is read as windows-1252",
			file:  "cafe2.html",
			data:  page(`<meta charset="iso-8859-1">`, "Caf\xe9 opens", "Cr\xeapes \x93daily\x94."),
			notes: []string{"cafe2.html: converted from Windows-1252 to UTF-8"},
			want:  []byline.Article{{ID: hashID("cafe2.html"), Title: "Café opens", URL: "cafe2.html", Text: "Crêpes “daily”.", Origin: "cafe2.html"}},
		},
		{
			name:  "koi8-r feed",
			file:  "moscow.rss",
			data:  "<?xml version=\"1.0\" encoding=\"KOI8-R\"?>\n<rss><channel><item><title>\xf0\xcf\xc7\xcf\xc4\xc1 \xd7 \xed\xcf\xd3\xcb\xd7\xc5</title><link>https://news.example.ru/w</link><description>\xf0\xcf\xc7\xcf\xc4\xc1.</description></item></channel></rss>",
			notes: []string{"moscow.rss: converted from koi8-r to UTF-8"},
			want:  []byline.Article{{ID: hashID("https://news.example.ru/w"), Title: "Погода в Москве", URL: "https://news.example.ru/w", Text: "Погода.", Origin: "moscow.rss"}},
		},
		{
			name:  "windows-1251 declared",
			file:  "privet.html",
			data:  page(`<meta charset="windows-1251">`, "Hello", "\xcf\xf0\xe8\xe2\xe5\xf2 \xec\xe8\xf0"),
			notes: []string{"privet.html: converted from windows-1251 to UTF-8"},
			want:  []byline.Article{{ID: hashID("privet.html"), Title: "Hello", URL: "privet.html", Text: "Привет мир", Origin: "privet.html"}},
		},
		{
			name:  "iso-2022-jp is 7-bit but still decoded",
			file:  "jp.html",
			data:  page(`<meta charset="iso-2022-jp">`, "Weather", "\x1b$BEl5~$NE75$\x1b(B"),
			notes: []string{"jp.html: converted from iso-2022-jp to UTF-8"},
			want:  []byline.Article{{ID: hashID("jp.html"), Title: "Weather", URL: "jp.html", Text: "東京の天気", Origin: "jp.html"}},
		},
		{
			name: "utf-8 with an escape byte that declares iso-2022-jp stays utf-8",
			file: "esc.html",
			data: page(`<meta http-equiv="content-type" content="text/html; charset='iso-2022-jp'">`, "Café", "Colour \x1b[0m reset, crêpes."),
			want: []byline.Article{{ID: hashID("esc.html"), Title: "Café", URL: "esc.html", Text: "Colour [0m reset, crêpes.", Origin: "esc.html"}},
		},
		{
			name:  "a stale declaration on UTF-8 with a broken byte is refused, not garbled",
			file:  "stale.html",
			data:  page(`<meta charset="windows-1251">`, "Привет", "Привет мир, \xff и всё."),
			skips: []Skip{{"stale.html", "not UTF-8 text (invalid byte at offset 105)"}},
		},
		{
			name:  "charset= in another attribute's text is no declaration",
			file:  "desc.html",
			data:  page(`<meta name="description" content="about charset=koi8-r">`, "Caf\xe9", "Cr\xeapes."),
			notes: []string{"desc.html: converted from Windows-1252 to UTF-8"},
			want:  []byline.Article{{ID: hashID("desc.html"), Title: "Café", URL: "desc.html", Text: "Crêpes.", Origin: "desc.html"}},
		},
		{
			name:  "unknown charset",
			file:  "a.html",
			data:  page(`<meta charset="x-klingon">`, "T", "caf\xe9"),
			skips: []Skip{{"a.html", `not UTF-8 text, and its declared charset "x-klingon" is unknown`}},
		},
		{
			name:  "bytes the declared charset does not define",
			file:  "b.html",
			data:  page(`<meta charset="shift_jis">`, "T", "\x93\x8c\xff\xfe"),
			skips: []Skip{{"b.html", "not shift_jis text as declared (undecodable bytes)"}},
		},
	})
}
