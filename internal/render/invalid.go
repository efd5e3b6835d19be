package render

import (
	"fmt"
	"strings"

	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// InvalidMarkdown tells a pull request (or the job summary) that its
// roadmap is invalid, listing every problem as FILE:LINE:COL: message in a
// code block, where nothing in it can ping or break the page. Past the
// limit, whole lines are cut and counted.
func InvalidMarkdown(name string, ds roadmap.Diagnostics, opts MarkdownOptions) string {
	limit := opts.limit()
	errs, warns := ds.Count()
	var head strings.Builder
	if opts.Header != "" {
		head.WriteString(opts.Header + "\n")
	}
	fmt.Fprintf(&head, "### %s is invalid\n\n**%s, %s.** Nothing was planned. Fix these and push again:\n\n",
		code(name), plural(errs, "error"), plural(warns, "warning"))
	opts.Merge = false
	foot := footer(&plan.Plan{}, opts)
	budget := limit - len(head.String()) - len(foot) - 500
	var list strings.Builder
	kept := 0
	for _, d := range ds {
		line := d.String() + "\n"
		if list.Len()+len(line) > budget {
			break
		}
		list.WriteString(line)
		kept++
	}
	var b strings.Builder
	b.WriteString(head.String())
	b.WriteString(Fenced("text", list.String()))
	if cut := len(ds) - kept; cut > 0 {
		fmt.Fprintf(&b, "\n_…and %s more problems, left out to fit GitHub's %s-character limit; %s has them all._\n", plan.Thousands(cut), plan.Thousands(limit), opts.where())
	}
	b.WriteString("\n" + foot)
	return b.String()
}
