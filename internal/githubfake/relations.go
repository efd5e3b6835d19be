package githubfake

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Sub-issues

func listSubIssues(c *call) response {
	is := c.issue()
	if is == nil {
		return c.notFound()
	}
	return c.ok(c.f.issuesJSON(page(c, is.subs)))
}

func (c *call) customError(field, message string) response {
	e := fieldError("Issue", "custom", field)
	e["message"] = message
	return c.invalid(e)
}

func addSubIssue(c *call) response {
	parent := c.issue()
	if parent == nil {
		return c.notFound()
	}
	m, bad := c.fields()
	if bad != nil {
		return *bad
	}
	id, ok := intID(m, "sub_issue_id")
	if !ok {
		return c.invalid(fieldError("Issue", "invalid", "sub_issue_id"))
	}
	replace := false
	if raw, present := m["replace_parent"]; present && !isNull(raw) {
		if err := json.Unmarshal(raw, &replace); err != nil {
			return c.invalid(fieldError("Issue", "invalid", "replace_parent"))
		}
	}
	child := c.f.findIssueByID(id)
	switch {
	case child == nil:
		return c.invalid(fieldError("Issue", "invalid", "sub_issue_id"))
	case child == parent:
		return c.customError("sub_issue_id", "Sub-issue cannot be the parent issue")
	case child.pr:
		return c.customError("sub_issue_id", "Pull requests cannot be sub-issues")
	case !strings.EqualFold(child.repo.owner, parent.repo.owner):
		return c.customError("sub_issue_id", "Sub-issue must belong to the same repository owner as the parent issue")
	case child.parent == parent:
		return c.customError("sub_issue_id", "Issue is already a sub-issue of this issue")
	case child.parent != nil && !replace:
		return c.customError("sub_issue_id", "Sub-issue may only have one parent")
	}
	for a := parent; a != nil; a = a.parent {
		if a == child {
			return c.customError("sub_issue_id", "Sub-issue cannot be an ancestor of the parent issue")
		}
	}
	// "You can add up to 100 sub-issues per parent issue and create up to
	// eight levels of nested sub-issues." (docs: Adding sub-issues). The
	// messages are the fake's: GitHub's exact wording is not documented.
	if len(parent.subs) >= MaxSubIssues {
		return c.customError("sub_issue_id", fmt.Sprintf("Parent issue cannot have more than %d sub-issues", MaxSubIssues))
	}
	if depth(parent)+height(child) > MaxSubIssueLevels {
		return c.customError("sub_issue_id", fmt.Sprintf("Sub-issues cannot be nested more than %d levels", MaxSubIssueLevels))
	}
	if old := child.parent; old != nil {
		old.subs = removeIssue(old.subs, child)
	}
	child.parent = parent
	parent.subs = append(parent.subs, child)
	parent.updated, child.updated = c.now, c.now
	return c.created(c.f.issueJSON(parent), c.repo.issueURL(parent)+"/sub_issues")
}

func removeIssue(list []*issue, x *issue) []*issue {
	for i, y := range list {
		if y == x {
			return append(list[:i:i], list[i+1:]...)
		}
	}
	return list
}

func removeSubIssue(c *call) response {
	parent := c.issue()
	if parent == nil {
		return c.notFound()
	}
	m, bad := c.fields()
	if bad != nil {
		return *bad
	}
	id, ok := intID(m, "sub_issue_id")
	if !ok {
		return c.invalid(fieldError("Issue", "invalid", "sub_issue_id"))
	}
	child := c.f.findIssueByID(id)
	if child == nil || child.parent != parent {
		return c.notFound()
	}
	parent.subs = removeIssue(parent.subs, child)
	child.parent = nil
	parent.updated, child.updated = c.now, c.now
	return c.ok(c.f.issueJSON(parent))
}

func getParent(c *call) response {
	is := c.issue()
	if is == nil || is.parent == nil {
		return c.notFound()
	}
	return c.ok(c.f.issueJSON(is.parent))
}

// ---------------------------------------------------------------------------------------------
// Dependencies

func listBlockedBy(c *call) response {
	is := c.issue()
	if is == nil {
		return c.notFound()
	}
	return c.ok(c.f.issuesJSON(page(c, is.blockedBy)))
}

func listBlocking(c *call) response {
	is := c.issue()
	if is == nil {
		return c.notFound()
	}
	return c.ok(c.f.issuesJSON(page(c, c.f.blocking(is))))
}

func addBlockedBy(c *call) response {
	is := c.issue()
	if is == nil {
		return c.notFound()
	}
	m, bad := c.fields()
	if bad != nil {
		return *bad
	}
	id, ok := intID(m, "issue_id")
	if !ok {
		return c.invalid(fieldError("Issue", "invalid", "issue_id"))
	}
	blocker := c.f.findIssueByID(id)
	switch {
	case blocker == nil:
		return c.invalid(fieldError("Issue", "invalid", "issue_id"))
	case blocker == is:
		return c.customError("issue_id", "An issue cannot be blocked by itself")
	case containsIssue(is.blockedBy, blocker):
		return c.customError("issue_id", "Issue is already blocked by this issue")
	}
	is.blockedBy = append(is.blockedBy, blocker)
	is.updated = c.now
	return c.created(c.f.issueJSON(is), c.repo.issueURL(is)+"/dependencies/blocked_by")
}

func removeBlockedBy(c *call) response {
	is := c.issue()
	if is == nil {
		return c.notFound()
	}
	id, err := strconv.ParseInt(c.params["blocker"], 10, 64)
	if err != nil {
		return c.notFound()
	}
	blocker := c.f.findIssueByID(id)
	if blocker == nil || !containsIssue(is.blockedBy, blocker) {
		return c.notFound()
	}
	is.blockedBy = removeIssue(is.blockedBy, blocker)
	is.updated = c.now
	return c.ok(c.f.issueJSON(is))
}

// GitHub's sub-issue limits.
const (
	MaxSubIssues      = 100
	MaxSubIssueLevels = 8
)

// depth is the level of an issue in its tree: 1 for one without a parent.
func depth(is *issue) int {
	n := 0
	for a := is; a != nil; a = a.parent {
		n++
	}
	return n
}

// height is the number of levels from an issue down to its deepest sub-issue, itself included.
func height(is *issue) int {
	h := 0
	for _, s := range is.subs {
		h = max(h, height(s))
	}
	return h + 1
}

// AddForeignBlocker records that issue number of r is blocked by issue blocker of another
// repository, other (seeding; panics on unknown numbers). GitHub allows dependencies across
// repositories; listed, the blocker names its own repository.
func (f *Fake) AddForeignBlocker(r *Repo, number int, other *Repo, blocker int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	is, b := r.findIssue(number), other.findIssue(blocker)
	if is == nil || b == nil || r == other {
		panic(fmt.Sprintf("githubfake: AddForeignBlocker(%s#%d, %s#%d)", r.FullName(), number, other.FullName(), blocker))
	}
	is.blockedBy = append(is.blockedBy, b)
}

// AddForeignSubIssue makes issue child of other a sub-issue of issue parent of r (seeding;
// panics on unknown numbers or a second parent). Sub-issues may live in another repository of
// the same owner.
func (f *Fake) AddForeignSubIssue(r *Repo, parent int, other *Repo, child int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p, c := r.findIssue(parent), other.findIssue(child)
	if p == nil || c == nil || r == other || c.parent != nil {
		panic(fmt.Sprintf("githubfake: AddForeignSubIssue(%s#%d, %s#%d)", r.FullName(), parent, other.FullName(), child))
	}
	c.parent = p
	p.subs = append(p.subs, c)
}
