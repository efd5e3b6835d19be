// Package plan compares a roadmap with a snapshot of GitHub and says what
// apply would change. It is pure: no I/O, and the same inputs always give the
// same plan, in the same order.
package plan

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// Version of the plan's JSON form.
const Version = 1

// Kinds of object a change is about, in the order apply handles them.
const (
	KindLabel     = "label"
	KindMilestone = "milestone"
	KindIssue     = "issue"
	KindRelation  = "relation"
)

// Actions a change takes.
const (
	ActionCreate = "create"
	ActionUpdate = "update"
	ActionRename = "rename"
	ActionAdopt  = "adopt"
	ActionClose  = "close"
	ActionRelate = "relate"
)

// ManagedLabelColor and ManagedLabelDescription are used when the roadmap
// does not declare its managed label itself.
const (
	ManagedLabelColor       = "ededed"
	ManagedLabelDescription = "Managed by roadmap.json"
)

// Field is one changed field. From is nil for a create; To is nil to clear.
type Field struct {
	Name string
	From any
	To   any
}

// Change is one write apply will send.
type Change struct {
	Kind   string
	Action string
	// Key is the label name, milestone title or issue id the roadmap knows it by.
	Key string
	// Number is the milestone or issue number on GitHub; 0 while it does not exist.
	Number int
	// Title is the issue's title, for people reading the plan.
	Title string
	// Current is the name GitHub knows a label by now, for the PATCH path.
	Current string
	// Fields changed, in a fixed order. For a create, every field it sets.
	Fields []Field
	// Relation changes: Key's issue gets Relation ("parent" or "blocked_by") Target.
	Relation string
	Target   string
	// TargetNumber and TargetTitle name the Target issue for people reading
	// the plan: its number on GitHub (0 while it does not exist) and title.
	TargetNumber int
	TargetTitle  string
	// Closes: the reason (not_planned, duplicate) and for duplicates the id kept.
	StateReason string
	DuplicateOf string
	// Adopted says how an existing issue was matched: "number" or "title".
	AdoptedBy string
	// Project is what a project field change sends; nil for other changes.
	Project *ProjectWrite
}

