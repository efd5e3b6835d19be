package render

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/plan"
)

// CommentLimit is GitHub's limit on a comment body, in characters.
const CommentLimit = 65536

// SummaryLimit is GitHub's limit on a step's job summary (1 MiB).
const SummaryLimit = 1 << 20

// DefaultServerURL is where links point when no server is given.
const DefaultServerURL = "https://github.com"

// MarkdownOptions shape the Markdown for where it goes.
type MarkdownOptions struct {
	// Header is put first, e.g. the hidden marker that finds the comment again.
	Header string
	// Limit caps the size in characters; 0 means CommentLimit.
	Limit int
	// FullPlanURL points readers at the complete plan when details are cut
	// (the run's page, where the job summary is); empty says "the job
	// summary of this run".
	FullPlanURL string
	// ServerURL is the GitHub web root for links to issues and milestones;
	// empty is https://github.com.
	ServerURL string
	// Commit is the head commit the plan was made from, CommitURL its page.
	Commit, CommitURL string
	// RunURL is the workflow run's page.
	RunURL string
	// Updated is when the text was written; zero leaves it out.
	Updated time.Time
	// Merge says the plan is a pull request's: the footer says what merging
	// will do.
	Merge bool
	// Picture is Markdown drawing the roadmap (see Graph), folded in when
	// it fits. The comment carries it only when the plan is not empty.
	Picture string
}

func (o MarkdownOptions) limit() int {
	if o.Limit <= 0 {
		return CommentLimit
	}
	return o.Limit
}

// where names the place that has everything that was cut.
func (o MarkdownOptions) where() string {
	if o.FullPlanURL != "" {
		return "[the job summary](" + o.FullPlanURL + ")"
	}
	return "the job summary of this run"
}

// code puts s in an inline code span that no backtick in s can close. A
// pipe is escaped even there: GitHub splits table cells before code spans.
// Code spans need no other escaping: GitHub neither links nor mentions in them.
func code(s string) string {
	s = codeEscaper.Replace(s)
	run := longestRun(s, '`')
	fence := strings.Repeat("`", run+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

func longestRun(s string, r byte) int {
	best, cur := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == r {
			cur++
			best = max(best, cur)
		} else {
			cur = 0
		}
	}
	return best
}

// Fenced puts s in a code block whose fence is longer than any backtick run in s.
func Fenced(lang, s string) string {
	fence := strings.Repeat("`", max(3, longestRun(s, '`')+1))
	return fence + lang + "\n" + strings.TrimRight(s, "\n") + "\n" + fence + "\n"
}

var actionWord = map[string]string{
	plan.ActionCreate: "create", plan.ActionUpdate: "update", plan.ActionRename: "rename",
	plan.ActionAdopt: "adopt", plan.ActionClose: "close", plan.ActionRelate: "add",
}

// toDo is how the per-kind counts say an action: "3 to create".
var toDo = map[string]string{
	plan.ActionCreate: "to create", plan.ActionUpdate: "to update", plan.ActionRename: "to rename",
	plan.ActionAdopt: "to adopt", plan.ActionClose: "to close", plan.ActionRelate: "to add",
}

var actionOrder = []string{plan.ActionCreate, plan.ActionRelate, plan.ActionUpdate, plan.ActionRename, plan.ActionAdopt, plan.ActionClose}

// links makes the tool's own links: to the issues and milestones the plan
// is about. These stay live; text quoted from the roadmap or GitHub does not.
type links struct {
	p       *plan.Plan
	server  string
	managed map[int]string // numbers of the issues the plan manages, to GitHub's page of each ("" unknown)
}

func newLinks(p *plan.Plan, opts MarkdownOptions) links {
	s := strings.TrimRight(opts.ServerURL, "/")
	if s == "" {
		s = DefaultServerURL
	}
	managed := make(map[int]string, len(p.Issues))
	for _, ref := range p.Issues {
		if managed[ref.Number] == "" {
			managed[ref.Number] = ref.URL
		}
	}
	return links{p: p, server: s, managed: managed}
}

func (l links) repoURL() string { return l.server + "/" + l.p.Repository }

// issueURL is issue n's page: the one GitHub gave when the plan read it (for
// the entry, or for any issue of that number the plan knows), else the
// repository's issue path.
func (l links) issueURL(key string, n int) string {
	if ref, ok := l.p.Issues[key]; ok && ref.Number == n && ref.URL != "" {
		return ref.URL
	}
	if url := l.managed[n]; url != "" {
		return url
	}
	return fmt.Sprintf("%s/issues/%d", l.repoURL(), n)
}

func (l links) issue(key string, n int) string {
	if n <= 0 || l.p.Repository == "" {
		return fmt.Sprintf("#%d", n)
	}
	return fmt.Sprintf("[#%d](%s)", n, l.issueURL(key, n))
}

// milestone names a milestone by its title, linked to its page when it
// exists. Never "(#N)": on GitHub that links issue N.
func (l links) milestone(title string) string { return l.milestoneN(title, 0) }

// milestoneN is milestone with the number known from elsewhere (a change's
// own), used when the plan's map lacks the title.
func (l links) milestoneN(title string, n int) string {
	if m := l.p.Milestones[title]; m > 0 {
		n = m
	}
	if n > 0 && l.p.Repository != "" {
		return fmt.Sprintf("[%s](%s/milestone/%d)", mdText(title), l.repoURL(), n)
	}
	return mdText(title)
}

// issueName is an issue's number (linked) and title, or its id and title
// while it does not exist.
func (l links) issueName(key string, n int, title string) string {
	s := code(key)
	if n > 0 {
		s = l.issue(key, n)
	}
	if title != "" {
		s += " " + mdText(title)
	}
	return s
}

var quotedNumber = regexp.MustCompile(`#` + zwsp + `(\d+)`)

// prose renders the tool's own words: issue numbers in them link to the
// issue, and quoted strings in them (titles, names: text from the roadmap
// or GitHub) are neutralised like any user text.
func (l links) prose(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			b.WriteString(l.ownWords(s))
			break
		}
		b.WriteString(l.ownWords(s[:i]))
		q, err := strconv.QuotedPrefix(s[i:])
		if err != nil {
			b.WriteString(l.ownWords(s[i:]))
			break
		}
		u, _ := strconv.Unquote(q)
		b.WriteString(`"` + mdText(u) + `"`)
		s = s[i+len(q):]
	}
	return b.String()
}

