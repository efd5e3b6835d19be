package action

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func loadEvent(t *testing.T, name string) *event {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "events", name))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	ev, err := parseEvent(m, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestDecide(t *testing.T) {
	pr := loadEvent(t, "pull_request.opened.json")
	fork := loadEvent(t, "pull_request.opened.fork.json")
	pushDefault := loadEvent(t, "push.default-branch.json")
	pushBranch := loadEvent(t, "push.branch.json")
	pushTag := loadEvent(t, "push.tag.json")
	dispatch := loadEvent(t, "workflow_dispatch.json")
	dispatchBranch := loadEvent(t, "workflow_dispatch.feature-branch.json")
	// issues events name no ref: the runner's GITHUB_REF is the default branch.
	issuesEvent := loadEvent(t, "issues.opened.json")
	issuesEvent.envRef = "refs/heads/master"
	issuesOnBranch := loadEvent(t, "issues.opened.json")
	issuesOnBranch.envRef = "refs/heads/feature"
	schedule := loadEvent(t, "schedule.json")
	none := &event{}
	// A push to the default branch that deletes it, and a payload without
	// default_branch: never applied on a guess.
	deleted := loadEvent(t, "push.default-branch.json")
	deleted.Deleted = true
	noDefault := &event{Ref: "refs/heads/main"}

	type want struct {
		step          step
		pr            int
		commentMerged bool
		drift         bool
	}
	validate := want{step: stepValidate}
	refuse := want{step: stepRefuse}
	planPR := want{step: stepPlan, pr: 2}
	drift := want{step: stepPlan, drift: true}
	applyMerged := want{step: stepApply, commentMerged: true}
	apply := want{step: stepApply}

	for _, tc := range []struct {
		event       string
		ev          *event
		mode        string
		want        want
		allowBranch bool
	}{
		// auto routes on the event.
		{"pull_request", pr, ModeAuto, planPR, false},
		{"pull_request", fork, ModeAuto, planPR, false},
		{"pull_request_target", pr, ModeAuto, planPR, false},
		{"push", pushDefault, ModeAuto, applyMerged, false},
		{"push", pushBranch, ModeAuto, drift, false},
		{"push", pushTag, ModeAuto, drift, false},
		{"push", deleted, ModeAuto, drift, false},
		{"push", noDefault, ModeAuto, drift, false},
		{"workflow_dispatch", dispatch, ModeAuto, apply, false},
		// A manual run from another branch plans its roadmap and writes nothing.
		{"workflow_dispatch", dispatchBranch, ModeAuto, drift, false},
		{"issues", issuesEvent, ModeAuto, validate, false},
		{"schedule", schedule, ModeAuto, drift, false},
		{"issues", none, ModeAuto, validate, false},
		{"pull_request_review", pr, ModeAuto, validate, false},
		{"merge_group", none, ModeAuto, validate, false},
		{"repository_dispatch", none, ModeAuto, validate, false},
		{"", none, ModeAuto, validate, false},

		// validate obeys on any event.
		{"pull_request", pr, ModeValidate, validate, false},
		{"push", pushDefault, ModeValidate, validate, false},
		{"workflow_dispatch", dispatch, ModeValidate, validate, false},
		{"schedule", schedule, ModeValidate, validate, false},

		// plan obeys on any event; on a pull request it still comments.
		{"pull_request", pr, ModePlan, planPR, false},
		{"pull_request_target", fork, ModePlan, planPR, false},
		{"push", pushDefault, ModePlan, drift, false},
		{"push", pushTag, ModePlan, drift, false},
		{"workflow_dispatch", dispatch, ModePlan, drift, false},
		{"schedule", schedule, ModePlan, drift, false},
		{"issues", none, ModePlan, drift, false},

		// apply is refused wherever the checkout is an unmerged pull request.
		{"pull_request", pr, ModeApply, refuse, false},
		{"pull_request", fork, ModeApply, refuse, false},
		{"pull_request_target", pr, ModeApply, refuse, false},
		{"pull_request_review", pr, ModeApply, refuse, false},
		{"pull_request_review_comment", pr, ModeApply, refuse, false},
		{"merge_group", none, ModeApply, refuse, false},
		{"push", pushDefault, ModeApply, applyMerged, false},
		{"workflow_dispatch", dispatch, ModeApply, apply, false},
		{"issues", issuesEvent, ModeApply, apply, false},

		// …and wherever the ref is not the default branch, unless allow-branch-apply says so.
		{"push", pushBranch, ModeApply, refuse, false},
		{"push", pushTag, ModeApply, refuse, false},
		{"push", deleted, ModeApply, refuse, false},
		{"push", noDefault, ModeApply, refuse, false},
		{"workflow_dispatch", dispatchBranch, ModeApply, refuse, false},
		{"issues", issuesOnBranch, ModeApply, refuse, false},
		{"issues", none, ModeApply, refuse, false},
		{"schedule", schedule, ModeApply, refuse, false}, // hand-written payload: no default_branch to compare with
		{"push", pushBranch, ModeApply, apply, true},
		{"workflow_dispatch", dispatchBranch, ModeApply, apply, true},
		{"pull_request", pr, ModeApply, refuse, true},
		{"workflow_dispatch", dispatchBranch, ModeAuto, drift, true},
	} {
		got := decide(tc.event, tc.ev, tc.mode, tc.allowBranch)
		g := want{step: got.Step, pr: got.PR, commentMerged: got.CommentMerged, drift: got.Drift}
		if g != tc.want {
			t.Errorf("%s (ref %q) × %s (allow-branch-apply %v): got %+v (%s), want %+v", tc.event, tc.ev.ref(), tc.mode, tc.allowBranch, g, got.Why, tc.want)
		}
		if got.Why == "" {
			t.Errorf("%s × %s: no reason given", tc.event, tc.mode)
		}
	}
}

func TestEventFields(t *testing.T) {
	pr := loadEvent(t, "pull_request.opened.json")
	if pr.prNumber() != 2 || pr.fromFork() {
		t.Errorf("pull_request.opened: number %d, fork %v", pr.prNumber(), pr.fromFork())
	}
	if fork := loadEvent(t, "pull_request.opened.fork.json"); !fork.fromFork() {
		t.Error("the fork's pull request is not seen as from a fork")
	}
	push := loadEvent(t, "push.default-branch.json")
	if push.sha() != "6113728f27ae82c7b1a177c8d03f9e96e0adf246" || push.DefaultBranch() != "master" || !push.onDefaultBranch() {
		t.Errorf("push: sha %q, default %q", push.sha(), push.DefaultBranch())
	}
	// A deleted branch's "after" is all zeros: GITHUB_SHA is used instead.
	del := &event{After: "0000000000000000000000000000000000000000", envSHA: "abc"}
	if del.sha() != "abc" {
		t.Errorf("sha %q", del.sha())
	}
	// Without a payload, GITHUB_REF stands in.
	if e, _ := parseEvent(nil, "refs/heads/x", "s"); e.ref() != "refs/heads/x" || e.sha() != "s" {
		t.Errorf("env fallbacks: %q %q", e.ref(), e.sha())
	}
}

func TestParseInputs(t *testing.T) {
	for in, want := range map[string]string{"": ModeAuto, "auto": ModeAuto, " Plan ": ModePlan, "APPLY": ModeApply, "validate": ModeValidate} {
		if got, err := parseMode(in); err != nil || got != want {
			t.Errorf("parseMode(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"dry-run", "yes"} {
		if _, err := parseMode(bad); err == nil {
			t.Errorf("parseMode(%q) accepted", bad)
		}
	}
	for in, want := range map[string]bool{"": true, "true": true, "True": true, "TRUE": true, "false": false, "False": false, "FALSE": false} {
		if got, err := parseBool("comment", in, true); err != nil || got != want {
			t.Errorf("parseBool(%q) = %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"yes", "0", "tRuE"} {
		if _, err := parseBool("comment", bad, true); err == nil {
			t.Errorf("parseBool(%q) accepted", bad)
		}
	}
}

func TestResolveRoadmap(t *testing.T) {
	ws := filepath.FromSlash("/github/workspace")
	for _, tc := range []struct{ input, workspace, file, name string }{
		{"", ws, filepath.Join(ws, "roadmap.json"), "roadmap.json"},
		{"roadmap.json", ws, filepath.Join(ws, "roadmap.json"), "roadmap.json"},
		{"./plans/../plans/q3.json", ws, filepath.Join(ws, "plans", "q3.json"), "plans/q3.json"},
		{filepath.Join(ws, "teams", "a.json"), ws, filepath.Join(ws, "teams", "a.json"), "teams/a.json"},
		{filepath.FromSlash("/elsewhere/roadmap.json"), ws, filepath.FromSlash("/elsewhere/roadmap.json"), "/elsewhere/roadmap.json"},
		{"roadmap.json", "", "roadmap.json", "roadmap.json"},
	} {
		file, name := resolveRoadmap(tc.input, tc.workspace)
		if file != tc.file || name != tc.name {
			t.Errorf("resolveRoadmap(%q, %q) = %q, %q; want %q, %q", tc.input, tc.workspace, file, name, tc.file, tc.name)
		}
	}
}

func TestPlanFile(t *testing.T) {
	for in, want := range map[string]string{
		"roadmap.json":              ".roadmap-plan.json",
		"teams/a/roadmap.json":      "teams/a/.roadmap-plan.json",
		"/github/workspace/q3.json": "/github/workspace/.q3-plan.json",
	} {
		if got := filepath.ToSlash(planFile(filepath.FromSlash(in))); got != want {
			t.Errorf("planFile(%q) = %q, want %q", in, got, want)
		}
	}
}

// The pull request's own number and head commit come first; the payload's
// top-level number (absent from review events) and the pushed commit only
// stand in when the pull request lacks them.
func TestEventPullRequestFields(t *testing.T) {
	for _, tt := range []struct {
		name    string
		payload map[string]any
		number  int
		sha     string
	}{
		{"review event: only the pull request's number",
			map[string]any{"pull_request": map[string]any{"number": 7, "head": map[string]any{"sha": "abc"}}}, 7, "abc"},
		{"the pull request's number before the top-level one",
			map[string]any{"number": 5, "pull_request": map[string]any{"number": 7}}, 7, "env-sha"},
		{"a pull request without a number: the top-level one",
			map[string]any{"number": 5, "pull_request": map[string]any{"number": 0}}, 5, "env-sha"},
		{"no pull request", map[string]any{"number": 5}, 5, "env-sha"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := parseEvent(tt.payload, "refs/pull/7/merge", "env-sha")
			if err != nil {
				t.Fatal(err)
			}
			if ev.prNumber() != tt.number || ev.headSHA() != tt.sha {
				t.Errorf("number %d, head %q; want %d, %q", ev.prNumber(), ev.headSHA(), tt.number, tt.sha)
			}
		})
	}
}
