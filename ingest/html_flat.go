package ingest

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// extractFlat reads a page that html.Parse refuses, one nested deeper than
// maxParseDepth elements, straight from the tokenizer, which has no depth
// limit: its metadata and all its visible text, with the same breaks and
// hidden elements as blockText. Without a tree it cannot tell an <article>
// from the rest of the page, so the text is the whole page's. Cost and
// memory are linear in the size of the page.
func extractFlat(src string) page {
	p := page{flat: true}
	var w textWriter
	type open struct {
		name         string
		brk          int
		skip, ldJSON bool
	}
	var (
		stack  []open
		counts = map[string]int{} // open elements by name, so a stray end tag costs nothing
		hidden int                // open elements in stack whose text is dropped
		h1     strings.Builder
		h1At   = -1 // stack index of the first <h1> while it is open
	)
	pop := func() {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		counts[e.name]--
		if e.skip {
			hidden--
		}
		w.breakLine(e.brk)
		if h1At == len(stack) {
			p.h1, h1At = cleanLine(h1.String()), -1
		}
	}
	z := html.NewTokenizer(strings.NewReader(src))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break // io.EOF: a string has no other read errors
		}
		tok := z.Token()
		switch tt {
		case html.TextToken:
			if len(stack) > 0 {
				switch top := stack[len(stack)-1]; {
				case top.name == "title" && p.title == "":
					p.title = cleanLine(tok.Data)
				case top.ldJSON:
					p.jsonLD(tok.Data)
				}
			}
			if hidden == 0 {
				w.text(tok.Data)
				if h1At >= 0 {
					h1.WriteString(tok.Data)
				}
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			n := &html.Node{Type: html.ElementNode, DataAtom: tok.DataAtom, Data: tok.Data, Attr: tok.Attr}
			switch tok.DataAtom {
			case atom.Meta, atom.Link, atom.Time:
				p.attrs(n)
			case atom.Td, atom.Th:
				w.space = true
			}
			brk := breakAfter(tok.DataAtom)
			w.breakLine(brk)
			if tt == html.SelfClosingTagToken || isVoid(tok.DataAtom) {
				w.breakLine(brk)
				continue
			}
			if tok.DataAtom == atom.H1 && p.h1 == "" && h1At < 0 && hidden == 0 {
				h1At = len(stack)
			}
			e := open{name: tok.Data, brk: brk, skip: skipped(n),
				ldJSON: tok.DataAtom == atom.Script && strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json")}
			stack = append(stack, e)
			counts[tok.Data]++
			if e.skip {
				hidden++
			}
		case html.EndTagToken:
			if counts[tok.Data] == 0 {
				continue // nothing of that name is open
			}
			for len(stack) > 0 {
				done := stack[len(stack)-1].name == tok.Data
				pop()
				if done {
					break
				}
			}
		}
	}
	for len(stack) > 0 {
		pop()
	}
	p.text = cleanText(w.b.String())
	return p
}

// isVoid reports elements that never have content or an end tag.
func isVoid(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input,
		atom.Link, atom.Meta, atom.Source, atom.Track, atom.Wbr, atom.Param, atom.Keygen:
		return true
	}
	return false
}
