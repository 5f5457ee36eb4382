package retrieval

// The index file, format 4: flat sections that a reader maps into memory
// instead of decoding. At 60,000 articles the file is over a gigabyte; a
// decoded copy took 12 s to load and counted whole in the process's memory,
// while a mapped one loads in well under a second and only the pages a
// search touches become resident (the kernel can drop them again).
//
// Layout (little-endian): magic (8 bytes), version (uint32), 4 reserved
// bytes; the sections, each at an offset that is a multiple of 64; the
// section table (per section: id, length, offset, CRC-32C); and a 32-byte
// trailer: table offset, table length, table CRC-32C, version, magic. Every
// section's checksum is verified on load, reading the file (not the
// mapping, so that verifying adds nothing resident).

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"strings"
	"sync"
	"unsafe"

	"github.com/byline-bot/byline"
)

const (
	flatVersion  = 4
	flatAlign    = 64
	flatTrailer  = 32
	flatEntry    = 24
	maxFlatTable = 64
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Section ids. Their values are stored: never renumber them.
const (
	secHead = iota + 1
	secDocs
	secTexts
	secChunks
	secVectors
	secTitles
	secArtVecs
	secVocabOff
	secVocab
	secArtLen
	secArtOff
	secArtPost
	secChunkLen
	secChunkOff
	secChunkPost
	secDead
)

// flatHead is the head section (gob).
type flatHead struct {
	Derived  int
	Embedder string
	Chunk    ChunkConfig
	Dims     int
	NDocs    int
	NChunks  int
	NTerms   int
	// Seq is the position in the article journal this index reflects.
	Seq uint64
}

// flatDoc is an article's entry in the docs section: its text lives in the
// texts section, TextLen bytes after the previous article's.
type flatDoc struct {
	Article byline.Article
	TextLen int
	Hash    string
	N       int32
	Canon   int32
	Outlets []string
}

// littleEndian is true on the machines the index file's sections are read
// in place on; elsewhere the file is refused rather than misread.
var littleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

var errBigEndian = errors.New("index files are read in place and need a little-endian machine")

// asBytes views a slice of fixed-size values as its bytes.
func asBytes[T any](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*int(unsafe.Sizeof(s[0])))
}

// view reinterprets b (suitably aligned) as a slice of T whose capacity is
// its length, so that an append never writes into the mapped file.
func view[T any](b []byte) []T {
	var zero T
	size := int(unsafe.Sizeof(zero))
	if len(b) < size {
		return nil
	}
	n := len(b) / size
	return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), n)[:n:n]
}

type flatSection struct {
	id       uint32
	off, len uint64
	crc      uint32
}

// flatWriter writes sections one after another, padding each to flatAlign.
type flatWriter struct {
	w    *bufio.Writer
	n    uint64
	secs []flatSection
	err  error
}

func (fw *flatWriter) write(p []byte) {
	if fw.err != nil {
		return
	}
	var k int
	k, fw.err = fw.w.Write(p)
	fw.n += uint64(k)
}

func (fw *flatWriter) pad() {
	if r := fw.n % flatAlign; r != 0 {
		fw.write(make([]byte, flatAlign-r))
	}
}

// section writes one section made of parts.
func (fw *flatWriter) section(id uint32, parts ...[]byte) {
	fw.pad()
	s := flatSection{id: id, off: fw.n}
	for _, p := range parts {
		s.crc = crc32.Update(s.crc, castagnoli, p)
		fw.write(p)
		s.len += uint64(len(p))
	}
	fw.secs = append(fw.secs, s)
}

