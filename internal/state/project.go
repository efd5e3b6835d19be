package state

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// Project is a GitHub project (Projects v2) as GitHub holds it: its fields
// and the items the roadmap's issues are.
type Project struct {
	ID     string // node id, which the mutations take
	Owner  string
	Number int
	Title  string
	URL    string
	Fields []ProjectField
	// Items by the node id of their issue; items of other content (other
	// repositories' issues, pull requests, drafts) are left out.
	Items map[string]ProjectItem
}

// Data types of project fields (ProjectV2FieldType) the roadmap can set;
// the others are GitHub's own (TITLE, ASSIGNEES, LABELS, …).
const (
	FieldText         = "TEXT"
	FieldNumber       = "NUMBER"
	FieldDate         = "DATE"
	FieldSingleSelect = "SINGLE_SELECT"
	FieldIteration    = "ITERATION"
)

// ProjectField is one of a project's fields.
type ProjectField struct {
	ID   string
	Name string
	Type string // ProjectV2FieldType, e.g. SINGLE_SELECT
	// Options of a single-select field, Iterations of an iteration field
	// (completed ones too: an item may still name one).
	Options    []ProjectOption
	Iterations []ProjectIteration
}

// Settable says the API can set the field's value on an item.
func (f *ProjectField) Settable() bool {
	switch f.Type {
	case FieldText, FieldNumber, FieldDate, FieldSingleSelect, FieldIteration:
		return true
	}
	return false
}

// ProjectOption is a single-select field's option.
type ProjectOption struct{ ID, Name string }

// ProjectIteration is an iteration of an iteration field.
type ProjectIteration struct {
	ID, Title string
	StartDate string // YYYY-MM-DD
	Duration  int    // days
	Completed bool
}

// ProjectItem is an issue's item in the project, with its field values.
type ProjectItem struct {
	ID       string
	Archived bool
	// Values by field id: only fields that hold one.
	Values map[string]ProjectValue
}

// ProjectValue is an item's value of one field: the part its type uses.
type ProjectValue struct {
	Text        string
	Number      float64
	Date        string // YYYY-MM-DD
	OptionID    string
	IterationID string
}

// FieldNamed finds a field by name, ignoring case as the project's own
// search does.
func (p *Project) FieldNamed(name string) *ProjectField {
	for i := range p.Fields {
		if strings.EqualFold(p.Fields[i].Name, name) {
			return &p.Fields[i]
		}
	}
	return nil
}

// ProjectReader reads a project with the project token.
type ProjectReader interface {
	ReadProject(ctx context.Context, owner string, number int) (*Project, error)
}

// ErrProjectUnavailable wraps why a project could not be read: the token
// may not see it, or it does not exist. The rest of the roadmap still
// plans and applies.
var ErrProjectUnavailable = errors.New("the project can't be read")

// FetchProject reads the roadmap's project into snap with the project
// reader, or says in snap.ProjectSkipped why it was not read: no project
// token (pr is nil), or a project the token can't see. Either way the rest
// of the roadmap still plans and applies; other failures (limits, faults)
// are errors.
func FetchProject(ctx context.Context, pr ProjectReader, rm *roadmap.Roadmap, snap *Snapshot) error {
	if rm.Project == nil {
		return nil
	}
	name := fmt.Sprintf("project %d of %s", rm.Project.Number, rm.Project.Owner)
	if pr == nil {
		snap.ProjectSkipped = fmt.Sprintf("%s was not read or written: no project token. The default GITHUB_TOKEN can't reach a project; "+
			"set ROADMAP_PROJECT_TOKEN (the action's project-token input) to a token that may write it — a classic token with the project scope, "+
			"a fine-grained token with Projects read and write, or a GitHub App's", name)
		return nil
	}
	p, err := pr.ReadProject(ctx, rm.Project.Owner, rm.Project.Number)
	switch {
	case errors.Is(err, ErrProjectUnavailable):
		snap.ProjectSkipped = fmt.Sprintf("%s was not read or written: %v. Check that ROADMAP_PROJECT_TOKEN may see it "+
			"(a classic token needs the project scope; a fine-grained one Projects read and write)", name, err)
		return nil
	case err != nil:
		return err
	}
	snap.Project = p
	return nil
}
