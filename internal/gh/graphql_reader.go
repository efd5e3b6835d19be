package gh

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/state"
)

// GraphQLReader is the state.Reader that reads through GitHub's GraphQL API: the labels, the
// milestones and the first page of issues in one query, and each further 100 issues in one
// more, every issue with its labels, assignees, type, sub-issues and blockers. It gives the
// same state.Snapshot as the REST reader (the Client itself):
//
//   - relations are read with the issues, and ListSubIssues/ListBlockedBy answer from what was
//     read; a nested list longer than a page is continued (several at once, aliased);
//   - a sub-issue or blocker of another repository is left out, by its repository's node id;
//   - where GraphQL lacks what REST has, REST answers that part: a server whose schema lacks
//     sub-issues or dependencies (an older GitHub Enterprise Server, learned from its
//     "undefinedField" answer, one request) has them read, or found unsupported, through REST as
//     the REST reader does; a schema without issue types has the issue lists read through REST
//     (REST has "type"); a number GraphQL does not resolve is asked of REST, which alone says
//     where a transferred issue went; a server without a GraphQL endpoint (404), or a refusal of
//     the repository itself, hands everything to REST, whose errors say what to do;
//   - Features, CanAssign and ListIssueTypes are REST's (cheaper, or only there).
type GraphQLReader struct {
	c *Client

	mu         sync.Mutex
	gaps       schemaGaps
	rest       bool   // everything through REST
	fellBack   string // why, for a notice
	repoID     string // the repository's node id
	base       bool   // labels and milestones read
	labels     []state.Label
	milestones []state.Milestone
	rels       map[int]*readRelations
	renamed    string
}

type readRelations struct {
	subs, blockers         []int
	subsRead, blockersRead bool
}

// NewGraphQLReader returns a reader that reads through c's GraphQL endpoint.
func NewGraphQLReader(c *Client) *GraphQLReader {
	return &GraphQLReader{c: c, rels: map[int]*readRelations{}}
}

// Client is the REST client underneath, which writes.
func (r *GraphQLReader) Client() *Client { return r.c }

// FellBack says why the reader read through REST instead, "" while it has not.
func (r *GraphQLReader) FellBack() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.fellBack
}

// Requests returns how many requests the client has sent, REST and GraphQL.
func (r *GraphQLReader) Requests() int { return r.c.Requests() }

// Cost returns what the GraphQL requests cost.
func (r *GraphQLReader) Cost() Cost { return r.c.GraphQLCost() }

// GraphQLCost is Cost for state.Fetch, which reports it in the snapshot.
func (r *GraphQLReader) GraphQLCost() (requests, points int) {
	c := r.c.GraphQLCost()
	return c.Requests, c.Points
}

// Features is the REST client's: the server's version says what it lacks, the same words
// for both readers.
func (r *GraphQLReader) Features(ctx context.Context) (map[string]string, error) {
	return r.c.Features(ctx)
}

// CanAssign asks REST (one request per login, as the REST reader).
func (r *GraphQLReader) CanAssign(ctx context.Context, login string) (bool, error) {
	return r.c.CanAssign(ctx, login)
}

// ListIssueTypes asks REST: the organization's types are one small request there.
func (r *GraphQLReader) ListIssueTypes(ctx context.Context) ([]string, bool, error) {
	return r.c.ListIssueTypes(ctx)
}

// Renamed says the repository answers under another name, for a notice; "" otherwise.
func (r *GraphQLReader) Renamed() string {
	r.mu.Lock()
	renamed, rest := r.renamed, r.rest
	r.mu.Unlock()
	if rest || renamed == "" {
		return r.c.Renamed()
	}
	return renamed
}

// issuesViaREST says issue lists come from REST: everything does, or GraphQL has no issue
// types, which REST has.
func (r *GraphQLReader) issuesViaREST() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.rest || r.gaps.issueType
}

func (r *GraphQLReader) restOnly() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.rest
}

// ListLabels returns every label.
func (r *GraphQLReader) ListLabels(ctx context.Context) ([]state.Label, error) {
	if err := r.readBase(ctx, false, ""); err != nil {
		return nil, err
	}
	if r.restOnly() {
		return r.c.ListLabels(ctx)
	}
	return append([]state.Label(nil), r.labels...), nil
}

