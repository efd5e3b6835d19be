// Package apply sends a plan's changes to GitHub in order — labels,
// milestones, issue creates, issue updates, relations, closes — one write
// per change, and reports what became of each.
//
// It is safe to run again after any interruption: every object it creates
// carries its identity from the first write (a label's or milestone's name,
// an issue's marker and managed label), so the next plan finds it and only
// what is left is sent.
package apply

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// GitHub is the write side of GitHub apply needs; *gh.Client is it.
type GitHub interface {
	CreateLabel(ctx context.Context, name string, color, description *string) error
	UpdateLabel(ctx context.Context, current string, newName, color, description *string) error
	GetLabel(ctx context.Context, name string) (*state.Label, error)
	CreateMilestone(ctx context.Context, f gh.MilestoneFields) (int, string, error)
	UpdateMilestone(ctx context.Context, number int, f gh.MilestoneFields) (string, error)
	FindMilestone(ctx context.Context, title string) (int, error)
	CreateIssue(ctx context.Context, f gh.IssueFields) (state.Issue, error)
	UpdateIssue(ctx context.Context, number int, f gh.IssueFields) (state.Issue, error)
	FindNewIssue(ctx context.Context, label, id string) (*state.Issue, error)
	NewestManaged(ctx context.Context, label string) (map[string]state.Issue, error)
	AddSubIssue(ctx context.Context, parent int, childID int64) error
	AddBlockedBy(ctx context.Context, number int, blockerID int64) error
	ListSubIssues(ctx context.Context, number int) ([]int, error)
	ListBlockedBy(ctx context.Context, number int) ([]int, error)
	Reads() int
	Writes() int
}

// Options tune a run.
type Options struct {
	// Sleep waits between checks of an uncertain create; nil is a real
	// timer. Tests pass one that returns at once.
	Sleep func(ctx context.Context, d time.Duration) error
	// Progress, when set, hears of each result as it happens.
	Progress func(Result)
	// Project writes the project's changes, with the project token; nil
	// leaves them not sent.
	Project ProjectWriter
	// Deadline, when set, is when the run stops sending, so it ends cleanly
	// before the job's time limit with the same resume message as a rate
	// limit; Now is its clock (nil: time.Now).
	Deadline time.Time
	Now      func() time.Time
}

// DefaultActionTimeLimit is how long the action applies before it stops
// and says to run again: GitHub-hosted runners end a job after 6 hours,
// and the rest leaves room for a rate-limit wait (ROADMAP_MAX_WAIT, 10 min
// by default) and the report.
const DefaultActionTimeLimit = 5*time.Hour + 45*time.Minute

// ParseTimeLimit reads ROADMAP_TIME_LIMIT's value, a Go duration such as
// 50m or 5h; "" means def (0: no limit).
func ParseTimeLimit(s string, def time.Duration) (time.Duration, error) {
	if strings.TrimSpace(s) == "" {
		return def, nil
	}
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("ROADMAP_TIME_LIMIT=%q is not a duration like 50m or 5h", s)
	}
	return d, nil
}

// uncertainTries bounds how often a create whose answer was lost is
// checked for and sent again.
const uncertainTries = 3

