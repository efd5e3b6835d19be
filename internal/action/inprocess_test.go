package action_test

// In-process twins of end-to-end cases: the same runs through action.Run,
// so that mutation testing (which measures in-process coverage) sees the
// code that comments a merged pull request, an invalid roadmap, a fork's
// read-only token and a schedule's default branch.

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

func (p *inProcess) event(t *testing.T, name, payload string) {
	t.Helper()
	p.env["GITHUB_EVENT_NAME"] = name
	var err error
	if p.env["GITHUB_EVENT_PATH"], err = filepath.Abs(filepath.Join("testdata", "events", payload)); err != nil {
		t.Fatal(err)
	}
}

func (p *inProcess) summary(t *testing.T) string {
	t.Helper()
	b, _ := os.ReadFile(p.env["GITHUB_STEP_SUMMARY"])
	return string(b)
}

func TestInProcessPushCommentsTheMergedPullRequest(t *testing.T) {
	f, repo := prFake(t)
	const sha = "6113728f27ae82c7b1a177c8d03f9e96e0adf246" // the payload's "after"
	merged := repo.AddMergedPullRequest("Add the roadmap", sha)
	p := newInProcess(t, f)
	p.event(t, "push", "push.default-branch.json")
	p.env["GITHUB_REF"], p.env["GITHUB_SHA"] = "refs/heads/master", sha
	p.run(t)
	cs := repo.Comments(merged)
	if p.code != 0 || len(cs) != 1 || !strings.HasPrefix(cs[0].Body, "<!-- roadmap-as-code apply: roadmap.json -->\n### Roadmap applied to `Codertocat/Hello-World`\n\n**Apply complete: 6 created, 0 updated, 0 closed; 3 relations added.**\n") {
		t.Fatalf("exit %d, comments on #%d: %+v", p.code, merged, cs)
	}
	out := readOutputs(t, p.env["GITHUB_OUTPUT"])
	url := "#issuecomment-" + strconv.FormatInt(cs[0].ID, 10)
	if !strings.HasSuffix(out["comment-url"], url) || out["created"] != "9" || out["changes"] != "9" {
		t.Errorf("outputs %v", out)
	}
	if !strings.Contains(p.stdout.String(), "Commented the apply report on pull request #"+strconv.Itoa(merged)+": "+out["comment-url"]) {
		t.Errorf("the log does not say where the report went")
	}

	// No pull request merged that commit: applied, said so, no comment.
	f2, repo2 := prFake(t)
	p = newInProcess(t, f2)
	p.event(t, "push", "push.default-branch.json")
	p.run(t)
	if p.code != 0 || !strings.Contains(p.stdout.String(), "No merged pull request found for commit "+sha+": no comment.") {
		t.Errorf("exit %d", p.code)
	}
	for _, is := range repo2.Issues() {
		if len(repo2.Comments(is.Number)) != 0 {
			t.Errorf("a comment on #%d", is.Number)
		}
	}

	// The token may not comment: a warning, and the apply still succeeds.
	f3, repo3 := prFake(t)
	merged3 := repo3.AddMergedPullRequest("Add the roadmap", sha)
	f3.AfterWrite(func(k int) {
		if k == 9 { // the last change applied: comments are refused from now on
			f3.ReadOnly(true)
		}
	})
	p = newInProcess(t, f3)
	p.event(t, "push", "push.default-branch.json")
	p.run(t)
	if p.code != 0 || len(repo3.Comments(merged3)) != 0 ||
		!strings.Contains(p.stdout.String(), "::warning::No apply report on pull request #"+strconv.Itoa(merged3)+": the token may not write comments") {
		t.Errorf("exit %d, %d comments", p.code, len(repo3.Comments(merged3)))
	}
}

func TestInProcessInvalidRoadmapComments(t *testing.T) {
	f, repo := prFake(t)
	p := newInProcess(t, f)
	p.env["GITHUB_WORKSPACE"] = newWorkspace(t, "invalid-roadmap.json")
	p.run(t)
	if p.code != 1 {
		t.Fatalf("exit %d, want 1", p.code)
	}
	if !strings.Contains(p.stdout.String(), "\n::error file=roadmap.json,line=7,col=67::label \"P0-critcal\" is not declared in \"labels\"") {
		t.Errorf("no annotation")
	}
	cs := repo.Comments(2)
	if len(cs) != 1 || !strings.HasPrefix(cs[0].Body, planMarkerFor("roadmap.json")+"\n") || !strings.Contains(cs[0].Body, "is invalid") {
		t.Fatalf("comments %+v", cs)
	}
	if out := readOutputs(t, p.env["GITHUB_OUTPUT"]); len(out) != 1 || !strings.HasSuffix(out["comment-url"], "#issuecomment-"+strconv.FormatInt(cs[0].ID, 10)) {
		t.Errorf("outputs %v, want only comment-url", out)
	}
	// Fixed, the same comment shows the plan: still one comment.
	p = newInProcess(t, f)
	p.run(t)
	if cs := repo.Comments(2); p.code != 0 || len(cs) != 1 || strings.Contains(cs[0].Body, "is invalid") {
		t.Errorf("exit %d, comments %+v", p.code, cs)
	}
}

