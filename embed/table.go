package embed

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"strings"
)

// The table layout written by tools/gloveconv (keep both in step), little
// endian:
//
//	off  size          field
//	0    8             magic "BYLGLOVE"
//	8    4  uint32     format version (1)
//	12   4  uint32     dims
//	16   4  uint32     count: number of words (rows)
//	20   4  uint32     zipfTotal: size of the source vocabulary, the N of the Zipf law
//	24   4  float32    sifA: the SIF smoothing constant a
//	28   4  float32    unkNorm: the L2 norm given to hashed vectors of unknown words
//	32   4  uint32     wordsLen: byte length of the word list
//	36   4  uint32     CRC-32C (Castagnoli) of every byte from offset 40 to the end
//	40   dims*4        common component: unit float32 vector
//	..   wordsLen      words in frequency order, each followed by '\n'
//	..   count*4       per-row float32 scale
//	..   count*dims    int8 rows: value = scale * int8
const (
	tableMagic   = "BYLGLOVE"
	tableVersion = 1
	headerSize   = 40
	maxDims      = 4096
)

// errCorrupt marks a table that does not parse; only a broken build or a
// hand-edited glove100k.bin produces it.
var errCorrupt = errors.New("corrupt vector table")

// table is the parsed vector table, read-only after parseTable. Its rows
// alias the embedded bytes instead of copying 10 MB.
type table struct {
	dims      int
	zipfTotal uint32
	sifA      float64
	unkNorm   float32
	crc       uint32
	common    []float32
	vocab     map[string]int32
	scales    []float32
	rows      []byte // count*dims int8 values
}

func u32(b []byte, off int) uint32 { return binary.LittleEndian.Uint32(b[off:]) }

func f32(b []byte, off int) float32 { return math.Float32frombits(u32(b, off)) }

// parseTable checks and decodes data. The returned table aliases data, which
// must not change afterwards.
func parseTable(data []byte) (*table, error) {
	if len(data) < headerSize || string(data[:8]) != tableMagic {
		return nil, fmt.Errorf("%w: bad magic", errCorrupt)
	}
	if v := u32(data, 8); v != tableVersion {
		return nil, fmt.Errorf("%w: format version %d, want %d", errCorrupt, v, tableVersion)
	}
	t := &table{
		dims:      int(u32(data, 12)),
		zipfTotal: u32(data, 20),
		sifA:      float64(f32(data, 24)),
		unkNorm:   f32(data, 28),
		crc:       u32(data, 36),
	}
	count := int(u32(data, 16))
	wordsLen := int(u32(data, 32))
	if t.dims < 1 || t.dims > maxDims || count < 1 || count > math.MaxInt32 ||
		uint64(t.zipfTotal) < uint64(count) || wordsLen < 2*count {
		return nil, fmt.Errorf("%w: header dims %d, count %d, zipfTotal %d, wordsLen %d",
			errCorrupt, t.dims, count, t.zipfTotal, wordsLen)
	}
	if !(t.sifA > 0 && t.sifA < 1) || !(t.unkNorm > 0 && t.unkNorm < 1e6) {
		return nil, fmt.Errorf("%w: header sifA %g, unkNorm %g", errCorrupt, t.sifA, t.unkNorm)
	}
	want := uint64(headerSize) + 4*uint64(t.dims) + uint64(wordsLen) + 4*uint64(count) +
		uint64(count)*uint64(t.dims)
	if uint64(len(data)) != want {
		return nil, fmt.Errorf("%w: %d bytes, header says %d", errCorrupt, len(data), want)
	}
	if got := crc32.Checksum(data[headerSize:], crc32.MakeTable(crc32.Castagnoli)); got != t.crc {
		return nil, fmt.Errorf("%w: crc %08x, header says %08x", errCorrupt, got, t.crc)
	}

	off := headerSize
	t.common = make([]float32, t.dims)
	var n2 float64
	for i := range t.common {
		t.common[i] = f32(data, off)
		n2 += float64(t.common[i]) * float64(t.common[i])
		off += 4
	}
	if math.Abs(n2-1) > 1e-3 {
		return nil, fmt.Errorf("%w: common component norm² %g, want 1", errCorrupt, n2)
	}

	words := string(data[off : off+wordsLen]) // one copy; map keys slice it
	off += wordsLen
	t.vocab = make(map[string]int32, count)
	for i := range count {
		nl := strings.IndexByte(words, '\n')
		if nl < 1 {
			return nil, fmt.Errorf("%w: word list ends or is empty at row %d", errCorrupt, i)
		}
		w := words[:nl]
		if _, dup := t.vocab[w]; dup {
			return nil, fmt.Errorf("%w: word %q twice", errCorrupt, w)
		}
		t.vocab[w] = int32(i)
		words = words[nl+1:]
	}
	if words != "" {
		return nil, fmt.Errorf("%w: %d bytes after the last word", errCorrupt, len(words))
	}

	t.scales = make([]float32, count)
	for i := range t.scales {
		s := f32(data, off)
		if !(s >= 0 && s < 1e6) {
			return nil, fmt.Errorf("%w: row %d scale %g", errCorrupt, i, s)
		}
		t.scales[i] = s
		off += 4
	}
	t.rows = data[off:]
	return t, nil
}
