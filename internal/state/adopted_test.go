package state_test

import (
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// An entry that adopts an issue by its number (what roadmap import writes)
// has that issue's relations already: the plan must read them and not
// relate the issues again, which GitHub would refuse ("already a sub-issue").
func TestRelationsOfIssuesAdoptedByNumberAreRead(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	repo := f.AddRepo("octo-org", "octo-repo")
	epic := repo.AddIssue(githubfake.Issue{Title: "Epic"})
	task := repo.AddIssue(githubfake.Issue{Title: "Task"})
	repo.SetParent(task, epic)
	repo.AddBlockedBy(task, epic)
	src := `{"version": 1, "issues": [
	  {"id": "epic", "title": "Epic", "number": 1},
	  {"id": "task", "title": "Task", "number": 2, "parent": "epic", "blocked_by": ["epic"]}]}`
	res := roadmap.Parse("roadmap.json", []byte(src), roadmap.Options{Dir: t.TempDir()})
	if !res.Valid() {
		t.Fatal(res.Diagnostics)
	}
	_, p := planOnFake(t, f, res)
	for _, c := range p.Changes {
		if c.Kind == "relation" {
			t.Errorf("relates again what GitHub has: %s %s → %s", c.Key, c.Relation, c.Target)
		}
	}
}
