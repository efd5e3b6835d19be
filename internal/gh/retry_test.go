package gh_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/testclock"
)

type testClock = testclock.Clock

func newTestClock() *testClock { return testclock.New(testclock.Start) }

// clocked is a fake with one repository and a client on a test clock;
// opts may set the write interval, the transport and the retries.
func clocked(t *testing.T, opts gh.Options) (*githubfake.Fake, *githubfake.Repo, *gh.Client, *testClock) {
	t.Helper()
	f := githubfake.New()
	t.Cleanup(f.Close)
	repo := f.AddRepo("octo-org", "octo-repo")
	clock := newTestClock()
	f.Now = clock.Now
	opts.Token, opts.APIURL, opts.Repository, opts.Sleep, opts.Now = "t", f.URL, "octo-org/octo-repo", clock.Sleep, clock.Now
	c, err := gh.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return f, repo, c, clock
}

func seconds(s ...int) []time.Duration {
	out := make([]time.Duration, len(s))
	for i, n := range s {
		out[i] = time.Duration(n) * time.Second
	}
	return out
}

// TestFaultsAreRetried: a 5xx or a lost connection is tried again, up to 4
// times, after 1 s, 2 s, 4 s and 8 s — for reads and PATCHes. A POST is
// never sent again by the transport: it may have been performed, and only
// apply can look for what it made.
func TestFaultsAreRetried(t *testing.T) {
	for _, tt := range []struct {
		name   string
		faults int
		status int
		call   func(c *gh.Client) error
		// sent is how many requests reached the fake; waits the backoff.
		sent  int
		waits []time.Duration
		fails bool
	}{
		{"a GET through one 502", 1, 502, listLabels, 2, seconds(1), false},
		{"a GET through three 503s, doubling the wait", 3, 503, listLabels, 4, seconds(1, 2, 4), false},
		{"a GET through four 500s", 4, 500, listLabels, 5, seconds(1, 2, 4, 8), false},
		{"a GET after a fifth 504 gives up", 5, 504, listLabels, 5, seconds(1, 2, 4, 8), true},
		{"a PATCH through two 502s", 2, 502, patchLabel, 3, seconds(1, 2), false},
		{"a PATCH after a fifth 502 gives up", 9, 502, patchLabel, 5, seconds(1, 2, 4, 8), true},
		{"a POST is not sent again", 1, 502, postLabel, 1, nil, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, repo, c, clock := clocked(t, gh.Options{WriteInterval: 0})
			repo.AddLabel(githubfake.Label{Name: "bug"})
			f.FailNext(tt.faults, tt.status)
			err := tt.call(c)
			if (err != nil) != tt.fails {
				t.Fatalf("err %v, want failure %v", err, tt.fails)
			}
			// A write's error is an APIError apply can ask whether the write may
			// have happened; a list's is go-github's, with the status.
			var ae *gh.APIError
			if tt.fails && !strings.HasPrefix(tt.name, "a GET") && (!errors.As(err, &ae) || ae.Status != tt.status || !ae.Uncertain()) {
				t.Errorf("error %#v, want an uncertain APIError with status %d", err, tt.status)
			}
			if n := f.Reads() + f.Writes(); n != tt.sent {
				t.Errorf("%d requests reached GitHub, want %d", n, tt.sent)
			}
			if s := clock.Sleeps(); !slices.Equal(s, tt.waits) {
				t.Errorf("waits %v, want %v", s, tt.waits)
			}
		})
	}

	// A connection that drops before an answer: a GET is asked again, a
	// POST is left to its caller, as an uncertain error (status 0).
	for _, tt := range []struct {
		method string
		call   func(c *gh.Client) error
		tries  int
		fails  bool
	}{
		{"GET", listLabels, 2, false},
		{"PATCH", patchLabel, 2, false},
		{"POST", postLabel, 1, true},
	} {
		t.Run("a "+tt.method+" whose connection drops", func(t *testing.T) {
			var mu sync.Mutex
			tries := 0
			_, repo, c, clock := clocked(t, gh.Options{WriteInterval: 0, HTTPClient: &http.Client{Transport: roundTrip(func(req *http.Request) (*http.Response, error) {
				mu.Lock()
				tries++
				first := tries == 1
				mu.Unlock()
				if first {
					return nil, errors.New("connection reset by peer")
				}
				return http.DefaultTransport.RoundTrip(req)
			})}})
			repo.AddLabel(githubfake.Label{Name: "bug"})
			err := tt.call(c)
			var ae *gh.APIError
			switch {
			case tt.fails && (!errors.As(err, &ae) || ae.Status != 0 || !ae.Uncertain()):
				t.Errorf("error %#v, want an uncertain APIError without status", err)
			case !tt.fails && err != nil:
				t.Errorf("err %v", err)
			}
			if tries != tt.tries {
				t.Errorf("%d tries, want %d", tries, tt.tries)
			}
			if want := seconds(1)[:tt.tries-1]; !slices.Equal(clock.Sleeps(), want) {
				t.Errorf("waits %v, want %v", clock.Sleeps(), want)
			}
		})
	}
}