// ownWords links the numbers of issues the plan manages (matched to an
// entry, or closed by it); any other number, such as a stranger's issue a
// warning names, stays neutral: the comment must not reference it.
func (l links) ownWords(s string) string {
	s = mdText(s)
	if l.p.Repository == "" || len(l.p.Issues) == 0 {
		return s
	}
	return quotedNumber.ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.Atoi(strings.TrimPrefix(m, "#"+zwsp))
		if !l.manages(n) {
			return m
		}
		return l.issue(plan.ClosedKey(n), n)
	})
}

func (l links) manages(n int) bool {
	_, ok := l.managed[n]
	return ok
}

// value shows one field value: colours as GitHub colour chips, milestones
// linked, strings in code.
func (l links) value(field string, v any) string {
	switch x := v.(type) {
	case nil:
		return "_none_"
	case string:
		switch {
		case x == "":
			return `""`
		case field == "color":
			return code("#" + x)
		case field == "milestone":
			return l.milestone(x)
		}
		return code(x)
	case []string:
		if len(x) == 0 {
			return "_none_"
		}
		parts := make([]string, len(x))
		for i, s := range x {
			parts[i] = code(s)
		}
		return strings.Join(parts, " ")
	}
	return mdText(fmt.Sprint(v))
}

// delta says how a list changed: "+`P1-important` −`P2-enhancement`".
func delta(from, to []string) string {
	added, removed := listDelta(from, to)
	var parts []string
	for _, s := range added {
		parts = append(parts, "+"+code(s))
	}
	for _, s := range removed {
		parts = append(parts, "−"+code(s))
	}
	if len(parts) == 0 {
		return "_same names, new case_"
	}
	return strings.Join(parts, " ")
}

// listDelta compares two lists ignoring case, as GitHub compares labels and logins.
func listDelta(from, to []string) (added, removed []string) {
	in := func(list []string, s string) bool {
		for _, x := range list {
			if strings.EqualFold(x, s) {
				return true
			}
		}
		return false
	}
	for _, s := range to {
		if !in(from, s) {
			added = append(added, s)
		}
	}
	for _, s := range from {
		if !in(to, s) {
			removed = append(removed, s)
		}
	}
	return added, removed
}

