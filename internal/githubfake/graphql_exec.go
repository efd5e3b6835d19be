package githubfake

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// The GraphQL executor: a document gqlparser has validated against GitHub's schema is run over
// the fake's state by hand-written resolvers (graphql_resolve.go). It follows the execution
// rules of the GraphQL specification the fake's clients can tell apart: aliases, fragments
// and inline fragments by concrete type, @include and @skip, __typename, null for a field
// whose resolver failed with the error listed under its path, and nulls propagating up
// through non-null fields. f.mu is held throughout.

// gqlError is one entry of a GraphQL answer's "errors", in GitHub's shape: a "type" beside the
// message (NOT_FOUND, FORBIDDEN, RATE_LIMITED…), a path and locations.
type gqlError struct {
	Type       string         `json:"type,omitempty"`
	Path       []any          `json:"path,omitempty"`
	Locations  []gqlLocation  `json:"locations,omitempty"`
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

type gqlLocation struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// fieldError is what a resolver returns to make its field null with an error.
type gqlFieldError struct {
	typ, message string
}

func (e *gqlFieldError) Error() string { return e.message }

func notFoundField(format string, args ...any) *gqlFieldError {
	return &gqlFieldError{typ: "NOT_FOUND", message: fmt.Sprintf(format, args...)}
}

type executor struct {
	f      *Fake
	c      *gqlCall
	doc    *ast.QueryDocument
	vars   map[string]any
	errors []gqlError
}

// object is a value the executor selects fields from: its GraphQL type name and a resolver.
type object interface {
	typeName() string
	// field resolves one field with its arguments; an unknown field is the fake's gap, not
	// the client's mistake (validation passed), and is reported as such.
	field(x *executor, name string, args map[string]any) (any, error)
}

// executeSelection resolves sel on obj; nil when a non-null field failed (the caller makes its
// own field null in turn).
func (x *executor) executeSelection(obj object, sel ast.SelectionSet, path []any) map[string]any {
	out := map[string]any{}
	for _, f := range x.collect(obj.typeName(), sel) {
		key := f.Alias
		if key == "" {
			key = f.Name
		}
		p := append(append([]any{}, path...), key)
		if f.Name == "__typename" {
			out[key] = obj.typeName()
			continue
		}
		raw, err := obj.field(x, f.Name, f.ArgumentMap(x.vars))
		var v any
		ok := true
		if err != nil {
			x.fail(f, p, err)
			ok = false
		} else {
			v, ok = x.complete(f, f.Definition.Type, raw, p)
		}
		if !ok && f.Definition.Type.NonNull {
			return nil
		}
		out[key] = v
	}
	return out
}

// complete turns a resolved value into its JSON form by the field's type; ok is false when a
// non-null value is null.
func (x *executor) complete(f *ast.Field, typ *ast.Type, raw any, path []any) (any, bool) {
	if isNil(raw) {
		if typ.NonNull {
			return nil, false
		}
		return nil, true
	}
	if typ.Elem != nil {
		items, isList := raw.([]any)
		if !isList {
			x.fail(f, path, fmt.Errorf("githubfake: %s resolved to %T, not a list", f.Name, raw))
			return nil, !typ.NonNull
		}
		out := make([]any, 0, len(items))
		for i, it := range items {
			v, ok := x.complete(f, typ.Elem, it, append(append([]any{}, path...), i))
			if !ok {
				return nil, !typ.NonNull
			}
			out = append(out, v)
		}
		return out, true
	}
	if obj, isObj := raw.(object); isObj {
		v := x.executeSelection(obj, f.SelectionSet, path)
		if v == nil {
			return nil, !typ.NonNull
		}
		return v, true
	}
	return raw, true
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch t := v.(type) {
	case *issue:
		return t == nil
	case *Repo:
		return t == nil
	case *string:
		return t == nil
	}
	return false
}

func (x *executor) fail(f *ast.Field, path []any, err error) {
	e := gqlError{Path: path, Message: err.Error()}
	if f.Position != nil {
		e.Locations = []gqlLocation{{Line: f.Position.Line, Column: f.Position.Column}}
	}
	if fe, ok := err.(*gqlFieldError); ok {
		e.Type = fe.typ
	}
	x.errors = append(x.errors, e)
}

// collect is the specification's CollectFields: the fields of sel that apply to an object of
// type typeName, fragments expanded, @skip and @include applied.
func (x *executor) collect(typeName string, sel ast.SelectionSet) []*ast.Field {
	var out []*ast.Field
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			if x.included(s.Directives) {
				out = append(out, s)
			}
		case *ast.InlineFragment:
			if x.included(s.Directives) && x.applies(s.TypeCondition, typeName) {
				out = append(out, x.collect(typeName, s.SelectionSet)...)
			}
		case *ast.FragmentSpread:
			def := x.doc.Fragments.ForName(s.Name)
			if def != nil && x.included(s.Directives) && x.applies(def.TypeCondition, typeName) {
				out = append(out, x.collect(typeName, def.SelectionSet)...)
			}
		}
	}
	return out
}

