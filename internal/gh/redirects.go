package gh

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// GitHub redirects a renamed or transferred repository's old name to
// /repositories/{id}/… (301 for GET, 307 for other methods), and a
// transferred issue's old number to its new repository (301). Reads follow.
// Writes never do: Go would resend a 301'd PATCH as a GET and report success
// for a write that never happened, and a 307'd one could land on another
// repository's issue. A redirected write is an error naming where GitHub
// pointed, and nothing is written; a renamed repository is learned from the
// first read (the labels, always), so writes go to its new place directly.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	first := via[0]
	if first.Method != http.MethodGet && first.Method != http.MethodHead {
		return http.ErrUseLastResponse
	}
	c.noteRename(first.URL, req.URL)
	return nil
}

var (
	repositoriesPath = regexp.MustCompile(`^repositories/(\d+)/(.*)$`)
	// oneIssue is a path under one issue's number: a redirect of it may be
	// the issue moving, not the repository.
	oneIssue = regexp.MustCompile(`^issues/\d+(/|$)`)
)

// noteRename learns from a redirected read of a repository-wide resource
// (labels, milestones, the issue list) that the repository now answers at
// repositories/ID/: later requests use that place, and Renamed says so.
func (c *Client) noteRename(from, to *url.URL) {
	base := c.gh.BaseURL.Path
	fromPath, ok1 := strings.CutPrefix(from.EscapedPath(), base)
	toPath, ok2 := strings.CutPrefix(to.EscapedPath(), base)
	if !ok1 || !ok2 || to.Host != from.Host {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	rest, ok := strings.CutPrefix(fromPath, c.prefixLocked())
	if !ok || oneIssue.MatchString(rest) {
		return
	}
	if m := repositoriesPath.FindStringSubmatch(toPath); m != nil && m[2] == rest {
		c.moved = "repositories/" + m[1] + "/"
	}
}

// prefixLocked is the path before a repository's resources; c.mu is held.
func (c *Client) prefixLocked() string {
	if c.moved != "" {
		return c.moved
	}
	return fmt.Sprintf("repos/%s/%s/", PathSegment(c.owner), PathSegment(c.repo))
}

// Renamed says, once the repository turned out to have moved, where GitHub
// redirects it, for a notice; "" otherwise.
func (c *Client) Renamed() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.moved == "" {
		return ""
	}
	return fmt.Sprintf("GitHub redirects %s to %s: the repository was renamed or transferred; use its new name (--repo, GITHUB_REPOSITORY or \"repository\")",
		c.Repository(), strings.TrimSuffix(c.moved, "/"))
}

// movedIssue words where a number's issue went, from the issue GitHub
// answered instead: "other-org/other-repo#5".
func movedIssue(repositoryURL string, number int) string {
	where := repositoryURL
	// equivalent mutant CONDITIONALS_BOUNDARY: GitHub's repository_url is absolute (https://…/repos/…), so "/repos/" is never at 0.
	if i := strings.LastIndex(repositoryURL, "/repos/"); i >= 0 {
		where = repositoryURL[i+len("/repos/"):]
	}
	return fmt.Sprintf("%s#%d", where, number)
}
