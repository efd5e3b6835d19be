package importer_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/importer"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// A body stays inline up to importer.InlineMax characters on one line, and
// is imported while the marker still fits in GitHub's body limit.
func TestBodyLengthLimits(t *testing.T) {
	const id = "big-body"
	overhead := utf8.RuneCountInString(roadmap.ComposeBody("x", id, "")) - 1
	atLimit := strings.Repeat("b", roadmap.MaxBodyLength-overhead)
	if n := utf8.RuneCountInString(roadmap.ComposeBody(atLimit, id, "")); n != roadmap.MaxBodyLength {
		t.Fatalf("the test's body is %d characters with its marker", n)
	}
	tests := []struct {
		name     string
		body     string
		inline   bool
		file     bool
		imported bool
	}{
		{"one line of InlineMax characters", strings.Repeat("i", importer.InlineMax), true, false, true},
		{"one line of InlineMax+1 characters", strings.Repeat("i", importer.InlineMax+1), false, true, true},
		{"exactly GitHub's limit with the marker", atLimit, false, true, true},
		{"one character over it", atLimit + "b", false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.repo.AddIssue(githubfake.Issue{Title: "Big body", Body: &tt.body})
			res := e.importTo(t, t.TempDir(), importer.Options{})
			if !tt.imported {
				if len(res.Roadmap.Issues) != 0 || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "is not imported: its body is") {
					t.Errorf("entries %+v, notes %q", res.Roadmap.Issues, res.Notes)
				}
				return
			}
			if len(res.Roadmap.Issues) != 1 || len(res.Notes) != 0 {
				t.Fatalf("entries %+v, notes %q", res.Roadmap.Issues, res.Notes)
			}
			en := res.Roadmap.Issues[0]
			if en.ID != id || (en.Body != nil) != tt.inline || (en.BodyFile != "") != tt.file {
				t.Errorf("entry %q: inline %v, body_file %q", en.ID, en.Body != nil, en.BodyFile)
			}
		})
	}
}

// Titles are unique in a roadmap: a second copy kept apart gets its
// number appended, cut so that it still fits GitHub's title limit.
func TestLongTitleMadeUnique(t *testing.T) {
	e := newEnv(t)
	long := strings.Repeat("t", roadmap.MaxTitleLength)
	e.repo.AddIssue(githubfake.Issue{Title: long, Body: ptr("The first one.")})
	second := e.repo.AddIssue(githubfake.Issue{Title: long, Body: ptr("Something else entirely, written by someone else.")})
	res := e.importTo(t, t.TempDir(), importer.Options{})
	suffix := fmt.Sprintf(" (#%d)", second)
	want := long[:roadmap.MaxTitleLength-len(suffix)] + suffix
	if en := byNumber(res.Roadmap, second); en == nil || en.Title != want {
		t.Errorf("the second title: %+v; want %q", en, want)
	}
}

// What an issue carries comes into its entry: assignees, and no empty
// list for an issue without any.
func TestAssigneesImported(t *testing.T) {
	e := newEnv(t)
	with := e.repo.AddIssue(githubfake.Issue{Title: "Assigned", Assignees: []string{"octocat", "hubot"}})
	without := e.repo.AddIssue(githubfake.Issue{Title: "Nobody's"})
	res := e.importTo(t, t.TempDir(), importer.Options{})
	if en := byNumber(res.Roadmap, with); en == nil || !slices.Equal(en.Assignees, []string{"octocat", "hubot"}) {
		t.Errorf("assigned issue: %+v", en)
	}
	if en := byNumber(res.Roadmap, without); en == nil || en.Assignees != nil {
		t.Errorf("unassigned issue: %+v", en)
	}
}

// Relations are read only for issues whose summaries say they have some;
// a blocking cycle, which a roadmap cannot hold, loses one relation.
func TestRelationsRead(t *testing.T) {
	tests := []struct {
		name      string
		relate    func(r *githubfake.Repo, n []int)
		progress  string // the line about relations; "" for none
		blockedBy map[int][]string
		notes     []string
	}{
		{"no relations: none read", func(r *githubfake.Repo, n []int) {}, "", map[int][]string{}, nil},
		{"a sub-issue and a blocker",
			func(r *githubfake.Repo, n []int) {
				r.SetParent(n[1], n[0])
				r.AddBlockedBy(n[2], n[0])
			},
			"reading the relations of 2 issues", map[int][]string{3: {"one"}}, nil},
		{"only a blocker",
			func(r *githubfake.Repo, n []int) { r.AddBlockedBy(n[2], n[1]) },
			"reading the relations of 1 issues", map[int][]string{3: {"two"}}, nil},
		{"a cycle of two",
			func(r *githubfake.Repo, n []int) {
				r.AddBlockedBy(n[0], n[1])
				r.AddBlockedBy(n[1], n[0])
			},
			"reading the relations of 2 issues", map[int][]string{1: {"two"}},
			[]string{`#2 "Two" is blocked by #1, which it blocks itself through other issues: a roadmap can't hold that cycle, so the relation is left out`}},
		{"a cycle of three",
			func(r *githubfake.Repo, n []int) {
				r.AddBlockedBy(n[0], n[1])
				r.AddBlockedBy(n[1], n[2])
				r.AddBlockedBy(n[2], n[0])
			},
			"reading the relations of 3 issues", map[int][]string{1: {"two"}, 2: {"three"}},
			[]string{`#3 "Three" is blocked by #1, which it blocks itself through other issues: a roadmap can't hold that cycle, so the relation is left out`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			var n []int
			for _, title := range []string{"One", "Two", "Three"} {
				n = append(n, e.repo.AddIssue(githubfake.Issue{Title: title}))
			}
			tt.relate(e.repo, n)
			var heard []string
			res := e.importTo(t, t.TempDir(), importer.Options{Progress: func(s string) { heard = append(heard, s) }})
			var rel []string
			for _, h := range heard {
				if strings.Contains(h, "relations") {
					rel = append(rel, h)
				}
			}
			if want := []string{tt.progress}; tt.progress == "" && len(rel) != 0 || tt.progress != "" && !slices.Equal(rel, want) {
				t.Errorf("progress %q, want %q", rel, tt.progress)
			}
			for _, en := range res.Roadmap.Issues {
				if !slices.Equal(en.BlockedBy, tt.blockedBy[en.Number]) {
					t.Errorf("%s: blocked_by %q, want %q", en.ID, en.BlockedBy, tt.blockedBy[en.Number])
				}
			}
			if !slices.Equal(res.Notes, tt.notes) {
				t.Errorf("notes %q, want %q", res.Notes, tt.notes)
			}
		})
	}
}

// The import validates body files' text as validate would: two entries
// with one long body get the warning that one may be a copy.
func TestImportValidatesBodyFiles(t *testing.T) {
	e := newEnv(t)
	body := "## Goal\n\nOne text, filed twice under different titles.\n"
	e.repo.AddIssue(githubfake.Issue{Title: "Passkeys", Body: &body})
	e.repo.AddIssue(githubfake.Issue{Title: "Sign in without passwords", Body: &body})
	res := e.importTo(t, t.TempDir(), importer.Options{})
	if len(res.Roadmap.Issues) != 2 || res.Roadmap.Issues[0].BodyFile == "" {
		t.Fatalf("entries %+v", res.Roadmap.Issues)
	}
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Kind != "duplicate-body" {
		t.Errorf("diagnostics:\n%s", res.Diagnostics)
	}
}
