package answer

import (
	"iter"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/internal/text"
)

// Kind is the type of answer a question asks for.
type Kind string

// The kinds of answer a question can ask for. KindThing is everything
// else ("which condiment", "what did he say"): its answers cannot be told
// by their form.
const (
	KindPerson Kind = "person"
	KindOrg    Kind = "organisation"
	KindPlace  Kind = "place"
	KindDate   Kind = "date"
	KindNumber Kind = "number"
	KindEvent  Kind = "event"
	KindYesNo  Kind = "yes/no"
	KindReason Kind = "reason"
	KindThing  Kind = "thing"
)

// Asked is what a question asks for: the kind of answer, and what the
// answer must be about.
type Asked struct {
	Kind Kind
	// Clause is the asking sentence of the question (quiz questions often
	// open with a sentence of context); Focus its search terms.
	Clause string
	Focus  []string
	// Predicate holds the stems of what is asked about the focus ("won",
	// "acquired", "released"): an answering sentence says it.
	Predicate []string
	// Years are the years the question names ("the 2019 Wimbledon"): an
	// answer about another year does not answer it.
	Years []string
	// Names are the terms of the names the asking clause names ("Instagram",
	// "La La Land"): an answer about something else does not answer.
	Names []string
	// Numbers are the other numbers the asking clause names ("season 4").
	Numbers []string
	// Unit holds the terms of the counted noun of "how many X" (empty for
	// vague nouns such as "people").
	Unit []string
	// Money is set when the number asked for is a sum ("what was Tesla's
	// revenue"): a count of cars does not answer.
	Money bool
	// Role is the role a "who is the CEO of…" question names: the answer
	// holds it now (not "the former CEO").
	Role string
	// Noun is the noun "which"/"what" asks with ("which singer", "which
	// item"): a sentence that says "the singer" refers to the answer.
	Noun string

	// ctoks and phrases are the clause's tokens and name phrases, read
	// once: the rules compare every candidate sentence with them.
	ctoks   []token
	phrases [][]string
}

// clauseTokens returns the tokens of the asking clause.
func (a Asked) clauseTokens() []token {
	if a.ctoks == nil {
		return tokens(a.Clause)
	}
	return a.ctoks
}

// clausePhrases returns the name phrases of the asking clause.
func (a Asked) clausePhrases() [][]string {
	if a.phrases == nil {
		return namePhrases(a.Clause)
	}
	return a.phrases
}

// reWh finds the asking word of a question.
var reWh = regexp.MustCompile(`(?i)\b(who|whom|whose|which|what|where|when|why|how)\b`)

// reYesNo matches a question asked with an auxiliary verb ("Did…", "Is…").
var reYesNo = regexp.MustCompile(`(?i)^(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should)\b`)

// nounKinds classifies the noun after "which" or "what".
var nounKinds = map[string]Kind{}

func init() {
	for kind, words := range map[Kind]string{
		KindPerson: "person people man woman singer star actor actress player president leader governor senator " +
			"rapper musician artist athlete coach member official minister director ceo founder author writer " +
			"celebrity individual host judge justice lawmaker candidate king queen prince princess pope " +
			"quarterback pitcher slugger golfer driver chef comedian model figure head speaker manager mayor chairman " +
			"chairwoman chancellor secretary",
		KindOrg: "company companies team automaker airline chain platform network group league party service " +
			"brand retailer firm carmaker maker manufacturer bank agency organization organisation club store " +
			"restaurant startup publisher studio university school college outlet union website app giant",
		KindPlace: "country countries state states city cities continent island nation area region town county " +
			"capital place location destination province territory neighborhood park airport port border " +
			"river lake mountain volcano site venue stadium street",
		KindDate:  "year month day date time season decade week",
		KindEvent: "event holiday award awards show festival tournament championship race election hurricane storm",
	} {
		for _, w := range strings.Fields(words) {
			nounKinds[w] = kind
		}
	}
}

