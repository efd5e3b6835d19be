package gh

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// APIError is GitHub refusing a request, or not answering it, in words a
// person can act on.
type APIError struct {
	// Status is the HTTP status; 0 when no answer arrived.
	Status int
	// Reason is GitHub's message with its field errors, or the transport's.
	Reason string
	// RateLimited says the primary or secondary rate limit stopped the
	// request; Reset is when the primary one lifts (zero when unknown).
	RateLimited bool
	Reset       time.Time
	// RetryAfter is how long GitHub asked to wait (Retry-After), when it did.
	RetryAfter time.Duration
	// Fields are the fields a 422 names, with the value GitHub refused.
	Fields []FieldError
	err    error
}

// FieldError is one entry of a 422's "errors": a field, GitHub's code
// (invalid, missing, already_exists, custom…) and the value it refused.
type FieldError struct {
	Resource string
	Field    string
	Code     string
	Value    any
}

// AlreadyExists says GitHub refused a create because the object exists.
func (e *APIError) AlreadyExists() bool {
	if e.Status != http.StatusUnprocessableEntity {
		return false
	}
	for _, f := range e.Fields {
		if f.Code == "already_exists" {
			return true
		}
	}
	return false
}

func (e *APIError) Error() string {
	switch {
	case e.Status == 0:
		return "no answer from GitHub: " + e.Reason
	case e.RateLimited:
		return "GitHub's rate limit: " + e.Reason
	}
	return "GitHub says " + e.Reason
}

func (e *APIError) Unwrap() error { return e.err }

// Forbidden says the token may not make this write at all: 401, or a 403
// that is not a rate limit ("Resource not accessible by integration" for a
// GITHUB_TOKEN without issues: write, or the read-only token of a pull
// request from a fork). Every further write would be refused the same way.
func (e *APIError) Forbidden() bool {
	return !e.RateLimited && (e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden)
}

// Uncertain says the request may have been performed although no success
// came back: a 5xx or a lost connection.
func (e *APIError) Uncertain() bool { return e.Status == 0 || e.Status >= 500 }

// apiError turns go-github's and the transport's errors into an *APIError;
// a context's end passes through as it is.
func apiError(err error) error {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var done *APIError
	if errors.As(err, &done) {
		return err
	}
	var rle *github.RateLimitError
	if errors.As(err, &rle) {
		return &APIError{Status: statusOf(rle.Response), Reason: strings.TrimSpace(rle.Message), RateLimited: true, Reset: rle.Rate.Reset.Time, err: err}
	}
	var are *github.AbuseRateLimitError
	if errors.As(err, &are) {
		ae := &APIError{Status: statusOf(are.Response), Reason: strings.TrimSpace(are.Message), RateLimited: true, err: err}
		if are.RetryAfter != nil {
			ae.RetryAfter = *are.RetryAfter
		}
		return ae
	}
	var er *github.ErrorResponse
	if errors.As(err, &er) {
		fields := fieldErrors(er)
		ae := &APIError{Status: statusOf(er.Response), Reason: reason(er, fields), Fields: fields, err: err}
		if ae.Status >= 300 && ae.Status < 400 {
			// Only a write stops at a redirect (checkRedirect): nothing was written.
			ae.Reason = fmt.Sprintf("%d: the write was redirected to %s (the issue was transferred, or the repository moved); nothing was written",
				ae.Status, er.Response.Header.Get("Location"))
		}
		if er.Response != nil && limitAnswered(er.Response.StatusCode, er.Response.Header, er.Message) {
			// go-github knows only 403 limits: GitHub also answers 429 for
			// the primary and secondary limits, and older servers 403 "abuse
			// detection mechanism" without the documentation link it looks for.
			ae.RateLimited = true
			h := er.Response.Header
			if h.Get("X-RateLimit-Remaining") == "0" {
				if reset, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err == nil {
					ae.Reset = time.Unix(reset, 0)
				}
			}
			// equivalent mutant CONDITIONALS_BOUNDARY: Retry-After: 0 would set RetryAfter to 0, what it is without one.
			if secs, err := strconv.Atoi(strings.TrimSpace(h.Get("Retry-After"))); err == nil && secs > 0 {
				ae.RetryAfter = time.Duration(secs) * time.Second
			}
		}
		return ae
	}
	return &APIError{Reason: err.Error(), err: err}
}

