package ingest

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/byline-bot/byline"
)

// feedDoc holds RSS 2.0 (<rss><channel><item>), RSS 1.0 (<rdf:RDF> with
// <item>s beside the <channel>) and Atom (<feed><entry>) in one shape.
type feedDoc struct {
	XMLName xml.Name
	Channel struct {
		Title string    `xml:"title"`
		TTL   string    `xml:"ttl"`
		Items []rssItem `xml:"item"`
	} `xml:"channel"`
	Items   []rssItem   `xml:"item"`
	Title   textElem    `xml:"title"`
	Entries []atomEntry `xml:"entry"`
}

type rssItem struct {
	Title       string     `xml:"title"`
	Links       []linkElem `xml:"link"`
	GUID        string     `xml:"guid"`
	About       string     `xml:"about,attr"`
	PubDate     string     `xml:"pubDate"`
	Date        string     `xml:"date"` // dc:date
	Description string     `xml:"description"`
	Encoded     string     `xml:"encoded"` // content:encoded
	Creator     string     `xml:"creator"` // dc:creator
	Author      string     `xml:"author"`
}

type atomEntry struct {
	Title     textElem   `xml:"title"`
	Links     []linkElem `xml:"link"`
	ID        string     `xml:"id"`
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
	Summary   textElem   `xml:"summary"`
	Content   textElem   `xml:"content"`
	Authors   []struct {
		Name string `xml:"name"`
	} `xml:"author"`
}

// linkElem is an RSS <link>text</link> or an Atom <link href rel/>.
type linkElem struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Text string `xml:",chardata"`
}

// textElem is an Atom text construct: type "text", "html" (escaped HTML in
// the character data) or "xhtml" (markup inside).
type textElem struct {
	Type  string `xml:"type,attr"`
	Text  string `xml:",chardata"`
	Inner string `xml:",innerxml"`
}

func (t textElem) html() string {
	if strings.EqualFold(strings.TrimSpace(t.Type), "xhtml") {
		return t.Inner
	}
	return t.Text
}

// decodeFeed parses XML leniently (Strict off, HTML entities such as
// &nbsp; known): feeds in the wild are often not well-formed. HTMLAutoClose
// is not used because it would close RSS's <link> element. The text is already UTF-8
// (decodeUTF8 converted it), whatever the XML declaration says.
func decodeFeed(text string) (feedDoc, error) {
	var f feedDoc
	dec := xml.NewDecoder(strings.NewReader(text))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	err := dec.Decode(&f)
	return f, err
}

// feedEntry is one item of a feed as parsed, before finish: its article and
// the identifier the feed gave it (RSS guid, Atom id, JSON Feed id).
type feedEntry struct {
	a    byline.Article
	guid string
}

// parsedFeed is a feed's channel and items.
type parsedFeed struct {
	title string
	// ttl is RSS's <ttl> (minutes the feed may be cached); 0 when absent.
	ttl     time.Duration
	entries []feedEntry
}

// reasonNoItems is readFeed's reason for a feed that lists nothing: an
// error for Load, a quiet day for a poller.
const reasonNoItems = "feed has no items"

// readFeed parses an RSS, Atom or JSON Feed document; the reason says why
// it is not one.
func readFeed(d doc, text string) (parsedFeed, string) {
	if looksLikeJSONFeed([]byte(text)) {
		return readJSONFeed(d, text)
	}
	f, err := decodeFeed(text)
	if err != nil {
		return parsedFeed{}, "invalid feed XML: " + err.Error()
	}
	base := d.url
	var pf parsedFeed
	switch strings.ToLower(f.XMLName.Local) {
	case "rss", "rdf":
		pf.title = cleanLine(stripHTML(f.Channel.Title))
		if n, err := strconv.Atoi(strings.TrimSpace(f.Channel.TTL)); err == nil && n > 0 {
			pf.ttl = time.Duration(n) * time.Minute
		}
		for _, it := range append(f.Channel.Items, f.Items...) {
			pf.entries = append(pf.entries, feedEntry{rssArticle(it, pf.title, base), strings.TrimSpace(firstNonEmpty(it.GUID, it.About))})
		}
	case "feed":
		pf.title = cleanLine(stripHTML(f.Title.html()))
		for _, e := range f.Entries {
			pf.entries = append(pf.entries, feedEntry{atomArticle(e, pf.title, base), strings.TrimSpace(e.ID)})
		}
	default:
		return parsedFeed{}, fmt.Sprintf("not an RSS, Atom or JSON feed (root element <%s>)", f.XMLName.Local)
	}
	if len(pf.entries) == 0 {
		return pf, reasonNoItems
	}
	return pf, ""
}

