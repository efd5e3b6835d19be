// Package importer is apply in reverse: it reads a repository's labels,
// milestones and issues and writes the roadmap.json (and body files) that
// describes them, so that the first plan adopts the existing issues
// instead of creating them again. Copies of one work item — the same list
// submitted twice — become one entry whose other copies are its
// "duplicates". With Into it takes what people changed on GitHub back into
// an existing roadmap, editing only the bytes that changed.
//
// It reads through state.Reader and never writes to GitHub.
package importer

import (
	"context"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// Defaults of Options.
const (
	DefaultBodies = ".github/roadmap"
	// InlineMax is the longest body kept inline in roadmap.json: one line
	// of at most this many characters. Longer bodies go to a file.
	InlineMax = 200
)

// Options of an import.
type Options struct {
	// Repository is OWNER/NAME, written into the roadmap.
	Repository string
	// RoadmapPath is where roadmap.json goes; body_file paths are relative
	// to its folder.
	RoadmapPath string
	// Bodies is the folder for body files, relative to the roadmap's
	// folder (DefaultBodies when empty).
	Bodies string
	// State is "all" (default) or "open": closed issues are left out.
	State string
	// Labels, when given, keeps only issues carrying one of them (ignoring
	// case); Milestones only issues in one of them, and declares only them.
	Labels     []string
	Milestones []string
	// NoDedupe keeps every issue as its own entry.
	NoDedupe bool
	// WriteInterval is apply's pace, for the forecast (0: one a second).
	WriteInterval time.Duration
	// Progress, when set, hears what the import is doing.
	Progress func(string)
}

// File is a file the import writes.
type File struct {
	Path string // as given in Options.RoadmapPath, or joined to its folder
	Data []byte
}

// Result is what an import found and would write.
type Result struct {
	Roadmap *roadmap.Roadmap
	// Files are the body files, then roadmap.json last: written in this
	// order, a roadmap never names a body file that is not there yet.
	Files []File
	// Groups are the work items found more than once.
	Groups []*Group
	// Notes are what a person should know: issues left out, bodies left
	// unmanaged, titles changed to be unique, relations dropped.
	Notes []string
	// Plan is the first plan after the import, against what was read;
	// PlanErr says why there is none.
	Plan    *plan.Plan
	PlanErr error
	// Diagnostics of the written roadmap, by the same code as validate.
	Diagnostics roadmap.Diagnostics
	// Reads is the number of requests the import sent.
	Reads int
	// Issues and PullRequests count what was read.
	Issues int
	// Taken is what Into took back, one line each.
	Taken []string
}

func (o *Options) progress(format string, args ...any) {
	if o.Progress != nil {
		o.Progress(fmt.Sprintf(format, args...))
	}
}

func (o *Options) bodiesDir() string {
	b := strings.Trim(path.Clean("/"+strings.ReplaceAll(o.Bodies, `\`, "/")), "/")
	if o.Bodies == "" || b == "" {
		return DefaultBodies
	}
	return b
}

// Import reads the repository through r and returns the roadmap and files
// that describe it. Nothing is written, on GitHub or on disk.
func Import(ctx context.Context, r state.Reader, opts Options) (*Result, error) {
	if opts.State == "" {
		opts.State = "all"
	}
	if opts.State != "all" && opts.State != "open" {
		return nil, fmt.Errorf("state must be open or all, not %q", opts.State)
	}
	start := r.Requests()
	managed := roadmap.DefaultManagedLabel
	snap, err := readAll(ctx, r, &opts)
	if err != nil {
		return nil, err
	}
	res := &Result{Issues: len(snap.Issues)}

	milestones, err := pickMilestones(snap.Milestones, opts.Milestones, snap.Repository)
	if err != nil {
		return nil, err
	}
	if err := checkLabels(snap.Labels, opts.Labels, snap.Repository); err != nil {
		return nil, err
	}
	var cands []*candidate
	for i := range snap.Issues {
		is := &snap.Issues[i]
		if !wanted(is, &opts, milestones) {
			continue
		}
		c := &candidate{is: is, id: managedID(is, managed), text: is.Body}
		if c.id != "" {
			above, _, _ := roadmap.SplitBody(is.Body)
			c.text = above
		}
		cands = append(cands, c)
	}
	opts.progress("grouping %d issues", len(cands))
	groups := groupIssues(cands, !opts.NoDedupe, managed)

	b := newBuilder(&opts, managed, snap)
	b.build(groups)
	if err := b.readRelations(ctx, r); err != nil {
		return nil, err
	}
	rm := b.roadmap(milestones)
	files, err := b.files(rm)
	if err != nil {
		return nil, err
	}
	res.Roadmap, res.Files, res.Notes = rm, files, b.notes
	for _, g := range b.kept {
		if len(g.Duplicates) > 0 {
			res.Groups = append(res.Groups, g)
		}
	}
	if res.Diagnostics, err = validate(opts.RoadmapPath, rm, b.bodies); err != nil {
		return nil, err
	}
	if res.Diagnostics.HasErrors() {
		return nil, fmt.Errorf("the imported roadmap is invalid, which is a bug of roadmap import; please report it with these lines:\n%s", res.Diagnostics)
	}
	snap.Reads = r.Requests() - start
	res.Reads = snap.Reads
	res.Plan, res.PlanErr = plan.Compute(rm, b.bodies, snap)
	return res, nil
}

// readAll reads what an import needs: every label, every milestone and
// every issue (state=all), each list once, page by page.
func readAll(ctx context.Context, r state.Reader, opts *Options) (*state.Snapshot, error) {
	snap := &state.Snapshot{Repository: opts.Repository, FullScan: true, Relations: map[int]state.Relations{}}
	var err error
	if br, ok := r.(state.BaseReader); ok {
		// GraphQL: the first page of each list in one request.
		if snap.Labels, snap.Milestones, snap.Issues, err = br.ReadBase(ctx, ""); err != nil {
			return nil, err
		}
		opts.progress("read %d labels, %d milestones and %d issues", len(snap.Labels), len(snap.Milestones), len(snap.Issues))
		return snap, nil
	}
	if snap.Labels, err = r.ListLabels(ctx); err != nil {
		return nil, err
	}
	opts.progress("read %d labels", len(snap.Labels))
	if snap.Milestones, err = r.ListMilestones(ctx); err != nil {
		return nil, err
	}
	opts.progress("read %d milestones", len(snap.Milestones))
	if snap.Issues, err = r.ListIssues(ctx, ""); err != nil {
		return nil, err
	}
	opts.progress("read %d issues", len(snap.Issues))
	return snap, nil
}

func pickMilestones(all []state.Milestone, want []string, repo string) ([]state.Milestone, error) {
	if len(want) == 0 {
		return all, nil
	}
	var out []state.Milestone
	var titles []string
	for _, m := range all {
		titles = append(titles, m.Title)
		if slices.Contains(want, m.Title) {
			out = append(out, m)
		}
	}
	for _, w := range want {
		if !slices.Contains(titles, w) {
			return nil, fmt.Errorf("--milestone %q: %s has no milestone with that title (it has %s)", w, repo, quoteAll(titles))
		}
	}
	return out, nil
}

func checkLabels(all []state.Label, want []string, repo string) error {
	var names []string
	for _, l := range all {
		names = append(names, l.Name)
	}
	for _, w := range want {
		if !slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, w) }) {
			return fmt.Errorf("--label %q: %s has no label of that name (it has %s)", w, repo, quoteAll(names))
		}
	}
	return nil
}

func quoteAll(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	const show = 10
	var q []string
	for i, s := range list {
		if i == show {
			q = append(q, fmt.Sprintf("and %d more", len(list)-show))
			break
		}
		q = append(q, fmt.Sprintf("%q", s))
	}
	return strings.Join(q, ", ")
}

// wanted applies --state, --label and --milestone.
func wanted(is *state.Issue, opts *Options, milestones []state.Milestone) bool {
	if opts.State == "open" && is.State != "open" {
		return false
	}
	if len(opts.Labels) > 0 && !slices.ContainsFunc(opts.Labels, is.HasLabel) {
		return false
	}
	if len(opts.Milestones) > 0 && !slices.ContainsFunc(milestones, func(m state.Milestone) bool { return m.Title == is.Milestone }) {
		return false
	}
	return true
}

// composedLength is the length GitHub would count for the body with the
// marker appended.
func composedLength(text, id string) int {
	return utf8.RuneCountInString(roadmap.ComposeBody(text, id, ""))
}
