package ingest

import (
	"strings"
	"testing"
	"time"

	"github.com/byline-bot/byline/internal/text"
)

func TestCleanText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"crlf and cr", "a\r\nb\rc", "a\nb\nc"},
		{"bom", "\ufeffHello", "Hello"},
		{"runs of spaces", "a  \t b\u00a0\u00a0c", "a b c"},
		{"paragraph breaks kept, extra blank lines collapsed", "p1\n\n\n\n  p2  \n \n p3", "p1\n\np2\n\np3"},
		{"trim", "  \n\n text \n\n ", "text"},
		{"control characters dropped", "a\x00b\x07c\u200bd", "abcd"},
		{"invalid utf-8 replaced", "a\xffb", "a\ufffdb"},
		{"only spaces", " \t\n ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanText(tt.in); got != tt.want {
				t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTitleFromURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.cnn.com/2022/06/12/media/squid-game-season-2/index.html", "Squid game season 2"},
		{"https://www.example.com/2022/06/12/asia/volcano-erupts-again-intl-hnk/index.html", "Volcano erupts again"},
		{"https://www.example.com/story/news/2022/06/15/city-council-votes-budget/7631234001/", "City council votes budget"},
		{"https://example.com/a/b/lightning-cable-news/index.html#:~:text=Some%20text", "Lightning cable news"},
		{"https://example.com/news/storm%20hits%20coast", "Storm hits coast"},
		{"https://example.com/politics/", ""},             // one word: a section, not a title
		{"https://example.com/2022/06/12/index.html", ""}, // nothing but dates and index
		{"seeds/000_4ebca540514b2b37.txt", ""},
		{"notes/river-cleanup-report.md", "River cleanup report"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := titleFromURL(tt.in); got != tt.want {
				t.Errorf("titleFromURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFirstSentence(t *testing.T) {
	long := "The committee met on Tuesday afternoon to discuss the proposed changes to the regional transport plan and the bus routes that serve the valley towns every day"
	tests := []struct{ name, in, want string }{
		{"first sentence", "The river rose. Then it fell.", "The river rose"},
		{"abbreviation", "Dr. Lee spoke to the U.S. Senate. Then she left.", "Dr. Lee spoke to the U.S. Senate"},
		{"question kept", "Is it over? Nobody knows.", "Is it over?"},
		{"v.", "Roe v. Wade was overturned on Friday. Protests followed.", "Roe v. Wade was overturned on Friday"},
		{"p.m. and initial", "Polls closed at 8 p.m. Tuesday in John F. Kennedy's home state. Turnout was high.",
			"Polls closed at 8 p.m. Tuesday in John F. Kennedy's home state"},
		{"dotted abbreviation at the end", "Griner returned to the U.S. The team welcomed her.", "Griner returned to the U.S."},
		{"dateline skipped", "Springfield Gazette —\n\nThe mayor resigned on Friday. More later.", "The mayor resigned on Friday"},
		{"long cut at a word", long, "The committee met on Tuesday afternoon to discuss the proposed changes to the regional transport plan and the bus…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := firstSentence(tt.in)
			if got != tt.want {
				t.Errorf("firstSentence = %q, want %q", got, tt.want)
			}
			if n := len([]rune(got)); n > maxTitle {
				t.Errorf("title has %d characters, want <= %d", n, maxTitle)
			}
		})
	}
}

// TestTitleIsRetrievalsFirstSentence guards the one splitter: an article's
// title taken from its text is the first sentence retrieval chunks and
// quotes by, abbreviations and all.
func TestTitleIsRetrievalsFirstSentence(t *testing.T) {
	for _, in := range []string{
		"The Supreme Court overturned Roe v. Wade on Friday. Protests followed.",
		"U.S. Secretary of State Antony Blinken spoke with Russian Foreign Minister Sergey Lavrov. It was their first call.",
		"The committee investigating the Jan. 6 attack met at 8 p.m. Thursday. Nine members attended.",
		"Sen. Joe Manchin and Gov. Jim Justice spoke at St. Albans. Both are Democrats, once.",
		"Apple Inc. Chief Executive Tim Cook said the No. 1 priority is privacy. Shares rose.",
		"Dr. Rochelle Walensky spoke at 10 a.m. The briefing was brief.",
	} {
		spans := text.Sentences(in)
		want := in[spans[0][0]:spans[0][1]]
		if got := firstSentence(in); got != strings.TrimSuffix(want, ".") && got != want {
			t.Errorf("title %q, but retrieval's first sentence is %q", got, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2022-06-12", utc(2022, 6, 12, 0, 0)},
		{"2022/06/16", utc(2022, 6, 16, 0, 0)},
		{"2022-06-12T10:30:00Z", utc(2022, 6, 12, 10, 30)},
		{"2022-06-12T10:30:00.123+02:00", time.Date(2022, 6, 12, 10, 30, 0, 123e6, time.FixedZone("", 2*3600))},
		{"Sun, 12 Jun 2022 10:30:00 GMT", utc(2022, 6, 12, 10, 30)},
		{"Sun, 12 Jun 2022 10:30:00 +0000", utc(2022, 6, 12, 10, 30)},
		{"Sun, 5 Jun 2022 10:30:00 +0000", utc(2022, 6, 5, 10, 30)},
		{"June 12, 2022", utc(2022, 6, 12, 0, 0)},
		{"2022-06-12T10:30:00 local time", utc(2022, 6, 12, 0, 0)},
		{"Sun, 12 Jun 2022 10:30:00 Eastern", utc(2022, 6, 12, 0, 0)},
		{"yesterday", time.Time{}},
		{"", time.Time{}},
		{"0001-01-01", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := parseDate(tt.in)
			if !got.Equal(tt.want) {
				t.Errorf("parseDate(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestHashIDMatchesCorpusConvention(t *testing.T) {
	// The evaluation corpus derives its ids as sha1(url)[:16].
	got := hashID("https://www.cnn.com/2022/06/12/media/squid-game-season-2/index.html")
	if want := "5b14cd16b6feede5"; got != want {
		t.Errorf("hashID = %s, want %s", got, want)
	}
}

func TestContentCharset(t *testing.T) {
	for in, want := range map[string]string{
		"text/html; charset=windows-1251":     "windows-1251",
		"text/html; charset='windows-1251'":   "windows-1251",
		`text/html; charset="koi8-r"; x=y`:    "koi8-r",
		"charset=x":                           "x",
		"text/html;; CHARSET = gbk ":          "gbk",
		"text/html":                           "",
		"text/html; charsetx; charset=euc-kr": "euc-kr",
		`text/html; charset="unclosed`:        "",
	} {
		if got := contentCharset(in); got != want {
			t.Errorf("contentCharset(%q) = %q, want %q", in, got, want)
		}
	}
}
