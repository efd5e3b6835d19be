package githubfake_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

const repoPath = "/repos/octo-org/octo-repo"

func TestRepository(t *testing.T) {
	f, r := newFake(t)
	if r.ID() != 1001 || r.FullName() != "octo-org/octo-repo" {
		t.Fatalf("id %d, full name %s", r.ID(), r.FullName())
	}
	a := send(t, f, "GET", repoPath, nil)
	expectStatus(t, a, 200)
	m := a.obj(t)
	owner := m["owner"].(map[string]any)
	if m["id"] != 1001.0 || m["full_name"] != "octo-org/octo-repo" || m["default_branch"] != "main" ||
		owner["login"] != "octo-org" || owner["type"] != "Organization" {
		t.Errorf("repository %v", m)
	}
	// Owner and name are matched ignoring case, like GitHub.
	expectStatus(t, send(t, f, "GET", "/repos/Octo-Org/OCTO-REPO", nil), 200)
	// The same repository by id.
	expectStatus(t, send(t, f, "GET", "/repositories/1001", nil), 200)
	a = send(t, f, "GET", "/repos/octo-org/nope", nil)
	expectStatus(t, a, 404)
	if a.obj(t)["message"] != "Not Found" {
		t.Errorf("404 body %s", a.Raw)
	}
}

func TestCommonHeaders(t *testing.T) {
	f, _ := newFake(t)
	a := send(t, f, "GET", repoPath+"/labels", nil)
	b := send(t, f, "GET", repoPath+"/labels", nil)
	if ct := a.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	for _, h := range []string{"X-Ratelimit-Limit", "X-Ratelimit-Remaining", "X-Ratelimit-Reset", "X-Ratelimit-Used", "X-Ratelimit-Resource", "X-Github-Request-Id"} {
		if a.Header.Get(h) == "" {
			t.Errorf("no %s header", h)
		}
	}
	ra, _ := strconv.Atoi(a.Header.Get("X-RateLimit-Remaining"))
	rb, _ := strconv.Atoi(b.Header.Get("X-RateLimit-Remaining"))
	if ra != 4999 || rb != 4998 || b.Header.Get("X-RateLimit-Used") != "2" || a.Header.Get("X-RateLimit-Resource") != "core" {
		t.Errorf("remaining %d then %d, used %s", ra, rb, b.Header.Get("X-RateLimit-Used"))
	}
	if a.Header.Get("X-GitHub-Request-Id") == b.Header.Get("X-GitHub-Request-Id") {
		t.Error("request ids repeat")
	}
	rl := send(t, f, "GET", "/rate_limit", nil)
	expectStatus(t, rl, 200)
	core := rl.obj(t)["resources"].(map[string]any)["core"].(map[string]any)
	if core["remaining"] != 4998.0 || core["limit"] != 5000.0 {
		t.Errorf("rate_limit core %v", core)
	}
}

func TestAuth(t *testing.T) {
	f, r := newFake(t)
	// Reads need no token: every repository of the fake is public.
	expectStatus(t, sendAuth(t, f, "GET", repoPath+"/issues", nil, ""), 200)
	a := sendAuth(t, f, "POST", repoPath+"/labels", map[string]any{"name": "x"}, "")
	expectStatus(t, a, 401)
	if a.obj(t)["message"] != "Requires authentication" {
		t.Errorf("401 body %s", a.Raw)
	}
	expectStatus(t, sendAuth(t, f, "POST", repoPath+"/labels", map[string]any{"name": "x"}, "token abc"), 201)
	expectStatus(t, sendAuth(t, f, "GET", repoPath+"/labels", nil, "Basic abc"), 401)
	if len(r.Labels()) != 1 {
		t.Errorf("labels %v", r.Labels())
	}
}

func TestLabelsIgnoreCase(t *testing.T) {
	f, r := newFake(t)
	r.AddLabel(githubfake.Label{Name: "Bug", Color: "d73a4a"})
	r.AddLabel(githubfake.Label{Name: "enhancement"})

	a := send(t, f, "GET", repoPath+"/labels/bUG", nil)
	expectStatus(t, a, 200)
	if m := a.obj(t); m["name"] != "Bug" || m["color"] != "d73a4a" || m["description"] != nil || m["default"] != false {
		t.Errorf("label %v", m)
	}
	if l, _ := r.Label("enhancement"); l.Color != "ededed" {
		t.Errorf("default color %q", l.Color)
	}
	expect422(t, send(t, f, "POST", repoPath+"/labels", map[string]any{"name": "BUG", "color": "000000"}), "Label", "already_exists", "name")
	// A case-only rename is allowed; a rename onto another label is not.
	a = send(t, f, "PATCH", repoPath+"/labels/bug", map[string]any{"new_name": "bug"})
	expectStatus(t, a, 200)
	if a.obj(t)["name"] != "bug" {
		t.Errorf("renamed %s", a.Raw)
	}
	expect422(t, send(t, f, "PATCH", repoPath+"/labels/bug", map[string]any{"new_name": "Enhancement"}), "Label", "already_exists", "name")
	expectStatus(t, send(t, f, "GET", repoPath+"/labels/nope", nil), 404)
	expectStatus(t, send(t, f, "PATCH", repoPath+"/labels/nope", map[string]any{"color": "000000"}), 404)
}

func TestLabelValidation(t *testing.T) {
	f, r := newFake(t)
	for _, color := range []string{"#ff0000", "ff00", "ggg000", ""} {
		expect422(t, send(t, f, "POST", repoPath+"/labels", map[string]any{"name": "x", "color": color}), "Label", "invalid", "color")
	}
	expect422(t, send(t, f, "POST", repoPath+"/labels", map[string]any{"color": "000000"}), "Label", "missing_field", "name")
	a := send(t, f, "POST", repoPath+"/labels", map[string]any{"name": strings.Repeat("n", 51)})
	expectStatus(t, a, 422)
	a = send(t, f, "POST", repoPath+"/labels", map[string]any{"name": "x", "description": strings.Repeat("d", 101)})
	expectStatus(t, a, 422)
	// Upper-case hex is kept as sent (as recorded).
	a = send(t, f, "POST", repoPath+"/labels", map[string]any{"name": "x", "color": "BADA55", "description": "d"})
	expectStatus(t, a, 201)
	if a.obj(t)["color"] != "BADA55" || a.Header.Get("Location") == "" {
		t.Errorf("created %s, Location %q", a.Raw, a.Header.Get("Location"))
	}
	a = send(t, f, "PATCH", repoPath+"/labels/x", map[string]any{"description": nil})
	expectStatus(t, a, 200)
	if a.obj(t)["description"] != nil {
		t.Errorf("description %v", a.obj(t)["description"])
	}
	if len(r.Labels()) != 1 {
		t.Errorf("labels %v", r.Labels())
	}
}

// A "name" in a PATCH body does not rename: GitHub documents new_name.
func TestLabelPatchNameIsNotRename(t *testing.T) {
	f, r := newFake(t)
	r.AddLabel(githubfake.Label{Name: "old"})
	expectStatus(t, send(t, f, "PATCH", repoPath+"/labels/old", map[string]any{"name": "new", "color": "000000"}), 200)
	if l, ok := r.Label("old"); !ok || l.Color != "000000" {
		t.Errorf("labels %v", r.Labels())
	}
}

