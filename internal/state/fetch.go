package state

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// Fetch reads what a plan for rm needs, and no more. In steady state (every
// entry already matched) that is the labels, the milestones and the issues
// carrying the managed label — a cost that grows with the roadmap, not the
// repository. All issues are scanned only when some entry has no issue yet:
// it may be adopted by title, or its issue may have lost the managed label.
func Fetch(ctx context.Context, r Reader, repo string, rm *roadmap.Roadmap) (*Snapshot, error) {
	start := r.Requests()
	var gqlRequests, gqlPoints int
	gc, costed := r.(GraphQLCoster)
	if costed {
		gqlRequests, gqlPoints = gc.GraphQLCost()
	}
	snap := &Snapshot{Repository: repo, Relations: map[int]Relations{}}
	var err error
	if br, ok := r.(BaseReader); ok {
		if snap.Labels, snap.Milestones, snap.Issues, err = br.ReadBase(ctx, rm.ManagedLabel()); err != nil {
			return nil, err
		}
	} else {
		if snap.Labels, err = r.ListLabels(ctx); err != nil {
			return nil, err
		}
		if snap.Milestones, err = r.ListMilestones(ctx); err != nil {
			return nil, err
		}
		if snap.Issues, err = r.ListIssues(ctx, rm.ManagedLabel()); err != nil {
			return nil, err
		}
	}
	managed := rm.ManagedLabel()
	byID := markerIndex(snap.Issues, managed)
	byNumber := map[int]bool{}
	for i := range snap.Issues {
		byNumber[snap.Issues[i].Number] = true
	}
	scan := false
	var wanted []int // issues named by number that the managed list lacks
	for _, e := range rm.Issues {
		if byID[e.ID] != nil {
			continue
		}
		if e.Number > 0 {
			wanted = append(wanted, e.Number)
		} else {
			scan = true
		}
	}
	for _, e := range rm.Issues {
		wanted = append(wanted, e.Duplicates...)
	}
	if scan {
		if snap.Issues, err = r.ListIssues(ctx, ""); err != nil {
			return nil, err
		}
		snap.FullScan = true
		for i := range snap.Issues {
			byNumber[snap.Issues[i].Number] = true
		}
	}
	slices.Sort(wanted)
	var missing []int
	for _, n := range slices.Compact(wanted) {
		if !byNumber[n] {
			missing = append(missing, n)
		}
	}
	got, err := getIssues(ctx, r, missing)
	if err != nil {
		return nil, err
	}
	for _, n := range missing {
		is := got[n]
		switch {
		case is == nil:
		case is.MovedTo != "":
			if snap.Moved == nil {
				snap.Moved = map[int]string{}
			}
			snap.Moved[n] = is.MovedTo
		default:
			snap.Issues = append(snap.Issues, *is)
			byNumber[n] = true
		}
	}
	// Again after the scan and the single reads: the slice was replaced or grew.
	byID = markerIndex(snap.Issues, managed)
	// An entry adopted by its number is that issue too: the relations the
	// issue already has on GitHub must be read, or the plan would add them
	// again (an import writes such entries, relations and all).
	adoptable := map[int]*Issue{}
	for i := range snap.Issues {
		adoptable[snap.Issues[i].Number] = &snap.Issues[i]
	}
	for _, e := range rm.Issues {
		// equivalent mutant CONDITIONALS_BOUNDARY: no issue has number 0, so adoptable[0] is nil either way.
		if byID[e.ID] == nil && e.Number > 0 && adoptable[e.Number] != nil {
			byID[e.ID] = adoptable[e.Number]
		}
	}
	if err := fetchRelations(ctx, r, rm, snap, byID); err != nil {
		return nil, err
	}
	if err := fetchAssignable(ctx, r, rm, snap); err != nil {
		return nil, err
	}
	if err := fetchIssueTypes(ctx, r, rm, snap); err != nil {
		return nil, err
	}
	if rn, ok := r.(interface{ Renamed() string }); ok {
		snap.Renamed = rn.Renamed()
	}
	snap.Reads = r.Requests() - start
	if costed {
		req, pts := gc.GraphQLCost()
		snap.GraphQLRequests, snap.GraphQLPoints = req-gqlRequests, pts-gqlPoints
	}
	return snap, nil
}

