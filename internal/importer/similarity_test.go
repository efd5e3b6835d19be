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

// A slug is at most 48 characters, cut after the last whole word that
// fits, unless that would keep less than half of them.
func TestSlugLengthLimit(t *testing.T) {
	x, y := strings.Repeat("x", 30), strings.Repeat("y", 17)
	tests := []struct {
		name, title, slug string
	}{
		{"exactly 48 characters", strings.Repeat("a", 48), strings.Repeat("a", 48)},
		{"one word of 49 is cut at 48", strings.Repeat("a", 49), strings.Repeat("a", 48)},
		{"two words filling 48, then a third", x + " " + y + " z", x + "-" + y},
		{"the last fitting word ends at half", strings.Repeat("a", 24) + " " + strings.Repeat("b", 30), strings.Repeat("a", 24)},
		{"a word boundary before half is not used", strings.Repeat("a", 23) + " " + strings.Repeat("b", 30), strings.Repeat("a", 23) + "-" + strings.Repeat("b", 24)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := importer.Slug(tt.title); got != tt.slug {
				t.Errorf("Slug(%q) = %q, want %q", tt.title, got, tt.slug)
			}
		})
	}
}

// A body of exactly one shingle's length is compared by its shingle, not
// scored 0 as too short.
func TestSimilarityAtTheShingleSize(t *testing.T) {
	twelve := "abcdefghijkl"
	if len(twelve) != importer.ShingleSize {
		t.Fatalf("the test's body has %d characters", len(twelve))
	}
	tests := []struct {
		name string
		a, b string
		want float64
	}{
		{"twelve and thirteen characters", twelve, twelve + "m", 2.0 / 3},
		{"thirteen and twelve characters", twelve + "m", twelve, 2.0 / 3},
		{"eleven characters", twelve[:11], twelve[:11] + "xy", 0},
		{"eleven characters, second", twelve[:11] + "xy", twelve[:11], 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := importer.Similarity(tt.a, tt.b); got < tt.want-0.001 || got > tt.want+0.001 {
				t.Errorf("Similarity(%q, %q) = %.3f, want %.3f", tt.a, tt.b, got, tt.want)
			}
		})
	}
}
