package importer

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// fewSingleReads is how many issues named by number, missing from the
// managed label's list, are read one by one; more cost one full scan.
const fewSingleReads = 10

// Into takes back into the roadmap at opts.RoadmapPath what people changed
// on GitHub since it was written: titles, bodies, labels, milestones,
// assignees, states and types of its issues; parents and blockers; due
// dates, descriptions and states of its milestones; descriptions and
// colors of its labels; new issues carrying the managed label. Every id,
// the order of entries, every body_file path and every key the file leaves
// out stay as they are — an omitted field is added only when GitHub now
// differs from its default (no milestone, no labels, open, …). Entries
// whose issue was transferred away or deleted are removed. Only the bytes
// that change are rewritten.
func Into(ctx context.Context, r state.Reader, opts Options) (*Result, error) {
	loaded, err := roadmap.Load(opts.RoadmapPath, roadmap.Options{})
	if err != nil {
		return nil, err
	}
	if !loaded.Valid() {
		errs, _ := loaded.Diagnostics.Count()
		return nil, fmt.Errorf("%s has %d errors (run \"roadmap validate -f %s\"); fix them before taking GitHub's changes into it", opts.RoadmapPath, errs, opts.RoadmapPath)
	}
	if opts.Repository == "" {
		opts.Repository = loaded.Roadmap.Repository
	}
	t := &taker{opts: &opts, rm: loaded.Roadmap, src: loaded.Source, bodies: loaded.Bodies, ed: newEditor(loaded.Source),
		managed: loaded.Roadmap.ManagedLabel(), dir: filepath.Dir(opts.RoadmapPath), files: map[string][]byte{}}
	start := r.Requests()
	if err := t.read(ctx, r); err != nil {
		return nil, err
	}
	t.canon()
	t.labels()
	t.milestones()
	if err := t.issues(); err != nil {
		return nil, err
	}
	if err := t.newIssues(); err != nil {
		return nil, err
	}
	if err := t.ed.flush(orderFor); err != nil {
		return nil, err
	}
	if err := t.declareMilestones(); err != nil {
		return nil, err
	}
	if err := t.ed.flush(orderFor); err != nil {
		return nil, err
	}
	data := t.ed.apply()

	var files []File
	for _, p := range slices.Sorted(mapsKeys(t.files)) {
		files = append(files, File{Path: filepath.Join(t.dir, filepath.FromSlash(p)), Data: t.files[p]})
	}
	files = append(files, File{Path: opts.RoadmapPath, Data: data})
	res := &Result{Files: files, Notes: t.notes, Taken: t.taken, Issues: len(t.snap.Issues)}
	parsed, err := t.check(data)
	if err != nil {
		return nil, err
	}
	res.Roadmap, res.Diagnostics = parsed.Roadmap, parsed.Diagnostics
	if parsed.Diagnostics.HasErrors() {
		return nil, fmt.Errorf("GitHub's changes would make %s invalid; nothing was written:\n%s", opts.RoadmapPath, parsed.Diagnostics)
	}
	t.snap.Reads = r.Requests() - start
	res.Reads = t.snap.Reads
	res.Plan, res.PlanErr = plan.Compute(parsed.Roadmap, parsed.Bodies, t.snap)
	if string(data) == string(loaded.Source.Data) && len(t.files) == 0 {
		res.Files = nil // nothing changed: nothing to write
	}
	return res, nil
}

func mapsKeys(m map[string][]byte) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// taker takes GitHub's changes into one roadmap.
type taker struct {
	opts    *Options
	rm      *roadmap.Roadmap
	src     *roadmap.Source
	bodies  []roadmap.Body
	ed      *editor
	managed string
	dir     string
	snap    *state.Snapshot

	byNumber map[int]*state.Issue
	claims   map[string][]*state.Issue // believed markers, best first
	matched  []*state.Issue            // by entry index; nil: no issue
	entryOf  map[int]int               // issue number → entry index
	parentOf map[int]int               // child's number → parent's number, among matched issues read
	blockers map[int][]int             // issue number → blockers' numbers
	labelC   map[string]string         // lower-cased name or alias → declared name
	msC      map[string]string         // title or alias → declared title
	newMs    []string                  // milestone titles to declare
	removed  map[int]bool              // entry indexes removed
	files    map[string][]byte         // body files to write, by body_file path
	ids      *ids
	taken    []string
	notes    []string
}

