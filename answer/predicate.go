package answer

import (
	"regexp"
	"slices"
	"strings"

	"github.com/byline-bot/byline/internal/text"
)

// This file holds the rules that tell a sentence stating the predicate or
// role asked about from one that names it only as another's or as a wish:
// a role of another field ("a director of music videos") or one its holder
// leaves ("stepping down as CEO"), a predicate qualified as another's ("won
// an Oscar for best director"), a goal ("votes needed to win"), and an answer
// only described by what the question says of it ("educator who was named").

// otherRoleOf reports whether the role at tt[i] is said of a field, not of
// a work or body: "a director of music videos", "director of photography",
// "president of operations" (a lowercase noun after "of"), where "the
// director of the film" and "president of FIFA" hold the role asked about.
// A field the question names ("the director of national intelligence") is
// the one asked about.
func otherRoleOf(tt []token, i int, clause []string) bool {
	if tt[i].comma || i+2 >= len(tt) || tt[i+1].lower != "of" {
		return false
	}
	next := tt[i+2]
	if slices.Contains(clause, next.lower) {
		return false
	}
	// "president of world football's governing body", "CEO of parent
	// company Alphabet": a body described, not a field.
	for k := i + 2; k < len(tt) && k <= i+4; k++ {
		if plainWord(tt[k].lower) != tt[k].lower || nounKinds[tt[k].lower] == KindOrg {
			return false
		}
		if tt[k].comma {
			break
		}
	}
	return !isCapital(next.raw) && !text.IsStopword(next.lower) && !isSmallNumber(next.lower)
}

// otherHolder are the words that, before a predicate's noun, make it
// another's: "he won an Oscar for best director" says nothing of who
// directed; "the former champion" or "the defending champion" of who won
// this time. (A smaller set
// than roleQualifiers: "co-founded" still founded, and a list of "past
// champions" names the winners.)
var otherHolder = map[string]bool{"former": true, "ex": true, "vice": true, "deputy": true, "assistant": true,
	"associate": true, "best": true, "acting": true, "interim": true, "outgoing": true, "defending": true,
	"creative": true, "art": true, "music": true, "casting": true, "video": true}

// predicateOnlyQualified reports whether every word of s that states the
// predicate is qualified as another's ("best director", "former champion").
// A qualifier the asking clause uses ("the vice president") is the one
// asked about.
func predicateOnlyQualified(s string, forms []string, clause string) bool {
	asked := text.Words(clause)
	return everyPredicateWord(s, forms, func(tt []token, i int) bool {
		return i > 0 && otherHolder[tt[i-1].lower] && !slices.Contains(asked, tt[i-1].lower)
	})
}

// everyPredicateWord reports whether s states the predicate and every word
// of it that does so meets cond (tt[i] is the word).
func everyPredicateWord(s string, forms []string, cond func(tt []token, i int) bool) bool {
	tt := tokens(s)
	found := false
	for i, t := range tt {
		if !statesPredicate(t.lower, forms) {
			continue
		}
		if !cond(tt, i) {
			return false
		}
		found = true
	}
	return found
}

// relativeAux are the words between "who" and the predicate in a relative
// clause ("who was named", "who has been named").
var relativeAux = map[string]bool{"was": true, "is": true, "were": true, "are": true, "has": true, "have": true,
	"had": true, "been": true, "be": true, "will": true, "just": true, "recently": true}

// describedOnly reports whether s states the predicate only in a relative
// clause on a common noun ("honor Las Vegas educator who was named Teacher
// of the Year"): the sentence describes the answer by what the question
// says of it, and names it nowhere. An appositive that names it ("Juliana
// Urtubey, the teacher who was named"), a name before "who" ("Urtubey,
// who was named") or a copula ("the player who won it was Ana Ruiz")
// names it.
func (a Asked) describedOnly(s string) bool {
	if len(a.Predicate) == 0 {
		return false
	}
	tt := tokens(s)
	found := false
	for i, t := range tt {
		if !statesPredicate(t.lower, a.Predicate) {
			continue
		}
		j := i - 1
		for j >= 0 && relativeAux[tt[j].lower] {
			j--
		}
		if j < 1 || tt[j].lower != "who" || tt[j-1].comma || isCapital(tt[j-1].raw) {
			return false
		}
		// ", the teacher who": an appositive of a name before it.
		for k := j - 1; k >= 0 && k >= j-4; k-- {
			if k > 0 && tt[k-1].comma && (tt[k].lower == "the" || tt[k].lower == "a" || tt[k].lower == "an") {
				return false
			}
			if tt[k].comma {
				break
			}
		}
		if apposed(tt, i) || namedByCopula(tt, j, i) {
			return false
		}
		found = true
	}
	return found
}

