package githubfake

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// JSON rendering of the fake's objects, in GitHub's shapes. f.mu is held throughout.

type obj = map[string]any

const htmlBase = "https://github.com"

func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

func nodeID(prefix string, id int64) string {
	return prefix + "_" + base64.RawURLEncoding.EncodeToString([]byte(prefix+strconv.FormatInt(id, 10)))
}

func strOrNull(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

func (f *Fake) userJSON(login string) obj {
	id := f.userID(login)
	u := f.api() + "/users/" + url.PathEscape(login)
	return obj{
		"login":               login,
		"id":                  id,
		"node_id":             nodeID("U", id),
		"avatar_url":          fmt.Sprintf("https://avatars.githubusercontent.com/u/%d?v=4", id),
		"gravatar_id":         "",
		"url":                 u,
		"html_url":            htmlBase + "/" + url.PathEscape(login),
		"followers_url":       u + "/followers",
		"following_url":       u + "/following{/other_user}",
		"gists_url":           u + "/gists{/gist_id}",
		"starred_url":         u + "/starred{/owner}{/repo}",
		"subscriptions_url":   u + "/subscriptions",
		"organizations_url":   u + "/orgs",
		"repos_url":           u + "/repos",
		"events_url":          u + "/events{/privacy}",
		"received_events_url": u + "/received_events",
		"type":                f.userType(login),
		"user_view_type":      "public",
		"site_admin":          false,
	}
}

func (r *Repo) apiURL() string {
	return r.f.api() + "/repos/" + url.PathEscape(r.owner) + "/" + url.PathEscape(r.name)
}

func (r *Repo) htmlURL() string {
	return htmlBase + "/" + url.PathEscape(r.owner) + "/" + url.PathEscape(r.name)
}

func (r *Repo) openIssuesCount() int {
	n := 0
	for _, is := range r.issues {
		if is.state == "open" {
			n++
		}
	}
	return n
}

// repoJSON is the full-repository shape of GET /repos/{owner}/{repo}.
func (r *Repo) repoJSON() obj {
	u := r.apiURL()
	h := r.htmlURL()
	created := r.created
	open := r.openIssuesCount()
	owner := r.f.userJSON(r.owner)
	return obj{
		"id":                          r.id,
		"node_id":                     nodeID("R", r.id),
		"name":                        r.name,
		"full_name":                   r.owner + "/" + r.name,
		"private":                     false,
		"owner":                       owner,
		"organization":                owner,
		"html_url":                    h,
		"description":                 nil,
		"fork":                        false,
		"url":                         u,
		"forks_url":                   u + "/forks",
		"keys_url":                    u + "/keys{/key_id}",
		"collaborators_url":           u + "/collaborators{/collaborator}",
		"teams_url":                   u + "/teams",
		"hooks_url":                   u + "/hooks",
		"issue_events_url":            u + "/issues/events{/number}",
		"events_url":                  u + "/events",
		"assignees_url":               u + "/assignees{/user}",
		"branches_url":                u + "/branches{/branch}",
		"tags_url":                    u + "/tags",
		"blobs_url":                   u + "/git/blobs{/sha}",
		"git_tags_url":                u + "/git/tags{/sha}",
		"git_refs_url":                u + "/git/refs{/sha}",
		"trees_url":                   u + "/git/trees{/sha}",
		"statuses_url":                u + "/statuses/{sha}",
		"languages_url":               u + "/languages",
		"stargazers_url":              u + "/stargazers",
		"contributors_url":            u + "/contributors",
		"subscribers_url":             u + "/subscribers",
		"subscription_url":            u + "/subscription",
		"commits_url":                 u + "/commits{/sha}",
		"git_commits_url":             u + "/git/commits{/sha}",
		"comments_url":                u + "/comments{/number}",
		"issue_comment_url":           u + "/issues/comments{/number}",
		"contents_url":                u + "/contents/{+path}",
		"compare_url":                 u + "/compare/{base}...{head}",
		"merges_url":                  u + "/merges",
		"archive_url":                 u + "/{archive_format}{/ref}",
		"downloads_url":               u + "/downloads",
		"issues_url":                  u + "/issues{/number}",
		"pulls_url":                   u + "/pulls{/number}",
		"milestones_url":              u + "/milestones{/number}",
		"notifications_url":           u + "/notifications{?since,all,participating}",
		"labels_url":                  u + "/labels{/name}",
		"releases_url":                u + "/releases{/id}",
		"deployments_url":             u + "/deployments",
		"created_at":                  ts(created),
		"updated_at":                  ts(created),
		"pushed_at":                   ts(created),
		"git_url":                     "git://github.com/" + r.owner + "/" + r.name + ".git",
		"ssh_url":                     "git@github.com:" + r.owner + "/" + r.name + ".git",
		"clone_url":                   h + ".git",
		"svn_url":                     h,
		"homepage":                    nil,
		"size":                        0,
		"stargazers_count":            0,
		"watchers_count":              0,
		"language":                    nil,
		"has_issues":                  true,
		"has_projects":                true,
		"has_downloads":               true,
		"has_wiki":                    true,
		"has_pages":                   false,
		"has_discussions":             false,
		"forks_count":                 0,
		"mirror_url":                  nil,
		"archived":                    false,
		"disabled":                    false,
		"open_issues_count":           open,
		"license":                     nil,
		"allow_forking":               true,
		"is_template":                 false,
		"web_commit_signoff_required": false,
		"topics":                      []string{},
		"visibility":                  "public",
		"forks":                       0,
		"open_issues":                 open,
		"watchers":                    0,
		"default_branch":              "main",
		"permissions": obj{
			"admin": false, "maintain": false, "push": true, "triage": true, "pull": true,
		},
		"network_count":     0,
		"subscribers_count": 0,
	}
}

func (r *Repo) labelJSON(l *label) obj {
	return obj{
		"id":          l.id,
		"node_id":     nodeID("LA", l.id),
		"url":         r.apiURL() + "/labels/" + url.PathEscape(l.name),
		"name":        l.name,
		"color":       l.color,
		"default":     l.def,
		"description": strOrNull(l.desc),
	}
}

func (r *Repo) labelsJSON(ls []*label) []any {
	out := make([]any, 0, len(ls))
	for _, l := range ls {
		out = append(out, r.labelJSON(l))
	}
	return out
}

func dueOnJSON(date string) any {
	if date == "" {
		return nil
	}
	d, err := time.ParseInLocation("2006-01-02", date, pacific)
	if err != nil {
		return nil
	}
	return d.UTC().Format(time.RFC3339)
}

func (r *Repo) milestoneJSON(m *milestone) obj {
	u := r.apiURL() + "/milestones/" + strconv.Itoa(m.number)
	open, closed := r.milestoneCounts(m)
	return obj{
		"url":           u,
		"html_url":      r.htmlURL() + "/milestone/" + strconv.Itoa(m.number),
		"labels_url":    u + "/labels",
		"id":            m.id,
		"node_id":       nodeID("MI", m.id),
		"number":        m.number,
		"title":         m.title,
		"description":   strOrNull(m.desc),
		"creator":       r.f.userJSON(m.creator),
		"open_issues":   open,
		"closed_issues": closed,
		"state":         m.state,
		"created_at":    ts(m.created),
		"updated_at":    ts(m.updated),
		"due_on":        dueOnJSON(m.due),
		"closed_at":     ts(m.closedAt),
	}
}

func (f *Fake) issueTypeJSON(t *issueType) obj {
	return obj{
		"id":          t.id,
		"node_id":     nodeID("IT", t.id),
		"name":        t.name,
		"description": strOrNull(t.desc),
		"color":       t.color,
		"created_at":  ts(t.created),
		"updated_at":  ts(t.created),
		"is_enabled":  true,
	}
}

func (r *Repo) issueURL(is *issue) string {
	return r.apiURL() + "/issues/" + strconv.Itoa(is.number)
}

func (r *Repo) issueHTMLURL(is *issue) string {
	kind := "/issues/"
	if is.pr {
		kind = "/pull/"
	}
	return r.htmlURL() + kind + strconv.Itoa(is.number)
}

// issueJSON is the issue shape of the issues endpoints.
func (f *Fake) issueJSON(is *issue) obj {
	r := is.repo
	u := r.issueURL(is)
	var assignee any
	assignees := make([]any, 0, len(is.assignees))
	for i, a := range is.assignees {
		uj := f.userJSON(a)
		if i == 0 {
			assignee = uj
		}
		assignees = append(assignees, uj)
	}
	var ms any
	if is.milestone != nil {
		ms = r.milestoneJSON(is.milestone)
	}
	var typ any
	if is.typ != nil {
		typ = f.issueTypeJSON(is.typ)
	}
	var closedBy any
	if is.closedBy != "" && is.state == "closed" {
		closedBy = f.userJSON(is.closedBy)
	}
	var stateReason any
	if is.stateReason != "" {
		stateReason = is.stateReason
	}
	var parentURL any
	if is.parent != nil {
		parentURL = is.parent.repo.issueURL(is.parent)
	}
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
	openBlockers := 0
	for _, b := range is.blockedBy {
		if b.state == "open" {
			openBlockers++
		}
	}
	blocking := f.blocking(is)
	openBlocking := 0
	for _, b := range blocking {
		if b.state == "open" {
			openBlocking++
		}
	}
	out := obj{
		"url":                      u,
		"repository_url":           r.apiURL(),
		"labels_url":               u + "/labels{/name}",
		"comments_url":             u + "/comments",
		"events_url":               u + "/events",
		"html_url":                 r.issueHTMLURL(is),
		"id":                       is.id,
		"node_id":                  nodeID("I", is.id),
		"number":                   is.number,
		"title":                    is.title,
		"user":                     f.userJSON(is.author),
		"labels":                   r.labelsJSON(is.labels),
		"state":                    is.state,
		"locked":                   is.locked,
		"assignee":                 assignee,
		"assignees":                assignees,
		"milestone":                ms,
		"comments":                 len(is.comments),
		"created_at":               ts(is.created),
		"updated_at":               ts(is.updated),
		"closed_at":                ts(is.closedAt),
		"closed_by":                closedBy,
		"author_association":       r.association(is.author),
		"active_lock_reason":       lockReasonJSON(is),
		"body":                     strOrNull(is.body),
		"reactions":                reactionsJSON(u),
		"timeline_url":             u + "/timeline",
		"performed_via_github_app": nil,
		"state_reason":             stateReason,
		"type":                     typ,
		"parent_issue_url":         parentURL,
		"sub_issues_summary": obj{
			"total": len(is.subs), "completed": completed, "percent_completed": percent,
		},
		"issue_dependencies_summary": obj{
			"blocked_by": openBlockers, "total_blocked_by": len(is.blockedBy),
			"blocking": openBlocking, "total_blocking": len(blocking),
		},
	}
	// An Enterprise Server without sub-issues or dependencies has no summaries of them
	// (@octokit/openapi generated/ghes-3.17.json's issue has neither).
	if f.missing[FeatureSubIssues] {
		delete(out, "sub_issues_summary")
		delete(out, "parent_issue_url")
	}
	if f.missing[FeatureDependencies] {
		delete(out, "issue_dependencies_summary")
	}
	if is.pr {
		pu := r.apiURL() + "/pulls/" + strconv.Itoa(is.number)
		out["draft"] = false
		out["pull_request"] = obj{
			"url":       pu,
			"html_url":  r.issueHTMLURL(is),
			"diff_url":  r.issueHTMLURL(is) + ".diff",
			"patch_url": r.issueHTMLURL(is) + ".patch",
			"merged_at": ts(is.mergedAt),
		}
	}
	return out
}

func reactionsJSON(u string) obj {
	return obj{
		"url": u + "/reactions", "total_count": 0, "+1": 0, "-1": 0, "laugh": 0, "hooray": 0,
		"confused": 0, "heart": 0, "rocket": 0, "eyes": 0,
	}
}

func (f *Fake) issuesJSON(list []*issue) []any {
	out := make([]any, 0, len(list))
	for _, is := range list {
		out = append(out, f.issueJSON(is))
	}
	return out
}

func (f *Fake) commentJSON(c *comment) obj {
	r := c.issue.repo
	u := r.apiURL() + "/issues/comments/" + strconv.FormatInt(c.id, 10)
	return obj{
		"id":                       c.id,
		"node_id":                  nodeID("IC", c.id),
		"url":                      u,
		"html_url":                 r.issueHTMLURL(c.issue) + "#issuecomment-" + strconv.FormatInt(c.id, 10),
		"issue_url":                r.issueURL(c.issue),
		"body":                     c.body,
		"user":                     f.userJSON(c.author),
		"created_at":               ts(c.created),
		"updated_at":               ts(c.updated),
		"author_association":       c.issue.repo.association(c.author),
		"reactions":                reactionsJSON(u),
		"performed_via_github_app": nil,
	}
}

// pullJSON is the pull-request-simple shape of GET …/commits/{sha}/pulls.
func (f *Fake) pullJSON(is *issue) obj {
	r := is.repo
	u := r.apiURL() + "/pulls/" + strconv.Itoa(is.number)
	iu := r.issueURL(is)
	h := r.issueHTMLURL(is)
	var ms any
	if is.milestone != nil {
		ms = r.milestoneJSON(is.milestone)
	}
	assignees := make([]any, 0, len(is.assignees))
	var assignee any
	for i, a := range is.assignees {
		uj := f.userJSON(a)
		if i == 0 {
			assignee = uj
		}
		assignees = append(assignees, uj)
	}
	labels := make([]any, 0, len(is.labels))
	for _, l := range is.labels {
		lj := r.labelJSON(l)
		if l.desc == nil {
			lj["description"] = ""
		}
		labels = append(labels, lj)
	}
	branch := "feature-" + strconv.Itoa(is.number)
	ref := func(name, sha string) obj {
		return obj{
			"label": r.owner + ":" + name, "ref": name, "sha": sha,
			"user": f.userJSON(r.owner), "repo": r.repoJSON(),
		}
	}
	headSHA := fmt.Sprintf("%040x", is.id)
	link := func(href string) obj { return obj{"href": href} }
	return obj{
		"url":                 u,
		"id":                  is.id + 3_000_000_000,
		"node_id":             nodeID("PR", is.id),
		"html_url":            h,
		"diff_url":            h + ".diff",
		"patch_url":           h + ".patch",
		"issue_url":           iu,
		"commits_url":         u + "/commits",
		"review_comments_url": u + "/comments",
		"review_comment_url":  r.apiURL() + "/pulls/comments{/number}",
		"comments_url":        iu + "/comments",
		"statuses_url":        r.apiURL() + "/statuses/" + headSHA,
		"number":              is.number,
		"state":               is.state,
		"locked":              false,
		"title":               is.title,
		"user":                f.userJSON(is.author),
		"body":                strOrNull(is.body),
		"labels":              labels,
		"milestone":           ms,
		"active_lock_reason":  nil,
		"created_at":          ts(is.created),
		"updated_at":          ts(is.updated),
		"closed_at":           ts(is.closedAt),
		"merged_at":           ts(is.mergedAt),
		"merge_commit_sha":    nullIfEmpty(is.mergeSHA),
		"assignee":            assignee,
		"assignees":           assignees,
		"requested_reviewers": []any{},
		"requested_teams":     []any{},
		"head":                ref(branch, headSHA),
		"base":                ref("main", fmt.Sprintf("%040x", is.id+1)),
		"_links": obj{
			"self": link(u), "html": link(h), "issue": link(iu), "comments": link(iu + "/comments"),
			"review_comments": link(u + "/comments"), "review_comment": link(r.apiURL() + "/pulls/comments{/number}"),
			"commits": link(u + "/commits"), "statuses": link(r.apiURL() + "/statuses/" + headSHA),
		},
		"author_association": is.repo.association(is.author),
		"auto_merge":         nil,
		"draft":              false,
	}
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (f *Fake) rateLimitJSON() obj {
	remaining, reset := rateLimit-f.rateUsed, f.rateReset
	if !f.primaryReset.IsZero() {
		remaining, reset = 0, f.primaryReset
	}
	core := obj{"limit": rateLimit, "used": rateLimit - remaining, "remaining": remaining, "reset": reset.Unix(), "resource": "core"}
	other := func(name string, limit int) obj {
		return obj{"limit": limit, "used": 0, "remaining": limit, "reset": reset.Unix(), "resource": name}
	}
	return obj{
		"resources": obj{
			"core":    core,
			"search":  other("search", 30),
			"graphql": other("graphql", 5000),
		},
		"rate": core,
	}
}
