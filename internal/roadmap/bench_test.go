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

// minifiedWithProblems is generated(n) on one line, each issue carrying an
// undeclared label: n problems, all on line 1.
func minifiedWithProblems(n int) []byte {
	var rm Roadmap
	if err := json.Unmarshal(generated(n), &rm); err != nil {
		panic(err)
	}
	for i := range rm.Issues {
		rm.Issues[i].Labels = append(rm.Issues[i].Labels, "enhancment")
		rm.Issues[i].Title += " — é ✓ 🚀" // columns count characters, not bytes
	}
	b, err := json.Marshal(rm)
	if err != nil {
		panic(err)
	}
	return b
}

// A minified file with many problems: every position is on line 1, and
// columns must not cost a walk from the start of the line each.
// go test ./internal/roadmap -run '^$' -bench MinifiedProblems -benchmem
func BenchmarkValidateMinifiedProblems10k(b *testing.B) {
	data := minifiedWithProblems(10000)
	dir := b.TempDir()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res := Parse("min.json", data, Options{Dir: dir})
		if errs, _ := res.Diagnostics.Count(); errs != 10000 {
			b.Fatalf("%d errors", errs)
		}
	}
}

func TestMinifiedPositions(t *testing.T) {
	data := minifiedWithProblems(30)
	pretty := Parse("p.json", generatedWithTypos(30), Options{Dir: t.TempDir()})
	res := Parse("min.json", data, Options{Dir: t.TempDir()})
	if len(res.Diagnostics) != 30 || len(pretty.Diagnostics) != 30 {
		t.Fatalf("%d and %d diagnostics", len(res.Diagnostics), len(pretty.Diagnostics))
	}
	for i, d := range res.Diagnostics {
		want := strings.Index(string(data[d.Offset:]), `"enhancment"`)
		if d.Line != 1 || want != 0 || d.Col != utf8RuneCount(data[:d.Offset])+1 {
			t.Errorf("diagnostic %d at %d:%d (offset %d)", i, d.Line, d.Col, d.Offset)
		}
	}
}

func generatedWithTypos(n int) []byte {
	var v any
	if err := json.Unmarshal(minifiedWithProblems(n), &v); err != nil {
		panic(err)
	}
	b, _ := json.MarshalIndent(v, "", "  ")
	return b
}

func utf8RuneCount(b []byte) int { return len([]rune(string(b))) }

// The position index of a 10,000-issue file (about 12 MB): one pass.
// go test ./internal/roadmap -run '^$' -bench SourceIndex -benchmem
func BenchmarkSourceIndex10k(b *testing.B) {
	data := generated(10000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		newSource("gen.json", data)
	}
}