func asList(v any) []string {
	l, _ := v.([]string)
	return l
}

// fieldNames lists what a change sets, for its one-line form.
func fieldNames(c plan.Change) string {
	var names []string
	for _, f := range c.Fields {
		if c.Action == plan.ActionCreate && (f.Name == "title" || f.Name == "name") {
			continue
		}
		if c.Action == plan.ActionRename && (f.Name == "title" || f.Name == "name") {
			continue
		}
		names = append(names, f.Name)
	}
	return strings.Join(names, ", ")
}

func mark(action string) string { return "`" + symbol(action) + "`" }

// line is a change in one line: action, number linked, title, and what it touches.
func (l links) line(c plan.Change) string {
	var s string
	switch c.Kind {
	case plan.KindLabel:
		s = fmt.Sprintf("%s %s label %s", mark(c.Action), actionWord[c.Action], code(c.Key))
		if c.Action == plan.ActionRename {
			s = fmt.Sprintf("%s rename label %s → %s", mark(c.Action), code(c.Current), code(c.Key))
		}
	case plan.KindMilestone:
		s = fmt.Sprintf("%s %s milestone %s", mark(c.Action), actionWord[c.Action], l.milestoneN(c.Key, c.Number))
		if f, ok := c.Field("title"); ok && c.Action == plan.ActionRename {
			// The link goes to the milestone; its text is the title GitHub shows now.
			s = fmt.Sprintf("%s rename milestone %s → %s", mark(c.Action), l.milestoneN(str(f.From), c.Number), mdText(str(f.To)))
		}
	case plan.KindRelation:
		rel := "blocked by"
		if c.Relation == "parent" {
			rel = "sub-issue of"
		}
		return fmt.Sprintf("%s %s **%s** %s", mark(c.Action), l.issueName(c.Key, c.Number, c.Title), rel, l.issueName(c.Target, c.TargetNumber, c.TargetTitle))
	case plan.KindProjectItem:
		return fmt.Sprintf("%s add %s to the project", mark(c.Action), l.issueName(c.Key, c.Number, c.Title))
	case plan.KindProjectField:
		f := c.Fields[0]
		to := "*cleared*"
		if f.To != nil {
			to = code(fmt.Sprint(f.To))
		}
		from := "*empty*"
		if f.From != nil {
			from = code(fmt.Sprint(f.From))
		}
		return fmt.Sprintf("%s %s of %s: %s → %s", mark(c.Action), code(c.Target), l.issueName(c.Key, c.Number, c.Title), from, to)
	default:
		s = fmt.Sprintf("%s %s %s", mark(c.Action), actionWord[c.Action], l.issueName(c.Key, c.Number, c.Title))
		if c.Action == plan.ActionClose {
			s = fmt.Sprintf("%s close %s", mark(c.Action), l.issueName("", c.Number, c.Title))
			if c.StateReason == "duplicate" {
				return s + " — duplicate of " + code(c.DuplicateOf)
			}
			return s + " — not planned (left the roadmap)"
		}
		if c.Action == plan.ActionAdopt {
			s += " — matched by " + c.AdoptedBy
			if names := fieldNames(c); names != "" {
				s += "; " + names
			}
			return s
		}
	}
	if names := fieldNames(c); names != "" && c.Action != plan.ActionCreate {
		s += " — " + names
	}
	return s
}

// changes says field by field what a change does, for its table row.
func (l links) changes(c plan.Change) string {
	var parts []string
	if c.Action == plan.ActionAdopt {
		parts = append(parts, "adopted (matched by "+c.AdoptedBy+")")
	}
	if c.Action == plan.ActionClose {
		if c.StateReason == "duplicate" {
			return "closed as a duplicate of " + code(c.DuplicateOf)
		}
		return "closed as not planned: it left the roadmap"
	}
	for _, f := range c.Fields {
		name := f.Name
		switch {
		case c.Action == plan.ActionCreate && (name == "title" || name == "name"):
		case name == "body" && c.Action == plan.ActionCreate:
			parts = append(parts, fmt.Sprintf("body: %s", plural(lineCount(str(f.To)), "line")))
		case name == "body":
			add, del := diffStat(str(f.From), str(f.To))
			parts = append(parts, fmt.Sprintf("body: +%d −%d lines", add, del))
		case (name == "labels" || name == "assignees") && c.Action != plan.ActionCreate:
			parts = append(parts, name+": "+delta(asList(f.From), asList(f.To)))
		case c.Action == plan.ActionCreate:
			parts = append(parts, name+": "+l.value(name, f.To))
		default:
			parts = append(parts, name+": "+l.value(name, f.From)+" → "+l.value(name, f.To))
		}
	}
	return strings.Join(parts, "<br>")
}