// limitAnswered says an answer is one of GitHub's rate limits.
func limitAnswered(status int, h http.Header, message string) bool {
	if status == http.StatusTooManyRequests {
		return true
	}
	if status != http.StatusForbidden {
		return false
	}
	lower := strings.ToLower(message)
	return h.Get("X-RateLimit-Remaining") == "0" || h.Get("Retry-After") != "" ||
		strings.Contains(lower, "secondary rate limit") || strings.Contains(lower, "abuse detection") || strings.Contains(lower, "rate limit exceeded")
}

func statusOf(r *http.Response) int {
	if r == nil {
		return 0
	}
	return r.StatusCode
}

// fieldErrors reads a 422's "errors" with their values: go-github's Error
// drops "value", so the answer's body (which go-github keeps for this) is
// read again.
func fieldErrors(er *github.ErrorResponse) []FieldError {
	var out []FieldError
	if er.Response != nil && er.Response.Body != nil {
		var body struct {
			Errors []struct {
				Resource string `json:"resource"`
				Field    string `json:"field"`
				Code     string `json:"code"`
				Value    any    `json:"value"`
			} `json:"errors"`
		}
		if data, err := io.ReadAll(io.LimitReader(er.Response.Body, 1<<20)); err == nil && json.Unmarshal(data, &body) == nil {
			for _, e := range body.Errors {
				out = append(out, FieldError{Resource: e.Resource, Field: e.Field, Code: e.Code, Value: e.Value})
			}
			return out
		}
	}
	for _, e := range er.Errors {
		out = append(out, FieldError{Resource: e.Resource, Field: e.Field, Code: e.Code})
	}
	return out
}

// reason words GitHub's answer: "color is invalid", "assignees is invalid
// (nobody)", "name already exists", or the message itself.
func reason(er *github.ErrorResponse, fields []FieldError) string {
	var parts []string
	for i, e := range er.Errors {
		var value any
		// equivalent mutant CONDITIONALS_BOUNDARY: fields has one entry per entry of er.Errors (both are read from the same answer), so i never reaches len(fields).
		if i < len(fields) && fields[i].Field == e.Field {
			value = fields[i].Value
		}
		switch {
		case e.Message != "":
			parts = append(parts, e.Message)
		case e.Field != "" && value != nil:
			parts = append(parts, fmt.Sprintf("%s %s (%v)", e.Field, codeWords(e.Code), value))
		case e.Field != "":
			parts = append(parts, e.Field+" "+codeWords(e.Code))
		case e.Code != "":
			parts = append(parts, codeWords(e.Code))
		}
	}
	if len(parts) > 0 {
		return strings.Join(parts, "; ")
	}
	msg := strings.TrimSpace(er.Message)
	if msg == "" && er.Response != nil {
		msg = fmt.Sprintf("%d %s", er.Response.StatusCode, http.StatusText(er.Response.StatusCode))
	}
	return msg
}

// codeWords spells out the validation codes GitHub documents.
func codeWords(code string) string {
	switch code {
	case "missing":
		return "does not exist"
	case "missing_field":
		return "is required"
	case "invalid":
		return "is invalid"
	case "already_exists":
		return "already exists"
	case "unprocessable":
		return "can't be processed"
	}
	return strings.ReplaceAll(code, "_", " ")
}

func (c *Client) send(ctx context.Context, method, path string, body, out any) error {
	req, err := c.gh.NewRequest(method, path, body)
	if err != nil {
		return err
	}
	_, err = c.gh.Do(ctx, req, out)
	return c.apiError(err)
}

// apiError is the package's apiError with the time a limit lifts filled in
// from Retry-After, by the client's clock.
func (c *Client) apiError(err error) error {
	err = apiError(err)
	var ae *APIError
	if errors.As(err, &ae) && ae.RateLimited && ae.Reset.IsZero() && ae.RetryAfter > 0 {
		ae.Reset = c.now().Add(ae.RetryAfter)
	}
	return err
}

// labelPath is a label's path: go-github v62 leaves `/`, spaces and `%`
// in names unescaped, so the name is escaped here, "." and ".." included.
func (c *Client) labelPath(name string) string {
	return c.path("labels/%s", PathSegment(name))
}

