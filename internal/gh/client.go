// Package gh is the one implementation of the tool's GitHub access, on
// go-github v62, with raw requests for the APIs v62 lacks (issue types,
// sub-issues, dependencies).
package gh

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	_ "time/tzdata" // GitHub's due dates are Pacific dates, wherever this runs

	"github.com/google/go-github/v62/github"
	"golang.org/x/time/rate"

	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// DefaultAPIURL is github.com's REST API root.
const DefaultAPIURL = "https://api.github.com"

// Client talks to one repository.
type Client struct {
	gh            *github.Client
	owner, repo   string
	reads, writes atomic.Int64
	sleep         Sleeper
	now           func() time.Time
	maxRetries    int

	// featureMu guards what is known of the server: the features it lacks
	// (nil until Features asked or a 404 told) and its name.
	featureMu sync.Mutex
	missing   map[string]string
	server    string

	progress func(Page)

	// own holds the repository_url values (lower-cased) GitHub gave this
	// repository's own issues, so relations and single reads can tell an
	// issue of another repository (a cross-repository sub-issue, an issue
	// transferred away) from one of this repository with the same number.
	mu  sync.Mutex
	own map[string]bool
	// moved is the path prefix the repository answers at after GitHub
	// redirected it (renamed or transferred), "" before.
	moved string

	// graphQL is the GraphQL endpoint (graphql.go); gql counts its requests and points.
	graphQL *url.URL
	gql     graphQLCounters
	api     string
	// nodes are the GraphQL node ids the client has seen (graphql_write.go).
	nodes    nodeIDs
	readerMu sync.Mutex
	reader   state.Reader
}

// Reader is what plans and imports read the repository through: by default a GraphQLReader
// (GraphQL, with REST for what it lacks), the client itself (REST alone) with
// Options.API = APIREST (ROADMAP_API=rest). The same one each call.
func (c *Client) Reader() state.Reader {
	c.readerMu.Lock()
	defer c.readerMu.Unlock()
	if c.reader == nil {
		if c.api == APIREST {
			c.reader = c
		} else {
			c.reader = NewGraphQLReader(c)
		}
	}
	return c.reader
}

// Page is one page of a list read, for progress reports: What is being
// listed, Page its 1-based number, Items how many items so far.
type Page struct {
	What  string
	Page  int
	Items int
}

// Options configure a Client.
type Options struct {
	Token string
	// APIURL is the REST root: https://api.github.com, https://HOST/api/v3 on
	// GitHub Enterprise Server, or a test server's http://127.0.0.1:PORT.
	APIURL     string
	Repository string // OWNER/NAME
	HTTPClient *http.Client

	// WriteInterval is the pause between writes; 0 sends them back to
	// back. Negative means DefaultWriteInterval.
	WriteInterval time.Duration
	// MaxRetries bounds the tries after a 5xx or a lost connection
	// (0: DefaultMaxRetries; negative: none).
	MaxRetries int
	// MaxWait is the longest wait for a rate limit (0: DefaultMaxWait).
	MaxWait time.Duration
	// AttemptTimeout bounds each attempt of a request (0:
	// DefaultAttemptTimeout); an HTTPClient's own Timeout would also cover
	// the waits between attempts, so leave it 0.
	AttemptTimeout time.Duration
	// Sleep and Now replace the real clock in tests.
	Sleep Sleeper
	Now   func() time.Time
	// Progress, when set, hears of every page of issues read: a long
	// import says how far it is.
	Progress func(Page)
	// API is what Reader reads through: APIGraphQL (the default, "") or APIREST.
	API string
}

