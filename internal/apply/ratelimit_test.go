package apply_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

const twoIssues = `{"version": 1, "labels": [{"name": "bug", "color": "d73a4a"}], "issues": [
  {"id": "one", "title": "One", "labels": ["bug"]},
  {"id": "two", "title": "Two", "blocked_by": ["one"]}]}`

// readyEnv is a repository where the managed label and "bug" exist, so the
// first write of twoIssues is an issue create.
func readyEnv(t *testing.T) *env {
	e := newEnv(t)
	e.repo.AddLabel(githubfake.Label{Name: "roadmap", Color: "ededed", Description: "Managed by roadmap.json"})
	e.repo.AddLabel(githubfake.Label{Name: "bug", Color: "d73a4a"})
	return e
}

func total(ds []time.Duration) time.Duration {
	var s time.Duration
	for _, d := range ds {
		s += d
	}
	return s
}

// TestRateLimitsAndFaults: secondary limits (403 and 429 with Retry-After),
// a 502 on a create and on an update, and the primary limit, near and far.
// The clock is the test's: every wait is recorded, none is slept.
func TestRateLimitsAndFaults(t *testing.T) {
	cases := []struct {
		name string
		// fault is set up after the plan is made, before apply.
		fault func(e *env)
		// want: the waits that must have happened, and the fake's writes.
		waits  []time.Duration
		writes int
		reads  int
	}{
		{"secondary 403", func(e *env) { e.f.SecondaryLimitNextWrites(1, 403, 1) }, []time.Duration{time.Second}, 4, 0},
		{"secondary 429", func(e *env) { e.f.SecondaryLimitNextWrites(1, 429, 1) }, []time.Duration{time.Second}, 4, 0},
		{"secondary 403 without Retry-After waits a minute", func(e *env) { e.f.SecondaryLimitNextWrites(1, 403, 0) }, []time.Duration{time.Minute}, 4, 0},
		// GitHub may have created the issue before its 502: apply looks
		// (one read), finds nothing, waits and sends it again.
		{"502 on a create", func(e *env) { e.f.FailNextWrites(1, 502) }, []time.Duration{time.Second}, 4, 1},
		{"502 twice on a create", func(e *env) { e.f.FailNextWrites(2, 502) }, []time.Duration{time.Second, 2 * time.Second}, 5, 2},
		{"primary exhausted, resets in 20s", func(e *env) { e.f.ExhaustPrimary(e.clock.Now().Add(20 * time.Second)) }, []time.Duration{21 * time.Second}, 4, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := readyEnv(t)
			res := parse(t, twoIssues, nil)
			p := e.plan(t, res)
			e.f.ResetCounts()
			tc.fault(e)
			rep, err := runPlan(t, e, p)
			if err != nil || !rep.OK() {
				t.Fatalf("apply: %v\n%s", err, failures(rep))
			}
			waits := e.clock.Sleeps()
			if !equalDurations(waits, tc.waits) {
				t.Errorf("waits %v, want %v", waits, tc.waits)
			}
			if e.f.Writes() != tc.writes || e.f.Reads() != tc.reads {
				t.Errorf("fake saw %d writes and %d reads, want %d and %d", e.f.Writes(), e.f.Reads(), tc.writes, tc.reads)
			}
			if got := len(e.repo.Issues()); got != 2 {
				t.Errorf("%d issues on GitHub, want 2", got)
			}
			if p := e.plan(t, res); len(p.Changes) != 0 {
				t.Errorf("the plan after apply is not empty: %+v", p.Changes)
			}
		})
	}

	t.Run("502 on an update is sent again", func(t *testing.T) {
		e := readyEnv(t)
		mustApply(t, e, parse(t, twoIssues, nil))
		res := parse(t, strings.Replace(twoIssues, `"title": "One"`, `"title": "One, renamed"`, 1), nil)
		p := e.plan(t, res)
		e.f.ResetCounts()
		e.f.FailNextWrites(1, 502)
		start := len(e.clock.Sleeps())
		if rep, err := runPlan(t, e, p); err != nil || !rep.OK() {
			t.Fatalf("apply: %v\n%s", err, failures(rep))
		}
		if waits := e.clock.Sleeps()[start:]; !equalDurations(waits, []time.Duration{time.Second}) || e.f.Writes() != 2 || e.f.Reads() != 0 {
			t.Errorf("waits %v, %d writes, %d reads; want one 1s backoff, 2 writes, no read", waits, e.f.Writes(), e.f.Reads())
		}
	})

	t.Run("primary exhausted for half an hour stops, and a rerun resumes", func(t *testing.T) {
		e := readyEnv(t)
		res := parse(t, twoIssues, nil)
		p := e.plan(t, res)
		e.f.ResetCounts()
		reset := e.clock.Now().Add(30 * time.Minute)
		e.f.ExhaustPrimary(reset)
		rep, err := runPlan(t, e, p)
		if err != nil {
			t.Fatal(err)
		}
		if rep.OK() || !strings.Contains(rep.Stopped, "rate limit") || !strings.Contains(rep.Stopped, "09:30 UTC") ||
			!strings.Contains(rep.Stopped, "resumes") || !strings.Contains(rep.Stopped, "3 of 3 changes not applied") {
			t.Fatalf("stopped: %q", rep.Stopped)
		}
		if e.f.Writes() != 1 || len(e.clock.Sleeps()) != 0 {
			t.Errorf("after the limit, %d writes were sent and %v waited; want the one that met it and no wait", e.f.Writes(), e.clock.Sleeps())
		}
		// Half an hour later the rerun finishes the job.
		_ = e.clock.Sleep(context.Background(), 31*time.Minute)
		mustApply(t, e, res)
		if len(e.repo.Issues()) != 2 {
			t.Errorf("%d issues after the rerun, want 2", len(e.repo.Issues()))
		}
	})

	t.Run("writes are paced", func(t *testing.T) {
		e := readyEnv(t)
		e.interval = time.Second
		res := parse(t, twoIssues, nil)
		p := e.plan(t, res)
		if rep, err := runPlan(t, e, p); err != nil || !rep.OK() {
			t.Fatalf("apply: %v\n%s", err, failures(rep))
		}
		// Three writes back to back need two pauses of a second.
		if waits := e.clock.Sleeps(); total(waits) != 2*time.Second {
			t.Errorf("waits %v, want 2s in all between 3 writes", waits)
		}
	})
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