func TestLabelPathEscaping(t *testing.T) {
	f, r := newFake(t)
	names := []string{"area/collab", "good first issue", "50%", "priority: P0", "a+b", "ünï"}
	for _, n := range names {
		expectStatus(t, send(t, f, "POST", repoPath+"/labels", map[string]any{"name": n, "color": "112233"}), 201)
	}
	num := r.AddIssue(githubfake.Issue{Title: "t", Labels: names})
	for _, n := range names {
		esc := url.PathEscape(n)
		a := send(t, f, "GET", repoPath+"/labels/"+esc, nil)
		expectStatus(t, a, 200)
		m := a.obj(t)
		if m["name"] != n {
			t.Errorf("GET %s: name %v", esc, m["name"])
		}
		if want := strings.TrimSuffix(f.URL, "/") + repoPath + "/labels/" + esc; m["url"] != want {
			t.Errorf("url %v, want %s", m["url"], want)
		}
		a = send(t, f, "PATCH", repoPath+"/labels/"+esc, map[string]any{"description": "about " + n})
		expectStatus(t, a, 200)
	}
	if l, _ := r.Label("area/collab"); l.Description != "about area/collab" {
		t.Errorf("label %+v", l)
	}
	if want := []string{"area%2Fcollab", "good%20first%20issue", "50%25"}; url.PathEscape(names[0]) != want[0] ||
		url.PathEscape(names[1]) != want[1] || url.PathEscape(names[2]) != want[2] {
		t.Fatalf("escaping differs from what the test assumes")
	}
	a := send(t, f, "DELETE", fmt.Sprintf("%s/issues/%d/labels/%s", repoPath, num, "area%2Fcollab"), nil)
	expectStatus(t, a, 200)
	if got := namesOf(a.list(t)); !reflect.DeepEqual(got, names[1:]) {
		t.Errorf("left %v", got)
	}
	// Also under /repositories/{id}.
	expectStatus(t, send(t, f, "GET", "/repositories/1001/labels/good%20first%20issue", nil), 200)
}

func TestIssueLabelsAutoCreate(t *testing.T) {
	f, r := newFake(t)
	r.AddLabel(githubfake.Label{Name: "bug", Color: "d73a4a"})
	a := send(t, f, "POST", repoPath+"/issues", map[string]any{"title": "t", "labels": []string{"BUG", "New one"}})
	expectStatus(t, a, 201)
	if got := namesOf(a.obj(t)["labels"].([]any)); !reflect.DeepEqual(got, []string{"bug", "New one"}) {
		t.Errorf("labels %v", got)
	}
	n := int(a.obj(t)["number"].(float64))
	// go-github sends a bare array; octokit sends {"labels": [...]}; both add.
	expectStatus(t, send(t, f, "POST", fmt.Sprintf("%s/issues/%d/labels", repoPath, n), []string{"foo", "FOO"}), 200)
	a = send(t, f, "POST", fmt.Sprintf("%s/issues/%d/labels", repoPath, n), map[string]any{"labels": []string{"Bar"}})
	expectStatus(t, a, 200)
	if got := namesOf(a.list(t)); !reflect.DeepEqual(got, []string{"bug", "New one", "foo", "Bar"}) {
		t.Errorf("issue labels %v", got)
	}
	l, ok := r.Label("new ONE")
	if !ok || l.Color != "ededed" || l.Description != "" {
		t.Errorf("auto-created %+v", l)
	}
	if got := len(r.Labels()); got != 4 {
		t.Errorf("%d labels: %v", got, r.Labels())
	}
	// PATCH labels replaces, creating unknown ones too.
	a = send(t, f, "PATCH", fmt.Sprintf("%s/issues/%d", repoPath, n), map[string]any{"labels": []string{"Bug", "brand-new"}})
	expectStatus(t, a, 200)
	if got := r.Issue(n).Labels; !reflect.DeepEqual(got, []string{"bug", "brand-new"}) {
		t.Errorf("replaced %v", got)
	}
	// PUT sets.
	expectStatus(t, send(t, f, "PUT", fmt.Sprintf("%s/issues/%d/labels", repoPath, n), []string{"foo"}), 200)
	if got := r.Issue(n).Labels; !reflect.DeepEqual(got, []string{"foo"}) {
		t.Errorf("set %v", got)
	}
	a = send(t, f, "DELETE", fmt.Sprintf("%s/issues/%d/labels/bug", repoPath, n), nil)
	expectStatus(t, a, 404)
}

func TestBodyNull(t *testing.T) {
	f, r := newFake(t)
	for _, body := range []map[string]any{{"title": "no body"}, {"title": "empty", "body": ""}, {"title": "null", "body": nil}} {
		a := send(t, f, "POST", repoPath+"/issues", body)
		expectStatus(t, a, 201)
		if v, ok := a.obj(t)["body"]; !ok || v != nil {
			t.Errorf("%v: body %#v (present %v)", body, v, ok)
		}
	}
	a := send(t, f, "POST", repoPath+"/issues", map[string]any{"title": "with", "body": "text"})
	n := int(a.obj(t)["number"].(float64))
	if b := r.Issue(n).Body; b == nil || *b != "text" {
		t.Errorf("body %v", b)
	}
	a = send(t, f, "PATCH", fmt.Sprintf("%s/issues/%d", repoPath, n), map[string]any{"body": ""})
	if a.obj(t)["body"] != nil || r.Issue(n).Body != nil {
		t.Errorf("body after clearing %s", a.Raw)
	}
	empty := ""
	m := r.AddIssue(githubfake.Issue{Title: "seeded", Body: &empty})
	if a := send(t, f, "GET", fmt.Sprintf("%s/issues/%d", repoPath, m), nil); a.obj(t)["body"] != nil {
		t.Errorf("seeded body %s", a.Raw)
	}
}

func TestStateOpenByDefault(t *testing.T) {
	f, r := newFake(t)
	open := r.AddIssue(githubfake.Issue{Title: "open"})
	closed := r.AddIssue(githubfake.Issue{Title: "closed", State: "closed"})
	notPlanned := r.AddIssue(githubfake.Issue{Title: "not planned", State: "closed", StateReason: "not_planned"})
	for q, want := range map[string][]int{
		"":              {open},
		"?state=open":   {open},
		"?state=closed": {notPlanned, closed},
		"?state=all":    {notPlanned, closed, open},
	} {
		if got := numbersOf(t, send(t, f, "GET", repoPath+"/issues"+q, nil).list(t)); !reflect.DeepEqual(got, want) {
			t.Errorf("issues%s: %v, want %v", q, got, want)
		}
	}
	a := send(t, f, "GET", fmt.Sprintf("%s/issues/%d", repoPath, closed), nil)
	if m := a.obj(t); m["state_reason"] != "completed" || m["closed_at"] == nil {
		t.Errorf("closed issue %v %v", m["state_reason"], m["closed_at"])
	}
	if r.Issue(notPlanned).StateReason != "not_planned" {
		t.Error("state reason")
	}

	m1 := r.AddMilestone(githubfake.Milestone{Title: "M1"})
	m2 := r.AddMilestone(githubfake.Milestone{Title: "M2", State: "closed"})
	for q, want := range map[string][]string{
		"":              {"M1"},
		"?state=closed": {"M2"},
		"?state=all":    {"M1", "M2"},
	} {
		var got []string
		for _, it := range send(t, f, "GET", repoPath+"/milestones"+q, nil).list(t) {
			got = append(got, it.(map[string]any)["title"].(string))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("milestones%s: %v, want %v", q, got, want)
		}
	}
	_ = m1
	expectStatus(t, send(t, f, "GET", fmt.Sprintf("%s/milestones/%d", repoPath, m2), nil), 200)
}

