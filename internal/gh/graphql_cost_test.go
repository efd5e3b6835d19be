package gh_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/apply"
	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
	"github.com/roadmap-as-code/roadmap/internal/testclock"
)

// The cost of a steady plan (every entry applied), counted at the fake: requests of each
// reader, and the points GitHub's formula charges the GraphQL ones.

func fetchBoth(t testing.TB, f *githubfake.Fake, apiURL string, rm *roadmap.Roadmap) (restSnap, gqlSnap *state.Snapshot, restReqs, gqlReqs, points int) {
	t.Helper()
	ctx := context.Background()
	rest, gql := readers(t, apiURL)
	f.ResetCounts()
	restSnap, err := state.Fetch(ctx, rest, "octo-org/octo-repo", rm)
	if err != nil {
		t.Fatal(err)
	}
	restReqs = f.Reads()
	f.ResetCounts()
	gqlSnap, err = state.Fetch(ctx, gql, "octo-org/octo-repo", rm)
	if err != nil {
		t.Fatal(err)
	}
	gqlReqs, points = f.Reads(), f.GraphQLPoints()
	if gqlSnap.Reads != gqlReqs || gqlSnap.GraphQLPoints != points || gqlSnap.GraphQLRequests != f.GraphQLRequests() {
		t.Fatalf("the snapshot says %d requests (%d GraphQL, %d points), the fake counted %d (%d, %d)",
			gqlSnap.Reads, gqlSnap.GraphQLRequests, gqlSnap.GraphQLPoints, gqlReqs, f.GraphQLRequests(), points)
	}
	return restSnap, gqlSnap, restReqs, gqlReqs, points
}

// TestSteadyPlanOfThisRepositorysRoadmap applies this repository's roadmap.json (11 issues,
// 10 blocked by the epic) to the fake and plans it again: REST reads 13 times (labels,
// milestones, managed issues, one read of blockers per blocked issue); GraphQL once, 7 points.
func TestSteadyPlanOfThisRepositorysRoadmap(t *testing.T) {
	res, err := roadmap.Load(filepath.Join("..", "..", "roadmap.json"), roadmap.Options{})
	if err != nil || !res.Valid() {
		t.Fatalf("%v %v", err, res.Diagnostics)
	}
	f := githubfake.New()
	defer f.Close()
	f.AddRepo("octo-org", "octo-repo")
	ctx := context.Background()
	c, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: "octo-org/octo-repo", WriteInterval: 0})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := state.Fetch(ctx, c, "octo-org/octo-repo", res.Roadmap)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Compute(res.Roadmap, res.Bodies, snap)
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := apply.Run(ctx, p, c, apply.Options{}); err != nil || !rep.OK() {
		t.Fatalf("apply: %v %+v", err, rep)
	}

	restSnap, gqlSnap, restReqs, gqlReqs, points := fetchBoth(t, f, f.URL, res.Roadmap)
	diffSnapshots(t, restSnap, gqlSnap)
	again, err := plan.Compute(res.Roadmap, res.Bodies, gqlSnap)
	if err != nil || len(again.Changes) != 0 {
		t.Fatalf("a steady plan has no change: %v %+v", err, again)
	}
	if restReqs != 13 {
		t.Errorf("REST read %d times, want 13", restReqs)
	}
	if gqlReqs > 2 {
		t.Errorf("GraphQL read %d times, want at most 2", gqlReqs)
	}
	if gqlReqs != 1 || points != 7 {
		t.Errorf("GraphQL: %d requests, %d points; want 1 and 7 (labels 1 + milestones 1 + their 4 counts × 25 + issues 1 + 6 nested × 100 = 703 → 7)", gqlReqs, points)
	}
	t.Logf("steady plan of roadmap.json: REST %d requests; GraphQL %d requests, %d points", restReqs, gqlReqs, points)
}

