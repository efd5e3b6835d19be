package roadmap

import (
	"fmt"
	"strings"
)

// Limits of GitHub's that a roadmap can reach, from its documentation:
// "You can add up to 100 sub-issues per parent issue and create up to eight
// levels of nested sub-issues" (Adding sub-issues), and "You can assign up
// to 10 people to each issue" (Assigning issues and pull requests; the
// schema's maxItems checks that one).
const (
	MaxSubIssues      = 100
	MaxSubIssueLevels = 8
)

// checkGitHubLimits reports what GitHub would refuse a write for: more
// sub-issues under one parent, or deeper nesting, than it allows.
func (c *checker) checkGitHubLimits() {
	children := map[string]int{}
	for i, is := range c.rm.Issues {
		if is.Parent == "" {
			continue
		}
		if _, ok := c.issueByID[is.Parent]; !ok {
			continue
		}
		children[is.Parent]++
		if children[is.Parent] == MaxSubIssues+1 {
			c.errorf(fmt.Sprintf("/issues/%d/parent", i), "limit",
				"issue %q would be sub-issue number %d of %q; GitHub allows at most %d sub-issues per parent", is.ID, MaxSubIssues+1, is.Parent, MaxSubIssues)
		}
	}
	for i, is := range c.rm.Issues {
		chain := []string{is.ID}
		seen := map[string]bool{is.ID: true}
		for p := is.Parent; p != "" && !seen[p]; {
			j, ok := c.issueByID[p]
			if !ok {
				break
			}
			seen[p] = true
			chain = append(chain, p)
			p = c.rm.Issues[j].Parent
		}
		// Report each too-deep chain once: at the issue on the ninth level.
		if len(chain) == MaxSubIssueLevels+1 {
			for l, r := 0, len(chain)-1; l < r; l, r = l+1, r-1 {
				chain[l], chain[r] = chain[r], chain[l]
			}
			c.errorf(fmt.Sprintf("/issues/%d/parent", i), "limit",
				"issue %q would be nested %d levels deep (%s); GitHub allows at most %d levels of sub-issues",
				is.ID, len(chain), strings.Join(quoteAll(chain), " → "), MaxSubIssueLevels)
		}
	}
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = fmt.Sprintf("%q", x)
	}
	return out
}
