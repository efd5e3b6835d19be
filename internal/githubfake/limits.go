package githubfake

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// GitHub's limits beyond the simple ones in fake.go, each as GitHub answers it.
//
//	f.LimitRemaining(n, reset)   // the next n requests succeed, the n-th answering x-ratelimit-remaining: 0
//	f.PrimaryStatus(429)         // the status of an exhausted primary limit (403 by default)
//	f.AbuseNext(n)               // the old "abuse detection mechanism" 403, without Retry-After
//	f.ContentLimit(n, retryAfter) // at most n content-creating writes an hour
//	f.Connections() int          // TCP connections the server accepted

// LimitRemaining starts a primary rate-limit window in which the next n requests succeed, the n-th
// answering x-ratelimit-remaining: 0 with a success, as GitHub does for the last request of a
// window; requests after it answer the primary limit until reset.
// https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#checking-the-status-of-your-rate-limit
func (f *Fake) LimitRemaining(n int, reset time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rateUsed = max(rateLimit-n, 0)
	f.rateReset = reset.UTC().Truncate(time.Second)
}

// PrimaryStatus sets the status an exhausted primary limit answers: 403 (the default) or 429.
// "If you exceed your primary rate limit, you will receive a 403 or 429 response, and the
// x-ratelimit-remaining header will be 0." (docs: rate limits for the REST API)
func (f *Fake) PrimaryStatus(status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.primaryStatus = status
}

// AbuseNext makes the next n requests answer the older secondary limit: 403 "You have triggered an
// abuse detection mechanism…", with the #abuse-rate-limits documentation link and no Retry-After,
// as older GitHub Enterprise Servers still do.
func (f *Fake) AbuseNext(n int) {
	f.addFault(&fault{remaining: n, status: http.StatusForbidden, abuse: true})
}

func abuseAnswer() response {
	return response{status: http.StatusForbidden, body: map[string]any{
		"message":           "You have triggered an abuse detection mechanism. Please wait a few minutes before you try again.",
		"documentation_url": "https://developer.github.com/v3/#abuse-rate-limits",
	}}
}

// ContentLimit caps content-creating requests (writes) at n in any hour, as GitHub's secondary limits
// do ("no more than 500 content-generating requests per hour" on github.com). A write past the cap
// answers 403 with the secondary-rate-limit message, with a Retry-After of the seconds until the
// oldest write of the hour leaves the window when retryAfter is true, without one otherwise.
// n <= 0 removes the cap.
func (f *Fake) ContentLimit(n int, retryAfter bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.contentCap, f.contentRetry = n, retryAfter
}

// contentCapped answers a write past the hourly content cap; f.mu is held.
func (f *Fake) contentCapped(now time.Time) (response, bool) {
	if f.contentCap <= 0 {
		return response{}, false
	}
	hourAgo := now.Add(-time.Hour)
	i := 0
	for i < len(f.contentLog) && !f.contentLog[i].After(hourAgo) {
		i++
	}
	f.contentLog = f.contentLog[i:]
	if len(f.contentLog) < f.contentCap {
		return response{}, false
	}
	h := http.Header{}
	if f.contentRetry {
		wait := f.contentLog[0].Add(time.Hour).Sub(now)
		h.Set("Retry-After", strconv.Itoa(max(int(wait.Seconds()+0.999), 1)))
	}
	return response{status: http.StatusForbidden, header: h, body: map[string]any{
		"message": "You have exceeded a secondary rate limit and have been temporarily blocked from content creation. " +
			"Please retry your request again later. If you reach out to GitHub Support for help, please include the request ID " +
			fmt.Sprintf("F4KE:%04X:%06X.", f.seq%0x10000, f.seq),
		"documentation_url": docSecondary,
	}}, true
}

// Connections is the number of TCP connections the server has accepted.
func (f *Fake) Connections() int { return int(f.conns.Load()) }
