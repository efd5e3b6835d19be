package render

import (
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/plan"
)

// TestLinks: an issue is linked to the page GitHub gave for it (a moved or
// renamed repository's page differs from the path this one would make),
// but only when that page is of the same number; a number the plan does
// not know, or no repository, stays plain. The tool's own words link only
// the issues the plan manages, and a quoted title in them is neutralised.
func TestLinks(t *testing.T) {
	p := &plan.Plan{Repository: "o/r", Issues: map[string]plan.IssueRef{
		"moved":            {Number: 3, URL: "https://github.com/o/renamed/issues/3"},
		"no-url":           {Number: 4},
		plan.ClosedKey(9):  {Number: 9, URL: "https://github.com/o/renamed/issues/9"},
		plan.ClosedKey(10): {Number: 10},
		"closed-elsewhere": {Number: 11, URL: "https://github.com/o/renamed/issues/11"},
	}}
	l := newLinks(p, MarkdownOptions{})
	for _, tt := range []struct {
		name, key string
		n         int
		want      string
	}{
		{"GitHub's page", "moved", 3, "[#3](https://github.com/o/renamed/issues/3)"},
		{"another number than the entry's", "moved", 5, "[#5](https://github.com/o/r/issues/5)"},
		{"no page given", "no-url", 4, "[#4](https://github.com/o/r/issues/4)"},
		{"a closed issue's page", plan.ClosedKey(9), 9, "[#9](https://github.com/o/renamed/issues/9)"},
		{"a closed issue without a page", plan.ClosedKey(10), 10, "[#10](https://github.com/o/r/issues/10)"},
		{"not yet on GitHub", "new", 0, "#0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := l.issue(tt.key, tt.n); got != tt.want {
				t.Errorf("issue(%q, %d) = %q, want %q", tt.key, tt.n, got, tt.want)
			}
		})
	}
	if got := newLinks(&plan.Plan{}, MarkdownOptions{}).issue("x", 3); got != "#3" {
		t.Errorf("without a repository: %q, want plain #3", got)
	}

	for _, tt := range []struct{ in, want string }{
		{"closes #9 and #12", "closes [#9](https://github.com/o/renamed/issues/9) and #" + zwsp + "12"},
		{`title "Fix #12 for @octocat" taken`, `title "Fix #` + zwsp + `12 for @` + zwsp + `octocat" taken`},
		{`an unclosed "quote #3`, `an unclosed "quote [#3](https://github.com/o/renamed/issues/3)`},
		{"no quotes at all", "no quotes at all"},
	} {
		t.Run("prose/"+tt.in, func(t *testing.T) {
			if got := l.prose(tt.in); got != tt.want {
				t.Errorf("prose(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
