package action

import (
	"encoding/json"
	"strings"
)

// event is the part of a webhook payload (GITHUB_EVENT_PATH) the action reads.
type event struct {
	Number     int    `json:"number"`
	Ref        string `json:"ref"`
	After      string `json:"after"`
	Deleted    bool   `json:"deleted"`
	Repository *struct {
		FullName      string `json:"full_name"`
		DefaultBranch string `json:"default_branch"`
	} `json:"repository"`
	PullRequest *struct {
		Number  int    `json:"number"`
		HTMLURL string `json:"html_url"`
		Head    struct {
			SHA  string `json:"sha"`
			Repo *struct {
				FullName string `json:"full_name"`
			} `json:"repo"`
		} `json:"head"`
		Base struct {
			Repo *struct {
				FullName string `json:"full_name"`
			} `json:"repo"`
		} `json:"base"`
	} `json:"pull_request"`

	// envRef and envSHA are GITHUB_REF and GITHUB_SHA, used when the payload
	// lacks them.
	envRef, envSHA string
}

// parseEvent decodes the payload go-githubactions read as a map.
func parseEvent(m map[string]any, envRef, envSHA string) (*event, error) {
	ev := &event{envRef: envRef, envSHA: envSHA}
	if m == nil {
		return ev, nil
	}
	data, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, ev); err != nil {
		return nil, err
	}
	ev.envRef, ev.envSHA = envRef, envSHA
	return ev, nil
}

func (e *event) prNumber() int {
	if e.PullRequest != nil && e.PullRequest.Number > 0 {
		return e.PullRequest.Number
	}
	return e.Number
}

// fromFork says the pull request's head is in another repository, whose
// runs get a read-only token on pull_request events.
func (e *event) fromFork() bool {
	pr := e.PullRequest
	if pr == nil {
		return false
	}
	if pr.Head.Repo == nil {
		return true // the fork was deleted
	}
	return pr.Base.Repo != nil && !strings.EqualFold(pr.Head.Repo.FullName, pr.Base.Repo.FullName)
}

func (e *event) ref() string {
	if e.Ref != "" {
		return e.Ref
	}
	return e.envRef
}

// headSHA is the pull request's head commit: the commit a reviewer pushed,
// not the merge commit GITHUB_SHA names on pull_request events.
func (e *event) headSHA() string {
	if e.PullRequest != nil && e.PullRequest.Head.SHA != "" {
		return e.PullRequest.Head.SHA
	}
	return e.sha()
}

// sha is the pushed commit.
func (e *event) sha() string {
	if e.After != "" && strings.Trim(e.After, "0") != "" {
		return e.After
	}
	return e.envSHA
}

// DefaultBranch is the repository's default branch named in the payload.
func (e *event) DefaultBranch() string {
	if e.Repository == nil {
		return ""
	}
	return e.Repository.DefaultBranch
}

// onDefaultBranch says the run's ref is the default branch, and (for a
// push) that the push did not delete it. The ref is the payload's (push,
// workflow_dispatch) or else GITHUB_REF (issues, schedule and most other
// events run on the default branch). Without default_branch in the payload
// it is false: never apply on a guess.
func (e *event) onDefaultBranch() bool {
	def := e.DefaultBranch()
	return def != "" && !e.Deleted && e.ref() == "refs/heads/"+def
}

// setDefaultBranch records the default branch learned from GitHub itself.
func (e *event) setDefaultBranch(name string) {
	if e.Repository == nil {
		e.Repository = &struct {
			FullName      string `json:"full_name"`
			DefaultBranch string `json:"default_branch"`
		}{}
	}
	e.Repository.DefaultBranch = name
}

// describeRef names the run's ref for a person: "refs/heads/feature".
func (e *event) describeRef() string {
	if r := e.ref(); r != "" {
		return r
	}
	return "an unknown ref (neither the payload nor GITHUB_REF names one)"
}

// defaultBranchNote is " (main)", or a note that the payload did not say.
func (e *event) defaultBranchNote() string {
	if def := e.DefaultBranch(); def != "" {
		return " (" + def + ")"
	}
	return " (the event payload does not name it)"
}
