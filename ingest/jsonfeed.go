package ingest

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/byline-bot/byline"
)

// jsonFeed is a JSON Feed document (https://jsonfeed.org, versions 1 and 1.1).
type jsonFeed struct {
	Version string         `json:"version"`
	Title   string         `json:"title"`
	Items   []jsonFeedItem `json:"items"`
}

type jsonFeedItem struct {
	ID            json.RawMessage  `json:"id"` // a string, though some feeds write a number
	URL           string           `json:"url"`
	ExternalURL   string           `json:"external_url"`
	Title         string           `json:"title"`
	ContentHTML   string           `json:"content_html"`
	ContentText   string           `json:"content_text"`
	Summary       string           `json:"summary"`
	DatePublished string           `json:"date_published"`
	DateModified  string           `json:"date_modified"`
	Author        *jsonFeedAuthor  `json:"author"`  // version 1
	Authors       []jsonFeedAuthor `json:"authors"` // version 1.1
}

type jsonFeedAuthor struct {
	Name string `json:"name"`
}

// looksLikeJSONFeed recognizes a JSON Feed by its version URL near the top.
func looksLikeJSONFeed(body []byte) bool {
	head := bytes.TrimSpace(bytes.TrimPrefix(body[:min(len(body), 2048)], []byte("\xef\xbb\xbf")))
	return bytes.HasPrefix(head, []byte("{")) && bytes.Contains(head, []byte("jsonfeed.org/version"))
}

// readJSONFeed parses a JSON Feed.
func readJSONFeed(d doc, text string) (parsedFeed, string) {
	var f jsonFeed
	if err := json.Unmarshal([]byte(text), &f); err != nil {
		return parsedFeed{}, "invalid JSON feed: " + err.Error()
	}
	pf := parsedFeed{title: cleanLine(stripHTML(f.Title))}
	for _, it := range f.Items {
		link := firstNonEmpty(absURL(d.url, it.URL), strings.TrimSpace(it.URL), absURL(d.url, it.ExternalURL))
		var authors []string
		if it.Author != nil {
			it.Authors = append(it.Authors, *it.Author)
		}
		for _, au := range it.Authors {
			if n := cleanLine(au.Name); n != "" {
				authors = append(authors, n)
			}
		}
		a := byline.Article{
			Title:     cleanLine(stripHTML(it.Title)),
			URL:       link,
			Source:    pf.title,
			Author:    strings.Join(authors, ", "),
			Published: parseDate(firstNonEmpty(it.DatePublished, it.DateModified)),
			Text:      longer(longer(stripHTML(it.ContentHTML), it.ContentText), stripHTML(it.Summary)),
		}
		guid := jsonFeedID(it.ID)
		if !isHTTPURL(link) && guid != "" {
			a.ID = hashID(guid)
		}
		pf.entries = append(pf.entries, feedEntry{a, guid})
	}
	if len(pf.entries) == 0 {
		return pf, reasonNoItems
	}
	return pf, ""
}

// jsonFeedID reads an item id given as a string or a number.
func jsonFeedID(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}
