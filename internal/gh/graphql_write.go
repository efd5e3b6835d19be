package gh

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/roadmap-as-code/roadmap/internal/state"
)

// One GraphQL write: creating an issue as a sub-issue at once. REST creates the issue and
// makes it a sub-issue in a second write (POST …/sub_issues); GraphQL's createIssue takes
// parentIssueId (@octokit/graphql-schema: CreateIssueInput.parentIssueId, "The Node ID of the
// parent issue to add this new issue to"), which removes that second write. Every other write
// stays REST, one per change: no other mutation saves one.
//
// GraphQL names objects by node id. The client learns them from what it reads (the GraphQL
// reader asks for ids at no extra cost) and from REST's answers to its writes (node_id), so a
// create needs no lookup; when an id is unknown, or the issue has what the published
// CreateIssueInput can't carry (assignees, who would need their ids looked up, and an issue
// type: the package predates issueTypeId), the create is REST's and the sub-issue link its own
// write, as before.

// ErrNeedsREST is CreateSubIssue's answer when GraphQL can't make this create: nothing was sent.
var ErrNeedsREST = errors.New("this create needs REST")

type nodeIDs struct {
	mu sync.Mutex
	m  map[string]string
}

func (n *nodeIDs) set(key, id string) {
	if id == "" {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.m == nil {
		n.m = map[string]string{}
	}
	n.m[key] = id
}

func (n *nodeIDs) get(key string) (string, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	id, ok := n.m[key]
	return id, ok
}

func labelNode(name string) string    { return "label:" + strings.ToLower(name) }
func milestoneNode(number int) string { return "milestone:" + strconv.Itoa(number) }
func issueNode(number int) string     { return "issue:" + strconv.Itoa(number) }

const repoNode = "repository"

const createSubIssueDocument = `mutation RoadmapCreateSubIssue($input: CreateIssueInput!) {
  createIssue(input: $input) {
    issue { id fullDatabaseId number title state url parent { number } }
  }
}
`

// canCreateSubIssues says GraphQL may make sub-issues here: the GraphQL reader is in use and
// has found sub-issues in the server's schema, and REST has not found them missing.
func (c *Client) canCreateSubIssues() bool {
	c.readerMu.Lock()
	gr, ok := c.reader.(*GraphQLReader)
	c.readerMu.Unlock()
	if !ok {
		return false
	}
	gr.mu.Lock()
	usable := !gr.rest && !gr.gaps.subIssues && gr.repoID != ""
	gr.mu.Unlock()
	if _, lacks := c.lacks(state.FeatureSubIssues); lacks {
		return false
	}
	return usable
}

// CreateSubIssue creates an issue with the fields of f as a sub-issue of issue parent, in
// one GraphQL write, and says whether GitHub linked it. It answers ErrNeedsREST, having made
// nothing, when GraphQL can't make it (see above) or GitHub refused it (the parent is full or
// too deep, a value it refuses): then CreateIssue makes it, and the link is its own write, as
// before. A token that may not write is REST's 403; a lost answer an *APIError, as
// CreateIssue's.
func (c *Client) CreateSubIssue(ctx context.Context, f IssueFields, parent int) (state.Issue, bool, error) {
	if !c.canCreateSubIssues() {
		return state.Issue{}, false, ErrNeedsREST
	}
	input := map[string]any{}
	for k, v := range f {
		switch k {
		case "title", "body":
			input[k] = v
		case "labels":
			names, _ := v.([]string)
			ids := []string{}
			for _, name := range names {
				id, ok := c.nodes.get(labelNode(name))
				if !ok {
					return state.Issue{}, false, ErrNeedsREST
				}
				ids = append(ids, id)
			}
			input["labelIds"] = ids
		case "milestone":
			if v == nil {
				continue
			}
			n, _ := v.(int)
			id, ok := c.nodes.get(milestoneNode(n))
			if !ok {
				return state.Issue{}, false, ErrNeedsREST
			}
			input["milestoneId"] = id
		case "assignees":
			if list, _ := v.([]string); len(list) > 0 {
				return state.Issue{}, false, ErrNeedsREST
			}
		case "type":
			if v != nil {
				return state.Issue{}, false, ErrNeedsREST
			}
		default:
			return state.Issue{}, false, ErrNeedsREST
		}
	}
	repoID, ok1 := c.nodes.get(repoNode)
	parentID, ok2 := c.nodes.get(issueNode(parent))
	if !ok1 || !ok2 {
		return state.Issue{}, false, ErrNeedsREST
	}
	input["repositoryId"], input["parentIssueId"] = repoID, parentID
	var data struct {
		CreateIssue *struct {
			Issue *struct {
				ID             string `json:"id"`
				FullDatabaseID string `json:"fullDatabaseId"`
				Number         int    `json:"number"`
				Title          string `json:"title"`
				State          string `json:"state"`
				URL            string `json:"url"`
				Parent         *struct {
					Number int `json:"number"`
				} `json:"parent"`
			} `json:"issue"`
		} `json:"createIssue"`
	}
	err := c.Do(ctx, createSubIssueDocument, map[string]any{"input": input}, &data)
	var ge *GraphQLErrors
	switch {
	case errors.As(err, &ge) && ge.Only("FORBIDDEN"):
		// The token may not write: as REST's 403, which stops apply.
		return state.Issue{}, false, &APIError{Status: http.StatusForbidden, Reason: ge.Errors[0].Message, err: err}
	case errors.As(err, &ge):
		// GitHub refused the create, so nothing was made: REST makes it, and the link is
		// sent (and refused) on its own.
		return state.Issue{}, false, ErrNeedsREST
	case err != nil:
		return state.Issue{}, false, err
	case data.CreateIssue == nil || data.CreateIssue.Issue == nil:
		// An answer without the issue: as a lost answer, apply looks for the issue.
		return state.Issue{}, false, &APIError{Status: http.StatusBadGateway, Reason: "GitHub's answer to createIssue names no issue"}
	}
	j := data.CreateIssue.Issue
	is := state.Issue{Number: j.Number, Title: j.Title, State: strings.ToLower(j.State), URL: j.URL}
	is.ID, _ = strconv.ParseInt(j.FullDatabaseID, 10, 64)
	c.nodes.set(issueNode(j.Number), j.ID)
	return is, j.Parent != nil && j.Parent.Number == parent, nil
}
