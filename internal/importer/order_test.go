package importer

import (
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// TestClaimOrder compares two claimants of one marker both ways round: the
// rule that decides is the same, named the same, and the order reverses.
func TestClaimOrder(t *testing.T) {
	body := "text\n\n<!-- roadmap:id=passkeys -->"
	day := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	user := func(n int, created time.Time) *candidate {
		return &candidate{is: &state.Issue{Number: n, Body: body, AuthorType: "User", AuthorAssociation: "MEMBER", Created: created}}
	}
	labelled := user(9, day)
	labelled.is.Labels = []string{"roadmap"}
	bot := user(8, day)
	bot.is.AuthorType = "Bot"
	for _, tt := range []struct {
		name        string
		first, then *candidate
		reason      string
	}{
		{"trusted", labelled, user(1, day), "trusted marker"},
		{"the tool's own", bot, user(1, day), "the tool's own"},
		{"created first", user(5, day), user(2, day.Add(time.Hour)), "created first"},
		{"lowest number", user(2, day), user(5, day), "lowest number"},
		{"lowest number, times unknown", user(2, time.Time{}), user(5, day), "lowest number"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, why := claimOrder(tt.first, tt.then, "roadmap")
			r, whyR := claimOrder(tt.then, tt.first, "roadmap")
			if c != -1 || r != 1 || why != tt.reason || whyR != tt.reason {
				t.Errorf("claimOrder: %d %q, reversed %d %q; want -1, 1, %q", c, why, r, whyR, tt.reason)
			}
		})
	}
}

// TestEditsAtOneStart: an insertion and a removal starting at one offset
// give the same file whichever was asked for first.
func TestEditsAtOneStart(t *testing.T) {
	src := roadmap.Parse("roadmap.json", []byte(`{"a": 1, "b": 2}`), roadmap.Options{}).Source
	const want = `{"a": 1, "x": 0}`
	off := len(`{"a": 1`)
	for _, insertFirst := range []bool{true, false} {
		ed := newEditor(src)
		if insertFirst {
			ed.add(off, off, `, "x": 0`)
			ed.add(off, off+len(`, "b": 2`), "")
		} else {
			ed.add(off, off+len(`, "b": 2`), "")
			ed.add(off, off, `, "x": 0`)
		}
		if got := string(ed.apply()); got != want {
			t.Errorf("insertion first %v: %s, want %s", insertFirst, got, want)
		}
	}
}