func TestInProcessForkPullRequest(t *testing.T) {
	f, repo := prFake(t)
	f.ReadOnly(true)
	p := newInProcess(t, f)
	p.event(t, "pull_request", "pull_request.opened.fork.json")
	p.run(t)
	if p.code != 0 || len(repo.Comments(2)) != 0 {
		t.Fatalf("exit %d", p.code)
	}
	if !strings.Contains(p.stdout.String(), "::warning::No comment on pull request #2: the token is read-only (pull request from a fork)") {
		t.Errorf("no warning about the fork's token")
	}
	if !strings.Contains(p.summary(t), "Plan: 6 to create, 0 to update, 0 to close, 0 unchanged; 3 relations to add.") {
		t.Errorf("summary:\n%s", p.summary(t))
	}
}

// A schedule's payload names no branch: mode apply asks GitHub for the
// default branch (one read), and applies only when the run is on it.
func TestInProcessScheduleApplyAsksTheDefaultBranch(t *testing.T) {
	for _, tt := range []struct {
		ref     string
		applied bool
	}{{"refs/heads/main", true}, {"refs/heads/feature", false}} {
		t.Run(tt.ref, func(t *testing.T) {
			f := githubfake.New()
			t.Cleanup(f.Close)
			repo := f.AddRepo("octo-org", "octo-repo")
			p := newInProcess(t, f)
			p.event(t, "schedule", "schedule.json")
			p.env["GITHUB_REPOSITORY"], p.env["GITHUB_REF"], p.env["INPUT_MODE"] = "octo-org/octo-repo", tt.ref, "apply"
			p.run(t)
			reads := 0
			for _, r := range f.Requests() {
				if r.Method == "GET" && r.Path == "/repos/octo-org/octo-repo" {
					reads++
				}
			}
			if reads != 1 {
				t.Errorf("asked for the repository %d times, want once", reads)
			}
			if got := len(repo.Issues()) > 0; got != tt.applied || (p.code == 0) != tt.applied {
				t.Errorf("exit %d, %d issues; applied %v, want %v", p.code, len(repo.Issues()), got, tt.applied)
			}
		})
	}
}

// TestInProcessGuards: what the action says and does not do when the run
// lacks something — a pull request number, a token, the comment input —
// or when the roadmap names another repository.
func TestInProcessGuards(t *testing.T) {
	t.Run("a pull_request payload without a pull request: no comment, and why", func(t *testing.T) {
		f, repo := prFake(t)
		p := newInProcess(t, f)
		p.event(t, "pull_request", "push.branch.json")
		p.run(t)
		if !strings.Contains(p.stdout.String(), "::warning::The pull_request event payload (GITHUB_EVENT_PATH) names no pull request: no plan comment.") {
			t.Errorf("no warning")
		}
		if len(repo.Comments(2)) != 0 || f.Writes() != 0 {
			t.Errorf("%d writes", f.Writes())
		}
	})
	t.Run("an invalid roadmap with comment: false starts no comment", func(t *testing.T) {
		f, repo := prFake(t)
		p := newInProcess(t, f)
		p.env["GITHUB_WORKSPACE"] = newWorkspace(t, "invalid-roadmap.json")
		p.env["INPUT_COMMENT"] = "false"
		p.run(t)
		if p.code != 1 || len(repo.Comments(2)) != 0 || len(f.Requests()) != 0 {
			t.Errorf("exit %d, %d requests", p.code, len(f.Requests()))
		}
	})
	t.Run("an invalid roadmap without a token reads nothing", func(t *testing.T) {
		f, _ := prFake(t)
		p := newInProcess(t, f)
		p.env["GITHUB_WORKSPACE"] = newWorkspace(t, "invalid-roadmap.json")
		p.env["INPUT_TOKEN"] = ""
		p.run(t)
		if p.code != 1 || len(f.Requests()) != 0 {
			t.Errorf("exit %d, %d requests", p.code, len(f.Requests()))
		}
	})
	t.Run("apply without a token: refused before any write", func(t *testing.T) {
		f, _ := prFake(t)
		p := newInProcess(t, f)
		p.event(t, "workflow_dispatch", "workflow_dispatch.json")
		p.env["INPUT_TOKEN"] = ""
		p.run(t)
		if p.code != 1 || f.Writes() != 0 || !strings.Contains(p.stdout.String(), "::error::input token is empty: apply needs a token that may write issues of Codertocat/Hello-World") {
			t.Errorf("exit %d, %d writes", p.code, f.Writes())
		}
	})
	t.Run("a roadmap naming another repository: GITHUB_REPOSITORY wins, with a warning", func(t *testing.T) {
		f, _ := prFake(t)
		p := newInProcess(t, f)
		ws := p.env["GITHUB_WORKSPACE"]
		data, _ := os.ReadFile(filepath.Join(ws, "roadmap.json"))
		src := strings.Replace(string(data), `"version": 1,`, `"version": 1, "repository": "someone/else",`, 1)
		if src == string(data) {
			t.Fatal("the test roadmap has no version line to extend")
		}
		os.WriteFile(filepath.Join(ws, "roadmap.json"), []byte(src), 0o644)
		p.run(t)
		if p.code != 0 || !strings.Contains(p.stdout.String(), "::warning::roadmap.json names repository someone/else, but this workflow runs in Codertocat/Hello-World") {
			t.Errorf("exit %d", p.code)
		}
		for _, r := range f.Requests() {
			if strings.Contains(r.Path, "someone") {
				t.Errorf("read %s", r.Path)
			}
		}
	})
	t.Run("an empty plan's comment has no picture", func(t *testing.T) {
		f, repo := prFake(t)
		p := newInProcess(t, f)
		p.event(t, "workflow_dispatch", "workflow_dispatch.json")
		p.run(t)
		id := repo.AddComment(2, "", "<!-- roadmap-as-code plan: roadmap.json -->\nstale")
		p = newInProcess(t, f)
		p.run(t)
		for _, cm := range repo.Comments(2) {
			if cm.ID == id && (strings.Contains(cm.Body, "```mermaid") || !strings.Contains(cm.Body, "No changes.")) {
				t.Errorf("the empty plan's comment:\n%s", cm.Body)
			}
		}
		// With changes the comment carries the picture.
		f2, repo2 := prFake(t)
		p = newInProcess(t, f2)
		p.run(t)
		if cs := repo2.Comments(2); len(cs) != 1 || !strings.Contains(cs[0].Body, "```mermaid") {
			t.Errorf("a plan with changes: %d comments", len(cs))
		}
	})
}