// readQuestion reads what q asks for.
func readQuestion(q string) Asked {
	a := Asked{Kind: KindThing, Clause: askingClause(q)}
	a.ctoks, a.phrases = tokens(a.Clause), namePhrases(a.Clause)
	clause := a.Clause
	a.Focus = text.Terms(clause)
	a.Years = reYearWord.FindAllString(q, -1)
	if need, unit := asksQuantity(q); need {
		a.Kind, a.Unit = KindNumber, unit
	}
	if reMoney.MatchString(clause) {
		a.Kind, a.Money = KindNumber, true
	}
	a.Names = names(clause)
	for _, m := range reClauseNumber.FindAllStringIndex(clause, -1) {
		n := clause[m[0]:m[1]]
		// A day of a date ("January 6, 2021") is the date's, read with it.
		if !reYearWord.MatchString(n) && !reDayOfMonth.MatchString(clause[:m[1]]) {
			a.Numbers = append(a.Numbers, n)
		}
	}
	m := reWh.FindStringSubmatchIndex(clause)
	if m == nil {
		if reYesNo.MatchString(strings.TrimSpace(clause)) {
			a.Kind = KindYesNo
		}
		a.Predicate, _ = predicate(clause, false)
		return a
	}
	wh := strings.ToLower(clause[m[2]:m[3]])
	rest := clause[m[1]:]
	// "Who is the director of…": the role is what is said of the answer.
	a.Predicate, a.Role = predicate(roleNames(rest), strings.HasPrefix(wh, "who"))
	if a.Kind == KindNumber {
		return a
	}
	switch wh {
	case "who", "whom", "whose":
		a.Kind = KindPerson
	case "where":
		a.Kind = KindPlace
	case "when":
		a.Kind = KindDate
	case "why":
		a.Kind = KindReason
	case "how":
		a.Kind = KindReason // "how did…": a manner or cause, told by no form
		// "How soon…", "how late…": when.
		if w := text.Words(rest); len(w) > 0 && (w[0] == "soon" || w[0] == "late" || w[0] == "early") {
			a.Kind = KindDate
		}
	case "which", "what":
		// The noun after the asking word says the kind ("which state"),
		// or the noun of "what is the name of the X".
		words := text.Words(rest)
		for i, w := range words {
			if i > 3 {
				break
			}
			if k, ok := nounKinds[w]; ok {
				a.Kind = k
				// "What did the minister say": the noun after the verb
				// is the subject, not what the answer is called.
				if !slices.ContainsFunc(words[:i], func(v string) bool { return auxVerbs[v] }) {
					a.Noun = w
				}
				// "Which European island": a word between the asking
				// word and its noun describes the answer; the answer's
				// sentence need not repeat it ("Stromboli, off Sicily").
				for _, d := range words[:i] {
					a.Names = slices.DeleteFunc(a.Names, func(n string) bool { return n == d })
				}
				break
			}
			if w == "name" || w == "called" {
				a.Kind = KindPerson
			}
		}
		if a.Noun == "" {
			a.Noun = nounBeforeVerb(words)
		}
		if a.Kind == KindThing && reYesNo.MatchString(strings.TrimSpace(q)) {
			a.Kind = KindYesNo
		}
	}
	return a
}

// nounBeforeVerb returns the word just before the first auxiliary verb
// among the first words after the asking word ("which menu item did"
// gives "item"), or "" when the verb comes first ("what did she say").
func nounBeforeVerb(words []string) string {
	for i, w := range words {
		if i > 4 {
			break
		}
		if auxVerbs[w] {
			if i == 0 || text.IsStopword(words[i-1]) {
				return ""
			}
			return words[i-1]
		}
	}
	return ""
}

// auxVerbs are the verbs that follow the noun of "which X did…".
var auxVerbs = map[string]bool{"is": true, "are": true, "was": true, "were": true, "do": true, "does": true,
	"did": true, "has": true, "have": true, "had": true, "will": true, "would": true, "can": true, "could": true,
	"should": true, "may": true, "might": true}

