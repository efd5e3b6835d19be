package gh_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

func projectFake(t *testing.T) (*githubfake.Fake, *githubfake.Repo, *githubfake.Project) {
	t.Helper()
	f := githubfake.New()
	t.Cleanup(f.Close)
	repo := f.AddRepo("octo-org", "octo-repo")
	f.AddToken("project-token", "project-bot")
	p := f.AddProject("octo-org", 1, "Roadmap")
	p.AddField("Priority", "SINGLE_SELECT", "P0", "P1", "P2")
	p.AddField("Estimate", "NUMBER")
	p.AddField("Target date", "DATE")
	p.AddField("Notes", "TEXT")
	p.AddIterationField("Iteration",
		githubfake.Iteration{Title: "Sprint 0", Start: "2026-12-21", Days: 14, Completed: true},
		githubfake.Iteration{Title: "Sprint 1", Start: "2027-01-04", Days: 14})
	p.Allow("project-bot")
	return f, repo, p
}

func TestProjectReadAndWrite(t *testing.T) {
	f, repo, p := projectFake(t)
	n := repo.AddIssue(githubfake.Issue{Title: "Engine"})
	other := repo.AddIssue(githubfake.Issue{Title: "Not in the roadmap"})
	p.SetValue(repo, other, "Status", "Done")
	c, err := gh.New(gh.Options{Token: "project-token", APIURL: f.URL, Repository: "octo-org/octo-repo", WriteInterval: 0})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	proj, err := c.ReadProject(ctx, "octo-org", 1)
	if err != nil {
		t.Fatal(err)
	}
	if proj.Title != "Roadmap" || proj.ID == "" || len(proj.Items) != 1 || !strings.HasSuffix(proj.URL, "/orgs/octo-org/projects/1") {
		t.Fatalf("project %+v", proj)
	}
	prio, iter, est, date, notes, status := proj.FieldNamed("priority"), proj.FieldNamed("Iteration"), proj.FieldNamed("Estimate"),
		proj.FieldNamed("Target date"), proj.FieldNamed("Notes"), proj.FieldNamed("Status")
	if prio == nil || len(prio.Options) != 3 || iter == nil || len(iter.Iterations) != 2 || iter.Iterations[0].Completed == iter.Iterations[1].Completed ||
		est.Type != state.FieldNumber || !date.Settable() || proj.FieldNamed("Title").Settable() {
		t.Fatalf("fields %+v", proj.Fields)
	}
	issue := repo.Issue(n)
	_ = issue
	nodeID := nodeOf(t, c, n)
	item, err := c.AddProjectItem(ctx, proj.ID, nodeID)
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.AddProjectItem(ctx, proj.ID, nodeID)
	if err != nil || again != item {
		t.Fatalf("adding the issue again: %q, %v; want the same item %q", again, err, item)
	}
	text, num := "carefully", 3.5
	for _, set := range []struct {
		field string
		v     gh.ProjectFieldValue
	}{
		{prio.ID, gh.ProjectFieldValue{OptionID: prio.Options[1].ID}},
		{est.ID, gh.ProjectFieldValue{Number: &num}},
		{date.ID, gh.ProjectFieldValue{Date: "2027-01-15"}},
		{notes.ID, gh.ProjectFieldValue{Text: &text}},
		{iter.ID, gh.ProjectFieldValue{IterationID: iterationNamed(iter, "Sprint 1")}},
		{status.ID, gh.ProjectFieldValue{OptionID: status.Options[0].ID}},
	} {
		if err := c.SetProjectValue(ctx, proj.ID, item, set.field, set.v); err != nil {
			t.Fatalf("set %s: %v", set.field, err)
		}
	}
	if err := c.ClearProjectValue(ctx, proj.ID, item, status.ID); err != nil {
		t.Fatal(err)
	}
	got := p.Items()
	if len(got) != 2 || got[1].Values["Priority"] != "P1" || got[1].Values["Estimate"] != "3.5" || got[1].Values["Target date"] != "2027-01-15" ||
		got[1].Values["Notes"] != "carefully" || got[1].Values["Iteration"] != "Sprint 1" || got[1].Values["Status"] != "" {
		t.Fatalf("items %+v", got)
	}
	// What was written reads back.
	proj, err = c.ReadProject(ctx, "octo-org", 1)
	if err != nil {
		t.Fatal(err)
	}
	if v := proj.Items[nodeID].Values[prio.ID]; v.OptionID != prio.Options[1].ID {
		t.Errorf("read back %+v", proj.Items[nodeID])
	}
	// Every kind of value reads back as written, and the cleared one is gone.
	vals := proj.Items[nodeID].Values
	if vals[est.ID].Number != 3.5 || vals[date.ID].Date != "2027-01-15" || vals[notes.ID].Text != "carefully" ||
		vals[iter.ID].IterationID != iterationNamed(iter, "Sprint 1") {
		t.Errorf("read back %+v", vals)
	}
	if _, ok := vals[status.ID]; ok {
		t.Errorf("the cleared Status reads back as %+v", vals[status.ID])
	}
	// Refusals: a built-in field, a value of the wrong kind, an option of another field.
	for _, bad := range []struct {
		field string
		v     gh.ProjectFieldValue
		want  string
	}{
		{proj.FieldNamed("Title").ID, gh.ProjectFieldValue{Text: &text}, "UNPROCESSABLE"},
		{est.ID, gh.ProjectFieldValue{Text: &text}, "UNPROCESSABLE"},
		{prio.ID, gh.ProjectFieldValue{OptionID: "nope"}, "UNPROCESSABLE"},
		{"PVTF_nothing", gh.ProjectFieldValue{Text: &text}, "NOT_FOUND"},
	} {
		if err := c.SetProjectValue(ctx, proj.ID, item, bad.field, bad.v); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("set %s: %v, want %s", bad.field, err, bad.want)
		}
	}
}

func TestProjectUnavailable(t *testing.T) {
	f, _, _ := projectFake(t)
	for _, tt := range []struct {
		token  string
		number int
		want   string
	}{
		{"repo-token", 1, "FORBIDDEN"},    // the default GITHUB_TOKEN can't see an organization's project
		{"project-token", 9, "NOT_FOUND"}, // no such project
	} {
		c, err := gh.New(gh.Options{Token: tt.token, APIURL: f.URL, Repository: "octo-org/octo-repo"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.ReadProject(context.Background(), "octo-org", tt.number)
		if !errors.Is(err, state.ErrProjectUnavailable) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s, project %d: %v", tt.token, tt.number, err)
		}
	}
}

// nodeOf reads issue number's node id through the REST client.
func nodeOf(t *testing.T, c *gh.Client, number int) string {
	t.Helper()
	is, err := c.GetIssue(context.Background(), number)
	if err != nil || is == nil || is.NodeID == "" {
		t.Fatalf("issue #%d: %+v, %v", number, is, err)
	}
	return is.NodeID
}

func iterationNamed(f *state.ProjectField, title string) string {
	for _, it := range f.Iterations {
		if it.Title == title {
			return it.ID
		}
	}
	return ""
}
