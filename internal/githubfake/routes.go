package githubfake

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

var pacific = func() *time.Location {
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		panic("githubfake: " + err.Error())
	}
	return loc
}()

// GitHub's documented limits.
const (
	maxTitle     = 256
	maxBody      = 65536
	maxLabelName = 50
	maxLabelDesc = 100
)

// call is one request being handled; f.mu is held.
type call struct {
	f       *Fake
	r       *http.Request
	body    []byte
	repo    *Repo
	rest    []string // unescaped path segments after the repository prefix
	restEsc []string // the same, as sent
	params  map[string]string
	now     time.Time
	doc     string
	header  http.Header
	login   string // who the request acts as; "" unauthenticated
}

// pusher says the caller has push access: only they may set labels,
// milestones, assignees and types, or change what others wrote.
func (c *call) pusher() bool { return c.repo.canWrite(c.login) }

type handler func(c *call) response

type route struct {
	method  string
	pattern []string
	h       handler
	doc     string
	// anyone: a user without push access may call it (open an issue, edit
	// their own, comment); every other write needs push access.
	anyone bool
	// feature: a server without it (Enterprise) answers 404.
	feature string
}

const docIssues = "https://docs.github.com/rest/issues"

func needs(feature string, rt route) route {
	rt.feature = feature
	return rt
}

func anyoneMay(rt route) route {
	rt.anyone = true
	return rt
}

func endpoint(method, pattern string, h handler, doc string) route {
	var segs []string
	if pattern != "" {
		segs = strings.Split(pattern, "/")
	}
	return route{method: method, pattern: segs, h: h, doc: doc}
}

// repoRoutes are matched against the path after /repos/{owner}/{repo} or /repositories/{id}.
var repoRoutes = []route{
	endpoint("GET", "", getRepo, "https://docs.github.com/rest/repos/repos#get-a-repository"),

	endpoint("GET", "labels", listLabels, docIssues+"/labels#list-labels-for-a-repository"),
	endpoint("POST", "labels", createLabel, docIssues+"/labels#create-a-label"),
	endpoint("GET", "labels/{name}", getLabel, docIssues+"/labels#get-a-label"),
	endpoint("PATCH", "labels/{name}", updateLabel, docIssues+"/labels#update-a-label"),
	endpoint("DELETE", "labels/{name}", deleteLabel, docIssues+"/labels#delete-a-label"),

	endpoint("GET", "milestones", listMilestones, docIssues+"/milestones#list-milestones"),
	endpoint("POST", "milestones", createMilestone, docIssues+"/milestones#create-a-milestone"),
	endpoint("GET", "milestones/{milestone}", getMilestone, docIssues+"/milestones#get-a-milestone"),
	endpoint("PATCH", "milestones/{milestone}", updateMilestone, docIssues+"/milestones#update-a-milestone"),
	endpoint("DELETE", "milestones/{milestone}", deleteMilestone, docIssues+"/milestones#delete-a-milestone"),

	endpoint("GET", "issues/comments/{comment}", getComment, docIssues+"/comments#get-an-issue-comment"),
	anyoneMay(endpoint("PATCH", "issues/comments/{comment}", updateComment, docIssues+"/comments#update-an-issue-comment")),
	anyoneMay(endpoint("DELETE", "issues/comments/{comment}", deleteComment, docIssues+"/comments#delete-an-issue-comment")),

	endpoint("GET", "issues", listIssues, docIssues+"/issues#list-repository-issues"),
	anyoneMay(endpoint("POST", "issues", createIssue, docIssues+"/issues#create-an-issue")),
	endpoint("GET", "issues/{issue}", getIssue, docIssues+"/issues#get-an-issue"),
	anyoneMay(endpoint("PATCH", "issues/{issue}", updateIssue, docIssues+"/issues#update-an-issue")),

	endpoint("GET", "issues/{issue}/labels", listIssueLabels, docIssues+"/labels#list-labels-for-an-issue"),
	endpoint("POST", "issues/{issue}/labels", addIssueLabels, docIssues+"/labels#add-labels-to-an-issue"),
	endpoint("PUT", "issues/{issue}/labels", setIssueLabels, docIssues+"/labels#set-labels-for-an-issue"),
	endpoint("DELETE", "issues/{issue}/labels", clearIssueLabels, docIssues+"/labels#remove-all-labels-from-an-issue"),
	endpoint("DELETE", "issues/{issue}/labels/{name}", removeIssueLabel, docIssues+"/labels#remove-a-label-from-an-issue"),

	endpoint("GET", "issues/{issue}/comments", listComments, docIssues+"/comments#list-issue-comments"),
	anyoneMay(endpoint("POST", "issues/{issue}/comments", createComment, docIssues+"/comments#create-an-issue-comment")),

	needs(FeatureSubIssues, endpoint("GET", "issues/{issue}/sub_issues", listSubIssues, docIssues+"/sub-issues#list-sub-issues")),
	needs(FeatureSubIssues, endpoint("POST", "issues/{issue}/sub_issues", addSubIssue, docIssues+"/sub-issues#add-sub-issue")),
	needs(FeatureSubIssues, endpoint("DELETE", "issues/{issue}/sub_issue", removeSubIssue, docIssues+"/sub-issues#remove-sub-issue")),
	needs(FeatureSubIssues, endpoint("GET", "issues/{issue}/parent", getParent, docIssues+"/sub-issues#get-parent-issue")),

	needs(FeatureDependencies, endpoint("GET", "issues/{issue}/dependencies/blocked_by", listBlockedBy, docIssues+"/issue-dependencies#list-dependencies-an-issue-is-blocked-by")),
	needs(FeatureDependencies, endpoint("POST", "issues/{issue}/dependencies/blocked_by", addBlockedBy, docIssues+"/issue-dependencies#add-a-dependency-an-issue-is-blocked-by")),
	needs(FeatureDependencies, endpoint("DELETE", "issues/{issue}/dependencies/blocked_by/{blocker}", removeBlockedBy, docIssues+"/issue-dependencies#remove-dependency-an-issue-is-blocked-by")),
	needs(FeatureDependencies, endpoint("GET", "issues/{issue}/dependencies/blocking", listBlocking, docIssues+"/issue-dependencies#list-dependencies-an-issue-is-blocking")),

	endpoint("GET", "assignees/{login}", checkAssignee, docIssues+"/assignees#check-if-a-user-can-be-assigned"),

	endpoint("GET", "commits/{sha}/pulls", listCommitPulls, "https://docs.github.com/rest/commits/commits#list-pull-requests-associated-with-a-commit"),
}

