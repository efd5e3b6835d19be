package githubfake

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

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
		if is.gone != nil {
			continue
		}
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

	// Only those who can be assigned can be: GitHub refuses the whole write,
	// naming the login.
	for _, a := range assignees {
		if !c.repo.assignable(a) {
			e := fieldError("Issue", "invalid", "assignees")
			e["value"] = a
			return fail(e)
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
			is.state, is.closedAt, is.closedBy = "closed", c.now, c.login
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

// dropPrivileged removes the fields only users with push access may set:
// "Only users with push access can set labels for new issues. Labels are
// silently dropped otherwise." (and the same for milestone and assignees;
// docs.github.com/rest/issues/issues#create-an-issue and #update-an-issue).
func (c *call) dropPrivileged(m map[string]json.RawMessage) {
	if c.pusher() {
		return
	}
	for _, k := range []string{"labels", "milestone", "assignee", "assignees", "type"} {
		delete(m, k)
	}
}

func createIssue(c *call) response {
	m, bad := c.fields()
	if bad != nil {
		return *bad
	}
	c.dropPrivileged(m)
	apply, bad := c.issueFields(m, true)
	if bad != nil {
		return *bad
	}
	is := c.repo.newIssue("", c.login, c.now)
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
	if !c.pusher() && !strings.EqualFold(is.author, c.login) {
		return c.noPush()
	}
	m, bad := c.fields()
	if bad != nil {
		return *bad
	}
	c.dropPrivileged(m)
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
