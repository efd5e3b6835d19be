package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

// runCLI runs the CLI with stdin as input, on a terminal or not.
func runCLI(t *testing.T, env map[string]string, input string, terminal bool, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := Run(context.Background(), args, Env{Stdin: strings.NewReader(input), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return env[k] }, StdinIsTerminal: terminal})
	if err != nil && !Silent(err) {
		errb.WriteString(err.Error())
	}
	return out.String(), errb.String(), ExitCode(err)
}

func TestApplyAgainstFakeGitHub(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	repo := f.AddRepo("octo-org", "octo-repo")
	file := writeFile(t, t.TempDir(), "roadmap.json", `{"version": 1,
	  "labels": [{"name": "area/collab", "color": "1d76db"}],
	  "milestones": [{"title": "Q1", "due_on": "2027-03-31"}],
	  "issues": [
	    {"id": "engine", "title": "Engine", "body": "Build it.", "labels": ["area/collab"], "milestone": "Q1"},
	    {"id": "ui", "title": "UI", "parent": "engine", "blocked_by": ["engine"]}
	  ]}`)
	env := map[string]string{"GITHUB_TOKEN": "t", "GITHUB_API_URL": f.URL, "GITHUB_REPOSITORY": "octo-org/octo-repo", "ROADMAP_WRITE_INTERVAL": "0"}

	t.Run("no terminal and no --yes refuses", func(t *testing.T) {
		stdout, stderr, code := runCLI(t, env, "", false, "apply", "-f", file)
		if code != ExitCancelled || !strings.Contains(stderr, "pass --yes") || !strings.Contains(stdout, "Plan: 5 to create, 0 to update, 0 to close, 0 unchanged; 2 relations to add.") || f.Writes() != 0 {
			t.Fatalf("exit %d, %d writes\nstdout %s\nstderr %s", code, f.Writes(), stdout, stderr)
		}
	})
	t.Run("a terminal answer other than yes cancels", func(t *testing.T) {
		_, stderr, code := runCLI(t, env, "y\n", true, "apply", "-f", file)
		if code != ExitCancelled || !strings.Contains(stderr, "Only \"yes\" applies") || !strings.Contains(stderr, "nothing was written") || f.Writes() != 0 {
			t.Fatalf("exit %d, %d writes\n%s", code, f.Writes(), stderr)
		}
	})
	t.Run("yes on the terminal applies", func(t *testing.T) {
		stdout, stderr, code := runCLI(t, env, "yes\n", true, "apply", "-f", file)
		// The plan's 7 writes are 6: "ui" is created as a sub-issue of "engine" in one
		// (GraphQL's createIssue with parentIssueId).
		if code != 0 || f.Writes() != 6 {
			t.Fatalf("exit %d, %d writes\nstdout %s\nstderr %s", code, f.Writes(), stdout, stderr)
		}
		for _, want := range []string{"+ created label \"area/collab\"", "+ created milestone #1 \"Q1\"", "+ created issue #1 \"engine\" https://github.com/octo-org/octo-repo/issues/1",
			"+ linked issue \"ui\" as a sub-issue of \"engine\"", "Apply complete: 5 created, 0 updated, 0 closed; 2 relations added."} {
			if !strings.Contains(stdout, want) {
				t.Errorf("report lacks %q:\n%s", want, stdout)
			}
		}
		if subs := repo.SubIssues(1); len(subs) != 1 || subs[0] != 2 {
			t.Errorf("sub-issues of #1: %v", subs)
		}
	})
	t.Run("a second apply has nothing to do", func(t *testing.T) {
		f.ResetCounts()
		stdout, _, code := runCLI(t, env, "", false, "apply", "-f", file, "--format", "json")
		var doc struct {
			Version  int
			OK       bool
			Results  []any
			Requests struct{ Reads, Writes int }
		}
		if code != 0 || json.Unmarshal([]byte(stdout), &doc) != nil || doc.Version != 1 || !doc.OK || len(doc.Results) != 0 || doc.Requests.Writes != 0 || f.Writes() != 0 {
			t.Fatalf("exit %d, %d writes\n%s", code, f.Writes(), stdout)
		}
	})
	t.Run("a refused change exits 1 and says why", func(t *testing.T) {
		f.ReadOnly(true)
		defer f.ReadOnly(false)
		changed := writeFile(t, t.TempDir(), "roadmap.json", `{"version": 1, "labels": [{"name": "area/collab", "color": "000000"}]}`)
		stdout, _, code := runCLI(t, env, "", false, "apply", "-f", changed, "--yes")
		if code != ExitApply || !strings.Contains(stdout, `x failed label "area/collab": GitHub says Resource not accessible by integration`) ||
			!strings.Contains(stdout, "Apply incomplete") {
			t.Fatalf("exit %d\n%s", code, stdout)
		}
	})
	t.Run("no token is a usage error", func(t *testing.T) {
		_, stderr, code := runCLI(t, map[string]string{}, "", false, "apply", "-f", file, "--yes")
		if code != ExitUsage || !strings.Contains(stderr, "needs GITHUB_TOKEN") {
			t.Fatalf("exit %d, %s", code, stderr)
		}
	})
	t.Run("a bad ROADMAP_TIME_LIMIT is a usage error, before anything is read", func(t *testing.T) {
		f.ResetCounts()
		bad := map[string]string{"GITHUB_TOKEN": "t", "GITHUB_API_URL": f.URL, "GITHUB_REPOSITORY": "octo-org/octo-repo", "ROADMAP_TIME_LIMIT": "soon"}
		_, stderr, code := runCLI(t, bad, "", false, "apply", "-f", file, "--yes")
		if code != 64 || !strings.Contains(stderr, `ROADMAP_TIME_LIMIT="soon" is not a duration`) || f.Reads() != 0 {
			t.Fatalf("exit %d, %d reads, %s", code, f.Reads(), stderr)
		}
	})
	t.Run("a bad ROADMAP_MAX_WAIT is a usage error", func(t *testing.T) {
		bad := map[string]string{"GITHUB_TOKEN": "t", "GITHUB_API_URL": f.URL, "GITHUB_REPOSITORY": "octo-org/octo-repo", "ROADMAP_MAX_WAIT": "-5m"}
		_, stderr, code := runCLI(t, bad, "", false, "apply", "-f", file, "--yes")
		if code != ExitUsage || !strings.Contains(stderr, `ROADMAP_MAX_WAIT="-5m" is not a duration`) {
			t.Fatalf("exit %d, %s", code, stderr)
		}
	})
	t.Run("a bad ROADMAP_WRITE_INTERVAL is a usage error", func(t *testing.T) {
		bad := map[string]string{"GITHUB_TOKEN": "t", "GITHUB_API_URL": f.URL, "GITHUB_REPOSITORY": "octo-org/octo-repo", "ROADMAP_WRITE_INTERVAL": "fast"}
		_, stderr, code := runCLI(t, bad, "", false, "apply", "-f", file, "--yes")
		if code != ExitUsage || !strings.Contains(stderr, `ROADMAP_WRITE_INTERVAL="fast" is not a duration`) {
			t.Fatalf("exit %d, %s", code, stderr)
		}
	})
}
