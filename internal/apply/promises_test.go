package apply_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/apply"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/plan"
)

// writesOf is the fake's log of writes, each as "METHOD path" without the query.
func writesOf(f *githubfake.Fake) []githubfake.Request {
	var out []githubfake.Request
	for _, r := range f.Requests() {
		if r.Write {
			out = append(out, r)
		}
	}
	return out
}

// TestOneWritePerIssueUpdate: an update is one PATCH carrying every changed
// field, never one request per field.
func TestOneWritePerIssueUpdate(t *testing.T) {
	e := newEnv(t)
	mustApply(t, e, parse(t, everyWrite, nil))
	changed := strings.Replace(everyWrite, `{"id": "two", "title": "Two", "blocked_by": ["one"]}`,
		`{"id": "two", "title": "Two, renamed", "body": "Now with a body.", "labels": ["bug"], "milestone": "M1", "assignees": ["octocat"], "blocked_by": ["one"]}`, 1)
	res := parse(t, changed, nil)
	p := e.plan(t, res)
	if len(p.Changes) != 1 {
		t.Fatalf("the plan has %d changes, want the one update", len(p.Changes))
	}
	e.f.ResetCounts()
	if rep, err := runPlan(t, e, p); err != nil || !rep.OK() {
		t.Fatalf("apply: %v\n%s", err, failures(rep))
	}
	writes := writesOf(e.f)
	if len(writes) != 1 || writes[0].Method != "PATCH" || writes[0].Path != "/repos/octo-org/octo-repo/issues/3" {
		t.Fatalf("want one PATCH of issue #3:\n%s", requestLog(writes))
	}
	var sent map[string]any
	if err := json.Unmarshal([]byte(writes[0].Body), &sent); err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"title", "body", "labels", "milestone", "assignees"} {
		if _, ok := sent[field]; !ok {
			t.Errorf("the PATCH lacks %s: %s", field, writes[0].Body)
		}
	}
	if p := e.plan(t, res); len(p.Changes) != 0 {
		t.Errorf("not converged: %+v", p.Changes)
	}
}

// TestCreateSentAgainAfterALostConnection: the connection drops before
// GitHub did anything. Apply looks for the object, finds none, waits a
// second and sends the create again: one object, two POSTs.
func TestCreateSentAgainAfterALostConnection(t *testing.T) {
	for _, tt := range []struct {
		kind, path string
		count      func(r *githubfake.Repo) int
	}{
		{"label", "/labels", func(r *githubfake.Repo) int { return len(r.Labels()) }},
		{"milestone", "/milestones", func(r *githubfake.Repo) int { return len(r.Milestones()) }},
		{"issue", "/issues", func(r *githubfake.Repo) int { return len(r.Issues()) }},
		{"sub-issue", "/sub_issues", func(r *githubfake.Repo) int { return len(r.SubIssues(1)) }},
		{"dependency", "/dependencies/blocked_by", func(r *githubfake.Repo) int { return len(r.BlockedBy(3)) }},
	} {
		t.Run(tt.kind, func(t *testing.T) {
			e := newEnv(t)
			res := parse(t, everyWrite, nil)
			p := e.plan(t, res)
			var dropped bool
			e.transport = func(next http.RoundTripper) http.RoundTripper {
				return roundTripFunc(func(req *http.Request) (*http.Response, error) {
					if !dropped && req.Method == "POST" && strings.HasSuffix(req.URL.Path, tt.path) {
						dropped = true
						return nil, errDropped
					}
					return next.RoundTrip(req)
				})
			}
			rep, err := runPlan(t, e, p)
			if err != nil || !rep.OK() {
				t.Fatalf("apply: %v\n%s", err, failures(rep))
			}
			clean := newEnv(t)
			mustApply(t, clean, res)
			if got, want := tt.count(e.repo), tt.count(clean.repo); got != want {
				t.Errorf("%d %ss after a dropped create, want %d", got, tt.kind, want)
			}
			if got, want := dump(e.repo), dump(clean.repo); got != want {
				t.Errorf("the repository differs from a clean apply's:\n got:\n%s\nwant:\n%s", got, want)
			}
			if s := e.clock.Sleeps(); !slices.Equal(s, []time.Duration{time.Second}) {
				t.Errorf("waits %v, want one of 1s before sending again", s)
			}
		})
	}
}

