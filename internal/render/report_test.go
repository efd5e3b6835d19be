package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/apply"
	"github.com/roadmap-as-code/roadmap/internal/plan"
)

// mixedReport has a result of every status, from everyKind's changes.
func mixedReport() *apply.Report {
	p := everyKind()
	rep := &apply.Report{Repository: p.Repository, Reads: 1, Writes: 9,
		Stopped: "GitHub's rate limit stopped the run; run apply again after 10:30 UTC: it resumes where this one stopped (3 of 12 changes not applied)"}
	for i, c := range apply.Ordered(p.Changes) {
		res := apply.Result{Change: c, Status: apply.StatusDone, Number: c.Number}
		switch {
		case i == 1:
			res.Status, res.Error = apply.StatusFailed, `label "Bug": GitHub says name already exists`
		case i >= 9:
			res.Status, res.Error = apply.StatusSkipped, "not sent: the run stopped first"
		case c.Kind == plan.KindIssue && c.Number == 0:
			res.Number, res.URL = 43, "https://github.com/octo-org/octo-repo/issues/43"
		case c.Kind == plan.KindIssue:
			res.URL = "https://github.com/octo-org/octo-repo/issues/" + itoa(c.Number)
		case c.Kind == plan.KindMilestone && c.Number == 0:
			res.Number, res.URL = 2, "https://github.com/octo-org/octo-repo/milestone/2"
		}
		rep.Results = append(rep.Results, res)
	}
	return rep
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestReportGolden(t *testing.T) {
	rep := mixedReport()
	var txt bytes.Buffer
	if err := ReportText(&txt, rep); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.txt", txt.String())
	md := ReportMarkdown(rep, MarkdownOptions{Header: "<!-- roadmap-as-code apply -->"})
	golden(t, "report.md", md)
	var js bytes.Buffer
	if err := ReportJSON(&js, rep); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.json", js.String())

	// Read as GitHub reads it: no text node may mention or reference.
	checkMarkdown(t, md)
	var doc struct {
		Version int
		OK      bool
		Summary apply.Counts
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil || doc.Version != 1 || doc.OK || doc.Summary.Failed != 1 || doc.Summary.Skipped != 3 {
		t.Errorf("JSON report: %+v, %v", doc, err)
	}
}

func TestReportMarkdownFitsTheLimit(t *testing.T) {
	rep := &apply.Report{Repository: "o/r"}
	for i := range 3000 {
		c := plan.Change{Kind: plan.KindIssue, Action: plan.ActionCreate, Key: "item-" + itoa(i)}
		rep.Results = append(rep.Results, apply.Result{Change: c, Status: apply.StatusDone, Number: i + 1, URL: "https://github.com/o/r/issues/" + itoa(i+1)})
	}
	md := ReportMarkdown(rep, MarkdownOptions{FullPlanURL: "https://github.com/o/r/actions/runs/1"})
	if len([]rune(md)) > CommentLimit || !strings.HasPrefix(md, "### Roadmap applied to `o/r`\n\n**Apply complete: 3000 created, 0 updated, 0 closed.**\n") {
		t.Errorf("%d characters, starts %q", len([]rune(md)), md[:min(len(md), 120)])
	}
	rows := strings.Count(md, "\n| + |")
	if rows < 500 || !strings.Contains(md, fmt.Sprintf("_…and %s more results, left out", plan.Thousands(3000-rows))) ||
		!strings.Contains(md, "[the job summary](https://github.com/o/r/actions/runs/1) has them all") {
		t.Errorf("%d rows, and the note on the rest is missing or wrong", rows)
	}
}

// TestReportNeutralisesEveryMention puts several mentions into every text
// of a report that comes from the roadmap or from GitHub: each of them, not
// only the first of a text, must be neutralised.
func TestReportNeutralisesEveryMention(t *testing.T) {
	rep := mixedReport()
	for i := range rep.Results {
		rep.Results[i].Change.Title = "@alice, @bob and @carol"
		if rep.Results[i].Error != "" {
			rep.Results[i].Error += " (@dave, then @erin)"
		}
	}
	md := ReportMarkdown(rep, MarkdownOptions{Header: "<!-- roadmap-as-code apply -->"})
	checkMarkdown(t, md)
	for _, name := range []string{"alice", "bob", "carol", "dave", "erin"} {
		all, safe := strings.Count(md, name), strings.Count(md, "@"+zwsp+name)
		if all == 0 || safe != all {
			t.Errorf("@%s appears %d times, %d of them neutralised", name, all, safe)
		}
	}
}

// TestReportFolds holds the folding rule at its edges: up to 20 results the
// table is open; past that it folds away, unless something failed or was
// skipped, which stays in view whatever else went well.
func TestReportFolds(t *testing.T) {
	report := func(n int, status string) *apply.Report {
		rep := &apply.Report{Repository: "o/r"}
		for i := range n {
			c := plan.Change{Kind: plan.KindIssue, Action: plan.ActionCreate, Key: "item-" + itoa(i)}
			res := apply.Result{Change: c, Status: apply.StatusDone, Number: i + 1, URL: "https://github.com/o/r/issues/" + itoa(i+1)}
			if i == n-1 && status != "" {
				res.Status, res.Error = status, "GitHub says no"
			}
			rep.Results = append(rep.Results, res)
		}
		return rep
	}
	tests := []struct {
		name   string
		rep    *apply.Report
		isOpen bool
	}{
		{"20 done", report(20, ""), true},
		{"21 done", report(21, ""), false},
		{"25 with a failure", report(25, apply.StatusFailed), true},
		{"25 with a skip", report(25, apply.StatusSkipped), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md := ReportMarkdown(tt.rep, MarkdownOptions{})
			if got := strings.Contains(md, "<details open>"); got != tt.isOpen {
				t.Errorf("open = %v, want %v:\n%s", got, tt.isOpen, md[:min(len(md), 400)])
			}
			if !strings.Contains(md, "<details") {
				t.Errorf("no table at all:\n%s", md)
			}
		})
	}
}

// TestReportFitsWithLongRowsAndHeader: long rows (GitHub's own words in a
// failure) and a long header fit as well, and the cut wastes little room.
func TestReportFitsWithLongRowsAndHeader(t *testing.T) {
	rep := &apply.Report{Repository: "o/r"}
	for i := range 300 {
		c := plan.Change{Kind: plan.KindIssue, Action: plan.ActionCreate, Key: "item-" + itoa(i)}
		rep.Results = append(rep.Results, apply.Result{Change: c, Status: apply.StatusFailed, Error: "GitHub says " + strings.Repeat("no ", 250)})
	}
	for _, header := range []string{"<!-- roadmap-as-code apply -->", "<!-- roadmap-as-code apply -->\n" + strings.Repeat("h", 1500)} {
		md := ReportMarkdown(rep, MarkdownOptions{Header: header})
		if len(md) > CommentLimit {
			t.Errorf("header of %d: %d characters, over GitHub's %d", len(header), len(md), CommentLimit)
		}
		if unused := CommentLimit - len(md); unused > 1000+900 {
			t.Errorf("header of %d: %d characters left unused", len(header), unused)
		}
	}
}

// TestReportLineWithoutANumber: a create not sent has no number, and its
// line names the entry, never "#0". (A failed one's line is its error,
// which names the entry itself.)
func TestReportLineWithoutANumber(t *testing.T) {
	for _, c := range []plan.Change{
		{Kind: plan.KindIssue, Action: plan.ActionCreate, Key: "collab"},
		{Kind: plan.KindMilestone, Action: plan.ActionCreate, Key: "M1"},
	} {
		line := ReportLine(apply.Result{Change: c, Status: apply.StatusSkipped, Error: "not sent: the run stopped first"})
		if strings.Contains(line, "#0") || !strings.Contains(line, c.Key) {
			t.Errorf("%s %q: %q", c.Kind, c.Key, line)
		}
	}
}