// ListMilestones returns every milestone, open and closed.
func (r *GraphQLReader) ListMilestones(ctx context.Context) ([]state.Milestone, error) {
	if err := r.readBase(ctx, false, ""); err != nil {
		return nil, err
	}
	if r.restOnly() {
		return r.c.ListMilestones(ctx)
	}
	return append([]state.Milestone(nil), r.milestones...), nil
}

// ReadBase reads the labels, the milestones and the issues carrying label (every issue when
// label is ""), the first page of each in one request: what state.Fetch reads first.
func (r *GraphQLReader) ReadBase(ctx context.Context, label string) ([]state.Label, []state.Milestone, []state.Issue, error) {
	var issues []state.Issue
	if err := r.readBaseInto(ctx, true, label, &issues); err != nil {
		return nil, nil, nil, err
	}
	if r.issuesViaREST() {
		labels, err := r.ListLabels(ctx)
		if err != nil {
			return nil, nil, nil, err
		}
		ms, err := r.ListMilestones(ctx)
		if err != nil {
			return nil, nil, nil, err
		}
		is, err := r.c.ListIssues(ctx, label)
		return labels, ms, is, err
	}
	return append([]state.Label(nil), r.labels...), append([]state.Milestone(nil), r.milestones...), issues, nil
}

// ListIssues lists issues in every state, only those carrying label when it is not "".
func (r *GraphQLReader) ListIssues(ctx context.Context, label string) ([]state.Issue, error) {
	if r.issuesViaREST() {
		return r.c.ListIssues(ctx, label)
	}
	var issues []state.Issue
	if err := r.pages(ctx, false, true, label, &issues); err != nil {
		return nil, err
	}
	if r.issuesViaREST() {
		return r.c.ListIssues(ctx, label)
	}
	return issues, nil
}

func (r *GraphQLReader) readBase(ctx context.Context, withIssues bool, label string) error {
	var issues []state.Issue
	return r.readBaseInto(ctx, withIssues, label, &issues)
}

func (r *GraphQLReader) readBaseInto(ctx context.Context, withIssues bool, label string, issues *[]state.Issue) error {
	r.mu.Lock()
	done := r.base || r.rest
	r.mu.Unlock()
	if done && !withIssues {
		return nil
	}
	if done {
		return r.pages(ctx, false, true, label, issues)
	}
	return r.pages(ctx, true, withIssues, label, issues)
}

// snapshotData is the data of snapshotDocument.
type snapshotData struct {
	Repository *struct {
		repoHead
		Labels *struct {
			PageInfo pageInfo `json:"pageInfo"`
			Nodes    []struct {
				ID          string  `json:"id"`
				Name        string  `json:"name"`
				Color       string  `json:"color"`
				Description *string `json:"description"`
			} `json:"nodes"`
		} `json:"labels"`
		Milestones *struct {
			PageInfo pageInfo `json:"pageInfo"`
			Nodes    []struct {
				ID                 string     `json:"id"`
				Number             int        `json:"number"`
				Title              string     `json:"title"`
				Description        *string    `json:"description"`
				State              string     `json:"state"`
				DueOn              *time.Time `json:"dueOn"`
				OpenIssues         count      `json:"openIssues"`
				ClosedIssues       count      `json:"closedIssues"`
				OpenPullRequests   count      `json:"openPullRequests"`
				ClosedPullRequests count      `json:"closedPullRequests"`
			} `json:"nodes"`
		} `json:"milestones"`
		Issues *struct {
			PageInfo pageInfo   `json:"pageInfo"`
			Nodes    []gqlIssue `json:"nodes"`
		} `json:"issues"`
	} `json:"repository"`
}

type repoHead struct {
	ID            string `json:"id"`
	DatabaseID    int64  `json:"databaseId"`
	NameWithOwner string `json:"nameWithOwner"`
}

type pageInfo struct {
	HasNextPage bool   `json:"hasNextPage"`
	EndCursor   string `json:"endCursor"`
}

type count struct {
	TotalCount int `json:"totalCount"`
}

type connection[T any] struct {
	PageInfo pageInfo `json:"pageInfo"`
	Nodes    []T      `json:"nodes"`
}

type relNode struct {
	Number     int `json:"number"`
	Repository struct {
		ID string `json:"id"`
	} `json:"repository"`
}

