package pipeline_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/pipeline"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

func parse(t *testing.T, src string) *roadmap.Result {
	t.Helper()
	res := roadmap.Parse("roadmap.json", []byte(src), roadmap.Options{Dir: t.TempDir()})
	if !res.Valid() {
		t.Fatal(res.Diagnostics)
	}
	return res
}

func TestPlanWithoutToken(t *testing.T) {
	res := parse(t, `{"version": 1, "project": {"owner": "o", "number": 1}, "issues": [{"id": "a", "title": "A", "fields": {"Status": "Todo"}}]}`)
	out, err := pipeline.Plan(context.Background(), pipeline.Clients{Interval: time.Second}, "o/r", res.Roadmap, res.Bodies)
	if err != nil {
		t.Fatal(err)
	}
	if !out.Snapshot.Empty || out.Plan.Forecast == nil || out.Plan.Forecast.Writes != 2 || out.Plan.Forecast.Interval != time.Second {
		t.Fatalf("snapshot %+v, forecast %+v", out.Snapshot, out.Plan.Forecast)
	}
}

func TestReadErrorsAreMarked(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	c, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: "o/missing"})
	if err != nil {
		t.Fatal(err)
	}
	res := parse(t, `{"version": 1}`)
	_, err = pipeline.Plan(context.Background(), pipeline.Clients{Repo: c}, "o/missing", res.Roadmap, res.Bodies)
	if !errors.Is(err, pipeline.ErrRead) {
		t.Fatalf("err = %v; want it marked as a read of GitHub", err)
	}
}

func TestProjectClient(t *testing.T) {
	with := parse(t, `{"version": 1, "project": {"owner": "o", "number": 1}}`).Roadmap
	without := parse(t, `{"version": 1}`).Roadmap
	opts := gh.Options{Repository: "o/r"}
	if c, err := pipeline.ProjectClient(with, "", opts); c != nil || err != nil {
		t.Errorf("no token: %v, %v", c, err)
	}
	if c, err := pipeline.ProjectClient(without, "t", opts); c != nil || err != nil {
		t.Errorf("no project: %v, %v", c, err)
	}
	if c, err := pipeline.ProjectClient(with, "t", opts); c == nil || err != nil {
		t.Errorf("token and project: %v, %v", c, err)
	}
}
