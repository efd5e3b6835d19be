package plan

import (
	"fmt"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/state"
)

// projectSnap is a repository whose issues a and b exist (b held in a
// dispute when disputed), and a project with a field of every kind; a's
// item holds values, b has none yet.
func projectSnap(disputed bool) *state.Snapshot {
	managed := []string{"roadmap"}
	s := &state.Snapshot{Repository: "o/r", Labels: []state.Label{{Name: "roadmap", Color: ManagedLabelColor, Description: ManagedLabelDescription}},
		Issues: []state.Issue{
			byTool(state.Issue{Number: 1, NodeID: "I_a", Title: "A", State: "open", Body: managedBody("", "a"), Labels: managed}),
			byTool(state.Issue{Number: 2, NodeID: "I_b", Title: "B", State: "open", Body: managedBody("", "b"), Labels: managed}),
		},
		Project: &state.Project{ID: "P_1", Owner: "o", Number: 1, Title: "Roadmap", URL: "https://github.com/orgs/o/projects/1",
			Fields: []state.ProjectField{
				{ID: "F_linked", Name: "Linked work", Type: "LINKED_PULL_REQUESTS"},
				{ID: "F_notes", Name: "Notes", Type: state.FieldText},
				{ID: "F_est", Name: "Estimate", Type: state.FieldNumber},
				{ID: "F_date", Name: "Target date", Type: state.FieldDate},
				{ID: "F_status", Name: "Status", Type: state.FieldSingleSelect, Options: []state.ProjectOption{{ID: "O_todo", Name: "Todo"}, {ID: "O_done", Name: "Done"}}},
				{ID: "F_iter", Name: "Iteration", Type: state.FieldIteration, Iterations: []state.ProjectIteration{{ID: "IT_1", Title: "Sprint 1"}, {ID: "IT_2", Title: "Sprint 2"}}},
			},
			Items: map[string]state.ProjectItem{"I_a": {ID: "PVTI_a", Values: map[string]state.ProjectValue{
				"F_notes": {Text: "keep"}, "F_est": {Number: 3}, "F_date": {Date: "2027-01-15"}, "F_status": {OptionID: "O_todo"},
				"F_iter": {IterationID: "IT_1"}}}}}}
	if disputed {
		s.Issues = append(s.Issues, byMember(state.Issue{Number: 3, NodeID: "I_b2", Title: "B", State: "open", Body: managedBody("", "b"), Labels: managed}))
	}
	return s
}

func TestProjectPlan(t *testing.T) {
	const proj = `"project": {"owner": "o", "number": 1}`
	t.Run("values in step, changed, cleared, and an item to add", func(t *testing.T) {
		p := compute(t, `{"version": 1, `+proj+`, "issues": [
		  {"id": "a", "title": "A", "fields": {"Notes": "keep", "Estimate": 5, "Target date": null, "status": "done", "Iteration": "Sprint 1"}},
		  {"id": "b", "title": "B", "fields": {"Notes": "new", "Iteration": null, "Target date": "2027-03-01"}}]}`, projectSnap(false))
		var got []string
		for _, c := range p.Changes {
			if c.Kind == KindProjectItem || c.Kind == KindProjectField {
				got = append(got, fmt.Sprintf("%s %s %s %v→%v", c.Kind, c.Key, c.Fields[0].Name, c.Fields[0].From, c.Fields[0].To))
			}
		}
		want := []string{
			"project field a Estimate 3→5", "project field a Target date 2027-01-15→<nil>", "project field a Status Todo→Done", // by the roadmap's names: "status" last
			"project item b project <nil>→Roadmap", "project field b Notes <nil>→new", "project field b Target date <nil>→2027-03-01",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		// Unchanged: the label, both issues, a's item, a's Notes and
		// Iteration, b's cleared Iteration that holds nothing.
		if p.Unchanged != 7 {
			t.Errorf("%d unchanged", p.Unchanged)
		}
		if p.Project == nil || p.Project.ID != "P_1" || p.Project.Items["a"] != "PVTI_a" || p.Project.Items["b"] != "" {
			t.Errorf("project %+v", p.Project)
		}
		for _, c := range p.Changes {
			if c.Kind == KindProjectField && c.Fields[0].Name == "Status" && (c.Project.OptionID != "O_done" || c.Project.FieldID != "F_status") {
				t.Errorf("the status write %+v", c.Project)
			}
			if c.Kind == KindProjectField && c.Key == "a" && c.Fields[0].Name == "Target date" && !c.Project.Clear {
				t.Errorf("the date write %+v: want a clear", c.Project)
			}
		}
	})
	t.Run("what the project can't take is an error before any write", func(t *testing.T) {
		for fields, want := range map[string]string{
			`"Statuz": "Todo"`:        `issue "a": project "Roadmap" has no field "Statuz"; did you mean "Status"? (its fields: "Notes", "Estimate", "Target date", "Status", "Iteration")`,
			`"Linked work": "x"`:      `issue "a": field "Linked work" of project "Roadmap" is GitHub's own (LINKED_PULL_REQUESTS), which the API can't set on an item`,
			`"Notes": 3`:              `issue "a": field "Notes" of project "Roadmap": 3 is a number, and this is a text field`,
			`"Estimate": "three"`:     `issue "a": field "Estimate" of project "Roadmap": "three" is text, and this is a number field`,
			`"Target date": 5`:        `issue "a": field "Target date" of project "Roadmap": 5 is not a date`,
			`"Status": "Doing"`:       `issue "a": field "Status" of project "Roadmap": "Doing" is not one of its options ("Todo", "Done")`,
			`"Iteration": "Sprint 9"`: `issue "a": field "Iteration" of project "Roadmap": "Sprint 9" is not one of its iterations ("Sprint 1", "Sprint 2")`,
		} {
			rm, bodies := mustRoadmap(t, `{"version": 1, `+proj+`, "issues": [{"id": "a", "title": "A", "fields": {`+fields+`}}]}`)
			_, err := Compute(rm, bodies, projectSnap(false))
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %v\nwant %q", fields, err, want)
			}
		}
	})
	t.Run("a held entry's item is left alone", func(t *testing.T) {
		p := compute(t, `{"version": 1, `+proj+`, "issues": [{"id": "a", "title": "A"}, {"id": "b", "title": "B", "fields": {"Notes": "x"}}]}`, projectSnap(true))
		for _, c := range p.Changes {
			if c.Key == "b" {
				t.Errorf("a change of the held entry: %+v", c)
			}
		}
	})
	t.Run("skipped, or not read", func(t *testing.T) {
		s := projectSnap(false)
		s.Project, s.ProjectSkipped = nil, "project 1 of o was not read or written: no project token."
		p := compute(t, `{"version": 1, `+proj+`, "issues": [{"id": "a", "title": "A", "fields": {"Notes": "x"}}]}`, s)
		if !hasWarning(p, "no project token") || p.Project != nil {
			t.Errorf("warnings %q", p.Warnings)
		}
		p = compute(t, `{"version": 1, `+proj+`, "issues": [{"id": "a", "title": "A"}]}`, &state.Snapshot{Repository: "o/r", Empty: true})
		if !hasWarning(p, "project 1 of o was not read: the plan is against an empty repository") {
			t.Errorf("warnings %q", p.Warnings)
		}
	})
}
