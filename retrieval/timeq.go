package retrieval

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// period is a time range named in a question, [From, To).
type period struct {
	From, To time.Time
	// Explicit is true when the question names a calendar period ("in 2016",
	// "in May 2014") rather than a span relative to now ("last week").
	Explicit bool
}

var (
	reYear      = regexp.MustCompile(`\b(19[5-9]\d|20[0-4]\d)\b`)
	reMonthYear = regexp.MustCompile(`(?i)\b(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?,?\s+(19[5-9]\d|20[0-4]\d)\b`)
	reInMonth   = regexp.MustCompile(`(?i)\b(?:in|during|since|on|early|late|mid-?)\s+(january|february|march|april|june|july|august|september|october|november|december)\b`)
)

var monthNames = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
	"june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
	"october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

// parsePeriod finds the time a question is about, relative to asOf. It
// returns nil when the question names no time: then a recency prior applies.
func parsePeriod(q string, asOf time.Time) *period {
	day := asOf.Truncate(24 * time.Hour)
	lower := strings.ToLower(q)
	if m := reMonthYear.FindStringSubmatch(q); m != nil {
		y, _ := strconv.Atoi(m[2])
		from := time.Date(y, monthNames[strings.ToLower(m[1])], 1, 0, 0, 0, 0, time.UTC)
		return &period{From: from, To: from.AddDate(0, 1, 7), Explicit: true}
	}
	// A year other than the current one names a past (or future) period; the
	// current year says little beyond what the recency prior already does.
	for _, m := range reYear.FindAllString(q, -1) {
		y, _ := strconv.Atoi(m)
		if y == asOf.Year() {
			continue
		}
		from := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		return &period{From: from, To: from.AddDate(1, 0, 14), Explicit: true}
	}
	if m := reInMonth.FindStringSubmatch(q); m != nil {
		mon := monthNames[strings.ToLower(m[1])]
		y := asOf.Year()
		if mon > asOf.Month() {
			y--
		}
		from := time.Date(y, mon, 1, 0, 0, 0, 0, time.UTC)
		return &period{From: from, To: from.AddDate(0, 1, 7), Explicit: true}
	}
	switch {
	case strings.Contains(lower, "yesterday"):
		return &period{From: day.AddDate(0, 0, -2), To: day.AddDate(0, 0, 1)}
	case strings.Contains(lower, "today") || strings.Contains(lower, "tonight"):
		return &period{From: day.AddDate(0, 0, -1), To: day.AddDate(0, 0, 1)}
	case strings.Contains(lower, "last month"):
		return &period{From: day.AddDate(0, -2, 0), To: day.AddDate(0, 0, 1)}
	case strings.Contains(lower, "last year"):
		return &period{From: time.Date(asOf.Year()-1, 1, 1, 0, 0, 0, 0, time.UTC), To: day.AddDate(0, 0, 1), Explicit: true}
	}
	return nil
}
