//go:build ignore

// gen writes roadmap.schema.json; `go generate ./...` runs it from schema/.
package main

import (
	"fmt"
	"os"

	"github.com/roadmap-as-code/roadmap/internal/schemagen"
)

func main() {
	if err := os.Chdir(".."); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	b, err := schemagen.Generate()
	if err == nil {
		err = os.WriteFile("schema/roadmap.schema.json", b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "schema generation:", err)
		os.Exit(1)
	}
}
