package text

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Biden's sanctions on Russia", []string{"biden", "sanction", "russia"}},
		{"200,000 pickup trucks, 1.5 percent", []string{"200000", "pickup", "truck", "1.5", "percent"}},
		{"Taxes on churches", []string{"tax", "church"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Terms(tt.in)); diff != "" {
				t.Errorf("Terms(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestPorter(t *testing.T) {
	// Examples from Porter's 1980 paper.
	for w, want := range map[string]string{
		"caresses": "caress", "ponies": "poni", "agreed": "agre", "plastered": "plaster", "motoring": "motor",
		"hopping": "hop", "filing": "file", "happy": "happi", "relational": "relat", "conditional": "condit",
		"vietnamization": "vietnam", "hopefulness": "hope", "electrical": "electr", "adjustment": "adjust",
		"adoption": "adopt", "controll": "control", "generalizations": "gener",
		"recalled": "recal", "recall": "recal", "charging": "charg", "charge": "charg",
		"café": "café", "2022": "2022",
	} {
		if got := Porter(w); got != want {
			t.Errorf("Porter(%q) = %q, want %q", w, got, want)
		}
	}
}

func TestWords(t *testing.T) {
	got := Words("Biden’s plan: 200,000 EV chargers (by 2030)!")
	want := []string{"biden", "plan", "200", "000", "ev", "chargers", "by", "2030"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Words (-want +got):\n%s", diff)
	}
}