type gqlIssue struct {
	ID             string    `json:"id"`
	FullDatabaseID string    `json:"fullDatabaseId"`
	Number         int       `json:"number"`
	Title          string    `json:"title"`
	Body           string    `json:"body"`
	State          string    `json:"state"`
	StateReason    *string   `json:"stateReason"`
	URL            string    `json:"url"`
	CreatedAt      time.Time `json:"createdAt"`
	Author         *struct {
		Typename string `json:"__typename"`
		Login    string `json:"login"`
	} `json:"author"`
	AuthorAssociation string `json:"authorAssociation"`
	Milestone         *struct {
		Title string `json:"title"`
	} `json:"milestone"`
	Comments  count `json:"comments"`
	Reactions count `json:"reactions"`
	Labels    connection[struct {
		Name string `json:"name"`
	}] `json:"labels"`
	Assignees connection[struct {
		Login string `json:"login"`
	}] `json:"assignees"`
	IssueType *struct {
		Name string `json:"name"`
	} `json:"issueType"`
	SubIssuesSummary *struct {
		Total int `json:"total"`
	} `json:"subIssuesSummary"`
	SubIssues                *connection[relNode] `json:"subIssues"`
	IssueDependenciesSummary *struct {
		TotalBlockedBy int `json:"totalBlockedBy"`
	} `json:"issueDependenciesSummary"`
	BlockedBy *connection[relNode] `json:"blockedBy"`
}

// pages reads pages of labels and milestones (withBase) and of issues (withIssues) until each
// is complete, asking in every request only for the lists not yet complete.
func (r *GraphQLReader) pages(ctx context.Context, withBase, withIssues bool, label string, out *[]state.Issue) error {
	var labelsAfter, milestonesAfter, issuesAfter *string
	wantLabels, wantMilestones, wantIssues := withBase, withBase, withIssues
	var labels []state.Label
	var milestones []state.Milestone
	page := 0
	for wantLabels || wantMilestones || wantIssues {
		vars := map[string]any{
			"owner": r.c.owner, "name": r.c.repo,
			"withLabels": wantLabels, "labelsAfter": labelsAfter,
			"withMilestones": wantMilestones, "milestonesAfter": milestonesAfter,
			"withIssues": wantIssues, "issuesAfter": issuesAfter, "issueLabels": nil,
		}
		if label != "" {
			vars["issueLabels"] = []string{label}
		}
		var data snapshotData
		err := r.do(ctx, func(g schemaGaps) string { return snapshotDocument(g) }, vars, &data)
		if err != nil || r.restOnly() {
			if err == nil && withBase {
				// Handed to REST before anything was kept: the callers read it there.
				return nil
			}
			return r.whole(ctx, err, "reading "+r.c.Repository())
		}
		if wantIssues && r.issuesViaREST() {
			// A schema without issue types: REST lists the issues (it has "type").
			wantIssues = false
			withIssues = false
		}
		repo := data.Repository
		if repo == nil {
			return r.whole(ctx, &GraphQLErrors{Errors: []GraphQLError{{Type: "NOT_FOUND", Message: "no repository"}}}, "reading "+r.c.Repository())
		}
		r.learnRepository(repo.repoHead)
		if wantLabels && repo.Labels != nil {
			for _, l := range repo.Labels.Nodes {
				r.c.nodes.set(labelNode(l.Name), l.ID)
				sl := state.Label{Name: l.Name, Color: l.Color}
				if l.Description != nil {
					sl.Description = *l.Description
				}
				labels = append(labels, sl)
			}
			wantLabels = repo.Labels.PageInfo.HasNextPage
			labelsAfter = strPtr(repo.Labels.PageInfo.EndCursor)
		}
		if wantMilestones && repo.Milestones != nil {
			for _, m := range repo.Milestones.Nodes {
				r.c.nodes.set(milestoneNode(m.Number), m.ID)
				ms := state.Milestone{Number: m.Number, Title: m.Title, State: strings.ToLower(m.State),
					OpenIssues:   m.OpenIssues.TotalCount + m.OpenPullRequests.TotalCount,
					ClosedIssues: m.ClosedIssues.TotalCount + m.ClosedPullRequests.TotalCount}
				if m.Description != nil {
					ms.Description = *m.Description
				}
				if m.DueOn != nil {
					ms.DueOn = PacificDate(*m.DueOn)
				}
				milestones = append(milestones, ms)
			}
			wantMilestones = repo.Milestones.PageInfo.HasNextPage
			milestonesAfter = strPtr(repo.Milestones.PageInfo.EndCursor)
		}
		if wantIssues && repo.Issues != nil {
			start := len(*out)
			for i := range repo.Issues.Nodes {
				*out = append(*out, r.toState(&repo.Issues.Nodes[i]))
			}
			if err := r.overflow(ctx, repo.Issues.Nodes, (*out)[start:]); err != nil {
				return r.whole(ctx, err, "reading "+r.c.Repository())
			}
			page++
			if r.c.progress != nil {
				what := "issues of " + r.c.Repository()
				if label != "" {
					what = fmt.Sprintf("issues labelled %q in %s", label, r.c.Repository())
				}
				r.c.progress(Page{What: what, Page: page, Items: len(*out)})
			}
			wantIssues = repo.Issues.PageInfo.HasNextPage
			issuesAfter = strPtr(repo.Issues.PageInfo.EndCursor)
		}
	}
	if withBase {
		r.mu.Lock()
		r.labels, r.milestones, r.base = labels, milestones, true
		r.mu.Unlock()
	}
	return nil
}

