package apply_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

// everyWrite has every kind of create apply sends: labels, a milestone,
// issues, a sub-issue and a dependency.
const everyWrite = `{"version": 1,
  "labels": [{"name": "bug", "color": "d73a4a"}],
  "milestones": [{"title": "M1", "due_on": "2026-12-24"}],
  "issues": [
    {"id": "epic", "title": "Epic"},
    {"id": "one", "title": "One", "labels": ["bug"], "milestone": "M1", "parent": "epic"},
    {"id": "two", "title": "Two", "blocked_by": ["one"]}]}`

// TestLostAnswers: GitHub performs a create and its answer is lost — a 502,
// or the connection closed. Apply must look for the object (the label by
// name, the milestone by title, the issue by its marker, the relation in the
// list) and find it, not send it again: the result is a clean apply's, with
// no copy, and the create was sent once.
func TestLostAnswers(t *testing.T) {
	res := parse(t, everyWrite, nil)
	clean := newEnv(t)
	mustApply(t, clean, res)
	want := dump(clean.repo)

	kinds := []struct {
		name string
		path string // the create's path, as the fake matches it
		// lookup is the read apply must make right after the lost create.
		lookup string
		// creates is how many creates of this kind a clean apply sends.
		creates int
	}{
		{"label", "/labels", "GET /repos/octo-org/octo-repo/labels/bug", 2},
		{"milestone", "/milestones", "GET /repos/octo-org/octo-repo/milestones?", 1},
		{"issue", "/issues", "GET /repos/octo-org/octo-repo/issues?state=all&sort=created&direction=desc&per_page=100&labels=roadmap", 3},
		{"sub-issue", "/sub_issues", "GET /repos/octo-org/octo-repo/issues/1/sub_issues?", 1},
		{"dependency", "/dependencies/blocked_by", "GET /repos/octo-org/octo-repo/issues/3/dependencies/blocked_by?", 1},
	}
	for _, k := range kinds {
		for _, status := range []int{http.StatusBadGateway, http.StatusInternalServerError, 0} {
			how := fmt.Sprintf("answered %d", status)
			if status == 0 {
				how = "connection closed"
			}
			t.Run(k.name+", "+how, func(t *testing.T) {
				e := newEnv(t)
				p := e.plan(t, res)
				e.f.ResetCounts()
				e.f.LoseAnswer(githubfake.Lost{Method: "POST", Path: k.path, Status: status})
				rep, err := runPlan(t, e, p)
				if err != nil || !rep.OK() {
					t.Fatalf("apply: %v\n%s", err, failures(rep))
				}
				if got := dump(e.repo); got != want {
					t.Fatalf("after a lost %s create, the repository differs from a clean apply's:\n got:\n%s\nwant:\n%s", k.name, got, want)
				}
				reqs := e.f.Requests()
				lost, creates := -1, 0
				for i, r := range reqs {
					if r.Method == "POST" && strings.HasSuffix(pathOnly(r.Path), k.path) {
						creates++
						if r.Status != 201 && lost < 0 {
							lost = i
						}
					}
				}
				if lost < 0 {
					t.Fatalf("no create lost its answer:\n%s", requestLog(reqs))
				}
				if creates != k.creates {
					t.Errorf("%d %s creates sent, want %d (the lost one must not be sent again):\n%s", creates, k.name, k.creates, requestLog(reqs))
				}
				if lost+1 >= len(reqs) || !strings.HasPrefix(reqs[lost+1].Method+" "+reqs[lost+1].Path, k.lookup) {
					t.Errorf("after the lost create, want the lookup %q:\n%s", k.lookup, requestLog(reqs))
				}
				// Found at once: no wait before a second try.
				if s := e.clock.Sleeps(); len(s) != 0 {
					t.Errorf("waited %v", s)
				}
				if p := e.plan(t, res); len(p.Changes) != 0 {
					t.Errorf("the plan after apply has %d changes, first %+v", len(p.Changes), p.Changes[0])
				}
			})
		}
	}
}

// pathOnly is a logged request's path without its query.
func pathOnly(p string) string {
	path, _, _ := strings.Cut(p, "?")
	return path
}

// requestLog is the fake's log, one request a line, for failure messages.
func requestLog(reqs []githubfake.Request) string {
	var b strings.Builder
	for _, r := range reqs {
		fmt.Fprintf(&b, "  %s %s → %d\n", r.Method, r.Path, r.Status)
	}
	return b.String()
}

// roundTripFunc is a transport made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }
