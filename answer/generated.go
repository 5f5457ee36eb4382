package answer

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/internal/text"
	"github.com/byline-bot/byline/llm"
	"github.com/byline-bot/byline/prompts"
	"github.com/byline-bot/byline/retrieval"
)

// The generated answer: the model is given the numbered evidence and what
// was asked, and its reply is checked before anyone sees it: every citation
// points at a passage that supports its claim, every quote is verbatim, and
// an answer whose cited passages hold no answer of the asked kind becomes
// the honest refusal.

// modelFailureNote explains a fallback in words a reader understands.
func modelFailureNote(err error) string {
	var le *llm.Error
	if errors.As(err, &le) {
		return "The language model could not answer (" + le.Message + "), so this answer is quoted from the articles."
	}
	return "The language model's answer could not be used, so this answer is quoted from the articles."
}

var (
	reCite       = regexp.MustCompile(`\[(\d+(?:\s*,\s*\d+)*)\]`)
	reNotCovered = regexp.MustCompile(`(?i)^\W*not covered\W*$`)
)

// errNoCitation means a model answer cited nothing that exists.
var errNoCitation = errors.New("the model's answer cited no source")

func (p *Pipeline) generate(ctx context.Context, q string, asOf time.Time, history []Turn, ev []evidence,
	results []retrieval.Result, onPartial func(string)) (Answer, error) {
	asked := readQuestion(q)
	data := prompts.AnswerData{Question: q, Asks: asked.describe(), Today: asOf.Format(byline.DateLayout), Sources: promptSources(ev)}
	for _, t := range history {
		data.History = append(data.History, prompts.Turn{Question: t.Question, Answer: t.Answer})
	}
	msgs, err := prompts.Answer(data)
	if err != nil {
		return Answer{}, err
	}
	var onDelta func(string)
	if onPartial != nil {
		var sofar strings.Builder
		onDelta = func(d string) {
			sofar.WriteString(d)
			if s := sofar.String(); !strings.HasPrefix(strings.ToUpper(strings.TrimSpace(s)), "NOT COV") {
				onPartial(s)
			}
		}
	}
	reply, err := p.model.Chat(ctx, []llm.Message{{Role: "system", Content: msgs.System}, {Role: "user", Content: msgs.User}}, onDelta)
	if err != nil {
		return Answer{}, err
	}
	reply = strings.TrimSpace(reply)
	if reply == "" {
		return Answer{}, errors.New("the model's answer was empty")
	}
	if reNotCovered.MatchString(reply) {
		return notCovered(results), nil
	}
	a, err := generated(reply, ev, results)
	if err != nil {
		return a, err
	}
	// The model's answer stands only when the passages it cites state an
	// answer of the kind asked: a fluent answer about the topic that the
	// sources do not back is worse than an honest "not covered".
	var cited []evidence
	for _, c := range a.Citations {
		cited = append(cited, ev[c.N-1])
	}
	if !asked.statedIn(cited, termSet(q)) {
		p.log.Info("model answer not backed by its sources; not covered", "asks", asked.Kind)
		nc := notCovered(results)
		nc.Note = "The language model answered, but the passages it cited do not state " + asked.describe() + "."
		return nc, nil
	}
	return a, nil
}

// generated checks a model's reply against the evidence (quotes, then
// citations) and builds the answer with a verbatim quote per citation.
func generated(reply string, ev []evidence, results []retrieval.Result) (Answer, error) {
	if err := checkQuotes(reply, ev); err != nil {
		return Answer{}, err
	}
	text, cited := checkCitations(reply, ev)
	if len(cited) == 0 {
		return Answer{}, errNoCitation
	}
	a := Answer{Answer: text, Mode: ModeGenerated, Sources: sources(results, listedSources)}
	for _, n := range cited {
		e := ev[n-1]
		a.Citations = append(a.Citations, citation(n, e, bestQuote(e.passage.Text, sentencesCiting(text, n))))
	}
	a.AsOf = newest(a.Citations)
	return a, nil
}

func promptSource(e evidence) prompts.Source {
	art := e.result.Article
	outlet := art.Source
	if outlet == "" && len(e.result.Outlets) > 0 {
		outlet = e.result.Outlets[0]
	}
	return prompts.Source{N: e.n, Title: art.Title, Published: art.PublishedString(), Outlet: outlet, Text: e.passage.Text}
}

