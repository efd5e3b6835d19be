package gh_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

var (
	_ state.Reader      = (*gh.GraphQLReader)(nil)
	_ state.BaseReader  = (*gh.GraphQLReader)(nil)
	_ state.BatchReader = (*gh.GraphQLReader)(nil)
)

// richRepo fills octo-org/octo-repo with what the two readers must agree on: trusted and
// untrusted authors, closed issues with their reasons, a duplicate, types, assignees, an issue
// with 150 labels, a parent with 300 sub-issues, blockers, a sub-issue and a blocker in
// another repository of the owner, a transferred and a deleted number, a pull request, and
// milestones holding issues and pull requests. It returns a roadmap over it.
func richRepo(t testing.TB, f *githubfake.Fake) *roadmap.Result {
	t.Helper()
	repo := f.AddRepo("octo-org", "octo-repo")
	other := f.AddRepo("octo-org", "elsewhere")
	repo.AddIssueTypes("Bug", "Feature")
	repo.AddDefaultLabels()
	repo.AddLabel(githubfake.Label{Name: "roadmap", Description: "Managed by roadmap.json"})
	m1 := repo.AddMilestone(githubfake.Milestone{Title: "M1", Description: "first", DueOn: "2026-01-16"})
	m2 := repo.AddMilestone(githubfake.Milestone{Title: "M2", State: "closed"})
	for i := range 30 {
		repo.AddMilestone(githubfake.Milestone{Title: fmt.Sprintf("Later %02d", i)})
	}
	repo.SetAssociation("colla", "COLLABORATOR")
	repo.SetAssociation("stranger", "NONE")

	mk := func(id, title, author string, extra githubfake.Issue) int {
		body := roadmap.ComposeBody("Text of "+id, id, "")
		extra.Title, extra.Body, extra.Author = title, &body, author
		if extra.Labels == nil {
			extra.Labels = []string{"roadmap", "enhancement"}
		}
		return repo.AddIssue(extra)
	}
	epic := mk("epic", "Epic", githubfake.Actor, githubfake.Issue{Milestone: m1, Type: "Feature", Assignees: []string{"colla", "octocat"}})
	a := mk("a", "A", githubfake.Actor, githubfake.Issue{Milestone: m1})
	b := mk("b", "B", "colla", githubfake.Issue{State: "closed", StateReason: "not_planned", Milestone: m2, Type: "Bug"})
	var many []string
	for i := range 150 {
		many = append(many, fmt.Sprintf("tag-%03d", i))
	}
	c := mk("c", "C", githubfake.Actor, githubfake.Issue{Labels: append([]string{"roadmap"}, many...)})
	mk("stray", "Stray marker", "stranger", githubfake.Issue{})
	dup := mk("dup", "Copy of A", "octocat", githubfake.Issue{Labels: []string{"bug"}})
	unmanaged := repo.AddIssue(githubfake.Issue{Title: "New thing", Author: "colla"})
	moved := repo.AddIssue(githubfake.Issue{Title: "Moved away", Author: "octocat"})
	deleted := repo.AddIssue(githubfake.Issue{Title: "Deleted", Author: "octocat"})
	pr := repo.AddPullRequest("A pull request")
	repo.SetMilestone(pr, m1)
	repo.SetMilestone(repo.AddMergedPullRequest("A merged pull request", "0123456789abcdef0123456789abcdef01234567"), m2)
	for i := range 300 {
		n := repo.AddIssue(githubfake.Issue{Title: fmt.Sprintf("Part %d", i), Author: "octocat", Milestone: m1})
		repo.SetParent(n, epic)
	}
	repo.AddBlockedBy(a, epic)
	repo.AddBlockedBy(b, a)
	repo.AddBlockedBy(b, epic)
	foreign := other.AddIssue(githubfake.Issue{Title: "Elsewhere", Author: "octocat"})
	f.AddForeignBlocker(repo, a, other, foreign)
	f.AddForeignSubIssue(repo, epic, other, other.AddIssue(githubfake.Issue{Title: "Elsewhere 2", Author: "octocat"}))
	repo.TransferIssue(moved, other)
	repo.DeleteIssue(deleted)
	_ = c
	_ = unmanaged

	src := fmt.Sprintf(`{"version": 1,
  "labels": [{"name": "enhancement"}, {"name": "bug"}],
  "milestones": [{"title": "M1"}, {"title": "M2"}],
  "issues": [
    {"id": "epic", "title": "Epic", "body": "Text of epic", "milestone": "M1", "type": "Feature"},
    {"id": "a", "title": "A", "body": "Text of a", "parent": "epic", "blocked_by": ["epic"], "duplicates": [%d, %d, %d, %d]},
    {"id": "b", "title": "B", "body": "Text of b", "blocked_by": ["a", "epic"], "assignees": ["colla", "octocat"]},
    {"id": "c", "title": "C", "body": "Text of c", "parent": "epic"},
    {"id": "new", "title": "New thing"}
  ]}`, dup, moved, deleted, pr)
	res := roadmap.Parse("roadmap.json", []byte(src), roadmap.Options{Dir: t.TempDir()})
	if !res.Valid() {
		t.Fatal(res.Diagnostics)
	}
	return res
}

