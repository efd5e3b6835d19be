package gh_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
	"github.com/roadmap-as-code/roadmap/internal/testclock"
)

// TestGraphQLLimits: GitHub's GraphQL limits, as the fake answers them, through the reader a
// plan uses. A budget that resets soon is waited for; one that resets later stops the read
// with REST's error (RateLimited, Reset: "run again after HH:MM UTC"); a query costing more than
// is left is refused as the exhausted budget; secondary limits, in a 200 or a 403, are waited
// out. REST's budget is apart: exhausting it does not stop GraphQL.
func TestGraphQLLimits(t *testing.T) {
	start := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name     string
		fault    func(f *githubfake.Fake)
		waits    []time.Duration
		reset    time.Time // a stop: when GitHub says the limit lifts
		requests int
	}{
		{"budget resets in 20s", func(f *githubfake.Fake) { f.ExhaustGraphQL(start.Add(20 * time.Second)) }, []time.Duration{21 * time.Second}, time.Time{}, 2},
		{"budget resets in 2h", func(f *githubfake.Fake) { f.ExhaustGraphQL(start.Add(2 * time.Hour)) }, nil, start.Add(2 * time.Hour), 1},
		{"3 points left, the query costs 7", func(f *githubfake.Fake) { f.GraphQLLimitRemaining(3, start.Add(time.Hour)) }, nil, start.Add(time.Hour), 1},
		{"secondary limit in a 200 with Retry-After", func(f *githubfake.Fake) { f.GraphQLSecondaryLimitNext(1, 30) }, []time.Duration{30 * time.Second}, time.Time{}, 2},
		{"secondary limit in a 200 without Retry-After", func(f *githubfake.Fake) { f.GraphQLSecondaryLimitNext(1, 0) }, []time.Duration{time.Minute}, time.Time{}, 2},
		{"secondary limit 403", func(f *githubfake.Fake) { f.SecondaryLimitNext(1, 403, 5) }, []time.Duration{5 * time.Second}, time.Time{}, 2},
		{"a 502, retried as a read", func(f *githubfake.Fake) { f.FailNext(1, 502) }, []time.Duration{time.Second}, time.Time{}, 2},
		{"REST's budget exhausted", func(f *githubfake.Fake) { f.ExhaustPrimary(start.Add(2 * time.Hour)) }, nil, time.Time{}, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clock := testclock.New(start)
			f := githubfake.New()
			defer f.Close()
			f.Now = clock.Now
			res := seedSteady(t, f, 20, 5, 2)
			tt.fault(f)
			c, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: "octo-org/octo-repo", Now: clock.Now, Sleep: clock.Sleep})
			if err != nil {
				t.Fatal(err)
			}
			snap, err := state.Fetch(context.Background(), c.Reader(), "octo-org/octo-repo", res.Roadmap)
			if strings.Join(durations(clock.Sleeps()), " ") != strings.Join(durations(tt.waits), " ") {
				t.Errorf("waited %v, want %v", clock.Sleeps(), tt.waits)
			}
			if f.Reads() != tt.requests {
				t.Errorf("%d requests, want %d", f.Reads(), tt.requests)
			}
			if tt.reset.IsZero() {
				if err != nil || len(snap.Issues) != 20 {
					t.Fatalf("read %v, %v", err, snap)
				}
				return
			}
			var ae *gh.APIError
			if !errors.As(err, &ae) || !ae.RateLimited || !ae.Reset.Equal(tt.reset) {
				t.Fatalf("want a rate limit lifting at %s, got %v (%+v)", tt.reset, err, ae)
			}
			var rle *github.RateLimitError
			if !errors.As(err, &rle) || !rle.Rate.Reset.Time.Equal(tt.reset) {
				t.Errorf("the CLI words go-github's RateLimitError; got %#v", err)
			}
			f.ResetCounts()
			if _, err := state.Fetch(context.Background(), c.Reader(), "octo-org/octo-repo", res.Roadmap); err == nil || f.Reads() != 0 {
				t.Errorf("after a stop nothing more is sent until the reset: %v, %d requests", err, f.Reads())
			}
		})
	}
}

func durations(ds []time.Duration) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.String()
	}
	return out
}

