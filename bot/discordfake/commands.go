package discordfake

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// storedCommand is a registered application command as Discord returns it.
type storedCommand struct {
	id, name string
	typ      int
	json     obj
}

var commandNameRe = regexp.MustCompile(`^[-_'\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

// commandKey is the storage key of a scope: "" for global commands.
func (s *Server) commandScope(c *reqCtx) (string, *apiError) {
	if c.params["application_id"] != s.opts.AppID {
		return "", errUnknown(403, 50001, "Missing Access")
	}
	g, ok := c.params["guild_id"]
	if ok && g != s.opts.GuildID {
		return "", errUnknown(403, 50001, "Missing Access")
	}
	return g, nil
}

func (s *Server) listCommands(c *reqCtx) (int, any) {
	scope, e := s.commandScope(c)
	if e != nil {
		return fail(e)
	}
	out := []obj{}
	for _, cmd := range s.commands[scope] {
		out = append(out, cmd.json)
	}
	return 200, out
}

// overwriteCommands answers the bulk overwrite: the body replaces every
// command of the scope; commands keep their id when name and type match.
func (s *Server) overwriteCommands(c *reqCtx) (int, any) {
	scope, e := s.commandScope(c)
	if e != nil {
		return fail(e)
	}
	var list []map[string]any
	var fe formErrors
	if err := json.Unmarshal(c.body, &list); err != nil {
		fe.add("", "BASE_TYPE_ARRAY", "Must be an array.")
		return fail(fe.err())
	}
	if len(list) > 100 {
		fe.add("", "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
	}
	seen := map[string]bool{}
	for i, cmd := range list {
		p := fmt.Sprint(i)
		typ := intField(cmd, "type", 1)
		name, _ := cmd["name"].(string)
		desc, _ := cmd["description"].(string)
		validateCommandName(&fe, p+".name", name, typ == 1)
		if typ == 1 {
			validateDescription(&fe, p+".description", desc)
		}
		key := fmt.Sprintf("%d/%s", typ, name)
		if seen[key] {
			fe.add(p+".name", "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique")
		}
		seen[key] = true
		if opts, ok := cmd["options"].([]any); ok {
			validateOptions(&fe, p+".options", opts)
		}
	}
	if e := fe.err(); e != nil {
		return fail(e)
	}
	old := map[string]string{}
	for _, cmd := range s.commands[scope] {
		old[fmt.Sprintf("%d/%s", cmd.typ, cmd.name)] = cmd.id
	}
	var stored []*storedCommand
	out := []obj{}
	for _, cmd := range list {
		typ := intField(cmd, "type", 1)
		name, _ := cmd["name"].(string)
		id := old[fmt.Sprintf("%d/%s", typ, name)]
		if id == "" {
			id = s.newIDLocked()
		}
		o := obj{
			"id":                         id,
			"application_id":             s.opts.AppID,
			"version":                    s.newIDLocked(),
			"type":                       typ,
			"name":                       name,
			"description":                stringField(cmd, "description"),
			"default_member_permissions": nil,
			"nsfw":                       cmd["nsfw"] == true,
			"integration_types":          []int{0},
			"contexts":                   nil,
		}
		if scope != "" {
			o["guild_id"] = scope
		} else {
			o["dm_permission"] = cmd["dm_permission"] != false
		}
		switch v := cmd["default_member_permissions"].(type) {
		case string:
			o["default_member_permissions"] = v
		case float64:
			o["default_member_permissions"] = fmt.Sprint(int64(v))
		}
		for _, k := range []string{"name_localizations", "description_localizations", "contexts", "integration_types"} {
			if v, ok := cmd[k]; ok && v != nil {
				o[k] = v
			}
		}
		if opts, ok := cmd["options"].([]any); ok && len(opts) > 0 {
			o["options"] = storedOptions(opts)
		}
		stored = append(stored, &storedCommand{id: id, name: name, typ: typ, json: o})
		out = append(out, o)
	}
	s.commands[scope] = stored
	return 200, out
}

func validateCommandName(fe *formErrors, path, name string, lower bool) {
	if !commandNameRe.MatchString(name) {
		fe.add(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
		return
	}
	if lower && strings.ToLower(name) != name {
		fe.add(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
	}
}

func validateDescription(fe *formErrors, path, desc string) {
	n := utf8.RuneCountInString(desc)
	if n == 0 {
		fe.add(path, "BASE_TYPE_REQUIRED", "This field is required")
	} else if n > 100 {
		fe.add(path, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
	}
}

func validateOptions(fe *formErrors, path string, opts []any) {
	if len(opts) > 25 {
		fe.add(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
	}
	sawOptional := false
	names := map[string]bool{}
	for i, raw := range opts {
		p := fmt.Sprintf("%s.%d", path, i)
		o, ok := raw.(map[string]any)
		if !ok {
			fe.add(p, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType")
			continue
		}
		typ := intField(o, "type", 0)
		if typ < 1 || typ > 11 {
			fe.add(p+".type", "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.")
		}
		name := stringField(o, "name")
		validateCommandName(fe, p+".name", name, true)
		if names[name] {
			fe.add(p+".name", "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option names must be unique")
		}
		names[name] = true
		validateDescription(fe, p+".description", stringField(o, "description"))
		if typ > 2 {
			required := o["required"] == true
			if required && sawOptional {
				fe.add(p+".required", "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options")
			}
			if !required {
				sawOptional = true
			}
		}
		choices, _ := o["choices"].([]any)
		if len(choices) > 0 {
			if typ != int(discordgo.ApplicationCommandOptionString) && typ != int(discordgo.ApplicationCommandOptionInteger) && typ != int(discordgo.ApplicationCommandOptionNumber) {
				fe.add(p+".choices", "APPLICATION_COMMAND_OPTION_CHOICES_INVALID", "Choices are only allowed for string, integer and number options")
			}
			if o["autocomplete"] == true {
				fe.add(p+".autocomplete", "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID", "Autocomplete cannot be set with choices")
			}
			validateChoices(fe, p+".choices", choices)
		}
		if sub, ok := o["options"].([]any); ok && len(sub) > 0 {
			if typ > 2 {
				fe.add(p+".options", "APPLICATION_COMMAND_OPTIONS_INVALID", "Only subcommands and groups may have options")
			}
			validateOptions(fe, p+".options", sub)
		}
	}
}

// validateChoices checks command-option and autocomplete choices.
func validateChoices(fe *formErrors, path string, choices []any) {
	if len(choices) > MaxAutocompleteItems {
		fe.add(path, "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", MaxAutocompleteItems))
	}
	for i, raw := range choices {
		p := fmt.Sprintf("%s.%d", path, i)
		ch, ok := raw.(map[string]any)
		if !ok {
			fe.add(p, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType")
			continue
		}
		name := stringField(ch, "name")
		if n := utf8.RuneCountInString(name); n < 1 || n > 100 {
			fe.add(p+".name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
		}
		switch v := ch["value"].(type) {
		case string:
			if utf8.RuneCountInString(v) > 100 {
				fe.add(p+".value", "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
			}
		case float64:
		default:
			fe.add(p+".value", "BASE_TYPE_REQUIRED", "This field is required")
		}
	}
}

// optionFields are the fields Discord keeps, per option type, beyond the
// common ones. discordgo sends every field of its struct ("choices": null,
// "autocomplete": false on a boolean); Discord answers only meaningful ones.
var optionFields = map[int][]string{
	1:  {"options"},
	2:  {"options"},
	3:  {"autocomplete", "choices", "min_length", "max_length"},
	4:  {"autocomplete", "choices", "min_value", "max_value"},
	7:  {"channel_types"},
	10: {"autocomplete", "choices", "min_value", "max_value"},
}

// storedOptions renders command options as Discord returns them.
func storedOptions(opts []any) []any {
	out := make([]any, 0, len(opts))
	for _, raw := range opts {
		in, ok := raw.(map[string]any)
		if !ok {
			continue
		}
		typ := intField(in, "type", 0)
		o := map[string]any{"type": typ, "name": in["name"], "description": in["description"]}
		for _, k := range append([]string{"name_localizations", "description_localizations", "required"}, optionFields[typ]...) {
			switch v := in[k].(type) {
			case nil:
			case bool:
				if v {
					o[k] = true
				}
			case []any:
				if len(v) == 0 {
					continue
				}
				if k == "options" {
					o[k] = storedOptions(v)
				} else {
					o[k] = v
				}
			default:
				o[k] = v
			}
		}
		out = append(out, o)
	}
	return out
}

func intField(m map[string]any, k string, def int) int {
	if v, ok := m[k].(float64); ok {
		return int(v)
	}
	return def
}

func stringField(m map[string]any, k string) string {
	v, _ := m[k].(string)
	return v
}

// Commands returns the commands registered by the last bulk overwrite for
// guildID ("" for global commands), as Discord stores them.
func (s *Server) Commands(guildID string) []*discordgo.ApplicationCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*discordgo.ApplicationCommand
	for _, cmd := range s.commands[guildID] {
		b, err := json.Marshal(cmd.json)
		if err != nil {
			s.t.Errorf("discordfake: encode command %s: %v", cmd.name, err)
			continue
		}
		var ac discordgo.ApplicationCommand
		if err := json.Unmarshal(b, &ac); err != nil {
			s.t.Errorf("discordfake: decode command %s: %v", cmd.name, err)
			continue
		}
		out = append(out, &ac)
	}
	return out
}

// commandLocked finds a registered command by name, guild scope first.
func (s *Server) commandLocked(name string) *storedCommand {
	for _, scope := range []string{s.opts.GuildID, ""} {
		for _, cmd := range s.commands[scope] {
			if cmd.name == name && cmd.typ == 1 {
				return cmd
			}
		}
	}
	return nil
}
