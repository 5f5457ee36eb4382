package discordfake

import (
	"crypto/rand"
	"encoding/hex"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// File is a file a user attaches to a slash command: the Value of an Option
// of type attachment (inferred from the registered command, or from a File
// value). Discord uploads it before the interaction is sent, so the
// interaction carries only the attachment's id as the option's value, and
// the attachment itself (id, filename, size, url, proxy_url, content_type,
// ephemeral) in data.resolved.attachments. The fake serves Data at that url,
// under its own host (URL()), at the path Discord's CDN uses:
// /ephemeral-attachments/{channel_id}/{attachment_id}/{filename}, signed
// with ex, is and hm query parameters; a wrong signature is answered 404, as
// the CDN does. Downloads lists the requests.
type File struct {
	Filename string
	// ContentType is what Discord reports, guessed from the file name when
	// empty ("text/markdown; charset=utf-8" for .md; omitted if unknown).
	ContentType string
	Data        []byte
	// Size is the size Discord reports, len(Data) when zero. Setting it lower
	// than len(Data) tests a client that must not trust it.
	Size int
}

// Download is one request for an attachment's url.
type Download struct {
	Time         time.Time
	AttachmentID string
	Filename     string
	Status       int
	// Sent is how many bytes of the file were handed to the connection. The
	// connection buffers: a client that stops reading early is seen as a
	// short Sent only when the file is much larger than socket buffers.
	Sent int
}

// storedFile is an attachment the fake serves.
type storedFile struct {
	id, channelID string
	file          File
	ex, is, hm    string
}

// contentTypes are the types Discord reports for common text uploads; other
// extensions fall back to the mime package.
var contentTypes = map[string]string{
	".md":       "text/markdown; charset=utf-8",
	".markdown": "text/markdown; charset=utf-8",
	".txt":      "text/plain; charset=utf-8",
	".html":     "text/html; charset=utf-8",
	".htm":      "text/html; charset=utf-8",
	".json":     "application/json; charset=utf-8",
	".xml":      "application/xml; charset=utf-8",
	".pdf":      "application/pdf",
}

func guessContentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if ct, ok := contentTypes[ext]; ok {
		return ct
	}
	return mime.TypeByExtension(ext)
}

// attachFileLocked stores f as an upload in channelID and returns its
// resolved-attachment JSON, as Discord puts it in an interaction.
func (s *Server) attachFileLocked(f File, channelID string) (id string, resolved obj) {
	id = s.newIDLocked()
	if f.ContentType == "" {
		f.ContentType = guessContentType(f.Filename)
	}
	if f.Size == 0 {
		f.Size = len(f.Data)
	}
	f.Data = slices.Clone(f.Data)
	sig := make([]byte, 32)
	_, _ = rand.Read(sig) // never fails (crypto/rand)
	now := time.Now()
	sf := &storedFile{
		id: id, channelID: channelID, file: f,
		is: strconv.FormatInt(now.Unix(), 16),
		ex: strconv.FormatInt(now.Add(24*time.Hour).Unix(), 16),
		hm: hex.EncodeToString(sig),
	}
	s.files[id] = sf
	loc := "/ephemeral-attachments/" + channelID + "/" + id + "/" + url.PathEscape(f.Filename) +
		"?ex=" + sf.ex + "&is=" + sf.is + "&hm=" + sf.hm + "&"
	resolved = obj{
		"id":        id,
		"filename":  f.Filename,
		"size":      f.Size,
		"url":       s.http.URL + loc,
		"proxy_url": s.http.URL + loc,
		"ephemeral": true,
	}
	if f.ContentType != "" {
		resolved["content_type"] = f.ContentType
	}
	return id, resolved
}

// serveFile answers GET /ephemeral-attachments/{channel_id}/{attachment_id}/{filename},
// the CDN side of an upload. It is not part of the REST API: requests are
// listed by Downloads, not Requests, and are not dumped. A download is
// listed as soon as its status is decided, before the body is written, so a
// client that hangs up early finds it listed when its request returns.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	d := Download{Time: time.Now()}
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/ephemeral-attachments/"), "/")
	if len(parts) == 3 {
		d.AttachmentID, d.Filename = parts[1], parts[2]
	}
	q := r.URL.Query()
	s.mu.Lock()
	var sf *storedFile
	switch {
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		d.Status = http.StatusMethodNotAllowed
	case len(parts) != 3:
		d.Status = http.StatusNotFound
	default:
		sf = s.files[parts[1]]
		if sf == nil || sf.channelID != parts[0] || sf.file.Filename != parts[2] || q.Get("hm") != sf.hm || q.Get("ex") != sf.ex || q.Get("is") != sf.is {
			sf = nil
			d.Status = http.StatusNotFound
		} else {
			d.Status = http.StatusOK
		}
	}
	idx := len(s.downloads)
	s.downloads = append(s.downloads, d)
	s.mu.Unlock()

	switch d.Status {
	case http.StatusMethodNotAllowed:
		http.Error(w, "Method Not Allowed", d.Status)
		return
	case http.StatusNotFound:
		http.Error(w, "This content is no longer available.", d.Status)
		return
	}
	data := sf.file.Data // never modified after attachFileLocked
	h := w.Header()
	if sf.file.ContentType != "" {
		h.Set("Content-Type", sf.file.ContentType)
	}
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "public, max-age=31536000")
	w.WriteHeader(d.Status)
	if r.Method == http.MethodHead {
		return
	}
	// Written in chunks so that Sent tells how far a client read.
	const chunk = 32 << 10
	for len(data) > 0 {
		n, err := w.Write(data[:min(chunk, len(data))])
		s.mu.Lock()
		s.downloads[idx].Sent += n
		s.mu.Unlock()
		if err != nil {
			return // the client hung up
		}
		data = data[n:]
	}
}

// Downloads returns the requests for attachment urls so far, in order.
func (s *Server) Downloads() []Download {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.downloads)
}

// fileValue returns the File an option value holds, if any.
func fileValue(v any) (File, bool) {
	switch f := v.(type) {
	case File:
		return f, true
	case *File:
		if f != nil {
			return *f, true
		}
	}
	return File{}, false
}
