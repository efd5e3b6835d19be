package plan

import (
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

func mustRoadmap(t *testing.T, src string) (*roadmap.Roadmap, []roadmap.Body) {
	t.Helper()
	res := roadmap.Parse("test.json", []byte(src), roadmap.Options{Dir: t.TempDir()})
	for _, d := range res.Diagnostics {
		if d.Severity == roadmap.SeverityError {
			t.Fatalf("roadmap: %s", d)
		}
	}
	return res.Roadmap, res.Bodies
}

func managedBody(text, id string) string { return roadmap.ComposeBody(text, id, "") }

// The authors GitHub records: the tool's own token, a maintainer, a stranger.
func byTool(is state.Issue) state.Issue {
	is.Author, is.AuthorType, is.AuthorAssociation = "github-actions[bot]", "Bot", "NONE"
	return is
}

func byMember(is state.Issue) state.Issue {
	is.Author, is.AuthorType, is.AuthorAssociation = "alice", "User", "MEMBER"
	return is
}

func byStranger(is state.Issue) state.Issue {
	is.Author, is.AuthorType, is.AuthorAssociation = "mallory", "User", "NONE"
	return is
}

// summarize lists changes as "action kind key [fields]" for compact assertions.
func summarize(p *Plan) []string {
	var out []string
	for _, c := range p.Changes {
		var fields []string
		for _, f := range c.Fields {
			fields = append(fields, f.Name)
		}
		out = append(out, c.Action+" "+c.Kind+" "+c.Key+" ["+strings.Join(fields, ",")+"]")
	}
	return out
}

const base = `{
  "version": 1,
  "labels": [
    {"name": "P0-critical", "color": "b60205", "group": "priority"},
    {"name": "P1", "color": "d93f0b", "group": "priority"},
    {"name": "bug", "color": "d73a4a", "description": "Something is broken"}
  ],
  "milestones": [{"title": "M1", "due_on": "2026-01-16"}, {"title": "M2", "due_on": "2026-07-01"}],
  "issues": [
    {"id": "a", "title": "Alpha", "body": "Alpha body\nline two", "labels": ["P0-critical", "bug"], "milestone": "M1"},
    {"id": "b", "title": "Beta", "body": "Beta body", "labels": ["P1"], "milestone": "M2", "blocked_by": ["a"]}
  ]
}`

// converged is what GitHub holds after base was applied, with GitHub's own
// spellings: due dates as Pacific dates, bodies saved from the web UI.
func converged() *state.Snapshot {
	return &state.Snapshot{
		Repository: "o/r",
		Labels: []state.Label{
			{Name: "P0-critical", Color: "B60205"}, {Name: "P1", Color: "d93f0b"},
			{Name: "bug", Color: "d73a4a", Description: "Something is broken"},
			{Name: "roadmap", Color: "ededed", Description: "Managed by roadmap.json"},
			{Name: "triage", Color: "ffffff"},
		},
		Milestones: []state.Milestone{{Number: 1, Title: "M1", State: "open", DueOn: "2026-01-16"}, {Number: 2, Title: "M2", State: "open", DueOn: "2026-07-01"}},
		Issues: []state.Issue{
			byTool(state.Issue{ID: 101, Number: 1, Title: "Alpha", State: "open", Body: strings.ReplaceAll(managedBody("Alpha body  \nline two", "a"), "\n", "\r\n") + "\r\n",
				Labels: []string{"bug", "P0-critical", "roadmap", "triage"}, Milestone: "M1"}),
			byTool(state.Issue{ID: 102, Number: 2, Title: "Beta", State: "closed", Body: managedBody("Beta body", "b"), Labels: []string{"P1", "roadmap"}, Milestone: "M2"}),
		},
		Relations: map[int]state.Relations{2: {BlockedBy: []int{1}}},
	}
}

func TestEmptyRepositoryCreatesEverythingOneWriteEach(t *testing.T) {
	rm, bodies := mustRoadmap(t, base)
	p, err := Compute(rm, bodies, &state.Snapshot{Repository: "o/r", Empty: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"create label P0-critical [name,color]", "create label P1 [name,color]", "create label bug [name,color,description]",
		"create label roadmap [name,color,description]",
		"create milestone M1 [title,due_on]", "create milestone M2 [title,due_on]",
		"create issue a [title,body,labels,milestone]", "create issue b [title,body,labels,milestone]",
		"relate relation b [blocked_by]",
	}
	got := summarize(p)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if p.Writes() != len(want) || p.SummaryLine() != "Plan: 8 to create, 0 to update, 0 to close, 0 unchanged; 1 relation to add." {
		t.Errorf("writes %d, summary %q", p.Writes(), p.SummaryLine())
	}
	// A relation names the other issue by title, for people reading the plan.
	if rel := p.Changes[len(p.Changes)-1]; rel.Kind != KindRelation || rel.TargetTitle == "" || rel.TargetTitle == rel.Title || rel.TargetNumber != 0 {
		t.Errorf("relation %+v: want the blocker's title and no number yet", rel)
	}
	c := p.Changes[6]
	if f, _ := c.Field("body"); !strings.HasSuffix(f.To.(string), "<!-- roadmap:id=a -->") {
		t.Errorf("a new issue's body must end with its marker: %q", f.To)
	}
	if f, _ := c.Field("labels"); strings.Join(f.To.([]string), ",") != "bug,P0-critical,roadmap" {
		t.Errorf("a new issue carries its labels and the managed label in the create: %v", f.To)
	}
}

func TestConvergedRepositoryHasNoChanges(t *testing.T) {
	rm, bodies := mustRoadmap(t, base)
	p, err := Compute(rm, bodies, converged())
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Changes) != 0 {
		t.Fatalf("want no changes (CRLF, trailing spaces, color case, undeclared labels, closed state are not changes), got %v", summarize(p))
	}
	// 4 labels, 2 milestones, 2 issues, 1 relation.
	if p.Unchanged != 9 || p.SummaryLine() != "No changes. 9 unchanged." {
		t.Errorf("unchanged %d, summary %q", p.Unchanged, p.SummaryLine())
	}
}

func TestChanges(t *testing.T) {
	tests := []struct {
		name    string
		roadmap func(string) string
		snap    func(*state.Snapshot)
		want    []string
		check   func(*testing.T, *Plan)
	}{
		{
			name: "label differing only in case is a rename, not a create",
			snap: func(s *state.Snapshot) { s.Labels[0].Name = "P0-Critical" },
			want: []string{"rename label P0-critical [name]"},
			check: func(t *testing.T, p *Plan) {
				if p.Changes[0].Current != "P0-Critical" {
					t.Errorf("the PATCH must address the label by its current name, got %q", p.Changes[0].Current)
				}
			},
		},
		{
			name: "alias renames the old label, and issues carrying it need no write",
			roadmap: func(s string) string {
				s = strings.Replace(s, `"name": "bug", `, `"name": "type: bug", "aliases": ["bug"], `, 1)
				return strings.Replace(s, `["P0-critical", "bug"]`, `["P0-critical", "type: bug"]`, 1)
			},
			snap: func(s *state.Snapshot) {},
			want: []string{"rename label type: bug [name]"},
		},
		{
			name: "due date stored the day before is a change; the same Pacific date is not",
			snap: func(s *state.Snapshot) { s.Milestones[0].DueOn = "2026-01-15" },
			want: []string{"update milestone M1 [due_on]"},
		},
		{
			name: "declared labels are authoritative, undeclared ones untouched",
			snap: func(s *state.Snapshot) { s.Issues[0].Labels = []string{"P1", "roadmap", "triage", "wontfix"} },
			want: []string{"update issue a [labels]"},
			check: func(t *testing.T, p *Plan) {
				f, _ := p.Changes[0].Field("labels")
				if got := strings.Join(f.To.([]string), ","); got != "bug,P0-critical,roadmap,triage,wontfix" {
					t.Errorf("labels to %s", got)
				}
			},
		},
		{
			name: "human text below the marker is kept when the body changes",
			snap: func(s *state.Snapshot) {
				s.Issues[0].Body = roadmap.ComposeBody("Old text", "a", "Note from a person\n- [x] done")
			},
			want: []string{"update issue a [body]"},
			check: func(t *testing.T, p *Plan) {
				f, _ := p.Changes[0].Field("body")
				if want := "Alpha body\nline two\n\n<!-- roadmap:id=a -->\nNote from a person\n- [x] done"; f.To != want {
					t.Errorf("body to %q, want %q", f.To, want)
				}
			},
		},
		{
			name: "title change renames the issue; milestone moves",
			roadmap: func(s string) string {
				return strings.Replace(strings.Replace(s, `"title": "Alpha"`, `"title": "Alpha 2"`, 1), `"milestone": "M1"`, `"milestone": "M2"`, 1)
			},
			want: []string{"update issue a [title,milestone]"},
		},
		{
			name:    "omitted fields are not managed",
			roadmap: func(s string) string { return strings.Replace(s, `, "labels": ["P1"], "milestone": "M2"`, ``, 1) },
			snap: func(s *state.Snapshot) {
				s.Issues[1].Milestone = "M1"
				s.Issues[1].Labels = append(s.Issues[1].Labels, "bug")
			},
			want: nil,
		},
		{
			name:    "null milestone clears it",
			roadmap: func(s string) string { return strings.Replace(s, `"milestone": "M2"`, `"milestone": null`, 1) },
			want:    []string{"update issue b [milestone]"},
		},
		{
			name: "a missing relation is related",
			snap: func(s *state.Snapshot) { s.Relations = nil },
			want: []string{"relate relation b [blocked_by]"},
		},
		{
			name: "an issue that lost its marker is adopted back by title",
			snap: func(s *state.Snapshot) {
				s.Issues[0].Body = "Alpha body\nline two"
				s.Issues[0].Labels = []string{"bug", "P0-critical"}
			},
			want: []string{"adopt issue a [body,labels]"},
		},
		{
			name: "orphans are reported, not closed, without prune",
			snap: func(s *state.Snapshot) {
				s.Issues = append(s.Issues, byTool(state.Issue{Number: 9, Title: "Gone", State: "open", Body: managedBody("x", "gone"), Labels: []string{"roadmap"}}))
			},
			want: nil,
			check: func(t *testing.T, p *Plan) {
				if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0], "#9") {
					t.Errorf("warnings %q", p.Warnings)
				}
			},
		},
		{
			name: "prune closes orphans as not planned",
			roadmap: func(s string) string {
				return strings.Replace(s, `"version": 1,`, `"version": 1, "settings": {"prune": true},`, 1)
			},
			snap: func(s *state.Snapshot) {
				s.Issues = append(s.Issues, byTool(state.Issue{Number: 9, Title: "Gone", State: "open", Body: managedBody("x", "gone"), Labels: []string{"roadmap"}}))
			},
			want: []string{"close issue gone [state]"},
			check: func(t *testing.T, p *Plan) {
				if p.Changes[0].StateReason != "not_planned" || p.Changes[0].Number != 9 {
					t.Errorf("%+v", p.Changes[0])
				}
			},
		},
		{
			name:    "duplicates are closed as duplicates of the entry",
			roadmap: func(s string) string { return strings.Replace(s, `"id": "a", `, `"id": "a", "duplicates": [7], `, 1) },
			snap: func(s *state.Snapshot) {
				s.Issues = append(s.Issues, state.Issue{Number: 7, Title: "Alpha (copy)", State: "open"})
			},
			want: []string{"close issue a [state]"},
			check: func(t *testing.T, p *Plan) {
				if c := p.Changes[0]; c.StateReason != "duplicate" || c.DuplicateOf != "a" || c.Number != 7 {
					t.Errorf("%+v", c)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := base
			if tt.roadmap != nil {
				src = tt.roadmap(src)
			}
			rm, bodies := mustRoadmap(t, src)
			snap := converged()
			if tt.snap != nil {
				tt.snap(snap)
			}
			p, err := Compute(rm, bodies, snap)
			if err != nil {
				t.Fatal(err)
			}
			if got := summarize(p); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if tt.check != nil {
				tt.check(t, p)
			}
		})
	}
}