// apposed reports whether the relative clause whose predicate is tt[i] is
// followed by an appositive name: "The player who won the Masters, Scottie
// Scheffler, said..." (two capitalized words or more between commas).
func apposed(tt []token, i int) bool {
	k := i
	for k < len(tt) && !tt[k].comma {
		k++
	}
	n := 0
	for j := k + 1; j < len(tt) && isCapital(tt[j].raw); j++ {
		n++
		if tt[j].comma {
			return n >= 2
		}
	}
	return false
}

// copulas link a name to the noun a relative clause describes.
var copulas = map[string]bool{"is": true, "was": true, "became": true, "becomes": true, "remains": true, "are": true, "were": true}

// namedByCopula reports whether a copula names the noun of the relative
// clause whose "who" is tt[who] and predicate tt[i]: before it ("Caleb
// Williams became the USC player who won") or after the clause ("The
// quarterback who won the Heisman was Caleb Williams").
func namedByCopula(tt []token, who, i int) bool {
	for k := who - 1; k >= 1 && k >= who-5; k-- {
		if tt[k].comma {
			break
		}
		if copulas[tt[k].lower] && isCapital(tt[k-1].raw) {
			return true
		}
	}
	for k := i + 1; k+1 < len(tt); k++ {
		if copulas[tt[k].lower] && isCapital(tt[k+1].raw) {
			return true
		}
		if tt[k].comma {
			break
		}
	}
	return false
}

// goalWords, shortly before "to" and the predicate, make it a goal or a
// condition, not a fact: "votes needed to win", "not a requirement for a
// player to win", "a chance to win" ("beat Williams to win the title" is a
// result, and stays).
var goalWords = map[string]bool{"need": true, "needed": true, "needs": true, "required": true, "requirement": true,
	"chance": true, "chances": true, "bid": true, "hope": true, "hopes": true, "hoping": true, "aim": true,
	"aims": true, "aiming": true, "seek": true, "seeks": true, "seeking": true, "try": true, "tries": true,
	"trying": true, "eligible": true, "favorite": true, "favorites": true, "favourite": true, "favourites": true,
	"odds": true, "expected": true, "poised": true, "looking": true, "wants": true, "want": true, "bids": true,
	"favored": true, "favoured": true, "tipped": true, "plans": true, "plan": true, "planning": true, "vowed": true,
	"vows": true, "scheduled": true, "talks": true}

// reachedWords, just before a goal word, say the goal was reached: "secured
// the votes needed to win", "clinched the points required to win" ("had a
// chance to win" is still a goal).
var reachedWords = map[string]bool{"secured": true, "secures": true, "clinched": true, "clinches": true,
	"reached": true, "reaches": true, "earned": true, "earns": true, "surpassed": true, "crossed": true}

// predicateOnlyAGoal reports whether every word of s that states the
// predicate is a goal's infinitive ("needed to win").
func predicateOnlyAGoal(s string, forms []string) bool {
	return everyPredicateWord(s, forms, func(tt []token, i int) bool { return goalOf(tt, i) != "" })
}

// goalOf returns the goal word whose infinitive tt[i] is ("needed" in
// "needed to win"), or "" when tt[i] is no goal's or the goal was reached.
func goalOf(tt []token, i int) string {
	if i == 0 || tt[i-1].lower != "to" {
		return ""
	}
	for k := i - 2; k >= 0 && k >= i-5; k-- {
		if goalWords[tt[k].lower] {
			// "secured the votes needed to win": the goal reached.
			if slices.ContainsFunc(tt[max(0, k-3):k], func(t token) bool { return reachedWords[t.lower] }) {
				return ""
			}
			return tt[k].lower
		}
		if tt[k].comma {
			return ""
		}
	}
	return ""
}

// foretold are the goal words that foretell what will be rather than
// contend for it: "is scheduled to host" answers "which country will
// host"; "have bid to host" does not.
var foretold = map[string]bool{"scheduled": true, "expected": true, "plans": true, "plan": true, "planning": true,
	"poised": true, "vowed": true, "vows": true, "tipped": true}

