package ingest

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/byline-bot/byline"
	"go.yaml.in/yaml/v3"
)

// seedName matches the corpus file names "NNN_<16 hex>", whose hex part is the id.
var seedName = regexp.MustCompile(`^[0-9]+_([0-9a-fA-F]{16})$`)

// idFromFileName returns the id a "NNN_<16 hex>" file name carries, or "".
func idFromFileName(name string) string {
	base := filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	if m := seedName.FindStringSubmatch(stem); m != nil {
		return strings.ToLower(m[1])
	}
	return ""
}

// normalizeNewlines turns CRLF and CR into LF.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// splitFirstLine returns the first non-blank line and what follows it.
func splitFirstLine(s string) (first, rest string) {
	s = strings.TrimLeft(s, " \t\n\ufeff")
	first, rest, _ = strings.Cut(s, "\n")
	return strings.TrimSpace(first), rest
}

// parseTXT reads a plain text article: the title on the first line, the
// text after it. A file of one line is all text, with a derived title.
func parseTXT(d doc, text string, c *collector) {
	title, body := splitFirstLine(normalizeNewlines(text))
	if strings.TrimSpace(body) == "" {
		title, body = "", title
	}
	a := byline.Article{ID: idFromFileName(d.name), Title: title, URL: d.name, Text: body}
	if reason := finish(&a, d); reason != "" {
		c.skip(d.name, reason)
		return
	}
	c.add(a, d.name, "")
}

// frontMatter is the YAML header of a Markdown article. Every field takes a
// single value; author also takes a list.
type frontMatter struct {
	ID        yamlScalar `yaml:"id"`
	Title     yamlScalar `yaml:"title"`
	URL       yamlScalar `yaml:"url"`
	Link      yamlScalar `yaml:"link"`
	Published yamlScalar `yaml:"published"`
	Date      yamlScalar `yaml:"date"`
	Source    yamlScalar `yaml:"source"`
	Author    yamlList   `yaml:"author"`
	Authors   yamlList   `yaml:"authors"`
}

// yamlScalar keeps a scalar's text as written, so "published: 2022-06-12"
// stays a string whatever YAML thinks of it.
type yamlScalar string

// UnmarshalYAML implements yaml.Unmarshaler.
func (s *yamlScalar) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: want a single value", n.Line)
	}
	*s = yamlScalar(n.Value)
	return nil
}

// yamlList is a scalar or a list of scalars, joined with ", ".
type yamlList string

// UnmarshalYAML implements yaml.Unmarshaler.
func (s *yamlList) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*s = yamlList(n.Value)
		return nil
	case yaml.SequenceNode:
		var parts []string
		for _, item := range n.Content {
			if item.Kind != yaml.ScalarNode {
				return fmt.Errorf("line %d: want a list of names", item.Line)
			}
			parts = append(parts, item.Value)
		}
		*s = yamlList(strings.Join(parts, ", "))
		return nil
	}
	return fmt.Errorf("line %d: want a name or a list of names", n.Line)
}

// splitFrontMatter separates "---\n yaml \n---\n body". ok is false when
// there is no front matter; err when it is opened but never closed.
func splitFrontMatter(s string) (yamlText, body string, ok bool, err error) {
	first, rest, found := strings.Cut(s, "\n")
	if strings.TrimRight(first, " \t") != "---" || !found {
		return "", s, false, nil
	}
	var y strings.Builder
	for {
		line, next, more := strings.Cut(rest, "\n")
		if t := strings.TrimRight(line, " \t"); t == "---" || t == "..." {
			return y.String(), next, true, nil
		}
		y.WriteString(line)
		y.WriteByte('\n')
		if !more {
			return "", "", true, errors.New("front matter has no closing ---")
		}
		rest = next
	}
}

