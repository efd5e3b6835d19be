package importer_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/importer"
)

// bigRepo fills the fake with n issues without relations: a few labels and
// milestones, bodies of one line or of a few paragraphs, every 50th issue
// a second copy of the one before (a list submitted twice), and closed ones.
func bigRepo(tb testing.TB, n int) *env {
	tb.Helper()
	e := newEnv(tb)
	for _, l := range []string{"bug", "enhancement", "P0", "P1", "P2"} {
		e.repo.AddLabel(githubfake.Label{Name: l})
	}
	ms := []int{
		e.repo.AddMilestone(githubfake.Milestone{Title: "Q1", DueOn: "2027-03-31"}),
		e.repo.AddMilestone(githubfake.Milestone{Title: "Q3", DueOn: "2027-09-30"}),
	}
	para := strings.Repeat("This paragraph says what the work is and why it matters to the people who asked for it. ", 3)
	prev := githubfake.Issue{}
	for i := 1; i <= n; i++ {
		is := githubfake.Issue{Title: fmt.Sprintf("Work item %05d: part %d of the plan", i, i%97), Labels: []string{"enhancement", []string{"P0", "P1", "P2"}[i%3]}}
		body := fmt.Sprintf("Do item %d.", i)
		if i%3 != 0 {
			body = fmt.Sprintf("## Item %d\n\n%s\n\n- [ ] step one\n- [ ] step two\n", i, para)
		}
		is.Body = &body
		if i%4 == 0 {
			is.Milestone = ms[i%2]
		}
		if i%10 == 0 {
			is.State = "closed"
		}
		if i%50 == 0 {
			is = prev
		}
		e.repo.AddIssue(is)
		prev = is
	}
	return e
}

// 10,000 issues without relations import in 102 requests: the labels, the
// milestones and 100 pages of issues; nothing is read twice, nothing written.
func TestImport10kIssuesRequests(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 issues")
	}
	e := bigRepo(t, 10_000)
	e.f.ResetCounts()
	res, err := importer.Import(context.Background(), e.client(t), importer.Options{Repository: full, RoadmapPath: filepath.Join(t.TempDir(), "roadmap.json")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Reads != 102 || e.f.Reads() != 102 || e.f.Writes() != 0 {
		t.Errorf("%d requests counted by the client, %d reads and %d writes by the fake; want 102, 102, 0", res.Reads, e.f.Reads(), e.f.Writes())
	}
	if got := len(res.Roadmap.Issues); got != 10_000-200 || len(res.Groups) != 200 {
		t.Errorf("%d entries, %d groups; want 9,800 and 200", got, len(res.Groups))
	}
	if res.Diagnostics.HasErrors() || res.Plan == nil {
		t.Errorf("diagnostics %v, plan error %v", res.Diagnostics, res.PlanErr)
	}
}

// BenchmarkImport10k imports 10,000 issues from the in-process fake: the
// reads (102 requests), grouping, ids, encoding, validation in a temporary
// folder and the first plan; files are not written.
//
//	go test ./internal/importer -run '^$' -bench Import10k -benchmem
func BenchmarkImport10k(b *testing.B) {
	e := bigRepo(b, 10_000)
	c := e.client(b)
	out := filepath.Join(b.TempDir(), "roadmap.json")
	reads := 0
	for b.Loop() {
		res, err := importer.Import(context.Background(), c, importer.Options{Repository: full, RoadmapPath: out})
		if err != nil {
			b.Fatal(err)
		}
		reads = res.Reads
	}
	b.ReportMetric(float64(reads), "requests/op")
}
