package render

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// graphFixture is a picture the tests draw, check and keep as a golden file.
type graphFixture struct {
	name string
	data GraphData
}

// datedRoadmap is a roadmap of n issues over six milestones with due
// dates (one without), sub-issues and dependencies, with the awkward
// titles mixed in; the snapshot holds the first half of it, some closed.
func datedRoadmap(t testing.TB, n int) GraphData {
	t.Helper()
	type ms struct {
		Title string  `json:"title"`
		DueOn *string `json:"due_on,omitempty"`
	}
	due := func(s string) *string { return &s }
	milestones := []ms{{"Q1: Foundation", due("2027-03-31")}, {"Q2: Scale; \"fast\"", due("2027-06-30")},
		{"Q3 #3 [beta]", due("2027-09-30")}, {"Q4 — 日本語", due("2027-12-31")}, {"Later", nil}, {"Q0 <kick-off>", due("2027-01-15")}}
	var issues []map[string]any
	for i := range n {
		id := fmt.Sprintf("t-%03d", i+1)
		title := fmt.Sprintf("Task %03d", i+1)
		if i%4 == 1 {
			title = awkwardTitles[(i/4)%len(awkwardTitles)]
			title = fmt.Sprintf("%s (%d)", title, i+1)
		}
		is := map[string]any{"id": id, "title": title, "milestone": milestones[i%len(milestones)].Title}
		if i >= 6 {
			is["blocked_by"] = []string{fmt.Sprintf("t-%03d", i-5)}
		}
		if i%7 == 3 && i > 0 {
			is["parent"] = "t-001"
		}
		issues = append(issues, is)
	}
	doc := map[string]any{"version": 1, "repository": "octo-org/octo-repo", "milestones": milestones, "issues": issues}
	text, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	res := roadmap.Parse("roadmap.json", text, roadmap.Options{Dir: t.TempDir()})
	if !res.Valid() {
		t.Fatalf("%v", res.Diagnostics)
	}
	snap := &state.Snapshot{Repository: "octo-org/octo-repo"}
	for i, m := range milestones[:3] {
		snap.Milestones = append(snap.Milestones, state.Milestone{Number: i + 1, Title: m.Title, OpenIssues: 10 - 3*i, ClosedIssues: 3 * i})
	}
	for i, is := range res.Roadmap.Issues[:n/2] {
		st := "open"
		if i%3 == 0 {
			st = "closed"
		}
		body := roadmap.ComposeBody("", is.ID, "")
		snap.Issues = append(snap.Issues, state.Issue{ID: int64(1000 + i), Number: i + 1, Title: is.Title, Body: body, State: st,
			Labels: []string{"roadmap"}, Milestone: is.Milestone.Value, URL: fmt.Sprintf("https://github.com/octo-org/octo-repo/issues/%d", i+1),
			Author: "github-actions[bot]", AuthorType: "Bot", AuthorAssociation: "NONE"})
	}
	p, err := plan.Compute(res.Roadmap, res.Bodies, snap)
	if err != nil {
		t.Fatal(err)
	}
	return GraphData{Roadmap: res.Roadmap, Snapshot: snap, Plan: p}
}

func graphFixtures(t *testing.T) []graphFixture {
	base := repoRoadmapText(t)
	_, res := emptyPlan(t, base)
	w := appliedWorld(t)
	p300, res300, snap300 := w.plan(t, withIssues(t, base, 300))
	return []graphFixture{
		{"repo-offline", GraphData{Roadmap: res.Roadmap}},
		{"punctuation", datedRoadmap(t, 24)},
		{"dated-300", datedRoadmap(t, 300)},
		{"pr-300", GraphData{Roadmap: res300.Roadmap, Snapshot: snap300, Plan: p300}},
	}
}

func TestGraph(t *testing.T) {
	var files []string
	expected := map[string]map[string]bool{} // file → the labels its charts may show
	dir := t.TempDir()
	for _, f := range graphFixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			md := Graph(f.data)
			golden(t, "graph/"+f.name+".md", md)
			golden(t, "graph/"+f.name+".dot", DOT(f.data))
			for _, block := range strings.Split(md, "```mermaid\n")[1:] {
				chart, _, _ := strings.Cut(block, "```")
				if len(chart) > 50000 {
					t.Errorf("a chart of %d characters: GitHub draws at most 50,000", len(chart))
				}
				if n := strings.Count(chart, "-->") + strings.Count(chart, "-.->"); n > 500 {
					t.Errorf("%d edges: GitHub draws at most 500", n)
				}
			}
			if n := strings.Count(md, `["`); n > FlowchartIssues+GanttMilestones {
				t.Errorf("%d nodes: more than a chart can show legibly", n)
			}
			g := newGraph(f.data)
			labels := map[string]bool{}
			for _, v := range g.issues {
				labels[trimRunes(strings.Join(strings.Fields(v.label()), " "), graphTitleRunes)] = true
			}
			for _, m := range g.milestones {
				labels[trimRunes(strings.Join(strings.Fields(m.title), " "), graphTitleRunes)] = true
				labels[trimRunes(m.title+" · "+m.progress(), graphTitleRunes)] = true
			}
			path := filepath.Join(dir, f.name+".md")
			if err := os.WriteFile(path, []byte(md), 0o644); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(md, "```mermaid") {
				files = append(files, path)
				expected[path] = labels
			}
		})
	}
	t.Run("Mermaid reads them", func(t *testing.T) {
		for _, r := range readMermaid(t, files) {
			if r.Error != "" {
				t.Errorf("%s chart %d: Mermaid says %s", filepath.Base(r.File), r.Block, r.Error)
				continue
			}
			labels := expected[r.File]
			var texts []string
			for _, task := range r.Tasks {
				if task[2] != true {
					texts = append(texts, task[1].(string))
				}
			}
			for _, n := range r.Nodes {
				texts = append(texts, n[1])
			}
			for _, s := range r.Subgraphs {
				texts = append(texts, s[1])
			}
			for _, s := range texts {
				if !labels[s] && !strings.HasPrefix(s, "…and ") {
					t.Errorf("%s chart %d: Mermaid reads %q, which is no title of the roadmap", filepath.Base(r.File), r.Block, s)
				}
			}
			t.Logf("%s chart %d: %s, %d characters, %d tasks, %d nodes, %d edges", filepath.Base(r.File), r.Block, r.Type, r.Size, len(r.Tasks), len(r.Nodes), r.Edges)
		}
	})
}

