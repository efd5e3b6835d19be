// Command mutationreport reads the results scripts/mutation had gremlins
// write, one JSON file per package, and prints per package the mutants
// killed, lived and not covered, the test efficacy and the mutant coverage;
// with -check it exits 1 when a package is under its thresholds.
//
// A mutant marked in the code as equivalent (it changes nothing any test
// could observe) is counted apart, with the reason written beside it:
//
//	// equivalent mutant CONDITIONALS_BOUNDARY: why no test can tell
//
// on the mutant's line or the comment line just above it.
//
//	go run ./internal/mutationreport [-check] -dir DIR internal/plan=90 internal/render=80 …
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		var fe failedError
		if !errors.As(err, &fe) {
			fmt.Fprintln(os.Stderr, "mutationreport:", err)
		}
		os.Exit(1)
	}
}

// failedError is a package under its thresholds; the report already says which.
type failedError struct{ n int }

func (e failedError) Error() string { return fmt.Sprintf("%d packages under their thresholds", e.n) }

func run(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("mutationreport", flag.ContinueOnError)
	dir := fs.String("dir", "", "the `folder` of the results: PACKAGE.json (internal_plan.json) and PACKAGE.seconds")
	root := fs.String("root", ".", "the module's root `folder`, where the packages' sources are")
	check := fs.Bool("check", false, "exit 1 when a package is under its thresholds")
	second := fs.Bool("retest", false, "first test the NOT COVERED mutants on lines the tests run (retest.go), in a copy of the module")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" || fs.NArg() == 0 {
		return errors.New("usage: mutationreport [-check] [-retest] -dir DIR PACKAGE=THRESHOLD…")
	}
	var pkgs []Package
	for _, arg := range fs.Args() {
		path, pct, ok := strings.Cut(arg, "=")
		threshold, err := strconv.ParseFloat(pct, 64)
		if !ok || err != nil {
			return fmt.Errorf("%q is not PACKAGE=THRESHOLD", arg)
		}
		if *second {
			if err := retestPackage(context.Background(), *dir, *root, path, w); err != nil {
				return fmt.Errorf("second pass of %s: %w", path, err)
			}
			continue
		}
		p, err := load(*dir, *root, path, threshold)
		if err != nil {
			return err
		}
		pkgs = append(pkgs, p)
	}
	if *second {
		return nil // the report is the next call's, once every package has had its pass
	}
	failed := Print(w, pkgs)
	if *check && failed > 0 {
		return failedError{failed}
	}
	return nil
}

// Mutant is one change gremlins made, with what became of it.
type Mutant struct {
	File   string // relative to the module root
	Line   int
	Column int
	Type   string // CONDITIONALS_BOUNDARY, …
	Status string // KILLED, LIVED, NOT COVERED, TIMED OUT, NOT VIABLE, SKIPPED
	// Equivalent is the reason given in the code when the mutant is marked
	// equivalent; "" otherwise.
	Equivalent string
	// SecondPass says gremlins reported it NOT COVERED and the second pass
	// (retest.go) tested it.
	SecondPass bool
}

func (m Mutant) String() string {
	return fmt.Sprintf("%s:%d:%d %s", m.File, m.Line, m.Column, m.Type)
}

// Package is one package's results.
type Package struct {
	Path      string
	Threshold float64
	Seconds   int // -1 when unknown
	Mutants   []Mutant
}

// Counts are a package's mutants by outcome; an equivalent mutant counts only as Equivalent.
type Counts struct {
	Killed, Lived, NotCovered, TimedOut, NotViable, Equivalent int
}

// Counts tallies the mutants.
func (p Package) Counts() Counts {
	var c Counts
	for _, m := range p.Mutants {
		switch {
		case m.Equivalent != "" && m.Status != "KILLED":
			c.Equivalent++
		case m.Status == "KILLED":
			c.Killed++
		case m.Status == "LIVED":
			c.Lived++
		case m.Status == "NOT COVERED":
			c.NotCovered++
		case m.Status == "TIMED OUT":
			c.TimedOut++
		case m.Status == "NOT VIABLE":
			c.NotViable++
		}
	}
	return c
}

// Efficacy is killed / (killed + lived), in percent: of the mutants the
// tests reach, how many they notice. 100 when none is reached.
func (c Counts) Efficacy() float64 { return percent(c.Killed, c.Killed+c.Lived) }

