package githubfake

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Label is a repository label, as given to AddLabel and as returned by the inspection methods.
type Label struct {
	Name        string
	Color       string // 6 hex digits without '#'; AddLabel defaults it to "ededed"
	Description string // "" is answered as null
	Default     bool   // GitHub's "default" flag: the labels a new repository starts with
	ID          int64  // set by the fake; ignored by AddLabel
}

// Milestone is a milestone, as given to AddMilestone and as returned by the inspection methods.
type Milestone struct {
	Title       string
	Description string // "" is answered as null
	State       string // "open" (default) or "closed"
	DueOn       string // the Pacific date "2026-01-16"; "" = none

	Number       int   // set by the fake; ignored by AddMilestone
	ID           int64 // set by the fake
	OpenIssues   int   // set by the fake: open issues and pull requests in it
	ClosedIssues int   // set by the fake
}

// Issue is an issue or pull request, as given to AddIssue and as returned by the inspection methods.
type Issue struct {
	Title       string
	Body        *string  // nil (or "") = null
	State       string   // "open" (default) or "closed"
	StateReason string   // "" = null; closing defaults it to "completed"
	Labels      []string // names; unknown ones are created (color "ededed")
	Milestone   int      // number; 0 = none
	Assignees   []string // logins
	Type        string   // an issue type of the owner organization (AddIssueTypes); "" = none
	Author      string   // login; "" = "octocat" for AddIssue

	Number      int   // set by the fake; ignored by AddIssue
	ID          int64 // set by the fake; never equal to Number
	PullRequest bool  // set by the fake: a pull request
	Parent      int   // set by the fake: the parent issue's number, 0 = none
	DuplicateOf int   // set by the fake: the issue a duplicate close named (duplicate_issue_id), 0 = none
	Comments    int   // set by the fake: number of comments
}

// Comment is an issue comment, as returned by Comments.
type Comment struct {
	ID     int64
	Issue  int // the issue's number
	Body   string
	Author string // login
}

// Repo is a repository of the fake. Its methods are safe for concurrent use.
type Repo struct {
	f     *Fake
	index int // 1-based
	id    int64
	owner string
	name  string

	created    time.Time
	assoc      map[string]string // lower-case login → author_association
	userOwned  bool              // owned by a user account, not an organization
	formerly   []string          // lower-case "owner/name"s it had before a rename (redirects.go)
	labels     []*label
	milestones []*milestone
	issues     []*issue // issues[n-1] has number n
	nextMile   int
}

type label struct {
	id    int64
	name  string
	color string
	desc  *string
	def   bool
}

type milestone struct {
	id       int64
	number   int
	title    string
	desc     *string
	state    string
	due      string // Pacific date YYYY-MM-DD, "" = none
	creator  string
	created  time.Time
	updated  time.Time
	closedAt time.Time
}

type issue struct {
	repo        *Repo
	id          int64
	number      int
	title       string
	body        *string
	state       string
	stateReason string
	labels      []*label
	milestone   *milestone
	assignees   []string
	typ         *issueType
	author      string
	created     time.Time
	updated     time.Time
	closedAt    time.Time
	closedBy    string

	pr       bool
	mergeSHA string
	mergedAt time.Time

	locked     bool
	lockReason string
	gone       *gone // set when the issue left this number: transferred or deleted (gone.go)

	parent      *issue
	duplicateOf *issue // set by closing with duplicate_issue_id
	subs        []*issue
	blockedBy   []*issue
	comments    []*comment
}

type comment struct {
	id      int64
	issue   *issue
	body    string
	author  string
	created time.Time
	updated time.Time
}

type issueType struct {
	id      int64
	name    string
	desc    *string
	color   string
	created time.Time
}

func strPtr(s string) *string { return &s }

// nonEmpty is nil for "", a pointer to s otherwise.
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (f *Fake) newID() int64 {
	f.nextID++
	return f.nextID
}

// AddRepo adds a repository owned by the organization owner. Its id is 1000+n for the n-th repository.
func (f *Fake) AddRepo(owner, name string) *Repo {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range f.repos {
		if strings.EqualFold(r.owner, owner) && strings.EqualFold(r.name, name) {
			panic(fmt.Sprintf("githubfake: repository %s/%s added twice", owner, name))
		}
	}
	r := &Repo{f: f, index: len(f.repos) + 1, owner: owner, name: name, created: f.now()}
	r.id = int64(1000 + r.index)
	f.repos = append(f.repos, r)
	f.userID(owner)
	return r
}