// WriteTo writes the index file (format 4).
func (ix *Index) WriteTo(w io.Writer) (int64, error) {
	if !littleEndian {
		return 0, errBigEndian
	}
	fw := &flatWriter{w: bufio.NewWriterSize(w, 1<<20)}
	var hdr [16]byte
	copy(hdr[:8], snapshotMagic[:])
	binary.LittleEndian.PutUint32(hdr[8:], flatVersion)
	fw.write(hdr[:])

	var head bytes.Buffer
	if err := gob.NewEncoder(&head).Encode(flatHead{Derived: ix.derived, Embedder: ix.embName, Chunk: ix.chunkCfg, Dims: ix.dims,
		NDocs: len(ix.docs), NChunks: len(ix.chunks), NTerms: len(ix.vocab), Seq: ix.seq}); err != nil {
		return 0, fmt.Errorf("encode index head: %w", err)
	}
	fw.section(secHead, head.Bytes())

	var docs bytes.Buffer
	fds := make([]flatDoc, len(ix.docs))
	for i, d := range ix.docs {
		a := d.Article
		a.Text = ""
		fds[i] = flatDoc{Article: a, TextLen: len(d.Text), Hash: d.Hash, N: d.N, Canon: d.Canon, Outlets: d.Outlets}
	}
	if err := gob.NewEncoder(&docs).Encode(fds); err != nil {
		return 0, fmt.Errorf("encode articles: %w", err)
	}
	fw.section(secDocs, docs.Bytes())
	texts := make([][]byte, len(ix.docs))
	for i := range ix.docs {
		texts[i] = unsafe.Slice(unsafe.StringData(ix.docs[i].Text), len(ix.docs[i].Text))
	}
	fw.section(secTexts, texts...)
	fw.section(secChunks, asBytes(ix.chunks))
	fw.section(secVectors, asBytes(ix.vectors.base), asBytes(ix.vectors.more))
	fw.section(secTitles, asBytes(ix.titleVecs.base), asBytes(ix.titleVecs.more))
	fw.section(secArtVecs, asBytes(ix.artVecs))
	var dead []uint32
	for i := range ix.docs {
		if ix.isDead(int32(i)) {
			dead = append(dead, uint32(i))
		}
	}
	fw.section(secDead, asBytes(dead))

	terms := make([]string, len(ix.vocab))
	for t, id := range ix.vocab {
		terms[id] = t
	}
	offs := make([]uint32, 0, len(terms)+1)
	var size uint32
	for _, t := range terms {
		offs = append(offs, size)
		size += uint32(len(t))
	}
	offs = append(offs, size)
	fw.section(secVocabOff, asBytes(offs))
	tb := make([][]byte, len(terms))
	for i, t := range terms {
		tb[i] = unsafe.Slice(unsafe.StringData(t), len(t))
	}
	fw.section(secVocab, tb...)
	for _, l := range []struct {
		lex            *lexical
		len, off, post uint32
	}{{&ix.artLex, secArtLen, secArtOff, secArtPost}, {&ix.chunkLex, secChunkLen, secChunkOff, secChunkPost}} {
		fw.section(l.len, asBytes(l.lex.docLen))
		po := make([]uint64, 0, len(terms)+1)
		var n uint64
		parts := make([][]byte, 0, len(l.lex.postings))
		for t := range terms {
			po = append(po, n)
			n += uint64(l.lex.df(int32(t)))
			if t < len(l.lex.postings) {
				parts = append(parts, asBytes(l.lex.postings[t]))
			}
			if t < len(l.lex.more) {
				parts = append(parts, asBytes(l.lex.more[t]))
			}
		}
		po = append(po, n)
		fw.section(l.off, asBytes(po))
		fw.section(l.post, parts...)
	}

	fw.pad()
	tableOff := fw.n
	table := make([]byte, 0, len(fw.secs)*flatEntry)
	for _, s := range fw.secs {
		table = binary.LittleEndian.AppendUint32(table, s.id)
		table = binary.LittleEndian.AppendUint32(table, s.crc)
		table = binary.LittleEndian.AppendUint64(table, s.off)
		table = binary.LittleEndian.AppendUint64(table, s.len)
	}
	fw.write(table)
	var tr [flatTrailer]byte
	binary.LittleEndian.PutUint64(tr[0:], tableOff)
	binary.LittleEndian.PutUint32(tr[8:], uint32(len(table)))
	binary.LittleEndian.PutUint32(tr[12:], crc32.Checksum(table, castagnoli))
	binary.LittleEndian.PutUint32(tr[16:], flatVersion)
	copy(tr[24:], snapshotMagic[:])
	fw.write(tr[:])
	if fw.err == nil {
		fw.err = fw.w.Flush()
	}
	if fw.err != nil {
		return int64(fw.n), fmt.Errorf("write index: %w", fw.err)
	}
	return int64(fw.n), nil
}

