package apply_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/apply"
	"github.com/roadmap-as-code/roadmap/internal/plan"
)

// GitHub's less common limit answers: one policy decides (wait until the
// limit lifts when that is near, else stop and say when to run again), and
// nothing is sent after GitHub said stop.
func TestLimitEdges(t *testing.T) {
	t.Run("a success that leaves 0 requests: the next write waits for the reset, go-github refuses nothing", func(t *testing.T) {
		e := readyEnv(t)
		// go-github's own check compares the reset with the real clock: the
		// test's clock must be now for it to matter.
		e.clock.Set(time.Now().UTC().Truncate(time.Second))
		res := parse(t, twoIssues, nil)
		p := e.plan(t, res)
		e.f.ResetCounts()
		e.f.LimitRemaining(1, e.clock.Now().Add(20*time.Second))
		rep, err := runPlan(t, e, p)
		if err != nil || !rep.OK() {
			t.Fatalf("apply: %v\n%s", err, failures(rep))
		}
		if waits := e.clock.Sleeps(); !equalDurations(waits, []time.Duration{21 * time.Second}) {
			t.Errorf("waits %v, want one wait for the reset", waits)
		}
		for _, r := range e.f.Requests() {
			if r.Status >= 400 {
				t.Errorf("%s %s was answered %d: the limit was not waited for", r.Method, r.Path, r.Status)
			}
		}
	})
	t.Run("a success that leaves 0 requests for half an hour: stop, and send nothing more", func(t *testing.T) {
		e := readyEnv(t)
		res := parse(t, twoIssues, nil)
		p := e.plan(t, res)
		e.f.ResetCounts()
		e.f.LimitRemaining(1, e.clock.Now().Add(30*time.Minute))
		rep, err := runPlan(t, e, p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(rep.Stopped, "run apply again after 09:30 UTC") || !strings.Contains(rep.Stopped, "2 of 3 changes not applied") {
			t.Errorf("stopped: %q", rep.Stopped)
		}
		if want := e.clock.Now().Add(30 * time.Minute); rep.ResumeAt.Sub(want).Abs() > 2*time.Second {
			t.Errorf("resume at %v, want about %v", rep.ResumeAt, want)
		}
		if e.f.Writes() != 1 {
			t.Errorf("%d writes sent; want only the one before the limit", e.f.Writes())
		}
	})
	for _, status := range []int{403, 429} {
		t.Run(fmt.Sprintf("primary limit answered %d for half an hour stops the run", status), func(t *testing.T) {
			e := readyEnv(t)
			res := parse(t, twoIssues, nil)
			p := e.plan(t, res)
			e.f.ResetCounts()
			e.f.PrimaryStatus(status)
			e.f.ExhaustPrimary(e.clock.Now().Add(30 * time.Minute))
			rep, err := runPlan(t, e, p)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(rep.Stopped, "run apply again after 09:30 UTC") || e.f.Writes() != 1 {
				t.Errorf("stopped %q after %d writes", rep.Stopped, e.f.Writes())
			}
			for _, r := range rep.Results[1:] {
				if r.Status != apply.StatusSkipped {
					t.Errorf("%s after the stop: %s", apply.Subject(r.Change), r.Status)
				}
			}
		})
	}
	t.Run("a primary 429 that resets soon is waited for", func(t *testing.T) {
		e := readyEnv(t)
		res := parse(t, twoIssues, nil)
		p := e.plan(t, res)
		e.f.PrimaryStatus(429)
		e.f.ExhaustPrimary(e.clock.Now().Add(20 * time.Second))
		if rep, err := runPlan(t, e, p); err != nil || !rep.OK() {
			t.Fatalf("apply: %v\n%s", err, failures(rep))
		}
		if waits := e.clock.Sleeps(); !equalDurations(waits, []time.Duration{21 * time.Second}) {
			t.Errorf("waits %v", waits)
		}
	})
	t.Run("the old abuse-detection 403 is a secondary limit: wait a minute and go on", func(t *testing.T) {
		e := readyEnv(t)
		res := parse(t, twoIssues, nil)
		p := e.plan(t, res)
		e.f.ResetCounts()
		e.f.AbuseNext(1)
		if rep, err := runPlan(t, e, p); err != nil || !rep.OK() {
			t.Fatalf("apply: %v\n%s", err, failures(rep))
		}
		if waits := e.clock.Sleeps(); !equalDurations(waits, []time.Duration{time.Minute}) || e.f.Writes() != 4 {
			t.Errorf("waits %v, %d writes", waits, e.f.Writes())
		}
	})
	t.Run("the old abuse-detection 403 that never lifts stops the run as a limit, not a failure", func(t *testing.T) {
		e := readyEnv(t)
		res := parse(t, twoIssues, nil)
		p := e.plan(t, res)
		e.f.ResetCounts()
		e.f.AbuseNext(100)
		rep, err := runPlan(t, e, p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(rep.Stopped, "rate limit stopped the run") || e.f.Writes() != 6 {
			t.Errorf("stopped %q after %d writes; want 1 + 5 tries a minute apart, then a stop", rep.Stopped, e.f.Writes())
		}
	})
}

// GitHub allows about 500 content-creating requests an hour: a big first
// apply takes several runs an hour apart. Scaled: 10 writes an hour.
func TestHourlyContentLimit(t *testing.T) {
	var entries []string
	for i := range 12 {
		entries = append(entries, fmt.Sprintf(`{"id": "i%02d", "title": "Issue %d"}`, i, i))
	}
	src := `{"version": 1, "issues": [` + strings.Join(entries, ",") + `]}`
	for _, retryAfter := range []bool{true, false} {
		t.Run(fmt.Sprintf("Retry-After %v", retryAfter), func(t *testing.T) {
			e := newEnv(t)
			e.interval = time.Second
			res := parse(t, src, nil)
			e.f.ContentLimit(10, retryAfter)
			var stops []string
			runs := 0
			for ; runs < 5; runs++ {
				e.f.ResetCounts()
				rep, err := e.apply(context.Background(), t, res)
				if err != nil {
					t.Fatal(err)
				}
				if rep.OK() {
					break
				}
				stops = append(stops, rep.Stopped)
				// The next run, as a schedule would start it, an hour later.
				_ = e.clock.Sleep(context.Background(), time.Hour)
			}
			if runs != 1 || len(e.repo.Issues()) != 12 {
				t.Fatalf("%d runs, %d issues; stops %q", runs+1, len(e.repo.Issues()), stops)
			}
			if !strings.Contains(stops[0], "rate limit stopped the run; run apply again after") || !strings.Contains(stops[0], "3 of 13 changes not applied") {
				t.Errorf("first stop: %q", stops[0])
			}
		})
	}
}

// A run stops sending at its deadline — the action's is before the hosted
// runner's 6-hour job limit — with the resume message, and the next run
// finishes.
func TestDeadline(t *testing.T) {
	e := readyEnv(t)
	e.interval = time.Second
	res := parse(t, twoIssues, nil)
	p := e.plan(t, res)
	deadline := e.clock.Now().Add(500 * time.Millisecond)
	rep, err := apply.Run(context.Background(), p, e.client(t), apply.Options{Sleep: e.clock.Sleep, Now: e.clock.Now, Deadline: deadline})
	if err != nil {
		t.Fatal(err)
	}
	// The deadline is looked at before each change: the first goes at 0 s,
	// the second is let through at 0 s and paced to 1 s, the third is not
	// sent. (The action's limit leaves 15 minutes for such a last write.)
	if !strings.Contains(rep.Stopped, "time limit (ROADMAP_TIME_LIMIT); run apply again: it resumes where this one stopped (1 of 3 changes not applied)") {
		t.Errorf("stopped: %q", rep.Stopped)
	}
	if n := e.f.Writes(); n != 2 {
		t.Errorf("%d writes before the deadline, want 2", n)
	}
	mustApply(t, e, res)
	if p := e.plan(t, res); len(p.Changes) != 0 {
		t.Errorf("not finished by the next run: %d changes", len(p.Changes))
	}
}

func TestParseTimeLimit(t *testing.T) {
	for in, want := range map[string]time.Duration{"": apply.DefaultActionTimeLimit, "50m": 50 * time.Minute, " 5h ": 5 * time.Hour} {
		if got, err := apply.ParseTimeLimit(in, apply.DefaultActionTimeLimit); err != nil || got != want {
			t.Errorf("%q: %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"0", "-1h", "soon", "5"} {
		if _, err := apply.ParseTimeLimit(bad, 0); err == nil || !strings.Contains(err.Error(), "ROADMAP_TIME_LIMIT") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// The plan's forecast for a 1,000-issue first apply under GitHub's hourly
// limit of 500 content-creating requests, against what happens: runs an
// hour apart on the test's clock until the plan is empty.
func TestForecastMatchesOutcome(t *testing.T) {
	var entries []string
	for i := range 1000 {
		entries = append(entries, fmt.Sprintf(`{"id": "i%04d", "title": "Issue %d"}`, i, i))
	}
	src := `{"version": 1, "issues": [` + strings.Join(entries, ",") + `]}`
	e := newEnv(t)
	e.interval = time.Second
	e.f.ContentLimit(plan.HourlyContentLimit, true)
	res := parse(t, src, nil)
	first := e.plan(t, res)
	forecast := first.Estimate(time.Second, 0)
	start := e.clock.Now()
	runs := 0
	var lastWrite time.Time
	for p := first; len(p.Changes) > 0; p = e.plan(t, res) {
		runs++
		if runs > 10 {
			t.Fatal("no end after 10 runs")
		}
		rep, err := runPlan(t, e, p)
		if err != nil {
			t.Fatal(err)
		}
		lastWrite = e.clock.Now()
		if !rep.OK() {
			// The next run at the time the stop names, as a person or a
			// schedule would start it.
			if rep.ResumeAt.IsZero() {
				t.Fatalf("stopped without a time to resume: %q", rep.Stopped)
			}
			_ = e.clock.Sleep(context.Background(), rep.ResumeAt.Sub(e.clock.Now()))
		}
	}
	took := lastWrite.Sub(start)
	t.Logf("forecast: %s", forecast)
	t.Logf("outcome: %d runs, last write %s after the first", runs, took.Round(time.Minute))
	if runs != forecast.Runs {
		t.Errorf("%d runs, the forecast said %d", runs, forecast.Runs)
	}
	if d := took - forecast.Duration; d < -10*time.Minute || d > 10*time.Minute {
		t.Errorf("took %v, the forecast said %v", took, forecast.Duration)
	}
	if n := len(e.repo.Issues()); n != 1000 {
		t.Errorf("%d issues, want 1000 (no copies)", n)
	}
}
