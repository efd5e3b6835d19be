// Package githubfake is a stateful, in-memory fake of the parts of the GitHub REST API that
// Roadmap as Code uses, served over HTTP by net/http/httptest. Every test of the project that
// touches GitHub talks to it instead of api.github.com.
//
// It behaves like GitHub, not like our code's assumptions: it is checked against GitHub's own
// published material (the OpenAPI description in @octokit/openapi and real recorded traffic in
// @octokit/fixtures; see contract_test.go and testdata/README.md). Behaviours worth knowing:
//
//   - List endpoints paginate like GitHub: per_page (default 30, max 100) and page, with a Link
//     header (rel prev, next, last, first) whose URLs point at /repositories/{repo_id}/…; those
//     paths are served too.
//   - GET …/issues returns pull requests too (they carry a "pull_request" key); issues and
//     milestones default to state=open.
//   - Label names match case-insensitively; labels given to an issue that do not exist are created
//     with color "ededed"; a label name in a path may be URL-escaped (area%2Fcollab, good%20first%20issue).
//   - An issue's body is JSON null when it is unset or empty, never "".
//   - A milestone's due_on is stored as a US Pacific date and answered as that date's Pacific
//     midnight in UTC (T07:00:00Z in summer, T08:00:00Z in winter): "2026-01-16T00:00:00Z" is
//     answered as "2026-01-15T08:00:00Z".
//   - Errors have GitHub's shape: 404 {"message":"Not Found"}, 422 {"message":"Validation Failed",
//     "errors":[{"resource","code","field"}]}, each with a documentation_url.
//   - Every response carries x-ratelimit-* headers (5000 a window, decremented per request),
//     x-github-request-id and Content-Type "application/json; charset=utf-8".
//   - Any "Authorization: Bearer X" or "token X" is accepted and acts as github-actions[bot]
//     (type Bot), or as the login AddToken gave X; without the header reads work (every
//     repository is public) and writes answer 401 {"message":"Requires authentication"}.
//   - Issues and comments record their author; "user" and "author_association" are served as
//     GitHub does (SetAssociation; by default the owner is OWNER, octocat MEMBER, bots and
//     everyone else NONE). Without push access (bots and OWNER, MEMBER, COLLABORATOR have it) a
//     user may open issues and comment, edit only their own, and labels, milestone and
//     assignees they send are silently dropped, as the create/update docs say; any other write
//     answers 403 "Must have admin rights to Repository.".
//   - PATCH …/labels/{name} renames with "new_name", as documented and recorded; a "name" key
//     does not rename (go-github v62's EditLabel sends "name").
//   - Creating answers 201 with a Location header. sub_issue_id and issue_id take an issue's id
//     (not its number) as a JSON integer; issue ids never equal issue numbers.
//
// Endpoints (each also under /repositories/{id} in place of /repos/{owner}/{repo}):
//
//	GET  /repos/{o}/{r}
//	GET, POST /repos/{o}/{r}/labels; GET, PATCH, DELETE …/labels/{name}
//	GET, POST /repos/{o}/{r}/milestones; GET, PATCH, DELETE …/milestones/{number}
//	GET, POST /repos/{o}/{r}/issues; GET, PATCH …/issues/{number}
//	GET, POST, PUT, DELETE …/issues/{number}/labels; DELETE …/issues/{number}/labels/{name}
//	GET, POST …/issues/{number}/comments; GET, PATCH, DELETE …/issues/comments/{id}
//	GET, POST …/issues/{number}/sub_issues; DELETE …/issues/{number}/sub_issue; GET …/issues/{number}/parent
//	GET, POST …/issues/{number}/dependencies/blocked_by; DELETE …/blocked_by/{issue_id}; GET …/dependencies/blocking
//	GET  /repos/{o}/{r}/commits/{sha}/pulls
//	GET  /orgs/{org}/issue-types
//	GET  /rate_limit
//	POST /graphql, POST /api/graphql   // GitHub's GraphQL API over the same state: see graphql.go
//
// The Go API:
//
//	f := githubfake.New()   // *Fake, serving; f.Close() stops it; *Fake is also an http.Handler
//	f.URL                   // "http://127.0.0.1:PORT/": usable as GITHUB_API_URL and as go-github's BaseURL
//	f.Client() *http.Client
//	f.Now = func() time.Time {…}   // clock for timestamps and rate limits (default time.Now); set before use
//	githubfake.Actor        // "github-actions[bot]", the identity of every token but AddToken's
//	f.AddToken(token, login)  // requests with token act as login (a second user, a stranger)
//
//	r := f.AddRepo("octo-org", "octo-repo")   // *Repo: id 1000+n, default_branch "main", owner type Organization
//	r.ID() int64; r.FullName() string; r.Owner() string; r.Name() string
//	r.AddLabel(githubfake.Label{Name, Color, Description, Default})  // Color defaults to "ededed"
//	r.AddDefaultLabels()                // githubfake.DefaultLabels: the 9 labels GitHub gives a new repository
//	r.AddMilestone(githubfake.Milestone{Title, Description, State, DueOn: "2026-01-16"}) int  // number
//	r.AddIssue(githubfake.Issue{Title, Body, State, StateReason, Labels, Milestone, Assignees, Type, Author}) int
//	r.AddPullRequest(title string) int                  // shares the issue numbers; listed in /issues
//	r.AddMergedPullRequest(title, mergeSHA string) int  // found by GET …/commits/{sha}/pulls
//	r.AddComment(number int, author, body string) int64 // author "" = github-actions[bot]
//	r.AddIssueTypes("Bug", "Feature", "Task")           // the owner organization's issue types
//	r.SetAssociation(login, "COLLABORATOR")             // login's author_association (and push access)
//	r.SetParent(child, parent int); r.AddBlockedBy(number, blocker int)  // seed relations
//	r.TransferIssue(number, to *Repo) int  // its old number answers 301 to the new one (gone.go)
//	r.DeleteIssue(number)                  // its number answers 410 Gone
//	r.LockIssue(number, reason)            // "locked": true, "active_lock_reason": reason
//
//	// State inspection for assertions; all return copies.
//	r.Labels() []Label; r.Label(name) (Label, bool)
//	r.Milestones() []Milestone; r.Milestone(number) (Milestone, bool)
//	r.Issues() []Issue        // issues and pull requests, by number
//	r.Issue(number) Issue     // zero Issue (Number 0) if there is none
//	r.Comments(number) []Comment
//	r.SubIssues(number) []int // numbers, in the order they were added
//	r.BlockedBy(number) []int // numbers, in the order they were added
//
//	f.Requests() []githubfake.Request  // log: Method, Path (with query), Status, Write, Body
//	f.Reads(), f.Writes() int          // requests received (faulted ones included); f.ResetCounts()
//
//	// Faults, safe for concurrent use; each applies to the next matching request(s), first queued first.
//	f.FailNext(n, status)                          // next n requests: status with a JSON message, nothing performed
//	f.FailNextWrites(n, status)                    // the same, for writes only
//	f.SecondaryLimitNext(n, status, retryAfter)    // 403 or 429 + Retry-After + secondary-rate-limit message
//	f.SecondaryLimitNextWrites(n, status, retryAfter)
//	f.ExhaustPrimary(reset time.Time)              // 403, x-ratelimit-remaining: 0, until f.Now() reaches reset
//	f.ReadOnly(true)                               // writes answer 403 "Resource not accessible by integration"
//	f.AfterWrite(func(k int))                      // called after the k-th successful write is performed,
//	                                               // before its response is sent (1-based; lock released)
//	f.LoseAnswer(githubfake.Lost{Method, Path, Status, Times})  // the next matching write is performed,
//	                                               // then answered a 5xx, or the connection closed (lost.go)
//
// Everything is guarded by one mutex; the handlers are safe under go test -race.
package githubfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	_ "time/tzdata" // the due_on quirk needs America/Los_Angeles on machines without zoneinfo
)

