package gh

import (
	"sort"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/ghschema"
)

// TestDocumentsValidateAgainstGitHubSchema validates every document the program can send —
// each schema variant, lookups and continuations of their largest size — against GitHub's
// published GraphQL schema (@octokit/graphql-schema, with the extension of what github.com
// has since) with gqlparser: a misspelt field, a wrong argument or variable type fails here,
// not on GitHub.
func TestDocumentsValidateAgainstGitHubSchema(t *testing.T) {
	s, err := ghschema.Load()
	if err != nil {
		t.Fatal(err)
	}
	docs := AllDocuments()
	names := make([]string, 0, len(docs))
	for name := range docs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			if _, errs := ghschema.Validate(s, docs[name]); len(errs) > 0 {
				t.Errorf("%v\n%s", errs, docs[name])
			}
		})
	}
	if len(docs) < 20 {
		t.Errorf("only %d documents", len(docs))
	}
}
