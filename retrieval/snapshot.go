package retrieval

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"

	"github.com/byline-bot/byline"
)

// The older index file, format 3, still read (format 4, written today, is
// in snapfile.go): magic (8 bytes), format version (uint32), payload (gob),
// then a trailer: payload length (uint64) and SHA-256 of the payload (32
// bytes).
var snapshotMagic = [8]byte{'B', 'Y', 'L', 'N', 'I', 'D', 'X', 0}

const (
	snapshotVersion = 3
	headerSize      = 8 + 4
	trailerSize     = 8 + 32
)

// MismatchError is returned by ReadSnapshot for an intact index built by
// another embedder. Its vectors cannot be used, but its articles can be
// embedded again: a rebuild loses nothing.
type MismatchError struct {
	Built, Configured string
	Articles          []byline.Article
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("%v: built with %q, configured %q", ErrEmbedderMismatch, e.Built, e.Configured)
}

// Is makes errors.Is(err, ErrEmbedderMismatch) true.
func (e *MismatchError) Is(target error) bool { return target == ErrEmbedderMismatch }

// ErrCorrupt means a snapshot failed its checksum or could not be decoded.
var ErrCorrupt = errors.New("index snapshot is corrupt")

type snapshot struct {
	Embedder string
	Chunk    ChunkConfig
	Dims     int
	Docs     []snapDoc
	Vectors  []byte // float32 little-endian, row per chunk in doc order
	Titles   []byte // float32 little-endian, row per article
	// Derived structures, saved so that loading does not recompute them.
	Vocab    []string
	ArtLex   []byte
	ChunkLex []byte

	derived int // from the head; not a field of the stream
}

// snapshotHead is the first gob message; the documents follow one message
// each, then the large blobs. Many small messages keep the decoder from
// buffering the whole payload at once.
type snapshotHead struct {
	// Derived is the derivedVersion that built the lexical index and
	// duplicate groups; another one means they are rebuilt on load.
	Derived  int
	Embedder string
	Chunk    ChunkConfig
	Dims     int
	NDocs    int
}

func decodeBlob(dec *gob.Decoder) ([]byte, error) {
	var n int
	if err := dec.Decode(&n); err != nil {
		return nil, err
	}
	if n < 0 || n > 1<<36 {
		return nil, fmt.Errorf("implausible blob size %d", n)
	}
	out := make([]byte, 0, n)
	var part []byte
	for len(out) < n {
		part = part[:0]
		if err := dec.Decode(&part); err != nil {
			return nil, err
		}
		if len(part) == 0 || len(out)+len(part) > n {
			return nil, fmt.Errorf("blob part of %d bytes", len(part))
		}
		out = append(out, part...)
	}
	return out, nil
}

func (s *snapshot) decode(dec *gob.Decoder) error {
	var head snapshotHead
	if err := dec.Decode(&head); err != nil {
		return err
	}
	if head.NDocs < 0 || head.NDocs > 1<<26 {
		return fmt.Errorf("implausible article count %d", head.NDocs)
	}
	s.Embedder, s.Chunk, s.Dims, s.derived = head.Embedder, head.Chunk, head.Dims, head.Derived
	s.Docs = make([]snapDoc, head.NDocs)
	for i := range s.Docs {
		if err := dec.Decode(&s.Docs[i]); err != nil {
			return err
		}
	}
	if err := dec.Decode(&s.Vocab); err != nil {
		return err
	}
	for _, blob := range []*[]byte{&s.Vectors, &s.Titles, &s.ArtLex, &s.ChunkLex} {
		b, err := decodeBlob(dec)
		if err != nil {
			return err
		}
		*blob = b
	}
	return nil
}

type snapDoc struct {
	Article byline.Article
	Hash    string
	Spans   []int32 // start, end pairs
	Canon   int32
	Outlets []string
}

// tailReader passes a stream through but withholds its last trailerSize
// bytes (the trailer), hashing and counting what it passes. It reuses one
// buffer: the bytes it holds back move to its front after each read.
type tailReader struct {
	r   io.Reader
	buf []byte
	eof bool
	h   hash.Hash
	n   int64
}

func (t *tailReader) Read(p []byte) (int, error) {
	for !t.eof && len(t.buf) < len(p)+trailerSize {
		if len(t.buf) == cap(t.buf) {
			nb := make([]byte, len(t.buf), len(p)+trailerSize+64<<10)
			copy(nb, t.buf)
			t.buf = nb
		}
		k, err := t.r.Read(t.buf[len(t.buf):cap(t.buf)])
		t.buf = t.buf[:len(t.buf)+k]
		if err == io.EOF {
			t.eof = true
		} else if err != nil {
			return 0, err
		}
	}
	avail := len(t.buf) - trailerSize
	if avail <= 0 {
		return 0, io.EOF
	}
	k := copy(p, t.buf[:avail])
	t.h.Write(p[:k])
	t.n += int64(k)
	t.buf = t.buf[:copy(t.buf, t.buf[k:])]
	return k, nil
}

// trailer drains what the decoder did not read and returns the trailer.
func (t *tailReader) trailer() ([]byte, error) {
	if _, err := io.Copy(io.Discard, t); err != nil {
		return nil, err
	}
	if len(t.buf) != trailerSize {
		return nil, io.ErrUnexpectedEOF
	}
	return t.buf, nil
}

