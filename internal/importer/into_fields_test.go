package importer_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// TestIntoTakesLabelsMilestonesAndRemovals: --into takes back what people
// changed on labels and milestones (colors, descriptions, due dates,
// states, set or cleared), removes the entry of an issue deleted on GitHub
// with every reference to it, declares a milestone a new issue is in, and
// writes a new managed issue with all it has; then nothing is left to plan.
func TestIntoTakesLabelsMilestonesAndRemovals(t *testing.T) {
	e := newEnv(t)
	e.repo.AddIssueTypes("Bug", "Feature")
	dir := t.TempDir()
	path := filepath.Join(dir, "roadmap.json")
	src := `{
  "version": 1,
  "repository": "octo-org/octo-repo",
  "labels": [
    {"name": "bug", "color": "d73a4a", "description": "Broken"},
    {"name": "P1", "color": "ededed"}
  ],
  "milestones": [
    {"title": "M1", "description": "First", "due_on": "2026-01-16", "state": "open"},
    {"title": "M2"}
  ],
  "issues": [
    {"id": "a", "title": "A", "labels": ["bug"], "milestone": "M1"},
    {"id": "b", "title": "B", "milestone": "M2"},
    {"id": "c", "title": "C", "parent": "b", "blocked_by": ["b", "a"]}
  ]
}
`
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	e.apply(t, load(t, path))
	nb := numberOf(t, e, "b")
	// As an import writes it: "b" by its number; "d" is new, not created yet.
	src = strings.Replace(src, `{"id": "b", "title": "B",`, `{"id": "b", "title": "B", "number": `+itoa(nb)+`,`, 1)
	src = strings.Replace(src, "\n  ]\n}", `,
    {"id": "d", "title": "D", "parent": "b", "blocked_by": ["b", "a"]}
  ]
}`, 1)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	load(t, path)

	ctx := context.Background()
	c := clientFor(t, e.f)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	red, none, soon := "B60205", "", "Soon"
	must(c.UpdateLabel(ctx, "bug", nil, &red, &none))
	must(c.UpdateLabel(ctx, "P1", nil, nil, &soon))
	ms := map[string]int{}
	for _, m := range e.repo.Milestones() {
		ms[m.Title] = m.Number
	}
	first, closed, due, about := "First, revised", "closed", "2026-03-01", "Second"
	_, err := c.UpdateMilestone(ctx, ms["M1"], gh.MilestoneFields{Description: &first, DueOn: &none, State: &closed})
	must(err)
	_, err = c.UpdateMilestone(ctx, ms["M2"], gh.MilestoneFields{Description: &about, DueOn: &due, State: &closed})
	must(err)
	m3title, m3due := "M3", "2026-06-30"
	m3, _, err := c.CreateMilestone(ctx, gh.MilestoneFields{Title: &m3title, DueOn: &m3due})
	must(err)
	e.repo.DeleteIssue(nb)
	body := roadmap.ComposeBody("Written on GitHub.", "e", "")
	is, err := c.CreateIssue(ctx, gh.IssueFields{"title": "E", "body": body, "labels": []string{"roadmap", "P1"}, "milestone": m3,
		"assignees": []string{"octocat"}, "type": "Feature"})
	must(err)
	_, err = c.UpdateIssue(ctx, is.Number, gh.IssueFields{"state": "closed", "state_reason": "completed"})
	must(err)

	res := into(t, e, path)
	for _, l := range res.Taken {
		t.Log(l)
	}
	after := load(t, path).Roadmap
	label := func(name string) roadmap.Label {
		i := slices.IndexFunc(after.Labels, func(l roadmap.Label) bool { return l.Name == name })
		if i < 0 {
			t.Fatalf("no label %q", name)
		}
		return after.Labels[i]
	}
	if l := label("bug"); *l.Color != "b60205" || *l.Description != "" {
		t.Errorf("bug: %s %q", *l.Color, *l.Description)
	}
	if l := label("P1"); *l.Color != "ededed" || l.Description == nil || *l.Description != "Soon" {
		t.Errorf("P1: %+v", l)
	}
	var got []string
	for _, m := range after.Milestones {
		d := "-"
		if m.Description != nil {
			d = *m.Description
		}
		got = append(got, m.Title+"|"+d+"|"+m.DueOn.Value+"|"+m.State+"|"+map[bool]string{true: "null", false: ""}[m.DueOn.Null])
	}
	want := []string{"M1|First, revised||closed|null", "M2|Second|2026-03-01|closed|", "M3|-|2026-06-30|open|"}
	if !slices.Equal(got, want) {
		t.Errorf("milestones\n %q\nwant\n %q", got, want)
	}
	var entries []string
	for _, is := range after.Issues {
		entries = append(entries, is.ID+" parent="+is.Parent+" blocked_by="+strings.Join(is.BlockedBy, ","))
	}
	if w := []string{"a parent= blocked_by=", "c parent= blocked_by=a", "d parent= blocked_by=a", "e parent= blocked_by="}; !slices.Equal(entries, w) {
		t.Errorf("entries\n %q\nwant\n %q", entries, w)
	}
	ne := after.Issues[len(after.Issues)-1]
	if ne.Title != "E" || ne.Body == nil || *ne.Body != "Written on GitHub." || !slices.Equal(ne.Labels, []string{"P1"}) || ne.Milestone.Value != "M3" ||
		!slices.Equal(ne.Assignees, []string{"octocat"}) || ne.State != "closed" || ne.Type.Value != "Feature" || ne.Number != 0 {
		t.Errorf("the new entry: %+v", ne)
	}
	for _, w := range []string{`label "bug": color d73a4a → b60205`, `label "bug": description "Broken" → ""`, `label "P1": description "Soon"`,
		`milestone "M1": due_on 2026-01-16 → none`, `milestone "M1": description changed`, `milestone "M1": open → closed`,
		`milestone "M2": due_on 2026-03-01`, `milestone "M2": description added`, `milestone "M2": closed`,
		`entry "b" removed: #` + itoa(nb) + ` is no longer an issue of octo-org/octo-repo (transferred to another repository, or deleted)`,
		`"c" (#3): parent "b" removed with its entry`, `"c" (#3): blocked_by [b, a] → [a]`, `new entry "e" from #4 "E"`, `milestone "M3" declared (an issue is in it)`} {
		if !slices.Contains(res.Taken, w) {
			t.Errorf("taken back: no %q in\n%s", w, strings.Join(res.Taken, "\n"))
		}
	}
	// Only "d", never created, is left to plan.
	p := e.plan(t, load(t, path))
	for _, ch := range p.Changes {
		if ch.Key != "d" {
			t.Errorf("after --into the plan has %s %s %q", ch.Action, ch.Kind, ch.Key)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
