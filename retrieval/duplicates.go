package retrieval

import (
	"cmp"
	"slices"
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

// hashDoc is one sampled shingle of one article.
type hashDoc struct {
	h uint64
	d int32
}

// groupDuplicates finds near-duplicate articles (the same story syndicated
// by several outlets, or one page under several URLs) and points each copy
// at one canonical article (the one with the smallest id) that lists every
// outlet.
func (ix *Index) groupDuplicates() {
	docs := make([]int32, 0, len(ix.docs))
	parent := make([]int32, len(ix.docs))
	for i := range parent {
		parent[i] = int32(i)
		if !ix.isDead(int32(i)) {
			docs = append(docs, int32(i))
		}
	}
	ix.linkCopies(ix.shingles(docs, nil, nil), parent, nil, nil)
	for i := range ix.docs {
		ix.docs[i].Canon = int32(i)
		ix.docs[i].Outlets = nil
	}
	ix.applyGroups(parent, func(int32) bool { return true })
}

// groupAppended groups the articles from index first on, just appended, as
// groupDuplicates would: against each other, the undated articles, and the
// articles published within the duplicate window of any of them (copies
// appear within days). Existing groups keep their canonical article unless
// a new copy with a smaller id joins them. One difference from a full
// build remains: furniture is judged among these articles only, so a line
// shared by many articles over months, none of them near, counts as story
// here (a full re-index regroups).
func (ix *Index) groupAppended(first int) {
	// The windows of duplicateMaxDays around each new article's date, merged.
	window := duplicateMaxDays * 24 * time.Hour
	var spans [][2]time.Time
	for i := first; i < len(ix.docs); i++ {
		if p := ix.docs[i].Published; !p.IsZero() {
			spans = append(spans, [2]time.Time{p.Add(-window), p.Add(window)})
		}
	}
	slices.SortFunc(spans, func(a, b [2]time.Time) int { return a[0].Compare(b[0]) })
	var merged [][2]time.Time
	for _, sp := range spans {
		if n := len(merged); n > 0 && !sp[0].After(merged[n-1][1]) {
			if sp[1].After(merged[n-1][1]) {
				merged[n-1][1] = sp[1]
			}
			continue
		}
		merged = append(merged, sp)
	}
	var docs []int32
	for i := range first {
		if ix.isDead(int32(i)) {
			continue
		}
		p := ix.docs[i].Published
		if p.IsZero() {
			// An unknown date is close to any (closeInTime).
			docs = append(docs, int32(i))
			continue
		}
		k, _ := slices.BinarySearchFunc(merged, p, func(sp [2]time.Time, t time.Time) int {
			if sp[1].Before(t) {
				return -1
			}
			return 0
		})
		if k < len(merged) && !p.Before(merged[k][0]) {
			docs = append(docs, int32(i))
		}
	}
	for i := first; i < len(ix.docs); i++ {
		docs = append(docs, int32(i))
	}
	parent := make([]int32, len(ix.docs))
	for i := range parent {
		parent[i] = ix.docs[i].Canon
	}
	for i := first; i < len(ix.docs); i++ {
		parent[i] = int32(i)
	}
	isNew := func(d int32) bool { return int(d) >= first }
	// Only shingles a new article has can link it to anything: the others
	// are counted, not collected (the window around a busy day holds
	// thousands of articles, and sorting all their shingles cost seconds).
	fresh := ix.shingles(docs[len(docs)-(len(ix.docs)-first):], nil, nil)
	has := make(map[uint64]bool, len(fresh))
	for _, x := range fresh {
		has[x.h] = true
	}
	total := make([]int, len(ix.docs))
	all := ix.shingles(docs, func(h uint64) bool { return has[h] }, total)
	ix.linkCopies(all, parent, total, func(a, b int32) bool { return isNew(a) || isNew(b) })
	// Only groups a new article joined change: their members get the new
	// root, and the root lists every member's outlet.
	touched := make(map[int32]bool)
	for i := first; i < len(ix.docs); i++ {
		touched[find(parent, int32(i))] = true
	}
	ix.applyGroups(parent, func(root int32) bool { return touched[root] })
}

// shingles returns the sampled shingles of docs, each once per article,
// sorted by hash then article: those keep accepts (all, when nil). total,
// when not nil, gets each article's count of sampled shingles, kept or not.
func (ix *Index) shingles(docs []int32, keep func(uint64) bool, total []int) []hashDoc {
	var all []hashDoc
	if keep == nil {
		// About one sampled shingle per shingleSample words of about six
		// bytes: grown by append instead, the array was copied over and
		// over (a tenth of a full build's CPU) and held twice at its peak.
		var n int
		for _, i := range docs {
			n += len(ix.docs[i].Text)
		}
		all = make([]hashDoc, 0, n/(6*shingleSample)+len(docs))
	}
	var words, mine []uint64
	for _, i := range docs {
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
			if k > 0 && h == mine[k-1] {
				continue
			}
			if total != nil {
				total[i]++
			}
			if keep == nil || keep(h) {
				all = append(all, hashDoc{h, i})
			}
		}
	}
	slices.SortFunc(all, func(a, b hashDoc) int {
		if c := cmp.Compare(a.h, b.h); c != 0 {
			return c
		}
		return cmp.Compare(a.d, b.d)
	})
	return all
}

