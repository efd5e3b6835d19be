package action

import (
	"context"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

// TestUpsertEditsTheOldestMarkedComment: when two comments carry the
// marker (two runs at once each made one), the oldest is the plan comment
// and is edited; the newer is left as it is, and none is added.
func TestUpsertEditsTheOldestMarkedComment(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	repo := f.AddRepo("octo-org", "octo-repo")
	pr := repo.AddPullRequest("Edit the roadmap")
	m := planMarker("roadmap.json")
	oldest := repo.AddComment(pr, "", m+"\nfirst run's plan")
	repo.AddComment(pr, "hubot", "noise")
	newer := repo.AddComment(pr, "", m+"\nsecond run's plan")
	c, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: "octo-org/octo-repo"})
	if err != nil {
		t.Fatal(err)
	}
	cm, what, err := upsertComment(context.Background(), c, pr, m, m+"\nnew plan", false)
	if err != nil || what != commentEdited || cm.ID != oldest {
		t.Fatalf("upsert edited comment %d (%v, %v); want the oldest, %d", cm.ID, what, err, oldest)
	}
	bodies := map[int64]string{}
	for _, x := range repo.Comments(pr) {
		bodies[x.ID] = x.Body
	}
	if bodies[oldest] != m+"\nnew plan" || bodies[newer] != m+"\nsecond run's plan" || len(bodies) != 3 {
		t.Errorf("comments after upsert: %v", bodies)
	}
}
