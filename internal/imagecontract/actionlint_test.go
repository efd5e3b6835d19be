package imagecontract

import (
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
)

// TestWorkflowsPassActionlint lints .github/workflows/*.yml with actionlint,
// as `actionlint` run at the repository root would: expressions, event and
// permission names, action inputs (including those of the local action
// `uses: ./`, read from action.yml), and, in a subtest that needs
// shellcheck, the run: scripts and the repository's own shell scripts.
func TestWorkflowsPassActionlint(t *testing.T) {
	root := repoRoot(t)
	files, err := filepath.Glob(filepath.Join(root, ".github", "workflows", "*.y*ml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no workflows in .github/workflows")
	}
	sort.Strings(files)
	for _, e := range lint(t, root, files, "") {
		t.Error(e)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	t.Logf("linted %v", names)

	// Without shellcheck actionlint checks no run: script and says nothing:
	// a skip, which `go test -v` and .ci/run show, rather than a pass.
	t.Run("shellcheck", func(t *testing.T) {
		sc, err := exec.LookPath("shellcheck")
		if err != nil {
			t.Skip("shellcheck is not installed, so the workflows' run: scripts and the shell scripts are not checked; " +
				"install it (apt-get install shellcheck, as .ci/run does)")
		}
		for _, e := range lint(t, root, files, sc) {
			if strings.Contains(e, "[shellcheck]") {
				t.Error(e)
			}
		}
		scripts := []string{".ci/run", ".ci/release-snapshot", "scripts/mutation"}
		cmd := exec.Command(sc, scripts...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("shellcheck %s: %v\n%s", strings.Join(scripts, " "), err, out)
		}
	})
}

// lint runs actionlint on files, with shellcheck when sc is its path, and
// returns its findings as "FILE:LINE:COL: message [kind]".
func lint(t *testing.T, root string, files []string, sc string) []string {
	t.Helper()
	opts := &actionlint.LinterOptions{WorkingDir: root, LogWriter: io.Discard, Shellcheck: sc}
	linter, err := actionlint.NewLinter(io.Discard, opts)
	if err != nil {
		t.Fatal(err)
	}
	project, err := actionlint.NewProject(root)
	if err != nil {
		t.Fatal(err)
	}
	errs, err := linter.LintFiles(files, project)
	if err != nil {
		t.Fatalf("actionlint: %v", err)
	}
	var out []string
	for _, e := range errs {
		name := e.Filepath
		if rel, err := filepath.Rel(root, name); err == nil && filepath.IsAbs(name) {
			name = filepath.ToSlash(rel)
		}
		out = append(out, fmt.Sprintf("%s:%d:%d: %s [%s]", name, e.Line, e.Column, e.Message, e.Kind))
	}
	return out
}
