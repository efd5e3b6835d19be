package apply_test

import (
	"context"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/apply"
	"github.com/roadmap-as-code/roadmap/internal/gh"
)

// A token that may not write gets one refusal, not one per change: the run
// stops at the first 403 or 401, and every other change is "not sent".
func TestStopsAtTheFirstPermissionRefusal(t *testing.T) {
	for _, tt := range []struct {
		name  string
		token string
		setup func(e *env)
		stop  string
	}{
		{"read-only token (403)", "test", func(e *env) { e.f.ReadOnly(true) },
			"the token may not write here (Resource not accessible by integration); no further write was sent: give the workflow job `permissions: issues: write`"},
		{"no token (401)", "", func(e *env) {},
			"GitHub did not accept the token (Requires authentication); no further write was sent: check GITHUB_TOKEN"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			res := repositoryRoadmap(t)
			p := e.plan(t, res)
			tt.setup(e)
			e.f.ResetCounts()
			c, err := gh.New(gh.Options{Token: tt.token, APIURL: e.f.URL, Repository: full, HTTPClient: e.f.Client(),
				WriteInterval: 0, Sleep: e.clock.Sleep, Now: e.clock.Now})
			if err != nil {
				t.Fatal(err)
			}
			rep, err := apply.Run(context.Background(), p, c, apply.Options{Sleep: e.clock.Sleep})
			if err != nil {
				t.Fatal(err)
			}
			if e.f.Writes() != 1 {
				t.Errorf("%d writes sent after a refusal; want 1", e.f.Writes())
			}
			if !strings.Contains(rep.Stopped, tt.stop) {
				t.Errorf("stopped: %q\nwant it to say %q", rep.Stopped, tt.stop)
			}
			counts := map[string]int{}
			for i, r := range rep.Results {
				counts[r.Status]++
				if i > 0 && (r.Status != apply.StatusSkipped || r.Error != "not sent: the run stopped first") {
					t.Errorf("change %d after the refusal: %s %q", i, r.Status, r.Error)
				}
			}
			if counts[apply.StatusFailed] != 1 || counts[apply.StatusSkipped] != len(p.Changes)-1 {
				t.Errorf("results %v for %d changes", counts, len(p.Changes))
			}
		})
	}
}
