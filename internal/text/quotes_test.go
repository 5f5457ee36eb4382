package text

import "testing"

func TestContainsQuote(t *testing.T) {
	const article = "“We will not stand by,” the minister said.\nThe country’s  leaders met on Friday."
	tests := []struct {
		quote string
		want  bool
	}{
		{"We will not stand by", true},
		{`"we will not stand by," the minister said`, true},
		{"the country's leaders met", true},         // straight apostrophe, one space
		{"said. The country’s leaders", true},       // a line break is a space
		{"the country's leaders met Monday", false}, // not what it says
		{"", false},
		{"  ", false},
	}
	for _, tt := range tests {
		t.Run(tt.quote, func(t *testing.T) {
			if got := ContainsQuote(article, tt.quote); got != tt.want {
				t.Errorf("ContainsQuote(article, %q) = %v, want %v", tt.quote, got, tt.want)
			}
		})
	}
}