// Actor is the login every authenticated request acts as (the identity of GITHUB_TOKEN).
const Actor = "github-actions[bot]"

// actorID is github-actions[bot]'s user id on github.com.
const actorID = 41898282

// Rate-limit window of the fake, like GitHub's core limit for a token.
const rateLimit = 5000

// Request is one request the fake received.
type Request struct {
	Method string
	Path   string // escaped path with the query, e.g. "/repos/o/r/issues?state=all"
	Status int    // the status the fake answered
	Write  bool   // POST, PATCH, PUT or DELETE; a GraphQL mutation
	Body   string // the request body
	// GraphQL is true for a request to the GraphQL endpoint; Cost is the points it was charged.
	GraphQL bool
	Cost    int
	// Performed says a write was done, whatever was answered: LoseAnswer
	// answers 502 or nothing (Status 0) for a write it performed.
	Performed bool
}

// Fake is a running fake GitHub API server. Create it with New.
type Fake struct {
	// URL is the base URL of the API, with a trailing slash.
	URL string
	// Now is the clock used for timestamps and the rate limit. Set it before sending requests.
	Now func() time.Time

	srv *httptest.Server

	mu         sync.Mutex
	repos      []*Repo
	issueTypes map[string][]*issueType // by lower-case org login
	users      map[string]int64
	tokens     map[string]string // token → login; other tokens act as Actor
	nextID     int64             // labels, milestones, comments, issue types

	requests   []Request
	reads      int
	writes     int
	okWrites   int
	seq        int
	faults     []*fault
	readOnly   bool
	afterWrite func(k int)
	lost       []*Lost

	rateUsed     int
	rateReset    time.Time
	primaryReset time.Time
	// graphql_projects.go
	projects []*Project
	// enterprise.go
	ghesVersion string
	missing     map[string]bool
	// limits.go
	primaryStatus int
	contentCap    int
	contentRetry  bool
	contentLog    []time.Time
	conns         atomic.Int64
	// graphql.go
	gql            gqlState
	servingGraphQL bool
}