// Run applies p through c. The report is never nil; the error is non-nil
// only when ctx ended the run. Failed changes are in the report: check
// Report.OK.
func Run(ctx context.Context, p *plan.Plan, c GitHub, opts Options) (*Report, error) {
	r := &runner{
		p: p, c: c, opts: opts,
		rep:        &Report{Repository: p.Repository},
		milestones: map[string]int{},
		issues:     map[string]plan.IssueRef{},
		failed:     map[string]string{},
		parents:    map[string]string{},
		linked:     map[string]bool{},
		// The plan has just read the managed issues: the first look for
		// another run's creates is due after a batch of creates.
		createsLeft: createCheckEvery,
	}
	if r.opts.Sleep == nil {
		r.opts.Sleep = gh.Sleep
	}
	for k, v := range p.Milestones {
		r.milestones[k] = v
	}
	for k, v := range p.Issues {
		r.issues[k] = v
	}
	for _, ch := range p.Changes {
		if ch.Kind == plan.KindRelation && ch.Relation == "parent" {
			r.parents[ch.Key] = ch.Target
		}
	}
	reads0, writes0 := c.Reads(), c.Writes()
	var ctxErr error
	for _, ch := range Ordered(p.Changes) {
		res := Result{Change: ch, Number: ch.Number}
		if r.rep.Stopped == "" && !opts.Deadline.IsZero() && !r.now().Before(opts.Deadline) {
			r.rep.Stopped = "the run reached its time limit (ROADMAP_TIME_LIMIT); run apply again: it resumes where this one stopped"
		}
		switch {
		case r.rep.Stopped != "":
			res.Status, res.Error = StatusSkipped, "not sent: the run stopped first"
		default:
			if dep := r.blockedBy(ch); dep != "" {
				res.Status, res.Error = StatusSkipped, "not sent: "+dep
				break
			}
			err := r.apply(ctx, ch, &res)
			var ue *state.UnsupportedError
			var pe *partialError
			switch {
			case err == nil:
				res.Status = StatusDone
			case errors.As(err, &ue):
				res.Status, res.Error = StatusUnsupported, "not supported by this GitHub: "+ue.Why
			case errors.As(err, &pe):
				res.Status, res.Error = StatusPartial, fmt.Sprintf("%s: %v", Subject(ch), pe)
			case ctx.Err() != nil:
				ctxErr = ctx.Err()
				res.Status, res.Error = StatusSkipped, "not sent: the run was cancelled"
				r.rep.Stopped = "the run was cancelled; run apply again to finish: it resumes where this one stopped"
			default:
				res.Status, res.Error = StatusFailed, fmt.Sprintf("%s: %v", Subject(ch), err)
				var ae *gh.APIError
				switch {
				case errors.As(err, &ae) && ae.RateLimited:
					r.rep.Stopped, r.rep.ResumeAt = rateLimitStop(ae), ae.Reset
				case errors.As(err, &ae) && ae.Forbidden():
					r.rep.Stopped = forbiddenStop(ae)
				}
			}
		}
		if res.Status != StatusDone && res.Status != StatusPartial && res.Status != StatusUnsupported {
			r.failed[failKey(ch)] = res.Error
		}
		r.rep.Results = append(r.rep.Results, res)
		if opts.Progress != nil {
			opts.Progress(res)
		}
	}
	if r.rep.Stopped != "" {
		left := 0
		for _, res := range r.rep.Results {
			if res.Status != StatusDone {
				left++
			}
		}
		r.rep.Stopped = fmt.Sprintf("%s (%d of %d changes not applied)", r.rep.Stopped, left, len(r.rep.Results))
	}
	r.rep.Reads, r.rep.Writes = c.Reads()-reads0, c.Writes()-writes0
	return r.rep, ctxErr
}

func (r *runner) now() time.Time {
	if r.opts.Now != nil {
		return r.opts.Now()
	}
	return time.Now()
}

func rateLimitStop(ae *gh.APIError) string {
	when := "it lifts"
	if !ae.Reset.IsZero() {
		when = ae.Reset.UTC().Format("15:04 UTC")
	}
	return fmt.Sprintf("GitHub's rate limit stopped the run; run apply again after %s: it resumes where this one stopped", when)
}

// forbiddenStop words a refusal that every further write would meet too.
func forbiddenStop(ae *gh.APIError) string {
	if ae.Status == 401 {
		return "GitHub did not accept the token (" + ae.Reason + "); no further write was sent: check GITHUB_TOKEN (the action's token input)"
	}
	return "the token may not write here (" + ae.Reason + "); no further write was sent: give the workflow job " +
		"`permissions: issues: write` (and `contents: read`), or use a token that can edit this repository's issues; " +
		"a pull request from a fork gets a read-only token and can't apply"
}

// Ordered sorts changes the way apply sends them: labels, milestones,
// issue creates, issue updates, relations, closes; the plan's order is kept
// within each.
func Ordered(changes []plan.Change) []plan.Change {
	out := append([]plan.Change(nil), changes...)
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out
}

