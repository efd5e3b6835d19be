package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestMutate(t *testing.T) {
	src := "package p\n\nfunc f(a, b int) bool {\n\tswitch {\n\tcase a <= b && a != 0:\n\t\ta++\n\t}\n\treturn a-b > -1\n}\n"
	for _, tt := range []struct {
		line, col int
		typ, want string
	}{
		{5, 9, "CONDITIONALS_BOUNDARY", "\tcase a < b && a != 0:"},
		{5, 9, "CONDITIONALS_NEGATION", "\tcase a > b && a != 0:"},
		{5, 19, "CONDITIONALS_NEGATION", "\tcase a <= b && a == 0:"},
		{6, 4, "INCREMENT_DECREMENT", "\t\ta--"},
		{8, 10, "ARITHMETIC_BASE", "\treturn a+b > -1"},
		{8, 13, "CONDITIONALS_BOUNDARY", "\treturn a-b >= -1"},
		{8, 15, "INVERT_NEGATIVES", "\treturn a-b > +1"},
	} {
		got, err := mutate([]byte(src), tt.line, tt.col, tt.typ)
		if err != nil {
			t.Errorf("%d:%d %s: %v", tt.line, tt.col, tt.typ, err)
			continue
		}
		if line := strings.Split(string(got), "\n")[tt.line-1]; line != tt.want {
			t.Errorf("%d:%d %s: %q, want %q", tt.line, tt.col, tt.typ, line, tt.want)
		}
	}
	for _, bad := range []struct {
		line, col int
		typ       string
	}{{5, 8, "CONDITIONALS_BOUNDARY"}, {99, 1, "ARITHMETIC_BASE"}, {5, 9, "INVERT_LOGICAL"}, {6, 4, "ARITHMETIC_BASE"}} {
		if _, err := mutate([]byte(src), bad.line, bad.col, bad.typ); err == nil {
			t.Errorf("%+v: mutated where no such token is", bad)
		}
	}
}

func TestExecutedLines(t *testing.T) {
	profile := filepath.Join(t.TempDir(), "cover.out")
	os.WriteFile(profile, []byte("mode: set\n"+
		"example.com/m/internal/plan/plan.go:427.104,429.5 1 1\n"+
		"example.com/m/internal/plan/plan.go:472.50,473.20 1 0\n"+
		"example.com/m/internal/plan/plan.go:480.3,480.30 1 1\n"), 0o644)
	got, err := executedLines(profile)
	if err != nil {
		t.Fatal(err)
	}
	lines := got["internal/plan/plan.go"]
	for l, want := range map[int]bool{427: true, 428: false, 429: true, 472: false, 473: false, 480: true} {
		if lines[l] != want {
			t.Errorf("line %d executed %v, want %v", l, lines[l], want)
		}
	}
}

// TestSecondPass runs the second pass on a module of one package whose
// tests reach a case condition that gremlins calls not covered: one mutant
// there is killed, one lives, and one on a line no test runs is left alone.
func TestSecondPass(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the second pass runs go test")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go on PATH")
	}
	root, dir := t.TempDir(), t.TempDir()
	write := func(path, text string) {
		t.Helper()
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "go.mod"), "module example.com/m\n\ngo 1.22\n")
	write(filepath.Join(root, "internal/p/p.go"), `package p

func Sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 100:
		return 2
	}
	return 1
}
`)
	write(filepath.Join(root, "internal/p/p_test.go"), `package p

import "testing"

func TestSign(t *testing.T) {
	if Sign(-5) != -1 || Sign(5) != 1 {
		t.Fatal()
	}
}
`)
	write(filepath.Join(dir, "internal_p.json"), `{"files":[{"file_name":"p.go","mutations":[
	  {"type":"CONDITIONALS_NEGATION","status":"NOT COVERED","line":5,"column":9},
	  {"type":"CONDITIONALS_BOUNDARY","status":"NOT COVERED","line":5,"column":9},
	  {"type":"CONDITIONALS_BOUNDARY","status":"NOT COVERED","line":7,"column":9},
	  {"type":"INVERT_NEGATIVES","status":"KILLED","line":6,"column":10}]}]}`)
	var log bytes.Buffer
	if err := run([]string{"-retest", "-root", root, "-dir", dir, "internal/p=80"}, &log); err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	var out bytes.Buffer
	if err := run([]string{"-root", root, "-dir", dir, "internal/p=80"}, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{
		"internal/p               2      1        1         0      0     66.7%     75.0%",
		"internal/p: 2 mutants gremlins called not covered sit on lines the tests run (a case or if-init condition); tested in a second pass, 1 killed",
		"lived (a bug of this shape would pass the tests):\n  internal/p/p.go:5:9 CONDITIONALS_BOUNDARY (second pass)\n",
		"not covered (no test of the package reaches it):\n  internal/p/p.go:7:9 CONDITIONALS_BOUNDARY\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q:\n%s\nsecond pass:\n%s", want, out.String(), log.String())
		}
	}
	if b, _ := os.ReadFile(filepath.Join(root, "internal/p/p.go")); !strings.Contains(string(b), "case n < 0:") {
		t.Error("the second pass changed the module itself")
	}
}
