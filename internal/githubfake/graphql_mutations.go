package githubfake

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// GraphQL mutations the program sends, over the same state as REST's writes and with REST's
// rules: push access (without it, labels, milestone and assignees are dropped, as REST's create
// does), a read-only token refused, GitHub's limits. A refusal is an error in the 200 with the
// payload null, typed as GitHub types them: NOT_FOUND for an id that resolves to nothing,
// FORBIDDEN for a token that may not write, UNPROCESSABLE for a value GitHub refuses.
//
//	createIssue(input: {repositoryId, title, body, labelIds, milestoneId, assigneeIds, parentIssueId})
//
// parentIssueId makes the new issue a sub-issue at once (@octokit/graphql-schema's
// CreateIssueInput: "The Node ID of the parent issue to add this new issue to"), under the
// limits of addSubIssue: the parent's owner, 100 sub-issues, 8 levels.

type mutationRoot struct{}

func (mutationRoot) typeName() string { return "Mutation" }

func (mutationRoot) field(x *executor, name string, args map[string]any) (any, error) {
	input, _ := args["input"].(map[string]any)
	switch name {
	case "createIssue":
		return x.createIssue(input)
	case "addProjectV2ItemById", "updateProjectV2ItemFieldValue", "clearProjectV2ItemFieldValue":
		return x.projectMutation(name, input)
	}
	return nil, x.gap("Mutation", name)
}

func unprocessable(format string, a ...any) *gqlFieldError {
	return &gqlFieldError{typ: "UNPROCESSABLE", message: fmt.Sprintf(format, a...)}
}

func (f *Fake) repoByNodeID(id string) *Repo {
	for _, r := range f.repos {
		if nodeID("R", r.id) == id {
			return r
		}
	}
	return nil
}

func (x *executor) createIssue(in map[string]any) (any, error) {
	f := x.f
	id, _ := in["repositoryId"].(string)
	r := f.repoByNodeID(id)
	if r == nil {
		return nil, notFoundField("Could not resolve to a node with the global id of '%s'", id)
	}
	if f.readOnly {
		return nil, &gqlFieldError{typ: "FORBIDDEN", message: "Resource not accessible by integration"}
	}
	title, _ := in["title"].(string)
	switch {
	case strings.TrimSpace(title) == "":
		return nil, unprocessable("Title can't be blank")
	case utf8.RuneCountInString(title) > maxTitle:
		return nil, unprocessable("Title is too long (maximum is %d characters)", maxTitle)
	}
	body, _ := in["body"].(string)
	if utf8.RuneCountInString(body) > maxBody {
		return nil, unprocessable("Body is too long (maximum is %d characters)", maxBody)
	}
	pusher := r.canWrite(x.c.login)
	var labels []*label
	for _, v := range anyList(in["labelIds"]) {
		lid, _ := v.(string)
		var found *label
		for _, l := range r.labels {
			if nodeID("LA", l.id) == lid {
				found = l
			}
		}
		if found == nil {
			return nil, notFoundField("Could not resolve to a node with the global id of '%s'", lid)
		}
		labels = append(labels, found)
	}
	var ms *milestone
	if mid, ok := in["milestoneId"].(string); ok {
		for _, m := range r.milestones {
			if nodeID("MI", m.id) == mid {
				ms = m
			}
		}
		if ms == nil {
			return nil, notFoundField("Could not resolve to a node with the global id of '%s'", mid)
		}
	}
	var assignees []string
	for _, v := range anyList(in["assigneeIds"]) {
		uid, _ := v.(string)
		login := ""
		for l, n := range f.users {
			if nodeID("U", n) == uid {
				login = l
			}
		}
		if login == "" {
			return nil, notFoundField("Could not resolve to a node with the global id of '%s'", uid)
		}
		assignees = append(assignees, login)
	}
	var parent *issue
	if pid, ok := in["parentIssueId"].(string); ok {
		if f.missing[FeatureSubIssues] {
			return nil, x.gap("CreateIssueInput", "parentIssueId on a server without sub-issues")
		}
		if parent = f.issueByNodeID(pid); parent == nil || parent.pr {
			return nil, notFoundField("Could not resolve to a node with the global id of '%s'", pid)
		}
		switch {
		case !strings.EqualFold(parent.repo.owner, r.owner):
			return nil, unprocessable("Sub-issue must belong to the same repository owner as the parent issue")
		case len(parent.subs) >= MaxSubIssues:
			return nil, unprocessable("Parent issue cannot have more than %d sub-issues", MaxSubIssues)
		case depth(parent)+1 > MaxSubIssueLevels:
			return nil, unprocessable("Sub-issues cannot be nested more than %d levels", MaxSubIssueLevels)
		}
	}
	is := r.newIssue(title, x.c.login, x.c.now)
	is.body = nonEmpty(body)
	if pusher {
		for _, l := range labels {
			is.addLabel(l)
		}
		is.milestone, is.assignees = ms, assignees
	}
	if parent != nil {
		is.parent = parent
		parent.subs = append(parent.subs, is)
		parent.updated = x.c.now
	}
	return &record{name: "CreateIssuePayload", values: map[string]any{"issue": is, "clientMutationId": in["clientMutationId"]}}, nil
}

func anyList(v any) []any {
	list, _ := v.([]any)
	return list
}
