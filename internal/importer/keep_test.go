package importer

import (
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/state"
)

// Activity is comments and reactions together: a copy people reacted to
// five times is kept over one with a single comment. (The GitHub fake
// reports no reactions, so this calls the grouping directly.)
func TestKeepRuleCountsReactions(t *testing.T) {
	body := "Let people sign in with a passkey on every browser we support."
	reacted := &state.Issue{Number: 1, Title: "Passkeys", Body: body, State: "open", Reactions: 5}
	commented := &state.Issue{Number: 2, Title: "Passkeys", Body: body, State: "open", Comments: 1}
	groups := groupIssues([]*candidate{{is: reacted, text: body}, {is: commented, text: body}}, true, "roadmap")
	if len(groups) != 1 || groups[0].Kept != reacted || groups[0].Reason != "most activity" {
		t.Fatalf("groups %v", groups)
	}
}
