package apply_test

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
)

// TestKillAndResume kills the apply of the repository's roadmap after
// GitHub performed write k and before its answer arrived, for every k, then
// runs apply again: the end state must equal a clean apply's, with no
// duplicate label, milestone or issue.
func TestKillAndResume(t *testing.T) {
	res := repositoryRoadmap(t)
	clean := newEnv(t)
	planned := clean.plan(t, res).Writes()
	clean.f.ResetCounts()
	mustApply(t, clean, res)
	want := dump(clean.repo)
	// The README promises one write per change: 37 for this roadmap. Each
	// is killed once below, so a write more or less is a kill point missed.
	writes := clean.f.Writes()
	if writes != 37 || planned != 37 {
		t.Fatalf("a clean apply wrote %d times and its plan said %d; the README says 37", writes, planned)
	}

	for k := 1; k <= writes; k++ {
		t.Run(fmt.Sprintf("write %d", k), func(t *testing.T) {
			e := newEnv(t)
			dead := &atomic.Bool{}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			e.f.AfterWrite(func(n int) {
				if n == k {
					dead.Store(true)
					cancel()
				}
			})
			e.transport = func(next http.RoundTripper) http.RoundTripper { return killer{next: next, dead: dead} }
			rep, err := e.apply(ctx, t, res)
			if err == nil {
				t.Fatalf("the killed apply ended without error; report:\n%s", failures(rep))
			}
			if rep.Stopped == "" {
				t.Errorf("the killed apply's report does not say it stopped")
			}

			e.transport = nil
			mustApply(t, e, res)
			if got := dump(e.repo); got != want {
				t.Fatalf("after a kill at write %d and a rerun, the repository differs from a clean apply's:\n got:\n%s\nwant:\n%s", k, got, want)
			}
			if p := e.plan(t, res); len(p.Changes) != 0 {
				t.Fatalf("after resuming, the plan still has %d changes, first %+v", len(p.Changes), p.Changes[0])
			}
		})
	}
}
