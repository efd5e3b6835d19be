package action_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

// mode: import on a schedule: the first run writes a roadmap and its body
// files into the workspace and lists them in the output files; a later run
// takes back what changed on GitHub. Neither writes to GitHub.
func TestModeImport(t *testing.T) {
	f, repo := prFake(t)
	long := strings.Repeat("Details of the work.\n", 20)
	repo.AddIssue(githubfake.Issue{Title: "Ship the importer", Body: &long})
	repo.AddIssue(githubfake.Issue{Title: "Ship the importer", Body: &long})
	p := newInProcess(t, f)
	ws := t.TempDir()
	p.env["GITHUB_WORKSPACE"] = ws
	p.env["GITHUB_EVENT_NAME"] = "schedule"
	p.env["GITHUB_EVENT_PATH"] = filepath.Join("testdata", "events", "schedule.json")
	p.env["INPUT_MODE"] = "import"
	p.env["INPUT_ROADMAP"] = "plans/roadmap.json"
	f.ResetCounts()
	p.run(t)
	if p.code != 0 {
		t.Fatalf("exit %d", p.code)
	}
	out := readOutputs(t, p.env["GITHUB_OUTPUT"])
	if out["files"] != "plans/.github/roadmap/ship-the-importer.md\nplans/roadmap.json" {
		t.Errorf("output files %q", out["files"])
	}
	for _, name := range strings.Split(out["files"], "\n") {
		if _, err := os.Stat(filepath.Join(ws, name)); err != nil {
			t.Errorf("listed file: %v", err)
		}
	}
	summary, _ := os.ReadFile(p.env["GITHUB_STEP_SUMMARY"])
	if !strings.Contains(string(summary), "kept (lowest number)") || !strings.Contains(string(summary), "The first apply will mark 1 issue, close 1 duplicate") {
		t.Errorf("summary:\n%s", summary)
	}
	if f.Writes() != 0 {
		t.Errorf("mode: import wrote to GitHub %d times", f.Writes())
	}

	// A week later someone retitled it on GitHub.
	title := "Ship the importer, with --into"
	c, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: prRepo, WriteInterval: 0})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateIssue(t.Context(), 3, map[string]any{"title": title}); err != nil {
		t.Fatal(err)
	}
	f.ResetCounts()
	p.stdout.Reset()
	p.run(t)
	out = readOutputs(t, p.env["GITHUB_OUTPUT"])
	data, _ := os.ReadFile(filepath.Join(ws, "plans", "roadmap.json"))
	if p.code != 0 || out["files"] != "plans/roadmap.json" || !strings.Contains(string(data), title) || f.Writes() != 0 {
		t.Errorf("second run: exit %d, files %q, writes %d\n%s", p.code, out["files"], f.Writes(), data)
	}

	// A token is needed, and the mode is checked.
	p.env["INPUT_TOKEN"] = ""
	p.run(t)
	if p.code != 1 || !strings.Contains(p.stdout.String(), "import needs a token") {
		t.Errorf("without a token: exit %d", p.code)
	}
}
