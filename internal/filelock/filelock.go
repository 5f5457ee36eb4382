// Package filelock takes exclusive locks that the operating system holds on
// an open file: they go away with the process however it ends, so a crash
// never leaves a stale lock.
package filelock

import (
	"errors"
	"fmt"
	"os"
)

// ErrLocked is returned by TryLock when another open file holds the lock.
var ErrLocked = errors.New("locked by another process")

// TryLock takes an exclusive lock on path (created when missing) without
// waiting, and returns the function that releases it. The lock belongs to
// the open file: two TryLocks in one process exclude each other too.
func TryLock(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		unlockFile(f)
		f.Close()
	}, nil
}
