package render

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// GraphData is what the roadmap's picture is drawn from. Only Roadmap is
// needed: offline, without a token, the picture shows the roadmap alone.
type GraphData struct {
	Roadmap *roadmap.Roadmap
	// Snapshot, when GitHub was read, gives issue states and milestone progress.
	Snapshot *state.Snapshot
	// Plan, when there is one, gives issue numbers and marks what changes.
	Plan *plan.Plan
}

// Limits that keep a picture legible, and within what GitHub's Mermaid
// renders (it refuses diagrams over 50,000 characters or 500 edges).
const (
	GanttMilestones    = 20 // milestones on the timeline
	GanttIssues        = 12 // issues drawn under each milestone; the rest are counted in one bar
	FlowchartIssues    = 80 // issues in the relations chart
	graphTitleRunes    = 60 // a title is cut to this many characters in a chart
	defaultFirstWindow = 14 * 24 * time.Hour
)

// issueView is what the picture knows of one roadmap issue.
type issueView struct {
	id, title, milestone string
	number               int
	closed, isNew, moved bool
	parent               string
	blockedBy            []string
}

type graph struct {
	d          GraphData
	issues     []issueView // in roadmap order
	byID       map[string]int
	newRels    map[string]bool // "child\x00parent" or "issue\x00blocker"
	milestones []milestoneView
}

type milestoneView struct {
	title, due   string
	open, closed int  // GitHub's counts, read only when known
	known        bool // GitHub has it
	issues       []int
}

func newGraph(d GraphData) *graph {
	g := &graph{d: d, byID: map[string]int{}, newRels: map[string]bool{}}
	rm := d.Roadmap
	if rm == nil {
		rm = &roadmap.Roadmap{}
		g.d.Roadmap = rm
	}
	states := map[int]string{}
	if d.Snapshot != nil {
		for _, is := range d.Snapshot.Issues {
			states[is.Number] = is.State
		}
	}
	changed := map[string]string{}
	if d.Plan != nil {
		for _, c := range d.Plan.Changes {
			switch c.Kind {
			case plan.KindIssue:
				if c.Action != plan.ActionClose {
					changed[c.Key] = c.Action
				}
			case plan.KindRelation:
				g.newRels[c.Key+"\x00"+c.Target] = true
			}
		}
	}
	for _, is := range rm.Issues {
		v := issueView{id: is.ID, title: is.Title, parent: is.Parent, blockedBy: is.BlockedBy, closed: is.State == "closed"}
		if is.Milestone.HasValue() {
			v.milestone = is.Milestone.Value
		}
		if d.Plan != nil {
			if ref, ok := d.Plan.Issues[is.ID]; ok {
				v.number = ref.Number
				if states[ref.Number] == "closed" && is.State == "" {
					v.closed = true
				}
			}
			switch changed[is.ID] {
			case plan.ActionCreate:
				v.isNew = true
			case "":
			default:
				v.moved = true
			}
		}
		g.byID[is.ID] = len(g.issues)
		g.issues = append(g.issues, v)
	}
	counts := map[string]*state.Milestone{}
	if d.Snapshot != nil {
		for i := range d.Snapshot.Milestones {
			counts[d.Snapshot.Milestones[i].Title] = &d.Snapshot.Milestones[i]
		}
	}
	index := map[string]int{}
	for _, m := range rm.Milestones {
		v := milestoneView{title: m.Title}
		if m.DueOn.HasValue() {
			v.due = m.DueOn.Value
		}
		cur := counts[m.Title]
		for _, a := range m.Aliases {
			if cur == nil {
				cur = counts[a]
			}
		}
		if cur != nil {
			v.known, v.open, v.closed = true, cur.OpenIssues, cur.ClosedIssues
		}
		index[m.Title] = len(g.milestones)
		g.milestones = append(g.milestones, v)
	}
	for i, is := range g.issues {
		if j, ok := index[is.milestone]; ok {
			g.milestones[j].issues = append(g.milestones[j].issues, i)
		}
	}
	return g
}

