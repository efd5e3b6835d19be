package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/roadmap-as-code/roadmap/internal/apply"
	"github.com/roadmap-as-code/roadmap/internal/plan"
)

// TextOptions shape the text for a terminal.
type TextOptions struct {
	// Color marks actions with ANSI colours: + green, ~ yellow, - red,
	// > cyan. Only for a terminal: the caller checks NO_COLOR.
	Color bool
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

func paint(on bool, color, s string) string {
	if !on || s == "" {
		return s
	}
	return color + s + ansiReset
}

func symbolColor(action string) string {
	switch symbol(action) {
	case "+":
		return ansiGreen
	case "-":
		return ansiRed
	case ">":
		return ansiCyan
	}
	return ansiYellow
}

// Text writes the plan for a terminal as Terraform does: one line per
// change, the fields it sets below it, indented and aligned; warnings; the
// summary line last. User text is quoted with %q, so no title can move the
// cursor or recolour the terminal.
func Text(w io.Writer, p *plan.Plan, opts TextOptions) error {
	var b strings.Builder
	c := opts.Color
	if p.Repository != "" {
		fmt.Fprintf(&b, "Roadmap plan for %s\n", p.Repository)
	}
	if p.Empty {
		b.WriteString("(against an empty repository: nothing on GitHub was read)\n")
	}
	for _, kind := range sortedKinds(p) {
		fmt.Fprintf(&b, "\n%s\n", paint(c, ansiBold, kindHeading[kind]))
		for _, ch := range p.Changes {
			if ch.Kind != kind {
				continue
			}
			fmt.Fprintf(&b, "  %s %s\n", paint(c, symbolColor(ch.Action), symbol(ch.Action)), textHead(ch))
			for _, line := range textFields(ch) {
				b.WriteString("      " + line + "\n")
			}
		}
	}
	if len(p.Warnings) > 0 {
		fmt.Fprintf(&b, "\n%s\n", paint(c, ansiBold, "Warnings"))
		for _, w := range p.Warnings {
			fmt.Fprintf(&b, "  %s %s\n", paint(c, ansiYellow, "!"), oneLine(w))
		}
	}
	// The forecast comes before the summary line: a plan ends in that line.
	if p.Forecast != nil && len(p.Changes) > 0 {
		fmt.Fprintf(&b, "\nApply: %s\n", p.Forecast)
	}
	fmt.Fprintf(&b, "\n%s\n", paint(c, ansiBold, p.SummaryLine()))
	_, err := io.WriteString(w, b.String())
	return err
}

// oneLine keeps text on its line and strips control characters, so text
// from GitHub can't move the cursor or recolour the terminal.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return -1
		}
		return r
	}, s)
}

// issueText names an issue: "#42 collab-engine "Title"", or without a number.
func issueText(key string, n int, title string) string {
	var parts []string
	if n > 0 {
		parts = append(parts, fmt.Sprintf("#%d", n))
	}
	if key != "" {
		parts = append(parts, key)
	}
	if title != "" {
		parts = append(parts, fmt.Sprintf("%q", title))
	}
	return strings.Join(parts, " ")
}

// textHead is a change's one line: what, and which object.
func textHead(c plan.Change) string {
	switch c.Kind {
	case plan.KindLabel:
		if c.Action == plan.ActionRename {
			return fmt.Sprintf("label %q → %q", c.Current, c.Key)
		}
		return fmt.Sprintf("label %q", c.Key)
	case plan.KindMilestone:
		name := fmt.Sprintf("milestone %q", c.Key)
		if c.Number > 0 {
			name = fmt.Sprintf("milestone #%d %q", c.Number, c.Key)
		}
		if f, ok := c.Field("title"); ok && c.Action == plan.ActionRename {
			name = fmt.Sprintf("milestone #%d %q → %q", c.Number, str(f.From), str(f.To))
		}
		return name
	case plan.KindRelation:
		rel := "blocked by"
		if c.Relation == "parent" {
			rel = "sub-issue of"
		}
		return fmt.Sprintf("issue %s %s %s", issueText(c.Key, c.Number, c.Title), rel, issueText(c.Target, c.TargetNumber, c.TargetTitle))
	case plan.KindProjectItem:
		return fmt.Sprintf("issue %s added to the project", issueText(c.Key, c.Number, c.Title))
	case plan.KindProjectField:
		return fmt.Sprintf("issue %s on the project", issueText(c.Key, c.Number, c.Title))
	}
	switch c.Action {
	case plan.ActionClose:
		return "issue " + issueText("", c.Number, c.Title)
	case plan.ActionAdopt:
		return fmt.Sprintf("issue %s (adopted, matched by %s)", issueText(c.Key, c.Number, c.Title), c.AdoptedBy)
	}
	return "issue " + issueText(c.Key, c.Number, c.Title)
}

// textFields are the lines under a change: each field it sets, aligned.
func textFields(c plan.Change) []string {
	if c.Kind == plan.KindRelation {
		return nil
	}
	if c.Action == plan.ActionClose {
		if c.StateReason == "duplicate" {
			return []string{"close as a duplicate of " + c.DuplicateOf}
		}
		return []string{"close as not planned (it left the roadmap)"}
	}
	type kv struct{ k, v string }
	var rows []kv
	width := 0
	for _, f := range c.Fields {
		if (c.Action == plan.ActionCreate || c.Action == plan.ActionRename) && (f.Name == "title" || f.Name == "name") {
			continue
		}
		var v string
		switch {
		case f.Name == "body" && c.Action == plan.ActionCreate:
			v = plural(lineCount(str(f.To)), "line")
		case f.Name == "body":
			add, del := diffStat(str(f.From), str(f.To))
			v = fmt.Sprintf("+%d −%d lines", add, del)
		case (f.Name == "labels" || f.Name == "assignees") && c.Action != plan.ActionCreate:
			added, removed := listDelta(asList(f.From), asList(f.To))
			var parts []string
			for _, s := range added {
				parts = append(parts, "+"+s)
			}
			for _, s := range removed {
				parts = append(parts, "−"+s)
			}
			v = strings.Join(parts, " ")
		case c.Action == plan.ActionCreate:
			v = textValue(f.To)
		default:
			v = textValue(f.From) + " → " + textValue(f.To)
		}
		rows = append(rows, kv{f.Name + ":", oneLine(v)})
		width = max(width, len(f.Name)+1)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprintf("%-*s %s", width, r.k, r.v)
	}
	return out
}

// textValue shows a field value: strings quoted, lists plain, nil as none.
func textValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "none"
	case string:
		return fmt.Sprintf("%q", x)
	case []string:
		if len(x) == 0 {
			return "none"
		}
		return strings.Join(x, ", ")
	}
	return fmt.Sprint(v)
}

// ReportLineColor is ReportLine with its mark coloured for a terminal.
func ReportLineColor(res apply.Result, color bool) string {
	line := ReportLine(res)
	if !color || line == "" {
		return line
	}
	mark, rest, _ := strings.Cut(line, " ")
	col := symbolColor(res.Change.Action)
	switch res.Status {
	case apply.StatusFailed:
		col = ansiRed
	case apply.StatusSkipped:
		col = ansiDim
	}
	return paint(true, col, mark) + " " + rest
}