// normalize orders a snapshot's lists, which the two APIs list in their own orders, and
// drops the request count, which is the point of the comparison's other half.
func normalize(s *state.Snapshot) *state.Snapshot {
	c := *s
	c.Labels = append([]state.Label(nil), s.Labels...)
	sort.Slice(c.Labels, func(i, j int) bool { return c.Labels[i].Name < c.Labels[j].Name })
	c.Milestones = append([]state.Milestone(nil), s.Milestones...)
	sort.Slice(c.Milestones, func(i, j int) bool { return c.Milestones[i].Number < c.Milestones[j].Number })
	c.Issues = append([]state.Issue(nil), s.Issues...)
	sort.Slice(c.Issues, func(i, j int) bool { return c.Issues[i].Number < c.Issues[j].Number })
	c.Reads, c.GraphQLRequests, c.GraphQLPoints = 0, 0, 0
	return &c
}

func readers(t testing.TB, apiURL string) (*gh.Client, *gh.GraphQLReader) {
	t.Helper()
	rest, err := gh.New(gh.Options{Token: "t", APIURL: apiURL, Repository: "octo-org/octo-repo", WriteInterval: 0})
	if err != nil {
		t.Fatal(err)
	}
	c, err := gh.New(gh.Options{Token: "t", APIURL: apiURL, Repository: "octo-org/octo-repo", WriteInterval: 0})
	if err != nil {
		t.Fatal(err)
	}
	return rest, gh.NewGraphQLReader(c)
}

func diffSnapshots(t *testing.T, restSnap, gqlSnap *state.Snapshot) {
	t.Helper()
	a, b := normalize(restSnap), normalize(gqlSnap)
	if reflect.DeepEqual(a, b) {
		return
	}
	ja, _ := json.MarshalIndent(a, "", " ")
	jb, _ := json.MarshalIndent(b, "", " ")
	la, lb := strings.Split(string(ja), "\n"), strings.Split(string(jb), "\n")
	for i := 0; i < len(la) || i < len(lb); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			t.Fatalf("snapshots differ at line %d:\nREST:    %s\nGraphQL: %s", i+1, x, y)
		}
	}
	t.Fatal("snapshots differ")
}