func rank(c plan.Change) int {
	switch {
	case c.Kind == plan.KindLabel:
		return 0
	case c.Kind == plan.KindMilestone:
		return 1
	case c.Kind == plan.KindIssue && c.Action == plan.ActionCreate:
		return 2
	case c.Kind == plan.KindIssue && c.Action != plan.ActionClose:
		return 3
	case c.Kind == plan.KindRelation:
		return 4
	case c.Kind == plan.KindProjectItem:
		return 5
	case c.Kind == plan.KindProjectField:
		return 6
	}
	return 7
}

// Subject names a change's object the way errors and reports do.
func Subject(c plan.Change) string {
	switch c.Kind {
	case plan.KindLabel:
		return fmt.Sprintf("label %q", c.Key)
	case plan.KindMilestone:
		return fmt.Sprintf("milestone %q", c.Key)
	case plan.KindRelation:
		if c.Relation == "parent" {
			return fmt.Sprintf("issue %q as a sub-issue of %q", c.Key, c.Target)
		}
		return fmt.Sprintf("issue %q blocked by %q", c.Key, c.Target)
	case plan.KindProjectItem:
		return fmt.Sprintf("issue %q on the project", c.Key)
	case plan.KindProjectField:
		return fmt.Sprintf("project field %q of issue %q", c.Target, c.Key)
	}
	if c.Action == plan.ActionClose {
		return fmt.Sprintf("issue #%d", c.Number)
	}
	if c.Number > 0 {
		return fmt.Sprintf("issue #%d %q", c.Number, c.Key)
	}
	return fmt.Sprintf("issue %q", c.Key)
}

type runner struct {
	p    *plan.Plan
	c    GitHub
	opts Options
	rep  *Report

	milestones map[string]int           // title → number, as they come to exist
	issues     map[string]plan.IssueRef // roadmap id (or plan.ClosedKey) → issue
	failed     map[string]string        // failKey → why, for what depends on it
	items      map[string]string        // roadmap id → project item id (projectItems)

	// parents maps a roadmap id to the id of the parent the plan links it
	// to; linked holds the ids whose create made that link already.
	parents map[string]string
	linked  map[string]bool

	// made holds the issues another run made since the plan's read, by
	// roadmap id, read again every createCheckEvery creates.
	made        map[string]state.Issue
	createsLeft int
}

// createCheckEvery is how many issue creates apply sends between two looks
// at the newest managed issues for ones another run made meanwhile.
const createCheckEvery = 10

func failKey(c plan.Change) string {
	switch c.Kind {
	case plan.KindLabel:
		return "label:" + strings.ToLower(c.Key)
	case plan.KindMilestone:
		return "milestone:" + c.Key
	case plan.KindIssue:
		if c.Action == plan.ActionCreate {
			return "issue:" + c.Key
		}
	case plan.KindProjectItem:
		return "project-item:" + c.Key
	}
	return ""
}

// blockedBy names a failed change this one needs, or "".
func (r *runner) blockedBy(c plan.Change) string {
	need := func(key, what string) string {
		if _, bad := r.failed[key]; bad {
			return what + " was not applied"
		}
		return ""
	}
	if f, ok := c.Field("labels"); ok {
		for _, l := range asStrings(f.To) {
			if why := need("label:"+strings.ToLower(l), fmt.Sprintf("label %q", l)); why != "" {
				return why
			}
		}
	}
	if f, ok := c.Field("milestone"); ok {
		if t, ok := f.To.(string); ok {
			if why := need("milestone:"+t, fmt.Sprintf("milestone %q", t)); why != "" {
				return why
			}
		}
	}
	switch {
	case c.Kind == plan.KindRelation:
		for _, id := range []string{c.Key, c.Target} {
			if why := need("issue:"+id, fmt.Sprintf("issue %q", id)); why != "" {
				return why
			}
		}
	case c.DuplicateOf != "":
		return need("issue:"+c.DuplicateOf, fmt.Sprintf("issue %q", c.DuplicateOf))
	case c.Kind == plan.KindProjectItem:
		return need("issue:"+c.Key, fmt.Sprintf("issue %q", c.Key))
	case c.Kind == plan.KindProjectField:
		if why := need("issue:"+c.Key, fmt.Sprintf("issue %q", c.Key)); why != "" {
			return why
		}
		return need("project-item:"+c.Key, fmt.Sprintf("issue %q's item on the project", c.Key))
	}
	return ""
}

