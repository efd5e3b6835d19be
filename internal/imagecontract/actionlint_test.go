package imagecontract

import (
	"io"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"

	"github.com/rhysd/actionlint"
)

// TestWorkflowsPassActionlint lints .github/workflows/*.yml with actionlint,
// as `actionlint` run at the repository root would: expressions, event and
// permission names, action inputs (including those of the local action
// `uses: ./`, read from action.yml), and, when shellcheck is installed, the
// run: scripts.
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

	opts := &actionlint.LinterOptions{WorkingDir: root, LogWriter: io.Discard}
	if sc, err := exec.LookPath("shellcheck"); err == nil {
		opts.Shellcheck = sc
	} else {
		t.Log("shellcheck is not installed: run: scripts are not checked")
	}
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
	for _, e := range errs {
		name := e.Filepath
		if rel, err := filepath.Rel(root, name); err == nil && filepath.IsAbs(name) {
			name = filepath.ToSlash(rel)
		}
		t.Errorf("%s:%d:%d: %s [%s]", name, e.Line, e.Column, e.Message, e.Kind)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	t.Logf("linted %v", names)
}
