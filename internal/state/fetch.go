package state

import (
	"context"
	"slices"

	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// Fetch reads what a plan for rm needs, and no more. In steady state (every
// entry already matched) that is the labels, the milestones and the issues
// carrying the managed label — a cost that grows with the roadmap, not the
// repository. All issues are scanned only when some entry has no issue yet:
// it may be adopted by title, or its issue may have lost the managed label.
func Fetch(ctx context.Context, r Reader, repo string, rm *roadmap.Roadmap) (*Snapshot, error) {
	start := r.Requests()
	snap := &Snapshot{Repository: repo, Relations: map[int]Relations{}}
	var err error
	if snap.Labels, err = r.ListLabels(ctx); err != nil {
		return nil, err
	}
	if snap.Milestones, err = r.ListMilestones(ctx); err != nil {
		return nil, err
	}
	if snap.Issues, err = r.ListIssues(ctx, rm.ManagedLabel()); err != nil {
		return nil, err
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
	for _, n := range slices.Compact(wanted) {
		if byNumber[n] {
			continue
		}
		is, err := r.GetIssue(ctx, n)
		if err != nil {
			return nil, err
		}
		if is != nil {
			snap.Issues = append(snap.Issues, *is)
			byNumber[n] = true
		}
	}
	// Again after the scan and the single reads: the slice was replaced or grew.
	byID = markerIndex(snap.Issues, managed)
	// Relations only between issues that both exist: one that is still to be
	// created has none yet.
	parentsRead := map[int]bool{}
	for _, e := range rm.Issues {
		child := byID[e.ID]
		if child == nil {
			continue
		}
		if parent := byID[e.Parent]; e.Parent != "" && parent != nil && !parentsRead[parent.Number] {
			subs, err := r.ListSubIssues(ctx, parent.Number)
			if err != nil {
				return nil, err
			}
			snap.setRelations(parent.Number, func(r *Relations) { r.SubIssues = subs })
			parentsRead[parent.Number] = true
		}
		if slices.ContainsFunc(e.BlockedBy, func(id string) bool { return byID[id] != nil }) {
			blockers, err := r.ListBlockedBy(ctx, child.Number)
			if err != nil {
				return nil, err
			}
			snap.setRelations(child.Number, func(r *Relations) { r.BlockedBy = blockers })
		}
	}
	snap.Reads = r.Requests() - start
	return snap, nil
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
