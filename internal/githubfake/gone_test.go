package githubfake_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

// A transferred issue answers 301 with its new URL under its old number, for reads and writes, and
// leaves the old repository's list; a deleted one answers 410; a locked one is read as before.
func TestTransferredDeletedAndLockedIssues(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	from := f.AddRepo("o", "from")
	to := f.AddRepo("o", "to")
	to.AddIssue(githubfake.Issue{Title: "already there"})
	moved := from.AddIssue(githubfake.Issue{Title: "moves", Labels: []string{"bug"}})
	deleted := from.AddIssue(githubfake.Issue{Title: "deleted"})
	locked := from.AddIssue(githubfake.Issue{Title: "locked"})
	from.AddPullRequest("a pull request")
	newNumber := from.TransferIssue(moved, to)
	from.DeleteIssue(deleted)
	from.LockIssue(locked, "too heated")
	if newNumber != 2 || to.Issue(2).Title != "moves" || from.Issue(moved).Number != 0 {
		t.Fatalf("transfer: new number %d, there %+v, here %+v", newNumber, to.Issue(2), from.Issue(moved))
	}

	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tc := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/repos/o/from/issues/1", http.StatusMovedPermanently},
		{"PATCH", "/repos/o/from/issues/1", http.StatusMovedPermanently},
		{"GET", "/repos/o/from/issues/1/sub_issues", http.StatusMovedPermanently},
		{"GET", "/repos/o/from/issues/2", http.StatusGone},
		{"PATCH", "/repos/o/from/issues/2", http.StatusGone},
		{"GET", "/repos/o/from/issues/9", http.StatusNotFound},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			var body *strings.Reader
			if tc.method == "PATCH" {
				body = strings.NewReader(`{"title":"x"}`)
			} else {
				body = strings.NewReader("")
			}
			req, _ := http.NewRequestWithContext(context.Background(), tc.method, strings.TrimSuffix(f.URL, "/")+tc.path, body)
			req.Header.Set("Authorization", "Bearer t")
			resp, err := noFollow.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if tc.status == http.StatusMovedPermanently && !strings.HasSuffix(resp.Header.Get("Location"), "/repos/o/to/issues/2") {
				t.Fatalf("Location %q", resp.Header.Get("Location"))
			}
		})
	}

	list := send(t, f, "GET", "/repos/o/from/issues?state=all", nil).list(t)
	var titles []string
	for _, it := range list {
		m := it.(map[string]any)
		titles = append(titles, m["title"].(string))
		if m["title"] == "locked" && (m["locked"] != true || m["active_lock_reason"] != "too heated") {
			t.Errorf("locked issue rendered as %v / %v", m["locked"], m["active_lock_reason"])
		}
	}
	if strings.Join(titles, ",") != "a pull request,locked" {
		t.Fatalf("listed %v", titles)
	}
	// The moved issue is whole in its new repository, and can be edited there.
	got := send(t, f, "PATCH", "/repos/o/to/issues/2", map[string]any{"title": "moved"}).obj(t)
	if got["title"] != "moved" || !strings.HasSuffix(got["repository_url"].(string), "/repos/o/to") {
		t.Fatalf("edited moved issue: %v", got)
	}
}
