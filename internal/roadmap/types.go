// Package roadmap holds the roadmap.json file format, its loading with source
// positions, and its validation (JSON Schema and semantic rules).
//
// The Go types in this file are the source of the JSON Schema in
// schema/roadmap.schema.json: their doc comments become its descriptions and
// their jsonschema tags its constraints. Run `go generate ./...` after a change.
package roadmap

// Limits GitHub enforces, checked before any request is sent.
const (
	MaxTitleLength            = 256
	MaxBodyLength             = 65536
	MaxLabelNameLength        = 50
	MaxLabelDescriptionLength = 100
	MaxIDLength               = 64
	DefaultManagedLabel       = "roadmap"
)

// Roadmap is a repository's roadmap: the labels, milestones and issues it wants on GitHub.
type Roadmap struct {
	// Where editors find the JSON Schema of this file, to complete keys, show these descriptions and check values as you type: the URL of the released schema.
	Schema string `json:"$schema,omitempty" jsonschema:"example=https://raw.githubusercontent.com/roadmap-as-code/roadmap/v1/schema/roadmap.schema.json"`
	// The format's version: always 1.
	Version int `json:"version" jsonschema:"required,enum=1"`
	// The target repository, OWNER/NAME. The --repo flag and GITHUB_REPOSITORY take precedence, in that order.
	Repository string `json:"repository,omitempty" jsonschema:"pattern=^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$,example=octo-org/octo-repo"`
	// How the roadmap is applied: the managed label, pruning, adoption by title.
	Settings *Settings `json:"settings,omitempty"`
	// The GitHub project (Projects v2) every issue of the roadmap is an item of; each issue's "fields" sets its values there.
	Project *Project `json:"project,omitempty"`
	// The labels the roadmap declares. On managed issues they are authoritative: added and removed to match. A label not declared here is never touched.
	Labels []Label `json:"labels,omitempty"`
	// The milestones the roadmap declares.
	Milestones []Milestone `json:"milestones,omitempty"`
	// The issues the roadmap manages, each with a stable id.
	Issues []Issue `json:"issues,omitempty"`
}

// Project is a GitHub project (Projects v2), named by its owner and number.
type Project struct {
	// The organization or user that owns the project: OWNER in github.com/orgs/OWNER/projects/N or github.com/users/OWNER/projects/N.
	Owner string `json:"owner" jsonschema:"required,minLength=1,maxLength=39,example=octo-org"`
	// The project's number: N in its URL.
	Number int `json:"number" jsonschema:"required,minimum=1,example=1"`
}

// Settings are how the roadmap is applied.
type Settings struct {
	// The label put on every managed issue, so that reads list only managed issues. No commas: GitHub takes label filters as a comma-separated list.
	ManagedLabel string `json:"managed_label,omitempty" jsonschema:"minLength=1,maxLength=50,pattern=^[^\\,]+$,default=roadmap,example=roadmap"`
	// true closes managed issues that left the roadmap as "not planned"; false, the default, only reports them.
	Prune bool `json:"prune,omitempty" jsonschema:"default=false"`
	// true, the default, lets an entry adopt an existing unmanaged issue whose title matches exactly, when exactly one does.
	AdoptByTitle *bool `json:"adopt_by_title,omitempty" jsonschema:"default=true"`
}

// Label is a GitHub label, matched by name ignoring case.
type Label struct {
	// The label's name, unique ignoring case (GitHub matches label names that way).
	Name string `json:"name" jsonschema:"required,minLength=1,maxLength=50,example=P0-critical"`
	// The label's colour: 6 hex digits without "#". Omitted: not managed.
	Color *string `json:"color,omitempty" jsonschema:"pattern=^[0-9A-Fa-f]{6}$,example=b60205"`
	// What the label means, at most 100 characters. Omitted: not managed; "" clears it.
	Description *string `json:"description,omitempty" jsonschema:"maxLength=100,example=Blocks the milestone"`
	// Makes labels exclusive: an issue carries at most one label of a group (one priority, one sprint).
	Group string `json:"group,omitempty" jsonschema:"minLength=1,example=priority"`
	// Former names: a label found under one of them is renamed in place, keeping it on every issue.
	Aliases []string `json:"aliases,omitempty" jsonschema:"uniqueItems=true"`
}

