package importer

import (
	"fmt"
	"strings"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/plan"
)

// Forecast is what the first apply after an import will do, counted from
// the first plan.
type Forecast struct {
	Marks   int // adopted issues: the marker and the managed label, one PATCH each
	Closes  int // duplicate copies closed as duplicates
	Renames int // titles made unique
	Other   int // anything else (the managed label created, …)
	Writes  int
	// Duration is Writes at the pace apply keeps.
	Duration time.Duration
}

// Forecast counts the first plan's changes; interval is apply's pace
// between writes (0: one a second, the default).
func (r *Result) Forecast(interval time.Duration) Forecast {
	if interval <= 0 {
		interval = time.Second
	}
	var f Forecast
	if r.Plan == nil {
		return f
	}
	for _, c := range r.Plan.Changes {
		switch {
		case c.Kind == plan.KindIssue && c.Action == plan.ActionAdopt:
			f.Marks++
			if _, ok := c.Field("title"); ok {
				f.Renames++
			}
		case c.Kind == plan.KindIssue && c.Action == plan.ActionClose:
			f.Closes++
		case c.Kind == plan.KindIssue && c.Action == plan.ActionUpdate && onlyField(c, "title"):
			f.Renames++
		default:
			f.Other++
		}
	}
	f.Writes = r.Plan.Writes()
	f.Duration = time.Duration(f.Writes) * interval
	return f
}

func onlyField(c plan.Change, name string) bool {
	return len(c.Fields) == 1 && c.Fields[0].Name == name
}

// Line says it in one sentence: "The first apply will mark 42 issues and
// close 21 duplicates: 63 writes, about 1 min at the default pace."
func (f Forecast) Line(interval time.Duration) string {
	var parts []string
	if f.Marks > 0 {
		parts = append(parts, "mark "+count(f.Marks, "issue"))
	}
	if f.Closes > 0 {
		parts = append(parts, "close "+count(f.Closes, "duplicate"))
	}
	if f.Renames > 0 {
		parts = append(parts, "rename "+count(f.Renames, "issue")+" whose titles were not unique")
	}
	if f.Other > 0 {
		parts = append(parts, "make "+count(f.Other, "other change"))
	}
	if len(parts) == 0 {
		return "The first apply will change nothing: GitHub already matches the roadmap."
	}
	list := parts[0]
	if len(parts) > 1 {
		list = strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
	}
	pace := "the default pace"
	if interval > 0 && interval != time.Second {
		pace = "one write every " + interval.String()
	}
	return fmt.Sprintf("The first apply will %s: %s, about %s at %s.", list, count(f.Writes, "write"), roughly(f.Duration), pace)
}

func count(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// roughly rounds a duration the way a person says it: "20 s", "1 min", "3 h 20 min".
func roughly(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Round(time.Second)/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Round(time.Minute)/time.Minute))
	}
	d = d.Round(time.Minute)
	h := int(d / time.Hour)
	m := int((d % time.Hour) / time.Minute)
	if m == 0 {
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %d min", h, m)
}
