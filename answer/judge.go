package answer

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/byline-bot/byline"
	"github.com/byline-bot/byline/internal/text"
)

// Whether a sentence answers: the kind of answer asked for (Asked, from
// asked.go), stated about what is asked, and none of the rules that tell a
// neighbour, another edition or a restatement from an answer (edition.go,
// neighbour.go, predicate.go, naming.go) against it.

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
	if a.otherEdition(body) || a.extendsName(body) || a.aboutNeighbour(body) || a.aboutPart(body) || a.otherCategory(body) || a.otherField(body) || a.otherGender(body) ||
		// A headline that names neither side is its story's.
		s == title && !namesGender(s) && a.otherGender(passage) ||
		a.winsARound(body) || a.winsAnotherYear(body) || a.pastEdition(body, pubYear) || a.youngerSelf(body) || a.otherTitle(body) ||
		a.otherOwner(body) || a.otherDoer(body) || a.plannedOnly(body) || a.otherRelative(body) {
		return false
	}
	if a.Role != "" {
		// The role in its other name ("chief executive" for "CEO") is it,
		// and no name the sentence states: the question's words in that
		// name are the question's too.
		body = text.RoleNames(body)
		qterms = maps.Clone(qterms)
		maps.Copy(qterms, a.roleTerms)
		if !holdsRole(body, a.Role, a.Predicate, a.clauseWords(), a.asksGoal) || a.othersRole(body, s == title) {
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
	if a.hardPredicate() && !awardWentTo(body, a.Predicate) && !awardTaken(body, a.Predicate) && (!statesPredicate(body, a.Predicate) ||
		predicateOnlyQualified(body, a.Predicate, a.Clause) || !a.asksGoal && predicateOnlyAGoal(body, a.Predicate) ||
		!a.asksNegated && predicateOnlyNegated(body, a.Predicate) || predicateOnlyALoss(body, a.Predicate)) {
		return false
	}
	// A question about what happened ("when did NASA launch") is not
	// answered by a plan ("NASA plans to launch it on December 22").
	if a.asksPast && !a.asksGoal && predicateOnlyAGoal(body, a.Predicate) {
		return false
	}
	// Nor, whatever the verb, by a bid or a hope ("have bid to host" for
	// "which country will host").
	// (A hard predicate or a past act refuses every goal above.)
	if !a.asksGoal && !a.hardPredicate() && !a.asksPast && predicateOnlyContended(body, a.Predicate) {
		return false
	}
	// Nor is "who won" by a forecast ("we will win").
	if slices.Contains(a.Predicate, "win") && !a.asksForecast && predicateOnlyForeseen(body, a.Predicate) {
		return false
	}
	switch a.Kind {
	case KindNumber:
		if a.Money {
			return reSum.MatchString(body)
		}
		// "How many (people)" or "the attendance" leaves the counted noun
		// to the answer, which may be any count but a span of time (a
		// question that counts days has them as its unit; "how old" or
		// "how long" asks for a span).
		if len(a.Unit) == 0 && reAsksCount.MatchString(a.Clause) && onlySpans(body) {
			return false
		}
		return statesNumber(body) && namesAny(terms, a.Unit) && !onlyVagueCountsOfOthers(body, a.Unit)
	case KindDate:
		// The day a source spoke on dates the saying, not the event
		// asked about ("Velto will launch its pickup, its chief said on
		// Tuesday"), unless the saying is what is asked ("when did Velto
		// announce").
		body := body
		if !statesPredicate(reportingWords, a.Predicate) {
			body = reReportedDay.ReplaceAllString(body, "$1")
		}
		// Nor does a year gone by date a coming event ("has promised a
		// pickup since 2021" for "when will Velto launch it").
		if reFuture.MatchString(a.Clause) && len(a.Years) == 0 && onlyEarlierYears(body, pubYear) {
			return false
		}
		return (statesDate(body) && (dated || absoluteDate(body)) || a.reportedOnItsDate(s, body)) && !otherYearsOnly(body, a.Years) &&
			a.namesTheEvent(body, sentenceBefore(passage, s))
	case KindPerson, KindOrg, KindPlace:
		// "Where" is answered by a place a sentence names as one ("at
		// Kelby Park", "Calder will host"), not by any name it gives
		// ("holders Salvar will open at home against Brennock").
		if a.Kind == KindPlace && strings.EqualFold(reWh.FindString(a.Clause), "where") && !namesAPlace(body) {
			return false
		}
		return namesWhole(body, passage+"\n"+title, qterms) && !a.describedOnly(body)
	case KindReason:
		return reReason.MatchString(body) && newTerms(terms, qterms) >= 2
	case KindYesNo:
		return true
	default:
		return namesNew(body, passage+"\n"+title, qterms) || newTerms(terms, qterms) >= 3
	}
}

// onlyEarlierYears reports whether every date s states is a year before
// pubYear (false when it states none, or pubYear is unknown).
func onlyEarlierYears(s, pubYear string) bool {
	py, err := strconv.Atoi(pubYear)
	found := reDate.FindAllString(s, -1)
	if err != nil || len(found) == 0 {
		return false
	}
	for _, d := range found {
		y, err := strconv.Atoi(d)
		if err != nil || y >= py {
			return false
		}
	}
	return true
}

// reReportedDay matches a reporting verb and the weekday it was said on
// ("said on Tuesday", "announced Monday"); the verb is kept as $1.
var reReportedDay = regexp.MustCompile(`(?i)\b(said|says|told [a-z]+|announced|confirmed|added|wrote|reported)\s+(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b`)

// reportingWords are the verbs reReportedDay reads as reporting.
const reportingWords = "said says told announced confirmed added wrote reported"

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

// reReason matches the words that give a cause or purpose.
var reReason = regexp.MustCompile(`(?i)\b(?:because|due to|for|so|amid|as a result|caused by|citing|cited|over concerns?|risks?|blamed|since|after|following|led to|so that|in order to|to avoid|to prevent|to help|to protect|concerns?|fears?|reasons?|why)\b`)