// predicateOnlyContended reports whether every word of s that states the
// predicate is the infinitive of a goal contended for ("Portugal, Chile
// and Kenya have bid to host", "hopes to buy"), not one foretold.
func predicateOnlyContended(s string, forms []string) bool {
	if !strings.Contains(s, "to ") {
		return false // no infinitive: cheap, as most sentences go
	}
	return everyPredicateWord(s, forms, func(tt []token, i int) bool {
		g := goalOf(tt, i)
		return g != "" && !foretold[g]
	})
}

// negators, just before a predicate (an auxiliary or "to" between),
// deny it: "did not win", "never won", "failed to win", "didn't win".
var negators = map[string]bool{"not": true, "never": true, "failed": true, "fails": true, "fail": true,
	"didn't": true, "didn’t": true, "wasn't": true, "wasn’t": true, "hasn't": true, "hasn’t": true,
	"haven't": true, "haven’t": true, "won't": true, "won’t": true, "cannot": true}

// predicateOnlyNegated reports whether every word of s that states the
// predicate is denied ("Raila Odinga did not win the election"): the
// sentence names who did not, not who did.
func predicateOnlyNegated(s string, forms []string) bool {
	return everyPredicateWord(s, forms, func(tt []token, i int) bool {
		for k := i - 1; k >= 0 && k >= i-3; k-- {
			if negators[tt[k].lower] {
				return true
			}
			if tt[k].comma || !relativeAux[tt[k].lower] && tt[k].lower != "to" && tt[k].lower != "did" && tt[k].lower != "does" && tt[k].lower != "do" {
				return false
			}
		}
		return false
	})
}

// lossBefore, just before "defeat", make it a noun its subject suffered:
// "gracious in defeat", "after a narrow defeat", "their first defeat".
var lossBefore = map[string]bool{"in": true, "a": true, "the": true, "after": true, "his": true, "her": true,
	"their": true, "its": true, "narrow": true, "heavy": true, "shock": true, "first": true, "surprise": true}

// predicateOnlyALoss reports whether every word of s that states a win is
// "defeat" as a noun of loss ("Haldor gracious in Lindqvist Open defeat"):
// the sentence names who lost. "The defeat of Brennock" (by its winner)
// may say who won, and counts as a win.
func predicateOnlyALoss(s string, forms []string) bool {
	if !slices.Contains(forms, "win") || !strings.Contains(s, "defeat") {
		return false
	}
	return everyPredicateWord(s, forms, func(tt []token, i int) bool {
		if tt[i].lower != "defeat" && tt[i].lower != "defeats" || i+1 < len(tt) && tt[i+1].lower == "of" {
			return false
		}
		// Back over the name of what was lost ("in Lindqvist Open defeat").
		k := i - 1
		for k >= 0 && isCapital(tt[k].raw) && !tt[k].comma {
			k--
		}
		return k >= 0 && !tt[k].comma && lossBefore[tt[k].lower]
	})
}

// modals, just before a predicate, foresee it: "we will win", "could win".
var modals = map[string]bool{"will": true, "would": true, "could": true, "might": true, "may": true, "can": true,
	"should": true}

// predicateOnlyForeseen reports whether every word of s that states the
// predicate is foreseen: a verb after a modal ("I am confident we will
// win", "could have won"), or a noun that is the object of a modal's verb
// ("could clinch the Formula One world championship", "will be crowned
// world champion"). A forecast answers no question about what happened.
func predicateOnlyForeseen(s string, forms []string) bool {
	return everyPredicateWord(s, forms, func(tt []token, i int) bool {
		if i > 0 && modals[tt[i-1].lower] || i > 1 && modals[tt[i-2].lower] && (tt[i-1].lower == "have" || tt[i-1].lower == "be") {
			return true
		}
		if winVerbs[tt[i].lower] {
			return false // "could not believe Verstappen won": another's verb
		}
		// Back from the noun over its object's words (articles, names and
		// one other word) and the verb, to the modal.
		other := 0
		for k := i - 1; k >= 0 && k >= i-8; k-- {
			t := tt[k]
			switch {
			case t.comma || t.lower == "to" || t.lower == "not":
				return false // "would go on to win": a result told later
			case modals[t.lower]:
				return other > 0
			case t.lower == "be" || t.lower == "have" || t.lower == "been":
			case text.IsStopword(t.lower) && !auxiliary[t.lower] || isCapital(t.raw):
			default:
				if other++; other > 2 {
					return false
				}
			}
		}
		return false
	})
}

// winVerbs are the verb forms of a win; its other forms are nouns.
var winVerbs = map[string]bool{"win": true, "wins": true, "won": true, "winning": true, "beat": true, "beats": true,
	"beating": true, "defeat": true, "defeats": true, "defeated": true, "defeating": true}

