package gh_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

func newClient(t *testing.T, f *githubfake.Fake, repo string) *gh.Client {
	t.Helper()
	c, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: repo})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Comments are read page by page (100 a page) until GitHub gives no next
// page, oldest first.
func TestListIssueCommentsPaginates(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	r := f.AddRepo("octo-org", "octo-repo")
	pr := r.AddPullRequest("Edit the roadmap")
	for i := range 250 {
		r.AddComment(pr, "octocat", fmt.Sprintf("comment %d", i))
	}
	c := newClient(t, f, "octo-org/octo-repo")
	got, err := c.ListIssueComments(context.Background(), pr)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 250 || got[0].Body != "comment 0" || got[249].Body != "comment 249" {
		t.Fatalf("got %d comments, first %+v", len(got), got[0])
	}
	if got[0].Author != "octocat" || got[0].ID == 0 || !strings.Contains(got[0].URL, "#issuecomment-") {
		t.Errorf("comment fields: %+v", got[0])
	}
	if c.Requests() != 3 {
		t.Errorf("%d requests for 250 comments, want 3", c.Requests())
	}
	for _, req := range f.Requests() {
		if !strings.Contains(req.Path, "per_page=100") {
			t.Errorf("request without per_page=100: %s", req.Path)
		}
	}
}

func TestCreateAndEditIssueComment(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	r := f.AddRepo("octo-org", "octo-repo")
	pr := r.AddPullRequest("Edit the roadmap")
	c := newClient(t, f, "octo-org/octo-repo")
	ctx := context.Background()

	created, err := c.CreateIssueComment(ctx, pr, "first")
	if err != nil {
		t.Fatal(err)
	}
	if created.ID == 0 || created.Body != "first" || created.Author != githubfake.Actor || created.URL == "" {
		t.Fatalf("created %+v", created)
	}
	edited, err := c.EditIssueComment(ctx, created.ID, "second")
	if err != nil {
		t.Fatal(err)
	}
	if edited.ID != created.ID || edited.Body != "second" {
		t.Fatalf("edited %+v", edited)
	}
	if cs := r.Comments(pr); len(cs) != 1 || cs[0].Body != "second" {
		t.Fatalf("fake holds %+v", cs)
	}
}

// A read-only token (a pull request from a fork) gets 403; the caller tells
// it apart with errors.As, and the message names the object.
func TestCommentForbiddenIsDetectable(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	r := f.AddRepo("octo-org", "octo-repo")
	pr := r.AddPullRequest("From a fork")
	f.ReadOnly(true)
	c := newClient(t, f, "octo-org/octo-repo")
	_, err := c.CreateIssueComment(context.Background(), pr, "plan")
	var er *github.ErrorResponse
	if !errors.As(err, &er) || er.Response.StatusCode != http.StatusForbidden {
		t.Fatalf("error %v is not a 403 ErrorResponse", err)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("commenting on #%d in octo-org/octo-repo", pr)) {
		t.Errorf("error %q does not name the pull request", err)
	}
	if _, err := c.EditIssueComment(context.Background(), 1, "x"); err == nil || !strings.Contains(err.Error(), "editing comment 1") {
		t.Errorf("edit error %v", err)
	}
	if _, err := c.ListIssueComments(context.Background(), 0); err == nil {
		t.Error("listing comments of issue 0 was accepted (it would list the whole repository's)")
	}
}

func TestPullRequestsForCommit(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	r := f.AddRepo("octo-org", "octo-repo")
	r.AddPullRequest("open one")
	sha := "6113728f27ae82c7b1a177c8d03f9e96e0adf246"
	merged := r.AddMergedPullRequest("Edit the roadmap", sha)
	c := newClient(t, f, "octo-org/octo-repo")
	got, err := c.PullRequestsForCommit(context.Background(), sha)
	if err != nil {
		t.Fatal(err)
	}
	want := []gh.PullRequest{{Number: merged, State: "closed", MergeCommitSHA: sha, Merged: true}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	none, err := c.PullRequestsForCommit(context.Background(), strings.Repeat("0", 40))
	if err != nil || len(none) != 0 {
		t.Fatalf("unknown sha: %+v, %v", none, err)
	}
	f.ResetCounts()
	for _, bad := range []string{"", "../../issues", "6113728f?x=1", strings.Repeat("g", 40), sha[:39]} {
		if _, err := c.PullRequestsForCommit(context.Background(), bad); err == nil {
			t.Errorf("sha %q accepted", bad)
		}
	}
	if f.Reads() != 0 {
		t.Errorf("a bad sha reached GitHub: %v", f.Requests())
	}
}
