package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/roadmap-as-code/roadmap/internal/apply"
	"github.com/roadmap-as-code/roadmap/internal/plan"
)

// verb is what a done change did, in the past tense.
func verb(c plan.Change) string {
	switch c.Action {
	case plan.ActionCreate:
		return "created"
	case plan.ActionRename:
		return "renamed"
	case plan.ActionAdopt:
		return "adopted"
	case plan.ActionClose:
		return "closed"
	case plan.ActionRelate:
		return "linked"
	}
	return "updated"
}

// ReportLine is one result for a terminal: `+ created issue #12 "collab" https://…`.
func ReportLine(res apply.Result) string {
	c := res.Change
	obj := apply.Subject(c)
	if c.Kind == plan.KindIssue && c.Action != plan.ActionClose && res.Number > 0 && c.Number == 0 {
		obj = fmt.Sprintf("issue #%d %q", res.Number, c.Key)
	}
	if c.Kind == plan.KindMilestone && res.Number > 0 {
		obj = fmt.Sprintf("milestone #%d %q", res.Number, c.Key)
	}
	switch res.Status {
	case apply.StatusFailed:
		return "x failed " + res.Error
	case apply.StatusSkipped:
		return fmt.Sprintf("? %s %s", obj, res.Error)
	case apply.StatusUnsupported:
		return fmt.Sprintf("- skipped %s: %s", obj, res.Error)
	}
	line := fmt.Sprintf("%s %s %s", symbol(c.Action), verb(c), obj)
	if res.URL != "" {
		line += " " + res.URL
	}
	if res.Status == apply.StatusPartial {
		line += " — partly: " + res.Error
	}
	if res.Note != "" {
		line += " (" + res.Note + ")"
	}
	return line
}

// ReportText writes an apply report for a terminal, ending in its summary line.
func ReportText(w io.Writer, r *apply.Report) error {
	var b strings.Builder
	if r.Repository != "" {
		fmt.Fprintf(&b, "Roadmap apply to %s\n\n", r.Repository)
	}
	for _, res := range r.Results {
		b.WriteString("  " + ReportLine(res) + "\n")
	}
	b.WriteString(reportEnd(r))
	_, err := io.WriteString(w, b.String())
	return err
}

// ReportEnd writes what follows the result lines: why the run stopped, if
// it did, and the summary line. With ReportLine it streams a report.
func ReportEnd(w io.Writer, r *apply.Report) error {
	_, err := io.WriteString(w, reportEnd(r))
	return err
}

func reportEnd(r *apply.Report) string {
	var b strings.Builder
	if r.Stopped != "" {
		fmt.Fprintf(&b, "\nStopped: %s\n", r.Stopped)
	}
	if len(r.Results) > 0 {
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "%s\n", r.SummaryLine())
	return b.String()
}

// ReportMarkdown renders an apply report for the job summary or a comment.
func ReportMarkdown(r *apply.Report, opts MarkdownOptions) string {
	limit := opts.Limit
	if limit <= 0 {
		limit = CommentLimit
	}
	var head strings.Builder
	if opts.Header != "" {
		head.WriteString(opts.Header + "\n")
	}
	fmt.Fprintf(&head, "### Roadmap applied to %s\n\n", code(r.Repository))
	if r.Stopped != "" {
		fmt.Fprintf(&head, "> [!WARNING]\n> %s\n\n", escape(r.Stopped))
	}
	tail := "\n**" + r.SummaryLine() + "**\n"

	var rows strings.Builder
	if len(r.Results) > 0 {
		rows.WriteString("| | Object | Result |\n|---|---|---|\n")
	}
	for _, res := range r.Results {
		c := res.Change
		mark, result := symbol(c.Action), verb(c)
		switch res.Status {
		case apply.StatusFailed:
			mark, result = "✗", "failed: "+escape(res.Error)
		case apply.StatusSkipped:
			mark, result = "…", escape(res.Error)
		case apply.StatusUnsupported:
			mark, result = "–", "skipped: "+escape(res.Error)
		case apply.StatusPartial:
			mark, result = "⚠", result+", partly: "+escape(res.Error)
		}
		if res.Note != "" {
			result += " (" + escape(res.Note) + ")"
		}
		obj := escape(apply.Subject(c))
		if (res.Status == apply.StatusDone || res.Status == apply.StatusPartial) && res.Number > 0 && (c.Kind == plan.KindIssue || c.Kind == plan.KindMilestone) && res.URL != "" {
			obj = fmt.Sprintf("[#%d](%s) %s", res.Number, res.URL, code(c.Key))
			if c.Title != "" {
				obj += " " + escape(c.Title)
			}
			if c.Kind == plan.KindMilestone {
				obj = fmt.Sprintf("milestone [%s](%s)", escape(c.Key), res.URL)
			}
		}
		fmt.Fprintf(&rows, "| %s | %s | %s |\n", mark, obj, result)
	}
	body := rows.String()
	if c := r.Counts(); len(r.Results) > 20 && c.Failed+c.Skipped == 0 {
		// A long report that went well folds away; failures stay in view.
		body = fmt.Sprintf("<details><summary>%d changes</summary>\n\n%s\n</details>\n", len(r.Results), body)
	}
	out := head.String() + body + tail
	if runeLen(out) > limit {
		cut := "\n_The list of changes is too long for here; the job log has it all._\n"
		out = head.String() + cut + tail
	}
	return out
}

type jsonReport struct {
	Version    int          `json:"version"`
	Repository string       `json:"repository"`
	Summary    apply.Counts `json:"summary"`
	Results    []jsonResult `json:"results"`
	Stopped    string       `json:"stopped,omitempty"`
	Requests   jsonRequests `json:"requests"`
	OK         bool         `json:"ok"`
}

type jsonResult struct {
	Kind     string `json:"kind"`
	Action   string `json:"action"`
	Key      string `json:"key"`
	Relation string `json:"relation,omitempty"`
	Target   string `json:"target,omitempty"`
	Status   string `json:"status"`
	Number   *int   `json:"number"`
	URL      string `json:"url,omitempty"`
	Error    string `json:"error,omitempty"`
	Note     string `json:"note,omitempty"`
}

// ReportJSON writes an apply report in its versioned machine form (the
// same version as the plan's).
func ReportJSON(w io.Writer, r *apply.Report) error {
	out := jsonReport{Version: JSONVersion, Repository: r.Repository, Summary: r.Counts(), Results: []jsonResult{},
		Stopped: r.Stopped, Requests: jsonRequests{Reads: r.Reads, Writes: r.Writes}, OK: r.OK()}
	for _, res := range r.Results {
		c := res.Change
		jr := jsonResult{Kind: c.Kind, Action: c.Action, Key: c.Key, Relation: c.Relation, Target: c.Target,
			Status: res.Status, URL: res.URL, Error: res.Error, Note: res.Note}
		if res.Number > 0 {
			n := res.Number
			jr.Number = &n
		}
		out.Results = append(out.Results, jr)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