// ID is the repository's numeric id (the one in /repositories/{id}/… links).
func (r *Repo) ID() int64 { return r.id }

// FullName is "owner/name".
func (r *Repo) FullName() string { return r.owner + "/" + r.name }

// Owner is the owner's login.
func (r *Repo) Owner() string { return r.owner }

// Name is the repository's name.
func (r *Repo) Name() string { return r.name }

// SetAssociation sets login's author_association in the repository: OWNER,
// MEMBER or COLLABORATOR (push access), or CONTRIBUTOR, FIRST_TIMER,
// FIRST_TIME_CONTRIBUTOR, NONE (none). Without it: the repository's owner is
// OWNER, "octocat" (AddIssue's default author) is MEMBER, bots ("…[bot]")
// and everyone else NONE.
func (r *Repo) SetAssociation(login, association string) {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	if r.assoc == nil {
		r.assoc = map[string]string{}
	}
	r.assoc[strings.ToLower(login)] = association
	r.f.userID(login)
}

// association is login's author_association in the repository; f.mu is held.
func (r *Repo) association(login string) string {
	if a, ok := r.assoc[strings.ToLower(login)]; ok {
		return a
	}
	switch {
	case strings.HasSuffix(login, "[bot]"):
		return "NONE"
	case strings.EqualFold(login, r.owner):
		return "OWNER"
	case strings.EqualFold(login, "octocat"):
		return "MEMBER"
	}
	return "NONE"
}

// canWrite says login has push access: an installed app's bot, or an
// OWNER, MEMBER or COLLABORATOR; f.mu is held.
func (r *Repo) canWrite(login string) bool {
	if strings.HasSuffix(login, "[bot]") {
		return true
	}
	switch r.association(login) {
	case "OWNER", "MEMBER", "COLLABORATOR":
		return true
	}
	return false
}

// userID is a stable id for a login; f.mu is held.
func (f *Fake) userID(login string) int64 {
	key := strings.ToLower(login)
	if id, ok := f.users[key]; ok {
		return id
	}
	id := int64(100000 + len(f.users))
	f.users[key] = id
	return id
}

// userType is "Bot", "Organization" or "User"; f.mu is held.
func (f *Fake) userType(login string) string {
	if strings.HasSuffix(login, "[bot]") {
		return "Bot"
	}
	for _, r := range f.repos {
		if strings.EqualFold(r.owner, login) && !r.userOwned {
			return "Organization"
		}
	}
	return "User"
}

// --- labels

func (r *Repo) findLabel(name string) *label {
	for _, l := range r.labels {
		if strings.EqualFold(l.name, name) {
			return l
		}
	}
	return nil
}

func (r *Repo) newLabel(name, color string, desc *string, def bool) *label {
	l := &label{id: r.f.newID(), name: name, color: color, desc: desc, def: def}
	r.labels = append(r.labels, l)
	return l
}

// labelOrCreate finds a label ignoring case, creating it with color ededed when there is none, as
// GitHub does for labels given to an issue.
func (r *Repo) labelOrCreate(name string) *label {
	if l := r.findLabel(name); l != nil {
		return l
	}
	return r.newLabel(name, "ededed", nil, false)
}

// AddLabel adds a label. It panics if a label of that name (ignoring case) exists.
func (r *Repo) AddLabel(l Label) {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	if r.findLabel(l.Name) != nil {
		panic(fmt.Sprintf("githubfake: label %q exists in %s", l.Name, r.FullName()))
	}
	color := l.Color
	if color == "" {
		color = "ededed"
	}
	r.newLabel(l.Name, color, nonEmpty(l.Description), l.Default)
}

// DefaultLabels are the labels GitHub gives a new repository (as recorded in @octokit/fixtures).
var DefaultLabels = []Label{
	{Name: "bug", Color: "d73a4a", Description: "Something isn't working", Default: true},
	{Name: "documentation", Color: "0075ca", Description: "Improvements or additions to documentation", Default: true},
	{Name: "duplicate", Color: "cfd3d7", Description: "This issue or pull request already exists", Default: true},
	{Name: "enhancement", Color: "a2eeef", Description: "New feature or request", Default: true},
	{Name: "good first issue", Color: "7057ff", Description: "Good for newcomers", Default: true},
	{Name: "help wanted", Color: "008672", Description: "Extra attention is needed", Default: true},
	{Name: "invalid", Color: "e4e669", Description: "This doesn't seem right", Default: true},
	{Name: "question", Color: "d876e3", Description: "Further information is requested", Default: true},
	{Name: "wontfix", Color: "ffffff", Description: "This will not be worked on", Default: true},
}

