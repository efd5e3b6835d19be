package apply_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/apply"
	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

const relatedRoadmap = `{"version": 1, "labels": [{"name": "bug", "color": "d73a4a"}], "issues": [
  {"id": "epic", "title": "Epic"},
  {"id": "one", "title": "One", "labels": ["bug"], "parent": "epic"},
  {"id": "two", "title": "Two", "parent": "epic", "blocked_by": ["one"]}]}`

// On GitHub Enterprise Server without sub-issues (3.17, 3.18) or
// dependencies (3.17, 3.18), those relations are skipped — in the plan and
// the report — and everything else plans and applies; a later plan does not
// fail either.
func TestEnterpriseServerWithoutRelations(t *testing.T) {
	for _, tt := range []struct {
		version              string
		parents, blockedBys  int // relations that land
		skippedInPlanWarning []string
	}{
		{"3.17", 0, 0, []string{"2 parent links skipped: not supported by this GitHub (GitHub Enterprise Server 3.17.0 has no sub-issues API", "1 blocked_by link skipped"}},
		{"3.19", 0, 1, []string{"2 parent links skipped: not supported by this GitHub (GitHub Enterprise Server 3.19.0 has no sub-issues API"}},
	} {
		t.Run(tt.version, func(t *testing.T) {
			e := newEnv(t)
			e.f.Enterprise(tt.version)
			srv := httptest.NewServer(http.StripPrefix("/api/v3", e.f))
			defer srv.Close()
			client := func() *gh.Client {
				c, err := gh.New(gh.Options{Token: "t", APIURL: srv.URL + "/api/v3", Repository: full, WriteInterval: 0, Sleep: e.clock.Sleep, Now: e.clock.Now})
				if err != nil {
					t.Fatal(err)
				}
				return c
			}
			res := parse(t, relatedRoadmap, nil)
			snap, err := state.Fetch(context.Background(), client(), full, res.Roadmap)
			if err != nil {
				t.Fatal(err)
			}
			p, err := plan.Compute(res.Roadmap, res.Bodies, snap)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.skippedInPlanWarning {
				if !warned(p, w) {
					t.Errorf("no warning %q in %q", w, p.Warnings)
				}
			}
			rep, err := apply.Run(context.Background(), p, client(), apply.Options{Sleep: e.clock.Sleep})
			if err != nil || !rep.OK() {
				t.Fatalf("apply: %v\n%s", err, failures(rep))
			}
			if got := len(e.repo.Issues()); got != 3 {
				t.Errorf("%d issues", got)
			}
			blocked := 0
			for _, is := range e.repo.Issues() {
				blocked += len(e.repo.BlockedBy(is.Number))
			}
			if blocked != tt.blockedBys {
				t.Errorf("%d dependencies, want %d", blocked, tt.blockedBys)
			}
			// The next plan reads what the server has and plans nothing.
			snap, err = state.Fetch(context.Background(), client(), full, res.Roadmap)
			if err != nil {
				t.Fatalf("a later plan failed: %v", err)
			}
			p, err = plan.Compute(res.Roadmap, res.Bodies, snap)
			if err != nil || len(p.Changes) != 0 {
				t.Fatalf("later plan: %v, %d changes", err, len(p.Changes))
			}
		})
	}
	t.Run("a server that turns out to lack sub-issues: one 404, then no more requests for them", func(t *testing.T) {
		e := newEnv(t)
		e.f.Enterprise("3.17")
		res := parse(t, relatedRoadmap, nil)
		p := e.plan(t, res) // at the fake's root: no /api/v3, so the version is not asked
		if n := countRelations(p); n != 3 {
			t.Fatalf("the plan has %d relations; want all 3, not knowing better", n)
		}
		e.f.ResetCounts()
		rep, err := runPlan(t, e, p)
		if err != nil || !rep.OK() {
			t.Fatalf("apply: %v\n%s", err, failures(rep))
		}
		if c := rep.Counts(); c.Unsupported != 3 {
			t.Errorf("counts %+v, want 3 unsupported", c)
		}
		relationWrites := 0
		for _, r := range e.f.Requests() {
			if r.Write && (strings.Contains(r.Path, "sub_issues") || strings.Contains(r.Path, "dependencies")) {
				relationWrites++
			}
		}
		if relationWrites != 2 {
			t.Errorf("%d relation writes; want one 404 per missing feature", relationWrites)
		}
		if !strings.Contains(rep.SummaryLine(), "3 not supported by this GitHub") {
			t.Errorf("summary %q", rep.SummaryLine())
		}
	})
}

func countRelations(p *plan.Plan) int {
	n := 0
	for _, c := range p.Changes {
		if c.Kind == plan.KindRelation {
			n++
		}
	}
	return n
}

