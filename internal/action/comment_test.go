package action

import (
	"context"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

func TestHasMarker(t *testing.T) {
	m := planMarker("roadmap.json")
	if m != "<!-- roadmap-as-code plan: roadmap.json -->" {
		t.Fatalf("marker %q", m)
	}
	for body, want := range map[string]bool{
		m + "\n### Roadmap plan":   true,
		m:                          true,
		m + "\r\n### Roadmap plan": true,
		"<!-- roadmap-as-code plan: teams/a/roadmap.json -->\n### Roadmap plan": false,
		"<!-- roadmap-as-code plan: roadmap.json.bak -->\n":                     false,
		"> " + m + "\n> quoted by a reviewer":                                   false,
		"Thanks!\n" + m:                                                         false,
		applyMarker("roadmap.json") + "\n### applied":                           false,
		"": false,
	} {
		if got := hasMarker(body, m); got != want {
			t.Errorf("hasMarker(%q) = %v, want %v", body, got, want)
		}
	}
	if got := planMarker("a-->b\n.json"); got != "<!-- roadmap-as-code plan: a--&gt;b .json -->" {
		t.Errorf("a path can end the comment: %q", got)
	}
}

// Only the comment carrying this roadmap's marker is edited: people's
// comments, quotes of the marker and another roadmap's plan comment are
// left alone.
func TestUpsertCommentTouchesOnlyItsOwn(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	repo := f.AddRepo("octo-org", "octo-repo")
	pr := repo.AddPullRequest("Edit the roadmap")
	human := repo.AddComment(pr, "octocat", "> "+planMarker("roadmap.json")+"\nwhy this?")
	other := repo.AddComment(pr, "", planMarker("teams/a/roadmap.json")+"\nthe other roadmap")
	for i := range 120 { // past the first page of 100
		repo.AddComment(pr, "hubot", "noise "+string(rune('a'+i%26)))
	}
	ours := repo.AddComment(pr, "", planMarker("roadmap.json")+"\nold plan")
	c, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: "octo-org/octo-repo"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	m := planMarker("roadmap.json")

	cm, what, err := upsertComment(ctx, c, pr, m, m+"\nnew plan", false)
	if err != nil || what != commentEdited || cm.ID != ours {
		t.Fatalf("upsert: %+v, %v, %v", cm, what, err)
	}
	byID := map[int64]string{}
	for _, x := range repo.Comments(pr) {
		byID[x.ID] = x.Body
	}
	if byID[ours] != m+"\nnew plan" || byID[human] != "> "+m+"\nwhy this?" || byID[other] != planMarker("teams/a/roadmap.json")+"\nthe other roadmap" {
		t.Errorf("comments after upsert: ours %q, human %q, other %q", byID[ours], byID[human], byID[other])
	}
	if n := len(repo.Comments(pr)); n != 123 {
		t.Errorf("%d comments, want 123 (none added)", n)
	}

	// The same body again: no write.
	f.ResetCounts()
	if _, what, err := upsertComment(ctx, c, pr, m, m+"\nnew plan", false); err != nil || what != commentUnchanged || f.Writes() != 0 {
		t.Errorf("same body: %v, %v, %d writes", what, err, f.Writes())
	}

	// Another roadmap with no comment yet: onlyEdit starts none; otherwise
	// one is created.
	m2 := planMarker("plans/q3.json")
	if _, what, err := upsertComment(ctx, c, pr, m2, m2+"\nNo changes.", true); err != nil || what != commentSkipped || f.Writes() != 0 {
		t.Errorf("onlyEdit: %v, %v, %d writes", what, err, f.Writes())
	}
	if cm, what, err := upsertComment(ctx, c, pr, m2, m2+"\nplan", false); err != nil || what != commentCreated || cm.URL == "" {
		t.Errorf("create: %+v, %v, %v", cm, what, err)
	}
}

func TestMergedPR(t *testing.T) {
	sha := "6113728f27ae82c7b1a177c8d03f9e96e0adf246"
	for _, tc := range []struct {
		prs  []gh.PullRequest
		want int
	}{
		{nil, 0},
		{[]gh.PullRequest{{Number: 3, State: "open"}}, 0},
		{[]gh.PullRequest{{Number: 3, Merged: true, MergeCommitSHA: "other"}, {Number: 5, Merged: true, MergeCommitSHA: "6113728F27AE82C7B1A177C8D03F9E96E0ADF246"}}, 5},
		{[]gh.PullRequest{{Number: 3, State: "open"}, {Number: 4, Merged: true, MergeCommitSHA: "squash"}}, 4},
	} {
		if got := mergedPR(tc.prs, sha); got != tc.want {
			t.Errorf("mergedPR(%+v) = %d, want %d", tc.prs, got, tc.want)
		}
	}
}

// TestSameCommentIgnoresOnlyTheTime: a rerun on the same commit changes
// only the footer's time; the comment then stays as it is (no edit, no
// notification). Anything else is a change.
func TestSameCommentIgnoresOnlyTheTime(t *testing.T) {
	base := "plan\n<sub>commit [`abc1234`](u) · updated 2026-12-01 09:30 UTC</sub>\n"
	tests := []struct {
		name, other string
		same        bool
	}{
		{"identical", base, true},
		{"only the time", strings.Replace(base, "09:30", "10:45", 1), true},
		{"another commit", strings.Replace(base, "abc1234", "def5678", 1), false},
		{"another plan", strings.Replace(base, "plan", "plan, changed", 1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sameComment(base, tt.other); got != tt.same {
				t.Errorf("sameComment = %v, want %v", got, tt.same)
			}
		})
	}
}
