package apply_test

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/apply"
	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/plan"
)

// TestCountsAndSummaryLine: the report's counts and its last line, for
// every status and action.
func TestCountsAndSummaryLine(t *testing.T) {
	res := func(kind, action, status string) apply.Result {
		return apply.Result{Change: plan.Change{Kind: kind, Action: action}, Status: status}
	}
	done := []apply.Result{
		res(plan.KindLabel, plan.ActionCreate, apply.StatusDone),
		res(plan.KindLabel, plan.ActionRename, apply.StatusDone),
		res(plan.KindIssue, plan.ActionAdopt, apply.StatusDone),
		res(plan.KindIssue, plan.ActionUpdate, apply.StatusDone),
		res(plan.KindIssue, plan.ActionClose, apply.StatusDone),
		res(plan.KindIssue, plan.ActionClose, apply.StatusDone),
		res(plan.KindRelation, plan.ActionRelate, apply.StatusDone),
	}
	for _, tt := range []struct {
		name    string
		results []apply.Result
		stopped string
		counts  apply.Counts
		line    string
	}{
		{"nothing", nil, "", apply.Counts{}, "Apply complete: nothing to change."},
		{"all done", done, "", apply.Counts{Created: 1, Updated: 3, Closed: 2, Linked: 1},
			"Apply complete: 1 created, 3 updated, 2 closed; 1 relation added."},
		{"no relation", done[:6], "", apply.Counts{Created: 1, Updated: 3, Closed: 2},
			"Apply complete: 1 created, 3 updated, 2 closed."},
		{"two relations, one not supported", append(slices.Clone(done), res(plan.KindRelation, plan.ActionRelate, apply.StatusDone),
			res(plan.KindRelation, plan.ActionRelate, apply.StatusUnsupported)), "",
			apply.Counts{Created: 1, Updated: 3, Closed: 2, Linked: 2, Unsupported: 1},
			"Apply complete: 1 created, 3 updated, 2 closed, 1 not supported by this GitHub; 2 relations added."},
		{"one partly applied, one failed, one not sent", []apply.Result{
			res(plan.KindIssue, plan.ActionCreate, apply.StatusPartial), res(plan.KindLabel, plan.ActionCreate, apply.StatusFailed),
			res(plan.KindIssue, plan.ActionUpdate, apply.StatusSkipped)}, "",
			apply.Counts{Created: 1, Partial: 1, Failed: 1, Skipped: 1},
			"Apply incomplete: 1 created, 0 updated, 0 closed, 1 failed, 1 not sent, 1 partly applied."},
		{"stopped", done[:1], "the run was cancelled", apply.Counts{Created: 1},
			"Apply incomplete: 1 created, 0 updated, 0 closed, 0 failed, 0 not sent."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rep := &apply.Report{Results: tt.results, Stopped: tt.stopped}
			if c := rep.Counts(); c != tt.counts {
				t.Errorf("counts %+v, want %+v", c, tt.counts)
			}
			if l := rep.SummaryLine(); l != tt.line {
				t.Errorf("line %q, want %q", l, tt.line)
			}
		})
	}
}

func TestSubject(t *testing.T) {
	for _, tt := range []struct {
		c    plan.Change
		want string
	}{
		{plan.Change{Kind: plan.KindLabel, Key: "bug"}, `label "bug"`},
		{plan.Change{Kind: plan.KindMilestone, Key: "M1", Number: 3}, `milestone "M1"`},
		{plan.Change{Kind: plan.KindRelation, Key: "a", Relation: "parent", Target: "epic"}, `issue "a" as a sub-issue of "epic"`},
		{plan.Change{Kind: plan.KindRelation, Key: "a", Relation: "blocked_by", Target: "b"}, `issue "a" blocked by "b"`},
		{plan.Change{Kind: plan.KindIssue, Action: plan.ActionClose, Key: "a", Number: 9}, `issue #9`},
		{plan.Change{Kind: plan.KindIssue, Action: plan.ActionUpdate, Key: "a", Number: 1}, `issue #1 "a"`},
		{plan.Change{Kind: plan.KindIssue, Action: plan.ActionCreate, Key: "a"}, `issue "a"`},
	} {
		if got := apply.Subject(tt.c); got != tt.want {
			t.Errorf("Subject(%+v) = %q, want %q", tt.c, got, tt.want)
		}
	}
}