// object names a change's object in its table row.
func (l links) object(c plan.Change) string {
	switch c.Kind {
	case plan.KindLabel:
		return code(c.Key)
	case plan.KindMilestone:
		return l.milestoneN(c.Key, c.Number)
	case plan.KindIssue:
		if c.Action == plan.ActionClose {
			return l.issueName("", c.Number, c.Title)
		}
		s := code(c.Key)
		if c.Number > 0 {
			s = l.issue(c.Key, c.Number) + " " + s
		}
		if c.Title != "" {
			s += " " + mdText(c.Title)
		}
		return s
	}
	return l.issueName(c.Key, c.Number, c.Title)
}

// counts is the per-kind line: "Labels: 1 to update · Issues: 300 to create".
func counts(p *plan.Plan) string {
	type tally map[string]int
	by := map[string]tally{}
	for _, c := range p.Changes {
		if by[c.Kind] == nil {
			by[c.Kind] = tally{}
		}
		by[c.Kind][c.Action]++
	}
	var kinds []string
	for _, k := range kindOrder {
		t := by[k]
		if t == nil {
			continue
		}
		var parts []string
		for _, a := range actionOrder {
			if n := t[a]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %s", plan.Thousands(n), toDo[a]))
			}
		}
		kinds = append(kinds, "**"+kindHeading[k]+"**: "+strings.Join(parts, ", "))
	}
	return strings.Join(kinds, " · ")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return plan.Thousands(n) + " " + word + "s"
}

// foldAt is how many lines a group shows before it is folded.
const foldAt = 10

// detailsOpenAt is how many changes a plan may have for its tables to show unfolded.
const detailsOpenAt = 25

// group is a list of whole lines under one heading, cut to fit.
type group struct {
	summary string   // the <summary> text (HTML)
	before  string   // what comes before the lines (a table header)
	lines   []string // each ends in "\n"
	open    bool
	kept    int
	what    string // "issue changes", for the note on what was left out
}

func (g *group) need() int {
	n := 0
	for _, s := range g.lines {
		n += len(s)
	}
	return n
}

// fit keeps as many whole lines as budget allows; it returns what it used.
func (g *group) fit(budget int) int {
	used := 0
	for _, s := range g.lines[g.kept:] {
		n := len(s)
		if used+n > budget {
			break
		}
		used += n
		g.kept++
	}
	return used
}

func (g *group) render(b *strings.Builder, cutNote func(n int, what string) string) {
	if g.kept == 0 && len(g.lines) > 0 && g.before != "" {
		// A table with no row says nothing: only the note.
		note := strings.Replace(cutNote(len(g.lines), g.what), "_…and ", "_All ", 1)
		note = strings.Replace(note, " more "+g.what+", left out", " "+g.what+" are left out", 1)
		fmt.Fprintf(b, "<details><summary>%s</summary>\n\n%s</details>\n\n", g.summary, note)
		return
	}
	open := ""
	if g.open {
		open = " open"
	}
	fmt.Fprintf(b, "<details%s><summary>%s</summary>\n\n%s", open, g.summary, g.before)
	for _, s := range g.lines[:g.kept] {
		b.WriteString(s)
	}
	if cut := len(g.lines) - g.kept; cut > 0 {
		b.WriteString("\n" + cutNote(cut, g.what))
	}
	b.WriteString("\n</details>\n\n")
}