// AddDefaultLabels adds DefaultLabels, the labels GitHub gives a new repository.
func (r *Repo) AddDefaultLabels() {
	for _, l := range DefaultLabels {
		r.AddLabel(l)
	}
}

func (l *label) export() Label {
	d := ""
	if l.desc != nil {
		d = *l.desc
	}
	return Label{Name: l.name, Color: l.color, Description: d, Default: l.def, ID: l.id}
}

// Labels returns the repository's labels in creation order.
func (r *Repo) Labels() []Label {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	out := make([]Label, 0, len(r.labels))
	for _, l := range r.labels {
		out = append(out, l.export())
	}
	return out
}

// Label returns the label named name, ignoring case.
func (r *Repo) Label(name string) (Label, bool) {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	if l := r.findLabel(name); l != nil {
		return l.export(), true
	}
	return Label{}, false
}

// --- milestones

func (r *Repo) findMilestone(number int) *milestone {
	for _, m := range r.milestones {
		if m.number == number {
			return m
		}
	}
	return nil
}

func (r *Repo) findMilestoneTitle(title string) *milestone {
	for _, m := range r.milestones {
		if m.title == title {
			return m
		}
	}
	return nil
}

func (r *Repo) newMilestone(title string, desc *string, state, due, creator string, now time.Time) *milestone {
	r.nextMile++
	m := &milestone{id: r.f.newID(), number: r.nextMile, title: title, desc: desc, state: state, due: due,
		creator: creator, created: now, updated: now}
	if state == "closed" {
		m.closedAt = now
	}
	r.milestones = append(r.milestones, m)
	return m
}

// AddMilestone adds a milestone and returns its number. DueOn is the Pacific date "YYYY-MM-DD".
// It panics on a duplicate title or a malformed DueOn.
func (r *Repo) AddMilestone(m Milestone) int {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	if r.findMilestoneTitle(m.Title) != nil {
		panic(fmt.Sprintf("githubfake: milestone %q exists in %s", m.Title, r.FullName()))
	}
	if m.DueOn != "" {
		if _, err := time.Parse("2006-01-02", m.DueOn); err != nil {
			panic(fmt.Sprintf("githubfake: milestone %q: DueOn %q is not YYYY-MM-DD", m.Title, m.DueOn))
		}
	}
	state := m.State
	if state == "" {
		state = "open"
	}
	if state != "open" && state != "closed" {
		panic(fmt.Sprintf("githubfake: milestone %q: state %q", m.Title, m.State))
	}
	return r.newMilestone(m.Title, nonEmpty(m.Description), state, m.DueOn, r.owner, r.f.now()).number
}

func (r *Repo) milestoneCounts(m *milestone) (open, closed int) {
	for _, is := range r.issues {
		if is.milestone == m {
			if is.state == "open" {
				open++
			} else {
				closed++
			}
		}
	}
	return open, closed
}

func (r *Repo) exportMilestone(m *milestone) Milestone {
	d := ""
	if m.desc != nil {
		d = *m.desc
	}
	o, c := r.milestoneCounts(m)
	return Milestone{Title: m.title, Description: d, State: m.state, DueOn: m.due, Number: m.number, ID: m.id,
		OpenIssues: o, ClosedIssues: c}
}

// Milestones returns the repository's milestones, by number.
func (r *Repo) Milestones() []Milestone {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	out := make([]Milestone, 0, len(r.milestones))
	for _, m := range r.milestones {
		out = append(out, r.exportMilestone(m))
	}
	return out
}

// Milestone returns the milestone with that number.
func (r *Repo) Milestone(number int) (Milestone, bool) {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	if m := r.findMilestone(number); m != nil {
		return r.exportMilestone(m), true
	}
	return Milestone{}, false
}

// --- issue types

// AddIssueTypes adds issue types to the repository's owner organization (GET /orgs/{org}/issue-types).
// Bug, Feature and Task get GitHub's default descriptions and colors.
func (r *Repo) AddIssueTypes(names ...string) {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	key := strings.ToLower(r.owner)
	for _, n := range names {
		if r.f.findIssueType(r.owner, n) != nil {
			continue
		}
		t := &issueType{id: r.f.newID(), name: n, color: "gray", created: r.f.now()}
		switch strings.ToLower(n) {
		case "task":
			t.desc, t.color = strPtr("A specific piece of work"), "yellow"
		case "bug":
			t.desc, t.color = strPtr("An unexpected problem or behavior"), "red"
		case "feature":
			t.desc, t.color = strPtr("A request, idea, or new functionality"), "blue"
		}
		r.f.issueTypes[key] = append(r.f.issueTypes[key], t)
	}
}

