package importer_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/importer"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

func ptr(s string) *string { return &s }

// byNumber finds the entry of an issue: its number, or its marker.
func byNumber(rm *roadmap.Roadmap, n int) *roadmap.Issue {
	for i := range rm.Issues {
		if rm.Issues[i].Number == n {
			return &rm.Issues[i]
		}
	}
	return nil
}

// Awkward issues each import to a valid roadmap whose first plan only
// adopts (marks) them, and are said why when something is left out.
func TestEdgeCases(t *testing.T) {
	e := newEnv(t)
	other := e.f.AddRepo(owner, "elsewhere")
	r := e.repo
	long := strings.Repeat("x", roadmap.MaxTitleLength)
	full := strings.Repeat("b", roadmap.MaxBodyLength)
	managedBody := roadmap.ComposeBody("Managed text.", "managed-one", "Notes people wrote below the marker.")
	n := map[string]int{
		"fix1":     r.AddIssue(githubfake.Issue{Title: "Fix login!", Body: ptr("The first login bug, on Safari.")}),
		"fix2":     r.AddIssue(githubfake.Issue{Title: "Fix: login", Body: ptr("A different login bug, with passkeys on Android phones.")}),
		"noletter": r.AddIssue(githubfake.Issue{Title: "???", Body: ptr("no letters in the title")}),
		"emoji":    r.AddIssue(githubfake.Issue{Title: "🚀 Launch 🎉", Body: ptr("ship it")}),
		"long":     r.AddIssue(githubfake.Issue{Title: long}),
		"full":     r.AddIssue(githubfake.Issue{Title: "A body at GitHub's limit", Body: &full}),
		"managed":  r.AddIssue(githubfake.Issue{Title: "Managed already", Body: &managedBody, Labels: []string{"roadmap"}}),
		"locked":   r.AddIssue(githubfake.Issue{Title: "Locked discussion", Body: ptr("too heated")}),
		"moving":   r.AddIssue(githubfake.Issue{Title: "Moves away", Body: ptr("to another repository")}),
		"parent":   r.AddIssue(githubfake.Issue{Title: "Epic", Body: ptr("the epic")}),
		"closed":   r.AddIssue(githubfake.Issue{Title: "Done already", State: "closed", StateReason: "not_planned"}),
		"dup":      r.AddIssue(githubfake.Issue{Title: "Closed as a duplicate elsewhere", State: "closed", StateReason: "duplicate"}),
	}
	r.LockIssue(n["locked"], "too heated")
	r.SetParent(n["locked"], n["parent"])
	r.AddBlockedBy(n["fix1"], n["parent"])
	moved := r.TransferIssue(n["moving"], other)
	_ = moved
	foreign := other.AddIssue(githubfake.Issue{Title: "In another repository"})
	c, _ := gh.New(gh.Options{Token: "t", APIURL: e.f.URL, Repository: owner + "/" + name, WriteInterval: 0})
	if err := c.AddSubIssue(context.Background(), n["parent"], other.Issue(foreign).ID); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	res := e.importTo(t, dir, importer.Options{})
	rm := res.Roadmap
	for _, note := range res.Notes {
		t.Log("note: " + note)
	}
	idOf := func(key string) string {
		t.Helper()
		if key == "managed" {
			return "managed-one"
		}
		en := byNumber(rm, n[key])
		if en == nil {
			return ""
		}
		return en.ID
	}
	for key, want := range map[string]string{
		"fix1": "login", "fix2": "login-2", "noletter": "issue-3", "emoji": "launch", "managed": "managed-one",
		"locked": "locked-discussion", "parent": "epic", "closed": "done-already", "full": "", "moving": "", "dup": "",
		"long": strings.TrimRight(strings.Repeat("x", 48), "-"),
	} {
		if got := idOf(key); got != want {
			t.Errorf("%s (#%d): id %q, want %q", key, n[key], got, want)
		}
	}
	if en := byNumber(rm, n["long"]); en == nil || en.Title != long {
		t.Errorf("the 256-character title did not survive")
	}
	if en := byNumber(rm, n["closed"]); en == nil || en.State != "closed" {
		t.Errorf("closed issue: %+v", en)
	}
	if en := byNumber(rm, n["locked"]); en == nil || en.Parent != "epic" {
		t.Errorf("locked sub-issue: %+v", en)
	}
	if en := byNumber(rm, n["fix1"]); en == nil || !slices.Equal(en.BlockedBy, []string{"epic"}) {
		t.Errorf("blocked issue: %+v", en)
	}
	for _, want := range []string{
		"is not imported: its body is 65536 characters",
		"was closed as a duplicate on GitHub",
	} {
		if !slices.ContainsFunc(res.Notes, func(s string) bool { return strings.Contains(s, want) }) {
			t.Errorf("no note says %q", want)
		}
	}
	// The managed issue keeps its id, has no number, and its body is the
	// part above the marker.
	for _, en := range rm.Issues {
		if en.ID == "managed-one" && (en.Number != 0 || en.Body == nil || *en.Body != "Managed text.") {
			t.Errorf("managed entry %+v", en)
		}
	}
	if len(res.Notes) != 2 {
		t.Errorf("notes %q", res.Notes)
	}
	loaded := load(t, filepath.Join(dir, "roadmap.json"))
	if res.Plan == nil {
		t.Fatalf("no first plan: %v", res.PlanErr)
	}
	p := e.plan(t, loaded)
	for _, ch := range p.Changes {
		if !(ch.Action == "adopt" || ch.Action == "create" && ch.Kind == "label") {
			t.Errorf("unexpected first change %s %s %q %+v", ch.Kind, ch.Action, ch.Key, ch.Fields)
		}
	}
}

