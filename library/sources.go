package library

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/byline-bot/byline/internal/atomicfile"
)

// ManifestFile lists, beside the index, every source the index holds and how
// many articles each gave. It is small and written after each index job, so
// that a damaged index can be rebuilt from all of its sources, not only the
// configured ones, and a rebuild can say what it could not bring back.
const ManifestFile = "sources.json"

// uploadsDir keeps the bytes of files given to AddData (Discord
// attachments): they have no source to be read again from.
const uploadsDir = "uploads"

// manifest is the content of ManifestFile.
type manifest struct {
	// Articles is how many articles the index held when it was written.
	Articles int `json:"articles"`
	// Origins maps each origin to what is known of it.
	Origins map[string]originEntry `json:"origins"`
}

// originEntry is one source of the index.
type originEntry struct {
	Articles int `json:"articles"`
	// Upload is the file under the data directory holding an uploaded
	// source's bytes, and Name the name it was given under.
	Upload string `json:"upload,omitempty"`
	Name   string `json:"name,omitempty"`
}

// readManifest reads the manifest in dir; a missing one is empty.
func readManifest(dir string) (manifest, error) {
	m := manifest{Origins: map[string]originEntry{}}
	data, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if errors.Is(err, os.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return m, fmt.Errorf("read %s: %w", ManifestFile, err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return manifest{Origins: map[string]originEntry{}}, fmt.Errorf("read %s: %w", ManifestFile, err)
	}
	if m.Origins == nil {
		m.Origins = map[string]originEntry{}
	}
	return m, nil
}

// writeManifest replaces the manifest in dir atomically.
func writeManifest(dir string, m manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(dir, ManifestFile, data)
}

// storeUpload keeps an uploaded file's bytes in the data directory and
// returns its path there, relative to the data directory.
func (l *Library) storeUpload(origin, name string, data []byte) (string, error) {
	key := uploadKey(origin)
	rel := filepath.Join(uploadsDir, key)
	if err := atomicfile.Write(filepath.Join(l.cfg.DataDir, uploadsDir), key, data); err != nil {
		return "", fmt.Errorf("keep uploaded %s: %w", name, err)
	}
	return rel, nil
}

// knownSources are the sources a rebuild reads: the configured ones, then
// every other origin the index (or, when it is unreadable, the manifest or
// the salvaged articles) holds, in a stable order.
func (l *Library) knownSources() []string {
	sources := slices.Clone(l.cfg.Sources)
	configured := make([]string, len(sources))
	for i, s := range sources {
		configured[i] = originOf(s)
	}
	seen := map[string]bool{}
	var extra []string
	add := func(origin string) {
		// A poller's origin ("feed:URL", set through Apply) is not read by
		// a job: the poller follows it, and its articles stay.
		if origin == "" || seen[origin] || strings.HasPrefix(origin, "feed:") {
			return
		}
		seen[origin] = true
		for _, c := range configured {
			if covers(c, origin) {
				return
			}
		}
		extra = append(extra, origin)
	}
	for o := range l.manifest.Origins {
		add(o)
	}
	if ix := l.Index(); ix != nil {
		for _, e := range ix.Articles() {
			add(e.Origin)
		}
	}
	for _, a := range l.salvaged {
		add(a.Origin)
	}
	slices.Sort(extra)
	return append(sources, extra...)
}

// unionManifest lists the origins of both a and b (b's entries win), with
// the larger article count: what a repair must look for while a job is
// replacing the index.
func unionManifest(a, b manifest) manifest {
	u := manifest{Articles: max(a.Articles, b.Articles), Origins: maps.Clone(a.Origins)}
	if u.Origins == nil {
		u.Origins = make(map[string]originEntry)
	}
	maps.Copy(u.Origins, b.Origins)
	return u
}

// uploadKey names an upload's file: its origin already holds a hash of the
// content, so the name is derived from the origin alone, and a repair finds
// the bytes even when the source list lost the entry.
func uploadKey(origin string) string {
	return strings.NewReplacer("upload:", "", "#", "-", "/", "_", "\\", "_", ":", "_").Replace(origin)
}

// uploadEntry returns what is known of an uploaded origin: its entry in the
// source list, or else the file its origin names, if it is there.
func (l *Library) uploadEntry(origin string) (originEntry, bool) {
	if e, ok := l.manifest.Origins[origin]; ok && e.Upload != "" {
		return e, true
	}
	rest, ok := strings.CutPrefix(origin, "upload:")
	if !ok {
		return originEntry{}, false
	}
	name := rest
	if k := strings.LastIndexByte(rest, '#'); k >= 0 {
		name = rest[:k]
	}
	rel := filepath.Join(uploadsDir, uploadKey(origin))
	if _, err := os.Stat(filepath.Join(l.cfg.DataDir, rel)); err != nil {
		return originEntry{}, false
	}
	return originEntry{Upload: rel, Name: name}, true
}
