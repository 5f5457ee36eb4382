package ingest

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/byline-bot/byline"
)

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLoadFolder(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"a.txt":                "Council meets\nThe council met on Monday.",
		"b.md":                 "---\ntitle: Park reopens\npublished: 2023-04-01\n---\nThe park reopened.",
		".hidden.txt":          "Hidden\nnever read",
		".git/notes.txt":       "Hidden folder\nnever read",
		"image.png":            "\x89PNG\r\n\x1a\n",
		"sub/big.txt":          "Big\n" + strings.Repeat("word ", 300),
		"sub/bin.txt":          "Bin\n\x00\x00\x00",
		"sub/c.html":           "<html><head><title>Market</title></head><body><p>Stalls opened.</p></body></html>",
		"sub/deeper/d.jsonl":   `{"id":"d1","title":"Line one","text":"First."}` + "\n" + `{"id":"d2","text":` + "\n",
		"sub/empty.md":         "",
		"sub/notes/README.TXT": "Readme\nUpper-case extensions count too.",
	})
	if err := os.Symlink(filepath.Join(root, "sub"), filepath.Join(root, "loop")); err != nil {
		t.Fatal(err)
	}
	path := func(name string) string { return filepath.Join(root, filepath.FromSlash(name)) }
	given := root + string(filepath.Separator) + "sub" + string(filepath.Separator) + ".." // cleaned to root

	res, err := testLoader(t, Options{MaxBytes: 1000}).Load(context.Background(), given)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	want := []byline.Article{
		{ID: hashID(fileKey(path("a.txt"))), Title: "Council meets", URL: path("a.txt"), Text: "The council met on Monday.", Origin: root},
		{ID: hashID(fileKey(path("b.md"))), Title: "Park reopens", URL: path("b.md"), Published: day(2023, 4, 1), Text: "The park reopened.", Origin: root},
		{ID: hashID(fileKey(path("sub/c.html"))), Title: "Market", URL: path("sub/c.html"), Text: "Stalls opened.", Origin: root},
		{ID: "d1", Title: "Line one", Text: "First.", Origin: root},
		{ID: hashID(fileKey(path("sub/notes/README.TXT"))), Title: "Readme", URL: path("sub/notes/README.TXT"), Text: "Upper-case extensions count too.", Origin: root},
	}
	if diff := cmp.Diff(want, res.Articles, ignoreDoc); diff != "" {
		t.Errorf("articles (-want +got):\n%s", diff)
	}
	wantSkips := []Skip{
		{path("sub/big.txt"), "larger than 1000 bytes (1504 bytes)"},
		{path("sub/bin.txt"), "binary file (contains NUL bytes)"},
		{path("sub/deeper/d.jsonl"), "line 2: invalid JSON: unexpected end of JSON input"},
		{path("sub/empty.md"), "empty file"},
	}
	if diff := cmp.Diff(wantSkips, res.Skips); diff != "" {
		t.Errorf("skips (-want +got):\n%s", diff)
	}
}

func TestLoadFile(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"news/007_00000000000000ff.txt": "Seed title\nSeed text.",
		"news/report.pdf":               "%PDF-1.4",
	})
	l := testLoader(t, Options{})
	t.Run("origin is the cleaned path", func(t *testing.T) {
		given := filepath.Join(root, "news") + "/./007_00000000000000ff.txt"
		res, err := l.Load(context.Background(), given)
		if err != nil {
			t.Fatal(err)
		}
		clean := filepath.Join(root, "news", "007_00000000000000ff.txt")
		want := []byline.Article{{ID: "00000000000000ff", Title: "Seed title", URL: clean, Text: "Seed text.", Origin: clean}}
		if diff := cmp.Diff(want, res.Articles, ignoreDoc); diff != "" {
			t.Errorf("articles (-want +got):\n%s", diff)
		}
	})
	t.Run("unsupported type is a skip", func(t *testing.T) {
		pdf := filepath.Join(root, "news", "report.pdf")
		res, err := l.Load(context.Background(), pdf)
		if err != nil {
			t.Fatal(err)
		}
		want := []Skip{{pdf, `unsupported file type ".pdf" (want .txt, .md, .html, .jsonl, .rss, .atom or .xml)`}}
		if diff := cmp.Diff(want, res.Skips); diff != "" {
			t.Errorf("skips (-want +got):\n%s", diff)
		}
	})
}

