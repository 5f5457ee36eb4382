package ingest

import (
	"net/url"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/byline-bot/byline"
)

// finish cleans a parsed article and fills what the rules derive: the title
// when missing, the id when the source gave none, the origin. It returns a
// skip reason when nothing usable is left.
func finish(a *byline.Article, d doc) string {
	a.Text = cleanText(a.Text)
	if a.Text == "" {
		return "no text left after cleaning"
	}
	text, videoOnly := stripFurniture(a.Text)
	if text == "" && !videoOnly {
		return "no story text: only page furniture (photo captions, links, prompts, quizzes)"
	}
	a.Text = text
	a.URL = strings.ToValidUTF8(strings.TrimSpace(a.URL), "\uFFFD")
	a.Title = cleanLine(a.Title)
	if a.Title == "" {
		a.Title = titleFromURL(a.URL)
	}
	if a.Title == "" {
		a.Title = firstSentence(a.Text)
	}
	if a.Title == "" { // text of punctuation only, such as "..."
		a.Title = shorten(cleanLine(a.Text), maxTitle)
	}
	a.Title = shorten(a.Title, 300)
	if videoOnly {
		// A video page is indexed by its title (and the line or two the
		// player leaves of its own): a verbatim line that names the story,
		// never the player's notices.
		if a.Title == "" || strings.HasPrefix(a.Title, "http") {
			return "a video page: its text is only the video player's notices"
		}
		a.Text = strings.TrimSpace(a.Title + "\n\n" + text)
	}
	a.Source = cleanLine(a.Source)
	a.Author = cleanLine(a.Author)
	a.ID = strings.ToValidUTF8(strings.TrimSpace(a.ID), "\uFFFD")
	if a.ID == "" {
		if isHTTPURL(a.URL) {
			a.ID = hashID(a.URL)
		} else {
			a.ID = hashID(d.key)
		}
	}
	a.Origin = d.origin
	return ""
}

func isHTTPURL(s string) bool {
	if len(s) < 8 {
		return false
	}
	lower := strings.ToLower(s[:min(len(s), 8)])
	return strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://")
}

// titleFromURL derives a title from the last meaningful path segment of an
// http(s) URL or a file path: ".../2022/06/12/media/squid-game-season-2/index.html"
// gives "Squid game season 2". Index pages, extensions, numbers and hex ids
// are passed over; a single word is not taken (it is usually a section name
// such as "politics"), so "" means no slug was good enough.
func titleFromURL(raw string) string {
	if raw == "" {
		return ""
	}
	p := raw
	if isHTTPURL(raw) {
		u, err := url.Parse(raw)
		if err != nil {
			return ""
		}
		p = u.Path
	} else {
		p = strings.ReplaceAll(raw, "\\", "/")
	}
	segs := strings.Split(p, "/")
	for i := len(segs) - 1; i >= 0; i-- {
		seg, err := url.PathUnescape(segs[i])
		if err != nil {
			seg = segs[i]
		}
		if words := slugWords(seg); len(words) >= 2 {
			t := strings.Join(words, " ")
			r, size := utf8.DecodeRuneInString(t)
			return shorten(string(unicode.ToUpper(r))+t[size:], maxTitle)
		}
	}
	return ""
}

// editionTags are suffixes news sites append to slugs ("-intl-hnk").
var editionTags = map[string]bool{
	"intl": true, "hnk": true, "scli": true, "ctrp": true, "cnn": true, "trnd": true,
	"scn": true, "spt": true, "gbr": true, "lbg": true, "vpx": true, "nr": true,
}

func slugWords(seg string) []string {
	seg = strings.TrimSpace(seg)
	switch strings.ToLower(path.Ext(seg)) {
	case ".html", ".htm", ".shtml", ".xhtml", ".php", ".asp", ".aspx", ".jsp", ".txt", ".md", ".markdown", ".jsonl", ".amp":
		seg = seg[:len(seg)-len(path.Ext(seg))]
	}
	switch strings.ToLower(seg) {
	case "", "index", "default", "amp", "article", "story", "news", "home":
		return nil
	}
	if looksLikeID(seg) {
		return nil
	}
	words := strings.FieldsFunc(seg, func(r rune) bool {
		return r == '-' || r == '_' || r == '+' || r == '.' || r == ',' || unicode.IsSpace(r)
	})
	// Trailing numeric ids and edition tags: "title-7631234001", "title-intl-hnk".
	for len(words) > 0 {
		w := strings.ToLower(words[len(words)-1])
		if editionTags[w] || (isDigits(w) && len(w) >= 5) || (len(w) >= 8 && looksLikeID(w)) {
			words = words[:len(words)-1]
			continue
		}
		break
	}
	letters := 0
	for i, w := range words {
		words[i] = strings.ToLower(w)
		if strings.IndexFunc(w, unicode.IsLetter) >= 0 {
			letters++
		}
	}
	if letters == 0 {
		return nil
	}
	return words
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// looksLikeID reports hex or numeric identifiers such as "4ebca540514b2b37"
// or "000_4ebca540514b2b37": no vowels to read, at least one digit, long.
func looksLikeID(s string) bool {
	if len(s) < 6 {
		return isDigits(s)
	}
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'f', c >= 'A' && c <= 'F', c == '_', c == '-':
		default:
			return false
		}
	}
	return digits > 0
}

// dateLayouts are tried in order by parseDate.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -0700 MST",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	byline.DateLayout,
	"2006/01/02",
	"2006/01/02 15:04:05",
	"2006/1/2",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700",
	"Mon, 2 Jan 2006 15:04 MST",
	"Mon, 02 Jan 2006 15:04 -0700",
	"Mon, 02 Jan 2006 15:04 MST",
	"Mon, 2 Jan 2006",
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 MST",
	"2 Jan 2006",
	"2 January 2006",
	time.RFC822Z,
	time.RFC822,
	time.RFC850,
	time.ANSIC,
	time.UnixDate,
	"January 2, 2006",
	"Jan 2, 2006",
	"January 2 2006",
	"Jan. 2, 2006",
}

// parseDate reads the date formats news sources use; the zero time means
// unknown. Dates without a zone are UTC.
func parseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1800 || t.Year() > 2200 {
				return time.Time{}
			}
			return t
		}
	}
	// An unknown zone or trailing junk ("Sun, 12 Jun 2022 10:00:00 GMT+1",
	// "2022-06-12T10:00:00 local"): keep the date part.
	if len(s) > 10 && s[4] == '-' {
		if t, err := time.Parse(byline.DateLayout, s[:10]); err == nil {
			return t
		}
	}
	if f := strings.Fields(s); len(f) > 4 {
		if t, err := time.Parse("Mon, 2 Jan 2006", strings.Join(f[:4], " ")); err == nil {
			return t
		}
	}
	return time.Time{}
}