// mermaidText makes a title safe inside a quoted Mermaid label: quotes,
// "#" (which starts an entity) and what HTML labels would read are written
// as Mermaid's entity codes; everything else, non-Latin text included,
// passes as it is.
func mermaidText(s string) string {
	return labelEscaper.Replace(trimRunes(strings.Join(strings.Fields(s), " "), graphTitleRunes))
}

var (
	labelEscaper = strings.NewReplacer(`#`, `#35;`, `"`, `#quot;`, `<`, `#lt;`, `>`, `#gt;`, `&`, `#amp;`, "`", `#96;`)
	ganttEscaper = strings.NewReplacer(`#`, `#35;`, `"`, `#quot;`, `<`, `#lt;`, `>`, `#gt;`, `&`, `#amp;`, "`", `#96;`, ":", "#58;", ";", "#59;")
)

// ganttText makes a title safe as a gantt task or section name: as in a
// label, and ":" (which ends a task's name) and ";" as entity codes too.
// Mermaid decodes them when it draws.
func ganttText(s string) string {
	return ganttEscaper.Replace(trimRunes(strings.Join(strings.Fields(s), " "), graphTitleRunes))
}

// label is an issue's text in a chart: its number when it exists, and title.
func (v issueView) label() string {
	if v.number > 0 {
		return fmt.Sprintf("#%d %s", v.number, v.title)
	}
	return v.title
}

func (m milestoneView) progress() string {
	if !m.known {
		return plural(len(m.issues), "issue")
	}
	total := m.open + m.closed
	if total == 0 {
		return "no issues yet"
	}
	return fmt.Sprintf("%d of %d closed (%d%%)", m.closed, total, m.closed*100/total)
}

// Graph draws the roadmap as Markdown: a Mermaid gantt of the milestones
// with their issues and a Mermaid flowchart of parent and blocked_by,
// closed and changing issues marked; what a chart leaves out is said below
// it. GitHub renders both in comments and job summaries.
func Graph(d GraphData) string {
	g := newGraph(d)
	var b strings.Builder
	b.WriteString(g.gantt())
	b.WriteString(g.flowchart())
	return b.String()
}

func (g *graph) gantt() string {
	var dated, undated []milestoneView
	for _, m := range g.milestones {
		if _, err := time.Parse(time.DateOnly, m.due); err == nil {
			dated = append(dated, m)
		} else {
			undated = append(undated, m)
		}
	}
	sort.SliceStable(dated, func(i, j int) bool { return dated[i].due < dated[j].due })
	var b strings.Builder
	if len(dated) > 0 {
		shown := dated[:min(len(dated), GanttMilestones)]
		b.WriteString("```mermaid\ngantt\n    title Milestones\n    dateFormat YYYY-MM-DD\n    axisFormat %Y-%m-%d\n    todayMarker off\n")
		prev := time.Time{}
		for i, m := range shown {
			due, _ := time.Parse(time.DateOnly, m.due)
			start := prev
			if start.IsZero() || !start.Before(due) {
				start = due.Add(-defaultFirstWindow)
			}
			prev = due
			fmt.Fprintf(&b, "    section %s\n", ganttText(m.title+" · "+m.progress()))
			for k, ix := range m.issues {
				if k == GanttIssues {
					fmt.Fprintf(&b, "    %s :m%dmore, %s, %s\n", ganttText(fmt.Sprintf("…and %d more issues", len(m.issues)-GanttIssues)),
						i, start.Format(time.DateOnly), m.due)
					break
				}
				v := g.issues[ix]
				var tags []string
				switch {
				case v.closed:
					tags = append(tags, "done")
				case v.isNew || v.moved:
					tags = append(tags, "active")
				}
				tags = append(tags, fmt.Sprintf("m%di%d", i, k), start.Format(time.DateOnly), m.due)
				fmt.Fprintf(&b, "    %s :%s\n", ganttText(v.label()), strings.Join(tags, ", "))
			}
			fmt.Fprintf(&b, "    %s :milestone, m%d, %s, 0d\n", ganttText("due "+m.due), i, m.due)
		}
		b.WriteString("```\n\n")
		var notes []string
		notes = append(notes, "Bars run from the previous milestone's due date (two weeks before, for the first) to their own; done: closed, highlighted: created or changed by this plan")
		if len(dated) > len(shown) {
			notes = append(notes, fmt.Sprintf("%d later milestones are not drawn", len(dated)-len(shown)))
		}
		b.WriteString("<sub>" + strings.Join(notes, ". ") + ".</sub>\n\n")
	}
	if len(undated) > 0 {
		if len(dated) > 0 {
			b.WriteString("Milestones without a due date, not on the timeline:\n\n")
		} else {
			b.WriteString("No milestone has a due date, so there is no timeline. The milestones:\n\n")
		}
		for _, m := range undated {
			fmt.Fprintf(&b, "- %s: %s\n", mdText(m.title), m.progress())
		}
		b.WriteString("\n")
	}
	return b.String()
}

