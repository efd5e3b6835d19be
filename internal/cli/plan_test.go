package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

func runEnv(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runCLI(t, env, "", false, args...)
}

func TestPlanAgainstFakeGitHub(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	repo := f.AddRepo("octo-org", "octo-repo")
	repo.AddLabel(githubfake.Label{Name: "bug", Color: "d73a4a"})
	repo.AddLabel(githubfake.Label{Name: "roadmap", Color: "ededed"})
	body := roadmap.ComposeBody("Done already.", "done", "")
	repo.AddIssue(githubfake.Issue{Title: "Done", Body: &body, Labels: []string{"roadmap", "bug"}})

	dir := t.TempDir()
	file := writeFile(t, dir, "roadmap.json", `{"version": 1, "repository": "ignored/by-env",
	  "labels": [{"name": "bug", "color": "d73a4a"}],
	  "issues": [
	    {"id": "done", "title": "Done", "body": "Done already.", "labels": ["bug"]},
	    {"id": "new", "title": "New work", "body": "To do.", "labels": ["bug"], "blocked_by": ["done"]}
	  ]}`)
	env := map[string]string{"GITHUB_TOKEN": "t", "GITHUB_API_URL": f.URL, "GITHUB_REPOSITORY": "octo-org/octo-repo"}

	stdout, stderr, code := runEnv(t, env, "plan", "-f", file, "--detailed-exitcode")
	if code != 2 {
		t.Fatalf("exit %d with changes and --detailed-exitcode, want 2\n%s%s", code, stdout, stderr)
	}
	if !strings.HasSuffix(stdout, "Plan: 1 to create, 0 to update, 0 to close, 3 unchanged; 1 relation to add.\n") {
		t.Errorf("text plan:\n%s", stdout)
	}
	if f.Writes() != 0 {
		t.Errorf("a plan wrote %d times", f.Writes())
	}

	stdout, _, code = runEnv(t, env, "plan", "-f", file, "--format", "json")
	var doc struct {
		Repository string
		Requests   struct{ Reads, Writes, GraphQL, Points int }
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &doc) != nil {
		t.Fatalf("exit %d, json %q", code, stdout)
	}
	// GraphQL: labels, milestones and managed issues in one query (7 points), the full scan
	// an unmatched entry needs in another (6).
	if doc.Repository != "octo-org/octo-repo" || doc.Requests.Reads != 2 || doc.Requests.Writes != 2 ||
		doc.Requests.GraphQL != 2 || doc.Requests.Points != 13 {
		t.Errorf("%+v", doc)
	}
	// ROADMAP_API=rest reads as before: labels, milestones, managed issues, the full scan.
	rest := map[string]string{"ROADMAP_API": "rest"}
	for k, v := range env {
		rest[k] = v
	}
	stdout, _, code = runEnv(t, rest, "plan", "-f", file, "--format", "json")
	doc.Requests.GraphQL, doc.Requests.Points = 0, 0
	if code != 0 || json.Unmarshal([]byte(stdout), &doc) != nil {
		t.Fatalf("exit %d, json %q", code, stdout)
	}
	if doc.Requests.Reads != 4 || doc.Requests.GraphQL != 0 || doc.Requests.Points != 0 {
		t.Errorf("ROADMAP_API=rest: %+v", doc)
	}
	rest["ROADMAP_API"] = "soap"
	if _, stderr, code := runEnv(t, rest, "plan", "-f", file); code != ExitUsage || !strings.Contains(stderr, `ROADMAP_API="soap" is not graphql or rest`) {
		t.Errorf("ROADMAP_API=soap: exit %d, %s", code, stderr)
	}

	_, stderr, code = runEnv(t, map[string]string{"GITHUB_TOKEN": "t", "GITHUB_API_URL": f.URL}, "plan", "-f", file, "--repo", "octo-org/missing")
	if code != ExitGitHub || !strings.Contains(stderr, "404 Not Found — check the repository name octo-org/missing") {
		t.Errorf("a missing repository: exit %d, %s", code, stderr)
	}
}

func TestPlanWithoutTokenSaysSo(t *testing.T) {
	file := writeFile(t, t.TempDir(), "roadmap.json", `{"version": 1, "issues": [{"id": "a", "title": "A"}]}`)
	stdout, stderr, code := runEnv(t, nil, "plan", "-f", file, "--format", "markdown")
	if code != 0 || !strings.Contains(stderr, "planning against an empty repository") || !strings.Contains(stdout, "**Plan: 2 to create") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	if _, _, code := runEnv(t, nil, "plan", "-f", file, "--format", "yaml"); code != ExitUsage {
		t.Errorf("a bad --format is a usage error, got exit %d", code)
	}
	bad := writeFile(t, t.TempDir(), "bad.json", `{"version": 2}`)
	if _, stderr, code := runEnv(t, nil, "plan", "-f", bad); code != 1 || !strings.Contains(stderr, "version must be 1") {
		t.Errorf("an invalid roadmap: exit %d, %s", code, stderr)
	}
}

// TestPlanStopsAtGraphQLRateLimit: an exhausted GraphQL budget stops a plan with the line a
// REST limit gives, saying when to run again.
func TestPlanStopsAtGraphQLRateLimit(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	f.AddRepo("octo-org", "octo-repo")
	reset := time.Now().Add(3 * time.Hour).UTC()
	f.ExhaustGraphQL(reset)
	file := writeFile(t, t.TempDir(), "roadmap.json", `{"version": 1, "issues": [{"id": "a", "title": "A"}]}`)
	env := map[string]string{"GITHUB_TOKEN": "t", "GITHUB_API_URL": f.URL, "GITHUB_REPOSITORY": "octo-org/octo-repo"}
	_, stderr, code := runEnv(t, env, "plan", "-f", file)
	want := "GitHub's rate limit is used up — run again after " + reset.Truncate(time.Second).Format("15:04 UTC")
	if code != ExitGitHub || !strings.Contains(stderr, want) {
		t.Fatalf("exit %d, stderr %q; want %q", code, stderr, want)
	}
}
