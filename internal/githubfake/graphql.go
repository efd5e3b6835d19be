package githubfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator"

	"github.com/roadmap-as-code/roadmap/internal/ghschema"
)

// GitHub's GraphQL API, served from the same state as the REST routes:
//
//	POST /graphql (and /api/graphql, GitHub Enterprise Server's path; see EnterpriseHandler)
//
// Every document is parsed and validated against GitHub's published schema (internal/ghschema:
// @octokit/graphql-schema with its small extension) by gqlparser, then run by hand-written
// resolvers (graphql_resolve.go). What GraphQL does that REST does not, the fake does:
//
//   - Answers are 200 with "data" and, for what failed, "errors" naming a "type": NOT_FOUND
//     with the field null and the rest of the data there (a missing repository or issue number,
//     a pull request's number asked as an issue). A document that does not validate answers
//     200 with its errors and no data, an unknown field in GitHub's (graphql-ruby's) shape:
//     "Field 'x' doesn't exist on type 'Issue'", extensions.code "undefinedField".
//   - GitHub's own limits, beyond the specification: a connection whose nodes or edges are
//     selected needs first or last, each 1 to 100; no call may request more than 500,000 nodes
//     (docs: "Rate limits and query limits for the GraphQL API", Node limit).
//   - Points, by GitHub's documented formula (the same page, "Predicting the point value of a
//     query"): every connection costs one request per object its parent may hold — the first
//     or last of every enclosing connection multiplied — and the sum divided by 100, rounded,
//     at least 1, is the cost; rateLimit { cost remaining resetAt } says it. The budget is 5,000
//     points an hour, apart from REST's; x-ratelimit-* headers say "resource: graphql".
//   - An exhausted budget answers 200 with {"errors":[{"type":"RATE_LIMITED","code":
//     "graphql_rate_limit","message":"API rate limit already exceeded for user ID …"}]} and
//     x-ratelimit-remaining 0 ("If you exceed your primary rate limit, the response status will
//     still be 200, but you will receive an error message, and the value of the
//     x-ratelimit-remaining header will be 0", the same page; the body as recorded in
//     yanyongyu/githubkit#271 and github/docs#22607). A secondary limit answers 403 like REST's
//     (SecondaryLimitNext) or 200 with its message (GraphQLSecondaryLimitNext): "the response
//     status will be 200 or 403".
//   - Authentication is required: without it, 401 "This endpoint requires you to be
//     authenticated.".
//
// The Go API:
//
//	f.EnterpriseHandler() http.Handler   // the fake at GitHub Enterprise Server's paths: /api/v3/… and /api/graphql
//	f.GraphQLLacks("Issue.issueType")    // the server's schema lacks these fields (Enterprise(version) drops
//	                                     // the sub-issue and dependency fields its REST lacks)
//	f.NoGraphQL()                        // the endpoint answers 404, as a server or proxy without GraphQL
//	f.ExhaustGraphQL(reset)              // RATE_LIMITED until f.Now() reaches reset
//	f.GraphQLLimitRemaining(points, reset)
//	f.GraphQLSecondaryLimitNext(n, retryAfter)  // 200 with a secondary-limit error (+ Retry-After when > 0)
//	f.GraphQLErrorNext(n, message)              // 200 with an error and no data (a timeout)
//	f.GraphQLRequests(), f.GraphQLPoints() int  // since ResetCounts; Request.GraphQL and .Cost in the log
//
// Mutations (graphql_mutations.go) are writes: Writes, AfterWrite and ContentLimit count them.

// graphQLLimit is the GraphQL budget of an hour, in points ("5,000 points per hour per user").
const graphQLLimit = 5000

// maxNodes is GitHub's node limit of one call.
const maxNodes = 500000

const docGraphQL = "https://docs.github.com/graphql"

type gqlState struct {
	used      int
	reset     time.Time
	exhausted time.Time // RATE_LIMITED until then
	lacks     map[string]bool
	off       bool
	requests  int
	points    int
}

func isGraphQLPath(p string) bool {
	p = strings.TrimSuffix(p, "/")
	return p == "/graphql" || p == "/api/graphql"
}

// EnterpriseHandler serves the fake as a GitHub Enterprise Server does, at https://HOST/api/v3/…
// for REST and https://HOST/api/graphql for GraphQL: httptest.NewServer(f.EnterpriseHandler())
// and GITHUB_API_URL=SERVER/api/v3.
func (f *Fake) EnterpriseHandler() http.Handler {
	rest := http.StripPrefix("/api/v3", f)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.TrimSuffix(r.URL.Path, "/") == "/api/graphql" {
			f.ServeHTTP(w, r)
			return
		}
		rest.ServeHTTP(w, r)
	})
}

