package plan

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/state"
)

// compute plans src against snap and fails the test on an error.
func compute(t *testing.T, src string, snap *state.Snapshot) *Plan {
	t.Helper()
	rm, bodies := mustRoadmap(t, src)
	p, err := Compute(rm, bodies, snap)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func wantChanges(t *testing.T, p *Plan, want ...string) {
	t.Helper()
	if got := summarize(p); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestSummaryAndWrites: the summary line counts renames and adoptions as
// updates, relations apart, and an issue created closed costs two writes.
func TestSummaryAndWrites(t *testing.T) {
	closed := []Field{{Name: "state", To: "closed"}}
	p := &Plan{Unchanged: 7, Changes: []Change{
		{Kind: KindLabel, Action: ActionCreate},
		{Kind: KindLabel, Action: ActionRename},
		{Kind: KindMilestone, Action: ActionUpdate},
		{Kind: KindIssue, Action: ActionAdopt},
		{Kind: KindIssue, Action: ActionCreate, Fields: closed}, // two writes: create, then close
		{Kind: KindIssue, Action: ActionUpdate, Fields: closed}, // one write
		{Kind: KindIssue, Action: ActionUpdate, Fields: closed}, // one write: more closed updates than closed creates, so the two can't be taken for each other
		{Kind: KindIssue, Action: ActionCreate, Fields: closed}, // two writes too
		{Kind: KindIssue, Action: ActionCreate, Fields: []Field{{Name: "state", To: "open"}}},
		{Kind: KindIssue, Action: ActionClose, Fields: []Field{{Name: "state", From: "open", To: "closed"}}},
		{Kind: KindRelation, Action: ActionRelate},
		{Kind: KindRelation, Action: ActionRelate},
	}}
	if s := p.Summary(); s != (Summary{Create: 4, Update: 5, Close: 1, Unchanged: 7, Relate: 2}) {
		t.Errorf("summary %+v", s)
	}
	if w := p.Writes(); w != 14 {
		t.Errorf("%d writes, want 14: one per change and a second for each of the two issues created closed", w)
	}
	for _, tt := range []struct {
		relations int
		want      string
	}{
		{2, "Plan: 4 to create, 5 to update, 1 to close, 7 unchanged; 2 relations to add."},
		{1, "Plan: 4 to create, 5 to update, 1 to close, 7 unchanged; 1 relation to add."},
		{0, "Plan: 4 to create, 5 to update, 1 to close, 7 unchanged."},
	} {
		q := &Plan{Unchanged: p.Unchanged, Changes: p.Changes[:len(p.Changes)-2+tt.relations]}
		if got := q.SummaryLine(); got != tt.want {
			t.Errorf("%d relations: %q, want %q", tt.relations, got, tt.want)
		}
	}
	if got := (&Plan{Unchanged: 4}).SummaryLine(); got != "No changes. 4 unchanged." {
		t.Errorf("no changes: %q", got)
	}
}

// TestWithoutBodies: a caller with no bodies (nil) plans every body as
// unmanaged, without reading past the end.
func TestWithoutBodies(t *testing.T) {
	rm, _ := mustRoadmap(t, base)
	p, err := Compute(rm, nil, converged())
	if err != nil {
		t.Fatal(err)
	}
	wantChanges(t, p)
}

func TestLabelAliases(t *testing.T) {
	src := `{"version": 1, "labels": [{"name": "Bug", "color": "d73a4a", "aliases": ["bug", "defect"]}]}`
	snap := func(names ...string) *state.Snapshot {
		s := &state.Snapshot{Repository: "o/r", Labels: []state.Label{{Name: "roadmap", Color: ManagedLabelColor, Description: ManagedLabelDescription}}}
		for _, n := range names {
			s.Labels = append(s.Labels, state.Label{Name: n, Color: "d73a4a"})
		}
		return s
	}
	// A case-only alias is the label itself: renamed, no warning.
	p := compute(t, src, snap("bug"))
	wantChanges(t, p, "rename label Bug [name]")
	if len(p.Warnings) != 0 {
		t.Errorf("warnings %q", p.Warnings)
	}
	// The label and an old name both exist: the old one is left, with a warning.
	p = compute(t, src, snap("Bug", "defect"))
	wantChanges(t, p)
	if !hasWarning(p, `label "Bug" and its old name "defect" both exist`) || len(p.Warnings) != 1 {
		t.Errorf("warnings %q", p.Warnings)
	}
}

func TestMilestoneFields(t *testing.T) {
	snap := func(ms ...state.Milestone) *state.Snapshot {
		return &state.Snapshot{Repository: "o/r", Labels: []state.Label{{Name: "roadmap", Color: ManagedLabelColor, Description: ManagedLabelDescription}}, Milestones: ms}
	}
	m1 := state.Milestone{Number: 1, Title: "M1", Description: "Line one\r\nline two  ", State: "open", DueOn: "2026-01-16"}
	for _, tt := range []struct {
		name string
		ms   string
		have state.Milestone
		want []string
		from any
		to   any
	}{
		{"the same, as the web UI saves it", `{"title": "M1", "description": "Line one\nline two", "due_on": "2026-01-16", "state": "open"}`, m1, nil, nil, nil},
		{"found under an alias: renamed", `{"title": "M1: Foundation", "aliases": ["M0", "M1"]}`, m1, []string{"rename milestone M1: Foundation [title]"}, "M1", "M1: Foundation"},
		{"a new description", `{"title": "M1", "description": "Other"}`, m1, []string{"update milestone M1 [description]"}, "Line one\r\nline two  ", "Other"},
		{"closed", `{"title": "M1", "state": "closed"}`, m1, []string{"update milestone M1 [state]"}, "open", "closed"},
		{"the due date cleared", `{"title": "M1", "due_on": null}`, m1, []string{"update milestone M1 [due_on]"}, "2026-01-16", nil},
		{"a due date where there was none", `{"title": "M1", "due_on": "2026-02-01"}`, state.Milestone{Number: 1, Title: "M1", State: "open"},
			[]string{"update milestone M1 [due_on]"}, nil, "2026-02-01"},
		{"state and due date left unmanaged", `{"title": "M1"}`, m1, nil, nil, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := compute(t, `{"version": 1, "milestones": [`+tt.ms+`]}`, snap(tt.have))
			wantChanges(t, p, tt.want...)
			if len(p.Changes) == 1 {
				f := p.Changes[0].Fields[0]
				if f.From != tt.from || f.To != tt.to {
					t.Errorf("%s: %#v → %#v, want %#v → %#v", f.Name, f.From, f.To, tt.from, tt.to)
				}
				if p.Changes[0].Number != 1 || p.Milestones[p.Changes[0].Key] != 1 {
					t.Errorf("change %+v, milestones %v", p.Changes[0], p.Milestones)
				}
			}
		})
	}
}

// TestMarkerAndNumber: an entry's "number" chooses among issues that carry
// its marker, and names the one it keeps.
func TestMarkerAndNumber(t *testing.T) {
	body := managedBody("", "a")
	two := func() *state.Snapshot {
		return &state.Snapshot{Repository: "o/r", Labels: []state.Label{{Name: "roadmap", Color: ManagedLabelColor, Description: ManagedLabelDescription}},
			Issues: []state.Issue{
				byTool(state.Issue{Number: 3, Title: "A", State: "open", Body: body, Labels: []string{"roadmap"}}),
				byMember(state.Issue{Number: 8, Title: "A", State: "open", Body: body, Labels: []string{"roadmap"}}),
			}}
	}
	// "number" names the second claimant: it is the issue; the first is left alone.
	p := compute(t, `{"version": 1, "issues": [{"id": "a", "title": "A", "number": 8}]}`, two())
	wantChanges(t, p)
	if p.Issues["a"].Number != 8 || !hasWarning(p, `issue #3 also carries the marker of "a"; "number" says #8 is its issue`) {
		t.Errorf("issues %v, warnings %q", p.Issues, p.Warnings)
	}
	// "number" names neither: the marker's issue stays, and the plan says so.
	p = compute(t, `{"version": 1, "issues": [{"id": "a", "title": "A", "number": 5}]}`, two())
	if p.Issues["a"].Number != 3 || !hasWarning(p, `issue "a": "number" says #5, but #3 carries the entry's marker`) {
		t.Errorf("issues %v, warnings %q", p.Issues, p.Warnings)
	}
}

// TestAdoptByNumberRefusals: a number that names a moved issue, another
// entry's issue, or an issue carrying another id's marker is an error.
func TestAdoptByNumberRefusals(t *testing.T) {
	managedSnap := func(issues ...state.Issue) *state.Snapshot {
		return &state.Snapshot{Repository: "o/r", Labels: []state.Label{{Name: "roadmap", Color: ManagedLabelColor, Description: ManagedLabelDescription}},
			Issues: issues, Moved: map[int]string{9: "other/repo#1"}}
	}
	for _, tt := range []struct {
		name   string
		src    string
		issues []state.Issue
		want   string
	}{
		{"moved away", `{"id": "a", "title": "A", "number": 9}`, nil, `issue "a": #9 was moved to other/repo#1, another repository`},
		{"another entry's issue", `{"id": "a", "title": "A"}, {"id": "b", "title": "B", "number": 4}`,
			[]state.Issue{byTool(state.Issue{Number: 4, Title: "A", State: "open", Body: managedBody("", "a"), Labels: []string{"roadmap"}})},
			`issue "b": #4 is already the issue of "a"`},
		{"a member's marker of an id the roadmap lacks", `{"id": "a", "title": "A", "number": 6}`,
			[]state.Issue{byMember(state.Issue{Number: 6, Title: "X", State: "open", Body: managedBody("", "x")})},
			`issue "a": #6 carries the marker of "x", which is not in the roadmap`},
		{"the tool's marker of an id the roadmap lacks", `{"id": "a", "title": "A", "number": 6}`,
			[]state.Issue{byTool(state.Issue{Number: 6, Title: "X", State: "open", Body: managedBody("", "x"), Labels: []string{"roadmap"}})},
			`issue "a": #6 carries the marker of "x", which is not in the roadmap`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rm, bodies := mustRoadmap(t, `{"version": 1, "issues": [`+tt.src+`]}`)
			_, err := Compute(rm, bodies, managedSnap(tt.issues...))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err %v, want %q", err, tt.want)
			}
		})
	}
	// A stranger's marker is text: the number adopts the issue and replaces it.
	p := compute(t, `{"version": 1, "issues": [{"id": "a", "title": "A", "number": 6}]}`,
		managedSnap(byStranger(state.Issue{Number: 6, Title: "A", State: "open", Body: managedBody("", "x")})))
	if c := p.Changes[len(p.Changes)-1]; c.Action != ActionAdopt || c.Number != 6 {
		t.Errorf("last change %+v", c)
	}
}

