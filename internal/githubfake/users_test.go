package githubfake_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

// Who wrote what is served as GitHub serves it, and a second token acts as
// someone else, with only the rights GitHub gives them.
func TestUsersAndAssociations(t *testing.T) {
	f, r := newFake(t)
	f.AddToken("mallory-token", "mallory")
	f.AddToken("alice-token", "alice")
	r.SetAssociation("alice", "COLLABORATOR")
	const repo = "/repos/octo-org/octo-repo"
	r.AddLabel(githubfake.Label{Name: "roadmap"})
	ms := r.AddMilestone(githubfake.Milestone{Title: "M1"})

	tool := send(t, f, "POST", repo+"/issues", map[string]any{"title": "By the tool", "labels": []string{"roadmap"}}).obj(t)
	if u := tool["user"].(map[string]any); u["login"] != githubfake.Actor || u["type"] != "Bot" || tool["author_association"] != "NONE" {
		t.Errorf("the default token's issue: user %v, association %v", u, tool["author_association"])
	}

	// A stranger may open an issue, but labels, milestone and assignees are
	// silently dropped, as GitHub documents.
	a := sendAuth(t, f, "POST", repo+"/issues", map[string]any{
		"title": "By a stranger", "body": "<!-- roadmap:id=x -->", "labels": []string{"roadmap"}, "milestone": ms, "assignees": []string{"octocat"},
	}, "token mallory-token")
	expectStatus(t, a, http.StatusCreated)
	mine := a.obj(t)
	if u := mine["user"].(map[string]any); u["login"] != "mallory" || u["type"] != "User" || mine["author_association"] != "NONE" {
		t.Errorf("the stranger's issue: user %v, association %v", u, mine["author_association"])
	}
	if len(mine["labels"].([]any)) != 0 || mine["milestone"] != nil || len(mine["assignees"].([]any)) != 0 {
		t.Errorf("a stranger set labels, milestone or assignees: %v %v %v", mine["labels"], mine["milestone"], mine["assignees"])
	}
	n := int(mine["number"].(float64))
	// They may edit their own issue (labels still dropped)…
	a = sendAuth(t, f, "PATCH", repo+"/issues/"+itoa(n), map[string]any{"body": "edited", "labels": []string{"roadmap"}}, "token mallory-token")
	expectStatus(t, a, http.StatusOK)
	if got := r.Issue(n); *got.Body != "edited" || len(got.Labels) != 0 {
		t.Errorf("after the stranger's edit: %+v", got)
	}
	// …but not the tool's, nor labels, milestones or relations.
	toolN := itoa(int(tool["number"].(float64)))
	for _, w := range []struct{ method, path string }{
		{"PATCH", repo + "/issues/" + toolN},
		{"POST", repo + "/labels"},
		{"PATCH", repo + "/labels/roadmap"},
		{"POST", repo + "/milestones"},
		{"POST", repo + "/issues/" + toolN + "/sub_issues"},
		{"POST", repo + "/issues/" + toolN + "/dependencies/blocked_by"},
	} {
		a := sendAuth(t, f, w.method, w.path, map[string]any{"title": "x", "name": "x"}, "token mallory-token")
		if a.Status != http.StatusForbidden {
			t.Errorf("%s %s by a stranger answered %d: %s", w.method, w.path, a.Status, a.Raw)
		}
	}
	if got := r.Issue(int(tool["number"].(float64))); got.Title != "By the tool" {
		t.Errorf("a stranger changed the tool's issue: %+v", got)
	}
	// Anyone may comment, and edit only their own comments.
	a = sendAuth(t, f, "POST", repo+"/issues/"+toolN+"/comments", map[string]any{"body": "hi"}, "token mallory-token")
	expectStatus(t, a, http.StatusCreated)
	if a.obj(t)["author_association"] != "NONE" {
		t.Errorf("comment association %v", a.obj(t)["author_association"])
	}
	botComment := r.AddComment(int(tool["number"].(float64)), "", "plan")
	a = sendAuth(t, f, "PATCH", repo+"/issues/comments/"+itoa64(botComment), map[string]any{"body": "defaced"}, "token mallory-token")
	expectStatus(t, a, http.StatusForbidden)

	// A collaborator has push access.
	a = sendAuth(t, f, "POST", repo+"/issues", map[string]any{"title": "By alice", "labels": []string{"roadmap"}}, "token alice-token")
	expectStatus(t, a, http.StatusCreated)
	if got := a.obj(t); got["author_association"] != "COLLABORATOR" || len(got["labels"].([]any)) != 1 {
		t.Errorf("collaborator's issue: %v, labels %v", got["author_association"], got["labels"])
	}
	// The owner organization's defaults: octocat is a member, others nobody.
	for login, want := range map[string]string{"octocat": "MEMBER", "stranger": "NONE", "dependabot[bot]": "NONE"} {
		num := r.AddIssue(githubfake.Issue{Title: "by " + login, Author: login})
		got := send(t, f, "GET", repo+"/issues/"+itoa(num), nil).obj(t)
		if got["author_association"] != want {
			t.Errorf("%s: author_association %v, want %s", login, got["author_association"], want)
		}
	}
}

func itoa(n int) string     { return strconv.Itoa(n) }
func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
