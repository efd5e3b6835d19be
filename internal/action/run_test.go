package action_test

// In-process runs of action.Run: the cases that need no real process.

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/action"
	"github.com/roadmap-as-code/roadmap/internal/cli"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

type inProcess struct {
	env    map[string]string
	stdout bytes.Buffer
	code   int
}

// newInProcess is a pull_request run on Codertocat/Hello-World #2 with the
// testdata roadmap; tests change env before run.
func newInProcess(t *testing.T, f *githubfake.Fake) *inProcess {
	t.Helper()
	ws := newWorkspace(t, "roadmap.json")
	payload, err := filepath.Abs(filepath.Join("testdata", "events", "pull_request.opened.json"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	return &inProcess{env: map[string]string{
		"GITHUB_ACTIONS":         "true",
		"GITHUB_EVENT_NAME":      "pull_request",
		"GITHUB_EVENT_PATH":      payload,
		"GITHUB_REPOSITORY":      prRepo,
		"GITHUB_API_URL":         f.URL,
		"GITHUB_WORKSPACE":       ws,
		"GITHUB_OUTPUT":          filepath.Join(dir, "output"),
		"GITHUB_STEP_SUMMARY":    filepath.Join(dir, "summary"),
		"INPUT_ROADMAP":          "roadmap.json",
		"INPUT_TOKEN":            "t",
		"INPUT_MODE":             "auto",
		"INPUT_COMMENT":          "true",
		"ROADMAP_WRITE_INTERVAL": "0",
	}}
}

func (p *inProcess) run(t *testing.T) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("action.Run panicked: %v\n%s", r, p.stdout.String())
		}
	}()
	err := action.Run(context.Background(), action.Env{
		Getenv: func(k string) string { return p.env[k] },
		Stdout: &p.stdout,
		Stderr: &p.stdout,
	})
	if err != nil && !cli.Silent(err) {
		t.Errorf("the error %v is not silent: main would print it again", err)
	}
	p.code = cli.ExitCode(err)
	t.Logf("exit %d\n%s", p.code, p.stdout.String())
}

func prFake(t *testing.T) (*githubfake.Fake, *githubfake.Repo) {
	f := githubfake.New()
	t.Cleanup(f.Close)
	repo := f.AddRepo("Codertocat", "Hello-World")
	addPRs(repo, 2)
	return f, repo
}

func TestRunWithoutOutputFiles(t *testing.T) {
	for _, unset := range [][]string{{"GITHUB_OUTPUT"}, {"GITHUB_STEP_SUMMARY"}, {"GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"}} {
		t.Run(strings.Join(unset, "+"), func(t *testing.T) {
			f, repo := prFake(t)
			p := newInProcess(t, f)
			for _, k := range unset {
				delete(p.env, k)
			}
			p.run(t)
			if p.code != 0 || len(repo.Comments(2)) != 1 {
				t.Fatalf("exit %d, %d comments", p.code, len(repo.Comments(2)))
			}
			for _, k := range unset {
				if !strings.Contains(p.stdout.String(), "::notice::"+k+" is not set") {
					t.Errorf("no notice that %s is not set", k)
				}
			}
		})
	}
}

// An output file that can't be written fails the run with an error, not a
// panic (go-githubactions panics on it).
func TestRunUnwritableOutputFile(t *testing.T) {
	f, _ := prFake(t)
	p := newInProcess(t, f)
	p.env["GITHUB_OUTPUT"] = t.TempDir() // a directory
	p.run(t)
	if p.code != 1 || !strings.Contains(p.stdout.String(), "::error::writing output") {
		t.Fatalf("exit %d", p.code)
	}
	if _, err := os.Stat(p.env["GITHUB_STEP_SUMMARY"]); err != nil {
		t.Errorf("the job summary was not written: %v", err)
	}
}

func TestRunBadInputs(t *testing.T) {
	for k, v := range map[string]string{"INPUT_MODE": "dry-run", "INPUT_COMMENT": "yes"} {
		t.Run(k, func(t *testing.T) {
			f, _ := prFake(t)
			p := newInProcess(t, f)
			p.env[k] = v
			p.run(t)
			if p.code != 2 || !strings.Contains(p.stdout.String(), "::error::input ") || len(f.Requests()) != 0 {
				t.Fatalf("exit %d, %d requests", p.code, len(f.Requests()))
			}
		})
	}
}

func TestRunCommentFalse(t *testing.T) {
	f, repo := prFake(t)
	p := newInProcess(t, f)
	p.env["INPUT_COMMENT"] = "false"
	p.run(t)
	if p.code != 0 || f.Writes() != 0 || len(repo.Comments(2)) != 0 {
		t.Fatalf("exit %d, %d writes", p.code, f.Writes())
	}
	summary, _ := os.ReadFile(p.env["GITHUB_STEP_SUMMARY"])
	if !strings.Contains(string(summary), "Plan: 6 to create, 0 to update, 0 to close, 0 unchanged; 3 relations to add.") {
		t.Errorf("summary:\n%s", summary)
	}
}

// A missing roadmap file is an error annotation and exit 1.
func TestRunMissingRoadmap(t *testing.T) {
	f, _ := prFake(t)
	p := newInProcess(t, f)
	p.env["INPUT_ROADMAP"] = "plans/none.json"
	p.run(t)
	if p.code != 1 || !strings.Contains(p.stdout.String(), "::error::reading roadmap plans/none.json") || len(f.Requests()) != 0 {
		t.Fatalf("exit %d", p.code)
	}
}

