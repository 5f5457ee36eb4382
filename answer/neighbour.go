package answer

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/byline-bot/byline/internal/text"
)

// This file holds the rules that tell a sentence about the thing asked of
// from one about its neighbour that edition.go does not: a sequel named by
// its relation ("the sequel to Marvel's Spider-Man"), a part of the
// instalment asked about ("Season 11, Episode 17"), another category of the
// award asked about ("best supporting actor" for "Best Actor"), a win of an
// early round ("wins her Open debut"), a younger self of the person asked
// about ("the young Diana Prince"), another qualifier of the asked title
// ("the State Teacher of the Year" for the National one).

// relationNouns, followed by "to" or "of" and an asked name, make the
// sentence about another work than the named one: "the sequel to X", "a
// remake of X".
var relationNouns = map[string]bool{"sequel": true, "prequel": true, "successor": true, "remake": true,
	"reboot": true, "spinoff": true, "spin": true, "followup": true, "follow": true}

// aboutNeighbour reports whether s speaks of a neighbour of what is asked:
// a sequel, prequel or remake of an asked name (unless the question asks
// about the sequel itself, or the relation describes the asked work named
// just before it).
func (a Asked) aboutNeighbour(s string) bool {
	tt := tokens(s)
	clause := map[string]bool{}
	for _, t := range a.clauseTokens() {
		clause[t.lower] = true
	}
	for i, t := range tt {
		if !relationNouns[t.lower] || clause[t.lower] || a.apposedTo(tt, i) {
			continue
		}
		// "sequel to", "follow-up to", "spin-off of", then the name within
		// a few words ("the sequel to 2018's Marvel's Spider-Man").
		for j := i + 1; j < len(tt) && j <= i+3; j++ {
			if tt[j].lower != "to" && tt[j].lower != "of" && tt[j].lower != "up" && tt[j].lower != "off" {
				continue
			}
			for k := j + 1; k < len(tt) && k <= j+4; k++ {
				if slices.Contains(a.Names, tt[k].lower) {
					return true
				}
			}
			break
		}
	}
	return false
}

// apposedTo reports whether the relation noun at tt[i] opens an appositive
// on the asked name itself ("Avatar: The Way of Water, the sequel to 2009's
// Avatar" for "Avatar: The Way of Water", not for "Avatar"): the sentence is
// about the asked work, and the relation only describes it. The name before
// the comma holds every asked name and no other capitalized word.
func (a Asked) apposedTo(tt []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		if !tt[k].comma {
			continue
		}
		seen := map[string]bool{}
		for j := k; j >= 0 && (isCapital(tt[j].raw) || text.IsStopword(tt[j].lower)); j-- {
			w := plainWord(tt[j].lower)
			if isCapital(tt[j].raw) && !slices.Contains(a.Names, w) && !text.IsStopword(w) {
				return false
			}
			seen[w] = true
		}
		for _, n := range a.Names {
			if !seen[n] {
				return false
			}
		}
		return len(a.Names) > 0
	}
	return false
}

// partOf maps an instalment noun to the nouns of its parts: a sentence
// about "Season 11, Episode 17" speaks of one episode, not of the season a
// question asks about.
var partOf = map[string][]string{"season": {"episode", "chapter"}, "series": {"episode"},
	"volume": {"chapter", "issue"}}

// aboutPart reports whether s names a numbered part ("episode 24") of an
// instalment the question asks about ("Season 11") when the question
// names no part of it.
func (a Asked) aboutPart(s string) bool {
	asked := editions(a.clauseTokens())
	if len(asked) == 0 {
		return false
	}
	tt := tokens(s)
	for noun := range asked {
		for _, part := range partOf[noun] {
			if _, ok := asked[part]; ok {
				continue
			}
			for i, t := range tt {
				if strings.TrimSuffix(t.lower, "s") == part && i+1 < len(tt) && isSmallNumber(tt[i+1].lower) &&
					!besideAsked(tt, i, noun, asked[noun]) {
					return true
				}
			}
		}
	}
	return false
}

// besideAsked reports whether the part at tt[i] comes apart from the asked
// instalment the sentence names ("The Bear season 2 premieres June 22;
// episode 7 was written by ..."): the sentence speaks of the instalment, and
// the part is an aside. A part right after any mention of it ("Season 11,
// Episode 17") is the one the sentence is about.
func besideAsked(tt []token, i int, noun, n string) bool {
	named := false
	for k := 0; k+1 < len(tt); k++ {
		if strings.TrimSuffix(tt[k].lower, "s") != noun || tt[k+1].lower != n {
			continue
		}
		if k < i && i-k <= 4 {
			return false
		}
		named = true
	}
	return named
}

