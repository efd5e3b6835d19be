package gh

import (
	"bytes"
	"context"
	"errors"
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

	// DefaultAttemptTimeout bounds one request and its answer: a single
	// attempt, never the waits between attempts, which rate limits make
	// long.
	DefaultAttemptTimeout = time.Minute

	secondaryDefaultWait  = time.Minute
	backoffBase           = time.Second
	backoffCap            = 30 * time.Second
	resetBuffer           = time.Second
	writeIntervalVariable = "ROADMAP_WRITE_INTERVAL"
	maxWaitVariable       = "ROADMAP_MAX_WAIT"
	apiVariable           = "ROADMAP_API"
	maxSecondaryWaits     = 5
	maxPrimaryWaits       = 1
)

// ParseMaxWait reads ROADMAP_MAX_WAIT's value: the longest wait for a rate
// limit to lift, a Go duration such as 90s or 30m; "" means the default.
func ParseMaxWait(s string) (time.Duration, error) {
	if strings.TrimSpace(s) == "" {
		return DefaultMaxWait, nil
	}
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s=%q is not a duration like 90s or 30m", maxWaitVariable, s)
	}
	return d, nil
}

// EnvOptions reads the client settings a user may give in the environment,
// the same for the CLI and the action: ROADMAP_WRITE_INTERVAL (the pause
// between writes) and ROADMAP_MAX_WAIT (the longest wait for a rate limit).
func EnvOptions(getenv func(string) string) (Options, error) {
	interval, err := ParseWriteInterval(getenv(writeIntervalVariable))
	if err != nil {
		return Options{}, err
	}
	maxWait, err := ParseMaxWait(getenv(maxWaitVariable))
	if err != nil {
		return Options{}, err
	}
	api, err := ParseAPI(getenv(apiVariable))
	if err != nil {
		return Options{}, err
	}
	return Options{WriteInterval: interval, MaxWait: maxWait, API: api}, nil
}

// The APIs a snapshot can be read through (ROADMAP_API).
const (
	APIGraphQL = "graphql"
	APIREST    = "rest"
)

// ParseAPI reads ROADMAP_API's value: graphql (the default: GitHub's GraphQL API, REST where
// it lacks something) or rest (REST alone, as before GraphQL was used).
func ParseAPI(s string) (string, error) {
	switch v := strings.ToLower(strings.TrimSpace(s)); v {
	case "":
		return APIGraphQL, nil
	case APIGraphQL, APIREST:
		return v, nil
	}
	return "", fmt.Errorf("%s=%q is not graphql or rest", apiVariable, s)
}

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
	next           http.RoundTripper
	now            func() time.Time
	sleep          Sleeper
	maxRetries     int
	maxWait        time.Duration
	attemptTimeout time.Duration

	mu      sync.Mutex // one write at a time, paced
	limiter *rate.Limiter

	// limitMu guards what GitHub said about its limits, for each budget
	// ("core" for REST, "graphql" for GraphQL, which GitHub counts apart):
	// until exhausted, the primary limit has nothing left (a success said
	// remaining 0); until stopped, GitHub told the run to stop and nothing
	// of that budget is sent.
	limitMu sync.Mutex
	limits  map[string]*limitState

	countRead, countWrite func()
	countGraphQL          func()
}

