package ingest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// newBytesReader lets the JSON Lines parser stream in-memory content too.
func newBytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// walk loads every file of a known type under root, in lexical order,
// passing over hidden files and folders. Unknown file types are ignored
// silently: saved web pages come with folders of scripts and images.
// Symlinked folders are not followed (no loops); symlinked files are read.
func (l *Loader) walk(ctx context.Context, root string, c *collector) error {
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		if err != nil {
			if path == root {
				return err
			}
			c.skip(path, "cannot read: "+unwrapPathError(err))
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if path != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || kindOf(path) == kindUnknown {
			return nil
		}
		info, err := os.Stat(path)
		if err != nil {
			c.skip(path, "cannot read: "+unwrapPathError(err))
			return nil
		}
		l.loadFile(path, info, c)
		return nil
	})
	if err != nil {
		return fmt.Errorf("load %s: %w", root, err)
	}
	return nil
}

// unwrapPathError drops the path an *fs.PathError repeats, since the Skip
// names it already.
func unwrapPathError(err error) string {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Op + ": " + pe.Err.Error()
	}
	return err.Error()
}

// loadFile ingests one file; every problem becomes a Skip.
func (l *Loader) loadFile(path string, info fs.FileInfo, c *collector) {
	k := kindOf(path)
	if k == kindUnknown {
		c.skip(path, fmt.Sprintf("unsupported file type %q (want .txt, .md, .html, .jsonl, .rss, .atom or .xml)", filepath.Ext(path)))
		return
	}
	if !info.Mode().IsRegular() {
		c.skip(path, "not a regular file")
		return
	}
	if k == kindJSONL {
		f, err := os.Open(path)
		if err != nil {
			c.skip(path, "cannot read: "+unwrapPathError(err))
			return
		}
		defer f.Close()
		l.parseJSONL(path, c.origin, f, c)
		return
	}
	if info.Size() > l.maxBytes {
		c.skip(path, fmt.Sprintf("larger than %d bytes (%d bytes)", l.maxBytes, info.Size()))
		return
	}
	f, err := os.Open(path)
	if err != nil {
		c.skip(path, "cannot read: "+unwrapPathError(err))
		return
	}
	defer f.Close()
	// The limit holds even if the file grew since Stat.
	data, err := io.ReadAll(io.LimitReader(f, l.maxBytes+1))
	if err != nil {
		c.skip(path, "cannot read: "+unwrapPathError(err))
		return
	}
	if int64(len(data)) > l.maxBytes {
		c.skip(path, fmt.Sprintf("larger than %d bytes", l.maxBytes))
		return
	}
	l.parseDoc(k, doc{name: path, key: fileKey(path), origin: c.origin, data: data}, c)
}

// fileKey is the identity of a file for derived ids: its absolute, cleaned,
// slash-separated path (see the package comment for why not a relative one).
func fileKey(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return filepath.ToSlash(filepath.Clean(path))
}
