package action_test

// End-to-end tests: the built binary, run the way the runner runs a
// container action — no arguments, an environment holding only the
// runner's variables (INPUT_* with the input names upper-cased,
// GITHUB_EVENT_PATH to a real webhook payload, GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files), the workspace as working directory — against
// the fake GitHub API served from this test process.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

var binary string

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	dir, err := os.MkdirTemp("", "roadmap-action-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "roadmap")
	cmd := exec.Command("go", "build", "-o", binary, "github.com/roadmap-as-code/roadmap")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building the binary:", err)
		return 1
	}
	return m.Run()
}

const token = "ghs_e2eTokenThatMustBeMasked"

// job is one run of the action.
type job struct {
	event     string // GITHUB_EVENT_NAME
	payload   string // file under testdata/events
	repo      string // GITHUB_REPOSITORY
	ref, sha  string // GITHUB_REF, GITHUB_SHA
	inputs    map[string]string
	noOutput  bool // leave GITHUB_OUTPUT and GITHUB_STEP_SUMMARY unset
	workspace string
}

// result is what a run left behind.
type result struct {
	code           int
	stdout, stderr string
	outputs        map[string]string
	summary        string
	workspace      string
}

// newWorkspace is a checkout holding a copy of roadmap (under testdata) as
// roadmap.json.
func newWorkspace(t *testing.T, roadmap string) string {
	t.Helper()
	ws := t.TempDir()
	data, err := os.ReadFile(filepath.Join("testdata", roadmap))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, "roadmap.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return ws
}

func (j job) run(t *testing.T, f *githubfake.Fake) result {
	t.Helper()
	if j.workspace == "" {
		j.workspace = newWorkspace(t, "roadmap.json")
	}
	tmp := t.TempDir()
	runnerTemp := filepath.Join(tmp, "runner-temp")
	commands := filepath.Join(tmp, "file-commands")
	for _, d := range []string{runnerTemp, commands} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	payload, err := filepath.Abs(filepath.Join("testdata", "events", j.payload))
	if err != nil {
		t.Fatal(err)
	}
	inputs := map[string]string{"roadmap": "roadmap.json", "token": token, "mode": "auto", "comment": "true"}
	for k, v := range j.inputs {
		inputs[k] = v
	}
	env := []string{
		"GITHUB_ACTIONS=true",
		"CI=true",
		"GITHUB_EVENT_NAME=" + j.event,
		"GITHUB_EVENT_PATH=" + payload,
		"GITHUB_REPOSITORY=" + j.repo,
		"GITHUB_API_URL=" + strings.TrimSuffix(f.URL, "/"),
		"GITHUB_SERVER_URL=https://github.com",
		"GITHUB_RUN_ID=4242",
		"GITHUB_WORKSPACE=" + j.workspace,
		"RUNNER_TEMP=" + runnerTemp,
		"GITHUB_SHA=" + j.sha,
		"GITHUB_REF=" + j.ref,
		"ROADMAP_WRITE_INTERVAL=0",
	}
	outputFile := filepath.Join(commands, "set_output")
	summaryFile := filepath.Join(commands, "step_summary")
	if !j.noOutput {
		env = append(env, "GITHUB_OUTPUT="+outputFile, "GITHUB_STEP_SUMMARY="+summaryFile)
	}
	for k, v := range inputs {
		env = append(env, "INPUT_"+strings.ToUpper(k)+"="+v)
	}
	cmd := exec.Command(binary)
	cmd.Env = env
	cmd.Dir = j.workspace
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	res := result{stdout: stdout.String(), stderr: stderr.String(), workspace: j.workspace}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		res.code = ee.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	if strings.Contains(res.stderr, "panic") || strings.Contains(res.stdout, "panic:") {
		t.Fatalf("the action panicked:\n%s\n%s", res.stdout, res.stderr)
	}
	if n := strings.Count(res.stdout+res.stderr, token); n != 1 || !strings.Contains(res.stdout, "::add-mask::"+token) {
		t.Errorf("the token appears %d times in the log, want once in ::add-mask::", n)
	}
	if !j.noOutput {
		res.outputs = readOutputs(t, outputFile)
		if b, err := os.ReadFile(summaryFile); err == nil {
			res.summary = string(b)
		}
	}
	t.Logf("exit %d\nstdout:\n%s\nstderr:\n%s", res.code, res.stdout, res.stderr)
	return res
}

