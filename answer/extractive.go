package answer

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/internal/text"
	"github.com/byline-bot/byline/retrieval"
)

// The extractive answer: with no model (or when the model fails), the
// answer is 1-4 sentences quoted verbatim from the evidence, chosen by the
// question's words and by the kind of answer asked for (asked.go, judge.go).

// sentence is a candidate sentence for an extractive answer.
type sentence struct {
	ev    int // index into evidence
	text  string
	start int // byte offset in the article text
	score float64
	// backdated is set when the sentence dates itself before its article
	// (see backdated) and the question names no year nor asks when.
	backdated bool
}

// titleStart marks a candidate that is its article's title, not a
// sentence of its text.
const titleStart = -1

// citableTitle reports whether art's title can be quoted as a line of its
// own: a headline, not the first words of the text again (a snippet's
// title, a video page's) nor a title made from the URL's words
// ("nissan frontier titan recall"), which no page printed.
func citableTitle(art byline.Article) bool {
	t := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(art.Title), ".…"))
	if t == "" || strings.HasPrefix(art.Text, t) {
		return false
	}
	rest := t[1:]
	return strings.ToLower(rest) != rest
}

// extractive builds an answer from 1-4 sentences of the evidence, each cited.
func extractive(q string, ev []evidence, results []retrieval.Result, note string) Answer {
	given := len(ev)
	ev = withMorePassages(ev, results)
	qterms := termSet(q)
	asked := readQuestion(q)
	focus := map[string]bool{}
	for _, t := range asked.Focus {
		focus[t] = true
	}
	// The names of the context are what the question is about ("actress
	// Nichelle Nichols … Which role"): they weigh as the clause's words.
	for _, n := range names(q) {
		for _, t := range text.Terms(n) {
			focus[t] = true
		}
	}
	// The asked verb counts in any inflection ("announced" for "what did
	// she announce", "reopens" for "when will it reopen"): else a sentence
	// that states it in another tense weighs less than one that does not
	// state it at all. Only the verb: other words matched by their stems
	// (a name's "acquire" for "acquired") let chance matches in.
	qstems := map[string]string{}
	wanted := map[string]bool{}
	for t := range qterms {
		if st := text.Porter(t); slices.Contains(asked.Predicate, st) {
			qstems[t] = st
			wanted[st] = true
		}
	}
	var cands []sentence
	df := map[string]int{}
	sdf := map[string]int{} // sentences per asked verb stem
	var all []sentence
	titled := map[string]bool{}
	for i, e := range ev {
		for _, sp := range candidateSpans(e.passage.Text) {
			text := e.passage.Text[sp[0]:sp[1]]
			all = append(all, sentence{ev: i, text: text, start: e.passage.Start + sp[0]})
			for t := range termSet(text) {
				df[t]++
			}
			for st := range verbStems(text, wanted) {
				sdf[st]++
			}
		}
		// A headline often states the answer its story's sentences take
		// for granted ("Stromboli emits lava" over "the volcano erupted").
		if art := e.result.Article; !titled[art.ID] && citableTitle(art) {
			titled[art.ID] = true
			all = append(all, sentence{ev: i, text: art.Title, start: titleStart})
			for t := range termSet(art.Title) {
				df[t]++
			}
			for st := range verbStems(art.Title, wanted) {
				sdf[st]++
			}
		}
	}
	// The noun a question asks for a name with ("which city", "which
	// company") says what kind of thing the answer is: the sentence that
	// answers names it ("Selvia was chosen to host"), a restatement
	// repeats the noun ("Cities are competing to host"). So it does not
	// weigh; for other kinds ("which role", "which menu item") the noun is
	// often all the sentence says of what is asked, and it does.
	kindNoun := ""
	if asked.Kind == KindPerson || asked.Kind == KindOrg || asked.Kind == KindPlace {
		kindNoun, _ = text.Term(asked.Noun)
	}
	for si, s := range all {
		terms := termSet(s.text)
		stems := verbStems(s.text, wanted)
		before := precedingTerms(all, si)
		// Each question term counts by its IDF among the evidence sentences
		// (a term only the sentence before it has, by precedingWeight).
		var score float64
		for t := range qterms {
			if t == kindNoun {
				continue
			}
			if terms[t] {
				score += math.Log(1+float64(len(all))/float64(df[t])) * clauseWeight(t, focus)
			} else if qstems[t] != "" && stems[qstems[t]] {
				score += math.Log(1+float64(len(all))/float64(sdf[qstems[t]])) * clauseWeight(t, focus)
			} else if before[t] {
				score += precedingWeight * math.Log(1+float64(len(all))/float64(df[t])) * clauseWeight(t, focus)
			} else if statesForm(s.text, text.OtherForms(t)) {
				// The asked verb in another of its forms ("bought" for
				// "acquired", "beat" for "won") counts as the verb.
				score += math.Log(1+float64(len(all))/float64(max(df[t], 1))) * clauseWeight(t, focus)
			}
		}
		// A question quoted back (an article that asks it too) answers nothing.
		if score == 0 || !quotable(s.text) || strings.HasSuffix(strings.TrimRight(s.text, "\"'”’) "), "?") {
			continue
		}
		// Only a sentence that states an answer of the kind asked, about
		// what is asked, answers ("who won" needs a name and a win).
		e := ev[s.ev]
		art := e.result.Article
		if !asked.answers(s.text, e.passage.Text, art.Title, publishedYear(art), qterms) {
			continue
		}
		// A sentence weighs as its passage does among the evidence (the
		// article's score times the passage's, as retrieval.TopPassages
		// ranks them): a matching sentence of the best article beats one
		// that shares a word by chance in a weaker one.
		s.score = score * e.result.Score / math.Max(results[0].Score, 1e-12)
		if s.start != titleStart {
			s.score *= e.passage.Score / math.Max(e.result.Passages[0].Score, 1e-12)
		}
		if asked.Kind == KindNumber {
			s.score *= countWeight(s.text, asked.Unit)
		}
		s.backdated = asked.Kind != KindDate && len(asked.Years) == 0 && backdated(s.text, publishedYear(art))
		// A news story states its news in its lead: of two sentences that
		// answer alike, the one in the first paragraph is likelier the fact
		// the question is about than a later aside or background.
		if s.start != titleStart && s.start < leadBytes {
			s.score *= leadWeight
		}
		cands = append(cands, s)
	}
	// The further passages of other articles choose among answers, they
	// never make one: a question that neither the evidence nor the best
	// article (whose coverage let the question through) answers stays
	// "not covered", unless a further sentence states the whole question
	// and its answer (see statesWhole).
	if !slices.ContainsFunc(cands, func(c sentence) bool {
		return c.ev < given || ev[c.ev].result == &results[0] || asked.statesWhole(c.text)
	}) {
		cands = nil
	}
	weighBackground(cands, ev)
	if asked.Kind != KindNumber && asked.Kind != KindDate && asked.Kind != KindYesNo {
		voteNames(cands, ev, results, qterms)
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	var chosen []sentence
	total := 0
	for _, c := range cands {
		if len(chosen) == 4 || (len(chosen) > 0 && (c.score < 0.5*chosen[0].score || total+len(c.text) > 700)) {
			break
		}
		dup := false
		for _, o := range chosen {
			if o.text == c.text || (o.ev == c.ev && o.start == c.start) {
				dup = true
			}
		}
		if dup {
			continue
		}
		chosen = append(chosen, c)
		total += len(c.text)
	}
	if len(chosen) == 0 {
		return notCovered(results)
	}
	chosen = withAntecedents(chosen, ev, asked, qterms)
	return quoted(extractiveLabel, "\n“%s” [%d]", chosen, ev, results, note)
}

// verbStems returns those of the stems in want that lowercase words of s
// have as their Porter stems: the forms a verb can take in running text (a
// capitalized "Acquire" is a name, not the verb). A word is stemmed only
// when it begins as a wanted stem does (Porter changes a word's ending
// only, and at most the stem's last letter: "happy" is "happi"), so most
// words of a sentence cost a prefix test.
func verbStems(s string, want map[string]bool) map[string]bool {
	if len(want) == 0 {
		return nil
	}
	var m map[string]bool
	for _, f := range strings.Fields(s) {
		w := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) })
		if w == "" || strings.ToLower(w) != w || !beginsAsAny(w, want) {
			continue
		}
		if st := text.Porter(w); want[st] {
			if m == nil {
				m = map[string]bool{}
			}
			m[st] = true
		}
	}
	return m
}

