package feedback

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/byline-bot/byline/internal/text"
)

// Gap is a topic members asked about that the articles did not serve: the
// questions that got "not covered" or a "not helpful" vote, grouped.
type Gap struct {
	// Topic is the group's most frequent words.
	Topic string `json:"topic"`
	// Questions counts the questions in the group; NotCovered and
	// NotHelpful split them by what happened (an unhelpful "not covered"
	// counts as not covered).
	Questions  int `json:"questions"`
	NotCovered int `json:"not_covered"`
	NotHelpful int `json:"not_helpful"`
	// Example is the group's most recent question.
	Example string    `json:"example"`
	Last    time.Time `json:"last"`
	// Closest are the articles the answers came closest with, most often
	// named first: where a missing story might be added or extended.
	Closest []Source `json:"closest"`
}

// maxClosest is how many closest articles a gap lists.
const maxClosest = 3

// Gaps groups the questions since the given time that got "not covered" or
// whose current votes include "not helpful", largest group first.
func (s *Store) Gaps(since time.Time) []Gap {
	type item struct {
		a          Answer
		notCovered bool
		terms      map[string]bool
	}
	s.mu.Lock()
	var items []item
	for _, id := range s.order {
		a := s.answers[id]
		if a.Time.Before(since) {
			continue
		}
		unhelpful := false
		for _, v := range s.votes[id] {
			unhelpful = unhelpful || v == NotHelpful
		}
		if a.Mode != ModeNotCovered && !unhelpful {
			continue
		}
		it := item{a: *a, notCovered: a.Mode == ModeNotCovered, terms: map[string]bool{}}
		it.a.Sources = slices.Clone(a.Sources)
		for _, t := range text.Terms(a.Question) {
			it.terms[t] = true
		}
		items = append(items, it)
	}
	s.mu.Unlock()

	// Single-link grouping: two questions share a topic when at least half
	// of the shorter one's terms are in the other (or they are the same
	// words). Union-find keeps it one pass over the pairs.
	parent := make([]int, len(items))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			if related(items[i].terms, items[j].terms) {
				parent[find(j)] = find(i)
			}
		}
	}
	groups := map[int][]item{}
	var roots []int
	for i := range items {
		r := find(i)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], items[i])
	}

	gaps := make([]Gap, 0, len(roots))
	for _, r := range roots {
		g := Gap{}
		words := map[string]int{}
		seen := map[string]int{} // article key -> index in closest
		var closest []Source
		var counts []int
		for _, it := range groups[r] {
			g.Questions++
			if it.notCovered {
				g.NotCovered++
			} else {
				g.NotHelpful++
			}
			if !it.a.Time.Before(g.Last) {
				g.Last, g.Example = it.a.Time, it.a.Question
			}
			for _, w := range uniqueWords(it.a.Question) {
				words[w]++
			}
			for _, src := range it.a.Sources {
				key := cmp.Or(src.ArticleID, src.URL, src.Title)
				if k, ok := seen[key]; ok {
					counts[k]++
					continue
				}
				seen[key] = len(closest)
				closest = append(closest, src)
				counts = append(counts, 1)
			}
		}
		// Most often named first; ties keep the order answers gave them.
		idx := make([]int, len(closest))
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(a, b int) int { return counts[b] - counts[a] })
		for _, i := range idx[:min(len(idx), maxClosest)] {
			g.Closest = append(g.Closest, closest[i])
		}
		if g.Closest == nil {
			g.Closest = []Source{}
		}
		g.Topic = topic(words)
		gaps = append(gaps, g)
	}
	slices.SortStableFunc(gaps, func(a, b Gap) int {
		return cmp.Or(b.Questions-a.Questions, b.Last.Compare(a.Last))
	})
	return gaps
}

// related reports whether two questions' terms share a topic.
func related(a, b map[string]bool) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	shared := 0
	for t := range a {
		if b[t] {
			shared++
		}
	}
	return shared > 0 && 2*shared >= min(len(a), len(b))
}

// uniqueWords are a question's words worth naming a topic by, each once.
func uniqueWords(q string) []string {
	var out []string
	for _, w := range text.Words(q) {
		if len([]rune(w)) < 3 || text.IsStopword(w) || slices.Contains(out, w) || questionWords[w] {
			continue
		}
		out = append(out, w)
	}
	return out
}

// questionWords say that something is asked, not what about.
var questionWords = map[string]bool{"what": true, "who": true, "why": true, "how": true, "when": true, "where": true,
	"which": true, "did": true, "does": true, "said": true, "say": true, "tell": true, "about": true, "news": true}

// topic names a group by its most frequent words (up to three).
func topic(words map[string]int) string {
	ws := make([]string, 0, len(words))
	for w := range words {
		ws = append(ws, w)
	}
	slices.SortFunc(ws, func(a, b string) int { return cmp.Or(words[b]-words[a], strings.Compare(a, b)) })
	return strings.Join(ws[:min(3, len(ws))], ", ")
}