func TestIssueSortAndFilters(t *testing.T) {
	f, r := newFake(t)
	clock := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	f.Now = func() time.Time { return clock }
	ms := r.AddMilestone(githubfake.Milestone{Title: "M"})
	a := r.AddIssue(githubfake.Issue{Title: "a", Labels: []string{"roadmap", "bug"}, Milestone: ms, Assignees: []string{"alice"}})
	clock = clock.Add(time.Minute)
	b := r.AddIssue(githubfake.Issue{Title: "b", Labels: []string{"Roadmap"}})
	clock = clock.Add(time.Minute)
	c := r.AddIssue(githubfake.Issue{Title: "c"})
	for q, want := range map[string][]int{
		"":                                   {c, b, a},
		"?sort=created&direction=asc":        {a, b, c},
		"?labels=roadmap":                    {b, a},
		"?labels=ROADMAP,bug":                {a},
		"?labels=roadmap,nope":               {},
		"?milestone=" + strconv.Itoa(ms):     {a},
		"?milestone=none":                    {c, b},
		"?milestone=*":                       {a},
		"?assignee=alice":                    {a},
		"?assignee=none&direction=asc":       {b, c},
		"?labels=roadmap&state=all&per_page": {b, a},
	} {
		if got := numbersOf(t, send(t, f, "GET", repoPath+"/issues"+q, nil).list(t)); !reflect.DeepEqual(got, want) {
			t.Errorf("issues%s: %v, want %v", q, got, want)
		}
	}
}

func TestPullRequestsInIssues(t *testing.T) {
	f, r := newFake(t)
	i := r.AddIssue(githubfake.Issue{Title: "issue"})
	p := r.AddPullRequest("pr")
	if p != i+1 {
		t.Fatalf("pull request number %d", p)
	}
	items := send(t, f, "GET", repoPath+"/issues", nil).list(t)
	if got := numbersOf(t, items); !reflect.DeepEqual(got, []int{p, i}) {
		t.Fatalf("issues %v", got)
	}
	pr, ok := items[0].(map[string]any)["pull_request"].(map[string]any)
	if !ok || pr["url"] == nil {
		t.Errorf("pull request has no pull_request key: %v", items[0])
	}
	if _, ok := items[1].(map[string]any)["pull_request"]; ok {
		t.Error("issue has a pull_request key")
	}
	if !r.Issue(p).PullRequest || r.Issue(i).PullRequest {
		t.Error("inspection PullRequest flag")
	}
}

func TestIssueIDsAreNotNumbers(t *testing.T) {
	f, r := newFake(t)
	r2 := f.AddRepo("octo-org", "other")
	n1 := r.AddIssue(githubfake.Issue{Title: "a"})
	n2 := r2.AddIssue(githubfake.Issue{Title: "b"})
	i1, i2 := r.Issue(n1), r2.Issue(n2)
	if i1.ID == int64(i1.Number) || i1.ID == i2.ID || n1 != n2 {
		t.Errorf("ids %d %d numbers %d %d", i1.ID, i2.ID, n1, n2)
	}
}

func TestDueOnPacific(t *testing.T) {
	f, r := newFake(t)
	for _, tc := range []struct{ sent, answered, date string }{
		{"2026-01-16T00:00:00Z", "2026-01-15T08:00:00Z", "2026-01-15"}, // winter (PST): a day early
		{"2026-01-16T12:00:00Z", "2026-01-16T08:00:00Z", "2026-01-16"},
		{"2026-07-16T00:00:00Z", "2026-07-15T07:00:00Z", "2026-07-15"}, // summer (PDT): a day early
		{"2026-07-16T12:00:00Z", "2026-07-16T07:00:00Z", "2026-07-16"},
		{"2026-07-16T07:00:00Z", "2026-07-16T07:00:00Z", "2026-07-16"}, // what GitHub answered, sent back
		{"2026-01-16T08:00:00Z", "2026-01-16T08:00:00Z", "2026-01-16"},
		{"2026-01-16T00:00:00-08:00", "2026-01-16T08:00:00Z", "2026-01-16"},
	} {
		a := send(t, f, "POST", repoPath+"/milestones", map[string]any{"title": "M " + tc.sent, "due_on": tc.sent})
		expectStatus(t, a, 201)
		m := a.obj(t)
		if m["due_on"] != tc.answered {
			t.Errorf("POST due_on %s: answered %v, want %s", tc.sent, m["due_on"], tc.answered)
		}
		n := int(m["number"].(float64))
		if got, _ := r.Milestone(n); got.DueOn != tc.date {
			t.Errorf("stored date %q, want %s", got.DueOn, tc.date)
		}
		// PATCH behaves the same.
		a = send(t, f, "PATCH", fmt.Sprintf("%s/milestones/%d", repoPath, n), map[string]any{"due_on": tc.sent})
		if a.obj(t)["due_on"] != tc.answered {
			t.Errorf("PATCH due_on %s: answered %v", tc.sent, a.obj(t)["due_on"])
		}
		a = send(t, f, "PATCH", fmt.Sprintf("%s/milestones/%d", repoPath, n), map[string]any{"due_on": nil})
		if v, ok := a.obj(t)["due_on"]; !ok || v != nil {
			t.Errorf("due_on after null: %v", v)
		}
	}
	// A create refuses null; only an update clears with it.
	expect422(t, send(t, f, "POST", repoPath+"/milestones", map[string]any{"title": "null due", "due_on": nil}), "Milestone", "invalid", "due_on")
	n := r.AddMilestone(githubfake.Milestone{Title: "seeded", DueOn: "2026-01-16"})
	if a := send(t, f, "GET", fmt.Sprintf("%s/milestones/%d", repoPath, n), nil); a.obj(t)["due_on"] != "2026-01-16T08:00:00Z" {
		t.Errorf("seeded due_on %v", a.obj(t)["due_on"])
	}
	expect422(t, send(t, f, "POST", repoPath+"/milestones", map[string]any{"title": "bad", "due_on": "soon"}), "Milestone", "invalid", "due_on")
}

func TestMilestones(t *testing.T) {
	f, r := newFake(t)
	expect422(t, send(t, f, "POST", repoPath+"/milestones", map[string]any{"description": "d"}), "Milestone", "missing_field", "title")
	a := send(t, f, "POST", repoPath+"/milestones", map[string]any{"title": "M1", "description": "d"})
	expectStatus(t, a, 201)
	m := a.obj(t)
	if m["state"] != "open" || m["description"] != "d" || m["open_issues"] != 0.0 || m["closed_issues"] != 0.0 || m["due_on"] != nil {
		t.Errorf("milestone %v", m)
	}
	n := int(m["number"].(float64))
	expect422(t, send(t, f, "POST", repoPath+"/milestones", map[string]any{"title": "M1"}), "Milestone", "already_exists", "title")
	r.AddIssue(githubfake.Issue{Title: "a", Milestone: n})
	r.AddIssue(githubfake.Issue{Title: "b", Milestone: n, State: "closed"})
	a = send(t, f, "PATCH", fmt.Sprintf("%s/milestones/%d", repoPath, n), map[string]any{"state": "closed", "title": "M1 renamed"})
	m = a.obj(t)
	if m["state"] != "closed" || m["closed_at"] == nil || m["title"] != "M1 renamed" || m["open_issues"] != 1.0 || m["closed_issues"] != 1.0 {
		t.Errorf("patched %v", m)
	}
	expectStatus(t, send(t, f, "GET", repoPath+"/milestones/99", nil), 404)
	// Sorted by due_on, ascending, by default; without a due date last.
	r.AddMilestone(githubfake.Milestone{Title: "late", DueOn: "2026-09-01"})
	r.AddMilestone(githubfake.Milestone{Title: "none"})
	r.AddMilestone(githubfake.Milestone{Title: "early", DueOn: "2026-02-01"})
	var got []string
	for _, it := range send(t, f, "GET", repoPath+"/milestones", nil).list(t) {
		got = append(got, it.(map[string]any)["title"].(string))
	}
	if want := []string{"early", "late", "none"}; !reflect.DeepEqual(got, want) {
		t.Errorf("milestones %v, want %v", got, want)
	}
	got = nil
	for _, it := range send(t, f, "GET", repoPath+"/milestones?direction=desc", nil).list(t) {
		got = append(got, it.(map[string]any)["title"].(string))
	}
	if want := []string{"none", "late", "early"}; !reflect.DeepEqual(got, want) {
		t.Errorf("milestones desc %v, want %v", got, want)
	}
}

