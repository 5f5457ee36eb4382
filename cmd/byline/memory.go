package main

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/byline-bot/byline/config"
)

// applyMemoryLimit sets the runtime's soft memory limit from memory_limit,
// unless GOMEMLIMIT set one. "auto" is half of the memory the process may
// use (the container's limit, else the machine's): the garbage collector
// then works harder only when the machine runs short, instead of at a fixed
// size that a large index outgrows (at 400 MiB, search spent half its CPU
// in the GC once the index passed about 7,000 articles; docs/BENCHMARKS.md).
// It returns the limit set, 0 when none.
func applyMemoryLimit(cfg config.Config, getenv func(string) string) int64 {
	if getenv("GOMEMLIMIT") != "" {
		return 0
	}
	limit, err := config.ParseMemoryLimit(cfg.MemoryLimit)
	switch {
	case err != nil || limit < 0:
		return 0
	case limit == 0:
		if limit = availableMemory() / 2; limit <= 0 {
			return 0
		}
	}
	debug.SetMemoryLimit(limit)
	return limit
}

// availableMemory is the cgroup's memory limit when there is one, else the
// machine's total memory; 0 when neither can be read.
func availableMemory() int64 {
	total := meminfoTotal()
	for _, p := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		if err == nil && n > 0 && (total == 0 || n < total) {
			return n
		}
	}
	return total
}

// meminfoTotal reads MemTotal from /proc/meminfo (Linux); 0 elsewhere.
func meminfoTotal() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

// indexMemoryLimit is the soft memory limit of an index job under
// `memory_limit: auto`, sized to the index rather than the machine: an index
// job holds its corpus's texts, postings, vectors and shingles at once, and
// with half of a large machine as the limit the collector lets the process
// grow to twice that (4 GB for 60,000 articles). inputBytes is the size of
// the local files read, indexBytes the size of the index file: the heap a
// full job needs is about 3.5x the first and 1.2x the second
// (docs/SCALE.md). The limit never goes below 2 GiB nor above the machine's
// auto limit; it only makes the collector work harder near it.
func indexMemoryLimit(inputBytes, indexBytes int64) int64 {
	limit := max(int64(2)<<30, inputBytes*7/2+(256<<20), indexBytes*17/10)
	if auto := availableMemory() / 2; auto > 0 {
		limit = min(limit, auto)
	}
	return limit
}

// pathBytes is the size of the files under the local paths given (URLs and
// missing paths count nothing).
func pathBytes(paths []string) int64 {
	var n int64
	for _, p := range paths {
		filepath.WalkDir(p, func(_ string, d fs.DirEntry, err error) error { //nolint:errcheck // best effort
			if err == nil && !d.IsDir() {
				if fi, err := d.Info(); err == nil {
					n += fi.Size()
				}
			}
			return nil
		})
	}
	return n
}
