package gh_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

// These run on the real clock, scaled to seconds: an injected instant clock
// once hid a client timeout that covered the waits, and turned every wait
// longer than it into a failed change. The attempt timeout here is 1s and
// every wait is longer.
func realClient(t *testing.T, f *githubfake.Fake) *gh.Client {
	t.Helper()
	c, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: "octo-org/octo-repo", WriteInterval: 0,
		AttemptTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRealClockWaitsOutlastTheAttemptTimeout(t *testing.T) {
	t.Run("a secondary limit asking for 2s", func(t *testing.T) {
		t.Parallel()
		f := githubfake.New()
		defer f.Close()
		f.AddRepo("octo-org", "octo-repo")
		f.SecondaryLimitNextWrites(1, http.StatusForbidden, 2)
		c := realClient(t, f)
		start := time.Now()
		if err := c.CreateLabel(context.Background(), "bug", nil, nil); err != nil {
			t.Fatalf("after a 2s wait with a 1s attempt timeout: %v", err)
		}
		if waited := time.Since(start); waited < 2*time.Second {
			t.Errorf("waited %v, want at least the 2s GitHub asked for", waited)
		}
	})
	t.Run("a primary limit resetting in 2s", func(t *testing.T) {
		t.Parallel()
		f := githubfake.New()
		defer f.Close()
		f.AddRepo("octo-org", "octo-repo")
		f.ExhaustPrimary(time.Now().Add(2 * time.Second))
		c := realClient(t, f)
		if _, err := c.ListLabels(context.Background()); err != nil {
			t.Fatalf("after waiting for the reset: %v", err)
		}
	})
	t.Run("a success leaving 0 requests, resetting in 2s", func(t *testing.T) {
		t.Parallel()
		f := githubfake.New()
		defer f.Close()
		f.AddRepo("octo-org", "octo-repo")
		f.LimitRemaining(1, time.Now().Add(2*time.Second))
		c := realClient(t, f)
		for i := range 3 {
			if _, err := c.ListLabels(context.Background()); err != nil {
				t.Fatalf("read %d: %v", i+1, err)
			}
		}
		if n := len(f.Requests()); n != 3 {
			t.Errorf("%d requests for 3 reads: one was refused or not sent", n)
		}
	})
}

// An attempt that gets no answer ends at the attempt timeout as a lost
// answer — which a create treats as one that may have been performed — not
// as the caller's context ending.
func TestAttemptTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c, err := gh.New(gh.Options{Token: "t", APIURL: srv.URL, Repository: "o/r", WriteInterval: 0,
		AttemptTimeout: 500 * time.Millisecond, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	err = c.CreateLabel(context.Background(), "x", nil, nil)
	var ae *gh.APIError
	if !errors.As(err, &ae) || !ae.Uncertain() || !strings.Contains(err.Error(), "no answer within 500ms") {
		t.Fatalf("err = %v; want an uncertain APIError saying no answer came", err)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		t.Error("an attempt's timeout must not read as the caller's deadline")
	}
}
