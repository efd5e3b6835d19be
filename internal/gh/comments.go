package gh

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v62/github"
)

// Comment is an issue or pull-request comment.
type Comment struct {
	ID     int64
	Body   string
	URL    string // html_url, the link people follow
	Author string // login
	// AuthorType ("Bot", "User") and AuthorAssociation (OWNER, MEMBER,
	// COLLABORATOR, NONE, …) as GitHub records them.
	AuthorType        string
	AuthorAssociation string
}

// TrustedAuthor says a bot (an app installed on the repository, such as
// github-actions[bot]) or someone with write access wrote the comment:
// anyone can comment on a public repository, and a comment that merely
// starts with the tool's hidden marker is not the tool's.
func (c Comment) TrustedAuthor() bool {
	if c.AuthorType == "Bot" {
		return true
	}
	switch c.AuthorAssociation {
	case "OWNER", "MEMBER", "COLLABORATOR":
		return true
	}
	return false
}

func toComment(c *github.IssueComment) Comment {
	return Comment{ID: c.GetID(), Body: c.GetBody(), URL: c.GetHTMLURL(), Author: c.GetUser().GetLogin(),
		AuthorType: c.GetUser().GetType(), AuthorAssociation: c.GetAuthorAssociation()}
}

// PullRequest is the part of a pull request the action reads.
type PullRequest struct {
	Number         int
	State          string // open, closed
	MergeCommitSHA string
	Merged         bool
}

// ListIssueComments returns every comment of issue or pull request number,
// oldest first, reading every page (100 a page).
func (c *Client) ListIssueComments(ctx context.Context, number int) ([]Comment, error) {
	if number <= 0 {
		return nil, fmt.Errorf("listing comments: invalid issue number %d", number)
	}
	var out []Comment
	opt := &github.IssueListCommentsOptions{ListOptions: github.ListOptions{PerPage: 100}}
	for {
		page, resp, err := c.gh.Issues.ListComments(ctx, c.owner, c.repo, number, opt)
		if err != nil {
			return nil, fmt.Errorf("listing comments of #%d in %s: %w", number, c.Repository(), err)
		}
		for _, cm := range page {
			out = append(out, toComment(cm))
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opt.Page = resp.NextPage
	}
}

// CreateIssueComment adds a comment to issue or pull request number.
func (c *Client) CreateIssueComment(ctx context.Context, number int, body string) (Comment, error) {
	cm, _, err := c.gh.Issues.CreateComment(ctx, c.owner, c.repo, number, &github.IssueComment{Body: &body})
	if err != nil {
		return Comment{}, fmt.Errorf("commenting on #%d in %s: %w", number, c.Repository(), err)
	}
	return toComment(cm), nil
}

// EditIssueComment replaces the body of comment id.
func (c *Client) EditIssueComment(ctx context.Context, id int64, body string) (Comment, error) {
	cm, _, err := c.gh.Issues.EditComment(ctx, c.owner, c.repo, id, &github.IssueComment{Body: &body})
	if err != nil {
		return Comment{}, fmt.Errorf("editing comment %d in %s: %w", id, c.Repository(), err)
	}
	return toComment(cm), nil
}

// PullRequestsForCommit returns the pull requests associated with commit
// sha: for a merge commit on the default branch, the pull request that was
// merged (GET /repos/{o}/{r}/commits/{sha}/pulls).
func (c *Client) PullRequestsForCommit(ctx context.Context, sha string) ([]PullRequest, error) {
	if sha == "" {
		return nil, fmt.Errorf("listing pull requests of a commit: no commit sha")
	}
	if !isCommitSHA(sha) {
		// go-github puts it into the path as it is.
		return nil, fmt.Errorf("listing pull requests of a commit: %q is not a commit sha", sha)
	}
	var out []PullRequest
	opt := &github.ListOptions{PerPage: 100}
	for {
		page, resp, err := c.gh.PullRequests.ListPullRequestsWithCommit(ctx, c.owner, c.repo, sha, opt)
		if err != nil {
			return nil, fmt.Errorf("listing pull requests of commit %s in %s: %w", sha, c.Repository(), err)
		}
		for _, pr := range page {
			out = append(out, PullRequest{
				Number:         pr.GetNumber(),
				State:          pr.GetState(),
				MergeCommitSHA: pr.GetMergeCommitSHA(),
				Merged:         pr.GetMerged() || pr.MergedAt != nil,
			})
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opt.Page = resp.NextPage
	}
}

// isCommitSHA says s is a full SHA-1 or SHA-256 commit id.
func isCommitSHA(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("0123456789abcdefABCDEF", rune(s[i])) {
			return false
		}
	}
	return true
}
