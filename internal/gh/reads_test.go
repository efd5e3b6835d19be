package gh_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// TestReadsAgainstTheFake: each read the plan and apply make, as GitHub
// answers it.
func TestReadsAgainstTheFake(t *testing.T) {
	ctx := context.Background()
	f, repo, c, _ := clocked(t, gh.Options{WriteInterval: 0})
	repo.AddLabel(githubfake.Label{Name: "bug", Color: "d73a4a", Description: "Broken"})
	repo.AddLabel(githubfake.Label{Name: "plain", Color: "ededed"})
	winter := repo.AddMilestone(githubfake.Milestone{Title: "Winter", DueOn: "2026-01-16", Description: "cold"})
	repo.AddMilestone(githubfake.Milestone{Title: "Summer", DueOn: "2026-07-01", State: "closed"})
	repo.AddMilestone(githubfake.Milestone{Title: "Someday"})

	t.Run("labels", func(t *testing.T) {
		l, err := c.GetLabel(ctx, "BUG")
		if err != nil || l == nil || l.Name != "bug" || l.Color != "d73a4a" || l.Description != "Broken" {
			t.Errorf("GetLabel: %+v, %v", l, err)
		}
		if l, err := c.GetLabel(ctx, "plain"); err != nil || l == nil || l.Description != "" {
			t.Errorf("a label without description: %+v, %v", l, err)
		}
		if l, err := c.GetLabel(ctx, "nope"); err != nil || l != nil {
			t.Errorf("a missing label: %+v, %v", l, err)
		}
	})
	t.Run("milestones: every state, due dates as GitHub's Pacific dates", func(t *testing.T) {
		ms, err := c.ListMilestones(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range ms {
			got = append(got, m.Title+" "+m.State+" "+m.DueOn+" "+m.Description)
		}
		slices.Sort(got)
		if want := []string{"Someday open  ", "Summer closed 2026-07-01 ", "Winter open 2026-01-16 cold"}; !slices.Equal(got, want) {
			t.Errorf("milestones %q, want %q", got, want)
		}
		for _, tt := range []struct {
			title string
			want  int
		}{{"Winter", winter}, {"Summer", winter + 1}, {"winter", 0}, {"Autumn", 0}} {
			if n, err := c.FindMilestone(ctx, tt.title); err != nil || n != tt.want {
				t.Errorf("FindMilestone(%q) = %d, %v; want %d", tt.title, n, err, tt.want)
			}
		}
	})
	t.Run("a milestone written, its due date at noon UTC, then cleared", func(t *testing.T) {
		title, desc, due, state := "Q1", "first", "2027-03-31", "open"
		n, url, err := c.CreateMilestone(ctx, gh.MilestoneFields{Title: &title, Description: &desc, DueOn: &due, State: &state})
		if err != nil || n == 0 || !strings.HasSuffix(url, "/milestone/"+strconv.Itoa(n)) {
			t.Fatalf("created #%d %s, %v", n, url, err)
		}
		if m, _ := repo.Milestone(n); m.DueOn != "2027-03-31" || m.Description != "first" {
			t.Errorf("stored %+v", m)
		}
		none, closed := "", "closed"
		if _, err := c.UpdateMilestone(ctx, n, gh.MilestoneFields{DueOn: &none, State: &closed}); err != nil {
			t.Fatal(err)
		}
		if m, _ := repo.Milestone(n); m.DueOn != "" || m.State != "closed" || m.Title != "Q1" {
			t.Errorf("after clearing: %+v", m)
		}
		last := f.Requests()[len(f.Requests())-1]
		if strings.TrimSpace(last.Body) != `{"due_on":null,"state":"closed"}` {
			t.Errorf("sent %s", last.Body)
		}
		if gh.DueOnTimestamp("2026-01-16") != "2026-01-16T12:00:00Z" {
			t.Error(gh.DueOnTimestamp("2026-01-16"))
		}
	})
	t.Run("issues: one, a pull request, none", func(t *testing.T) {
		n := repo.AddIssue(githubfake.Issue{Title: "One", Labels: []string{"bug"}, Assignees: []string{"octocat"}})
		pr := repo.AddPullRequest("A pull request")
		is, err := c.GetIssue(ctx, n)
		if err != nil || is == nil || is.Title != "One" || is.Number != n || !slices.Equal(is.Labels, []string{"bug"}) || !slices.Equal(is.Assignees, []string{"octocat"}) {
			t.Errorf("GetIssue: %+v, %v", is, err)
		}
		for _, missing := range []int{pr, 999} {
			if is, err := c.GetIssue(ctx, missing); err != nil || is != nil {
				t.Errorf("GetIssue(%d): %+v, %v", missing, is, err)
			}
		}
		all, err := c.ListIssues(ctx, "")
		if err != nil || len(all) != 1 {
			t.Errorf("ListIssues: %d, %v", len(all), err)
		}
		if bugs, err := c.ListIssues(ctx, "bug"); err != nil || len(bugs) != 1 {
			t.Errorf("ListIssues(bug): %d, %v", len(bugs), err)
		}
		if none, err := c.ListIssues(ctx, "plain"); err != nil || len(none) != 0 {
			t.Errorf("ListIssues(plain): %d, %v", len(none), err)
		}
	})
	t.Run("assignees and issue types", func(t *testing.T) {
		for login, want := range map[string]bool{"octocat": true, "octo-org": true, "stranger": false, githubfake.Actor: false} {
			if ok, err := c.CanAssign(ctx, login); err != nil || ok != want {
				t.Errorf("CanAssign(%s) = %v, %v", login, ok, err)
			}
		}
		repo.AddIssueTypes("Bug", "Feature")
		if types, known, err := c.ListIssueTypes(ctx); err != nil || !known || !slices.Equal(types, []string{"Bug", "Feature"}) {
			t.Errorf("issue types %v, %v, %v", types, known, err)
		}
		user := f.AddUserRepo("someone", "theirs")
		uc, _ := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: user.FullName()})
		if types, known, err := uc.ListIssueTypes(ctx); err != nil || known || types != nil {
			t.Errorf("a user's repository: %v, %v, %v", types, known, err)
		}
		f.FailNext(5, 500)
		if _, _, err := c.ListIssueTypes(ctx); err == nil || !strings.Contains(err.Error(), "listing the issue types of octo-org") {
			t.Errorf("a failing read: %v", err)
		}
		f.FailNext(5, 500)
		if _, err := c.CanAssign(ctx, "octocat"); err == nil || !strings.Contains(err.Error(), "checking whether @octocat can be assigned") {
			t.Errorf("a failing read: %v", err)
		}
	})
	t.Run("the default branch", func(t *testing.T) {
		if b, err := c.DefaultBranch(ctx); err != nil || b != "main" {
			t.Errorf("%q, %v", b, err)
		}
	})
}

