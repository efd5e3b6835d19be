package roadmap

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// checker applies the rules the schema can't express: references, uniqueness,
// cycles, label groups, body files and GitHub's limits.
type checker struct {
	index     *gitIndex // nil: not a git checkout, or not read yet
	indexRead bool
	src       *Source
	rm        *Roadmap
	opts      Options
	diags     []Diagnostic
	bodies    []Body

	labelByName     map[string]int // lower-case name → index
	labelByAlias    map[string]int // lower-case alias → index
	milestoneByName map[string]int
	milestoneAlias  map[string]int
	issueByID       map[string]int
	labelUsed       []bool
	milestoneUsed   []bool

	// Uses of undeclared labels and milestones that look like typos of a
	// declared one, kept until every use is known: when the declaration
	// is the typo, it is reported once, there.
	typoUses []typoUse
	// labelRealUse and milestoneRealUse count uses spelled as declared.
	labelRealUse, milestoneRealUse []int
}

// typoUse is one use of an undeclared name close to a declared one.
type typoUse struct {
	ptr, name string
	milestone bool
	decl      int // index of the declaration it is close to
}

func (c *checker) report(sev Severity, ptr string, key bool, kind, format string, args ...any) {
	d := c.src.diag(c.src.nearest(ptr, key), sev, kind, fmt.Sprintf(format, args...))
	d.pointer = ptr
	c.diags = append(c.diags, d)
}

func (c *checker) errorf(ptr, kind, format string, args ...any) {
	c.report(SeverityError, ptr, false, kind, format, args...)
}

func (c *checker) warnf(ptr, kind, format string, args ...any) {
	c.report(SeverityWarning, ptr, false, kind, format, args...)
}

// where names the line of another entry, for "also at line N" hints.
func (c *checker) where(ptr string) string {
	line, col := c.src.Position(c.src.nearest(ptr, false))
	return fmt.Sprintf("line %d, column %d", line, col)
}

func (c *checker) check() {
	c.checkSettings()
	c.checkLabels()
	c.checkMilestones()
	c.checkIssues()
	c.checkTypoUses()
	c.checkCycles()
	c.checkGitHubLimits()
	c.checkProject()
	c.checkUnused()
}

// checkTrimmed rejects names with white space at either end: GitHub strips
// it, so the name read back would never equal the roadmap's and every plan
// would show a change.
func (c *checker) checkTrimmed(ptr, what, v string) {
	if v != "" && strings.TrimSpace(v) != v {
		if strings.TrimSpace(v) == "" {
			c.errorf(ptr, "blank", "%s is only white space", what)
		} else {
			c.errorf(ptr, "blank", "%s %q has white space at its start or end, which GitHub strips; remove it", what, v)
		}
	}
}

// checkLabelName is checkTrimmed for a label name, which also must not
// hold line breaks or other control characters.
func (c *checker) checkLabelName(ptr, what, v string) {
	c.checkTrimmed(ptr, what, v)
	if p := controlProblem(strings.TrimSpace(v)); p != "" {
		c.errorf(ptr, "label-name", "%s %q %s", what, v, p)
	}
}

func (c *checker) checkSettings() {
	if c.rm.Repository != "" {
		if _, _, err := ParseRepository(c.rm.Repository); err != nil {
			c.errorf("/repository", "repository", "%v", err)
		}
	}
	if c.rm.Settings != nil {
		c.checkLabelName("/settings/managed_label", "managed_label", c.rm.Settings.ManagedLabel)
	}
}

// checkWholeNumber rejects 1.0 and 1e2: JSON Schema counts them as integers,
// but they are not how anyone writes an issue number, and Go can't read them
// into one.
func (c *checker) checkWholeNumber(ptr string) {
	raw := c.src.rawValue(ptr)
	if raw == "" || raw[0] == '"' {
		return
	}
	if strings.ContainsAny(raw, ".eE") {
		c.errorf(ptr, "schema", "issue number %s must be written as a plain whole number", raw)
	} else if n, err := strconv.Atoi(raw); err != nil || n > 1<<31-1 {
		c.errorf(ptr, "schema", "issue number %s is too large", raw)
	}
}

