package apply_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/apply"
	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/pipeline"
	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// projectRoadmap is this repository's roadmap with a project whose Priority
// and Iteration mirror each issue's priority and sprint labels.
func projectRoadmap(t *testing.T, edit func(map[string]any)) *roadmap.Result {
	t.Helper()
	data, err := os.ReadFile("../../roadmap.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	doc["project"] = map[string]any{"owner": owner, "number": 1}
	for _, x := range doc["issues"].([]any) {
		is := x.(map[string]any)
		fields := map[string]any{}
		for _, l := range is["labels"].([]any) {
			switch name := l.(string); {
			case strings.HasPrefix(name, "P"):
				fields["Priority"] = name[:2]
			case strings.HasPrefix(name, "sprint-"):
				fields["Iteration"] = "Sprint " + strings.TrimPrefix(name, "sprint-")
			}
		}
		is["fields"] = fields
	}
	if edit != nil {
		edit(doc)
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	res := roadmap.Parse("roadmap.json", out, roadmap.Options{Dir: "../.."})
	if !res.Valid() {
		t.Fatalf("roadmap: %v", res.Diagnostics)
	}
	return res
}

type projectEnv struct {
	*env
	project *githubfake.Project
}

func newProjectEnv(t *testing.T) *projectEnv {
	t.Helper()
	e := newEnv(t)
	e.f.AddToken("project-token", "project-bot")
	p := e.f.AddProject(owner, 1, "Roadmap")
	p.AddField("Priority", "SINGLE_SELECT", "P0", "P1", "P2")
	p.AddIterationField("Iteration",
		githubfake.Iteration{Title: "Sprint 0", Start: "2027-01-04", Days: 14},
		githubfake.Iteration{Title: "Sprint 1", Start: "2027-01-18", Days: 14},
		githubfake.Iteration{Title: "Sprint 2", Start: "2027-02-01", Days: 14},
		githubfake.Iteration{Title: "Sprint 3", Start: "2027-02-15", Days: 14})
	p.AddField("Target date", "DATE")
	p.Allow("project-bot")
	return &projectEnv{env: e, project: p}
}

// clients: the repository's token and, unless noProject, the project's.
func (e *projectEnv) clients(t *testing.T, noProject bool) pipeline.Clients {
	t.Helper()
	cl := pipeline.Clients{Repo: e.client(t)}
	if !noProject {
		pc, err := gh.New(gh.Options{Token: "project-token", APIURL: e.f.URL, Repository: full, WriteInterval: 0,
			Sleep: e.clock.Sleep, Now: e.clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		cl.Project = pc
	}
	return cl
}

func (e *projectEnv) run(t *testing.T, res *roadmap.Result, noProject bool) (*plan.Plan, *apply.Report) {
	t.Helper()
	cl := e.clients(t, noProject)
	out, err := pipeline.Plan(context.Background(), cl, full, res.Roadmap, res.Bodies)
	if err != nil {
		t.Fatal(err)
	}
	opts := apply.Options{Sleep: e.clock.Sleep}
	if cl.Project != nil {
		opts.Project = cl.Project
	}
	rep, err := apply.Run(context.Background(), out.Plan, cl.Repo, opts)
	if err != nil {
		t.Fatal(err)
	}
	return out.Plan, rep
}

func (e *projectEnv) values() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, it := range e.project.Items() {
		out[it.Content] = it.Values
	}
	return out
}

func TestProjectFromTheRoadmap(t *testing.T) {
	e := newProjectEnv(t)
	res := projectRoadmap(t, nil)

	p, rep := e.run(t, res, false)
	if !rep.OK() {
		t.Fatalf("first apply:\n%s", failures(rep))
	}
	kinds := map[string]int{}
	for _, c := range p.Changes {
		kinds[c.Kind]++
	}
	if kinds[plan.KindProjectItem] != 11 || kinds[plan.KindProjectField] != 22 {
		t.Errorf("first plan: %v", kinds)
	}
	values := e.values()
	if len(values) != 11 {
		t.Fatalf("%d items, want every issue one: %v", len(values), values)
	}
	var engine string
	for _, is := range e.repo.Issues() {
		if is.Title == "Real-Time Collaboration Engine" {
			engine = fmt.Sprintf("%s#%d", full, is.Number)
		}
	}
	if v := values[engine]; v["Priority"] != "P0" || v["Iteration"] != "Sprint 1" {
		t.Errorf("collab-engine's item: %v", v)
	}

	// A rerun writes nothing.
	e.f.ResetCounts()
	p, rep = e.run(t, res, false)
	if len(p.Changes) != 0 || e.f.Writes() != 0 {
		t.Fatalf("re-apply: %d changes, %d writes", len(p.Changes), e.f.Writes())
	}

	// People move cards: a field the roadmap leaves out stays as they set it;
	// one it declares is put back, and the plan shows it.
	num := 0
	fmt.Sscanf(engine, full+"#%d", &num)
	e.project.SetValue(e.repo, num, "Target date", "2027-03-01")
	e.project.SetValue(e.repo, num, "Priority", "P2")
	p, rep = e.run(t, res, false)
	if len(p.Changes) != 1 || p.Changes[0].Kind != plan.KindProjectField {
		t.Fatalf("after the hand moves: %+v", p.Changes)
	}
	if f := p.Changes[0].Fields[0]; f.Name != "Priority" || f.From != "P2" || f.To != "P0" {
		t.Errorf("the change shown: %+v", f)
	}
	if !rep.OK() || e.values()[engine]["Target date"] != "2027-03-01" || e.values()[engine]["Priority"] != "P0" {
		t.Errorf("after apply: %v", e.values()[engine])
	}

	// null clears a declared value.
	cleared := projectRoadmap(t, func(doc map[string]any) {
		for _, x := range doc["issues"].([]any) {
			if is := x.(map[string]any); is["id"] == "collab-engine" {
				is["fields"].(map[string]any)["Target date"] = nil
			}
		}
	})
	if p, rep = e.run(t, cleared, false); !rep.OK() || len(p.Changes) != 1 || e.values()[engine]["Target date"] != "" {
		t.Errorf("clearing: %d changes, %v", len(p.Changes), e.values()[engine])
	}
}

func TestProjectRefusalsBeforeAnyWrite(t *testing.T) {
	for _, tt := range []struct {
		name  string
		field string
		value any
		want  string
	}{
		{"unknown option", "Priority", "P9", `issue "collab-engine": field "Priority" of project "Roadmap": "P9" is not one of its options ("P0", "P1", "P2"); did you mean "P0"?`},
		{"unknown field", "Stauts", "Done", `issue "collab-engine": project "Roadmap" has no field "Stauts"; did you mean "Status"?`},
		{"unknown iteration", "Iteration", "Sprint 9", `is not one of its iterations ("Sprint 0", "Sprint 1", "Sprint 2", "Sprint 3")`},
		{"text for a date", "Target date", "soon", `"soon" is not a date; this is a date field: write YYYY-MM-DD`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newProjectEnv(t)
			res := projectRoadmap(t, func(doc map[string]any) {
				for _, x := range doc["issues"].([]any) {
					if is := x.(map[string]any); is["id"] == "collab-engine" {
						is["fields"].(map[string]any)[tt.field] = tt.value
					}
				}
			})
			_, err := pipeline.Plan(context.Background(), e.clients(t, false), full, res.Roadmap, res.Bodies)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("plan error %v\nwant it to say %s", err, tt.want)
			}
			if e.f.Writes() != 0 {
				t.Errorf("%d writes", e.f.Writes())
			}
		})
	}
}

// Without a project token — or with one that can't see the project — the
// rest of the roadmap plans and applies, and the plan says once why the
// project was skipped.
func TestProjectSkipped(t *testing.T) {
	for _, tt := range []struct {
		name      string
		noProject bool
		deny      bool
		want      string
	}{
		{"no project token", true, false, "no project token"},
		{"a token that can't see the project", false, true, "FORBIDDEN: Resource not accessible by integration"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newProjectEnv(t)
			if tt.deny {
				e.f.AddToken("project-token", "someone-else")
			}
			p, rep := e.run(t, projectRoadmap(t, nil), tt.noProject)
			if !rep.OK() || len(e.repo.Issues()) != 11 || len(e.project.Items()) != 0 {
				t.Fatalf("ok %v, %d issues, %d items\n%s", rep.OK(), len(e.repo.Issues()), len(e.project.Items()), failures(rep))
			}
			n := 0
			for _, w := range p.Warnings {
				if strings.Contains(w, "project 1 of octo-org was not read or written") {
					n++
					if !strings.Contains(w, tt.want) || !strings.Contains(w, "ROADMAP_PROJECT_TOKEN") {
						t.Errorf("warning %q", w)
					}
				}
			}
			if n != 1 {
				t.Errorf("%d warnings about the project, want one: %q", n, p.Warnings)
			}
		})
	}
}