// checkCitations checks a model's citations against the evidence: a number
// that points at no passage, or at one that does not support the claim
// before it (shares under half of its words), is moved to the passage that
// does, or removed when none does. It returns the cleaned
// text and the numbers cited, ascending.
func checkCitations(text string, ev []evidence) (string, []int) {
	terms := make([]map[string]bool, len(ev))
	for i, e := range ev {
		terms[i] = termSet(e.result.Article.Title + "\n" + e.passage.Text)
	}
	seen := map[int]bool{}
	var cited []int
	var b strings.Builder
	last, claim := 0, ""
	for _, m := range reCite.FindAllStringIndex(text, -1) {
		before := text[last:m[0]]
		b.WriteString(before)
		if strings.TrimSpace(before) != "" {
			claim = lastSentence(before)
		}
		last = m[1]
		for _, f := range strings.Split(strings.Trim(text[m[0]:m[1]], "[]"), ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil {
				continue
			}
			if n < 1 || n > len(ev) || support(claim, terms[n-1]) < minSupport {
				n = bestSupport(claim, terms)
				if n == 0 {
					continue
				}
			}
			tag := "[" + strconv.Itoa(n) + "]"
			if strings.HasSuffix(b.String(), tag) {
				continue
			}
			b.WriteString(tag)
			if !seen[n] {
				seen[n] = true
				cited = append(cited, n)
			}
		}
	}
	b.WriteString(text[last:])
	// Removing a citation can leave "word ." behind.
	out := strings.NewReplacer(" .", ".", " ,", ",", "  ", " ").Replace(b.String())
	sort.Ints(cited)
	return strings.TrimSpace(out), cited
}

// minSupport is the share of a claim's words its cited passage must contain.
const minSupport = 0.5

// lastSentence returns the part of s after its last sentence end.
func lastSentence(s string) string {
	if k := strings.LastIndexAny(strings.TrimRight(s, " "), ".!?\n"); k >= 0 && k < len(strings.TrimRight(s, " "))-1 {
		return s[k+1:]
	}
	return s
}

// support is the share of claim's terms found in a passage's terms; a claim
// without terms (nothing to check) is fully supported.
func support(claim string, passage map[string]bool) float64 {
	ct := termSet(claim)
	if len(ct) == 0 {
		return 1
	}
	have := 0
	for t := range ct {
		if passage[t] {
			have++
		}
	}
	return float64(have) / float64(len(ct))
}

// bestSupport returns the number of the passage that best supports claim,
// or 0 when none reaches minSupport.
func bestSupport(claim string, passages []map[string]bool) int {
	best, bestN := minSupport, 0
	for i, p := range passages {
		if s := support(claim, p); s >= best {
			if s > best || bestN == 0 {
				best, bestN = s, i+1
			}
		}
	}
	return bestN
}

var reQuote = regexp.MustCompile(`[“"]([^”"]{20,})[”"]`)

// errInventedQuote means a model's answer quoted words no passage contains.
var errInventedQuote = errors.New("the model's answer quoted words that are not in the articles")

// checkQuotes returns errInventedQuote when reply puts in quotation marks
// (20 characters or more) something no evidence passage says.
func checkQuotes(reply string, ev []evidence) error {
	for _, m := range reQuote.FindAllStringSubmatch(reply, -1) {
		found := false
		for _, e := range ev {
			if text.ContainsQuote(e.passage.Text, m[1]) {
				found = true
				break
			}
		}
		if !found {
			return fmt.Errorf("%w: %q", errInventedQuote, m[1])
		}
	}
	return nil
}

// sentencesCiting returns the claims of reply that cite [n].
func sentencesCiting(reply string, n int) string {
	tag := "[" + strconv.Itoa(n) + "]"
	var b strings.Builder
	for _, sp := range text.Sentences(reply) {
		s := reply[sp[0]:sp[1]]
		// In "A did x [1] and y [2]." only "A did x" is [1]'s claim: the
		// words since the previous citation (or the sentence start).
		for {
			k := strings.Index(s, tag)
			if k < 0 {
				break
			}
			claim := s[:k]
			if m := reCite.FindAllStringIndex(claim, -1); len(m) > 0 {
				claim = claim[m[len(m)-1][1]:]
			}
			b.WriteString(claim)
			b.WriteByte(' ')
			s = s[k+len(tag):]
		}
	}
	return b.String()
}

// bestQuote returns the sentence of passage that shares the most terms with
// claim: the quote shown under a citation, verbatim from the article.
func bestQuote(passage, claim string) string {
	want := termSet(claim)
	best, bestScore := "", -1
	for _, sp := range text.Sentences(passage) {
		s := passage[sp[0]:sp[1]]
		score := 0
		for t := range termSet(s) {
			if want[t] {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = s, score
		}
	}
	if best == "" {
		return passage
	}
	return best
}
