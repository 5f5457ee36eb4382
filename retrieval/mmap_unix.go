//go:build unix

package retrieval

import (
	"os"
	"syscall"
)

// mapFile maps f read-only. The mapping is never unmapped: strings and
// slices of the index point into it and may outlive the index (a search's
// results), so it lives as long as the process. A file replaced on disk
// stays readable through its mapping.
func mapFile(f *os.File, size int64) ([]byte, error) {
	if size == 0 || int64(int(size)) != size {
		return readAll(f, size)
	}
	return syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
}
