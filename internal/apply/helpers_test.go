package apply_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/apply"
	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
	"github.com/roadmap-as-code/roadmap/internal/testclock"
)

const (
	owner = "octo-org"
	name  = "octo-repo"
	full  = owner + "/" + name
)

type clock = testclock.Clock

func newClock() *clock { return testclock.New(testclock.Start) }

// env is a fake GitHub with one repository, and the clock it runs on.
type env struct {
	f     *githubfake.Fake
	repo  *githubfake.Repo
	clock *clock
	// transport, when set, stands between the client and the fake.
	transport func(http.RoundTripper) http.RoundTripper
	interval  time.Duration
}

func newEnv(t testing.TB) *env {
	t.Helper()
	f := githubfake.New()
	t.Cleanup(f.Close)
	e := &env{f: f, repo: f.AddRepo(owner, name), clock: newClock()}
	f.Now = e.clock.Now
	return e
}

func (e *env) client(t testing.TB) *gh.Client {
	t.Helper()
	hc := e.f.Client()
	if e.transport != nil {
		wrapped := *hc
		next := hc.Transport
		if next == nil {
			next = http.DefaultTransport
		}
		wrapped.Transport = e.transport(next)
		hc = &wrapped
	}
	c, err := gh.New(gh.Options{Token: "test", APIURL: e.f.URL, Repository: full, HTTPClient: hc,
		WriteInterval: e.interval, Sleep: e.clock.Sleep, Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// plan reads the fake and plans res against it.
func (e *env) plan(t testing.TB, res *roadmap.Result) *plan.Plan {
	t.Helper()
	snap, err := state.Fetch(context.Background(), e.client(t), full, res.Roadmap)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Compute(res.Roadmap, res.Bodies, snap)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// apply plans res and applies it with a fresh client, as a rerun would.
func (e *env) apply(ctx context.Context, t testing.TB, res *roadmap.Result) (*apply.Report, error) {
	t.Helper()
	p := e.plan(t, res)
	return apply.Run(ctx, p, e.client(t), apply.Options{Sleep: e.clock.Sleep})
}

func mustApply(t testing.TB, e *env, res *roadmap.Result) *apply.Report {
	t.Helper()
	rep, err := e.apply(context.Background(), t, res)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("apply failed:\n%s", failures(rep))
	}
	return rep
}

func failures(rep *apply.Report) string {
	var b strings.Builder
	for _, r := range rep.Results {
		if r.Status != apply.StatusDone {
			fmt.Fprintf(&b, "  %s %s: %s\n", r.Status, apply.Subject(r.Change), r.Error)
		}
	}
	if rep.Stopped != "" {
		fmt.Fprintf(&b, "  stopped: %s\n", rep.Stopped)
	}
	return b.String()
}

// parse reads a roadmap given as JSON text, with body files from files.
func parse(t testing.TB, src string, files map[string]string) *roadmap.Result {
	t.Helper()
	dir := t.TempDir()
	for p, text := range files {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := roadmap.Parse("roadmap.json", []byte(src), roadmap.Options{Dir: dir})
	if !res.Valid() {
		t.Fatalf("invalid roadmap:\n%v", res.Diagnostics)
	}
	return res
}

// repositoryRoadmap is this repository's own roadmap.json.
func repositoryRoadmap(t testing.TB) *roadmap.Result {
	t.Helper()
	res, err := roadmap.Load("../../roadmap.json", roadmap.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Valid() {
		t.Fatalf("roadmap.json is invalid:\n%v", res.Diagnostics)
	}
	return res
}

// dump is the repository's state in a canonical text form that ignores
// what GitHub assigns (ids, times) but not numbers: a resumed apply must
// give every object the number a clean one gives.
func dump(r *githubfake.Repo) string {
	var b strings.Builder
	for _, l := range sortedBy(r.Labels(), func(l githubfake.Label) string { return l.Name }) {
		fmt.Fprintf(&b, "label %q %s %q\n", l.Name, l.Color, l.Description)
	}
	for _, m := range sortedBy(r.Milestones(), func(m githubfake.Milestone) string { return fmt.Sprintf("%06d", m.Number) }) {
		fmt.Fprintf(&b, "milestone #%d %q %q due=%s %s\n", m.Number, m.Title, m.Description, m.DueOn, m.State)
	}
	for _, is := range sortedBy(r.Issues(), func(i githubfake.Issue) string { return fmt.Sprintf("%06d", i.Number) }) {
		if is.PullRequest {
			continue
		}
		labels := slices.Clone(is.Labels)
		slices.Sort(labels)
		assignees := slices.Clone(is.Assignees)
		slices.Sort(assignees)
		fmt.Fprintf(&b, "issue #%d %q %s/%s labels=%v milestone=%d assignees=%v type=%q parent=%d subs=%v blocked_by=%v\n  body=%q\n",
			is.Number, is.Title, is.State, is.StateReason, labels, is.Milestone, assignees, is.Type, is.Parent,
			r.SubIssues(is.Number), r.BlockedBy(is.Number), deref(is.Body))
	}
	return b.String()
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

func sortedBy[T any](in []T, key func(T) string) []T {
	out := slices.Clone(in)
	slices.SortStableFunc(out, func(a, b T) int { return strings.Compare(key(a), key(b)) })
	return out
}

// killer drops every answer once GitHub has performed the write it waits
// for, like a process killed while that answer was on its way.
type killer struct {
	next http.RoundTripper
	dead *atomic.Bool
}

var errKilled = fmt.Errorf("killed")

func (k killer) RoundTrip(req *http.Request) (*http.Response, error) {
	if k.dead.Load() {
		return nil, errKilled
	}
	resp, err := k.next.RoundTrip(req)
	if k.dead.Load() {
		if resp != nil {
			resp.Body.Close()
		}
		return nil, errKilled
	}
	return resp, err
}

// runPlan applies an already made plan with a fresh client.
func runPlan(t testing.TB, e *env, p *plan.Plan) (*apply.Report, error) {
	return apply.Run(context.Background(), p, e.client(t), apply.Options{Sleep: e.clock.Sleep})
}