func match(pattern, segs []string) (map[string]string, bool) {
	if len(pattern) != len(segs) {
		return nil, false
	}
	params := map[string]string{}
	for i, p := range pattern {
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") {
			if segs[i] == "" {
				return nil, false
			}
			params[p[1:len(p)-1]] = segs[i]
		} else if p != segs[i] {
			return nil, false
		}
	}
	return params, true
}

func notFound(doc string) response {
	if doc == "" {
		doc = "https://docs.github.com/rest"
	}
	return response{status: http.StatusNotFound, body: obj{"message": "Not Found", "documentation_url": doc}}
}

func (c *call) notFound() response {
	if r, ok := c.goneAnswer(); ok {
		return r
	}
	return notFound(c.doc)
}

// fieldError is one entry of a 422's "errors".
func fieldError(resource, code, field string) obj {
	return obj{"resource": resource, "code": code, "field": field}
}

func (c *call) invalid(errs ...obj) response {
	list := make([]any, 0, len(errs))
	for _, e := range errs {
		list = append(list, e)
	}
	return response{status: http.StatusUnprocessableEntity, body: obj{
		"message": "Validation Failed", "errors": list, "documentation_url": c.doc,
	}}
}

func (c *call) ok(v any) response { return response{status: http.StatusOK, body: v, header: c.header} }

func (c *call) created(v any, location string) response {
	if c.header == nil {
		c.header = http.Header{}
	}
	c.header.Set("Location", location)
	return response{status: http.StatusCreated, body: v, header: c.header}
}

