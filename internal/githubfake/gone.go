package githubfake

import (
	"fmt"
	"net/http"
	"strconv"
)

// Issues that left a repository, and locked issues.
//
// GitHub documents, for GET and PATCH /repos/{owner}/{repo}/issues/{issue_number}
// (https://docs.github.com/rest/issues/issues#get-an-issue): "If the issue was transferred
// to or deleted from a repository where the authenticated user lacks read access, the API
// returns a 404 Not Found status. If the issue was deleted from a repository where the
// authenticated user has read access, a 410 Gone status is returned." and lists 301 Moved
// permanently among the answers, which is what an issue transferred to a repository the token
// can read gets. Every token of the fake can read every repository, so a transferred issue
// answers 301 and a deleted one 410, on every path under its number, reads and writes alike.
// Neither is listed by GET …/issues any more. Locking
// (https://docs.github.com/rest/issues/issues#lock-an-issue) only limits who may comment: the
// issue is read and edited as before, with "locked": true and its "active_lock_reason".

// gone is what is left under a number whose issue was transferred away (movedTo) or deleted.
type gone struct {
	movedTo *issue // nil: deleted
}

// TransferIssue moves issue number to repository to, where it takes the next number (keeping its
// id, its relations and everything else), and returns that number. The old number answers 301 with
// the issue's new URL. It panics on an unknown issue or a pull request.
func (r *Repo) TransferIssue(number int, to *Repo) int {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	is := r.findIssue(number)
	if is == nil || is.pr {
		panic(fmt.Sprintf("githubfake: TransferIssue(%d) in %s", number, r.FullName()))
	}
	// Labels and milestones are the old repository's: GitHub keeps labels whose names exist in
	// the new one and drops the milestone.
	var labels []*label
	for _, l := range is.labels {
		labels = append(labels, to.labelOrCreate(l.name))
	}
	is.labels, is.milestone = labels, nil
	r.issues[number-1] = &issue{repo: r, number: number, gone: &gone{movedTo: is}}
	is.repo = to
	is.number = len(to.issues) + 1
	to.issues = append(to.issues, is)
	return is.number
}

// DeleteIssue deletes issue number: its number answers 410 Gone. It panics on an unknown issue.
func (r *Repo) DeleteIssue(number int) {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	is := r.findIssue(number)
	if is == nil || is.pr {
		panic(fmt.Sprintf("githubfake: DeleteIssue(%d) in %s", number, r.FullName()))
	}
	if p := is.parent; p != nil {
		p.subs = removeIssue(p.subs, is)
	}
	for _, s := range is.subs {
		s.parent = nil
	}
	for _, other := range r.issues {
		other.blockedBy = removeIssue(other.blockedBy, is)
	}
	r.issues[number-1] = &issue{repo: r, number: number, gone: &gone{}}
}

// LockIssue locks issue number; reason is "", "off-topic", "too heated", "resolved" or "spam".
func (r *Repo) LockIssue(number int, reason string) {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	is := r.findIssue(number)
	if is == nil {
		panic(fmt.Sprintf("githubfake: LockIssue(%d) in %s", number, r.FullName()))
	}
	is.locked, is.lockReason = true, reason
}

// goneAnswer is the answer for a request under the number of an issue that left the repository;
// ok is false when the request names no such number.
func (c *call) goneAnswer() (response, bool) {
	n, err := strconv.Atoi(c.params["issue"])
	if err != nil || c.repo == nil || n < 1 || n > len(c.repo.issues) {
		return response{}, false
	}
	g := c.repo.issues[n-1].gone
	if g == nil {
		return response{}, false
	}
	if g.movedTo == nil {
		return response{status: http.StatusGone, body: obj{"message": "This issue was deleted", "documentation_url": c.doc}}, true
	}
	u := g.movedTo.repo.issueURL(g.movedTo)
	h := http.Header{}
	h.Set("Location", u)
	return response{status: http.StatusMovedPermanently, header: h,
		body: obj{"message": "Moved Permanently", "url": u, "documentation_url": c.doc}}, true
}

func lockReasonJSON(is *issue) any {
	if !is.locked || is.lockReason == "" {
		return nil
	}
	return is.lockReason
}
