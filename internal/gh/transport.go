package gh

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Defaults for Options. GitHub asks integrations to leave at least a second
// between mutating requests, and to wait at least a minute after a secondary
// rate limit that gives no Retry-After.
const (
	DefaultWriteInterval = time.Second
	// DefaultMaxRetries bounds the tries after a 5xx or a lost connection.
	DefaultMaxRetries = 4
	// DefaultMaxWait is the longest wait for a rate limit to lift; a
	// primary limit that resets later stops the run instead.
	DefaultMaxWait = 10 * time.Minute

	secondaryDefaultWait  = time.Minute
	backoffBase           = time.Second
	backoffCap            = 30 * time.Second
	resetBuffer           = time.Second
	writeIntervalVariable = "ROADMAP_WRITE_INTERVAL"
	maxSecondaryWaits     = 5
	maxPrimaryWaits       = 1
)

// ParseWriteInterval reads ROADMAP_WRITE_INTERVAL's value: a Go duration
// such as 0, 250ms or 1s; "" means the default.
func ParseWriteInterval(s string) (time.Duration, error) {
	if strings.TrimSpace(s) == "" {
		return DefaultWriteInterval, nil
	}
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%s=%q is not a duration like 0, 250ms or 1s", writeIntervalVariable, s)
	}
	return d, nil
}

// WriteIntervalFromEnv is ParseWriteInterval of ROADMAP_WRITE_INTERVAL.
func WriteIntervalFromEnv(getenv func(string) string) (time.Duration, error) {
	return ParseWriteInterval(getenv(writeIntervalVariable))
}

// Sleeper waits d or until ctx ends. Tests pass one that records the wait
// and returns at once.
type Sleeper func(ctx context.Context, d time.Duration) error

// Sleep is the real Sleeper: a timer that ctx can cut short.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// patient is the transport under go-github: it paces writes, and rides
// out rate limits and server faults before go-github sees an answer.
//
// It is written here rather than taken from go-retryablehttp or go-retry
// because both sleep on real timers with no way to pass a clock in, and
// neither knows GitHub's 403 secondary limit; the pacing itself is
// golang.org/x/time/rate's limiter, driven by the injected clock.
type patient struct {
	next       http.RoundTripper
	now        func() time.Time
	sleep      Sleeper
	maxRetries int
	maxWait    time.Duration

	mu      sync.Mutex // one write at a time, paced
	limiter *rate.Limiter

	countRead, countWrite func()
}

func isWrite(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

func (t *patient) RoundTrip(req *http.Request) (*http.Response, error) {
	write := isWrite(req.Method)
	if write {
		// Writes are sent one at a time, whatever the caller does.
		t.mu.Lock()
		defer t.mu.Unlock()
	}
	ctx := req.Context()
	faults, secondary, primary := 0, 0, 0
	for {
		if write {
			r := t.limiter.ReserveN(t.now(), 1)
			if err := t.sleep(ctx, r.DelayFrom(t.now())); err != nil {
				return nil, err
			}
		}
		attempt, err := rewind(req)
		if err != nil {
			return nil, err
		}
		if write {
			t.countWrite()
		} else {
			t.countRead()
		}
		resp, err := t.next.RoundTrip(attempt)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			// A write that got no answer may have been performed: only an
			// idempotent one is sent again here; the caller checks a POST.
			if req.Method == http.MethodPost || faults >= t.maxRetries {
				return nil, err
			}
			if err := t.sleep(ctx, backoff(faults)); err != nil {
				return nil, err
			}
			faults++
			continue
		}
		wait, kind := t.classify(resp)
		switch kind {
		case answerFinal:
			return resp, nil
		case answerFault:
			if req.Method == http.MethodPost || faults >= t.maxRetries {
				return resp, nil
			}
			wait = backoff(faults)
			faults++
		case answerSecondary:
			if secondary >= maxSecondaryWaits || wait > t.maxWait {
				return resp, nil
			}
			secondary++
		case answerPrimary:
			if primary >= maxPrimaryWaits || wait > t.maxWait {
				return resp, nil
			}
			primary++
		}
		drain(resp)
		if err := t.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

type answer int

const (
	answerFinal answer = iota
	answerFault
	answerSecondary
	answerPrimary
)

// classify says whether an answer is final, and if not how long to wait
// before asking again. A rate-limit answer performed nothing, so any
// request may be sent again after it.
func (t *patient) classify(resp *http.Response) (time.Duration, answer) {
	switch code := resp.StatusCode; {
	case code == http.StatusForbidden || code == http.StatusTooManyRequests:
		body := peek(resp)
		h := resp.Header
		if ra := h.Get("Retry-After"); ra != "" {
			if secs, err := strconv.Atoi(strings.TrimSpace(ra)); err == nil && secs > 0 {
				return time.Duration(secs) * time.Second, answerSecondary
			}
		}
		if h.Get("X-RateLimit-Remaining") == "0" {
			if reset, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err == nil {
				wait := time.Unix(reset, 0).Sub(t.now()) + resetBuffer
				return max(wait, 0), answerPrimary
			}
		}
		if code == http.StatusTooManyRequests || strings.Contains(strings.ToLower(body), "secondary rate limit") {
			return secondaryDefaultWait, answerSecondary
		}
		return 0, answerFinal
	case code == http.StatusInternalServerError, code == http.StatusBadGateway,
		code == http.StatusServiceUnavailable, code == http.StatusGatewayTimeout:
		return 0, answerFault
	}
	return 0, answerFinal
}

// backoff is 1s, 2s, 4s … capped at 30s; the caller bounds the tries.
func backoff(n int) time.Duration {
	d := backoffBase << n
	if d <= 0 || d > backoffCap {
		return backoffCap
	}
	return d
}

// rewind returns req ready to send again, with a fresh body.
func rewind(req *http.Request) (*http.Request, error) {
	if req.Body == nil || req.GetBody == nil {
		return req, nil
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, fmt.Errorf("resending %s %s: %w", req.Method, req.URL.Path, err)
	}
	r := req.Clone(req.Context())
	r.Body = body
	return r, nil
}

// peek reads a small answer's body and puts it back for go-github.
func peek(resp *http.Response) string {
	if resp.Body == nil {
		return ""
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	if err != nil {
		return ""
	}
	return string(b)
}

func drain(resp *http.Response) {
	if resp.Body != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
	}
}