// OpenSnapshot loads the index file at path: mapped into memory where the
// system allows (the mapping lives as long as the process), read whole
// elsewhere. Files of the older, decoded format are read as before. emb must
// be the embedder that built it (ErrEmbedderMismatch otherwise); a damaged
// file gives ErrCorrupt.
func OpenSnapshot(ctx context.Context, path string, emb Embedder) (*Index, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var hdr [headerSize]byte
	if _, err := io.ReadFull(f, hdr[:]); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrCorrupt, err)
	}
	if binary.LittleEndian.Uint32(hdr[8:]) != flatVersion || !bytes.Equal(hdr[:8], snapshotMagic[:]) {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		return ReadSnapshot(ctx, f, emb)
	}
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	data, err := mapFile(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("map index: %w", err)
	}
	return readFlat(ctx, data, func(off, n uint64, want uint32) error {
		return crcOfFile(f, off, n, want)
	}, emb)
}

// crcOfFile checks the CRC-32C of n bytes of f at off, reading through a
// small buffer.
func crcOfFile(f *os.File, off, n uint64, want uint32) error {
	r := io.NewSectionReader(f, int64(off), int64(n))
	h := crc32.New(castagnoli)
	buf := make([]byte, 1<<20)
	if _, err := io.CopyBuffer(h, r, buf); err != nil {
		return err
	}
	if h.Sum32() != want {
		return errors.New("checksum mismatch")
	}
	return nil
}

// readFlat builds an index over data (a file of format 4, mapped or read);
// verify checks a section's checksum (run beside the decoding, on another
// core).
func readFlat(ctx context.Context, data []byte, verify func(off, n uint64, crc uint32) error, emb Embedder) (*Index, error) {
	if !littleEndian {
		return nil, errBigEndian
	}
	corrupt := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, args...))
	}
	if len(data) < 16+flatTrailer {
		return nil, corrupt("truncated")
	}
	tr := data[len(data)-flatTrailer:]
	if !bytes.Equal(tr[24:], snapshotMagic[:]) || binary.LittleEndian.Uint32(tr[16:]) != flatVersion {
		return nil, corrupt("truncated (no trailer)")
	}
	tableOff, tableLen := binary.LittleEndian.Uint64(tr[0:]), uint64(binary.LittleEndian.Uint32(tr[8:]))
	if tableOff > uint64(len(data)-flatTrailer) || tableLen > uint64(len(data)-flatTrailer)-tableOff || tableLen%flatEntry != 0 ||
		tableLen/flatEntry > maxFlatTable {
		return nil, corrupt("bad section table")
	}
	table := data[tableOff : tableOff+tableLen]
	if crc32.Checksum(table, castagnoli) != binary.LittleEndian.Uint32(tr[12:]) {
		return nil, corrupt("section table checksum mismatch")
	}
	secs := make(map[uint32][]byte)
	var check []flatSection
	for k := 0; k < len(table); k += flatEntry {
		s := flatSection{id: binary.LittleEndian.Uint32(table[k:]), crc: binary.LittleEndian.Uint32(table[k+4:]),
			off: binary.LittleEndian.Uint64(table[k+8:]), len: binary.LittleEndian.Uint64(table[k+16:])}
		if s.off%flatAlign != 0 || s.off > tableOff || s.len > tableOff-s.off {
			return nil, corrupt("section %d out of bounds", s.id)
		}
		secs[s.id] = data[s.off : s.off+s.len]
		check = append(check, s)
	}
	// Checksums are verified on another core while the index is put
	// together; a damaged file is reported as damaged whatever the decoding
	// made of it.
	var verr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, s := range check {
			if err := ctx.Err(); err != nil {
				verr = err
				return
			}
			if err := verify(s.off, s.len, s.crc); err != nil {
				verr = corrupt("section %d: %v", s.id, err)
				return
			}
		}
	}()
	ix, err := buildFlat(ctx, secs, emb)
	wg.Wait()
	if verr != nil {
		return nil, verr
	}
	if err != nil {
		var mismatch *MismatchError
		if errors.As(err, &mismatch) || errors.Is(err, ErrCorrupt) || ctx.Err() != nil {
			return nil, err
		}
		return nil, corrupt("%v", err)
	}
	return ix, nil
}