type fault struct {
	remaining  int
	writesOnly bool
	status     int
	retryAfter int
	secondary  bool
	abuse      bool
	graphQL200 bool   // graphql.go: answered 200 with an error, GraphQL only
	message    string // the error's message; "" for a secondary limit's
}

// New starts a fake GitHub API server. Close it when done.
func New() *Fake {
	f := &Fake{
		Now:        time.Now,
		issueTypes: map[string][]*issueType{},
		users:      map[string]int64{strings.ToLower(Actor): actorID},
		tokens:     map[string]string{},
		nextID:     5000,
	}
	f.srv = httptest.NewUnstartedServer(f)
	f.srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			f.conns.Add(1)
		}
	}
	f.srv.Start()
	f.URL = f.srv.URL + "/"
	return f
}

// Close stops the server.
func (f *Fake) Close() { f.srv.Close() }

// Client returns an *http.Client for the fake (a plain one; the fake is HTTP).
func (f *Fake) Client() *http.Client { return f.srv.Client() }

// api is the base URL without the trailing slash.
func (f *Fake) api() string { return f.srv.URL }

func (f *Fake) now() time.Time {
	if f.Now == nil {
		return time.Now().UTC().Truncate(time.Second)
	}
	return f.Now().UTC().Truncate(time.Second)
}

// Requests returns a copy of the request log.
func (f *Fake) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Request(nil), f.requests...)
}

// Reads is the number of GET (and HEAD) requests received since the last ResetCounts.
func (f *Fake) Reads() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.reads
}

// Writes is the number of POST, PATCH, PUT and DELETE requests received since the last ResetCounts,
// whatever they were answered.
func (f *Fake) Writes() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.writes
}

// ResetCounts sets Reads and Writes to zero and empties the request log. The count of successful
// writes that AfterWrite sees is not reset.
func (f *Fake) ResetCounts() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads, f.writes = 0, 0
	f.requests = nil
	f.gql.requests, f.gql.points = 0, 0
}

// FailNext makes the next n requests answer status (e.g. 502) with a JSON message, performing nothing.
func (f *Fake) FailNext(n int, status int) {
	f.addFault(&fault{remaining: n, status: status})
}

// FailNextWrites is FailNext for the next n write requests only; reads pass.
func (f *Fake) FailNextWrites(n int, status int) {
	f.addFault(&fault{remaining: n, status: status, writesOnly: true})
}

// SecondaryLimitNext makes the next n requests answer status (403 or 429) as GitHub's secondary
// rate limit does: a Retry-After header of retryAfter seconds (none when retryAfter is 0) and the
// secondary-rate-limit message.
func (f *Fake) SecondaryLimitNext(n int, status int, retryAfter int) {
	f.addFault(&fault{remaining: n, status: status, retryAfter: retryAfter, secondary: true})
}

// SecondaryLimitNextWrites is SecondaryLimitNext for the next n write requests only.
func (f *Fake) SecondaryLimitNextWrites(n int, status int, retryAfter int) {
	f.addFault(&fault{remaining: n, status: status, retryAfter: retryAfter, secondary: true, writesOnly: true})
}

