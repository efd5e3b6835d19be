// Package state is what the tool knows of a repository on GitHub: the
// snapshot plan.Compute compares a roadmap with, and how it is read.
package state

import (
	"context"
	"sort"
	"strings"
	"time"

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
	// OpenIssues and ClosedIssues are the counts GitHub returns with every
	// milestone (pull requests included): progress at no extra request.
	OpenIssues, ClosedIssues int
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
	// NodeID is the GraphQL id, which projects take for an item's content.
	NodeID string

	// MovedTo is "OWNER/REPO#N" when GitHub answered this number with
	// another repository's issue (it was transferred): nothing else of the
	// Issue is set, and it is never matched.
	MovedTo string

	// Who wrote it, as GitHub records it: the login, the account type
	// ("Bot", "User", "Organization"; "" when GitHub gives no user, as for
	// a deleted account) and author_association (OWNER, MEMBER,
	// COLLABORATOR, CONTRIBUTOR, FIRST_TIMER, FIRST_TIME_CONTRIBUTOR,
	// MANNEQUIN, NONE).
	Author            string
	AuthorType        string
	AuthorAssociation string
	Created           time.Time
	// Counts GitHub gives on every issue object: import ranks duplicate
	// copies by activity (comments and reactions), and reads relations
	// only for issues whose summaries say they have some.
	Comments       int
	Reactions      int
	SubIssueCount  int // sub_issues_summary.total
	BlockedByCount int // issue_dependencies_summary.total_blocked_by
}

// MarkerID returns the roadmap id in the issue's hidden marker, if any.
func (is *Issue) MarkerID() (string, bool) { return roadmap.ParseMarker(is.Body) }

// TrustedAuthor says GitHub records the issue's author as a bot — an app
// installed on the repository, such as github-actions[bot] for the default
// token — or as someone with write access to it. Anyone else may open and
// edit issues on a public repository; what they write is text, never an
// instruction to the tool.
func (is *Issue) TrustedAuthor() bool {
	if is.AuthorType == "Bot" {
		return true
	}
	switch is.AuthorAssociation {
	case "OWNER", "MEMBER", "COLLABORATOR":
		return true
	}
	return false
}

// AuthorName is "@login", or "a deleted account" when GitHub gives none.
func (is *Issue) AuthorName() string {
	if is.Author == "" {
		return "a deleted account"
	}
	return "@" + is.Author
}

// Trust is how far an issue's marker is believed.
type Trust int

const (
	// NoClaim: the body has no marker as the tool writes it.
	NoClaim Trust = iota
	// Untrusted: a marker written by someone without write access. It is
	// never matched; the plan reports it when it names a roadmap entry.
	Untrusted
	// Candidate: a marker by a trusted author on an issue without the
	// managed label (a person took the label off, or wrote the marker).
	// It is adopted, and the plan shows the adoption.
	Candidate
	// Trusted: the marker the tool wrote, on an issue carrying the managed
	// label, by a trusted author. Only these are the roadmap's own issues:
	// matched silently, reported as orphans, closed by prune.
	Trusted
)

// Claim returns the roadmap id the issue's marker names and how far it is
// believed, for the roadmap whose managed label is managed.
func (is *Issue) Claim(managed string) (string, Trust) {
	id, ok := is.MarkerID()
	switch {
	case !ok:
		return "", NoClaim
	case !is.TrustedAuthor():
		return id, Untrusted
	case !is.HasLabel(managed):
		return id, Candidate
	}
	return id, Trusted
}

// Claimants maps each roadmap id to the issues whose marker claims it and
// is believed (Trusted or Candidate), best first: trusted before
// candidates, then issues a bot wrote (the tool's own), then the earliest
// created, then the lowest number.
func Claimants(issues []Issue, managed string) map[string][]*Issue {
	out := map[string][]*Issue{}
	trust := map[*Issue]Trust{}
	for i := range issues {
		is := &issues[i]
		id, t := is.Claim(managed)
		if t < Candidate {
			continue
		}
		trust[is] = t
		out[id] = append(out[id], is)
	}
	for _, list := range out {
		sort.SliceStable(list, func(i, j int) bool {
			a, b := list[i], list[j]
			if trust[a] != trust[b] {
				// equivalent mutant CONDITIONALS_BOUNDARY: the line above returned for equal trusts, so > and >= compare alike.
				return trust[a] > trust[b]
			}
			if ab, bb := a.AuthorType == "Bot", b.AuthorType == "Bot"; ab != bb {
				return ab
			}
			if !a.Created.Equal(b.Created) && !a.Created.IsZero() && !b.Created.IsZero() {
				return a.Created.Before(b.Created)
			}
			// equivalent mutant CONDITIONALS_BOUNDARY: two issues never share a number.
			return a.Number < b.Number
		})
	}
	return out
}

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
	// Project is the roadmap's project as GitHub holds it, read with the
	// project token; nil when the roadmap has none or it was not read, and
	// then ProjectSkipped says why.
	Project        *Project
	ProjectSkipped string
	// Renamed says GitHub redirected the repository to its new place (it
	// was renamed or transferred); "" when it did not.
	Renamed string
	// Moved maps the numbers GitHub answered with another repository's
	// issue (transferred away) to where it went, "OWNER/REPO#N".
	Moved map[int]string
	// Unsupported holds the features the server lacks (FeatureSubIssues,
	// FeatureDependencies), each with why; empty on github.com.
	Unsupported map[string]string
	// Assignable says, for each login the roadmap assigns that no issue read
	// already has, whether GitHub lets it be assigned (lower-case keys).
	Assignable map[string]bool
	// IssueTypes are the owner's issue types when the roadmap sets types and
	// GitHub could say; nil when it could not (a user's repository, a token
	// that may not read the organization, GitHub Enterprise Server).
	IssueTypes []string
	// Reads is the number of requests it took; GraphQLRequests of them went to
	// GitHub's GraphQL API, which charged GraphQLPoints of its budget for them.
	Reads           int
	GraphQLRequests int
	GraphQLPoints   int
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
	// ListSubIssues and ListBlockedBy answer an error wrapping
	// ErrUnsupported when the server lacks the feature.
	ListSubIssues(ctx context.Context, number int) ([]int, error)
	ListBlockedBy(ctx context.Context, number int) ([]int, error)
	// Features returns the features the server lacks, each with why.
	Features(ctx context.Context) (map[string]string, error)
	// CanAssign says whether login can be assigned issues in the repository.
	CanAssign(ctx context.Context, login string) (bool, error)
	// ListIssueTypes returns the owner's issue types; false when GitHub
	// can't say.
	ListIssueTypes(ctx context.Context) ([]string, bool, error)
	// Requests returns how many requests the reader has sent.
	Requests() int
}

// BaseReader is a Reader that reads the labels, the milestones and the issues carrying a
// label (every issue for "") together, in fewer requests than a list at a time: GitHub's
// GraphQL API answers the first page of each in one. Fetch uses it when a reader has it.
type BaseReader interface {
	ReadBase(ctx context.Context, label string) ([]Label, []Milestone, []Issue, error)
}

// GraphQLCoster is a Reader that says what its GraphQL requests have cost so far.
type GraphQLCoster interface {
	GraphQLCost() (requests, points int)
}

// BatchReader is a Reader that reads several issues by number at once; numbers that are no
// issue map to nil, as GetIssue answers nil for them.
type BatchReader interface {
	GetIssues(ctx context.Context, numbers []int) (map[int]*Issue, error)
}
