package githubfake_test

// Contract tests: the fake is checked against GitHub's own published material (testdata/README.md
// names the packages and versions):
//
//   - TestOpenAPIResponseSchemas drives every operation the fake serves and validates its answer
//     against the response schema of GitHub's OpenAPI description (@octokit/openapi).
//   - TestRecordedFixtures replays traffic recorded against api.github.com (@octokit/fixtures) and
//     compares statuses, headers, pagination links and the shapes and values of the bodies.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

type openapiExtract struct {
	Source struct {
		Package, Version, File string
	}
	Operations []struct {
		Method      string
		Path        string
		OperationID string `json:"operationId"`
		Status      int
		Schema      json.RawMessage
	}
	Errors map[string]json.RawMessage
}

func loadJSON(t *testing.T, path string, v any) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return data
}

// compileAt compiles the schema found at a JSON pointer of the extract, so that its
// "#/components/schemas/…" references resolve inside the extract.
func compileAt(t *testing.T, data []byte, pointer string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	if err := c.AddResource("openapi-extract.json", bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("openapi-extract.json#" + pointer)
	if err != nil {
		t.Fatalf("compiling %s: %v", pointer, err)
	}
	return s
}

func validateBody(t *testing.T, s *jsonschema.Schema, raw []byte, what string) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("%s: the answer does not match GitHub's schema:\n%#v", what, err)
	}
}

// contractRepo builds a repository that exercises every field the schemas describe.
type contractRepo struct {
	f                                               *githubfake.Fake
	r                                               *githubfake.Repo
	ms, closedMs                                    int
	parent, child, blocker, spare, subCand, blkCand int
	comment                                         int64
	sha                                             string
}

func newContractRepo(t *testing.T) *contractRepo {
	f, r := newFake(t)
	c := &contractRepo{f: f, r: r, sha: "6dcb09b5b57875f334f61aebed695e2e4193db5e"}
	r.AddIssueTypes("Bug", "Feature", "Task", "Epic")
	for _, login := range []string{"alice", "bob", "carol"} {
		r.SetAssociation(login, "COLLABORATOR")
	}
	r.AddDefaultLabels()
	r.AddLabel(githubfake.Label{Name: "area/collab", Color: "0e8a16", Description: "Collaboration"})
	c.ms = r.AddMilestone(githubfake.Milestone{Title: "M1: Real-Time Foundation", Description: "first", DueOn: "2026-01-16"})
	c.closedMs = r.AddMilestone(githubfake.Milestone{Title: "M0", State: "closed", DueOn: "2025-07-01"})
	body := "The engine.\n\n<!-- roadmap:id=collab-engine -->"
	c.parent = r.AddIssue(githubfake.Issue{Title: "Real-Time Collaboration Engine", Body: &body,
		Labels: []string{"enhancement", "area/collab"}, Milestone: c.ms, Assignees: []string{"alice", "bob"}, Type: "Feature"})
	c.child = r.AddIssue(githubfake.Issue{Title: "child", State: "closed", StateReason: "not_planned", Milestone: c.closedMs})
	c.blocker = r.AddIssue(githubfake.Issue{Title: "blocker", Labels: []string{"bug"}})
	c.spare = r.AddIssue(githubfake.Issue{Title: "spare"})
	c.subCand = r.AddIssue(githubfake.Issue{Title: "to become a sub-issue"})
	c.blkCand = r.AddIssue(githubfake.Issue{Title: "to become a blocker"})
	r.SetParent(c.child, c.parent)
	r.AddBlockedBy(c.parent, c.blocker)
	r.AddPullRequest("an open pull request")
	r.AddMergedPullRequest("Add roadmap.json", c.sha)
	c.comment = r.AddComment(c.parent, "alice", "looks good")
	r.AddComment(c.parent, "", "<!-- roadmap:plan -->\nPlan: 1 to create")
	return c
}

type drive struct {
	method, path string
	body         any
}