func (t *taker) took(format string, args ...any) {
	t.taken = append(t.taken, fmt.Sprintf(format, args...))
}

func (t *taker) notef(format string, args ...any) {
	t.notes = append(t.notes, fmt.Sprintf(format, args...))
}

// read reads the labels, the milestones and the managed issues; the
// issues entries name by number that the managed list lacks (one by one
// when few, by one scan of all issues otherwise); the duplicates' issues,
// as a plan does; and relations where the summaries say there are some.
func (t *taker) read(ctx context.Context, r state.Reader) error {
	opts := *t.opts
	snap := &state.Snapshot{Repository: opts.Repository, Relations: map[int]state.Relations{}}
	var err error
	if snap.Labels, err = r.ListLabels(ctx); err != nil {
		return err
	}
	if snap.Milestones, err = r.ListMilestones(ctx); err != nil {
		return err
	}
	if snap.Issues, err = r.ListIssues(ctx, t.managed); err != nil {
		return err
	}
	t.opts.progress("read %d issues labelled %q", len(snap.Issues), t.managed)
	t.snap = snap
	t.index()
	var missing []int
	for _, e := range t.rm.Issues {
		if e.Number > 0 && t.byNumber[e.Number] == nil && t.markerMatch(e.ID) == nil {
			missing = append(missing, e.Number)
		}
	}
	if len(missing) > fewSingleReads {
		if snap.Issues, err = r.ListIssues(ctx, ""); err != nil {
			return err
		}
		snap.FullScan = true
		t.opts.progress("read all %d issues", len(snap.Issues))
		t.index()
		missing = nil
	}
	for _, e := range t.rm.Issues {
		missing = append(missing, e.Duplicates...)
	}
	slices.Sort(missing)
	for _, n := range slices.Compact(missing) {
		if t.byNumber[n] != nil || snap.FullScan {
			continue
		}
		is, err := r.GetIssue(ctx, n)
		if err != nil {
			return err
		}
		if is != nil && is.MovedTo == "" {
			snap.Issues = append(snap.Issues, *is)
			t.index()
		}
	}
	// Match, then read relations of matched issues that have some.
	t.match()
	t.parentOf, t.blockers = map[int]int{}, map[int][]int{}
	for _, is := range t.matched {
		if is == nil {
			continue
		}
		if is.SubIssueCount > 0 {
			subs, err := r.ListSubIssues(ctx, is.Number)
			if err != nil {
				return err
			}
			rel := snap.Relations[is.Number]
			rel.SubIssues = subs
			snap.Relations[is.Number] = rel
			for _, c := range subs {
				t.parentOf[c] = is.Number
			}
		}
		if is.BlockedByCount > 0 {
			bl, err := r.ListBlockedBy(ctx, is.Number)
			if err != nil {
				return err
			}
			rel := snap.Relations[is.Number]
			rel.BlockedBy = bl
			snap.Relations[is.Number] = rel
			t.blockers[is.Number] = bl
		}
	}
	return nil
}

func (t *taker) index() {
	t.claims = state.Claimants(t.snap.Issues, t.managed)
	t.byNumber = map[int]*state.Issue{}
	for i := range t.snap.Issues {
		t.byNumber[t.snap.Issues[i].Number] = &t.snap.Issues[i]
	}
}

// markerMatch is the issue whose believed marker names id, the one plans
// choose of several (state.Claimants).
func (t *taker) markerMatch(id string) *state.Issue {
	if list := t.claims[id]; len(list) > 0 {
		return list[0]
	}
	return nil
}

