package gh

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/go-github/v62/github"
)

// GitHub's GraphQL API, through the same transport as REST: the same token, the same
// pacing of writes (a query is a read: never paced, and retried after a 5xx like a GET), the
// same retries and rate-limit policy (GraphQL has its own budget, in points, which the
// transport tracks apart from REST's), the same request counts.
//
// Documents are plain strings, built by the callers (graphql_docs.go for the snapshot), and
// every one the program can send is validated against GitHub's published schema by this
// package's tests (graphql_docs_test.go) and by the fake on every request.

// GraphQLURL is the GraphQL endpoint beside a REST root: https://api.github.com/graphql for
// https://api.github.com, https://HOST/api/graphql for GitHub Enterprise Server's
// https://HOST/api/v3, and ROOT/graphql for any other root (a test server).
func GraphQLURL(restBase *url.URL) *url.URL {
	u := *restBase
	p := strings.TrimSuffix(u.Path, "/")
	if strings.HasSuffix(p, "/api/v3") {
		u.Path = strings.TrimSuffix(p, "/v3") + "/graphql"
	} else {
		u.Path = p + "/graphql"
	}
	u.RawPath = ""
	return &u
}

// GraphQLError is one entry of a GraphQL answer's "errors": GitHub names its kind in Type
// (NOT_FOUND, FORBIDDEN, RATE_LIMITED…), or in extensions.code for a document that does not
// validate (undefinedField…).
type GraphQLError struct {
	Type       string         `json:"type"`
	Code       string         `json:"code"`
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// UndefinedField returns "Type.field" when the error says the server's schema has no such
// field (an older GitHub Enterprise Server), "" otherwise.
func (e GraphQLError) UndefinedField() string {
	if e.Extensions["code"] != "undefinedField" {
		return ""
	}
	t, _ := e.Extensions["typeName"].(string)
	f, _ := e.Extensions["fieldName"].(string)
	return t + "." + f
}

// PathString is the error's path as "repository.issue": aliases included, list indexes left out.
func (e GraphQLError) PathString() string {
	var parts []string
	for _, p := range e.Path {
		if s, ok := p.(string); ok {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ".")
}

// GraphQLErrors is an answer with errors: the data that came with them (null fields where
// they failed) has been decoded all the same.
type GraphQLErrors struct {
	Errors []GraphQLError
}

func (e *GraphQLErrors) Error() string {
	msgs := make([]string, 0, len(e.Errors))
	for _, x := range e.Errors {
		msgs = append(msgs, x.Message)
	}
	return "GitHub's GraphQL API says " + strings.Join(msgs, "; ")
}

// Only says every error is of one of the kinds given (a Type or an extensions.code).
func (e *GraphQLErrors) Only(kinds ...string) bool {
	for _, x := range e.Errors {
		ok := false
		for _, k := range kinds {
			ok = ok || x.Type == k || x.Extensions["code"] == k
		}
		if !ok {
			return false
		}
	}
	return len(e.Errors) > 0
}

// Cost is what GraphQL cost the client: requests sent (retries included, as Requests counts
// them) and points GitHub charged for them, as its rateLimit { cost } said.
type Cost struct {
	Requests int `json:"requests"`
	Points   int `json:"points"`
}

type graphQLCounters struct {
	requests, points atomic.Int64
}

// GraphQLCost returns what the client's GraphQL requests have cost so far.
func (c *Client) GraphQLCost() Cost {
	return Cost{Requests: int(c.gql.requests.Load()), Points: int(c.gql.points.Load())}
}

// graphQLKind marks a request's context as GraphQL for the transport: a query is a read.
type graphQLKind int

const (
	notGraphQL graphQLKind = iota
	graphQLQuery
	graphQLMutation
)

type graphQLKey struct{}

func graphQLKindOf(ctx context.Context) graphQLKind {
	k, _ := ctx.Value(graphQLKey{}).(graphQLKind)
	return k
}

// Do sends one GraphQL document with its variables and decodes its data into out. The error
// is an *APIError when GitHub refused the request as a whole (its status, or a rate limit:
// RateLimited with Reset, as REST's), or a *GraphQLErrors when it answered with errors — then
// out holds the data that came with them. If data has a rateLimit { cost }, the points are
// counted (GraphQLCost).
func (c *Client) Do(ctx context.Context, query string, vars map[string]any, out any) error {
	kind := graphQLQuery
	if strings.HasPrefix(strings.TrimSpace(query), "mutation") {
		kind = graphQLMutation
	}
	payload, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return fmt.Errorf("encoding a GraphQL request: %w", err)
	}
	req, err := http.NewRequestWithContext(context.WithValue(ctx, graphQLKey{}, kind), http.MethodPost, c.graphQL.String(), bytes.NewReader(payload))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "roadmap-as-code")
	resp, err := c.gh.Client().Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return c.apiError(&url.Error{Op: "Post", URL: req.URL.String(), Err: err})
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		// GitHub's refusals of the whole request (401, 403 and 429 limits, 5xx, 404 for a
		// server without GraphQL) have REST's shape: go-github reads them as it reads REST's.
		return c.apiError(github.CheckResponse(resp))
	}
	var body struct {
		Data   json.RawMessage `json:"data"`
		Errors []GraphQLError  `json:"errors"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 256<<20)).Decode(&body); err != nil {
		return c.apiError(&url.Error{Op: "Post", URL: req.URL.String(), Err: fmt.Errorf("reading GitHub's GraphQL answer: %w", err)})
	}
	if limited := rateLimitedError(body.Errors); limited != nil {
		return c.apiError(limitError(resp, limited))
	}
	if len(body.Data) > 0 && string(body.Data) != "null" {
		var rl struct {
			RateLimit *struct {
				Cost int `json:"cost"`
			} `json:"rateLimit"`
		}
		if json.Unmarshal(body.Data, &rl) == nil && rl.RateLimit != nil {
			c.gql.points.Add(int64(rl.RateLimit.Cost))
		}
		if out != nil {
			if err := json.Unmarshal(body.Data, out); err != nil {
				return fmt.Errorf("reading GitHub's GraphQL answer: %w", err)
			}
		}
	}
	if len(body.Errors) > 0 {
		return &GraphQLErrors{Errors: body.Errors}
	}
	return nil
}

// rateLimitedError finds the error of an exhausted budget (type RATE_LIMITED, or RATE_LIMIT
// with code graphql_rate_limit as GitHub has also answered) or of a secondary limit.
func rateLimitedError(errs []GraphQLError) *GraphQLError {
	for i, e := range errs {
		if isLimitError(e) {
			return &errs[i]
		}
	}
	return nil
}

func isLimitError(e GraphQLError) bool {
	return e.Type == "RATE_LIMITED" || e.Type == "RATE_LIMIT" || e.Code == "graphql_rate_limit" ||
		strings.Contains(strings.ToLower(e.Message), "secondary rate limit")
}

// limitError is a 200 limit answer as go-github words REST's: a *github.RateLimitError with
// when the budget resets, or an *github.AbuseRateLimitError with Retry-After for a secondary
// limit, so every caller handles GraphQL's limits as REST's.
func limitError(resp *http.Response, e *GraphQLError) error {
	if strings.Contains(strings.ToLower(e.Message), "secondary rate limit") {
		are := &github.AbuseRateLimitError{Response: resp, Message: e.Message}
		if secs, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get("Retry-After"))); err == nil && secs > 0 {
			d := time.Duration(secs) * time.Second
			are.RetryAfter = &d
		}
		return are
	}
	rle := &github.RateLimitError{Response: resp, Message: e.Message}
	if reset, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64); err == nil {
		rle.Rate.Reset = github.Timestamp{Time: time.Unix(reset, 0)}
	}
	rle.Rate.Remaining, _ = strconv.Atoi(resp.Header.Get("X-RateLimit-Remaining"))
	rle.Rate.Limit, _ = strconv.Atoi(resp.Header.Get("X-RateLimit-Limit"))
	return rle
}

// graphQLLimitAnswer says, for the transport, whether a 200 GraphQL answer is a rate limit and
// how long to wait: the exhausted budget until x-ratelimit-reset, a secondary limit for its
// Retry-After or a minute. The body is read whole and put back.
func (t *patient) graphQLLimitAnswer(resp *http.Response) (time.Duration, answer) {
	if resp.Body == nil {
		return 0, answerFinal
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	if err != nil || !bytes.Contains(b, []byte(`"errors"`)) {
		return 0, answerFinal
	}
	var body struct {
		Errors []GraphQLError `json:"errors"`
	}
	if json.Unmarshal(b, &body) != nil {
		return 0, answerFinal
	}
	e := rateLimitedError(body.Errors)
	if e == nil {
		return 0, answerFinal
	}
	h := resp.Header
	if strings.Contains(strings.ToLower(e.Message), "secondary rate limit") {
		if secs, err := strconv.Atoi(strings.TrimSpace(h.Get("Retry-After"))); err == nil && secs > 0 {
			return time.Duration(secs) * time.Second, answerSecondary
		}
		return secondaryDefaultWait, answerSecondary
	}
	if reset, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err == nil {
		return max(time.Unix(reset, 0).Sub(t.now())+resetBuffer, 0), answerPrimary
	}
	return secondaryDefaultWait, answerPrimary
}
