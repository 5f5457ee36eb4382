package feeds

import (
	"crypto/sha1"
	"encoding/hex"
	"net/url"
	"slices"
	"strings"

	"github.com/byline-bot/byline/ingest"
)

// trackingParams are query parameters that say where a reader came from,
// not what they read: two links differing only in them are one item.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true, "msclkid": true, "yclid": true,
	"mc_cid": true, "mc_eid": true, "igshid": true, "_ga": true, "_gl": true, "ref": true, "ref_src": true,
	"ref_url": true, "cmpid": true, "ocid": true, "smid": true, "smtyp": true, "sr_share": true, "ito": true,
	"ns_mchannel": true, "ns_source": true, "ns_campaign": true, "ns_linkname": true, "ns_fee": true,
	"at_medium": true, "at_campaign": true, "at_custom1": true, "at_custom2": true, "at_custom3": true, "at_custom4": true,
	"rss": true, "feed": true, "mkt_tok": true, "spm": true, "share": true, "s_cid": true, "cid": true,
}

// isTracking reports whether a query parameter only tracks the reader.
func isTracking(name string) bool {
	n := strings.ToLower(name)
	return strings.HasPrefix(n, "utm_") || strings.HasPrefix(n, "pk_") || strings.HasPrefix(n, "hmb_") || trackingParams[n]
}

// normalizeLink gives one spelling of a link: scheme and host in lower case,
// no default port, no fragment, no tracking parameters, the others sorted.
// "" when raw is not an http(s) URL.
func normalizeLink(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	if port := u.Port(); port != "" && !(u.Scheme == "http" && port == "80") && !(u.Scheme == "https" && port == "443") {
		host += ":" + port
	} else if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	u.Host = host
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path = "/"
	}
	if u.RawQuery != "" {
		q := u.Query()
		for name := range q {
			if isTracking(name) {
				delete(q, name)
			}
		}
		u.RawQuery = q.Encode() // sorted by key
	}
	return u.String()
}

// itemKey identifies an item within its feed: the guid, else the link
// normalised, else the title and date.
func itemKey(it ingest.FeedItem) string {
	if g := strings.TrimSpace(it.GUID); g != "" {
		return "guid:" + g
	}
	if l := normalizeLink(it.Link); l != "" {
		return "link:" + l
	}
	return "title:" + strings.ToLower(it.Article.Title) + "|" + it.Article.PublishedString()
}

// articleID is the indexed id of an item: its source and key hashed, so that
// two feeds listing one guid never fight over one id (the duplicate
// grouping of the index makes them one story in answers).
func articleID(sourceURL, key string) string {
	return hash16(sourceURL + "\n" + key)
}

// sourceID names a source by its URL: short, stable, the same wherever the
// URL was added from.
func sourceID(rawURL string) string {
	return hash16(normalizeSourceURL(rawURL))[:10]
}

// normalizeSourceURL is the spelling under which a source's URL is stored:
// as given, with scheme and host in lower case and no fragment. Tracking
// parameters stay: a feed URL's query is the server's business.
func normalizeSourceURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return strings.TrimSpace(raw)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	u.Fragment, u.RawFragment = "", ""
	return u.String()
}

// contentHash tells a changed item from an unchanged one by what the feed
// says of it.
func contentHash(it ingest.FeedItem) string {
	a := it.Article
	return hash16(strings.Join([]string{a.Title, it.Link, a.PublishedString(), a.Author, a.Text}, "\x00"))
}

func hash16(s string) string {
	sum := sha1.Sum([]byte(s))
	return hex.EncodeToString(sum[:8])
}

// matches reports whether a story passes a source's keyword filters.
func matches(src Source, title, text string) bool {
	hay := strings.ToLower(title + "\n" + text)
	has := func(w string) bool { return w != "" && strings.Contains(hay, strings.ToLower(w)) }
	if len(src.Include) > 0 && !slices.ContainsFunc(src.Include, has) {
		return false
	}
	return !slices.ContainsFunc(src.Exclude, has)
}
