package state_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// TestFetchThroughGraphQL: the same snapshot through the GraphQL reader —
// an entry's number whose issue moved away is recorded as moved, and the
// GraphQL requests and points counted are this fetch's own.
func TestFetchThroughGraphQL(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	repo := f.AddRepo("octo-org", "octo-repo")
	there := f.AddRepo("octo-org", "elsewhere")
	repo.AddLabel(githubfake.Label{Name: "roadmap"})
	body := roadmap.ComposeBody("", "a", "")
	repo.AddIssue(githubfake.Issue{Title: "A", Body: &body, Labels: []string{"roadmap"}, Author: githubfake.Actor})
	moving := repo.AddIssue(githubfake.Issue{Title: "Moves"})
	kept := repo.AddIssue(githubfake.Issue{Title: "Kept"})
	repo.TransferIssue(moving, there)
	c, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: "octo-org/octo-repo", WriteInterval: 0})
	if err != nil {
		t.Fatal(err)
	}
	src := fmt.Sprintf(`{"version": 1, "issues": [{"id": "a", "title": "A"}, {"id": "b", "title": "B", "number": %d}, {"id": "k", "title": "Kept", "number": %d}]}`, moving, kept)
	res := roadmap.Parse("roadmap.json", []byte(src), roadmap.Options{Dir: t.TempDir()})
	if !res.Valid() {
		t.Fatal(res.Diagnostics)
	}
	r := c.Reader()
	for round := range 2 { // the second fetch counts only its own requests
		snap, err := state.Fetch(context.Background(), r, "octo-org/octo-repo", res.Roadmap)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(snap.Moved[moving], "octo-org/elsewhere#") {
			t.Errorf("moved %v", snap.Moved)
		}
		found := false
		for _, is := range snap.Issues {
			found = found || is.Number == kept
		}
		if !found {
			t.Errorf("#%d, named by number, is not in the snapshot", kept)
		}
		if snap.GraphQLRequests == 0 || snap.GraphQLPoints == 0 {
			t.Errorf("round %d: %d GraphQL requests, %d points", round, snap.GraphQLRequests, snap.GraphQLPoints)
		}
		gql, points := 0, 0
		for _, q := range f.Requests() {
			if q.GraphQL {
				gql++
				points += q.Cost
			}
		}
		if snap.GraphQLRequests != gql || snap.GraphQLPoints != points {
			t.Errorf("round %d: %d GraphQL requests and %d points counted, the fake saw %d and %d", round, snap.GraphQLRequests, snap.GraphQLPoints, gql, points)
		}
		f.ResetCounts()
	}
}

type projectReader struct {
	p   *state.Project
	err error
}

func (r projectReader) ReadProject(context.Context, string, int) (*state.Project, error) {
	return r.p, r.err
}

// TestFetchProject: no project token, a project the token can't see, a
// failure, and a project read.
func TestFetchProject(t *testing.T) {
	rm := roadmap.Parse("roadmap.json", []byte(`{"version": 1, "project": {"owner": "o", "number": 7}}`), roadmap.Options{Dir: t.TempDir()}).Roadmap
	if rm == nil || rm.Project == nil {
		t.Fatal("the roadmap has no project")
	}
	p := &state.Project{ID: "P", Title: "Roadmap"}
	for _, tt := range []struct {
		name    string
		pr      state.ProjectReader
		skipped string
		fails   bool
	}{
		{"no token", nil, "project 7 of o was not read or written: no project token", false},
		{"not visible", projectReader{err: fmt.Errorf("%w: not found", state.ErrProjectUnavailable)}, "project 7 of o was not read or written: the project can't be read: not found. Check that ROADMAP_PROJECT_TOKEN", false},
		{"a fault", projectReader{err: errors.New("502")}, "", true},
		{"read", projectReader{p: p}, "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			snap := &state.Snapshot{}
			err := state.FetchProject(context.Background(), tt.pr, rm, snap)
			if (err != nil) != tt.fails || !strings.HasPrefix(snap.ProjectSkipped, tt.skipped) || (tt.skipped != "") != (snap.ProjectSkipped != "") {
				t.Errorf("err %v, skipped %q", err, snap.ProjectSkipped)
			}
			if tt.name == "read" && snap.Project != p {
				t.Errorf("project %+v", snap.Project)
			}
		})
	}
	// A roadmap without a project reads none.
	none := roadmap.Parse("roadmap.json", []byte(`{"version": 1}`), roadmap.Options{Dir: t.TempDir()}).Roadmap
	snap := &state.Snapshot{}
	if err := state.FetchProject(context.Background(), projectReader{err: errors.New("asked")}, none, snap); err != nil || snap.ProjectSkipped != "" {
		t.Errorf("%v, %q", err, snap.ProjectSkipped)
	}
}