// A login that can't be assigned, or a type the owner lacks, refuses a
// whole issue write: the plan says so before anything is written; and if
// GitHub refuses anyway, apply sends the write once more without that field,
// so the rest lands.
func TestPartialRefusals(t *testing.T) {
	src := `{"version": 1, "issues": [
  {"id": "a", "title": "A", "assignees": ["octocat", "ghost-user"]},
  {"id": "b", "title": "B", "type": "Epik"}]}`
	t.Run("the plan names the login and the type before anything is written", func(t *testing.T) {
		e := newEnv(t)
		e.repo.AddIssueTypes("Bug", "Epic", "Task")
		res := parse(t, src, nil)
		snap, err := state.Fetch(context.Background(), e.client(t), full, res.Roadmap)
		if err != nil {
			t.Fatal(err)
		}
		_, err = plan.Compute(res.Roadmap, res.Bodies, snap)
		for _, want := range []string{
			`issue "a": @ghost-user can't be assigned in octo-org/octo-repo`,
			`issue "b": type "Epik" is not an issue type of the repository's owner (Bug, Epic, Task); did you mean "Epic"?`,
		} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("plan error %v; want it to say %q", err, want)
			}
		}
		if strings.Contains(err.Error(), "octocat") {
			t.Errorf("an assignable login is reported: %v", err)
		}
		if e.f.Writes() != 0 {
			t.Errorf("%d writes", e.f.Writes())
		}
	})
	t.Run("apply drops what GitHub refuses and applies the rest", func(t *testing.T) {
		e := newEnv(t)
		res := parse(t, src, nil)
		// A plan that could not check: GitHub's answer to the write decides.
		p, err := plan.Compute(res.Roadmap, res.Bodies, &state.Snapshot{Repository: full, Empty: true})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := runPlan(t, e, p)
		if err != nil {
			t.Fatal(err)
		}
		byKey := map[string]apply.Result{}
		for _, r := range rep.Results {
			byKey[r.Change.Key] = r
		}
		if r := byKey["a"]; r.Status != apply.StatusPartial || !strings.Contains(r.Error, "assignees refused (assignees is invalid (ghost-user)); the rest was applied") {
			t.Errorf("a: %s %q", r.Status, r.Error)
		}
		if r := byKey["b"]; r.Status != apply.StatusPartial || !strings.Contains(r.Error, "type refused (type is invalid (Epik))") {
			t.Errorf("b: %s %q", r.Status, r.Error)
		}
		if got := len(e.repo.Issues()); got != 2 {
			t.Fatalf("%d issues created, want both", got)
		}
		if rep.OK() || !strings.Contains(rep.SummaryLine(), "2 partly applied") {
			t.Errorf("ok %v, summary %q", rep.OK(), rep.SummaryLine())
		}
	})
}

// Two applies at once: labels and milestones another run made count as
// made, and issue creates look every 10 creates for issues another run made
// meanwhile; copies that slip through are closed by the next plan.
func TestTwoRunsAtOnce(t *testing.T) {
	var entries []string
	for i := range 25 {
		entries = append(entries, `{"id": "i`+string(rune('a'+i))+`", "title": "Issue `+string(rune('a'+i))+`", "labels": ["bug"], "milestone": "M1"}`)
	}
	src := `{"version": 1, "labels": [{"name": "bug", "color": "d73a4a"}], "milestones": [{"title": "M1"}], "issues": [` + strings.Join(entries, ",") + `]}`
	e := newEnv(t)
	res := parse(t, src, nil)
	p1 := e.plan(t, res)
	p2 := e.plan(t, res) // both runs read an empty repository
	var wg sync.WaitGroup
	reps := make([]*apply.Report, 2)
	for i, p := range []*plan.Plan{p1, p2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := gh.New(gh.Options{Token: "t", APIURL: e.f.URL, Repository: full, WriteInterval: 0})
			if err != nil {
				t.Error(err)
				return
			}
			reps[i], _ = apply.Run(context.Background(), p, c, apply.Options{})
		}()
	}
	wg.Wait()
	for i, rep := range reps {
		for _, r := range rep.Results {
			if r.Status == apply.StatusFailed || r.Status == apply.StatusSkipped {
				t.Errorf("run %d: %s %s: %s", i+1, r.Status, apply.Subject(r.Change), r.Error)
			}
		}
	}
	if n := len(e.repo.Labels()); n != 2 {
		t.Errorf("%d labels", n)
	}
	if n := len(e.repo.Milestones()); n != 1 {
		t.Errorf("%d milestones", n)
	}
	// Whatever slipped through is closed by the next plan, which then converges.
	after := e.plan(t, res)
	for _, c := range after.Changes {
		if c.Action != plan.ActionClose || c.StateReason != "duplicate" {
			t.Errorf("after two runs the plan has %s %s %s; want only duplicate closes", c.Action, c.Kind, c.Key)
		}
	}
	mustApply(t, e, res)
	if p := e.plan(t, res); len(p.Changes) != 0 {
		t.Errorf("not converged: %d changes", len(p.Changes))
	}
	open := 0
	for _, is := range e.repo.Issues() {
		if is.State == "open" {
			open++
		}
	}
	if open != 25 {
		t.Errorf("%d open issues, want exactly one per entry", open)
	}
	t.Logf("two simultaneous runs: %d issues created in all, %d copies closed by the next plan", len(e.repo.Issues()), len(after.Changes))
}

// A run that starts after another has made some issues, from a plan read
// before them, finds them at its next look and does not create them again.
func TestLaterRunFindsIssuesAnotherRunMade(t *testing.T) {
	var entries []string
	for i := range 20 {
		entries = append(entries, `{"id": "i`+string(rune('a'+i))+`", "title": "Issue `+string(rune('a'+i))+`"}`)
	}
	src := `{"version": 1, "issues": [` + strings.Join(entries, ",") + `]}`
	e := newEnv(t)
	res := parse(t, src, nil)
	stale := e.plan(t, res)
	mustApply(t, e, res) // the other run, done first
	e.f.ResetCounts()
	rep, err := runPlan(t, e, stale)
	if err != nil {
		t.Fatal(err)
	}
	notes := 0
	for _, r := range rep.Results {
		if strings.Contains(r.Note, "another run had just created it") {
			notes++
		}
	}
	// The first 10 creates went out before the first look (the plan had just
	// read); the look after them found the other 10.
	if n := len(e.repo.Issues()); n != 30 || notes != 10 {
		t.Errorf("%d issues, %d found made by the other run", n, notes)
	}
}
