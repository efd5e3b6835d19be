package roadmap

import "fmt"

// DidYouMean is `; did you mean "X"?` for the candidate nearest to s when it
// is a likely typo of it, and "" otherwise: for messages outside this
// package, about names only GitHub knows.
func DidYouMean(s string, candidates []string) string {
	if c := closest(s, candidates); c != "" {
		return fmt.Sprintf("; did you mean %q?", c)
	}
	return ""
}
