package schema_test

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/roadmap-as-code/roadmap/internal/roadmap"

	"github.com/roadmap-as-code/roadmap/internal/schemagen"
	"github.com/roadmap-as-code/roadmap/schema"
)

// TestSchemaIsGenerated fails when roadmap.schema.json is not what the Go
// types produce: someone edited it by hand or forgot `go generate ./...`.
func TestSchemaIsGenerated(t *testing.T) {
	t.Chdir("..")
	got, err := schemagen.Generate()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, schema.JSON) {
		t.Fatal("schema/roadmap.schema.json is out of date with internal/roadmap's types: run `go generate ./...` and commit the result")
	}
}

func TestSchemaIsClosed(t *testing.T) {
	var s struct {
		ID                   string `json:"$id"`
		AdditionalProperties *bool  `json:"additionalProperties"`
		Defs                 map[string]struct {
			AdditionalProperties *bool `json:"additionalProperties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(schema.JSON, &s); err != nil {
		t.Fatal(err)
	}
	if s.ID != schema.URL {
		t.Errorf("$id = %q, want %q", s.ID, schema.URL)
	}
	if s.AdditionalProperties == nil || *s.AdditionalProperties {
		t.Error("the top level allows unknown keys")
	}
	for name, d := range s.Defs {
		if d.AdditionalProperties == nil || *d.AdditionalProperties {
			t.Errorf("%s allows unknown keys: a typo like \"lables\" would pass", name)
		}
	}
}

// TestSchemaIsValidDraft2020 checks the schema itself against JSON
// Schema's draft 2020-12 meta-schema, as an editor's language server will.
func TestSchemaIsValidDraft2020(t *testing.T) {
	var doc any
	if err := json.Unmarshal(schema.JSON, &doc); err != nil {
		t.Fatal(err)
	}
	var s struct {
		Schema string `json:"$schema"`
	}
	if err := json.Unmarshal(schema.JSON, &s); err != nil || s.Schema != "https://json-schema.org/draft/2020-12/schema" {
		t.Fatalf("$schema is %q, want draft 2020-12", s.Schema)
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	meta, err := c.Compile("https://json-schema.org/draft/2020-12/schema")
	if err != nil {
		t.Fatal(err)
	}
	if err := meta.Validate(doc); err != nil {
		t.Fatalf("the schema is not valid draft 2020-12: %#v", err)
	}
}

// TestSchemaIDIsFetchable: $id is where an editor can fetch the schema of a
// released version, the committed file at the moving major-version tag.
func TestSchemaIDIsFetchable(t *testing.T) {
	re := regexp.MustCompile(`^https://raw\.githubusercontent\.com/roadmap-as-code/roadmap/v1/schema/roadmap\.schema\.json$`)
	if !re.MatchString(schema.URL) {
		t.Errorf("$id %q is not the raw URL of schema/roadmap.schema.json at tag v1", schema.URL)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), `"$schema": "`+schema.URL+`"`) {
		t.Error(`the README must show the "$schema" line users should write, with the schema's URL`)
	}
}

// TestDescriptionsSpeakJSON: editors show the descriptions to people who
// write JSON, so they must not name the Go types and fields behind them
// ("ManagedLabel is…", "BlockedBy lists…").
func TestDescriptionsSpeakJSON(t *testing.T) {
	var names []string
	for _, typ := range []reflect.Type{reflect.TypeFor[roadmap.Roadmap](), reflect.TypeFor[roadmap.Settings](),
		reflect.TypeFor[roadmap.Label](), reflect.TypeFor[roadmap.Milestone](), reflect.TypeFor[roadmap.Issue](), reflect.TypeFor[roadmap.NullableString]()} {
		names = append(names, typ.Name())
		for i := 0; i < typ.NumField(); i++ {
			names = append(names, typ.Field(i).Name)
		}
	}
	var descriptions []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if d, ok := x["description"].(string); ok {
				descriptions = append(descriptions, d)
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	var doc any
	if err := json.Unmarshal(schema.JSON, &doc); err != nil {
		t.Fatal(err)
	}
	walk(doc)
	if len(descriptions) < 30 {
		t.Fatalf("only %d descriptions", len(descriptions))
	}
	for _, d := range descriptions {
		d = strings.ReplaceAll(d, "JSON Schema", "") // the standard's name, not the Go field
		for _, n := range names {
			if regexp.MustCompile(`\b` + n + `\b`).MatchString(d) {
				t.Errorf("a description names the Go identifier %s: %q", n, d)
			}
		}
	}
}