// TestNewestManaged: the issues a lost create or another run may have just
// made, by the id their marker names: only markers written by the tool or
// someone with write access, never a pull request, the lowest number of two.
func TestNewestManaged(t *testing.T) {
	ctx := context.Background()
	_, repo, c, _ := clocked(t, gh.Options{WriteInterval: 0})
	marked := func(id string) *string { b := roadmap.ComposeBody("text", id, ""); return &b }
	repo.AddIssue(githubfake.Issue{Title: "A", Body: marked("a"), Labels: []string{"roadmap"}, Author: githubfake.Actor}) // #1
	repo.AddIssue(githubfake.Issue{Title: "A copy", Body: marked("a"), Labels: []string{"roadmap"}, Author: "octocat"})   // #2
	repo.AddIssue(githubfake.Issue{Title: "B", Body: marked("b"), Labels: []string{"roadmap"}, Author: "mallory"})        // #3: a stranger
	repo.AddIssue(githubfake.Issue{Title: "C", Body: marked("c"), Author: githubfake.Actor})                              // #4: no label
	repo.AddIssue(githubfake.Issue{Title: "D", Labels: []string{"roadmap"}, Author: githubfake.Actor})                    // #5: no marker
	repo.AddIssue(githubfake.Issue{Title: "E", Body: marked("e"), Labels: []string{"roadmap"}, Author: "octocat"})        // #6
	found, err := c.NewestManaged(ctx, "roadmap")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for id, is := range found {
		got = append(got, id+"#"+strconv.Itoa(is.Number))
	}
	slices.Sort(got)
	if want := []string{"a#1", "e#6"}; !slices.Equal(got, want) {
		t.Errorf("found %v, want %v", got, want)
	}
	for id, want := range map[string]int{"a": 1, "e": 6, "b": 0, "c": 0, "z": 0} {
		is, err := c.FindNewIssue(ctx, "roadmap", id)
		switch {
		case err != nil:
			t.Errorf("%s: %v", id, err)
		case want == 0 && is != nil, want != 0 && (is == nil || is.Number != want):
			t.Errorf("FindNewIssue(%s) = %+v, want #%d", id, is, want)
		}
	}
}

// TestRenamedRepository: GitHub redirects a renamed repository's old name;
// reads follow and learn the new place, writes go there directly, and a
// write GitHub redirects anyway is refused, never followed.
func TestRenamedRepository(t *testing.T) {
	ctx := context.Background()
	f, repo, c, _ := clocked(t, gh.Options{WriteInterval: 0})
	n := repo.AddIssue(githubfake.Issue{Title: "One"})
	if c.Renamed() != "" {
		t.Errorf("renamed before any redirect: %q", c.Renamed())
	}
	repo.Rename("octo-org", "new-name")
	if _, err := c.ListLabels(ctx); err != nil {
		t.Fatal(err)
	}
	if r := c.Renamed(); !strings.Contains(r, "GitHub redirects octo-org/octo-repo to repositories/") {
		t.Errorf("Renamed() = %q", r)
	}
	f.ResetCounts()
	if err := c.CreateLabel(ctx, "after", nil, nil); err != nil {
		t.Fatal(err)
	}
	if reqs := f.Requests(); len(reqs) != 1 || !strings.HasPrefix(reqs[0].Path, "/repositories/") {
		t.Errorf("the write after the rename: %+v", reqs)
	}

	// A client that has not read yet: its first write is redirected, and refused.
	fresh, _ := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: "octo-org/octo-repo", WriteInterval: 0})
	title := "renamed"
	_, err := fresh.UpdateIssue(ctx, n, gh.IssueFields{"title": title})
	var ae *gh.APIError
	if !errors.As(err, &ae) || !strings.Contains(ae.Error(), "the write was redirected to") || !strings.Contains(ae.Error(), "nothing was written") {
		t.Errorf("a redirected write: %v", err)
	}
	if is := repo.Issue(n); is.Title != "One" {
		t.Errorf("the redirected write was performed: %+v", is)
	}
}