func TestLoadErrors(t *testing.T) {
	l := testLoader(t, Options{})
	missing := filepath.Join(t.TempDir(), "nope")
	if _, err := l.Load(context.Background(), missing); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(missing) error = %v, want fs.ErrNotExist", err)
	}
	for _, src := range []string{"", "  "} {
		if _, err := l.Load(context.Background(), src); err == nil {
			t.Errorf("Load(%q) succeeded, want an error", src)
		}
	}
	if _, err := l.Load(context.Background(), "ftp://files.example.com/a.txt"); err == nil || !strings.Contains(err.Error(), `unsupported URL scheme "ftp"`) {
		t.Errorf("Load(ftp://...) error = %v, want unsupported URL scheme", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.Load(ctx, "testdata"); !errors.Is(err, context.Canceled) {
		t.Errorf("Load with a cancelled context error = %v, want context.Canceled", err)
	}
}

// TestRealtimeQACorpus loads the evaluation corpus when it is present. It is
// read in place, never copied into the repository.
func TestRealtimeQACorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("short mode")
	}
	if _, err := os.Stat(realtimeQACorpus); err != nil {
		t.Skipf("corpus not present: %v", err)
	}
	res, err := testLoader(t, Options{}).Load(context.Background(), realtimeQACorpus)
	if err != nil {
		t.Fatal(err)
	}
	// Pages without a story (a video player's notices, a photo gallery's
	// captions) are skipped, each with its reason; every other line is an
	// article.
	for _, s := range res.Skips {
		if !strings.Contains(s.Reason, "video page") && !strings.Contains(s.Reason, "only page furniture") {
			t.Errorf("skip %+v: want only pages without a story skipped", s)
		}
	}
	if len(res.Articles)+len(res.Skips) != 3786 || len(res.Skips) > 40 {
		t.Fatalf("got %d articles and %d skips, want 3786 lines, a few of them pages without a story", len(res.Articles), len(res.Skips))
	}
	for _, a := range res.Articles {
		if a.Title == "" || a.Text == "" || a.Published.IsZero() || a.ID != hashID(a.URL) || a.Origin != realtimeQACorpus {
			t.Fatalf("incomplete article: id %s title %q url %s published %v origin %s", a.ID, a.Title, a.URL, a.Published, a.Origin)
		}
	}
	// An article with an empty title in the corpus gets one from its URL.
	for _, a := range res.Articles {
		if a.ID == "5b14cd16b6feede5" && a.Title != "Squid game season 2" {
			t.Errorf("derived title = %q, want %q", a.Title, "Squid game season 2")
		}
	}
}

const realtimeQACorpus = "/work/shared/eval/realtimeqa/corpus.jsonl"

// BenchmarkLoadRealtimeQA measures loading the 36 MB evaluation corpus.
func BenchmarkLoadRealtimeQA(b *testing.B) {
	if _, err := os.Stat(realtimeQACorpus); err != nil {
		b.Skipf("corpus not present: %v", err)
	}
	l := testLoader(b, Options{})
	n := 0
	for b.Loop() {
		res, err := l.Load(context.Background(), realtimeQACorpus)
		if err != nil {
			b.Fatal(err)
		}
		n += len(res.Articles)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkParseHTML measures extraction of a realistic page.
func BenchmarkParseHTML(b *testing.B) {
	data, err := os.ReadFile("testdata/html/news.html")
	if err != nil {
		b.Fatal(err)
	}
	l := testLoader(b, Options{})
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := l.Parse("news.html", data, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// A date the parser does not understand is dropped, and the result says so.
func TestUnparsedDateIsNoted(t *testing.T) {
	l := testLoader(t, Options{})
	for name, data := range map[string]string{
		"a.jsonl": `{"id":"x","title":"T","published":"notadate","text":"Some text about the harbour."}` + "\n",
		"b.md":    "---\ntitle: T\npublished: someday\n---\nSome text about the harbour.\n",
	} {
		res, err := l.Parse(name, []byte(data), "test")
		if err != nil || len(res.Articles) != 1 || !res.Articles[0].Published.IsZero() {
			t.Fatalf("%s: %+v %v", name, res, err)
		}
		if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "not understood") {
			t.Errorf("%s: notes %q", name, res.Notes)
		}
	}
}

// Every article says which document it was read from, and every document
// that could not be read whole is listed as unread, so that the library
// never takes its articles as gone.
func TestDocAndUnread(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"good.txt":    "Harbour budget\n\nThe council approved the harbour budget on Tuesday.\n",
		"broken.md":   "---\ntitle: [unclosed\n---\nThe text is still here.\n",
		"lines.jsonl": `{"id":"a1","title":"One","text":"The first line is fine."}` + "\n" + `{"id":"a2","title":"Two","te`,
		"empty.txt":   "",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := testLoader(t, Options{}).Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{}
	for _, a := range res.Articles {
		docs[a.ID] = filepath.Base(a.Doc)
	}
	if docs["a1"] != "lines.jsonl" {
		t.Errorf("article a1 read from %q, want lines.jsonl", docs["a1"])
	}
	var unread []string
	for _, u := range res.Unread {
		unread = append(unread, filepath.Base(u))
	}
	slices.Sort(unread)
	if want := []string{"broken.md", "empty.txt", "lines.jsonl"}; !slices.Equal(unread, want) {
		t.Errorf("unread = %v, want %v", unread, want)
	}
}
