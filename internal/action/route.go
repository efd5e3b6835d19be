package action

import (
	"fmt"
	"strings"
)

// Modes of the action's mode input.
const (
	ModeAuto     = "auto"
	ModeValidate = "validate"
	ModePlan     = "plan"
	ModeApply    = "apply"
	ModeImport   = "import"
)

// Steps a run goes through, each including the ones before it.
type step int

const (
	stepValidate step = iota // validate only: nothing is read from GitHub
	stepPlan                 // validate, read GitHub, plan: nothing is written
	stepApply                // validate, plan, apply
	stepRefuse               // nothing at all: the mode is not allowed on this event
	stepImport               // read GitHub, write roadmap files into the workspace: nothing on GitHub is written
)

func (s step) String() string {
	return [...]string{"validate", "plan", "apply", "refuse", "import"}[s]
}

// route is what a run does, decided from the event and the mode alone.
type route struct {
	Step step
	// PR is the pull request whose plan comment the run keeps up to date;
	// 0 for none.
	PR int
	// CommentMerged: after apply, comment the report on the pull request
	// merged by the pushed commit.
	CommentMerged bool
	// Drift: a plan run outside a pull request, reported as drift between
	// the roadmap and GitHub.
	Drift bool
	// Note is said in the job summary too: why a run that could have
	// applied did not.
	Note string
	// BranchApply: apply a ref other than the default branch, because
	// allow-branch-apply said so.
	BranchApply bool
	// Why says in one line why the run does what it does.
	Why string
}

// pullRequestEvents carry an unmerged pull request: their checkout is not
// the default branch, so they are never applied.
var pullRequestEvents = map[string]bool{
	"pull_request":                true,
	"pull_request_target":         true,
	"pull_request_review":         true,
	"pull_request_review_comment": true,
	"merge_group":                 true,
}

// commentEvents are the pull-request events whose plan is commented.
var commentEvents = map[string]bool{"pull_request": true, "pull_request_target": true}

// decide routes a run. mode is already checked to be one of the four.
// allowBranch is the allow-branch-apply input: without it only the default
// branch is ever applied.
func decide(eventName string, ev *event, mode string, allowBranch bool) route {
	isPR := commentEvents[eventName]
	prNumber := 0
	if isPR {
		prNumber = ev.prNumber()
	}
	defaultPush := eventName == "push" && ev.onDefaultBranch()

	switch mode {
	case ModeImport:
		return route{Step: stepImport, Why: "mode: import: GitHub's issues into the roadmap files in the workspace; nothing on GitHub is written"}
	case ModeValidate:
		return route{Step: stepValidate, Why: "mode: validate"}
	case ModePlan:
		if isPR {
			return route{Step: stepPlan, PR: prNumber, Why: fmt.Sprintf("mode: plan on %s: plan and comment", eventName)}
		}
		return route{Step: stepPlan, Drift: true, Why: "mode: plan: plan only, nothing is written"}
	case ModeApply:
		if pullRequestEvents[eventName] {
			return route{Step: stepRefuse, Why: fmt.Sprintf(
				"mode: apply is refused on a %s event: unmerged changes are never applied. "+
					"Apply on push to the default branch or on workflow_dispatch, and use mode: plan (or auto) on pull requests", eventName)}
		}
		if !ev.onDefaultBranch() {
			if !allowBranch {
				return route{Step: stepRefuse, Why: fmt.Sprintf(
					"mode: apply is refused on %s: only the default branch%s is applied, because only it has been reviewed. "+
						"Run it from the default branch, or set allow-branch-apply: true to apply this ref's roadmap anyway", ev.describeRef(), ev.defaultBranchNote())}
			}
			return route{Step: stepApply, BranchApply: true, Why: fmt.Sprintf(
				"mode: apply with allow-branch-apply: true: applying %s, which is not the default branch%s", ev.describeRef(), ev.defaultBranchNote())}
		}
		return route{Step: stepApply, CommentMerged: defaultPush, Why: "mode: apply"}
	}

	// auto
	switch {
	case isPR:
		return route{Step: stepPlan, PR: prNumber, Why: eventName + ": validate, plan and comment on the pull request"}
	case defaultPush:
		return route{Step: stepApply, CommentMerged: true, Why: "push to the default branch " + ev.DefaultBranch() + ": apply"}
	case eventName == "workflow_dispatch" && ev.onDefaultBranch():
		return route{Step: stepApply, Why: "workflow_dispatch on the default branch " + ev.DefaultBranch() + ": apply"}
	case eventName == "workflow_dispatch":
		why := fmt.Sprintf("workflow_dispatch from %s, not the default branch%s: plan only, nothing is written — "+
			"only the default branch is applied; run the workflow from it to apply", ev.describeRef(), ev.defaultBranchNote())
		return route{Step: stepPlan, Drift: true, Why: why, Note: why}
	case eventName == "push":
		what := "a branch other than the default"
		if strings.HasPrefix(ev.ref(), "refs/tags/") {
			what = "a tag"
		}
		return route{Step: stepPlan, Drift: true, Why: "push to " + what + ": plan only (a drift report), nothing is written"}
	case eventName == "schedule":
		return route{Step: stepPlan, Drift: true, Why: "schedule: plan only (a drift report), nothing is written"}
	case eventName == "":
		return route{Step: stepValidate, Why: "no event (GITHUB_EVENT_NAME is not set): validate only"}
	}
	return route{Step: stepValidate, Why: eventName + ": validate only"}
}

// mayApply says a run of mode on this event could apply, so it must know
// whether its ref is the default branch.
func mayApply(eventName, mode string) bool {
	switch mode {
	case ModeApply:
		return !pullRequestEvents[eventName]
	case ModeAuto:
		return eventName == "push" || eventName == "workflow_dispatch"
	}
	return false
}

// parseMode checks the mode input; "" is auto.
func parseMode(s string) (string, error) {
	m := strings.ToLower(strings.TrimSpace(s))
	switch m {
	case "":
		return ModeAuto, nil
	case ModeAuto, ModeValidate, ModePlan, ModeApply, ModeImport:
		return m, nil
	}
	return "", fmt.Errorf("input mode is %q; it must be auto, validate, plan, apply or import", s)
}

// parseBool reads a boolean input the way the runner's toolkit does
// (true/True/TRUE, false/False/FALSE); "" is def.
func parseBool(name, s string, def bool) (bool, error) {
	switch strings.TrimSpace(s) {
	case "":
		return def, nil
	case "true", "True", "TRUE":
		return true, nil
	case "false", "False", "FALSE":
		return false, nil
	}
	return false, fmt.Errorf("input %s is %q; it must be true or false", name, s)
}