// TestGraphMarks checks what the picture says of the state of things:
// closed issues, new and changed ones, milestone progress, undated
// milestones listed and not guessed.
func TestGraphMarks(t *testing.T) {
	d := datedRoadmap(t, 24)
	md := Graph(d)
	for _, want := range []string{
		"section Q1#58; Foundation · 0 of 10 closed (0%)", // GitHub's counts, not recounted
		"section Q2#58; Scale#59; #quot;fast#quot; · 3 of 10 closed (30%)",
		"section Q0 #lt;kick-off#gt; · 4 issues", // GitHub has no such milestone yet
		"Milestones without a due date, not on the timeline:\n\n- Later: 4 issues\n",
		":done, ", ":active, ", "class ", " closed\n", " new\n",
		"    i1 -.-> ", "linkStyle ",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the picture lacks %q", want)
		}
	}
	if strings.Contains(md, "Later ·") || strings.Contains(md, "section Later") {
		t.Error("a milestone without a due date was put on the timeline")
	}
	big := Graph(datedRoadmap(t, 300))
	if !strings.Contains(big, "Showing 80 of the 300 issues that have relations") || !strings.Contains(big, "…and 38 more issues") {
		t.Error("a large roadmap's picture must say what it leaves out")
	}
}

// mermaidResult is what check.mjs says of one chart.
type mermaidResult struct {
	File      string
	Block     int
	Size      int
	Type      string
	Error     string
	Tasks     [][3]any
	Nodes     [][2]string
	Edges     int
	Subgraphs [][2]string
}

var (
	mermaidOnce sync.Once
	mermaidDir  string
	mermaidWhy  string
)

// mermaidModules finds, or installs once into the user cache, the npm
// packages check.mjs needs. Without Node or npm it says why, and the
// caller skips: CI must pass without Node.
func mermaidModules(t *testing.T) string {
	t.Helper()
	mermaidOnce.Do(func() {
		node, err := exec.LookPath("node")
		if err != nil {
			mermaidWhy = "Node.js is not installed: the Mermaid check reads the charts with Mermaid itself (npm's mermaid)"
			return
		}
		dir := os.Getenv("ROADMAP_MERMAID_DIR")
		if dir == "" {
			cache, err := os.UserCacheDir()
			if err != nil {
				mermaidWhy = "no user cache folder to install mermaid into: " + err.Error()
				return
			}
			dir = filepath.Join(cache, "roadmap-mermaid")
		}
		modules := filepath.Join(dir, "node_modules")
		if _, err := os.Stat(filepath.Join(modules, "mermaid", "package.json")); err == nil {
			if _, err := os.Stat(filepath.Join(modules, "jsdom", "package.json")); err == nil {
				mermaidDir = modules
				return
			}
		}
		npm, err := exec.LookPath("npm")
		if err != nil {
			mermaidWhy = "npm is not installed (node is at " + node + "): it installs mermaid for the check"
			return
		}
		pkg, err := os.ReadFile("testdata/mermaid/package.json")
		if err == nil {
			err = os.MkdirAll(dir, 0o755)
		}
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, "package.json"), pkg, 0o644)
		}
		if err != nil {
			mermaidWhy = "preparing " + dir + ": " + err.Error()
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, npm, "install", "--no-audit", "--no-fund", "--loglevel=error")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			mermaidWhy = fmt.Sprintf("npm could not install mermaid into %s: %v\n%s", dir, err, out)
			return
		}
		mermaidDir = modules
	})
	if mermaidDir == "" {
		t.Skip(mermaidWhy)
	}
	return mermaidDir
}

// readMermaid has Mermaid read every chart of the Markdown files.
func readMermaid(t *testing.T, files []string) []mermaidResult {
	t.Helper()
	modules := mermaidModules(t)
	script, err := filepath.Abs("testdata/mermaid/check.mjs")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", append([]string{script}, files...)...)
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("check.mjs: %v\n%s", err, stderr.String())
	}
	var results []mermaidResult
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var r mermaidResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("check.mjs said %q: %v", sc.Text(), err)
		}
		results = append(results, r)
	}
	if len(results) == 0 {
		t.Fatal("check.mjs found no chart")
	}
	return results
}