func strPtr(s string) *string { return &s }

// learnRepository keeps the repository's node id, and tells the REST client where GitHub
// keeps the repository: after a rename, GraphQL answers the old name with the new one, and
// REST writes must go to /repositories/ID (as a REST read would have taught it).
func (r *GraphQLReader) learnRepository(h repoHead) {
	r.c.nodes.set(repoNode, h.ID)
	r.mu.Lock()
	r.repoID = h.ID
	renamed := h.NameWithOwner != "" && !strings.EqualFold(h.NameWithOwner, r.c.Repository())
	if renamed && r.renamed == "" {
		r.renamed = fmt.Sprintf("GitHub answers %s as %s: the repository was renamed or transferred; use its new name (--repo, GITHUB_REPOSITORY or \"repository\")",
			r.c.Repository(), h.NameWithOwner)
	}
	r.mu.Unlock()
	if h.NameWithOwner != "" {
		r.c.learnOwn(strings.TrimSuffix(r.c.gh.BaseURL.String(), "/") + "/repos/" + h.NameWithOwner)
	}
	if renamed && h.DatabaseID > 0 {
		r.c.mu.Lock()
		if r.c.moved == "" {
			r.c.moved = "repositories/" + strconv.FormatInt(h.DatabaseID, 10) + "/"
		}
		r.c.mu.Unlock()
	}
}

// toState converts an issue, keeping its relations for ListSubIssues and ListBlockedBy.
func (r *GraphQLReader) toState(j *gqlIssue) state.Issue {
	is := state.Issue{Number: j.Number, Title: j.Title, Body: j.Body, State: strings.ToLower(j.State), URL: j.URL,
		Comments: j.Comments.TotalCount, Reactions: j.Reactions.TotalCount, Created: j.CreatedAt, AuthorAssociation: j.AuthorAssociation}
	is.ID, _ = strconv.ParseInt(j.FullDatabaseID, 10, 64)
	is.NodeID = j.ID
	r.c.nodes.set(issueNode(j.Number), j.ID)
	if j.StateReason != nil {
		is.StateReason = strings.ToLower(*j.StateReason)
	}
	if j.Author != nil {
		is.Author, is.AuthorType = j.Author.Login, j.Author.Typename
		// GraphQL names a bot by its app's slug ("github-actions"); REST, and so the
		// snapshot, by its login "github-actions[bot]".
		if is.AuthorType == "Bot" && !strings.HasSuffix(is.Author, "[bot]") {
			is.Author += "[bot]"
		}
	}
	if j.Milestone != nil {
		is.Milestone = j.Milestone.Title
	}
	for _, l := range j.Labels.Nodes {
		is.Labels = append(is.Labels, l.Name)
	}
	for _, a := range j.Assignees.Nodes {
		is.Assignees = append(is.Assignees, a.Login)
	}
	if j.IssueType != nil {
		is.Type = j.IssueType.Name
	}
	if j.SubIssuesSummary != nil {
		is.SubIssueCount = j.SubIssuesSummary.Total
	}
	if j.IssueDependenciesSummary != nil {
		is.BlockedByCount = j.IssueDependenciesSummary.TotalBlockedBy
	}
	r.mu.Lock()
	rel := &readRelations{}
	if j.SubIssues != nil {
		rel.subs, rel.subsRead = r.ownNumbers(nil, j.SubIssues.Nodes), !j.SubIssues.PageInfo.HasNextPage
	}
	if j.BlockedBy != nil {
		rel.blockers, rel.blockersRead = r.ownNumbers(nil, j.BlockedBy.Nodes), !j.BlockedBy.PageInfo.HasNextPage
	}
	r.rels[j.Number] = rel
	r.mu.Unlock()
	return is
}