// TestIssueFieldsOnUpdate: assignees, state and milestone compare as GitHub
// holds them; held entries are never changed.
func TestIssueFieldsOnUpdate(t *testing.T) {
	cur := func(mod func(*state.Issue)) *state.Snapshot {
		is := byTool(state.Issue{Number: 1, Title: "A", State: "open", Body: managedBody("", "a"), Labels: []string{"roadmap"},
			Assignees: []string{"Alice", "bob"}, Milestone: "M1 old"})
		mod(&is)
		return &state.Snapshot{Repository: "o/r", Labels: []state.Label{{Name: "roadmap", Color: ManagedLabelColor, Description: ManagedLabelDescription}},
			Milestones: []state.Milestone{{Number: 1, Title: "M1 old", State: "open"}, {Number: 2, Title: "Elsewhere", State: "open"}}, Issues: []state.Issue{is}}
	}
	const ms = `"milestones": [{"title": "M1", "aliases": ["M1 old"]}]`
	for _, tt := range []struct {
		name  string
		entry string
		mod   func(*state.Issue)
		want  []string
	}{
		{"assignees in another order and case", `"assignees": ["bob", "alice"]`, func(*state.Issue) {}, nil},
		{"an assignee more", `"assignees": ["bob", "alice", "carol"]`, func(*state.Issue) {}, []string{"update issue a [assignees]"}},
		{"assignees unmanaged", ``, func(is *state.Issue) { is.Assignees = nil }, nil},
		{"the same state", `"state": "open"`, func(*state.Issue) {}, nil},
		{"closed on GitHub, open in the roadmap", `"state": "open"`, func(is *state.Issue) { is.State = "closed" }, []string{"update issue a [state]"}},
		{"state unmanaged", ``, func(is *state.Issue) { is.State = "closed" }, nil},
		{"the milestone under its old title", `"milestone": "M1"`, func(*state.Issue) {}, nil},
		{"a milestone the roadmap does not declare", `"milestone": "M1"`, func(is *state.Issue) { is.Milestone = "Elsewhere" }, []string{"update issue a [milestone]"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			entry := `{"id": "a", "title": "A"`
			if tt.entry != "" {
				entry += ", " + tt.entry
			}
			p := compute(t, `{"version": 1, `+ms+`, "issues": [`+entry+`}]}`, cur(tt.mod))
			var issueChanges []string
			for _, s := range summarize(p) {
				if strings.Contains(s, " issue ") {
					issueChanges = append(issueChanges, s)
				}
			}
			if !slices.Equal(issueChanges, tt.want) {
				t.Errorf("issue changes %q, want %q", issueChanges, tt.want)
			}
		})
	}
}