// Field returns the named field change, if present.
func (c *Change) Field(name string) (Field, bool) {
	for _, f := range c.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Plan is the whole set of changes, and what did not change.
type Plan struct {
	Repository string
	Changes    []Change
	Unchanged  int
	// Warnings a reviewer should read before approving: closes, orphans,
	// adoptions, leftovers.
	Warnings []string
	// Reads is the number of requests the snapshot cost; GraphQLRequests of
	// them were GraphQL queries, which cost GraphQLPoints of GitHub's budget.
	Reads           int
	GraphQLRequests int
	GraphQLPoints   int
	// Forecast is how long apply will take, when the caller knows the pace
	// (Estimate); nil otherwise. Renderers show it.
	Forecast *Forecast
	// Empty says the plan was made against an empty repository (no token).
	Empty bool

	// What apply needs to resolve names to GitHub's numbers and ids; not
	// part of the rendered plan.
	ManagedLabel string
	// Milestones maps a declared milestone title to the number of the
	// milestone that exists for it now.
	Milestones map[string]int
	// Issues maps a roadmap id, and the number of each issue the plan
	// closes, to the GitHub issue that exists for it now.
	Issues map[string]IssueRef
	// Project is the roadmap's project as apply writes it; nil without one.
	Project *ProjectRef
}

// IssueRef is an existing issue, by the numbers apply needs.
type IssueRef struct {
	Number int
	ID     int64
	URL    string
	NodeID string
}

// Summary counts the changes the way the summary line reads them.
type Summary struct {
	Create    int `json:"create"`
	Update    int `json:"update"`
	Close     int `json:"close"`
	Unchanged int `json:"unchanged"`
	// Relate counts new relations (sub-issues, dependencies) apart from
	// Create: a roadmap of 300 issues that each depend on one other is 300
	// creates and 300 relations, not 600 creates.
	Relate int `json:"relate"`
}

// Summary counts creates, updates (including renames and adoptions),
// closes, new relations and unchanged objects.
func (p *Plan) Summary() Summary {
	s := Summary{Unchanged: p.Unchanged}
	for _, c := range p.Changes {
		switch c.Action {
		case ActionRelate:
			s.Relate++
		case ActionCreate:
			s.Create++
		case ActionClose:
			s.Close++
		default:
			s.Update++
		}
	}
	return s
}

// Writes is the number of requests apply will send: one per change, and
// a second for an issue created closed (GitHub creates issues open).
func (p *Plan) Writes() int {
	n := len(p.Changes)
	for _, c := range p.Changes {
		if f, ok := c.Field("state"); ok && c.Action == ActionCreate && f.To == "closed" {
			n++
		}
	}
	return n
}

// SummaryLine is the one line that ends a plan.
func (p *Plan) SummaryLine() string {
	s := p.Summary()
	if len(p.Changes) == 0 {
		return fmt.Sprintf("No changes. %d unchanged.", s.Unchanged)
	}
	line := fmt.Sprintf("Plan: %d to create, %d to update, %d to close, %d unchanged", s.Create, s.Update, s.Close, s.Unchanged)
	switch s.Relate {
	case 0:
		return line + "."
	case 1:
		return line + "; 1 relation to add."
	}
	return fmt.Sprintf("%s; %d relations to add.", line, s.Relate)
}

// Compute compares the roadmap (with its resolved bodies, by issue index)
// with the snapshot. Problems that make a plan impossible — an ambiguous
// title, a number that names a pull request — are returned together as one
// error and no plan.
func Compute(rm *roadmap.Roadmap, bodies []roadmap.Body, snap *state.Snapshot) (*Plan, error) {
	c := &computer{rm: rm, snap: snap, p: &Plan{Repository: snap.Repository, Reads: snap.Reads, GraphQLRequests: snap.GraphQLRequests, GraphQLPoints: snap.GraphQLPoints, Empty: snap.Empty,
		ManagedLabel: rm.ManagedLabel(), Milestones: map[string]int{}, Issues: map[string]IssueRef{}}}
	// Issues are visited in id order everywhere, so the plan is deterministic.
	for i, e := range rm.Issues {
		en := entry{Issue: e}
		if i < len(bodies) {
			en.body = bodies[i]
		}
		c.entries = append(c.entries, en)
	}
	// equivalent mutant CONDITIONALS_BOUNDARY: ids are unique (validation refuses duplicates), and for distinct keys < and <= sort alike.
	sort.SliceStable(c.entries, func(i, j int) bool { return c.entries[i].ID < c.entries[j].ID })
	if c.snap.Renamed != "" {
		c.warnf("%s", c.snap.Renamed)
	}
	c.labels()
	c.milestones()
	c.checkWritable()
	c.issues()
	c.relations()
	c.project()
	c.closes()
	if len(c.errs) > 0 {
		return nil, errors.Join(c.errs...)
	}
	return c.p, nil
}

// entry is a roadmap issue with its resolved body.
type entry struct {
	roadmap.Issue
	body roadmap.Body
}

type computer struct {
	rm      *roadmap.Roadmap
	entries []entry // the roadmap's issues, sorted by id
	snap    *state.Snapshot
	p       *Plan
	errs    []error

	// labelCanon maps a lower-cased name GitHub may hold (declared name or
	// alias) to the declared name it will have after apply.
	labelCanon map[string]string
	// milestoneCanon maps a title GitHub may hold to the title after apply.
	milestoneCanon map[string]string
	// matched maps a roadmap issue id to the GitHub issue it is (nil: new).
	matched   map[string]*state.Issue
	adoptions map[string]string // id → "marker" | "number" | "title"
	adoptNote map[string]string // id → what the adoption warning adds
	// held entries are claimed by several issues of different authors:
	// none of them is changed until the roadmap names one.
	held map[string]bool
	// copies are further issues the tool created for an entry, closed as
	// duplicates of the one it keeps.
	copies map[string][]*state.Issue
}

func (c *computer) errorf(format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf(format, args...))
}

func (c *computer) warnf(format string, args ...any) {
	c.p.Warnings = append(c.p.Warnings, fmt.Sprintf(format, args...))
}

func (c *computer) add(ch Change) { c.p.Changes = append(c.p.Changes, ch) }

