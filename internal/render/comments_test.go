package render

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// commentFixture is one of the plan comments the issue asks goldens of.
type commentFixture struct {
	name    string
	plan    *plan.Plan
	picture string
}

func commentFixtures(t testing.TB) []commentFixture {
	t.Helper()
	base := repoRoadmapText(t)
	w := appliedWorld(t)
	var out []commentFixture

	p, res := emptyPlan(t, base)
	out = append(out, commentFixture{"repo-empty", p, Graph(GraphData{Roadmap: res.Roadmap, Plan: p})})

	for _, n := range []int{300, 3000} {
		p, res, snap := w.plan(t, withIssues(t, base, n))
		out = append(out, commentFixture{fmt.Sprintf("pr-%d", n), p, Graph(GraphData{Roadmap: res.Roadmap, Snapshot: snap, Plan: p})})
	}
	p, res, snap := w.plan(t, renamed(t, base))
	out = append(out, commentFixture{"pr-rename", p, Graph(GraphData{Roadmap: res.Roadmap, Snapshot: snap, Plan: p})})
	return out
}

func TestPlanComments(t *testing.T) {
	for _, f := range commentFixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			md := Markdown(f.plan, commentOptions(f.picture))
			golden(t, "comments/"+f.name+".md", md)
			n := utf8.RuneCountInString(md)
			if n > CommentLimit {
				t.Fatalf("%d characters; GitHub allows %d", n, CommentLimit)
			}
			if !strings.HasPrefix(md, fixtureMarker+"\n### Roadmap plan for `"+fixtureRepo+"`\n\n**"+f.plan.SummaryLine()+"**\n") {
				t.Errorf("the summary line must come first:\n%.300s", md)
			}
			lines := strings.Count(md, "\n- `")
			cut := strings.Contains(md, "more issue changes, left out") || strings.Contains(md, "more relation changes, left out")
			if !cut && lines != len(f.plan.Changes) {
				t.Errorf("%d one-line changes for %d changes, and nothing says any was left out", lines, len(f.plan.Changes))
			}
			if cut && !strings.Contains(md, "[the job summary]("+fixtureRun+")") {
				t.Error("a cut comment must link to the job summary")
			}
			if !strings.Contains(md, "<details><summary>The roadmap after this change</summary>\n\n") {
				t.Error("the comment must carry the roadmap's picture, folded")
			}
			checkMarkdown(t, md)
			t.Logf("%s: %d changes, %d characters, %d listed one per line", f.name, len(f.plan.Changes), n, lines)
		})
	}
}

func TestPlanCommentFigures(t *testing.T) {
	for _, f := range commentFixtures(t) {
		md := Markdown(f.plan, commentOptions(f.picture))
		summary := Markdown(f.plan, MarkdownOptions{Limit: SummaryLimit, Picture: f.picture})
		t.Logf("%-10s %5d changes: comment %6d characters listing %4d one per line; job summary %7d characters listing %4d",
			f.name, len(f.plan.Changes), utf8.RuneCountInString(md), strings.Count(md, "\n- `"),
			utf8.RuneCountInString(summary), strings.Count(summary, "\n- `"))
		if f.name == "pr-300" {
			if want := "Plan: 300 to create, 0 to update, 0 to close, 37 unchanged; 300 relations to add."; f.plan.SummaryLine() != want {
				t.Errorf("summary %q, want %q", f.plan.SummaryLine(), want)
			}
			if strings.Count(md, "\n- `") != len(f.plan.Changes) {
				t.Error("a 300-issue comment must list every change")
			}
		}
		if f.name == "pr-3000" && strings.Count(summary, "\n- `") != len(f.plan.Changes) {
			t.Error("the job summary must list every one of 3,000 issues' changes")
		}
	}
}

// TestInvalidRoadmapComment is the comment on a pull request whose roadmap
// is invalid: the problems, one per line, where nothing pings or breaks.
func TestInvalidRoadmapComment(t *testing.T) {
	text := strings.NewReplacer(
		`"milestone": "M2: Performance & Validation",`, `"milestone": "M2: Performance and Validation",`,
		`"id": "predictive-analytics",`, `"id": "predictive-analytics", "asignees": ["@octocat"],`,
		`"title": "Phase 3 UX Quality Gates"`, `"title": "Phase 3 UX Quality Gates, see #12 and @octocat"`,
	).Replace(repoRoadmapText(t))
	res := roadmap.Parse("roadmap.json", []byte(text), roadmap.Options{Dir: "../.."})
	if res.Valid() {
		t.Fatal("the fixture is valid")
	}
	opts := commentOptions("")
	opts.Merge = false
	md := InvalidMarkdown("roadmap.json", res.Diagnostics, opts)
	golden(t, "comments/invalid.md", md)
	checkMarkdown(t, md)
	if !strings.HasPrefix(md, fixtureMarker+"\n### `roadmap.json` is invalid\n\n**") || strings.Contains(md, "Merging") {
		t.Errorf("the invalid comment must say so first, and promise nothing:\n%s", md)
	}
	// Past the limit, whole lines are cut and counted.
	many := make(roadmap.Diagnostics, 3000)
	for i := range many {
		many[i] = roadmap.Diagnostic{File: "roadmap.json", Line: i + 1, Col: 3, Kind: "schema", Message: "unknown key \"lables\" in this issue; did you mean \"labels\"?"}
	}
	md = InvalidMarkdown("roadmap.json", many, opts)
	if len(md) > CommentLimit || !strings.Contains(md, "more problems, left out to fit") {
		t.Errorf("%d characters; %q", len(md), md[len(md)-300:])
	}
	// Long lines and a long header must fit too: the room kept for the note
	// on what was cut is not there to absorb a miscount of either.
	long := make(roadmap.Diagnostics, 400)
	for i := range long {
		long[i] = roadmap.Diagnostic{File: "roadmap.json", Line: i + 1, Col: 3, Kind: "schema", Message: "value " + strings.Repeat("x", 700) + " is too long"}
	}
	for _, header := range []string{fixtureMarker, fixtureMarker + "\n" + strings.Repeat("h", 1500)} {
		o := opts
		o.Header = header
		md = InvalidMarkdown("roadmap.json", long, o)
		if len(md) > CommentLimit {
			t.Errorf("header of %d: the comment has %d characters, over GitHub's %d", len(header), len(md), CommentLimit)
		}
		// Tight as well: no more than the note's room and one line are left unused.
		if unused := CommentLimit - len(md); unused > 500+800 {
			t.Errorf("header of %d: %d characters left unused", len(header), unused)
		}
	}
}

