package render

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/plan"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// everyKind is a plan with every kind of change, and user text that tries
// to break Markdown and ping people.
func everyKind() *plan.Plan {
	return &plan.Plan{
		Repository: "octo-org/octo-repo",
		Unchanged:  14,
		Reads:      3,
		Milestones: map[string]int{"M1": 1},
		Issues: map[string]plan.IssueRef{"collab-engine": {Number: 42, URL: "https://github.com/octo-org/octo-repo/issues/42"},
			"collab": {Number: 12, URL: "https://github.com/octo-org/octo-repo/issues/12"},
			"#172":   {Number: 172, URL: "https://github.com/octo-org/octo-repo/issues/172"}},
		Warnings: []string{
			`issue #12 "Ping @octocat | <b>bold</b>" will be adopted by roadmap entry "collab" (matched by title)`,
			`issue #172 "Old copy" will be closed as a duplicate of "collab"`,
			`issue "perf": 2 issues are titled "Speed it up" (#98 by @mallory, #99 by @eve), so none is adopted and a new issue will be created`,
		},
		Changes: []plan.Change{
			{Kind: plan.KindLabel, Action: plan.ActionCreate, Key: "P0-critical", Fields: []plan.Field{{Name: "name", To: "P0-critical"}, {Name: "color", To: "b60205"}}},
			{Kind: plan.KindLabel, Action: plan.ActionRename, Key: "Bug", Current: "bug", Fields: []plan.Field{{Name: "name", From: "bug", To: "Bug"}}},
			{Kind: plan.KindLabel, Action: plan.ActionUpdate, Key: "area/collab", Current: "area/collab", Fields: []plan.Field{{Name: "description", From: "", To: "Real-time | sync"}}},
			{Kind: plan.KindMilestone, Action: plan.ActionCreate, Key: "M2: Performance", Fields: []plan.Field{{Name: "title", To: "M2: Performance"}, {Name: "due_on", To: "2026-07-01"}}},
			{Kind: plan.KindMilestone, Action: plan.ActionUpdate, Key: "M1", Number: 1, Fields: []plan.Field{{Name: "due_on", From: "2026-01-15", To: "2026-01-16"}}},
			{Kind: plan.KindIssue, Action: plan.ActionCreate, Key: "perf", Title: "Speed `it` up", Fields: []plan.Field{
				{Name: "title", To: "Speed `it` up"}, {Name: "body", To: "Make it fast.\n\n<!-- roadmap:id=perf -->"}, {Name: "labels", To: []string{"P0-critical", "roadmap"}}, {Name: "milestone", To: "M2: Performance"}}},
			{Kind: plan.KindIssue, Action: plan.ActionUpdate, Key: "collab-engine", Number: 42, Title: "Real-Time Collaboration Engine", Fields: []plan.Field{
				{Name: "milestone", From: "M1", To: "M2: Performance"},
				{Name: "body", From: "Old line\nShared line\n```go\nx\n```\n\n<!-- roadmap:id=collab-engine -->", To: "New line by @octocat\nShared line\n```go\nx\n```\n\n<!-- roadmap:id=collab-engine -->"}}},
			{Kind: plan.KindIssue, Action: plan.ActionAdopt, AdoptedBy: "title", Key: "collab", Number: 12, Title: "Ping @octocat | <b>bold</b>", Fields: []plan.Field{{Name: "labels", From: []string{"triage"}, To: []string{"roadmap", "triage"}}}},
			{Kind: plan.KindRelation, Action: plan.ActionRelate, Key: "perf", Title: "Speed `it` up", Relation: "blocked_by", Target: "collab-engine",
				TargetNumber: 42, TargetTitle: "Real-Time Collaboration Engine", Fields: []plan.Field{{Name: "blocked_by", To: "collab-engine"}}},
			{Kind: plan.KindRelation, Action: plan.ActionRelate, Key: "perf", Title: "Speed `it` up", Number: 0, Relation: "parent", Target: "epic",
				TargetTitle: "Epic: GH-7 follow-up", Fields: []plan.Field{{Name: "parent", To: "epic"}}},
			{Kind: plan.KindIssue, Action: plan.ActionClose, Key: "collab", Number: 172, Title: "Old copy", StateReason: "duplicate", DuplicateOf: "collab", Fields: []plan.Field{{Name: "state", From: "open", To: "closed"}}},
			{Kind: plan.KindIssue, Action: plan.ActionClose, Key: "gone", Number: 9, Title: "Gone", StateReason: "not_planned", Fields: []plan.Field{{Name: "state", From: "open", To: "closed"}}},
		},
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/render -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file; run with -update and read the diff\n--- got\n%s", name, got)
	}
}