// leavingVerbs, before "as" and a role, say its holder leaves it: "stepping
// down as CEO", "resigned as president".
var leavingVerbs = map[string]bool{"down": true, "resigned": true, "resigns": true, "resigning": true, "resign": true,
	"retired": true, "retires": true, "retiring": true, "retire": true, "ousted": true, "fired": true, "removed": true,
	"replaced": true, "quit": true, "quits": true, "quitting": true, "left": true, "leaves": true, "leaving": true}

// leavesRole reports whether the role at tt[i], its title starting at
// tt[start] ("prime minister"), is one its holder leaves ("announced that
// he was stepping down as CEO"): a former holder.
func leavesRole(tt []token, start, i int) bool {
	if i+1 < len(tt) && tt[i+1].lower == "by" {
		return false // "was replaced as CEO by Elon Musk": the new holder follows
	}
	if start >= 2 && tt[start-1].lower == "of" && leavingNouns[tt[start-2].lower] {
		return true // "following the resignation of Prime Minister Tomas Brevik"
	}
	return start >= 2 && tt[start-1].lower == "as" && leavingVerbs[tt[start-2].lower]
}

// leavingNouns, before "of" and a title, say its holder leaves it.
var leavingNouns = map[string]bool{"resignation": true, "departure": true, "ouster": true, "exit": true,
	"retirement": true, "firing": true, "removal": true, "death": true, "impeachment": true}

// soughtRole reports whether the role whose title starts at tt[start] is
// one still to be filled, held by no one the sentence names: "in the market
// for a new prime minister", "will name a new CEO", "to find a coach".
func soughtRole(tt []token, start int) bool {
	if start > 0 && (tt[start-1].lower == "new" || tt[start-1].lower == "permanent") {
		start--
	}
	if start < 2 || tt[start-1].lower != "a" && tt[start-1].lower != "an" {
		return false
	}
	return seekingWords[tt[start-2].lower]
}

// seekingWords, before "a" and a role, seek a holder for it.
var seekingWords = map[string]bool{"for": true, "find": true, "seek": true, "choose": true, "pick": true,
	"elect": true, "name": true, "appoint": true, "hire": true, "select": true}

// awardNouns name what is won: "the prize went to Annie Ernaux" states who
// won it.
var awardNouns = map[string]bool{"prize": true, "award": true, "trophy": true, "title": true, "medal": true,
	"oscar": true, "crown": true, "honor": true, "honour": true, "picture": true, "actor": true, "actress": true,
	"director": true, "album": true, "song": true, "record": true, "mvp": true}

// takenVerbs, before an award, say its winner took it: "took home album
// of the year", "received the Nobel Prize", "picked up the award".
var takenVerbs = map[string]bool{"took": true, "takes": true, "received": true, "receives": true, "collected": true,
	"collects": true, "claimed": true, "claims": true, "earned": true, "earns": true, "scooped": true, "picked": true,
	"bagged": true, "captured": true, "captures": true, "shared": true, "shares": true}

// nominations, between a verb and an award, make the award one hoped for:
// "earned a nomination for album of the year".
var nominations = map[string]bool{"nomination": true, "nominations": true, "nod": true, "nods": true, "shot": true}

// awardTaken reports whether s states a win as an award taken ("Harry
// Styles took home album of the year"), for a "who won" question: a taking
// verb and an award noun within four words after it, in its clause.
func awardTaken(s string, forms []string) bool {
	if !slices.Contains(forms, "win") {
		return false
	}
	tt := tokens(s)
	for i, t := range tt {
		if !takenVerbs[t.lower] || t.comma {
			continue
		}
		for k := i + 1; k < len(tt) && k <= i+4; k++ {
			if nominations[tt[k].lower] {
				break
			}
			if awardNouns[strings.TrimSuffix(tt[k].lower, "s")] {
				return true
			}
			if tt[k].comma {
				break
			}
		}
	}
	return false
}

// givenVerbs, before "to" and a name, hand an award to its winner.
var givenVerbs = map[string]bool{"went": true, "goes": true, "awarded": true, "given": true, "presented": true}

