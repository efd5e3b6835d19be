package action_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

// projectWorkspace is the testdata roadmap with a project, and a Status for
// each issue.
func projectWorkspace(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "roadmap.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	doc["project"] = map[string]any{"owner": "octo-org", "number": 7}
	for _, x := range doc["issues"].([]any) {
		x.(map[string]any)["fields"] = map[string]any{"Status": "Todo"}
	}
	out, _ := json.MarshalIndent(doc, "", "  ")
	ws := t.TempDir()
	if err := os.WriteFile(filepath.Join(ws, "roadmap.json"), out, 0o644); err != nil {
		t.Fatal(err)
	}
	return ws
}

// The project-token input writes the project; without it the rest
// applies, with one notice, and the run succeeds.
func TestActionProject(t *testing.T) {
	dispatch := func(ws string, inputs map[string]string) job {
		return job{event: "workflow_dispatch", payload: "workflow_dispatch.json", repo: "octo-org/octo-repo", ref: "refs/heads/main",
			sha: "6113728f27ae82c7b1a177c8d03f9e96e0adf246", workspace: ws, inputs: inputs}
	}
	t.Run("with project-token", func(t *testing.T) {
		f := githubfake.New()
		defer f.Close()
		repo := f.AddRepo("octo-org", "octo-repo")
		f.AddToken("ghp_projectTokenThatMustBeMasked", "project-bot")
		p := f.AddProject("octo-org", 7, "Roadmap")
		p.Allow("project-bot")
		r := dispatch(projectWorkspace(t), map[string]string{"project-token": "ghp_projectTokenThatMustBeMasked"}).run(t, f)
		if r.code != 0 {
			t.Fatalf("exit %d\n%s", r.code, r.stdout)
		}
		checkApplied(t, repo)
		items := p.Items()
		if len(items) != 3 {
			t.Fatalf("items %+v", items)
		}
		for _, it := range items {
			if it.Values["Status"] != "Todo" {
				t.Errorf("item %s: %v", it.Content, it.Values)
			}
		}
		if !strings.Contains(r.stdout, "::add-mask::ghp_projectTokenThatMustBeMasked") {
			t.Error("the project token is not masked")
		}
	})
	t.Run("without", func(t *testing.T) {
		f := githubfake.New()
		defer f.Close()
		repo := f.AddRepo("octo-org", "octo-repo")
		p := f.AddProject("octo-org", 7, "Roadmap")
		r := dispatch(projectWorkspace(t), nil).run(t, f)
		if r.code != 0 {
			t.Fatalf("exit %d\n%s", r.code, r.stdout)
		}
		checkApplied(t, repo)
		if len(p.Items()) != 0 {
			t.Errorf("items written without a project token: %+v", p.Items())
		}
		if n := strings.Count(r.stdout, "::notice::project 7 of octo-org was not read or written: no project token"); n != 1 {
			t.Errorf("%d notices about the project\n%s", n, r.stdout)
		}
		if !strings.Contains(r.summary, "project 7 of octo-org was not read or written") {
			t.Error("the job summary does not say the project was skipped")
		}
	})
}