func (c *checker) checkLabels() {
	c.labelByName = map[string]int{}
	c.labelByAlias = map[string]int{}
	c.labelUsed = make([]bool, len(c.rm.Labels))
	c.labelRealUse = make([]int, len(c.rm.Labels))
	for i, l := range c.rm.Labels {
		ptr := fmt.Sprintf("/labels/%d/name", i)
		if l.Name == "" {
			continue
		}
		c.checkLabelName(ptr, "label name", l.Name)
		k := strings.ToLower(l.Name)
		if j, dup := c.labelByName[k]; dup {
			c.errorf(ptr, "duplicate-label", "label %q is declared twice (also at %s as %q); GitHub label names ignore case",
				l.Name, c.where(fmt.Sprintf("/labels/%d/name", j)), c.rm.Labels[j].Name)
			c.labelUsed[i] = true // one finding per mistake: no "unused" on top
			continue
		}
		c.labelByName[k] = i
	}
	for i, l := range c.rm.Labels {
		for j, a := range l.Aliases {
			ptr := fmt.Sprintf("/labels/%d/aliases/%d", i, j)
			k := strings.ToLower(a)
			c.checkLabelName(ptr, "alias", a)
			if a == l.Name {
				c.errorf(ptr, "duplicate-label", "alias %q is the label's own name; remove it", a)
				continue
			}
			if strings.EqualFold(a, c.rm.ManagedLabel()) {
				c.errorf(ptr, "duplicate-label", "alias %q is the managed label: renaming it would hide every managed issue from the next run", a)
				continue
			}
			if owner, ok := c.labelByName[k]; ok && owner != i {
				c.errorf(ptr, "duplicate-label", "alias %q is the name of another label declared at %s; a label can't be renamed onto another",
					a, c.where(fmt.Sprintf("/labels/%d/name", owner)))
				continue
			}
			if owner, ok := c.labelByAlias[k]; ok && owner != i {
				c.errorf(ptr, "duplicate-label", "alias %q is also an alias of label %q; an old name can become only one label",
					a, c.rm.Labels[owner].Name)
				continue
			}
			c.labelByAlias[k] = i
		}
	}
}

func (c *checker) checkMilestones() {
	c.milestoneByName = map[string]int{}
	c.milestoneAlias = map[string]int{}
	c.milestoneUsed = make([]bool, len(c.rm.Milestones))
	c.milestoneRealUse = make([]int, len(c.rm.Milestones))
	for i, m := range c.rm.Milestones {
		ptr := fmt.Sprintf("/milestones/%d/title", i)
		if m.Title == "" {
			continue
		}
		c.checkTrimmed(ptr, "milestone title", m.Title)
		if j, dup := c.milestoneByName[m.Title]; dup {
			c.errorf(ptr, "duplicate-milestone", "milestone %q is declared twice (also at %s)", m.Title,
				c.where(fmt.Sprintf("/milestones/%d/title", j)))
			c.milestoneUsed[i] = true
			continue
		}
		c.milestoneByName[m.Title] = i
	}
	for i, m := range c.rm.Milestones {
		if m.DueOn.HasValue() && len(m.DueOn.Value) == 10 {
			if _, err := time.Parse(time.DateOnly, m.DueOn.Value); err != nil {
				c.errorf(fmt.Sprintf("/milestones/%d/due_on", i), "date", "due_on %q is not a real calendar date", m.DueOn.Value)
			}
		}
		for j, a := range m.Aliases {
			ptr := fmt.Sprintf("/milestones/%d/aliases/%d", i, j)
			if a == m.Title {
				c.errorf(ptr, "duplicate-milestone", "alias %q is the milestone's own title; remove it", a)
				continue
			}
			if owner, ok := c.milestoneByName[a]; ok && owner != i {
				c.errorf(ptr, "duplicate-milestone", "alias %q is the title of another milestone declared at %s",
					a, c.where(fmt.Sprintf("/milestones/%d/title", owner)))
				continue
			}
			if owner, ok := c.milestoneAlias[a]; ok && owner != i {
				c.errorf(ptr, "duplicate-milestone", "alias %q is also an alias of milestone %q", a, c.rm.Milestones[owner].Title)
				continue
			}
			c.milestoneAlias[a] = i
		}
	}
}