// ownNumbers appends the numbers of the nodes of this repository: a sub-issue or blocker may
// live in another repository of the owner, where its number names another issue; r.mu is held.
func (r *GraphQLReader) ownNumbers(to []int, nodes []relNode) []int {
	if to == nil {
		to = []int{}
	}
	for _, n := range nodes {
		if n.Repository.ID == r.repoID {
			to = append(to, n.Number)
		}
	}
	return to
}

// overflow continues the nested lists of the issues just read (raw, converted into out) that
// did not fit their first page.
func (r *GraphQLReader) overflow(ctx context.Context, raw []gqlIssue, out []state.Issue) error {
	var todo []continuation
	index := map[int]*state.Issue{}
	for i := range raw {
		j := &raw[i]
		index[j.Number] = &out[i]
		if j.Labels.PageInfo.HasNextPage {
			todo = append(todo, continuation{j.Number, overflowLabels, j.Labels.PageInfo.EndCursor})
		}
		if j.Assignees.PageInfo.HasNextPage {
			todo = append(todo, continuation{j.Number, overflowAssignees, j.Assignees.PageInfo.EndCursor})
		}
		if j.SubIssues != nil && j.SubIssues.PageInfo.HasNextPage {
			todo = append(todo, continuation{j.Number, overflowSubIssues, j.SubIssues.PageInfo.EndCursor})
		}
		if j.BlockedBy != nil && j.BlockedBy.PageInfo.HasNextPage {
			todo = append(todo, continuation{j.Number, overflowBlockedBy, j.BlockedBy.PageInfo.EndCursor})
		}
	}
	return r.continueLists(ctx, todo, index)
}

type overflowNode struct {
	Name       string `json:"name"`
	Login      string `json:"login"`
	Number     int    `json:"number"`
	Repository struct {
		ID string `json:"id"`
	} `json:"repository"`
}

