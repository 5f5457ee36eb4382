package answer

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

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

	// ctoks, phrases and cwords are the clause's tokens, name phrases and
	// lowercase words, read once: the rules compare every candidate
	// sentence with them.
	ctoks   []token
	phrases [][]string
	cwords  []string
	// The clause's stance, read once: it asks about a goal ("favored to
	// win", "plans to buy"), a denial ("did not qualify"), a forecast
	// ("will", "could"), or what happened ("did", "was").
	asksGoal, asksNegated, asksForecast, asksPast bool
	// roleTerms are the clause's terms with its role as news also writes
	// it ("CEO" for "chief executive"), for a question that names a role.
	roleTerms map[string]bool
	// doers counts the capitalized words before the asked verb (see
	// countDoerWords), read once for the many sentences judged.
	doers int
}

// clauseTokens returns the tokens of the asking clause.
func (a Asked) clauseTokens() []token {
	if a.ctoks == nil {
		return tokens(a.Clause)
	}
	return a.ctoks
}

// clauseWords returns the lowercase words of the asking clause.
func (a Asked) clauseWords() []string {
	if a.cwords == nil {
		return text.Words(a.Clause)
	}
	return a.cwords
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
	a := readAsked(q)
	a.doers = a.countDoerWords()
	words := a.clauseWords()
	a.asksGoal = slices.ContainsFunc(words, func(w string) bool { return goalWords[w] })
	a.asksNegated = slices.ContainsFunc(words, func(w string) bool { return negators[w] })
	a.asksForecast = reFuture.MatchString(a.Clause) || slices.ContainsFunc(words, func(w string) bool { return modals[w] })
	a.asksPast = asksPast(a.Clause)
	if a.Role != "" {
		a.roleTerms = termSet(text.RoleNames(a.Clause))
	}
	return a
}

// readAsked reads what q asks for, but for what is derived from it.
func readAsked(q string) Asked {
	a := Asked{Kind: KindThing, Clause: askingClause(q)}
	a.ctoks, a.phrases, a.cwords = tokens(a.Clause), namePhrases(a.Clause), text.Words(a.Clause)
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
	a.Predicate, a.Role = predicate(text.RoleNames(rest), strings.HasPrefix(wh, "who"))
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
			// "What will the IRS do this week": "this week" says when,
			// it is not the noun the question asks with.
			if nounKinds[w] == KindDate && i > 0 && (words[i-1] == "this" || words[i-1] == "last" || words[i-1] == "next") {
				continue
			}
			if k, ok := nounKinds[w]; ok {
				// "What did the minister say", "what will the mayor
				// announce": the noun after a verb other than "is" is
				// the verb's subject, not what the answer is called, nor
				// its kind (a thing said, not a person); after "is" it
				// is ("what is the capital").
				if slices.ContainsFunc(words[:i], func(v string) bool { return auxVerbs[v] && !copulas[v] }) {
					break
				}
				a.Kind = k
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
		if len(text.OtherForms(lw)) > 0 {
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
		// "Which country will host": a kind's word after an auxiliary
		// verb is the verb asked about.
		prevAux := i > 0 && auxVerbs[strings.ToLower(fields[i-1])]
		if k, ok := nounKinds[lw]; ok && (roles || !prevAux) {
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

// appointVerbs put someone in a role: "who was named the new head coach".
// "Who became the new prime minister" asks the same as "who was named".
var appointVerbs = map[string]bool{"named": true, "appointed": true, "elected": true, "chosen": true,
	"picked": true, "hired": true, "tapped": true, "sworn": true, "selected": true, "installed": true,
	"became": true, "becomes": true, "become": true,
	// "Who will replace the chief executive": the successor.
	"replace": true, "replaces": true, "succeed": true, "succeeds": true}

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
	forms = append(forms, text.OtherForms(w)...)
	return forms
}

// reYearWord matches a year named in a question.
var reYearWord = regexp.MustCompile(`\b(?:19[0-9]\d|20[0-4]\d)\b`)

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