// beginsAsAny reports whether w begins as one of stems does, all but the
// stem's last letter.
func beginsAsAny(w string, stems map[string]bool) bool {
	for st := range stems {
		if strings.HasPrefix(w, st[:max(len(st)-1, 0)]) {
			return true
		}
	}
	return false
}

// backgroundWeight is the weight of a sentence that dates itself before its
// article when another sentence of that article answers too (see
// weighBackground).
const backgroundWeight = 0.8

// weighBackground weighs down a story's background: of two sentences of
// one article that answer alike, the one dated before the story ("was
// asked last year to rule", "was first proposed in 2015") is its
// background, the other its news. Across articles a dated sentence keeps
// its weight: "In 2012 Facebook bought Instagram" is the fact, and the
// date a "when" question asks for may be any year.
func weighBackground(cands []sentence, ev []evidence) {
	news := map[string]bool{} // article ids with an undated candidate
	for _, c := range cands {
		if !c.backdated {
			news[ev[c.ev].result.Article.ID] = true
		}
	}
	for i, c := range cands {
		if c.backdated && news[ev[c.ev].result.Article.ID] {
			cands[i].score *= backgroundWeight
		}
	}
}

// backdated reports whether s dates what it says before its article's year
// pubYear: it names "last year", "years ago" or an earlier year, and no day
// of the story's own week ("on Friday", "this week", "today").
func backdated(s, pubYear string) bool {
	py, err := strconv.Atoi(pubYear)
	if err != nil {
		return false
	}
	lower := strings.ToLower(s)
	if reStoryDay.MatchString(lower) {
		return false
	}
	if strings.Contains(lower, "last year") || strings.Contains(lower, "years ago") {
		return true
	}
	for _, y := range reYearWord.FindAllString(s, -1) {
		if n, _ := strconv.Atoi(y); n < py {
			return true
		}
	}
	return false
}