func (c *checker) checkIssues() {
	c.issueByID = map[string]int{}
	c.bodies = make([]Body, len(c.rm.Issues))
	titles := map[string]int{}
	numbers := map[int]string{} // number → pointer of its first claim
	bodies := map[string]int{}
	for i, is := range c.rm.Issues {
		base := fmt.Sprintf("/issues/%d", i)
		if is.ID != "" {
			if j, dup := c.issueByID[is.ID]; dup {
				c.errorf(base+"/id", "duplicate-id", "issue id %q is used twice (also at %s); ids must be unique",
					is.ID, c.where(fmt.Sprintf("/issues/%d/id", j)))
			} else {
				c.issueByID[is.ID] = i
			}
		}
		c.checkTrimmed(base+"/title", "title", is.Title)
		// By position, not by the decoded value: 1.0 decodes to nothing.
		c.checkWholeNumber(base + "/number")
		for j := 0; ; j++ {
			ptr := fmt.Sprintf("%s/duplicates/%d", base, j)
			if _, ok := c.src.ValueOffset(ptr); !ok {
				break
			}
			c.checkWholeNumber(ptr)
		}
		if is.Title != "" {
			if j, dup := titles[is.Title]; dup {
				c.errorf(base+"/title", "duplicate-title", "title %q is used twice (also at %s); two issues with one title are the duplication this tool exists to prevent",
					is.Title, c.where(fmt.Sprintf("/issues/%d/title", j)))
			} else {
				titles[is.Title] = i
			}
		}
		if is.Number > 0 {
			if first, dup := numbers[is.Number]; dup {
				c.errorf(base+"/number", "duplicate-number", "issue #%d is claimed twice (also at %s)", is.Number, c.where(first))
			} else {
				numbers[is.Number] = base + "/number"
			}
		}
		for j, n := range is.Duplicates {
			ptr := fmt.Sprintf("%s/duplicates/%d", base, j)
			if n == is.Number {
				c.errorf(ptr, "self-reference", "issue #%d can't be a duplicate of itself: it is this entry's number", n)
			} else if first, dup := numbers[n]; dup {
				c.errorf(ptr, "duplicate-number", "issue #%d is claimed twice (also at %s)", n, c.where(first))
			} else if n > 0 {
				numbers[n] = ptr
			}
		}
		c.checkBody(i, base)
		if b := c.bodies[i]; b.Managed {
			norm := NormalizeBody(b.Text)
			if norm != "" {
				if j, dup := bodies[norm]; dup {
					c.warnf(bodyPointer(is, base), "duplicate-body", "issue %q has the same body as issue %q (%s); is one a copy of the other?",
						is.ID, c.rm.Issues[j].ID, c.where(bodyPointer(c.rm.Issues[j], fmt.Sprintf("/issues/%d", j))))
				} else {
					bodies[norm] = i
				}
			}
		}
		c.checkIssueLabels(i, base)
		if is.Milestone.HasValue() && is.Milestone.Value != "" {
			ptr := base + "/milestone"
			m := is.Milestone.Value
			if j, ok := c.milestoneByName[m]; ok {
				c.milestoneUsed[j] = true
				c.milestoneRealUse[j]++
			} else if j, ok := c.milestoneAlias[m]; ok {
				c.milestoneUsed[j] = true
				c.errorf(ptr, "unknown-milestone", "milestone %q is an old title of %q; use the new title", m, c.rm.Milestones[j].Title)
			} else if sug := closest(m, c.milestoneTitles()); sug != "" {
				c.milestoneUsed[c.milestoneByName[sug]] = true
				c.typoUses = append(c.typoUses, typoUse{ptr: ptr, name: m, milestone: true, decl: c.milestoneByName[sug]})
			} else {
				c.errorf(ptr, "unknown-milestone", "milestone %q is not declared in \"milestones\"", m)
			}
		}
	}
	for i, is := range c.rm.Issues {
		base := fmt.Sprintf("/issues/%d", i)
		if is.Parent != "" {
			c.checkRef(i, is, base+"/parent", is.Parent, "parent")
		}
		for j, b := range is.BlockedBy {
			c.checkRef(i, is, fmt.Sprintf("%s/blocked_by/%d", base, j), b, "blocked_by")
		}
	}
}

func bodyPointer(is Issue, base string) string {
	if is.BodyFile != "" {
		return base + "/body_file"
	}
	return base + "/body"
}

func (c *checker) checkRef(i int, is Issue, ptr, id, field string) {
	if c.issueByID[is.ID] != i {
		return // a duplicated id: which entry a reference means is already in question
	}
	if id == is.ID {
		c.errorf(ptr, "self-reference", "issue %q names itself in %s", id, field)
		return
	}
	if _, ok := c.issueByID[id]; !ok {
		ids := make([]string, 0, len(c.rm.Issues))
		for _, o := range c.rm.Issues {
			ids = append(ids, o.ID)
		}
		c.errorf(ptr, "unknown-issue", "%s names issue id %q, which is not in the roadmap%s", field, id, c.suggest(id, ids))
	}
}