// New returns a client for opts.Repository.
func New(opts Options) (*Client, error) {
	owner, repo, err := roadmap.ParseRepository(opts.Repository)
	if err != nil {
		return nil, err
	}
	apiURL := opts.APIURL
	if apiURL == "" {
		apiURL = DefaultAPIURL
	}
	base, err := url.Parse(strings.TrimRight(apiURL, "/") + "/")
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") {
		return nil, fmt.Errorf("API URL %q is not an http(s) URL", apiURL)
	}
	// No client-wide timeout: it would cover the transport's waits for rate
	// limits, and end a long wait as a failed change. Each attempt has its
	// own (AttemptTimeout).
	hc := opts.HTTPClient
	if hc == nil {
		hc = &http.Client{}
	}
	c := &Client{owner: owner, repo: repo, sleep: opts.Sleep, now: opts.Now, maxRetries: opts.MaxRetries, progress: opts.Progress, api: opts.API}
	if c.sleep == nil {
		c.sleep = Sleep
	}
	if c.now == nil {
		c.now = time.Now
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = DefaultMaxRetries
	// equivalent mutant CONDITIONALS_BOUNDARY: 0 is taken by the case above, so < 0 and <= 0 pick the same values.
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	interval := opts.WriteInterval
	if interval < 0 {
		interval = DefaultWriteInterval
	}
	limit := rate.Inf
	// equivalent mutant CONDITIONALS_BOUNDARY: rate.Every(0) is rate.Inf, so a zero interval paces nothing either way.
	if interval > 0 {
		limit = rate.Every(interval)
	}
	maxWait := opts.MaxWait
	if maxWait <= 0 {
		maxWait = DefaultMaxWait
	}
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	wrapped := *hc
	if wrapped.CheckRedirect == nil {
		wrapped.CheckRedirect = c.checkRedirect
	}
	wrapped.Transport = &patient{
		next: next, now: c.now, sleep: c.sleep, maxRetries: c.maxRetries, maxWait: maxWait, attemptTimeout: opts.AttemptTimeout,
		limiter:      rate.NewLimiter(limit, 1),
		countRead:    func() { c.reads.Add(1) },
		countWrite:   func() { c.writes.Add(1) },
		countGraphQL: func() { c.gql.requests.Add(1) },
	}
	c.gh = github.NewClient(&wrapped)
	if opts.Token != "" {
		c.gh = c.gh.WithAuthToken(opts.Token)
	}
	c.gh.BaseURL = base
	c.gh.UploadURL = base
	c.graphQL = GraphQLURL(base)
	return c, nil
}

// Requests returns how many HTTP requests the client has sent, retries included.
func (c *Client) Requests() int { return c.Reads() + c.Writes() }

// Reads returns how many GET requests and GraphQL queries the client has sent.
func (c *Client) Reads() int { return int(c.reads.Load()) }

// Writes returns how many POST, PATCH, PUT and DELETE requests (GraphQL queries
// aside) the client has sent.
func (c *Client) Writes() int { return int(c.writes.Load()) }

// Repository returns OWNER/NAME.
func (c *Client) Repository() string { return c.owner + "/" + c.repo }

func (c *Client) path(format string, args ...any) string {
	c.mu.Lock()
	prefix := c.prefixLocked()
	c.mu.Unlock()
	return prefix + fmt.Sprintf(format, args...)
}

// PathSegment escapes s as one segment of a URL path. Beyond what
// url.PathEscape does ('/', '?', '#', '%', spaces), the segments "." and
// ".." are escaped as %2E: left as they are, URL resolution removes them,
// and PATCH …/labels/.. would become PATCH /repos/OWNER/REPO/ — GitHub's
// "update a repository".
func PathSegment(s string) string {
	switch s {
	case ".":
		return "%2E"
	case "..":
		return "%2E%2E"
	}
	return url.PathEscape(s)
}

// DefaultBranch returns the repository's default branch: the action asks
// when the event payload does not say (a schedule's names only its cron).
func (c *Client) DefaultBranch(ctx context.Context) (string, error) {
	req, err := c.gh.NewRequest(http.MethodGet, strings.TrimSuffix(c.path(""), "/"), nil)
	if err != nil {
		return "", err
	}
	var repo struct {
		DefaultBranch string `json:"default_branch"`
	}
	if _, err := c.gh.Do(ctx, req, &repo); err != nil {
		return "", fmt.Errorf("reading %s: %w", c.Repository(), err)
	}
	if repo.DefaultBranch == "" {
		return "", fmt.Errorf("reading %s: GitHub names no default branch", c.Repository())
	}
	return repo.DefaultBranch, nil
}

// ListLabels returns every label of the repository.
func (c *Client) ListLabels(ctx context.Context) ([]state.Label, error) {
	var out []state.Label
	opt := &github.ListOptions{PerPage: 100}
	for {
		page, resp, err := c.gh.Issues.ListLabels(ctx, c.owner, c.repo, opt)
		if err != nil {
			return nil, fmt.Errorf("listing labels of %s: %w", c.Repository(), err)
		}
		for _, l := range page {
			out = append(out, state.Label{Name: l.GetName(), Color: l.GetColor(), Description: l.GetDescription()})
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opt.Page = resp.NextPage
	}
}

var pacific = mustLocation("America/Los_Angeles")

func mustLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // time/tzdata is linked in: this can't fail
	}
	return loc
}

// PacificDate is the calendar date GitHub means by a due_on timestamp.
func PacificDate(t time.Time) string { return t.In(pacific).Format(time.DateOnly) }

