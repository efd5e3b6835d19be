package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/plan"
)

// labelPlan creates n labels.
func labelPlan(n int) *plan.Plan {
	p := &plan.Plan{Repository: "o/r"}
	for i := range n {
		p.Changes = append(p.Changes, plan.Change{Kind: plan.KindLabel, Action: plan.ActionCreate, Key: fmt.Sprintf("label-%02d", i),
			Fields: []plan.Field{{Name: "name", To: fmt.Sprintf("label-%02d", i)}, {Name: "color", To: "ededed"}}})
	}
	return p
}

// TestCommentFolds holds the folding rules at their edges: a kind's list is
// open up to foldAt lines and folded past it; the tables in detail are open
// for a plan of up to detailsOpenAt changes.
func TestCommentFolds(t *testing.T) {
	for _, tt := range []struct {
		n                    int
		listOpen, tablesOpen bool
	}{
		{foldAt, true, true},
		{foldAt + 1, false, true},
		{detailsOpenAt, false, true},
		{detailsOpenAt + 1, false, false},
	} {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			md := Markdown(labelPlan(tt.n), MarkdownOptions{})
			list := strings.Contains(md, "<details open><summary><b>Labels</b>")
			tables := strings.Contains(md, "<details open><summary>Labels in detail</summary>")
			if list != tt.listOpen || tables != tt.tablesOpen {
				t.Errorf("%d labels: list open %v, tables open %v; want %v, %v\n%s", tt.n, list, tables, tt.listOpen, tt.tablesOpen, md)
			}
		})
	}
}

// TestCommentPictureRoom: a picture taking at most a quarter of the room is
// kept before the lists are given theirs; a bigger one only gets what the
// lists and tables leave, and past that a note says where it is.
func TestCommentPictureRoom(t *testing.T) {
	const limit = 12000
	for _, tt := range []struct {
		name   string
		labels int
		size   int
		kept   bool
	}{
		{"small, with lists that would fill the room", 600, 1500, true},
		{"over a quarter, with lists that fill the room", 600, 2500, false},
		{"over a quarter, with room left by the lists", 3, 2500, true},
		{"too big for any room", 3, 13000, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pic := "```mermaid\n" + strings.Repeat("x", tt.size) + "\n```"
			md := Markdown(labelPlan(tt.labels), MarkdownOptions{Picture: pic, Limit: limit})
			if len(md) > limit {
				t.Errorf("%d characters, over the limit of %d", len(md), limit)
			}
			kept := strings.Contains(md, "The roadmap after this change")
			note := strings.Contains(md, "The roadmap's picture is left out to fit GitHub's 12,000-character limit")
			if kept != tt.kept || note == tt.kept {
				t.Errorf("picture kept %v, note %v; want kept %v\n%s", kept, note, tt.kept, md)
			}
		})
	}
}

// TestTextOfAnEmptyPlan: nothing to do prints no heading, no warnings
// section, no forecast and no colour codes when colour is off: the
// repository line and the summary line only.
func TestTextOfAnEmptyPlan(t *testing.T) {
	p := &plan.Plan{Repository: "o/r", Unchanged: 3, Forecast: &plan.Forecast{}}
	var b strings.Builder
	if err := Text(&b, p, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	want := "Roadmap plan for o/r\n\n" + p.SummaryLine() + "\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
	b.Reset()
	if err := Text(&b, p, TextOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	if want := "Roadmap plan for o/r\n\n\x1b[1m" + p.SummaryLine() + "\x1b[0m\n"; b.String() != want {
		t.Errorf("in colour: got\n%q\nwant\n%q", b.String(), want)
	}
	if paint(true, ansiRed, "") != "" {
		t.Error("nothing painted is still nothing")
	}
}