// TestReportCountsRequests: the report's reads and writes are this run's,
// retries included, as the fake saw them.
func TestReportCountsRequests(t *testing.T) {
	e := readyEnv(t)
	p := e.plan(t, parse(t, twoIssues, nil))
	c := e.client(t)
	// Requests the client made before the run are not the run's.
	if _, err := c.ListLabels(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := c.CreateLabel(context.Background(), "before the run", nil, nil); err != nil {
		t.Fatal(err)
	}
	e.f.ResetCounts()
	e.f.FailNextWrites(1, 502) // a create: looked for (one read), then sent again
	rep, err := apply.Run(context.Background(), p, c, apply.Options{Sleep: e.clock.Sleep})
	if err != nil || !rep.OK() {
		t.Fatalf("apply: %v\n%s", err, failures(rep))
	}
	if rep.Reads != e.f.Reads() || rep.Writes != e.f.Writes() || rep.Reads != 1 || rep.Writes != 4 {
		t.Errorf("report: %d reads, %d writes; the fake saw %d and %d; want 1 and 4", rep.Reads, rep.Writes, e.f.Reads(), e.f.Writes())
	}
}

// TestStoppedSaysHowManyWereNotApplied: the stop names the count exactly.
func TestStoppedSaysHowManyWereNotApplied(t *testing.T) {
	e := readyEnv(t)
	res := parse(t, twoIssues, nil)
	p := e.plan(t, res)
	// The second write meets a primary limit that lifts in an hour.
	e.f.AfterWrite(func(k int) {
		if k == 1 {
			e.f.ExhaustPrimary(e.clock.Now().Add(time.Hour))
		}
	})
	rep, err := runPlan(t, e, p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(rep.Stopped, " (2 of 3 changes not applied)") {
		t.Errorf("stopped %q; want it to end in (2 of 3 changes not applied)", rep.Stopped)
	}
}

// TestUncertainCreateTriedThreeTimes: a create answered 502 each time is
// looked for and sent again, three times in all, waiting 1 s then 2 s.
func TestUncertainCreateTriedThreeTimes(t *testing.T) {
	e := readyEnv(t)
	p := e.plan(t, parse(t, twoIssues, nil))
	e.f.ResetCounts()
	e.f.FailNextWrites(3, 502)
	rep, err := runPlan(t, e, p)
	if err != nil {
		t.Fatal(err)
	}
	first := rep.Results[0]
	if first.Status != apply.StatusFailed || !strings.Contains(first.Error, `issue "one": GitHub says Server Error`) {
		t.Errorf("first result %s %q", first.Status, first.Error)
	}
	posts := 0
	for _, r := range e.f.Requests() {
		if r.Method == "POST" && pathOnly(r.Path) == "/repos/octo-org/octo-repo/issues" {
			posts++
		}
	}
	if posts != 4 { // three for "one", then "two"
		t.Errorf("%d issue creates sent, want 3 tries of the first and 1 of the second", posts)
	}
	if s := e.clock.Sleeps(); !slices.Equal(s, []time.Duration{time.Second, 2 * time.Second}) {
		t.Errorf("waits %v, want 1s and 2s between the tries", s)
	}
}

// TestWhatDependsOnAFailureIsNotSent: an issue whose milestone was not
// created, a relation to an issue not created, a duplicate's close whose
// kept issue was not created: each not sent, saying why; the rest is.
func TestWhatDependsOnAFailureIsNotSent(t *testing.T) {
	e := newEnv(t)
	e.repo.AddLabel(githubfake.Label{Name: "roadmap"})
	dup := e.repo.AddIssue(githubfake.Issue{Title: "Copy", Author: "octocat"})
	src := `{"version": 1, "milestones": [{"title": "M1"}], "issues": [
	  {"id": "a", "title": "A", "milestone": "M1"}, {"id": "b", "title": "B", "duplicates": [` + strconvI(dup) + `]},
	  {"id": "c", "title": "C", "blocked_by": ["b"]}, {"id": "d", "title": "D"}]}`
	p := e.plan(t, parse(t, src, nil))
	// The milestone and issue "b" are refused; everything else goes.
	e.transport = func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(req *http.Request) (*http.Response, error) {
			if req.Method == "POST" && (strings.HasSuffix(req.URL.Path, "/milestones") || strings.HasSuffix(req.URL.Path, "/issues") && bodyHas(req, `"title":"B"`)) {
				return &http.Response{StatusCode: 422, Status: "422 Unprocessable Entity", Header: http.Header{"Content-Type": {"application/json"}},
					Body: http.NoBody, Request: req}, nil
			}
			return next.RoundTrip(req)
		})
	}
	rep, err := runPlan(t, e, p)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rep.Results {
		got[apply.Subject(r.Change)] = r.Status + " " + r.Error
	}
	for subject, want := range map[string]string{
		`issue "a"`:                `skipped not sent: milestone "M1" was not applied`,
		`issue "c" blocked by "b"`: `skipped not sent: issue "b" was not applied`,
		`issue #` + strconvI(dup):  `skipped not sent: issue "b" was not applied`,
		`issue "d"`:                `done `,
	} {
		if !strings.HasPrefix(got[subject], want) {
			t.Errorf("%s: %q, want %q", subject, got[subject], want)
		}
	}
}

