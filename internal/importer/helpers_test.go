package importer_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/apply"
	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/importer"
	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

const (
	owner = "octo-org"
	name  = "octo-repo"
	full  = owner + "/" + name
)

// env is a fake GitHub with one repository.
type env struct {
	f    *githubfake.Fake
	repo *githubfake.Repo
}

func newEnv(t testing.TB) *env {
	t.Helper()
	f := githubfake.New()
	t.Cleanup(f.Close)
	return &env{f: f, repo: f.AddRepo(owner, name)}
}

func (e *env) client(t testing.TB) *gh.Client {
	t.Helper()
	c, err := gh.New(gh.Options{Token: "t", APIURL: e.f.URL, Repository: full, HTTPClient: e.f.Client(), WriteInterval: 0})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// importTo imports the fake repository into dir/roadmap.json and writes the files.
func (e *env) importTo(t testing.TB, dir string, opts importer.Options) *importer.Result {
	t.Helper()
	opts.Repository = full
	if opts.RoadmapPath == "" {
		opts.RoadmapPath = filepath.Join(dir, "roadmap.json")
	}
	res, err := importer.Import(context.Background(), e.client(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := importer.WriteFiles(res.Files); err != nil {
		t.Fatal(err)
	}
	return res
}

// load validates a roadmap file as roadmap validate does.
func load(t testing.TB, path string) *roadmap.Result {
	t.Helper()
	res, err := roadmap.Load(path, roadmap.Options{Root: filepath.Dir(path)})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Valid() {
		t.Fatalf("%s is invalid:\n%s", path, res.Diagnostics)
	}
	return res
}

// plan reads the fake and plans res against it, as roadmap plan does.
func (e *env) plan(t testing.TB, res *roadmap.Result) *plan.Plan {
	t.Helper()
	snap, err := state.Fetch(context.Background(), e.client(t), full, res.Roadmap)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Compute(res.Roadmap, res.Bodies, snap)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (e *env) apply(t testing.TB, res *roadmap.Result) {
	t.Helper()
	rep, err := apply.Run(context.Background(), e.plan(t, res), e.client(t), apply.Options{})
	if err != nil || !rep.OK() {
		t.Fatalf("apply: %v %+v", err, rep)
	}
}

// seedIssue is one issue of the seed's "create these issues by hand" list.
type seedIssue struct {
	N         int
	Title     string
	Labels    []string
	Milestone string
	Body      string
}

// seed parses testdata/seed.txt, a copy of shared/seed/000_6e014ba560628f95.txt.
func seed(t testing.TB) []seedIssue {
	t.Helper()
	data, err := os.ReadFile("testdata/seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	heads := regexp.MustCompile(`(?m)^## Issue (\d+): `).FindAllStringSubmatchIndex(s, -1)
	var out []seedIssue
	block := func(sec, heading, end string) string {
		i := strings.Index(sec, heading+"\n```\n")
		if i < 0 {
			t.Fatalf("seed: no %q in %.80q", heading, sec)
		}
		rest := sec[i+len(heading)+5:]
		j := strings.Index(rest, end)
		if j < 0 {
			t.Fatalf("seed: %q does not end", heading)
		}
		return rest[:j]
	}
	for i, h := range heads {
		end := len(s)
		if i+1 < len(heads) {
			end = heads[i+1][0]
		}
		sec := s[h[0]:end]
		n, _ := strconv.Atoi(s[h[2]:h[3]])
		is := seedIssue{N: n, Title: block(sec, "### Title (copy this exactly):", "\n```\n"),
			Body: block(sec, "### Body content (copy everything below):", "\n```\n\n---")}
		for _, l := range strings.Split(block(sec, "### Labels to add:", "\n```\n"), ",") {
			is.Labels = append(is.Labels, strings.TrimSpace(l))
		}
		is.Milestone = regexp.MustCompile(`\*\*Milestone:\*\* (.*)`).FindStringSubmatch(sec)[1]
		out = append(out, is)
	}
	if len(out) != 21 {
		t.Fatalf("seed: %d issues, want 21", len(out))
	}
	return out
}

// seedMilestones are the milestones the seed says to create first.
var seedMilestones = []string{"Sprint 0: Mobilize & Baseline", "M1: Real-Time Foundation", "M2: Performance & Validation", "M3: Advanced Analytics"}
