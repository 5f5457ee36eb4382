package answer

import "slices"

// This file holds the rules that tell a sentence about the thing asked of
// from one about its neighbour that edition.go does not: a sequel named by
// its relation ("the sequel to Marvel's Spider-Man").

// relationNouns, followed by "to" or "of" and an asked name, make the
// sentence about another work than the named one: "the sequel to X", "a
// remake of X".
var relationNouns = map[string]bool{"sequel": true, "prequel": true, "successor": true, "remake": true,
	"reboot": true, "spinoff": true, "spin": true, "followup": true, "follow": true}

// aboutNeighbour reports whether s speaks of a neighbour of what is asked:
// a sequel, prequel or remake of an asked name (unless the question asks
// about the sequel itself).
func (a Asked) aboutNeighbour(s string) bool {
	tt := tokens(s)
	clause := map[string]bool{}
	for _, t := range tokens(a.Clause) {
		clause[t.lower] = true
	}
	for i, t := range tt {
		if !relationNouns[t.lower] || clause[t.lower] {
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
