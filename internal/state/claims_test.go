package state_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// TestClaims: how far a marker is believed, and which of several claims
// comes first: trusted before candidates, a bot's before a person's, the
// earliest created, then the lowest number.
func TestClaims(t *testing.T) {
	body := roadmap.ComposeBody("", "a", "")
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	issue := func(n int, authorType, assoc string, labels []string, created time.Time) state.Issue {
		return state.Issue{Number: n, Body: body, Author: fmt.Sprintf("u%d", n), AuthorType: authorType, AuthorAssociation: assoc, Labels: labels, Created: created}
	}
	managed := []string{"Roadmap"}
	for _, tt := range []struct {
		is    state.Issue
		trust state.Trust
	}{
		{state.Issue{Body: "no marker", AuthorType: "Bot", Labels: managed}, state.NoClaim},
		{issue(1, "User", "NONE", managed, day), state.Untrusted},
		{issue(1, "User", "CONTRIBUTOR", managed, day), state.Untrusted},
		{issue(1, "User", "OWNER", nil, day), state.Candidate},
		{issue(1, "User", "COLLABORATOR", []string{"other"}, day), state.Candidate},
		{issue(1, "User", "MEMBER", managed, day), state.Trusted},
		{issue(1, "Bot", "NONE", managed, day), state.Trusted},
	} {
		if id, got := tt.is.Claim("roadmap"); got != tt.trust || (got != state.NoClaim && id != "a") {
			t.Errorf("%s/%s %v: claim %q %v, want %v", tt.is.AuthorType, tt.is.AuthorAssociation, tt.is.Labels, id, got, tt.trust)
		}
	}
	issues := []state.Issue{
		issue(9, "User", "NONE", managed, day),                                                  // untrusted: no claim at all
		issue(8, "User", "MEMBER", nil, day),                                                    // a candidate
		issue(7, "User", "MEMBER", managed, day.Add(time.Hour)),                                 // trusted, a person, later
		issue(6, "User", "MEMBER", managed, day),                                                // trusted, a person, earlier
		issue(5, "Bot", "NONE", managed, day.Add(48*time.Hour)),                                 // trusted, a bot, latest
		issue(4, "Bot", "NONE", managed, day.Add(24*time.Hour)),                                 // trusted, a bot
		issue(3, "Bot", "NONE", managed, time.Time{}),                                           // no creation time: by number
		issue(2, "Bot", "NONE", managed, day.Add(24*time.Hour)),                                 // same time as #4: by number
		{Number: 1, Body: roadmap.ComposeBody("", "b", ""), AuthorType: "Bot", Labels: managed}, // another id
	}
	claims := state.Claimants(issues, "roadmap")
	var order []string
	for _, is := range claims["a"] {
		order = append(order, fmt.Sprintf("#%d", is.Number))
	}
	if got, want := strings.Join(order, " "), "#2 #3 #4 #5 #6 #7 #8"; got != want {
		t.Errorf("claimants of a: %s, want %s", got, want)
	}
	if len(claims["b"]) != 1 || len(claims) != 2 {
		t.Errorf("claims %v", claims)
	}
	if n := (&state.Issue{Author: "alice"}).AuthorName(); n != "@alice" {
		t.Error(n)
	}
	if n := (&state.Issue{}).AuthorName(); n != "a deleted account" {
		t.Error(n)
	}
	ue := &state.UnsupportedError{Feature: state.FeatureSubIssues, Why: "GHES 3.17 has no sub-issues API"}
	if ue.Error() != "GHES 3.17 has no sub-issues API" || !errors.Is(ue, state.ErrUnsupported) {
		t.Errorf("%v", ue)
	}
}

