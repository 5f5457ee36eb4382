package text

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

// CountryWords returns the other words for country word w ("british" and
// "britain" for "uk"; "chinese" for "china"), or nil.
func CountryWords(w string) []string { return countryWords[w] }
