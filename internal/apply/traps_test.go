package apply_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/apply"
	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/plan"
)

// converge applies res and asserts the next plan is empty.
func converge(t *testing.T, e *env, src string, files map[string]string) {
	t.Helper()
	res := parse(t, src, files)
	mustApply(t, e, res)
	if p := e.plan(t, res); len(p.Changes) != 0 {
		t.Fatalf("the plan after apply is not empty: %+v", p.Changes)
	}
}

// TestConvergenceTraps applies roadmaps that would never converge if
// apply and plan disagreed with how GitHub stores things.
func TestConvergenceTraps(t *testing.T) {
	t.Run("due dates in winter and summer", func(t *testing.T) {
		e := newEnv(t)
		converge(t, e, `{"version": 1, "milestones": [
		  {"title": "Winter", "due_on": "2027-01-15"},
		  {"title": "Summer", "due_on": "2027-07-15"},
		  {"title": "New year", "due_on": "2027-01-01"}]}`, nil)
		for _, m := range e.repo.Milestones() {
			want := map[string]string{"Winter": "2027-01-15", "Summer": "2027-07-15", "New year": "2027-01-01"}[m.Title]
			if m.DueOn != want {
				t.Errorf("milestone %q is due %s on GitHub, want %s", m.Title, m.DueOn, want)
			}
		}
		// Moving a date is one PATCH, and lands on the date asked for.
		e.f.ResetCounts()
		converge(t, e, `{"version": 1, "milestones": [
		  {"title": "Winter", "due_on": "2027-02-01"},
		  {"title": "Summer", "due_on": "2027-07-15"},
		  {"title": "New year", "due_on": null}]}`, nil)
		if e.f.Writes() != 2 {
			t.Errorf("moving one date and clearing another wrote %d times, want 2", e.f.Writes())
		}
	})

	t.Run("CRLF body edited in the web UI", func(t *testing.T) {
		e := newEnv(t)
		src := `{"version": 1, "issues": [{"id": "crlf", "title": "CRLF", "body": "line one\nline two\n\n- a\n- b"}]}`
		converge(t, e, src, nil)
		n := e.repo.Issues()[0].Number
		body := strings.ReplaceAll(*e.repo.Issue(n).Body, "\n", "\r\n") + "\r\n"
		if _, err := e.client(t).UpdateIssue(context.Background(), n, gh.IssueFields{"body": body}); err != nil {
			t.Fatal(err)
		}
		if p := e.plan(t, parse(t, src, nil)); len(p.Changes) != 0 {
			t.Fatalf("a body the web UI saved with CRLF plans a change: %+v", p.Changes)
		}
	})

	t.Run("label differing only in case", func(t *testing.T) {
		e := newEnv(t)
		e.repo.AddLabel(githubfake.Label{Name: "p0-CRITICAL", Color: "b60205"})
		hand := e.repo.AddIssue(githubfake.Issue{Title: "Hand-made", Labels: []string{"p0-CRITICAL"}})
		converge(t, e, `{"version": 1, "labels": [{"name": "P0-critical", "color": "b60205"}]}`, nil)
		if _, ok := e.repo.Label("P0-critical"); !ok || len(e.repo.Labels()) != 2 {
			t.Fatalf("labels %+v, want P0-critical renamed in place and the managed label", e.repo.Labels())
		}
		if got := e.repo.Issue(hand).Labels; len(got) != 1 || got[0] != "P0-critical" {
			t.Errorf("the hand-made issue's labels are %v: a rename must keep the label on its issues", got)
		}
	})

	t.Run("label names with a slash, a space and a percent sign", func(t *testing.T) {
		e := newEnv(t)
		names := []string{"area/collab", "good first issue", "50% done"}
		src := `{"version": 1, "labels": [
		  {"name": "area/collab", "color": "111111"}, {"name": "good first issue", "color": "222222"}, {"name": "50% done", "color": "333333"}],
		  "issues": [{"id": "x", "title": "X", "labels": ["area/collab", "good first issue", "50% done"]}]}`
		converge(t, e, src, nil)
		converge(t, e, strings.NewReplacer("111111", "aaaaaa", "222222", "bbbbbb", "333333", "cccccc").Replace(src), nil)
		for i, n := range names {
			l, ok := e.repo.Label(n)
			if want := strings.Repeat(string(rune('a'+i)), 6); !ok || l.Color != want {
				t.Errorf("label %q: %+v, want color %s", n, l, want)
			}
		}
		if len(e.repo.Labels()) != 4 {
			t.Errorf("labels %+v: an update must not create a label", e.repo.Labels())
		}
	})

	t.Run("text a person added below the marker is kept", func(t *testing.T) {
		e := newEnv(t)
		converge(t, e, `{"version": 1, "issues": [{"id": "kept", "title": "Kept", "body": "First text."}]}`, nil)
		n := e.repo.Issues()[0].Number
		note := "Note from a person: ask @octocat before starting."
		if _, err := e.client(t).UpdateIssue(context.Background(), n, gh.IssueFields{"body": *e.repo.Issue(n).Body + "\n" + note}); err != nil {
			t.Fatal(err)
		}
		converge(t, e, `{"version": 1, "issues": [{"id": "kept", "title": "Kept", "body": "Second text."}]}`, nil)
		body := *e.repo.Issue(n).Body
		if !strings.HasPrefix(body, "Second text.") || !strings.HasSuffix(body, note) {
			t.Errorf("body after the roadmap changed it:\n%s", body)
		}
	})

	t.Run("issue created closed", func(t *testing.T) {
		e := newEnv(t)
		src := `{"version": 1, "issues": [{"id": "done", "title": "Done", "state": "closed"}]}`
		res := parse(t, src, nil)
		p := e.plan(t, res)
		if p.Writes() != 3 {
			t.Errorf("plan says %d writes for the managed label and an issue created closed, want 3", p.Writes())
		}
		converge(t, e, src, nil)
		if is := e.repo.Issues()[0]; is.State != "closed" || is.StateReason != "completed" {
			t.Errorf("issue is %s/%s, want closed/completed", is.State, is.StateReason)
		}
	})

	t.Run("duplicate closed with a link to the kept issue", func(t *testing.T) {
		e := newEnv(t)
		dup := e.repo.AddIssue(githubfake.Issue{Title: "Same thing, filed twice"})
		src := `{"version": 1, "issues": [{"id": "kept", "title": "The thing", "duplicates": [` + strconv.Itoa(dup) + `]}]}`
		converge(t, e, src, nil)
		kept := e.repo.Issues()[1].Number
		if is := e.repo.Issue(dup); is.State != "closed" || is.StateReason != "duplicate" || is.DuplicateOf != kept {
			t.Errorf("duplicate #%d is %s/%s of #%d, want closed/duplicate of #%d", dup, is.State, is.StateReason, is.DuplicateOf, kept)
		}
	})
}

