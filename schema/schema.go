// Package schema embeds the JSON Schema of roadmap.json. The file is generated
// from the Go types in internal/roadmap: edit those and run `go generate ./...`.
package schema

import _ "embed"

//go:generate go run gen.go

// JSON is the schema, as committed in roadmap.schema.json.
//
//go:embed roadmap.schema.json
var JSON []byte

// URL is the schema's $id: where the schema of roadmap.json version 1 is
// served, from the moving v1 tag the release workflow keeps on the latest
// 1.x release, so an editor given it as "$schema" can fetch it. The
// validator registers the embedded copy under this name and never fetches.
const URL = "https://raw.githubusercontent.com/roadmap-as-code/roadmap/v1/schema/roadmap.schema.json"