func TestAdoption(t *testing.T) {
	rm, bodies := mustRoadmap(t, base)
	snap := &state.Snapshot{Repository: "o/r", FullScan: true, Issues: []state.Issue{
		byMember(state.Issue{Number: 161, Title: "Alpha", State: "open", Body: "hand-made"}),
		byMember(state.Issue{Number: 162, Title: "Beta", State: "open"}),
		byTool(state.Issue{Number: 163, Title: "Beta", State: "open"}),
	}}
	// An ambiguous title never stops the plan: that entry is created, and
	// the warning names the candidates.
	p, err := Compute(rm, bodies, snap)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(summarize(p), "\n"); !strings.Contains(got, "adopt issue a [") || !strings.Contains(got, "create issue b [") {
		t.Errorf("changes:\n%s", got)
	}
	if !hasWarning(p, `issue "b": 2 issues are titled "Beta" (#162 (by @alice), #163 (by @github-actions[bot])), so none is adopted and a new issue will be created`) {
		t.Errorf("warnings %q", p.Warnings)
	}
	snap.Issues = snap.Issues[:2]
	p, err = Compute(rm, bodies, snap)
	if err != nil {
		t.Fatal(err)
	}
	var adopted []string
	for _, c := range p.Changes {
		if c.Action == ActionAdopt {
			adopted = append(adopted, c.Key)
			if f, _ := c.Field("body"); !strings.Contains(f.To.(string), "<!-- roadmap:id="+c.Key+" -->") {
				t.Errorf("adoption must write the marker: %q", f.To)
			}
		}
		if c.Kind == KindIssue && c.Action == ActionCreate {
			t.Errorf("issue %s created although an issue with its title exists", c.Key)
		}
	}
	if strings.Join(adopted, ",") != "a,b" {
		t.Errorf("adopted %v", adopted)
	}

	rm2, bodies2 := mustRoadmap(t, strings.Replace(base, `"version": 1,`, `"version": 1, "settings": {"adopt_by_title": false},`, 1))
	p, err = Compute(rm2, bodies2, snap)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range p.Changes {
		if c.Action == ActionAdopt {
			t.Errorf("adopt_by_title false must not adopt %s", c.Key)
		}
	}
}

func TestAdoptByNumber(t *testing.T) {
	rm, bodies := mustRoadmap(t, strings.Replace(base, `"id": "a", `, `"id": "a", "number": 42, `, 1))
	snap := converged()
	snap.Issues[0].Body = "written by hand"
	snap.Issues[0].Number = 42
	snap.Issues[0].Title = "Something else"
	p, err := Compute(rm, bodies, snap)
	if err != nil {
		t.Fatal(err)
	}
	if c := p.Changes[0]; c.Action != ActionAdopt || c.AdoptedBy != "number" || c.Number != 42 {
		t.Fatalf("%+v", c)
	}
	rm, bodies = mustRoadmap(t, strings.Replace(base, `"id": "a", `, `"id": "a", "number": 4242, `, 1))
	snap.Issues[0].Number = 1
	snap.Issues[0].Body = "no marker"
	if _, err := Compute(rm, bodies, snap); err == nil || !strings.Contains(err.Error(), "#4242 does not exist") {
		t.Fatalf("a number that names nothing must be an error, got %v", err)
	}
}

func hasWarning(p *Plan, part string) bool {
	for _, w := range p.Warnings {
		if strings.Contains(w, part) {
			return true
		}
	}
	return false
}
