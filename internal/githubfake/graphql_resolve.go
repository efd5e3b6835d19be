package githubfake

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// Resolvers of the GraphQL types the program reads, over the same state as the REST routes.
// Where GraphQL answers differently from REST, the difference is GitHub's:
//
//   - ids are node ids (the REST node_id); relations name issues by node, with their repository;
//   - a bot's login has no "[bot]" suffix ("github-actions"; REST says "github-actions[bot]");
//   - enums are upper case (OPEN, NOT_PLANNED); stateReason answers DUPLICATE only with
//     enableDuplicate: true, and COMPLETED otherwise, as the schema's description says;
//   - an issue's body is "" when empty (String!), never null;
//   - repository.issues lists issues only (pull requests are pullRequests), oldest first unless
//     orderBy says otherwise; a label filter matches names ignoring case, as REST's does;
//   - fullDatabaseId is a BigInt (a string), the REST id; databaseId an Int, null past 2^31-1.

type queryRoot struct{}

func (queryRoot) typeName() string { return "Query" }

func (q queryRoot) field(x *executor, name string, args map[string]any) (any, error) {
	switch name {
	case "repository":
		owner, _ := args["owner"].(string)
		repoName, _ := args["name"].(string)
		r := x.f.repoNamed(owner, repoName)
		if r == nil {
			return nil, notFoundField("Could not resolve to a Repository with the name '%s/%s'.", owner, repoName)
		}
		return r, nil
	case "rateLimit":
		return x.c.rateLimitRecord(), nil
	case "repositoryOwner":
		login, _ := args["login"].(string)
		return x.f.repositoryOwner(login)
	case "node":
		id, _ := args["id"].(string)
		if is := x.f.issueByNodeID(id); is != nil {
			return is, nil
		}
		return nil, notFoundField("Could not resolve to a node with the global id of '%s'", id)
	}
	return nil, x.gap("Query", name)
}

// repoNamed finds a repository by name, or by a name it had (GraphQL resolves a renamed
// repository's old name to it, as REST redirects); f.mu is held.
func (f *Fake) repoNamed(owner, name string) *Repo {
	for _, r := range f.repos {
		if strings.EqualFold(r.owner, owner) && strings.EqualFold(r.name, name) {
			return r
		}
	}
	return f.formerlyNamed(owner, name)
}

func (f *Fake) issueByNodeID(id string) *issue {
	for _, r := range f.repos {
		for _, is := range r.issues {
			if is.gone == nil && nodeID("I", is.id) == id {
				return is
			}
		}
	}
	return nil
}

func (r *Repo) typeName() string { return "Repository" }

func (r *Repo) field(x *executor, name string, args map[string]any) (any, error) {
	switch name {
	case "id":
		return nodeID("R", r.id), nil
	case "databaseId":
		return r.id, nil
	case "name":
		return r.name, nil
	case "nameWithOwner":
		return r.FullName(), nil
	case "url":
		return r.htmlURL(), nil
	case "labels":
		all := make([]any, 0, len(r.labels))
		for _, l := range r.labels {
			all = append(all, &gqlLabel{r: r, l: l})
		}
		return paginate("LabelConnection", all, args)
	case "milestones":
		list := append([]*milestone(nil), r.milestones...)
		sort.SliceStable(list, func(i, j int) bool { return list[i].number < list[j].number })
		states := enumList(args["states"])
		all := make([]any, 0, len(list))
		for _, m := range list {
			if len(states) == 0 || states[strings.ToUpper(m.state)] {
				all = append(all, &gqlMilestone{r: r, m: m})
			}
		}
		return paginate("MilestoneConnection", all, args)
	case "issues":
		return paginate("IssueConnection", r.gqlIssues(args), args)
	case "issue":
		n, _ := intArg(args, "number")
		is := r.findIssue(n)
		if is == nil || is.pr {
			return nil, notFoundField("Could not resolve to an Issue with the number of %d.", n)
		}
		return is, nil
	}
	return nil, x.gap("Repository", name)
}

func enumList(v any) map[string]bool {
	out := map[string]bool{}
	switch t := v.(type) {
	case []any:
		for _, s := range t {
			if str, ok := s.(string); ok {
				out[str] = true
			}
		}
	case string:
		out[t] = true
	}
	return out
}

