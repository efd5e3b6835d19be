// Package schemagen generates schema/roadmap.schema.json from the Go types in
// internal/roadmap, so the schema can never drift from what the loader accepts.
package schemagen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/invopop/jsonschema"

	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/schema"
)

// ModulePath is the import path the Go doc comments are looked up under.
const ModulePath = "github.com/roadmap-as-code/roadmap"

// Generate returns the JSON Schema of roadmap.json. It reads the doc comments
// of internal/roadmap from source, so it must run with the module root as the
// working directory (invopop/jsonschema resolves packages from relative paths).
func Generate() ([]byte, error) {
	r := &jsonschema.Reflector{
		ExpandedStruct: true,
		// NullableString is a string on the wire; null is added below, where
		// its constraints have already been applied as for any string.
		Mapper: func(t reflect.Type) *jsonschema.Schema {
			if t == reflect.TypeFor[roadmap.NullableString]() {
				return &jsonschema.Schema{Type: "string"}
			}
			// A project field's value: text, a number, or null to clear it.
			if t == reflect.TypeFor[roadmap.FieldValue]() {
				return &jsonschema.Schema{Extras: map[string]any{"type": []string{"string", "number", "null"}}}
			}
			return nil
		},
	}
	if err := r.AddGoComments(ModulePath, "internal/roadmap"); err != nil {
		return nil, fmt.Errorf("reading doc comments (run from the module root): %w", err)
	}
	s := r.Reflect(&roadmap.Roadmap{})
	s.ID = jsonschema.ID(schema.URL)
	s.Title = "roadmap.json"

	for _, t := range []reflect.Type{
		reflect.TypeFor[roadmap.Roadmap](), reflect.TypeFor[roadmap.Settings](), reflect.TypeFor[roadmap.Label](),
		reflect.TypeFor[roadmap.Milestone](), reflect.TypeFor[roadmap.Issue](), reflect.TypeFor[roadmap.Project](),
	} {
		def := s
		if t != reflect.TypeFor[roadmap.Roadmap]() {
			def = s.Definitions[t.Name()]
		}
		if def == nil || def.Properties == nil {
			return nil, fmt.Errorf("no schema definition for %s", t.Name())
		}
		if def.Description == "" {
			return nil, fmt.Errorf("%s has no doc comment: it becomes the schema's description", t.Name())
		}
		def.Description = withoutGoName(def.Description, t.Name())
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			prop, ok := def.Properties.Get(name)
			if !ok {
				return nil, fmt.Errorf("no schema property %s.%s", t.Name(), name)
			}
			if prop.Description == "" {
				return nil, fmt.Errorf("%s.%s has no doc comment: it becomes the schema's description", t.Name(), f.Name)
			}
			if f.Type == reflect.TypeFor[roadmap.NullableString]() {
				prop.Type = ""
				if prop.Extras == nil {
					prop.Extras = map[string]any{}
				}
				prop.Extras["type"] = []string{"string", "null"}
			}
		}
	}
	// Labels, ids and logins in lists obey the same limits as where they are declared.
	setItems(s, "Label", "aliases", &jsonschema.Schema{Type: "string", MinLength: ptr(1), MaxLength: ptr(roadmap.MaxLabelNameLength)})
	setItems(s, "Milestone", "aliases", &jsonschema.Schema{Type: "string", MinLength: ptr(1), MaxLength: ptr(roadmap.MaxTitleLength)})
	setItems(s, "Issue", "labels", &jsonschema.Schema{Type: "string", MinLength: ptr(1), MaxLength: ptr(roadmap.MaxLabelNameLength)})
	setItems(s, "Issue", "blocked_by", &jsonschema.Schema{Type: "string", Pattern: roadmap.IDPattern})
	setItems(s, "Issue", "assignees", &jsonschema.Schema{Type: "string", Pattern: roadmap.LoginPattern})
	setItems(s, "Issue", "duplicates", &jsonschema.Schema{Type: "integer", Minimum: json.Number("1")})
	// Examples of lists, which struct tags can't hold.
	setExamples(s, "Issue", "labels", []string{"enhancement", "P0-critical"})
	setExamples(s, "Issue", "assignees", []string{"octocat"})
	setExamples(s, "Issue", "fields", map[string]any{"Status": "Todo", "Iteration": "Sprint 1", "Target date": "2027-01-15", "Estimate": 3})
	setExamples(s, "Issue", "blocked_by", []string{"sprint-0"})
	setExamples(s, "Issue", "duplicates", []int{172})
	setExamples(s, "Label", "aliases", []string{"priority: P0"})
	setExamples(s, "Milestone", "aliases", []string{"M1"})

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("encoding the schema: %w", err)
	}
	return buf.Bytes(), nil
}

func setItems(s *jsonschema.Schema, def, prop string, items *jsonschema.Schema) {
	if p, ok := s.Definitions[def].Properties.Get(prop); ok {
		p.Items = items
	}
}

func ptr(n int) *uint64 { u := uint64(n); return &u }

func setExamples(s *jsonschema.Schema, def, prop string, example any) {
	if p, ok := s.Definitions[def].Properties.Get(prop); ok {
		p.Examples = []any{example}
	}
}

// withoutGoName turns a type's Go doc comment, which starts with its Go
// name ("Label is a GitHub label…"), into a description for people who
// write JSON ("A GitHub label…"): editors show it on hover.
func withoutGoName(doc, name string) string {
	for _, verb := range []string{" is ", " are "} {
		if rest, ok := strings.CutPrefix(doc, name+verb); ok && rest != "" {
			return strings.ToUpper(rest[:1]) + rest[1:]
		}
	}
	return doc
}
