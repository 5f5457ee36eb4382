package answer

import (
	"context"
	"testing"
)

// TestWideCoverageGate: a best article whose first passage covers too little
// of the question answers when its passages together cover it and the
// evidence speaks of what the asking clause asks about; not when the
// clause's words are missing from the evidence.
func TestWideCoverageGate(t *testing.T) {
	r := resultOf("lights", 1, "The coastal authority said on Tuesday that Norway has more lighthouses than any other country in Europe. "+
		"The lighthouses guide ships along the fjords.", 1)
	r.Coverage, r.WideCoverage = 0.3, 0.6
	p := mustNew(t, nil, fixedCorpus{r}, nil, quiet())
	for q, want := range map[string]Mode{
		"Which country has the most lighthouses in Europe?":                               ModeExtractive,
		"Which country has the largest number of lighthouses per kilometre of coastline?": ModeNotCovered,
		// One word the evidence lacks is a paraphrase, not another question.
		"Which country has the most lighthouses in northern Europe?": ModeExtractive,
	} {
		a, err := p.Ask(context.Background(), Request{Question: q}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.Mode != want {
			t.Errorf("%q: mode %s, want %s (answer %q)", q, a.Mode, want, a.Answer)
		}
	}
	r.WideCoverage = 0.4
	a, err := mustNew(t, nil, fixedCorpus{r}, nil, quiet()).Ask(context.Background(),
		Request{Question: "Which country has the most lighthouses in Europe?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Mode != ModeNotCovered {
		t.Errorf("wide coverage under the minimum: mode %s, want not covered", a.Mode)
	}
}