// drivers give, for every operation of the extract, a concrete request on the contract repository.
func (c *contractRepo) drivers() map[string]drive {
	p := repoPath
	id := func(n int) int64 { return c.r.Issue(n).ID }
	return map[string]drive{
		"GET /repos/{owner}/{repo}":                               {"GET", p, nil},
		"GET /repos/{owner}/{repo}/labels":                        {"GET", p + "/labels?per_page=100", nil},
		"POST /repos/{owner}/{repo}/labels":                       {"POST", p + "/labels", map[string]any{"name": "P0-critical", "color": "b60205", "description": "Blocks the milestone"}},
		"GET /repos/{owner}/{repo}/labels/{name}":                 {"GET", p + "/labels/area%2Fcollab", nil},
		"PATCH /repos/{owner}/{repo}/labels/{name}":               {"PATCH", p + "/labels/good%20first%20issue", map[string]any{"new_name": "good-first-issue", "description": nil}},
		"DELETE /repos/{owner}/{repo}/labels/{name}":              {"DELETE", p + "/labels/question", nil},
		"GET /repos/{owner}/{repo}/milestones":                    {"GET", p + "/milestones?state=all", nil},
		"POST /repos/{owner}/{repo}/milestones":                   {"POST", p + "/milestones", map[string]any{"title": "M2", "due_on": "2026-07-16T12:00:00Z", "description": "second"}},
		"GET /repos/{owner}/{repo}/milestones/{milestone_number}": {"GET", fmt.Sprintf("%s/milestones/%d", p, c.ms), nil},
		"PATCH /repos/{owner}/{repo}/milestones/{milestone_number}": {"PATCH", fmt.Sprintf("%s/milestones/%d", p, c.closedMs),
			map[string]any{"state": "open", "due_on": nil, "description": nil}},
		"GET /repos/{owner}/{repo}/issues": {"GET", p + "/issues?state=all&per_page=100", nil},
		"POST /repos/{owner}/{repo}/issues": {"POST", p + "/issues", map[string]any{"title": "Presence indicators",
			"labels": []string{"enhancement", "sprint-1"}, "milestone": c.ms, "assignees": []string{"carol"}, "type": "Task"}},
		"GET /repos/{owner}/{repo}/issues/{issue_number}": {"GET", fmt.Sprintf("%s/issues/%d", p, c.parent), nil},
		"PATCH /repos/{owner}/{repo}/issues/{issue_number}": {"PATCH", fmt.Sprintf("%s/issues/%d", p, c.spare),
			map[string]any{"state": "closed", "state_reason": "duplicate", "body": nil, "milestone": c.ms, "type": "Bug"}},
		"GET /repos/{owner}/{repo}/issues/{issue_number}/labels":           {"GET", fmt.Sprintf("%s/issues/%d/labels", p, c.parent), nil},
		"POST /repos/{owner}/{repo}/issues/{issue_number}/labels":          {"POST", fmt.Sprintf("%s/issues/%d/labels", p, c.parent), map[string]any{"labels": []string{"documentation", "brand-new"}}},
		"PUT /repos/{owner}/{repo}/issues/{issue_number}/labels":           {"PUT", fmt.Sprintf("%s/issues/%d/labels", p, c.blocker), []string{"bug", "invalid"}},
		"DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}": {"DELETE", fmt.Sprintf("%s/issues/%d/labels/area%%2Fcollab", p, c.parent), nil},
		"GET /repos/{owner}/{repo}/issues/{issue_number}/comments":         {"GET", fmt.Sprintf("%s/issues/%d/comments", p, c.parent), nil},
		"POST /repos/{owner}/{repo}/issues/{issue_number}/comments":        {"POST", fmt.Sprintf("%s/issues/%d/comments", p, c.parent), map[string]any{"body": "<!-- roadmap:plan -->\nPlan: 2 to create"}},
		"GET /repos/{owner}/{repo}/issues/comments/{comment_id}":           {"GET", fmt.Sprintf("%s/issues/comments/%d", p, c.comment), nil},
		"PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}":         {"PATCH", fmt.Sprintf("%s/issues/comments/%d", p, c.comment), map[string]any{"body": "edited"}},
		"GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls":             {"GET", fmt.Sprintf("%s/commits/%s/pulls", p, c.sha), nil},
		"GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues":       {"GET", fmt.Sprintf("%s/issues/%d/sub_issues", p, c.parent), nil},
		"POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues": {"POST", fmt.Sprintf("%s/issues/%d/sub_issues", p, c.parent),
			map[string]any{"sub_issue_id": id(c.subCand)}},
		"GET /repos/{owner}/{repo}/issues/{issue_number}/parent":                  {"GET", fmt.Sprintf("%s/issues/%d/parent", p, c.child), nil},
		"GET /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by": {"GET", fmt.Sprintf("%s/issues/%d/dependencies/blocked_by", p, c.parent), nil},
		"POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by": {"POST", fmt.Sprintf("%s/issues/%d/dependencies/blocked_by", p, c.parent),
			map[string]any{"issue_id": id(c.blkCand)}},
		"GET /orgs/{org}/issue-types": {"GET", "/orgs/octo-org/issue-types", nil},
		"GET /rate_limit":             {"GET", "/rate_limit", nil},
	}
}