func buildFlat(ctx context.Context, secs map[uint32][]byte, emb Embedder) (*Index, error) {
	var head flatHead
	if err := gob.NewDecoder(bytes.NewReader(secs[secHead])).Decode(&head); err != nil {
		return nil, fmt.Errorf("head: %v", err)
	}
	if head.NDocs < 0 || head.NChunks < 0 || head.NTerms < 0 || head.Dims < 0 || head.Dims > 1<<16 {
		return nil, errors.New("implausible head")
	}
	var fds []flatDoc
	if err := gob.NewDecoder(bytes.NewReader(secs[secDocs])).Decode(&fds); err != nil {
		return nil, fmt.Errorf("articles: %v", err)
	}
	if len(fds) != head.NDocs {
		return nil, fmt.Errorf("%d articles, head says %d", len(fds), head.NDocs)
	}
	texts := secs[secTexts]
	var off int
	docs := make([]doc, len(fds))
	var first int32
	for i, fd := range fds {
		if fd.TextLen < 0 || fd.TextLen > len(texts)-off || fd.N < 0 || int64(first)+int64(fd.N) > int64(head.NChunks) || fd.Canon < 0 || int(fd.Canon) >= len(fds) {
			return nil, fmt.Errorf("article %d out of range", i)
		}
		a := fd.Article
		if fd.TextLen > 0 {
			a.Text = unsafe.String(&texts[off], fd.TextLen)
		}
		off += fd.TextLen
		docs[i] = doc{Article: a, Hash: fd.Hash, First: first, N: fd.N, Canon: fd.Canon, Outlets: fd.Outlets}
		first += fd.N
	}
	if emb == nil || head.Embedder != emb.Name() {
		name := "<none>"
		if emb != nil {
			name = emb.Name()
		}
		arts := make([]byline.Article, len(docs))
		for i := range docs {
			arts[i] = docs[i].Article
			arts[i].Text = strings.Clone(arts[i].Text)
		}
		return nil, &MismatchError{Built: head.Embedder, Configured: name, Articles: arts}
	}
	ix := &Index{embedder: emb, embName: head.Embedder, chunkCfg: head.Chunk, dims: head.Dims, seq: head.Seq,
		docs: docs, byID: make(map[string]int32, len(docs))}
	ix.chunks = view[chunk](secs[secChunks])
	if len(ix.chunks) != head.NChunks || int(first) != head.NChunks {
		return nil, fmt.Errorf("%d chunks, articles say %d", len(ix.chunks), first)
	}
	if dead := view[uint32](secs[secDead]); len(dead) > 0 {
		ix.dead = make([]bool, len(ix.docs))
		for _, i := range dead {
			if int(i) >= len(ix.docs) || ix.dead[i] {
				return nil, fmt.Errorf("tombstone %d out of range", i)
			}
			ix.dead[i] = true
		}
		ix.nDead = len(dead)
	}
	for i := range ix.docs {
		d := &ix.docs[i]
		if !ix.isDead(int32(i)) {
			ix.byID[d.ID] = int32(i)
		}
		for c := d.First; c < d.First+d.N; c++ {
			ch := ix.chunks[c]
			if ch.Doc != int32(i) || ch.Start < 0 || ch.End < ch.Start || int(ch.End) > len(d.Text) {
				return nil, fmt.Errorf("article %s: chunk out of range", d.ID)
			}
		}
		if d.Published.After(ix.newest) {
			ix.newest = d.Published
		}
	}
	ix.vectors.base = view[float32](secs[secVectors])
	ix.titleVecs.base = view[float32](secs[secTitles])
	artVecs := view[float32](secs[secArtVecs])
	want := func(what string, got, n int) error {
		if got != n*ix.dims {
			return fmt.Errorf("%d %s values for %d rows of %d", got, what, n, ix.dims)
		}
		return nil
	}
	if err := errors.Join(want("vector", ix.vectors.size(), len(ix.chunks)), want("title vector", ix.titleVecs.size(), len(ix.docs)),
		want("article vector", len(artVecs), len(ix.docs))); err != nil {
		return nil, err
	}
	if head.Derived != derivedVersion {
		// Written by a build that tokenized or grouped differently.
		ix.buildLexical()
		ix.groupDuplicates()
		ix.rederived = true
		ix.derived = derivedVersion
		return ix, ix.buildVectors(ctx)
	}
	ix.derived = derivedVersion
	vo, vb := view[uint32](secs[secVocabOff]), secs[secVocab]
	if len(vo) != head.NTerms+1 {
		return nil, fmt.Errorf("%d vocabulary offsets for %d terms", len(vo), head.NTerms)
	}
	ix.vocab = make(vocabulary, head.NTerms)
	for t := 0; t < head.NTerms; t++ {
		a, b := vo[t], vo[t+1]
		if a > b || int(b) > len(vb) {
			return nil, fmt.Errorf("term %d out of range", t)
		}
		ix.vocab[unsafe.String(unsafe.SliceData(vb[a:b]), int(b-a))] = int32(t)
	}
	var err error
	if ix.artLex, err = flatLexical(secs[secArtLen], secs[secArtOff], secs[secArtPost], len(ix.docs), head.NTerms); err != nil {
		return nil, fmt.Errorf("article index: %v", err)
	}
	if ix.chunkLex, err = flatLexical(secs[secChunkLen], secs[secChunkOff], secs[secChunkPost], len(ix.chunks), head.NTerms); err != nil {
		return nil, fmt.Errorf("chunk index: %v", err)
	}
	// The collection gets copies: chromem-go may normalize what it is given.
	ix.artVecs = append([]float32(nil), artVecs...)
	return ix, ix.addToCollection(ctx)
}