// readOutputs parses GITHUB_OUTPUT's file: NAME=VALUE lines or the
// NAME<<DELIMITER … DELIMITER form.
func readOutputs(t *testing.T, path string) map[string]string {
	t.Helper()
	out := map[string]string{}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return out
	}
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if name, delim, ok := strings.Cut(line, "<<"); ok {
			var val []string
			for sc.Scan() && sc.Text() != delim {
				val = append(val, sc.Text())
			}
			out[name] = strings.Join(val, "\n")
			continue
		}
		if name, val, ok := strings.Cut(line, "="); ok {
			out[name] = val
			continue
		}
		t.Fatalf("bad line in GITHUB_OUTPUT: %q", line)
	}
	return out
}

// The roadmap in testdata: 2 labels, 1 milestone, 3 issues, 2 parents and
// a blocked_by — 9 writes against an empty repository.
const wantChanges = "9"

func (r result) checkPlanOutput(t *testing.T) {
	t.Helper()
	path := r.outputs["plan"]
	if path == "" {
		t.Fatalf("no plan output; outputs %v", r.outputs)
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(r.workspace, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("plan output: %v", err)
	}
	var p struct {
		Version int `json:"version"`
		Changes []struct {
			Kind string `json:"kind"`
		} `json:"changes"`
	}
	if err := json.Unmarshal(data, &p); err != nil || p.Version != 1 {
		t.Fatalf("plan file %s is not a version 1 JSON plan (%v): %.200s", path, err, data)
	}
	if fmt.Sprint(len(p.Changes)) != r.outputs["changes"] {
		t.Errorf("plan file has %d changes, output changes is %q", len(p.Changes), r.outputs["changes"])
	}
}

// addPRs adds pull requests to repo until one has number n.
func addPRs(r *githubfake.Repo, n int) {
	for r.AddPullRequest("some pull request") < n {
	}
}

func writesTo(f *githubfake.Fake) []string {
	var out []string
	for _, rq := range f.Requests() {
		if rq.Write {
			out = append(out, fmt.Sprintf("%s %s %d", rq.Method, rq.Path, rq.Status))
		}
	}
	return out
}

const prRepo = "Codertocat/Hello-World" // the repository of the pull_request and push payloads

func TestPullRequestOpenedThenSynchronized(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	repo := f.AddRepo("Codertocat", "Hello-World")
	addPRs(repo, 2) // the payloads are pull request #2
	repo.AddComment(2, "octocat", "Looks good to me.")
	other := repo.AddComment(2, "", planMarkerFor("teams/other/roadmap.json")+"\nanother roadmap's plan")

	ws := newWorkspace(t, "roadmap.json")
	pr := job{event: "pull_request", payload: "pull_request.opened.json", repo: prRepo,
		ref: "refs/pull/2/merge", sha: "ec26c3e57ca3a959ca5aad62de7213c562f8c821", workspace: ws}
	r := pr.run(t, f)
	if r.code != 0 {
		t.Fatalf("exit %d", r.code)
	}
	comments := repo.Comments(2)
	if len(comments) != 3 {
		t.Fatalf("%d comments, want the two there before and one plan comment: %+v", len(comments), comments)
	}
	plan := comments[2]
	if !strings.HasPrefix(plan.Body, "<!-- roadmap-as-code plan: roadmap.json -->\n") || !strings.Contains(plan.Body, "Plan: 6 to create, 0 to update, 0 to close, 0 unchanged; 3 relations to add.") {
		t.Fatalf("plan comment:\n%s", plan.Body)
	}
	// The comment says what it is of and what merging does, and draws the roadmap.
	for _, want := range []string{
		"**Merging applies these 9 changes to `Codertocat/Hello-World`.**",
		"commit [`ec26c3e`](https://github.com/Codertocat/Hello-World/pull/2/commits/ec26c3e57ca3a959ca5aad62de7213c562f8c821)",
		"[workflow run](https://github.com/Codertocat/Hello-World/actions/runs/4242)",
		"<details><summary>The roadmap after this change</summary>", "```mermaid\ngantt\n", "```mermaid\nflowchart LR\n",
	} {
		if !strings.Contains(plan.Body, want) {
			t.Errorf("the plan comment lacks %q", want)
		}
	}
	if comments[1].ID != other || comments[1].Body != planMarkerFor("teams/other/roadmap.json")+"\nanother roadmap's plan" {
		t.Errorf("another roadmap's comment was touched: %+v", comments[1])
	}
	if w := writesTo(f); len(w) != 1 || !strings.HasPrefix(w[0], "POST /repos/Codertocat/Hello-World/issues/2/comments 201") {
		t.Errorf("writes %v, want one comment POST", w)
	}
	if r.outputs["changes"] != wantChanges || r.outputs["created"] != wantChanges || r.outputs["updated"] != "0" || r.outputs["closed"] != "0" {
		t.Errorf("outputs %v", r.outputs)
	}
	if u := r.outputs["comment-url"]; !strings.Contains(u, "/pull/2#issuecomment-") && !strings.Contains(u, "/issues/2#issuecomment-") {
		t.Errorf("comment-url %q", u)
	}
	r.checkPlanOutput(t)
	if !strings.Contains(r.summary, "Roadmap plan for `Codertocat/Hello-World`") || !strings.Contains(r.summary, "Plan: 6 to create, 0 to update, 0 to close, 0 unchanged; 3 relations to add.") {
		t.Errorf("summary:\n%s", r.summary)
	}
	if !strings.Contains(r.stdout, "::group::Validate roadmap.json") || !strings.Contains(r.stdout, "::endgroup::") {
		t.Errorf("no folded log groups")
	}

	// New commits change an issue's title: the same comment is edited.
	f.ResetCounts()
	edit(t, ws, `"Latency benchmarks"`, `"Latency and throughput benchmarks"`)
	sync := pr
	sync.payload = "pull_request.synchronize.json"
	r = sync.run(t, f)
	if r.code != 0 {
		t.Fatalf("exit %d", r.code)
	}
	comments = repo.Comments(2)
	if len(comments) != 3 || comments[2].ID != plan.ID || !strings.Contains(comments[2].Body, "Latency and throughput benchmarks") {
		t.Fatalf("after synchronize: %+v", comments)
	}
	if w := writesTo(f); len(w) != 1 || !strings.HasPrefix(w[0], fmt.Sprintf("PATCH /repos/Codertocat/Hello-World/issues/comments/%d 200", plan.ID)) {
		t.Errorf("writes %v, want one PATCH of the plan comment", w)
	}
	if r.outputs["comment-url"] == "" {
		t.Errorf("outputs %v", r.outputs)
	}

	// The same commit again: the comment already says it; nothing is written.
	f.ResetCounts()
	r = sync.run(t, f)
	if r.code != 0 || f.Writes() != 0 || len(repo.Comments(2)) != 3 {
		t.Fatalf("rerun: exit %d, %d writes, %d comments", r.code, f.Writes(), len(repo.Comments(2)))
	}
}

func planMarkerFor(path string) string { return "<!-- roadmap-as-code plan: " + path + " -->" }

func edit(t *testing.T, ws, from, to string) {
	t.Helper()
	p := filepath.Join(ws, "roadmap.json")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(from)) {
		t.Fatalf("roadmap has no %s", from)
	}
	if err := os.WriteFile(p, bytes.ReplaceAll(data, []byte(from), []byte(to)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A pull request from a fork gets a read-only token: the comment answers
// 403, and the run still succeeds, with the plan in the job summary and a
// warning saying why there is no comment.
func TestForkPullRequest(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	repo := f.AddRepo("Codertocat", "Hello-World")
	addPRs(repo, 2)
	f.ReadOnly(true)
	r := job{event: "pull_request", payload: "pull_request.opened.fork.json", repo: prRepo,
		ref: "refs/pull/2/merge", sha: "ec26c3e57ca3a959ca5aad62de7213c562f8c821"}.run(t, f)
	if r.code != 0 {
		t.Fatalf("exit %d", r.code)
	}
	if !regexp.MustCompile(`(?m)^::warning::No comment on pull request #2: the token is read-only \(pull request from a fork\)`).MatchString(r.stdout) {
		t.Errorf("no ::warning:: about the read-only token")
	}
	if len(repo.Comments(2)) != 0 {
		t.Errorf("comments %+v", repo.Comments(2))
	}
	if !strings.Contains(r.summary, "Plan: 6 to create, 0 to update, 0 to close, 0 unchanged; 3 relations to add.") {
		t.Errorf("summary:\n%s", r.summary)
	}
	if r.outputs["changes"] != wantChanges || r.outputs["comment-url"] != "" {
		t.Errorf("outputs %v", r.outputs)
	}
	r.checkPlanOutput(t)
}

// mode: apply on a pull request is refused before anything is read or
// written: unmerged changes are never applied.
func TestApplyRefusedOnPullRequest(t *testing.T) {
	for _, event := range []string{"pull_request", "pull_request_target"} {
		t.Run(event, func(t *testing.T) {
			f := githubfake.New()
			defer f.Close()
			repo := f.AddRepo("Codertocat", "Hello-World")
			addPRs(repo, 2)
			r := job{event: event, payload: "pull_request.opened.json", repo: prRepo,
				inputs: map[string]string{"mode": "apply"}}.run(t, f)
			if r.code != 1 {
				t.Errorf("exit %d, want 1", r.code)
			}
			if len(f.Requests()) != 0 {
				t.Errorf("requests %v", f.Requests())
			}
			if !strings.Contains(r.stdout, "::error::mode: apply is refused on a "+event+" event: unmerged changes are never applied") {
				t.Errorf("no clear error")
			}
		})
	}
}

// A push to the default branch applies the roadmap, and comments the report
// on the pull request it merged.
func TestPushToDefaultBranchApplies(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	repo := f.AddRepo("Codertocat", "Hello-World")
	const sha = "6113728f27ae82c7b1a177c8d03f9e96e0adf246" // the payload's "after"
	merged := repo.AddMergedPullRequest("Add the roadmap", sha)
	r := job{event: "push", payload: "push.default-branch.json", repo: prRepo, ref: "refs/heads/master", sha: sha}.run(t, f)
	if r.code != 0 {
		t.Fatalf("exit %d", r.code)
	}
	checkApplied(t, repo)
	comments := repo.Comments(merged)
	if len(comments) != 1 || !strings.HasPrefix(comments[0].Body, "<!-- roadmap-as-code apply: roadmap.json -->\n") {
		t.Fatalf("comments on the merged pull request: %+v", comments)
	}
	if r.outputs["changes"] != wantChanges || r.outputs["created"] != wantChanges || r.outputs["comment-url"] == "" {
		t.Errorf("outputs %v", r.outputs)
	}
	r.checkPlanOutput(t)
	if !strings.Contains(r.summary, "Roadmap applied to `Codertocat/Hello-World`") || !strings.Contains(r.summary, "```mermaid\nflowchart LR\n") {
		t.Errorf("summary (the report and the picture):\n%s", r.summary)
	}
	// The report on the merged pull request starts, like the plan, with its summary line.
	if !strings.HasPrefix(comments[0].Body, "<!-- roadmap-as-code apply: roadmap.json -->\n### Roadmap applied to `Codertocat/Hello-World`\n\n**Apply complete: 6 created, 0 updated, 0 closed; 3 relations added.**\n") {
		t.Errorf("the apply report does not start with its summary:\n%s", comments[0].Body)
	}

	// The same push again (a re-run): nothing to apply, nothing commented.
	f.ResetCounts()
	r = job{event: "push", payload: "push.default-branch.json", repo: prRepo, ref: "refs/heads/master", sha: sha}.run(t, f)
	if r.code != 0 || f.Writes() != 0 || len(repo.Comments(merged)) != 1 {
		t.Fatalf("re-run: exit %d, writes %v, %d comments", r.code, writesTo(f), len(repo.Comments(merged)))
	}
	if r.outputs["changes"] != "0" || r.outputs["created"] != "0" {
		t.Errorf("re-run outputs %v", r.outputs)
	}
}

// checkApplied checks the fake holds the testdata roadmap.
func checkApplied(t *testing.T, repo *githubfake.Repo) {
	t.Helper()
	byTitle := map[string]githubfake.Issue{}
	for _, is := range repo.Issues() {
		if !is.PullRequest {
			byTitle[is.Title] = is
		}
	}
	epic, engine, bench := byTitle["Foundation epic"], byTitle["Collaboration engine"], byTitle["Latency benchmarks"]
	if len(byTitle) != 3 || epic.Number == 0 || engine.Number == 0 || bench.Number == 0 {
		t.Fatalf("issues %+v", repo.Issues())
	}
	if engine.Parent != epic.Number || bench.Parent != epic.Number {
		t.Errorf("parents: engine %d, benchmarks %d, want %d", engine.Parent, bench.Parent, epic.Number)
	}
	if b := repo.BlockedBy(bench.Number); len(b) != 1 || b[0] != engine.Number {
		t.Errorf("benchmarks blocked by %v", b)
	}
	if _, ok := repo.Label("P0-critical"); !ok {
		t.Errorf("labels %+v", repo.Labels())
	}
	if ms := repo.Milestones(); len(ms) != 1 || ms[0].Title != "M1: Foundation" || ms[0].DueOn != "2026-01-16" {
		t.Errorf("milestones %+v", ms)
	}
}

// A push to another branch, or a tag, plans only: nothing is written.
func TestPushElsewherePlansOnly(t *testing.T) {
	for _, tc := range []struct{ payload, ref string }{
		{"push.branch.json", "refs/heads/feature/roadmap-edit"},
		{"push.tag.json", "refs/tags/simple-tag"},
	} {
		t.Run(tc.payload, func(t *testing.T) {
			f := githubfake.New()
			defer f.Close()
			repo := f.AddRepo("Codertocat", "Hello-World")
			repo.AddMergedPullRequest("Add the roadmap", "6113728f27ae82c7b1a177c8d03f9e96e0adf246")
			r := job{event: "push", payload: tc.payload, repo: prRepo, ref: tc.ref, sha: "6113728f27ae82c7b1a177c8d03f9e96e0adf246"}.run(t, f)
			if r.code != 0 || f.Writes() != 0 {
				t.Fatalf("exit %d, writes %v", r.code, writesTo(f))
			}
			if !strings.Contains(r.summary, "Drift report for `roadmap.json`") || !strings.Contains(r.summary, "Plan: 6 to create, 0 to update, 0 to close, 0 unchanged; 3 relations to add.") {
				t.Errorf("summary:\n%s", r.summary)
			}
			if r.outputs["changes"] != wantChanges || r.outputs["comment-url"] != "" {
				t.Errorf("outputs %v", r.outputs)
			}
			r.checkPlanOutput(t)
		})
	}
}

// workflow_dispatch applies; a second run finds nothing to do and writes
// nothing.
func TestWorkflowDispatchAppliesOnce(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	repo := f.AddRepo("octo-org", "octo-repo")
	d := job{event: "workflow_dispatch", payload: "workflow_dispatch.json", repo: "octo-org/octo-repo", ref: "refs/heads/main", sha: "6113728f27ae82c7b1a177c8d03f9e96e0adf246"}
	d.workspace = newWorkspace(t, "roadmap.json")
	r := d.run(t, f)
	if r.code != 0 {
		t.Fatalf("exit %d", r.code)
	}
	checkApplied(t, repo)
	if r.outputs["created"] != wantChanges || r.outputs["comment-url"] != "" {
		t.Errorf("outputs %v", r.outputs)
	}
	f.ResetCounts()
	r = d.run(t, f)
	if r.code != 0 || f.Writes() != 0 {
		t.Fatalf("second run: exit %d, writes %v", r.code, writesTo(f))
	}
	if r.outputs["changes"] != "0" || r.outputs["created"] != "0" || r.outputs["updated"] != "0" || r.outputs["closed"] != "0" {
		t.Errorf("second run outputs %v", r.outputs)
	}
	r.checkPlanOutput(t)
}

// schedule: a drift report in the job summary, a warning, no writes.
func TestScheduleReportsDrift(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	f.AddRepo("octo-org", "octo-repo")
	r := job{event: "schedule", payload: "schedule.json", repo: "octo-org/octo-repo", ref: "refs/heads/main", sha: "6113728f27ae82c7b1a177c8d03f9e96e0adf246"}.run(t, f)
	if r.code != 0 || f.Writes() != 0 {
		t.Fatalf("exit %d, writes %v", r.code, writesTo(f))
	}
	if !strings.Contains(r.summary, "Drift report for `roadmap.json` at `refs/heads/main`: plan only, nothing was written.") {
		t.Errorf("summary:\n%s", r.summary)
	}
	if !strings.Contains(r.stdout, "::warning::GitHub differs from roadmap.json: 6 to create, 0 to update, 0 to close, 0 unchanged; 3 relations to add. Nothing was written; the plan is in the job summary.\n") {
		t.Errorf("no drift warning")
	}
	r.checkPlanOutput(t)
}

// An invalid roadmap on a pull request: annotations on the exact lines,
// the plain list on the log, exit 1, and the plan comment says so.
func TestInvalidRoadmapOnPullRequest(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	repo := f.AddRepo("Codertocat", "Hello-World")
	addPRs(repo, 2)
	r := job{event: "pull_request", payload: "pull_request.opened.json", repo: prRepo,
		workspace: newWorkspace(t, "invalid-roadmap.json")}.run(t, f)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1", r.code)
	}
	for _, want := range []string{
		"\n::error file=roadmap.json,line=7,col=67::label \"P0-critcal\" is not declared in \"labels\" — did you mean \"P0-critical\"? [unknown-label]\n",
		// A % in the message is escaped, so the runner shows it as is.
		"\n::error file=roadmap.json,line=8,col=75::issue blocked_by[0] \"engin%25\" may hold only letters, digits",
		"\nroadmap.json:7:67: label \"P0-critcal\" is not declared in \"labels\" — did you mean \"P0-critical\"? [unknown-label]\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q", want)
		}
	}
	if _, ok := r.outputs["plan"]; ok || len(r.outputs) != 1 || r.outputs["comment-url"] == "" {
		t.Errorf("outputs %v, want only comment-url", r.outputs)
	}
	if !strings.Contains(r.summary, "`roadmap.json` is invalid") {
		t.Errorf("summary:\n%s", r.summary)
	}
	if cs := repo.Comments(2); len(cs) != 1 || !strings.HasPrefix(cs[0].Body, planMarkerFor("roadmap.json")+"\n") || !strings.Contains(cs[0].Body, "is invalid") {
		t.Errorf("comments %+v", cs)
	}
}

