package cli

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

// runImportCLI runs the command line with a clock that never waits, so
// retries after faults cost no time.
func runImportCLI(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := Run(context.Background(), args, Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return env[k] }, Sleep: func(context.Context, time.Duration) error { return nil }})
	if err != nil && !Silent(err) {
		errb.WriteString(err.Error())
	}
	return out.String(), errb.String(), ExitCode(err)
}

func importFake(t *testing.T) (*githubfake.Fake, *githubfake.Repo, map[string]string) {
	t.Helper()
	f := githubfake.New()
	t.Cleanup(f.Close)
	repo := f.AddRepo("octo-org", "octo-repo")
	repo.AddLabel(githubfake.Label{Name: "bug", Color: "d73a4a", Description: "Something isn't working"})
	ms := repo.AddMilestone(githubfake.Milestone{Title: "Winter", DueOn: "2027-01-15"})
	long := strings.Repeat("A long body line.\n", 30)
	repo.AddIssue(githubfake.Issue{Title: "Crash on start", Body: &long, Labels: []string{"bug"}, Milestone: ms})
	repo.AddIssue(githubfake.Issue{Title: "Crash on start", Body: &long, Labels: []string{"bug"}})
	short := "Make it faster."
	repo.AddIssue(githubfake.Issue{Title: "Speed", Body: &short})
	repo.AddPullRequest("Not an issue")
	return f, repo, map[string]string{"GITHUB_TOKEN": "t", "GITHUB_API_URL": f.URL}
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out
}

func TestImportCommand(t *testing.T) {
	f, _, env := importFake(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "roadmap.json")
	stdout, stderr, code := runImportCLI(t, env, "import", "--repo", "octo-org/octo-repo", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"Imported octo-org/octo-repo: 3 issues read in 1 request", // GraphQL: labels, milestones and issues at once
		"→ 2 entries, 1 label, 1 milestone.",
		`#1 "Crash on start" kept (lowest number); #2 closed as duplicates`,
		"and 1 body file in " + filepath.Join(dir, ".github", "roadmap"),
		"is valid (checked as roadmap validate checks it): 1 label, 1 milestone, 2 issues.",
		"The first apply will mark 2 issues, close 1 duplicate and make 1 other change: 4 writes, about 4 s at the default pace.",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "roadmap import: read page 1 of issues of octo-org/octo-repo (3 so far)") {
		t.Errorf("no progress on stderr:\n%s", stderr)
	}
	if got := strings.Join(listDir(t, dir), " "); got != ".github/roadmap/crash-on-start.md roadmap.json" {
		t.Errorf("files %s", got)
	}
	if f.Writes() != 0 {
		t.Errorf("import wrote to GitHub %d times", f.Writes())
	}
	if _, stderr, code := runImportCLI(t, env, "validate", "-f", out); code != 0 {
		t.Errorf("validate: exit %d %s", code, stderr)
	}

	// Again: it refuses, names the file, and changes nothing.
	before, _ := os.ReadFile(out)
	os.WriteFile(out, []byte("{}"), 0o644)
	_, stderr, code = runImportCLI(t, env, "import", "--repo", "octo-org/octo-repo", "-o", out)
	if code != 1 || !strings.Contains(stderr, "crash-on-start.md already exists (2 files); nothing was written: pass --force") {
		t.Errorf("second import: exit %d %s", code, stderr)
	}
	if now, _ := os.ReadFile(out); string(now) != "{}" {
		t.Errorf("a refused import changed %s", out)
	}
	if _, stderr, code = runImportCLI(t, env, "import", "--repo", "octo-org/octo-repo", "-o", out, "--force"); code != 0 {
		t.Errorf("--force: exit %d %s", code, stderr)
	}
	if now, _ := os.ReadFile(out); string(now) != string(before) {
		t.Errorf("--force wrote another roadmap:\n%s", now)
	}
}