func TestIssueCreateAndUpdate(t *testing.T) {
	f, r := newFake(t)
	r.AddIssueTypes("Bug", "Feature", "Task")
	ms := r.AddMilestone(githubfake.Milestone{Title: "M1"})
	expect422(t, send(t, f, "POST", repoPath+"/issues", map[string]any{"body": "b"}), "Issue", "missing_field", "title")
	expect422(t, send(t, f, "POST", repoPath+"/issues", map[string]any{"title": "t", "milestone": 42}), "Issue", "invalid", "milestone")
	expect422(t, send(t, f, "POST", repoPath+"/issues", map[string]any{"title": "t", "type": "Epic"}), "Issue", "invalid", "type")
	// A login that can't be assigned refuses the whole write, naming it.
	a := send(t, f, "POST", repoPath+"/issues", map[string]any{"title": "t", "assignees": []string{"nobody-here"}})
	expect422(t, a, "Issue", "invalid", "assignees")
	if v := a.obj(t)["errors"].([]any)[0].(map[string]any)["value"]; v != "nobody-here" {
		t.Errorf("the 422 names %v, want the login", v)
	}
	r.SetAssociation("alice", "COLLABORATOR")
	expectStatus(t, send(t, f, "POST", repoPath+"/issues", map[string]any{"title": strings.Repeat("t", 257)}), 422)
	expectStatus(t, send(t, f, "POST", repoPath+"/issues", map[string]any{"title": "t", "body": strings.Repeat("b", 65537)}), 422)
	expectStatus(t, send(t, f, "POST", repoPath+"/issues", "{not json"), 400)
	if len(r.Issues()) != 0 {
		t.Fatalf("failed creates made issues: %v", r.Issues())
	}

	a = send(t, f, "POST", repoPath+"/issues", map[string]any{
		"title": "Engine", "body": "text", "milestone": ms, "assignees": []string{"alice"}, "type": "feature",
	})
	expectStatus(t, a, 201)
	m := a.obj(t)
	n := int(m["number"].(float64))
	if a.Header.Get("Location") != m["url"] {
		t.Errorf("Location %q, url %v", a.Header.Get("Location"), m["url"])
	}
	if m["user"].(map[string]any)["login"] != "github-actions[bot]" || m["user"].(map[string]any)["type"] != "Bot" {
		t.Errorf("author %v", m["user"])
	}
	if m["type"].(map[string]any)["name"] != "Feature" || m["milestone"].(map[string]any)["number"] != float64(ms) ||
		m["assignee"].(map[string]any)["login"] != "alice" || m["state_reason"] != nil || m["closed_at"] != nil {
		t.Errorf("issue %v", m)
	}
	// Close as duplicate, then reopen.
	a = send(t, f, "PATCH", fmt.Sprintf("%s/issues/%d", repoPath, n), map[string]any{"state": "closed", "state_reason": "duplicate"})
	if m := a.obj(t); m["state"] != "closed" || m["state_reason"] != "duplicate" || m["closed_at"] == nil || m["closed_by"] == nil {
		t.Errorf("closed %v", m)
	}
	a = send(t, f, "PATCH", fmt.Sprintf("%s/issues/%d", repoPath, n), map[string]any{"state": "open"})
	if m := a.obj(t); m["state"] != "open" || m["state_reason"] != "reopened" || m["closed_at"] != nil {
		t.Errorf("reopened %v", m)
	}
	a = send(t, f, "PATCH", fmt.Sprintf("%s/issues/%d", repoPath, n), map[string]any{"state": "closed"})
	if m := a.obj(t); m["state_reason"] != "completed" {
		t.Errorf("closed without reason: %v", m["state_reason"])
	}
	expect422(t, send(t, f, "PATCH", fmt.Sprintf("%s/issues/%d", repoPath, n), map[string]any{"state_reason": "bored"}), "Issue", "invalid", "state_reason")
	expect422(t, send(t, f, "PATCH", fmt.Sprintf("%s/issues/%d", repoPath, n), map[string]any{"type": "Epic"}), "Issue", "invalid", "type")
	// Clear milestone, type and assignees.
	a = send(t, f, "PATCH", fmt.Sprintf("%s/issues/%d", repoPath, n), map[string]any{"milestone": nil, "type": nil, "assignees": []string{}, "title": "Engine 2"})
	expectStatus(t, a, 200)
	got := r.Issue(n)
	if got.Milestone != 0 || got.Type != "" || len(got.Assignees) != 0 || got.Title != "Engine 2" || got.State != "closed" {
		t.Errorf("after clearing %+v", got)
	}
	if m := a.obj(t); m["milestone"] != nil || m["type"] != nil || m["assignee"] != nil {
		t.Errorf("after clearing %v", m)
	}
	expectStatus(t, send(t, f, "PATCH", repoPath+"/issues/99", map[string]any{"title": "x"}), 404)
	expectStatus(t, send(t, f, "GET", repoPath+"/issues/99", nil), 404)
	expectStatus(t, send(t, f, "GET", repoPath+"/issues/abc", nil), 404)
}

func TestIssueTypes(t *testing.T) {
	f, r := newFake(t)
	a := send(t, f, "GET", "/orgs/octo-org/issue-types", nil)
	expectStatus(t, a, 200)
	if len(a.list(t)) != 0 {
		t.Errorf("types %s", a.Raw)
	}
	r.AddIssueTypes("Bug", "Feature", "Task")
	a = send(t, f, "GET", "/orgs/octo-org/issue-types", nil)
	if got := namesOf(a.list(t)); !reflect.DeepEqual(got, []string{"Bug", "Feature", "Task"}) {
		t.Errorf("types %v", got)
	}
	expectStatus(t, send(t, f, "GET", "/orgs/nobody/issue-types", nil), 404)
	n := r.AddIssue(githubfake.Issue{Title: "t", Type: "Bug"})
	if r.Issue(n).Type != "Bug" {
		t.Errorf("type %q", r.Issue(n).Type)
	}
}

