package ingest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/byline-bot/byline"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxParseDepth is how deep x/net/html nests elements: html.Parse fails on a
// page that opens more than this many at once, and extractPage then reads it
// with the tokenizer instead (see extractFlat).
const maxParseDepth = 512

// page is what an HTML document says about itself.
type page struct {
	title, ogTitle, h1 string
	canonical, ogURL   string
	published          []string // candidates, best first
	timeDatetime       string
	jsonLDPublished    string
	siteName           string
	author             string
	ldAuthor           string
	ldPublisher        string
	text               string
	flat               bool // too deeply nested to parse: text read without structure
}

// parseHTML reads one HTML page as one article.
func parseHTML(d doc, text string, c *collector) {
	p := extractPage(text)
	a := byline.Article{
		Title:  firstNonEmpty(p.ogTitle, p.title, p.h1),
		URL:    firstNonEmpty(absURL(d.url, p.canonical), absURL(d.url, p.ogURL), d.url, d.name),
		Source: firstNonEmpty(p.siteName, p.ldPublisher),
		Author: firstNonEmpty(p.author, p.ldAuthor),
		Text:   p.text,
	}
	for _, s := range append(p.published, p.timeDatetime, p.jsonLDPublished) {
		if t := parseDate(s); !t.IsZero() {
			a.Published = t
			break
		}
	}
	if a.URL == d.name && d.url == "" {
		a.ID = idFromFileName(d.name)
	}
	if reason := finish(&a, d); reason != "" {
		if p.flat {
			reason += fmt.Sprintf(" (nested deeper than %d elements, read without structure)", maxParseDepth)
		}
		c.skip(d.name, reason)
		return
	}
	if p.flat {
		c.note(fmt.Sprintf("%s: nested deeper than %d elements; all its visible text was read, without telling the article from the rest of the page", d.name, maxParseDepth))
	}
	c.add(a, d.name, "")
}

// absURL resolves ref against base and returns it when it is an http(s) URL.
func absURL(base, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	if isHTTPURL(ref) {
		return ref
	}
	if base == "" {
		return ""
	}
	b, err := url.Parse(base)
	if err != nil {
		return ""
	}
	r, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if abs := b.ResolveReference(r).String(); isHTTPURL(abs) {
		return abs
	}
	return ""
}

// extractPage parses an HTML document: metadata from the whole page, text
// from the main content (the largest <article>, else <main>, else <body>).
// A page nested too deeply for the parser is read by extractFlat.
func extractPage(src string) page {
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		// html.Parse fails on read errors, which a string has none of,
		// and on nesting deeper than maxParseDepth.
		return extractFlat(src)
	}
	var p page
	var articles, mains []*html.Node
	var body *html.Node
	// The walk is iterative: the parser nests up to maxParseDepth elements
	// and every level must be read.
	type frame struct {
		n *html.Node
		// hidden is true inside elements whose text is dropped, where an
		// <article> is a teaser, not the page's content.
		hidden bool
		// inArticle and inMain are true below a candidate: a nested
		// <article> holds part of its ancestor's text, never more, so
		// only the outermost ones are measured (and each text once).
		inArticle, inMain bool
	}
	stack := []frame{{n: root}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := f.n
		if n.Type == html.ElementNode {
			f.hidden = f.hidden || (n.DataAtom != atom.Head && skipped(n))
			switch n.DataAtom {
			case atom.Title:
				if p.title == "" {
					p.title = nodeText(n)
				}
			case atom.Meta, atom.Link, atom.Time:
				p.attrs(n)
			case atom.H1:
				if p.h1 == "" {
					p.h1 = cleanLine(nodeText(n))
				}
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") {
					p.jsonLD(rawText(n))
				}
				continue
			case atom.Article:
				if !f.hidden && !f.inArticle {
					articles = append(articles, n)
				}
				f.inArticle = true
			case atom.Main:
				if !f.hidden && !f.inMain {
					mains = append(mains, n)
				}
				f.inMain = true
			case atom.Body:
				body = n
			}
		}
		for ch := n.LastChild; ch != nil; ch = ch.PrevSibling {
			stack = append(stack, frame{n: ch, hidden: f.hidden, inArticle: f.inArticle, inMain: f.inMain})
		}
	}
	if body == nil {
		body = root
	}
	p.text = blockText(body)
	// Prefer the largest <article>, else <main>, unless it holds only a
	// small part of the page: then the real content is elsewhere and the
	// <article>s are teaser cards.
	for _, candidates := range [][]*html.Node{articles, mains} {
		best := ""
		for _, n := range candidates {
			if t := blockText(n); len(t) > len(best) {
				best = t
			}
		}
		if best != "" && len(best) >= len(p.text)/4 {
			p.text = best
			break
		}
	}
	return p
}

// meta records the <meta> tags that carry article metadata.
// attrs reads what a page says of itself in the attributes of n: its meta
// tags, its canonical link, the datetime of its first <time>.
func (p *page) attrs(n *html.Node) {
	switch n.DataAtom {
	case atom.Meta:
		p.meta(n)
	case atom.Link:
		if hasToken(attr(n, "rel"), "canonical") && p.canonical == "" {
			p.canonical = attr(n, "href")
		}
	case atom.Time:
		if p.timeDatetime == "" {
			p.timeDatetime = attr(n, "datetime")
		}
	}
}

