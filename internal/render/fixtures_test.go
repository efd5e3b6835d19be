package render

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/apply"
	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// The comments the tests render are the action's: the same marker, links
// and footer, at a fixed time, so the golden files stay put.
const (
	fixtureRepo   = "roadmap-as-code/roadmap"
	fixtureMarker = "<!-- roadmap-as-code plan: roadmap.json -->"
	fixtureRun    = "https://github.com/roadmap-as-code/roadmap/actions/runs/4242"
	fixtureCommit = "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432"
)

var fixtureTime = time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)

func commentOptions(picture string) MarkdownOptions {
	return MarkdownOptions{Header: fixtureMarker, FullPlanURL: fixtureRun, RunURL: fixtureRun,
		Commit: fixtureCommit, CommitURL: "https://github.com/" + fixtureRepo + "/commit/" + fixtureCommit,
		Updated: fixtureTime, Merge: true, Picture: picture}
}

// world is GitHub holding this repository's roadmap, applied: the base
// every pull-request fixture changes.
type world struct {
	fake   *githubfake.Fake
	client *gh.Client
}

var (
	worldOnce sync.Once
	theWorld  *world
	worldErr  error
)

func repoRoadmapText(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("../../roadmap.json")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// appliedWorld applies this repository's roadmap to a fake GitHub once per
// test binary; fixtures only read it afterwards.
func appliedWorld(t testing.TB) *world {
	t.Helper()
	worldOnce.Do(func() {
		f := githubfake.New()
		f.AddRepo("roadmap-as-code", "roadmap")
		client, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: fixtureRepo, WriteInterval: 0})
		if err != nil {
			worldErr = err
			return
		}
		w := &world{fake: f, client: client}
		p, _, _ := w.plan(t, repoRoadmapText(t))
		rep, err := apply.Run(context.Background(), p, client, apply.Options{})
		if err != nil || !rep.OK() {
			worldErr = fmt.Errorf("apply: %v %+v", err, rep)
			return
		}
		theWorld = w
	})
	if worldErr != nil {
		t.Fatal(worldErr)
	}
	return theWorld
}

// plan plans text against the world.
func (w *world) plan(t testing.TB, text string) (*plan.Plan, *roadmap.Result, *state.Snapshot) {
	t.Helper()
	res := roadmap.Parse("roadmap.json", []byte(text), roadmap.Options{Dir: "../.."})
	if !res.Valid() {
		t.Fatalf("fixture roadmap is invalid: %v", res.Diagnostics)
	}
	snap, err := state.Fetch(context.Background(), w.client, fixtureRepo, res.Roadmap)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Compute(res.Roadmap, res.Bodies, snap)
	if err != nil {
		t.Fatal(err)
	}
	return p, res, snap
}

// emptyPlan plans text against an empty repository, as without a token.
func emptyPlan(t testing.TB, text string) (*plan.Plan, *roadmap.Result) {
	t.Helper()
	res := roadmap.Parse("roadmap.json", []byte(text), roadmap.Options{Dir: "../.."})
	if !res.Valid() {
		t.Fatalf("fixture roadmap is invalid: %v", res.Diagnostics)
	}
	p, err := plan.Compute(res.Roadmap, res.Bodies, &state.Snapshot{Repository: fixtureRepo, Empty: true})
	if err != nil {
		t.Fatal(err)
	}
	return p, res
}

// awkwardTitles are titles a real roadmap has: punctuation Markdown and
// Mermaid read, references and mentions that must not act, other scripts.
var awkwardTitles = []string{
	`Follow-up to #12: "quotes" & <tags>`,
	`Port owner/repo#7 and GH-9 fixes; then @octocat reviews`,
	`[Beta] search | filters * ranking_v2 _draft_`,
	"Use `roadmap plan` in CI (50% faster)",
	`日本語のタイトル: 検索の改善`,
	`Ünïcödé — naïve café; résumé #hashtag`,
	`1. Numbered {braces} \backslash ~tilde~ $math$`,
	`- looks like a list > and a quote`,
}

// withIssues adds n generated issues to the roadmap text: each in one of
// its milestones with a priority and that milestone's sprint label, and
// blocked by the issue before it (the first of each milestone by
// sprint-0), so the plan has as many relations as issues.
func withIssues(t testing.TB, base string, n int) string {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(base), &doc); err != nil {
		t.Fatal(err)
	}
	milestones := []string{"M1: Real-Time Foundation", "M2: Performance & Validation", "M3: Advanced Analytics"}
	sprints := []string{"sprint-1", "sprint-2", "sprint-3"}
	priorities := []string{"P0-critical", "P1-important", "P2-enhancement"}
	issues := doc["issues"].([]any)
	prev := map[int]string{}
	for i := range n {
		m := i % len(milestones)
		id := fmt.Sprintf("work-%04d", i+1)
		title := fmt.Sprintf("Work item %04d", i+1)
		if i%10 == 3 {
			title = fmt.Sprintf("%s %04d", awkwardTitles[(i/10)%len(awkwardTitles)], i+1)
		}
		blocker := prev[m]
		if blocker == "" {
			blocker = "sprint-0"
		}
		issues = append(issues, map[string]any{
			"id": id, "title": title, "body": fmt.Sprintf("Deliver work item %d.\n\n- [ ] design\n- [ ] build\n", i+1),
			"labels":    []string{"enhancement", priorities[i%3], sprints[m]},
			"milestone": milestones[m], "blocked_by": []string{blocker},
		})
		prev[m] = id
	}
	doc["issues"] = issues
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// renamed is the roadmap after a pull request that only renames: a label
// and a milestone (through aliases, so GitHub renames them in place) and
// one issue's title.
func renamed(t testing.TB, base string) string {
	t.Helper()
	out := strings.NewReplacer(
		`"name": "implementation",`, `"name": "kind: implementation", "aliases": ["implementation"],`,
		`"implementation"`, `"kind: implementation"`,
		`"title": "M2: Performance & Validation",`, `"title": "M2: Performance, Caching & Validation", "aliases": ["M2: Performance & Validation"],`,
		`"M2: Performance & Validation"`, `"M2: Performance, Caching & Validation"`,
		`"title": "Phase 3 UX Quality Gates"`, `"title": "UX Quality Gates (Phase 3)"`,
	).Replace(base)
	if out == base {
		t.Fatal("the rename fixture no longer changes roadmap.json")
	}
	return out
}