// related lists, in roadmap order, the issues that take part in a relation.
func (g *graph) related() []int {
	in := make([]bool, len(g.issues))
	for i, v := range g.issues {
		refs := v.blockedBy
		if v.parent != "" {
			refs = append(append([]string(nil), refs...), v.parent)
		}
		for _, r := range refs {
			if j, ok := g.byID[r]; ok {
				in[i], in[j] = true, true
			}
		}
	}
	var out []int
	for i, ok := range in {
		if ok {
			out = append(out, i)
		}
	}
	return out
}

func (g *graph) flowchart() string {
	related := g.related()
	if len(related) == 0 {
		if len(g.issues) > 0 {
			return "No issue has a `parent` or `blocked_by`: there are no relations to draw.\n"
		}
		return ""
	}
	shown := related[:min(len(related), FlowchartIssues)]
	node := map[int]string{}
	for k, i := range shown {
		node[i] = fmt.Sprintf("i%d", k+1)
	}
	var b strings.Builder
	b.WriteString("```mermaid\nflowchart LR\n")
	// Issues grouped by milestone, in the roadmap's order of milestones.
	groups := map[string][]int{}
	var order []string
	for _, i := range shown {
		m := g.issues[i].milestone
		if _, seen := groups[m]; !seen {
			order = append(order, m)
		}
		groups[m] = append(groups[m], i)
	}
	rank := map[string]int{}
	for k, m := range g.milestones {
		rank[m.title] = k + 1
	}
	sort.SliceStable(order, func(a, c int) bool { return rank[order[a]] < rank[order[c]] })
	var closed, isNew, moved []string
	for k, m := range order {
		indent := "    "
		if m != "" {
			fmt.Fprintf(&b, "    subgraph m%d[\"%s\"]\n", k+1, mermaidText(m))
			indent = "        "
		}
		for _, i := range groups[m] {
			v := g.issues[i]
			fmt.Fprintf(&b, "%s%s[\"%s\"]\n", indent, node[i], mermaidText(v.label()))
			switch {
			case v.closed:
				closed = append(closed, node[i])
			case v.isNew:
				isNew = append(isNew, node[i])
			case v.moved:
				moved = append(moved, node[i])
			}
		}
		if m != "" {
			b.WriteString("    end\n")
		}
	}
	edges, hidden := 0, 0
	var newEdges []string
	edge := func(from, to int, arrow string, isNewRel bool) {
		a, okA := node[from]
		c, okC := node[to]
		if !okA || !okC {
			hidden++
			return
		}
		fmt.Fprintf(&b, "    %s %s %s\n", a, arrow, c)
		if isNewRel {
			newEdges = append(newEdges, fmt.Sprint(edges))
		}
		edges++
	}
	for _, i := range shown {
		v := g.issues[i]
		if j, ok := g.byID[v.parent]; ok && v.parent != "" {
			edge(j, i, "-.->", g.newRels[v.id+"\x00"+v.parent])
		}
		for _, blocker := range v.blockedBy {
			if j, ok := g.byID[blocker]; ok {
				edge(j, i, "-->", g.newRels[v.id+"\x00"+blocker])
			}
		}
	}
	b.WriteString("    classDef closed fill:#eeeeee,color:#777777,stroke:#aaaaaa,stroke-dasharray:4\n")
	b.WriteString("    classDef new fill:#dafbe1,stroke:#1a7f37,stroke-width:2px\n")
	b.WriteString("    classDef changed fill:#fff8c5,stroke:#9a6700,stroke-width:2px\n")
	for _, c := range []struct {
		name  string
		nodes []string
	}{{"closed", closed}, {"new", isNew}, {"changed", moved}} {
		if len(c.nodes) > 0 {
			fmt.Fprintf(&b, "    class %s %s\n", strings.Join(c.nodes, ","), c.name)
		}
	}
	if len(newEdges) > 0 {
		fmt.Fprintf(&b, "    linkStyle %s stroke:#1a7f37,stroke-width:3px\n", strings.Join(newEdges, ","))
	}
	b.WriteString("```\n\n")
	note := "A solid arrow goes from an issue to one it blocks, a dotted one from a parent to its sub-issue; green: new, yellow: changed, grey: closed"
	if len(related) > len(shown) {
		note += fmt.Sprintf(". Showing %d of the %d issues that have relations (%d relations not drawn); `roadmap graph --format dot` draws them all",
			len(shown), len(related), hidden)
	}
	b.WriteString("<sub>" + note + ".</sub>\n")
	return b.String()
}