// share gives the groups the budget by water-filling: the small ones all
// they need, the rest an equal share of what is left, so a long list of
// issues can't crowd out the labels or the relations.
func share(groups []*group, budget int) int {
	order := make([]*group, len(groups))
	copy(order, groups)
	sort.SliceStable(order, func(i, j int) bool { return order[i].need() < order[j].need() })
	used := 0
	for i, g := range order {
		left := len(order) - i
		each := (budget - used) / left
		used += g.fit(each)
	}
	// What the equal shares left unused goes to the groups still cut, in order.
	for _, g := range groups {
		used += g.fit(budget - used)
	}
	return used
}

// Markdown renders the plan for a pull-request comment or job summary.
// Whatever its size, it shows the summary line first, the counts per kind,
// warnings, then every change as one line grouped by kind (folded when
// long), then the field-by-field tables and body diffs, and the footer.
// Past the limit, lines and rows are cut whole, with a note saying how
// many were left out and where they all are.
func Markdown(p *plan.Plan, opts MarkdownOptions) string {
	limit := opts.limit()
	l := newLinks(p, opts)

	var head strings.Builder
	if opts.Header != "" {
		head.WriteString(opts.Header + "\n")
	}
	title := "Roadmap plan"
	if p.Repository != "" {
		title += " for " + code(p.Repository)
	}
	fmt.Fprintf(&head, "### %s\n\n**%s**\n\n", title, p.SummaryLine())
	if len(p.Changes) > 0 {
		head.WriteString(counts(p) + "\n\n")
	}
	if p.Empty {
		head.WriteString("_Planned against an empty repository: no token was given, so nothing on GitHub was read._\n\n")
	}
	head.WriteString(l.warnings(limit / 4))

	foot := footer(p, opts)
	cutNote := func(n int, what string) string {
		return fmt.Sprintf("_…and %s more %s, left out to fit GitHub's %s-character limit; %s has them all._\n",
			plan.Thousands(n), what, plan.Thousands(limit), opts.where())
	}
	// Room for the cut notes and the headings.
	budget := limit - len(head.String()) - len(foot) - 2000

	var lists, tables []*group
	for _, kind := range sortedKinds(p) {
		g := &group{what: kindNoun[kind] + " changes"}
		t := &group{what: "rows", before: "| | Object | Changes |\n|---|---|---|\n"}
		n := 0
		for _, c := range p.Changes {
			if c.Kind != kind {
				continue
			}
			n++
			g.lines = append(g.lines, "- "+l.line(c)+"\n")
			if kind != plan.KindRelation {
				t.lines = append(t.lines, fmt.Sprintf("| %s | %s | %s |\n", symbol(c.Action), l.object(c), l.changes(c)))
			}
		}
		g.open = n <= foldAt
		g.summary = fmt.Sprintf("<b>%s</b>: %s", kindHeading[kind], kindCounts(p, kind))
		lists = append(lists, g)
		if len(t.lines) > 0 {
			t.open = len(p.Changes) <= detailsOpenAt
			t.summary = kindHeading[kind] + " in detail"
			tables = append(tables, t)
		}
	}
	// The picture is kept first when it takes at most a quarter of the
	// room: for a large change, the roadmap it makes says more than the
	// thousandth line. A bigger one comes after the lists, if it fits.
	picture := ""
	pic := ""
	if opts.Picture != "" {
		pic = "<details><summary>The roadmap after this change</summary>\n\n" + opts.Picture + "\n</details>\n\n"
		if len(pic) <= budget/4 {
			picture, budget = pic, budget-len(pic)
		}
	}
	budget -= share(lists, max(budget, 0))
	if pic != "" && picture == "" {
		if len(pic) <= budget {
			picture, budget = pic, budget-len(pic)
		} else {
			picture = fmt.Sprintf("_The roadmap's picture is left out to fit GitHub's %s-character limit; %s has it._\n\n", plan.Thousands(limit), opts.where())
		}
	}
	budget -= share(tables, max(budget, 0))

	var diffs []string
	diffsCut := 0
	for _, c := range p.Changes {
		f, ok := c.Field("body")
		if !ok || c.Action == plan.ActionCreate {
			continue
		}
		d := fmt.Sprintf("<details><summary>Body of %s</summary>\n\n%s\n</details>\n\n", l.summaryName(c), Fenced("diff", bodyDiff(str(f.From), str(f.To))))
		if n := len(d); n <= budget && diffsCut == 0 {
			diffs = append(diffs, d)
			budget -= n
		} else {
			diffsCut++
		}
	}

	var b strings.Builder
	b.WriteString(head.String())
	if len(lists) > 0 {
		b.WriteString("#### Changes\n\n")
		for _, g := range lists {
			g.render(&b, cutNote)
		}
	}
	if len(tables) > 0 {
		b.WriteString("#### Details\n\n")
		for _, t := range tables {
			t.render(&b, cutNote)
		}
	}
	for _, d := range diffs {
		b.WriteString(d)
	}
	if diffsCut > 0 {
		b.WriteString(cutNote(diffsCut, "body diffs") + "\n")
	}
	b.WriteString(picture)
	b.WriteString(foot)
	out := b.String()
	if len(out) > limit {
		// Only a limit far below GitHub's gets here: keep the start, whole characters.
		return strings.ToValidUTF8(out[:limit], "")
	}
	return out
}

