package importer_test

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/importer"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// entries says what an import made of the issues: each entry's id, number
// and duplicates, in order.
func entries(rm *roadmap.Roadmap) []string {
	var out []string
	for _, e := range rm.Issues {
		out = append(out, fmt.Sprintf("%s #%d dups=%v", e.ID, e.Number, e.Duplicates))
	}
	return out
}

func groupLines(res *importer.Result) []string {
	var out []string
	for _, g := range res.Groups {
		out = append(out, g.String())
	}
	return out
}

// Which copies of a work item become one entry, and which copy is kept:
// the keep rule (managed, then open, then most activity, then lowest
// number), claims of one marker id (trusted before candidates), and the
// cases where bodies say nothing.
func TestDedupeDecisions(t *testing.T) {
	text := "Let people sign in with a passkey on every browser we support, and keep the password as a fallback."
	managed := func(id, text string) *string { return ptr(roadmap.ComposeBody(text, id, "")) }
	tests := []struct {
		name    string
		issues  func(r *githubfake.Repo)
		entries []string
		groups  []string
	}{
		{"the managed copy is kept over an open one with an edited body",
			func(r *githubfake.Repo) {
				r.AddIssue(githubfake.Issue{Title: "Passkeys", Body: ptr(text + " Thanks!")})
				r.AddIssue(githubfake.Issue{Title: "Passkeys", Body: managed("passkeys", text), Labels: []string{"roadmap"}, State: "closed"})
			},
			[]string{"passkeys #0 dups=[1]"},
			[]string{`#2 "Passkeys" kept (managed); #1 closed as duplicates`}},
		{"an open copy is kept over a closed one",
			func(r *githubfake.Repo) {
				r.AddIssue(githubfake.Issue{Title: "Passkeys", Body: &text, State: "closed"})
				r.AddIssue(githubfake.Issue{Title: "Passkeys", Body: &text})
			},
			[]string{"passkeys #2 dups=[1]"},
			[]string{`#2 "Passkeys" kept (open); #1 closed as duplicates`}},
		{"the copy with more comments is kept",
			func(r *githubfake.Repo) {
				r.AddIssue(githubfake.Issue{Title: "Passkeys", Body: &text})
				n := r.AddIssue(githubfake.Issue{Title: "Passkeys", Body: &text})
				r.AddComment(n, "octocat", "+1")
				r.AddComment(n, "hubot", "+1")
			},
			[]string{"passkeys #2 dups=[1]"},
			[]string{`#2 "Passkeys" kept (most activity); #1 closed as duplicates`}},
		{"the lowest number is kept when nothing else tells",
			func(r *githubfake.Repo) {
				r.AddIssue(githubfake.Issue{Title: "Passkeys", Body: &text})
				r.AddIssue(githubfake.Issue{Title: "Passkeys", Body: &text})
			},
			[]string{"passkeys #1 dups=[2]"},
			[]string{`#1 "Passkeys" kept (lowest number); #2 closed as duplicates`}},
		{"two managed ids are two entries, however alike their issues",
			func(r *githubfake.Repo) {
				r.AddIssue(githubfake.Issue{Title: "Passkeys", Body: managed("a", text), Labels: []string{"roadmap"}})
				r.AddIssue(githubfake.Issue{Title: "Passkeys", Body: managed("b", text), Labels: []string{"roadmap"}})
				r.AddIssue(githubfake.Issue{Title: "Passkeys", Body: managed("c", text+" Thanks!"), Labels: []string{"roadmap"}})
			},
			[]string{"a #0 dups=[]", "b #0 dups=[]", "c #0 dups=[]"}, nil},
		{"a trusted claim is kept over an earlier candidate claim of the same id",
			func(r *githubfake.Repo) {
				r.AddIssue(githubfake.Issue{Title: "Passkeys", Body: managed("passkeys", text)})
				r.AddIssue(githubfake.Issue{Title: "Passkeys", Body: managed("passkeys", text), Labels: []string{"roadmap"}})
			},
			[]string{"passkeys #0 dups=[1]"},
			// No reason checked: claims are ordered by trust, which the
			// keep rule's reasons do not name.
			nil},
		{"the reason compares the kept claim with the next claimant, not with a more active later one",
			func(r *githubfake.Repo) {
				r.AddIssue(githubfake.Issue{Title: "Passkeys", Body: managed("passkeys", text), Labels: []string{"roadmap"}})
				r.AddIssue(githubfake.Issue{Title: "Passkeys", Body: managed("passkeys", text)})
				n := r.AddIssue(githubfake.Issue{Title: "Passkeys", Body: managed("passkeys", text)})
				r.AddComment(n, "octocat", "+1")
			},
			[]string{"passkeys #0 dups=[2 3]"},
			[]string{`#1 "Passkeys" kept (trusted marker); #2, #3 closed as duplicates`}},
		{"between claimants of one marker alike in trust, the tool's own copy is kept",
			func(r *githubfake.Repo) {
				r.AddIssue(githubfake.Issue{Title: "Passkeys", Body: managed("passkeys", text)})
				r.AddIssue(githubfake.Issue{Title: "Passkeys", Body: managed("passkeys", text), Author: "github-actions[bot]"})
			},
			[]string{"passkeys #2 dups=[1]"},
			[]string{`#2 "Passkeys" kept (the tool's own); #1 closed as duplicates`}},
		{"between claimants of one marker alike in trust, the reason is the claim order's",
			func(r *githubfake.Repo) {
				r.AddIssue(githubfake.Issue{Title: "Passkeys", Body: managed("passkeys", text)})
				n := r.AddIssue(githubfake.Issue{Title: "Passkeys", Body: managed("passkeys", text)})
				r.AddComment(n, "octocat", "+1")
			},
			// The fake creates both at one instant: the number decides, not #2's activity.
			[]string{"passkeys #1 dups=[2]"},
			[]string{`#1 "Passkeys" kept (lowest number); #2 closed as duplicates`}},
		{"a marker id of the longest length is an id",
			func(r *githubfake.Repo) {
				r.AddIssue(githubfake.Issue{Title: "Passkeys", Body: managed(strings.Repeat("p", roadmap.MaxIDLength), text), Labels: []string{"roadmap"}})
			},
			[]string{strings.Repeat("p", roadmap.MaxIDLength) + " #0 dups=[]"}, nil},
		{"a title's slug does not take the id of a managed issue",
			func(r *githubfake.Repo) {
				r.AddIssue(githubfake.Issue{Title: "Login", Body: ptr("Sign in faster.")})
				r.AddIssue(githubfake.Issue{Title: "Sign-in page", Body: managed("login", "The page."), Labels: []string{"roadmap"}})
			},
			[]string{"login-1 #1 dups=[]", "login #0 dups=[]"}, nil},
		{"a slug taken bare, with the number and with the number and 2 gets the number and 3",
			func(r *githubfake.Repo) {
				r.AddIssue(githubfake.Issue{Title: "Sign-in", Body: managed("login", "The flow."), Labels: []string{"roadmap"}})
				r.AddIssue(githubfake.Issue{Title: "Sign-in page", Body: managed("login-4", "The page."), Labels: []string{"roadmap"}})
				r.AddIssue(githubfake.Issue{Title: "Sign-in form", Body: managed("login-4-2", "The form."), Labels: []string{"roadmap"}})
				r.AddIssue(githubfake.Issue{Title: "Login", Body: ptr("Sign in faster.")})
			},
			[]string{"login #0 dups=[]", "login-4 #0 dups=[]", "login-4-2 #0 dups=[]", "login-4-3 #4 dups=[]"}, nil},
		{"empty bodies with one title are one item",
			func(r *githubfake.Repo) {
				r.AddIssue(githubfake.Issue{Title: "Faster login"})
				r.AddIssue(githubfake.Issue{Title: "Faster login"})
			},
			[]string{"faster-login #1 dups=[2]"},
			[]string{`#1 "Faster login" kept (lowest number); #2 closed as duplicates`}},
		{"empty bodies whose titles differ only in a list number are two items",
			func(r *githubfake.Repo) {
				r.AddIssue(githubfake.Issue{Title: "Faster login"})
				r.AddIssue(githubfake.Issue{Title: "12. Faster login"})
			},
			[]string{"faster-login #1 dups=[]", "faster-login-2 #2 dups=[]"}, nil},
		{"an empty body and a written one are two items",
			func(r *githubfake.Repo) {
				r.AddIssue(githubfake.Issue{Title: "Faster login"})
				r.AddIssue(githubfake.Issue{Title: "Faster login", Body: ptr("Safari only.")})
			},
			[]string{"faster-login #1 dups=[]", "faster-login-2 #2 dups=[]"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			tt.issues(e.repo)
			res := e.importTo(t, t.TempDir(), importer.Options{})
			if got := entries(res.Roadmap); !slices.Equal(got, tt.entries) {
				t.Errorf("entries\n %q\nwant\n %q", got, tt.entries)
			}
			if got := groupLines(res); tt.groups != nil && !slices.Equal(got, tt.groups) {
				t.Errorf("groups\n %q\nwant\n %q", got, tt.groups)
			}
		})
	}
}