func (f *Fake) addFault(ft *fault) {
	if ft.remaining <= 0 {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = append(f.faults, ft)
}

// ExhaustPrimary exhausts the primary rate limit until reset: every request answers 403 with
// x-ratelimit-remaining 0, x-ratelimit-reset reset.Unix() and "API rate limit exceeded for …",
// until f.Now() reaches reset, when a new window of 5000 begins.
func (f *Fake) ExhaustPrimary(reset time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.primaryReset = reset
}

// AddToken makes requests with this token act as login (a person's token,
// or another app's), as every other token acts as Actor. What login may do in
// a repository follows its association there (Repo.SetAssociation).
func (f *Fake) AddToken(token, login string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tokens[token] = login
	f.userID(login)
}

// ReadOnly makes every write answer 403 "Resource not accessible by integration", like the
// read-only token of a pull request from a fork.
func (f *Fake) ReadOnly(on bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.readOnly = on
}

// AfterWrite sets a hook called after the k-th successful write (1-based, counted since New) has
// been performed, before its response is written. The fake's lock is not held: the hook may inspect
// state. Tests use it to cancel a context, or to simulate a kill after GitHub did the write.
func (f *Fake) AfterWrite(hook func(k int)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.afterWrite = hook
}

// ---------------------------------------------------------------------------------------------
// Serving

func isWrite(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// response is what a handler answers.
type response struct {
	status int
	body   any // marshalled as JSON; nil with 204 means no body
	header http.Header
}

// ServeHTTP serves the fake API.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reqBody, _ := io.ReadAll(r.Body)
	if isGraphQLPath(r.URL.Path) {
		f.serveGraphQL(w, r, reqBody)
		return
	}
	write := isWrite(r.Method)

	f.mu.Lock()
	now := f.now()
	f.seq++
	if write {
		f.writes++
	} else {
		f.reads++
	}
	isRateLimitPath := strings.TrimSuffix(r.URL.Path, "/") == "/rate_limit"
	if !f.rateReset.After(now) {
		f.rateReset = now.Add(time.Hour)
		f.rateUsed = 0
	}
	if !f.primaryReset.IsZero() && !f.primaryReset.After(now) {
		// The exhausted window is over: a new one starts.
		f.primaryReset = time.Time{}
		f.rateUsed = 0
		f.rateReset = now.Add(time.Hour)
	}
	// limited: the primary rate limit is exhausted (by ExhaustPrimary, or by 5000 requests in the
	// window); GET /rate_limit does not count and is always answered.
	var limitedUntil time.Time
	switch {
	case isRateLimitPath:
	case !f.primaryReset.IsZero():
		limitedUntil = f.primaryReset
	case f.rateUsed >= rateLimit:
		limitedUntil = f.rateReset
	default:
		f.rateUsed++
	}

	resp := f.dispatch(r, reqBody, write, now, limitedUntil)
	performed := write && resp.status >= 200 && resp.status < 300
	var hook func(int)
	k := 0
	hangUp := false
	if performed {
		f.contentLog = append(f.contentLog, now)
		f.okWrites++
		k = f.okWrites
		hook = f.afterWrite
		// lost.go: the write is done; its answer may still be lost.
		resp, hangUp = f.loseAnswer(r, resp)
	}
	f.requests = append(f.requests, Request{
		Method: r.Method, Path: r.URL.RequestURI(), Status: resp.status, Write: write, Body: string(reqBody), Performed: performed,
	})
	if hangUp {
		f.mu.Unlock()
		if hook != nil {
			hook(k)
		}
		hangUpOn(w)
		return
	}

	h := w.Header()
	for name, vs := range resp.header {
		h[name] = vs
	}
	remaining, reset := rateLimit-f.rateUsed, f.rateReset
	if !f.primaryReset.IsZero() {
		remaining, reset = 0, f.primaryReset
	}
	h.Set("X-RateLimit-Limit", strconv.Itoa(rateLimit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	h.Set("X-RateLimit-Used", strconv.Itoa(rateLimit-remaining))
	h.Set("X-RateLimit-Resource", "core")
	h.Set("X-GitHub-Media-Type", "github.v3; format=json")
	h.Set("X-GitHub-Request-Id", fmt.Sprintf("F4KE:%04X:%06X:%07X:%08X", f.seq%0x10000, f.seq, f.seq*7, now.Unix()&0xffffffff))
	var out []byte
	if resp.body != nil || resp.status != http.StatusNoContent {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(resp.body); err != nil {
			panic(fmt.Sprintf("githubfake: encoding a response: %v", err))
		}
		out = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
		h.Set("Content-Type", "application/json; charset=utf-8")
		h.Set("Content-Length", strconv.Itoa(len(out)))
	}
	f.mu.Unlock()

	if hook != nil {
		hook(k)
	}
	w.WriteHeader(resp.status)
	if out != nil && r.Method != http.MethodHead {
		_, _ = w.Write(out)
	}
}

const (
	docRateLimit     = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-rate-limits"
	docSecondary     = "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"
	docRoot          = "https://docs.github.com/rest"
	docAuthenticated = "https://docs.github.com/rest/overview/authenticating-to-the-rest-api"
)

// dispatch decides the response; f.mu is held.
func (f *Fake) dispatch(r *http.Request, body []byte, write bool, now, limitedUntil time.Time) response {
	// Injected faults first: they stand for GitHub's infrastructure, in front of everything.
	if resp, ok := f.nextFault(write); ok {
		return resp
	}
	return f.answer(r, body, write, now, limitedUntil)
}

// nextFault takes the first queued fault that applies to a request; f.mu is held.
func (f *Fake) nextFault(write bool) (response, bool) {
	for i, ft := range f.faults {
		if (ft.writesOnly && !write) || (ft.graphQL200 && !f.servingGraphQL) {
			continue
		}
		ft.remaining--
		if ft.remaining <= 0 {
			f.faults = append(f.faults[:i:i], f.faults[i+1:]...)
		}
		if ft.abuse {
			return abuseAnswer(), true
		}
		if ft.graphQL200 && ft.message != "" {
			return response{status: http.StatusOK, body: obj{"data": nil, "errors": []any{obj{"message": ft.message}}}}, true
		}
		if ft.graphQL200 {
			return graphQLSecondaryAnswer(f.seq, ft.retryAfter), true
		}
		if ft.secondary {
			h := http.Header{}
			if ft.retryAfter > 0 {
				h.Set("Retry-After", strconv.Itoa(ft.retryAfter))
			}
			return response{status: ft.status, header: h, body: map[string]any{
				"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. " +
					"If you reach out to GitHub Support for help, please include the request ID " +
					fmt.Sprintf("F4KE:%04X:%06X.", f.seq%0x10000, f.seq),
				"documentation_url": docSecondary,
			}}, true
		}
		return response{status: ft.status, body: map[string]any{
			"message":           faultMessage(ft.status),
			"documentation_url": docRoot,
		}}, true
	}
	return response{}, false
}

// answer is dispatch past the faults; f.mu is held.
func (f *Fake) answer(r *http.Request, body []byte, write bool, now, limitedUntil time.Time) response {
	if !limitedUntil.IsZero() {
		status := f.primaryStatus
		if status == 0 {
			status = http.StatusForbidden
		}
		return response{status: status, body: map[string]any{
			"message": "API rate limit exceeded for installation ID 1. If you reach out to GitHub Support for help, " +
				"please include the request ID " + fmt.Sprintf("F4KE:%04X:%06X", f.seq%0x10000, f.seq) +
				" and timestamp " + now.Format("2006-01-02 15:04:05 UTC") + ".",
			"documentation_url": docRateLimit,
		}}
	}
	login := ""
	if auth := r.Header.Get("Authorization"); auth != "" {
		scheme, token, _ := strings.Cut(strings.TrimSpace(auth), " ")
		scheme = strings.ToLower(scheme)
		if (scheme != "bearer" && scheme != "token") || strings.TrimSpace(token) == "" {
			return response{status: http.StatusUnauthorized, body: map[string]any{
				"message": "Bad credentials", "documentation_url": docRoot,
			}}
		}
		login = Actor
		if l, ok := f.tokens[strings.TrimSpace(token)]; ok {
			login = l
		}
	} else if write {
		return response{status: http.StatusUnauthorized, body: map[string]any{
			"message": "Requires authentication", "documentation_url": docAuthenticated,
		}}
	}
	if write {
		if resp, capped := f.contentCapped(now); capped {
			return resp
		}
	}
	return f.route(r, body, write, now, login)
}

func faultMessage(status int) string {
	switch status {
	case http.StatusBadGateway:
		return "Server Error"
	case http.StatusServiceUnavailable:
		return "Service Unavailable"
	case http.StatusGatewayTimeout:
		return "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists."
	case http.StatusInternalServerError:
		return "Server Error"
	}
	if t := http.StatusText(status); t != "" {
		return t
	}
	return "Error"
}