func TestComments(t *testing.T) {
	f, r := newFake(t)
	n := r.AddIssue(githubfake.Issue{Title: "pr-ish"})
	human := r.AddComment(n, "alice", "hello")
	a := send(t, f, "POST", fmt.Sprintf("%s/issues/%d/comments", repoPath, n), map[string]any{"body": "plan"})
	expectStatus(t, a, 201)
	m := a.obj(t)
	u := m["user"].(map[string]any)
	if u["login"] != "github-actions[bot]" || u["type"] != "Bot" || m["body"] != "plan" {
		t.Errorf("comment %v", m)
	}
	id := int64(m["id"].(float64))
	a = send(t, f, "PATCH", fmt.Sprintf("%s/issues/comments/%d", repoPath, id), map[string]any{"body": "plan v2"})
	expectStatus(t, a, 200)
	cs := r.Comments(n)
	if len(cs) != 2 || cs[0].ID != human || cs[0].Author != "alice" || cs[1].Body != "plan v2" || cs[1].Author != "github-actions[bot]" {
		t.Errorf("comments %+v", cs)
	}
	expect422(t, send(t, f, "POST", fmt.Sprintf("%s/issues/%d/comments", repoPath, n), map[string]any{}), "IssueComment", "missing_field", "body")
	expectStatus(t, send(t, f, "PATCH", repoPath+"/issues/comments/12345", map[string]any{"body": "x"}), 404)
	for i := 0; i < 5; i++ {
		r.AddComment(n, "", fmt.Sprintf("c%d", i))
	}
	a = send(t, f, "GET", fmt.Sprintf("%s/issues/%d/comments?per_page=3", repoPath, n), nil)
	if len(a.list(t)) != 3 || !strings.Contains(a.Header.Get("Link"), `rel="next"`) {
		t.Errorf("page 1: %d items, Link %q", len(a.list(t)), a.Header.Get("Link"))
	}
	if r.Issue(n).Comments != 7 {
		t.Errorf("comment count %d", r.Issue(n).Comments)
	}
}

func TestCommitPulls(t *testing.T) {
	f, r := newFake(t)
	r.AddPullRequest("open one")
	p := r.AddMergedPullRequest("Add roadmap", "0123456789abcdef0123456789abcdef01234567")
	a := send(t, f, "GET", repoPath+"/commits/0123456789abcdef0123456789abcdef01234567/pulls", nil)
	expectStatus(t, a, 200)
	items := a.list(t)
	if got := numbersOf(t, items); !reflect.DeepEqual(got, []int{p}) {
		t.Fatalf("pulls %v", got)
	}
	if m := items[0].(map[string]any); m["merged_at"] == nil || m["merge_commit_sha"] != "0123456789abcdef0123456789abcdef01234567" {
		t.Errorf("pull %v", m)
	}
	if got := send(t, f, "GET", repoPath+"/commits/ffff/pulls", nil).list(t); len(got) != 0 {
		t.Errorf("unknown sha: %v", got)
	}
	if iss := r.Issue(p); !iss.PullRequest || iss.State != "closed" {
		t.Errorf("merged pr %+v", iss)
	}
}

func TestSubIssues(t *testing.T) {
	f, r := newFake(t)
	other := f.AddRepo("someone-else", "repo")
	parent := r.AddIssue(githubfake.Issue{Title: "parent"})
	child := r.AddIssue(githubfake.Issue{Title: "child"})
	second := r.AddIssue(githubfake.Issue{Title: "second parent"})
	foreign := other.AddIssue(githubfake.Issue{Title: "foreign"})
	childID := r.Issue(child).ID
	path := fmt.Sprintf("%s/issues/%d/sub_issues", repoPath, parent)

	expectStatus(t, send(t, f, "GET", fmt.Sprintf("%s/issues/%d/parent", repoPath, child), nil), 404)
	// The number is not the id.
	expect422(t, send(t, f, "POST", path, map[string]any{"sub_issue_id": child}), "Issue", "invalid", "sub_issue_id")
	expect422(t, send(t, f, "POST", path, map[string]any{"sub_issue_id": strconv.FormatInt(childID, 10)}), "Issue", "invalid", "sub_issue_id")
	expectStatus(t, send(t, f, "POST", path, map[string]any{"sub_issue_id": r.Issue(parent).ID}), 422)
	expectStatus(t, send(t, f, "POST", path, map[string]any{"sub_issue_id": other.Issue(foreign).ID}), 422)

	a := send(t, f, "POST", path, map[string]any{"sub_issue_id": childID})
	expectStatus(t, a, 201)
	if m := a.obj(t); m["number"] != float64(parent) || m["sub_issues_summary"].(map[string]any)["total"] != 1.0 {
		t.Errorf("add sub-issue answered %v", m)
	}
	expectStatus(t, send(t, f, "POST", path, map[string]any{"sub_issue_id": childID}), 422) // already its sub-issue
	path2 := fmt.Sprintf("%s/issues/%d/sub_issues", repoPath, second)
	expectStatus(t, send(t, f, "POST", path2, map[string]any{"sub_issue_id": childID}), 422) // one parent only
	// A parent cannot become its own child's sub-issue.
	expectStatus(t, send(t, f, "POST", fmt.Sprintf("%s/issues/%d/sub_issues", repoPath, child), map[string]any{"sub_issue_id": r.Issue(parent).ID}), 422)

	if got := numbersOf(t, send(t, f, "GET", path, nil).list(t)); !reflect.DeepEqual(got, []int{child}) {
		t.Errorf("sub-issues %v", got)
	}
	a = send(t, f, "GET", fmt.Sprintf("%s/issues/%d/parent", repoPath, child), nil)
	if a.obj(t)["number"] != float64(parent) {
		t.Errorf("parent %s", a.Raw)
	}
	if got := send(t, f, "GET", fmt.Sprintf("%s/issues/%d", repoPath, child), nil).obj(t)["parent_issue_url"]; got == nil {
		t.Error("no parent_issue_url")
	}
	expectStatus(t, send(t, f, "POST", path2, map[string]any{"sub_issue_id": childID, "replace_parent": true}), 201)
	if r.Issue(child).Parent != second || len(r.SubIssues(parent)) != 0 || !reflect.DeepEqual(r.SubIssues(second), []int{child}) {
		t.Errorf("after replace: parent %d, subs %v %v", r.Issue(child).Parent, r.SubIssues(parent), r.SubIssues(second))
	}
	expectStatus(t, send(t, f, "DELETE", fmt.Sprintf("%s/issues/%d/sub_issue", repoPath, second), map[string]any{"sub_issue_id": childID}), 200)
	if r.Issue(child).Parent != 0 {
		t.Error("not removed")
	}
}

func TestBlockedBy(t *testing.T) {
	f, r := newFake(t)
	a := r.AddIssue(githubfake.Issue{Title: "a"})
	b := r.AddIssue(githubfake.Issue{Title: "b"})
	c := r.AddIssue(githubfake.Issue{Title: "c", State: "closed"})
	path := fmt.Sprintf("%s/issues/%d/dependencies/blocked_by", repoPath, a)
	expect422(t, send(t, f, "POST", path, map[string]any{"issue_id": b}), "Issue", "invalid", "issue_id") // a number, not an id
	expect422(t, send(t, f, "POST", path, map[string]any{"issue_id": strconv.FormatInt(r.Issue(b).ID, 10)}), "Issue", "invalid", "issue_id")
	expectStatus(t, send(t, f, "POST", path, map[string]any{"issue_id": r.Issue(a).ID}), 422)
	expectStatus(t, send(t, f, "POST", path, map[string]any{"issue_id": r.Issue(b).ID}), 201)
	expectStatus(t, send(t, f, "POST", path, map[string]any{"issue_id": r.Issue(b).ID}), 422) // again
	expectStatus(t, send(t, f, "POST", path, map[string]any{"issue_id": r.Issue(c).ID}), 201)
	if got := numbersOf(t, send(t, f, "GET", path, nil).list(t)); !reflect.DeepEqual(got, []int{b, c}) {
		t.Errorf("blocked by %v", got)
	}
	if got := r.BlockedBy(a); !reflect.DeepEqual(got, []int{b, c}) {
		t.Errorf("BlockedBy %v", got)
	}
	sum := send(t, f, "GET", fmt.Sprintf("%s/issues/%d", repoPath, a), nil).obj(t)["issue_dependencies_summary"].(map[string]any)
	if sum["blocked_by"] != 1.0 || sum["total_blocked_by"] != 2.0 {
		t.Errorf("summary %v (blocked_by counts open blockers only)", sum)
	}
	if got := numbersOf(t, send(t, f, "GET", fmt.Sprintf("%s/issues/%d/dependencies/blocking", repoPath, b), nil).list(t)); !reflect.DeepEqual(got, []int{a}) {
		t.Errorf("blocking %v", got)
	}
	expectStatus(t, send(t, f, "DELETE", fmt.Sprintf("%s/%d", path, r.Issue(b).ID), nil), 200)
	if got := r.BlockedBy(a); !reflect.DeepEqual(got, []int{c}) {
		t.Errorf("after delete %v", got)
	}
}

