package githubfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
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
}

type handler func(c *call) response

type route struct {
	method  string
	pattern []string
	h       handler
	doc     string
}

const docIssues = "https://docs.github.com/rest/issues"

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
	endpoint("PATCH", "issues/comments/{comment}", updateComment, docIssues+"/comments#update-an-issue-comment"),
	endpoint("DELETE", "issues/comments/{comment}", deleteComment, docIssues+"/comments#delete-an-issue-comment"),

	endpoint("GET", "issues", listIssues, docIssues+"/issues#list-repository-issues"),
	endpoint("POST", "issues", createIssue, docIssues+"/issues#create-an-issue"),
	endpoint("GET", "issues/{issue}", getIssue, docIssues+"/issues#get-an-issue"),
	endpoint("PATCH", "issues/{issue}", updateIssue, docIssues+"/issues#update-an-issue"),

	endpoint("GET", "issues/{issue}/labels", listIssueLabels, docIssues+"/labels#list-labels-for-an-issue"),
	endpoint("POST", "issues/{issue}/labels", addIssueLabels, docIssues+"/labels#add-labels-to-an-issue"),
	endpoint("PUT", "issues/{issue}/labels", setIssueLabels, docIssues+"/labels#set-labels-for-an-issue"),
	endpoint("DELETE", "issues/{issue}/labels", clearIssueLabels, docIssues+"/labels#remove-all-labels-from-an-issue"),
	endpoint("DELETE", "issues/{issue}/labels/{name}", removeIssueLabel, docIssues+"/labels#remove-a-label-from-an-issue"),

	endpoint("GET", "issues/{issue}/comments", listComments, docIssues+"/comments#list-issue-comments"),
	endpoint("POST", "issues/{issue}/comments", createComment, docIssues+"/comments#create-an-issue-comment"),

	endpoint("GET", "issues/{issue}/sub_issues", listSubIssues, docIssues+"/sub-issues#list-sub-issues"),
	endpoint("POST", "issues/{issue}/sub_issues", addSubIssue, docIssues+"/sub-issues#add-sub-issue"),
	endpoint("DELETE", "issues/{issue}/sub_issue", removeSubIssue, docIssues+"/sub-issues#remove-sub-issue"),
	endpoint("GET", "issues/{issue}/parent", getParent, docIssues+"/sub-issues#get-parent-issue"),

	endpoint("GET", "issues/{issue}/dependencies/blocked_by", listBlockedBy, docIssues+"/issue-dependencies#list-dependencies-an-issue-is-blocked-by"),
	endpoint("POST", "issues/{issue}/dependencies/blocked_by", addBlockedBy, docIssues+"/issue-dependencies#add-a-dependency-an-issue-is-blocked-by"),
	endpoint("DELETE", "issues/{issue}/dependencies/blocked_by/{blocker}", removeBlockedBy, docIssues+"/issue-dependencies#remove-dependency-an-issue-is-blocked-by"),
	endpoint("GET", "issues/{issue}/dependencies/blocking", listBlocking, docIssues+"/issue-dependencies#list-dependencies-an-issue-is-blocking"),

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

func (c *call) notFound() response { return notFound(c.doc) }

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

func noContent() response { return response{status: http.StatusNoContent} }

