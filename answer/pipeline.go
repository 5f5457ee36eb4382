package answer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/config"
	"github.com/byline-bot/byline/llm"
	"github.com/byline-bot/byline/prompts"
	"github.com/byline-bot/byline/retrieval"

	"github.com/byline-bot/byline/internal/text"
)

// Corpus is the indexed articles; *library.Library is the real one.
type Corpus interface {
	// Search ranks articles for a query.
	Search(ctx context.Context, q retrieval.Query) ([]retrieval.Result, error)
	// Find returns the articles a reference names: an id, a title or a path
	// or URL fragment.
	Find(ref string) []byline.Article
	// Stories returns the stories published in [from, to), copies of one
	// story together, the main ones first (for digests).
	Stories(from, to time.Time) []retrieval.Story
}

// ChatModel is a chat model; *llm.Client is the real one. A nil ChatModel
// means no model is configured: answers are extractive.
type ChatModel interface {
	Chat(ctx context.Context, msgs []llm.Message, onDelta func(string)) (string, error)
}

// Config tunes the pipeline: the answer settings as config.Answer defines
// them (what each zero means is said there, once), and the clock.
type Config struct {
	config.Answer
	// Now is "now" for every question and summary that names no date of
	// its own: the clock, or a fixed date (`byline --as-of`). Nil means
	// time.Now. Articles published after it never answer.
	Now func() time.Time
}

// fallbackReserve is kept from the model at the end of an answer's budget:
// the quoted answer is built from passages already found, in milliseconds,
// and the edge still has to show it.
const fallbackReserve = time.Second

// Errors for questions that cannot be asked; their text is safe to show.
var (
	ErrEmptyQuestion   = &byline.Error{Code: byline.CodeEmptyQuestion, Message: "the question is empty"}
	ErrQuestionTooLong = &byline.Error{Code: byline.CodeQuestionTooLong, Message: "the question is too long"}
)

// Pipeline answers questions and writes summaries.
type Pipeline struct {
	cfg    Config
	search Corpus
	model  ChatModel
	log    *slog.Logger
	now    func() time.Time
}

// New validates cfg and returns a pipeline. model may be nil (extractive
// answers only).
func New(cfg Config, corpus Corpus, model ChatModel, logger *slog.Logger) (*Pipeline, error) {
	if err := cfg.Answer.Validate(); err != nil {
		return nil, err
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	return &Pipeline{cfg: cfg, search: corpus, model: model, log: logger, now: now}, nil
}

// asOf is "now" for a request: its own date, or the pipeline's clock.
func (p *Pipeline) asOf(t time.Time) time.Time {
	if t.IsZero() {
		return p.now()
	}
	return t
}

// current drops the results published after "now": they cannot answer.
func current(results []retrieval.Result) []retrieval.Result {
	out := results[:0:0]
	for _, r := range results {
		if !r.Future {
			out = append(out, r)
		}
	}
	return out
}

// Labels shown with non-generated answers.
const (
	extractiveLabel = "Quoted from the indexed articles (no language model was used):"
	notCoveredText  = "The indexed articles do not cover this question."
)

// evidence is one numbered passage an answer may cite.
type evidence struct {
	n       int
	result  *retrieval.Result
	passage retrieval.Passage
}

// Ask answers req. onPartial, when not nil, receives the answer text so far
// while a model streams. Errors are returned only for a bad question or a
// failed search; a failing model gives an extractive answer with a Note.
func (p *Pipeline) Ask(ctx context.Context, req Request, onPartial func(string)) (Answer, error) {
	start := time.Now()
	q, err := p.cleanQuestion(req.Question)
	if err != nil {
		return Answer{}, err
	}
	asOf := p.asOf(req.AsOf)
	history := req.History
	if len(history) > p.cfg.HistoryTurns {
		history = history[len(history)-p.cfg.HistoryTurns:]
	}
	query := q
	if len(history) > 0 {
		// A follow-up ("and what did Blinken say?") leans on the previous
		// question for its subject.
		query = history[len(history)-1].Question + " " + q
	}
	// The search, too, keeps within the budget (a remote embedder may hang).
	sctx, scancel := p.modelContext(ctx, start)
	results, err := p.search.Search(sctx, retrieval.Query{Text: query, AsOf: asOf, K: p.cfg.Articles, Passages: 3})
	scancel()
	if errors.Is(err, retrieval.ErrEmptyQuery) {
		return Answer{}, ErrEmptyQuestion
	}
	if err != nil {
		return Answer{}, fmt.Errorf("search: %w", err)
	}
	results = current(results)
	ev := numbered(retrieval.TopPassages(results, p.cfg.Evidence))
	if !covers(q, results, ev, p.cfg.MinCoverage) {
		return notCovered(results), nil
	}
	if p.model == nil {
		return extractive(q, ev, results, ""), nil
	}
	mctx, cancel := p.modelContext(ctx, start)
	ans, err := p.generate(mctx, q, asOf, history, ev, results, onPartial)
	cancel()
	if err != nil {
		if ctx.Err() != nil {
			return Answer{}, ctx.Err()
		}
		p.log.Warn("model failed; answering extractively", "err", err)
		return extractive(q, ev, results, modelFailureNote(err)), nil
	}
	return ans, nil
}

// modelContext is the model's share of the answer begun at start: it ends
// fallbackReserve before the answer's budget runs out, or before ctx's own
// deadline, whichever comes first, so that the quoted fallback always arrives
// in time. The model's retries stop when it ends.
func (p *Pipeline) modelContext(ctx context.Context, start time.Time) (context.Context, context.CancelFunc) {
	end := start.Add(p.cfg.Budget)
	if dl, ok := ctx.Deadline(); ok && dl.Before(end) {
		end = dl
	}
	return context.WithDeadline(ctx, end.Add(-fallbackReserve))
}

func (p *Pipeline) cleanQuestion(q string) (string, error) {
	q = strings.TrimSpace(strings.ToValidUTF8(q, " "))
	if q == "" {
		return "", ErrEmptyQuestion
	}
	if n := utf8.RuneCountInString(q); n > p.cfg.MaxQuestionChars {
		return "", &byline.Error{Code: byline.CodeQuestionTooLong,
			Message: fmt.Sprintf("the question is too long: %d characters, at most %d", n, p.cfg.MaxQuestionChars)}
	}
	return q, nil
}

func numbered(top []retrieval.Evidence) []evidence {
	ev := make([]evidence, len(top))
	for i, e := range top {
		ev[i] = evidence{n: i + 1, result: e.Result, passage: e.Passage}
	}
	return ev
}

// notCovered says the articles do not answer, and names the closest ones.
func notCovered(results []retrieval.Result) Answer {
	// Name only articles a reader could have seen by then.
	a := Answer{Mode: ModeNotCovered, Citations: []Citation{}, Sources: sources(current(results), 3)}
	var b strings.Builder
	b.WriteString(notCoveredText)
	if len(a.Sources) > 0 {
		b.WriteString(" The closest articles are:")
		for _, s := range a.Sources {
			b.WriteString("\n- " + s.Title)
			if s.Published != "" {
				b.WriteString(" (" + s.Published + ")")
			}
		}
	}
	a.Answer = b.String()
	return a
}

func sources(results []retrieval.Result, n int) []Source {
	out := []Source{}
	for i := range results {
		if i == n {
			break
		}
		out = append(out, SourceOf(&results[i]))
	}
	return out
}

// SourceOf describes a search result as a Source.
func SourceOf(r *retrieval.Result) Source {
	return Source{ArticleID: r.Article.ID, Title: r.Article.Title, URL: r.Article.URL,
		Published: r.Article.PublishedString(), Score: r.Score, Outlets: r.Outlets}
}

// sentence is a candidate sentence for an extractive answer.
type sentence struct {
	ev    int // index into evidence
	text  string
	start int // byte offset in the article text
	score float64
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
	var cands []sentence
	df := map[string]int{}
	var all []sentence
	titled := map[string]bool{}
	for i, e := range ev {
		for _, sp := range candidateSpans(e.passage.Text) {
			text := e.passage.Text[sp[0]:sp[1]]
			all = append(all, sentence{ev: i, text: text, start: e.passage.Start + sp[0]})
			for t := range termSet(text) {
				df[t]++
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
		}
	}
	for si, s := range all {
		terms := termSet(s.text)
		before := precedingTerms(all, si)
		// Each question term counts by its IDF among the evidence sentences
		// (a term only the sentence before it has, by precedingWeight).
		var score float64
		for t := range qterms {
			if terms[t] {
				score += math.Log(1+float64(len(all))/float64(df[t])) * clauseWeight(t, focus)
			} else if before[t] {
				score += precedingWeight * math.Log(1+float64(len(all))/float64(df[t])) * clauseWeight(t, focus)
			} else if statesForm(s.text, irregular[t]) {
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

func termSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, t := range text.Terms(s) {
		m[t] = true
	}
	return m
}

func newest(cs []Citation) string {
	var max string
	for _, c := range cs {
		if c.Published > max {
			max = c.Published
		}
	}
	return max
}

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

// reQuantity matches questions whose answer is a quantity, anywhere in the
// question (quiz questions often open with a sentence of context).
var reQuantity = regexp.MustCompile(`(?i)\b(?:how (?:many|much|old|far|tall|big|large|high|deep|heavy)\b|what percentage\b|what (?:is|was|were|are) the (?:exact |total |final )?(?:number|amount|total|cost|price|attendance|score|percentage|population|death toll|toll)\b)`)

// reHowMany captures the words after "how many".
var reHowMany = regexp.MustCompile(`(?i)\bhow many((?:\s+[\pL\pN.'’-]+){1,4})`)

// asksQuantity reports whether q asks for a quantity ("How many…?") and,
// for "how many X", the terms of X: the words before the first verb,
// preposition or the like ("hot dogs", "US troops", "baby swings").
func asksQuantity(q string) (bool, []string) {
	if !reQuantity.MatchString(q) {
		return false, nil
	}
	m := reHowMany.FindStringSubmatch(q)
	if m == nil {
		return true, nil
	}
	var unit []string
	for _, w := range strings.Fields(m[1]) {
		lw := strings.ToLower(strings.Trim(w, ".,;:?!'’"))
		if unitStop[lw] || strings.HasSuffix(lw, "ed") {
			break
		}
		unit = append(unit, text.Terms(w)...)
	}
	if len(unit) == 1 && vagueUnits[unit[0]] {
		return true, nil
	}
	return true, unit
}

// unitStop ends the counted noun phrase after "how many".
var unitStop = map[string]bool{
	"did": true, "do": true, "does": true, "were": true, "was": true, "are": true, "is": true, "has": true, "have": true,
	"had": true, "will": true, "would": true, "could": true, "can": true, "should": true, "might": true, "may": true,
	"in": true, "of": true, "at": true, "on": true, "for": true, "to": true, "from": true, "by": true, "with": true,
	"the": true, "a": true, "an": true, "this": true, "that": true, "there": true, "he": true, "she": true, "they": true,
	"it": true, "we": true, "you": true, "more": true, "than": true, "died": true, "die": true,
}

// vagueUnits are counted nouns an answer often leaves out ("12 were
// killed" answers "how many people"): any number will do for them.
var vagueUnits = map[string]bool{"people": true, "person": true, "times": true, "time": true}

// namesAny reports whether terms holds any of unit (true when unit is empty).
func namesAny(terms map[string]bool, unit []string) bool {
	if len(unit) == 0 {
		return true
	}
	for _, u := range unit {
		if terms[u] {
			return true
		}
	}
	return false
}

// numberWords are the words that state a number without digits.
var numberWords = map[string]bool{
	"two": true, "three": true, "four": true, "five": true, "six": true, "seven": true, "eight": true,
	"nine": true, "ten": true, "eleven": true, "twelve": true, "thirteen": true, "fourteen": true, "fifteen": true,
	"sixteen": true, "seventeen": true, "eighteen": true, "nineteen": true, "twenty": true, "thirty": true,
	"forty": true, "fifty": true, "sixty": true, "seventy": true, "eighty": true, "ninety": true, "hundred": true,
	"hundreds": true, "thousand": true, "thousands": true, "million": true, "millions": true, "billion": true,
	"billions": true, "trillion": true, "dozen": true, "dozens": true, "half": true, "double": true, "twice": true,
}

// statesNumber reports whether s states a number, in digits or in words.
func statesNumber(s string) bool {
	for _, m := range reDigits.FindAllStringSubmatch(s, -1) {
		if !reYear.MatchString(m[1]) {
			return true
		}
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if numberWords[w] {
			return true
		}
	}
	return false
}

var (
	// reDigits matches a number in digits, not one glued to a name's
	// letters ("Q3", "G7"): those name a thing, not a quantity.
	reDigits = regexp.MustCompile(`(?:^|[^\pL\d])(\d+(?:[.,]\d+)*)`)
	reYear   = regexp.MustCompile(`^(?:1[89]|20)\d\d$`)
)