// Milestone is a GitHub milestone, matched by title.
type Milestone struct {
	// The milestone's title, unique.
	Title string `json:"title" jsonschema:"required,minLength=1,maxLength=256,example=M1: Real-Time Foundation"`
	// What the milestone delivers, as Markdown. Omitted: not managed; "" clears it.
	Description *string `json:"description,omitempty"`
	// The due date, YYYY-MM-DD: a calendar date, compared as a date. Omitted: not managed; null clears it.
	DueOn NullableString `json:"due_on,omitzero" jsonschema:"pattern=^[0-9]{4}-[0-9]{2}-[0-9]{2}$,example=2026-01-16"`
	// "open" or "closed". Omitted: not managed.
	State string `json:"state,omitempty" jsonschema:"enum=open,enum=closed"`
	// Former titles: a milestone found under one of them is renamed.
	Aliases []string `json:"aliases,omitempty" jsonschema:"uniqueItems=true"`
}

// Issue is a GitHub issue the roadmap manages. Its id, not its title, is its identity.
type Issue struct {
	// The issue's stable identity — letters, digits, ".", "_" and "-" — kept in a hidden marker at the end of its body. Changing the title renames the issue; changing the id makes a new one.
	ID string `json:"id" jsonschema:"required,minLength=1,maxLength=64,pattern=^[A-Za-z0-9._-]+$,example=collab-engine"`
	// The issue's title, unique in the roadmap.
	Title string `json:"title" jsonschema:"required,minLength=1,maxLength=256,example=Real-Time Collaboration Engine"`
	// The issue's text, as Markdown. Use body or body_file, not both; with neither, the body is not managed.
	Body *string `json:"body,omitempty"`
	// A Markdown file holding the body, relative to the folder of roadmap.json and inside the repository.
	BodyFile string `json:"body_file,omitempty" jsonschema:"minLength=1,example=.github/roadmap/01-collab-engine.md"`
	// The issue's labels, each declared in the top-level labels. Omitted: not managed; [] removes every declared label.
	Labels []string `json:"labels,omitzero" jsonschema:"uniqueItems=true"`
	// The issue's milestone: the title of a declared milestone. Omitted: not managed; null clears it.
	Milestone NullableString `json:"milestone,omitzero" jsonschema:"minLength=1,example=M1: Real-Time Foundation"`
	// GitHub logins, at most 10. Omitted: not managed; [] clears them.
	Assignees []string `json:"assignees,omitzero" jsonschema:"uniqueItems=true,maxItems=10"`
	// "open" or "closed". Omitted: not managed, so people can close issues when the work is done.
	State string `json:"state,omitempty" jsonschema:"enum=open,enum=closed"`
	// The organization's issue type, such as "Feature" or "Bug". Omitted: not managed; null clears it.
	Type NullableString `json:"type,omitzero" jsonschema:"minLength=1,example=Feature"`
	// The id of the issue this one is a sub-issue of.
	Parent string `json:"parent,omitempty" jsonschema:"pattern=^[A-Za-z0-9._-]+$,example=sprint-0"`
	// The ids of the issues that block this one (GitHub issue dependencies).
	BlockedBy []string `json:"blocked_by,omitempty" jsonschema:"uniqueItems=true"`
	// Adopts the existing issue with this number on the first apply.
	Number int `json:"number,omitempty" jsonschema:"minimum=1,example=161"`
	// Numbers of issues that duplicate this one: they are closed as duplicates of it.
	Duplicates []int `json:"duplicates,omitempty" jsonschema:"uniqueItems=true"`
	// Values of the project's fields for this issue's item, by the project's field names (case does not matter): an option's name for a single select, an iteration's title, "YYYY-MM-DD" for a date, a number, or text. null clears a value; a field left out is not managed, so people move cards freely.
	Fields map[string]FieldValue `json:"fields,omitempty"`
}

// ManagedLabel returns the label every managed issue carries.
func (r *Roadmap) ManagedLabel() string {
	if r.Settings != nil && r.Settings.ManagedLabel != "" {
		return r.Settings.ManagedLabel
	}
	return DefaultManagedLabel
}

// AdoptByTitle reports whether unmanaged issues may be adopted by exact title.
func (r *Roadmap) AdoptByTitle() bool {
	if r.Settings != nil && r.Settings.AdoptByTitle != nil {
		return *r.Settings.AdoptByTitle
	}
	return true
}

// Prune reports whether orphaned managed issues are closed.
func (r *Roadmap) Prune() bool {
	return r.Settings != nil && r.Settings.Prune
}

// Patterns shared by the schema and the semantic checks.
const (
	IDPattern    = `^[A-Za-z0-9._-]+$`
	LoginPattern = `^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$`
)