func (c *checker) checkIssueLabels(i int, base string) {
	is := c.rm.Issues[i]
	seen := map[string]int{}
	groups := map[string]string{} // group → label that claimed it
	managed := strings.ToLower(c.rm.ManagedLabel())
	for j, name := range is.Labels {
		ptr := fmt.Sprintf("%s/labels/%d", base, j)
		k := strings.ToLower(name)
		if name == "" {
			continue
		}
		if first, dup := seen[k]; dup {
			if is.Labels[first] != name {
				c.errorf(ptr, "duplicate-label", "label %q is listed twice on this issue (as %q too; names ignore case)", name, is.Labels[first])
			}
			continue
		}
		seen[k] = j
		li, ok := c.labelByName[k]
		if !ok {
			if k == managed {
				continue // every managed issue carries it anyway
			}
			// The label the user meant counts as used: an "unused" warning
			// would only repeat this error.
			if a, isAlias := c.labelByAlias[k]; isAlias {
				c.labelUsed[a] = true
				c.errorf(ptr, "unknown-label", "label %q is an old name of %q; use the new name", name, c.rm.Labels[a].Name)
				continue
			}
			if sug := closest(name, c.labelNames()); sug != "" {
				d := c.labelByName[strings.ToLower(sug)]
				c.labelUsed[d] = true
				c.typoUses = append(c.typoUses, typoUse{ptr: ptr, name: name, decl: d})
				continue
			}
			c.errorf(ptr, "unknown-label", "label %q is not declared in \"labels\"", name)
			continue
		}
		c.labelUsed[li] = true
		c.labelRealUse[li]++
		l := c.rm.Labels[li]
		if l.Group == "" {
			continue
		}
		if other, taken := groups[l.Group]; taken {
			c.errorf(ptr, "label-group", "labels %q and %q are both in group %q; an issue carries at most one label of a group",
				other, l.Name, l.Group)
			continue
		}
		groups[l.Group] = l.Name
	}
}

// checkTypoUses reports the uses of undeclared names that are near a
// declared one. When no issue uses the declared name as written, and every
// such use (two at least) spells the name the same way, the declaration is
// the typo: one error on it. Otherwise each use is wrong: an error on each.
func (c *checker) checkTypoUses() {
	type key struct {
		milestone bool
		decl      int
	}
	spellings := map[key]map[string]int{}
	for _, u := range c.typoUses {
		k := key{u.milestone, u.decl}
		if spellings[k] == nil {
			spellings[k] = map[string]int{}
		}
		spellings[k][u.name]++
	}
	reported := map[key]bool{}
	for _, u := range c.typoUses {
		k := key{u.milestone, u.decl}
		var realUses int
		var what, declPtr, declared string
		if u.milestone {
			realUses = c.milestoneRealUse[u.decl]
			what, declPtr, declared = "milestone", fmt.Sprintf("/milestones/%d/title", u.decl), c.rm.Milestones[u.decl].Title
		} else {
			realUses = c.labelRealUse[u.decl]
			what, declPtr, declared = "label", fmt.Sprintf("/labels/%d/name", u.decl), c.rm.Labels[u.decl].Name
		}
		kind := "unknown-" + what
		// One use against one declaration can't tell which is the typo;
		// two or more spelled alike, and none as declared, can.
		if realUses == 0 && len(spellings[k]) == 1 && spellings[k][u.name] >= 2 {
			if !reported[k] {
				reported[k] = true
				n := spellings[k][u.name]
				c.errorf(declPtr, kind, "%s %q is declared here, but %s %q instead — did you mean to declare %q?",
					what, declared, usesPhrase(n), u.name, u.name)
			}
			continue
		}
		list := `"labels"`
		if u.milestone {
			list = `"milestones"`
		}
		c.errorf(u.ptr, kind, "%s %q is not declared in %s — did you mean %q?", what, u.name, list, declared)
	}
}

func usesPhrase(n int) string {
	if n == 2 {
		return "both issues that use it write"
	}
	return fmt.Sprintf("all %d issues that use it write", n)
}

func (c *checker) labelNames() []string {
	out := make([]string, 0, len(c.rm.Labels))
	for _, l := range c.rm.Labels {
		out = append(out, l.Name)
	}
	return out
}

func (c *checker) milestoneTitles() []string {
	out := make([]string, 0, len(c.rm.Milestones))
	for _, m := range c.rm.Milestones {
		out = append(out, m.Title)
	}
	return out
}