// otherCategory reports whether s names only other categories of an award
// than the one asked about: "the best supporting actor Oscar" and "Best
// Picture" for "who won Best Actor". A question names a category with a
// capitalized "Best"; a sentence names one with "Best", or with "best" and
// a category's word after it ("best supporting"). A sentence that names no category leaves it to its context.
func (a Asked) otherCategory(s string) bool {
	ct := a.clauseTokens()
	want := ""
	for i, t := range ct {
		if t.raw == "Best" && i+1 < len(ct) {
			want = ct[i+1].lower
			break
		}
	}
	if want == "" {
		return false
	}
	tt := tokens(s)
	other := false
	for i, t := range tt {
		if t.lower != "best" || t.comma || i+1 >= len(tt) {
			continue
		}
		if tt[i+1].lower == want {
			return false
		}
		// "the best year of his career" is praise, not a category.
		if t.raw == "Best" && i > 0 || categoryWords[tt[i+1].lower] { // a first word is capitalized anyway
			other = true
		}
	}
	return other
}

// fieldNouns name a prize that is given in several fields: "the Nobel
// Prize in Physics", "the Pulitzer Prize for Fiction".
var fieldNouns = map[string]bool{"prize": true, "prizes": true, "award": true, "awards": true, "medal": true}

// fieldOf returns the field word after a field noun at tt[i] ("in
// Physics", "for fiction"), or "".
func fieldOf(tt []token, i int) string {
	if !fieldNouns[tt[i].lower] || tt[i].comma || i+2 >= len(tt) || tt[i+1].lower != "in" && tt[i+1].lower != "for" {
		return ""
	}
	w := tt[i+2].lower
	if _, month := monthWords[w]; month || weekdayWords[w] || text.IsStopword(w) || isSmallNumber(w) || reYearWord.MatchString(w) {
		return ""
	}
	return w
}

// otherField reports whether s names the asked prize only in another field
// ("the Nobel Prize in Chemistry was awarded to Carolyn Bertozzi" for "who
// won the Nobel Prize in Physics"), and the asked field nowhere.
func (a Asked) otherField(s string) bool {
	ct := a.clauseTokens()
	want := ""
	for i := range ct {
		if want = fieldOf(ct, i); want != "" {
			break
		}
	}
	if want == "" {
		return false
	}
	tt := tokens(s)
	other := false
	for i, t := range tt {
		if t.lower == want {
			return false
		}
		if f := fieldOf(tt, i); f != "" && f != want {
			other = true
		}
	}
	return other
}

// categoryWords, after "best", name an award's category ("best supporting
// actor", "best picture"); other words after it are praise ("the best year
// of his career", "the best moments").
var categoryWords = map[string]bool{"actor": true, "actress": true, "supporting": true, "lead": true,
	"leading": true, "picture": true, "film": true, "feature": true, "director": true, "directing": true,
	"original": true, "adapted": true, "animated": true, "documentary": true, "international": true,
	"foreign": true, "song": true, "score": true, "album": true, "record": true, "new": true, "rap": true,
	"pop": true, "rock": true, "country": true, "cinematography": true, "editing": true, "visual": true,
	"sound": true, "costume": true, "makeup": true, "production": true, "screenplay": true, "musical": true,
	"comedy": true, "drama": true, "limited": true, "series": true, "television": true, "tv": true,
	"short": true, "live": true, "performance": true, "male": true, "female": true, "player": true,
	"goalkeeper": true, "coach": true, "manager": true, "rookie": true, "sixth": true, "defensive": true,
	"music": true, "video": true, "game": true, "novel": true, "book": true, "play": true, "revival": true}

// roundNouns name an early part of a tournament: a win there ("wins her
// Open debut", "won the opener", "beat her in the first round") is not the
// title a "who won" question asks for.
var roundNouns = map[string]bool{"debut": true, "opener": true, "opening": true, "round": true, "heat": true,
	"qualifier": true, "qualifying": true, "quarterfinal": true, "semifinal": true, "semi": true, "group": true}

// lastRound, before a round noun, make it the deciding round, not an early
// one: "won the World Cup ... in the final round of kicks".
var lastRound = map[string]bool{"final": true, "last": true, "championship": true, "title": true, "deciding": true}

