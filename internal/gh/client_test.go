package gh_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

// The API root may be github.com's, a GitHub Enterprise Server's
// https://HOST/api/v3, or a bare http://127.0.0.1:PORT, with or without a
// trailing slash: every form must reach the same endpoints.
func TestAPIURLForms(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	repo := f.AddRepo("octo-org", "octo-repo")
	repo.AddLabel(githubfake.Label{Name: "area/collab"})
	ghes := httptest.NewServer(http.StripPrefix("/api/v3", f))
	defer ghes.Close()

	for _, apiURL := range []string{f.URL, strings.TrimSuffix(f.URL, "/"), ghes.URL + "/api/v3", ghes.URL + "/api/v3/"} {
		t.Run(apiURL, func(t *testing.T) {
			c, err := gh.New(gh.Options{Token: "t", APIURL: apiURL, Repository: "octo-org/octo-repo"})
			if err != nil {
				t.Fatal(err)
			}
			labels, err := c.ListLabels(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(labels) != 1 || labels[0].Name != "area/collab" || c.Requests() != 1 {
				t.Fatalf("labels %+v after %d requests", labels, c.Requests())
			}
		})
	}
}

func TestBadOptions(t *testing.T) {
	for _, o := range []gh.Options{
		{Repository: "no-slash"}, {Repository: "a/b/c"}, {Repository: "/b"},
		{Repository: "a/b", APIURL: "ftp://example.com"}, {Repository: "a/b", APIURL: "::"},
	} {
		if _, err := gh.New(o); err == nil {
			t.Errorf("gh.New(%+v) accepted", o)
		}
	}
}

// Pull requests share /issues with issues; the client must drop them, and
// a number that names a pull request is no issue.
func TestPullRequestsAreNotIssues(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	repo := f.AddRepo("o", "r")
	is := repo.AddIssue(githubfake.Issue{Title: "an issue"})
	pr := repo.AddPullRequest("a pull request")
	c, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: "o/r"})
	if err != nil {
		t.Fatal(err)
	}
	all, err := c.ListIssues(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].Number != is {
		t.Fatalf("issues %+v", all)
	}
	if got, err := c.GetIssue(context.Background(), pr); err != nil || got != nil {
		t.Fatalf("GetIssue(pull request) = %+v, %v", got, err)
	}
	if got, err := c.GetIssue(context.Background(), 999); err != nil || got != nil {
		t.Fatalf("GetIssue(missing) = %+v, %v", got, err)
	}
}