// A pull request whose plan became empty: the existing comment is edited to
// say so rather than left stale; with no comment yet, none is started.
func TestRunEmptyPlanEditsStaleComment(t *testing.T) {
	f, repo := prFake(t)
	// Apply first, so the plan is empty.
	p := newInProcess(t, f)
	p.env["GITHUB_EVENT_NAME"] = "workflow_dispatch"
	p.env["GITHUB_EVENT_PATH"], _ = filepath.Abs(filepath.Join("testdata", "events", "workflow_dispatch.json"))
	p.run(t)
	if p.code != 0 {
		t.Fatalf("apply: exit %d", p.code)
	}
	f.ResetCounts()
	p = newInProcess(t, f)
	p.run(t)
	if p.code != 0 || f.Writes() != 0 || len(repo.Comments(2)) != 0 {
		t.Fatalf("empty plan, no comment yet: exit %d, %d writes", p.code, f.Writes())
	}
	id := repo.AddComment(2, "", "<!-- roadmap-as-code plan: roadmap.json -->\nPlan: 9 to create (stale)")
	p = newInProcess(t, f)
	p.run(t)
	cs := repo.Comments(2)
	if p.code != 0 || len(cs) != 1 || cs[0].ID != id || !strings.Contains(cs[0].Body, "No changes. 9 unchanged.") {
		t.Fatalf("exit %d, comments %+v", p.code, cs)
	}
}

// A token that may not comment on a pull request that is not from a fork
// (the workflow lacks pull-requests: write): a warning naming the fix, exit 0.
func TestRunCommentForbiddenNotFork(t *testing.T) {
	f, repo := prFake(t)
	f.ReadOnly(true)
	p := newInProcess(t, f)
	p.run(t)
	if p.code != 0 || len(repo.Comments(2)) != 0 {
		t.Fatalf("exit %d", p.code)
	}
	if !strings.Contains(p.stdout.String(), "::warning::No comment on pull request #2: the token may not write comments; give the job `permissions: pull-requests: write`") {
		t.Error("no warning naming the permission")
	}
}

// An apply GitHub refuses part of: exit 1, the report in the summary, the
// outputs count what was done.
func TestRunApplyFailure(t *testing.T) {
	f, repo := prFake(t)
	p := newInProcess(t, f)
	p.env["GITHUB_EVENT_NAME"] = "workflow_dispatch"
	p.env["GITHUB_EVENT_PATH"], _ = filepath.Abs(filepath.Join("testdata", "events", "workflow_dispatch.json"))
	f.FailNextWrites(1, 422)
	p.run(t)
	if p.code != 1 || !strings.Contains(p.stdout.String(), "::error::Apply incomplete") {
		t.Fatalf("exit %d", p.code)
	}
	summary, _ := os.ReadFile(p.env["GITHUB_STEP_SUMMARY"])
	if !strings.Contains(string(summary), "Apply incomplete") {
		t.Errorf("summary:\n%s", summary)
	}
	if out := readOutputs(t, p.env["GITHUB_OUTPUT"]); out["changes"] != "9" || out["created"] != "3" || out["plan"] == "" {
		t.Errorf("outputs %v", out)
	}
	if n := len(repo.Issues()); n != 3 { // two pull requests and the one issue created
		t.Errorf("%d issues and pull requests", n)
	}
}

// With arguments, the binary is the command line even under the runner:
// `roadmap validate` in a run step is not taken for the action.
func TestArgumentsMeanCommandLine(t *testing.T) {
	ws := newWorkspace(t, "roadmap.json")
	cmd := exec.Command(binary, "validate", "-f", "roadmap.json")
	cmd.Dir = ws
	cmd.Env = []string{"GITHUB_ACTIONS=true", "INPUT_MODE=apply"}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "roadmap.json is valid: 2 labels, 1 milestone, 3 issues") || strings.Contains(string(out), "::") {
		t.Fatalf("%v\n%s", err, out)
	}
}

// The environment's settings are checked before anything is read: a bad
// one is a bad input (exit 2), with nothing sent.
func TestRunBadEnvironmentSettings(t *testing.T) {
	for name, value := range map[string]string{"ROADMAP_TIME_LIMIT": "soon", "ROADMAP_WRITE_INTERVAL": "fast", "ROADMAP_MAX_WAIT": "-1m"} {
		t.Run(name, func(t *testing.T) {
			f, _ := prFake(t)
			p := newInProcess(t, f)
			p.env[name] = value
			p.run(t)
			if name == "ROADMAP_TIME_LIMIT" && (p.code != 2 || len(f.Requests()) != 0) {
				t.Fatalf("exit %d, %d requests", p.code, len(f.Requests()))
			}
			if p.code == 0 || !strings.Contains(p.stdout.String(), name) {
				t.Errorf("exit %d; the log does not name %s", p.code, name)
			}
		})
	}
}

// A stranger's comment that starts with the plan's hidden marker — posted
// before the tool's first run, so it is the oldest — is never edited: the
// tool writes its own comment, and later runs keep editing that one.
func TestStrangersMarkedCommentIsNotTheTools(t *testing.T) {
	f, repo := prFake(t)
	forged := "<!-- roadmap-as-code plan: roadmap.json -->\nI wrote this, and it must stay as it is."
	repo.AddComment(2, "mallory", forged)
	for run := 1; run <= 2; run++ {
		p := newInProcess(t, f)
		p.run(t)
		if p.code != 0 {
			t.Fatalf("run %d: exit %d", run, p.code)
		}
		comments := repo.Comments(2)
		if len(comments) != 2 || comments[0].Body != forged || comments[0].Author != "mallory" || comments[1].Author != githubfake.Actor {
			t.Fatalf("run %d: comments %+v", run, comments)
		}
	}
}
