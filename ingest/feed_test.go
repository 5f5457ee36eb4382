package ingest

import (
	"os"
	"testing"
	"time"

	"github.com/byline-bot/byline"
)

func readTestdata(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseFeed(t *testing.T) {
	const rssURL = "https://courier.example.net/feed.xml"
	const atomURL = "https://ledger.example.org/atom.xml"
	ferry := "https://courier.example.net/2023/03/04/local/harbour-ferry-vote/"
	library := "https://courier.example.net/2023/03/05/local/library-hours/"
	brief := "https://courier.example.net/2023/03/06/brief/"
	orchard := "https://ledger.example.org/2023/09/21/orchard-harvest"
	runParseCases(t, []parseCase{
		{
			name:   "rss 2.0",
			file:   "feed.rss",
			data:   readTestdata(t, "testdata/feeds/rss.xml"),
			origin: rssURL,
			want: []byline.Article{
				{
					ID: hashID(ferry), Title: "Ferry stays, town decides", URL: ferry, Source: "Valley Courier & Friends",
					Author: "Mira Solberg", Published: time.Date(2023, 3, 4, 14, 15, 0, 0, time.UTC),
					Text: "Residents voted on Saturday to keep the ferry.\n\nIt carries 300 passengers a day.", Origin: rssURL,
				},
				{
					ID: hashID(library), Title: "Library hours extended", URL: library, Source: "Valley Courier & Friends",
					Author: "News Desk", Published: time.Date(2023, 3, 5, 7, 0, 0, 0, time.UTC),
					Text: "The library will open until 9 pm on weekdays.", Origin: rssURL,
				},
				{
					ID: hashID(brief), Title: "Headline only item", URL: brief, Source: "Valley Courier & Friends",
					Text: "Headline only item", Origin: rssURL,
				},
			},
			skips: []Skip{{Source: "feed.rss", Reason: "item 4: no title, link or text"}},
		},
		{
			name:   "atom",
			file:   "feed.atom",
			data:   readTestdata(t, "testdata/feeds/atom.xml"),
			origin: atomURL,
			want: []byline.Article{
				{
					ID: hashID(orchard), Title: "Orchard harvest breaks records", URL: orchard, Source: "Northern Ledger",
					Author: "Jon Aas, Lena Dahl", Published: time.Date(2023, 9, 21, 7, 0, 0, 0, time.UTC),
					Text: "Apple growers picked more fruit this autumn than in any year since records began.\n\nPrices may fall.", Origin: atomURL,
				},
				{
					// No link: the entry's own id names it, the feed is its URL.
					ID: hashID("tag:ledger.example.org,2023:frost"), Title: "Frost expected", URL: atomURL, Source: "Northern Ledger",
					Published: time.Date(2023, 9, 23, 16, 30, 0, 0, time.UTC), Text: "Night frost is expected in the hills.", Origin: atomURL,
				},
			},
		},
		{
			name: "rss 1.0 declared ISO-8859-1",
			file: "old.rdf",
			data: readTestdata(t, "testdata/feeds/rss1.rdf"),
			want: []byline.Article{{
				ID: hashID("https://old.example.com/cafe-reopens"), Title: "Café reopens", URL: "https://old.example.com/cafe-reopens",
				Source: "Old Gazette", Published: day(2003, 5, 1), Text: "The corner café reopened this week.", Origin: "old.rdf",
			}},
		},
		{
			name:  "xml that is not a feed",
			file:  "sitemap.xml",
			data:  `<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>`,
			skips: []Skip{{Source: "sitemap.xml", Reason: "not an RSS, Atom or JSON feed (root element <urlset>)"}},
		},
		{
			name:  "broken xml",
			file:  "broken.rss",
			data:  `<rss><channel><item><title>x</title></item>`,
			skips: []Skip{{Source: "broken.rss", Reason: "invalid feed XML: XML syntax error on line 1: unexpected EOF"}},
		},
		{
			name:  "no items",
			file:  "empty.rss",
			data:  `<rss version="2.0"><channel><title>Quiet</title></channel></rss>`,
			skips: []Skip{{Source: "empty.rss", Reason: "feed has no items"}},
		},
	})
}