// Coverage is (killed + lived) / (killed + lived + not covered), in
// percent: how many mutants any test of the package reaches at all.
func (c Counts) Coverage() float64 {
	return percent(c.Killed+c.Lived, c.Killed+c.Lived+c.NotCovered)
}

func percent(n, of int) float64 {
	if of == 0 {
		return 100
	}
	return 100 * float64(n) / float64(of)
}

// maxTimedOut is the share of timed-out mutants past which a package's
// figures mean little: gremlins leaves them out of both percentages, so a
// machine too slow for the timeout would pass any threshold.
const maxTimedOut = 0.05

// Problems says why a package fails its thresholds; nil when it passes.
func (p Package) Problems() []string {
	c := p.Counts()
	var out []string
	if e := c.Efficacy(); e < p.Threshold {
		out = append(out, fmt.Sprintf("test efficacy %.1f%% is under %.0f%%", e, p.Threshold))
	}
	if cov := c.Coverage(); cov < p.Threshold {
		out = append(out, fmt.Sprintf("mutant coverage %.1f%% is under %.0f%%", cov, p.Threshold))
	}
	if tested := c.Killed + c.Lived + c.TimedOut; tested > 0 && float64(c.TimedOut) > maxTimedOut*float64(tested) {
		out = append(out, fmt.Sprintf("%d of %d mutants timed out: raise MUTATION_TIMEOUT_COEFFICIENT", c.TimedOut, tested))
	}
	// A mark on a mutant the tests kill is wrong, and would hide a real
	// one if the tests later lost it.
	stale := 0
	for _, m := range p.Mutants {
		if m.Equivalent != "" && m.Status == "KILLED" {
			stale++
		}
	}
	if stale > 0 {
		out = append(out, fmt.Sprintf("%d mutants marked equivalent are killed: remove their marks", stale))
	}
	return out
}

// Print writes the table and the mutants that need a look, and returns how
// many packages fail their thresholds.
func Print(w io.Writer, pkgs []Package) int {
	fmt.Fprintf(w, "%-18s %7s %6s %8s %9s %6s %9s %9s %9s %6s\n",
		"package", "killed", "lived", "not cov.", "timed out", "equiv.", "efficacy", "coverage", "threshold", "time")
	failed := 0
	for _, p := range pkgs {
		c := p.Counts()
		mark := "ok"
		if len(p.Problems()) > 0 {
			mark, failed = "FAIL", failed+1
		}
		secs := "?"
		if p.Seconds >= 0 {
			secs = fmt.Sprintf("%dm%02ds", p.Seconds/60, p.Seconds%60)
		}
		fmt.Fprintf(w, "%-18s %7d %6d %8d %9d %6d %8.1f%% %8.1f%% %5.0f%% %-4s %6s\n",
			p.Path, c.Killed, c.Lived, c.NotCovered, c.TimedOut, c.Equivalent, c.Efficacy(), c.Coverage(), p.Threshold, mark, secs)
	}
	for _, p := range pkgs {
		n, killed := 0, 0
		for _, m := range p.Mutants {
			if m.SecondPass {
				n++
				if m.Status == "KILLED" {
					killed++
				}
			}
		}
		if n > 0 {
			fmt.Fprintf(w, "%s: %d mutants gremlins called not covered sit on lines the tests run (a case or if-init condition); tested in a second pass, %d killed\n",
				p.Path, n, killed)
		}
	}
	for _, p := range pkgs {
		for _, why := range p.Problems() {
			fmt.Fprintf(w, "%s: %s\n", p.Path, why)
		}
	}
	for _, section := range []struct {
		title string
		keep  func(Mutant) bool
	}{
		{"lived (a bug of this shape would pass the tests)", func(m Mutant) bool { return m.Equivalent == "" && m.Status == "LIVED" }},
		{"not covered (no test of the package reaches it)", func(m Mutant) bool { return m.Equivalent == "" && m.Status == "NOT COVERED" }},
		{"timed out", func(m Mutant) bool { return m.Equivalent == "" && m.Status == "TIMED OUT" }},
		{"equivalent (marked in the code)", func(m Mutant) bool { return m.Equivalent != "" && m.Status != "KILLED" }},
		{"marked equivalent, yet killed: remove the mark", func(m Mutant) bool { return m.Equivalent != "" && m.Status == "KILLED" }},
	} {
		var lines []string
		for _, p := range pkgs {
			for _, m := range p.Mutants {
				if !section.keep(m) {
					continue
				}
				line := m.String()
				if m.SecondPass {
					line += " (second pass)"
				}
				if m.Equivalent != "" {
					line += ": " + m.Equivalent
				}
				lines = append(lines, line)
			}
		}
		if len(lines) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s:\n", section.title)
		for _, l := range lines {
			fmt.Fprintf(w, "  %s\n", l)
		}
	}
	return failed
}