// An older runner, or a local run, gives no GITHUB_OUTPUT or
// GITHUB_STEP_SUMMARY: the run says so and succeeds, without a panic.
func TestNoOutputFiles(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	repo := f.AddRepo("Codertocat", "Hello-World")
	addPRs(repo, 2)
	r := job{event: "pull_request", payload: "pull_request.opened.json", repo: prRepo, noOutput: true}.run(t, f)
	if r.code != 0 {
		t.Fatalf("exit %d", r.code)
	}
	for _, want := range []string{"::notice::GITHUB_OUTPUT is not set", "::notice::GITHUB_STEP_SUMMARY is not set"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q", want)
		}
	}
	if len(repo.Comments(2)) != 1 {
		t.Errorf("comments %+v", repo.Comments(2))
	}
}

// Any other event validates only: nothing is read from GitHub.
func TestOtherEventValidatesOnly(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	f.AddRepo("octo-org", "octo-repo")
	r := job{event: "issues", payload: "schedule.json", repo: "octo-org/octo-repo"}.run(t, f)
	if r.code != 0 || len(f.Requests()) != 0 {
		t.Fatalf("exit %d, requests %v", r.code, f.Requests())
	}
	if !strings.Contains(r.stdout, "roadmap.json is valid: 2 labels, 1 milestone, 3 issues") || len(r.outputs) != 0 {
		t.Errorf("outputs %v", r.outputs)
	}
}
