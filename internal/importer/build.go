package importer

import (
	"context"
	"fmt"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// builder turns groups into roadmap entries.
type builder struct {
	opts    *Options
	managed string
	snap    *state.Snapshot
	ids     *ids

	kept      []*Group
	entries   []roadmap.Issue
	bodies    []roadmap.Body
	bodyFiles map[int]string // entry index → body file, relative to the roadmap's folder
	byNumber  map[int]int    // kept issue's number → entry index
	titles    map[string]bool
	fileKeys  map[string]bool // lower-cased body file paths: one file per name on any file system
	notes     []string
}

func newBuilder(opts *Options, managed string, snap *state.Snapshot) *builder {
	return &builder{opts: opts, managed: managed, snap: snap, ids: newIDs(),
		bodyFiles: map[int]string{}, byNumber: map[int]int{}, titles: map[string]bool{}, fileKeys: map[string]bool{}}
}

func (b *builder) notef(format string, args ...any) {
	b.notes = append(b.notes, fmt.Sprintf(format, args...))
}

// build makes one entry per group. Marker ids are reserved first, so a
// title's slug never takes the id of an issue the roadmap already manages.
func (b *builder) build(groups []*Group) {
	for _, g := range groups {
		if g.id != "" {
			b.ids.reserve(g.id)
		}
	}
	for _, g := range groups {
		b.add(g)
	}
}

func (b *builder) add(g *Group) {
	is := g.Kept
	if is.State == "closed" && is.StateReason == "duplicate" && g.id == "" {
		b.notef("#%d %q is not imported: it was closed as a duplicate on GitHub", is.Number, is.Title)
		return
	}
	id := g.id
	if id == "" {
		id = b.ids.forTitle(is.Title, is.Number)
	}
	text := roadmap.NormalizeBody(g.text)
	var body roadmap.Body
	var inline *string
	file := ""
	switch {
	case strings.Contains(text, roadmap.MarkerPrefix):
		b.notef("#%d %q: its body holds the text %q of a roadmap marker that is not its own, so its body is left out of the roadmap (unmanaged); remove that text on GitHub and import again to manage it",
			is.Number, is.Title, roadmap.MarkerPrefix)
	case g.id == "" && composedLength(text, id) > roadmap.MaxBodyLength:
		b.notef("#%d %q is not imported: its body is %d characters, and with the marker that ties it to the roadmap it would pass GitHub's %d; shorten it on GitHub (move some to a comment) and import again",
			is.Number, is.Title, utf8.RuneCountInString(is.Body), roadmap.MaxBodyLength)
		return
	case text == "":
	case !strings.Contains(text, "\n") && utf8.RuneCountInString(text) <= InlineMax:
		body = roadmap.Body{Text: text, Managed: true}
		inline = &text
	default:
		body = roadmap.Body{Text: text, Managed: true}
		file = b.bodyFile(id, is.Number)
	}

	title := is.Title
	if b.titles[title] {
		suffix := fmt.Sprintf(" (#%d)", is.Number)
		base := []rune(title)
		// equivalent mutant CONDITIONALS_BOUNDARY: when the two lengths add up to exactly the limit, the cut keeps MaxTitleLength-len(suffix) = len(base) runes, all of them.
		if len(base)+utf8.RuneCountInString(suffix) > roadmap.MaxTitleLength {
			base = base[:roadmap.MaxTitleLength-utf8.RuneCountInString(suffix)]
		}
		title = strings.TrimSpace(string(base)) + suffix
		b.notef("#%d %q: another imported issue has that title, and titles are unique in a roadmap, so it becomes %q (the first apply renames it)", is.Number, is.Title, title)
	}
	b.titles[title] = true

	e := roadmap.Issue{ID: id, Title: title, Body: inline, BodyFile: file}
	for _, l := range is.Labels {
		if !strings.EqualFold(l, b.managed) {
			e.Labels = append(e.Labels, l)
		}
	}
	if is.Milestone != "" {
		e.Milestone = roadmap.Str(is.Milestone)
	}
	// equivalent mutant CONDITIONALS_BOUNDARY: appending no assignees to a nil list leaves it nil, so an issue without any gets no list either way.
	if len(is.Assignees) > 0 {
		e.Assignees = append([]string(nil), is.Assignees...)
	}
	if is.State == "closed" {
		e.State = "closed"
	}
	if is.Type != "" {
		e.Type = roadmap.Str(is.Type)
	}
	if !g.trusted {
		e.Number = is.Number // no trusted marker yet: the first plan adopts this issue by number
	}
	for _, d := range g.Duplicates {
		e.Duplicates = append(e.Duplicates, d.Number)
	}
	idx := len(b.entries)
	b.entries = append(b.entries, e)
	b.bodies = append(b.bodies, body)
	if file != "" {
		b.bodyFiles[idx] = file
	}
	b.byNumber[is.Number] = idx
	b.kept = append(b.kept, g)
}

// bodyFile names an entry's body file: BODIES/ID.md, or BODIES/ID-NUMBER.md
// when a file system that ignores case would take the two for one.
func (b *builder) bodyFile(id string, number int) string {
	name := path.Join(b.opts.bodiesDir(), id+".md")
	if b.fileKeys[strings.ToLower(name)] {
		name = path.Join(b.opts.bodiesDir(), fmt.Sprintf("%s-%d.md", id, number))
	}
	b.fileKeys[strings.ToLower(name)] = true
	return name
}

// readRelations reads sub-issues and blockers, only of kept issues whose
// summaries say they have some, and records those between imported
// entries. Relations of duplicate copies are left alone: they are closed,
// and moving their relations would be a change on GitHub, not an import.
func (b *builder) readRelations(ctx context.Context, r state.Reader) error {
	n := 0
	for _, g := range b.kept {
		if g.Kept.SubIssueCount > 0 {
			n++
		}
		if g.Kept.BlockedByCount > 0 {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	b.opts.progress("reading the relations of %d issues", n)
	for i, g := range b.kept {
		is := g.Kept
		if is.SubIssueCount == 0 {
			continue
		}
		subs, err := r.ListSubIssues(ctx, is.Number)
		if err != nil {
			return err
		}
		b.snap.Relations[is.Number] = withSubs(b.snap.Relations[is.Number], subs)
		for _, c := range subs {
			ci, ok := b.byNumber[c]
			if !ok {
				b.notef("#%d %q has sub-issue #%d, which is not imported: that relation is left out", is.Number, is.Title, c)
				continue
			}
			if ci == i {
				continue
			}
			b.entries[ci].Parent = b.entries[i].ID
		}
	}
	for i, g := range b.kept {
		is := g.Kept
		if is.BlockedByCount == 0 {
			continue
		}
		blockers, err := r.ListBlockedBy(ctx, is.Number)
		if err != nil {
			return err
		}
		rel := b.snap.Relations[is.Number]
		rel.BlockedBy = blockers
		b.snap.Relations[is.Number] = rel
		for _, n := range blockers {
			bi, ok := b.byNumber[n]
			switch {
			case !ok:
				b.notef("#%d %q is blocked by #%d, which is not imported: that relation is left out", is.Number, is.Title, n)
			case bi == i:
			case b.reaches(bi, i):
				b.notef("#%d %q is blocked by #%d, which it blocks itself through other issues: a roadmap can't hold that cycle, so the relation is left out", is.Number, is.Title, n)
			default:
				b.entries[i].BlockedBy = append(b.entries[i].BlockedBy, b.entries[bi].ID)
			}
		}
	}
	return nil
}

func withSubs(r state.Relations, subs []int) state.Relations {
	r.SubIssues = subs
	return r
}

// reaches says whether entry from is blocked, directly or through others,
// by entry to.
func (b *builder) reaches(from, to int) bool {
	index := map[string]int{}
	for i, e := range b.entries {
		index[e.ID] = i
	}
	seen := map[int]bool{}
	stack := []int{from}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if i == to {
			return true
		}
		if seen[i] {
			continue
		}
		seen[i] = true
		for _, id := range b.entries[i].BlockedBy {
			stack = append(stack, index[id])
		}
	}
	return false
}

// roadmap assembles the file: the labels imported issues carry (not the
// managed label, which every plan adds by itself), the milestones, and
// the entries.
func (b *builder) roadmap(milestones []state.Milestone) *roadmap.Roadmap {
	used := map[string]bool{}
	for _, e := range b.entries {
		for _, l := range e.Labels {
			used[strings.ToLower(l)] = true
		}
	}
	rm := &roadmap.Roadmap{Version: 1, Repository: b.opts.Repository, Issues: b.entries}
	for _, l := range b.snap.Labels {
		if !used[strings.ToLower(l.Name)] || strings.EqualFold(l.Name, b.managed) {
			continue
		}
		rm.Labels = append(rm.Labels, importLabel(l))
	}
	for _, m := range milestones {
		rm.Milestones = append(rm.Milestones, importMilestone(m))
	}
	return rm
}

func importLabel(l state.Label) roadmap.Label {
	out := roadmap.Label{Name: l.Name}
	if l.Color != "" {
		c := strings.ToLower(l.Color)
		out.Color = &c
	}
	if l.Description != "" {
		d := l.Description
		out.Description = &d
	}
	return out
}

// importMilestone keeps the due date as the Pacific calendar date GitHub
// means (state.Milestone.DueOn is already that date, not the UTC instant).
func importMilestone(m state.Milestone) roadmap.Milestone {
	out := roadmap.Milestone{Title: m.Title, State: m.State}
	if m.Description != "" {
		d := m.Description
		out.Description = &d
	}
	if m.DueOn != "" {
		out.DueOn = roadmap.Str(m.DueOn)
	}
	return out
}

// files renders the body files and roadmap.json.
func (b *builder) files(rm *roadmap.Roadmap) ([]File, error) {
	dir := filepath.Dir(b.opts.RoadmapPath)
	var out []File
	for i := range b.entries {
		if f := b.bodyFiles[i]; f != "" {
			out = append(out, File{Path: filepath.Join(dir, filepath.FromSlash(f)), Data: []byte(b.bodies[i].Text + "\n")})
		}
	}
	data, err := Encode(rm)
	if err != nil {
		return nil, err
	}
	return append(out, File{Path: b.opts.RoadmapPath, Data: data}), nil
}