// seedSteady puts n managed issues on the fake as an apply would have left them, blocked of
// them blocked by the one before, and parents of them with the issues after the first
// `parents` as their sub-issues (round robin), and returns the roadmap that plans no change.
func seedSteady(t testing.TB, f *githubfake.Fake, n, blocked, parents int) *roadmap.Result {
	t.Helper()
	repo := f.AddRepo("octo-org", "octo-repo")
	repo.AddLabel(githubfake.Label{Name: "roadmap"})
	repo.AddLabel(githubfake.Label{Name: "bug", Color: "d73a4a"})
	ms := repo.AddMilestone(githubfake.Milestone{Title: "M1"})
	var entries []string
	numbers := make([]int, n)
	for i := range n {
		id := fmt.Sprintf("item-%05d", i)
		body := roadmap.ComposeBody(fmt.Sprintf("Body of %d", i), id, "")
		numbers[i] = repo.AddIssue(githubfake.Issue{Title: "Item " + id, Body: &body, Labels: []string{"roadmap", "bug"},
			Milestone: ms, Author: githubfake.Actor})
		var extra string
		if i >= parents && parents > 0 {
			extra += fmt.Sprintf(`, "parent": "item-%05d"`, i%parents)
		}
		if i%2 == 1 && i/2 < blocked {
			extra += fmt.Sprintf(`, "blocked_by": ["item-%05d"]`, i-1)
		}
		entries = append(entries, fmt.Sprintf(`{"id": %q, "title": "Item %s", "body": "Body of %d", "labels": ["bug"], "milestone": "M1"%s}`, id, id, i, extra))
	}
	for i := range n {
		if i >= parents && parents > 0 {
			repo.SetParent(numbers[i], numbers[i%parents])
		}
		if i%2 == 1 && i/2 < blocked {
			repo.AddBlockedBy(numbers[i], numbers[i-1])
		}
	}
	src := `{"version": 1, "labels": [{"name": "bug", "color": "d73a4a"}], "milestones": [{"title": "M1"}], "issues": [` + strings.Join(entries, ",") + `]}`
	res := roadmap.Parse("roadmap.json", []byte(src), roadmap.Options{Dir: t.TempDir()})
	if !res.Valid() {
		t.Fatal(res.Diagnostics)
	}
	return res
}

// TestSteadyPlanOf1000Issues: 1,000 issues, with 500 blocked, 100 parents (of 9 sub-issues
// each) or both. REST reads 12 times plus once per blocked issue and once per parent; GraphQL
// reads one page of 100 issues a request, relations included: 10 requests, 61 points (7 for
// the first page with the labels and milestones, 6 for each other).
func TestSteadyPlanOf1000Issues(t *testing.T) {
	for _, tt := range []struct {
		name             string
		blocked, parents int
		rest             int
	}{
		{"500 blocked", 500, 0, 512},
		{"100 parents", 0, 100, 112},
		{"500 blocked and 100 parents", 500, 100, 612},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := githubfake.New()
			defer f.Close()
			res := seedSteady(t, f, 1000, tt.blocked, tt.parents)
			restSnap, gqlSnap, restReqs, gqlReqs, points := fetchBoth(t, f, f.URL, res.Roadmap)
			diffSnapshots(t, restSnap, gqlSnap)
			if p, err := plan.Compute(res.Roadmap, res.Bodies, gqlSnap); err != nil || len(p.Changes) != 0 {
				t.Fatalf("a steady plan has no change: %v %+v", err, p.Changes[:min(len(p.Changes), 3)])
			}
			if restReqs != tt.rest {
				t.Errorf("REST read %d times, want %d", restReqs, tt.rest)
			}
			if gqlReqs > 12 || gqlReqs != 10 || points != 61 {
				t.Errorf("GraphQL: %d requests, %d points; want 10 (at most 12) and 61", gqlReqs, points)
			}
			t.Logf("steady plan, 1,000 issues, %s: REST %d requests; GraphQL %d requests, %d points", tt.name, restReqs, gqlReqs, points)
		})
	}
}

