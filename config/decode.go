package config

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// decodeFile reads a YAML document into cfg key by key, so that one mistake
// does not hide the others: it returns every problem, each with its line and
// key path, and a "did you mean" for a key it does not know. Settings that
// could be read are set even when others could not.
func decodeFile(data []byte, cfg *Config) []error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		// Not YAML at all: the parser's message has the line.
		return []error{errors.New(strings.TrimPrefix(err.Error(), "yaml: "))}
	}
	if len(doc.Content) == 0 {
		return nil // an empty file
	}
	var d decoder
	d.node(doc.Content[0], reflect.ValueOf(cfg).Elem(), "")
	return d.problems
}

type decoder struct{ problems []error }

func (d *decoder) add(n *yaml.Node, format string, args ...any) {
	d.problems = append(d.problems, fmt.Errorf("line %d: "+format, append([]any{n.Line}, args...)...))
}

var durationType = reflect.TypeOf(time.Duration(0))

func (d *decoder) node(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if v.Kind() != reflect.Struct {
		d.leaf(n, v, path)
		return
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // "model:" with nothing under it
	}
	if n.Kind != yaml.MappingNode {
		d.add(n, "%s: want settings under it (key: value lines, indented), got %s", orRoot(path), describe(n))
		return
	}
	keys := yamlKeys(v.Type())
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		name := k.Value
		full := join(path, name)
		f, ok := keys[name]
		if !ok {
			d.add(k, "unknown key %s%s", full, suggest(path, name, v.Type()))
			continue
		}
		d.node(val, v.FieldByIndex(f), full)
	}
}

// leaf decodes one setting, saying what it wants when the value does not fit.
func (d *decoder) leaf(n *yaml.Node, v reflect.Value, path string) {
	tmp := reflect.New(v.Type())
	if err := n.Decode(tmp.Interface()); err != nil {
		d.add(n, "%s: %s is not %s", path, describe(n), want(v.Type()))
		return
	}
	v.Set(tmp.Elem())
}

// describe shows a value as the user wrote it.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a group of settings"
	}
	return "this value"
}

// want says what a setting of type t takes.
func want(t reflect.Type) string {
	switch {
	case t == durationType:
		return "a duration (such as 30s, 2m or 1h30m)"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return "a whole number"
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return "a number"
	case t.Kind() == reflect.Slice:
		return "a list (such as [a, b] or one \"- item\" per line)"
	case t.Kind() == reflect.String:
		return "text"
	}
	return "a " + t.String()
}

// yamlKeys maps a struct's YAML keys to its fields (secrets have none).
func yamlKeys(t reflect.Type) map[string][]int {
	m := map[string][]int{}
	for i := range t.NumField() {
		tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
		if tag != "" && tag != "-" {
			m[tag] = []int{i}
		}
	}
	return m
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func orRoot(path string) string {
	if path == "" {
		return "the file"
	}
	return path
}

// suggest is the " (did you mean x?)" for an unknown key: a key of the same
// group within a few typos, else a key of that name (or near it) elsewhere
// in the file's layout; or where a secret must go instead.
func suggest(path, key string, t reflect.Type) string {
	if reSecretKey.MatchString(key + ":") {
		return ": secrets are read only from the environment: set OPENAI_API_KEY or DISCORD_TOKEN there and remove them from the file"
	}
	if near := closest(key, slices.Sorted(mapKeys(yamlKeys(t)))); near != "" {
		return " (did you mean " + join(path, near) + "?)"
	}
	var all []string
	walkKeys(reflect.TypeOf(Config{}), "", func(p string) { all = append(all, p) })
	var last []string
	for _, p := range all {
		last = append(last, p[strings.LastIndex(p, ".")+1:])
	}
	if near := closest(key, last); near != "" {
		for _, p := range all {
			if strings.HasSuffix("."+p, "."+near) && p != join(path, key) {
				return " (did you mean " + p + "?)"
			}
		}
	}
	return ""
}

func mapKeys(m map[string][]int) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// walkKeys calls fn with the path of every key, groups included.
func walkKeys(t reflect.Type, path string, fn func(string)) {
	for i := range t.NumField() {
		tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
		if tag == "" || tag == "-" {
			continue
		}
		p := join(path, tag)
		fn(p)
		if ft := t.Field(i).Type; ft.Kind() == reflect.Struct && ft != durationType {
			walkKeys(ft, p, fn)
		}
	}
}

// closest returns the candidate nearest to s within a few edits (about one
// in three letters, at least two), or "".
func closest(s string, candidates []string) string {
	best, bestD := "", max(2, len(s)/3)+1
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(s), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Damerau-Levenshtein distance (optimal string
// alignment): a swap of two neighbouring letters counts as one edit.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range rb {
		d[0][j+1] = j + 1
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