func (t *taker) match() {
	claims := t.claims
	t.matched = make([]*state.Issue, len(t.rm.Issues))
	t.entryOf = map[int]int{}
	for i, e := range t.rm.Issues {
		var is *state.Issue
		if list := claims[e.ID]; len(list) > 0 {
			is = list[0]
		}
		// equivalent mutant CONDITIONALS_BOUNDARY: GitHub numbers issues from 1, so byNumber[0] is nil and an entry without a number stays unmatched either way.
		if is == nil && e.Number > 0 {
			is = t.byNumber[e.Number]
		}
		if is != nil {
			t.matched[i] = is
			t.entryOf[is.Number] = i
		}
	}
}

func (t *taker) canon() {
	t.labelC = map[string]string{}
	for _, l := range t.rm.Labels {
		t.labelC[strings.ToLower(l.Name)] = l.Name
		for _, a := range l.Aliases {
			t.labelC[strings.ToLower(a)] = l.Name
		}
	}
	t.msC = map[string]string{}
	for _, m := range t.rm.Milestones {
		t.msC[m.Title] = m.Title
		for _, a := range m.Aliases {
			t.msC[a] = m.Title
		}
	}
	t.ids = newIDs()
	for _, e := range t.rm.Issues {
		t.ids.reserve(e.ID)
	}
	t.removed = map[int]bool{}
}

// labels takes back hand edits of declared labels' colors and descriptions.
func (t *taker) labels() {
	cur := map[string]state.Label{}
	for _, l := range t.snap.Labels {
		cur[strings.ToLower(l.Name)] = l
	}
	for i, l := range t.rm.Labels {
		gl, ok := cur[strings.ToLower(l.Name)]
		if !ok {
			continue // not created yet, or still under an alias: the plan handles it
		}
		ptr := fmt.Sprintf("/labels/%d", i)
		if l.Color != nil && !strings.EqualFold(*l.Color, gl.Color) {
			t.replace(ptr+"/color", strings.ToLower(gl.Color))
			t.took("label %q: color %s → %s", l.Name, *l.Color, strings.ToLower(gl.Color))
		}
		switch {
		case l.Description != nil && *l.Description != gl.Description:
			t.replace(ptr+"/description", gl.Description)
			t.took("label %q: description %q → %q", l.Name, *l.Description, gl.Description)
		case l.Description == nil && gl.Description != "":
			t.ed.set(ptr, "description", gl.Description)
			t.took("label %q: description %q", l.Name, gl.Description)
		}
	}
}

