package main

import (
	"math"
	"runtime/debug"
	"testing"

	"github.com/byline-bot/byline/config"
)

// The memory limit is sized to the machine, or set, or off; never a fixed
// size an index outgrows.
func TestMemoryLimit(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	cfg := config.Default()
	none := func(string) string { return "" }
	for _, tt := range []struct {
		setting string
		getenv  func(string) string
		want    int64 // 0: unchanged
	}{
		{"auto", none, availableMemory() / 2},
		{"2GiB", none, 2 << 30},
		{"off", none, 0},
		{"2GiB", func(k string) string {
			if k == "GOMEMLIMIT" {
				return "1GiB"
			}
			return ""
		}, 0},
	} {
		debug.SetMemoryLimit(math.MaxInt64)
		cfg.MemoryLimit = tt.setting
		got := applyMemoryLimit(cfg, tt.getenv)
		if got != tt.want {
			t.Errorf("%s: set %d, want %d", tt.setting, got, tt.want)
		}
		if cur := debug.SetMemoryLimit(-1); tt.want > 0 && cur != tt.want || tt.want == 0 && cur != math.MaxInt64 {
			t.Errorf("%s: runtime limit %d", tt.setting, cur)
		}
	}
	if availableMemory() < 1<<30 {
		t.Errorf("available memory %d: not read", availableMemory())
	}
}

// An index job's limit follows what it reads and the index it may rebuild,
// between 2 GiB and the machine's auto limit.
func TestIndexMemoryLimit(t *testing.T) {
	auto := availableMemory() / 2
	for _, tt := range []struct {
		in, index int64
		want      int64
	}{
		{20 << 20, 100 << 20, 2 << 30},        // a small corpus: the floor
		{589 << 20, 0, 589<<20*7/2 + 256<<20}, // 60,000 articles of JSON Lines, first index
		{0, 1550 << 20, 1550 << 20 * 17 / 10}, // a rebuild of a 1.55 GB index
		{100 << 30, 0, 100<<30*7/2 + 256<<20}, // never past the machine's (below)
	} {
		want := tt.want
		if auto > 0 {
			want = min(want, auto)
		}
		if got := indexMemoryLimit(tt.in, tt.index); got != want {
			t.Errorf("indexMemoryLimit(%d, %d) = %d, want %d", tt.in, tt.index, got, want)
		}
	}
}
