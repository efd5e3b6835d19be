package plan

import (
	"fmt"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// BenchmarkCompute10k plans a 10,000-issue roadmap against a 10,000-issue
// snapshot in which every other issue needs a change:
// go test ./internal/plan -run '^$' -bench Compute10k -benchmem
func BenchmarkCompute10k(b *testing.B) {
	const n = 10000
	rm := &roadmap.Roadmap{Version: 1, Labels: []roadmap.Label{{Name: "bug"}, {Name: "P0", Group: "p"}, {Name: "P1", Group: "p"}},
		Milestones: []roadmap.Milestone{{Title: "M1"}, {Title: "M2"}}}
	bodies := make([]roadmap.Body, n)
	snap := &state.Snapshot{Repository: "o/r", Labels: []state.Label{{Name: "bug"}, {Name: "P0"}, {Name: "P1"}, {Name: "roadmap"}},
		Milestones: []state.Milestone{{Number: 1, Title: "M1"}, {Number: 2, Title: "M2"}}, Relations: map[int]state.Relations{}}
	for i := range n {
		id := fmt.Sprintf("item-%05d", i)
		text := fmt.Sprintf("Work item %d\n\nSome text about it, long enough to look like a real issue body.", i)
		rm.Issues = append(rm.Issues, roadmap.Issue{ID: id, Title: "Item " + id, Labels: []string{"bug", fmt.Sprintf("P%d", i%2)},
			Milestone: roadmap.Str(fmt.Sprintf("M%d", 1+i%2))})
		bodies[i] = roadmap.Body{Text: text, Managed: true}
		cur := text
		if i%2 == 0 {
			cur += " (edited)"
		}
		snap.Issues = append(snap.Issues, byTool(state.Issue{ID: int64(i + 1), Number: i + 1, Title: "Item " + id, State: "open",
			Body: roadmap.ComposeBody(cur, id, ""), Labels: []string{"bug", fmt.Sprintf("P%d", i%2), "roadmap"}, Milestone: fmt.Sprintf("M%d", 1+i%2)}))
	}
	b.ReportAllocs()
	for b.Loop() {
		p, err := Compute(rm, bodies, snap)
		if err != nil {
			b.Fatal(err)
		}
		if len(p.Changes) != n/2 {
			b.Fatalf("%d changes, want %d", len(p.Changes), n/2)
		}
	}
}