// looseRound are the round nouns with other senses ("won with two groups",
// "won in the searing heat"): they name a round only as namedRound says.
var looseRound = map[string]bool{"group": true, "heat": true}

// namedRound reports whether the noun at tt[j] is a round: one's own
// ("won her heat", "won their group") or one with a name ("Group B", "heat
// 3", "the group stage").
func namedRound(tt []token, j int) bool {
	if j > 0 && possessives[tt[j-1].lower] {
		return true
	}
	if j+1 < len(tt) && !tt[j].comma {
		n := tt[j+1]
		return len(n.raw) == 1 && isCapital(n.raw) || isSmallNumber(n.lower) || n.lower == "stage"
	}
	return false
}

// possessives are the determiners that make a round one's own.
var possessives = map[string]bool{"his": true, "her": true, "their": true, "its": true, "our": true}

// winsARound reports whether s states a win of an early round, when the
// question asks who won (and names no round): the words after the win (up
// to seven, within its clause) name a round other than the last ("the
// final round"). A debut after "on" or "in" is
// the occasion of a title ("won the title on her debut"), not a round.
func (a Asked) winsARound(s string) bool {
	if !slices.Contains(a.Predicate, "win") {
		return false
	}
	clause := map[string]bool{}
	for _, t := range a.clauseTokens() {
		clause[strings.TrimSuffix(t.lower, "s")] = true
	}
	tt := tokens(s)
	for i, t := range tt {
		if !statesPredicate(t.lower, a.Predicate) {
			continue
		}
		for j := i + 1; j < len(tt) && j <= i+7; j++ {
			w := strings.TrimSuffix(tt[j].lower, "s")
			if w == "debut" && (tt[j-1].lower == "on" || tt[j-1].lower == "in" || j > 1 && (tt[j-2].lower == "on" || tt[j-2].lower == "in")) {
				continue // "won the title on her debut": the debut is the occasion
			}
			if roundNouns[w] && !clause[w] && !lastRound[tt[j-1].lower] && (!looseRound[w] || namedRound(tt, j)) {
				return true
			}
			if tt[j].comma {
				break
			}
		}
	}
	return false
}

// winsAnotherYear reports whether every win s dates is dated by a year a
// "who won" question does not ask ("Tiger Woods, who won the Masters in 2019, withdrew
// from the 2022 Masters" for "who won the 2022 Masters"): the year within
// the predicate's clause, up to eight words after it, is another edition's.
func (a Asked) winsAnotherYear(s string) bool {
	if len(a.Years) == 0 || !slices.Contains(a.Predicate, "win") {
		return false
	}
	tt := tokens(s)
	other := false
	for i, t := range tt {
		if !statesPredicate(t.lower, a.Predicate) || t.comma {
			continue // "Past champions: 2019, ...": a list's label
		}
		for j := i + 1; j < len(tt) && j <= i+8; j++ {
			if reYearWord.MatchString(tt[j].raw) && len(tt[j].raw) == 4 {
				if slices.Contains(a.Years, tt[j].raw) {
					return false
				}
				other = true
				break
			}
			if tt[j].comma {
				break
			}
		}
	}
	return other
}

// spanWords, before a year, make it the start or the bound of a span that
// reaches the story's time ("died since 2020", "the most since 1981"), not
// the date of the fact.
var spanWords = map[string]bool{"since": true, "from": true, "than": true, "until": true, "through": true}

// reFuture matches a question about a coming event ("where will the summit
// be held").
var reFuture = regexp.MustCompile(`(?i)\b(?:will|going to|next|upcoming)\b`)