func strconvI(n int) string { return strconv.Itoa(n) }

// bodyHas says a request's body holds s, reading a copy of it.
func bodyHas(req *http.Request, s string) bool {
	if req.GetBody == nil {
		return false
	}
	b, err := req.GetBody()
	if err != nil {
		return false
	}
	defer b.Close()
	data, _ := io.ReadAll(b)
	return strings.Contains(string(data), s)
}

// TestClosing: an issue the roadmap says is closed is closed as completed
// (created, then closed: GitHub creates issues open); a close that fails
// fails the change; a done close names the issue's URL.
func TestClosing(t *testing.T) {
	src := `{"version": 1, "settings": {"prune": true}, "issues": [{"id": "a", "title": "A", "state": "closed"}, {"id": "b", "title": "B"}]}`
	t.Run("created closed", func(t *testing.T) {
		e := newEnv(t)
		mustApply(t, e, parse(t, src, nil))
		if is := e.repo.Issue(1); is.State != "closed" || is.StateReason != "completed" {
			t.Errorf("issue #1 %s/%s", is.State, is.StateReason)
		}
		writes := writesOf(e.f)
		if len(writes) != 4 || !strings.Contains(writes[2].Body, `"state_reason":"completed"`) {
			t.Errorf("writes:\n%s", requestLog(writes))
		}
	})
	t.Run("an update that closes says completed", func(t *testing.T) {
		e := newEnv(t)
		mustApply(t, e, parse(t, strings.Replace(src, `, "state": "closed"`, "", 1), nil))
		e.f.ResetCounts()
		mustApply(t, e, parse(t, src, nil))
		writes := writesOf(e.f)
		if len(writes) != 1 || !strings.Contains(writes[0].Body, `"state":"closed"`) || !strings.Contains(writes[0].Body, `"state_reason":"completed"`) {
			t.Errorf("writes:\n%s", requestLog(writes))
		}
	})
	t.Run("the close after the create is refused", func(t *testing.T) {
		e := newEnv(t)
		p := e.plan(t, parse(t, src, nil))
		e.f.AfterWrite(func(k int) {
			if k == 2 { // the managed label, then issue "a"
				e.f.ReadOnly(true)
			}
		})
		rep, err := runPlan(t, e, p)
		if err != nil {
			t.Fatal(err)
		}
		var a apply.Result
		for _, r := range rep.Results {
			if r.Change.Key == "a" {
				a = r
			}
		}
		if a.Status != apply.StatusFailed || !strings.Contains(a.Error, "Resource not accessible by integration") || a.Number != 1 {
			t.Errorf("issue a: %s #%d %q", a.Status, a.Number, a.Error)
		}
	})
	t.Run("a prune's close names the issue", func(t *testing.T) {
		e := newEnv(t)
		mustApply(t, e, parse(t, src, nil))
		rep := mustApply(t, e, parse(t, `{"version": 1, "settings": {"prune": true}, "issues": [{"id": "a", "title": "A", "state": "closed"}]}`, nil))
		if len(rep.Results) != 1 || rep.Results[0].Number != 2 || !strings.HasSuffix(rep.Results[0].URL, "/issues/2") {
			t.Errorf("results %+v", rep.Results)
		}
	})
}

// TestActionTimeLimit: the action stops sending in time to report within
// GitHub's 6 hours a job may run, with room for a rate-limit wait.
func TestActionTimeLimit(t *testing.T) {
	room := 6*time.Hour - apply.DefaultActionTimeLimit
	if room != 15*time.Minute || room < gh.DefaultMaxWait {
		t.Errorf("the limit leaves %v of GitHub's 6 hours; want 15 minutes, more than a rate-limit wait (%v)", room, gh.DefaultMaxWait)
	}
}