// noPush is GitHub's answer to a write that needs push access from someone
// without it. (The message is the one GitHub gives for label writes without
// push access; other endpoints' exact wording is not documented.)
func (c *call) noPush() response {
	return response{status: http.StatusForbidden, body: obj{
		"message": "Must have admin rights to Repository.", "documentation_url": c.doc,
	}}
}

func noContent() response { return response{status: http.StatusNoContent} }

// route finds the handler for a request; f.mu is held.
func (f *Fake) route(req *http.Request, body []byte, write bool, now time.Time, login string) response {
	esc := strings.Split(strings.Trim(req.URL.EscapedPath(), "/"), "/")
	segs := make([]string, len(esc))
	for i, s := range esc {
		d, err := url.PathUnescape(s)
		if err != nil {
			return notFound("")
		}
		segs[i] = d
	}
	method := req.Method
	if method == http.MethodHead {
		method = http.MethodGet
	}
	switch {
	case len(segs) == 1 && segs[0] == "rate_limit" && method == http.MethodGet:
		return response{status: http.StatusOK, body: f.rateLimitJSON()}
	case len(segs) == 1 && segs[0] == "meta" && method == http.MethodGet:
		return response{status: http.StatusOK, body: f.metaJSON()}
	case len(segs) == 3 && segs[0] == "orgs" && segs[2] == "issue-types" && method == http.MethodGet && f.missing[FeatureIssueTypes]:
		return notFound(f.docRoot())
	case len(segs) == 3 && segs[0] == "orgs" && segs[2] == "issue-types" && method == http.MethodGet:
		known := false
		for _, r := range f.repos {
			known = known || strings.EqualFold(r.owner, segs[1])
		}
		if !known || f.userType(segs[1]) != "Organization" {
			return notFound("https://docs.github.com/rest/orgs/issue-types#list-issue-types-for-an-organization")
		}
		types := f.issueTypes[strings.ToLower(segs[1])]
		out := make([]any, 0, len(types))
		for _, t := range types {
			out = append(out, f.issueTypeJSON(t))
		}
		return response{status: http.StatusOK, body: out}
	}

	var repo *Repo
	prefix := 0
	switch {
	case len(segs) >= 3 && segs[0] == "repos":
		for _, r := range f.repos {
			if strings.EqualFold(r.owner, segs[1]) && strings.EqualFold(r.name, segs[2]) {
				repo = r
			}
		}
		prefix = 3
	case len(segs) >= 2 && segs[0] == "repositories":
		id, err := strconv.ParseInt(segs[1], 10, 64)
		if err == nil {
			for _, r := range f.repos {
				if r.id == id {
					repo = r
				}
			}
		}
		prefix = 2
	}
	if repo == nil && len(segs) >= 3 && segs[0] == "repos" {
		if r := f.formerlyNamed(segs[1], segs[2]); r != nil {
			return f.repoRedirect(req, r, esc[3:])
		}
	}
	if repo == nil {
		return notFound("")
	}
	rest, restEsc := segs[prefix:], esc[prefix:]
	if len(rest) == 1 && rest[0] == "" {
		rest, restEsc = nil, nil
	}
	for _, rt := range repoRoutes {
		if rt.method != method {
			continue
		}
		params, ok := match(rt.pattern, rest)
		if !ok {
			continue
		}
		if rt.feature != "" && f.missing[rt.feature] {
			return notFound(f.docRoot())
		}
		c := &call{f: f, r: req, body: body, repo: repo, rest: rest, restEsc: restEsc, params: params, now: now, doc: rt.doc, login: login}
		if write && f.readOnly {
			return response{status: http.StatusForbidden, body: obj{
				"message": "Resource not accessible by integration", "documentation_url": rt.doc,
			}}
		}
		if write && !rt.anyone && !c.pusher() {
			return c.noPush()
		}
		return rt.h(c)
	}
	return notFound("")
}

// ---------------------------------------------------------------------------------------------
// Request bodies