// route finds the handler for a request; f.mu is held.
func (f *Fake) route(req *http.Request, body []byte, write bool, now time.Time) response {
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
	case len(segs) == 3 && segs[0] == "orgs" && segs[2] == "issue-types" && method == http.MethodGet:
		known := false
		for _, r := range f.repos {
			known = known || strings.EqualFold(r.owner, segs[1])
		}
		if !known {
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
		c := &call{f: f, r: req, body: body, repo: repo, rest: rest, restEsc: restEsc, params: params, now: now, doc: rt.doc}
		if write && f.readOnly {
			return response{status: http.StatusForbidden, body: obj{
				"message": "Resource not accessible by integration", "documentation_url": rt.doc,
			}}
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

// ---------------------------------------------------------------------------------------------
// Labels

func validColor(s string) bool {
	if len(s) != 6 {
		return false
	}
	for _, ch := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", ch) {
			return false
		}
	}
	return true
}

func tooLong(resource, field string, max int) obj {
	e := fieldError(resource, "custom", field)
	e["message"] = fmt.Sprintf("%s is too long (maximum is %d characters)", field, max)
	return e
}

func listLabels(c *call) response {
	return c.ok(c.repo.labelsJSON(page(c, c.repo.labels)))
}

func createLabel(c *call) response {
	m, bad := c.fields()
	if bad != nil {
		return *bad
	}
	name, _, ok := str(m, "name")
	if !ok || name == nil || strings.TrimSpace(*name) == "" {
		return c.invalid(fieldError("Label", "missing_field", "name"))
	}
	color := "ededed"
	if s, present, ok := str(m, "color"); !ok || (present && s == nil) {
		return c.invalid(fieldError("Label", "invalid", "color"))
	} else if s != nil {
		color = *s
	}
	if !validColor(color) {
		return c.invalid(fieldError("Label", "invalid", "color"))
	}
	desc, _, ok := str(m, "description")
	if !ok {
		return c.invalid(fieldError("Label", "invalid", "description"))
	}
	if utf8.RuneCountInString(*name) > maxLabelName {
		return c.invalid(tooLong("Label", "name", maxLabelName))
	}
	if desc != nil && utf8.RuneCountInString(*desc) > maxLabelDesc {
		return c.invalid(tooLong("Label", "description", maxLabelDesc))
	}
	if c.repo.findLabel(*name) != nil {
		return c.invalid(fieldError("Label", "already_exists", "name"))
	}
	l := c.repo.newLabel(*name, color, desc, false)
	j := c.repo.labelJSON(l)
	return c.created(j, j["url"].(string))
}

func (c *call) label() *label { return c.repo.findLabel(c.params["name"]) }

func getLabel(c *call) response {
	l := c.label()
	if l == nil {
		return c.notFound()
	}
	return c.ok(c.repo.labelJSON(l))
}

// updateLabel renames with "new_name" (a "name" in the body is not a rename: GitHub documents
// new_name, and the fixture recording uses it).
func updateLabel(c *call) response {
	l := c.label()
	if l == nil {
		return c.notFound()
	}
	m, bad := c.fields()
	if bad != nil {
		return *bad
	}
	newName, _, ok := str(m, "new_name")
	if !ok {
		return c.invalid(fieldError("Label", "invalid", "name"))
	}
	color, colorPresent, ok := str(m, "color")
	if !ok || (colorPresent && (color == nil || !validColor(*color))) {
		return c.invalid(fieldError("Label", "invalid", "color"))
	}
	desc, descPresent, ok := str(m, "description")
	if !ok {
		return c.invalid(fieldError("Label", "invalid", "description"))
	}
	if newName != nil {
		if strings.TrimSpace(*newName) == "" {
			return c.invalid(fieldError("Label", "missing_field", "name"))
		}
		if utf8.RuneCountInString(*newName) > maxLabelName {
			return c.invalid(tooLong("Label", "name", maxLabelName))
		}
		if other := c.repo.findLabel(*newName); other != nil && other != l {
			return c.invalid(fieldError("Label", "already_exists", "name"))
		}
	}
	if desc != nil && utf8.RuneCountInString(*desc) > maxLabelDesc {
		return c.invalid(tooLong("Label", "description", maxLabelDesc))
	}
	if newName != nil {
		l.name = *newName
	}
	if color != nil {
		l.color = *color
	}
	if descPresent {
		l.desc = desc
	}
	return c.ok(c.repo.labelJSON(l))
}

func deleteLabel(c *call) response {
	l := c.label()
	if l == nil {
		return c.notFound()
	}
	for _, is := range c.repo.issues {
		is.removeLabel(l)
	}
	for i, x := range c.repo.labels {
		if x == l {
			c.repo.labels = append(c.repo.labels[:i:i], c.repo.labels[i+1:]...)
			break
		}
	}
	return noContent()
}

func (is *issue) removeLabel(l *label) bool {
	for i, x := range is.labels {
		if x == l {
			is.labels = append(is.labels[:i:i], is.labels[i+1:]...)
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------------------------------------
// Milestones

// parseDueOn turns a due_on timestamp into the Pacific date GitHub stores. A date alone is read as
// midnight UTC.
func parseDueOn(s string) (string, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.In(pacific).Format("2006-01-02"), true
		}
	}
	return "", false
}

func listMilestones(c *call) response {
	q := c.r.URL.Query()
	state := q.Get("state")
	var list []*milestone
	for _, m := range c.repo.milestones {
		switch state {
		case "all":
		case "closed":
			if m.state != "closed" {
				continue
			}
		default:
			if m.state != "open" {
				continue
			}
		}
		list = append(list, m)
	}
	desc := q.Get("direction") == "desc"
	switch q.Get("sort") {
	case "completeness":
		pct := func(m *milestone) float64 {
			o, cl := c.repo.milestoneCounts(m)
			if o+cl == 0 {
				return 0
			}
			return float64(cl) / float64(o+cl)
		}
		sort.SliceStable(list, func(i, j int) bool {
			if desc {
				return pct(list[i]) > pct(list[j])
			}
			return pct(list[i]) < pct(list[j])
		})
	default: // due_on; milestones without a due date come last, ascending
		sort.SliceStable(list, func(i, j int) bool {
			a, b := list[i], list[j]
			if a.due == b.due {
				return a.number < b.number
			}
			if a.due == "" || b.due == "" {
				return (a.due == "") == desc
			}
			if desc {
				return a.due > b.due
			}
			return a.due < b.due
		})
	}
	list = page(c, list)
	out := make([]any, 0, len(list))
	for _, m := range list {
		out = append(out, c.repo.milestoneJSON(m))
	}
	return c.ok(out)
}

// milestoneFields validates and applies title, state, description and due_on.
// current is the milestone being updated, nil when creating.
func (c *call) milestoneFields(m map[string]json.RawMessage, current *milestone) (apply func(ms *milestone), bad *response) {
	fail := func(e obj) (func(*milestone), *response) { r := c.invalid(e); return nil, &r }
	creating := current == nil
	title, titlePresent, ok := str(m, "title")
	if !ok {
		return fail(fieldError("Milestone", "invalid", "title"))
	}
	if creating && (title == nil || strings.TrimSpace(*title) == "") {
		return fail(fieldError("Milestone", "missing_field", "title"))
	}
	if titlePresent && (title == nil || strings.TrimSpace(*title) == "") {
		return fail(fieldError("Milestone", "missing_field", "title"))
	}
	if title != nil {
		if other := c.repo.findMilestoneTitle(*title); other != nil && other != current {
			return fail(fieldError("Milestone", "already_exists", "title"))
		}
	}
	state, statePresent, ok := str(m, "state")
	if !ok || (statePresent && (state == nil || (*state != "open" && *state != "closed"))) {
		return fail(fieldError("Milestone", "invalid", "state"))
	}
	desc, descPresent, ok := str(m, "description")
	if !ok {
		return fail(fieldError("Milestone", "invalid", "description"))
	}
	due, duePresent, ok := str(m, "due_on")
	if !ok {
		return fail(fieldError("Milestone", "invalid", "due_on"))
	}
	date := ""
	if due != nil {
		if date, ok = parseDueOn(*due); !ok {
			return fail(fieldError("Milestone", "invalid", "due_on"))
		}
	}
	return func(ms *milestone) {
		if title != nil {
			ms.title = *title
		}
		if statePresent && ms.state != *state {
			ms.state = *state
			if *state == "closed" {
				ms.closedAt = c.now
			} else {
				ms.closedAt = time.Time{}
			}
		}
		if descPresent {
			ms.desc = desc
		}
		if duePresent {
			ms.due = date
		}
		ms.updated = c.now
	}, nil
}

func createMilestone(c *call) response {
	m, bad := c.fields()
	if bad != nil {
		return *bad
	}
	apply, bad := c.milestoneFields(m, nil)
	if bad != nil {
		return *bad
	}
	ms := c.repo.newMilestone("", nil, "open", "", Actor, c.now)
	apply(ms)
	j := c.repo.milestoneJSON(ms)
	return c.created(j, j["url"].(string))
}

func (c *call) milestone() *milestone {
	n, err := strconv.Atoi(c.params["milestone"])
	if err != nil {
		return nil
	}
	return c.repo.findMilestone(n)
}

func getMilestone(c *call) response {
	ms := c.milestone()
	if ms == nil {
		return c.notFound()
	}
	return c.ok(c.repo.milestoneJSON(ms))
}

func updateMilestone(c *call) response {
	ms := c.milestone()
	if ms == nil {
		return c.notFound()
	}
	m, bad := c.fields()
	if bad != nil {
		return *bad
	}
	apply, bad := c.milestoneFields(m, ms)
	if bad != nil {
		return *bad
	}
	apply(ms)
	return c.ok(c.repo.milestoneJSON(ms))
}

func deleteMilestone(c *call) response {
	ms := c.milestone()
	if ms == nil {
		return c.notFound()
	}
	for _, is := range c.repo.issues {
		if is.milestone == ms {
			is.milestone = nil
		}
	}
	for i, x := range c.repo.milestones {
		if x == ms {
			c.repo.milestones = append(c.repo.milestones[:i:i], c.repo.milestones[i+1:]...)
			break
		}
	}
	return noContent()
}

// ---------------------------------------------------------------------------------------------
// Issues

func listIssues(c *call) response {
	q := c.r.URL.Query()
	state := q.Get("state")
	var want []string
	if v := q.Get("labels"); v != "" {
		for _, n := range strings.Split(v, ",") {
			if n = strings.TrimSpace(n); n != "" {
				want = append(want, n)
			}
		}
	}
	var since time.Time
	if v := q.Get("since"); v != "" {
		since, _ = time.Parse(time.RFC3339, v)
	}
	var list []*issue
	for _, is := range c.repo.issues {
		switch state {
		case "all":
		case "closed":
			if is.state != "closed" {
				continue
			}
		default:
			if is.state != "open" {
				continue
			}
		}
		if !hasLabels(is, want) {
			continue
		}
		if v, ok := q["milestone"]; ok && !milestoneMatches(is, v[0]) {
			continue
		}
		if v, ok := q["assignee"]; ok && !assigneeMatches(is, v[0]) {
			continue
		}
		if v := q.Get("creator"); v != "" && !strings.EqualFold(v, is.author) {
			continue
		}
		if !since.IsZero() && is.updated.Before(since) {
			continue
		}
		list = append(list, is)
	}
	asc := q.Get("direction") == "asc"
	key := func(is *issue) int64 {
		switch q.Get("sort") {
		case "updated":
			return is.updated.UnixNano()
		case "comments":
			return int64(len(is.comments))
		}
		return is.created.UnixNano()
	}
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		ka, kb := key(a), key(b)
		if ka == kb {
			if asc {
				return a.number < b.number
			}
			return a.number > b.number
		}
		if asc {
			return ka < kb
		}
		return ka > kb
	})
	return c.ok(c.f.issuesJSON(page(c, list)))
}

