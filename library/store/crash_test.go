package store

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// crashEnv names the store a re-executed test binary writes to until it is
// killed.
const crashEnv = "BYLINE_STORE_CRASH_PATH"

const crashArticles = 20

// crashBatch is generation gen's batch: every fixed article rewritten with
// gen in its title and hash, plus one new article named for gen.
func crashBatch(gen int) []Change {
	kind := Updated
	if gen == 1 {
		kind = Added
	}
	var cs []Change
	for i := range crashArticles {
		r := testRecord(fmt.Sprintf("fixed-%02d", i), "generation "+strconv.Itoa(gen), 8000, uint64(gen*100+i))
		r.Hash = strconv.Itoa(gen)
		cs = append(cs, Change{Kind: kind, Record: r})
	}
	r := testRecord(fmt.Sprintf("gen-%06d", gen), "new", 8000, uint64(gen))
	r.Hash = strconv.Itoa(gen)
	return append(cs, Change{Kind: Added, Record: r})
}

// TestMain runs the crash child when asked: it applies generation after
// generation and prints each one once it is committed.
func TestMain(m *testing.M) {
	path := os.Getenv(crashEnv)
	if path == "" {
		code := m.Run()
		if bench.dir != "" {
			os.RemoveAll(bench.dir)
		}
		os.Exit(code)
	}
	s, err := Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	seq, err := s.Seq()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	for gen := int(seq)/(crashArticles+1) + 1; ; gen++ {
		if _, err := s.Apply(context.Background(), crashBatch(gen)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		fmt.Println(gen)
	}
}

// TestKillMidApply kills a writer at random moments: each time the store
// opens and holds exactly the generations committed, or one more (killed
// after the commit but before it said so), never a mix of two.
func TestKillMidApply(t *testing.T) {
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	path := filepath.Join(t.TempDir(), "store.db")
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	acked := 0
	for trial := range 8 {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), crashEnv+"="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan int)
		go func() {
			defer close(lines)
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				n, _ := strconv.Atoi(sc.Text())
				lines <- n
			}
		}()
		// Wait for one commit, so that the kill lands in a later Apply.
		if n, ok := <-lines; ok {
			acked = n
		}
		time.Sleep(time.Duration(r.IntN(150)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		for n := range lines {
			acked = n
		}
		cmd.Wait()
		if strings.TrimSpace(stderr.String()) != "" {
			t.Fatalf("trial %d: child failed: %s", trial, stderr.String())
		}

		s, err := Open(path)
		if err != nil {
			t.Fatalf("trial %d: open after kill: %v", trial, err)
		}
		gen := checkGeneration(t, s)
		s.Close()
		if gen != acked && gen != acked+1 {
			t.Fatalf("trial %d: store holds generation %d, child had committed %d", trial, gen, acked)
		}
		t.Logf("trial %d: killed after generation %d, store holds %d", trial, acked, gen)
		acked = gen
	}
}

// checkGeneration checks that the store holds one whole generation and
// returns it.
func checkGeneration(t *testing.T, s *Store) int {
	t.Helper()
	gens := map[string]int{}
	newOnes := 0
	err := s.Load(context.Background(), func(r Record) error {
		if strings.HasPrefix(r.Article.ID, "gen-") {
			newOnes++
			return nil
		}
		g, _ := strconv.Atoi(strings.TrimPrefix(r.Article.Title, "generation "))
		gens[r.Hash]++
		if strconv.Itoa(g) != r.Hash {
			return fmt.Errorf("article %s: title %q, hash %s", r.Article.ID, r.Article.Title, r.Hash)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(gens) != 1 {
		t.Fatalf("a mix of generations: %v", gens)
	}
	var gen int
	for h, n := range gens {
		gen, _ = strconv.Atoi(h)
		if n != crashArticles {
			t.Fatalf("%d fixed articles, want %d", n, crashArticles)
		}
	}
	if newOnes != gen {
		t.Fatalf("%d new articles for generation %d", newOnes, gen)
	}
	if seq, _ := s.Seq(); seq != uint64(gen*(crashArticles+1)) {
		t.Fatalf("last event %d for generation %d", seq, gen)
	}
	if n := len(eventsAfter(t, s, 0)); n != gen*(crashArticles+1) {
		t.Fatalf("%d events for generation %d", n, gen)
	}
	return gen
}