// pastEdition reports whether every statement of the predicate in s is
// dated long before its article, for a question that names no year about
// a fact that recurs (who won, how many, who was named to a role, where or
// when a coming event is held): "William Ruto, who won the 2017 vote" in a 2022 story, "3,000
// people died in the earthquake that struck Turkey in 1999". The article's
// year and the one before it (a January story of a December final) may be
// the question's; a question about a coming event takes neither an earlier
// year nor "last year" ("the summit was held in Bali last year").
func (a Asked) pastEdition(s, pubYear string) bool {
	py, err := strconv.Atoi(pubYear)
	if len(a.Years) > 0 || len(a.Predicate) == 0 || err != nil {
		return false
	}
	future := reFuture.MatchString(a.Clause)
	recurs := slices.Contains(a.Predicate, "win") || a.Kind == KindNumber || appointedTo(a.Clause) != ""
	if !future && (a.Kind == KindDate || !recurs) {
		return false
	}
	earliest := py - 1
	if future {
		earliest = py
	}
	tt := tokens(s)
	other := false
	for i, t := range tt {
		if !statesPredicate(t.lower, a.Predicate) || t.comma {
			continue
		}
		dated := false
		for j := i + 1; j < len(tt) && j <= i+8 && !dated; j++ {
			if future && tt[j].lower == "last" && j+1 < len(tt) && tt[j+1].lower == "year" {
				dated = true
			}
			if y, err := strconv.Atoi(tt[j].raw); err == nil && reYearWord.MatchString(tt[j].raw) && !spanWords[tt[j-1].lower] {
				if y >= earliest {
					return false
				}
				dated = true
			}
			if tt[j].comma {
				break
			}
		}
		// Or the year names its subject: "The 2018 Camp Fire killed 85".
		for j := i - 1; j >= 0 && j >= i-6 && !dated && !tt[j].comma; j-- {
			if y, err := strconv.Atoi(tt[j].raw); err == nil && reYearWord.MatchString(tt[j].raw) && (j == 0 || !spanWords[tt[j-1].lower]) {
				if y >= earliest {
					return false
				}
				dated = true
			}
		}
		if !dated {
			return false // an undated statement is the story's own news
		}
		other = true
	}
	return other
}

// ageQualifiers, before an asked name, make it another part than the one
// asked about: "plays the young Diana Prince" is not the role of "Diana
// Prince".
var ageQualifiers = map[string]bool{"young": true, "younger": true, "teenage": true, "teen": true, "child": true,
	"little": true, "baby": true, "older": true, "elderly": true, "adult": true, "kid": true}

// youngerSelf reports whether s names a name of the question only after an
// age qualifier ("the young Diana Prince"), when the question does not.
func (a Asked) youngerSelf(s string) bool {
	clause := map[string]bool{}
	for _, t := range a.clauseTokens() {
		clause[t.lower] = true
	}
	tt := tokens(s)
	for _, p := range a.clausePhrases() {
		qualified, plain := false, false
		for i, t := range tt {
			if t.lower != p[0] || !isCapital(t.raw) {
				continue
			}
			if i > 0 && ageQualifiers[tt[i-1].lower] && !clause[tt[i-1].lower] {
				qualified = true
			} else {
				plain = true
			}
		}
		if qualified && !plain {
			return true
		}
	}
	return false
}

// otherTitle reports whether s names a title the question names with
// another qualifier in place of the asked one ("the Hawaii State Teacher
// of the Year" for "the National Teacher of the Year", "the WNBA Finals"
// for "the NBA Finals"): the asked name's last words, capitalized, after a
// capitalized word that is not its first, and the asked name nowhere.
func (a Asked) otherTitle(s string) bool {
	tt := tokens(s)
	other := false
	for _, p := range a.clausePhrases() {
		if len(p) < 2 {
			continue
		}
		for i := 1; i+len(p)-1 <= len(tt); i++ {
			match := true
			for k, w := range p[1:] {
				if plainWord(tt[i+k].lower) != plainWord(w) || !isCapital(tt[i+k].raw) {
					match = false
					break
				}
			}
			if !match {
				continue
			}
			prev := tt[i-1]
			if a, b := plainWord(prev.lower), plainWord(p[0]); strings.HasPrefix(a, b) || strings.HasPrefix(b, a) || initials(tt[:i], b) {
				return false // the asked name itself ("USA Open" for "US Open", "Associated Press" for "AP")
			}
			// "Qatar's World Cup" is the host's, not another title; "the
			// Women's World Cup" is another.
			host := plainWord(prev.lower) != prev.lower && !genders[plainWord(prev.lower)]
			// "The Broncos" at a sentence's start is the asked "Denver
			// Broncos", not another title.
			if isCapital(prev.raw) && !prev.comma && !slices.Contains(a.Names, plainWord(prev.lower)) && !host && !text.IsStopword(prev.lower) {
				other = true
			}
		}
	}
	return other
}

// genders, as possessives before a title, name another title ("the
// Women's World Cup").
var genders = map[string]bool{"women": true, "men": true, "girls": true, "boys": true, "ladies": true}

// initials reports whether the capitalized words that end tt spell the
// abbreviation abbr by their first letters ("Associated Press" for "ap").
func initials(tt []token, abbr string) bool {
	n := len(abbr)
	if n < 2 || n > 5 || len(tt) < n {
		return false
	}
	for k, t := range tt[len(tt)-n:] {
		if !isCapital(t.raw) || t.lower[0] != abbr[k] {
			return false
		}
	}
	return true
}