// reStoryDay matches a day of the story's own week.
var reStoryDay = regexp.MustCompile(`\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight|yesterday|this week|this weekend)\b`)

// leadBytes is about the first paragraph of an article (two or three
// sentences); its sentences weigh leadWeight times as much. Measured on the
// RealTime QA dev questions: 1.2-1.3 over the first 300-1,000 bytes gave the
// same; 1.4 and more, or 1,500 bytes, less.
const (
	leadBytes  = 500
	leadWeight = 1.3
)

// voteNames weighs each candidate sentence by the name it gives that the
// question does not: a name the evidence repeats (in several articles, or
// in an article's title as well as its text) is likelier the answer than one
// a single sentence mentions in passing. A name counts once per article, by
// the article's score relative to the best.
func voteNames(cands []sentence, ev []evidence, results []retrieval.Result, qterms map[string]bool) {
	type seen struct{ name, article string }
	votes := map[string]float64{}
	counted := map[seen]bool{}
	best := math.Max(results[0].Score, 1e-12)
	lower := make([]string, len(ev))
	for i, e := range ev {
		lower[i] = strings.ToLower(e.result.Article.Title + "\n" + e.passage.Text)
	}
	for _, c := range cands {
		for _, n := range newNames(c.text, ev[c.ev].passage.Text, qterms) {
			key := strings.ToLower(n)
			if _, ok := votes[key]; ok {
				continue
			}
			votes[key] = 0
			for i, e := range ev {
				art := e.result.Article
				if counted[seen{key, art.ID}] {
					continue
				}
				if strings.Contains(lower[i], key) {
					counted[seen{key, art.ID}] = true
					votes[key] += e.result.Score / best
				}
			}
		}
	}
	for i := range cands {
		top := 0.0
		for _, n := range newNames(cands[i].text, ev[cands[i].ev].passage.Text, qterms) {
			top = math.Max(top, votes[strings.ToLower(n)])
		}
		cands[i].score *= 1 + 0.25*math.Min(top, 2)
	}
}

// quoted builds an extractive answer: the label, then each chosen sentence
// in format with its citation number. Sentences from the same article
// share a number (a reader cites an article, not a passage of it); numbers
// follow first appearance.
func quoted(label, format string, chosen []sentence, ev []evidence, results []retrieval.Result, note string) Answer {
	// Every cited article is among the listed sources.
	listed := listedSources
	for _, c := range chosen {
		for i := range results {
			if &results[i] == ev[c.ev].result {
				listed = max(listed, i+1)
			}
		}
	}
	a := Answer{Mode: ModeExtractive, Note: note, Sources: sources(results, listed)}
	var b strings.Builder
	b.WriteString(label)
	nums := map[string]int{} // article id -> citation number
	for _, c := range chosen {
		n, ok := nums[ev[c.ev].result.Article.ID]
		if !ok {
			n = len(nums) + 1
			nums[ev[c.ev].result.Article.ID] = n
			a.Citations = append(a.Citations, citation(n, ev[c.ev], c.text))
		}
		fmt.Fprintf(&b, format, c.text, n)
	}
	a.Answer = b.String()
	a.AsOf = newest(a.Citations)
	return a
}

func citation(n int, e evidence, quote string) Citation {
	art := e.result.Article
	return Citation{N: n, ArticleID: art.ID, Title: art.Title, URL: art.URL, Published: art.PublishedString(),
		Quote: quote, Outlets: e.result.Outlets}
}

// quotable reports whether a sentence can stand alone as a quote: at least
// five words, starting with a letter, digit or opening quote (not the tail
// of a sentence the splitter cut, like ", Blinken announced.").
func quotable(s string) bool {
	if len(strings.Fields(s)) < 5 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("\"“‘'(", r)
}
