package githubfake

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// GitHub Projects (v2), served through GraphQL from the fake's state.
//
//	p := f.AddProject("octo-org", 1, "Roadmap")  // an organization's or a user's project, with GitHub's
//	                                             // built-in fields (Title, Assignees, Status with Todo,
//	                                             // In Progress and Done, Labels, Linked pull requests,
//	                                             // Milestone, Repository, Reviewers, Parent issue,
//	                                             // Sub-issues progress)
//	p.AddField("Priority", "SINGLE_SELECT", "P0", "P1", "P2")   // TEXT, NUMBER, DATE, SINGLE_SELECT
//	p.AddIterationField("Iteration", githubfake.Iteration{Title: "Sprint 1", Start: "2027-01-04", Days: 14}, …)
//	p.Allow("project-bot")                      // logins that may read and write it; others are FORBIDDEN
//	p.SetValue(repo, number, "Status", "Done")  // a person moving a card (adds the item when missing)
//	p.Items() []githubfake.ProjectItem          // each with its issue ("owner/repo#N") and values by field name
//
// Queried as GitHub's schema has it: repositoryOwner(login) { ... on ProjectV2Owner { projectV2(number) {
// id title url fields items { content fieldValues } } } }. A login that may not see the project gets the
// project null with a FORBIDDEN error ("Resource not accessible by integration", what the default
// GITHUB_TOKEN gets for an organization's project); an unknown number NOT_FOUND ("Could not resolve to a
// ProjectV2 with the number N."). Mutations: addProjectV2ItemById (the existing item when the content is
// already one), updateProjectV2ItemFieldValue (one value, of the field's type: a text, a number, a date,
// an option's id or an iteration's id), clearProjectV2ItemFieldValue; built-in fields are refused, as
// GitHub's docs say ("You cannot use this mutation to change … Assignees, Labels, Milestone,
// Repository"); unknown ids are NOT_FOUND, a value of the wrong kind UNPROCESSABLE.

// Iteration is an iteration of an iteration field.
type Iteration struct {
	Title     string
	Start     string // YYYY-MM-DD
	Days      int
	Completed bool
}

// ProjectItem is a project item as the inspection methods return it.
type ProjectItem struct {
	Content  string // "owner/repo#N"
	Archived bool
	Values   map[string]string // by field name: the text, number, date, option's name or iteration's title
}

// Project is a project of the fake; its methods are safe for concurrent use.
type Project struct {
	f      *Fake
	id     int64
	owner  string
	number int
	title  string
	fields []*pfield
	items  []*pitem
	allow  map[string]bool
}

type pfield struct {
	id         int64
	name       string
	dataType   string
	options    []*poption
	iterations []*piteration
}

type poption struct {
	id   string
	name string
}

type piteration struct {
	id        string
	title     string
	start     string
	days      int
	completed bool
}

type pitem struct {
	id       int64
	p        *Project
	content  *issue
	archived bool
	values   map[int64]*pvalue
}

type pvalue struct {
	text        string
	number      float64
	date        string
	optionID    string
	iterationID string
}

// AddProject adds project number of owner (an organization, or a user) with GitHub's built-in fields.
func (f *Fake) AddProject(owner string, number int, title string) *Project {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := &Project{f: f, id: f.newID(), owner: owner, number: number, title: title, allow: map[string]bool{}}
	for _, b := range []struct{ name, typ string }{
		{"Title", "TITLE"}, {"Assignees", "ASSIGNEES"}, {"Status", "SINGLE_SELECT"}, {"Labels", "LABELS"},
		{"Linked pull requests", "LINKED_PULL_REQUESTS"}, {"Milestone", "MILESTONE"}, {"Repository", "REPOSITORY"},
		{"Reviewers", "REVIEWERS"}, {"Parent issue", "PARENT_ISSUE"}, {"Sub-issues progress", "SUB_ISSUES_PROGRESS"},
	} {
		fl := p.newField(b.name, b.typ)
		if b.name == "Status" {
			for _, o := range []string{"Todo", "In Progress", "Done"} {
				fl.options = append(fl.options, &poption{id: p.optionID(fl, o), name: o})
			}
		}
	}
	f.projects = append(f.projects, p)
	f.userID(owner)
	return p
}

