package githubfake

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// post sends a GraphQL document to the fake and returns the status, headers and the decoded body.
func post(t *testing.T, f *Fake, token, query string, vars map[string]any) (int, http.Header, map[string]any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, f.URL+"graphql", bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "bearer "+token)
	}
	resp, err := f.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, out
}

func firstError(out map[string]any) map[string]any {
	errs, _ := out["errors"].([]any)
	if len(errs) == 0 {
		return nil
	}
	e, _ := errs[0].(map[string]any)
	return e
}

func TestGraphQLAnswersAsGitHub(t *testing.T) {
	f := New()
	defer f.Close()
	r := f.AddRepo("octo-org", "octo-repo")
	body := "text"
	n := r.AddIssue(Issue{Title: "One", Body: &body, Labels: []string{"bug"}, Author: Actor})
	pr := r.AddPullRequest("A pull request")

	t.Run("data, bot logins without [bot], upper-case enums", func(t *testing.T) {
		status, h, out := post(t, f, "t", `query($n: Int!) { repository(owner: "octo-org", name: "octo-repo") {
		  issue(number: $n) { title state author { __typename login } labels(first: 5) { totalCount nodes { name } } } } }`, map[string]any{"n": n})
		issue := out["data"].(map[string]any)["repository"].(map[string]any)["issue"].(map[string]any)
		author := issue["author"].(map[string]any)
		if status != 200 || issue["state"] != "OPEN" || author["login"] != "github-actions" || author["__typename"] != "Bot" ||
			issue["labels"].(map[string]any)["totalCount"] != float64(1) || h.Get("X-RateLimit-Resource") != "graphql" {
			t.Fatalf("%d %v %v", status, out, h)
		}
	})
	t.Run("NOT_FOUND with partial data", func(t *testing.T) {
		_, _, out := post(t, f, "t", `query($a: Int!, $b: Int!) { repository(owner: "octo-org", name: "octo-repo") {
		  a: issue(number: $a) { title } b: issue(number: $b) { title } } }`, map[string]any{"a": n, "b": pr})
		repo := out["data"].(map[string]any)["repository"].(map[string]any)
		e := firstError(out)
		if repo["a"] == nil || repo["b"] != nil || e["type"] != "NOT_FOUND" || strings.Join(toStrings(e["path"]), ".") != "repository.b" {
			t.Fatalf("%v", out)
		}
	})
	t.Run("an unknown field, as graphql-ruby words it", func(t *testing.T) {
		status, _, out := post(t, f, "t", `{ repository(owner: "octo-org", name: "octo-repo") { issue(number: 1) { titel } } }`, nil)
		e := firstError(out)
		ext, _ := e["extensions"].(map[string]any)
		if status != 200 || out["data"] != nil || e["message"] != "Field 'titel' doesn't exist on type 'Issue'" || ext["code"] != "undefinedField" {
			t.Fatalf("%d %v", status, out)
		}
	})
	t.Run("a field the server lacks", func(t *testing.T) {
		f.GraphQLLacks("Issue.issueType")
		defer func() { f.gql.lacks = nil }()
		_, _, out := post(t, f, "t", `{ repository(owner: "octo-org", name: "octo-repo") { issue(number: 1) { issueType { name } } } }`, nil)
		if e := firstError(out); e == nil || e["extensions"].(map[string]any)["fieldName"] != "issueType" {
			t.Fatalf("%v", out)
		}
	})
	for name, doc := range map[string]string{
		"MISSING_PAGINATION_BOUNDARIES": `{ repository(owner: "octo-org", name: "octo-repo") { labels { nodes { name } } } }`,
		"EXCESSIVE_PAGINATION":          `{ repository(owner: "octo-org", name: "octo-repo") { labels(first: 101) { nodes { name } } } }`,
		"MAX_NODE_LIMIT_EXCEEDED": `{ repository(owner: "octo-org", name: "octo-repo") { issues(first: 100) { nodes {
		  subIssues(first: 100) { nodes { subIssues(first: 100) { nodes { number } } } } } } } }`,
	} {
		t.Run(name, func(t *testing.T) {
			_, _, out := post(t, f, "t", doc, nil)
			if e := firstError(out); e == nil || e["type"] != name {
				t.Fatalf("%v", out)
			}
		})
	}
	t.Run("totalCount alone needs no first", func(t *testing.T) {
		_, _, out := post(t, f, "t", `{ repository(owner: "octo-org", name: "octo-repo") { issues { totalCount } } }`, nil)
		if out["errors"] != nil {
			t.Fatalf("%v", out)
		}
	})
	t.Run("authentication is required", func(t *testing.T) {
		if status, _, _ := post(t, f, "", `{ rateLimit { cost } }`, nil); status != 401 {
			t.Fatalf("%d", status)
		}
	})
}

func toStrings(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// TestGraphQLPointFormula checks the fake's rateLimit.cost against the example of GitHub's
// documentation ("Predicting the point value of a query"): a connection of 100, in each of
// them one of 50, in each of those one of 60 — 1 + 100 + 5,000 = 5,101 requests, 51 points —
// built here on repository.issues and sub-issues, the fake's connections; and a query with no
// connection costs the minimum, 1.
func TestGraphQLPointFormula(t *testing.T) {
	f := New()
	defer f.Close()
	f.AddRepo("octo-org", "octo-repo")
	for _, tt := range []struct {
		doc  string
		cost float64
	}{
		{`{ rateLimit { cost remaining } }`, 1},
		{`{ rateLimit { cost } repository(owner: "octo-org", name: "octo-repo") { issues(first: 100) { nodes {
		   subIssues(first: 50) { nodes { labels(first: 60) { nodes { name } } } } } } } }`, 51},
		{`{ rateLimit { cost } repository(owner: "octo-org", name: "octo-repo") { issues(first: 100) { nodes { number
		   labels(first: 25) { nodes { name } } assignees(first: 10) { nodes { login } } comments { totalCount } } } } }`, 3},
	} {
		_, _, out := post(t, f, "t", tt.doc, nil)
		rl := out["data"].(map[string]any)["rateLimit"].(map[string]any)
		if rl["cost"] != tt.cost {
			t.Errorf("cost %v, want %v: %s", rl["cost"], tt.cost, tt.doc)
		}
	}
	if f.GraphQLPoints() != 55 || f.GraphQLRequests() != 3 {
		t.Errorf("charged %d points in %d requests", f.GraphQLPoints(), f.GraphQLRequests())
	}
}