// What the project costs: a steady plan of this repository's roadmap with its
// project, and of 1,000 issues in a 1,000-item project; and the first apply's
// writes.
func TestProjectCost(t *testing.T) {
	e := newProjectEnv(t)
	res := projectRoadmap(t, nil)
	_, rep := e.run(t, res, false)
	t.Logf("first apply of this repository's roadmap with its project: %d writes (%d to the project)", e.f.Writes(), countProjectWrites(rep))
	if got := countProjectWrites(rep); got != 33 {
		t.Errorf("%d project writes, want 11 items + 22 values", got)
	}
	e.f.ResetCounts()
	p, _ := e.run(t, res, false)
	steady := len(e.f.Requests())
	t.Logf("steady plan with the project: %d requests (%d GraphQL), %d points", steady, e.f.GraphQLRequests(), e.f.GraphQLPoints())
	if len(p.Changes) != 0 || steady > 2 {
		t.Errorf("steady plan: %d changes, %d requests; want 0 and at most 2 (the repository, the project)", len(p.Changes), steady)
	}

	// 1,000 issues, each an item with a Priority, read steady.
	big := newProjectEnv(t)
	var entries []string
	for i := range 1000 {
		entries = append(entries, fmt.Sprintf(`{"id": "i%04d", "title": "Issue %d", "fields": {"Priority": "P%d"}}`, i, i, i%3))
	}
	src := `{"version": 1, "project": {"owner": "octo-org", "number": 1}, "issues": [` + strings.Join(entries, ",") + `]}`
	bigRes := parse(t, src, nil)
	_, rep = big.run(t, bigRes, false)
	if !rep.OK() {
		t.Fatalf("first apply:\n%s", failures(rep))
	}
	first := big.f.Writes()
	big.f.ResetCounts()
	p, _ = big.run(t, bigRes, false)
	t.Logf("1,000 issues in a 1,000-item project: first apply %d writes; steady plan %d requests (%d GraphQL), %d points",
		first, len(big.f.Requests()), big.f.GraphQLRequests(), big.f.GraphQLPoints())
	if len(p.Changes) != 0 || len(big.f.Requests()) > 22 {
		t.Errorf("steady: %d changes, %d requests", len(p.Changes), len(big.f.Requests()))
	}
}