func asStrings(v any) []string {
	switch v := v.(type) {
	case []string:
		return v
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func strp(v any) *string {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	return &s
}

func (r *runner) apply(ctx context.Context, c plan.Change, res *Result) error {
	switch c.Kind {
	case plan.KindLabel:
		return r.label(ctx, c)
	case plan.KindMilestone:
		return r.milestone(ctx, c, res)
	case plan.KindRelation:
		return r.relation(ctx, c, res)
	case plan.KindProjectItem:
		return r.projectItem(ctx, c, res)
	case plan.KindProjectField:
		return r.projectField(ctx, c)
	}
	switch c.Action {
	case plan.ActionCreate:
		return r.createIssue(ctx, c, res)
	case plan.ActionClose:
		return r.closeIssue(ctx, c, res)
	}
	return r.updateIssue(ctx, c, res)
}

// uncertain runs a create; when its answer is lost it asks found whether
// it happened anyway before sending it again.
func (r *runner) uncertain(ctx context.Context, send func() error, found func() (bool, error)) error {
	var err error
	for try := 0; try < uncertainTries; try++ {
		// equivalent mutant CONDITIONALS_BOUNDARY: the first try's wait would be of 0 s, which Sleep returns from at once (with ctx's error, as the send would).
		if try > 0 {
			if err := r.opts.Sleep(ctx, time.Duration(try)*time.Second); err != nil {
				return err
			}
		}
		err = send()
		var ae *gh.APIError
		if err == nil || !errors.As(err, &ae) || !ae.Uncertain() || ctx.Err() != nil {
			return err
		}
		ok, ferr := found()
		if ferr != nil {
			return fmt.Errorf("%w (and checking whether it happened failed: %v)", err, ferr)
		}
		if ok {
			return nil
		}
	}
	return err
}

func (r *runner) label(ctx context.Context, c plan.Change) error {
	var name, color, desc *string
	for _, f := range c.Fields {
		switch f.Name {
		case "name":
			name = strp(f.To)
		case "color":
			color = strp(f.To)
		case "description":
			desc = strp(f.To)
		}
	}
	if c.Action == plan.ActionCreate {
		err := r.uncertain(ctx,
			func() error { return r.c.CreateLabel(ctx, c.Key, color, desc) },
			func() (bool, error) { l, err := r.c.GetLabel(ctx, c.Key); return l != nil, err })
		var ae *gh.APIError
		if errors.As(err, &ae) && ae.AlreadyExists() {
			// Another run made it meanwhile: it is there, which is what
			// this change wanted; the next plan adjusts its colour.
			return nil
		}
		return err
	}
	return r.c.UpdateLabel(ctx, c.Current, name, color, desc)
}

func (r *runner) milestone(ctx context.Context, c plan.Change, res *Result) error {
	var f gh.MilestoneFields
	for _, fl := range c.Fields {
		to := strp(fl.To)
		if to == nil {
			empty := ""
			to = &empty
		}
		switch fl.Name {
		case "title":
			f.Title = to
		case "description":
			f.Description = to
		case "due_on":
			f.DueOn = to
		case "state":
			f.State = to
		}
	}
	if c.Action != plan.ActionCreate {
		url, err := r.c.UpdateMilestone(ctx, c.Number, f)
		res.URL = url
		return err
	}
	found := func() (bool, error) {
		n, err := r.c.FindMilestone(ctx, c.Key)
		// equivalent mutant CONDITIONALS_BOUNDARY: storing 0 for "not found" changes nothing: found says false, and the create that follows stores its number.
		if n > 0 {
			r.milestones[c.Key], res.Number = n, n
		}
		return n > 0, err
	}
	err := r.uncertain(ctx,
		func() error {
			n, url, err := r.c.CreateMilestone(ctx, f)
			if err == nil {
				r.milestones[c.Key], res.Number, res.URL = n, n, url
			}
			return err
		}, found)
	var ae *gh.APIError
	if errors.As(err, &ae) && ae.AlreadyExists() {
		// Another run made it meanwhile: use that one.
		if ok, ferr := found(); ferr == nil && ok {
			res.Note = "another run had just created it"
			return nil
		}
	}
	return err
}

// issueFields turns a change's fields into GitHub's, resolving milestone
// titles to numbers.
func (r *runner) issueFields(c plan.Change) (gh.IssueFields, error) {
	out := gh.IssueFields{}
	for _, f := range c.Fields {
		switch f.Name {
		case "milestone":
			if f.To == nil {
				out["milestone"] = nil
				continue
			}
			title, _ := f.To.(string)
			n, ok := r.milestones[title]
			if !ok {
				return nil, fmt.Errorf("milestone %q does not exist", title)
			}
			out["milestone"] = n
		case "state":
			out["state"] = f.To
			if f.To == "closed" {
				out["state_reason"] = "completed"
			}
		case "labels", "assignees":
			out[f.Name] = nonNil(asStrings(f.To))
		default:
			out[f.Name] = f.To
		}
	}
	return out, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (r *runner) remember(c plan.Change, is state.Issue, res *Result) {
	r.issues[c.Key] = plan.IssueRef{Number: is.Number, ID: is.ID, URL: is.URL, NodeID: is.NodeID}
	res.Number, res.URL = is.Number, is.URL
}

func (r *runner) createIssue(ctx context.Context, c plan.Change, res *Result) error {
	f, err := r.issueFields(c)
	if err != nil {
		return err
	}
	// An issue can't be created closed: it is closed by a second write.
	closed := f["state"] == "closed"
	delete(f, "state")
	delete(f, "state_reason")
	if is, ok, err := r.madeByAnotherRun(ctx, c.Key); err != nil || ok {
		if ok {
			r.remember(c, is, res)
			res.Note = fmt.Sprintf("another run had just created it as #%d; nothing was sent", is.Number)
		}
		return err
	}
	// A new issue whose parent exists already is created as its sub-issue in
	// the same write where GitHub can (GraphQL's createIssue with
	// parentIssueId): the link's own write is saved.
	parent := 0
	sc, canLink := r.c.(subIssueCreator)
	if ref, ok := r.issues[r.parents[c.Key]]; ok && canLink && r.parents[c.Key] != "" {
		parent = ref.Number
	}
	var is state.Issue
	refused, err := r.withoutRefused(f, func(f gh.IssueFields) error {
		return r.uncertain(ctx,
			func() error {
				var err error
				// equivalent mutant CONDITIONALS_BOUNDARY: CreateSubIssue answers ErrNeedsREST for #0 (no issue has its node id), and the create goes by REST as without a parent.
				if parent > 0 {
					var linked bool
					is, linked, err = sc.CreateSubIssue(ctx, f, parent)
					if !errors.Is(err, gh.ErrNeedsREST) {
						r.linked[c.Key] = err == nil && linked
						return err
					}
					parent = 0 // REST from now on, retries included
				}
				is, err = r.c.CreateIssue(ctx, f)
				return err
			},
			func() (bool, error) {
				got, err := r.c.FindNewIssue(ctx, r.p.ManagedLabel, c.Key)
				if got != nil {
					is = *got
				}
				return got != nil, err
			})
	})
	if err != nil {
		return err
	}
	r.remember(c, is, res)
	if closed && is.State != "closed" {
		if _, err := r.c.UpdateIssue(ctx, is.Number, gh.IssueFields{"state": "closed", "state_reason": "completed"}); err != nil {
			return err
		}
	}
	return refused
}

// madeByAnotherRun looks, every createCheckEvery creates (the first time
// after the first batch: the plan has just read), at the newest managed
// issues for the one this create would make: two applies at once (a merge
// and a manual run a minute later) would otherwise each create it.
func (r *runner) madeByAnotherRun(ctx context.Context, id string) (state.Issue, bool, error) {
	if r.createsLeft <= 0 {
		made, err := r.c.NewestManaged(ctx, r.p.ManagedLabel)
		if err != nil {
			return state.Issue{}, false, err
		}
		r.made, r.createsLeft = made, createCheckEvery
	}
	r.createsLeft--
	is, ok := r.made[id]
	return is, ok, nil
}

func (r *runner) updateIssue(ctx context.Context, c plan.Change, res *Result) error {
	f, err := r.issueFields(c)
	if err != nil {
		return err
	}
	var is state.Issue
	refused, err := r.withoutRefused(f, func(f gh.IssueFields) error {
		var err error
		is, err = r.c.UpdateIssue(ctx, c.Number, f)
		return err
	})
	if err != nil {
		return err
	}
	r.remember(c, is, res)
	return refused
}

// droppable are the fields of an issue write GitHub may refuse one by one
// (a login it can't assign, a type the owner lacks, a milestone gone
// meanwhile): without them the rest of the write still makes sense.
var droppable = map[string]bool{"assignees": true, "type": true, "milestone": true}

// partialError is a write GitHub took only without some fields.
type partialError struct {
	fields []string
	cause  *gh.APIError
}

func (e *partialError) Error() string {
	return fmt.Sprintf("%s refused (%s); the rest was applied", strings.Join(e.fields, " and "), e.cause.Reason)
}

// withoutRefused sends f; when GitHub refuses it with a 422 naming fields
// that can be dropped, it sends it once more without them, and answers a
// *partialError naming them if that one is taken.
func (r *runner) withoutRefused(f gh.IssueFields, send func(gh.IssueFields) error) (error, error) {
	err := send(f)
	var ae *gh.APIError
	if err == nil || !errors.As(err, &ae) || ae.Status != 422 {
		return nil, err
	}
	var drop []string
	for _, fe := range ae.Fields {
		if _, sent := f[fe.Field]; sent && droppable[fe.Field] && !slices.Contains(drop, fe.Field) {
			drop = append(drop, fe.Field)
		}
	}
	if len(drop) == 0 {
		return nil, err
	}
	rest := gh.IssueFields{}
	for k, v := range f {
		if !slices.Contains(drop, k) {
			rest[k] = v
		}
	}
	if err := send(rest); err != nil {
		return nil, err
	}
	return &partialError{fields: drop, cause: ae}, nil
}

func (r *runner) closeIssue(ctx context.Context, c plan.Change, res *Result) error {
	f := gh.IssueFields{"state": "closed", "state_reason": c.StateReason}
	if c.DuplicateOf != "" {
		kept, ok := r.issues[c.DuplicateOf]
		if !ok {
			return fmt.Errorf("issue %q does not exist to be the one kept", c.DuplicateOf)
		}
		f["duplicate_issue_id"] = kept.ID
	}
	is, err := r.c.UpdateIssue(ctx, c.Number, f)
	if err == nil {
		res.Number, res.URL = is.Number, is.URL
	}
	return err
}

// subIssueCreator is a GitHub that can create an issue as a sub-issue in one
// write; *gh.Client is, where GraphQL can (gh.ErrNeedsREST otherwise).
type subIssueCreator interface {
	CreateSubIssue(ctx context.Context, f gh.IssueFields, parent int) (state.Issue, bool, error)
}

func (r *runner) relation(ctx context.Context, c plan.Change, res *Result) error {
	if c.Relation == "parent" && r.linked[c.Key] {
		res.Note = "linked when the issue was created; nothing more was sent"
		return nil
	}
	issue, ok1 := r.issues[c.Key]
	target, ok2 := r.issues[c.Target]
	if !ok1 || !ok2 {
		return fmt.Errorf("issue %q or %q does not exist", c.Key, c.Target)
	}
	var send func() error
	var found func() (bool, error)
	if c.Relation == "parent" {
		send = func() error { return r.c.AddSubIssue(ctx, target.Number, issue.ID) }
		found = func() (bool, error) { return r.listed(ctx, r.c.ListSubIssues, target.Number, issue.Number) }
	} else {
		send = func() error { return r.c.AddBlockedBy(ctx, issue.Number, target.ID) }
		found = func() (bool, error) { return r.listed(ctx, r.c.ListBlockedBy, issue.Number, target.Number) }
	}
	err := r.uncertain(ctx, send, found)
	var ae *gh.APIError
	if errors.As(err, &ae) && ae.Status == 422 {
		// A relation a lost answer already made is refused as a duplicate:
		// check before calling it a failure.
		if ok, ferr := found(); ferr == nil && ok {
			return nil
		}
	}
	return err
}

func (r *runner) listed(ctx context.Context, list func(context.Context, int) ([]int, error), of, want int) (bool, error) {
	nums, err := list(ctx, of)
	if err != nil {
		return false, err
	}
	for _, n := range nums {
		if n == want {
			return true, nil
		}
	}
	return false, nil
}