func (c *checker) suggest(s string, candidates []string) string {
	if sug := closest(s, candidates); sug != "" {
		return fmt.Sprintf(" — did you mean %q?", sug)
	}
	return ""
}

// checkBody resolves the issue's body text and checks it against GitHub's
// limits and the identity marker.
func (c *checker) checkBody(i int, base string) {
	is := c.rm.Issues[i]
	if is.Body != nil && is.BodyFile != "" {
		c.errorf(base+"/body_file", "body", `use "body" or "body_file", not both`)
		return
	}
	var text, ptr string
	switch {
	case is.Body != nil:
		text, ptr = *is.Body, base+"/body"
	case is.BodyFile != "":
		ptr = base + "/body_file"
		var ok bool
		if text, ok = c.readBodyFile(ptr, is.BodyFile); !ok {
			return
		}
	default:
		return
	}
	c.bodies[i] = Body{Text: text, Managed: true}
	if strings.Contains(text, MarkerPrefix) {
		c.errorf(ptr, "marker", "the body contains %q, the hidden marker that ties an issue to its entry; remove it, or another entry's issue could be taken over", MarkerPrefix)
	}
	if is.ID != "" {
		if n := utf8.RuneCountInString(ComposeBody(text, is.ID, "")); n > MaxBodyLength {
			c.errorf(ptr, "limit", "the body is %d characters long with its marker; GitHub allows at most %d", n, MaxBodyLength)
		}
	}
}

