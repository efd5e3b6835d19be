// Package ghschema is GitHub's published GraphQL schema (@octokit/graphql-schema) with the
// small extension of what github.com has since (extension.graphql), parsed by gqlparser. Only
// tests use it: every document the program sends is validated against it, by internal/gh's
// tests and by internal/githubfake on every request.
package ghschema

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
)

// PackageVersion is the version of @octokit/graphql-schema whose schema.graphql is github.graphql.
const PackageVersion = "15.26.1"

var (
	//go:embed github.graphql
	published string
	//go:embed extension.graphql
	extension string
)

// Sources are the schema's two parts: the published schema and the extension.
func Sources() []*ast.Source {
	return []*ast.Source{
		{Name: "github.graphql (@octokit/graphql-schema " + PackageVersion + ")", Input: published, BuiltIn: false},
		{Name: "extension.graphql", Input: extension},
	}
}

var (
	once    sync.Once
	schema  *ast.Schema
	errLoad error
)

// Load returns the schema, parsed once.
func Load() (*ast.Schema, error) {
	once.Do(func() {
		schema, Duplicates, errLoad = load(Sources()...)
	})
	return schema, errLoad
}

// Published returns the published schema alone, without the extension.
func Published() (*ast.Schema, error) {
	s, _, err := load(Sources()[0])
	return s, err
}

// Duplicates lists the fields the published schema defines twice, identically, as
// "Type.field": GitHub's own slip (15.26.1 has EnterpriseOwnerInfo.repositoryDeployKeySetting
// and repositoryDeployKeySettingOrganizations twice), which the GraphQL specification forbids
// and gqlparser refuses. Load keeps the first.
var Duplicates []string

// load parses the sources, drops fields defined twice with the same type (see Duplicates; a
// second definition with another type stays, and is refused), and validates the whole as
// gqlparser.LoadSchema does.
func load(sources ...*ast.Source) (*ast.Schema, []string, error) {
	doc, err := parser.ParseSchemas(append([]*ast.Source{validator.Prelude}, sources...)...)
	if err != nil {
		return nil, nil, fmt.Errorf("parsing GitHub's GraphQL schema: %w", err)
	}
	var dups []string
	for _, defs := range []ast.DefinitionList{doc.Definitions, doc.Extensions} {
		for _, def := range defs {
			seen := map[string]*ast.FieldDefinition{}
			kept := def.Fields[:0:0]
			for _, f := range def.Fields {
				if prev := seen[f.Name]; prev != nil && prev.Type.String() == f.Type.String() && len(prev.Arguments) == len(f.Arguments) {
					dups = append(dups, def.Name+"."+f.Name)
					continue
				}
				seen[f.Name] = f
				kept = append(kept, f)
			}
			def.Fields = kept
		}
	}
	s, err := validator.ValidateSchemaDocument(doc)
	if err != nil {
		return nil, nil, fmt.Errorf("loading GitHub's GraphQL schema: %w", err)
	}
	return s, dups, nil
}

// Validate parses a document and validates it against s, with every rule of the GraphQL
// specification; the errors are gqlparser's, each with its location.
func Validate(s *ast.Schema, document string) (*ast.QueryDocument, gqlerror.List) {
	doc, err := parser.ParseQuery(&ast.Source{Name: "document", Input: document})
	if err != nil {
		if ge, ok := err.(*gqlerror.Error); ok {
			return nil, gqlerror.List{ge}
		}
		return nil, gqlerror.List{gqlerror.Wrap(err)}
	}
	if errs := validator.Validate(s, doc); len(errs) > 0 {
		return nil, errs
	}
	return doc, nil
}