var linkRe = regexp.MustCompile(`<([^>]+)>; rel="([a-z]+)"`)

func parseLink(h string) map[string]string {
	out := map[string]string{}
	for _, m := range linkRe.FindAllStringSubmatch(h, -1) {
		out[m[2]] = m[1]
	}
	return out
}

func TestPaginationLinks(t *testing.T) {
	f, r := newFake(t)
	for i := 1; i <= 250; i++ {
		labels := []string{"roadmap"}
		if i%50 == 0 {
			labels = nil // 5 unmanaged issues
		}
		r.AddIssue(githubfake.Issue{Title: fmt.Sprintf("issue %d", i), Labels: labels})
	}
	next := repoPath + "/issues?labels=roadmap&per_page=100&state=all"
	var sizes []int
	seen := map[int]bool{}
	var lastRels []string
	for next != "" {
		a := send(t, f, "GET", next, nil)
		expectStatus(t, a, 200)
		items := a.list(t)
		sizes = append(sizes, len(items))
		for _, n := range numbersOf(t, items) {
			if seen[n] {
				t.Fatalf("issue %d twice", n)
			}
			seen[n] = true
		}
		links := parseLink(a.Header.Get("Link"))
		lastRels = lastRels[:0]
		for rel, u := range links {
			lastRels = append(lastRels, rel)
			pu, err := url.Parse(u)
			if err != nil || !strings.HasPrefix(u, strings.TrimSuffix(f.URL, "/")) || pu.Path != "/repositories/1001/issues" {
				t.Errorf("%s link %q does not point at /repositories/1001/issues", rel, u)
			}
			if q := pu.Query(); q.Get("labels") != "roadmap" || q.Get("state") != "all" || q.Get("per_page") != "100" {
				t.Errorf("%s link %q lost the query", rel, u)
			}
		}
		if len(sizes) == 1 {
			if links["prev"] != "" || links["first"] != "" || !strings.HasSuffix(links["last"], "page=3") {
				t.Errorf("first page links %v", links)
			}
		}
		next = links["next"]
	}
	if !reflect.DeepEqual(sizes, []int{100, 100, 45}) || len(seen) != 245 {
		t.Errorf("page sizes %v, %d issues", sizes, len(seen))
	}
	if len(lastRels) != 2 {
		t.Errorf("last page rels %v, want prev and first", lastRels)
	}
	// Defaults and limits: per_page defaults to 30 and is at most 100.
	if n := len(send(t, f, "GET", repoPath+"/issues", nil).list(t)); n != 30 {
		t.Errorf("default page %d", n)
	}
	if n := len(send(t, f, "GET", repoPath+"/issues?per_page=500", nil).list(t)); n != 100 {
		t.Errorf("per_page=500 gives %d", n)
	}
	a := send(t, f, "GET", repoPath+"/issues?per_page=100&page=9", nil)
	if len(a.list(t)) != 0 {
		t.Errorf("past the end: %d", len(a.list(t)))
	}
	// One page: no Link.
	if h := send(t, f, "GET", repoPath+"/labels", nil).Header.Get("Link"); h != "" {
		t.Errorf("Link on a single page: %q", h)
	}
}