// TestAdoptionNotes: an adoption says how it matched, and a marker adopted
// from text a member wrote says whose text it was.
func TestAdoptionNotes(t *testing.T) {
	snap := &state.Snapshot{Repository: "o/r", Labels: []state.Label{{Name: "roadmap", Color: ManagedLabelColor, Description: ManagedLabelDescription}},
		Issues: []state.Issue{
			byMember(state.Issue{Number: 1, Title: "A", State: "open", Body: managedBody("", "a")}),
			byMember(state.Issue{Number: 2, Title: "B", State: "open"}),
		}}
	p := compute(t, `{"version": 1, "issues": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}]}`, snap)
	for _, w := range []string{
		`issue #1 "A" will be adopted by roadmap entry "a" (marker found in text written by @alice)`,
		`issue #2 "B" will be adopted by roadmap entry "b" (matched by title)`,
	} {
		if !hasWarning(p, w) {
			t.Errorf("no warning %q in %q", w, p.Warnings)
		}
	}
}

// TestDisputedEntriesChangeNothing: issues of different authors claiming
// one entry hold it: no field and no relation of it is planned, and it is
// not a relation's target either.
func TestDisputedEntriesChangeNothing(t *testing.T) {
	managed := []string{"roadmap"}
	snap := &state.Snapshot{Repository: "o/r", Labels: []state.Label{{Name: "roadmap", Color: ManagedLabelColor, Description: ManagedLabelDescription}},
		Issues: []state.Issue{
			byTool(state.Issue{Number: 1, Title: "Old title", State: "open", Body: managedBody("", "a"), Labels: managed}),
			byMember(state.Issue{Number: 2, Title: "Other", State: "open", Body: managedBody("", "a"), Labels: managed}),
			byTool(state.Issue{Number: 3, Title: "B", State: "open", Body: managedBody("", "b"), Labels: managed}),
		}}
	p := compute(t, `{"version": 1, "issues": [{"id": "a", "title": "A", "parent": "b"},
	  {"id": "b", "title": "B"}, {"id": "c", "title": "C", "parent": "a"}, {"id": "d", "title": "D", "blocked_by": ["a"]}]}`, snap)
	wantChanges(t, p, "create issue c [title,body,labels]", "create issue d [title,body,labels]")
	if p.Issues["a"].Number != 1 {
		t.Errorf("issues %v", p.Issues)
	}
}

