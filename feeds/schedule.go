package feeds

import (
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// slotOffset is a source's fixed place within its interval: polls of many
// sources spread over the interval instead of bursting at start-up.
func slotOffset(rawURL string, every time.Duration) time.Duration {
	h := fnv.New64a()
	h.Write([]byte(normalizeSourceURL(rawURL)))
	return time.Duration(h.Sum64() % uint64(every))
}

// slotAtOrAfter returns the first time at or after t that falls on the
// source's slot (offset + k*every since the Unix epoch).
func slotAtOrAfter(t time.Time, every, offset time.Duration) time.Time {
	e, o := int64(every), int64(offset)
	n := t.UnixNano() - o
	k := n / e
	if n%e != 0 && n > 0 {
		k++
	} else if n < 0 {
		k = -((-n) / e)
	}
	return time.Unix(0, k*e+o).In(t.Location())
}

// serverWait is how long the server asks not to be polled again: the
// longest of Retry-After, Cache-Control max-age (s-maxage is for shared
// caches; no-store and no-cache ask nothing of a poller), Expires and the
// feed's <ttl>. Zero when it asks nothing.
func serverWait(h http.Header, ttl time.Duration, now time.Time) time.Duration {
	wait := ttl
	if d := retryAfter(h, now); d > wait {
		wait = d
	}
	maxAge, hasMaxAge := cacheMaxAge(h.Get("Cache-Control"))
	if hasMaxAge {
		// Age says how long a cache in between already held the response.
		if age, err := strconv.Atoi(strings.TrimSpace(h.Get("Age"))); err == nil && age > 0 {
			maxAge -= time.Duration(age) * time.Second
		}
		if maxAge > wait {
			wait = maxAge
		}
	} else if exp := h.Get("Expires"); exp != "" {
		// Expires counts only without max-age (RFC 9111 5.3), against the
		// server's own Date when it gives one (clocks differ).
		if t, err := http.ParseTime(exp); err == nil {
			base := now
			if d, err := http.ParseTime(h.Get("Date")); err == nil {
				base = d
			}
			if d := t.Sub(base); d > wait {
				wait = d
			}
		}
	}
	return wait
}

// retryAfter reads Retry-After: seconds or an HTTP date.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return t.Sub(now)
	}
	return 0
}

// cacheMaxAge reads max-age from Cache-Control.
func cacheMaxAge(cc string) (time.Duration, bool) {
	for _, part := range strings.Split(cc, ",") {
		name, val, _ := strings.Cut(strings.TrimSpace(part), "=")
		if strings.EqualFold(strings.TrimSpace(name), "max-age") {
			n, err := strconv.Atoi(strings.Trim(strings.TrimSpace(val), `"`))
			if err == nil && n >= 0 {
				return time.Duration(n) * time.Second, true
			}
		}
	}
	return 0, false
}

// backoff is the wait after the n-th consecutive failure: the interval,
// doubled at each further failure, at most limit.
func backoff(every time.Duration, n int, limit time.Duration) time.Duration {
	d := every
	for i := 1; i < n && d < limit; i++ {
		d *= 2
	}
	return min(d, limit)
}