// parseFeed reads an RSS, Atom or JSON feed: one article per item or entry.
func parseFeed(d doc, text string, c *collector) {
	pf, reason := readFeed(d, text)
	if reason != "" {
		c.skip(d.name, reason)
		return
	}
	for i, e := range pf.entries {
		where := fmt.Sprintf("item %d", i+1)
		a, reason := finishEntry(e.a, d)
		if reason != "" {
			c.skip(d.name, where+": "+reason)
			continue
		}
		c.add(a, d.name, where)
	}
}

// finishEntry completes a feed item's article as every item is: the title
// at least as text, an id, the URL of the feed when the item has no link.
func finishEntry(a byline.Article, d doc) (byline.Article, string) {
	if a.Title == "" && a.URL == "" && strings.TrimSpace(a.Text) == "" {
		return a, "no title, link or text"
	}
	// An item with little text keeps what the feed gives: its title at least.
	if strings.TrimSpace(a.Text) == "" {
		a.Text = a.Title
	}
	// Ids: sha1(link) like pages and the corpus; else the feed's guid;
	// else the feed and the item's title and date.
	if a.ID == "" && !isHTTPURL(a.URL) {
		a.ID = hashID(d.key + "#" + a.Title + "#" + a.PublishedString())
	}
	if a.URL == "" {
		a.URL = firstNonEmpty(d.url, d.name)
	}
	if reason := finish(&a, d); reason != "" {
		return a, reason
	}
	return a, ""
}

func rssArticle(it rssItem, source, base string) byline.Article {
	link := ""
	for _, l := range it.Links {
		if t := firstNonEmpty(l.Text, l.Href); t != "" && (l.Rel == "" || l.Rel == "alternate") {
			link = t
			break
		}
	}
	guid := strings.TrimSpace(it.GUID)
	if link == "" && isHTTPURL(guid) {
		link = guid
	}
	if link == "" && isHTTPURL(it.About) {
		link = it.About
	}
	link = firstNonEmpty(absURL(base, link), link)
	a := byline.Article{
		Title:     cleanLine(stripHTML(it.Title)),
		URL:       link,
		Source:    source,
		Author:    rssAuthor(firstNonEmpty(it.Creator, it.Author)),
		Published: parseDate(firstNonEmpty(it.PubDate, it.Date)),
		Text:      longer(stripHTML(it.Encoded), stripHTML(it.Description)),
	}
	if !isHTTPURL(link) && guid != "" {
		a.ID = hashID(guid)
	}
	return a
}

// rssAuthor turns "jane@example.com (Jane Doe)" into "Jane Doe".
func rssAuthor(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '('); i > 0 && strings.HasSuffix(s, ")") && strings.Contains(s[:i], "@") {
		return strings.TrimSpace(s[i+1 : len(s)-1])
	}
	return s
}

func atomArticle(e atomEntry, source, base string) byline.Article {
	link := ""
	for _, l := range e.Links {
		if l.Href != "" && (l.Rel == "" || l.Rel == "alternate") {
			link = l.Href
			break
		}
	}
	link = firstNonEmpty(absURL(base, link), link)
	var authors []string
	for _, au := range e.Authors {
		if n := cleanLine(au.Name); n != "" {
			authors = append(authors, n)
		}
	}
	a := byline.Article{
		Title:     cleanLine(stripHTML(e.Title.html())),
		URL:       link,
		Source:    source,
		Author:    strings.Join(authors, ", "),
		Published: parseDate(firstNonEmpty(e.Published, e.Updated)),
		Text:      longer(stripHTML(e.Content.html()), stripHTML(e.Summary.html())),
	}
	if !isHTTPURL(link) && strings.TrimSpace(e.ID) != "" {
		a.ID = hashID(strings.TrimSpace(e.ID))
	}
	return a
}

func longer(a, b string) string {
	if len(b) > len(a) {
		return b
	}
	return a
}