// plainWord is w without a possessive, its apostrophes straight: "Martha’s"
// and "Martha's" are one word.
func plainWord(w string) string {
	w = strings.ReplaceAll(w, "’", "'")
	return strings.TrimSuffix(w, "'s")
}

// otherOwner reports whether s speaks of the asked thing of another owner:
// the common words that follow an asked name in the question ("presidential
// election" in "the 2024 Tessaly presidential election") follow another
// capitalized word in s ("the 2024 Marwick presidential election"), and s
// does not name the asked owner ("Tessaly") anywhere. Its passage may name
// it ("Marwick borders Tessaly"), which is why the names check alone lets
// it through.
func (a Asked) otherOwner(s string) bool {
	if len(a.Names) == 0 {
		return false
	}
	var tt []token // s's, tokenized only for a question it may concern
	ct := a.clauseTokens()
	for i, t := range ct {
		n := plainWord(t.lower)
		if !isCapital(t.raw) || t.comma || !slices.Contains(a.Names, n) {
			continue
		}
		// The common words after the name, up to a stopword, a name or a
		// clause mark.
		var tail []string
		for j := i + 1; j < len(ct) && len(tail) < 3; j++ {
			w := strings.TrimRight(ct[j].lower, "?")
			if isCapital(ct[j].raw) || text.IsStopword(w) || isSmallNumber(w) {
				break
			}
			tail = append(tail, plainWord(w))
			if ct[j].comma {
				break
			}
		}
		possessive := n != t.lower
		if !possessive && (len(tail) == 0 || !strings.Contains(strings.ToLower(s), tail[0])) {
			continue
		}
		if tt == nil {
			tt = tokens(s)
		}
		if slices.ContainsFunc(tt, func(w token) bool { return namesName(n, plainWord(w.lower)) }) {
			continue
		}
		if possessive && possessedByOther(a, ct[i+1:], tt) {
			return true
		}
		if len(tail) == 0 {
			continue
		}
		for k := 1; k+len(tail) <= len(tt); k++ {
			match := true
			for m, w := range tail {
				if plainWord(tt[k+m].lower) != w {
					match = false
					break
				}
			}
			prev := tt[k-1]
			pw := plainWord(prev.lower)
			if _, month := monthWords[pw]; !match || month || weekdayWords[pw] || !isCapital(prev.raw) || prev.comma || text.IsStopword(pw) {
				continue
			}
			return true
		}
	}
	return false
}

// isAskedName reports whether w names an asked name: the name, a country's
// other word for it ("French"), or a people's word made from it ("Tessalian"
// for "Tessaly").
func (a Asked) isAskedName(w string) bool {
	return slices.ContainsFunc(a.Names, func(n string) bool { return namesName(n, w) })
}

// namesName reports whether word w names asked name n (see isAskedName).
func namesName(n, w string) bool {
	return w == n || slices.Contains(text.CountryWords(n), w) || len(n) >= 5 && strings.HasPrefix(w, n[:len(n)-1])
}

// genderOf returns the men's or women's side a word names ("men's",
// "women", "ladies'"), or "".
func genderOf(w string) string {
	switch strings.TrimRight(plainWord(w), "'’") {
	case "men", "boys", "male", "gentlemen":
		return "men"
	case "women", "girls", "ladies", "female":
		return "women"
	}
	return ""
}

// otherGender reports whether s names only the other side of an event
// split by sex than the one asked about ("won the women's singles title"
// for "who won the men's singles title"). A sentence that names neither
// leaves it to its context.
func (a Asked) otherGender(s string) bool {
	want := ""
	for _, t := range a.clauseTokens() {
		if want = genderOf(t.lower); want != "" {
			break
		}
	}
	if want == "" {
		return false
	}
	other := false
	for _, t := range tokens(s) {
		switch g := genderOf(t.lower); {
		case g == want:
			return false
		case g != "":
			other = true
		}
	}
	return other
}

// namesGender reports whether s names a side of an event split by sex.
func namesGender(s string) bool {
	return slices.ContainsFunc(tokens(s), func(t token) bool { return genderOf(t.lower) != "" })
}