func (p *Project) newField(name, typ string) *pfield {
	fl := &pfield{id: p.f.newID(), name: name, dataType: typ}
	p.fields = append(p.fields, fl)
	return fl
}

// optionID is an option's id, as GitHub's: 8 hex digits, unique in the fake.
func (p *Project) optionID(fl *pfield, _ string) string {
	return fmt.Sprintf("%08x", uint32(fl.id)*64+uint32(len(fl.options)))
}

// AddField adds a field of type TEXT, NUMBER, DATE or SINGLE_SELECT (with options).
func (p *Project) AddField(name, dataType string, options ...string) {
	p.f.mu.Lock()
	defer p.f.mu.Unlock()
	switch dataType {
	case "TEXT", "NUMBER", "DATE", "SINGLE_SELECT":
	default:
		panic("githubfake: AddField type " + dataType)
	}
	fl := p.newField(name, dataType)
	for _, o := range options {
		fl.options = append(fl.options, &poption{id: p.optionID(fl, o), name: o})
	}
}

// AddIterationField adds an iteration field with its iterations.
func (p *Project) AddIterationField(name string, iterations ...Iteration) {
	p.f.mu.Lock()
	defer p.f.mu.Unlock()
	fl := p.newField(name, "ITERATION")
	for i, it := range iterations {
		fl.iterations = append(fl.iterations, &piteration{id: fmt.Sprintf("%x", fl.id*100+int64(i)), title: it.Title,
			start: it.Start, days: it.Days, completed: it.Completed})
	}
}

// Allow lets logins read and write the project.
func (p *Project) Allow(logins ...string) {
	p.f.mu.Lock()
	defer p.f.mu.Unlock()
	for _, l := range logins {
		p.allow[strings.ToLower(l)] = true
	}
}

func (p *Project) fieldNamed(name string) *pfield {
	for _, fl := range p.fields {
		if strings.EqualFold(fl.name, name) {
			return fl
		}
	}
	return nil
}

func (p *Project) itemOf(is *issue) *pitem {
	for _, it := range p.items {
		if it.content == is {
			return it
		}
	}
	return nil
}

func (p *Project) addItem(is *issue) *pitem {
	if it := p.itemOf(is); it != nil {
		return it
	}
	it := &pitem{id: p.f.newID(), p: p, content: is, values: map[int64]*pvalue{}}
	p.items = append(p.items, it)
	return it
}

// SetValue sets a field of issue number's item as a person on the board would, by the value people
// see: a text, a number, a date, an option's name or an iteration's title. It adds the item when
// missing, and panics on what the project does not have.
func (p *Project) SetValue(r *Repo, number int, field, value string) {
	p.f.mu.Lock()
	defer p.f.mu.Unlock()
	is := r.findIssue(number)
	fl := p.fieldNamed(field)
	if is == nil || fl == nil {
		panic(fmt.Sprintf("githubfake: SetValue(%s#%d, %q)", r.FullName(), number, field))
	}
	v := &pvalue{}
	switch fl.dataType {
	case "TEXT":
		v.text = value
	case "NUMBER":
		n, err := strconv.ParseFloat(value, 64)
		if err != nil {
			panic("githubfake: SetValue number " + value)
		}
		v.number = n
	case "DATE":
		v.date = value
	case "SINGLE_SELECT":
		for _, o := range fl.options {
			if o.name == value {
				v.optionID = o.id
			}
		}
		if v.optionID == "" {
			panic("githubfake: SetValue option " + value)
		}
	case "ITERATION":
		for _, it := range fl.iterations {
			if it.title == value {
				v.iterationID = it.id
			}
		}
		if v.iterationID == "" {
			panic("githubfake: SetValue iteration " + value)
		}
	default:
		panic("githubfake: SetValue on built-in field " + field)
	}
	p.addItem(is).values[fl.id] = v
}