func (p *page) meta(n *html.Node) {
	key := strings.ToLower(strings.TrimSpace(firstNonEmpty(attr(n, "property"), attr(n, "name"), attr(n, "itemprop"))))
	val := strings.TrimSpace(attr(n, "content"))
	if val == "" {
		return
	}
	switch key {
	case "og:title":
		if p.ogTitle == "" {
			p.ogTitle = cleanLine(val)
		}
	case "og:url":
		if p.ogURL == "" {
			p.ogURL = val
		}
	case "og:site_name":
		if p.siteName == "" {
			p.siteName = val
		}
	case "article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate", "date", "dc.date", "dc.date.issued", "parsely-pub-date", "sailthru.date":
		p.published = append(p.published, val)
	case "author", "article:author", "dc.creator", "parsely-author", "sailthru.author":
		if p.author == "" && !isHTTPURL(val) {
			p.author = val
		}
	}
}

// jsonLD reads datePublished, author and publisher from a JSON-LD block,
// which may be an object, an array or hold an "@graph".
func (p *page) jsonLD(src string) {
	var v any
	if json.Unmarshal([]byte(src), &v) != nil {
		return
	}
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 8 || p.jsonLDPublished != "" {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e, depth+1)
			}
		case map[string]any:
			if s, ok := x["datePublished"].(string); ok && s != "" {
				p.jsonLDPublished = s
				p.ldAuthor = ldName(x["author"])
				p.ldPublisher = ldName(x["publisher"])
				return
			}
			if g, ok := x["@graph"]; ok {
				walk(g, depth+1)
			}
		}
	}
	walk(v, 0)
}

// ldName reads a JSON-LD person or organization: a string, an object with a
// name, or a list of them.
func ldName(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		s, _ := x["name"].(string)
		return s
	case []any:
		var names []string
		for _, e := range x {
			if s := ldName(e); s != "" {
				names = append(names, s)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return true
		}
	}
	return false
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// rawText is the text of a node's children as written (script contents).
func rawText(n *html.Node) string {
	var b strings.Builder
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.TextNode {
			b.WriteString(ch.Data)
		}
	}
	return b.String()
}

// nodeText is the visible text inside n on one line.
func nodeText(n *html.Node) string { return cleanLine(blockText(n)) }

// skipped reports elements whose content is never article text.
func skipped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Nav, atom.Header, atom.Footer, atom.Aside,
		atom.Form, atom.Svg, atom.Iframe, atom.Template, atom.Button, atom.Select, atom.Textarea,
		atom.Object, atom.Embed, atom.Canvas, atom.Head, atom.Dialog, atom.Math:
		return true
	}
	if n.Type == html.ElementNode && n.Namespace == "svg" {
		return true
	}
	return hasAttr(n, "hidden") || strings.EqualFold(attr(n, "aria-hidden"), "true")
}

// breakAfter says how an element separates its text from the next: 2 for
// a paragraph (blank line), 1 for a line, 0 for inline.
func breakAfter(a atom.Atom) int {
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.Blockquote, atom.Pre,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Ul, atom.Ol, atom.Dl,
		atom.Table, atom.Figure, atom.Figcaption, atom.Hr, atom.Address, atom.Details,
		atom.Summary, atom.Body, atom.Li, atom.Dd:
		return 2
	case atom.Br, atom.Tr, atom.Dt, atom.Caption:
		return 1
	}
	return 0
}

// textWriter accumulates visible text with collapsed spaces and the
// strongest pending break between blocks.
type textWriter struct {
	b     strings.Builder
	brk   int
	space bool
}

func (w *textWriter) text(s string) {
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' || isHSpace(r) {
			w.space = true
			continue
		}
		if w.b.Len() > 0 {
			switch {
			case w.brk >= 2:
				w.b.WriteString("\n\n")
			case w.brk == 1:
				w.b.WriteByte('\n')
			case w.space:
				w.b.WriteByte(' ')
			}
		}
		w.brk, w.space = 0, false
		w.b.WriteRune(r)
	}
}

func (w *textWriter) breakLine(n int) { w.brk = max(w.brk, n) }

// blockText extracts the visible text of n, paragraphs separated by blank
// lines. The walk is iterative, so every level the parser produced is read.
func blockText(n *html.Node) string {
	var w textWriter
	type frame struct {
		n   *html.Node // nil: leaving an element whose break is brk
		brk int
	}
	stack := []frame{{n: n}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := f.n
		if n == nil {
			w.breakLine(f.brk)
			continue
		}
		switch n.Type {
		case html.TextNode:
			w.text(n.Data)
			continue
		case html.ElementNode:
			if skipped(n) {
				continue
			}
			if a := n.DataAtom; a == atom.Td || a == atom.Th {
				w.space = true
			}
		case html.CommentNode, html.DoctypeNode:
			continue
		}
		brk := 0
		if n.Type == html.ElementNode {
			brk = breakAfter(n.DataAtom)
			w.breakLine(brk)
		}
		stack = append(stack, frame{brk: brk})
		for ch := n.LastChild; ch != nil; ch = ch.PrevSibling {
			stack = append(stack, frame{n: ch})
		}
	}
	return cleanText(w.b.String())
}

// stripHTML turns an HTML fragment (a feed description) into text.
func stripHTML(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return cleanText(s)
	}
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return extractFlat(s).text // nested deeper than maxParseDepth
	}
	wrapper := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	for _, n := range nodes {
		if n.Parent == nil && n.PrevSibling == nil && n.NextSibling == nil {
			wrapper.AppendChild(n)
		}
	}
	return blockText(wrapper)
}
