// Package atomicfile replaces small files so that a crash leaves the old
// content or the new, never a torn file.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write replaces dir/name with data through a synced temp file in dir and a
// rename, then syncs dir so that the rename is durable. dir is created when
// missing.
func Write(dir, name string, data []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, name+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync() // best effort: not every OS can sync a directory
		d.Close()
	}
	return nil
}
