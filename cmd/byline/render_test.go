package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/byline-bot/byline/answer"
)

// TestRenderAnswerSourcesOnce: the terminal shows each cited article once in
// the Sources list, with all its citation numbers, and a quote only where
// the answer does not already show it.
func TestRenderAnswerSourcesOnce(t *testing.T) {
	quote := "The Colorado Avalanche won the Stanley Cup on Sunday."
	other := "It is the franchise's third championship."
	ans := answer.Answer{
		Mode:   answer.ModeGenerated,
		Answer: "The Avalanche won [1]; it was their third title [3]. Tampa lost [2].",
		Citations: []answer.Citation{
			{N: 1, ArticleID: "final", Title: "Avalanche win the Stanley Cup", Published: "2022-06-27", Quote: quote},
			{N: 2, ArticleID: "recap", Title: "Lightning fall short", Quote: "Tampa Bay lost Game 6."},
			{N: 3, ArticleID: "final", Title: "Avalanche win the Stanley Cup", Published: "2022-06-27", Quote: other},
		},
	}
	var b bytes.Buffer
	renderAnswer(&b, ans)
	out := b.String()
	if n := strings.Count(out, "Avalanche win the Stanley Cup"); n != 1 {
		t.Errorf("the article is listed %d times, want once:\n%s", n, out)
	}
	if !strings.Contains(out, "[1][3] Avalanche win the Stanley Cup (2022-06-27)") {
		t.Errorf("the article's citation numbers are not grouped:\n%s", out)
	}
	for _, q := range []string{quote, other, "Tampa Bay lost Game 6."} {
		if n := strings.Count(out, q); n != 1 {
			t.Errorf("quote %q shown %d times, want once:\n%s", q, n, out)
		}
	}

	// An extractive answer already quotes its sentences: the Sources list
	// does not repeat them.
	ans = answer.Answer{
		Mode:      answer.ModeExtractive,
		Answer:    "Quoted from the indexed articles:\n“" + quote + "” [1]\n“" + other + "” [1]",
		Citations: []answer.Citation{{N: 1, ArticleID: "final", Title: "Avalanche win the Stanley Cup", Quote: quote}},
	}
	b.Reset()
	renderAnswer(&b, ans)
	out = b.String()
	if n := strings.Count(out, quote); n != 1 {
		t.Errorf("extractive quote shown %d times, want once:\n%s", n, out)
	}
	if !strings.Contains(out, "Sources:\n[1] Avalanche win the Stanley Cup") {
		t.Errorf("no Sources list:\n%s", out)
	}
}
