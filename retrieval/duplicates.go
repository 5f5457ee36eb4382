package retrieval

import (
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/byline-bot/byline"
)

// Duplicate detection. Copies of a syndicated story share most of their
// word 5-grams ("shingles"). Shingles found in many articles are page
// furniture (a video player's notice, a newsletter's sign-up line), not the
// story: they are left out, so that pages with the same boilerplate and
// different stories stay apart. Furniture is shared by pages about different
// things, under different headlines; a widely carried story keeps its
// headline in most copies, so a shingle counts as furniture when the
// articles holding it have many different titles. Copies appear within days
// of each other.
const (
	shingleSample    = 4   // keep the shingles whose hash is 0 mod this
	boilerplateDocs  = 20  // a shingle in articles with more titles than this is furniture
	maxShingleDocs   = 200 // a shingle in more articles than this is furniture, whatever their titles
	minStoryShingles = 5   // sampled story shingles an article needs to be matched at all
	duplicateShare   = 0.7 // share of the smaller article's shingles that must be story shingles in common
	duplicateMaxDays = 3   // copies are published at most this many days apart
	shingleWords     = 5
)

// groupDuplicates finds near-duplicate articles (the same story syndicated
// by several outlets, or one page under several URLs) and points each copy
// at one canonical article (the first in id order) that lists every outlet.
// hashDoc is one sampled shingle of one article.
type hashDoc struct {
	h uint64
	d int32
}

func (ix *Index) groupDuplicates() {
	var all []hashDoc
	var words, mine []uint64
	for i := range ix.docs {
		words = wordHashes(ix.docs[i].Text, words[:0])
		mine = mine[:0]
		for w := 0; w+shingleWords <= len(words); w++ {
			h := uint64(fnvOffset)
			for _, x := range words[w : w+shingleWords] {
				h = (h ^ x) * fnvPrime
			}
			if h%shingleSample == 0 {
				mine = append(mine, h)
			}
		}
		slices.Sort(mine)
		for k, h := range mine {
			if k == 0 || h != mine[k-1] {
				all = append(all, hashDoc{h, int32(i)})
			}
		}
	}
	sort.Slice(all, func(a, b int) bool {
		if all[a].h != all[b].h {
			return all[a].h < all[b].h
		}
		return all[a].d < all[b].d
	})
	total := make([]int, len(ix.docs)) // sampled shingles per article
	for _, x := range all {
		total[x.d]++
	}
	story := make([]int, len(ix.docs)) // sampled story shingles per article
	shared := make(map[uint64]int)     // a<<32|b (a < b) -> story shingles in common
	for lo := 0; lo < len(all); {
		hi := lo + 1
		for hi < len(all) && all[hi].h == all[lo].h {
			hi++
		}
		if n := hi - lo; n <= boilerplateDocs || n <= maxShingleDocs && ix.titles(all[lo:hi]) <= boilerplateDocs {
			for x := lo; x < hi; x++ {
				story[all[x].d]++
				for y := x + 1; y < hi; y++ {
					shared[uint64(all[x].d)<<32|uint64(all[y].d)]++
				}
			}
		}
		lo = hi
	}
	parent := make([]int32, len(ix.docs))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for key, n := range shared {
		a, b := int32(key>>32), int32(key&(1<<32-1))
		// The story shingles in common must be most of the smaller article,
		// furniture included: two pages that share a template and one news
		// item are not copies.
		if min(story[a], story[b]) < minStoryShingles || float64(n) < duplicateShare*float64(min(total[a], total[b])) ||
			!closeInTime(ix.docs[a].Published, ix.docs[b].Published) {
			continue
		}
		ra, rb := find(a), find(b)
		if ra != rb {
			// The smallest index leads its group, whatever the map order.
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	for i := range ix.docs {
		ix.docs[i].Canon = int32(i)
		ix.docs[i].Outlets = nil
	}
	for i := range ix.docs {
		c := find(int32(i))
		ix.docs[i].Canon = c
		name := outletName(ix.docs[i].Article)
		canon := &ix.docs[c]
		if name != "" && !slices.Contains(canon.Outlets, name) {
			canon.Outlets = append(canon.Outlets, name)
		}
	}
}

// titles counts the different titles (case-folded) of the articles holding
// one shingle.
func (ix *Index) titles(run []hashDoc) int {
	seen := make(map[string]bool, len(run))
	for _, x := range run {
		seen[strings.ToLower(ix.docs[x.d].Title)] = true
	}
	return len(seen)
}

// closeInTime reports whether two publication dates are close enough for
// the articles to be copies of one story (an unknown date does not object).
func closeInTime(a, b time.Time) bool {
	if a.IsZero() || b.IsZero() {
		return true
	}
	d := a.Sub(b)
	if d < 0 {
		d = -d
	}
	return d <= duplicateMaxDays*24*time.Hour
}

// outletName is the article's source, or its URL's host.
func outletName(a byline.Article) string {
	if a.Source != "" {
		return a.Source
	}
	u := a.URL
	if k := strings.Index(u, "://"); k >= 0 {
		u = u[k+3:]
		if k := strings.IndexByte(u, '/'); k >= 0 {
			u = u[:k]
		}
		return strings.TrimPrefix(u, "www.")
	}
	return ""
}

// FNV-1a, 64 bits, applied to whole runes (in wordHashes) and to whole
// word hashes (in shingles) rather than to bytes as hash/fnv does. The
// values decide which shingles are sampled, hence the duplicate groups a
// snapshot stores: hash/fnv would change them (2 of the 3,786 eval articles
// changed group when tried). Changing this means bumping derivedVersion.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// wordHashes appends a hash of each word of text (letters and digits,
// case-folded) to out.
func wordHashes(text string, out []uint64) []uint64 {
	h, in := uint64(fnvOffset), false
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			h = (h ^ uint64(unicode.ToLower(r))) * fnvPrime
			in = true
			continue
		}
		if in {
			out = append(out, h)
			h, in = fnvOffset, false
		}
	}
	if in {
		out = append(out, h)
	}
	return out
}