func (f *Fake) findIssueType(org, name string) *issueType {
	for _, t := range f.issueTypes[strings.ToLower(org)] {
		if strings.EqualFold(t.name, name) {
			return t
		}
	}
	return nil
}

// --- issues

func (r *Repo) findIssue(number int) *issue {
	if number < 1 || number > len(r.issues) || r.issues[number-1].gone != nil {
		return nil
	}
	return r.issues[number-1]
}

// findIssueByID looks an issue up by its id in every repository; f.mu is held.
func (f *Fake) findIssueByID(id int64) *issue {
	for _, r := range f.repos {
		for _, is := range r.issues {
			if is.gone == nil && is.id == id {
				return is
			}
		}
	}
	return nil
}

func (r *Repo) newIssue(title string, author string, now time.Time) *issue {
	n := len(r.issues) + 1
	is := &issue{repo: r, id: int64(n) + 1_000_000*int64(r.index), number: n, title: title, state: "open",
		author: author, created: now, updated: now}
	r.issues = append(r.issues, is)
	r.f.userID(author)
	return is
}

// AddIssue adds an issue and returns its number. Labels that don't exist are created; Milestone must
// be a milestone's number and Type one of the organization's issue types, or AddIssue panics.
func (r *Repo) AddIssue(in Issue) int {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	now := r.f.now()
	author := in.Author
	if author == "" {
		author = "octocat"
	}
	var ms *milestone
	if in.Milestone != 0 {
		if ms = r.findMilestone(in.Milestone); ms == nil {
			panic(fmt.Sprintf("githubfake: issue %q: no milestone %d in %s", in.Title, in.Milestone, r.FullName()))
		}
	}
	var typ *issueType
	if in.Type != "" {
		if typ = r.f.findIssueType(r.owner, in.Type); typ == nil {
			panic(fmt.Sprintf("githubfake: issue %q: %s has no issue type %q (AddIssueTypes)", in.Title, r.owner, in.Type))
		}
	}
	is := r.newIssue(in.Title, author, now)
	if in.Body != nil {
		is.body = nonEmpty(*in.Body)
	}
	is.milestone, is.typ = ms, typ
	for _, name := range in.Labels {
		is.addLabel(r.labelOrCreate(name))
	}
	is.assignees = append([]string(nil), in.Assignees...)
	for _, a := range is.assignees {
		r.f.userID(a)
	}
	switch in.State {
	case "", "open":
		if in.StateReason == "reopened" {
			is.stateReason = "reopened"
		}
	case "closed":
		is.state, is.closedAt, is.closedBy = "closed", now, author
		is.stateReason = in.StateReason
		if is.stateReason == "" {
			is.stateReason = "completed"
		}
	default:
		panic(fmt.Sprintf("githubfake: issue %q: state %q", in.Title, in.State))
	}
	return is.number
}

// AddPullRequest adds an open pull request. Pull requests share the issue numbers and are listed by
// GET …/issues with a "pull_request" key.
func (r *Repo) AddPullRequest(title string) int {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	is := r.newIssue(title, "octocat", r.f.now())
	is.pr = true
	return is.number
}

// AddMergedPullRequest adds a merged (closed) pull request whose merge commit is mergeSHA, so that
// GET …/commits/{mergeSHA}/pulls finds it.
func (r *Repo) AddMergedPullRequest(title, mergeSHA string) int {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	now := r.f.now()
	is := r.newIssue(title, "octocat", now)
	is.pr, is.mergeSHA, is.mergedAt = true, mergeSHA, now
	is.state, is.closedAt, is.closedBy = "closed", now, "octocat"
	return is.number
}

// AddComment adds a comment to issue (or pull request) number and returns its id. An empty author is
// Actor (github-actions[bot]). It panics if there is no such issue.
func (r *Repo) AddComment(number int, author, body string) int64 {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	is := r.findIssue(number)
	if is == nil {
		panic(fmt.Sprintf("githubfake: no issue %d in %s", number, r.FullName()))
	}
	if author == "" {
		author = Actor
	}
	return r.f.newComment(is, author, body, r.f.now()).id
}

func (f *Fake) newComment(is *issue, author, body string, now time.Time) *comment {
	c := &comment{id: f.newID() + 9_000_000_000, issue: is, body: body, author: author, created: now, updated: now}
	is.comments = append(is.comments, c)
	f.userID(author)
	return c
}