func (c *checker) readBodyFile(ptr, name string) (string, bool) {
	if filepath.IsAbs(name) || strings.HasPrefix(name, "/") || strings.HasPrefix(name, `\`) {
		c.errorf(ptr, "body-file", "body_file %q must be a path relative to the folder of the roadmap file", name)
		return "", false
	}
	if inGitDir(name) {
		c.errorf(ptr, "body-file", "body_file %q is inside .git, which holds the checkout's credentials and history, not the roadmap's text; point at a Markdown file of the repository", name)
		return "", false
	}
	path := filepath.Join(c.opts.Dir, filepath.FromSlash(name))
	root, err := filepath.Abs(c.opts.Root)
	if err != nil {
		root = c.opts.Root
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	if !inside(root, abs) {
		c.errorf(ptr, "body-file", "body_file %q leads outside the repository; keep body files inside it", name)
		return "", false
	}
	info, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			c.errorf(ptr, "body-file", "body_file %q does not exist%s", name, c.suggestFile(path))
		} else {
			c.errorf(ptr, "body-file", "body_file %q can't be read: %v", name, err)
		}
		return "", false
	}
	if !info.Mode().IsRegular() {
		c.errorf(ptr, "body-file", "body_file %q is not a regular file", name)
		return "", false
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		realRoot, err := filepath.EvalSymlinks(root)
		if err != nil {
			realRoot = root
		}
		if !inside(realRoot, real) {
			c.errorf(ptr, "body-file", "body_file %q is a symbolic link that leads outside the repository", name)
			return "", false
		}
		if rel, err := filepath.Rel(realRoot, real); err == nil && inGitDir(rel) {
			c.errorf(ptr, "body-file", "body_file %q is a symbolic link into .git, which holds the checkout's credentials and history; point at a Markdown file of the repository", name)
			return "", false
		}
		if rel, err := filepath.Rel(root, abs); err == nil && !c.tracked(filepath.ToSlash(rel)) {
			c.warnf(ptr, "untracked", "body_file %q is not tracked by git: a checkout of the repository won't have it, and its text would be printed into the plan and the issue; commit it (git add), or point at a file that is", name)
		}
	}
	if info.Size() > 4*MaxBodyLength {
		c.errorf(ptr, "limit", "body_file %q is %d bytes; GitHub allows a body of at most %d characters", name, info.Size(), MaxBodyLength)
		return "", false
	}
	data, err := os.ReadFile(path)
	if err != nil {
		c.errorf(ptr, "body-file", "body_file %q can't be read: %v", name, err)
		return "", false
	}
	if !utf8.Valid(data) {
		c.errorf(ptr, "encoding", "body_file %q is not valid UTF-8; save it as UTF-8", name)
		return "", false
	}
	return string(data), true
}

func (c *checker) suggestFile(path string) string {
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		return ""
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sug := closest(filepath.Base(path), names)
	if sug == "" {
		return ""
	}
	// Suggest the path as the user would write it, relative to the roadmap.
	rel, err := filepath.Rel(c.opts.Dir, filepath.Join(filepath.Dir(path), sug))
	if err != nil {
		return ""
	}
	return fmt.Sprintf(" — did you mean %q?", filepath.ToSlash(rel))
}

// inGitDir says a path goes through a folder (or file) named .git, in any
// case and at any depth: .git/config holds the checkout's token.
func inGitDir(path string) bool {
	for _, part := range strings.FieldsFunc(filepath.ToSlash(filepath.Clean(path)), func(r rune) bool { return r == '/' || r == '\\' }) {
		if strings.EqualFold(strings.TrimRight(part, ". "), ".git") {
			return true
		}
	}
	return false
}

// tracked says whether git tracks the file at rel (a slash path from the
// top of the repository); true when there is no index to ask.
func (c *checker) tracked(rel string) bool {
	if !c.indexRead {
		c.indexRead = true
		c.index = readGitIndex(c.opts.Root)
	}
	return c.index == nil || c.index.tracked(rel)
}

func inside(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	if err != nil {
		return false
	}
	return rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// checkCycles finds loops through parent and through blocked_by: GitHub
// refuses them, and no order of work could satisfy them.
func (c *checker) checkCycles() {
	n := len(c.rm.Issues)
	edges := func(i int, field string) []int {
		is := c.rm.Issues[i]
		var out []int
		refs := is.BlockedBy
		if field == "parent" {
			refs = nil
			if is.Parent != "" {
				refs = []string{is.Parent}
			}
		}
		for _, r := range refs {
			if j, ok := c.issueByID[r]; ok && j != i {
				out = append(out, j)
			}
		}
		return out
	}
	for _, field := range []string{"parent", "blocked_by"} {
		const (
			white = iota
			grey
			black
		)
		color := make([]int, n)
		var stack []int
		var visit func(i int)
		visit = func(i int) {
			color[i] = grey
			stack = append(stack, i)
			for k, j := range edges(i, field) {
				switch color[j] {
				case grey:
					start := 0
					for stack[start] != j {
						start++
					}
					var names []string
					for _, x := range stack[start:] {
						names = append(names, strconv.Quote(c.rm.Issues[x].ID))
					}
					names = append(names, strconv.Quote(c.rm.Issues[j].ID))
					ptr := fmt.Sprintf("/issues/%d/parent", i)
					if field == "blocked_by" {
						ptr = fmt.Sprintf("/issues/%d/blocked_by/%d", i, c.refIndex(i, k))
					}
					c.errorf(ptr, "cycle", "%s forms a cycle: %s", field, strings.Join(names, " → "))
				case white:
					visit(j)
				}
			}
			stack = stack[:len(stack)-1]
			color[i] = black
		}
		for i := range n {
			if color[i] == white {
				visit(i)
			}
		}
	}
}

// refIndex maps the k-th resolved blocked_by edge of issue i back to its
// position in the list, skipping entries that did not resolve.
func (c *checker) refIndex(i, k int) int {
	seen := 0
	for idx, r := range c.rm.Issues[i].BlockedBy {
		if j, ok := c.issueByID[r]; ok && j != i {
			if seen == k {
				return idx
			}
			seen++
		}
	}
	return 0
}

// checkUnused warns about declarations no issue uses — unless an issue's
// labels or milestone has the wrong JSON type: its references could not be
// read, and the warning would only repeat that error.
func (c *checker) checkUnused() {
	labelRefFailed, milestoneRefFailed := c.refFailed("labels"), c.refFailed("milestone")
	managed := strings.ToLower(c.rm.ManagedLabel())
	for i, l := range c.rm.Labels {
		if !labelRefFailed && !c.labelUsed[i] && l.Name != "" && strings.ToLower(l.Name) != managed {
			c.warnf(fmt.Sprintf("/labels/%d/name", i), "unused-label", "label %q is declared but no issue uses it", l.Name)
		}
	}
	for i, m := range c.rm.Milestones {
		if !milestoneRefFailed && !c.milestoneUsed[i] && m.Title != "" {
			c.warnf(fmt.Sprintf("/milestones/%d/title", i), "unused-milestone", "milestone %q is declared but no issue uses it", m.Title)
		}
	}
}

// refFailed reports whether some issue's field has the wrong JSON type.
func (c *checker) refFailed(field string) bool {
	for i := range c.rm.Issues {
		if c.src.kindAt(fmt.Sprintf("/issues/%d/%s", i, field), field) {
			return true
		}
	}
	return false
}
