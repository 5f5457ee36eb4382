//go:build !unix

package retrieval

import "os"

// mapFile reads f whole where files are not mapped.
func mapFile(f *os.File, size int64) ([]byte, error) { return readAll(f, size) }
