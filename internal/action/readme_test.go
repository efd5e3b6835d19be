package action

import (
	"bytes"
	"context"
	"flag"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/apply"
	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/render"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

var updateReadme = flag.Bool("update", false, "rewrite the plan comment sample in README.md")

const (
	sampleBegin = "<!-- sample plan comment: begin (go test ./internal/action -run ReadmeSample -update) -->\n"
	sampleEnd   = "<!-- sample plan comment: end -->\n"
)

// TestReadmeSampleComment keeps the README's sample plan comment the real
// thing: this repository's roadmap, applied, then changed the way a pull
// request would change it, planned and rendered as the action comments.
func TestReadmeSampleComment(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	f.AddRepo("roadmap-as-code", "roadmap")
	client, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: "roadmap-as-code/roadmap"})
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("../../roadmap.json")
	if err != nil {
		t.Fatal(err)
	}
	planFor := func(text string) *plan.Plan {
		t.Helper()
		res := roadmap.Parse("roadmap.json", []byte(text), roadmap.Options{Dir: "../.."})
		if !res.Valid() {
			t.Fatal(res.Diagnostics)
		}
		snap, err := state.Fetch(context.Background(), client, "roadmap-as-code/roadmap", res.Roadmap)
		if err != nil {
			t.Fatal(err)
		}
		p, err := plan.Compute(res.Roadmap, res.Bodies, snap)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	if rep, err := apply.Run(context.Background(), planFor(string(src)), client, apply.Options{}); err != nil || !rep.OK() {
		t.Fatalf("apply: %v %+v", err, rep)
	}
	// The pull request: predictive analytics moves up to P1 and M2, M1
	// gets a due date, and P0 a darker red.
	changed := strings.NewReplacer(
		`"labels": ["enhancement", "SM_REFACTOR_STRAT", "implementation", "v2", "P2-enhancement", "sprint-3"],
      "milestone": "M3: Advanced Analytics",
      "blocked_by": ["sprint-0"]
    },
    {
      "id": "event-architecture"`, `"labels": ["enhancement", "SM_REFACTOR_STRAT", "implementation", "v2", "P1-important", "sprint-2"],
      "milestone": "M2: Performance & Validation",
      "blocked_by": ["sprint-0"]
    },
    {
      "id": "event-architecture"`,
		`"title": "M1: Real-Time Foundation",`, `"title": "M1: Real-Time Foundation",
      "due_on": "2027-03-31",`,
		`"color": "b60205"`, `"color": "9e0000"`,
	).Replace(string(src))
	if changed == string(src) {
		t.Fatal("the sample's changes no longer apply to roadmap.json; update the replacements")
	}
	p := planFor(changed)
	if s := p.Summary(); s.Update != 3 {
		t.Fatalf("the sample plan has %+v, want 3 updates (a label, a milestone, and one PATCH of an issue's labels and milestone)", s)
	}
	res := roadmap.Parse("roadmap.json", []byte(changed), roadmap.Options{Dir: "../.."})
	sha := "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432"
	md := render.Markdown(p, render.MarkdownOptions{Header: planMarker("roadmap.json"),
		FullPlanURL: "https://github.com/roadmap-as-code/roadmap/actions/runs/4242", RunURL: "https://github.com/roadmap-as-code/roadmap/actions/runs/4242",
		Commit: sha, CommitURL: "https://github.com/roadmap-as-code/roadmap/pull/7/commits/" + sha, Merge: true,
		Updated: time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC), Picture: render.Graph(render.GraphData{Roadmap: res.Roadmap, Plan: p})})
	block := sampleBegin + "````markdown\n" + md + "````\n" + sampleEnd

	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	i, j := bytes.Index(readme, []byte(sampleBegin)), bytes.Index(readme, []byte(sampleEnd))
	if i < 0 || j < i {
		t.Fatalf("README.md has no sample block between %q and %q", sampleBegin, sampleEnd)
	}
	current := string(readme[i : j+len(sampleEnd)])
	if *updateReadme {
		out := string(readme[:i]) + block + string(readme[j+len(sampleEnd):])
		if err := os.WriteFile("../../README.md", []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if current != block {
		t.Errorf("README.md's sample plan comment is out of date; run go test ./internal/action -run ReadmeSample -update")
	}
}
