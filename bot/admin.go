package bot

import (
	"slices"

	"github.com/bwmarrin/discordgo"
)

// adminPermissions are the permission bits that make a member an admin:
// Manage Server, or Administrator (which implies every permission).
const adminPermissions = discordgo.PermissionManageGuild | discordgo.PermissionAdministrator

// isAdmin reports whether the member who sent an interaction may run admin
// commands. It trusts only what Discord puts in the interaction (the
// member's computed permissions in the channel and role ids), never the
// command's DefaultMemberPermissions, which a guild can override. A nil member
// (a DM) is never an admin.
func isAdmin(m *discordgo.Member, adminRoleIDs []string) bool {
	if m == nil {
		return false
	}
	if m.Permissions&adminPermissions != 0 {
		return true
	}
	for _, r := range m.Roles {
		if slices.Contains(adminRoleIDs, r) {
			return true
		}
	}
	return false
}
