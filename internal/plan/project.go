package plan

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// Kinds of the project's changes: an issue added as an item, and one field
// value of one item set or cleared.
const (
	KindProjectItem  = "project item"
	KindProjectField = "project field"
)

// ProjectRef is what apply needs of the project: its id and the items that
// exist, by roadmap id.
type ProjectRef struct {
	ID     string
	Title  string
	URL    string
	Owner  string
	Number int
	Items  map[string]string
}

// ProjectWrite is the value one project field change sends: the field's
// id and type, and the value in the form GitHub takes (an option's or
// iteration's id); Clear clears it.
type ProjectWrite struct {
	FieldID     string
	FieldType   string
	Clear       bool
	Text        string
	Number      float64
	Date        string
	OptionID    string
	IterationID string
}

// project plans the roadmap's project: every issue an item, and each value
// an issue's "fields" gives set as given. A field the entry leaves out is
// not managed: people move cards freely.
func (c *computer) project() {
	proj := c.rm.Project
	switch {
	case proj == nil:
		return
	case c.snap.ProjectSkipped != "":
		c.warnf("%s", c.snap.ProjectSkipped)
		return
	case c.snap.Project == nil:
		if c.snap.Empty {
			c.warnf("project %d of %s was not read: the plan is against an empty repository", proj.Number, proj.Owner)
		}
		return
	}
	p := c.snap.Project
	c.p.Project = &ProjectRef{ID: p.ID, Title: p.Title, URL: p.URL, Owner: p.Owner, Number: p.Number, Items: map[string]string{}}
	for _, en := range c.entries {
		e := en.Issue
		if c.held[e.ID] {
			continue
		}
		var item *state.ProjectItem
		if cur := c.matched[e.ID]; cur != nil && cur.NodeID != "" {
			if it, ok := p.Items[cur.NodeID]; ok {
				item = &it
				c.p.Project.Items[e.ID] = it.ID
			}
		}
		if item == nil {
			c.add(Change{Kind: KindProjectItem, Action: ActionCreate, Key: e.ID, Title: e.Title,
				Fields: []Field{{Name: "project", To: p.Title}}})
		} else {
			c.p.Unchanged++
		}
		names := make([]string, 0, len(e.Fields))
		for name := range e.Fields {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			c.projectField(e, p, item, name, e.Fields[name])
		}
	}
}

// projectField plans one value of one item, or reports what the project
// can't take.
func (c *computer) projectField(e roadmap.Issue, p *state.Project, item *state.ProjectItem, name string, v roadmap.FieldValue) {
	f := p.FieldNamed(name)
	if f == nil {
		names := make([]string, 0, len(p.Fields))
		for _, pf := range p.Fields {
			if pf.Settable() {
				names = append(names, pf.Name)
			}
		}
		c.errorf("issue %q: project %q has no field %q%s (its fields: %s)", e.ID, p.Title, name,
			roadmap.DidYouMean(name, names), quoteJoin(names))
		return
	}
	if !f.Settable() {
		c.errorf("issue %q: field %q of project %q is GitHub's own (%s), which the API can't set on an item", e.ID, f.Name, p.Title, f.Type)
		return
	}
	w := ProjectWrite{FieldID: f.ID, FieldType: f.Type, Clear: v.Null}
	to, err := projectValue(f, v, &w)
	if err != "" {
		c.errorf("issue %q: field %q of project %q: %s", e.ID, f.Name, p.Title, err)
		return
	}
	var from any
	if item != nil {
		if cur, ok := item.Values[f.ID]; ok {
			if d := displayValue(f, cur); d != "" {
				from = d
			}
		}
	}
	if from == to || (from == nil && to == nil) {
		c.p.Unchanged++
		return
	}
	c.add(Change{Kind: KindProjectField, Action: ActionUpdate, Key: e.ID, Title: e.Title, Target: f.Name,
		Fields: []Field{{Name: f.Name, From: from, To: to}}, Project: &w})
}

// projectValue checks v against the field's type and fills w; it returns
// the value as people read it (nil for a clear), or why it can't be.
func projectValue(f *state.ProjectField, v roadmap.FieldValue, w *ProjectWrite) (any, string) {
	if v.Null {
		return nil, ""
	}
	switch f.Type {
	case state.FieldText:
		if !v.IsText() {
			return nil, fmt.Sprintf("%s is a number, and this is a text field; write it as a string", v)
		}
		w.Text = v.Text
		return v.Text, ""
	case state.FieldNumber:
		if !v.IsNumber {
			return nil, fmt.Sprintf("%q is text, and this is a number field; write a number, without quotes", v.Text)
		}
		w.Number = v.Number
		return strconv.FormatFloat(v.Number, 'f', -1, 64), ""
	case state.FieldDate:
		if _, err := time.Parse(time.DateOnly, v.Text); !v.IsText() || err != nil {
			return nil, fmt.Sprintf("%s is not a date; this is a date field: write YYYY-MM-DD", quoted(v))
		}
		w.Date = v.Text
		return v.Text, ""
	case state.FieldSingleSelect:
		names := make([]string, len(f.Options))
		for i, o := range f.Options {
			names[i] = o.Name
			if v.IsText() && strings.EqualFold(o.Name, v.Text) {
				w.OptionID = o.ID
				return o.Name, ""
			}
		}
		return nil, fmt.Sprintf("%s is not one of its options (%s)%s", quoted(v), quoteJoin(names), roadmap.DidYouMean(v.String(), names))
	case state.FieldIteration:
		names := make([]string, len(f.Iterations))
		for i, it := range f.Iterations {
			names[i] = it.Title
			if v.IsText() && strings.EqualFold(it.Title, v.Text) {
				w.IterationID = it.ID
				return it.Title, ""
			}
		}
		return nil, fmt.Sprintf("%s is not one of its iterations (%s)%s", quoted(v), quoteJoin(names), roadmap.DidYouMean(v.String(), names))
	}
	return nil, "GitHub's API can't set it"
}

// displayValue is an item's value as people read it: "" when the field's
// option or iteration is gone.
func displayValue(f *state.ProjectField, v state.ProjectValue) string {
	switch f.Type {
	case state.FieldText:
		return v.Text
	case state.FieldNumber:
		return strconv.FormatFloat(v.Number, 'f', -1, 64)
	case state.FieldDate:
		return v.Date
	case state.FieldSingleSelect:
		for _, o := range f.Options {
			if o.ID == v.OptionID {
				return o.Name
			}
		}
	case state.FieldIteration:
		for _, it := range f.Iterations {
			if it.ID == v.IterationID {
				return it.Title
			}
		}
	}
	return ""
}

func quoted(v roadmap.FieldValue) string {
	if v.IsText() {
		return strconv.Quote(v.Text)
	}
	return v.String()
}

func quoteJoin(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}