// getIssues reads issues by number, at once when the reader can.
func getIssues(ctx context.Context, r Reader, numbers []int) (map[int]*Issue, error) {
	if len(numbers) == 0 {
		return nil, nil
	}
	if br, ok := r.(BatchReader); ok {
		return br.GetIssues(ctx, numbers)
	}
	out := make(map[int]*Issue, len(numbers))
	for _, n := range numbers {
		is, err := r.GetIssue(ctx, n)
		if err != nil {
			return nil, err
		}
		out[n] = is
	}
	return out, nil
}

// fetchRelations reads sub-issues and blockers, only between issues that
// both exist (one still to be created has none yet), and only where the
// server has the feature: what it lacks is recorded, not an error.
func fetchRelations(ctx context.Context, r Reader, rm *roadmap.Roadmap, snap *Snapshot, byID map[string]*Issue) error {
	hasParents := slices.ContainsFunc(rm.Issues, func(e roadmap.Issue) bool { return e.Parent != "" })
	hasBlockers := slices.ContainsFunc(rm.Issues, func(e roadmap.Issue) bool { return len(e.BlockedBy) > 0 })
	if !hasParents && !hasBlockers {
		return nil
	}
	missing, err := r.Features(ctx)
	if err != nil {
		return err
	}
	snap.Unsupported = missing
	unsupported := func(err error) bool {
		var ue *UnsupportedError
		if errors.As(err, &ue) {
			snap.Unsupported[ue.Feature] = ue.Why
			return true
		}
		return false
	}
	parentsRead := map[int]bool{}
	for _, e := range rm.Issues {
		child := byID[e.ID]
		if child == nil {
			continue
		}
		if _, lacks := snap.Unsupported[FeatureSubIssues]; !lacks {
			if parent := byID[e.Parent]; e.Parent != "" && parent != nil && !parentsRead[parent.Number] {
				subs, err := r.ListSubIssues(ctx, parent.Number)
				switch {
				case unsupported(err):
				case err != nil:
					return err
				default:
					snap.setRelations(parent.Number, func(r *Relations) { r.SubIssues = subs })
					parentsRead[parent.Number] = true
				}
			}
		}
		if _, lacks := snap.Unsupported[FeatureDependencies]; !lacks {
			if slices.ContainsFunc(e.BlockedBy, func(id string) bool { return byID[id] != nil }) {
				blockers, err := r.ListBlockedBy(ctx, child.Number)
				switch {
				case unsupported(err):
				case err != nil:
					return err
				default:
					snap.setRelations(child.Number, func(r *Relations) { r.BlockedBy = blockers })
				}
			}
		}
	}
	return nil
}

// fetchAssignable asks GitHub once per login the roadmap assigns, unless an
// issue already read has that assignee (GitHub assigns only those it can).
func fetchAssignable(ctx context.Context, r Reader, rm *roadmap.Roadmap, snap *Snapshot) error {
	seen := map[string]bool{}
	for i := range snap.Issues {
		for _, a := range snap.Issues[i].Assignees {
			seen[strings.ToLower(a)] = true
		}
	}
	var logins []string
	for _, e := range rm.Issues {
		for _, a := range e.Assignees {
			if k := strings.ToLower(a); !seen[k] {
				seen[k] = true
				logins = append(logins, a)
			}
		}
	}
	slices.SortFunc(logins, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	for _, login := range logins {
		ok, err := r.CanAssign(ctx, login)
		if err != nil {
			return err
		}
		if snap.Assignable == nil {
			snap.Assignable = map[string]bool{}
		}
		snap.Assignable[strings.ToLower(login)] = ok
	}
	return nil
}

// fetchIssueTypes reads the owner's issue types when the roadmap sets any.
func fetchIssueTypes(ctx context.Context, r Reader, rm *roadmap.Roadmap, snap *Snapshot) error {
	if !slices.ContainsFunc(rm.Issues, func(e roadmap.Issue) bool { return e.Type.HasValue() }) {
		return nil
	}
	types, known, err := r.ListIssueTypes(ctx)
	if err != nil {
		return err
	}
	if known {
		snap.IssueTypes = append([]string{}, types...)
	}
	return nil
}

// markerIndex maps roadmap ids to the best issue whose believed marker
// claims them, as plan.Compute matches them.
func markerIndex(issues []Issue, managed string) map[string]*Issue {
	byID := map[string]*Issue{}
	for id, list := range Claimants(issues, managed) {
		byID[id] = list[0]
	}
	return byID
}

func (s *Snapshot) setRelations(number int, set func(*Relations)) {
	rel := s.Relations[number]
	set(&rel)
	s.Relations[number] = rel
}