func (c *computer) labels() {
	c.labelCanon = map[string]string{}
	existing := map[string]*state.Label{}
	for i := range c.snap.Labels {
		existing[strings.ToLower(c.snap.Labels[i].Name)] = &c.snap.Labels[i]
	}
	declared := slices.Clone(c.rm.Labels)
	managed := c.rm.ManagedLabel()
	implicit := !slices.ContainsFunc(declared, func(l roadmap.Label) bool { return strings.EqualFold(l.Name, managed) })
	if implicit {
		// Undeclared, the managed label is created with defaults and
		// otherwise left as people set it.
		declared = append(declared, roadmap.Label{Name: managed})
	}
	// equivalent mutant CONDITIONALS_BOUNDARY: label names are unique (validation refuses duplicates, ignoring case), and for distinct keys < and <= sort alike.
	sort.SliceStable(declared, func(i, j int) bool { return declared[i].Name < declared[j].Name })
	for _, l := range declared {
		c.labelCanon[strings.ToLower(l.Name)] = l.Name
		for _, a := range l.Aliases {
			c.labelCanon[strings.ToLower(a)] = l.Name
		}
		cur := existing[strings.ToLower(l.Name)]
		if cur == nil {
			for _, a := range l.Aliases {
				if e := existing[strings.ToLower(a)]; e != nil {
					cur = e
					break
				}
			}
		} else {
			for _, a := range l.Aliases {
				if e := existing[strings.ToLower(a)]; e != nil && !strings.EqualFold(a, l.Name) {
					c.warnf("label %q and its old name %q both exist; %q is left as it is — move its issues by hand, then delete it", l.Name, e.Name, e.Name)
				}
			}
		}
		if cur == nil {
			ch := Change{Kind: KindLabel, Action: ActionCreate, Key: l.Name, Fields: []Field{{Name: "name", To: l.Name}}}
			if implicit && strings.EqualFold(l.Name, managed) {
				ch.Fields = append(ch.Fields, Field{Name: "color", To: ManagedLabelColor}, Field{Name: "description", To: ManagedLabelDescription})
			}
			if l.Color != nil {
				ch.Fields = append(ch.Fields, Field{Name: "color", To: strings.ToLower(*l.Color)})
			}
			if l.Description != nil {
				ch.Fields = append(ch.Fields, Field{Name: "description", To: *l.Description})
			}
			c.add(ch)
			continue
		}
		ch := Change{Kind: KindLabel, Action: ActionUpdate, Key: l.Name, Current: cur.Name}
		if cur.Name != l.Name {
			ch.Action = ActionRename
			ch.Fields = append(ch.Fields, Field{Name: "name", From: cur.Name, To: l.Name})
		}
		if l.Color != nil && !strings.EqualFold(*l.Color, cur.Color) {
			ch.Fields = append(ch.Fields, Field{Name: "color", From: cur.Color, To: strings.ToLower(*l.Color)})
		}
		if l.Description != nil && *l.Description != cur.Description {
			ch.Fields = append(ch.Fields, Field{Name: "description", From: cur.Description, To: *l.Description})
		}
		if len(ch.Fields) == 0 {
			c.p.Unchanged++
			continue
		}
		c.add(ch)
	}
}

