package library

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/ingest"
	"github.com/byline-bot/byline/retrieval"
)

const goodFeed = `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour News</title>
<item><title>Ferry returns</title><link>https://news.example/ferry</link><guid>f1</guid><description>The harbour ferry returned to service on Monday after repairs.</description></item>
<item><title>Council budget</title><link>https://news.example/budget</link><guid>f2</guid><description>The council approved the harbour budget on Tuesday evening.</description></item>
</channel></rss>`

// A source that worked and now fails to parse keeps its articles: nothing
// is removed because a document could not be read whole this time. Once it
// is read whole again, an article it no longer lists is removed.
func TestSourceThatFailsToParseKeepsItsArticles(t *testing.T) {
	var feedBody atomic.Value
	feedBody.Store(goodFeed)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, feedBody.Load().(string))
	}))
	defer srv.Close()

	tests := []struct {
		name   string
		files  map[string]string              // the folder's files before
		break_ func(t *testing.T, dir string) // how the source turns bad
		feed   string                         // the feed's body after, for the feed case
		fix    func(t *testing.T, dir string) // a clean read that drops one article
		kept   int
		// cleanKeeps: the clean read restores the source; nothing leaves.
		cleanKeeps bool
	}{
		{
			name:  "jsonl with a truncated line",
			files: map[string]string{"all.jsonl": jsonl("a1", "a2", "a3")},
			break_: func(t *testing.T, dir string) {
				write(t, dir, "all.jsonl", jsonl("a1", "a2")+`{"id":"a3","title":"Story a3","te`)
			},
			fix:  func(t *testing.T, dir string) { write(t, dir, "all.jsonl", jsonl("a1", "a2")) },
			kept: 1,
		},
		{
			name:  "markdown whose front matter broke",
			files: map[string]string{"a.md": "---\ntitle: Ferry\n---\nThe ferry returned on Monday.\n", "b.md": "---\ntitle: Budget\n---\nThe council approved the budget.\n"},
			break_: func(t *testing.T, dir string) {
				write(t, dir, "a.md", "---\ntitle: [Ferry\n---\nThe ferry returned on Monday.\n")
			},
			fix:  func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "a.md")) },
			kept: 1,
		},
		{
			name:  "file that became unreadable",
			files: map[string]string{"a.txt": "Ferry\nThe ferry returned on Monday.\n", "b.txt": "Budget\nThe council approved the budget.\n"},
			break_: func(t *testing.T, dir string) {
				// Root reads any file whatever its mode: a dangling link is
				// unreadable for everyone.
				p := filepath.Join(dir, "a.txt")
				os.Remove(p)
				if err := os.Symlink(filepath.Join(dir, "gone"), p); err != nil {
					t.Fatal(err)
				}
			},
			fix:  func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "a.txt")) },
			kept: 1,
		},
		{
			name: "feed answering malformed XML",
			feed: `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour News</title><item><title>Ferry`,
			fix:  func(t *testing.T, dir string) { feedBody.Store(goodFeed) },
			kept: 2,
			// Items that leave a feed are the live-news issue's to decide.
			cleanKeeps: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			feedBody.Store(goodFeed)
			src, data := t.TempDir(), t.TempDir()
			for name, body := range tt.files {
				write(t, src, name, body)
			}
			source := src
			if tt.files == nil {
				source = srv.URL + "/feed.xml"
			}
			l := open(t, data, &countingEmbedder{}, source)
			ctx := context.Background()
			first, err := l.Reindex(ctx, nil, IndexOptions{})
			if err != nil || first.Articles == 0 {
				t.Fatalf("first index: %+v %v", first, err)
			}
			if tt.break_ != nil {
				tt.break_(t, src)
			} else {
				feedBody.Store(tt.feed)
			}
			sum, err := l.Reindex(ctx, nil, IndexOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Removed != 0 || sum.Articles != first.Articles || sum.Kept != tt.kept {
				t.Errorf("after the source broke: %d removed, %d kept, %d articles; want 0 removed, %d kept, %d articles\n%+v",
					sum.Removed, sum.Kept, sum.Articles, tt.kept, first.Articles, sum)
			}
			if len(sum.Skipped) == 0 || len(sum.Notes) == 0 || !strings.Contains(strings.Join(sum.Notes, "\n"), "kept") {
				t.Errorf("the summary does not say why: skipped %v, notes %v", sum.Skipped, sum.Notes)
			}
			// Reopened, the kept articles are still there.
			l2 := open(t, data, &countingEmbedder{}, source)
			if n := l2.Index().Len(); n != first.Articles {
				t.Errorf("after a restart %d articles, want %d", n, first.Articles)
			}
			// A clean read that no longer lists an article removes it.
			tt.fix(t, src)
			sum, err = l2.Reindex(ctx, nil, IndexOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if want := 1 - btoi(tt.cleanKeeps); sum.Removed != want || sum.Kept != 0 {
				t.Errorf("after a clean read: %d removed, %d kept; want %d removed, 0 kept\n%+v", sum.Removed, sum.Kept, want, sum)
			}
		})
	}
}