// TestRefusalsNameTheObject: a change GitHub refuses fails alone, named with
// GitHub's reason; what does not depend on it still applies, and what does
// is not sent.
func TestRefusalsNameTheObject(t *testing.T) {
	e := newEnv(t)
	p := &plan.Plan{Repository: full, ManagedLabel: "roadmap", Milestones: map[string]int{}, Issues: map[string]plan.IssueRef{},
		Changes: []plan.Change{
			{Kind: plan.KindLabel, Action: plan.ActionCreate, Key: "roadmap", Fields: []plan.Field{{Name: "name", To: "roadmap"}}},
			{Kind: plan.KindLabel, Action: plan.ActionCreate, Key: "P0-critical", Fields: []plan.Field{{Name: "name", To: "P0-critical"}, {Name: "color", To: "not-a-color"}}},
			{Kind: plan.KindLabel, Action: plan.ActionCreate, Key: "fine", Fields: []plan.Field{{Name: "name", To: "fine"}, {Name: "color", To: "00ff00"}}},
			{Kind: plan.KindIssue, Action: plan.ActionCreate, Key: "a", Title: "A", Fields: []plan.Field{{Name: "title", To: "A"}, {Name: "labels", To: []string{"P0-critical", "roadmap"}}}},
			{Kind: plan.KindIssue, Action: plan.ActionCreate, Key: "b", Title: "B", Fields: []plan.Field{{Name: "title", To: "B"}, {Name: "labels", To: []string{"fine", "roadmap"}}}},
			{Kind: plan.KindRelation, Action: plan.ActionRelate, Key: "b", Relation: "blocked_by", Target: "a"},
		}}
	rep, err := apply.Run(context.Background(), p, e.client(t), apply.Options{Sleep: e.clock.Sleep})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rep.Results {
		got[r.Change.Key+"/"+r.Change.Kind] = r.Status + ": " + r.Error
	}
	want := map[string]string{
		"roadmap/label":     "done: ",
		"P0-critical/label": `failed: label "P0-critical": GitHub says color is invalid`,
		"fine/label":        "done: ",
		"a/issue":           `skipped: not sent: label "P0-critical" was not applied`,
		"b/issue":           "done: ",
		"b/relation":        `skipped: not sent: issue "a" was not applied`,
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %q, want %q", k, got[k], w)
		}
	}
	if rep.OK() || !strings.HasPrefix(rep.SummaryLine(), "Apply incomplete: 3 created, 0 updated, 0 closed, 1 failed, 2 not sent") {
		t.Errorf("summary %q", rep.SummaryLine())
	}
}