var errDropped = &dropError{}

type dropError struct{}

func (*dropError) Error() string { return "connection reset by peer" }

// TestRelationRefusedAsAlreadyMade: a relation the plan did not see (another
// run, or a lost answer of an earlier one, made it) is refused by GitHub
// with a 422; apply reads the list, finds it, and counts it done.
func TestRelationRefusedAsAlreadyMade(t *testing.T) {
	e := newEnv(t)
	bare := strings.NewReplacer(`, "parent": "epic"`, "", `, "blocked_by": ["one"]`, "").Replace(everyWrite)
	mustApply(t, e, parse(t, bare, nil))
	p := e.plan(t, parse(t, everyWrite, nil))
	if n := countRelations(p); n != 2 {
		t.Fatalf("the plan has %d relations, want 2", n)
	}
	e.repo.SetParent(2, 1)
	e.repo.AddBlockedBy(3, 2)
	e.f.ResetCounts()
	rep, err := runPlan(t, e, p)
	if err != nil || !rep.OK() {
		t.Fatalf("apply: %v\n%s", err, failures(rep))
	}
	var got []string
	for _, r := range e.f.Requests() {
		got = append(got, r.Method+" "+pathOnly(r.Path)+" "+http.StatusText(r.Status))
	}
	want := []string{
		"POST /repos/octo-org/octo-repo/issues/1/sub_issues Unprocessable Entity",
		"GET /repos/octo-org/octo-repo/issues/1/sub_issues OK",
		"POST /repos/octo-org/octo-repo/issues/3/dependencies/blocked_by Unprocessable Entity",
		"GET /repos/octo-org/octo-repo/issues/3/dependencies/blocked_by OK",
	}
	if !slices.Equal(got, want) {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(e.repo.SubIssues(1)) != 1 || len(e.repo.BlockedBy(3)) != 1 {
		t.Errorf("sub-issues %v, blocked by %v", e.repo.SubIssues(1), e.repo.BlockedBy(3))
	}
}

// TestSubIssueMovesFromAnotherParent: the roadmap says where a sub-issue
// belongs, so apply moves it from the parent it has (replace_parent); without
// it GitHub refuses: "Sub-issue may only have one parent".
func TestSubIssueMovesFromAnotherParent(t *testing.T) {
	e := newEnv(t)
	mustApply(t, e, parse(t, strings.Replace(everyWrite, `"parent": "epic"`, `"parent": "two"`, 1), nil))
	if subs := e.repo.SubIssues(3); !slices.Equal(subs, []int{2}) {
		t.Fatalf("sub-issues of #3: %v", subs)
	}
	res := parse(t, everyWrite, nil)
	e.f.ResetCounts()
	mustApply(t, e, res)
	if a, b := e.repo.SubIssues(1), e.repo.SubIssues(3); !slices.Equal(a, []int{2}) || len(b) != 0 {
		t.Errorf("after the move: sub-issues of #1 %v (want [2]), of #3 %v (want none)", a, b)
	}
	writes := writesOf(e.f)
	if len(writes) != 1 || !strings.Contains(writes[0].Body, `"replace_parent":true`) {
		t.Errorf("want one POST with replace_parent:\n%s", requestLog(writes))
	}
}

// TestApplyOrder: on the wire, labels, milestones, issue creates, issue
// updates, relations, closes — so each write finds what it names already there.
func TestApplyOrder(t *testing.T) {
	e := newEnv(t)
	mustApply(t, e, parse(t, `{"version": 1, "settings": {"prune": true},
	  "labels": [{"name": "bug", "color": "d73a4a"}], "milestones": [{"title": "M1"}],
	  "issues": [{"id": "keep", "title": "Keep"}, {"id": "gone", "title": "Gone"}]}`, nil))
	p := e.plan(t, parse(t, `{"version": 1, "settings": {"prune": true},
	  "labels": [{"name": "bug", "color": "ee0701"}, {"name": "new", "color": "0e8a16"}],
	  "milestones": [{"title": "M1", "description": "first"}, {"title": "M2"}],
	  "issues": [{"id": "keep", "title": "Keep it", "labels": ["new"], "milestone": "M2", "blocked_by": ["fresh"]},
	             {"id": "fresh", "title": "Fresh", "labels": ["new"], "milestone": "M2"}]}`, nil))
	// The plan lists changes by kind and name; apply reorders creates before
	// updates and relations, and closes last.
	e.f.ResetCounts()
	rep, err := runPlan(t, e, p)
	if err != nil || !rep.OK() {
		t.Fatalf("apply: %v\n%s", err, failures(rep))
	}
	var got []string
	for _, w := range writesOf(e.f) {
		got = append(got, w.Method+" "+pathOnly(w.Path))
	}
	want := []string{
		"PATCH /repos/octo-org/octo-repo/labels/bug",
		"POST /repos/octo-org/octo-repo/labels",
		"PATCH /repos/octo-org/octo-repo/milestones/1",
		"POST /repos/octo-org/octo-repo/milestones",
		"POST /repos/octo-org/octo-repo/issues",
		"PATCH /repos/octo-org/octo-repo/issues/2", // keep: "gone" < "keep" made them #1 and #2
		"POST /repos/octo-org/octo-repo/issues/2/dependencies/blocked_by",
		"PATCH /repos/octo-org/octo-repo/issues/1", // gone, closed
	}
	if !slices.Equal(got, want) {
		t.Errorf("writes in this order:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var kinds []string
	for _, r := range rep.Results {
		kinds = append(kinds, string(r.Change.Kind)+" "+string(r.Change.Action))
	}
	wantKinds := []string{"label update", "label create", "milestone update", "milestone create", "issue create", "issue update", "relation relate", "issue close"}
	if !slices.Equal(kinds, wantKinds) {
		t.Errorf("report order %v, want %v", kinds, wantKinds)
	}
	for i, c := range apply.Ordered(p.Changes) {
		if r := rep.Results[i].Change; c.Kind != r.Kind || c.Key != r.Key || c.Action != r.Action {
			t.Errorf("apply.Ordered has %s %s %q at %d; apply sent %s %s %q", c.Kind, c.Action, c.Key, i, r.Kind, r.Action, r.Key)
		}
	}
}

// TestOrderedKinds: one change of every kind, given in reverse, comes out
// in the order apply writes: labels, milestones, issue creates and updates,
// relations, project items, project values, and closes last.
func TestOrderedKinds(t *testing.T) {
	want := []plan.Change{
		{Kind: plan.KindLabel, Action: plan.ActionCreate, Key: "l"},
		{Kind: plan.KindMilestone, Action: plan.ActionCreate, Key: "m"},
		{Kind: plan.KindIssue, Action: plan.ActionCreate, Key: "i"},
		{Kind: plan.KindRelation, Action: plan.ActionCreate, Key: "r"},
		{Kind: plan.KindProjectItem, Action: plan.ActionCreate, Key: "pi"},
		{Kind: plan.KindProjectField, Action: plan.ActionUpdate, Key: "pf"},
		{Kind: plan.KindIssue, Action: plan.ActionClose, Key: "c"},
	}
	in := make([]plan.Change, len(want))
	for i := range want {
		in[len(want)-1-i] = want[i]
	}
	got := apply.Ordered(in)
	for i := range want {
		if got[i].Key != want[i].Key {
			var keys []string
			for _, c := range got {
				keys = append(keys, c.Key)
			}
			t.Fatalf("order %v, want l m i r pi pf c", keys)
		}
	}
}
