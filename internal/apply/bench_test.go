package apply_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/apply"
)

// BenchmarkApply1000 applies a roadmap of 1,000 issues (with labels, a
// milestone and 500 relations) to an empty repository on the in-process
// fake, pacing off; it reports the writes one apply sends.
//
//	go test ./internal/apply -run '^$' -bench Apply1000 -benchmem
func BenchmarkApply1000(b *testing.B) {
	var entries []string
	for i := range 1000 {
		e := fmt.Sprintf(`{"id": "item-%d", "title": "Item %d", "body": "Body of item %d.\n\n- [ ] one\n- [ ] two", "labels": ["bug"], "milestone": "M1"`, i, i, i)
		if i%2 == 1 {
			e += fmt.Sprintf(`, "blocked_by": ["item-%d"]`, i-1)
		}
		entries = append(entries, e+"}")
	}
	src := `{"version": 1, "labels": [{"name": "bug", "color": "d73a4a"}], "milestones": [{"title": "M1", "due_on": "2027-03-01"}], "issues": [` +
		strings.Join(entries, ",") + `]}`
	res := parse(b, src, nil)
	writes := 0
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		e := newEnv(b)
		p := e.plan(b, res)
		b.StartTimer()
		rep, err := apply.Run(context.Background(), p, e.client(b), apply.Options{Sleep: e.clock.Sleep})
		if err != nil || !rep.OK() {
			b.Fatalf("apply: %v\n%s", err, failures(rep))
		}
		writes = rep.Writes
	}
	b.ReportMetric(float64(writes), "writes/op")
}