// othersRole reports whether every time s names the asked role it is
// another owner's: a possessive name before its title ("Velmar's prime
// minister") or "of" and a name after it ("the prime minister of Velmar")
// that is none of the asked names, when the question names an owner
// ("the prime minister of Ardania"). In a headline, a name before a
// lowercase title is its owner too.
func (a Asked) othersRole(s string, headline bool) bool {
	clause := a.clauseWords()
	owner := slices.ContainsFunc(a.Names, func(n string) bool { return n != a.Role && !slices.Contains(text.Words(a.Role), n) })
	if !owner {
		return false
	}
	tt := tokens(s)
	found := false
	for i, t := range tt {
		if t.lower != a.Role {
			continue
		}
		other := false
		for k := i - 1; k >= 0 && k >= i-3 && !tt[k].comma; k-- {
			w := plainWord(tt[k].lower)
			if !isCapital(tt[k].raw) || text.IsStopword(w) {
				if !slices.Contains(clause, w) {
					break // "prime" of "prime minister" is the title's
				}
				continue
			}
			// A headline drops the possessive: "Velmar prime minister
			// visits Ardania".
			if w != tt[k].lower || headline && !isCapital(tt[i].raw) {
				other = !a.isAskedName(w)
			}
			break
		}
		if j := i + 1; !t.comma && j+1 < len(tt) && tt[j].lower == "of" {
			if tt[j+1].lower == "the" && j+2 < len(tt) {
				j++
			}
			if isCapital(tt[j+1].raw) {
				other = !a.isAskedName(plainWord(tt[j+1].lower))
			}
		}
		if !other {
			return false
		}
		found = true
	}
	return found
}

// possessedByOther reports whether tt names, as another's, what follows an
// asked possessive in the question (rest: "Senate race" after
// "Pennsylvania's"): a possessive name that is none of the asked ones,
// then up to three names or words of the thing, then its last common word
// ("Georgia's U.S. Senate race").
func possessedByOther(a Asked, rest, tt []token) bool {
	last := ""
	words := map[string]bool{}
	for _, t := range rest {
		w := strings.TrimRight(t.lower, "?")
		if text.IsStopword(w) {
			break
		}
		if words[plainWord(w)] = true; !isCapital(t.raw) {
			last = plainWord(w)
		}
		if t.comma {
			break
		}
	}
	if last == "" {
		return false
	}
	for k, t := range tt {
		w := plainWord(t.lower)
		if w == t.lower || !isCapital(t.raw) || t.comma || a.isAskedName(w) || weekdayWords[w] {
			continue
		}
		if _, month := monthWords[w]; month {
			continue
		}
		for j := k + 1; j < len(tt) && j <= k+4; j++ {
			if plainWord(tt[j].lower) == last {
				return true
			}
			// The period of "U.S." is no clause mark.
			if !isCapital(tt[j].raw) && !words[plainWord(tt[j].lower)] || tt[j].comma && !strings.Contains(tt[j].raw, ".") {
				break
			}
		}
	}
	return false
}

// placeWords, before a name, make it a place: "in Calder", "at the Kelby
// Park"; hostWords after a name make it one: "Calder will host".
var (
	placeWords = map[string]bool{"in": true, "at": true, "near": true, "inside": true, "outside": true, "from": true,
		"to": true, "across": true, "around": true}
	hostWords = map[string]bool{"host": true, "hosts": true, "hosted": true, "hosting": true, "stage": true, "stages": true,
		"staged": true, "staging": true}
)

// namesAPlace reports whether s names a place as one: a capitalized word
// (not a month or weekday) after a place word or a place's kind and "of"
// ("the city of Pokhara"), or before a verb of hosting within two words.
func namesAPlace(s string) bool {
	tt := tokens(s)
	for i, t := range tt {
		if !isCapital(t.raw) {
			continue
		}
		w := plainWord(t.lower)
		if _, month := monthWords[w]; month || weekdayWords[w] {
			continue
		}
		// A country or its people's word is a place ("one billion Chinese
		// citizens" for "where did the leak occur").
		if len(text.CountryWords(w)) > 0 {
			return true
		}
		k := i - 1
		if k >= 0 && (tt[k].lower == "the" || tt[k].lower == "a") {
			k--
		}
		// "according to LeakIX" names a source.
		if k >= 0 && placeWords[tt[k].lower] && !tt[k].comma && (k == 0 || tt[k-1].lower != "according") {
			return true
		}
		// "the port city of Dalen"
		if k >= 1 && tt[k].lower == "of" && nounKinds[tt[k-1].lower] == KindPlace {
			return true
		}
		for j := i + 1; j < len(tt) && j <= i+3; j++ {
			if hostWords[tt[j].lower] {
				return true
			}
		}
	}
	return false
}