// TestOrphansInNumberOrder: orphans are reported (and with prune closed) by
// number; closed ones are left as they are.
func TestOrphansInNumberOrder(t *testing.T) {
	managed := []string{"roadmap"}
	snap := func() *state.Snapshot {
		return &state.Snapshot{Repository: "o/r", Labels: []state.Label{{Name: "roadmap", Color: ManagedLabelColor, Description: ManagedLabelDescription}},
			Issues: []state.Issue{
				byTool(state.Issue{Number: 9, Title: "Nine", State: "open", Body: managedBody("", "z"), Labels: managed}),
				byTool(state.Issue{Number: 4, Title: "Four", State: "open", Body: managedBody("", "y"), Labels: managed}),
				byTool(state.Issue{Number: 6, Title: "Six", State: "closed", Body: managedBody("", "x"), Labels: managed}),
			}}
	}
	p := compute(t, `{"version": 1, "settings": {"prune": true}}`, snap())
	wantChanges(t, p, "close issue y [state]", "close issue z [state]")
	p = compute(t, `{"version": 1}`, snap())
	wantChanges(t, p)
	if len(p.Warnings) != 2 || !strings.Contains(p.Warnings[0], "#4") || !strings.Contains(p.Warnings[1], "#9") {
		t.Errorf("warnings %q", p.Warnings)
	}
}

