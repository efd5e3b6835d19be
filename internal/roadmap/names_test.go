package roadmap

import (
	"strings"
	"testing"
)

func TestParseRepository(t *testing.T) {
	good := []string{"octo-org/octo-repo", "a/b", "o/.github", "o/a.b_c-d", "octocat_acme/repo", "O1/R1", "o/...", "o/.x"}
	for _, s := range good {
		if _, _, err := ParseRepository(s); err != nil {
			t.Errorf("ParseRepository(%q): %v", s, err)
		}
	}
	bad := []string{
		"", "o", "/r", "o/", "o/r/x", "octo-org/..", "octo-org/.", "../..", "../r", "o/r?x=1", "o/r#1",
		"o/r%2F", "o /r", "o/r ", "-o/r", "_o/r", "o.o/r", "o/r\n", "o/" + strings.Repeat("r", 101),
		strings.Repeat("o", 60) + "/r", "ö/r", "o/ä",
	}
	for _, s := range bad {
		if o, n, err := ParseRepository(s); err == nil {
			t.Errorf("ParseRepository(%q) = %q, %q; want an error", s, o, n)
		} else if !strings.Contains(err.Error(), "repository") {
			t.Errorf("ParseRepository(%q): error %q does not name the repository", s, err)
		}
	}
}

func TestLabelNameProblem(t *testing.T) {
	for name, bad := range map[string]bool{
		"bug": false, "good first issue": false, "area/collab": false, "50% done": false, ".": false, "..": false,
		"%2e": false, "P0 🔥": false, "": true, "  ": true, "a\nb": true, "a\tb": true, "a\x00": true,
		strings.Repeat("x", 50): false, strings.Repeat("x", 51): true, strings.Repeat("é", 50): false,
	} {
		if got := LabelNameProblem(name); (got != "") != bad {
			t.Errorf("LabelNameProblem(%q) = %q, want bad=%v", name, got, bad)
		}
	}
}
