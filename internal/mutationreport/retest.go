package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The second pass. gremlins takes a mutant as covered only when its
// column lies inside a block of the coverage profile, and Go's profile
// leaves gaps: the condition of a "case" clause, and of an "if" after its
// init statement ("if i := f(); i >= 0 {"), belong to no block. A mutant
// there is reported NOT COVERED although every test run evaluates it. The
// second pass tests those mutants the way gremlins tests the others —
// the one token changed in a copy of the module, the package's tests run —
// when a block that ran starts or ends on the mutant's line (the case was
// taken, the if's init ran). A mutant on a line no test reaches stays NOT
// COVERED.

// retested is one mutant of the second pass, written to PKG.retest.json.
type retested struct {
	File   string `json:"file"` // relative to the package, as gremlins names it
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Type   string `json:"type"`
	Status string `json:"status"`
}

// retestPackage runs the second pass for one package whose gremlins
// results are in dir, on a copy of the module at root.
func retestPackage(ctx context.Context, dir, root, pkg string, log io.Writer) error {
	name := strings.ReplaceAll(pkg, "/", "_")
	data, err := os.ReadFile(filepath.Join(dir, name+".json"))
	if err != nil {
		return fmt.Errorf("reading the results of %s: %w", pkg, err)
	}
	var res gremlinsResult
	if err := json.Unmarshal(data, &res); err != nil {
		return fmt.Errorf("reading the results of %s: %w", pkg, err)
	}
	work, err := os.MkdirTemp("", "mutation-retest-") // outside the module, which is copied into it
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	if out, err := exec.CommandContext(ctx, "cp", "-a", root+"/.", work).CombinedOutput(); err != nil {
		return fmt.Errorf("copying the module: %v: %s", err, out)
	}
	profile := filepath.Join(work, "cover.out")
	start := time.Now()
	if out, err := goTest(ctx, work, pkg, 10*time.Minute, "-coverprofile", profile); err != nil {
		return fmt.Errorf("the tests of %s fail before any mutant: %v\n%s", pkg, err, out)
	}
	// As gremlins does: a mutant's tests may take a few times the
	// package's own run, and never less than a minute.
	timeout := max(6*time.Since(start), time.Minute)
	ran, err := executedLines(profile)
	if err != nil {
		return err
	}
	var out []retested
	for _, f := range res.Files {
		file := filepath.ToSlash(filepath.Join(pkg, f.FileName))
		for _, m := range f.Mutations {
			if m.Status != "NOT COVERED" || !ran[file][m.Line] {
				continue
			}
			status, err := testMutant(ctx, work, pkg, file, m.Line, m.Column, m.Type, timeout)
			if err != nil {
				return err
			}
			fmt.Fprintf(log, "%12s %s at %s:%d:%d (second pass)\n", status, m.Type, file, m.Line, m.Column)
			out = append(out, retested{File: f.FileName, Line: m.Line, Column: m.Column, Type: m.Type, Status: status})
		}
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, name+".retest.json"), b, 0o644)
}

// executedLines reads a coverage profile: by file (relative to the module,
// "internal/plan/plan.go"), the lines on which a block that ran starts or
// ends.
func executedLines(profile string) (map[string]map[int]bool, error) {
	f, err := os.Open(profile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	module := ""
	out := map[string]map[int]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "mode:") {
			continue
		}
		// github.com/o/m/internal/plan/plan.go:427.104,429.5 1 1
		loc, counts, ok := strings.Cut(line, " ")
		file, span, ok2 := strings.Cut(loc, ":")
		fields := strings.Fields(counts)
		if !ok || !ok2 || len(fields) != 2 || fields[1] == "0" {
			continue
		}
		if module == "" {
			module = moduleOf(file)
		}
		file = strings.TrimPrefix(file, module+"/")
		from, to, _ := strings.Cut(span, ",")
		for _, p := range []string{from, to} {
			l, _, _ := strings.Cut(p, ".")
			n, err := strconv.Atoi(l)
			if err != nil {
				continue
			}
			if out[file] == nil {
				out[file] = map[int]bool{}
			}
			out[file][n] = true
		}
	}
	return out, sc.Err()
}

// moduleOf is the module path of a file's import path in a profile:
// everything before "/internal/".
func moduleOf(file string) string {
	if i := strings.Index(file, "/internal/"); i >= 0 {
		return file[:i]
	}
	return filepath.Dir(filepath.Dir(file))
}

// replacements are gremlins' mutations (internal/engine/mappings.go,
// v0.6.0): the token found, and what the mutant puts instead.
var replacements = map[string]map[string]string{
	"CONDITIONALS_BOUNDARY": {"<": "<=", "<=": "<", ">": ">=", ">=": ">"},
	"CONDITIONALS_NEGATION": {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"},
	"ARITHMETIC_BASE":       {"+": "-", "-": "+", "*": "/", "/": "*", "%": "*"},
	"INCREMENT_DECREMENT":   {"++": "--", "--": "++"},
	"INVERT_NEGATIVES":      {"-": "+"},
}

// mutate changes the token at line:column (1-based, in bytes, as go/token
// counts) of src for a mutant of type typ.
func mutate(src []byte, line, column int, typ string) ([]byte, error) {
	off, l := 0, 1
	for l < line {
		i := strings.IndexByte(string(src[off:]), '\n')
		if i < 0 {
			return nil, fmt.Errorf("no line %d", line)
		}
		off += i + 1
		l++
	}
	off += column - 1
	if off >= len(src) {
		return nil, fmt.Errorf("no column %d on line %d", column, line)
	}
	table, ok := replacements[typ]
	if !ok {
		return nil, fmt.Errorf("no second pass for %s mutants", typ)
	}
	for _, n := range []int{2, 1} { // the longest operator first: "<=" before "<"
		if off+n > len(src) {
			continue
		}
		tok := string(src[off : off+n])
		if to, ok := table[tok]; ok && (n == 2 || !strings.ContainsRune("=+-", rune(src[off+1]))) {
			out := append([]byte{}, src[:off]...)
			out = append(out, to...)
			return append(out, src[off+n:]...), nil
		}
	}
	return nil, fmt.Errorf("line %d, column %d: no %s token at %.10q", line, column, typ, src[off:])
}

// testMutant applies one mutant in the copy, runs the package's tests, and
// puts the file back: KILLED when they fail, LIVED when they pass.
func testMutant(ctx context.Context, work, pkg, file string, line, column int, typ string, timeout time.Duration) (string, error) {
	path := filepath.Join(work, filepath.FromSlash(file))
	orig, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	mutated, err := mutate(orig, line, column, typ)
	if err != nil {
		return "", fmt.Errorf("%s: %w", file, err)
	}
	if err := os.WriteFile(path, mutated, 0o644); err != nil {
		return "", err
	}
	defer os.WriteFile(path, orig, 0o644)
	_, err = goTest(ctx, work, pkg, timeout, "-failfast")
	var ee *exec.ExitError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "TIMED OUT", nil
	case errors.As(err, &ee) && ee.ExitCode() == 2:
		return "NOT VIABLE", nil // it does not build
	case err != nil:
		return "KILLED", nil
	}
	return "LIVED", nil
}

// goTest runs the tests of one package of the module at dir, uncached.
func goTest(ctx context.Context, dir, pkg string, timeout time.Duration, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", append(append([]string{"test", "-count=1"}, args...), "./"+pkg)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		return out, context.DeadlineExceeded
	}
	return out, err
}
