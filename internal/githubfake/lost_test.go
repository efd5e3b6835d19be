package githubfake_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

// LoseAnswer performs the write and then loses its answer: GitHub has the
// object, the client has a 502 or no answer at all.
func TestLoseAnswer(t *testing.T) {
	t.Run("a 502 after the label was created", func(t *testing.T) {
		f, r := newFake(t)
		f.LoseAnswer(githubfake.Lost{Method: "POST", Path: "/labels", Status: http.StatusBadGateway})
		a := send(t, f, "POST", repoPath+"/labels", map[string]any{"name": "bug", "color": "d73a4a"})
		expectStatus(t, a, http.StatusBadGateway)
		if m := a.obj(t); m["message"] != "Server Error" {
			t.Errorf("body %s", a.Raw)
		}
		if l, ok := r.Label("bug"); !ok || l.Color != "d73a4a" {
			t.Fatalf("the label was not created: %+v", l)
		}
		// Sent again, the write meets the object the lost one made.
		expect422(t, send(t, f, "POST", repoPath+"/labels", map[string]any{"name": "bug"}), "Label", "already_exists", "name")
		reqs := f.Requests()
		if len(reqs) != 2 || !reqs[0].Performed || reqs[0].Status != 502 || reqs[1].Performed {
			t.Errorf("request log %+v", reqs)
		}
	})

	t.Run("the connection closed after the issue was created", func(t *testing.T) {
		f, r := newFake(t)
		f.LoseAnswer(githubfake.Lost{Path: "/issues"})
		req, err := http.NewRequest("POST", strings.TrimSuffix(f.URL, "/")+repoPath+"/issues", strings.NewReader(`{"title":"One"}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "token x")
		resp, err := f.Client().Do(req)
		if err == nil {
			resp.Body.Close()
			t.Fatalf("an answer came: %s", resp.Status)
		}
		if is := r.Issue(1); is.Title != "One" {
			t.Fatalf("the issue was not created: %+v", is)
		}
		if reqs := f.Requests(); len(reqs) != 1 || !reqs[0].Performed || reqs[0].Status != 0 {
			t.Errorf("request log %+v", reqs)
		}
	})

	t.Run("only matching, performed writes lose their answer", func(t *testing.T) {
		f, r := newFake(t)
		f.LoseAnswer(githubfake.Lost{Method: "POST", Path: "/milestones", Status: http.StatusServiceUnavailable, Times: 2})
		expectStatus(t, send(t, f, "GET", repoPath+"/milestones", nil), http.StatusOK)                                    // a read
		expectStatus(t, send(t, f, "POST", repoPath+"/labels", map[string]any{"name": "bug"}), http.StatusCreated)        // another path
		expect422(t, send(t, f, "POST", repoPath+"/milestones", map[string]any{}), "Milestone", "missing_field", "title") // refused: not performed
		expectStatus(t, send(t, f, "POST", repoPath+"/milestones", map[string]any{"title": "M1"}), http.StatusServiceUnavailable)
		m2 := send(t, f, "PATCH", repoPath+"/milestones/1", map[string]any{"description": "x"}) // another method
		expectStatus(t, m2, http.StatusOK)
		expectStatus(t, send(t, f, "POST", repoPath+"/milestones", map[string]any{"title": "M2"}), http.StatusServiceUnavailable)
		expectStatus(t, send(t, f, "POST", repoPath+"/milestones", map[string]any{"title": "M3"}), http.StatusCreated) // used up
		if n := len(r.Milestones()); n != 3 {
			t.Errorf("%d milestones, want all 3 created", n)
		}
	})
}