func TestOpenAPIResponseSchemas(t *testing.T) {
	var ex openapiExtract
	data := loadJSON(t, "testdata/openapi-extract.json", &ex)
	if ex.Source.Package != "@octokit/openapi" || len(ex.Operations) == 0 {
		t.Fatalf("unexpected extract source %+v", ex.Source)
	}
	c := newContractRepo(t)
	drivers := c.drivers()
	covered := map[string]bool{}
	for i, op := range ex.Operations {
		key := op.Method + " " + op.Path
		d, ok := drivers[key]
		if !ok {
			t.Errorf("%s (%s) is in the extract but has no driver in this test", key, op.OperationID)
			continue
		}
		covered[key] = true
		t.Run(op.OperationID, func(t *testing.T) {
			a := send(t, c.f, d.method, d.path, d.body)
			if a.Status != op.Status {
				t.Fatalf("%s %s: status %d, GitHub's description says %d; body %s", d.method, d.path, a.Status, op.Status, a.Raw)
			}
			if string(op.Schema) == "null" {
				if len(a.Raw) != 0 {
					t.Errorf("%s: body %s, want none", key, a.Raw)
				}
				return
			}
			s := compileAt(t, data, fmt.Sprintf("/operations/%d/schema", i))
			validateBody(t, s, a.Raw, key)
		})
	}
	for key := range drivers {
		if !covered[key] {
			t.Errorf("driver %s has no operation in the extract: rerun testdata/extract.sh after adding it there", key)
		}
	}

	// The same list endpoints under /repositories/{id}, as Link headers point there.
	t.Run("repositories-by-id", func(t *testing.T) {
		for i, op := range ex.Operations {
			if op.Method != "GET" || !strings.HasPrefix(op.Path, "/repos/") || strings.Contains(op.Path, "/issues/comments/") {
				continue
			}
			d := drivers[op.Method+" "+op.Path]
			path := strings.Replace(d.path, repoPath, "/repositories/1001", 1)
			a := send(t, c.f, "GET", path, nil)
			if a.Status != 200 {
				t.Errorf("GET %s: %d", path, a.Status)
				continue
			}
			validateBody(t, compileAt(t, data, fmt.Sprintf("/operations/%d/schema", i)), a.Raw, "GET "+path)
		}
	})

	// Error bodies match GitHub's error schemas.
	t.Run("errors", func(t *testing.T) {
		for _, tc := range []struct {
			status       int
			method, path string
			body         any
			auth         string
		}{
			{404, "GET", repoPath + "/issues/999", nil, "token x"},
			{404, "GET", repoPath + "/labels/nope", nil, "token x"},
			{422, "POST", repoPath + "/labels", map[string]any{"name": "bug"}, "token x"},
			{422, "POST", repoPath + "/issues", map[string]any{"title": "x", "milestone": 99}, "token x"},
			{422, "POST", repoPath + "/issues", map[string]any{"title": strings.Repeat("x", 300)}, "token x"},
			{401, "POST", repoPath + "/labels", map[string]any{"name": "y"}, ""},
		} {
			a := sendAuth(t, c.f, tc.method, tc.path, tc.body, tc.auth)
			if a.Status != tc.status {
				t.Errorf("%s %s: %d, want %d", tc.method, tc.path, a.Status, tc.status)
				continue
			}
			validateBody(t, compileAt(t, data, fmt.Sprintf("/errors/%d", tc.status)), a.Raw, fmt.Sprintf("%d from %s %s", tc.status, tc.method, tc.path))
		}
		c.f.ReadOnly(true)
		a := send(t, c.f, "POST", repoPath+"/labels", map[string]any{"name": "z"})
		c.f.ReadOnly(false)
		validateBody(t, compileAt(t, data, "/errors/403"), a.Raw, "403 read-only")
	})
}

// ---------------------------------------------------------------------------------------------
// Recorded traffic

type recorded struct {
	Method      string
	Path        string
	RequestBody json.RawMessage `json:"requestBody"`
	Status      int
	Headers     map[string]string
	Body        any
}

type fixturesExtract struct {
	Source struct {
		Package, Version string
	}
	Scenarios map[string][]recorded
}

// recordedTime is the time the normalized fixtures show everywhere.
var recordedTime = time.Date(2017, 10, 10, 16, 0, 0, 0, time.UTC)

// scenarioSetups give the fake the state the repository had when the scenario was recorded
// (a new repository, with the default labels GitHub gives it, plus what record.js created first).
var scenarioSetups = map[string]func(r *githubfake.Repo){
	"labels": func(r *githubfake.Repo) { r.AddDefaultLabels() },
	"paginate-issues": func(r *githubfake.Repo) {
		for i := 1; i <= 13; i++ {
			r.AddIssue(githubfake.Issue{Title: fmt.Sprintf("Test issue %d", i), Author: "octokit-fixture-user-a"})
		}
	},
	"errors":              func(r *githubfake.Repo) {},
	"add-labels-to-issue": func(r *githubfake.Repo) {},
}

// Keys whose values are compared (elsewhere only the JSON types are).
var compareValues = map[string]bool{
	"name": true, "color": true, "default": true, "description": true, "title": true, "state": true,
	"body": true, "number": true, "message": true, "code": true, "field": true, "resource": true,
	"locked": true, "state_reason": true, "author_association": true, "created_at": true, "updated_at": true, "closed_at": true,
	"assignee": true, "assignees": true, "milestone": true, "active_lock_reason": true, "site_admin": true,
}

// URL-valued keys compared after mapping api.github.com to the fake.
var compareURLs = map[string]bool{
	"url": true, "repository_url": true, "labels_url": true, "comments_url": true, "events_url": true,
	"html_url": true, "timeline_url": true,
}

// Objects whose contents depend on who recorded (the user) or are normalized inconsistently.
var identityKeys = map[string]bool{"user": true, "reactions": true, "closed_by": true}

func TestRecordedFixtures(t *testing.T) {
	var ex fixturesExtract
	loadJSON(t, "testdata/fixtures-extract.json", &ex)
	if ex.Source.Package != "@octokit/fixtures" || len(ex.Scenarios) != len(scenarioSetups) {
		t.Fatalf("unexpected extract: %+v, %d scenarios", ex.Source, len(ex.Scenarios))
	}
	names := make([]string, 0, len(ex.Scenarios))
	for n := range ex.Scenarios {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			setup, ok := scenarioSetups[name]
			if !ok {
				t.Fatalf("no setup for scenario %s", name)
			}
			f := githubfake.New()
			defer f.Close()
			f.Now = func() time.Time { return recordedTime }
			// Recorded as octokit-fixture-org/<scenario>, repository id 1000 after normalization.
			r := f.AddRepo("octokit-fixture-org", name)
			// The recordings were made with octokit-fixture-user-a's token; it is a
			// member of the organization, so its issues say MEMBER.
			f.AddToken("0000000000000000000000000000000000000001", "octokit-fixture-user-a")
			r.SetAssociation("octokit-fixture-user-a", "MEMBER")
			setup(r)
			base := strings.TrimSuffix(f.URL, "/")
			mapURL := func(s string) string {
				s = strings.ReplaceAll(s, "https://api.github.com", base)
				return regexp.MustCompile(`/repositories/1000\b`).ReplaceAllString(s, fmt.Sprintf("/repositories/%d", r.ID()))
			}
			for i, rec := range ex.Scenarios[name] {
				var body any
				if len(rec.RequestBody) > 0 && string(rec.RequestBody) != "null" {
					body = string(rec.RequestBody)
				}
				path := mapURL(rec.Path)
				what := fmt.Sprintf("#%d %s %s", i, rec.Method, path)
				a := sendAuth(t, f, rec.Method, path, body, "token 0000000000000000000000000000000000000001")
				if a.Status != rec.Status {
					t.Errorf("%s: status %d, recorded %d; body %s", what, a.Status, rec.Status, a.Raw)
					continue
				}
				compareHeaders(t, what, rec.Headers, a, mapURL)
				if rec.Body == nil {
					if len(a.Raw) != 0 {
						t.Errorf("%s: body %s, recorded none", what, a.Raw)
					}
					continue
				}
				compareBody(t, what, "", rec.Body, a.JSON, mapURL, false)
			}
		})
	}
}