var kindNoun = map[string]string{
	plan.KindLabel: "label", plan.KindMilestone: "milestone", plan.KindIssue: "issue", plan.KindRelation: "relation",
	plan.KindProjectItem: "project item", plan.KindProjectField: "project field",
}

func kindCounts(p *plan.Plan, kind string) string {
	t := map[string]int{}
	for _, c := range p.Changes {
		if c.Kind == kind {
			t[c.Action]++
		}
	}
	var parts []string
	for _, a := range actionOrder {
		if n := t[a]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %s", plan.Thousands(n), toDo[a]))
		}
	}
	return strings.Join(parts, ", ")
}

// summaryName names a change's issue inside <summary>, which is raw HTML:
// Markdown is not read there, so the id is <code> and the number a link.
func (l links) summaryName(c plan.Change) string {
	s := htmlCode(c.Key)
	if c.Number > 0 && l.p.Repository != "" {
		s = fmt.Sprintf(`<a href="%s">#%d</a> %s`, l.issueURL(c.Key, c.Number), c.Number, s)
	}
	if c.Title != "" {
		s += " " + htmlText(c.Title)
	}
	return s
}

// warnings is the alert a reviewer reads before approving; past maxLen
// characters the rest is counted, not shown.
func (l links) warnings(maxLen int) string {
	if len(l.p.Warnings) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("> [!WARNING]\n")
	used := 0
	for i, w := range l.p.Warnings {
		item := "> - " + l.prose(w) + "\n"
		used += len(item)
		if used > maxLen {
			fmt.Fprintf(&b, "> - _…and %s, in the job summary._\n", plural(len(l.p.Warnings)-i, "more warning"))
			break
		}
		b.WriteString(item)
	}
	b.WriteString("\n")
	return b.String()
}

// footer says what merging will do, and which commit and run the text is of.
func footer(p *plan.Plan, opts MarkdownOptions) string {
	var b strings.Builder
	if opts.Merge {
		repo := code(p.Repository)
		switch n := len(p.Changes); n {
		case 0:
			fmt.Fprintf(&b, "Merging changes nothing on %s: GitHub already matches the roadmap.\n\n", repo)
		case 1:
			fmt.Fprintf(&b, "**Merging applies this change to %s.**\n\n", repo)
		default:
			fmt.Fprintf(&b, "**Merging applies these %s changes to %s.**\n\n", plan.Thousands(n), repo)
		}
	}
	if p.Forecast != nil && len(p.Changes) > 0 {
		fmt.Fprintf(&b, "Apply: %s\n\n", p.Forecast)
	}
	var ctx []string
	if opts.Commit != "" {
		short := opts.Commit
		if len(short) > 7 {
			short = short[:7]
		}
		c := code(short)
		if opts.CommitURL != "" {
			c = "[" + c + "](" + opts.CommitURL + ")"
		}
		ctx = append(ctx, "commit "+c)
	}
	if opts.RunURL != "" {
		ctx = append(ctx, "[workflow run]("+opts.RunURL+")")
	}
	if !opts.Updated.IsZero() {
		ctx = append(ctx, "updated "+opts.Updated.UTC().Format("2006-01-02 15:04 UTC"))
	}
	if len(ctx) > 0 {
		b.WriteString("<sub>" + strings.Join(ctx, " · ") + "</sub>\n")
	}
	return b.String()
}