func (x *executor) included(ds ast.DirectiveList) bool {
	if d := ds.ForName("skip"); d != nil && d.ArgumentMap(x.vars)["if"] == true {
		return false
	}
	if d := ds.ForName("include"); d != nil && d.ArgumentMap(x.vars)["if"] != true {
		return false
	}
	return true
}

// applies says a fragment on condition applies to an object of type typeName: the same type,
// an interface it implements or a union it is in.
func (x *executor) applies(condition, typeName string) bool {
	if condition == "" || condition == typeName {
		return true
	}
	for _, d := range x.c.schema.PossibleTypes[condition] {
		if d.Name == typeName {
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------------------------------------
// Connections

// connection is a page of a list, as GitHub's *Connection types serve it: nodes, edges with
// cursors, pageInfo and totalCount over the whole list.
type connection struct {
	name  string // the Connection type's name, e.g. "IssueConnection"
	all   []any  // every item of the list
	start int    // index of the page's first item in all
	page  []any
}

// cursors are opaque to clients; these encode the position, as GitHub's do ("Y3Vyc29yOnYyOpHOB52SFQ==").
func cursorAt(i int) string {
	return base64.StdEncoding.EncodeToString([]byte("cursor:v2:" + strconv.Itoa(i)))
}

func cursorIndex(c string) (int, bool) {
	b, err := base64.StdEncoding.DecodeString(c)
	if err != nil {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimPrefix(string(b), "cursor:v2:"))
	if err != nil || !strings.HasPrefix(string(b), "cursor:v2:") || n < 0 {
		return 0, false
	}
	return n, true
}

// paginate slices all by first/after (and last/before), as validated by checkConnections.
func paginate(name string, all []any, args map[string]any) (*connection, error) {
	lo, hi := 0, len(all)
	if a, ok := args["after"].(string); ok {
		n, valid := cursorIndex(a)
		if !valid {
			return nil, &gqlFieldError{message: fmt.Sprintf("`%s` does not appear to be a valid cursor.", a)}
		}
		lo = min(n+1, len(all))
	}
	if b, ok := args["before"].(string); ok {
		n, valid := cursorIndex(b)
		if !valid {
			return nil, &gqlFieldError{message: fmt.Sprintf("`%s` does not appear to be a valid cursor.", b)}
		}
		hi = max(min(n, hi), lo)
	}
	if n, ok := intArg(args, "first"); ok {
		hi = min(hi, lo+n)
	}
	if n, ok := intArg(args, "last"); ok {
		lo = max(lo, hi-n)
	}
	return &connection{name: name, all: all, start: lo, page: all[lo:hi]}, nil
}

func intArg(args map[string]any, name string) (int, bool) {
	switch v := args[name].(type) {
	case int:
		return v, true
	case int64:
		return int(v), true
	case float64:
		return int(v), true
	}
	return 0, false
}

func (c *connection) typeName() string { return c.name }

func (c *connection) field(x *executor, name string, _ map[string]any) (any, error) {
	switch name {
	case "totalCount":
		return len(c.all), nil
	case "nodes":
		return c.page, nil
	case "edges":
		out := make([]any, len(c.page))
		for i, n := range c.page {
			out[i] = &edge{name: strings.TrimSuffix(c.name, "Connection") + "Edge", cursor: cursorAt(c.start + i), node: n}
		}
		return out, nil
	case "pageInfo":
		end := c.start + len(c.page)
		pi := &pageInfo{hasNext: end < len(c.all), hasPrev: c.start > 0}
		if len(c.page) > 0 {
			pi.start, pi.end = cursorAt(c.start), cursorAt(end-1)
		}
		return pi, nil
	}
	return nil, x.gap(c.name, name)
}

type edge struct {
	name   string
	cursor string
	node   any
}

func (e *edge) typeName() string { return e.name }

func (e *edge) field(x *executor, name string, _ map[string]any) (any, error) {
	switch name {
	case "cursor":
		return e.cursor, nil
	case "node":
		return e.node, nil
	}
	return nil, x.gap(e.name, name)
}

type pageInfo struct {
	hasNext, hasPrev bool
	start, end       string
}

func (p *pageInfo) typeName() string { return "PageInfo" }

func (p *pageInfo) field(x *executor, name string, _ map[string]any) (any, error) {
	switch name {
	case "hasNextPage":
		return p.hasNext, nil
	case "hasPreviousPage":
		return p.hasPrev, nil
	case "startCursor":
		return nullIfEmpty(p.start), nil
	case "endCursor":
		return nullIfEmpty(p.end), nil
	}
	return nil, x.gap("PageInfo", name)
}

// gap is a field the schema has and the fake does not serve: a test that asks for it learns
// the fake must grow, instead of reading a made-up value.
func (x *executor) gap(typeName, field string) error {
	return fmt.Errorf("githubfake serves no %s.%s yet: add it to graphql_resolve.go", typeName, field)
}

// scalar is a plain value wrapper for objects built from literals (rateLimit, summaries).
type record struct {
	name   string
	values map[string]any
}

func (r *record) typeName() string { return r.name }

func (r *record) field(x *executor, name string, _ map[string]any) (any, error) {
	if v, ok := r.values[name]; ok {
		return v, nil
	}
	return nil, x.gap(r.name, name)
}