// CreateLabel creates a label; color and description are left to GitHub
// when nil.
func (c *Client) CreateLabel(ctx context.Context, name string, color, description *string) error {
	body := map[string]any{"name": name}
	if color != nil {
		body["color"] = *color
	}
	if description != nil {
		body["description"] = *description
	}
	var l labelJSON
	if err := c.send(ctx, http.MethodPost, c.path("labels"), body, &l); err != nil {
		return err
	}
	c.nodes.set(labelNode(l.Name), l.NodeID)
	return nil
}

// labelJSON is what the client keeps of a label write's answer: its node id, for GraphQL.
type labelJSON struct {
	Name   string `json:"name"`
	NodeID string `json:"node_id"`
}

// UpdateLabel changes the label GitHub knows as current. A rename is sent
// as new_name, which keeps the label on every issue that carries it.
func (c *Client) UpdateLabel(ctx context.Context, current string, newName, color, description *string) error {
	body := map[string]any{}
	if newName != nil {
		body["new_name"] = *newName
	}
	if color != nil {
		body["color"] = *color
	}
	if description != nil {
		body["description"] = *description
	}
	var l labelJSON
	if err := c.send(ctx, http.MethodPatch, c.labelPath(current), body, &l); err != nil {
		return err
	}
	c.nodes.set(labelNode(l.Name), l.NodeID)
	return nil
}

// GetLabel returns a label, or nil when there is none by that name.
func (c *Client) GetLabel(ctx context.Context, name string) (*state.Label, error) {
	var l struct {
		Name        string  `json:"name"`
		Color       string  `json:"color"`
		Description *string `json:"description"`
	}
	if err := c.send(ctx, http.MethodGet, c.labelPath(name), nil, &l); err != nil {
		if isStatus(err, http.StatusNotFound) {
			return nil, nil
		}
		return nil, err
	}
	out := &state.Label{Name: l.Name, Color: l.Color}
	if l.Description != nil {
		out.Description = *l.Description
	}
	return out, nil
}

func isStatus(err error, status int) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.Status == status
}

// DueOnTimestamp is the due_on GitHub stores as the calendar date given:
// it keeps the Pacific date of the instant, so midnight UTC would land a
// day early; noon UTC is the same date in Pacific time, summer and winter.
func DueOnTimestamp(date string) string { return date + "T12:00:00Z" }

// MilestoneFields holds a milestone's fields to send; nil leaves one
// alone. DueOn "" clears the due date.
type MilestoneFields struct {
	Title, Description, DueOn, State *string
}

func (f MilestoneFields) body() map[string]any {
	body := map[string]any{}
	if f.Title != nil {
		body["title"] = *f.Title
	}
	if f.Description != nil {
		body["description"] = *f.Description
	}
	if f.DueOn != nil {
		if *f.DueOn == "" {
			body["due_on"] = nil
		} else {
			body["due_on"] = DueOnTimestamp(*f.DueOn)
		}
	}
	if f.State != nil {
		body["state"] = *f.State
	}
	return body
}

type milestoneJSON struct {
	NodeID  string `json:"node_id"`
	Number  int    `json:"number"`
	Title   string `json:"title"`
	HTMLURL string `json:"html_url"`
}

// CreateMilestone creates a milestone and returns its number and URL.
func (c *Client) CreateMilestone(ctx context.Context, f MilestoneFields) (int, string, error) {
	var m milestoneJSON
	if err := c.send(ctx, http.MethodPost, c.path("milestones"), f.body(), &m); err != nil {
		return 0, "", err
	}
	c.nodes.set(milestoneNode(m.Number), m.NodeID)
	return m.Number, m.HTMLURL, nil
}

// UpdateMilestone changes milestone number and returns its URL.
func (c *Client) UpdateMilestone(ctx context.Context, number int, f MilestoneFields) (string, error) {
	var m milestoneJSON
	if err := c.send(ctx, http.MethodPatch, c.path("milestones/%d", number), f.body(), &m); err != nil {
		return "", err
	}
	return m.HTMLURL, nil
}

// IssueFields is the JSON body of an issue create or update, by GitHub's
// field names: title, body, labels, milestone (a number or nil),
// assignees, type (a name or nil), state, state_reason, duplicate_issue_id.
type IssueFields map[string]any

