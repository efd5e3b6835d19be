package roadmap

import (
	"fmt"
	"sort"
)

// Severity tells an error, which makes the roadmap invalid, from a warning.
type Severity int

const (
	SeverityError Severity = iota
	SeverityWarning
)

func (s Severity) String() string {
	if s == SeverityWarning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem in a roadmap file, at a 1-based line and column.
type Diagnostic struct {
	File     string
	Line     int
	Col      int
	Offset   int
	Severity Severity
	Kind     string // short name of the rule, e.g. "syntax", "unknown-label"
	Message  string
	pointer  string // JSON pointer of the value concerned, when known
}

// String formats the diagnostic as FILE:LINE:COL: message [kind], the form
// editors and terminals turn into links. Warnings say so.
func (d Diagnostic) String() string {
	prefix := ""
	if d.Severity == SeverityWarning {
		prefix = "warning: "
	}
	return fmt.Sprintf("%s:%d:%d: %s%s [%s]", d.File, d.Line, d.Col, prefix, d.Message, d.Kind)
}

// Diagnostics is a list of problems, sorted by position.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == SeverityError {
			return true
		}
	}
	return false
}

// Count returns the number of errors and warnings.
func (ds Diagnostics) Count() (errs, warns int) {
	for _, d := range ds {
		if d.Severity == SeverityError {
			errs++
		} else {
			warns++
		}
	}
	return errs, warns
}

func (ds Diagnostics) sort() {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Offset != b.Offset {
			return a.Offset < b.Offset
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		return a.Message < b.Message
	})
}