// flatLexical puts a BM25 index together over its sections.
func flatLexical(lens, offs, posts []byte, docs, terms int) (lexical, error) {
	l := lexical{docLen: view[float32](lens)}
	if len(l.docLen) != docs {
		return l, fmt.Errorf("%d document lengths for %d documents", len(l.docLen), docs)
	}
	po, all := view[uint64](offs), view[posting](posts)
	if len(po) != terms+1 || po[terms] != uint64(len(all)) {
		return l, errLexical
	}
	l.postings = make([][]posting, terms)
	for t := range l.postings {
		a, b := po[t], po[t+1]
		if a > b || b > uint64(len(all)) {
			return l, errLexical
		}
		if a < b {
			l.postings[t] = all[a:b:b]
		}
	}
	l.finish()
	return l, nil
}

// Seq is the position in the article journal that the index reflects (zero
// when none was set).
func (ix *Index) Seq() uint64 { return ix.seq }

// SetSeq records the journal position the index reflects; call it before
// the index is shared.
func (ix *Index) SetSeq(seq uint64) { ix.seq = seq }

// readAll reads size bytes of f into memory aligned for the sections' views.
func readAll(f *os.File, size int64) ([]byte, error) {
	buf := asBytes(make([]uint64, (size+7)/8))[:size]
	if _, err := f.ReadAt(buf, 0); err != nil {
		return nil, err
	}
	return buf, nil
}

// alignedCopy returns a followed by b in memory aligned to 8 bytes.
func alignedCopy(a, b []byte) []byte {
	n := len(a) + len(b)
	if n == 0 {
		return nil
	}
	out := asBytes(make([]uint64, (n+7)/8))[:n]
	copy(out[copy(out, a):], b)
	return out
}