func jsonl(ids ...string) string {
	var b strings.Builder
	for _, id := range ids {
		b.WriteString(`{"id":"` + id + `","title":"Story ` + id + `","text":"The harbour story ` + id + ` is about the ferry."}` + "\n")
	}
	return b.String()
}

func write(t *testing.T, dir, name, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// `--rebuild` re-reads every source the index holds, not only the
// configured ones; a damaged index is rebuilt from the source list kept
// beside it, uploads included; and a job that could read nothing back never
// writes an empty index.
func TestRebuildKeepsEverySource(t *testing.T) {
	ctx := context.Background()
	seeds, extra, data := t.TempDir(), t.TempDir(), t.TempDir()
	write(t, seeds, "seed.txt", "Seed story\nThe defence ministers spoke on Friday.\n")
	write(t, extra, "more.jsonl", jsonl("x1", "x2"))
	emb := &countingEmbedder{}
	l := open(t, data, emb, seeds)
	if _, err := l.Reindex(ctx, nil, IndexOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Reindex(ctx, []string{filepath.Join(extra, "more.jsonl")}, IndexOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.AddData(ctx, "message.txt", []byte("Uploaded note\nThe harbour ferry timetable changes on Monday.\n"), IndexOptions{}); err != nil {
		t.Fatal(err)
	}
	const all = 4
	emb.reset()
	sum, err := l.Reindex(ctx, nil, IndexOptions{Rebuild: true})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Articles != all || sum.Removed != 0 || emb.reset() == 0 {
		t.Errorf("rebuild: %d articles, %d removed, want %d articles, none removed, everything embedded again\n%+v", sum.Articles, sum.Removed, all, sum)
	}

	// Damaged, and opened by a configuration that names no source at all.
	path := filepath.Join(data, SnapshotFile)
	b, _ := os.ReadFile(path)
	b[len(b)/2] ^= 0xff
	os.WriteFile(path, b, 0o644)
	l = openUnreadable(t, data, emb)
	sum, err = l.Reindex(ctx, nil, IndexOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Articles != all || sum.Lost != 0 {
		t.Errorf("repair: %d articles (%d lost), want %d\n%+v", sum.Articles, sum.Lost, all, sum)
	}
	if kept, _ := os.ReadFile(path + ".damaged"); len(kept) != len(b) {
		t.Error("the damaged file was not kept")
	}

	// Damaged again, and now a source is gone: what can be read comes
	// back, and the summary says what could not.
	b, _ = os.ReadFile(path)
	b[len(b)/2] ^= 0xff
	os.WriteFile(path, b, 0o644)
	os.RemoveAll(extra)
	l = openUnreadable(t, data, emb)
	sum, err = l.Reindex(ctx, nil, IndexOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Articles != all-2 || sum.Lost != 2 || !strings.Contains(strings.Join(sum.Notes, "\n"), "more.jsonl") {
		t.Errorf("partial repair: %d articles, %d lost, notes %v; want %d, 2 lost, naming more.jsonl", sum.Articles, sum.Lost, sum.Notes, all-2)
	}

	// Damaged, and no source can be read: refused, nothing written.
	b, _ = os.ReadFile(path)
	b[len(b)/2] ^= 0xff
	os.WriteFile(path, b, 0o644)
	os.RemoveAll(seeds)
	os.RemoveAll(filepath.Join(data, uploadsDir))
	l = openUnreadable(t, data, emb)
	if _, err := l.Reindex(ctx, nil, IndexOptions{}); err == nil || !strings.Contains(err.Error(), "none of the 2 indexed articles") {
		t.Errorf("a job that read nothing back: %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(b) {
		t.Error("a refused job replaced the damaged index")
	}
}

// openUnreadable opens data, whose index is damaged, with no configured
// source.
func openUnreadable(t *testing.T, data string, emb retrieval.Embedder) *Library {
	t.Helper()
	l, err := openLibrary(t, data, emb)
	if err == nil {
		t.Fatal("a damaged index opened without error")
	}
	return l
}

// A job that finds nothing new writes nothing: neither the index nor the
// source list is touched.
func TestUnchangedJobWritesNothing(t *testing.T) {
	src, data := t.TempDir(), t.TempDir()
	write(t, src, "a.txt", "Ferry\nThe ferry returned on Monday.\n")
	l := open(t, data, &countingEmbedder{}, src)
	ctx := context.Background()
	if _, err := l.Reindex(ctx, nil, IndexOptions{}); err != nil {
		t.Fatal(err)
	}
	stat := func(name string) os.FileInfo {
		fi, err := os.Stat(filepath.Join(data, name))
		if err != nil {
			t.Fatal(err)
		}
		return fi
	}
	snap, man := stat(SnapshotFile), stat(ManifestFile)
	sum, err := l.Reindex(ctx, nil, IndexOptions{})
	if err != nil || sum.Unchanged != 1 || sum.Articles != 1 {
		t.Fatalf("unchanged job: %+v %v", sum, err)
	}
	if s2, m2 := stat(SnapshotFile), stat(ManifestFile); !s2.ModTime().Equal(snap.ModTime()) || !m2.ModTime().Equal(man.ModTime()) {
		t.Error("a job that found nothing new rewrote the index or the source list")
	}
}

// Review findings: each sequence lost articles or ignored a setting before.
func TestNothingLostAdversarial(t *testing.T) {
	ctx := context.Background()

	t.Run("another process indexed meanwhile", func(t *testing.T) {
		src, extra, data := t.TempDir(), t.TempDir(), t.TempDir()
		write(t, src, "a.txt", "Ferry\nThe ferry returned on Monday.\n")
		write(t, extra, "b.txt", "Budget\nThe council approved the budget.\n")
		bot := open(t, data, &countingEmbedder{}, src)
		if _, err := bot.Reindex(ctx, nil, IndexOptions{}); err != nil {
			t.Fatal(err)
		}
		cli := open(t, data, &countingEmbedder{}, src)
		if _, err := cli.Reindex(ctx, []string{extra}, IndexOptions{}); err != nil {
			t.Fatal(err)
		}
		sum, err := bot.AddData(ctx, "note.txt", []byte("Note\nThe harbour reopened.\n"), IndexOptions{})
		if err != nil || sum.Articles != 3 {
			t.Errorf("the bot's job after the CLI's: %d articles, %v; want 3 (none of the CLI's lost)", sum.Articles, err)
		}
		if n := open(t, data, &countingEmbedder{}, src).Index().Len(); n != 3 {
			t.Errorf("on disk: %d articles, want 3", n)
		}
	})

	t.Run("an unreadable subfolder", func(t *testing.T) {
		src, data := t.TempDir(), t.TempDir()
		os.Mkdir(filepath.Join(src, "sub"), 0o755)
		write(t, src, "top.txt", "Top\nThe top story.\n")
		write(t, filepath.Join(src, "sub"), "a.txt", "A\nThe first story below.\n")
		l := open(t, data, &countingEmbedder{}, src)
		if _, err := l.Reindex(ctx, nil, IndexOptions{}); err != nil {
			t.Fatal(err)
		}
		// Root reads any folder whatever its mode: the loader says what a
		// folder it cannot list looks like.
		l.loader = hidingLoader{Loader: l.loader, dir: filepath.Join(src, "sub")}
		sum, err := l.Reindex(ctx, nil, IndexOptions{})
		if err != nil || sum.Removed != 0 || sum.Kept != 1 {
			t.Errorf("%d removed, %d kept, %v; want 0 removed, 1 kept", sum.Removed, sum.Kept, err)
		}
	})

	t.Run("a folder that reads empty", func(t *testing.T) {
		src, data := t.TempDir(), t.TempDir()
		write(t, src, "a.txt", "A\nThe first story.\n")
		write(t, src, "b.txt", "B\nThe second story.\n")
		l := open(t, data, &countingEmbedder{}, src)
		if _, err := l.Reindex(ctx, nil, IndexOptions{}); err != nil {
			t.Fatal(err)
		}
		os.Remove(filepath.Join(src, "a.txt")) // an unmounted mount point is an empty folder
		os.Remove(filepath.Join(src, "b.txt"))
		sum, err := l.Reindex(ctx, nil, IndexOptions{})
		if err != nil || sum.Removed != 0 || sum.Articles != 2 {
			t.Errorf("%+v %v; want nothing removed", sum, err)
		}
	})

	t.Run("a feed answering a page", func(t *testing.T) {
		var body atomic.Value
		body.Store(goodFeed)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if s := body.Load().(string); strings.HasPrefix(s, "<?xml") {
				w.Header().Set("Content-Type", "application/rss+xml")
				io.WriteString(w, s)
				return
			}
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, body.Load().(string))
		}))
		defer srv.Close()
		data := t.TempDir()
		l := open(t, data, &countingEmbedder{}, srv.URL+"/feed")
		if _, err := l.Reindex(ctx, nil, IndexOptions{}); err != nil {
			t.Fatal(err)
		}
		body.Store("<html><head><title>Just a moment...</title></head><body><p>Checking your browser before accessing the site, please wait a few seconds.</p></body></html>")
		sum, err := l.Reindex(ctx, nil, IndexOptions{})
		if err != nil || sum.Removed != 0 || sum.Kept != 2 {
			t.Errorf("%d removed, %d kept, %v; want the feed's 2 articles kept", sum.Removed, sum.Kept, err)
		}
	})

	t.Run("the index file is missing", func(t *testing.T) {
		src, data := t.TempDir(), t.TempDir()
		write(t, src, "a.txt", "A\nThe first story.\n")
		l := open(t, data, &countingEmbedder{}, src)
		if _, err := l.Reindex(ctx, nil, IndexOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := l.AddData(ctx, "note.txt", []byte("Note\nThe harbour reopened.\n"), IndexOptions{}); err != nil {
			t.Fatal(err)
		}
		// A crash while a damaged index was replaced, or a deleted file:
		// the source list still knows both sources.
		os.Remove(filepath.Join(data, SnapshotFile))
		l = openUnreadable(t, data, &countingEmbedder{})
		sum, err := l.Reindex(ctx, nil, IndexOptions{})
		if err != nil || sum.Articles != 2 || sum.Lost != 0 {
			t.Errorf("repair of a missing index: %d articles, %d lost, %v; want 2, 0", sum.Articles, sum.Lost, err)
		}
	})

	t.Run("an upload the source list lost", func(t *testing.T) {
		src, data := t.TempDir(), t.TempDir()
		write(t, src, "a.txt", "A\nThe first story.\n")
		l := open(t, data, &countingEmbedder{}, src)
		if _, err := l.AddData(ctx, "note.txt", []byte("Note\nThe harbour reopened.\n"), IndexOptions{}); err != nil {
			t.Fatal(err)
		}
		m, _ := readManifest(data)
		for o := range m.Origins {
			delete(m.Origins, o) // a crash between the index and the list, in an older version
		}
		writeManifest(data, m)
		l = open(t, data, &countingEmbedder{}, src)
		sum, err := l.Reindex(ctx, nil, IndexOptions{Rebuild: true})
		if err != nil || sum.Articles != 2 || sum.Removed != 0 || len(sum.Skipped) != 0 {
			t.Errorf("rebuild: %d articles, %d removed, skipped %v, %v; want the upload read again from its bytes", sum.Articles, sum.Removed, sum.Skipped, err)
		}
		if m, _ := readManifest(data); len(m.Origins) != 2 {
			t.Errorf("the source list holds %d origins after the rebuild, want 2", len(m.Origins))
		}
	})

	t.Run("a changed chunk size rebuilds though no article changed", func(t *testing.T) {
		src, data := t.TempDir(), t.TempDir()
		write(t, src, "a.txt", "A\n"+strings.Repeat("The council met again to discuss the harbour. ", 30)+"\n")
		l := open(t, data, &countingEmbedder{}, src)
		first, err := l.Reindex(ctx, nil, IndexOptions{})
		if err != nil {
			t.Fatal(err)
		}
		l.cfg.Chunk = retrieval.ChunkConfig{Size: 600, Overlap: 0}
		sum, err := l.Reindex(ctx, nil, IndexOptions{})
		if err != nil || sum.Chunks == first.Chunks || sum.Embedded == 0 {
			t.Errorf("chunks %d -> %d, %d embedded, %v; want the new chunking applied", first.Chunks, sum.Chunks, sum.Embedded, err)
		}
	})
}

// hidingLoader loads as its Loader does, except that dir cannot be listed:
// its files are missing and it is reported unread, as WalkDir reports a
// folder it cannot open.
type hidingLoader struct {
	Loader
	dir string
}

func (h hidingLoader) Load(ctx context.Context, source string) (ingest.Result, error) {
	res, err := h.Loader.Load(ctx, source)
	var kept []byline.Article
	for _, a := range res.Articles {
		if !strings.HasPrefix(a.Doc, h.dir+string(filepath.Separator)) && !strings.Contains(a.Doc, "/sub/") {
			kept = append(kept, a)
		}
	}
	res.Articles = kept
	res.Unread = append(res.Unread, h.dir)
	res.Skips = append(res.Skips, ingest.Skip{Source: h.dir, Reason: "cannot read: open: permission denied"})
	return res, err
}

// Listings keep their order (newest first, then by id) whatever order the
// articles were indexed in: appended ones are last in the index.
func TestListingOrderAfterAppend(t *testing.T) {
	ctx := context.Background()
	src, data := t.TempDir(), t.TempDir()
	write(t, src, "all.jsonl", `{"id":"m5","title":"Harbour one","published":"2022-09-01","text":"The harbour story one."}`+"\n")
	l := open(t, data, &countingEmbedder{}, src)
	if _, err := l.Reindex(ctx, nil, IndexOptions{}); err != nil {
		t.Fatal(err)
	}
	more := `{"id":"a1","title":"Harbour two","published":"2022-09-01","text":"The harbour story two."}` + "\n" +
		`{"id":"z9","title":"Harbour three","published":"2022-09-02","text":"The harbour story three."}` + "\n"
	if _, err := l.AddData(ctx, "more.jsonl", []byte(more), IndexOptions{}); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range l.Articles("", 0) {
		ids = append(ids, a.ID)
	}
	if want := []string{"z9", "a1", "m5"}; !slices.Equal(ids, want) {
		t.Errorf("listing %v, want %v", ids, want)
	}
	var found []string
	for _, a := range l.Find("harbour") {
		found = append(found, a.ID)
	}
	if want := []string{"a1", "m5", "z9"}; !slices.Equal(found, want) {
		t.Errorf("Find %v, want %v", found, want)
	}
}
