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
