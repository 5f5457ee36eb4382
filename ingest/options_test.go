package ingest

import (
	"testing"

	"github.com/byline-bot/byline"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/byline-bot/byline/config"
)

// testLoader returns a Loader for opts, whose zero MaxBytes and Timeout take
// the product's defaults from config, where they are defined.
func testLoader(t testing.TB, opts Options) *Loader {
	t.Helper()
	d := config.Default().Index
	if opts.MaxBytes == 0 {
		opts.MaxBytes = d.MaxFileBytes
	}
	if opts.Timeout == 0 {
		opts.Timeout = d.FetchTimeout
	}
	l, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// ignoreDoc leaves Article.Doc out of comparisons of parsed articles;
// TestDocAndUnread checks it.
var ignoreDoc = cmpopts.IgnoreFields(byline.Article{}, "Doc")
