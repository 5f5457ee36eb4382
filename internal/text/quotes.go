package text

import "strings"

// ContainsQuote reports whether s says quote, ignoring case, the style of
// quotation marks and apostrophes (“” ‘’ ") and runs of whitespace. It is
// the one rule for "the article says this": the answer pipeline's check of
// a model's quotations and the eval harness's answer and citation checks
// both use it. An empty quote is contained nowhere.
func ContainsQuote(s, quote string) bool {
	q := foldQuote(quote)
	return q != "" && strings.Contains(foldQuote(s), q)
}

var quoteFold = strings.NewReplacer("’", "'", "‘", "'", "“", "", "”", "", "\"", "")

// foldQuote is s lowercased, with curly apostrophes made straight, double
// quotation marks removed and whitespace collapsed to single spaces.
func foldQuote(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(quoteFold.Replace(s)), " "))
}