// A valid roadmap says so in one line, with no error, annotation or
// invalid-roadmap summary beside it.
func TestInProcessValidRoadmapSaysSo(t *testing.T) {
	f, repo := prFake(t)
	p := newInProcess(t, f)
	p.run(t)
	out := p.stdout.String()
	if p.code != 0 || !strings.Contains(out, "\nroadmap.json is valid: 2 labels, 1 milestone, 3 issues\n") {
		t.Fatalf("exit %d:\n%s", p.code, out)
	}
	if strings.Contains(out, "::error") || strings.Contains(p.summary(t), "is invalid") {
		t.Errorf("a valid roadmap reported as failing:\n%s\nsummary:\n%s", out, p.summary(t))
	}
	// With a token, read through GraphQL: no word of an empty token or of REST.
	if strings.Contains(out, "Input token is empty") || strings.Contains(out, "through REST") {
		t.Errorf("the log speaks of a fallback that did not happen:\n%s", out)
	}
	// GITHUB_SERVER_URL unset: github.com; a pull request's head commit is
	// linked under the pull request, where a fork's commit is served too.
	cs := repo.Comments(2)
	if len(cs) != 1 || !strings.Contains(cs[0].Body, "https://github.com/Codertocat/Hello-World/pull/2/commits/") {
		t.Errorf("the comment does not link the head commit under the pull request: %+v", cs)
	}
}

// The JSON plan goes beside the roadmap, and the plan output names it
// relative to the workspace (the same file for the steps after this one);
// where that can't be written it goes to RUNNER_TEMP, named absolutely.
func TestInProcessPlanFile(t *testing.T) {
	for _, tt := range []struct {
		name    string
		blocked bool
	}{{"beside the roadmap", false}, {"in RUNNER_TEMP", true}} {
		t.Run(tt.name, func(t *testing.T) {
			f, _ := prFake(t)
			p := newInProcess(t, f)
			temp := t.TempDir()
			p.env["RUNNER_TEMP"] = temp
			want := ".roadmap-plan.json"
			if tt.blocked {
				// A folder in the file's place: unwritable even for root.
				if err := os.Mkdir(filepath.Join(p.env["GITHUB_WORKSPACE"], ".roadmap-plan.json"), 0o755); err != nil {
					t.Fatal(err)
				}
				want = filepath.Join(temp, ".roadmap-plan.json")
			}
			p.run(t)
			out := readOutputs(t, p.env["GITHUB_OUTPUT"])
			if p.code != 0 || out["plan"] != want || !strings.Contains(p.stdout.String(), "The JSON plan is in "+want+"\n") {
				t.Fatalf("exit %d, plan output %q, want %q", p.code, out["plan"], want)
			}
			path := want
			if !filepath.IsAbs(path) {
				path = filepath.Join(p.env["GITHUB_WORKSPACE"], path)
			}
			if data, err := os.ReadFile(path); err != nil || !strings.Contains(string(data), `"version": 1`) {
				t.Errorf("%s: %v\n%.200s", path, err, data)
			}
		})
	}
}
