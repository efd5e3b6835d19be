package action

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"

	"github.com/google/go-github/v62/github"

	"github.com/roadmap-as-code/roadmap/internal/gh"
)

// planMarker is the hidden first line of the plan comment, by which a later
// run finds the same comment again: one comment per pull request and
// roadmap file.
func planMarker(roadmapPath string) string {
	return "<!-- roadmap-as-code plan: " + markerPath(roadmapPath) + " -->"
}

// applyMarker is the hidden first line of the apply report commented on a
// merged pull request.
func applyMarker(roadmapPath string) string {
	return "<!-- roadmap-as-code apply: " + markerPath(roadmapPath) + " -->"
}

// markerPath keeps a path from ending the HTML comment or the line.
func markerPath(p string) string {
	return strings.NewReplacer("-->", "--&gt;", "\r", " ", "\n", " ").Replace(p)
}

// hasMarker says the comment body starts with the marker line exactly. A
// marker for another roadmap path, or a quote of the marker ("> <!-- …"),
// does not match.
func hasMarker(body, marker string) bool {
	first, _, _ := strings.Cut(body, "\n")
	return strings.TrimSpace(first) == marker
}

// findComment returns the oldest comment carrying the marker that a bot or
// someone with write access wrote, or nil: a stranger's comment that starts
// with the marker is never edited.
func findComment(comments []gh.Comment, marker string) *gh.Comment {
	for i := range comments {
		if hasMarker(comments[i].Body, marker) && comments[i].TrustedAuthor() {
			return &comments[i]
		}
	}
	return nil
}

// commenter is the part of the GitHub client the comment needs.
type commenter interface {
	ListIssueComments(ctx context.Context, number int) ([]gh.Comment, error)
	CreateIssueComment(ctx context.Context, number int, body string) (gh.Comment, error)
	EditIssueComment(ctx context.Context, id int64, body string) (gh.Comment, error)
}

// upsertResult says what upsertComment did.
type upsertResult int

const (
	commentCreated upsertResult = iota
	commentEdited
	commentUnchanged // the comment already says exactly this
	commentSkipped   // no comment yet, and nothing worth starting one for
)

// upsertComment edits the pull request's comment carrying marker to body,
// or creates it. With onlyEdit, a missing comment is not created.
func upsertComment(ctx context.Context, c commenter, number int, marker, body string, onlyEdit bool) (gh.Comment, upsertResult, error) {
	comments, err := c.ListIssueComments(ctx, number)
	if err != nil {
		return gh.Comment{}, 0, err
	}
	if old := findComment(comments, marker); old != nil {
		if sameComment(old.Body, body) {
			return *old, commentUnchanged, nil
		}
		cm, err := c.EditIssueComment(ctx, old.ID, body)
		return cm, commentEdited, err
	}
	if onlyEdit {
		return gh.Comment{}, commentSkipped, nil
	}
	cm, err := c.CreateIssueComment(ctx, number, body)
	return cm, commentCreated, err
}

// updatedTime is the footer's "updated …" time, which a rerun on the same
// commit changes although nothing else did.
var updatedTime = regexp.MustCompile(`updated \d{4}-\d\d-\d\d \d\d:\d\d UTC`)

// sameComment says two comment bodies differ in their updated time at most:
// the comment then stays as it is, and so does its notification silence.
func sameComment(a, b string) bool {
	return a == b || updatedTime.ReplaceAllString(a, "") == updatedTime.ReplaceAllString(b, "")
}

// isForbidden says GitHub refused the request for lack of permission: the
// read-only token of a pull request from a fork, or a workflow without
// pull-requests: write.
func isForbidden(err error) bool {
	var er *github.ErrorResponse
	return errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == http.StatusForbidden
}