// BenchmarkComment3000 renders the comment of a pull request adding 3,000
// issues and 3,000 relations (the limit is reached): go test
// ./internal/render -run '^$' -bench Comment3000 -benchmem
func BenchmarkComment3000(b *testing.B) {
	w := appliedWorld(b)
	p, res, snap := w.plan(b, withIssues(b, repoRoadmapText(b), 3000))
	b.ResetTimer()
	for b.Loop() {
		pic := Graph(GraphData{Roadmap: res.Roadmap, Snapshot: snap, Plan: p})
		_ = Markdown(p, commentOptions(pic))
	}
}

var (
	pings    = regexp.MustCompile(`(^|[^\w` + "`" + `])@[A-Za-z0-9]`)
	refs     = regexp.MustCompile(`(^|[^\w&])#[0-9]|[\w.-]+/[\w.-]+#[0-9]|\bGH-[0-9]`)
	tableSep = regexp.MustCompile(`^\|(---\|)+$`)
)

// checkMarkdown reads md as GitHub does (CommonMark with GFM) and checks
// what a reader would trip on: backticks inside <summary> (not Markdown
// there, so they show), table rows whose cells don't match the header,
// milestones written as "(#N)", and text that mentions or references.
func checkMarkdown(t *testing.T, md string) {
	t.Helper()
	src := []byte(md)
	doc := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(src))
	tables := 0
	var walk func(n ast.Node, inLink bool)
	walk = func(n ast.Node, inLink bool) {
		switch x := n.(type) {
		case *east.Table:
			tables++
			header := x.FirstChild()
			for row := header.NextSibling(); row != nil; row = row.NextSibling() {
				if row.ChildCount() != header.ChildCount() {
					t.Errorf("a table row has %d cells, its header %d", row.ChildCount(), header.ChildCount())
				}
			}
		case *ast.Link:
			inLink = true
		case *ast.CodeSpan, *ast.FencedCodeBlock, *ast.CodeBlock:
			return // GitHub neither links nor mentions in code
		case *ast.Text:
			s := string(x.Segment.Value(src))
			if !inLink {
				if m := pings.FindString(s); m != "" {
					t.Errorf("text pings: %q in %q", m, s)
				}
				if m := refs.FindString(s); m != "" {
					t.Errorf("text references an issue: %q in %q", m, s)
				}
			}
		case *ast.HTMLBlock:
			for i := 0; i < x.Lines().Len(); i++ {
				line := x.Lines().At(i)
				checkHTMLLine(t, string(line.Value(src)))
			}
		case *ast.RawHTML:
			for i := 0; i < x.Segments.Len(); i++ {
				seg := x.Segments.At(i)
				checkHTMLLine(t, string(seg.Value(src)))
			}
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			walk(c, inLink)
		}
	}
	walk(doc, false)
	// A row GitHub splits into more cells than the header loses its end:
	// count the cells as GitHub does, on unescaped pipes, code spans included.
	for _, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "| ") || tableSep.MatchString(line) {
			continue
		}
		pipes := strings.Count(line, "|") - strings.Count(line, `\|`)
		if pipes != 4 {
			t.Errorf("a table row with %d cells: %s", pipes-1, line)
		}
	}
	if want := strings.Count(md, "\n|---|"); tables != want {
		t.Errorf("%d tables parsed, %d written", tables, want)
	}
	if regexp.MustCompile(`\(#\d+\)`).MatchString(md) {
		t.Error(`"(#N)" links issue N, not a milestone`)
	}
}

func checkHTMLLine(t *testing.T, line string) {
	t.Helper()
	if i := strings.Index(line, "<summary>"); i >= 0 {
		summary := line[i:]
		if strings.Contains(summary, "`") {
			t.Errorf("a backtick inside <summary> shows literally: %s", line)
		}
		// Links in <summary> are the tool's own <a>; the rest is text.
		plain := regexp.MustCompile(`<a href="[^"]*">[^<]*</a>`).ReplaceAllString(summary, "")
		if m := pings.FindString(plain); m != "" {
			t.Errorf("<summary> pings: %s", line)
		}
		if m := refs.FindString(plain); m != "" {
			t.Errorf("<summary> references an issue: %s", line)
		}
	}
}