// askingClause returns the sentence of q that asks (the last one with a
// question mark or an asking word); quiz questions often open with a
// sentence of context.
func askingClause(q string) string {
	spans := text.Sentences(q)
	for i := len(spans) - 1; i >= 0; i-- {
		s := q[spans[i][0]:spans[i][1]]
		if strings.Contains(s, "?") || reWh.MatchString(s) {
			return s
		}
	}
	return q
}

// predicate returns the stems of the first content word of s that is not a
// name or a noun that says the kind: in "won the women's singles",
// "acquired Instagram", "is the director of", the thing said of the answer;
// and, when roles is set and the predicate is a role ("director"), the role.
func predicate(s string, roles bool) ([]string, string) {
	if roles {
		if role := appointedTo(s); role != "" {
			return append(predicateForms(role), role), role
		}
	}
	// A verb the answer must state ("won", "released", "premiere")
	// anywhere in the clause comes first.
	for _, w := range strings.Fields(s) {
		lw := strings.ToLower(strings.Trim(w, ".,;:?!\"“”'’()"))
		if len(irregular[lw]) > 0 {
			if roles && nounKinds[lw] == KindPerson {
				return append(predicateForms(lw), lw), lw
			}
			return predicateForms(lw), ""
		}
	}
	fields := strings.Fields(s)
	for i, w := range fields {
		w = strings.Trim(w, ".,;:?!\"“”'’()")
		if w == "" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		lw := strings.ToLower(w)
		// "the prime minister of", "the head coach": the role is the last
		// noun of a compound title, the words before it qualify it. (A
		// role in a work, "the lead actress in", is no office: "lead" is
		// what is asked.)
		if roles && !unicode.IsUpper(r) && i+1 < len(fields) && !strings.ContainsAny(fields[i], ",;:") {
			next := strings.ToLower(strings.Trim(fields[i+1], ".,;:?!\"“”'’()"))
			office := nounKinds[lw] == KindPerson || i+2 < len(fields) && strings.ToLower(fields[i+2]) == "of"
			if nounKinds[next] == KindPerson && !auxiliary[next] && office {
				continue
			}
		}
		if k, ok := nounKinds[lw]; ok {
			if roles && k == KindPerson && !auxiliary[lw] {
				// "Who is the CEO of Lego": the answer is named as the
				// CEO; a sentence without the role does not answer.
				return append(predicateForms(lw), lw), lw
			}
			continue
		}
		if unicode.IsUpper(r) || unicode.IsDigit(r) || text.IsStopword(lw) || auxiliary[lw] {
			continue
		}
		return predicateForms(lw), ""
	}
	return nil, ""
}

// reChiefExecutive matches the CEO's title written out.
var reChiefExecutive = regexp.MustCompile(`(?i)\bchief executive(?: officer)?\b`)

// roleNames writes a role that news names in two ways in one of them:
// "chief executive (officer)" as "CEO".
func roleNames(s string) string { return reChiefExecutive.ReplaceAllString(s, "CEO") }

// appointVerbs put someone in a role: "who was named the new head coach".
var appointVerbs = map[string]bool{"named": true, "appointed": true, "elected": true, "chosen": true,
	"picked": true, "hired": true, "tapped": true, "sworn": true, "selected": true, "installed": true}

// appointedTo returns the role s asks who was put in ("was named the new
// head coach of" gives "coach"; "was sworn in as prime minister" gives
// "minister"), or "": the answer holds the role now. A capitalized title
// ("named Time's Person of the Year") is an honour, not a role.
func appointedTo(s string) string {
	fields := strings.Fields(s)
	for i, f := range fields {
		if !appointVerbs[strings.ToLower(strings.Trim(f, ".,;:?!\"“”'’()"))] {
			continue
		}
		for j := i + 1; j < len(fields) && j <= i+5; j++ {
			w := strings.Trim(fields[j], ".,;:?!\"“”'’()")
			lw := strings.ToLower(w)
			if nounKinds[lw] != KindPerson || auxiliary[lw] {
				continue
			}
			if w != lw && w != strings.ToUpper(w) {
				return ""
			}
			// The last noun of a compound title ("head coach").
			for j+1 < len(fields) && !strings.ContainsAny(fields[j], ",;:") {
				next := strings.ToLower(strings.Trim(fields[j+1], ".,;:?!\"“”'’()"))
				if nounKinds[next] != KindPerson {
					break
				}
				lw, j = next, j+1
			}
			return lw
		}
		return ""
	}
	return ""
}