func countProjectWrites(rep *apply.Report) int {
	n := 0
	for _, r := range rep.Results {
		if r.Change.Kind == plan.KindProjectItem || r.Change.Kind == plan.KindProjectField {
			n++
		}
	}
	return n
}

// An issue that could not be created has no item to add and no values to
// set: its project changes are not sent, and say why; the other issues'
// go on.
func TestProjectChangesOfAFailedIssue(t *testing.T) {
	e := newProjectEnv(t)
	res := projectRoadmap(t, nil)
	e.f.AfterWrite(func(k int) {
		if k == 16 { // labels and milestones done: the first issue create is refused
			e.f.FailNextWrites(1, 422)
		}
	})
	p, rep := e.run(t, res, false)
	var failed string
	for _, r := range rep.Results {
		if r.Change.Kind == plan.KindIssue && r.Status == apply.StatusFailed {
			failed = r.Change.Key
		}
	}
	if failed == "" {
		t.Fatalf("no issue create failed:\n%s", failures(rep))
	}
	project := 0
	for _, r := range rep.Results {
		if r.Change.Key != failed || (r.Change.Kind != plan.KindProjectItem && r.Change.Kind != plan.KindProjectField) {
			continue
		}
		project++
		// The issue is the reason, not the item that could not follow it.
		if r.Status != apply.StatusSkipped || !strings.Contains(r.Error, fmt.Sprintf("issue %q", failed)) || strings.Contains(r.Error, "item on the project") {
			t.Errorf("%s %s of the failed issue: %s %q", r.Change.Kind, r.Change.Target, r.Status, r.Error)
		}
	}
	if project == 0 {
		t.Fatalf("the failed issue %q had no project changes in the plan: %d changes", failed, len(p.Changes))
	}
	if items := len(e.project.Items()); items != 10 {
		t.Errorf("%d items on the project, want the 10 other issues", items)
	}
}