// TestRelationsPlanned: existing links are unchanged, missing ones planned
// with the other issue's number and title; a server without sub-issues
// skips them, counted in one warning.
func TestRelationsPlanned(t *testing.T) {
	managed := []string{"roadmap"}
	snap := func() *state.Snapshot {
		return &state.Snapshot{Repository: "o/r", Labels: []state.Label{{Name: "roadmap", Color: ManagedLabelColor, Description: ManagedLabelDescription}},
			Issues: []state.Issue{
				byTool(state.Issue{Number: 1, Title: "Epic", State: "open", Body: managedBody("", "epic"), Labels: managed}),
				byTool(state.Issue{Number: 2, Title: "A", State: "open", Body: managedBody("", "a"), Labels: managed}),
				byTool(state.Issue{Number: 3, Title: "B", State: "open", Body: managedBody("", "b"), Labels: managed}),
			},
			Relations: map[int]state.Relations{1: {SubIssues: []int{2}}}}
	}
	const src = `{"version": 1, "issues": [{"id": "epic", "title": "Epic"}, {"id": "a", "title": "A", "parent": "epic"},
	  {"id": "b", "title": "B", "parent": "epic", "blocked_by": ["a"]}]}`
	p := compute(t, src, snap())
	wantChanges(t, p, "relate relation b [parent]", "relate relation b [blocked_by]")
	if p.Unchanged != 5 { // the managed label, three issues and a's parent link
		t.Errorf("%d unchanged", p.Unchanged)
	}
	for _, c := range p.Changes {
		if c.Number != 3 || c.TargetNumber == 0 || c.TargetTitle == "" {
			t.Errorf("relation %+v: want #3, the target's number and title", c)
		}
	}
	s := snap()
	s.Unsupported = map[string]string{state.FeatureSubIssues: "no sub-issues here"}
	p = compute(t, src, s)
	wantChanges(t, p, "relate relation b [blocked_by]")
	if !hasWarning(p, "2 parent links skipped: not supported by this GitHub (no sub-issues here)") {
		t.Errorf("warnings %q", p.Warnings)
	}
}