// ReadSnapshot loads an index written by WriteTo. emb must be the embedder
// that built it (ErrEmbedderMismatch otherwise); a damaged file gives
// ErrCorrupt.
func ReadSnapshot(ctx context.Context, r io.Reader, emb Embedder) (*Index, error) {
	var hdr [headerSize]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrCorrupt, err)
	}
	if !bytes.Equal(hdr[:8], snapshotMagic[:]) {
		return nil, fmt.Errorf("%w: not a Byline index file", ErrCorrupt)
	}
	if v := binary.LittleEndian.Uint32(hdr[8:]); v == flatVersion {
		rest, err := io.ReadAll(r)
		if err != nil {
			return nil, err
		}
		data := alignedCopy(hdr[:], rest)
		return readFlat(ctx, data, func(off, n uint64, want uint32) error {
			if crc32.Checksum(data[off:off+n], castagnoli) != want {
				return errors.New("checksum mismatch")
			}
			return nil
		}, emb)
	} else if v != snapshotVersion {
		return nil, fmt.Errorf("%w: format version %d, this build reads %d", ErrCorrupt, v, snapshotVersion)
	}
	tr := &tailReader{r: r, h: sha256.New()}
	var s snapshot
	decErr := s.decode(gob.NewDecoder(bufio.NewReaderSize(tr, 1<<20)))
	// The checksum is checked before the decoder's verdict: a damaged file
	// reads as "corrupt", whatever the decoder made of it.
	trailer, err := tr.trailer()
	if err != nil {
		return nil, fmt.Errorf("%w: truncated: %v", ErrCorrupt, err)
	}
	if n := binary.LittleEndian.Uint64(trailer[:8]); n != uint64(tr.n) || !bytes.Equal(trailer[8:], tr.h.Sum(nil)) {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrCorrupt)
	}
	if decErr != nil {
		return nil, fmt.Errorf("%w: decode: %v", ErrCorrupt, decErr)
	}
	if emb == nil || s.Embedder != emb.Name() {
		name := "<none>"
		if emb != nil {
			name = emb.Name()
		}
		arts := make([]byline.Article, len(s.Docs))
		for i := range s.Docs {
			arts[i] = s.Docs[i].Article
		}
		return nil, &MismatchError{Built: s.Embedder, Configured: name, Articles: arts}
	}
	ix := &Index{embedder: emb, embName: s.Embedder, chunkCfg: s.Chunk, dims: s.Dims, byID: make(map[string]int32, len(s.Docs))}
	for i, sd := range s.Docs {
		if len(sd.Spans)%2 != 0 {
			return nil, fmt.Errorf("%w: article %s: odd span list", ErrCorrupt, sd.Article.ID)
		}
		if sd.Canon < 0 || int(sd.Canon) >= len(s.Docs) {
			return nil, fmt.Errorf("%w: article %s: bad duplicate group", ErrCorrupt, sd.Article.ID)
		}
		d := doc{Article: sd.Article, Hash: sd.Hash, First: int32(len(ix.chunks)), N: int32(len(sd.Spans) / 2),
			Canon: sd.Canon, Outlets: sd.Outlets}
		for k := 0; k < len(sd.Spans); k += 2 {
			st, en := sd.Spans[k], sd.Spans[k+1]
			if st < 0 || en < st || int(en) > len(sd.Article.Text) {
				return nil, fmt.Errorf("%w: article %s: chunk out of range", ErrCorrupt, sd.Article.ID)
			}
			ix.chunks = append(ix.chunks, chunk{Doc: int32(i), Start: st, End: en})
		}
		ix.byID[sd.Article.ID] = int32(i)
		ix.docs = append(ix.docs, d)
	}
	if len(s.Vectors) != 4*len(ix.chunks)*ix.dims {
		return nil, fmt.Errorf("%w: %d vector bytes for %d chunks of %d dimensions", ErrCorrupt, len(s.Vectors), len(ix.chunks), ix.dims)
	}
	if len(s.Titles) != 4*len(ix.docs)*ix.dims {
		return nil, fmt.Errorf("%w: %d title vector bytes for %d articles", ErrCorrupt, len(s.Titles), len(ix.docs))
	}
	ix.vectors.base = bytesToFloats(s.Vectors)
	ix.titleVecs.base = bytesToFloats(s.Titles)
	if s.derived == derivedVersion {
		ix.vocab = make(vocabulary, len(s.Vocab))
		for id, t := range s.Vocab {
			ix.vocab[t] = int32(id)
		}
		var err error
		if ix.artLex, err = unmarshalLexical(s.ArtLex, len(ix.docs), len(s.Vocab)); err != nil {
			return nil, fmt.Errorf("%w: article index: %v", ErrCorrupt, err)
		}
		if ix.chunkLex, err = unmarshalLexical(s.ChunkLex, len(ix.chunks), len(s.Vocab)); err != nil {
			return nil, fmt.Errorf("%w: chunk index: %v", ErrCorrupt, err)
		}
	} else {
		// Written by a build that tokenized or grouped differently.
		ix.buildLexical()
		ix.groupDuplicates()
		ix.rederived = true
	}
	for _, d := range ix.docs {
		if d.Published.After(ix.newest) {
			ix.newest = d.Published
		}
	}
	ix.derived = derivedVersion
	if err := ix.buildVectors(ctx); err != nil {
		return nil, err
	}
	return ix, nil
}

func bytesToFloats(b []byte) []float32 {
	fs := make([]float32, len(b)/4)
	for i := range fs {
		fs[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return fs
}
