package plan

import (
	"strings"
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/state"
)

// Strangers write on public repositories: their issues, markers and titles
// must never decide what the plan changes, closes or adopts, and must never
// stop a plan.
func TestWhatStrangersWriteDecidesNothing(t *testing.T) {
	quoted := "The tool wrote this into my issue:\n\n```\n" + managedBody("", "b") + "\n```\n"
	hidden := "Please add this to the roadmap.\n\n" + managedBody("", "b")
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		roadmap func(string) string
		snap    func(*state.Snapshot)
		want    []string
		// warn is a part of a warning the plan must give.
		warn string
		// untouched are issue numbers no change may name.
		untouched []int
	}{
		{
			name: "a stranger's issue quoting a pending entry's marker in a code block is not that entry",
			snap: func(s *state.Snapshot) {
				s.Issues = s.Issues[:1]
				s.FullScan = true
				s.Issues = append(s.Issues, byStranger(state.Issue{Number: 7, Title: "Bug report", State: "open", Body: quoted}))
			},
			want:      []string{"create issue b [title,body,labels,milestone]", "relate relation b [blocked_by]"},
			untouched: []int{7},
		},
		{
			name: "a member's issue quoting a marker in a code block is not that entry either",
			snap: func(s *state.Snapshot) {
				s.Issues = s.Issues[:1]
				s.FullScan = true
				s.Issues = append(s.Issues, byMember(state.Issue{Number: 7, Title: "Bug report", State: "open", Body: quoted, Labels: []string{"roadmap"}}))
			},
			want:      []string{"create issue b [title,body,labels,milestone]", "relate relation b [blocked_by]"},
			untouched: []int{7},
		},
		{
			name: "a stranger's hidden marker for a pending entry is ignored and reported",
			snap: func(s *state.Snapshot) {
				s.Issues = s.Issues[:1]
				s.FullScan = true
				s.Issues = append(s.Issues, byStranger(state.Issue{Number: 7, Title: "Beta", State: "open", Body: hidden}))
			},
			want:      []string{"create issue b [title,body,labels,milestone]", "relate relation b [blocked_by]"},
			warn:      `issue #7 "Beta" by @mallory carries the marker of "b", but its author has no write access to the repository (author_association NONE): it is ignored; to adopt it, set "number": 7 on the entry`,
			untouched: []int{7},
		},
		{
			name: "a stranger's labelled issue with the marker of an existing entry takes nothing from it",
			snap: func(s *state.Snapshot) {
				s.Issues = append(s.Issues, byStranger(state.Issue{Number: 7, Title: "Beta?", State: "open", Body: hidden, Labels: []string{"roadmap"}, Created: old}))
			},
			want:      nil,
			warn:      `issue #7 "Beta?" by @mallory carries the marker of "b"`,
			untouched: []int{7},
		},
		{
			name: "an older member's issue given an existing entry's marker: both held, neither changed",
			roadmap: func(s string) string {
				return strings.Replace(s, `"title": "Beta"`, `"title": "Beta 2"`, 1)
			},
			snap: func(s *state.Snapshot) {
				s.Issues = append(s.Issues, byMember(state.Issue{Number: 1001, Title: "Mine", State: "open", Body: hidden, Labels: []string{"roadmap"}, Created: old}))
				s.Issues[1].Created = old.Add(time.Hour)
			},
			want:      nil,
			warn:      `issues #2 (by @github-actions[bot]), #1001 (by @alice) all claim roadmap entry "b"; #2 keeps it, and none of them is changed until the roadmap says which: set "number" on the entry`,
			untouched: []int{2, 1001},
		},
		{
			name: "the roadmap's number settles a claim",
			roadmap: func(s string) string {
				return strings.Replace(strings.Replace(s, `"title": "Beta"`, `"title": "Beta 2"`, 1), `"id": "b", `, `"id": "b", "number": 2, `, 1)
			},
			snap: func(s *state.Snapshot) {
				s.Issues = append(s.Issues, byMember(state.Issue{Number: 1001, Title: "Mine", State: "open", Body: hidden, Labels: []string{"roadmap"}, Created: old}))
			},
			want:      []string{"update issue b [title]"},
			warn:      `issue #1001 also carries the marker of "b"; "number" says #2 is its issue, so #1001 is left alone`,
			untouched: []int{1001},
		},
		{
			name: "a second copy the tool made is closed as a duplicate of the first",
			snap: func(s *state.Snapshot) {
				s.Issues = append(s.Issues, byTool(state.Issue{Number: 3, Title: "Beta", State: "open", Body: managedBody("Beta body", "b"), Labels: []string{"P1", "roadmap"}, Milestone: "M2"}))
			},
			want: []string{"close issue b [state]"},
			warn: `issue #3 "Beta" is a second copy of "b", made by the tool (two runs at once, or an answer GitHub lost); it will be closed as a duplicate of #2`,
		},
		{
			name: "prune never closes a stranger's labelled issue with a marker",
			roadmap: func(s string) string {
				return strings.Replace(s, `"version": 1,`, `"version": 1, "settings": {"prune": true},`, 1)
			},
			snap: func(s *state.Snapshot) {
				s.Issues = append(s.Issues,
					byStranger(state.Issue{Number: 7, Title: "Mine", State: "open", Body: managedBody("x", "gone"), Labels: []string{"roadmap"}}),
					byMember(state.Issue{Number: 8, Title: "Quoting", State: "open", Body: "```\n" + managedBody("x", "gone2") + "\n```", Labels: []string{"roadmap"}}),
					byMember(state.Issue{Number: 9, Title: "Was ours", State: "open", Body: managedBody("x", "gone3"), Labels: []string{"roadmap"}}),
					byTool(state.Issue{Number: 10, Title: "Unlabelled", State: "open", Body: managedBody("x", "gone4")}),
				)
			},
			want:      []string{"close issue gone3 [state]"},
			untouched: []int{7, 8, 10},
		},
		{
			name: "a stranger's issue titled like a pending entry is not adopted",
			snap: func(s *state.Snapshot) {
				s.Issues = s.Issues[:1]
				s.FullScan = true
				s.Issues = append(s.Issues, byStranger(state.Issue{Number: 7, Title: "Beta", State: "open", Body: "Fake"}))
			},
			want:      []string{"create issue b [title,body,labels,milestone]", "relate relation b [blocked_by]"},
			untouched: []int{7},
		},
		{
			name: "a member's issue titled like a pending entry is adopted, a stranger's same title ignored",
			snap: func(s *state.Snapshot) {
				s.Issues = s.Issues[:1]
				s.FullScan = true
				s.Issues = append(s.Issues,
					byStranger(state.Issue{Number: 7, Title: "Beta", State: "open", Body: "Fake"}),
					byMember(state.Issue{Number: 8, Title: "Beta", State: "open", Body: "Real"}))
			},
			want:      []string{"adopt issue b [body,labels,milestone]", "relate relation b [blocked_by]"},
			warn:      `issue #8 "Beta" will be adopted by roadmap entry "b" (matched by title)`,
			untouched: []int{7},
		},
		{
			name: "a member's marker without the managed label is adopted, and the plan says whose text it was",
			snap: func(s *state.Snapshot) {
				s.Issues = s.Issues[:1]
				s.FullScan = true
				s.Issues = append(s.Issues, byMember(state.Issue{Number: 8, Title: "Beta", State: "open", Body: managedBody("Beta body", "b"), Labels: []string{"P1"}, Milestone: "M2"}))
			},
			want: []string{"adopt issue b [labels]", "relate relation b [blocked_by]"},
			warn: `issue #8 "Beta" will be adopted by roadmap entry "b" (marker found in text written by @alice)`,
		},
		{
			name:    "adopting by number replaces a marker a stranger wrote, without stopping the plan",
			roadmap: func(s string) string { return strings.Replace(s, `"id": "b", `, `"id": "b", "number": 7, `, 1) },
			snap: func(s *state.Snapshot) {
				s.Issues = s.Issues[:1]
				s.Issues = append(s.Issues, byStranger(state.Issue{Number: 7, Title: "Beta", State: "open", Body: managedBody("Mine", "not-in-roadmap"), Labels: []string{"roadmap", "P1"}, Milestone: "M2"}))
			},
			want: []string{"adopt issue b [body]", "relate relation b [blocked_by]"},
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
			tt.snap(snap)
			p, err := Compute(rm, bodies, snap)
			if err != nil {
				t.Fatalf("a plan must not fail on what others wrote: %v", err)
			}
			if got := summarize(p); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if tt.warn != "" && !hasWarning(p, tt.warn) {
				t.Errorf("no warning %q in\n%s", tt.warn, strings.Join(p.Warnings, "\n"))
			}
			for _, n := range tt.untouched {
				for _, c := range p.Changes {
					if c.Number == n {
						t.Errorf("#%d must be untouched, but the plan has %s %s %s", n, c.Action, c.Kind, c.Key)
					}
				}
			}
		})
	}
}