// BenchmarkPlan10k reads a steady 10,000-issue roadmap with relations (5,000 blocked, 1,000
// parents of 9 sub-issues) from the in-process fake, as plan does, through GraphQL and through
// REST, and reports the requests and points a read costs:
// go test ./internal/gh -run '^$' -bench Plan10k -benchmem
func BenchmarkPlan10k(b *testing.B) {
	f := githubfake.New()
	defer f.Close()
	res := seedSteady(b, f, 10000, 5000, 1000)
	// REST needs more requests than an hour's budget of 5,000: the clock the fake and the
	// client share jumps over the waits for the reset, which are counted.
	clock := testclock.New(testclock.Start)
	f.Now = clock.Now
	for _, api := range []string{gh.APIGraphQL, gh.APIREST} {
		b.Run(api, func(b *testing.B) {
			b.ReportAllocs()
			var reqs, points, waits int
			for b.Loop() {
				clock.Forget()
				c, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: "octo-org/octo-repo", API: api, MaxRetries: -1,
					Now: clock.Now, Sleep: clock.Sleep, MaxWait: 2 * time.Hour})
				if err != nil {
					b.Fatal(err)
				}
				f.ResetCounts()
				snap, err := state.Fetch(context.Background(), c.Reader(), "octo-org/octo-repo", res.Roadmap)
				if err != nil {
					b.Fatal(err)
				}
				// Relations of the 1,000 parents and the 5,000 blocked issues, 500 of them both.
				if len(snap.Issues) != 10000 || len(snap.Relations) != 5500 {
					b.Fatalf("%d issues, relations of %d", len(snap.Issues), len(snap.Relations))
				}
				reqs, points, waits = f.Reads(), f.GraphQLPoints(), len(clock.Sleeps())
			}
			b.ReportMetric(float64(reqs), "requests/op")
			b.ReportMetric(float64(points), "points/op")
			b.ReportMetric(float64(waits), "limit-waits/op")
		})
	}
}

// TestLookupsByNumber: issues a roadmap names by number ("number", "duplicates") that the
// managed list lacks are read 50 a request through GraphQL, one a request through REST: 60
// duplicates to close cost REST 60 reads and GraphQL 2 (after the 3 + 1 and 1 + 0 of the lists).
func TestLookupsByNumber(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	r := f.AddRepo("octo-org", "octo-repo")
	body := roadmap.ComposeBody("Body of 0", "item-00000", "")
	r.AddIssue(githubfake.Issue{Title: "Item item-00000", Body: &body, Labels: []string{"roadmap", "bug"},
		Milestone: r.AddMilestone(githubfake.Milestone{Title: "M1"}), Author: githubfake.Actor})
	var dups []string
	for range 60 {
		dups = append(dups, fmt.Sprint(r.AddIssue(githubfake.Issue{Title: "Copy", Author: "octocat"})))
	}
	src := `{"version": 1, "labels": [{"name": "bug", "color": "d73a4a"}], "milestones": [{"title": "M1"}], "issues": [
	  {"id": "item-00000", "title": "Item item-00000", "body": "Body of 0", "labels": ["bug"], "milestone": "M1", "duplicates": [` + strings.Join(dups, ",") + `]}]}`
	res := roadmap.Parse("roadmap.json", []byte(src), roadmap.Options{Dir: t.TempDir()})
	if !res.Valid() {
		t.Fatal(res.Diagnostics)
	}
	restSnap, gqlSnap, restReqs, gqlReqs, points := fetchBoth(t, f, f.URL, res.Roadmap)
	diffSnapshots(t, restSnap, gqlSnap)
	if restReqs != 3+60 || gqlReqs != 1+2 {
		t.Errorf("REST %d requests, GraphQL %d; want 63 and 3", restReqs, gqlReqs)
	}
	t.Logf("60 duplicates by number: REST %d requests; GraphQL %d requests, %d points", restReqs, gqlReqs, points)
}
