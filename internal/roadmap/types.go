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
	// Schema points editors at the JSON Schema of this file, for completion and checking.
	Schema string `json:"$schema,omitempty"`
	// Version of the file format; always 1.
	Version int `json:"version" jsonschema:"required,enum=1"`
	// Repository is the target repository as OWNER/NAME. The --repo flag and GITHUB_REPOSITORY take precedence, in that order.
	Repository string `json:"repository,omitempty" jsonschema:"pattern=^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$"`
	// Settings change how the roadmap is applied.
	Settings *Settings `json:"settings,omitempty"`
	// Labels the roadmap declares. On managed issues they are authoritative: added and removed to match. Labels not declared here are never touched.
	Labels []Label `json:"labels,omitempty"`
	// Milestones the roadmap declares.
	Milestones []Milestone `json:"milestones,omitempty"`
	// Issues the roadmap manages, each with a stable id.
	Issues []Issue `json:"issues,omitempty"`
}

// Settings change how the roadmap is applied.
type Settings struct {
	// ManagedLabel is put on every managed issue so that reads list only managed issues. Default "roadmap". No commas: GitHub takes label filters as a comma-separated list.
	ManagedLabel string `json:"managed_label,omitempty" jsonschema:"minLength=1,maxLength=50,pattern=^[^\\,]+$,default=roadmap"`
	// Prune closes managed issues that left the roadmap as "not planned". Default false: they are only reported.
	Prune bool `json:"prune,omitempty" jsonschema:"default=false"`
	// AdoptByTitle lets an entry adopt an existing unmanaged issue whose title matches exactly, when exactly one does. Default true.
	AdoptByTitle *bool `json:"adopt_by_title,omitempty" jsonschema:"default=true"`
}

// Label is a GitHub label, matched by name ignoring case.
type Label struct {
	// Name of the label, unique ignoring case.
	Name string `json:"name" jsonschema:"required,minLength=1,maxLength=50"`
	// Color as 6 hex digits without "#". Omitted: not managed.
	Color *string `json:"color,omitempty" jsonschema:"pattern=^[0-9A-Fa-f]{6}$"`
	// Description of the label. Omitted: not managed; "" clears it.
	Description *string `json:"description,omitempty" jsonschema:"maxLength=100"`
	// Group makes labels exclusive: an issue carries at most one label of a group (one priority, one sprint).
	Group string `json:"group,omitempty" jsonschema:"minLength=1"`
	// Aliases are former names: a label found under one of them is renamed, keeping it on every issue.
	Aliases []string `json:"aliases,omitempty" jsonschema:"uniqueItems=true"`
}

// Milestone is a GitHub milestone, matched by title.
type Milestone struct {
	// Title of the milestone, unique.
	Title string `json:"title" jsonschema:"required,minLength=1,maxLength=256"`
	// Description of the milestone. Omitted: not managed; "" clears it.
	Description *string `json:"description,omitempty"`
	// DueOn is the due date as YYYY-MM-DD. Omitted: not managed; null clears it.
	DueOn NullableString `json:"due_on,omitzero" jsonschema:"pattern=^[0-9]{4}-[0-9]{2}-[0-9]{2}$"`
	// State of the milestone. Omitted: not managed.
	State string `json:"state,omitempty" jsonschema:"enum=open,enum=closed"`
	// Aliases are former titles: a milestone found under one of them is renamed.
	Aliases []string `json:"aliases,omitempty" jsonschema:"uniqueItems=true"`
}

// Issue is a GitHub issue the roadmap manages. Its id, not its title, is its identity.
type Issue struct {
	// ID is the issue's stable identity, kept in a hidden marker at the end of its body. Changing the title renames the issue; changing the id makes a new one.
	ID string `json:"id" jsonschema:"required,minLength=1,maxLength=64,pattern=^[A-Za-z0-9._-]+$"`
	// Title of the issue, unique in the roadmap.
	Title string `json:"title" jsonschema:"required,minLength=1,maxLength=256"`
	// Body of the issue as Markdown. Use body or body_file, not both. Neither: the body is not managed.
	Body *string `json:"body,omitempty"`
	// BodyFile is a Markdown file holding the body, relative to the folder of roadmap.json and inside the repository.
	BodyFile string `json:"body_file,omitempty" jsonschema:"minLength=1"`
	// Labels of the issue, each declared in the top-level labels. Omitted: not managed; [] removes every declared label.
	Labels []string `json:"labels,omitzero" jsonschema:"uniqueItems=true"`
	// Milestone of the issue, a declared milestone title. Omitted: not managed; null clears it.
	Milestone NullableString `json:"milestone,omitzero" jsonschema:"minLength=1"`
	// Assignees as GitHub logins. Omitted: not managed; [] clears them.
	Assignees []string `json:"assignees,omitzero" jsonschema:"uniqueItems=true,maxItems=10"`
	// State of the issue. Omitted: not managed, so people can close issues when the work is done.
	State string `json:"state,omitempty" jsonschema:"enum=open,enum=closed"`
	// Type is the organization's issue type (e.g. "Feature", "Bug"). Omitted: not managed; null clears it.
	Type NullableString `json:"type,omitzero" jsonschema:"minLength=1"`
	// Parent is the id of the issue this one is a sub-issue of.
	Parent string `json:"parent,omitempty" jsonschema:"pattern=^[A-Za-z0-9._-]+$"`
	// BlockedBy lists ids of issues that block this one (GitHub issue dependencies).
	BlockedBy []string `json:"blocked_by,omitempty" jsonschema:"uniqueItems=true"`
	// Number adopts an existing issue by its number on the first apply.
	Number int `json:"number,omitempty" jsonschema:"minimum=1"`
	// Duplicates lists numbers of issues that duplicate this one; they are closed as duplicates of it.
	Duplicates []int `json:"duplicates,omitempty" jsonschema:"uniqueItems=true"`
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
