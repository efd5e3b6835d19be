package apply

import (
	"context"
	"errors"
	"fmt"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/plan"
)

// ProjectWriter is the project side of GitHub apply needs, used with the
// project token: *gh.Client made with it is one.
type ProjectWriter interface {
	AddProjectItem(ctx context.Context, project, content string) (string, error)
	SetProjectValue(ctx context.Context, project, item, field string, v gh.ProjectFieldValue) error
	ClearProjectValue(ctx context.Context, project, item, field string) error
}

var errNoProjectToken = errors.New("no project token (ROADMAP_PROJECT_TOKEN, the action's project-token input)")

// projectItem adds an issue — one that existed or was just created — to
// the project. GitHub answers with the existing item when the issue is one
// already, so a rerun after a lost answer makes no second item.
func (r *runner) projectItem(ctx context.Context, c plan.Change, res *Result) error {
	if r.opts.Project == nil || r.p.Project == nil {
		return errNoProjectToken
	}
	issue, ok := r.issues[c.Key]
	if !ok || issue.NodeID == "" {
		return fmt.Errorf("issue %q does not exist, or GitHub gave no node id for it", c.Key)
	}
	id, err := r.opts.Project.AddProjectItem(ctx, r.p.Project.ID, issue.NodeID)
	if err != nil {
		return err
	}
	r.projectItems()[c.Key] = id
	res.Number, res.URL = issue.Number, r.p.Project.URL
	return nil
}

// projectField sets or clears one field of one item.
func (r *runner) projectField(ctx context.Context, c plan.Change) error {
	w := c.Project
	if r.opts.Project == nil || r.p.Project == nil {
		return errNoProjectToken
	}
	if w == nil {
		return fmt.Errorf("the plan gives no value for %s", Subject(c))
	}
	item, ok := r.projectItems()[c.Key]
	if !ok {
		return fmt.Errorf("issue %q is not an item of the project", c.Key)
	}
	if w.Clear {
		return r.opts.Project.ClearProjectValue(ctx, r.p.Project.ID, item, w.FieldID)
	}
	var v gh.ProjectFieldValue
	switch w.FieldType {
	case "TEXT":
		v.Text = &w.Text
	case "NUMBER":
		v.Number = &w.Number
	case "DATE":
		v.Date = w.Date
	case "SINGLE_SELECT":
		v.OptionID = w.OptionID
	case "ITERATION":
		v.IterationID = w.IterationID
	default:
		return fmt.Errorf("field type %s can't be set", w.FieldType)
	}
	return r.opts.Project.SetProjectValue(ctx, r.p.Project.ID, item, w.FieldID, v)
}

// projectItems is the project's items by roadmap id: those the plan read,
// and those this run added.
func (r *runner) projectItems() map[string]string {
	if r.items == nil {
		r.items = map[string]string{}
		if r.p.Project != nil {
			for k, v := range r.p.Project.Items {
				r.items[k] = v
			}
		}
	}
	return r.items
}
