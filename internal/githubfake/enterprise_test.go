package githubfake_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

func TestEnterpriseServer(t *testing.T) {
	const repo = "/repos/octo-org/octo-repo"
	for _, tt := range []struct {
		version           string
		subIssues, blocks bool
	}{
		{"3.17", false, false}, {"3.18", false, false}, {"3.19", false, true},
	} {
		t.Run(tt.version, func(t *testing.T) {
			f, r := newFake(t)
			f.Enterprise(tt.version)
			a := r.AddIssue(githubfake.Issue{Title: "a"})
			b := r.AddIssue(githubfake.Issue{Title: "b"})
			if m := send(t, f, "GET", "/meta", nil).obj(t); m["installed_version"] != tt.version+".0" {
				t.Errorf("meta %v", m)
			}
			for _, rq := range []struct {
				method, path string
				body         any
				works        bool
			}{
				{"GET", fmt.Sprintf("%s/issues/%d/sub_issues", repo, a), nil, tt.subIssues},
				{"POST", fmt.Sprintf("%s/issues/%d/sub_issues", repo, a), map[string]any{"sub_issue_id": r.Issue(b).ID}, tt.subIssues},
				{"GET", fmt.Sprintf("%s/issues/%d/dependencies/blocked_by", repo, a), nil, tt.blocks},
				{"POST", fmt.Sprintf("%s/issues/%d/dependencies/blocked_by", repo, a), map[string]any{"issue_id": r.Issue(b).ID}, tt.blocks},
				{"GET", "/orgs/octo-org/issue-types", nil, false},
				{"GET", fmt.Sprintf("%s/issues/%d", repo, a), nil, true},
			} {
				got := send(t, f, rq.method, rq.path, rq.body)
				if (got.Status < 300) != rq.works || (!rq.works && got.Status != http.StatusNotFound) {
					t.Errorf("%s %s: %d (works on %s: %v)", rq.method, rq.path, got.Status, tt.version, rq.works)
				}
			}
		})
	}
	t.Run("github.com's meta has no installed_version", func(t *testing.T) {
		f, _ := newFake(t)
		if m := send(t, f, "GET", "/meta", nil).obj(t); m["installed_version"] != nil {
			t.Errorf("meta %v", m)
		}
	})
}

func TestUserRepositoryHasNoIssueTypes(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	f.AddUserRepo("octocat", "hello")
	if a := send(t, f, "GET", "/orgs/octocat/issue-types", nil); a.Status != 404 {
		t.Errorf("issue types of a user: %d", a.Status)
	}
	a := send(t, f, "POST", "/repos/octocat/hello/issues", map[string]any{"title": "x", "type": "Bug"})
	expect422(t, a, "Issue", "invalid", "type")
	got := send(t, f, "GET", "/repos/octocat/hello", nil).obj(t)
	if owner := got["owner"].(map[string]any); owner["type"] != "User" {
		t.Errorf("owner %v", owner)
	}
}

func TestAssignees(t *testing.T) {
	f, r := newFake(t)
	r.SetAssociation("alice", "COLLABORATOR")
	for login, want := range map[string]int{"alice": 204, "octocat": 204, "octo-org": 204, "mallory": 404, githubfake.Actor: 404} {
		if a := send(t, f, "GET", "/repos/octo-org/octo-repo/assignees/"+login, nil); a.Status != want {
			t.Errorf("%s: %d, want %d", login, a.Status, want)
		}
	}
}

func TestSubIssueLimits(t *testing.T) {
	f, r := newFake(t)
	parent := r.AddIssue(githubfake.Issue{Title: "parent"})
	add := func(p, child int) answer {
		return send(t, f, "POST", fmt.Sprintf("/repos/octo-org/octo-repo/issues/%d/sub_issues", p), map[string]any{"sub_issue_id": r.Issue(child).ID})
	}
	for i := range githubfake.MaxSubIssues {
		c := r.AddIssue(githubfake.Issue{Title: fmt.Sprint(i)})
		if a := add(parent, c); a.Status != 201 {
			t.Fatalf("sub-issue %d: %d %s", i+1, a.Status, a.Raw)
		}
	}
	extra := r.AddIssue(githubfake.Issue{Title: "one too many"})
	expect422(t, add(parent, extra), "Issue", "custom", "sub_issue_id")

	// Eight levels: a chain of 8 is fine, a ninth level is refused.
	chain := []int{r.AddIssue(githubfake.Issue{Title: "level 1"})}
	for lvl := 2; lvl <= githubfake.MaxSubIssueLevels; lvl++ {
		c := r.AddIssue(githubfake.Issue{Title: fmt.Sprint("level ", lvl)})
		if a := add(chain[len(chain)-1], c); a.Status != 201 {
			t.Fatalf("level %d: %d %s", lvl, a.Status, a.Raw)
		}
		chain = append(chain, c)
	}
	ninth := r.AddIssue(githubfake.Issue{Title: "level 9"})
	expect422(t, add(chain[len(chain)-1], ninth), "Issue", "custom", "sub_issue_id")
	// A two-level subtree under level 7 would reach 9 too.
	top := r.AddIssue(githubfake.Issue{Title: "subtree top"})
	if a := add(top, r.AddIssue(githubfake.Issue{Title: "subtree leaf"})); a.Status != 201 {
		t.Fatal(a.Status)
	}
	expect422(t, add(chain[6], top), "Issue", "custom", "sub_issue_id")
}