// TestDuplicatesClosed: listed duplicates are closed once; one already
// closed as a duplicate is unchanged, one moved away is reported.
func TestDuplicatesClosed(t *testing.T) {
	managed := []string{"roadmap"}
	snap := &state.Snapshot{Repository: "o/r", Labels: []state.Label{{Name: "roadmap", Color: ManagedLabelColor, Description: ManagedLabelDescription}},
		Issues: []state.Issue{
			byTool(state.Issue{Number: 1, Title: "A", State: "open", Body: managedBody("", "a"), Labels: managed}),
			byMember(state.Issue{Number: 5, Title: "A again", State: "closed", StateReason: "duplicate"}),
			byMember(state.Issue{Number: 6, Title: "A once more", State: "closed", StateReason: "completed"}),
			byMember(state.Issue{Number: 7, Title: "A", State: "open"}),
		},
		Moved: map[int]string{8: "other/repo#2"}}
	p := compute(t, `{"version": 1, "issues": [{"id": "a", "title": "A", "duplicates": [8, 7, 6, 5]}]}`, snap)
	wantChanges(t, p, "close issue a [state]", "close issue a [state]")
	if p.Changes[0].Number != 6 || p.Changes[1].Number != 7 || p.Unchanged != 3 { // the label, #1 and #5
		t.Errorf("closes %d and %d, %d unchanged", p.Changes[0].Number, p.Changes[1].Number, p.Unchanged)
	}
	if !hasWarning(p, "issue \"a\" lists #8 as a duplicate, but #8 was moved to other/repo#2") {
		t.Errorf("warnings %q", p.Warnings)
	}
	rm, bodies := mustRoadmap(t, `{"version": 1, "issues": [{"id": "a", "title": "A", "duplicates": [1]}]}`)
	if _, err := Compute(rm, bodies, snap); err == nil || !strings.Contains(err.Error(), `issue "a": #1 is this entry's own issue`) {
		t.Errorf("err %v", err)
	}
}

// TestIssueTypesChecked: a type the owner lacks is an error before any
// write; an owner without types says so.
func TestIssueTypesChecked(t *testing.T) {
	for _, tt := range []struct {
		types []string
		want  string
	}{
		{[]string{"Bug", "Feature"}, ""},
		{[]string{"Bug"}, `issue "a": type "feature" is not an issue type of the repository's owner (Bug)`},
		{[]string{}, `issue "a": type "feature": the repository's owner has no issue types`},
		{nil, ""}, // types unknown: GitHub's answer decides
	} {
		rm, bodies := mustRoadmap(t, `{"version": 1, "issues": [{"id": "a", "title": "A", "type": "feature"}]}`)
		_, err := Compute(rm, bodies, &state.Snapshot{Repository: "o/r", IssueTypes: tt.types})
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("types %v: err %v, want %q", tt.types, err, tt.want)
		}
	}
}

// TestForecastWording: the durations at each unit's edge, and counts in
// thousands.
func TestForecastWording(t *testing.T) {
	for _, tt := range []struct {
		writes   int
		interval time.Duration
		want     string
	}{
		{2, 500 * time.Millisecond, "2 writes: about 1 s at one write every 500 ms."},
		{120, 500 * time.Millisecond, "120 writes: about 1 min at one write every 500 ms."},
		{4, 15 * time.Minute, "4 writes: about 1 h at one write every 15 min."},
		{5, 15 * time.Minute, "5 writes: about 1 h 15 min at one write every 15 min."},
		{3, 1500 * time.Millisecond, "3 writes: about 5 s at one write every 2 s."},
	} {
		f := planOf(tt.writes).Estimate(tt.interval, 100000)
		if got := f.String(); got != tt.want {
			t.Errorf("%d writes at %v: %q, want %q", tt.writes, tt.interval, got, tt.want)
		}
	}
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 100000: "100,000", 1234567: "1,234,567", -1520: "-1520"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