// gqlIssues lists the repository's issues for Repository.issues: labels (all of them, ignoring
// case), states and filterBy narrow it; orderBy orders it, by creation ascending by default.
func (r *Repo) gqlIssues(args map[string]any) []any {
	want := stringList(args["labels"])
	states := enumList(args["states"])
	if fb, ok := args["filterBy"].(map[string]any); ok {
		want = append(want, stringList(fb["labels"])...)
		for k := range enumList(fb["states"]) {
			states[k] = true
		}
	}
	var list []*issue
	for _, is := range r.issues {
		if is.gone != nil || is.pr || !hasLabels(is, want) {
			continue
		}
		if len(states) > 0 && !states[strings.ToUpper(is.state)] {
			continue
		}
		list = append(list, is)
	}
	field, desc := "CREATED_AT", false
	if ob, ok := args["orderBy"].(map[string]any); ok {
		if f, ok := ob["field"].(string); ok {
			field = f
		}
		desc = ob["direction"] == "DESC"
	}
	key := func(is *issue) int64 {
		switch field {
		case "UPDATED_AT":
			return is.updated.UnixNano()
		case "COMMENTS":
			return int64(len(is.comments))
		}
		return is.created.UnixNano()
	}
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		ka, kb := key(a), key(b)
		if ka == kb {
			return (a.number < b.number) != desc
		}
		return (ka < kb) != desc
	})
	out := make([]any, len(list))
	for i, is := range list {
		out[i] = is
	}
	return out
}

func stringList(v any) []string {
	var out []string
	if list, ok := v.([]any); ok {
		for _, s := range list {
			if str, ok := s.(string); ok {
				out = append(out, str)
			}
		}
	}
	return out
}

type gqlLabel struct {
	r *Repo
	l *label
}

func (g *gqlLabel) typeName() string { return "Label" }

func (g *gqlLabel) field(x *executor, name string, _ map[string]any) (any, error) {
	switch name {
	case "id":
		return nodeID("LA", g.l.id), nil
	case "name":
		return g.l.name, nil
	case "color":
		return g.l.color, nil
	case "description":
		if g.l.desc == nil {
			return nil, nil
		}
		return *g.l.desc, nil
	case "isDefault":
		return g.l.def, nil
	}
	return nil, x.gap("Label", name)
}

type gqlMilestone struct {
	r *Repo
	m *milestone
}

func (g *gqlMilestone) typeName() string { return "Milestone" }

func (g *gqlMilestone) field(x *executor, name string, args map[string]any) (any, error) {
	m := g.m
	switch name {
	case "id":
		return nodeID("MI", m.id), nil
	case "number":
		return m.number, nil
	case "title":
		return m.title, nil
	case "description":
		if m.desc == nil {
			return nil, nil
		}
		return *m.desc, nil
	case "state":
		return strings.ToUpper(m.state), nil
	case "closed":
		return m.state == "closed", nil
	case "dueOn":
		return dueOnJSON(m.due), nil
	case "url":
		return g.r.htmlURL() + "/milestone/" + strconv.Itoa(m.number), nil
	case "issues", "pullRequests":
		states := enumList(args["states"])
		var all []any
		for _, is := range g.r.issues {
			if is.gone != nil || is.milestone != m || is.pr != (name == "pullRequests") {
				continue
			}
			st := strings.ToUpper(is.state)
			if is.pr && !is.mergedAt.IsZero() {
				st = "MERGED"
			}
			if len(states) == 0 || states[st] {
				all = append(all, is)
			}
		}
		conn := "IssueConnection"
		if name == "pullRequests" {
			conn = "PullRequestConnection"
		}
		return paginate(conn, all, args)
	}
	return nil, x.gap("Milestone", name)
}

func (is *issue) typeName() string { return "Issue" }

