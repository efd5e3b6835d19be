package githubfake_test

import (
	"context"
	"fmt"
	"net/url"

	"github.com/google/go-github/v62/github"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

func Example() {
	f := githubfake.New()
	defer f.Close()
	r := f.AddRepo("octo-org", "octo-repo")
	r.AddLabel(githubfake.Label{Name: "roadmap"})
	r.AddIssue(githubfake.Issue{Title: "Real-Time Collaboration Engine", Labels: []string{"roadmap"}})

	c := github.NewClient(nil).WithAuthToken("x")
	c.BaseURL, _ = url.Parse(f.URL)
	ctx := context.Background()
	_, _, err := c.Issues.Create(ctx, "octo-org", "octo-repo", &github.IssueRequest{
		Title: github.String("Presence"), Labels: &[]string{"roadmap", "area/collab"},
	})
	if err != nil {
		panic(err)
	}
	for _, is := range r.Issues() {
		fmt.Println(is.Number, is.Title, is.Labels, is.Author)
	}
	l, _ := r.Label("AREA/COLLAB")
	fmt.Println(l.Name, l.Color, f.Writes())
	// Output:
	// 1 Real-Time Collaboration Engine [roadmap] octocat
	// 2 Presence [roadmap area/collab] github-actions[bot]
	// area/collab ededed 1
}
