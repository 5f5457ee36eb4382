package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/byline-bot/byline/config"
	"github.com/byline-bot/byline/library"
	"github.com/byline-bot/byline/retrieval"
)

// indexGCPercent is the collector's GOGC during `byline index`.
const indexGCPercent = 50

func cmdIndex(env *environment, args []string) error {
	fs := env.flagSet("index")
	jsonOut := fs.Bool("json", false, "print the summary as JSON")
	rebuild := fs.Bool("rebuild", false, "re-read every source the index holds and embed everything again (articles whose source cannot be read are kept)")
	sources, err := parse(fs, args)
	if err != nil {
		return err
	}
	a, err := env.openApp(false)
	if err != nil {
		return err
	}
	if a.indexErr != nil {
		// A damaged index is rebuilt from every source it held (the
		// library keeps the damaged file); one built by another embedder
		// is intact, and embedding it all again is the user's call.
		if errors.Is(a.indexErr, retrieval.ErrEmbedderMismatch) && !*rebuild {
			return a.indexErr
		}
		fmt.Fprintf(env.stderr, "The saved index cannot be used (%v); rebuilding it from every source it held.\n", a.indexErr)
	}
	if lim, err := config.ParseMemoryLimit(a.cfg.MemoryLimit); err == nil && lim == 0 && env.getenv("GOMEMLIMIT") == "" {
		// memory_limit: auto, sized to this job: what it reads and the index
		// it rebuilds.
		in := sources
		if len(in) == 0 {
			in = a.cfg.Sources
		}
		var indexBytes int64
		if fi, err := os.Stat(filepath.Join(a.cfg.DataDir, library.SnapshotFile)); err == nil {
			indexBytes = fi.Size()
		}
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(indexMemoryLimit(pathBytes(in), indexBytes)))
	}
	if env.getenv("GOGC") == "" {
		// An index job holds the corpus, its postings and its shingles at
		// once: the collector runs twice as often as by default, for about
		// 5% more CPU and a fifth less peak memory (docs/SCALE.md).
		defer debug.SetGCPercent(debug.SetGCPercent(indexGCPercent))
	}
	sum, err := a.lib.Reindex(env.ctx, sources, library.IndexOptions{Rebuild: *rebuild, Progress: newProgress(env.stderr).update})
	if err != nil {
		return err
	}
	if *jsonOut {
		if sum.Skipped == nil {
			sum.Skipped = []library.Skip{}
		}
		return writeJSON(env.stdout, sum)
	}
	printSummary(env.stdout, sum)
	return nil
}

func printSummary(w io.Writer, s library.Summary) {
	fmt.Fprintf(w, "Indexed %s (%s) in %.1fs: %d added, %d updated, %d removed, %d unchanged, %d skipped; %d chunks embedded.\n",
		count(s.Articles, "article"), count(s.Chunks, "chunk"), s.Seconds, s.Added, s.Updated, s.Removed, s.Unchanged, len(s.Skipped), s.Embedded)
	if s.Kept > 0 {
		fmt.Fprintf(w, "  %s kept although their source was read: it could not be read whole this time.\n", count(s.Kept, "article"))
	}
	if s.Lost > 0 {
		fmt.Fprintf(w, "  %s of the unreadable index could not be read again from their sources.\n", count(s.Lost, "article"))
	}
	for _, n := range s.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	const maxShown = 20
	for i, sk := range s.Skipped {
		if i == maxShown {
			fmt.Fprintf(w, "  ... and %d more skipped\n", len(s.Skipped)-maxShown)
			break
		}
		fmt.Fprintf(w, "  skipped %s: %s\n", sk.Source, sk.Reason)
	}
}

// progress shows index progress: one line redrawn in place on a terminal,
// a plain line per stage and every few seconds otherwise.
type progress struct {
	w    io.Writer
	tty  bool
	mu   sync.Mutex
	last time.Time
	// stage is the last stage printed, so plain output says each once.
	stage library.Stage
}

func newProgress(w io.Writer) *progress {
	return &progress{w: w, tty: isTerminal(w)}
}

func (p *progress) update(pr library.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	final := pr.Stage == library.StageSaving
	if !final && pr.Stage == p.stage && now.Sub(p.last) < p.interval() {
		return
	}
	p.last = now
	line := describe(pr)
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s", line)
		if final {
			fmt.Fprintln(p.w)
		}
	} else {
		fmt.Fprintln(p.w, line)
	}
	p.stage = pr.Stage
}

func (p *progress) interval() time.Duration {
	if p.tty {
		return 100 * time.Millisecond
	}
	return 2 * time.Second
}

func describe(pr library.Progress) string {
	var b strings.Builder
	switch pr.Stage {
	case library.StageLoading:
		fmt.Fprintf(&b, "loading sources %d/%d", pr.ArticlesDone, pr.ArticlesTotal)
	case library.StageEmbedding:
		fmt.Fprintf(&b, "embedding: articles %d/%d, chunks %d/%d", pr.ArticlesDone, pr.ArticlesTotal, pr.ChunksDone, pr.ChunksTotal)
		if s := pr.Elapsed.Seconds(); s > 0 && pr.ChunksDone > 0 {
			fmt.Fprintf(&b, ", %.0f chunks/s", float64(pr.ChunksDone)/s)
		}
		// An estimate from the first batches is noise: wait for 5%.
		if pr.ETA > 0 && pr.ChunksDone*20 >= pr.ChunksTotal {
			fmt.Fprintf(&b, ", ETA %s", pr.ETA.Round(time.Second))
		}
	default:
		fmt.Fprintf(&b, "%s %s", pr.Stage, count(pr.ArticlesTotal, "article"))
	}
	fmt.Fprintf(&b, " (%s)", pr.Elapsed.Round(100*time.Millisecond))
	return b.String()
}

// count says n things: "1 article", "2 articles" (nouns with a plain -s plural).
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