// display is a value as people see it.
func (fl *pfield) display(v *pvalue) string {
	switch fl.dataType {
	case "TEXT":
		return v.text
	case "NUMBER":
		return strconv.FormatFloat(v.number, 'f', -1, 64)
	case "DATE":
		return v.date
	case "SINGLE_SELECT":
		for _, o := range fl.options {
			if o.id == v.optionID {
				return o.name
			}
		}
	case "ITERATION":
		for _, it := range fl.iterations {
			if it.id == v.iterationID {
				return it.title
			}
		}
	}
	return ""
}

// Items returns the project's items, oldest first.
func (p *Project) Items() []ProjectItem {
	p.f.mu.Lock()
	defer p.f.mu.Unlock()
	out := make([]ProjectItem, 0, len(p.items))
	for _, it := range p.items {
		pi := ProjectItem{Content: fmt.Sprintf("%s#%d", it.content.repo.FullName(), it.content.number), Archived: it.archived, Values: map[string]string{}}
		for _, fl := range p.fields {
			if v, ok := it.values[fl.id]; ok {
				pi.Values[fl.name] = fl.display(v)
			}
		}
		out = append(out, pi)
	}
	return out
}

// --- GraphQL resolvers

// gqlOwner is an organization or a user, as repositoryOwner answers it.
type gqlOwner struct {
	f     *Fake
	login string
}

func (o *gqlOwner) typeName() string {
	if o.f.userType(o.login) == "Organization" {
		return "Organization"
	}
	return "User"
}

func (o *gqlOwner) field(x *executor, name string, args map[string]any) (any, error) {
	switch name {
	case "login":
		return o.login, nil
	case "id":
		return nodeID("O", o.f.userID(o.login)), nil
	case "projectV2":
		n, _ := intArg(args, "number")
		for _, p := range o.f.projects {
			if strings.EqualFold(p.owner, o.login) && p.number == n {
				if !p.allow[strings.ToLower(x.c.login)] {
					return nil, &gqlFieldError{typ: "FORBIDDEN", message: "Resource not accessible by integration"}
				}
				return p, nil
			}
		}
		return nil, notFoundField("Could not resolve to a ProjectV2 with the number %d.", n)
	}
	return nil, x.gap(o.typeName(), name)
}

// repositoryOwner resolves a login that owns repositories or projects.
func (f *Fake) repositoryOwner(login string) (object, error) {
	known := false
	for _, r := range f.repos {
		known = known || strings.EqualFold(r.owner, login)
	}
	for _, p := range f.projects {
		known = known || strings.EqualFold(p.owner, login)
	}
	if !known {
		return nil, notFoundField("Could not resolve to a RepositoryOwner with the login of '%s'.", login)
	}
	return &gqlOwner{f: f, login: login}, nil
}

func (p *Project) typeName() string { return "ProjectV2" }

func (p *Project) nodeID() string { return nodeID("PVT", p.id) }

func (p *Project) field(x *executor, name string, args map[string]any) (any, error) {
	switch name {
	case "id":
		return p.nodeID(), nil
	case "title":
		return p.title, nil
	case "number":
		return p.number, nil
	case "url":
		kind := "orgs"
		if p.f.userType(p.owner) != "Organization" {
			kind = "users"
		}
		return fmt.Sprintf("%s/%s/%s/projects/%d", htmlBase, kind, p.owner, p.number), nil
	case "fields":
		all := make([]any, 0, len(p.fields))
		for _, fl := range p.fields {
			all = append(all, &gqlField{p: p, fl: fl})
		}
		return paginate("ProjectV2FieldConfigurationConnection", all, args)
	case "items":
		all := make([]any, 0, len(p.items))
		for _, it := range p.items {
			all = append(all, it)
		}
		return paginate("ProjectV2ItemConnection", all, args)
	}
	return nil, x.gap("ProjectV2", name)
}

type gqlField struct {
	p  *Project
	fl *pfield
}