// gremlinsResult is the part of gremlins' --output file read here.
type gremlinsResult struct {
	Files []struct {
		FileName  string `json:"file_name"`
		Mutations []struct {
			Type   string `json:"type"`
			Status string `json:"status"`
			Line   int    `json:"line"`
			Column int    `json:"column"`
		} `json:"mutations"`
	} `json:"files"`
}

func load(dir, root, path string, threshold float64) (Package, error) {
	name := strings.ReplaceAll(path, "/", "_")
	data, err := os.ReadFile(filepath.Join(dir, name+".json"))
	if err != nil {
		return Package{}, fmt.Errorf("reading the results of %s: %w", path, err)
	}
	var res gremlinsResult
	if err := json.Unmarshal(data, &res); err != nil {
		return Package{}, fmt.Errorf("reading the results of %s: %w", path, err)
	}
	p := Package{Path: path, Threshold: threshold, Seconds: -1}
	if b, err := os.ReadFile(filepath.Join(dir, name+".seconds")); err == nil {
		if s, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
			p.Seconds = s
		}
	}
	// The second pass (retest.go) tested some NOT COVERED mutants.
	second := map[string]string{}
	if b, err := os.ReadFile(filepath.Join(dir, name+".retest.json")); err == nil {
		var rs []retested
		if err := json.Unmarshal(b, &rs); err != nil {
			return Package{}, fmt.Errorf("reading the second pass of %s: %w", path, err)
		}
		for _, r := range rs {
			second[fmt.Sprintf("%s:%d:%d %s", r.File, r.Line, r.Column, r.Type)] = r.Status
		}
	}
	sources := map[string][]string{}
	for _, f := range res.Files {
		file := filepath.ToSlash(filepath.Join(path, f.FileName))
		lines, ok := sources[file]
		if !ok {
			if lines, err = readLines(filepath.Join(root, file)); err != nil {
				return Package{}, err
			}
			sources[file] = lines
		}
		for _, m := range f.Mutations {
			mu := Mutant{File: file, Line: m.Line, Column: m.Column, Type: m.Type, Status: m.Status,
				Equivalent: equivalence(lines, m.Line, m.Column, m.Type)}
			if st, ok := second[fmt.Sprintf("%s:%d:%d %s", f.FileName, m.Line, m.Column, m.Type)]; ok && m.Status == "NOT COVERED" {
				mu.Status, mu.SecondPass = st, true
			}
			p.Mutants = append(p.Mutants, mu)
		}
	}
	slices.SortFunc(p.Mutants, func(a, b Mutant) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		if a.Column != b.Column {
			return a.Column - b.Column
		}
		return strings.Compare(a.Type, b.Type)
	})
	return p, nil
}

func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading the source of a mutant: %w", err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines, sc.Err()
}

// equivalentMark is the mark of an equivalent mutant: its types, and why
// no test can tell it from the code.
var equivalentMark = regexp.MustCompile(`//\s*equivalent mutant ([A-Z_]+(?:@\d+)?(?:\s*,\s*[A-Z_]+(?:@\d+)?)*):\s*(\S.*)$`)

// equivalence returns the reason a mutant of type typ at line:col
// (1-based) is marked equivalent, on that line or on a comment line just
// above it. A mark names types, each optionally with the column it means
// (CONDITIONALS_BOUNDARY@17) when the line holds more than one of them.
func equivalence(lines []string, line, col int, typ string) string {
	for _, i := range []int{line - 1, line - 2} {
		if i < 0 || i >= len(lines) {
			continue
		}
		text := lines[i]
		if i == line-2 && !strings.HasPrefix(strings.TrimSpace(text), "//") {
			break
		}
		m := equivalentMark.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		for _, t := range strings.Split(m[1], ",") {
			name, at, hasCol := strings.Cut(strings.TrimSpace(t), "@")
			if name == typ && (!hasCol || at == strconv.Itoa(col)) {
				return strings.TrimSpace(m[2])
			}
		}
	}
	return ""
}
