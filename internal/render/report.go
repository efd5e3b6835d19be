package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

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

// ReportMarkdown renders an apply report for the job summary or a comment:
// the summary line first, as in the plan, then why the run stopped, then
// one row per change with the issue or milestone linked. Past the limit,
// rows are cut whole and counted.
func ReportMarkdown(r *apply.Report, opts MarkdownOptions) string {
	limit := opts.limit()
	l := newLinks(&plan.Plan{Repository: r.Repository}, opts)
	var head strings.Builder
	if opts.Header != "" {
		head.WriteString(opts.Header + "\n")
	}
	fmt.Fprintf(&head, "### Roadmap applied to %s\n\n**%s**\n\n", code(r.Repository), r.SummaryLine())
	if r.Stopped != "" {
		fmt.Fprintf(&head, "> [!WARNING]\n> %s\n\n", l.prose(r.Stopped))
	}
	foot := footer(&plan.Plan{Repository: r.Repository}, MarkdownOptions{Commit: opts.Commit, CommitURL: opts.CommitURL, RunURL: opts.RunURL, Updated: opts.Updated})

	g := &group{what: "results", before: "| | Object | Result |\n|---|---|---|\n"}
	for _, res := range r.Results {
		c := res.Change
		mark, result := symbol(c.Action), verb(c)
		switch res.Status {
		case apply.StatusFailed:
			mark, result = "✗", "failed: "+l.prose(res.Error)
		case apply.StatusSkipped:
			mark, result = "…", l.prose(res.Error)
		case apply.StatusUnsupported:
			mark, result = "–", "skipped: "+l.prose(res.Error)
		case apply.StatusPartial:
			mark, result = "⚠", result+", partly: "+l.prose(res.Error)
		}
		if res.Note != "" {
			result += " (" + l.prose(res.Note) + ")"
		}
		g.lines = append(g.lines, fmt.Sprintf("| %s | %s | %s |\n", mark, l.resultObject(res), result))
	}
	counts := r.Counts()
	// A long report that went well folds away; failures stay in view.
	g.open = len(r.Results) <= 20 || counts.Failed+counts.Skipped > 0
	g.summary = plural(len(r.Results), "change")
	budget := limit - len(head.String()) - len(foot) - 1000
	g.fit(max(budget, 0))
	var b strings.Builder
	b.WriteString(head.String())
	if len(g.lines) > 0 {
		g.render(&b, func(n int, what string) string {
			return fmt.Sprintf("_…and %s more %s, left out to fit GitHub's %s-character limit; %s has them all._\n",
				plan.Thousands(n), what, plan.Thousands(limit), opts.where())
		})
	}
	b.WriteString(foot)
	return b.String()
}

// resultObject names what a result wrote: the issue or milestone linked
// once it exists, relations by both issues.
func (l links) resultObject(res apply.Result) string {
	c := res.Change
	n := res.Number
	url := res.URL
	switch c.Kind {
	case plan.KindLabel:
		return "label " + code(c.Key)
	case plan.KindMilestone:
		if n > 0 && url != "" && (res.Status == apply.StatusDone || res.Status == apply.StatusPartial) {
			return fmt.Sprintf("milestone [%s](%s)", mdText(c.Key), url)
		}
		return "milestone " + mdText(c.Key)
	case plan.KindRelation:
		rel := "blocked by"
		if c.Relation == "parent" {
			rel = "sub-issue of"
		}
		return fmt.Sprintf("%s **%s** %s", l.issueName(c.Key, c.Number, c.Title), rel, l.issueName(c.Target, c.TargetNumber, c.TargetTitle))
	}
	if n > 0 && url != "" {
		s := fmt.Sprintf("[#%d](%s)", n, url)
		if c.Action != plan.ActionClose {
			s += " " + code(c.Key)
		}
		if c.Title != "" {
			s += " " + mdText(c.Title)
		}
		return s
	}
	if c.Action == plan.ActionClose {
		return l.issueName("", c.Number, c.Title)
	}
	return "issue " + l.issueName(c.Key, c.Number, c.Title)
}

type jsonReport struct {
	Version    int          `json:"version"`
	Repository string       `json:"repository"`
	Summary    jsonCounts   `json:"summary"`
	Results    []jsonResult `json:"results"`
	Stopped    string       `json:"stopped,omitempty"`
	// ResumeAt (RFC 3339) is when a run a rate limit stopped may run again.
	ResumeAt string       `json:"resume_at,omitempty"`
	Requests jsonRequests `json:"requests"`
	OK       bool         `json:"ok"`
}

// jsonCounts keeps version 1's meaning of "created" (new relations
// included) and adds "linked", how many of those are relations.
type jsonCounts struct {
	Created int `json:"created"`
	Updated int `json:"updated"`
	Closed  int `json:"closed"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
	// Partial and Unsupported are apply.Counts'.
	Partial     int `json:"partial"`
	Unsupported int `json:"unsupported"`
	Linked      int `json:"linked"`
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
	c := r.Counts()
	out := jsonReport{Version: JSONVersion, Repository: r.Repository, Results: []jsonResult{},
		Summary: jsonCounts{Created: c.Created + c.Linked, Updated: c.Updated, Closed: c.Closed, Failed: c.Failed, Skipped: c.Skipped,
			Partial: c.Partial, Unsupported: c.Unsupported, Linked: c.Linked},
		Stopped: r.Stopped, Requests: jsonRequests{Reads: r.Reads, Writes: r.Writes}, OK: r.OK()}
	if !r.ResumeAt.IsZero() {
		out.ResumeAt = r.ResumeAt.UTC().Format(time.RFC3339)
	}
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
