package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEquivalence(t *testing.T) {
	lines := []string{
		"func f(d time.Duration) {",
		"	if d <= 0 { // equivalent mutant CONDITIONALS_BOUNDARY: d == 0 and d < 0 both mean no wait",
		"	// equivalent mutant CONDITIONALS_NEGATION, ARITHMETIC_BASE: the loop ends either way",
		"	for i := 0; i < n; i++ {",
		"	x := 1",
		"	// not a mark",
		"	y := 2 // equivalent mutant: no type named",
		"	if d <= 0 || d > max { // equivalent mutant CONDITIONALS_BOUNDARY@17: the second one only",
		"}",
	}
	for _, tt := range []struct {
		name string
		line int
		col  int
		typ  string
		want string
	}{
		{"on the line", 2, 7, "CONDITIONALS_BOUNDARY", "d == 0 and d < 0 both mean no wait"},
		{"another type on the marked line", 2, 7, "CONDITIONALS_NEGATION", ""},
		{"on the comment line above, first type", 4, 16, "CONDITIONALS_NEGATION", "the loop ends either way"},
		{"on the comment line above, second type", 4, 16, "ARITHMETIC_BASE", "the loop ends either way"},
		{"a type the mark does not name", 4, 22, "INCREMENT_DECREMENT", ""},
		{"the line above is code, not a comment", 5, 1, "CONDITIONALS_NEGATION", ""},
		{"a mark must name its types", 7, 7, "ARITHMETIC_BASE", ""},
		{"a mark with a column: that column", 8, 17, "CONDITIONALS_BOUNDARY", "the second one only"},
		{"a mark with a column: not another", 8, 7, "CONDITIONALS_BOUNDARY", ""},
		{"past the end", 99, 1, "ARITHMETIC_BASE", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := equivalence(lines, tt.line, tt.col, tt.typ); got != tt.want {
				t.Errorf("equivalence(line %d, %s) = %q, want %q", tt.line, tt.typ, got, tt.want)
			}
		})
	}
}

func TestReportAndCheck(t *testing.T) {
	root := t.TempDir()
	dir := t.TempDir()
	write := func(path, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "internal/plan/plan.go"), "package plan\n\nfunc f(a, b int) bool {\n\treturn a < b // equivalent mutant CONDITIONALS_BOUNDARY: a never equals b\n}\n")
	// 9 killed, 1 lived, 1 not covered, 1 equivalent: efficacy 90%, coverage 90.9%.
	muts := []string{}
	for range 9 {
		muts = append(muts, `{"type":"CONDITIONALS_NEGATION","status":"KILLED","line":4,"column":11}`)
	}
	muts = append(muts,
		`{"type":"ARITHMETIC_BASE","status":"LIVED","line":3,"column":1}`,
		`{"type":"INCREMENT_DECREMENT","status":"NOT COVERED","line":3,"column":2}`,
		`{"type":"CONDITIONALS_BOUNDARY","status":"LIVED","line":4,"column":11}`)
	write(filepath.Join(dir, "internal_plan.json"), `{"files":[{"file_name":"plan.go","mutations":[`+strings.Join(muts, ",")+`]}]}`)
	write(filepath.Join(dir, "internal_plan.seconds"), "75\n")

	for _, tt := range []struct {
		threshold string
		fails     bool
	}{{"90", false}, {"91", true}} {
		var out bytes.Buffer
		err := run([]string{"-check", "-root", root, "-dir", dir, "internal/plan=" + tt.threshold}, &out)
		if (err != nil) != tt.fails {
			t.Errorf("threshold %s: err %v\n%s", tt.threshold, err, out.String())
		}
		for _, want := range []string{
			"internal/plan            9      1        1         0      1     90.0%     90.9%",
			"1m15s",
			"lived (a bug of this shape would pass the tests):\n  internal/plan/plan.go:3:1 ARITHMETIC_BASE\n",
			"not covered (no test of the package reaches it):\n  internal/plan/plan.go:3:2 INCREMENT_DECREMENT\n",
			"equivalent (marked in the code):\n  internal/plan/plan.go:4:11 CONDITIONALS_BOUNDARY: a never equals b\n",
		} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("threshold %s: the report lacks %q:\n%s", tt.threshold, want, out.String())
			}
		}
		if tt.fails && !strings.Contains(out.String(), "internal/plan: test efficacy 90.0% is under 91%") {
			t.Errorf("the report does not say why it fails:\n%s", out.String())
		}
	}

	// Timed-out mutants are left out of both figures: too many of them fail
	// the check, or a slow machine would pass anything.
	write(filepath.Join(dir, "internal_plan.json"), `{"files":[{"file_name":"plan.go","mutations":[`+
		`{"type":"CONDITIONALS_NEGATION","status":"KILLED","line":4,"column":11},`+
		`{"type":"ARITHMETIC_BASE","status":"TIMED OUT","line":3,"column":1}]}]}`)
	var out bytes.Buffer
	if err := run([]string{"-check", "-root", root, "-dir", dir, "internal/plan=90"}, &out); err == nil ||
		!strings.Contains(out.String(), "1 of 2 mutants timed out: raise MUTATION_TIMEOUT_COEFFICIENT") {
		t.Errorf("half the mutants timed out, and the check passed:\n%s", out.String())
	}

	// A mark on a mutant the tests kill is stale.
	write(filepath.Join(dir, "internal_plan.json"), `{"files":[{"file_name":"plan.go","mutations":[`+
		`{"type":"CONDITIONALS_BOUNDARY","status":"KILLED","line":4,"column":11}]}]}`)
	out.Reset()
	if err := run([]string{"-check", "-root", root, "-dir", dir, "internal/plan=90"}, &out); err == nil ||
		!strings.Contains(out.String(), "1 mutants marked equivalent are killed: remove their marks") {
		t.Errorf("a stale mark passed the check:\n%s", out.String())
	}

	if err := run([]string{"-dir", dir, "internal/plan"}, &out); err == nil {
		t.Error("a package without a threshold was accepted")
	}
	if err := run([]string{"-dir", dir, "internal/none=80"}, &out); err == nil {
		t.Error("a package without results was accepted")
	}
}
