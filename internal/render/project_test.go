package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/plan"
)

func TestProjectChangesRender(t *testing.T) {
	p := &plan.Plan{Repository: "o/r", Changes: []plan.Change{
		{Kind: plan.KindProjectItem, Action: plan.ActionCreate, Key: "engine", Title: "Engine", Fields: []plan.Field{{Name: "project", To: "Roadmap"}}},
		{Kind: plan.KindProjectField, Action: plan.ActionUpdate, Key: "engine", Number: 12, Title: "Engine", Target: "Status",
			Fields: []plan.Field{{Name: "Status", From: "Todo", To: "In Progress"}}},
		{Kind: plan.KindProjectField, Action: plan.ActionUpdate, Key: "engine", Number: 12, Title: "Engine", Target: "Target date",
			Fields: []plan.Field{{Name: "Target date", From: "2027-01-15", To: nil}}},
	}}
	var text bytes.Buffer
	if err := Text(&text, p, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Project items\n  + issue engine \"Engine\" added to the project\n",
		"Project fields\n  ~ issue #12 engine \"Engine\" on the project\n      Status: \"Todo\" → \"In Progress\"\n",
		"Target date: \"2027-01-15\" → none",
		"Plan: 1 to create, 2 to update, 0 to close, 0 unchanged.",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
	md := Markdown(p, MarkdownOptions{})
	for _, want := range []string{
		"add `engine` Engine to the project",
		"`Status` of ",
		": `Todo` → `In Progress`",
		": `2027-01-15` → *cleared*",
		"**Project items**: 1 to create · **Project fields**: 2 to update",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}
