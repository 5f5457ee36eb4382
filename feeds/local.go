package feeds

// Files and folders as sources: polled like feeds, but read from this
// machine's disk. A folder's version (its ETag) is the names, sizes and
// modification times of the files under it, so an unchanged folder costs a
// directory walk and no parsing; each article read is one item, identified
// by its article id. Full text does not apply (the files are the text).

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path/filepath"

	"github.com/byline-bot/byline/ingest"
)

// isLocal reports whether a source is a file or folder (stored as an
// absolute path) rather than an http(s) URL.
func isLocal(source string) bool { return filepath.IsAbs(source) }

// fetchLocal reads a file or folder as a feed: "not modified" when its
// version is etag, else every article in it as an item. A document that
// cannot be read whole is left out (its indexed items stay, as items that
// leave a feed do) with a note.
func (p *Poller) fetchLocal(ctx context.Context, path, etag string) (ingest.FeedResponse, ingest.Feed, error) {
	resp := ingest.FeedResponse{Status: http.StatusOK, Header: http.Header{}, URL: path}
	version, err := folderVersion(path)
	if err != nil {
		return resp, ingest.Feed{}, fmt.Errorf("read %s: %w", path, err)
	}
	resp.Header.Set("ETag", version)
	if version == etag {
		resp.Status = http.StatusNotModified
		return resp, ingest.Feed{}, nil
	}
	res, err := p.fetch.Load(ctx, path)
	if err != nil {
		return resp, ingest.Feed{}, err
	}
	var feed ingest.Feed
	for _, a := range res.Articles {
		feed.Items = append(feed.Items, ingest.FeedItem{GUID: a.ID, Article: a})
	}
	for _, s := range res.Skips {
		feed.Notes = append(feed.Notes, fmt.Sprintf("%s: %s", s.Source, s.Reason))
	}
	return resp, feed, nil
}

// folderVersion identifies the content of a file or folder by the names,
// sizes and modification times of the files in it.
func folderVersion(path string) (string, error) {
	h := sha1.New()
	err := filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00%d\n", p, fi.Size(), fi.ModTime().UnixNano())
		return nil
	})
	return `"` + hex.EncodeToString(h.Sum(nil)[:10]) + `"`, err
}
