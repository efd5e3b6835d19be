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
		event string
		ev    *event
		mode  string
		want  want
	}{
		// auto routes on the event.
		{"pull_request", pr, ModeAuto, planPR},
		{"pull_request", fork, ModeAuto, planPR},
		{"pull_request_target", pr, ModeAuto, planPR},
		{"push", pushDefault, ModeAuto, applyMerged},
		{"push", pushBranch, ModeAuto, drift},
		{"push", pushTag, ModeAuto, drift},
		{"push", deleted, ModeAuto, drift},
		{"push", noDefault, ModeAuto, drift},
		{"workflow_dispatch", dispatch, ModeAuto, apply},
		{"schedule", schedule, ModeAuto, drift},
		{"issues", none, ModeAuto, validate},
		{"pull_request_review", pr, ModeAuto, validate},
		{"merge_group", none, ModeAuto, validate},
		{"repository_dispatch", none, ModeAuto, validate},
		{"", none, ModeAuto, validate},

		// validate obeys on any event.
		{"pull_request", pr, ModeValidate, validate},
		{"push", pushDefault, ModeValidate, validate},
		{"workflow_dispatch", dispatch, ModeValidate, validate},
		{"schedule", schedule, ModeValidate, validate},

		// plan obeys on any event; on a pull request it still comments.
		{"pull_request", pr, ModePlan, planPR},
		{"pull_request_target", fork, ModePlan, planPR},
		{"push", pushDefault, ModePlan, drift},
		{"push", pushTag, ModePlan, drift},
		{"workflow_dispatch", dispatch, ModePlan, drift},
		{"schedule", schedule, ModePlan, drift},
		{"issues", none, ModePlan, drift},

		// apply is refused wherever the checkout is an unmerged pull request.
		{"pull_request", pr, ModeApply, refuse},
		{"pull_request", fork, ModeApply, refuse},
		{"pull_request_target", pr, ModeApply, refuse},
		{"pull_request_review", pr, ModeApply, refuse},
		{"pull_request_review_comment", pr, ModeApply, refuse},
		{"merge_group", none, ModeApply, refuse},
		{"push", pushDefault, ModeApply, applyMerged},
		{"push", pushBranch, ModeApply, apply},
		{"push", pushTag, ModeApply, apply},
		{"workflow_dispatch", dispatch, ModeApply, apply},
		{"schedule", schedule, ModeApply, apply},
		{"issues", none, ModeApply, apply},
	} {
		got := decide(tc.event, tc.ev, tc.mode)
		g := want{step: got.Step, pr: got.PR, commentMerged: got.CommentMerged, drift: got.Drift}
		if g != tc.want {
			t.Errorf("%s (ref %q) × %s: got %+v (%s), want %+v", tc.event, tc.ev.ref(), tc.mode, g, got.Why, tc.want)
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
	if push.sha() != "6113728f27ae82c7b1a177c8d03f9e96e0adf246" || push.DefaultBranch() != "master" || !push.isDefaultBranchPush() {
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