// auxiliary words carry no predicate.
var auxiliary = map[string]bool{"is": true, "are": true, "was": true, "were": true, "do": true, "does": true,
	"did": true, "has": true, "have": true, "had": true, "will": true, "would": true, "can": true, "could": true,
	"be": true, "been": true, "being": true, "new": true, "recently": true, "reportedly": true, "soon": true,
	"popular": true, "major": true, "famous": true, "first": true, "current": true, "name": true, "many": true,
	"much": true, "s": true}

// irregular maps irregular verb forms and their nouns to one stem, so that
// "won" and "winner", "bought" and "buyer" meet.
var irregular = map[string][]string{
	"won": {"win", "winner", "victori", "champion", "titl", "beat", "defeat"}, "win": {"win", "won", "winner", "victori", "champion", "titl", "beat", "defeat"},
	"winner": {"win", "won", "winner", "victori", "champion", "titl", "beat", "defeat"},
	"bought": {"bui", "acquir", "acquisit", "purchas"}, "buy": {"bought", "acquir", "acquisit", "purchas"},
	"acquired": {"acquisit", "bought", "bui", "purchas", "takeov"}, "acquire": {"acquisit", "bought", "bui", "purchas"},
	"died": {"di", "death", "dead", "pass"}, "die": {"di", "death", "dead"},
	"released": {"releas", "launch", "debut", "avail", "out", "premier", "theater", "theatr", "cinema", "shelv"},
	"release":  {"releas", "launch", "debut", "avail", "premier", "theater", "theatr", "cinema", "shelv"},
	"founded":  {"found", "establish", "start", "creat", "launch"},
	"directed": {"direct", "director"}, "director": {"direct", "directed"},
	"awarded":  {"award", "won", "win", "winner", "receiv", "laureat"},
	"named":    {"name", "select", "chose", "pick"},
	"premiere": {"premier", "releas", "debut", "air", "return"},
	"hosted":   {"host", "held"}, "held": {"held", "hold", "host", "took", "met", "meet", "gather"},
}

// hardPredicate reports whether an answering sentence must state the
// predicate: "won", "acquired" and "released" are the fact asked for, and
// a sentence about the same topic without them (the draw, the rumours, the
// trailer) does not answer. Other verbs ("announced", "said", "became") are
// often left out of the answering sentence and only weigh in its favour.
func (a Asked) hardPredicate() bool {
	return len(a.Predicate) > 1
}

// reDayOfMonth matches a text ending in a month and a day.
var reDayOfMonth = regexp.MustCompile(`(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}$`)

// reClauseNumber matches a number the asking clause names ("season 4",
// "73 home runs", "200,000 trucks"), years aside.
var reClauseNumber = regexp.MustCompile(`\b\d+(?:[.,]\d+)*\b`)

// predicateForms returns the stems a sentence may state word w with.
func predicateForms(w string) []string {
	forms := []string{text.Porter(w)}
	forms = append(forms, irregular[w]...)
	return forms
}

// reYearWord matches a year named in a question.
var reYearWord = regexp.MustCompile(`\b(?:19[0-9]\d|20[0-4]\d)\b`)

