package retrieval

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// period is a time range named in a question, [From, To).
type period struct {
	From, To time.Time
	// Explicit is true when the question names a calendar period ("in 2016",
	// "in May 2014") rather than a span relative to now ("this week"): the
	// past it names may lie years before now.
	Explicit bool
	// Current is true for the current year ("2022" asked in 2022, "this
	// year"): it bounds what can answer but adds nothing to the recency prior.
	Current bool
}

const months = `january|february|march|april|may|june|july|august|september|october|november|december|` +
	`jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec`

var (
	reYear = regexp.MustCompile(`\b(19[5-9]\d|20[0-4]\d)\b`)
	// "May 2014", "May 6, 2014", "Jan. 6 2021".
	reMonthYear = regexp.MustCompile(`(?i)\b(` + months + `)\.?\s+(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?(19[5-9]\d|20[0-4]\d)\b`)
	// "in March", "early June" (no year: the latest such month up to now).
	// "may" alone is a verb too often; it needs "in" or a day number.
	reInMonth = regexp.MustCompile(`(?i)\b(?:in|during|since|early|late|mid-?|last)\s+(january|february|march|april|may|june|july|august|september|october|november|december)\b(?:\s+(\d{1,2})\b)?`)
	// Relative spans; the matched words are about time, not topic, and are
	// left out of the search terms.
	reRelative = regexp.MustCompile(`(?i)\b(?:(this|last|past|next|earlier\s+this|later\s+this|this\s+past)\s+(week|weekend|month|year)|(yesterday|today|tonight|recently|recent|latest|this\s+morning)|(?:on\s+|last\s+|this\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b`)
)

var monthNames = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
	"june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
	"october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

// parsePeriod finds the time a question is about, relative to asOf. It
// returns nil when the question names no time: then the recency prior
// alone applies. "since 2008" starts a span that runs to now and names no
// period.
func parsePeriod(q string, asOf time.Time) *period {
	day := time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, time.UTC)
	for _, m := range reMonthYear.FindAllStringSubmatchIndex(q, -1) {
		if startsSpan(q, m[0]) {
			continue
		}
		y, _ := strconv.Atoi(q[m[6]:m[7]])
		from := time.Date(y, monthNames[strings.ToLower(q[m[2]:m[3]])], 1, 0, 0, 0, 0, time.UTC)
		if m[4] >= 0 {
			if d, _ := strconv.Atoi(q[m[4]:m[5]]); d >= 1 && d <= 31 {
				// A named day: reports follow the event by days to weeks.
				at := from.AddDate(0, 0, d-1)
				return &period{From: at.AddDate(0, 0, -1), To: at.AddDate(0, 0, 21), Explicit: true}
			}
		}
		return &period{From: from, To: from.AddDate(0, 1, 7), Explicit: true}
	}
	// The current year, named, is kept for when nothing more specific is.
	var current *period
	thisYear := func() *period {
		from := time.Date(asOf.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		return &period{From: from, To: day.AddDate(0, 0, 1), Explicit: true, Current: true}
	}
	relative := reRelative.MatchString(q)
	for _, m := range reYear.FindAllStringIndex(q, -1) {
		if startsSpan(q, m[0]) {
			continue
		}
		y, _ := strconv.Atoi(q[m[0]:m[1]])
		if y > asOf.Year() {
			// A later year names a plan ("the merger will close in
			// 2024"), not when the news came out.
			continue
		}
		if relative && names(q, m[1]) {
			// "the 2012 Sandy Hook lawsuits this week": the year names the
			// event the news is about; the week says when the news is.
			continue
		}
		if y == asOf.Year() {
			current = thisYear()
			continue
		}
		from := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		return &period{From: from, To: from.AddDate(1, 0, 14), Explicit: true}
	}
	if m := reInMonth.FindStringSubmatchIndex(q); m != nil && !strings.HasPrefix(strings.ToLower(q[m[0]:]), "since") {
		mon := monthNames[strings.ToLower(q[m[2]:m[3]])]
		y := asOf.Year()
		if mon > asOf.Month() {
			y--
		}
		from := time.Date(y, mon, 1, 0, 0, 0, 0, time.UTC)
		return &period{From: from, To: from.AddDate(0, 1, 7), Explicit: true}
	}
	for _, m := range reRelative.FindAllStringSubmatch(q, -1) {
		which := strings.Join(strings.Fields(strings.ToLower(m[1])), " ")
		switch unit := strings.ToLower(m[2]); {
		case unit == "week" || unit == "weekend":
			switch which {
			case "next":
				return &period{From: day.AddDate(0, 0, -3), To: day.AddDate(0, 0, 1)}
			case "last":
				return &period{From: day.AddDate(0, 0, -14), To: day.AddDate(0, 0, 1)}
			default:
				return &period{From: day.AddDate(0, 0, -7), To: day.AddDate(0, 0, 1)}
			}
		case unit == "month":
			if which == "last" {
				return &period{From: day.AddDate(0, -2, 0), To: day.AddDate(0, 0, 1)}
			}
			return &period{From: day.AddDate(0, -1, 0), To: day.AddDate(0, 0, 1)}
		case unit == "year" && which == "last":
			return &period{From: time.Date(asOf.Year()-1, 1, 1, 0, 0, 0, 0, time.UTC), To: day.AddDate(0, 0, 1), Explicit: true}
		case unit == "year" && which != "next":
			current = thisYear()
			continue
		}
		switch w := strings.ToLower(m[3]); w {
		case "yesterday":
			return &period{From: day.AddDate(0, 0, -2), To: day.AddDate(0, 0, 1)}
		case "today", "tonight":
			return &period{From: day.AddDate(0, 0, -1), To: day.AddDate(0, 0, 1)}
		}
		if wd, ok := weekdays[strings.ToLower(m[4])]; ok {
			back := (int(day.Weekday()) - int(wd) + 7) % 7
			at := day.AddDate(0, 0, -back)
			return &period{From: at.AddDate(0, 0, -1), To: at.AddDate(0, 0, 2)}
		}
	}
	return current
}

