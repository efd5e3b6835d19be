package schema_test

import (
	"bytes"
	"encoding/json"
	"testing"

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
