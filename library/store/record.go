package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"time"

	"github.com/byline-bot/byline"
)

// Values are a hand-written binary encoding, each ending in a CRC-32C of
// the bytes before it. Why not gob: a gob stream per value repeats its type
// description (hundreds of bytes on a 5 KB value) and decodes float slices
// one reflect call at a time; the vectors here are 4.8 KB of every 15 KB
// article. bbolt checksums only its meta pages, so the CRC is what turns a
// damaged value into ErrCorrupt instead of a wrong article.
//
// Article value, version 1:
//
//	byte      1 (encoding version)
//	uvarint   seq of the event that wrote it
//	strings   ID, Title, URL, Source, Author, Origin, Doc, Hash (uvarint length + bytes)
//	string    Published as time.MarshalBinary (empty for the zero time)
//	uvarint   number of span offsets, then each offset as uvarint
//	uvarint   dims
//	float32   chunk vectors (spans/2 rows of dims), then the title vector (dims), little-endian
//	uint32    CRC-32C of everything above, little-endian
//
// The text lives in another bucket (text, then CRC-32C) so that a start-up
// that reads only metadata and vectors does not page in the text.
const recordVersion = 1

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func appendCRC(b []byte) []byte {
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// checkCRC returns b without its checksum, or an error when it does not match.
func checkCRC(b []byte) ([]byte, error) {
	if len(b) < 4 {
		return nil, errors.New("value too short")
	}
	body := b[:len(b)-4]
	if crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		return nil, errors.New("checksum mismatch")
	}
	return body, nil
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendFloats(b []byte, fs []float32) []byte {
	for _, f := range fs {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(f))
	}
	return b
}

func encodeRecord(r *Record) ([]byte, error) {
	a := &r.Article
	dims := len(r.Title)
	if len(r.Spans)%2 != 0 {
		return nil, fmt.Errorf("article %s: odd span list", a.ID)
	}
	if len(r.Vectors) != len(r.Spans)/2*dims {
		return nil, fmt.Errorf("article %s: %d vector values for %d chunks of %d dimensions", a.ID, len(r.Vectors), len(r.Spans)/2, dims)
	}
	var pub []byte
	if !a.Published.IsZero() {
		var err error
		if pub, err = a.Published.MarshalBinary(); err != nil {
			return nil, fmt.Errorf("article %s: published: %w", a.ID, err)
		}
	}
	b := make([]byte, 0, 128+len(a.Title)+len(a.URL)+5*len(r.Spans)+4*(len(r.Vectors)+dims))
	b = append(b, recordVersion)
	b = binary.AppendUvarint(b, r.Seq)
	for _, s := range []string{a.ID, a.Title, a.URL, a.Source, a.Author, a.Origin, a.Doc, r.Hash, string(pub)} {
		b = appendString(b, s)
	}
	b = binary.AppendUvarint(b, uint64(len(r.Spans)))
	for _, s := range r.Spans {
		if s < 0 {
			return nil, fmt.Errorf("article %s: negative span offset", a.ID)
		}
		b = binary.AppendUvarint(b, uint64(s))
	}
	b = binary.AppendUvarint(b, uint64(dims))
	b = appendFloats(b, r.Vectors)
	b = appendFloats(b, r.Title)
	return appendCRC(b), nil
}

// decoder reads a value front to back; the first problem sticks.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errors.New("bad varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if d.err != nil {
		return nil
	}
	if n > uint64(len(d.b)) {
		d.err = errors.New("length past the end")
		return nil
	}
	s := d.b[:n]
	d.b = d.b[n:]
	return s
}

func (d *decoder) floats(n uint64) []float32 {
	if d.err != nil || n == 0 {
		return nil
	}
	if n > uint64(len(d.b))/4 {
		d.err = errors.New("vectors past the end")
		return nil
	}
	fs := make([]float32, n)
	for i := range fs {
		fs[i] = math.Float32frombits(binary.LittleEndian.Uint32(d.b[4*i:]))
	}
	d.b = d.b[4*n:]
	return fs
}

// decodeRecord decodes an article value (without its text). The strings
// are copied: the bytes belong to bbolt's memory map.
func decodeRecord(v []byte) (Record, error) {
	body, err := checkCRC(v)
	if err != nil {
		return Record{}, err
	}
	if len(body) == 0 || body[0] != recordVersion {
		return Record{}, errors.New("unknown record encoding")
	}
	d := &decoder{b: body[1:]}
	var r Record
	r.Seq = d.uvarint()
	a := &r.Article
	for _, p := range []*string{&a.ID, &a.Title, &a.URL, &a.Source, &a.Author, &a.Origin, &a.Doc, &r.Hash} {
		*p = string(d.bytes())
	}
	if pub := d.bytes(); len(pub) > 0 && d.err == nil {
		var t time.Time
		if err := t.UnmarshalBinary(pub); err != nil {
			return Record{}, fmt.Errorf("published: %w", err)
		}
		a.Published = t
	}
	nSpans := d.uvarint()
	if d.err == nil && (nSpans%2 != 0 || nSpans > uint64(len(d.b))) {
		return Record{}, errors.New("bad span count")
	}
	if nSpans > 0 {
		r.Spans = make([]int32, nSpans)
		for i := range r.Spans {
			s := d.uvarint()
			if s > math.MaxInt32 {
				d.err = errors.New("span offset out of range")
			}
			r.Spans[i] = int32(s)
		}
	}
	dims := d.uvarint()
	if d.err == nil && dims > 1<<16 {
		return Record{}, errors.New("implausible dimensions")
	}
	r.Vectors = d.floats(nSpans / 2 * dims)
	r.Title = d.floats(dims)
	if d.err == nil && len(d.b) != 0 {
		d.err = errors.New("trailing bytes")
	}
	if d.err != nil {
		return Record{}, d.err
	}
	return r, nil
}

func encodeText(s string) []byte {
	return appendCRC(append(make([]byte, 0, len(s)+4), s...))
}

func decodeText(v []byte) (string, error) {
	body, err := checkCRC(v)
	if err != nil {
		return "", err
	}
	return string(body), nil
}

// Event value: kind byte, then ID and Hash as strings, then CRC-32C.
func encodeEvent(e Event) []byte {
	b := []byte{byte(e.Kind)}
	b = appendString(b, e.ID)
	b = appendString(b, e.Hash)
	return appendCRC(b)
}

func decodeEvent(seq uint64, v []byte) (Event, error) {
	body, err := checkCRC(v)
	if err != nil {
		return Event{}, err
	}
	if len(body) == 0 {
		return Event{}, errors.New("empty event")
	}
	e := Event{Seq: seq, Kind: Kind(body[0])}
	if e.Kind < Added || e.Kind > Removed {
		return Event{}, fmt.Errorf("unknown event kind %d", body[0])
	}
	d := &decoder{b: body[1:]}
	e.ID = string(d.bytes())
	e.Hash = string(d.bytes())
	if d.err == nil && len(d.b) != 0 {
		d.err = errors.New("trailing bytes")
	}
	return e, d.err
}

// articleKey is the bbolt key of an article: its ID.
func articleKey(a byline.Article) []byte { return []byte(a.ID) }

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }
