package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/answer"
	"github.com/byline-bot/byline/retrieval"
)

// asOfUsage is the help of every --as-of flag.
const asOfUsage = `"now" (the default) or a date, YYYY-MM-DD`

// dateFlag parses --as-of: "now", YYYY-MM-DD or YYYY/MM/DD (as
// question_date in the eval files is written).
type dateFlag struct{ t time.Time }

func (d *dateFlag) String() string {
	if d.t.IsZero() {
		return ""
	}
	return d.t.Format(byline.DateLayout)
}

func (d *dateFlag) Set(s string) error {
	if strings.EqualFold(strings.TrimSpace(s), "now") {
		d.t = time.Time{} // the default: the time of the question
		return nil
	}
	t, err := time.Parse(byline.DateLayout, strings.ReplaceAll(s, "/", "-"))
	if err != nil {
		return fmt.Errorf(`want "now" or YYYY-MM-DD, got %q`, s)
	}
	d.t = t
	return nil
}

// asOf returns the flag's date, or now.
func (d *dateFlag) asOf() time.Time {
	if d.t.IsZero() {
		return time.Now().UTC()
	}
	return d.t
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func cmdAsk(env *environment, args []string) error {
	fs := env.flagSet("ask")
	jsonOut := fs.Bool("json", false, "print the answer as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	question := strings.Join(pos, " ")
	if strings.TrimSpace(question) == "" {
		return fmt.Errorf("%w: byline ask QUESTION", errUsage)
	}
	a, err := env.openApp(false)
	if err != nil {
		return err
	}
	if err := env.ensureIndexed(a); err != nil {
		return err
	}
	var onPartial func(string)
	var shown string // what streaming printed
	if !*jsonOut && isTerminal(env.stdout) {
		// On a terminal, print a model's answer as it streams.
		onPartial = func(sofar string) {
			if strings.HasPrefix(sofar, shown) {
				fmt.Fprint(env.stdout, sofar[len(shown):])
				shown = sofar
			}
		}
	}
	ans, err := a.pipeline.Ask(env.ctx, answer.Request{Question: question, AsOf: env.now()}, onPartial)
	if err != nil {
		return askError(err)
	}
	if *jsonOut {
		return writeJSON(env.stdout, ans)
	}
	if shown != "" {
		fmt.Fprint(env.stdout, "\n\n")
		if ans.Answer == shown {
			ans.Answer = "" // already on the screen
		} else {
			// The checked answer differs (citations to no source removed),
			// or the model failed mid-stream and the answer is quoted.
			fmt.Fprintln(env.stdout, "---")
		}
	}
	renderAnswer(env.stdout, ans)
	return nil
}

// askError turns question errors into usage errors with their safe text.
func askError(err error) error {
	if errors.Is(err, answer.ErrEmptyQuestion) || errors.Is(err, answer.ErrQuestionTooLong) {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return err
}

// renderAnswer prints an answer for a terminal: the text, a note, the date
// of the news, and the Sources list: each cited article once, with its
// citation numbers (as Discord shows them), and the quotes that back it
// unless the answer already quotes them.
func renderAnswer(w io.Writer, ans answer.Answer) {
	if ans.Answer != "" {
		fmt.Fprintln(w, ans.Answer)
	}
	if ans.Note != "" {
		fmt.Fprintf(w, "\nNote: %s\n", ans.Note)
	}
	if ans.AsOf != "" {
		fmt.Fprintf(w, "\nAs of %s (newest source cited).\n", ans.AsOf)
	}
	groups := answer.ByArticle(ans.Citations)
	if len(groups) == 0 {
		return
	}
	fmt.Fprintln(w, "\nSources:")
	for _, g := range groups {
		for _, n := range g.Nums {
			fmt.Fprintf(w, "[%d]", n)
		}
		c := g.Citations[0]
		fmt.Fprintf(w, " %s", c.Title)
		if c.Published != "" {
			fmt.Fprintf(w, " (%s)", c.Published)
		}
		fmt.Fprintln(w)
		if c.URL != "" {
			fmt.Fprintf(w, "    %s\n", c.URL)
		}
		if len(c.Outlets) > 1 {
			fmt.Fprintf(w, "    also published by: %s\n", strings.Join(c.Outlets, ", "))
		}
		// A quote the answer does not already show, each once.
		var shown []string
		for _, c := range g.Citations {
			if q := strings.TrimSpace(c.Quote); q != "" && !strings.Contains(ans.Answer, q) && !slices.Contains(shown, q) {
				shown = append(shown, q)
				fmt.Fprintf(w, "    “%s”\n", oneLine(q, 400))
			}
		}
	}
}

func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= max {
		return s
	}
	cut := strings.LastIndexByte(s[:max], ' ')
	if cut < max/2 {
		cut = max
		for cut > 0 && !isRuneStartByte(s[cut]) {
			cut--
		}
	}
	return s[:cut] + " …"
}

func isRuneStartByte(b byte) bool { return b&0xC0 != 0x80 }

// searchResult is one entry of `byline search --json`: the article as an
// answer's sources list it, its copies and its passages.
type searchResult struct {
	answer.Source
	DuplicateIDs []string            `json:"duplicate_ids,omitempty"`
	Passages     []retrieval.Passage `json:"passages"`
}

func cmdSearch(env *environment, args []string) error {
	fs := env.flagSet("search")
	jsonOut := fs.Bool("json", false, "print results as JSON")
	k := fs.Int("k", 10, "number of articles")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	query := strings.Join(pos, " ")
	if strings.TrimSpace(query) == "" {
		return fmt.Errorf("%w: byline search QUERY", errUsage)
	}
	if *k <= 0 || *k > 1000 {
		return fmt.Errorf("%w: -k must be 1..1000", errUsage)
	}
	a, err := env.openApp(false)
	if err != nil {
		return err
	}
	if err := env.ensureIndexed(a); err != nil {
		return err
	}
	res, err := a.lib.Search(env.ctx, retrieval.Query{Text: query, AsOf: env.now(), K: *k})
	if errors.Is(err, retrieval.ErrEmptyQuery) {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if err != nil {
		return err
	}
	out := make([]searchResult, 0, len(res))
	for _, r := range res {
		out = append(out, searchResult{Source: answer.SourceOf(&r), DuplicateIDs: r.DuplicateIDs, Passages: r.Passages})
	}
	if *jsonOut {
		return writeJSON(env.stdout, struct {
			Results []searchResult `json:"results"`
		}{out})
	}
	if len(out) == 0 {
		fmt.Fprintln(env.stdout, "No matching articles.")
	}
	for i, r := range out {
		fmt.Fprintf(env.stdout, "%d. %s (%s) score %.3f  [%s]\n", i+1, r.Title, orUnknown(r.Published), r.Score, r.ArticleID)
		if r.URL != "" {
			fmt.Fprintf(env.stdout, "   %s\n", r.URL)
		}
		if len(r.Passages) > 0 {
			fmt.Fprintf(env.stdout, "   “%s”\n", oneLine(r.Passages[0].Text, 300))
		}
	}
	return nil
}

func orUnknown(s string) string {
	if s == "" {
		return "date unknown"
	}
	return s
}

func cmdSummarize(env *environment, args []string) error {
	fs := env.flagSet("summarize")
	jsonOut := fs.Bool("json", false, "print the summary as JSON")
	topic := fs.String("topic", "", "summarize recent news about this topic instead of one article")
	days := fs.Int("days", 0, "with --topic: only articles from the last N days (0: any)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	ref := strings.Join(pos, " ")
	if (ref == "") == (*topic == "") {
		return fmt.Errorf("%w: byline summarize ARTICLE, or byline summarize --topic TEXT [--days N]", errUsage)
	}
	if *days < 0 {
		return fmt.Errorf("%w: --days must not be negative", errUsage)
	}
	a, err := env.openApp(false)
	if err != nil {
		return err
	}
	if err := env.ensureIndexed(a); err != nil {
		return err
	}
	ans, err := a.pipeline.Summarize(env.ctx, answer.SummaryRequest{Article: ref, Topic: *topic, Days: *days, AsOf: env.now()})
	if err != nil {
		return askError(err)
	}
	if *jsonOut {
		return writeJSON(env.stdout, ans)
	}
	renderAnswer(env.stdout, ans)
	return nil
}

func cmdSources(env *environment, args []string) error {
	fs := env.flagSet("sources")
	jsonOut := fs.Bool("json", false, "print the list as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	a, err := env.openApp(false)
	if err != nil {
		return err
	}
	if err := env.ensureIndexed(a); err != nil {
		return err
	}
	list := a.lib.Articles(strings.Join(pos, " "), 0)
	if *jsonOut {
		return writeJSON(env.stdout, struct {
			Articles any `json:"articles"`
		}{list})
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', 0)
	for _, e := range list {
		fmt.Fprintf(tw, "%s\t%s\t%d chunks\t%s\n", e.ID, orDash(e.Published), e.Chunks, e.Title)
	}
	tw.Flush()
	fmt.Fprintf(env.stdout, "%d articles\n", len(list))
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// isTerminal reports whether w is a character device (an interactive
// terminal), where streaming and redrawn progress make sense.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
