package answer

import (
	"regexp"
	"strings"

	"github.com/byline-bot/byline/internal/text"
)

// reportedOnItsDate reports whether sentence s, which opens with its page's
// date ("Oct 19, 2021 ... "), reports the asked event as just done, in the
// present perfect ("Google has officially announced its new Pixel 6"): news
// reports an announcement or a release on its day, so the page's date,
// quoted with the sentence, dates the event. body is s without the date.
// A sentence in another tense ("will release", "announced last year") or
// without the date says nothing of when.
func (a Asked) reportedOnItsDate(s, body string) bool {
	if stripDateline(s) == s || len(a.Predicate) == 0 {
		return false
	}
	words := text.Words(body)
	for i, w := range words {
		if w != "has" && w != "have" {
			continue
		}
		// "has announced", "has officially announced", "have now released".
		for j := i + 1; j < len(words) && j <= i+2; j++ {
			if statesPredicate(words[j], a.Predicate) && strings.HasSuffix(words[j], "ed") {
				return true
			}
			if !strings.HasSuffix(words[j], "ly") && words[j] != "now" && words[j] != "just" && words[j] != "finally" {
				break
			}
		}
	}
	return false
}

var monthWords = monthNames()

func monthNames() map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range strings.Split(`january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec`, "|") {
		m[w] = struct{}{}
	}
	return m
}

var weekdayWords = map[string]bool{"monday": true, "tuesday": true, "wednesday": true, "thursday": true,
	"friday": true, "saturday": true, "sunday": true}

var (
	// reDate matches a stated date: a month (with or without a day), a
	// year, a season of a year, a holiday ("on Christmas Day"), or a relative
	// day or month.
	reDate = regexp.MustCompile(`(?i)\b(?:(?:january|february|march|april|may|june|july|august|september|october|november|december)\b|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\s+\d|(?:19|20)\d\d\b|\d{1,2}/\d{1,2}/\d{2,4}|(?:next|this|last|early|later this|late)\s+(?:week|month|year|spring|summer|fall|autumn|winter)|tomorrow|today|tonight|on (?:christmas(?: day| eve)?|new year's (?:day|eve)|thanksgiving(?: day)?|easter(?: sunday)?)\b|(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))`)
	// reDateline matches the date that heads a search snippet or a wire
	// story ("Jul 2, 2019 ... "): the page's date, not the event's.
	reDateline = regexp.MustCompile(`^\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4})\s*(?:\.\.\.|…|—|–|-)\s*`)
)

// statesDate reports whether s states a date.
func statesDate(s string) bool { return reDate.MatchString(s) }

// stripDateline drops a leading page date from s.
func stripDateline(s string) string {
	if m := reDateline.FindStringIndex(s); m != nil {
		return s[m[1]:]
	}
	return s
}