// TestReadersAgree reads the same repository through REST and through GraphQL, as a plan
// reads it (state.Fetch) and as an import does (every label, milestone and issue), and
// requires the same snapshot, field by field — trust fields, relations (other repositories'
// left out), long lists read whole, MovedTo — and the same plan.
func TestReadersAgree(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	res := richRepo(t, f)
	ctx := context.Background()

	rest, gql := readers(t, f.URL)
	restSnap, err := state.Fetch(ctx, rest, "octo-org/octo-repo", res.Roadmap)
	if err != nil {
		t.Fatal(err)
	}
	gqlSnap, err := state.Fetch(ctx, gql, "octo-org/octo-repo", res.Roadmap)
	if err != nil {
		t.Fatal(err)
	}
	if !restSnap.FullScan || restSnap.Moved == nil || len(restSnap.Relations) == 0 {
		t.Fatalf("the scenario must scan, see a moved number and read relations: %+v", restSnap.Moved)
	}
	diffSnapshots(t, restSnap, gqlSnap)
	var c *state.Issue
	for i := range gqlSnap.Issues {
		if gqlSnap.Issues[i].Title == "C" {
			c = &gqlSnap.Issues[i]
		}
	}
	if c == nil || len(c.Labels) != 151 {
		t.Fatalf("issue C must carry its 151 labels")
	}
	for parent, rel := range gqlSnap.Relations {
		if len(rel.SubIssues) > 0 && len(rel.SubIssues) != 300 {
			t.Errorf("#%d: %d sub-issues, want the 300 of this repository", parent, len(rel.SubIssues))
		}
	}
	pr, err := plan.Compute(res.Roadmap, res.Bodies, restSnap)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := plan.Compute(res.Roadmap, res.Bodies, gqlSnap)
	if err != nil {
		t.Fatal(err)
	}
	// What each read cost is compared elsewhere; the forecast's wording of it may differ.
	pr.Reads, pg.Reads = 0, 0
	pr.GraphQLRequests, pr.GraphQLPoints, pg.GraphQLRequests, pg.GraphQLPoints = 0, 0, 0, 0
	if !reflect.DeepEqual(pr, pg) {
		t.Fatalf("plans differ:\nREST    %+v\nGraphQL %+v", pr.Changes, pg.Changes)
	}
	t.Logf("plan read: REST %d requests, GraphQL %d requests (%+v)", restSnap.Reads, gqlSnap.Reads, gql.Cost())

	t.Run("every issue", func(t *testing.T) {
		rest, gql := readers(t, f.URL)
		a, err := rest.ListIssues(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		b, err := gql.ListIssues(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		diffSnapshots(t, &state.Snapshot{Issues: a}, &state.Snapshot{Issues: b})
	})
}

// TestReadersAgreeOnEnterprise: a GitHub Enterprise Server 3.17 has neither sub-issues nor
// dependencies, in REST or GraphQL. The GraphQL reader learns it from the server's refusal of
// those fields (one request), and the snapshot says what is unsupported in REST's words.
func TestReadersAgreeOnEnterprise(t *testing.T) {
	for _, version := range []string{"3.17", "3.19"} {
		t.Run(version, func(t *testing.T) {
			f := githubfake.New()
			defer f.Close()
			res := richRepo(t, f)
			f.Enterprise(version)
			srv := httptest.NewServer(f.EnterpriseHandler())
			defer srv.Close()
			ctx := context.Background()
			rest, gql := readers(t, srv.URL+"/api/v3")
			restSnap, err := state.Fetch(ctx, rest, "octo-org/octo-repo", res.Roadmap)
			if err != nil {
				t.Fatal(err)
			}
			gqlSnap, err := state.Fetch(ctx, gql, "octo-org/octo-repo", res.Roadmap)
			if err != nil {
				t.Fatal(err)
			}
			if len(restSnap.Unsupported) == 0 {
				t.Fatal("the scenario must lack a feature")
			}
			diffSnapshots(t, restSnap, gqlSnap)
			if gql.FellBack() != "" {
				t.Errorf("fell back to REST: %s", gql.FellBack())
			}
		})
	}
}

// TestRelationsAskedOnEnterprise: asked for one issue's relations after a
// snapshot on a GitHub Enterprise Server 3.19 (dependencies, no sub-issues),
// the GraphQL reader answers as REST does: the blockers read, and the
// sub-issues refused the same way.
func TestRelationsAskedOnEnterprise(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	res := richRepo(t, f)
	f.Enterprise("3.19")
	srv := httptest.NewServer(f.EnterpriseHandler())
	defer srv.Close()
	ctx := context.Background()
	rest, gql := readers(t, srv.URL+"/api/v3")
	snap, err := state.Fetch(ctx, gql, "octo-org/octo-repo", res.Roadmap)
	if err != nil {
		t.Fatal(err)
	}
	// REST reads too, so that it knows the server's version as the reader does.
	if _, err := state.Fetch(ctx, rest, "octo-org/octo-repo", res.Roadmap); err != nil {
		t.Fatal(err)
	}
	blocked := 0
	for _, is := range snap.Issues {
		want, werr := rest.ListBlockedBy(ctx, is.Number)
		before := gql.Requests()
		got, gerr := gql.ListBlockedBy(ctx, is.Number)
		if n := gql.Requests() - before; n != 0 {
			t.Errorf("#%d blocked by: %d requests; the snapshot read them already", is.Number, n)
		}
		if (werr != nil) != (gerr != nil) || !reflect.DeepEqual(sortedInts(got), sortedInts(want)) {
			t.Errorf("#%d blocked by: GraphQL %v (%v), REST %v (%v)", is.Number, got, gerr, want, werr)
		}
		blocked += len(want)
		_, werr = rest.ListSubIssues(ctx, is.Number)
		_, gerr = gql.ListSubIssues(ctx, is.Number)
		if werr == nil || gerr == nil || werr.Error() != gerr.Error() {
			t.Errorf("#%d sub-issues on 3.19: GraphQL %v, REST %v; want the same refusal", is.Number, gerr, werr)
		}
	}
	if blocked == 0 {
		t.Fatal("the scenario must have blockers")
	}
}

func sortedInts(s []int) []int {
	out := append([]int(nil), s...)
	sort.Ints(out)
	return out
}
