package text

// The forms a predicate takes in news: a question's "won" is stated as
// "beat" or "the winner", its "acquired" as "bought" or "the takeover". One
// table, read by retrieval's coverage (does the article speak of what is
// asked) and by the answer's sentence rules (does the sentence state it).

// predicateForms maps a question's verb (or its noun) to the Porter stems
// of the other words an article may state it with, so that "won" and
// "winner", "bought" and "acquisition" meet.
var predicateForms = map[string][]string{
	"won": {"win", "winner", "victori", "champion", "titl", "beat", "defeat"}, "win": {"win", "won", "winner", "victori", "champion", "titl", "beat", "defeat"},
	"winner": {"win", "won", "winner", "victori", "champion", "titl", "beat", "defeat"},
	"bought": {"bui", "acquir", "acquisit", "purchas"}, "buy": {"bought", "acquir", "acquisit", "purchas"},
	"acquired": {"acquisit", "bought", "bui", "purchas", "takeov"}, "acquire": {"acquisit", "bought", "bui", "purchas"},
	"died": {"di", "death", "dead", "pass"}, "die": {"di", "death", "dead"},
	"released": {"releas", "launch", "debut", "avail", "out", "premier", "theater", "theatr", "cinema", "shelv"},
	"release":  {"releas", "launch", "debut", "avail", "premier", "theater", "theatr", "cinema", "shelv"},
	"founded":  {"found", "establish", "start", "creat", "launch"},
	"directed": {"direct", "director"}, "director": {"direct", "directed"},
	// Who designed or invented a thing is the fact asked for: an article
	// about the thing that names no designer does not answer.
	"designed": {"design", "designer", "creat"}, "invented": {"invent", "inventor", "creat"},
	"awarded":  {"award", "won", "win", "winner", "receiv", "laureat"},
	"named":    {"name", "select", "chose", "pick"},
	"premiere": {"premier", "releas", "debut", "air", "return"},
	"hosted":   {"host", "held"}, "held": {"held", "hold", "host", "took", "met", "meet", "gather"},
}

// OtherForms returns the Porter stems of the other words that state the
// lowercase word w ("won": "beat", "winner", "champion"...), nil for most.
// The slice is shared: callers must not change it.
func OtherForms(w string) []string { return predicateForms[w] }
