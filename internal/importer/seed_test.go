package importer_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/importer"
	"github.com/roadmap-as-code/roadmap/internal/plan"
)

// handMade builds the repository the seed's manual process made: its 21
// issues with their labels and milestones, then the same list submitted a
// second time, with one label changed on a few — 42 issues for 11 pieces
// of work (seed issues 12–21 are 1–10 again, under other titles, with the
// first copy's body wrapped in a header and a footer).
func handMade(t *testing.T, e *env) []seedIssue {
	issues := seed(t)
	ms := map[string]int{}
	for _, m := range seedMilestones {
		ms[m] = e.repo.AddMilestone(githubfake.Milestone{Title: m})
	}
	for _, l := range []string{"enhancement", "SM_REFACTOR_STRAT", "implementation", "v2", "P0-critical", "P1-important", "P2-enhancement", "sprint-0", "sprint-1", "sprint-2", "sprint-3"} {
		e.repo.AddLabel(githubfake.Label{Name: l, Color: "0e8a16"})
	}
	for round := range 2 {
		for _, is := range issues {
			labels := slices.Clone(is.Labels)
			if round == 1 && is.N%5 == 0 { // the second time, a few got another priority
				for i, l := range labels {
					if strings.HasPrefix(l, "P") {
						labels[i] = "P1-important"
					}
				}
			}
			body := is.Body
			e.repo.AddIssue(githubfake.Issue{Title: is.Title, Body: &body, Labels: labels, Milestone: ms[is.Milestone], Author: "maintainer"})
		}
	}
	return issues
}

// The seed's repository imports to 11 entries, the other 31 copies as
// their duplicates; the first plan only marks the 11 and closes the 31 (and
// creates the managed label); after apply, the plan is empty.
func TestSeedRepositoryImportsToElevenEntries(t *testing.T) {
	e := newEnv(t)
	handMade(t, e)
	dir := t.TempDir()
	res := e.importTo(t, dir, importer.Options{})

	if got := len(res.Roadmap.Issues); got != 11 {
		for _, g := range res.Groups {
			t.Log(g)
		}
		t.Fatalf("%d entries, want 11", got)
	}
	// Seed issue k (k ≤ 10) was submitted as #k and #(21+k); its "[IMPL]"
	// copy, seed issue 11+k, as #(11+k) and #(32+k). The epic is #11 and #32.
	for _, en := range res.Roadmap.Issues {
		k := en.Number
		want := []int{k + 21}
		if k <= 10 {
			want = []int{k + 11, k + 21, k + 32}
		}
		if !slices.Equal(en.Duplicates, want) {
			t.Errorf("entry %q (#%d): duplicates %v, want %v", en.ID, en.Number, en.Duplicates, want)
		}
	}
	if len(res.Groups) != 11 || res.Groups[0].Reason != "lowest number" {
		t.Errorf("groups %d, first reason %q", len(res.Groups), res.Groups[0].Reason)
	}

	if data, _ := os.ReadFile(filepath.Join(dir, "roadmap.json")); strings.Contains(string(data), `\u0026`) {
		t.Errorf("roadmap.json escapes & as \\u0026")
	}
	rm := load(t, filepath.Join(dir, "roadmap.json"))
	p := e.plan(t, rm)
	counts := map[string]int{}
	for _, c := range p.Changes {
		counts[c.Kind+" "+c.Action]++
		switch {
		case c.Kind == plan.KindIssue && c.Action == plan.ActionAdopt:
			var names []string
			for _, f := range c.Fields {
				names = append(names, f.Name)
			}
			if !slices.Equal(names, []string{"body", "labels"}) {
				t.Errorf("adopting %q changes %v, want only the marker (body) and the managed label", c.Key, names)
			}
		case c.Kind == plan.KindIssue && c.Action == plan.ActionClose:
			if c.StateReason != "duplicate" {
				t.Errorf("closing #%d as %q", c.Number, c.StateReason)
			}
		case c.Kind == plan.KindLabel && c.Action == plan.ActionCreate && c.Key == "roadmap":
		default:
			t.Errorf("unexpected change %s %s %q %+v", c.Kind, c.Action, c.Key, c.Fields)
		}
	}
	if counts["issue adopt"] != 11 || counts["issue close"] != 31 {
		t.Errorf("first plan: %v", counts)
	}
	fc := res.Forecast(0)
	if line := fc.Line(0); line != "The first apply will mark 11 issues, close 31 duplicates and make 1 other change: 43 writes, about 43 s at the default pace." {
		t.Errorf("forecast %q", line)
	}

	e.apply(t, rm)
	if p := e.plan(t, rm); len(p.Changes) != 0 {
		t.Fatalf("after apply, %d changes: %+v", len(p.Changes), p.Changes)
	}
	for _, is := range e.repo.Issues() {
		if is.State == "closed" && (is.StateReason != "duplicate" || is.DuplicateOf == 0) {
			t.Errorf("#%d closed as %q of #%d", is.Number, is.StateReason, is.DuplicateOf)
		}
	}
}