// Faults and bad input end in one line that says what to do, and leave no
// file behind — not even a temporary one.
func TestImportFailuresWriteNothing(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, f *githubfake.Fake, env map[string]string)
		args  []string
		code  int
		want  string
	}{
		{"no token", func(t *testing.T, f *githubfake.Fake, env map[string]string) { delete(env, "GITHUB_TOKEN") }, nil, 64, "needs GITHUB_TOKEN"},
		{"no repository", nil, []string{"--repo", "octo-org/missing"}, 3, "repository octo-org/missing was not found, or the token may not see it"},
		{"bad token", func(t *testing.T, f *githubfake.Fake, env map[string]string) { env["GITHUB_TOKEN"] = " " }, nil, 3, "GitHub refused the token (401 Bad credentials)"},
		{"502 once labels and milestones are read", func(t *testing.T, f *githubfake.Fake, env map[string]string) {
			// Every read of issues fails, retries included; the labels and milestones pass.
			// GraphQL, which reads them all at once, fails too, and REST is asked.
			proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if strings.Contains(r.URL.Path, "/issues") || r.URL.Path == "/graphql" {
					w.WriteHeader(http.StatusBadGateway)
					return
				}
				f.ServeHTTP(w, r)
			}))
			t.Cleanup(proxy.Close)
			env["GITHUB_API_URL"] = proxy.URL
		}, nil, 3, "GitHub failed while the import read octo-org/octo-repo"},
		{"rate limit", func(t *testing.T, f *githubfake.Fake, env map[string]string) {
			f.ExhaustPrimary(time.Now().Add(2 * time.Hour))
			f.ExhaustGraphQL(time.Now().Add(2 * time.Hour))
		}, nil, 3,
			"GitHub's rate limit stopped the import of octo-org/octo-repo; nothing was written: run it again after"},
		{"unknown label", nil, []string{"--label", "nope"}, 1, `--label "nope": octo-org/octo-repo has no label of that name (it has "bug")`},
		{"unknown milestone", nil, []string{"--milestone", "Spring"}, 1, `--milestone "Spring": octo-org/octo-repo has no milestone with that title (it has "Winter")`},
		{"bad state", nil, []string{"--state", "closed"}, 64, "--state must be open or all"},
		{"into with new-import flags", nil, []string{"--into", "x.json", "--no-dedupe"}, 64, "--into takes the roadmap as it is"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, env := importFake(t)
			if tt.setup != nil {
				tt.setup(t, f, env)
			}
			dir := t.TempDir()
			args := append([]string{"import", "-o", filepath.Join(dir, "roadmap.json")}, tt.args...)
			if !strings.Contains(strings.Join(tt.args, " "), "--repo") {
				args = append(args, "--repo", "octo-org/octo-repo")
			}
			if strings.Contains(strings.Join(tt.args, " "), "--into") {
				args = append([]string{"import"}, tt.args...)
			}
			_, stderr, code := runImportCLI(t, env, args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, want %d; stderr:\n%s\nwant %q", code, tt.code, stderr, tt.want)
			}
			var said []string
			for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
				if !strings.HasPrefix(l, "roadmap import: ") || strings.Contains(l, "needs GITHUB_TOKEN") || strings.Contains(l, "--") {
					said = append(said, l)
				}
			}
			if len(said) != 1 {
				t.Errorf("the error is not one line: %q", said)
			}
			if files := listDir(t, dir); len(files) > 0 {
				t.Errorf("left behind %v", files)
			}
		})
	}
}

func TestImportInto(t *testing.T) {
	f, repo, env := importFake(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "roadmap.json")
	if _, stderr, code := runImportCLI(t, env, "import", "--repo", "octo-org/octo-repo", "-o", out); code != 0 {
		t.Fatal(stderr)
	}
	// Nothing applied yet: the entries are still found by their numbers.
	stdout, stderr, code := runImportCLI(t, env, "import", "--into", out)
	if code != 0 || !strings.Contains(stdout, "nothing was written") {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	repo.LockIssue(3, "resolved")
	speed := repo.Issue(3)
	if speed.Title != "Speed" {
		t.Fatalf("issue 3 is %q", speed.Title)
	}
	c := importClientFor(t, f)
	if _, err := c.UpdateIssue(context.Background(), 3, map[string]any{"title": "Speed it up", "state": "closed"}); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code = runImportCLI(t, env, "import", "--into", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{`"speed" (#3): title "Speed" → "Speed it up"`, `"speed" (#3): closed`, "roadmap plan shows 4 changes that only an apply can make"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	data, _ := os.ReadFile(out)
	if !strings.Contains(string(data), `"title": "Speed it up",`) || !strings.Contains(string(data), `"state": "closed",`) {
		t.Errorf("roadmap.json:\n%s", data)
	}
	if _, _, code := runImportCLI(t, env, "import", "--into", filepath.Join(dir, "missing.json")); code != 1 {
		t.Errorf("--into a missing file: exit %d", code)
	}
}

func importClientFor(t *testing.T, f *githubfake.Fake) *gh.Client {
	t.Helper()
	c, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: "octo-org/octo-repo", WriteInterval: 0})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
