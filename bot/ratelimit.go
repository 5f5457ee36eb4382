package bot

import (
	"math"
	"sync"
	"time"
)

// bucketsLimit bounds the buckets kept per scope; full (idle) buckets are
// dropped first when it is reached.
const bucketsLimit = 10000

// tokenBucket is one user's or guild's allowance.
type tokenBucket struct {
	tokens float64
	last   time.Time
}

// bucketSet is a token bucket per key: ratePerMinute tokens refill each
// minute, up to burst. A rate of zero or less means unlimited.
type bucketSet struct {
	ratePerMinute float64
	burst         float64
	buckets       map[string]*tokenBucket
}

func newBucketSet(ratePerMinute float64, burst int) *bucketSet {
	return &bucketSet{ratePerMinute: ratePerMinute, burst: float64(burst), buckets: map[string]*tokenBucket{}}
}

// level returns key's tokens at now, refilled, without taking any.
func (s *bucketSet) level(key string, now time.Time) float64 {
	b, ok := s.buckets[key]
	if !ok {
		return s.burst
	}
	elapsed := now.Sub(b.last).Minutes()
	if elapsed < 0 {
		elapsed = 0
	}
	return math.Min(s.burst, b.tokens+elapsed*s.ratePerMinute)
}

// wait returns how long until key has a whole token (0 if it has one).
func (s *bucketSet) wait(key string, now time.Time) time.Duration {
	if s.ratePerMinute <= 0 || key == "" {
		return 0
	}
	lvl := s.level(key, now)
	if lvl >= 1 {
		return 0
	}
	return time.Duration((1 - lvl) / s.ratePerMinute * float64(time.Minute))
}

func (s *bucketSet) take(key string, now time.Time) {
	if s.ratePerMinute <= 0 || key == "" {
		return
	}
	lvl := s.level(key, now)
	if _, ok := s.buckets[key]; !ok && len(s.buckets) >= bucketsLimit {
		s.prune(now)
	}
	s.buckets[key] = &tokenBucket{tokens: lvl - 1, last: now}
}

// prune drops the buckets that have refilled completely: forgetting them
// changes nothing.
func (s *bucketSet) prune(now time.Time) {
	for k := range s.buckets {
		if s.level(k, now) >= s.burst {
			delete(s.buckets, k)
		}
	}
}

// limiter applies the per-user and per-guild token buckets together: a
// request takes a token from both or from neither.
type limiter struct {
	mu    sync.Mutex
	user  *bucketSet
	guild *bucketSet
}

func newLimiter(c Config) *limiter {
	return &limiter{
		user:  newBucketSet(c.UserRatePerMinute, c.UserBurst),
		guild: newBucketSet(c.GuildRatePerMinute, c.GuildBurst),
	}
}

// allow takes a token for userID and guildID (empty in DMs) and returns 0, or
// takes nothing and returns how long to wait and which scope refused.
func (l *limiter) allow(userID, guildID string, now time.Time) (retryAfter time.Duration, scope limitScope) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if w := l.user.wait(userID, now); w > 0 {
		return w, scopeUser
	}
	if w := l.guild.wait(guildID, now); w > 0 {
		return w, scopeGuild
	}
	l.user.take(userID, now)
	l.guild.take(guildID, now)
	return 0, ""
}

// retryText says how long to wait, rounded up to whole seconds.
func retryText(d time.Duration) string {
	s := int(math.Ceil(d.Seconds()))
	if s < 1 {
		s = 1
	}
	return msgRetryPrefix + ": try again in " + itoa(s) + " s."
}

const msgRetryPrefix = "You're asking faster than I can answer"
