package state_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// TestRelationsAreReadOncePerParent: sub-issues are read once per parent,
// however many children name it, and blockers once per issue that has
// some; what is read is what the plan compares, so only the missing link
// is planned.
func TestRelationsAreReadOncePerParent(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	repo := f.AddRepo("octo-org", "octo-repo")
	repo.AddLabel(githubfake.Label{Name: "roadmap"})
	ids := []string{"epic", "a", "b", "c", "d"}
	var entries []string
	for _, id := range ids {
		body := roadmap.ComposeBody("", id, "")
		repo.AddIssue(githubfake.Issue{Title: strings.ToUpper(id), Body: &body, Labels: []string{"roadmap"}, Author: githubfake.Actor})
		entry := fmt.Sprintf(`{"id": %q, "title": %q`, id, strings.ToUpper(id))
		switch id {
		case "epic":
		case "d":
			entry += `, "parent": "epic", "blocked_by": ["a", "b"]`
		default:
			entry += `, "parent": "epic"`
		}
		entries = append(entries, entry+"}")
	}
	// #1 epic has a, b and c already; d (#5) is blocked by a (#2) only.
	repo.SetParent(2, 1)
	repo.SetParent(3, 1)
	repo.SetParent(4, 1)
	repo.AddBlockedBy(5, 2)
	res := roadmap.Parse("roadmap.json", []byte(`{"version": 1, "issues": [`+strings.Join(entries, ",")+`]}`), roadmap.Options{Dir: t.TempDir()})
	if !res.Valid() {
		t.Fatal(res.Diagnostics)
	}
	f.ResetCounts()
	_, p := planOnFake(t, f, res)

	reads := map[string]int{}
	for _, r := range f.Requests() {
		path, _, _ := strings.Cut(r.Path, "?")
		reads[r.Method+" "+path]++
	}
	for path, want := range map[string]int{
		"GET /repos/octo-org/octo-repo/issues/1/sub_issues":              1,
		"GET /repos/octo-org/octo-repo/issues/5/dependencies/blocked_by": 1,
	} {
		if reads[path] != want {
			t.Errorf("%s read %d times, want %d; all reads: %v", path, reads[path], want, reads)
		}
	}
	relations := 0
	for path, n := range reads {
		if strings.Contains(path, "sub_issues") || strings.Contains(path, "dependencies") {
			relations += n
		}
	}
	if relations != 2 {
		t.Errorf("%d relation reads, want 2: %v", relations, reads)
	}
	var planned []string
	for _, c := range p.Changes {
		if c.Kind != plan.KindRelation {
			t.Errorf("planned %s %s %q: the issues are as the roadmap says", c.Action, c.Kind, c.Key)
		}
		planned = append(planned, fmt.Sprintf("%s %s %s %s", c.Kind, c.Key, c.Relation, c.Target))
	}
	if want := []string{"relation d parent epic", "relation d blocked_by b"}; strings.Join(planned, "; ") != strings.Join(want, "; ") {
		t.Errorf("planned %q, want %q", planned, want)
	}
	if p.Writes() != 2 {
		t.Errorf("%d writes planned", p.Writes())
	}
}