func (c *computer) milestones() {
	c.milestoneCanon = map[string]string{}
	existing := map[string]*state.Milestone{}
	for i := range c.snap.Milestones {
		existing[c.snap.Milestones[i].Title] = &c.snap.Milestones[i]
	}
	declared := slices.Clone(c.rm.Milestones)
	// equivalent mutant CONDITIONALS_BOUNDARY: milestone titles are unique (validation refuses duplicates), and for distinct keys < and <= sort alike.
	sort.SliceStable(declared, func(i, j int) bool { return declared[i].Title < declared[j].Title })
	for _, m := range declared {
		c.milestoneCanon[m.Title] = m.Title
		for _, a := range m.Aliases {
			c.milestoneCanon[a] = m.Title
		}
		cur := existing[m.Title]
		if cur == nil {
			for _, a := range m.Aliases {
				if e := existing[a]; e != nil {
					cur = e
					break
				}
			}
		}
		if cur == nil {
			ch := Change{Kind: KindMilestone, Action: ActionCreate, Key: m.Title, Fields: []Field{{Name: "title", To: m.Title}}}
			if m.Description != nil {
				ch.Fields = append(ch.Fields, Field{Name: "description", To: *m.Description})
			}
			if m.DueOn.HasValue() {
				ch.Fields = append(ch.Fields, Field{Name: "due_on", To: m.DueOn.Value})
			}
			if m.State != "" {
				ch.Fields = append(ch.Fields, Field{Name: "state", To: m.State})
			}
			c.add(ch)
			continue
		}
		c.p.Milestones[m.Title] = cur.Number
		ch := Change{Kind: KindMilestone, Action: ActionUpdate, Key: m.Title, Number: cur.Number}
		if cur.Title != m.Title {
			ch.Action = ActionRename
			ch.Fields = append(ch.Fields, Field{Name: "title", From: cur.Title, To: m.Title})
		}
		if m.Description != nil && roadmap.NormalizeBody(*m.Description) != roadmap.NormalizeBody(cur.Description) {
			ch.Fields = append(ch.Fields, Field{Name: "description", From: cur.Description, To: *m.Description})
		}
		if m.DueOn.Set {
			// GitHub keeps a Pacific calendar date; compare dates, never times.
			want := m.DueOn.Value
			if want != cur.DueOn {
				ch.Fields = append(ch.Fields, Field{Name: "due_on", From: nilIfEmpty(cur.DueOn), To: nilIfEmpty(want)})
			}
		}
		if m.State != "" && m.State != cur.State {
			ch.Fields = append(ch.Fields, Field{Name: "state", From: cur.State, To: m.State})
		}
		if len(ch.Fields) == 0 {
			c.p.Unchanged++
			continue
		}
		c.add(ch)
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// match finds each roadmap entry's issue: by a believed marker, then by
// explicit number, then by the one exact title among issues written by
// people with write access (or bots). What strangers write never decides:
// their markers are reported and ignored, their titles never adopted.
func (c *computer) match() {
	c.matched = map[string]*state.Issue{}
	c.held = map[string]bool{}
	c.copies = map[string][]*state.Issue{}
	managed := c.rm.ManagedLabel()
	byNumber := map[int]*state.Issue{}
	inRoadmap := map[string]bool{}
	for _, e := range c.rm.Issues {
		inRoadmap[e.ID] = true
	}
	for i := range c.snap.Issues {
		is := &c.snap.Issues[i]
		byNumber[is.Number] = is
		if id, t := is.Claim(managed); t == state.Untrusted && inRoadmap[id] {
			c.warnf("issue #%d %q by %s carries the marker of %q, but its author has no write access to the repository (author_association %s): it is ignored; to adopt it, set \"number\": %d on the entry",
				is.Number, is.Title, is.AuthorName(), id, orNone(is.AuthorAssociation), is.Number)
		}
	}
	taken := map[int]string{}
	claims := state.Claimants(c.snap.Issues, managed)
	for _, en := range c.entries {
		e := en.Issue
		list := claims[e.ID]
		if len(list) == 0 {
			continue
		}
		chosen := list[0]
		if e.Number > 0 {
			// equivalent mutant CONDITIONALS_BOUNDARY: at index 0 the chosen issue is list[0] either way.
			if i := slices.IndexFunc(list, func(is *state.Issue) bool { return is.Number == e.Number }); i >= 0 {
				chosen = list[i]
			} else {
				c.warnf("issue %q: \"number\" says #%d, but #%d carries the entry's marker and stays its issue; remove \"number\", or list #%d in \"duplicates\"",
					e.ID, e.Number, chosen.Number, chosen.Number)
			}
		}
		var others []*state.Issue
		for _, is := range list {
			if is != chosen {
				others = append(others, is)
				taken[is.Number] = e.ID
			}
		}
		switch {
		case len(others) == 0:
		case e.Number == chosen.Number:
			for _, o := range others {
				c.warnf("issue #%d also carries the marker of %q; \"number\" says #%d is its issue, so #%d is left alone — list it in \"duplicates\" to close it",
					o.Number, e.ID, chosen.Number, o.Number)
			}
		case toolCopies(list, managed):
			// One author and the managed label on all: copies the tool
			// made itself (two runs at once, or a create whose answer was
			// lost). The first stays; the others are closed as its duplicates.
			c.copies[e.ID] = others
		default:
			c.held[e.ID] = true
			c.warnf("issues %s all claim roadmap entry %q; #%d keeps it, and none of them is changed until the roadmap says which: set \"number\" on the entry, and list the others in \"duplicates\"",
				describe(list), e.ID, chosen.Number)
		}
		c.matched[e.ID] = chosen
		taken[chosen.Number] = e.ID
		if _, t := chosen.Claim(managed); t == state.Candidate {
			c.adoptedBy(e.ID, "marker")
			c.adoptNote[e.ID] = "marker found in text written by " + chosen.AuthorName()
		}
	}
	for _, en := range c.entries {
		e := en.Issue
		if c.matched[e.ID] != nil || e.Number == 0 {
			continue
		}
		is := byNumber[e.Number]
		switch {
		case is == nil && c.snap.Moved[e.Number] != "":
			c.errorf("issue %q: #%d was moved to %s, another repository; remove \"number\", or name an issue of %s", e.ID, e.Number, c.snap.Moved[e.Number], c.snap.Repository)
		case is == nil:
			c.errorf("issue %q: #%d does not exist in %s (or is a pull request); remove \"number\" or fix it", e.ID, e.Number, c.snap.Repository)
		case taken[is.Number] != "":
			c.errorf("issue %q: #%d is already the issue of %q", e.ID, e.Number, taken[is.Number])
		default:
			// A marker a stranger wrote is text: the adoption replaces it.
			if other, t := is.Claim(managed); t >= state.Candidate && other != e.ID {
				c.errorf("issue %q: #%d carries the marker of %q, which is not in the roadmap; remove \"number\" or the marker", e.ID, e.Number, other)
				continue
			}
			c.matched[e.ID] = is
			taken[is.Number] = e.ID
			c.adoptedBy(e.ID, "number")
		}
	}
	if !c.rm.AdoptByTitle() {
		return
	}
	byTitle := map[string][]*state.Issue{}
	for i := range c.snap.Issues {
		is := &c.snap.Issues[i]
		if _, t := is.Claim(managed); t != state.NoClaim || taken[is.Number] != "" || !is.TrustedAuthor() {
			continue
		}
		byTitle[is.Title] = append(byTitle[is.Title], is)
	}
	for _, en := range c.entries {
		e := en.Issue
		if c.matched[e.ID] != nil || e.Number > 0 {
			continue
		}
		cands := byTitle[e.Title]
		switch len(cands) {
		case 0:
		case 1:
			if taken[cands[0].Number] != "" {
				continue
			}
			c.matched[e.ID] = cands[0]
			taken[cands[0].Number] = e.ID
			c.adoptedBy(e.ID, "title")
		default:
			// Never a reason to stop the whole plan: this entry is created,
			// and the reviewer reads why.
			c.warnf("issue %q: %d issues are titled %q (%s), so none is adopted and a new issue will be created; to adopt one instead, set \"number\" and list the others in \"duplicates\"",
				e.ID, len(cands), e.Title, describe(cands))
		}
	}
}

// toolCopies says every claimant carries the managed label and has one
// author: the copies a tool run leaves, not a person's claim.
func toolCopies(list []*state.Issue, managed string) bool {
	for _, is := range list {
		if _, t := is.Claim(managed); t != state.Trusted || is.Author == "" || !strings.EqualFold(is.Author, list[0].Author) {
			return false
		}
	}
	return true
}

// describe lists issues as "#3 (by @alice), #9 (by @github-actions[bot])", by number.
func describe(list []*state.Issue) string {
	sorted := slices.Clone(list)
	// equivalent mutant CONDITIONALS_BOUNDARY: issue numbers are unique, and for distinct keys < and <= sort alike.
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Number < sorted[j].Number })
	parts := make([]string, len(sorted))
	for i, is := range sorted {
		parts[i] = fmt.Sprintf("#%d (by %s)", is.Number, is.AuthorName())
	}
	return strings.Join(parts, ", ")
}