func listLabels(c *gh.Client) error {
	_, err := c.ListLabels(context.Background())
	return err
}

func patchLabel(c *gh.Client) error {
	color := "ee0701"
	return c.UpdateLabel(context.Background(), "bug", nil, &color, nil)
}

func postLabel(c *gh.Client) error {
	return c.CreateLabel(context.Background(), "new", nil, nil)
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// TestSecondaryLimitWaits: a secondary limit is waited out (Retry-After, or
// a minute without one) and the request sent again, up to 5 times; a sixth
// stops: the error says it is GitHub's limit.
func TestSecondaryLimitWaits(t *testing.T) {
	for _, tt := range []struct {
		name       string
		limits     int
		status     int
		retryAfter int
		waits      []time.Duration
		fails      bool
	}{
		{"five 403s with Retry-After: 3", 5, 403, 3, seconds(3, 3, 3, 3, 3), false},
		{"five 429s without Retry-After: a minute each", 5, 429, 0, seconds(60, 60, 60, 60, 60), false},
		{"a sixth stops", 6, 403, 2, seconds(2, 2, 2, 2, 2), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, repo, c, clock := clocked(t, gh.Options{WriteInterval: 0})
			f.SecondaryLimitNextWrites(tt.limits, tt.status, tt.retryAfter)
			err := postLabel(c)
			var ae *gh.APIError
			switch {
			case tt.fails && (!errors.As(err, &ae) || !ae.RateLimited):
				t.Errorf("error %v, want GitHub's rate limit", err)
			case !tt.fails && err != nil:
				t.Errorf("err %v", err)
			}
			if want := min(tt.limits, 5) + 1; f.Writes() != want {
				t.Errorf("%d writes, want %d", f.Writes(), want)
			}
			if s := clock.Sleeps(); !slices.Equal(s, tt.waits) {
				t.Errorf("waits %v, want %v", s, tt.waits)
			}
			if _, ok := repo.Label("new"); ok == tt.fails {
				t.Errorf("label created: %v", ok)
			}
		})
	}
}

// TestWritesArePacedByDefault: the client the CLI and the action build from
// the environment leaves a second between writes unless
// ROADMAP_WRITE_INTERVAL says otherwise; reads are never paced.
func TestWritesArePacedByDefault(t *testing.T) {
	for _, tt := range []struct {
		env   string
		total time.Duration
	}{
		{"", 3 * time.Second},
		{"250ms", 750 * time.Millisecond},
		{"0", 0},
	} {
		t.Run("ROADMAP_WRITE_INTERVAL="+tt.env, func(t *testing.T) {
			opts, err := gh.EnvOptions(func(k string) string {
				if k == "ROADMAP_WRITE_INTERVAL" {
					return tt.env
				}
				return ""
			})
			if err != nil {
				t.Fatal(err)
			}
			_, _, c, clock := clocked(t, opts)
			ctx := context.Background()
			for _, name := range []string{"a", "b", "c", "d"} {
				if err := c.CreateLabel(ctx, name, nil, nil); err != nil {
					t.Fatal(err)
				}
				if _, err := c.ListLabels(ctx); err != nil {
					t.Fatal(err)
				}
			}
			var total time.Duration
			for _, s := range clock.Sleeps() {
				total += s
			}
			// Four writes: three pauses between them.
			if total != tt.total {
				t.Errorf("waited %v in all (%v), want %v", total, clock.Sleeps(), tt.total)
			}
			if c.Writes() != 4 || c.Reads() != 4 {
				t.Errorf("%d writes, %d reads", c.Writes(), c.Reads())
			}
		})
	}
}