func isWrite(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

type limitState struct {
	exhausted time.Time
	stopped   time.Time
	stopBody  string
}

// limit returns the state of a budget; t.limitMu is held.
func (t *patient) limit(resource string) *limitState {
	if t.limits == nil {
		t.limits = map[string]*limitState{}
	}
	l := t.limits[resource]
	if l == nil {
		l = &limitState{}
		t.limits[resource] = l
	}
	return l
}

func (t *patient) RoundTrip(req *http.Request) (*http.Response, error) {
	kind := graphQLKindOf(req.Context())
	// A GraphQL query is a POST that reads: it is neither paced nor
	// serialized like a write, and it may be sent again after a fault.
	write := isWrite(req.Method) && kind != graphQLQuery
	idempotent := req.Method != http.MethodPost || kind == graphQLQuery
	resource := "core"
	// equivalent mutant CONDITIONALS_NEGATION: the names only key two separate budgets; swapped, REST and GraphQL still keep apart (TestGraphQLLimits holds them apart).
	if kind != notGraphQL {
		resource = "graphql"
	}
	if write {
		// Writes are sent one at a time, whatever the caller does.
		t.mu.Lock()
		defer t.mu.Unlock()
	}
	ctx := req.Context()
	faults, secondary, primary := 0, 0, 0
	for {
		if refusal, err := t.respectLimits(req, resource); refusal != nil || err != nil {
			return refusal, err
		}
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
		if kind != notGraphQL && t.countGraphQL != nil {
			t.countGraphQL()
		}
		resp, err := t.send(attempt)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			// A write that got no answer may have been performed: only an
			// idempotent one is sent again here; the caller checks a POST.
			if !idempotent || faults >= t.maxRetries {
				return nil, err
			}
			if err := t.sleep(ctx, backoff(faults)); err != nil {
				return nil, err
			}
			faults++
			continue
		}
		wait, verdict := t.classify(resp)
		if verdict == answerFinal && kind != notGraphQL && resp.StatusCode == http.StatusOK {
			// GraphQL says its limits in a 200's errors.
			wait, verdict = t.graphQLLimitAnswer(resp)
		}
		switch verdict {
		case answerFinal:
			t.noteRemaining(resp, resource)
			return resp, nil
		case answerFault:
			if !idempotent || faults >= t.maxRetries {
				return resp, nil
			}
			wait = backoff(faults)
			faults++
		case answerSecondary:
			if secondary >= maxSecondaryWaits || wait > t.maxWait {
				t.stop(resp, wait, resource)
				return resp, nil
			}
			secondary++
		case answerPrimary:
			if primary >= maxPrimaryWaits || wait > t.maxWait {
				t.stop(resp, wait, resource)
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

// send makes one attempt, bounded by the attempt timeout: the bound covers
// the request and reading its answer (it ends when the body is closed),
// never the waits between attempts.
func (t *patient) send(req *http.Request) (*http.Response, error) {
	timeout := t.attemptTimeout
	if timeout <= 0 {
		timeout = DefaultAttemptTimeout
	}
	ctx, cancel := context.WithTimeout(req.Context(), timeout)
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		if req.Context().Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			// The attempt's own bound, not the caller's: a lost answer, which
			// the caller treats as one that may have been performed.
			return nil, fmt.Errorf("no answer within %s", timeout)
		}
		return nil, err
	}
	resp.Body = &drainingBody{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// drainingBody reads what is left of an answer before closing it, so the
// connection goes back to the pool: go-github closes without reading when
// it decodes nothing (Do(…, nil)), and each write would open a new
// connection — a new TLS handshake on github.com.
type drainingBody struct {
	io.ReadCloser
	cancel context.CancelFunc
	once   sync.Once
}

func (b *drainingBody) Close() error {
	var err error
	b.once.Do(func() {
		_, _ = io.Copy(io.Discard, io.LimitReader(b.ReadCloser, 1<<20))
		err = b.ReadCloser.Close()
		b.cancel()
	})
	return err
}

// respectLimits keeps one policy for GitHub's limits, ahead of any request:
// after a success that left the primary limit at 0 it waits for the reset
// (or, when that is further than maxWait, answers for GitHub with the limit
// it would give); after GitHub told the run to stop, nothing more is sent.
// go-github's own check (which refuses without sending, and without our
// waiting) never fires: see noteRemaining.
func (t *patient) respectLimits(req *http.Request, resource string) (*http.Response, error) {
	t.limitMu.Lock()
	l := t.limit(resource)
	exhausted, stopped, stopBody := l.exhausted, l.stopped, l.stopBody
	t.limitMu.Unlock()
	now := t.now()
	if now.Before(stopped) {
		return limitAnswer(req, stopped, stopBody), nil
	}
	if !now.Before(exhausted) {
		return nil, nil
	}
	wait := exhausted.Sub(now)
	if wait > t.maxWait {
		body := `{"message":"API rate limit exceeded: GitHub's last answer left 0 requests until the reset; not sent."}`
		t.limitMu.Lock()
		l.stopped, l.stopBody = exhausted, body
		t.limitMu.Unlock()
		return limitAnswer(req, exhausted, body), nil
	}
	// equivalent mutant CONDITIONALS_NEGATION: after a wait the reset is past, so returning before clearing it changes nothing; after a failed wait the send fails on the same ended context.
	if err := t.sleep(req.Context(), wait); err != nil {
		return nil, err
	}
	t.limitMu.Lock()
	if !l.exhausted.After(exhausted) {
		l.exhausted = time.Time{}
	}
	t.limitMu.Unlock()
	return nil, nil
}

// noteRemaining remembers a success that used the primary limit up, and
// hides its reset from go-github, whose pre-check would otherwise refuse
// the next request itself, with its own clock and no wait.
func (t *patient) noteRemaining(resp *http.Response, resource string) {
	if resp.Header.Get("X-RateLimit-Remaining") != "0" {
		return
	}
	reset, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64)
	if err != nil {
		return
	}
	t.limitMu.Lock()
	t.limit(resource).exhausted = time.Unix(reset, 0).Add(resetBuffer)
	t.limitMu.Unlock()
	resp.Header.Del("X-RateLimit-Reset")
}

// stop remembers that GitHub said stop (a limit the run won't wait out):
// until it lifts, no request of that budget is sent.
func (t *patient) stop(resp *http.Response, wait time.Duration, resource string) {
	until := t.now().Add(wait)
	if wait <= 0 {
		until = t.now().Add(secondaryDefaultWait)
	}
	body := peek(resp)
	t.limitMu.Lock()
	if l := t.limit(resource); until.After(l.stopped) {
		l.stopped, l.stopBody = until, body
	}
	t.limitMu.Unlock()
}

// limitAnswer is the 403 GitHub gives for an exhausted primary limit, made
// here so that a request GitHub would refuse is not sent.
func limitAnswer(req *http.Request, reset time.Time, body string) *http.Response {
	if body == "" {
		body = `{"message":"API rate limit exceeded"}`
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	return &http.Response{
		Status: "403 Forbidden", StatusCode: http.StatusForbidden, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)), Request: req,
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
		// 429 without a reset, "secondary rate limit", and the "abuse
		// detection mechanism" older GitHub Enterprise Servers still send
		// (403, no Retry-After): wait a minute, as GitHub asks.
		if lower := strings.ToLower(body); code == http.StatusTooManyRequests ||
			strings.Contains(lower, "secondary rate limit") || strings.Contains(lower, "abuse detection") {
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
	// equivalent mutant CONDITIONALS_BOUNDARY@17: no power of two seconds equals the 30 s cap, so > and >= cap alike.
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
