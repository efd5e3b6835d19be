package apply

import (
	"fmt"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/plan"
)

// Statuses of one change after apply.
const (
	// StatusDone: GitHub holds the change.
	StatusDone = "done"
	// StatusFailed: GitHub refused the change, or it could not be sent.
	StatusFailed = "failed"
	// StatusSkipped: the change was not sent, because what it depends on
	// failed or the run stopped first. A rerun sends it.
	StatusSkipped = "skipped"
	// StatusPartial: GitHub refused one field of the write (a login it
	// can't assign, a type the owner lacks); the write was sent again
	// without it, and the rest is applied.
	StatusPartial = "partial"
	// StatusUnsupported: the server lacks the feature (sub-issues or
	// dependencies on an older GitHub Enterprise Server). Not a failure.
	StatusUnsupported = "unsupported"
)

// Result is what became of one planned change.
type Result struct {
	Change plan.Change
	Status string
	// Number and URL of the issue or milestone the change wrote, once known.
	Number int
	URL    string
	// Error says why a change failed, was skipped, partly applied or is
	// unsupported.
	Error string
	// Note says something a reader should know of a done change, e.g. that
	// another run had already made it.
	Note string
}

// Report is the outcome of one apply.
type Report struct {
	Repository string
	Results    []Result
	// Reads and Writes are the requests apply sent (retries included).
	Reads  int
	Writes int
	// Stopped says why the run stopped before the end ("" when it did not).
	Stopped string
	// ResumeAt is when a run stopped by a rate limit may run again (zero
	// when unknown or not stopped by one).
	ResumeAt time.Time
}

// Counts tallies the results the way the summary line reads them.
type Counts struct {
	Created int `json:"created"`
	Updated int `json:"updated"`
	Closed  int `json:"closed"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
	// Partial counts changes applied but for a field GitHub refused (they
	// are counted as created or updated too); Unsupported, relations the
	// server has no API for.
	Partial     int `json:"partial"`
	Unsupported int `json:"unsupported"`
	// Linked counts new relations apart from Created, as the plan does.
	Linked int `json:"linked"`
}

// Counts tallies done changes by action (renames and adoptions count as
// updated, relations as linked), and failed and skipped ones.
func (r *Report) Counts() Counts {
	var c Counts
	for _, res := range r.Results {
		switch res.Status {
		case StatusFailed:
			c.Failed++
			continue
		case StatusSkipped:
			c.Skipped++
			continue
		case StatusUnsupported:
			c.Unsupported++
			continue
		case StatusPartial:
			c.Partial++
		}
		switch res.Change.Action {
		case plan.ActionRelate:
			c.Linked++
		case plan.ActionCreate:
			c.Created++
		case plan.ActionClose:
			c.Closed++
		default:
			c.Updated++
		}
	}
	return c
}

// OK says every change was applied (what the server does not support
// aside).
func (r *Report) OK() bool {
	c := r.Counts()
	return c.Failed == 0 && c.Skipped == 0 && c.Partial == 0 && r.Stopped == ""
}

// SummaryLine is the one line that ends an apply report.
func (r *Report) SummaryLine() string {
	c := r.Counts()
	if len(r.Results) == 0 {
		return "Apply complete: nothing to change."
	}
	line := fmt.Sprintf("Apply complete: %d created, %d updated, %d closed", c.Created, c.Updated, c.Closed)
	if !r.OK() {
		line = fmt.Sprintf("Apply incomplete: %d created, %d updated, %d closed, %d failed, %d not sent", c.Created, c.Updated, c.Closed, c.Failed, c.Skipped)
		if c.Partial > 0 {
			line += fmt.Sprintf(", %d partly applied", c.Partial)
		}
	}
	if c.Unsupported > 0 {
		line += fmt.Sprintf(", %d not supported by this GitHub", c.Unsupported)
	}
	switch c.Linked {
	case 0:
		return line + "."
	case 1:
		return line + "; 1 relation added."
	}
	return fmt.Sprintf("%s; %d relations added.", line, c.Linked)
}