// linkCopies joins in parent (a union-find forest over every article) the
// pairs of articles that share most of their story shingles and came out
// close in time; only pairs that consider accepts (all, when nil) are
// looked at. total is each article's count of sampled shingles; nil when
// all holds every one of them.
func (ix *Index) linkCopies(all []hashDoc, parent []int32, total []int, consider func(a, b int32) bool) {
	if total == nil {
		total = make([]int, len(ix.docs)) // sampled shingles per article
		for _, x := range all {
			total[x.d]++
		}
	}
	story := make([]int, len(ix.docs)) // sampled story shingles per article
	var runs [][2]int32                // story shingles: [lo, hi) in all
	for lo := 0; lo < len(all); {
		hi := lo + 1
		for hi < len(all) && all[hi].h == all[lo].h {
			hi++
		}
		if n := hi - lo; n <= boilerplateDocs || n <= maxShingleDocs && ix.titles(all[lo:hi]) <= boilerplateDocs {
			runs = append(runs, [2]int32{int32(lo), int32(hi)})
			for x := lo; x < hi; x++ {
				story[all[x].d]++
			}
		}
		lo = hi
	}
	// Each article's story shingles (its runs, as compressed rows), so that
	// the shingles it shares with each later article are counted one article
	// at a time in a small map, not in a map of every pair at once (at 60,000
	// articles, hundreds of millions of increments).
	start := make([]int32, len(ix.docs)+1)
	for _, r := range runs {
		for x := r[0]; x < r[1]; x++ {
			start[all[x].d+1]++
		}
	}
	for i := range ix.docs {
		start[i+1] += start[i]
	}
	member := make([]int32, start[len(ix.docs)])
	next := slices.Clone(start[:len(ix.docs)])
	for k, r := range runs {
		for x := r[0]; x < r[1]; x++ {
			d := all[x].d
			member[next[d]] = int32(k)
			next[d]++
		}
	}
	shared := make(map[int32]int) // later article -> story shingles in common
	for a := range int32(len(ix.docs)) {
		if start[a] == start[a+1] {
			continue
		}
		clear(shared)
		for _, k := range member[start[a]:start[a+1]] {
			for _, x := range all[runs[k][0]:runs[k][1]] {
				if b := x.d; b > a && (consider == nil || consider(a, b)) {
					shared[b]++
				}
			}
		}
		for b, n := range shared {
			// The story shingles in common must be most of the smaller
			// article, furniture included: two pages that share a template
			// and one news item are not copies.
			if min(story[a], story[b]) < minStoryShingles || float64(n) < duplicateShare*float64(min(total[a], total[b])) ||
				!closeInTime(ix.docs[a].Published, ix.docs[b].Published) {
				continue
			}
			ra, rb := find(parent, a), find(parent, b)
			if ra != rb {
				// The smallest id leads its group, whatever the order of
				// the pairs and whatever order the articles were indexed in
				// (appended ones come last): its chunks speak for the story
				// in vector search.
				if ix.docs[rb].ID < ix.docs[ra].ID {
					ra, rb = rb, ra
				}
				parent[rb] = ra
			}
		}
	}
}

// find returns x's root in the union-find forest parent.
func find(parent []int32, x int32) int32 {
	for parent[x] != x {
		parent[x] = parent[parent[x]]
		x = parent[x]
	}
	return x
}

// applyGroups points every article whose root redo accepts at that root,
// and gives the root the outlets of all its members (a fresh slice: an
// index shares its documents' slices with the one it was made from).
func (ix *Index) applyGroups(parent []int32, redo func(root int32) bool) {
	outlets := make(map[int32][]string)
	for i := range ix.docs {
		c := find(parent, int32(i))
		if !redo(c) {
			continue
		}
		ix.docs[i].Canon = c
		if name := outletName(ix.docs[i].Article); name != "" && !slices.Contains(outlets[c], name) {
			outlets[c] = append(outlets[c], name)
		}
	}
	for i := range ix.docs {
		if c := ix.docs[i].Canon; int32(i) == c && redo(c) {
			ix.docs[i].Outlets = outlets[c]
		} else if redo(find(parent, int32(i))) {
			ix.docs[i].Outlets = nil
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