// TestFetchAsksOnlyWhatItNeeds: assignees are asked once per login no
// issue already has, issue types only when the roadmap sets one, and a
// failing read stops the fetch with its error.
func TestFetchAsksOnlyWhatItNeeds(t *testing.T) {
	ctx := context.Background()
	f := githubfake.New()
	defer f.Close()
	repo := f.AddRepo("octo-org", "octo-repo")
	repo.AddLabel(githubfake.Label{Name: "roadmap"})
	repo.AddIssueTypes("Bug", "Feature")
	body := roadmap.ComposeBody("", "a", "")
	repo.AddIssue(githubfake.Issue{Title: "A", Body: &body, Labels: []string{"roadmap"}, Assignees: []string{"octocat"}, Author: githubfake.Actor})
	c, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: "octo-org/octo-repo", WriteInterval: 0, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	parse := func(src string) *roadmap.Roadmap {
		res := roadmap.Parse("roadmap.json", []byte(src), roadmap.Options{Dir: t.TempDir()})
		if !res.Valid() {
			t.Fatal(res.Diagnostics)
		}
		return res.Roadmap
	}
	rm := parse(`{"version": 1, "issues": [{"id": "a", "title": "A", "assignees": ["OCTOCAT", "octo-org", "stranger"], "type": "Feature"},
	  {"id": "b", "title": "B", "number": 1, "assignees": ["Stranger"]}]}`)
	f.ResetCounts()
	snap, err := state.Fetch(ctx, c, "octo-org/octo-repo", rm)
	if err != nil {
		t.Fatal(err)
	}
	var asked []string
	for _, r := range f.Requests() {
		if strings.Contains(r.Path, "/assignees/") || strings.Contains(r.Path, "issue-types") {
			asked = append(asked, r.Path)
		}
	}
	want := []string{"/repos/octo-org/octo-repo/assignees/octo-org", "/repos/octo-org/octo-repo/assignees/stranger", "/orgs/octo-org/issue-types"}
	if strings.Join(asked, " ") != strings.Join(want, " ") {
		t.Errorf("asked %v, want %v (octocat is already assigned, Stranger is stranger)", asked, want)
	}
	if !snap.Assignable["octo-org"] || snap.Assignable["stranger"] || strings.Join(snap.IssueTypes, ",") != "Bug,Feature" {
		t.Errorf("assignable %v, types %v", snap.Assignable, snap.IssueTypes)
	}
	if snap.Reads != f.Reads() {
		t.Errorf("the snapshot says %d reads, the fake saw %d", snap.Reads, f.Reads())
	}

	// Without types in the roadmap, they are not asked; the reads counted
	// are this fetch's own.
	f.ResetCounts()
	if snap, err := state.Fetch(ctx, c, "octo-org/octo-repo", parse(`{"version": 1, "issues": [{"id": "a", "title": "A"}]}`)); err != nil || snap.IssueTypes != nil || snap.Reads != f.Reads() {
		t.Errorf("types %v, %v; %d reads counted, the fake saw %d", snap.IssueTypes, err, snap.Reads, f.Reads())
	}
	for _, r := range f.Requests() {
		if strings.Contains(r.Path, "issue-types") || strings.Contains(r.Path, "assignees") {
			t.Errorf("asked %s", r.Path)
		}
	}

	// Each read's failure is the fetch's error, and nothing is read after it.
	eBody := roadmap.ComposeBody("", "e", "")
	repo.AddIssue(githubfake.Issue{Title: "E", Body: &eBody, Labels: []string{"roadmap"}, Author: githubfake.Actor}) // #2
	repo.AddIssue(githubfake.Issue{Title: "Unmanaged"})                                                              // #3
	rm = parse(`{"version": 1, "issues": [{"id": "a", "title": "A", "assignees": ["octo-org"], "type": "Bug"},
	  {"id": "e", "title": "E", "parent": "a", "blocked_by": ["a"]}, {"id": "d", "title": "D", "number": 3}]}`)
	all := -1
	for i := 0; all < 0 || i < all; i++ {
		attempts := 0
		failing := &http.Client{Transport: roundTrip(func(req *http.Request) (*http.Response, error) {
			attempts++
			if attempts == i+1 && all >= 0 {
				return &http.Response{StatusCode: 500, Status: "500 Internal Server Error", Header: http.Header{}, Body: http.NoBody, Request: req}, nil
			}
			return http.DefaultTransport.RoundTrip(req)
		})}
		fc, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: "octo-org/octo-repo", MaxRetries: -1, HTTPClient: failing})
		if err != nil {
			t.Fatal(err)
		}
		_, err = state.Fetch(ctx, fc, "octo-org/octo-repo", rm)
		if all < 0 { // the first round counts the reads of a fetch that works
			if err != nil {
				t.Fatal(err)
			}
			all, i = attempts, -1
			continue
		}
		if err == nil || attempts != i+1 {
			t.Errorf("read %d of %d failed: the fetch answered %v after %d reads", i+1, all, err, attempts)
		}
	}
	if all != 8 {
		t.Errorf("a fetch of %d reads: want labels, milestones, managed issues, #3, sub-issues, blockers, an assignee, types", all)
	}
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// TestFetchWithoutRelationsAsksNoServerVersion: a roadmap with neither
// parents nor blockers reads no relation, and on GitHub Enterprise Server
// not even the server's version.
func TestFetchWithoutRelationsAsksNoServerVersion(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	f.AddRepo("octo-org", "octo-repo")
	f.Enterprise("3.19")
	srv := httptest.NewServer(http.StripPrefix("/api/v3", f))
	defer srv.Close()
	c, err := gh.New(gh.Options{Token: "t", APIURL: srv.URL + "/api/v3", Repository: "octo-org/octo-repo"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		src  string
		meta bool
	}{
		{`{"version": 1, "issues": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}]}`, false},
		{`{"version": 1, "issues": [{"id": "a", "title": "A"}, {"id": "b", "title": "B", "blocked_by": ["a"]}]}`, true},
	} {
		res := roadmap.Parse("roadmap.json", []byte(tt.src), roadmap.Options{Dir: t.TempDir()})
		f.ResetCounts()
		if _, err := state.Fetch(context.Background(), c, "octo-org/octo-repo", res.Roadmap); err != nil {
			t.Fatal(err)
		}
		asked := false
		for _, r := range f.Requests() {
			asked = asked || r.Path == "/meta"
		}
		if asked != tt.meta {
			t.Errorf("%s: GET /meta %v, want %v", tt.src, asked, tt.meta)
		}
	}
}