func TestText(t *testing.T) {
	var b bytes.Buffer
	if err := Text(&b, everyKind(), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "every-kind.txt", b.String())
	if !strings.HasSuffix(b.String(), "Plan: 3 to create, 5 to update, 2 to close, 14 unchanged; 2 relations to add.\n") {
		t.Error("the text plan must end in the summary line")
	}
}

func TestMarkdown(t *testing.T) {
	md := Markdown(everyKind(), MarkdownOptions{Header: "<!-- roadmap-plan:roadmap.json -->"})
	golden(t, "every-kind.md", md)
	if !strings.HasPrefix(md, "<!-- roadmap-plan:roadmap.json -->\n### Roadmap plan for `octo-org/octo-repo`\n\n**Plan: 3 to create, 5 to update, 2 to close, 14 unchanged; 2 relations to add.**") {
		t.Error("the summary line must come first")
	}
	// Outside code, @octocat must not be a live mention, and no raw HTML may pass.
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "+") || strings.HasPrefix(line, "-") || strings.HasPrefix(line, " ") {
			continue // inside the diff fence
		}
		if strings.Contains(line, " @octocat") || strings.Contains(line, "<b>bold") {
			t.Errorf("unescaped user text: %s", line)
		}
	}
	// The diff contains a ``` fence: the outer fence must be longer.
	if !strings.Contains(md, "````diff\n") {
		t.Error("the body diff fence must be longer than the backtick run inside it")
	}
}

func TestMarkdownNeverExceedsTheLimit(t *testing.T) {
	p := everyKind()
	long := strings.Repeat("a line of text\n", 3000)
	for i := range 10 {
		p.Changes = append(p.Changes, plan.Change{Kind: plan.KindIssue, Action: plan.ActionUpdate, Key: "big" + string(rune('a'+i)), Number: 100 + i,
			Fields: []plan.Field{{Name: "body", From: long, To: strings.ToUpper(long)}}})
	}
	for _, limit := range []int{65536, 8000, 600, 50} {
		md := Markdown(p, MarkdownOptions{Limit: limit})
		if n := len([]rune(md)); n > limit {
			t.Errorf("limit %d: %d characters", limit, n)
		}
		if limit < 600 {
			continue // below any real limit, only the size is promised
		}
		if !strings.Contains(md, p.SummaryLine()) {
			t.Errorf("limit %d: the summary line was cut", limit)
		}
		if !strings.Contains(md, "job summary") {
			t.Errorf("limit %d: says nothing of what was cut", limit)
		}
	}
}

func TestJSON(t *testing.T) {
	var b bytes.Buffer
	if err := JSON(&b, everyKind()); err != nil {
		t.Fatal(err)
	}
	golden(t, "every-kind.json", b.String())
	var doc struct {
		Version  int
		Summary  map[string]int
		Requests map[string]int
		Changes  []map[string]any
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || doc.Summary["create"] != 5 || doc.Summary["relations"] != 2 || doc.Requests["writes"] != 12 || doc.Requests["reads"] != 3 {
		t.Errorf("%+v", doc)
	}
	if doc.Changes[0]["number"] != nil {
		t.Error("a change to an object that does not exist yet has number null")
	}
}
