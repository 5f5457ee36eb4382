package library

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/byline-bot/byline/internal/filelock"
)

// lockFileName is the lock file inside the data directory. Its content is
// empty; what counts is the lock the operating system holds on it, which
// goes away with the process however it ends.
const lockFileName = "index.lock"

// lockDataDir takes an exclusive lock on the data directory, without
// waiting, so that two processes never write the index at once. The lock
// belongs to the open file, not the process: two Libraries on one directory
// exclude each other too.
func (l *Library) lockDataDir() (func(), error) {
	if err := os.MkdirAll(l.cfg.DataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	unlock, err := filelock.TryLock(filepath.Join(l.cfg.DataDir, lockFileName))
	if errors.Is(err, filelock.ErrLocked) {
		return nil, fmt.Errorf("lock data dir: another byline process is indexing %s: %w", l.cfg.DataDir, ErrBusy)
	}
	if err != nil {
		return nil, fmt.Errorf("lock data dir %s: %w", l.cfg.DataDir, err)
	}
	return unlock, nil
}