// parseMD reads a Markdown article with optional YAML front matter. The
// title comes from the front matter, else the first "# heading", else the
// first line (when short), else the first sentence.
func parseMD(d doc, text string, c *collector) {
	yamlText, body, has, err := splitFrontMatter(normalizeNewlines(text))
	if err != nil {
		c.skip(d.name, "broken front matter: "+err.Error())
		return
	}
	var fm frontMatter
	if has && strings.TrimSpace(yamlText) != "" {
		var root yaml.Node
		if err := yaml.Unmarshal([]byte(yamlText), &root); err != nil {
			c.skip(d.name, "broken front matter: "+err.Error())
			return
		}
		if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
			c.skip(d.name, "broken front matter: want key: value lines")
			return
		}
		if err := root.Content[0].Decode(&fm); err != nil {
			c.skip(d.name, "broken front matter: "+err.Error())
			return
		}
	}
	a := byline.Article{
		ID:        string(fm.ID),
		Title:     string(fm.Title),
		URL:       firstNonEmpty(string(fm.URL), string(fm.Link), d.name),
		Source:    string(fm.Source),
		Author:    firstNonEmpty(string(fm.Author), string(fm.Authors)),
		Published: parseDate(firstNonEmpty(string(fm.Published), string(fm.Date))),
	}
	if raw := firstNonEmpty(string(fm.Published), string(fm.Date)); strings.TrimSpace(raw) != "" && a.Published.IsZero() {
		c.note(fmt.Sprintf("%s: published date %q not understood; indexed without a date", d.name, raw))
	}
	if a.ID == "" && !isHTTPURL(a.URL) {
		a.ID = idFromFileName(d.name)
	}
	lines := strings.Split(body, "\n")
	if strings.TrimSpace(a.Title) == "" {
		a.Title, lines = markdownTitle(lines)
	}
	a.Text = markdownToText(lines)
	if reason := finish(&a, d); reason != "" {
		c.skip(d.name, reason)
		return
	}
	c.add(a, d.name, "")
}

// markdownTitle finds the title in a body without front matter title and
// returns the lines without it.
func markdownTitle(lines []string) (string, []string) {
	inFence := false
	for i, line := range lines {
		t := strings.TrimSpace(line)
		if isFence(t) {
			inFence = !inFence
		}
		if !inFence && strings.HasPrefix(t, "# ") {
			return headingText(t), append(lines[:i:i], lines[i+1:]...)
		}
	}
	for i, line := range lines {
		t := strings.TrimSpace(line)
		if t == "" {
			continue
		}
		if isFence(t) || len([]rune(t)) > maxTitle || strings.TrimSpace(strings.Join(lines[i+1:], "")) == "" {
			return "", lines // a long first paragraph is text; a sentence of it becomes the title
		}
		if mdHeading.MatchString(t) {
			t = headingText(t)
		}
		return inlineMarkdown(t), append(lines[:i:i], lines[i+1:]...)
	}
	return "", lines
}

func isFence(t string) bool { return strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") }

// headingText strips the markers of an ATX heading: "## Title ##" -> "Title".
func headingText(t string) string {
	t = strings.TrimLeft(t, "#")
	t = strings.TrimSpace(t)
	t = strings.TrimRight(t, "#")
	return strings.TrimSpace(t)
}

var (
	mdImage = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink  = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
	// mdHeading matches an ATX heading line ("## Title"), not a "#hashtag".
	mdHeading = regexp.MustCompile(`^#{1,6}(\s|$)`)
)

// inlineMarkdown keeps the words of links and images and drops their targets.
func inlineMarkdown(s string) string {
	if !strings.Contains(s, "](") {
		return s
	}
	s = mdImage.ReplaceAllString(s, "$1")
	return mdLink.ReplaceAllString(s, "$1")
}

// markdownToText turns Markdown into readable text: heading markers,
// horizontal rules, fences and link targets go; the words stay.
func markdownToText(lines []string) string {
	var b strings.Builder
	for _, line := range lines {
		t := strings.TrimSpace(line)
		switch {
		case isFence(t):
			continue
		case t == "---" || t == "***" || t == "___":
			b.WriteString("\n")
			continue
		case mdHeading.MatchString(t):
			b.WriteString("\n")
			b.WriteString(inlineMarkdown(headingText(t)))
			b.WriteString("\n\n")
			continue
		}
		b.WriteString(inlineMarkdown(line))
		b.WriteByte('\n')
	}
	return b.String()
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
