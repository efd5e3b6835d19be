package render

import (
	"fmt"
	"html"
	"regexp"
	"strings"

	"github.com/roadmap-as-code/roadmap/internal/plan"
)

// CommentLimit is GitHub's limit on a comment body, in characters.
const CommentLimit = 65536

// MarkdownOptions shape the Markdown for where it goes.
type MarkdownOptions struct {
	// Header is put first, e.g. the hidden marker that finds the comment again.
	Header string
	// Limit caps the size in characters; 0 means CommentLimit.
	Limit int
	// FullPlanURL points readers at the complete plan when details are cut
	// (the job summary); empty says "the job summary of this run".
	FullPlanURL string
}

var mention = regexp.MustCompile(`(^|[^\w` + "`" + `])@([A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9_.-]+)?)`)

// escape makes user text safe in Markdown prose and table cells: it can't
// open HTML, break the table, or ping anyone.
func escape(s string) string {
	s = html.EscapeString(s)
	s = strings.NewReplacer("|", `\|`, "\r\n", " ", "\n", " ", "\r", " ", "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`).Replace(s)
	// A mention needs a bare "@name"; "&#64;" renders as @ but pings no one.
	return mention.ReplaceAllString(s, "$1&#64;$2")
}

// code puts s in an inline code span that no backtick in s can close. A
// pipe is escaped even there: GitHub splits table cells before code spans.
func code(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "|", `\|`).Replace(s)
	run := longestRun(s, '`')
	fence := strings.Repeat("`", run+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

func longestRun(s string, r byte) int {
	best, cur := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == r {
			cur++
			best = max(best, cur)
		} else {
			cur = 0
		}
	}
	return best
}

// Fenced puts s in a code block whose fence is longer than any backtick run in s.
func Fenced(lang, s string) string {
	fence := strings.Repeat("`", max(3, longestRun(s, '`')+1))
	return fence + lang + "\n" + strings.TrimRight(s, "\n") + "\n" + fence + "\n"
}

var actionWord = map[string]string{
	plan.ActionCreate: "create", plan.ActionUpdate: "update", plan.ActionRename: "rename",
	plan.ActionAdopt: "adopt", plan.ActionClose: "close", plan.ActionRelate: "relate",
}

func mdObject(c plan.Change) string {
	switch c.Kind {
	case plan.KindRelation:
		return code(c.Key) + " " + c.Relation + " " + code(c.Target)
	case plan.KindIssue:
		s := code(c.Key)
		if c.Action == plan.ActionClose {
			s = fmt.Sprintf("#%d", c.Number)
		} else if c.Number > 0 {
			s = fmt.Sprintf("#%d %s", c.Number, s)
		}
		if c.Title != "" {
			s += " " + escape(c.Title)
		}
		return s
	case plan.KindMilestone:
		if c.Number > 0 {
			return fmt.Sprintf("%s (#%d)", code(c.Key), c.Number)
		}
	}
	return code(c.Key)
}

func mdValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "_none_"
	case string:
		if x == "" {
			return `""`
		}
		return code(x)
	case []string:
		if len(x) == 0 {
			return "_none_"
		}
		parts := make([]string, len(x))
		for i, s := range x {
			parts[i] = code(s)
		}
		return strings.Join(parts, " ")
	}
	return escape(fmt.Sprint(v))
}

func mdDescribe(c plan.Change) string {
	switch c.Action {
	case plan.ActionRelate, plan.ActionClose:
		return escape(describe(c))
	}
	var parts []string
	if c.Action == plan.ActionAdopt {
		parts = append(parts, "adopted (matched by "+c.AdoptedBy+")")
	}
	for _, f := range c.Fields {
		switch {
		case c.Action == plan.ActionCreate && (f.Name == "title" || f.Name == "name"):
		case f.Name == "body" && c.Action == plan.ActionCreate:
			parts = append(parts, fmt.Sprintf("body: %d lines", lineCount(str(f.To))))
		case f.Name == "body":
			add, del := diffStat(str(f.From), str(f.To))
			parts = append(parts, fmt.Sprintf("body: +%d −%d lines", add, del))
		case c.Action == plan.ActionCreate:
			parts = append(parts, f.Name+": "+mdValue(f.To))
		default:
			parts = append(parts, f.Name+": "+mdValue(f.From)+" → "+mdValue(f.To))
		}
	}
	return strings.Join(parts, "<br>")
}

// Markdown renders the plan for a pull-request comment or job summary:
// summary line first, warnings next, a table per kind, then each changed
// body as a unified diff in <details>. It never exceeds the limit: body
// diffs go first, then the tables; the summary line always stays.
func Markdown(p *plan.Plan, opts MarkdownOptions) string {
	limit := opts.Limit
	if limit <= 0 {
		limit = CommentLimit
	}
	var head strings.Builder
	if opts.Header != "" {
		head.WriteString(opts.Header + "\n")
	}
	title := "Roadmap plan"
	if p.Repository != "" {
		title += " for " + code(p.Repository)
	}
	fmt.Fprintf(&head, "### %s\n\n**%s**\n\n", title, p.SummaryLine())
	if p.Empty {
		head.WriteString("_Planned against an empty repository: no token was given, so nothing on GitHub was read._\n\n")
	}
	if len(p.Warnings) > 0 {
		head.WriteString("> [!WARNING]\n")
		for _, w := range p.Warnings {
			head.WriteString("> - " + escape(w) + "\n")
		}
		head.WriteString("\n")
	}

	var tables strings.Builder
	for _, kind := range sortedKinds(p) {
		fmt.Fprintf(&tables, "#### %s\n\n| | Action | Object | Changes |\n|---|---|---|---|\n", kindHeading[kind])
		for _, c := range p.Changes {
			if c.Kind != kind {
				continue
			}
			fmt.Fprintf(&tables, "| %s | %s | %s | %s |\n", symbol(c.Action), actionWord[c.Action], mdObject(c), mdDescribe(c))
		}
		tables.WriteString("\n")
	}

	var details []string
	for _, c := range p.Changes {
		f, ok := c.Field("body")
		if !ok || c.Action == plan.ActionCreate {
			continue
		}
		diff := bodyDiff(str(f.From), str(f.To))
		details = append(details, fmt.Sprintf("<details><summary>Body of %s</summary>\n\n%s\n</details>\n\n",
			mdObject(c), Fenced("diff", diff)))
	}

	where := "the job summary of this run"
	if opts.FullPlanURL != "" {
		where = "[the job summary](" + opts.FullPlanURL + ")"
	}
	out := head.String() + tables.String()
	budget := limit - runeLen(out) - 200 // room for the note about what was cut
	kept := 0
	for _, d := range details {
		if runeLen(d) > budget {
			break
		}
		out += d
		budget -= runeLen(d)
		kept++
	}
	if cut := len(details) - kept; cut > 0 {
		out += fmt.Sprintf("_%d body diff(s) left out to fit GitHub's %d-character limit; the full plan is in %s._\n", cut, limit, where)
	}
	if runeLen(out) <= limit {
		return out
	}
	// Even the tables don't fit: keep the summary and warnings only.
	out = head.String() + fmt.Sprintf("_The list of changes is too long for a comment (GitHub allows %d characters); the full plan is in %s._\n", limit, where)
	if runeLen(out) <= limit {
		return out
	}
	r := []rune(out)
	return string(r[:limit])
}

func runeLen(s string) int { return len([]rune(s)) }