// --state open, --label and --milestone choose issues; --no-dedupe keeps
// copies apart, which makes their titles unique; due dates come back as the
// calendar dates people set, in winter and in summer.
func TestFiltersAndDates(t *testing.T) {
	e := newEnv(t)
	r := e.repo
	r.AddLabel(githubfake.Label{Name: "area/ui", Color: "AABBCC", Description: "User interface"})
	winter := r.AddMilestone(githubfake.Milestone{Title: "Winter", DueOn: "2027-01-15"})
	summer := r.AddMilestone(githubfake.Milestone{Title: "Summer", DueOn: "2027-07-15", State: "closed"})
	body := strings.Repeat("Same text. ", 10)
	a := r.AddIssue(githubfake.Issue{Title: "Button", Body: &body, Labels: []string{"area/ui"}, Milestone: winter})
	b := r.AddIssue(githubfake.Issue{Title: "Button", Body: &body, Labels: []string{"area/ui"}, Milestone: winter})
	r.AddIssue(githubfake.Issue{Title: "Old", State: "closed", Milestone: summer})
	r.AddIssue(githubfake.Issue{Title: "Unlabelled"})

	all := e.importTo(t, t.TempDir(), importer.Options{})
	ms := map[string]string{}
	for _, m := range all.Roadmap.Milestones {
		ms[m.Title] = m.DueOn.Value + " " + m.State
	}
	if ms["Winter"] != "2027-01-15 open" || ms["Summer"] != "2027-07-15 closed" {
		t.Errorf("milestones %v", ms)
	}
	if l := all.Roadmap.Labels; len(l) != 1 || *l[0].Color != "aabbcc" || *l[0].Description != "User interface" {
		t.Errorf("labels %+v", l)
	}
	if len(all.Roadmap.Issues) != 3 || len(all.Groups) != 1 {
		t.Errorf("all: %d entries, %d groups", len(all.Roadmap.Issues), len(all.Groups))
	}

	open := e.importTo(t, t.TempDir(), importer.Options{State: "open", Labels: []string{"AREA/UI"}, Milestones: []string{"Winter"}})
	if len(open.Roadmap.Issues) != 1 || len(open.Roadmap.Milestones) != 1 || open.Roadmap.Issues[0].Number != a {
		t.Errorf("filtered: %+v", open.Roadmap.Issues)
	}

	apart := e.importTo(t, t.TempDir(), importer.Options{NoDedupe: true})
	if len(apart.Roadmap.Issues) != 4 || len(apart.Groups) != 0 {
		t.Fatalf("--no-dedupe: %d entries", len(apart.Roadmap.Issues))
	}
	if en := byNumber(apart.Roadmap, b); en == nil || en.Title != "Button (#2)" {
		t.Errorf("the second copy's title: %+v", en)
	}
	if fc := apart.Forecast(0); fc.Renames != 1 || fc.Marks != 4 {
		t.Errorf("forecast %+v", fc)
	}
}

// A body holding a managed issue's marker, copied by hand: by someone with
// write access, the marker is a candidate claim (DESIGN.md, Trust), so the
// copy is a second copy of that entry and goes into its duplicates; by a
// stranger, it is text — the body is kept out of the roadmap, since
// validate refuses marker text in a body, and the issue gets its own entry.
func TestBodyHoldingAnotherIssuesMarker(t *testing.T) {
	e := newEnv(t)
	managedBody := roadmap.ComposeBody("Managed text.", "managed-one", "")
	managed := e.repo.AddIssue(githubfake.Issue{Title: "Managed already", Body: &managedBody, Labels: []string{"roadmap"}, Author: "github-actions[bot]"})
	copied := ptr("Text.\n\n" + roadmap.Marker("managed-one"))
	byMember := e.repo.AddIssue(githubfake.Issue{Title: "Copied by a member", Body: copied, Author: "octocat"})
	byStranger := e.repo.AddIssue(githubfake.Issue{Title: "Copied by a stranger", Body: copied, Author: "stranger"})
	dir := t.TempDir()
	res := e.importTo(t, dir, importer.Options{})
	var kept *roadmap.Issue
	for i := range res.Roadmap.Issues {
		if res.Roadmap.Issues[i].ID == "managed-one" {
			kept = &res.Roadmap.Issues[i]
		}
	}
	if kept == nil || kept.Number != 0 || !slices.Equal(kept.Duplicates, []int{byMember}) {
		t.Fatalf("managed entry %+v (managed #%d)", kept, managed)
	}
	en := byNumber(res.Roadmap, byStranger)
	if en == nil || en.Body != nil || en.BodyFile != "" || en.ID != "copied-by-a-stranger" {
		t.Fatalf("the stranger's copy: %+v", en)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], `holds the text "<!-- roadmap:" of a roadmap marker that is not its own`) {
		t.Errorf("notes %q", res.Notes)
	}
	p := e.plan(t, load(t, filepath.Join(dir, "roadmap.json")))
	for _, c := range p.Changes {
		switch {
		case c.Action == "adopt" && c.Number == byStranger:
		case c.Action == "close" && c.Number == byMember:
		case c.Kind == "label" && c.Action == "create":
		default:
			t.Errorf("unexpected change %s %s #%d %q %+v", c.Kind, c.Action, c.Number, c.Key, c.Fields)
		}
	}
}
