package text

import "regexp"

// reChiefExecutive matches the CEO's title written out.
var reChiefExecutive = regexp.MustCompile(`(?i)\bchief executive(?: officer)?\b`)

// RoleNames writes a role that news names in two ways in one of them:
// "chief executive (officer)" as "CEO".
func RoleNames(s string) string { return reChiefExecutive.ReplaceAllString(s, "CEO") }

// IsRoleAbbreviation reports whether term t is a short name RoleNames
// writes ("ceo"): a title written in capitals, not a name, so an article
// that says "chief executive" names it.
func IsRoleAbbreviation(t string) bool { return t == "ceo" }
