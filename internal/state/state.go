// Package state is what the tool knows of a repository on GitHub: the
// snapshot plan.Compute compares a roadmap with, and how it is read.
package state

import (
	"context"
	"strings"

	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// Label is a label as GitHub holds it.
type Label struct {
	Name        string
	Color       string
	Description string
}

// Milestone is a milestone as GitHub holds it.
type Milestone struct {
	Number      int
	Title       string
	Description string
	State       string // open | closed
	DueOn       string // the Pacific calendar date GitHub keeps, YYYY-MM-DD; "" for none
}

// Issue is an issue as GitHub holds it (never a pull request).
type Issue struct {
	ID          int64 // the REST id sub-issue and dependency APIs take, not the number
	Number      int
	Title       string
	Body        string // "" when GitHub answers null
	State       string // open | closed
	StateReason string
	Labels      []string
	Milestone   string // title; "" for none
	Assignees   []string
	Type        string // issue type name; "" for none
	URL         string
}

// MarkerID returns the roadmap id in the issue's hidden marker, if any.
func (is *Issue) MarkerID() (string, bool) { return roadmap.ParseMarker(is.Body) }

// HasLabel reports whether the issue carries name, ignoring case as GitHub does.
func (is *Issue) HasLabel(name string) bool {
	for _, l := range is.Labels {
		if strings.EqualFold(l, name) {
			return true
		}
	}
	return false
}

// Relations of one issue, read only where a plan needs them.
type Relations struct {
	SubIssues []int // numbers of its sub-issues
	BlockedBy []int // numbers of the issues blocking it
}

// Snapshot is everything read from one repository for one plan.
type Snapshot struct {
	Repository string
	// Empty is true when nothing was read: the plan is against an empty repository.
	Empty      bool
	Labels     []Label
	Milestones []Milestone
	// Issues holds the managed issues, and every other issue too when FullScan.
	Issues   []Issue
	FullScan bool
	// Relations by issue number, for the issues whose relations were read.
	Relations map[int]Relations
	// Reads is the number of requests it took.
	Reads int
}

// Reader is the read side of GitHub the snapshot needs. Every list is
// complete: implementations follow pagination to the end.
type Reader interface {
	ListLabels(ctx context.Context) ([]Label, error)
	ListMilestones(ctx context.Context) ([]Milestone, error) // state=all
	// ListIssues lists issues (pull requests dropped) with state=all, only
	// those carrying label when label is not "".
	ListIssues(ctx context.Context, label string) ([]Issue, error)
	GetIssue(ctx context.Context, number int) (*Issue, error) // nil, nil when it does not exist or is a pull request
	ListSubIssues(ctx context.Context, number int) ([]int, error)
	ListBlockedBy(ctx context.Context, number int) ([]int, error)
	// Requests returns how many requests the reader has sent.
	Requests() int
}