// startsSpan reports whether the time expression at q[i:] starts a span
// that runs to now: "since 2008", "after the 2020 election", "following
// the 2019 crash". Such a span names no period to look in.
func startsSpan(q string, i int) bool {
	return reSpanStart.MatchString(q[:i])
}

// reSpanStart matches the words before a date that make it the start of a
// span to now.
var reSpanStart = regexp.MustCompile(`(?i)\b(?:since|after|following|from)\s+(?:the\s+|a\s+|its\s+|their\s+)?$`)

// names reports whether the year ending at q[end:] modifies the noun after
// it ("the 2012 massacre", "2020 election"): it names an event.
func names(q string, end int) bool {
	rest := strings.TrimLeft(q[end:], " ")
	if rest == "" {
		return false
	}
	r := rest[0]
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

// afterNow reports whether an article published at pub came out after
// asOf, "now". Dates without a time of day are midnight: an article dated
// the day after now is after it, one dated today is not.
func afterNow(pub, asOf time.Time) bool {
	if pub.IsZero() {
		return false
	}
	y, m, d := asOf.Date()
	return !pub.Before(time.Date(y, m, d+1, 0, 0, 0, 0, asOf.Location()))
}

// before reports whether an article published at pub came out before the
// period the question asks about (allowing a few days for dates that are
// off by time zones or a late update): it cannot report what happened then.
func (p *period) before(pub time.Time) bool {
	return p != nil && !pub.IsZero() && pub.Before(p.From.AddDate(0, 0, -3))
}

// stripTimeWords removes the relative time expressions ("this week",
// "recently", "on Tuesday") from a question: they say when, which the time
// prior handles, and as search terms they only match articles that happen
// to use the same words.
func stripTimeWords(q string) string {
	return reRelative.ReplaceAllString(q, " ")
}

// prior weighs article i by when it was published relative to now and to a
// period the question names. A calendar period the question names lifts
// its articles to full weight however old they are, so that "the 2016 Tour
// de France" finds 2016 articles years later.
func (ix *Index) prior(i int, asOf time.Time, per *period) float64 {
	pub := ix.docs[i].Published
	if pub.IsZero() {
		return 0.5
	}
	if afterNow(pub, asOf) {
		return weights.Future
	}
	age := max(asOf.Sub(pub).Hours()/24, 0)
	if per == nil || per.Current {
		return recency(age)
	}
	if !pub.Before(per.From) && pub.Before(per.To) {
		return 1
	}
	if per.Explicit {
		return recency(age) * weights.OutOfPeriod
	}
	return recency(age)
}

// recency is the prior for an article age days old: full weight for the
// first RecencyPlateau days, then halving every RecencyHalfLife days down
// to RecencyFloor.
func recency(age float64) float64 {
	age = math.Max(age-weights.RecencyPlateau, 0)
	p := math.Pow(0.5, age/weights.RecencyHalfLife)
	return weights.RecencyFloor + (1-weights.RecencyFloor)*p
}