// awardWentTo reports whether s states a win as an award that "went to" a
// name ("The Nobel Prize in Literature went to Annie Ernaux", "Best Picture
// went to CODA", "the prize was awarded to Alain Aspect"), for a "who won"
// question: an award noun shortly before the verb (within four words of
// the clause) and a capitalized word after "to".
func awardWentTo(s string, forms []string) bool {
	if !slices.Contains(forms, "win") {
		return false
	}
	tt := tokens(s)
	for i := 1; i+2 < len(tt); i++ {
		if !givenVerbs[tt[i].lower] || tt[i+1].lower != "to" || !isCapital(tt[i+2].raw) {
			continue
		}
		for k := i - 1; k >= 0 && k >= i-4; k-- {
			if awardNouns[strings.TrimSuffix(tt[k].lower, "s")] {
				return true
			}
			if tt[k].comma {
				break
			}
		}
	}
	return false
}

// otherDoer reports whether s states the asked verb only of another named
// doer than the one the question names ("Senate leader Paul Idris
// announced on Tuesday a plan ..., a day after meeting Governor Ellen
// Marsh" for "what did Governor Ellen Marsh announce"): each word of s
// that states the predicate follows a name that is none of the asked ones.
// It holds only for a question whose doer is a name of two words or more
// before its verb; a verb after a pronoun or a common noun ("the governor
// announced") may be the asked doer's.
func (a Asked) otherDoer(s string) bool {
	if len(a.Predicate) == 0 {
		return false
	}
	if a.doers < 2 {
		return false
	}
	return everyPredicateWord(s, a.Predicate, func(tt []token, i int) bool {
		named := false
		for k := i - 1; k >= 0 && !tt[k].comma && isCapital(tt[k].raw) && !text.IsStopword(tt[k].lower); k-- {
			if a.isAskedName(plainWord(tt[k].lower)) {
				return false
			}
			named = true
		}
		return named
	})
}

// plannedOnly reports whether s, asked what a named doer did ("what did
// Mayor Ruth Calloway announce"), says only what the doer will do: the
// sentence opens with the doer's name and a modal ("Mayor Ruth Calloway
// will hold a news conference on Monday"), and states no asked verb.
func (a Asked) plannedOnly(s string) bool {
	if len(a.Predicate) == 0 || !a.asksPast || !reModal.MatchString(s) {
		return false
	}
	tt := tokens(s)
	k, named := 0, false
	for k < len(tt) && isCapital(tt[k].raw) && !tt[k].comma {
		named = named || a.isAskedName(plainWord(tt[k].lower))
		k++
	}
	return named && k < len(tt) && modals[tt[k].lower] && !statesPredicate(s, a.Predicate)
}

// countDoerWords counts the capitalized words just before the asked verb
// in the asking clause ("Governor Ellen Marsh announce", "Tindra Foods
// founded"): the name of its doer or of what it is done to, which a
// sentence states the verb of.
func (a Asked) countDoerWords() int {
	ct := a.clauseTokens()
	run := 0
	for j, t := range ct {
		if j > 0 && statesPredicate(t.lower, a.Predicate) {
			for k := j - 1; k >= 0 && isCapital(ct[k].raw) && !text.IsStopword(ct[k].lower) && !reWh.MatchString(ct[k].raw); k-- {
				run++
			}
			break
		}
	}
	return run
}

// relatives open a relative clause after a name: "Halvey Bakeries, which
// was founded in 1921".
var relatives = map[string]bool{"which": true, "who": true, "that": true}

// otherRelative reports whether s states the asked verb only in relative
// clauses on names that are none of the asked ones ("Tindra Foods competes
// with Halvey Bakeries, which was founded in 1921" for "when was Tindra
// Foods founded"): the verb is said of another. It holds only for a
// question whose name comes just before its verb: "Brennock, who won the
// Cup in 2020" answers "who won the 2020 Cup".
func (a Asked) otherRelative(s string) bool {
	if len(a.Predicate) == 0 || !strings.Contains(s, ", wh") && !strings.Contains(s, ", that") || a.doers == 0 {
		return false
	}
	return everyPredicateWord(s, a.Predicate, func(tt []token, i int) bool {
		j := i - 1
		for j >= 0 && relativeAux[tt[j].lower] {
			j--
		}
		if j < 1 || !relatives[tt[j].lower] || !tt[j-1].comma {
			return false
		}
		named := false
		for k := j - 1; k >= 0 && isCapital(tt[k].raw) && !text.IsStopword(tt[k].lower) && (k == j-1 || !tt[k].comma); k-- {
			if a.isAskedName(plainWord(tt[k].lower)) {
				return false
			}
			named = true
		}
		return named
	})
}

// reModal finds a modal, which plannedOnly looks for before it tokenizes.
var reModal = regexp.MustCompile(`\b(?:will|would|could|might|may|can|should)\b`)