// fields decodes a JSON object body. A bad body is answered 400 "Problems parsing JSON".
func (c *call) fields() (map[string]json.RawMessage, *response) {
	m := map[string]json.RawMessage{}
	if len(bytes.TrimSpace(c.body)) == 0 {
		return m, nil
	}
	if err := json.Unmarshal(c.body, &m); err != nil {
		return nil, &response{status: http.StatusBadRequest, body: obj{
			"message": "Problems parsing JSON", "documentation_url": c.doc,
		}}
	}
	return m, nil
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// str reads an optional string field: present tells whether the key is there, s is nil for null.
// ok is false when the value is neither a string nor null.
func str(m map[string]json.RawMessage, key string) (s *string, present, ok bool) {
	raw, present := m[key]
	if !present {
		return nil, false, true
	}
	if isNull(raw) {
		return nil, true, true
	}
	var v string
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, true, false
	}
	return &v, true, true
}

// labelNames reads labels given as ["a", …], [{"name": "a"}, …] or {"labels": […]}.
func labelNames(raw json.RawMessage) ([]string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '{' {
		var wrap struct {
			Labels json.RawMessage `json:"labels"`
		}
		if err := json.Unmarshal(raw, &wrap); err != nil || wrap.Labels == nil {
			return nil, false
		}
		raw = wrap.Labels
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, false
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		var s string
		if err := json.Unmarshal(it, &s); err == nil {
			out = append(out, s)
			continue
		}
		var o struct {
			Name *string `json:"name"`
		}
		if err := json.Unmarshal(it, &o); err != nil || o.Name == nil {
			return nil, false
		}
		out = append(out, *o.Name)
	}
	return out, true
}

func logins(raw json.RawMessage) ([]string, bool) {
	if isNull(raw) {
		return []string{}, true
	}
	var out []string
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, false
	}
	return out, true
}

// intID reads a JSON integer (a string is refused, as GitHub does).
func intID(m map[string]json.RawMessage, key string) (int64, bool) {
	raw, ok := m[key]
	if !ok {
		return 0, false
	}
	var v int64
	if err := json.Unmarshal(raw, &v); err != nil {
		return 0, false
	}
	return v, true
}

// ---------------------------------------------------------------------------------------------
// Pagination

// page slices items for per_page/page and sets the Link header, pointing at /repositories/{id}/….
func page[T any](c *call, items []T) []T {
	q := c.r.URL.Query()
	per := 30
	if v, err := strconv.Atoi(q.Get("per_page")); err == nil && v > 0 {
		per = min(v, 100)
	}
	p := 1
	if v, err := strconv.Atoi(q.Get("page")); err == nil && v > 1 {
		p = v
	}
	last := (len(items) + per - 1) / per
	if last > 1 || (p > 1 && len(items) > 0) {
		base := c.f.api() + "/repositories/" + strconv.FormatInt(c.repo.id, 10)
		if len(c.restEsc) > 0 {
			base += "/" + strings.Join(c.restEsc, "/")
		}
		link := func(n int, rel string) string {
			return "<" + base + "?" + withPage(c.r.URL.RawQuery, n) + ">; rel=\"" + rel + "\""
		}
		var links []string
		if p > 1 {
			links = append(links, link(min(p-1, max(last, 1)), "prev"))
		}
		if p < last {
			links = append(links, link(p+1, "next"), link(last, "last"))
		}
		if p > 1 {
			links = append(links, link(1, "first"))
		}
		if len(links) > 0 {
			if c.header == nil {
				c.header = http.Header{}
			}
			c.header.Set("Link", strings.Join(links, ", "))
		}
	}
	start := (p - 1) * per
	if start >= len(items) {
		return items[:0]
	}
	return items[start:min(start+per, len(items))]
}

// withPage sets page=n in a raw query, keeping the order of the other parameters (GitHub's Link
// URLs keep the request's query and put page where it was, or last).
func withPage(raw string, n int) string {
	var parts []string
	found := false
	for _, p := range strings.Split(raw, "&") {
		if p == "" {
			continue
		}
		k, _, _ := strings.Cut(p, "=")
		if k == "page" {
			if found {
				continue
			}
			found = true
			p = "page=" + strconv.Itoa(n)
		}
		parts = append(parts, p)
	}
	if !found {
		parts = append(parts, "page="+strconv.Itoa(n))
	}
	return strings.Join(parts, "&")
}

// ---------------------------------------------------------------------------------------------
// Repository

func getRepo(c *call) response { return c.ok(c.repo.repoJSON()) }