func (g *gqlField) typeName() string {
	switch g.fl.dataType {
	case "SINGLE_SELECT":
		return "ProjectV2SingleSelectField"
	case "ITERATION":
		return "ProjectV2IterationField"
	}
	return "ProjectV2Field"
}

func (g *gqlField) field(x *executor, name string, _ map[string]any) (any, error) {
	switch name {
	case "id":
		prefix := "PVTF"
		switch g.fl.dataType {
		case "SINGLE_SELECT":
			prefix = "PVTSSF"
		case "ITERATION":
			prefix = "PVTIF"
		}
		return nodeID(prefix, g.fl.id), nil
	case "name":
		return g.fl.name, nil
	case "dataType":
		return g.fl.dataType, nil
	case "options":
		out := make([]any, 0, len(g.fl.options))
		for _, o := range g.fl.options {
			out = append(out, &record{name: "ProjectV2SingleSelectFieldOption", values: map[string]any{"id": o.id, "name": o.name}})
		}
		return out, nil
	case "configuration":
		var active, done []any
		for _, it := range g.fl.iterations {
			r := &record{name: "ProjectV2IterationFieldIteration", values: map[string]any{
				"id": it.id, "title": it.title, "startDate": it.start, "duration": it.days}}
			if it.completed {
				done = append(done, r)
			} else {
				active = append(active, r)
			}
		}
		if active == nil {
			active = []any{}
		}
		if done == nil {
			done = []any{}
		}
		return &record{name: "ProjectV2IterationFieldConfiguration", values: map[string]any{
			"iterations": active, "completedIterations": done, "duration": 14, "startDay": 1}}, nil
	}
	return nil, x.gap(g.typeName(), name)
}

func (it *pitem) typeName() string { return "ProjectV2Item" }

func (it *pitem) field(x *executor, name string, args map[string]any) (any, error) {
	switch name {
	case "id":
		return nodeID("PVTI", it.id), nil
	case "isArchived":
		return it.archived, nil
	case "content":
		if it.content.gone != nil {
			return nil, nil
		}
		return it.content, nil
	case "fieldValues":
		var all []any
		for _, fl := range it.p.fields {
			if v, ok := it.values[fl.id]; ok {
				all = append(all, &gqlValue{g: &gqlField{p: it.p, fl: fl}, v: v})
			}
		}
		if all == nil {
			all = []any{}
		}
		return paginate("ProjectV2ItemFieldValueConnection", all, args)
	}
	return nil, x.gap("ProjectV2Item", name)
}

type gqlValue struct {
	g *gqlField
	v *pvalue
}

func (g *gqlValue) typeName() string {
	switch g.g.fl.dataType {
	case "TEXT":
		return "ProjectV2ItemFieldTextValue"
	case "NUMBER":
		return "ProjectV2ItemFieldNumberValue"
	case "DATE":
		return "ProjectV2ItemFieldDateValue"
	case "SINGLE_SELECT":
		return "ProjectV2ItemFieldSingleSelectValue"
	}
	return "ProjectV2ItemFieldIterationValue"
}

func (g *gqlValue) field(x *executor, name string, _ map[string]any) (any, error) {
	switch name {
	case "text":
		return g.v.text, nil
	case "number":
		return g.v.number, nil
	case "date":
		return g.v.date, nil
	case "optionId":
		return g.v.optionID, nil
	case "name":
		return g.g.fl.display(g.v), nil
	case "iterationId":
		return g.v.iterationID, nil
	case "title":
		return g.g.fl.display(g.v), nil
	case "field":
		return g.g, nil
	}
	return nil, x.gap(g.typeName(), name)
}

// --- mutations

func (f *Fake) projectByNodeID(id string) *Project {
	for _, p := range f.projects {
		if p.nodeID() == id {
			return p
		}
	}
	return nil
}

func (p *Project) itemByNodeID(id string) *pitem {
	for _, it := range p.items {
		if nodeID("PVTI", it.id) == id {
			return it
		}
	}
	return nil
}

