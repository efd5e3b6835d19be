package apply_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/apply"
	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// TestNewSubIssueCreatedLinked: planned through GraphQL (which learns the
// node ids), a new issue whose parent exists is created as its sub-issue
// in one write, and its parent link costs nothing more; a new issue whose
// parent is new too, or that has none, is created by REST as before.
func TestNewSubIssueCreatedLinked(t *testing.T) {
	e := newEnv(t)
	mustApply(t, e, parse(t, `{"version": 1, "labels": [{"name": "bug", "color": "d73a4a"}], "issues": [{"id": "epic", "title": "Epic"}]}`, nil))
	res := parse(t, `{"version": 1, "labels": [{"name": "bug", "color": "d73a4a"}], "issues": [
	  {"id": "epic", "title": "Epic"},
	  {"id": "one", "title": "One", "labels": ["bug"], "parent": "epic"},
	  {"id": "two", "title": "Two", "parent": "one"},
	  {"id": "three", "title": "Three", "blocked_by": ["one"]}]}`, nil)
	ctx := context.Background()
	c := e.client(t)
	snap, err := state.Fetch(ctx, c.Reader(), full, res.Roadmap)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Compute(res.Roadmap, res.Bodies, snap)
	if err != nil {
		t.Fatal(err)
	}
	e.f.ResetCounts()
	rep, err := apply.Run(ctx, p, c, apply.Options{Sleep: e.clock.Sleep})
	if err != nil || !rep.OK() {
		t.Fatalf("apply: %v\n%s", err, failures(rep))
	}
	var writes []string
	for _, r := range e.f.Requests() {
		switch {
		case r.GraphQL && r.Write:
			writes = append(writes, "GraphQL mutation")
		case r.Write:
			writes = append(writes, r.Method+" "+pathOnly(r.Path))
		}
	}
	// Issues are created in id order: one, three, two. One's parent is
	// there from the start, two's (one) from its create on.
	want := []string{
		"GraphQL mutation",                      // one, created as the epic's sub-issue
		"POST /repos/octo-org/octo-repo/issues", // three: no parent
		"GraphQL mutation",                      // two, created as one's sub-issue
		"POST /repos/octo-org/octo-repo/issues/3/dependencies/blocked_by", // three blocked by one: a write of its own
	}
	if !slices.Equal(writes, want) {
		t.Errorf("writes:\n%s\nwant:\n%s", strings.Join(writes, "\n"), strings.Join(want, "\n"))
	}
	notes := map[string]string{}
	for _, r := range rep.Results {
		if r.Change.Kind == plan.KindRelation {
			notes[r.Change.Key+" "+r.Change.Relation] = r.Status + ": " + r.Note
		}
	}
	for key, want := range map[string]string{
		"one parent":       "done: linked when the issue was created; nothing more was sent",
		"two parent":       "done: linked when the issue was created; nothing more was sent",
		"three blocked_by": "done: ",
	} {
		if notes[key] != want {
			t.Errorf("%s: %q, want %q", key, notes[key], want)
		}
	}
	if a, b := e.repo.SubIssues(1), e.repo.SubIssues(2); !slices.Equal(a, []int{2}) || !slices.Equal(b, []int{4}) {
		t.Errorf("sub-issues of the epic %v, of one %v; want [2] and [4]", a, b)
	}
	if p := e.plan(t, res); len(p.Changes) != 0 {
		t.Errorf("not converged: %+v", p.Changes)
	}
}