// milestones takes back due dates, descriptions and states edited by hand.
func (t *taker) milestones() {
	cur := map[string]state.Milestone{}
	for _, m := range t.snap.Milestones {
		cur[m.Title] = m
	}
	for i, m := range t.rm.Milestones {
		gm, ok := cur[m.Title]
		if !ok {
			continue
		}
		ptr := fmt.Sprintf("/milestones/%d", i)
		switch {
		case m.DueOn.Set && m.DueOn.Value != gm.DueOn:
			if gm.DueOn == "" {
				t.replace(ptr+"/due_on", nil)
			} else {
				t.replace(ptr+"/due_on", gm.DueOn)
			}
			t.took("milestone %q: due_on %s → %s", m.Title, orNone(m.DueOn.Value), orNone(gm.DueOn))
		case !m.DueOn.Set && gm.DueOn != "":
			t.ed.set(ptr, "due_on", gm.DueOn)
			t.took("milestone %q: due_on %s", m.Title, gm.DueOn)
		}
		switch {
		case m.Description != nil && roadmap.NormalizeBody(*m.Description) != roadmap.NormalizeBody(gm.Description):
			t.replace(ptr+"/description", gm.Description)
			t.took("milestone %q: description changed", m.Title)
		case m.Description == nil && gm.Description != "":
			t.ed.set(ptr, "description", gm.Description)
			t.took("milestone %q: description added", m.Title)
		}
		switch {
		case m.State != "" && m.State != gm.State:
			t.replace(ptr+"/state", gm.State)
			t.took("milestone %q: %s → %s", m.Title, m.State, gm.State)
		case m.State == "" && gm.State == "closed":
			t.ed.set(ptr, "state", gm.State)
			t.took("milestone %q: closed", m.Title)
		}
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func (t *taker) replace(ptr string, v any) {
	if err := t.ed.replace(ptr, v); err != nil {
		t.notef("could not rewrite %s: %v", ptr, err)
	}
}

// issues takes back the fields of each entry's issue, and removes entries
// whose issue left the repository.
func (t *taker) issues() error {
	for i, e := range t.rm.Issues {
		if t.matched[i] == nil && e.Number > 0 {
			t.removed[i] = true
			t.took("entry %q removed: #%d is no longer an issue of %s (transferred to another repository, or deleted)", e.ID, e.Number, t.opts.Repository)
		}
	}
	for i, e := range t.rm.Issues {
		switch {
		case t.removed[i]:
		case t.matched[i] != nil:
			t.issue(i, e, t.matched[i])
		default:
			t.dropRefs(i, e)
		}
	}
	// equivalent mutant ARITHMETIC_BASE, INVERT_NEGATIVES: starting at len+1 only adds the indexes len+1 and len, which no entry has, so t.removed holds false for them.
	for i := len(t.rm.Issues) - 1; i >= 0; i-- {
		if t.removed[i] {
			t.removeEntry(i)
		}
	}
	return nil
}

// gone says whether id is an entry being removed.
func (t *taker) gone(id string) bool {
	for i, e := range t.rm.Issues {
		if e.ID == id {
			return t.removed[i]
		}
	}
	return false
}

// dropRefs removes, from an entry whose issue does not exist yet, its
// references to removed entries: the roadmap must still validate.
func (t *taker) dropRefs(i int, e roadmap.Issue) {
	ptr := fmt.Sprintf("/issues/%d", i)
	if e.Parent != "" && t.gone(e.Parent) {
		_ = t.ed.remove(ptr, "parent", issueKeys)
	}
	if slices.ContainsFunc(e.BlockedBy, t.gone) {
		t.replace(ptr+"/blocked_by", nonNil(slices.DeleteFunc(slices.Clone(e.BlockedBy), t.gone)))
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// removeEntry cuts entry i out of the issues array with its comma.
func (t *taker) removeEntry(i int) {
	ptr := fmt.Sprintf("/issues/%d", i)
	start, end, _ := t.ed.valueRange(ptr)
	n := len(t.rm.Issues)
	switch {
	case i > 0:
		_, prevEnd, _ := t.ed.valueRange(fmt.Sprintf("/issues/%d", i-1))
		t.ed.add(prevEnd, end, "")
	case i+1 < n:
		next, _, _ := t.ed.valueRange(fmt.Sprintf("/issues/%d", i+1))
		t.ed.add(start, next, "")
	default:
		arrStart, arrEnd, _ := t.ed.valueRange("/issues")
		t.ed.add(arrStart, arrEnd, "[]")
	}
}

func (t *taker) issue(i int, e roadmap.Issue, cur *state.Issue) {
	ptr := fmt.Sprintf("/issues/%d", i)
	who := fmt.Sprintf("%q (#%d)", e.ID, cur.Number)
	if cur.Title != e.Title {
		t.replace(ptr+"/title", cur.Title)
		t.took("%s: title %q → %q", who, e.Title, cur.Title)
	}
	t.body(i, e, cur, ptr, who)

	// Labels: the declared ones only; others are never the roadmap's.
	have := t.declaredLabels(cur)
	if e.Labels != nil {
		var want []string
		for _, l := range e.Labels {
			want = append(want, t.labelC[strings.ToLower(l)])
		}
		if !sameFold(want, have) {
			var next []string
			for k, l := range e.Labels {
				if containsFold(have, want[k]) {
					next = append(next, l)
				}
			}
			for _, l := range have {
				if !containsFold(want, l) {
					next = append(next, l)
				}
			}
			t.replace(ptr+"/labels", nonNil(next))
			t.took("%s: labels %s → %s", who, listOrNone(e.Labels), listOrNone(next))
		}
	} else if len(have) > 0 {
		t.ed.set(ptr, "labels", have)
		t.took("%s: labels %s", who, listOrNone(have))
	}

	curMs := t.milestoneTitle(cur.Milestone)
	switch {
	case e.Milestone.Set && t.msC[e.Milestone.Value] != curMs && !(e.Milestone.Null && curMs == ""):
		if curMs == "" {
			t.replace(ptr+"/milestone", nil)
		} else {
			t.replace(ptr+"/milestone", curMs)
		}
		t.took("%s: milestone %s → %s", who, quoteOrNone(e.Milestone.Value), quoteOrNone(curMs))
	case !e.Milestone.Set && curMs != "":
		t.ed.set(ptr, "milestone", curMs)
		t.took("%s: milestone %q", who, curMs)
	}

	switch {
	case e.Assignees != nil && !sameFold(e.Assignees, cur.Assignees):
		t.replace(ptr+"/assignees", nonNil(slices.Clone(cur.Assignees)))
		t.took("%s: assignees %s → %s", who, listOrNone(e.Assignees), listOrNone(cur.Assignees))
	case e.Assignees == nil && len(cur.Assignees) > 0:
		t.ed.set(ptr, "assignees", slices.Clone(cur.Assignees))
		t.took("%s: assignees %s", who, listOrNone(cur.Assignees))
	}

	switch {
	case e.State != "" && e.State != cur.State:
		t.replace(ptr+"/state", cur.State)
		t.took("%s: %s → %s", who, e.State, cur.State)
	case e.State == "" && cur.State == "closed":
		t.ed.set(ptr, "state", "closed")
		t.took("%s: closed", who)
	}

	switch {
	case e.Type.Set && !strings.EqualFold(e.Type.Value, cur.Type):
		if cur.Type == "" {
			t.replace(ptr+"/type", nil)
		} else {
			t.replace(ptr+"/type", cur.Type)
		}
		t.took("%s: type %s → %s", who, quoteOrNone(e.Type.Value), quoteOrNone(cur.Type))
	case !e.Type.Set && cur.Type != "":
		t.ed.set(ptr, "type", cur.Type)
		t.took("%s: type %q", who, cur.Type)
	}

	t.relations(i, e, cur, ptr, who)
}

// body takes back a managed body edited on GitHub (the part above the
// marker): into the inline string, or into the body file at its path.
func (t *taker) body(i int, e roadmap.Issue, cur *state.Issue, ptr, who string) {
	// equivalent mutant CONDITIONALS_BOUNDARY: roadmap.Load gives a valid roadmap one body per issue (Into refuses an invalid one), so i < len(t.bodies) always and >= and > are both false.
	if i >= len(t.bodies) || !t.bodies[i].Managed {
		return
	}
	above, _, _ := roadmap.SplitBody(cur.Body)
	text := roadmap.NormalizeBody(above)
	if text == roadmap.NormalizeBody(t.bodies[i].Text) {
		return
	}
	if strings.Contains(text, roadmap.MarkerPrefix) {
		t.notef("%s: its body on GitHub holds the text %q of another roadmap marker; not taken back — remove it on GitHub", who, roadmap.MarkerPrefix)
		return
	}
	if e.BodyFile != "" {
		t.files[e.BodyFile] = []byte(text + "\n")
		t.took("%s: body taken into %s", who, e.BodyFile)
		return
	}
	t.replace(ptr+"/body", text)
	t.took("%s: body changed", who)
}

func (t *taker) relations(i int, e roadmap.Issue, cur *state.Issue, ptr, who string) {
	idOf := func(number int) string {
		if k, ok := t.entryOf[number]; ok && !t.removed[k] {
			return t.rm.Issues[k].ID
		}
		return ""
	}
	exists := func(id string) bool {
		for k, o := range t.rm.Issues {
			if o.ID == id {
				return t.matched[k] != nil
			}
		}
		return false
	}
	ghParent := ""
	if p, ok := t.parentOf[cur.Number]; ok {
		ghParent = idOf(p)
	}
	switch {
	case e.Parent != "" && t.gone(e.Parent):
		_ = t.ed.remove(ptr, "parent", issueKeys)
		t.took("%s: parent %q removed with its entry", who, e.Parent)
	case e.Parent != "" && !exists(e.Parent):
		// The parent is still to be created: the plan relates them then.
	case e.Parent != "" && ghParent == "":
		_ = t.ed.remove(ptr, "parent", issueKeys)
		t.took("%s: parent %q removed (GitHub has no such sub-issue link)", who, e.Parent)
	case e.Parent != "" && ghParent != e.Parent:
		t.replace(ptr+"/parent", ghParent)
		t.took("%s: parent %q → %q", who, e.Parent, ghParent)
	case e.Parent == "" && ghParent != "":
		t.ed.set(ptr, "parent", ghParent)
		t.took("%s: parent %q", who, ghParent)
	}

	var gh []string
	for _, n := range t.blockers[cur.Number] {
		if id := idOf(n); id != "" && id != e.ID && !slices.Contains(gh, id) {
			gh = append(gh, id)
		}
	}
	var next []string
	for _, b := range e.BlockedBy {
		if slices.Contains(gh, b) || !exists(b) && !t.gone(b) {
			next = append(next, b)
		}
	}
	for _, b := range gh {
		if !slices.Contains(next, b) {
			next = append(next, b)
		}
	}
	if slices.Equal(next, e.BlockedBy) {
		return
	}
	if e.BlockedBy == nil && !t.ed.has(ptr+"/blocked_by") {
		t.ed.set(ptr, "blocked_by", next)
	} else {
		t.replace(ptr+"/blocked_by", nonNil(next))
	}
	t.took("%s: blocked_by %s → %s", who, listOrNone(e.BlockedBy), listOrNone(next))
}

// newIssues adds an entry for each issue that carries the managed label
// and no entry has: created on GitHub by hand, or by another roadmap's
// apply. An issue closed as not planned — what prune does to an issue
// that left the roadmap — is not brought back.
func (t *taker) newIssues() error {
	var added []any
	for k := range t.snap.Issues {
		is := &t.snap.Issues[k]
		if _, ok := t.entryOf[is.Number]; ok || !is.HasLabel(t.managed) || t.isDuplicate(is.Number) {
			continue
		}
		id := managedID(is, t.managed)
		if id != "" && is.State == "closed" && is.StateReason == "not_planned" {
			t.notef("#%d %q carries the marker of %q, which the roadmap no longer has, and was closed as not planned: left out", is.Number, is.Title, id)
			continue
		}
		if id != "" && t.ids.taken[id] {
			continue // a second copy of an entry's marker: the plan reports it
		}
		text := is.Body
		if id != "" {
			above, _, _ := roadmap.SplitBody(is.Body)
			text = above
			t.ids.reserve(id)
		} else {
			id = t.ids.forTitle(is.Title, is.Number)
		}
		e := t.newEntry(is, id, roadmap.NormalizeBody(text))
		added = append(added, e)
		t.took("new entry %q from #%d %q", id, is.Number, is.Title)
	}
	if len(added) == 0 {
		return nil
	}
	if t.ed.has("/issues") {
		return t.ed.appendElem("/issues", added)
	}
	t.ed.set("", "issues", added)
	return nil
}

func (t *taker) isDuplicate(n int) bool {
	for _, e := range t.rm.Issues {
		if slices.Contains(e.Duplicates, n) {
			return true
		}
	}
	return false
}

func (t *taker) newEntry(is *state.Issue, id, text string) roadmap.Issue {
	e := roadmap.Issue{ID: id, Title: is.Title}
	switch {
	case text == "":
	case strings.Contains(text, roadmap.MarkerPrefix):
		t.notef("#%d %q: its body holds the text %q of another roadmap marker, so its body is left unmanaged", is.Number, is.Title, roadmap.MarkerPrefix)
	case !strings.Contains(text, "\n") && utf8.RuneCountInString(text) <= InlineMax:
		e.Body = &text
	default:
		name := path.Join(t.opts.bodiesDir(), id+".md")
		if _, err := os.Lstat(filepath.Join(t.dir, filepath.FromSlash(name))); err == nil || t.files[name] != nil {
			name = path.Join(t.opts.bodiesDir(), fmt.Sprintf("%s-%d.md", id, is.Number))
		}
		e.BodyFile = name
		t.files[name] = []byte(text + "\n")
	}
	e.Labels = t.declaredLabels(is)
	if ms := t.milestoneTitle(is.Milestone); ms != "" {
		e.Milestone = roadmap.Str(ms)
	}
	if len(is.Assignees) > 0 {
		e.Assignees = slices.Clone(is.Assignees)
	}
	if is.State == "closed" {
		e.State = "closed"
	}
	if is.Type != "" {
		e.Type = roadmap.Str(is.Type)
	}
	if managedID(is, t.managed) == "" {
		e.Number = is.Number
	}
	return e
}

// milestoneTitle is the declared title for a milestone GitHub names,
// declaring it when the roadmap lacks it.
func (t *taker) milestoneTitle(title string) string {
	if title == "" {
		return ""
	}
	if c, ok := t.msC[title]; ok {
		return c
	}
	if !slices.Contains(t.newMs, title) {
		t.newMs = append(t.newMs, title)
	}
	return title
}

func (t *taker) declareMilestones() error {
	if len(t.newMs) == 0 {
		return nil
	}
	var add []any
	for _, title := range t.newMs {
		for _, m := range t.snap.Milestones {
			if m.Title == title {
				add = append(add, importMilestone(m))
				t.took("milestone %q declared (an issue is in it)", title)
			}
		}
	}
	if t.ed.has("/milestones") {
		return t.ed.appendElem("/milestones", add)
	}
	t.ed.set("", "milestones", add)
	return nil
}

func (t *taker) declaredLabels(is *state.Issue) []string {
	var out []string
	for _, l := range is.Labels {
		if strings.EqualFold(l, t.managed) {
			continue
		}
		if c, ok := t.labelC[strings.ToLower(l)]; ok && !containsFold(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// check validates the new file with every body file it names — rewritten
// and new ones from memory, the others from disk — in a temporary folder.
func (t *taker) check(data []byte) (*roadmap.Result, error) {
	tmp, err := os.MkdirTemp("", "roadmap-into-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	first := roadmap.Parse(t.opts.RoadmapPath, data, roadmap.Options{Dir: t.dir})
	if first.Roadmap == nil {
		return first, nil
	}
	for _, e := range first.Roadmap.Issues {
		if e.BodyFile == "" || !filepath.IsLocal(filepath.FromSlash(e.BodyFile)) {
			continue
		}
		content, ok := t.files[e.BodyFile]
		if !ok {
			if content, err = os.ReadFile(filepath.Join(t.dir, filepath.FromSlash(e.BodyFile))); err != nil {
				continue // validation names the missing file
			}
		}
		p := filepath.Join(tmp, filepath.FromSlash(e.BodyFile))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, content, 0o644); err != nil {
			return nil, err
		}
	}
	return roadmap.Parse(t.opts.RoadmapPath, data, roadmap.Options{Dir: tmp, Root: tmp}), nil
}

func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, s) })
}

func sameFold(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !containsFold(b, x) {
			return false
		}
	}
	return true
}

func listOrNone(l []string) string {
	if len(l) == 0 {
		return "none"
	}
	return "[" + strings.Join(l, ", ") + "]"
}

func quoteOrNone(s string) string {
	if s == "" {
		return "none"
	}
	return fmt.Sprintf("%q", s)
}
