package roadmap

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// generated returns a valid roadmap of n issues with bodies of about 1 KB.
func generated(n int) []byte {
	rm := Roadmap{Version: 1}
	for _, name := range []string{"P0", "P1", "P2"} {
		rm.Labels = append(rm.Labels, Label{Name: name, Group: "priority"})
	}
	rm.Labels = append(rm.Labels, Label{Name: "enhancement"})
	for m := range 10 {
		rm.Milestones = append(rm.Milestones, Milestone{Title: fmt.Sprintf("M%d", m)})
	}
	para := strings.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", 18)
	for i := range n {
		body := fmt.Sprintf("# Work item %d\n\n%s\n", i, para)
		is := Issue{
			ID:        fmt.Sprintf("item-%d", i),
			Title:     fmt.Sprintf("Work item %d", i),
			Body:      &body,
			Labels:    []string{"enhancement", fmt.Sprintf("P%d", i%3)},
			Milestone: Str(fmt.Sprintf("M%d", i%10)),
		}
		if i > 0 {
			is.BlockedBy = []string{fmt.Sprintf("item-%d", i-1)}
		}
		if i >= 10 {
			is.Parent = fmt.Sprintf("item-%d", i/10)
		}
		rm.Issues = append(rm.Issues, is)
	}
	b, err := json.MarshalIndent(rm, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}

func TestGeneratedRoadmapIsValid(t *testing.T) {
	res := Parse("gen.json", generated(200), Options{Dir: t.TempDir()})
	for _, d := range res.Diagnostics {
		t.Errorf("%s", d)
	}
}

// BenchmarkValidate10k validates a 10,000-issue roadmap with ~1 KB bodies:
// go test ./internal/roadmap -run '^$' -bench Validate10k -benchmem
func BenchmarkValidate10k(b *testing.B) {
	data := generated(10000)
	dir := b.TempDir()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res := Parse("gen.json", data, Options{Dir: dir})
		if !res.Valid() {
			b.Fatal(res.Diagnostics[0])
		}
	}
}