func (is *issue) field(x *executor, name string, args map[string]any) (any, error) {
	f := x.f
	r := is.repo
	switch name {
	case "id":
		return nodeID("I", is.id), nil
	case "fullDatabaseId":
		return strconv.FormatInt(is.id, 10), nil
	case "databaseId":
		if is.id > 1<<31-1 {
			return nil, nil
		}
		return is.id, nil
	case "number":
		return is.number, nil
	case "title":
		return is.title, nil
	case "body":
		if is.body == nil {
			return "", nil
		}
		return *is.body, nil
	case "state":
		return strings.ToUpper(is.state), nil
	case "closed":
		return is.state == "closed", nil
	case "stateReason":
		if is.stateReason == "" {
			return nil, nil
		}
		reason := strings.ToUpper(is.stateReason)
		if reason == "DUPLICATE" && args["enableDuplicate"] != true {
			reason = "COMPLETED"
		}
		return reason, nil
	case "url":
		return r.issueHTMLURL(is), nil
	case "createdAt":
		return ts(is.created), nil
	case "updatedAt":
		return ts(is.updated), nil
	case "closedAt":
		return ts(is.closedAt), nil
	case "locked":
		return is.locked, nil
	case "author":
		if is.author == "" {
			return nil, nil
		}
		return &actor{f: f, login: is.author}, nil
	case "authorAssociation":
		return r.association(is.author), nil
	case "repository":
		return r, nil
	case "milestone":
		if is.milestone == nil {
			return nil, nil
		}
		return &gqlMilestone{r: r, m: is.milestone}, nil
	case "labels":
		all := make([]any, 0, len(is.labels))
		for _, l := range is.labels {
			all = append(all, &gqlLabel{r: r, l: l})
		}
		return paginate("LabelConnection", all, args)
	case "assignees":
		all := make([]any, 0, len(is.assignees))
		for _, a := range is.assignees {
			all = append(all, &actor{f: f, login: a})
		}
		return paginate("UserConnection", all, args)
	case "comments":
		all := make([]any, len(is.comments))
		return paginate("IssueCommentConnection", all, args)
	case "reactions":
		return paginate("ReactionConnection", nil, args)
	case "issueType":
		if is.typ == nil {
			return nil, nil
		}
		return &record{name: "IssueType", values: map[string]any{
			"id": nodeID("IT", is.typ.id), "name": is.typ.name, "description": strOrNull(is.typ.desc),
			"color": strings.ToUpper(is.typ.color), "isEnabled": true,
		}}, nil
	case "parent":
		if is.parent == nil {
			return nil, nil
		}
		return is.parent, nil
	case "subIssues":
		return paginate("IssueConnection", issuesAny(is.subs), args)
	case "subIssuesSummary":
		completed := 0
		for _, s := range is.subs {
			if s.state == "closed" {
				completed++
			}
		}
		percent := 0
		if len(is.subs) > 0 {
			percent = completed * 100 / len(is.subs)
		}
		return &record{name: "SubIssuesSummary", values: map[string]any{
			"total": len(is.subs), "completed": completed, "percentCompleted": percent,
		}}, nil
	case "blockedBy":
		return paginate("IssueConnection", issuesAny(is.blockedBy), args)
	case "blocking":
		return paginate("IssueConnection", issuesAny(f.blocking(is)), args)
	case "issueDependenciesSummary":
		open := func(list []*issue) int {
			n := 0
			for _, b := range list {
				if b.state == "open" {
					n++
				}
			}
			return n
		}
		blocking := f.blocking(is)
		return &record{name: "IssueDependenciesSummary", values: map[string]any{
			"blockedBy": open(is.blockedBy), "totalBlockedBy": len(is.blockedBy),
			"blocking": open(blocking), "totalBlocking": len(blocking),
		}}, nil
	}
	return nil, x.gap("Issue", name)
}

func issuesAny(list []*issue) []any {
	out := make([]any, len(list))
	for i, is := range list {
		out[i] = is
	}
	return out
}

// actor is a user, bot or organization, as an Actor or a User.
type actor struct {
	f     *Fake
	login string
}

func (a *actor) typeName() string { return a.f.userType(a.login) }

func (a *actor) field(x *executor, name string, _ map[string]any) (any, error) {
	switch name {
	case "login":
		// GitHub's GraphQL names a bot by its app's slug, without the "[bot]" REST shows.
		return strings.TrimSuffix(a.login, "[bot]"), nil
	case "id":
		return nodeID("U", a.f.userID(a.login)), nil
	case "url":
		return htmlBase + "/" + a.login, nil
	}
	return nil, x.gap(a.typeName(), name)
}

// rateLimitRecord is the rateLimit object of the query being answered: its cost, and what is
// left of the GraphQL budget after it.
func (c *gqlCall) rateLimitRecord() *record {
	return &record{name: "RateLimit", values: map[string]any{
		"cost": c.cost, "limit": graphQLLimit, "remaining": graphQLLimit - c.f.gql.used,
		"used": c.f.gql.used, "resetAt": c.f.gql.reset.UTC().Format(time.RFC3339), "nodeCount": c.nodes,
	}}
}