// answers reports whether sentence s (from a passage, of an article titled
// title and published in pubYear, "" when undated) states an answer of the
// kind asked, about what is asked: not the question restated, not the
// same topic in another year.
func (a Asked) answers(s, passage, title, pubYear string, qterms map[string]bool) bool {
	body := stripDateline(s)
	// A snippet's page date or a story's dated text makes "last year" or
	// "on Monday" a date; in an undated snippet they say nothing.
	dated := pubYear != "" || len(body) < len(s)
	body = reWireDateline.ReplaceAllString(body, "")
	for _, y := range a.Years {
		// The year is the sentence's own, the sentence's just before it
		// (which it takes for granted), or the article's (its title or
		// date, or a snippet's page date: "Sep 11, 2022 ... "): a passage that mentions it elsewhere speaks of something
		// else in it.
		if !namesYear(body, y) && !strings.Contains(title, y) && y != pubYear && !namesYear(sentenceBefore(passage, s), y) &&
			!namesYear(s[:len(s)-len(stripDateline(s))], y) {
			return false
		}
	}
	for _, n := range a.Numbers {
		if !hasWord(body+"\n"+passage+"\n"+title, n) && !hasOrdinal(body+"\n"+passage+"\n"+title, n) {
			return false
		}
	}
	if a.otherEdition(body) || a.extendsName(body) || a.aboutNeighbour(body) || a.aboutPart(body) || a.otherCategory(body) || a.otherField(body) ||
		a.winsARound(body) || a.winsAnotherYear(body) || a.pastEdition(body, pubYear) || a.youngerSelf(body) || a.otherTitle(body) {
		return false
	}
	if a.Role != "" {
		// The role in its other name ("chief executive" for "CEO") is it.
		body = roleNames(body)
		if !holdsRole(body, a.Role, a.Predicate, a.Clause) {
			return false
		}
	}
	terms := termSet(body)
	// A sentence that says little the question does not restates it.
	if newTerms(terms, qterms) < 2 {
		return false
	}
	if len(a.Names) > 0 {
		// The sentence, its passage or its title speak of the names asked
		// about (half of them, at least: a passage names "the Cup", not
		// "the World Cup Final"), written as names in the text
		// ("tour-level wins" is not the Tour de France; a title may be
		// lowercase, made from its URL).
		phrases := a.clausePhrases()
		around := capitalizedWords(body, phrases)
		maps.Copy(around, capitalizedWords(passage, phrases))
		for _, w := range text.Words(title) {
			around[w] = true
		}
		have := a.namesIn(around)
		if have > 0 && 2*have < len(a.Names) {
			// One asked name written as a name shows the text speaks of
			// it; the others may then be in common words ("Michelle Yeoh
			// won the Oscar for lead actress" for "Best Actress at the
			// Oscars").
			for _, w := range text.Words(body + "\n" + passage) {
				around[w] = true
			}
			have = a.namesIn(around)
		}
		if 2*have < len(a.Names) {
			return false
		}
	}
	// A question about a goal or a denial ("who is favored to win", "which
	// company plans to buy", "who did not qualify") is answered by one.
	clauseWords := text.Words(a.Clause)
	asksGoal := slices.ContainsFunc(clauseWords, func(w string) bool { return goalWords[w] })
	asksNegated := slices.ContainsFunc(clauseWords, func(w string) bool { return negators[w] })
	if a.hardPredicate() && !awardWentTo(body, a.Predicate) && !awardTaken(body, a.Predicate) && (!statesPredicate(body, a.Predicate) ||
		predicateOnlyQualified(body, a.Predicate, a.Clause) || !asksGoal && predicateOnlyAGoal(body, a.Predicate) ||
		!asksNegated && predicateOnlyNegated(body, a.Predicate)) {
		return false
	}
	// A question about what happened ("when did NASA launch") is not
	// answered by a plan ("NASA plans to launch it on December 22").
	if asksPast(a.Clause) && !asksGoal && predicateOnlyAGoal(body, a.Predicate) {
		return false
	}
	// Nor is "who won" by a forecast ("we will win").
	asksForecast := reFuture.MatchString(a.Clause) || slices.ContainsFunc(clauseWords, func(w string) bool { return modals[w] })
	if slices.Contains(a.Predicate, "win") && !asksForecast && predicateOnlyForeseen(body, a.Predicate) {
		return false
	}
	switch a.Kind {
	case KindNumber:
		if a.Money {
			return reSum.MatchString(body)
		}
		return statesNumber(body) && namesAny(terms, a.Unit)
	case KindDate:
		return (statesDate(body) && (dated || absoluteDate(body)) || a.reportedOnItsDate(s, body)) && !otherYearsOnly(body, a.Years) &&
			a.namesTheEvent(body, sentenceBefore(passage, s))
	case KindPerson, KindOrg, KindPlace:
		return namesWhole(body, passage+"\n"+title, qterms) && !a.describedOnly(body)
	case KindReason:
		return reReason.MatchString(body) && newTerms(terms, qterms) >= 2
	case KindYesNo:
		return true
	default:
		return namesNew(body, passage+"\n"+title, qterms) || newTerms(terms, qterms) >= 3
	}
}

