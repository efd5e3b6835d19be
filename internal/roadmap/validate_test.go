package roadmap

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the expected-output files in testdata/err")

// The testdata folder stands for the repository: body files may live
// anywhere under it, and nothing may reach outside.
func loadTestdata(t *testing.T, path string) *Result {
	t.Helper()
	res, err := Load(path, Options{Root: "testdata"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestValidInputs(t *testing.T) {
	files, _ := filepath.Glob("testdata/ok/*.json")
	if len(files) == 0 {
		t.Fatal("no testdata/ok/*.json")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			res := loadTestdata(t, f)
			for _, d := range res.Diagnostics {
				if d.Severity == SeverityError {
					t.Errorf("unexpected error: %s", d)
				}
			}
			if !res.Valid() {
				t.Error("Valid() = false")
			}
		})
	}
}

// Each testdata/err/NAME.json sits beside NAME.out, the exact diagnostics
// it must produce; go test -run TestInvalidInputs -update rewrites them.
func TestInvalidInputs(t *testing.T) {
	files, _ := filepath.Glob("testdata/err/*.json")
	if len(files) < 40 {
		t.Fatalf("%d bad inputs in testdata/err; keep at least 40", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			res := loadTestdata(t, f)
			var b strings.Builder
			for _, d := range res.Diagnostics {
				b.WriteString(d.String())
				b.WriteByte('\n')
			}
			got := b.String()
			want := strings.TrimSuffix(f, ".json") + ".out"
			if *update {
				if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			exp, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(exp) {
				t.Errorf("diagnostics differ\n--- got\n%s--- want\n%s", got, exp)
			}
			if !res.Diagnostics.HasErrors() {
				t.Error("a bad input produced no error")
			}
		})
	}
}

// The repository's own roadmap is the seed's roadmap; it must stay valid.
func TestRepositoryRoadmap(t *testing.T) {
	res, err := Load("../../roadmap.json", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		t.Errorf("%s", d)
	}
	if got := len(res.Roadmap.Issues); got != 11 {
		t.Errorf("the seed's roadmap has %d issues, want 11 (each work item once)", got)
	}
}