func (p *Project) fieldByNodeID(id string) *pfield {
	for _, fl := range p.fields {
		if (&gqlField{p: p, fl: fl}).idString() == id {
			return fl
		}
	}
	return nil
}

func (g *gqlField) idString() string {
	v, _ := g.field(nil, "id", nil)
	return v.(string)
}

// projectFor resolves the project a mutation names, for a login that may write it.
func (x *executor) projectFor(in map[string]any) (*Project, error) {
	id, _ := in["projectId"].(string)
	p := x.f.projectByNodeID(id)
	if p == nil {
		return nil, notFoundField("Could not resolve to a node with the global id of '%s'", id)
	}
	if !p.allow[strings.ToLower(x.c.login)] || x.f.readOnly {
		return nil, &gqlFieldError{typ: "FORBIDDEN", message: "Resource not accessible by integration"}
	}
	return p, nil
}

func (x *executor) projectMutation(name string, in map[string]any) (any, error) {
	p, err := x.projectFor(in)
	if err != nil {
		return nil, err
	}
	if name == "addProjectV2ItemById" {
		cid, _ := in["contentId"].(string)
		is := x.f.issueByNodeID(cid)
		if is == nil {
			return nil, notFoundField("Could not resolve to a node with the global id of '%s'", cid)
		}
		it := p.addItem(is)
		return &record{name: "AddProjectV2ItemByIdPayload", values: map[string]any{"item": it}}, nil
	}
	iid, _ := in["itemId"].(string)
	it := p.itemByNodeID(iid)
	if it == nil {
		return nil, notFoundField("Could not resolve to a node with the global id of '%s'", iid)
	}
	fid, _ := in["fieldId"].(string)
	fl := p.fieldByNodeID(fid)
	if fl == nil {
		return nil, notFoundField("Could not resolve to a node with the global id of '%s'", fid)
	}
	switch fl.dataType {
	case "TEXT", "NUMBER", "DATE", "SINGLE_SELECT", "ITERATION":
	default:
		return nil, unprocessable("The field %s (%s) can't be updated through this mutation.", fl.name, fl.dataType)
	}
	payload := "UpdateProjectV2ItemFieldValuePayload"
	if name == "clearProjectV2ItemFieldValue" {
		delete(it.values, fl.id)
		return &record{name: "ClearProjectV2ItemFieldValuePayload", values: map[string]any{"projectV2Item": it}}, nil
	}
	value, _ := in["value"].(map[string]any)
	if len(value) != 1 {
		return nil, unprocessable("Exactly one of text, number, date, singleSelectOptionId and iterationId must be given.")
	}
	v := &pvalue{}
	kindMismatch := unprocessable("The value is not of the field %s's type (%s).", fl.name, fl.dataType)
	switch {
	case value["text"] != nil:
		if fl.dataType != "TEXT" {
			return nil, kindMismatch
		}
		v.text, _ = value["text"].(string)
	case value["number"] != nil:
		if fl.dataType != "NUMBER" {
			return nil, kindMismatch
		}
		n, ok := value["number"].(float64)
		if !ok {
			i, _ := intArg(value, "number")
			n = float64(i)
		}
		v.number = n
	case value["date"] != nil:
		if fl.dataType != "DATE" {
			return nil, kindMismatch
		}
		d, _ := value["date"].(string)
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return nil, unprocessable("%q is not a date.", d)
		}
		v.date = d
	case value["singleSelectOptionId"] != nil:
		if fl.dataType != "SINGLE_SELECT" {
			return nil, kindMismatch
		}
		v.optionID, _ = value["singleSelectOptionId"].(string)
		if fl.display(v) == "" {
			return nil, unprocessable("The single select option Id does not belong to the field")
		}
	default:
		if fl.dataType != "ITERATION" {
			return nil, kindMismatch
		}
		v.iterationID, _ = value["iterationId"].(string)
		if fl.display(v) == "" {
			return nil, unprocessable("The iteration Id does not belong to the field")
		}
	}
	it.values[fl.id] = v
	return &record{name: payload, values: map[string]any{"projectV2Item": it}}, nil
}