// dotText quotes s as a Graphviz string.
func dotText(s string) string {
	return `"` + dotEscaper.Replace(s) + `"`
}

// DOT draws every issue and relation as a Graphviz digraph, milestones as
// clusters; unlike the Mermaid charts it leaves nothing out.
func DOT(d GraphData) string {
	g := newGraph(d)
	var b strings.Builder
	b.WriteString("digraph roadmap {\n    rankdir=LR;\n    node [shape=box, style=\"rounded,filled\", fillcolor=white];\n")
	inCluster := make([]bool, len(g.issues))
	nodeLine := func(indent string, i int) {
		v := g.issues[i]
		attrs := []string{"label=" + dotText(v.label())}
		switch {
		case v.closed:
			attrs = append(attrs, `fillcolor="#eeeeee"`, `fontcolor="#777777"`, "style=\"rounded,filled,dashed\"")
		case v.isNew:
			attrs = append(attrs, `fillcolor="#dafbe1"`, `color="#1a7f37"`)
		case v.moved:
			attrs = append(attrs, `fillcolor="#fff8c5"`, `color="#9a6700"`)
		}
		fmt.Fprintf(&b, "%s%s [%s];\n", indent, dotText(v.id), strings.Join(attrs, ", "))
	}
	for k, m := range g.milestones {
		fmt.Fprintf(&b, "    subgraph cluster_%d {\n        label=%s;\n", k+1, dotText(m.title+" · "+m.progress()))
		for _, i := range m.issues {
			nodeLine("        ", i)
			inCluster[i] = true
		}
		b.WriteString("    }\n")
	}
	for i := range g.issues {
		if !inCluster[i] {
			nodeLine("    ", i)
		}
	}
	for _, v := range g.issues {
		if _, ok := g.byID[v.parent]; ok && v.parent != "" {
			style := "style=dashed, arrowhead=empty"
			if g.newRels[v.id+"\x00"+v.parent] {
				style += `, color="#1a7f37", penwidth=2`
			}
			fmt.Fprintf(&b, "    %s -> %s [%s];\n", dotText(v.parent), dotText(v.id), style)
		}
		for _, blocker := range v.blockedBy {
			if _, ok := g.byID[blocker]; !ok {
				continue
			}
			style := ""
			if g.newRels[v.id+"\x00"+blocker] {
				style = ` [color="#1a7f37", penwidth=2]`
			}
			fmt.Fprintf(&b, "    %s -> %s%s;\n", dotText(blocker), dotText(v.id), style)
		}
	}
	b.WriteString("}\n")
	return b.String()
}