// TestGraphQLFallsBackToREST: what GraphQL lacks is read through REST, and the snapshot is the
// same: a server without a GraphQL endpoint, one whose schema lacks issue types, a refusal of the
// request as a whole; ROADMAP_API=rest never asks GraphQL.
func TestGraphQLFallsBackToREST(t *testing.T) {
	for _, tt := range []struct {
		name     string
		setup    func(f *githubfake.Fake)
		api      string
		fellBack bool
	}{
		{"no endpoint", func(f *githubfake.Fake) { f.NoGraphQL() }, "", true},
		{"no issue types", func(f *githubfake.Fake) { f.GraphQLLacks("Issue.issueType") }, "", false},
		{"an unknown gap", func(f *githubfake.Fake) { f.GraphQLLacks("Issue.authorAssociation") }, "", true},
		{"forced REST", func(f *githubfake.Fake) {}, gh.APIREST, false},
		{"an error in a 200", func(f *githubfake.Fake) {
			f.GraphQLErrorNext(1, "Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug.")
		}, "", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := githubfake.New()
			defer f.Close()
			res := richRepo(t, f)
			tt.setup(f)
			ctx := context.Background()
			rest, _ := readers(t, f.URL)
			restSnap, err := state.Fetch(ctx, rest, "octo-org/octo-repo", res.Roadmap)
			if err != nil {
				t.Fatal(err)
			}
			c, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: "octo-org/octo-repo", API: tt.api})
			if err != nil {
				t.Fatal(err)
			}
			f.ResetCounts()
			snap, err := state.Fetch(ctx, c.Reader(), "octo-org/octo-repo", res.Roadmap)
			if err != nil {
				t.Fatal(err)
			}
			diffSnapshots(t, restSnap, snap)
			gr, isGraphQL := c.Reader().(*gh.GraphQLReader)
			if (tt.api == gh.APIREST) == isGraphQL {
				t.Fatalf("ROADMAP_API=%q gave %T", tt.api, c.Reader())
			}
			if isGraphQL && (gr.FellBack() != "") != tt.fellBack {
				t.Errorf("fell back: %q", gr.FellBack())
			}
			if tt.api == gh.APIREST && f.GraphQLRequests() != 0 {
				t.Errorf("ROADMAP_API=rest sent %d GraphQL requests", f.GraphQLRequests())
			}
		})
	}
}

// TestGraphQLRefusals: what GitHub refuses is said in REST's words: a missing repository (a
// NOT_FOUND in a 200) is asked of REST, whose 404 the CLI explains; a bad token is REST's 401.
func TestGraphQLRefusals(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	f.AddRepo("octo-org", "octo-repo")
	ctx := context.Background()
	c, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: "octo-org/missing"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Reader().ListLabels(ctx)
	var er *github.ErrorResponse
	if !errors.As(err, &er) || er.Response.StatusCode != 404 {
		t.Errorf("a missing repository: %v", err)
	}
	c, err = gh.New(gh.Options{Token: " ", APIURL: f.URL, Repository: "octo-org/octo-repo"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Reader().ListLabels(ctx)
	if !errors.As(err, &er) || er.Response.StatusCode != 401 {
		t.Errorf("a bad token: %v", err)
	}
}

// TestGraphQLRenamedRepository: GraphQL answers a renamed repository's old name with the
// repository under its new one. The reader says so (Renamed, for the notice REST gives), and
// tells the REST client where the repository is, so writes go to /repositories/ID directly
// instead of meeting a redirect, which a write never follows.
func TestGraphQLRenamedRepository(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	repo := f.AddRepo("octo-org", "octo-repo")
	for i := range 3 {
		body := roadmap.ComposeBody("Text", fmt.Sprintf("i%d", i), "")
		repo.AddIssue(githubfake.Issue{Title: fmt.Sprintf("I%d", i), Body: &body, Labels: []string{"roadmap"}, Author: githubfake.Actor})
	}
	res := roadmap.Parse("roadmap.json", []byte(`{"version": 1, "issues": [{"id": "i0", "title": "I0"}, {"id": "i1", "title": "I1"}, {"id": "i2", "title": "I2"}]}`),
		roadmap.Options{Dir: t.TempDir()})
	repo.Rename("octo-org", "new-name")
	c, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: "octo-org/octo-repo", WriteInterval: 0})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	snap, err := state.Fetch(ctx, c.Reader(), "octo-org/octo-repo", res.Roadmap)
	if err != nil || len(snap.Issues) != 3 {
		t.Fatalf("%v %+v", err, snap)
	}
	if !strings.Contains(snap.Renamed, "octo-org/new-name") {
		t.Errorf("Renamed = %q", snap.Renamed)
	}
	f.ResetCounts()
	if err := c.CreateLabel(ctx, "fresh", nil, nil); err != nil {
		t.Fatalf("a write after the read: %v", err)
	}
	if reqs := f.Requests(); len(reqs) != 1 || !strings.HasPrefix(reqs[0].Path, "/repositories/") {
		t.Errorf("the write went to %+v", reqs)
	}
}
