package text

import (
	"regexp"
	"strings"
)

// reChiefExecutive matches the CEO's title written out.
var reChiefExecutive = regexp.MustCompile(`(?i)\bchief executive(?: officer)?\b`)

// RoleNames writes a role that news names in two ways in one of them:
// "chief executive (officer)" as "CEO".
func RoleNames(s string) string {
	// Most texts name no chief executive: a plain search spares them the
	// regexp, which coverage runs over every passage of a result.
	if !strings.Contains(s, "xecutive") && !strings.Contains(s, "XECUTIVE") {
		return s
	}
	return reChiefExecutive.ReplaceAllString(s, "CEO")
}

// IsRoleAbbreviation reports whether term t is a short name RoleNames
// writes ("ceo"): a title written in capitals, not a name, so an article
// that says "chief executive" names it.
func IsRoleAbbreviation(t string) bool { return t == "ceo" }
