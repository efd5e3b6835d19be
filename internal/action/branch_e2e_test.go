package action_test

import (
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

// Only the default branch is applied: a branch's roadmap has not been
// reviewed. Whoever can start a workflow from a branch must not be able to
// apply that branch by it.
func TestOnlyTheDefaultBranchIsApplied(t *testing.T) {
	const sha = "6113728f27ae82c7b1a177c8d03f9e96e0adf246"
	dispatchFeature := job{event: "workflow_dispatch", payload: "workflow_dispatch.feature-branch.json", repo: "octo-org/octo-repo", ref: "refs/heads/feature", sha: sha}
	t.Run("a manual run from a feature branch plans, says why, and succeeds", func(t *testing.T) {
		f := githubfake.New()
		defer f.Close()
		f.AddRepo("octo-org", "octo-repo")
		r := dispatchFeature.run(t, f)
		if r.code != 0 || f.Writes() != 0 {
			t.Fatalf("exit %d, writes %v\n%s", r.code, writesTo(f), r.stdout)
		}
		why := "workflow_dispatch from refs/heads/feature, not the default branch (main): plan only, nothing is written — only the default branch is applied; run the workflow from it to apply"
		if !strings.Contains(r.stdout, "Roadmap as Code: "+why) {
			t.Errorf("the log does not say why:\n%s", r.stdout)
		}
		if !strings.Contains(r.summary, "Workflow_dispatch from refs/heads/feature, not the default branch (main)") || !strings.Contains(r.summary, "Plan: 6 to create, 0 to update, 0 to close, 0 unchanged; 3 relations to add.") {
			t.Errorf("summary:\n%s", r.summary)
		}
	})
	t.Run("mode apply from a feature branch is refused before anything is read", func(t *testing.T) {
		f := githubfake.New()
		defer f.Close()
		f.AddRepo("octo-org", "octo-repo")
		j := dispatchFeature
		j.inputs = map[string]string{"mode": "apply"}
		r := j.run(t, f)
		if r.code != 1 || len(f.Requests()) != 0 {
			t.Fatalf("exit %d, requests %v", r.code, f.Requests())
		}
		if !strings.Contains(r.stdout, "::error::mode: apply is refused on refs/heads/feature: only the default branch (main) is applied") ||
			!strings.Contains(r.stdout, "set allow-branch-apply: true") {
			t.Errorf("log:\n%s", r.stdout)
		}
	})
	t.Run("a push to a feature branch with mode apply is refused", func(t *testing.T) {
		f := githubfake.New()
		defer f.Close()
		f.AddRepo("Codertocat", "Hello-World")
		r := job{event: "push", payload: "push.branch.json", repo: prRepo, ref: "refs/heads/feature/roadmap-edit", sha: sha,
			inputs: map[string]string{"mode": "apply"}}.run(t, f)
		if r.code != 1 || f.Writes() != 0 {
			t.Fatalf("exit %d, writes %v", r.code, writesTo(f))
		}
	})
	t.Run("allow-branch-apply applies a branch, and warns", func(t *testing.T) {
		f := githubfake.New()
		defer f.Close()
		repo := f.AddRepo("octo-org", "octo-repo")
		j := dispatchFeature
		j.inputs = map[string]string{"mode": "apply", "allow-branch-apply": "true"}
		r := j.run(t, f)
		if r.code != 0 {
			t.Fatalf("exit %d\n%s", r.code, r.stdout)
		}
		checkApplied(t, repo)
		if !strings.Contains(r.stdout, "::warning::Applying refs/heads/feature, which is not the default branch: allow-branch-apply is true") {
			t.Errorf("no warning in the log:\n%s", r.stdout)
		}
	})
	t.Run("a bad allow-branch-apply is a bad input", func(t *testing.T) {
		f := githubfake.New()
		defer f.Close()
		f.AddRepo("octo-org", "octo-repo")
		j := dispatchFeature
		j.inputs = map[string]string{"mode": "apply", "allow-branch-apply": "yes"}
		if r := j.run(t, f); r.code != 2 || len(f.Requests()) != 0 {
			t.Fatalf("exit %d, requests %v", r.code, f.Requests())
		}
	})
	t.Run("an issues event runs on the default branch: mode apply applies", func(t *testing.T) {
		f := githubfake.New()
		defer f.Close()
		repo := f.AddRepo("Codertocat", "Hello-World")
		r := job{event: "issues", payload: "issues.opened.json", repo: prRepo, ref: "refs/heads/master", sha: sha,
			inputs: map[string]string{"mode": "apply"}}.run(t, f)
		if r.code != 0 {
			t.Fatalf("exit %d\n%s", r.code, r.stdout)
		}
		checkApplied(t, repo)
	})
	t.Run("a schedule's payload names no branch: GitHub is asked, and its default branch applies", func(t *testing.T) {
		f := githubfake.New()
		defer f.Close()
		repo := f.AddRepo("octo-org", "octo-repo")
		r := job{event: "schedule", payload: "schedule.json", repo: "octo-org/octo-repo", ref: "refs/heads/main", sha: sha,
			inputs: map[string]string{"mode": "apply"}}.run(t, f)
		if r.code != 0 {
			t.Fatalf("exit %d\n%s", r.code, r.stdout)
		}
		checkApplied(t, repo)
		if got := f.Requests()[0]; got.Method != "GET" || got.Path != "/repos/octo-org/octo-repo" {
			t.Errorf("first request %s %s; want the repository, for its default branch", got.Method, got.Path)
		}
	})
	t.Run("a schedule on another ref is refused", func(t *testing.T) {
		f := githubfake.New()
		defer f.Close()
		f.AddRepo("octo-org", "octo-repo")
		r := job{event: "schedule", payload: "schedule.json", repo: "octo-org/octo-repo", ref: "refs/heads/other", sha: sha,
			inputs: map[string]string{"mode": "apply"}}.run(t, f)
		if r.code != 1 || f.Writes() != 0 {
			t.Fatalf("exit %d, writes %v", r.code, writesTo(f))
		}
	})
}