func compareHeaders(t *testing.T, what string, rec map[string]string, a answer, mapURL func(string) string) {
	t.Helper()
	for name, want := range rec {
		got := a.Header.Get(name)
		if got == "" {
			t.Errorf("%s: no %s header (recorded %q)", what, name, want)
			continue
		}
		switch name {
		case "content-type", "x-github-media-type", "x-ratelimit-limit", "x-ratelimit-resource":
			if got != want {
				t.Errorf("%s: %s %q, recorded %q", what, name, got, want)
			}
		case "link", "location":
			// Same rels in the same order, same paths (/repositories/{id}/…), same queries.
			if want = mapURL(want); got != want {
				t.Errorf("%s: %s\n got %s\nwant %s", what, name, got, want)
			}
		}
	}
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// compareBody checks that got has every key rec has, with the same JSON types, and the same values
// for the keys that carry meaning. Inside identity objects only keys and types are compared.
func compareBody(t *testing.T, what, at string, rec, got any, mapURL func(string) string, identity bool) {
	t.Helper()
	if jsonType(rec) != jsonType(got) {
		t.Errorf("%s: %s is %s (%v), recorded %s (%v)", what, at, jsonType(got), got, jsonType(rec), rec)
		return
	}
	switch rv := rec.(type) {
	case map[string]any:
		gv := got.(map[string]any)
		for k, v := range rv {
			g, ok := gv[k]
			if !ok {
				t.Errorf("%s: %s has no key %q (recorded %v)", what, at, k, v)
				continue
			}
			sub := at + "." + k
			id := identity || identityKeys[k]
			if !id && compareURLs[k] {
				if s, ok := v.(string); ok && mapURL(s) != g {
					t.Errorf("%s: %s = %v, recorded %v", what, sub, g, mapURL(s))
				}
				continue
			}
			if !id && compareValues[k] && !reflect.DeepEqual(v, g) {
				// Containers are compared element by element below, for better messages.
				if _, isObj := v.(map[string]any); !isObj {
					if _, isArr := v.([]any); !isArr {
						t.Errorf("%s: %s = %v, recorded %v", what, sub, g, v)
						continue
					}
				}
			}
			compareBody(t, what, sub, v, g, mapURL, id)
		}
	case []any:
		gv := got.([]any)
		if len(rv) != len(gv) {
			t.Errorf("%s: %s has %d items, recorded %d", what, at, len(gv), len(rv))
			return
		}
		for i := range rv {
			compareBody(t, what, fmt.Sprintf("%s[%d]", at, i), rv[i], gv[i], mapURL, identity)
		}
	}
}

// The extracts are small: they are committed.
func TestExtractsAreSmall(t *testing.T) {
	for _, name := range []string{"testdata/openapi-extract.json", "testdata/fixtures-extract.json"} {
		st, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if st.Size() > 200_000 {
			t.Errorf("%s is %d bytes: keep the extract small", name, st.Size())
		}
	}
	var ex openapiExtract
	loadJSON(t, "testdata/openapi-extract.json", &ex)
	if _, err := url.Parse(ex.Source.File); err != nil {
		t.Error(err)
	}
}
