package apply_test

import (
	"context"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/apply"
	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// TestRepositoryRoadmapOnEmptyRepository applies this repository's own
// roadmap to an empty repository: one write per label, milestone, issue and
// relation; then the plan is empty and a second apply writes nothing.
func TestRepositoryRoadmapOnEmptyRepository(t *testing.T) {
	e := newEnv(t)
	res := repositoryRoadmap(t)
	p := e.plan(t, res)
	e.f.ResetCounts()
	rep, err := apply.Run(context.Background(), p, e.client(t), apply.Options{Sleep: e.clock.Sleep})
	if err != nil || !rep.OK() {
		t.Fatalf("apply: %v\n%s", err, failures(rep))
	}
	kinds := map[string]int{}
	for _, c := range p.Changes {
		kinds[c.Kind]++
	}
	want := len(res.Roadmap.Labels) + 1 + len(res.Roadmap.Milestones) + len(res.Roadmap.Issues) + relations(res)
	if e.f.Writes() != want || rep.Writes != want || p.Writes() != want {
		t.Errorf("writes: fake %d, report %d, plan %d; want one per object = %d (%v)", e.f.Writes(), rep.Writes, p.Writes(), want, kinds)
	}
	// A clean run reads only to look for issues another run made, once
	// after every 10 creates.
	if want := (len(res.Roadmap.Issues) - 1) / 10; rep.Reads != want {
		t.Errorf("apply read %d times; want %d (one look per 10 creates)", rep.Reads, want)
	}
	if c := rep.Counts(); c.Created+c.Linked != want {
		t.Errorf("report counts %+v, want %d created", c, want)
	}
	for _, r := range rep.Results {
		if r.Change.Kind == plan.KindIssue && (r.Number == 0 || !strings.HasPrefix(r.URL, "https://github.com/"+full+"/issues/")) {
			t.Errorf("issue %s reported with number %d, URL %q", r.Change.Key, r.Number, r.URL)
		}
	}

	if p2 := e.plan(t, res); len(p2.Changes) != 0 {
		t.Fatalf("plan after apply has %d changes, first %+v", len(p2.Changes), p2.Changes[0])
	}
	e.f.ResetCounts()
	rep2 := mustApply(t, e, res)
	if e.f.Writes() != 0 || rep2.Writes != 0 || len(rep2.Results) != 0 {
		t.Errorf("second apply wrote %d times (report %d, %d results)", e.f.Writes(), rep2.Writes, len(rep2.Results))
	}
}

// relations counts the parent and blocked_by links a roadmap declares.
func relations(res *roadmap.Result) int {
	n := 0
	for _, is := range res.Roadmap.Issues {
		if is.Parent != "" {
			n++
		}
		n += len(is.BlockedBy)
	}
	return n
}