// CreateIssue creates an issue with every field in the one request, so
// its marker and managed label exist from its first moment.
func (c *Client) CreateIssue(ctx context.Context, f IssueFields) (state.Issue, error) {
	var j issueJSON
	if err := c.send(ctx, http.MethodPost, c.path("issues"), map[string]any(f), &j); err != nil {
		return state.Issue{}, err
	}
	c.nodes.set(issueNode(j.Number), j.NodeID)
	return j.toState(), nil
}

// UpdateIssue sends every changed field of issue number in one PATCH.
func (c *Client) UpdateIssue(ctx context.Context, number int, f IssueFields) (state.Issue, error) {
	var j issueJSON
	if err := c.send(ctx, http.MethodPatch, c.path("issues/%d", number), map[string]any(f), &j); err != nil {
		return state.Issue{}, err
	}
	return j.toState(), nil
}

// AddSubIssue makes the issue with id childID a sub-issue of parent,
// moving it from any other parent: the roadmap says where it belongs. A
// server without sub-issues answers *state.UnsupportedError, and nothing
// more is sent for them.
func (c *Client) AddSubIssue(ctx context.Context, parent int, childID int64) error {
	if why, ok := c.lacks(state.FeatureSubIssues); ok {
		return &state.UnsupportedError{Feature: state.FeatureSubIssues, Why: why}
	}
	err := c.send(ctx, http.MethodPost, c.path("issues/%d/sub_issues", parent),
		map[string]any{"sub_issue_id": childID, "replace_parent": true}, nil)
	if err != nil {
		return c.unsupported(state.FeatureSubIssues, err)
	}
	return nil
}

// AddBlockedBy records that issue number is blocked by the issue with id
// blockerID; *state.UnsupportedError on a server without dependencies.
func (c *Client) AddBlockedBy(ctx context.Context, number int, blockerID int64) error {
	if why, ok := c.lacks(state.FeatureDependencies); ok {
		return &state.UnsupportedError{Feature: state.FeatureDependencies, Why: why}
	}
	err := c.send(ctx, http.MethodPost, c.path("issues/%d/dependencies/blocked_by", number),
		map[string]any{"issue_id": blockerID}, nil)
	if err != nil {
		return c.unsupported(state.FeatureDependencies, err)
	}
	return nil
}

// FindMilestone returns the number and URL of the milestone titled title,
// open or closed; 0 when there is none.
func (c *Client) FindMilestone(ctx context.Context, title string) (int, error) {
	all, err := c.ListMilestones(ctx)
	if err != nil {
		return 0, err
	}
	for _, m := range all {
		if m.Title == title {
			return m.Number, nil
		}
	}
	return 0, nil
}

// NewestManaged returns the newest issues (one page of 100) carrying label
// whose marker a trusted author wrote, by the id it names, the lowest
// number first for an id found twice: the issues another run, or a create
// whose answer was lost, may have just made.
func (c *Client) NewestManaged(ctx context.Context, label string) (map[string]state.Issue, error) {
	path := c.path("issues?state=all&sort=created&direction=desc&per_page=100&labels=%s", url.QueryEscape(label))
	var batch []issueJSON
	if err := c.send(ctx, http.MethodGet, path, nil, &batch); err != nil {
		return nil, err
	}
	out := map[string]state.Issue{}
	for i := range batch {
		if batch[i].PullRequest != nil {
			continue
		}
		is := batch[i].toState()
		id, ok := roadmap.ParseMarker(is.Body)
		if !ok || !is.TrustedAuthor() {
			continue
		}
		// equivalent mutant CONDITIONALS_BOUNDARY: two issues never share a number.
		if prev, dup := out[id]; !dup || is.Number < prev.Number {
			out[id] = is
		}
	}
	return out, nil
}

// FindNewIssue looks for the issue carrying id's marker among the newest
// issues labelled label: the one a create whose answer was lost may have
// made. It reads one page.
func (c *Client) FindNewIssue(ctx context.Context, label, id string) (*state.Issue, error) {
	found, err := c.NewestManaged(ctx, label)
	if err != nil {
		return nil, err
	}
	if is, ok := found[id]; ok {
		return &is, nil
	}
	return nil, nil
}