// Past maxCompared copies of one title, only bodies equal once folded
// join a copy: a near-identical body is compared with the first 64 only.
func TestDedupeManyCopiesOfOneTitle(t *testing.T) {
	e := newEnv(t)
	body := func(i int) string { return fmt.Sprintf("%x", sha256.Sum256([]byte(fmt.Sprint(i)))) }
	for i := 1; i <= 65; i++ {
		b := body(i)
		e.repo.AddIssue(githubfake.Issue{Title: "Same title", Body: &b})
	}
	near, equal := body(65)+" now", strings.ToUpper(body(65))
	nearN := e.repo.AddIssue(githubfake.Issue{Title: "Same title", Body: &near})
	equalN := e.repo.AddIssue(githubfake.Issue{Title: "Same title", Body: &equal})
	if importer.Similarity(body(65), near) < importer.SimilarityThreshold {
		t.Fatalf("the test's near copy is not near: %.2f", importer.Similarity(body(65), near))
	}
	res := e.importTo(t, t.TempDir(), importer.Options{})
	if len(res.Roadmap.Issues) != 66 {
		t.Errorf("%d entries, want 66", len(res.Roadmap.Issues))
	}
	if en := byNumber(res.Roadmap, 65); en == nil || !slices.Equal(en.Duplicates, []int{equalN}) {
		t.Errorf("#65: %+v; want the equal copy #%d as its duplicate", en, equalN)
	}
	if en := byNumber(res.Roadmap, nearN); en == nil || len(en.Duplicates) != 0 {
		t.Errorf("the near copy #%d: %+v; want an entry of its own", nearN, en)
	}
}
