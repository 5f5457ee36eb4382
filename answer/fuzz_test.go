package answer

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzExtractive: any question and any article text give an answer or
// "not covered", never a panic, and every quote is a verbatim part of the
// article (the rules that read sentences index words around each other).
func FuzzExtractive(f *testing.F) {
	f.Add("Who won the 2019 Wimbledon women's singles?", "Simona Halep beat Serena Williams to win the 2019 Wimbledon title. The young Diana Prince…")
	f.Add("When does season 4 of The Crown premiere?", "Release date. November 15, 2020 ; The fourth season of The Crown, which follows")
	f.Add("Which item can adults buy without a prescription?", "Hearing aids cost a lot. But people can buy these devices now. That means no visit.")
	f.Add("How many Russians could be conscripted?", "the country will call up 300,000 reservists, the ... of the National ...")
	f.Add("Which actor won Best Actor?", "“Sure,” Amazon's assistant answered. He won an Oscar for best director. Needed to Win")
	f.Fuzz(func(t *testing.T, q, body string) {
		if strings.TrimSpace(q) == "" || !utf8.ValidString(q) || !utf8.ValidString(body) || len(body) > 4000 {
			return
		}
		r := resultOf("a", 1, body, 1)
		r.WideCoverage = 1
		a, err := mustNew(t, nil, fixedCorpus{r}, nil, quiet()).Ask(context.Background(), Request{Question: q}, nil)
		if err != nil {
			return // a question the pipeline refuses (too long, no words) is an error, not a panic
		}
		for _, c := range a.Citations {
			if c.Quote != body && !strings.Contains(body, c.Quote) && c.Quote != r.Article.Title {
				t.Errorf("quote %q is not in the article", c.Quote)
			}
		}
	})
}
