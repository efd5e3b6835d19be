package importer_test

import (
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/importer"
)

// GitHub's own bug-report issue template, filled in twice for two
// different bugs, as people do: a line or two each, the rest left as it was.
const bugTemplate = `**Describe the bug**
A clear and concise description of what the bug is.
%s

**To Reproduce**
Steps to reproduce the behavior:
1. Go to '%s'
2. Click on '%s'
3. Scroll down to '....'
4. See error

**Expected behavior**
A clear and concise description of what you expected to happen.
%s

**Screenshots**
If applicable, add screenshots to help explain your problem.

**Desktop (please complete the following information):**
 - OS: %s
 - Browser: %s

**Additional context**
Add any other context about the problem here.`

func fill(format string, args ...string) string {
	out := format
	for _, a := range args {
		out = strings.Replace(out, "%s", a, 1)
	}
	return out
}

// The threshold (importer.SimilarityThreshold, in the README) separates
// copies of one issue from different issues that share a template.
func TestSimilarityOnRealisticPairs(t *testing.T) {
	s := seed(t)
	body := s[0].Body
	tests := []struct {
		name string
		a, b string
		same bool
	}{
		{"the same list pasted twice", body, body, true},
		{"pasted again through the web editor (CRLF, trailing spaces)", body, strings.ReplaceAll(body, "\n", "  \r\n"), true},
		{"a copy with one task ticked and a typo fixed", body, strings.Replace(strings.Replace(body, "- Run unit", "- [x] Run unit", 1), "co-editing", "coediting", 1), true},
		{"the seed's [IMPL] copy: the same body in a header and a footer", s[0].Body, s[11].Body, true},
		{"the seed's [IMPL] copy of issue 10", s[9].Body, s[20].Body, true},
		{"two seed issues sharing one template of headings", s[0].Body, s[1].Body, false},
		{"two [IMPL] copies of different issues (template and wrapper shared)", s[11].Body, s[12].Body, false},
		{"two bugs in GitHub's bug-report template",
			fill(bugTemplate, "The export button does nothing on Safari.", "Reports", "Export", "A CSV file downloads.", "macOS 14", "Safari 17"),
			fill(bugTemplate, "Login fails with a 500 after a password reset.", "Forgot password", "Reset", "I can log in with the new password.", "Windows 11", "Edge 120"), false},
		{"short bodies that differ", "Make it faster.", "Make it smaller.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := importer.Similarity(tt.a, tt.b)
			t.Logf("similarity %.3f", sim)
			if got := sim >= importer.SimilarityThreshold; got != tt.same {
				t.Errorf("similarity %.3f against the threshold %.2f: same = %v, want %v", sim, importer.SimilarityThreshold, got, tt.same)
			}
		})
	}
}

func TestTitleKeyAndSlug(t *testing.T) {
	tests := []struct {
		title, key, slug string
	}{
		{"Issue 001: Real-Time Collaboration Engine", "realtimecollaborationengine", "real-time-collaboration-engine"},
		{"02 Impl Realtime Collaboration Engine", "realtimecollaborationengine", "realtime-collaboration-engine"},
		{"[IMPL] Real-Time Collaboration Engine", "realtimecollaborationengine", "real-time-collaboration-engine"},
		{"feat(api): Rate limits", "ratelimits", "rate-limits"},
		{"#12. Fix login", "login", "login"},
		{"2024 roadmap", "2024roadmap", "2024-roadmap"}, // a year is not a list number
		{"Issue", "issue", "issue"},                     // nothing but a tag: kept
		{"Café déjà vu", "cafédéjàvu", "cafe-deja-vu"},
		{"🚀🚀", "🚀🚀", ""},
		{"修复登录", "修复登录", ""},
		{strings.Repeat("word ", 60), strings.Repeat("word", 60), "word-word-word-word-word-word-word-word-word"},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			if got := importer.TitleKey(tt.title); got != tt.key {
				t.Errorf("TitleKey = %q, want %q", got, tt.key)
			}
			if got := importer.Slug(tt.title); got != tt.slug {
				t.Errorf("Slug = %q, want %q", got, tt.slug)
			}
		})
	}
}
