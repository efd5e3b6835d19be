package apply_test

import (
	"context"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/apply"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// A transferred issue answers 301 to another repository's issue; a renamed
// repository redirects to /repositories/{id}. Reads follow, writes never do.
func TestRedirects(t *testing.T) {
	t.Run("an issue transferred after the plan: its update fails, nothing else is touched", func(t *testing.T) {
		e := readyEnv(t)
		other := e.f.AddRepo("octo-org", "elsewhere")
		res := parse(t, twoIssues, nil)
		mustApply(t, e, res)
		changed := parse(t, strings.Replace(twoIssues, `"title": "One"`, `"title": "One, renamed"`, 1), nil)
		p := e.plan(t, changed)
		newNumber := e.repo.TransferIssue(1, other)
		e.f.ResetCounts()
		rep, err := runPlan(t, e, p)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Results) != 1 || rep.Results[0].Status != apply.StatusFailed ||
			!strings.Contains(rep.Results[0].Error, "redirected to") || !strings.Contains(rep.Results[0].Error, "nothing was written") {
			t.Fatalf("results %+v", rep.Results)
		}
		if e.f.Writes() != 1 || e.f.Reads() != 0 {
			t.Errorf("%d writes and %d reads: the redirect was followed", e.f.Writes(), e.f.Reads())
		}
		if got := other.Issue(newNumber); got.Title != "One" {
			t.Errorf("the transferred issue was changed: %q", got.Title)
		}
	})
	t.Run("a number that moved is an error naming where; a duplicate that moved a warning", func(t *testing.T) {
		e := readyEnv(t)
		other := e.f.AddRepo("octo-org", "elsewhere")
		other.AddIssue(githubIssue("filler"))
		a := e.repo.AddIssue(githubIssue("Adopt me"))
		d := e.repo.AddIssue(githubIssue("A copy"))
		e.repo.TransferIssue(a, other)
		e.repo.TransferIssue(d, other)
		res := parse(t, `{"version": 1, "issues": [{"id": "x", "title": "X", "number": 1}]}`, nil)
		snap, err := state.Fetch(context.Background(), e.client(t), full, res.Roadmap)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := plan.Compute(res.Roadmap, res.Bodies, snap); err == nil ||
			!strings.Contains(err.Error(), `issue "x": #1 was moved to octo-org/elsewhere#2, another repository`) {
			t.Errorf("plan error: %v", err)
		}
		res = parse(t, `{"version": 1, "issues": [{"id": "x", "title": "X", "duplicates": [2]}]}`, nil)
		p := e.plan(t, res)
		if !warned(p, `issue "x" lists #2 as a duplicate, but #2 was moved to octo-org/elsewhere#3; it is not closed`) {
			t.Errorf("warnings %q", p.Warnings)
		}
		for _, c := range p.Changes {
			if c.Action == plan.ActionClose {
				t.Errorf("a moved issue is closed: %+v", c)
			}
		}
	})
	t.Run("a renamed repository still plans and applies, under its new place, and says so", func(t *testing.T) {
		e := readyEnv(t)
		res := parse(t, twoIssues, nil)
		e.repo.Rename("octo-org", "new-name")
		c := e.client(t) // still octo-org/octo-repo
		snap, err := state.Fetch(context.Background(), c, full, res.Roadmap)
		if err != nil {
			t.Fatal(err)
		}
		p, err := plan.Compute(res.Roadmap, res.Bodies, snap)
		if err != nil {
			t.Fatal(err)
		}
		if !warned(p, "GitHub redirects octo-org/octo-repo to repositories/") {
			t.Errorf("the plan does not say the repository moved: %q", p.Warnings)
		}
		e.f.ResetCounts()
		rep, err := apply.Run(context.Background(), p, c, apply.Options{Sleep: e.clock.Sleep})
		if err != nil || !rep.OK() {
			t.Fatalf("apply: %v\n%s", err, failures(rep))
		}
		for _, r := range e.f.Requests() {
			if r.Write && !strings.HasPrefix(r.Path, "/repositories/") {
				t.Errorf("a write went to the old name: %s %s (%d)", r.Method, r.Path, r.Status)
			}
		}
		if len(e.repo.Issues()) != 2 {
			t.Errorf("%d issues", len(e.repo.Issues()))
		}
		if got := c.Renamed(); !strings.Contains(got, "GitHub redirects octo-org/octo-repo to repositories/") || !strings.Contains(got, "renamed or transferred") {
			t.Errorf("Renamed() = %q", got)
		}
	})
}

func githubIssue(title string) githubfake.Issue { return githubfake.Issue{Title: title} }