func orNone(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

func (c *computer) adoptedBy(id, how string) {
	if c.adoptions == nil {
		c.adoptions = map[string]string{}
	}
	if c.adoptNote == nil {
		c.adoptNote = map[string]string{}
	}
	c.adoptions[id] = how
}

func (c *computer) issues() {
	c.match()
	managed := c.rm.ManagedLabel()
	for _, en := range c.entries {
		e, body := en.Issue, en.body
		cur := c.matched[e.ID]
		if cur == nil {
			c.add(c.createIssue(e, body, managed))
			continue
		}
		c.p.Issues[e.ID] = ref(cur)
		if c.held[e.ID] {
			continue
		}
		ch := Change{Kind: KindIssue, Action: ActionUpdate, Key: e.ID, Number: cur.Number, Title: e.Title}
		if how := c.adoptions[e.ID]; how != "" {
			ch.Action = ActionAdopt
			ch.AdoptedBy = how
			why := "matched by " + how
			if note := c.adoptNote[e.ID]; note != "" {
				why = note
			}
			c.warnf("issue #%d %q will be adopted by roadmap entry %q (%s)", cur.Number, cur.Title, e.ID, why)
		}
		if cur.Title != e.Title {
			ch.Fields = append(ch.Fields, Field{Name: "title", From: cur.Title, To: e.Title})
		}
		if newBody, changed := c.issueBody(e, body, cur); changed {
			ch.Fields = append(ch.Fields, Field{Name: "body", From: cur.Body, To: newBody})
		}
		if from, to, changed := c.issueLabels(e, cur, managed); changed {
			ch.Fields = append(ch.Fields, Field{Name: "labels", From: from, To: to})
		}
		if e.Milestone.Set {
			want := c.milestoneCanon[e.Milestone.Value]
			have := c.milestoneCanon[cur.Milestone]
			if have == "" {
				have = cur.Milestone
			}
			if e.Milestone.Null {
				want = ""
			}
			if want != have {
				ch.Fields = append(ch.Fields, Field{Name: "milestone", From: nilIfEmpty(cur.Milestone), To: nilIfEmpty(want)})
			}
		}
		if e.Assignees != nil && !sameFold(e.Assignees, cur.Assignees) {
			ch.Fields = append(ch.Fields, Field{Name: "assignees", From: sortedCopy(cur.Assignees), To: sortedCopy(e.Assignees)})
		}
		if e.Type.Set {
			want := e.Type.Value
			if !strings.EqualFold(want, cur.Type) {
				ch.Fields = append(ch.Fields, Field{Name: "type", From: nilIfEmpty(cur.Type), To: nilIfEmpty(want)})
			}
		}
		if e.State != "" && e.State != cur.State {
			ch.Fields = append(ch.Fields, Field{Name: "state", From: cur.State, To: e.State})
		}
		if len(ch.Fields) == 0 {
			c.p.Unchanged++
			continue
		}
		c.add(ch)
	}
	c.orphans()
}

// ClosedKey is the Plan.Issues key of an issue the plan closes.
func ClosedKey(number int) string { return fmt.Sprintf("#%d", number) }

func ref(is *state.Issue) IssueRef {
	return IssueRef{Number: is.Number, ID: is.ID, URL: is.URL, NodeID: is.NodeID}
}

func (c *computer) createIssue(e roadmap.Issue, body roadmap.Body, managed string) Change {
	ch := Change{Kind: KindIssue, Action: ActionCreate, Key: e.ID, Title: e.Title,
		Fields: []Field{{Name: "title", To: e.Title}, {Name: "body", To: roadmap.ComposeBody(body.Text, e.ID, "")}}}
	labels := []string{managed}
	for _, l := range e.Labels {
		if canon := c.labelCanon[strings.ToLower(l)]; canon != "" && !strings.EqualFold(canon, managed) {
			labels = append(labels, canon)
		}
	}
	ch.Fields = append(ch.Fields, Field{Name: "labels", To: sortedCopy(labels)})
	if e.Milestone.HasValue() {
		ch.Fields = append(ch.Fields, Field{Name: "milestone", To: e.Milestone.Value})
	}
	if len(e.Assignees) > 0 {
		ch.Fields = append(ch.Fields, Field{Name: "assignees", To: sortedCopy(e.Assignees)})
	}
	if e.Type.HasValue() {
		ch.Fields = append(ch.Fields, Field{Name: "type", To: e.Type.Value})
	}
	if e.State == "closed" {
		ch.Fields = append(ch.Fields, Field{Name: "state", To: "closed"})
	}
	return ch
}

// issueBody returns the body GitHub should hold: the roadmap's text (or,
// when the body is unmanaged, what is there now) above the marker, and the
// person's text below it kept as is.
func (c *computer) issueBody(e roadmap.Issue, body roadmap.Body, cur *state.Issue) (string, bool) {
	above, human, hasMarker := roadmap.SplitBody(cur.Body)
	text := body.Text
	if !body.Managed {
		if hasMarker {
			return "", false
		}
		text = cur.Body // adopted with an unmanaged body: keep it, add the marker
	}
	if hasMarker && roadmap.NormalizeBody(above) == roadmap.NormalizeBody(roadmap.CloseFence(text)) {
		if markerID, _ := cur.MarkerID(); markerID == e.ID {
			return "", false
		}
	}
	if !hasMarker {
		human = ""
	}
	return roadmap.ComposeBody(text, e.ID, human), true
}

// issueLabels computes the labels an issue should carry: the declared
// labels the roadmap lists (when it lists them), the managed label, and
// every label the roadmap does not declare, untouched.
func (c *computer) issueLabels(e roadmap.Issue, cur *state.Issue, managed string) (from, to []string, changed bool) {
	var keep []string
	for _, l := range cur.Labels {
		canon, declared := c.labelCanon[strings.ToLower(l)]
		switch {
		case !declared:
			keep = append(keep, l) // not the roadmap's: never touched
		case e.Labels == nil:
			keep = append(keep, canon) // labels unmanaged on this issue
		}
	}
	want := keep
	if !containsFold(want, managed) {
		want = append(want, managed)
	}
	for _, l := range e.Labels {
		if canon := c.labelCanon[strings.ToLower(l)]; canon != "" && !containsFold(want, canon) {
			want = append(want, canon)
		}
	}
	// Renames through aliases happen on the label itself: an issue carrying
	// an old name needs no write of its own.
	have := make([]string, 0, len(cur.Labels))
	for _, l := range cur.Labels {
		if canon := c.labelCanon[strings.ToLower(l)]; canon != "" {
			have = append(have, canon)
		} else {
			have = append(have, l)
		}
	}
	if sameFold(have, want) {
		return nil, nil, false
	}
	return sortedCopy(cur.Labels), sortedCopy(want), true
}

func (c *computer) orphans() {
	inRoadmap := map[string]bool{}
	for _, e := range c.rm.Issues {
		inRoadmap[e.ID] = true
	}
	// Only the roadmap's own issues are orphans: the tool's marker, the
	// managed label, and an author that is a bot or has write access. A
	// stranger's issue that quotes a marker is never closed.
	var orphans []*state.Issue
	for i := range c.snap.Issues {
		is := &c.snap.Issues[i]
		id, t := is.Claim(c.rm.ManagedLabel())
		if t != state.Trusted || inRoadmap[id] {
			continue
		}
		orphans = append(orphans, is)
	}
	// equivalent mutant CONDITIONALS_BOUNDARY: issue numbers are unique, and for distinct keys < and <= sort alike.
	sort.Slice(orphans, func(i, j int) bool { return orphans[i].Number < orphans[j].Number })
	for _, is := range orphans {
		id, _ := is.MarkerID()
		if c.rm.Prune() && is.State == "open" {
			c.warnf("issue #%d %q (%q) left the roadmap and will be closed as not planned", is.Number, is.Title, id)
			c.p.Issues[ClosedKey(is.Number)] = ref(is)
			c.add(Change{Kind: KindIssue, Action: ActionClose, Key: id, Number: is.Number, Title: is.Title, StateReason: "not_planned",
				Fields: []Field{{Name: "state", From: is.State, To: "closed"}}})
			continue
		}
		if is.State == "open" {
			c.warnf("issue #%d %q (%q) left the roadmap; it stays open (set \"prune\": true to close it)", is.Number, is.Title, id)
		}
	}
}

func (c *computer) relations() {
	_, noSubIssues := c.snap.Unsupported[state.FeatureSubIssues]
	_, noDependencies := c.snap.Unsupported[state.FeatureDependencies]
	skippedParents, skippedBlockers := 0, 0
	defer func() {
		if skippedParents > 0 {
			c.warnf("%s skipped: not supported by this GitHub (%s); the rest of the plan is unaffected",
				plural(skippedParents, "parent link"), c.snap.Unsupported[state.FeatureSubIssues])
		}
		if skippedBlockers > 0 {
			c.warnf("%s skipped: not supported by this GitHub (%s); the rest of the plan is unaffected",
				plural(skippedBlockers, "blocked_by link"), c.snap.Unsupported[state.FeatureDependencies])
		}
	}()
	for _, en := range c.entries {
		e := en.Issue
		cur := c.matched[e.ID]
		if c.held[e.ID] {
			continue
		}
		if e.Parent != "" && noSubIssues {
			skippedParents++
		} else if e.Parent != "" && !c.held[e.Parent] {
			parent := c.matched[e.Parent]
			if cur != nil && parent != nil && slices.Contains(c.snap.Relations[parent.Number].SubIssues, cur.Number) {
				c.p.Unchanged++
			} else {
				c.add(c.relate(e, cur, "parent", e.Parent))
			}
		}
		if noDependencies {
			skippedBlockers += len(e.BlockedBy)
			continue
		}
		blockedBy := slices.Clone(e.BlockedBy)
		sort.Strings(blockedBy)
		for _, b := range blockedBy {
			if c.held[b] {
				continue
			}
			blocker := c.matched[b]
			if cur != nil && blocker != nil && slices.Contains(c.snap.Relations[cur.Number].BlockedBy, blocker.Number) {
				c.p.Unchanged++
				continue
			}
			c.add(c.relate(e, cur, "blocked_by", b))
		}
	}
}

func (c *computer) relate(e roadmap.Issue, cur *state.Issue, rel, target string) Change {
	ch := Change{Kind: KindRelation, Action: ActionRelate, Key: e.ID, Title: e.Title, Relation: rel, Target: target,
		Fields: []Field{{Name: rel, To: target}}}
	if cur != nil {
		ch.Number = cur.Number
	}
	if t := c.matched[target]; t != nil {
		ch.TargetNumber = t.Number
	}
	// entries are sorted by id: a binary search keeps 10,000 relations cheap.
	// equivalent mutant CONDITIONALS_BOUNDARY@96: a relation's target is always an entry (validation), so the search finds it before the end.
	if i := sort.Search(len(c.entries), func(i int) bool { return c.entries[i].ID >= target }); i < len(c.entries) && c.entries[i].ID == target {
		ch.TargetTitle = c.entries[i].Title
	}
	return ch
}

func (c *computer) closes() {
	byNumber := map[int]*state.Issue{}
	for i := range c.snap.Issues {
		byNumber[c.snap.Issues[i].Number] = &c.snap.Issues[i]
	}
	for _, en := range c.entries {
		e := en.Issue
		if c.held[e.ID] {
			continue
		}
		kept := c.matched[e.ID]
		for _, is := range c.copies[e.ID] {
			if is.State != "open" {
				continue
			}
			c.warnf("issue #%d %q is a second copy of %q, made by the tool (two runs at once, or an answer GitHub lost); it will be closed as a duplicate of #%d",
				is.Number, is.Title, e.ID, kept.Number)
			c.p.Issues[ClosedKey(is.Number)] = ref(is)
			c.add(Change{Kind: KindIssue, Action: ActionClose, Key: e.ID, Number: is.Number, Title: is.Title, StateReason: "duplicate", DuplicateOf: e.ID,
				Fields: []Field{{Name: "state", From: is.State, To: "closed"}}})
		}
		dups := slices.Clone(en.Duplicates)
		slices.Sort(dups)
		for _, n := range dups {
			is := byNumber[n]
			if is == nil {
				switch {
				case c.snap.Moved[n] != "":
					c.warnf("issue %q lists #%d as a duplicate, but #%d was moved to %s; it is not closed", e.ID, n, n, c.snap.Moved[n])
				case !c.snap.Empty:
					c.warnf("issue %q lists #%d as a duplicate, but #%d does not exist (or is a pull request)", e.ID, n, n)
				}
				continue
			}
			if cur := c.matched[e.ID]; cur != nil && cur.Number == n {
				c.errorf("issue %q: #%d is this entry's own issue and can't be its duplicate", e.ID, n)
				continue
			}
			if is.State == "closed" && is.StateReason == "duplicate" {
				c.p.Unchanged++
				continue
			}
			c.warnf("issue #%d %q will be closed as a duplicate of %q", n, is.Title, e.ID)
			c.p.Issues[ClosedKey(n)] = ref(is)
			c.add(Change{Kind: KindIssue, Action: ActionClose, Key: e.ID, Number: n, Title: is.Title, StateReason: "duplicate", DuplicateOf: e.ID,
				Fields: []Field{{Name: "state", From: is.State, To: "closed"}}})
		}
	}
}

// checkWritable reports, before anything is written, the values GitHub
// would refuse a whole write for: logins it can't assign, and issue types
// the owner does not have (when GitHub could list them).
func (c *computer) checkWritable() {
	for _, en := range c.entries {
		e := en.Issue
		for _, a := range e.Assignees {
			if ok, checked := c.snap.Assignable[strings.ToLower(a)]; checked && !ok {
				c.errorf("issue %q: @%s can't be assigned in %s (GitHub assigns only people with access to the repository); remove the login or give them access",
					e.ID, a, c.snap.Repository)
			}
		}
		if e.Type.HasValue() && c.snap.IssueTypes != nil && !containsFold(c.snap.IssueTypes, e.Type.Value) {
			if len(c.snap.IssueTypes) == 0 {
				c.errorf("issue %q: type %q: the repository's owner has no issue types; remove \"type\" or create the type in the organization's settings", e.ID, e.Type.Value)
				continue
			}
			c.errorf("issue %q: type %q is not an issue type of the repository's owner (%s)%s", e.ID, e.Type.Value,
				strings.Join(c.snap.IssueTypes, ", "), roadmap.DidYouMean(e.Type.Value, c.snap.IssueTypes))
		}
	}
}

func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, s) })
}

func sameFold(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	la, lb := lowerSorted(a), lowerSorted(b)
	return slices.Equal(la, lb)
}

func lowerSorted(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = strings.ToLower(s)
	}
	sort.Strings(out)
	return out
}

func sortedCopy(in []string) []string {
	out := slices.Clone(in)
	if out == nil {
		out = []string{}
	}
	// equivalent mutant CONDITIONALS_BOUNDARY: labels and logins are unique ignoring case (GitHub's rule, and validation's), so no two keys compare equal.
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i]) < strings.ToLower(out[j]) })
	return out
}