func hasLabels(is *issue, want []string) bool {
	for _, w := range want {
		found := false
		for _, l := range is.labels {
			if strings.EqualFold(l.name, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func milestoneMatches(is *issue, v string) bool {
	switch v {
	case "*":
		return is.milestone != nil
	case "none":
		return is.milestone == nil
	}
	n, err := strconv.Atoi(v)
	return err == nil && is.milestone != nil && is.milestone.number == n
}

func assigneeMatches(is *issue, v string) bool {
	switch v {
	case "*":
		return len(is.assignees) > 0
	case "none":
		return len(is.assignees) == 0
	}
	for _, a := range is.assignees {
		if strings.EqualFold(a, v) {
			return true
		}
	}
	return false
}

func (c *call) issue() *issue {
	n, err := strconv.Atoi(c.params["issue"])
	if err != nil {
		return nil
	}
	return c.repo.findIssue(n)
}

var closeReasons = map[string]bool{"completed": true, "not_planned": true, "duplicate": true}

// issueFields validates the writable fields of an issue and returns a function that applies them.
func (c *call) issueFields(m map[string]json.RawMessage, creating bool) (func(is *issue), *response) {
	fail := func(e obj) (func(*issue), *response) { r := c.invalid(e); return nil, &r }
	title, titlePresent, ok := str(m, "title")
	if !ok {
		return fail(fieldError("Issue", "invalid", "title"))
	}
	if (creating || titlePresent) && (title == nil || strings.TrimSpace(*title) == "") {
		return fail(fieldError("Issue", "missing_field", "title"))
	}
	if title != nil && utf8.RuneCountInString(*title) > maxTitle {
		return fail(tooLong("Issue", "title", maxTitle))
	}
	body, bodyPresent, ok := str(m, "body")
	if !ok {
		return fail(fieldError("Issue", "invalid", "body"))
	}
	if body != nil && utf8.RuneCountInString(*body) > maxBody {
		return fail(tooLong("Issue", "body", maxBody))
	}
	state, statePresent, ok := str(m, "state")
	if !ok || (statePresent && (state == nil || (*state != "open" && *state != "closed"))) {
		return fail(fieldError("Issue", "invalid", "state"))
	}
	reason, _, ok := str(m, "state_reason")
	if !ok || (reason != nil && !closeReasons[*reason] && *reason != "reopened") {
		return fail(fieldError("Issue", "invalid", "state_reason"))
	}

	var labels []*label
	rawLabels, labelsPresent := m["labels"]
	var labelList []string
	if labelsPresent && !isNull(rawLabels) {
		if labelList, ok = labelNames(rawLabels); !ok {
			return fail(fieldError("Issue", "invalid", "labels"))
		}
	}

	var assignees []string
	assigneesPresent := false
	if raw, present := m["assignees"]; present {
		if assignees, ok = logins(raw); !ok {
			return fail(fieldError("Issue", "invalid", "assignees"))
		}
		assigneesPresent = true
	} else if a, present, ok := str(m, "assignee"); present {
		if !ok {
			return fail(fieldError("Issue", "invalid", "assignee"))
		}
		assigneesPresent = true
		assignees = []string{}
		if a != nil && *a != "" {
			assignees = []string{*a}
		}
	}

	var ms *milestone
	rawMs, msPresent := m["milestone"]
	if msPresent && !isNull(rawMs) {
		var n int
		if err := json.Unmarshal(rawMs, &n); err != nil {
			var s string
			if err := json.Unmarshal(rawMs, &s); err != nil {
				return fail(fieldError("Issue", "invalid", "milestone"))
			}
			if n, err = strconv.Atoi(s); err != nil {
				e := fieldError("Issue", "invalid", "milestone")
				e["value"] = s
				return fail(e)
			}
		}
		if ms = c.repo.findMilestone(n); ms == nil {
			e := fieldError("Issue", "invalid", "milestone")
			e["value"] = n
			return fail(e)
		}
	}

	// duplicate_issue_id names the issue kept; GitHub ignores it unless the
	// issue is being closed as a duplicate.
	var dupOf *issue
	if raw, present := m["duplicate_issue_id"]; present && !isNull(raw) {
		id, ok := intID(m, "duplicate_issue_id")
		if !ok {
			return fail(fieldError("Issue", "invalid", "duplicate_issue_id"))
		}
		if dupOf = c.f.findIssueByID(id); dupOf == nil || dupOf.pr {
			e := fieldError("Issue", "invalid", "duplicate_issue_id")
			e["value"] = id
			return fail(e)
		}
	}

	var typ *issueType
	typName, typPresent, ok := str(m, "type")
	if !ok {
		return fail(fieldError("Issue", "invalid", "type"))
	}
	if typName != nil && *typName != "" {
		if typ = c.f.findIssueType(c.repo.owner, *typName); typ == nil {
			e := fieldError("Issue", "invalid", "type")
			e["value"] = *typName
			return fail(e)
		}
	}

	return func(is *issue) {
		if title != nil {
			is.title = *title
		}
		if bodyPresent {
			is.body = nil
			if body != nil {
				is.body = nonEmpty(*body)
			}
		}
		if labelsPresent {
			labels = make([]*label, 0, len(labelList))
			for _, n := range labelList {
				l := c.repo.labelOrCreate(n)
				if !containsLabel(labels, l) {
					labels = append(labels, l)
				}
			}
			is.labels = labels
		}
		if assigneesPresent {
			is.assignees = dedupe(assignees)
			for _, a := range is.assignees {
				c.f.userID(a)
			}
		}
		if msPresent {
			is.milestone = ms
		}
		if typPresent {
			is.typ = typ
		}
		switch {
		case statePresent && *state == "closed" && is.state != "closed":
			is.state, is.closedAt, is.closedBy = "closed", c.now, Actor
			is.stateReason = "completed"
			if reason != nil && closeReasons[*reason] {
				is.stateReason = *reason
			}
			if is.stateReason == "duplicate" && dupOf != nil && dupOf != is {
				is.duplicateOf = dupOf
			}
		case statePresent && *state == "open" && is.state != "open":
			is.state, is.closedAt, is.closedBy, is.stateReason = "open", time.Time{}, "", "reopened"
		case reason != nil && closeReasons[*reason] && is.state == "closed":
			is.stateReason = *reason
		}
		is.updated = c.now
	}, nil
}

func containsLabel(list []*label, l *label) bool {
	for _, x := range list {
		if x == l {
			return true
		}
	}
	return false
}

func dedupe(list []string) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		dup := false
		for _, o := range out {
			dup = dup || strings.EqualFold(o, s)
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}

func createIssue(c *call) response {
	m, bad := c.fields()
	if bad != nil {
		return *bad
	}
	apply, bad := c.issueFields(m, true)
	if bad != nil {
		return *bad
	}
	is := c.repo.newIssue("", Actor, c.now)
	apply(is)
	j := c.f.issueJSON(is)
	return c.created(j, j["url"].(string))
}

func getIssue(c *call) response {
	is := c.issue()
	if is == nil {
		return c.notFound()
	}
	return c.ok(c.f.issueJSON(is))
}

func updateIssue(c *call) response {
	is := c.issue()
	if is == nil {
		return c.notFound()
	}
	m, bad := c.fields()
	if bad != nil {
		return *bad
	}
	apply, bad := c.issueFields(m, false)
	if bad != nil {
		return *bad
	}
	apply(is)
	return c.ok(c.f.issueJSON(is))
}

func listIssueLabels(c *call) response {
	is := c.issue()
	if is == nil {
		return c.notFound()
	}
	return c.ok(c.repo.labelsJSON(page(c, is.labels)))
}

func (c *call) labelBody() ([]string, *response) {
	names, ok := labelNames(c.body)
	if !ok {
		r := c.invalid(fieldError("Label", "invalid", "labels"))
		return nil, &r
	}
	return names, nil
}

func addIssueLabels(c *call) response {
	is := c.issue()
	if is == nil {
		return c.notFound()
	}
	names, bad := c.labelBody()
	if bad != nil {
		return *bad
	}
	for _, n := range names {
		is.addLabel(c.repo.labelOrCreate(n))
	}
	is.updated = c.now
	return c.ok(c.repo.labelsJSON(is.labels))
}

func setIssueLabels(c *call) response {
	is := c.issue()
	if is == nil {
		return c.notFound()
	}
	names, bad := c.labelBody()
	if bad != nil {
		return *bad
	}
	is.labels = nil
	for _, n := range names {
		is.addLabel(c.repo.labelOrCreate(n))
	}
	is.updated = c.now
	return c.ok(c.repo.labelsJSON(is.labels))
}

func clearIssueLabels(c *call) response {
	is := c.issue()
	if is == nil {
		return c.notFound()
	}
	is.labels = nil
	is.updated = c.now
	return noContent()
}

func removeIssueLabel(c *call) response {
	is := c.issue()
	if is == nil {
		return c.notFound()
	}
	l := c.repo.findLabel(c.params["name"])
	if l == nil || !is.removeLabel(l) {
		return response{status: http.StatusNotFound, body: obj{"message": "Label does not exist", "documentation_url": c.doc}}
	}
	is.updated = c.now
	return c.ok(c.repo.labelsJSON(is.labels))
}

// ---------------------------------------------------------------------------------------------
// Comments

func listComments(c *call) response {
	is := c.issue()
	if is == nil {
		return c.notFound()
	}
	list := is.comments
	if v := c.r.URL.Query().Get("since"); v != "" {
		if since, err := time.Parse(time.RFC3339, v); err == nil {
			list = nil
			for _, cm := range is.comments {
				if !cm.updated.Before(since) {
					list = append(list, cm)
				}
			}
		}
	}
	list = page(c, list)
	out := make([]any, 0, len(list))
	for _, cm := range list {
		out = append(out, c.f.commentJSON(cm))
	}
	return c.ok(out)
}

func (c *call) commentBody() (string, *response) {
	m, bad := c.fields()
	if bad != nil {
		return "", bad
	}
	body, _, ok := str(m, "body")
	if !ok || body == nil || *body == "" {
		r := c.invalid(fieldError("IssueComment", "missing_field", "body"))
		return "", &r
	}
	if utf8.RuneCountInString(*body) > maxBody {
		e := tooLong("IssueComment", "body", maxBody)
		e["message"] = fmt.Sprintf("Body is too long (maximum is %d characters)", maxBody)
		r := c.invalid(e)
		return "", &r
	}
	return *body, nil
}

func createComment(c *call) response {
	is := c.issue()
	if is == nil {
		return c.notFound()
	}
	body, bad := c.commentBody()
	if bad != nil {
		return *bad
	}
	cm := c.f.newComment(is, Actor, body, c.now)
	is.updated = c.now
	j := c.f.commentJSON(cm)
	return c.created(j, j["url"].(string))
}

func (c *call) comment() *comment {
	id, err := strconv.ParseInt(c.params["comment"], 10, 64)
	if err != nil {
		return nil
	}
	return c.repo.findComment(id)
}

func getComment(c *call) response {
	cm := c.comment()
	if cm == nil {
		return c.notFound()
	}
	return c.ok(c.f.commentJSON(cm))
}

func updateComment(c *call) response {
	cm := c.comment()
	if cm == nil {
		return c.notFound()
	}
	body, bad := c.commentBody()
	if bad != nil {
		return *bad
	}
	cm.body, cm.updated = body, c.now
	return c.ok(c.f.commentJSON(cm))
}

func deleteComment(c *call) response {
	cm := c.comment()
	if cm == nil {
		return c.notFound()
	}
	is := cm.issue
	for i, x := range is.comments {
		if x == cm {
			is.comments = append(is.comments[:i:i], is.comments[i+1:]...)
			break
		}
	}
	return noContent()
}

// ---------------------------------------------------------------------------------------------
// Pull requests of a commit

func listCommitPulls(c *call) response {
	sha := strings.ToLower(c.params["sha"])
	var list []*issue
	for _, is := range c.repo.issues {
		if is.pr && is.mergeSHA != "" && strings.ToLower(is.mergeSHA) == sha {
			list = append(list, is)
		}
	}
	list = page(c, list)
	out := make([]any, 0, len(list))
	for _, is := range list {
		out = append(out, c.f.pullJSON(is))
	}
	return c.ok(out)
}

// ---------------------------------------------------------------------------------------------
// Sub-issues

func listSubIssues(c *call) response {
	is := c.issue()
	if is == nil {
		return c.notFound()
	}
	return c.ok(c.f.issuesJSON(page(c, is.subs)))
}

func (c *call) customError(field, message string) response {
	e := fieldError("Issue", "custom", field)
	e["message"] = message
	return c.invalid(e)
}

func addSubIssue(c *call) response {
	parent := c.issue()
	if parent == nil {
		return c.notFound()
	}
	m, bad := c.fields()
	if bad != nil {
		return *bad
	}
	id, ok := intID(m, "sub_issue_id")
	if !ok {
		return c.invalid(fieldError("Issue", "invalid", "sub_issue_id"))
	}
	replace := false
	if raw, present := m["replace_parent"]; present && !isNull(raw) {
		if err := json.Unmarshal(raw, &replace); err != nil {
			return c.invalid(fieldError("Issue", "invalid", "replace_parent"))
		}
	}
	child := c.f.findIssueByID(id)
	switch {
	case child == nil:
		return c.invalid(fieldError("Issue", "invalid", "sub_issue_id"))
	case child == parent:
		return c.customError("sub_issue_id", "Sub-issue cannot be the parent issue")
	case child.pr:
		return c.customError("sub_issue_id", "Pull requests cannot be sub-issues")
	case !strings.EqualFold(child.repo.owner, parent.repo.owner):
		return c.customError("sub_issue_id", "Sub-issue must belong to the same repository owner as the parent issue")
	case child.parent == parent:
		return c.customError("sub_issue_id", "Issue is already a sub-issue of this issue")
	case child.parent != nil && !replace:
		return c.customError("sub_issue_id", "Sub-issue may only have one parent")
	}
	for a := parent; a != nil; a = a.parent {
		if a == child {
			return c.customError("sub_issue_id", "Sub-issue cannot be an ancestor of the parent issue")
		}
	}
	if old := child.parent; old != nil {
		old.subs = removeIssue(old.subs, child)
	}
	child.parent = parent
	parent.subs = append(parent.subs, child)
	parent.updated, child.updated = c.now, c.now
	return c.created(c.f.issueJSON(parent), c.repo.issueURL(parent)+"/sub_issues")
}

func removeIssue(list []*issue, x *issue) []*issue {
	for i, y := range list {
		if y == x {
			return append(list[:i:i], list[i+1:]...)
		}
	}
	return list
}

func removeSubIssue(c *call) response {
	parent := c.issue()
	if parent == nil {
		return c.notFound()
	}
	m, bad := c.fields()
	if bad != nil {
		return *bad
	}
	id, ok := intID(m, "sub_issue_id")
	if !ok {
		return c.invalid(fieldError("Issue", "invalid", "sub_issue_id"))
	}
	child := c.f.findIssueByID(id)
	if child == nil || child.parent != parent {
		return c.notFound()
	}
	parent.subs = removeIssue(parent.subs, child)
	child.parent = nil
	parent.updated, child.updated = c.now, c.now
	return c.ok(c.f.issueJSON(parent))
}

func getParent(c *call) response {
	is := c.issue()
	if is == nil || is.parent == nil {
		return c.notFound()
	}
	return c.ok(c.f.issueJSON(is.parent))
}

// ---------------------------------------------------------------------------------------------
// Dependencies

func listBlockedBy(c *call) response {
	is := c.issue()
	if is == nil {
		return c.notFound()
	}
	return c.ok(c.f.issuesJSON(page(c, is.blockedBy)))
}

func listBlocking(c *call) response {
	is := c.issue()
	if is == nil {
		return c.notFound()
	}
	return c.ok(c.f.issuesJSON(page(c, c.f.blocking(is))))
}

func addBlockedBy(c *call) response {
	is := c.issue()
	if is == nil {
		return c.notFound()
	}
	m, bad := c.fields()
	if bad != nil {
		return *bad
	}
	id, ok := intID(m, "issue_id")
	if !ok {
		return c.invalid(fieldError("Issue", "invalid", "issue_id"))
	}
	blocker := c.f.findIssueByID(id)
	switch {
	case blocker == nil:
		return c.invalid(fieldError("Issue", "invalid", "issue_id"))
	case blocker == is:
		return c.customError("issue_id", "An issue cannot be blocked by itself")
	case containsIssue(is.blockedBy, blocker):
		return c.customError("issue_id", "Issue is already blocked by this issue")
	}
	is.blockedBy = append(is.blockedBy, blocker)
	is.updated = c.now
	return c.created(c.f.issueJSON(is), c.repo.issueURL(is)+"/dependencies/blocked_by")
}

func removeBlockedBy(c *call) response {
	is := c.issue()
	if is == nil {
		return c.notFound()
	}
	id, err := strconv.ParseInt(c.params["blocker"], 10, 64)
	if err != nil {
		return c.notFound()
	}
	blocker := c.f.findIssueByID(id)
	if blocker == nil || !containsIssue(is.blockedBy, blocker) {
		return c.notFound()
	}
	is.blockedBy = removeIssue(is.blockedBy, blocker)
	is.updated = c.now
	return c.ok(c.f.issueJSON(is))
}