// continueLists reads the continuations, up to overflowBatch in one request, until each list
// is complete; labels and assignees go to the issues of index, relations to r.rels.
func (r *GraphQLReader) continueLists(ctx context.Context, todo []continuation, index map[int]*state.Issue) error {
	for len(todo) > 0 {
		batch := todo[:min(len(todo), overflowBatch)]
		todo = todo[len(batch):]
		vars := map[string]any{"owner": r.c.owner, "name": r.c.repo}
		for i, c := range batch {
			vars[fmt.Sprintf("n%d", i)] = c.number
			vars[fmt.Sprintf("a%d", i)] = nullIfEmpty(c.after)
		}
		var data struct {
			Repository map[string]map[string]connection[overflowNode] `json:"repository"`
		}
		if err := r.c.Do(ctx, overflowDocument(batch), vars, &data); err != nil {
			return err
		}
		for i, c := range batch {
			conn, ok := data.Repository[fmt.Sprintf("o%d", i)][c.kind]
			if !ok {
				return fmt.Errorf("reading the rest of the %s of #%d of %s: GitHub's answer has none", c.kind, c.number, r.c.Repository())
			}
			r.mu.Lock()
			rel := r.rels[c.number]
			if rel == nil {
				rel = &readRelations{}
				r.rels[c.number] = rel
			}
			is := index[c.number]
			for _, n := range conn.Nodes {
				switch c.kind {
				case overflowLabels:
					if is != nil {
						is.Labels = append(is.Labels, n.Name)
					}
				case overflowAssignees:
					if is != nil {
						is.Assignees = append(is.Assignees, n.Login)
					}
				case overflowSubIssues:
					if n.Repository.ID == r.repoID {
						rel.subs = append(rel.subs, n.Number)
					}
				case overflowBlockedBy:
					if n.Repository.ID == r.repoID {
						rel.blockers = append(rel.blockers, n.Number)
					}
				}
			}
			done := !conn.PageInfo.HasNextPage
			switch c.kind {
			case overflowSubIssues:
				rel.subsRead = done
			case overflowBlockedBy:
				rel.blockersRead = done
			}
			r.mu.Unlock()
			if !done {
				todo = append(todo, continuation{c.number, c.kind, conn.PageInfo.EndCursor})
			}
		}
	}
	return nil
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// GetIssue returns issue number, or nil when it does not exist or is a pull request.
func (r *GraphQLReader) GetIssue(ctx context.Context, number int) (*state.Issue, error) {
	got, err := r.GetIssues(ctx, []int{number})
	if err != nil {
		return nil, err
	}
	return got[number], nil
}

// GetIssues reads issues by number, up to numberBatch in one request; a number GraphQL does
// not resolve is asked of REST, which says whether it was transferred (MovedTo), deleted or
// is a pull request. Numbers that are no issue map to nil.
func (r *GraphQLReader) GetIssues(ctx context.Context, numbers []int) (map[int]*state.Issue, error) {
	out := map[int]*state.Issue{}
	if r.issuesViaREST() {
		for _, n := range numbers {
			is, err := r.c.GetIssue(ctx, n)
			if err != nil {
				return nil, err
			}
			out[n] = is
		}
		return out, nil
	}
	for start := 0; start < len(numbers); start += numberBatch {
		batch := numbers[start:min(len(numbers), start+numberBatch)]
		vars := map[string]any{"owner": r.c.owner, "name": r.c.repo}
		for i, n := range batch {
			vars[fmt.Sprintf("n%d", i)] = n
		}
		var data struct {
			Repository map[string]json.RawMessage `json:"repository"`
		}
		err := r.do(ctx, func(g schemaGaps) string { return numbersDocument(g, len(batch)) }, vars, &data)
		var ge *GraphQLErrors
		if err != nil && !(errors.As(err, &ge) && ge.Only("NOT_FOUND") && data.Repository != nil) {
			if werr := r.whole(ctx, err, "reading issues of "+r.c.Repository()); werr != nil {
				return nil, werr
			}
			return r.GetIssues(ctx, numbers) // through REST now
		}
		if r.issuesViaREST() {
			return r.GetIssues(ctx, numbers)
		}
		var head repoHead
		if raw, ok := data.Repository["id"]; ok {
			_ = json.Unmarshal(raw, &head.ID)
			_ = json.Unmarshal(data.Repository["databaseId"], &head.DatabaseID)
			_ = json.Unmarshal(data.Repository["nameWithOwner"], &head.NameWithOwner)
			r.learnRepository(head)
		}
		var raws []gqlIssue
		var found []state.Issue
		for i, n := range batch {
			raw := data.Repository[fmt.Sprintf("i%d", i)]
			if len(raw) == 0 || string(raw) == "null" {
				// Not an issue here: REST says whether it moved, was deleted or is a pull request.
				is, err := r.c.GetIssue(ctx, n)
				if err != nil {
					return nil, err
				}
				out[n] = is
				continue
			}
			var j gqlIssue
			if err := json.Unmarshal(raw, &j); err != nil {
				return nil, fmt.Errorf("reading issue #%d of %s: %w", n, r.c.Repository(), err)
			}
			raws = append(raws, j)
			found = append(found, r.toState(&j))
		}
		if err := r.overflow(ctx, raws, found); err != nil {
			return nil, err
		}
		for i := range found {
			is := found[i]
			out[is.Number] = &is
		}
	}
	return out, nil
}

// ListSubIssues returns the numbers of an issue's sub-issues: those read with it, or read now.
func (r *GraphQLReader) ListSubIssues(ctx context.Context, number int) ([]int, error) {
	return r.relation(ctx, number, overflowSubIssues)
}

// ListBlockedBy returns the numbers of the issues blocking an issue.
func (r *GraphQLReader) ListBlockedBy(ctx context.Context, number int) ([]int, error) {
	return r.relation(ctx, number, overflowBlockedBy)
}

func (r *GraphQLReader) relation(ctx context.Context, number int, kind string) ([]int, error) {
	r.mu.Lock()
	rel := r.rels[number]
	// equivalent mutant CONDITIONALS_NEGATION@78: no server lacks dependencies but has sub-issues (GHES 3.17 and 3.18 lack both, 3.19 only sub-issues, github.com neither), so asking sub-issues with the dependencies gap alone never happens.
	lacks := r.rest || (kind == overflowSubIssues && r.gaps.subIssues) || (kind == overflowBlockedBy && r.gaps.dependencies)
	r.mu.Unlock()
	if lacks || r.repoIDUnknown() {
		if kind == overflowSubIssues {
			return r.c.ListSubIssues(ctx, number)
		}
		return r.c.ListBlockedBy(ctx, number)
	}
	if rel == nil || (kind == overflowSubIssues && !rel.subsRead) || (kind == overflowBlockedBy && !rel.blockersRead) {
		r.mu.Lock()
		if rel == nil {
			rel = &readRelations{}
			r.rels[number] = rel
		}
		// Read it whole from the start.
		if kind == overflowSubIssues {
			rel.subs = nil
		} else {
			rel.blockers = nil
		}
		r.mu.Unlock()
		if err := r.continueLists(ctx, []continuation{{number: number, kind: kind}}, nil); err != nil {
			if werr := r.whole(ctx, err, fmt.Sprintf("reading the %s of #%d of %s", kind, number, r.c.Repository())); werr != nil {
				return nil, werr
			}
			return r.relation(ctx, number, kind) // through REST now
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if kind == overflowSubIssues {
		return append([]int{}, rel.subs...), nil
	}
	return append([]int{}, rel.blockers...), nil
}

func (r *GraphQLReader) repoIDUnknown() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.repoID == ""
}

// do sends a document built for the server's schema; when the server answers that some
// field does not exist, it learns the gap and sends the document again without it. A field
// outside the known optional parts hands the reader to REST.
func (r *GraphQLReader) do(ctx context.Context, build func(schemaGaps) string, vars map[string]any, out any) error {
	for range 4 {
		r.mu.Lock()
		g := r.gaps
		r.mu.Unlock()
		err := r.c.Do(ctx, build(g), vars, out)
		var ge *GraphQLErrors
		if !errors.As(err, &ge) || !ge.Only("undefinedField") {
			var ae *APIError
			switch {
			case errors.As(err, &ae) && ae.Status == http.StatusNotFound:
				r.handToREST("this server has no GraphQL endpoint at " + r.c.graphQL.String())
				return nil
			case errors.As(err, &ae) && !ae.RateLimited && ae.Status > http.StatusOK:
				// A refusal of the whole request (a token, a permission, a failing
				// server): REST is asked the same, and its answer, which the CLI and the
				// action word with what to do, decides.
				r.handToREST(fmt.Sprintf("GitHub's GraphQL API answered %d", ae.Status))
				return nil
			}
			return err
		}
		r.mu.Lock()
		known := true
		for _, e := range ge.Errors {
			switch e.UndefinedField() {
			case "Issue.subIssues", "Issue.parent", "Issue.subIssuesSummary":
				r.gaps.subIssues = true
			case "Issue.blockedBy", "Issue.blocking", "Issue.issueDependenciesSummary":
				r.gaps.dependencies = true
			case "Issue.issueType":
				r.gaps.issueType = true
			default:
				known = false
			}
		}
		r.mu.Unlock()
		if !known {
			r.handToREST("its GraphQL schema lacks " + ge.Errors[0].UndefinedField())
			return nil
		}
	}
	return errors.New("the server's GraphQL schema keeps refusing fields; set ROADMAP_API=rest")
}

func (r *GraphQLReader) handToREST(why string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rest = true
	if r.fellBack == "" {
		r.fellBack = why
	}
}

// whole handles a failure of a read as a whole. An answer with errors GraphQL gives in a 200
// (a timeout's "Something went wrong while executing your query", a refusal of the repository:
// NOT_FOUND, FORBIDDEN) hands the reader to REST, whose answer decides: a refusal is then
// REST's 404 or 403, which the CLI and the action word with what to do. Every other error (a
// rate limit, no answer) is returned.
func (r *GraphQLReader) whole(ctx context.Context, err error, what string) error {
	if err == nil {
		return nil
	}
	var ge *GraphQLErrors
	if !errors.As(err, &ge) || len(ge.Errors) == 0 {
		return fmt.Errorf("%s: %w", what, err)
	}
	r.handToREST("GitHub's GraphQL API answered: " + ge.Errors[0].Message)
	if ge.Only("NOT_FOUND", "FORBIDDEN") {
		if _, rerr := r.c.ListLabels(ctx); rerr != nil {
			return rerr
		}
	}
	return nil
}