func TestGoGitHubInterop(t *testing.T) {
	f, r := newFake(t)
	ctx := context.Background()
	c := newClient(t, f)
	r.AddLabel(githubfake.Label{Name: "roadmap"})
	for i := 1; i <= 205; i++ {
		r.AddIssue(githubfake.Issue{Title: fmt.Sprintf("issue %d", i), Labels: []string{"roadmap"}})
	}
	r.AddPullRequest("a pull request")

	// Paginate until NextPage == 0.
	opts := &github.IssueListByRepoOptions{State: "all", Labels: []string{"roadmap"}, ListOptions: github.ListOptions{PerPage: 100}}
	var all []*github.Issue
	pages := 0
	for {
		items, resp, err := c.Issues.ListByRepo(ctx, "octo-org", "octo-repo", opts)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		all = append(all, items...)
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	if len(all) != 205 || pages != 3 {
		t.Errorf("%d issues in %d pages", len(all), pages)
	}
	if all[0].Body != nil || all[0].GetID() == int64(all[0].GetNumber()) {
		t.Errorf("first issue %v", all[0])
	}
	// Pull requests are in the unfiltered list, marked.
	items, _, err := c.Issues.ListByRepo(ctx, "octo-org", "octo-repo", &github.IssueListByRepoOptions{ListOptions: github.ListOptions{PerPage: 1}})
	if err != nil || len(items) != 1 || !items[0].IsPullRequest() {
		t.Errorf("newest item %v, %v", items, err)
	}

	// Labels with names that need escaping: go-github v62 does not escape them itself.
	for _, name := range []string{"area/collab", "good first issue", "50%"} {
		if _, _, err := c.Issues.CreateLabel(ctx, "octo-org", "octo-repo", &github.Label{Name: github.String(name), Color: github.String("00ff00")}); err != nil {
			t.Fatal(err)
		}
		l, _, err := c.Issues.GetLabel(ctx, "octo-org", "octo-repo", url.PathEscape(name))
		if err != nil || l.GetName() != name {
			t.Errorf("GetLabel %q: %v, %v", name, l, err)
		}
	}
	_, _, err = c.Issues.CreateLabel(ctx, "octo-org", "octo-repo", &github.Label{Name: github.String("AREA/COLLAB")})
	var er *github.ErrorResponse
	if !errors.As(err, &er) || er.Response.StatusCode != 422 || len(er.Errors) != 1 || er.Errors[0].Code != "already_exists" {
		t.Errorf("duplicate label: %v", err)
	}
	labels, _, err := c.Issues.ListLabels(ctx, "octo-org", "octo-repo", &github.ListOptions{PerPage: 100})
	if err != nil || len(labels) != 4 {
		t.Errorf("labels %v, %v", labels, err)
	}

	// Milestones: the due_on quirk through go-github's Timestamp.
	due := time.Date(2026, 1, 16, 12, 0, 0, 0, time.UTC)
	m, _, err := c.Issues.CreateMilestone(ctx, "octo-org", "octo-repo", &github.Milestone{Title: github.String("M1"), DueOn: &github.Timestamp{Time: due}})
	if err != nil {
		t.Fatal(err)
	}
	if got := m.GetDueOn().UTC(); !got.Equal(time.Date(2026, 1, 16, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("due_on %v", got)
	}
	ms, _, err := c.Issues.ListMilestones(ctx, "octo-org", "octo-repo", &github.MilestoneListOptions{State: "all"})
	if err != nil || len(ms) != 1 {
		t.Errorf("milestones %v %v", ms, err)
	}

	// Create, edit and close an issue.
	is, _, err := c.Issues.Create(ctx, "octo-org", "octo-repo", &github.IssueRequest{
		Title: github.String("New"), Labels: &[]string{"roadmap", "Good First Issue"}, Milestone: m.Number,
	})
	if err != nil {
		t.Fatal(err)
	}
	if is.Body != nil || len(is.Labels) != 2 || is.Labels[1].GetName() != "good first issue" || is.GetMilestone().GetNumber() != m.GetNumber() {
		t.Errorf("created %v", is)
	}
	is, _, err = c.Issues.Edit(ctx, "octo-org", "octo-repo", is.GetNumber(), &github.IssueRequest{
		State: github.String("closed"), StateReason: github.String("not_planned"), Body: github.String("b"),
	})
	if err != nil || is.GetState() != "closed" || is.GetStateReason() != "not_planned" || is.ClosedAt == nil || is.GetBody() != "b" {
		t.Errorf("edited %v %v", is, err)
	}
	got, _, err := c.Issues.Get(ctx, "octo-org", "octo-repo", is.GetNumber())
	if err != nil || got.GetUser().GetLogin() != "github-actions[bot]" {
		t.Errorf("get %v %v", got, err)
	}
	_, resp, err := c.Issues.Get(ctx, "octo-org", "octo-repo", 9999)
	if err == nil || resp.StatusCode != 404 {
		t.Errorf("missing issue: %v", err)
	}
	if _, _, err := c.Issues.AddLabelsToIssue(ctx, "octo-org", "octo-repo", is.GetNumber(), []string{"fresh"}); err != nil {
		t.Fatal(err)
	}
	if _, ok := r.Label("fresh"); !ok {
		t.Error("label not auto-created through go-github")
	}

	// Comments.
	cm, _, err := c.Issues.CreateComment(ctx, "octo-org", "octo-repo", is.GetNumber(), &github.IssueComment{Body: github.String("plan")})
	if err != nil || cm.GetUser().GetType() != "Bot" {
		t.Fatalf("comment %v %v", cm, err)
	}
	if _, _, err := c.Issues.EditComment(ctx, "octo-org", "octo-repo", cm.GetID(), &github.IssueComment{Body: github.String("plan 2")}); err != nil {
		t.Fatal(err)
	}
	cms, _, err := c.Issues.ListComments(ctx, "octo-org", "octo-repo", is.GetNumber(), nil)
	if err != nil || len(cms) != 1 || cms[0].GetBody() != "plan 2" {
		t.Errorf("comments %v %v", cms, err)
	}

	// Repository and pull requests of a commit.
	repo, _, err := c.Repositories.Get(ctx, "octo-org", "octo-repo")
	if err != nil || repo.GetID() != 1001 || repo.GetDefaultBranch() != "main" || repo.GetOwner().GetType() != "Organization" {
		t.Errorf("repo %v %v", repo, err)
	}
	p := r.AddMergedPullRequest("merge", "abc123")
	prs, _, err := c.PullRequests.ListPullRequestsWithCommit(ctx, "octo-org", "octo-repo", "abc123", nil)
	if err != nil || len(prs) != 1 || prs[0].GetNumber() != p || prs[0].MergedAt == nil {
		t.Errorf("prs %v %v", prs, err)
	}
	rl, _, err := c.RateLimit.Get(ctx)
	if err != nil || rl.GetCore().Limit != 5000 {
		t.Errorf("rate limit %v %v", rl, err)
	}
}

func TestFailNext(t *testing.T) {
	f, r := newFake(t)
	f.FailNext(2, 502)
	a := send(t, f, "POST", repoPath+"/labels", map[string]any{"name": "x"})
	expectStatus(t, a, 502)
	if a.obj(t)["message"] == nil {
		t.Errorf("502 body %s", a.Raw)
	}
	expectStatus(t, send(t, f, "GET", repoPath+"/labels", nil), 502)
	if len(r.Labels()) != 0 {
		t.Error("a failed request performed its write")
	}
	expectStatus(t, send(t, f, "GET", repoPath+"/labels", nil), 200)

	f.FailNextWrites(1, 500)
	expectStatus(t, send(t, f, "GET", repoPath+"/labels", nil), 200)
	expectStatus(t, send(t, f, "POST", repoPath+"/labels", map[string]any{"name": "x"}), 500)
	expectStatus(t, send(t, f, "POST", repoPath+"/labels", map[string]any{"name": "x"}), 201)

	reqs := f.Requests()
	if len(reqs) != 6 || reqs[0].Status != 502 || !reqs[0].Write || reqs[1].Write || reqs[5].Status != 201 || reqs[5].Path != repoPath+"/labels" {
		t.Errorf("log %+v", reqs)
	}
	if f.Reads() != 3 || f.Writes() != 3 {
		t.Errorf("reads %d writes %d", f.Reads(), f.Writes())
	}
	f.ResetCounts()
	if f.Reads() != 0 || f.Writes() != 0 || len(f.Requests()) != 0 {
		t.Error("ResetCounts")
	}
}

func TestSecondaryLimit(t *testing.T) {
	f, r := newFake(t)
	c := newClient(t, f)
	ctx := context.Background()

	f.SecondaryLimitNext(1, 403, 7)
	_, _, err := c.Issues.CreateLabel(ctx, "octo-org", "octo-repo", &github.Label{Name: github.String("x")})
	var abuse *github.AbuseRateLimitError
	if !errors.As(err, &abuse) || abuse.RetryAfter == nil || *abuse.RetryAfter != 7*time.Second {
		t.Fatalf("want AbuseRateLimitError with RetryAfter 7s, got %T %v", err, err)
	}
	if len(r.Labels()) != 0 {
		t.Error("write performed")
	}

	f.SecondaryLimitNextWrites(1, 429, 3)
	expectStatus(t, send(t, f, "GET", repoPath+"/labels", nil), 200)
	a := send(t, f, "POST", repoPath+"/labels", map[string]any{"name": "x"})
	expectStatus(t, a, 429)
	if a.Header.Get("Retry-After") != "3" || !strings.Contains(a.obj(t)["message"].(string), "secondary rate limit") ||
		!strings.HasSuffix(a.obj(t)["documentation_url"].(string), "secondary-rate-limits") {
		t.Errorf("429: %v %s", a.Header, a.Raw)
	}
	expectStatus(t, send(t, f, "POST", repoPath+"/labels", map[string]any{"name": "x"}), 201)
}

func TestExhaustPrimary(t *testing.T) {
	f, r := newFake(t)
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	f.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	reset := now.Add(10 * time.Minute)
	f.ExhaustPrimary(reset)

	a := send(t, f, "GET", repoPath+"/labels", nil)
	expectStatus(t, a, 403)
	if a.Header.Get("X-RateLimit-Remaining") != "0" || a.Header.Get("X-RateLimit-Reset") != strconv.FormatInt(reset.Unix(), 10) ||
		!strings.HasPrefix(a.obj(t)["message"].(string), "API rate limit exceeded for ") {
		t.Errorf("403: %v %s", a.Header, a.Raw)
	}
	// go-github recognises it.
	_, _, err := newClient(t, f).Issues.CreateLabel(context.Background(), "octo-org", "octo-repo", &github.Label{Name: github.String("x")})
	var rle *github.RateLimitError
	if !errors.As(err, &rle) || !rle.Rate.Reset.Time.Equal(reset) {
		t.Errorf("want RateLimitError resetting at %v, got %T %v", reset, err, err)
	}
	// /rate_limit still answers.
	rl := send(t, f, "GET", "/rate_limit", nil)
	expectStatus(t, rl, 200)
	if rl.obj(t)["rate"].(map[string]any)["remaining"] != 0.0 {
		t.Errorf("rate_limit %s", rl.Raw)
	}
	mu.Lock()
	now = reset.Add(time.Second)
	mu.Unlock()
	a = send(t, f, "POST", repoPath+"/labels", map[string]any{"name": "x"})
	expectStatus(t, a, 201)
	if a.Header.Get("X-RateLimit-Remaining") != "4999" {
		t.Errorf("after reset remaining %s", a.Header.Get("X-RateLimit-Remaining"))
	}
	if len(r.Labels()) != 1 {
		t.Error("labels")
	}
}

func TestReadOnly(t *testing.T) {
	f, r := newFake(t)
	n := r.AddIssue(githubfake.Issue{Title: "pr"})
	f.ReadOnly(true)
	expectStatus(t, send(t, f, "GET", repoPath+"/issues", nil), 200)
	a := send(t, f, "POST", fmt.Sprintf("%s/issues/%d/comments", repoPath, n), map[string]any{"body": "plan"})
	expectStatus(t, a, 403)
	if a.obj(t)["message"] != "Resource not accessible by integration" || a.obj(t)["documentation_url"] == nil {
		t.Errorf("403 body %s", a.Raw)
	}
	if len(r.Comments(n)) != 0 {
		t.Error("comment written")
	}
	f.ReadOnly(false)
	expectStatus(t, send(t, f, "POST", fmt.Sprintf("%s/issues/%d/comments", repoPath, n), map[string]any{"body": "plan"}), 201)
}

// diesWithContext models a process that dies with its context: an answer
// that arrives after the context ended is never read. Without it the test
// races the transport, which may read an answer already on its way.
type diesWithContext struct{ next http.RoundTripper }

func (d diesWithContext) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := d.next.RoundTrip(req)
	if req.Context().Err() != nil {
		if resp != nil {
			resp.Body.Close()
		}
		return nil, req.Context().Err()
	}
	return resp, err
}

func TestAfterWrite(t *testing.T) {
	f, r := newFake(t)
	c := github.NewClient(&http.Client{Transport: diesWithContext{http.DefaultTransport}}).WithAuthToken("x")
	u, _ := c.BaseURL.Parse(f.URL)
	c.BaseURL, c.UploadURL = u, u
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var calls []int
	var seenInHook []string
	f.AfterWrite(func(k int) {
		calls = append(calls, k)
		for _, l := range r.Labels() { // the lock is not held
			seenInHook = append(seenInHook, l.Name)
		}
		if k == 2 {
			cancel() // the process "dies" after GitHub did the write, before it read the answer
		}
	})
	if _, _, err := c.Issues.CreateLabel(ctx, "octo-org", "octo-repo", &github.Label{Name: github.String("one")}); err != nil {
		t.Fatal(err)
	}
	// A failed write is not counted.
	_, _, err := c.Issues.CreateLabel(ctx, "octo-org", "octo-repo", &github.Label{Name: github.String("ONE")})
	if err == nil {
		t.Fatal("duplicate accepted")
	}
	_, _, err = c.Issues.CreateLabel(ctx, "octo-org", "octo-repo", &github.Label{Name: github.String("two")})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
	if !reflect.DeepEqual(calls, []int{1, 2}) {
		t.Errorf("hook calls %v", calls)
	}
	if !reflect.DeepEqual(seenInHook, []string{"one", "one", "two"}) {
		t.Errorf("state seen in hook %v", seenInHook)
	}
	if len(r.Labels()) != 2 {
		t.Errorf("the write was not performed: %v", r.Labels())
	}
}

// TestConcurrentRequests sends 20 creates and 20 lists at once, through
// 6 injected faults: every request is answered, every create answered 201
// made exactly one issue with its own number and both its labels, and the
// faults answered exactly 6 requests.
func TestConcurrentRequests(t *testing.T) {
	f, r := newFake(t)
	f.SecondaryLimitNext(3, 429, 1)
	f.FailNext(3, 502)
	var wg sync.WaitGroup
	var mu sync.Mutex
	created := map[float64]bool{} // numbers answered to a 201
	statuses := map[int]int{}
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			body := fmt.Sprintf(`{"title":"t%d","labels":["shared","l%d"]}`, i, i%3)
			req, _ := http.NewRequest("POST", strings.TrimSuffix(f.URL, "/")+repoPath+"/issues", strings.NewReader(body))
			req.Header.Set("Authorization", "token x")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Errorf("POST: %v", err)
				return
			}
			var is struct{ Number float64 }
			_ = json.NewDecoder(resp.Body).Decode(&is)
			resp.Body.Close()
			list, err := http.Get(strings.TrimSuffix(f.URL, "/") + repoPath + "/issues?state=all")
			if err != nil {
				t.Errorf("GET: %v", err)
				return
			}
			list.Body.Close()
			mu.Lock()
			defer mu.Unlock()
			statuses[resp.StatusCode]++
			statuses[list.StatusCode]++
			if resp.StatusCode == http.StatusCreated {
				if created[is.Number] {
					t.Errorf("number %v answered twice", is.Number)
				}
				created[is.Number] = true
			}
			_ = r.Issues()
			_ = f.Requests()
		}(i)
	}
	wg.Wait()
	if f.Reads() != 20 || f.Writes() != 20 || statuses[429] != 3 || statuses[502] != 3 || statuses[200]+statuses[201] != 34 {
		t.Errorf("reads %d writes %d, answers %v; want 20 and 20, 3 × 429, 3 × 502 and 34 successes", f.Reads(), f.Writes(), statuses)
	}
	if len(r.Labels()) != 4 {
		t.Errorf("labels %v, want shared, l0, l1, l2", r.Labels())
	}
	// Each 201 made one issue, with its labels, under the number it answered.
	issues := r.Issues()
	if len(issues) != len(created) || len(issues) != statuses[201] {
		t.Errorf("%d issues for %d creates answered 201", len(issues), statuses[201])
	}
	for _, is := range issues {
		if !created[float64(is.Number)] || len(is.Labels) != 2 {
			t.Errorf("issue %+v", is)
		}
	}
}

func TestPrimaryWindowRunsOut(t *testing.T) {
	f, _ := newFake(t)
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	f.Now = func() time.Time { return now }
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		f.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec
	}
	for i := 1; i <= 5000; i++ {
		if rec := get(repoPath + "/labels"); rec.Code != 200 {
			t.Fatalf("request %d: %d", i, rec.Code)
		}
	}
	rec := get(repoPath + "/labels")
	if rec.Code != 403 || rec.Header().Get("X-RateLimit-Remaining") != "0" || !strings.Contains(rec.Body.String(), "API rate limit exceeded") {
		t.Errorf("request 5001: %d %v %s", rec.Code, rec.Header(), rec.Body)
	}
	if rec := get("/rate_limit"); rec.Code != 200 {
		t.Errorf("/rate_limit: %d", rec.Code)
	}
	now = now.Add(time.Hour)
	if rec := get(repoPath + "/labels"); rec.Code != 200 || rec.Header().Get("X-RateLimit-Remaining") != "4999" {
		t.Errorf("next window: %d %s", rec.Code, rec.Header().Get("X-RateLimit-Remaining"))
	}
}