// asksPast reports whether the asking clause asks what happened: its first
// auxiliary, among the few words after the asking word, is "did", "was" or
// "were".
func asksPast(clause string) bool {
	m := reWh.FindStringIndex(clause)
	if m == nil {
		return false
	}
	for i, w := range text.Words(clause[m[1]:]) {
		if i > 3 {
			break
		}
		if auxVerbs[w] {
			return w == "did" || w == "was" || w == "were"
		}
	}
	return false
}

// namesIn counts the asked names in words: "Russians" is named by
// "Russian"; "France" is not by "Frances" but is by "French", the UK by
// "Britain".
func (a Asked) namesIn(words map[string]bool) int {
	have := 0
	for _, n := range a.Names {
		if words[n] || strings.HasSuffix(n, "s") && words[strings.TrimSuffix(n, "s")] ||
			slices.ContainsFunc(text.CountryWords(n), func(w string) bool { return words[w] }) {
			have++
		}
	}
	return have
}

// statesForm reports whether s says one of forms (nil: false).
func statesForm(s string, forms []string) bool {
	return len(forms) > 0 && statesPredicate(s, forms)
}

// statesPredicate reports whether s says one of the predicate's forms.
func statesPredicate(s string, forms []string) bool {
	for _, w := range text.Words(s) {
		st := text.Porter(w)
		for _, f := range forms {
			if st == f || w == f || strings.HasPrefix(st, f) && len(f) >= 4 {
				return true
			}
		}
	}
	return false
}

// newTerms counts the terms of a sentence that the question does not have.
func newTerms(terms, qterms map[string]bool) int {
	n := 0
	for t := range terms {
		if !qterms[t] {
			n++
		}
	}
	return n
}

