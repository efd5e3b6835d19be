package state_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// TestSteadyStateReadsDoNotGrowWithTheRepository plans an already-applied
// roadmap of 150 issues in a repository that also holds 5,000 unmanaged
// issues and pull requests: the reads must be one page of labels, one of
// milestones and two of managed issues, whatever else the repository holds.
func TestSteadyStateReadsDoNotGrowWithTheRepository(t *testing.T) {
	const n = 150
	f := githubfake.New()
	defer f.Close()
	repo := f.AddRepo("octo-org", "octo-repo")
	repo.AddLabel(githubfake.Label{Name: "roadmap", Color: "ededed", Description: "Managed by roadmap.json"})
	repo.AddLabel(githubfake.Label{Name: "bug", Color: "d73a4a"})
	ms := repo.AddMilestone(githubfake.Milestone{Title: "M1"})

	var entries []string
	for i := range n {
		id := fmt.Sprintf("item-%d", i)
		body := roadmap.ComposeBody(fmt.Sprintf("Body %d", i), id, "")
		repo.AddIssue(githubfake.Issue{Title: "Item " + id, Body: &body, Labels: []string{"roadmap", "bug"}, Milestone: ms})
		entries = append(entries, fmt.Sprintf(`{"id": %q, "title": "Item %s", "body": "Body %d", "labels": ["bug"], "milestone": "M1"}`, id, id, i))
	}
	for i := range 5000 {
		if i%5 == 0 {
			repo.AddPullRequest(fmt.Sprintf("PR %d", i))
			continue
		}
		repo.AddIssue(githubfake.Issue{Title: fmt.Sprintf("Unmanaged %d", i), Labels: []string{"bug"}})
	}
	src := `{"version": 1, "labels": [{"name": "bug", "color": "d73a4a"}], "milestones": [{"title": "M1"}], "issues": [` + strings.Join(entries, ",") + `]}`
	res := roadmap.Parse("roadmap.json", []byte(src), roadmap.Options{Dir: t.TempDir()})
	if !res.Valid() {
		t.Fatal(res.Diagnostics)
	}

	f.ResetCounts()
	snap, p := planOnFake(t, f, res)
	if len(p.Changes) != 0 {
		t.Fatalf("an applied roadmap must plan no change, got %d, first %+v", len(p.Changes), p.Changes[0])
	}
	const want = 1 + 1 + 2 // labels, milestones, managed issues (150 at 100 a page)
	if snap.Reads != want || f.Reads() != want {
		t.Fatalf("steady-state plan read %d times (fake counted %d), want %d", snap.Reads, f.Reads(), want)
	}
	if snap.FullScan {
		t.Error("a steady-state plan must not scan every issue")
	}
}

// TestFirstPlanAdoptsHandMadeIssue: a repository with history gets its
// hand-made issue adopted, and a label differing in case renamed.
func TestFirstPlanAdoptsHandMadeIssue(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	repo := f.AddRepo("octo-org", "octo-repo")
	repo.AddLabel(githubfake.Label{Name: "P0-Critical", Color: "b60205"})
	hand := "Written by a person"
	num := repo.AddIssue(githubfake.Issue{Title: "Real-Time Collaboration Engine", Body: &hand})
	repo.AddPullRequest("Real-Time Collaboration Engine") // a PR with the same title is no candidate

	src := `{"version": 1, "labels": [{"name": "P0-critical", "color": "b60205"}],
	  "issues": [{"id": "collab-engine", "title": "Real-Time Collaboration Engine", "labels": ["P0-critical"]}]}`
	res := roadmap.Parse("roadmap.json", []byte(src), roadmap.Options{Dir: t.TempDir()})
	_, p := planOnFake(t, f, res)
	var got []string
	for _, c := range p.Changes {
		got = append(got, fmt.Sprintf("%s %s %s #%d", c.Action, c.Kind, c.Key, c.Number))
	}
	want := []string{"rename label P0-critical #0", "create label roadmap #0", fmt.Sprintf("adopt issue collab-engine #%d", num)}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Fatalf("changes %q, want %q", got, want)
	}
}

// planOnFake reads octo-org/octo-repo on the fake through the real client
// and plans res against it.
func planOnFake(t *testing.T, f *githubfake.Fake, res *roadmap.Result) (*state.Snapshot, *plan.Plan) {
	t.Helper()
	client, err := gh.New(gh.Options{Token: "test", APIURL: f.URL, Repository: "octo-org/octo-repo"})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := state.Fetch(context.Background(), client, "octo-org/octo-repo", res.Roadmap)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Compute(res.Roadmap, res.Bodies, snap)
	if err != nil {
		t.Fatal(err)
	}
	return snap, p
}