// ListMilestones returns every milestone, open and closed: a closed one
// still holds its title.
func (c *Client) ListMilestones(ctx context.Context) ([]state.Milestone, error) {
	var out []state.Milestone
	opt := &github.MilestoneListOptions{State: "all", ListOptions: github.ListOptions{PerPage: 100}}
	for {
		page, resp, err := c.gh.Issues.ListMilestones(ctx, c.owner, c.repo, opt)
		if err != nil {
			return nil, fmt.Errorf("listing milestones of %s: %w", c.Repository(), err)
		}
		for _, m := range page {
			ms := state.Milestone{Number: m.GetNumber(), Title: m.GetTitle(), Description: m.GetDescription(), State: m.GetState(),
				OpenIssues: m.GetOpenIssues(), ClosedIssues: m.GetClosedIssues()}
			if m.DueOn != nil {
				ms.DueOn = PacificDate(m.DueOn.Time)
			}
			out = append(out, ms)
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opt.Page = resp.NextPage
	}
}

// issueJSON is the part of GitHub's issue the tool reads; v62's Issue lacks
// "type" and the sub-issue and dependency summaries.
type issueJSON struct {
	ID            int64   `json:"id"`
	NodeID        string  `json:"node_id"`
	Number        int     `json:"number"`
	RepositoryURL string  `json:"repository_url"`
	Comments      int     `json:"comments"`
	Title         string  `json:"title"`
	Body          *string `json:"body"`
	State         string  `json:"state"`
	StateReason   *string `json:"state_reason"`
	HTMLURL       string  `json:"html_url"`
	Labels        []struct {
		Name string `json:"name"`
	} `json:"labels"`
	Milestone *struct {
		Title string `json:"title"`
	} `json:"milestone"`
	Assignees []struct {
		Login string `json:"login"`
	} `json:"assignees"`
	Type *struct {
		Name string `json:"name"`
	} `json:"type"`
	PullRequest any `json:"pull_request"`
	User        *struct {
		Login string `json:"login"`
		Type  string `json:"type"`
	} `json:"user"`
	AuthorAssociation string    `json:"author_association"`
	CreatedAt         time.Time `json:"created_at"`
	Reactions         *struct {
		TotalCount int `json:"total_count"`
	} `json:"reactions"`
	SubIssuesSummary *struct {
		Total int `json:"total"`
	} `json:"sub_issues_summary"`
	DependenciesSummary *struct {
		TotalBlockedBy int `json:"total_blocked_by"`
	} `json:"issue_dependencies_summary"`
}

func (j *issueJSON) toState() state.Issue {
	is := state.Issue{ID: j.ID, Number: j.Number, Title: j.Title, State: j.State, URL: j.HTMLURL, Comments: j.Comments, NodeID: j.NodeID}
	if j.Reactions != nil {
		is.Reactions = j.Reactions.TotalCount
	}
	if j.SubIssuesSummary != nil {
		is.SubIssueCount = j.SubIssuesSummary.Total
	}
	if j.DependenciesSummary != nil {
		is.BlockedByCount = j.DependenciesSummary.TotalBlockedBy
	}
	if j.Body != nil {
		is.Body = *j.Body
	}
	if j.StateReason != nil {
		is.StateReason = *j.StateReason
	}
	for _, l := range j.Labels {
		is.Labels = append(is.Labels, l.Name)
	}
	if j.Milestone != nil {
		is.Milestone = j.Milestone.Title
	}
	for _, a := range j.Assignees {
		is.Assignees = append(is.Assignees, a.Login)
	}
	if j.Type != nil {
		is.Type = j.Type.Name
	}
	if j.User != nil {
		is.Author, is.AuthorType = j.User.Login, j.User.Type
	}
	is.AuthorAssociation, is.Created = j.AuthorAssociation, j.CreatedAt
	return is
}

// list GETs every page of path (which has its own query) into issues.
func (c *Client) listIssues(ctx context.Context, path, what string) ([]issueJSON, error) {
	var out []issueJSON
	for page := 1; ; {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		req, err := c.gh.NewRequest(http.MethodGet, fmt.Sprintf("%s%sper_page=100&page=%d", path, sep, page), nil)
		if err != nil {
			return nil, err
		}
		var batch []issueJSON
		resp, err := c.gh.Do(ctx, req, &batch)
		if err != nil {
			return nil, fmt.Errorf("listing %s: %w", what, err)
		}
		out = append(out, batch...)
		if c.progress != nil {
			c.progress(Page{What: what, Page: page, Items: len(out)})
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		page = resp.NextPage
	}
}

// ListIssues lists issues in every state, only those carrying label when
// it is not "". Pull requests, which GitHub lists among issues, are dropped.
func (c *Client) ListIssues(ctx context.Context, label string) ([]state.Issue, error) {
	path := c.path("issues?state=all")
	what := "issues of " + c.Repository()
	if label != "" {
		path += "&labels=" + url.QueryEscape(label)
		what = fmt.Sprintf("issues labelled %q in %s", label, c.Repository())
	}
	raw, err := c.listIssues(ctx, path, what)
	if err != nil {
		return nil, err
	}
	out := make([]state.Issue, 0, len(raw))
	for i := range raw {
		c.learnOwn(raw[i].RepositoryURL)
		if raw[i].PullRequest == nil {
			out = append(out, raw[i].toState())
		}
	}
	return out, nil
}

// learnOwn records u as a repository_url of this repository: the one a
// listing of its own issues carries (after a rename, GitHub's new name).
func (c *Client) learnOwn(u string) {
	if u == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.own == nil {
		c.own = map[string]bool{}
	}
	c.own[strings.ToLower(u)] = true
}

// isOwn reports whether an issue's repository_url is this repository's:
// one seen on its own issue list, or one ending in /repos/OWNER/NAME.
// Without a repository_url the issue is taken to be this repository's.
func (c *Client) isOwn(u string) bool {
	if u == "" {
		return true
	}
	lower := strings.ToLower(u)
	c.mu.Lock()
	seen := c.own[lower]
	c.mu.Unlock()
	return seen || strings.HasSuffix(lower, strings.ToLower("/repos/"+c.owner+"/"+c.repo))
}

// GetIssue returns issue number, or nil when it does not exist or is a pull request.
func (c *Client) GetIssue(ctx context.Context, number int) (*state.Issue, error) {
	req, err := c.gh.NewRequest(http.MethodGet, c.path("issues/%d", number), nil)
	if err != nil {
		return nil, err
	}
	var j issueJSON
	if _, err := c.gh.Do(ctx, req, &j); err != nil {
		var er *github.ErrorResponse
		if errors.As(err, &er) && er.Response != nil && (er.Response.StatusCode == http.StatusNotFound || er.Response.StatusCode == http.StatusGone) {
			return nil, nil
		}
		return nil, fmt.Errorf("reading issue #%d of %s: %w", number, c.Repository(), err)
	}
	if j.PullRequest != nil {
		return nil, nil
	}
	// A transferred issue answers 301 to its new repository, which the
	// HTTP client follows: the answer is another repository's issue, and
	// must never be taken for this number.
	if j.Number != number || !c.isOwn(j.RepositoryURL) {
		return &state.Issue{Number: number, MovedTo: movedIssue(j.RepositoryURL, j.Number)}, nil
	}
	is := j.toState()
	return &is, nil
}

// ListSubIssues returns the numbers of an issue's sub-issues; a
// *state.UnsupportedError when the server has no sub-issues.
func (c *Client) ListSubIssues(ctx context.Context, number int) ([]int, error) {
	if why, ok := c.lacks(state.FeatureSubIssues); ok {
		return nil, &state.UnsupportedError{Feature: state.FeatureSubIssues, Why: why}
	}
	nums, err := c.numbers(ctx, c.path("issues/%d/sub_issues", number), fmt.Sprintf("sub-issues of #%d", number))
	if err != nil {
		return nil, c.unsupported(state.FeatureSubIssues, err)
	}
	return nums, nil
}

// ListBlockedBy returns the numbers of the issues blocking an issue; a
// *state.UnsupportedError when the server has no issue dependencies.
func (c *Client) ListBlockedBy(ctx context.Context, number int) ([]int, error) {
	if why, ok := c.lacks(state.FeatureDependencies); ok {
		return nil, &state.UnsupportedError{Feature: state.FeatureDependencies, Why: why}
	}
	nums, err := c.numbers(ctx, c.path("issues/%d/dependencies/blocked_by", number), fmt.Sprintf("issues blocking #%d", number))
	if err != nil {
		return nil, c.unsupported(state.FeatureDependencies, err)
	}
	return nums, nil
}

func (c *Client) numbers(ctx context.Context, path, what string) ([]int, error) {
	raw, err := c.listIssues(ctx, path, what)
	if err != nil {
		return nil, err
	}
	// A sub-issue or blocker may live in another repository of the same
	// owner; its number would name a different issue here, so it is left out.
	out := make([]int, 0, len(raw))
	for i := range raw {
		if c.isOwn(raw[i].RepositoryURL) {
			out = append(out, raw[i].Number)
		}
	}
	return out, nil
}