// names returns the terms of the capitalized words of clause (not its
// first word, months, weekdays or years). "US" on its own is left out: in
// American news it sets the scope ("the US box office") that a story takes
// for granted ("the domestic box office"); in "the US Open" it is a name.
func names(clause string) []string {
	var out []string
	fields := strings.Fields(text.ShortCountryNames.Replace(clause))
	for i, w := range fields {
		w = strings.Trim(w, ".,;:?!\"“”'’()[]—–-")
		r, _ := utf8.DecodeRuneInString(w)
		if i == 0 || w == "" || !unicode.IsUpper(r) && !camelCase(w) {
			continue
		}
		lw := strings.ToLower(strings.ReplaceAll(w, ".", "")) // "U.S." is "US"
		if k := strings.IndexAny(lw, "'’"); k > 0 {
			lw = lw[:k]
		}
		if _, isMonth := monthWords[lw]; isMonth || weekdayWords[lw] || nameStop[lw] || lw == "us" && !nameFollows(fields, i) {
			continue
		}
		for _, t := range text.Words(lw) {
			if !text.IsStopword(t) && !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// nameFollows reports whether the word after fields[i] is capitalized.
func nameFollows(fields []string, i int) bool {
	if i+1 >= len(fields) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(fields[i+1], "\"“'‘("))
	return unicode.IsUpper(r)
}

// hasWord reports whether s has w as a whole word (case as given).
func hasWord(s, w string) bool {
	for range wholeWords(s, w) {
		return true
	}
	return false
}

// wholeWords yields the offsets in s of w as a whole word: neither letter
// nor digit on either side (case as given).
func wholeWords(s, w string) iter.Seq[int] {
	return func(yield func(int) bool) {
		if w == "" {
			return
		}
		for i := 0; ; {
			k := strings.Index(s[i:], w)
			if k < 0 {
				return
			}
			k += i
			i = k + 1
			before := k == 0 || !isWordByte(s[k-1])
			after := k+len(w) == len(s) || !isWordByte(s[k+len(w)])
			if before && after && !yield(k) {
				return
			}
		}
	}
}

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// namesNew reports whether s names something the question does not.
func namesNew(s, context string, qterms map[string]bool) bool {
	return len(newNames(s, context, qterms)) > 0
}

// newNames returns the names s gives that the question does not: runs of
// capitalized words (not one that only starts the sentence, nor a month or
// weekday) with a term the question lacks. A sentence's first word is a
// name when the next word is one too, or when context (its passage and
// title) writes it capitalized inside a sentence ("Nissan recalled…"
// where the passage says "the Nissan Frontier").
func newNames(s, context string, qterms map[string]bool) []string {
	var out []string
	var run []string
	fresh := false
	flush := func() {
		if len(run) > 0 && fresh {
			out = append(out, strings.Join(run, " "))
		}
		run, fresh = run[:0], false
	}
	words := strings.Fields(s)
	for i, raw := range words {
		w := strings.Trim(raw, ".,;:?!\"“”'’()[]—–-")
		r, _ := utf8.DecodeRuneInString(w)
		if w == "" || !unicode.IsUpper(r) {
			flush()
			continue
		}
		lw := strings.ToLower(w)
		if k := strings.IndexAny(lw, "'’"); k > 0 {
			lw = lw[:k]
		}
		if _, isMonth := monthWords[lw]; isMonth || weekdayWords[lw] || text.IsStopword(lw) || nameStop[lw] {
			flush()
			continue
		}
		if i == 0 {
			// A sentence's first word is capitalized whatever it is; it
			// counts when the next word is a name too ("Colorado Avalanche"),
			// when the passage writes it capitalized elsewhere, or when it is
			// a country ("China is home to…").
			if len(words) < 2 {
				continue
			}
			r2, _ := utf8.DecodeRuneInString(strings.Trim(words[1], "\"“'‘("))
			// A mark after the first word parts it from the next ("“Sure,”
			// Amazon's assistant answered").
			parted := strings.ContainsAny(raw[strings.LastIndex(raw, w)+len(w):], ",;:”\"’")
			if (!unicode.IsUpper(r2) || parted) && !capitalizedWithin(context, w) && (parted || !onlyCapitalized(context, w)) && text.CountryWords(lw) == nil {
				continue
			}
		}
		run = append(run, w)
		for _, t := range text.Terms(lw) {
			if !qterms[t] {
				fresh = true
			}
		}
		if strings.ContainsAny(raw[len(raw)-1:], ".,;:?!)") {
			flush()
		}
	}
	flush()
	return out
}

// nameStop are capitalized words that name no answer: outlets' and
// datelines' words and titles that precede names.
var nameStop = map[string]bool{"cnn": true, "ap": true, "reuters": true, "mr": true, "mrs": true, "ms": true,
	"dr": true, "i": true, "read": true, "related": true, "watch": true, "photos": true, "video": true}

var monthWords = monthNames()

func monthNames() map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range strings.Split(`january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec`, "|") {
		m[w] = struct{}{}
	}
	return m
}

var weekdayWords = map[string]bool{"monday": true, "tuesday": true, "wednesday": true, "thursday": true,
	"friday": true, "saturday": true, "sunday": true}

var (
	// reDate matches a stated date: a month (with or without a day), a
	// year, a season of a year, a holiday ("on Christmas Day"), or a relative
	// day or month.
	reDate = regexp.MustCompile(`(?i)\b(?:(?:january|february|march|april|may|june|july|august|september|october|november|december)\b|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\s+\d|(?:19|20)\d\d\b|\d{1,2}/\d{1,2}/\d{2,4}|(?:next|this|last|early|later this|late)\s+(?:week|month|year|spring|summer|fall|autumn|winter)|tomorrow|today|tonight|on (?:christmas(?: day| eve)?|new year's (?:day|eve)|thanksgiving(?: day)?|easter(?: sunday)?)\b|(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))`)
	// reDateline matches the date that heads a search snippet or a wire
	// story ("Jul 2, 2019 ... "): the page's date, not the event's.
	reDateline = regexp.MustCompile(`^\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4})\s*(?:\.\.\.|…|—|–|-)\s*`)
	// reReason matches the words that give a cause or purpose.
	reReason = regexp.MustCompile(`(?i)\b(?:because|due to|for|so|amid|as a result|caused by|citing|cited|over concerns?|risks?|blamed|since|after|following|led to|so that|in order to|to avoid|to prevent|to help|to protect|concerns?|fears?|reasons?|why)\b`)
)

// statesDate reports whether s states a date.
func statesDate(s string) bool { return reDate.MatchString(s) }

// stripDateline drops a leading page date from s.
func stripDateline(s string) string {
	if m := reDateline.FindStringIndex(s); m != nil {
		return s[m[1]:]
	}
	return s
}

// describe says in words what a question asks for, for the model's prompt.
func (a Asked) describe() string {
	switch a.Kind {
	case KindPerson:
		return "a person or organisation (a name)"
	case KindOrg:
		return "an organisation, company or team (a name)"
	case KindPlace:
		return "a place (a name)"
	case KindDate:
		return "a date or time"
	case KindNumber:
		return "a number or amount"
	case KindEvent:
		return "an event"
	case KindYesNo:
		return "yes or no, with the fact that decides it"
	case KindReason:
		return "a reason or cause"
	}
	return "a fact the sources state"
}

// statedIn reports whether any sentence of the given evidence states an
// answer of the kind asked about what is asked.
func (a Asked) statedIn(ev []evidence, qterms map[string]bool) bool {
	for _, e := range ev {
		art := e.result.Article
		for _, sp := range candidateSpans(e.passage.Text) {
			if a.answers(e.passage.Text[sp[0]:sp[1]], e.passage.Text, art.Title, publishedYear(art), qterms) {
				return true
			}
		}
	}
	return false
}

// publishedYear is the year art was published, "" when undated.
func publishedYear(art byline.Article) string {
	if art.Published.IsZero() {
		return ""
	}
	return strconv.Itoa(art.Published.Year())
}

// onlyCapitalized reports whether context writes w twice or more and
// always capitalized, if only at the starts of sentences or of its title
// ("Adobe agreed to buy Figma" under "Adobe to buy Figma"): a common word
// ("Police") is lowercase somewhere. A plural ("Regulators", "Officials")
// is a common noun even so.
func onlyCapitalized(context, w string) bool {
	lower := strings.ToLower(w)
	if lower == w || strings.HasSuffix(lower, "s") {
		return false
	}
	n := 0
	for range wholeWords(context, w) {
		n++
	}
	for range wholeWords(context, lower) {
		return false
	}
	return n >= 2
}

// capitalizedWithin reports whether context has w, capitalized as given,
// as a word inside a sentence (not only at a sentence's start, where
// every word is capitalized).
func capitalizedWithin(context, w string) bool {
	for k := range wholeWords(context, w) {
		// The word before must be a word of the same sentence.
		j := k
		for j > 0 && context[j-1] == ' ' {
			j--
		}
		if j == k || j == 0 {
			continue
		}
		if c := context[j-1]; isWordByte(c) || c == ',' {
			return true
		}
	}
	return false
}
