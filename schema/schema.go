// Package schema embeds the JSON Schema of roadmap.json. The file is generated
// from the Go types in internal/roadmap: edit those and run `go generate ./...`.
package schema

import _ "embed"

//go:generate go run gen.go

// JSON is the schema, as committed in roadmap.schema.json.
//
//go:embed roadmap.schema.json
var JSON []byte

// URL is the schema's $id; the validator registers it under this name.
const URL = "https://github.com/roadmap-as-code/roadmap/schema/roadmap.schema.json"