// findComment looks a comment up by id in the repository; f.mu is held.
func (r *Repo) findComment(id int64) *comment {
	for _, is := range r.issues {
		for _, c := range is.comments {
			if c.id == id {
				return c
			}
		}
	}
	return nil
}

// SetMilestone puts issue or pull request number into milestone (seeding; panics on unknown
// numbers). GitHub's milestone counts include pull requests, in REST and GraphQL alike.
func (r *Repo) SetMilestone(number, milestone int) {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	is, m := r.findIssue(number), r.findMilestone(milestone)
	if is == nil || m == nil {
		panic(fmt.Sprintf("githubfake: SetMilestone(%d, %d) in %s", number, milestone, r.FullName()))
	}
	is.milestone = m
}

// SetParent makes child a sub-issue of parent (seeding; panics on unknown numbers or a second parent).
func (r *Repo) SetParent(child, parent int) {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	c, p := r.findIssue(child), r.findIssue(parent)
	if c == nil || p == nil || c == p || c.parent != nil {
		panic(fmt.Sprintf("githubfake: SetParent(%d, %d) in %s", child, parent, r.FullName()))
	}
	c.parent = p
	p.subs = append(p.subs, c)
}

// AddBlockedBy records that issue number is blocked by issue blocker (seeding; panics on unknown
// numbers, self or a duplicate).
func (r *Repo) AddBlockedBy(number, blocker int) {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	is, b := r.findIssue(number), r.findIssue(blocker)
	if is == nil || b == nil || is == b || containsIssue(is.blockedBy, b) {
		panic(fmt.Sprintf("githubfake: AddBlockedBy(%d, %d) in %s", number, blocker, r.FullName()))
	}
	is.blockedBy = append(is.blockedBy, b)
}

func containsIssue(list []*issue, x *issue) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}

func (is *issue) addLabel(l *label) {
	for _, have := range is.labels {
		if have == l {
			return
		}
	}
	is.labels = append(is.labels, l)
}

func (is *issue) export() Issue {
	out := Issue{
		Title: is.title, State: is.state, StateReason: is.stateReason, Author: is.author,
		Number: is.number, ID: is.id, PullRequest: is.pr, Comments: len(is.comments),
		Assignees: append([]string{}, is.assignees...), Labels: []string{},
	}
	if is.body != nil {
		out.Body = strPtr(*is.body)
	}
	for _, l := range is.labels {
		out.Labels = append(out.Labels, l.name)
	}
	if is.milestone != nil {
		out.Milestone = is.milestone.number
	}
	if is.typ != nil {
		out.Type = is.typ.name
	}
	if is.parent != nil {
		out.Parent = is.parent.number
	}
	if is.duplicateOf != nil {
		out.DuplicateOf = is.duplicateOf.number
	}
	return out
}

// Issues returns the repository's issues and pull requests, by number.
func (r *Repo) Issues() []Issue {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	out := make([]Issue, 0, len(r.issues))
	for _, is := range r.issues {
		if is.gone == nil {
			out = append(out, is.export())
		}
	}
	return out
}

// Issue returns issue (or pull request) number; the zero Issue (Number 0) if there is none.
func (r *Repo) Issue(number int) Issue {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	if is := r.findIssue(number); is != nil {
		return is.export()
	}
	return Issue{}
}

// Comments returns the comments of issue number, oldest first.
func (r *Repo) Comments(number int) []Comment {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	is := r.findIssue(number)
	if is == nil {
		return nil
	}
	out := make([]Comment, 0, len(is.comments))
	for _, c := range is.comments {
		out = append(out, Comment{ID: c.id, Issue: is.number, Body: c.body, Author: c.author})
	}
	return out
}

func numbers(list []*issue) []int {
	out := make([]int, 0, len(list))
	for _, is := range list {
		out = append(out, is.number)
	}
	return out
}

// SubIssues returns the numbers of issue number's sub-issues, in the order they were added.
func (r *Repo) SubIssues(number int) []int {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	if is := r.findIssue(number); is != nil {
		return numbers(is.subs)
	}
	return nil
}

// BlockedBy returns the numbers of the issues that block issue number, in the order they were added.
func (r *Repo) BlockedBy(number int) []int {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	if is := r.findIssue(number); is != nil {
		return numbers(is.blockedBy)
	}
	return nil
}

// blocking lists the issues that is blocks; f.mu is held.
func (f *Fake) blocking(is *issue) []*issue {
	var out []*issue
	for _, r := range f.repos {
		for _, other := range r.issues {
			if containsIssue(other.blockedBy, is) {
				out = append(out, other)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}
