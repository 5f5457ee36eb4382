package text

import "strings"

// countryWords maps a country's name, as a lowercase word, to the other
// words news calls it or its people by.
var countryWords = func() map[string][]string {
	groups := [][]string{
		{"uk", "britain", "british", "briton", "britons"},
		{"us", "america", "american", "americans"},
		{"china", "chinese"}, {"france", "french"}, {"japan", "japanese"}, {"germany", "german", "germans"},
		{"russia", "russian", "russians"}, {"ukraine", "ukrainian", "ukrainians"}, {"spain", "spanish"},
		{"italy", "italian", "italians"}, {"india", "indian", "indians"}, {"israel", "israeli", "israelis"},
		{"iran", "iranian", "iranians"}, {"mexico", "mexican", "mexicans"}, {"canada", "canadian", "canadians"},
		{"brazil", "brazilian", "brazilians"}, {"korea", "korean", "koreans"}, {"taiwan", "taiwanese"},
		{"australia", "australian", "australians"}, {"turkey", "turkish"}, {"poland", "polish"},
		{"netherlands", "dutch"}, {"switzerland", "swiss"}, {"sweden", "swedish"}, {"ireland", "irish"},
		{"england", "english"}, {"scotland", "scottish"}, {"wales", "welsh"}, {"egypt", "egyptian"},
		{"pakistan", "pakistani"}, {"afghanistan", "afghan"}, {"argentina", "argentine", "argentinian"},
	}
	m := make(map[string][]string)
	for _, g := range groups {
		for _, w := range g {
			for _, o := range g {
				if o != w {
					m[w] = append(m[w], o)
				}
			}
		}
	}
	return m
}()

// ShortCountryNames writes the countries that news calls by a short name
// so ("United Kingdom" as "UK"): an article about the "UK" prime minister
// speaks of the "United Kingdom".
var ShortCountryNames = strings.NewReplacer("United Kingdom", "UK", "United States", "US", "Great Britain", "Britain")

// CountryWords returns the other words for country word w ("british" and
// "britain" for "uk"; "chinese" for "china"), or nil.
func CountryWords(w string) []string { return countryWords[w] }
