package gh_test

import (
	"context"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

// Issues of another repository never pass for this one's: a sub-issue or
// blocker that lives elsewhere (its number names a different issue here)
// is left out of relations, and a number whose issue was transferred away
// (GitHub answers 301 to the new repository, which the client follows) or
// deleted (410) reads as no issue.
func TestOtherRepositoriesIssuesAreNotThisOnes(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	here := f.AddRepo("o", "here")
	there := f.AddRepo("o", "there")
	parent := here.AddIssue(githubfake.Issue{Title: "parent"})      // #1
	localChild := here.AddIssue(githubfake.Issue{Title: "child"})   // #2
	moving := here.AddIssue(githubfake.Issue{Title: "moves away"})  // #3
	deleted := here.AddIssue(githubfake.Issue{Title: "deleted"})    // #4
	foreign := there.AddIssue(githubfake.Issue{Title: "elsewhere"}) // there #1: same number as the parent
	foreign2 := there.AddIssue(githubfake.Issue{Title: "elsewhere too"})
	here.SetParent(localChild, parent)
	here.AddBlockedBy(localChild, parent)
	// A cross-repository sub-issue and blocker, numbered 1 and 2 there.
	addCross(t, f, parent, there, foreign)
	addCrossBlocker(t, f, localChild, there, foreign2)
	here.TransferIssue(moving, there)
	here.DeleteIssue(deleted)

	c, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: "o/here"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	subs, err := c.ListSubIssues(ctx, parent)
	if err != nil || len(subs) != 1 || subs[0] != localChild {
		t.Fatalf("sub-issues %v, %v; want only #%d", subs, err, localChild)
	}
	blockers, err := c.ListBlockedBy(ctx, localChild)
	if err != nil || len(blockers) != 1 || blockers[0] != parent {
		t.Fatalf("blockers %v, %v; want only #%d", blockers, err, parent)
	}
	// A transferred issue is said to have moved, never taken for this number;
	// a deleted one is no issue.
	if got, err := c.GetIssue(ctx, moving); err != nil || got == nil || got.MovedTo != "o/there#3" || got.Title != "" {
		t.Fatalf("GetIssue(#%d) = %+v, %v; want it moved to o/there#3", moving, got, err)
	}
	if got, err := c.GetIssue(ctx, deleted); err != nil || got != nil {
		t.Fatalf("GetIssue(#%d) = %+v, %v; want no issue", deleted, got, err)
	}
	if got, err := c.GetIssue(ctx, parent); err != nil || got == nil || got.SubIssueCount != 2 {
		t.Fatalf("GetIssue(#%d) = %+v, %v; want an issue with 2 sub-issues", parent, got, err)
	}
}

func addCross(t *testing.T, f *githubfake.Fake, parent int, there *githubfake.Repo, child int) {
	t.Helper()
	c, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: "o/here", WriteInterval: 0})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddSubIssue(context.Background(), parent, there.Issue(child).ID); err != nil {
		t.Fatal(err)
	}
}

func addCrossBlocker(t *testing.T, f *githubfake.Fake, number int, there *githubfake.Repo, blocker int) {
	t.Helper()
	c, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: "o/here", WriteInterval: 0})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddBlockedBy(context.Background(), number, there.Issue(blocker).ID); err != nil {
		t.Fatal(err)
	}
}