// GraphQLLacks makes the GraphQL schema lack fields ("Issue.issueType", "Mutation.addBlockedBy"):
// a document asking for one is refused as GitHub refuses an unknown field.
func (f *Fake) GraphQLLacks(fields ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.gql.lacks == nil {
		f.gql.lacks = map[string]bool{}
	}
	for _, x := range fields {
		f.gql.lacks[x] = true
	}
}

// NoGraphQL makes the GraphQL endpoint answer 404.
func (f *Fake) NoGraphQL() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gql.off = true
}

// ExhaustGraphQL exhausts the GraphQL budget until reset.
func (f *Fake) ExhaustGraphQL(reset time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gql.exhausted = reset.UTC().Truncate(time.Second)
}

// GraphQLLimitRemaining leaves points in the GraphQL budget until reset: a query costing more
// than is left is answered RATE_LIMITED, as is every one after the budget reaches 0.
func (f *Fake) GraphQLLimitRemaining(points int, reset time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gql.used = max(graphQLLimit-points, 0)
	f.gql.reset = reset.UTC().Truncate(time.Second)
}

// GraphQLSecondaryLimitNext makes the next n GraphQL requests answer 200 with a
// secondary-rate-limit error, with Retry-After when retryAfter > 0.
func (f *Fake) GraphQLSecondaryLimitNext(n, retryAfter int) {
	f.addFault(&fault{remaining: n, graphQL200: true, retryAfter: retryAfter, status: http.StatusOK})
}

// GraphQLErrorNext makes the next n GraphQL requests answer 200 with an error and no data, as
// GitHub answers a query that timed out ("Something went wrong while executing your query.
// This may be the result of a timeout…").
func (f *Fake) GraphQLErrorNext(n int, message string) {
	f.addFault(&fault{remaining: n, graphQL200: true, message: message, status: http.StatusOK})
}

// GraphQLRequests is the number of GraphQL requests since the last ResetCounts.
func (f *Fake) GraphQLRequests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.gql.requests
}

// GraphQLPoints is the points charged since the last ResetCounts.
func (f *Fake) GraphQLPoints() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.gql.points
}

func graphQLSecondaryAnswer(seq, retryAfter int) response {
	h := http.Header{}
	if retryAfter > 0 {
		h.Set("Retry-After", strconv.Itoa(retryAfter))
	}
	return response{status: http.StatusOK, header: h, body: obj{"errors": []any{obj{
		"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. " +
			"If you reach out to GitHub Support for help, please include the request ID " + fmt.Sprintf("F4KE:%04X:%06X.", seq%0x10000, seq),
	}}}}
}

// gqlCall is one GraphQL request being answered; f.mu is held.
type gqlCall struct {
	f      *Fake
	schema *ast.Schema
	login  string
	now    time.Time
	cost   int
	nodes  int
}

// serveGraphQL answers a request to the GraphQL endpoint.
func (f *Fake) serveGraphQL(w http.ResponseWriter, r *http.Request, body []byte) {
	f.mu.Lock()
	now := f.now()
	f.seq++
	f.servingGraphQL = true
	if !f.gql.reset.After(now) {
		f.gql.reset, f.gql.used = now.Add(time.Hour), 0
	}
	if !f.gql.exhausted.IsZero() && !f.gql.exhausted.After(now) {
		f.gql.exhausted = time.Time{}
		f.gql.reset, f.gql.used = now.Add(time.Hour), 0
	}
	resp, mutation, cost, performed := f.answerGraphQL(r, body, now)
	f.servingGraphQL = false
	var hook func(int)
	k := 0
	if performed {
		// A mutation is a write, as REST's: it counts against the content limit and for AfterWrite.
		f.contentLog = append(f.contentLog, now)
		f.okWrites++
		k, hook = f.okWrites, f.afterWrite
	}
	if mutation {
		f.writes++
	} else {
		f.reads++
	}
	f.gql.requests++
	f.gql.points += cost
	f.requests = append(f.requests, Request{Method: r.Method, Path: r.URL.RequestURI(), Status: resp.status, Write: mutation,
		Body: string(body), GraphQL: true, Cost: cost})
	h := w.Header()
	for name, vs := range resp.header {
		h[name] = vs
	}
	remaining, reset := graphQLLimit-f.gql.used, f.gql.reset
	if !f.gql.exhausted.IsZero() {
		remaining, reset = 0, f.gql.exhausted
	}
	h.Set("X-RateLimit-Limit", strconv.Itoa(graphQLLimit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	h.Set("X-RateLimit-Used", strconv.Itoa(graphQLLimit-remaining))
	h.Set("X-RateLimit-Resource", "graphql")
	h.Set("X-GitHub-Request-Id", fmt.Sprintf("F4KE:%04X:%06X:%07X:%08X", f.seq%0x10000, f.seq, f.seq*7, now.Unix()&0xffffffff))
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(resp.body); err != nil {
		panic(fmt.Sprintf("githubfake: encoding a GraphQL answer: %v", err))
	}
	out := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(out)))
	f.mu.Unlock()
	if hook != nil {
		hook(k)
	}
	w.WriteHeader(resp.status)
	_, _ = w.Write(out)
}

