package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// planFake is a fake GitHub where octo-org/applied holds an applied
// roadmap (one issue, in step) and two other repositories hold nothing.
func planFake(t *testing.T) (*githubfake.Fake, string) {
	t.Helper()
	f := githubfake.New()
	t.Cleanup(f.Close)
	applied := f.AddRepo("octo-org", "applied")
	applied.AddLabel(githubfake.Label{Name: "roadmap"})
	body := roadmap.ComposeBody("Done already.", "done", "")
	applied.AddIssue(githubfake.Issue{Title: "Done", Body: &body, Labels: []string{"roadmap"}, Author: githubfake.Actor})
	f.AddRepo("octo-org", "from-env")
	f.AddRepo("octo-org", "from-file")
	file := writeFile(t, t.TempDir(), "roadmap.json", `{"version": 1, "repository": "octo-org/from-file",
	  "issues": [{"id": "done", "title": "Done", "body": "Done already."}]}`)
	return f, file
}

// planJSON runs roadmap plan --format json and decodes what it printed.
func planJSON(t *testing.T, env map[string]string, args ...string) (doc struct {
	Repository string
	Changes    []any
}, code int) {
	t.Helper()
	stdout, stderr, code := runCLI(t, env, "", false, append([]string{"plan", "--format", "json"}, args...)...)
	if code == 0 || code == ExitChanges {
		if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
			t.Fatalf("exit %d; the plan is not JSON: %v\n%s\n%s", code, err, stdout, stderr)
		}
	}
	return doc, code
}

// TestTargetRepository: --repo, then GITHUB_REPOSITORY, then the roadmap's
// "repository" name the repository a plan reads.
func TestTargetRepository(t *testing.T) {
	f, file := planFake(t)
	for _, tt := range []struct {
		name string
		env  string // GITHUB_REPOSITORY
		flag string // --repo
		want string
	}{
		{"--repo beats GITHUB_REPOSITORY and the file", "octo-org/from-env", "octo-org/applied", "octo-org/applied"},
		{"GITHUB_REPOSITORY beats the file", "octo-org/from-env", "", "octo-org/from-env"},
		{"the file's repository last", "", "", "octo-org/from-file"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"GITHUB_TOKEN": "t", "GITHUB_API_URL": f.URL, "GITHUB_REPOSITORY": tt.env}
			args := []string{"-f", file}
			if tt.flag != "" {
				args = append(args, "--repo", tt.flag)
			}
			f.ResetCounts()
			doc, code := planJSON(t, env, args...)
			if code != 0 || doc.Repository != tt.want {
				t.Fatalf("exit %d, planned %q, want %q", code, doc.Repository, tt.want)
			}
			// REST names the repository in the path, GraphQL in its variables.
			for _, r := range f.Requests() {
				for _, other := range []string{"octo-org/applied", "octo-org/from-env", "octo-org/from-file"} {
					name := `"` + strings.TrimPrefix(other, "octo-org/") + `"`
					if r.GraphQL && strings.Contains(r.Body, name) != (other == tt.want) {
						t.Errorf("GraphQL read %s while planning %s", r.Body, tt.want)
					}
				}
				if !r.GraphQL && !strings.HasPrefix(r.Path, "/repos/"+tt.want+"/") {
					t.Errorf("read %s, outside %s", r.Path, tt.want)
				}
			}
			// Only the applied repository has the issue: elsewhere it is to be created.
			if wantChanges := tt.want != "octo-org/applied"; (len(doc.Changes) > 0) != wantChanges {
				t.Errorf("%d changes planned against %s", len(doc.Changes), tt.want)
			}
		})
	}
}

// TestPlanOut: --out writes the plan to the file, exactly what standard
// output would have had, and prints only the summary line.
func TestPlanOut(t *testing.T) {
	f, file := planFake(t)
	env := map[string]string{"GITHUB_TOKEN": "t", "GITHUB_API_URL": f.URL, "GITHUB_REPOSITORY": "octo-org/from-env"}
	for _, format := range []string{"text", "markdown", "json"} {
		t.Run(format, func(t *testing.T) {
			want, _, code := runCLI(t, env, "", false, "plan", "-f", file, "--format", format)
			if code != 0 || want == "" {
				t.Fatalf("exit %d, plan %q", code, want)
			}
			out := filepath.Join(t.TempDir(), "plan.out")
			stdout, stderr, code := runCLI(t, env, "", false, "plan", "-f", file, "--format", format, "--out", out)
			if code != 0 || stdout != "" {
				t.Fatalf("exit %d, stdout %q; want 0 and nothing", code, stdout)
			}
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatalf("--out wrote nothing: %v", err)
			}
			if string(got) != want {
				t.Errorf("%s holds\n%s\nwant what stdout had:\n%s", out, got, want)
			}
			if stderr != "Plan: 2 to create, 0 to update, 0 to close, 0 unchanged.\n" {
				t.Errorf("stderr %q, want the summary line", stderr)
			}
		})
	}
	t.Run("a file that can't be written", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "no-such-folder", "plan.json")
		_, stderr, code := runCLI(t, env, "", false, "plan", "-f", file, "--out", out)
		if code != 1 || !strings.Contains(stderr, "writing the plan: open "+filepath.Dir(out)+"/") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
	})
}

// TestDetailedExitcode: like terraform plan, 0 without changes and 2 with;
// without the flag, 0 either way.
func TestDetailedExitcode(t *testing.T) {
	f, file := planFake(t)
	for _, tt := range []struct {
		repo     string
		detailed bool
		code     int
	}{
		{"octo-org/applied", true, 0},
		{"octo-org/from-env", true, ExitChanges},
		{"octo-org/applied", false, 0},
		{"octo-org/from-env", false, 0},
	} {
		args := []string{"-f", file, "--repo", tt.repo}
		if tt.detailed {
			args = append(args, "--detailed-exitcode")
		}
		doc, code := planJSON(t, map[string]string{"GITHUB_TOKEN": "t", "GITHUB_API_URL": f.URL}, args...)
		if code != tt.code {
			t.Errorf("%v: exit %d with %d changes, want %d", args, code, len(doc.Changes), tt.code)
		}
	}
}