// answerGraphQL decides the answer, whether the document was a mutation, and the points it
// cost; f.mu is held.
func (f *Fake) answerGraphQL(r *http.Request, body []byte, now time.Time) (resp response, mutation bool, cost int, performed bool) {
	resp, mutation, cost = f.answerGraphQLDoc(r, body, now, &performed)
	return resp, mutation, cost, performed
}

// answerGraphQLDoc is answerGraphQL; performed is set when a mutation was carried out.
func (f *Fake) answerGraphQLDoc(r *http.Request, body []byte, now time.Time, performed *bool) (response, bool, int) {
	if f.gql.off || r.Method != http.MethodPost {
		return notFound(docGraphQL), false, 0
	}
	// Faults stand in front of everything, as for REST; FailNextWrites and the like hit
	// mutations, which are writes.
	var peekQuery struct {
		Query string `json:"query"`
	}
	_ = json.Unmarshal(body, &peekQuery)
	isMutation := strings.HasPrefix(strings.TrimSpace(peekQuery.Query), "mutation")
	if resp, ok := f.nextFault(isMutation); ok {
		return resp, isMutation, 0
	}
	auth := strings.TrimSpace(r.Header.Get("Authorization"))
	if auth == "" {
		return response{status: http.StatusUnauthorized, body: obj{
			"message": "This endpoint requires you to be authenticated.", "documentation_url": docGraphQL + "/guides/forming-calls-with-graphql#authenticating-with-graphql",
		}}, isMutation, 0
	}
	scheme, token, _ := strings.Cut(auth, " ")
	if s := strings.ToLower(scheme); (s != "bearer" && s != "token") || strings.TrimSpace(token) == "" {
		return response{status: http.StatusUnauthorized, body: obj{"message": "Bad credentials", "documentation_url": docRoot}}, isMutation, 0
	}
	login := Actor
	if l, ok := f.tokens[strings.TrimSpace(token)]; ok {
		login = l
	}
	if !f.gql.exhausted.IsZero() || f.gql.used >= graphQLLimit {
		return f.rateLimited(login), isMutation, 0
	}
	var env struct {
		Query         string         `json:"query"`
		Variables     map[string]any `json:"variables"`
		OperationName string         `json:"operationName"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&env); err != nil {
		return response{status: http.StatusBadRequest, body: obj{"message": "Problems parsing JSON", "documentation_url": docGraphQL}}, isMutation, 0
	}
	schema, err := ghschema.Load()
	if err != nil {
		panic("githubfake: " + err.Error())
	}
	doc, errs := ghschema.Validate(schema, env.Query)
	if len(errs) > 0 {
		return errorsAnswer(githubErrors(errs)), isMutation, 0
	}
	op := pickOperation(doc, env.OperationName)
	if op == nil {
		return errorsAnswer([]gqlError{{Message: "No operation named \"" + env.OperationName + "\""}}), false, 0
	}
	mutation := op.Operation == ast.Mutation
	if lacking := f.lackingFields(doc, op); len(lacking) > 0 {
		return errorsAnswer(lacking), mutation, 0
	}
	vars, verr := validator.VariableValues(schema, op, numbersToInts(env.Variables))
	if verr != nil {
		msg := verr.Error()
		if ge, ok := verr.(*gqlerror.Error); ok {
			msg = ge.Message
		}
		return errorsAnswer([]gqlError{{Message: msg, Extensions: map[string]any{"code": "variableMismatch"}}}), mutation, 0
	}
	if mutation {
		if resp, capped := f.contentCapped(now); capped {
			return resp, mutation, 0
		}
	}
	c := &gqlCall{f: f, schema: schema, login: login, now: now}
	x := &executor{f: f, c: c, doc: doc, vars: vars}
	requests, nodes, limitErrs := x.measure(op)
	if len(limitErrs) > 0 {
		return errorsAnswer(limitErrs), mutation, 0
	}
	c.cost = max(1, int(math.Round(float64(requests)/100)))
	c.nodes = nodes
	if f.gql.used+c.cost > graphQLLimit {
		return f.rateLimited(login), mutation, 0
	}
	f.gql.used += c.cost
	var data map[string]any
	if mutation {
		data = x.executeSelection(mutationRoot{}, op.SelectionSet, nil)
	} else {
		data = x.executeSelection(queryRoot{}, op.SelectionSet, nil)
	}
	out := obj{"data": data}
	if data == nil {
		out["data"] = nil
	}
	if len(x.errors) > 0 {
		out["errors"] = x.errors
	}
	*performed = mutation && len(x.errors) == 0
	return response{status: http.StatusOK, body: out}, mutation, c.cost
}

func (f *Fake) rateLimited(login string) response {
	return response{status: http.StatusOK, body: obj{"errors": []any{obj{
		"type": "RATE_LIMITED", "code": "graphql_rate_limit",
		"message": fmt.Sprintf("API rate limit already exceeded for user ID %d.", f.userID(login)),
	}}}}
}

func errorsAnswer(errs []gqlError) response {
	return response{status: http.StatusOK, body: obj{"errors": errs}}
}

func pickOperation(doc *ast.QueryDocument, name string) *ast.OperationDefinition {
	if name != "" {
		return doc.Operations.ForName(name)
	}
	if len(doc.Operations) == 1 {
		return doc.Operations[0]
	}
	return nil
}

// numbersToInts turns the JSON numbers of variables into int64 or float64, as gqlparser's
// coercion expects.
func numbersToInts(v map[string]any) map[string]any {
	var conv func(any) any
	conv = func(x any) any {
		switch t := x.(type) {
		case json.Number:
			if i, err := t.Int64(); err == nil {
				return i
			}
			fl, _ := t.Float64()
			return fl
		case map[string]any:
			out := map[string]any{}
			for k, e := range t {
				out[k] = conv(e)
			}
			return out
		case []any:
			out := make([]any, len(t))
			for i, e := range t {
				out[i] = conv(e)
			}
			return out
		}
		return x
	}
	out := map[string]any{}
	for k, e := range v {
		out[k] = conv(e)
	}
	return out
}

var undefinedField = regexp.MustCompile(`^Cannot query field "([^"]+)" on type "([^"]+)"\.`)

// githubErrors words gqlparser's validation errors as GitHub does.
func githubErrors(errs gqlerror.List) []gqlError {
	out := make([]gqlError, 0, len(errs))
	for _, e := range errs {
		ge := gqlError{Message: e.Message, Extensions: map[string]any{"code": e.Rule}}
		for _, l := range e.Locations {
			ge.Locations = append(ge.Locations, gqlLocation{Line: l.Line, Column: l.Column})
		}
		if m := undefinedField.FindStringSubmatch(e.Message); m != nil {
			ge.Message = fmt.Sprintf("Field '%s' doesn't exist on type '%s'", m[1], m[2])
			ge.Extensions = map[string]any{"code": "undefinedField", "typeName": m[2], "fieldName": m[1]}
		}
		out = append(out, ge)
	}
	return out
}

// lackingFields refuses the fields the server lacks (GraphQLLacks, Enterprise) as unknown ones.
func (f *Fake) lackingFields(doc *ast.QueryDocument, op *ast.OperationDefinition) []gqlError {
	lacks := map[string]bool{}
	for k := range f.gql.lacks {
		lacks[k] = true
	}
	if f.missing[FeatureSubIssues] {
		for _, k := range []string{"Issue.subIssues", "Issue.parent", "Issue.subIssuesSummary", "Mutation.addSubIssue"} {
			lacks[k] = true
		}
	}
	if f.missing[FeatureDependencies] {
		for _, k := range []string{"Issue.blockedBy", "Issue.blocking", "Issue.issueDependenciesSummary", "Mutation.addBlockedBy"} {
			lacks[k] = true
		}
	}
	if len(lacks) == 0 {
		return nil
	}
	var out []gqlError
	var walk func(sel ast.SelectionSet, path []any)
	walk = func(sel ast.SelectionSet, path []any) {
		for _, s := range sel {
			switch s := s.(type) {
			case *ast.Field:
				p := append(append([]any{}, path...), s.Name)
				if s.ObjectDefinition != nil && lacks[s.ObjectDefinition.Name+"."+s.Name] {
					e := gqlError{Path: p, Message: fmt.Sprintf("Field '%s' doesn't exist on type '%s'", s.Name, s.ObjectDefinition.Name),
						Extensions: map[string]any{"code": "undefinedField", "typeName": s.ObjectDefinition.Name, "fieldName": s.Name}}
					if s.Position != nil {
						e.Locations = []gqlLocation{{Line: s.Position.Line, Column: s.Position.Column}}
					}
					out = append(out, e)
					continue
				}
				walk(s.SelectionSet, p)
			case *ast.InlineFragment:
				walk(s.SelectionSet, path)
			case *ast.FragmentSpread:
				if def := doc.Fragments.ForName(s.Name); def != nil {
					walk(def.SelectionSet, path)
				}
			}
		}
	}
	walk(op.SelectionSet, []any{strings.TrimSpace(string(op.Operation) + " " + op.Name)})
	return out
}

// measure applies GitHub's limits to a validated operation and counts what its point value
// rests on: the requests its connections need and the nodes they may return.
func (x *executor) measure(op *ast.OperationDefinition) (requests, nodes int, errs []gqlError) {
	var walk func(sel ast.SelectionSet, multiplier int, depth int)
	walk = func(sel ast.SelectionSet, multiplier int, depth int) {
		if depth > 50 {
			return
		}
		for _, f := range x.allFields(sel) {
			if f.Definition == nil {
				continue
			}
			name := f.Definition.Type.Name()
			if !strings.HasSuffix(name, "Connection") {
				walk(f.SelectionSet, multiplier, depth+1)
				continue
			}
			requests += multiplier
			args := f.ArgumentMap(x.vars)
			first, hasFirst := intArg(args, "first")
			last, hasLast := intArg(args, "last")
			listed := false
			for _, sub := range x.allFields(f.SelectionSet) {
				listed = listed || sub.Name == "nodes" || sub.Name == "edges"
			}
			n := 1
			switch {
			case hasFirst && (first < 1 || first > 100):
				errs = append(errs, limitError(f, "EXCESSIVE_PAGINATION",
					fmt.Sprintf("Requesting %d records on the `%s` connection exceeds the `first` limit of 100 records.", first, f.Name)))
			case hasLast && (last < 1 || last > 100):
				errs = append(errs, limitError(f, "EXCESSIVE_PAGINATION",
					fmt.Sprintf("Requesting %d records on the `%s` connection exceeds the `last` limit of 100 records.", last, f.Name)))
			case hasFirst:
				n = first
			case hasLast:
				n = last
			case listed:
				errs = append(errs, limitError(f, "MISSING_PAGINATION_BOUNDARIES",
					fmt.Sprintf("You must provide a `first` or `last` value to properly paginate the `%s` connection.", f.Name)))
			}
			if listed {
				nodes += multiplier * n
				if nodes > maxNodes {
					errs = append(errs, limitError(f, "MAX_NODE_LIMIT_EXCEEDED", fmt.Sprintf(
						"By the time this query traverses to the %s connection, it is requesting up to %d possible nodes which exceeds the maximum limit of %d.",
						f.Name, nodes, maxNodes)))
					return
				}
			}
			walk(f.SelectionSet, multiplier*n, depth+1)
		}
	}
	walk(op.SelectionSet, 1, 0)
	return requests, nodes, errs
}

// allFields are the fields of sel whatever the type: fragments on every type expanded, so a
// connection in any of them is counted, as GitHub's static count does.
func (x *executor) allFields(sel ast.SelectionSet) []*ast.Field {
	var out []*ast.Field
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			if x.included(s.Directives) {
				out = append(out, s)
			}
		case *ast.InlineFragment:
			if x.included(s.Directives) {
				out = append(out, x.allFields(s.SelectionSet)...)
			}
		case *ast.FragmentSpread:
			if def := x.doc.Fragments.ForName(s.Name); def != nil && x.included(s.Directives) {
				out = append(out, x.allFields(def.SelectionSet)...)
			}
		}
	}
	return out
}

func limitError(f *ast.Field, typ, message string) gqlError {
	e := gqlError{Type: typ, Message: message}
	if f.Position != nil {
		e.Locations = []gqlLocation{{Line: f.Position.Line, Column: f.Position.Column}}
	}
	return e
}
