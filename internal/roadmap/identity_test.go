package roadmap

import (
	"strings"
	"testing"
)

func TestParseMarker(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string // "" for no marker
	}{
		{"as the tool writes it", ComposeBody("Text", "collab-engine", ""), "collab-engine"},
		{"marker alone", Marker("a"), "a"},
		{"a person's note below", ComposeBody("Text", "a", "Note\n\nmore"), "a"},
		{"CRLF from the web UI", "Text\r\n\r\n" + Marker("a") + "\r\nNote", "a"},
		{"trailing white space", "Text\n\n" + Marker("a") + "  \t", "a"},
		{"the last of two counts", Marker("old") + "\n" + Marker("new"), "new"},
		{"in a backtick fence", "See:\n```\n" + Marker("a") + "\n```\n", ""},
		{"in a tilde fence", "~~~md\n" + Marker("a") + "\n~~~", ""},
		{"in a long fence closed by a longer one", "````\n```\n" + Marker("a") + "\n```\n`````", ""},
		{"in an unclosed fence", "```\n" + Marker("a"), ""},
		{"after a closed fence", "```\ncode\n```\n" + Marker("a"), "a"},
		{"fence indented three spaces", "   ```\n" + Marker("a") + "\n   ```", ""},
		{"four spaces is not a fence", "    ```\n" + Marker("a"), "a"},
		{"inline backticks do not open a fence", "``` `x` ```\n" + Marker("a"), "a"},
		{"fenced marker, then the tool's", "```\n" + Marker("x") + "\n```\n\n" + Marker("a"), "a"},
		{"tool's marker, then a quoted one in a fence", Marker("a") + "\nNote:\n```\n" + Marker("x") + "\n```", "a"},
		{"in a sentence", "The line " + Marker("a") + " is hidden", ""},
		{"indented", "  " + Marker("a"), ""},
		{"in a quote", "> " + Marker("a"), ""},
		{"in inline code", "`" + Marker("a") + "`", ""},
		{"id with white space", "<!-- roadmap:id=a b -->", ""},
		{"id with a tab", "<!-- roadmap:id=a\tb -->", ""},
		// Not the tool's writing, so not an id, even with white space trimmed.
		{"space before the id", "<!-- roadmap:id= a -->", ""},
		{"tab before the id", "<!-- roadmap:id=\ta -->", ""},
		{"two spaces after the id", "<!-- roadmap:id=a  -->", ""},
		{"empty id", "<!-- roadmap:id= -->", ""},
		{"id with odd characters", "<!-- roadmap:id=a/b -->", ""},
		{"id too long", Marker(strings.Repeat("x", 65)), ""},
		{"id of 64", Marker(strings.Repeat("x", 64)), strings.Repeat("x", 64)},
		{"no space before -->", "<!-- roadmap:id=a-->", ""},
		{"two markers on one line", Marker("a") + Marker("b"), ""},
		{"nothing", "Just text", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseMarker(tt.body)
			if ok != (tt.want != "") || got != tt.want {
				t.Errorf("ParseMarker(%q) = %q, %v; want %q", tt.body, got, ok, tt.want)
			}
		})
	}
}

func TestSplitBody(t *testing.T) {
	tests := []struct {
		name         string
		body         string
		above, human string
		found        bool
	}{
		{"roadmap text and a note", "Text\n\n" + Marker("a") + "\nNote", "Text\n\n", "Note", true},
		{"CRLF note", "Text\r\n\r\n" + Marker("a") + "\r\n\r\nNote", "Text\r\n\r\n", "Note", true},
		{"quoted marker in the note stays the person's", "T\n\n" + Marker("a") + "\n```\n" + Marker("b") + "\n```",
			"T\n\n", "```\n" + Marker("b") + "\n```", true},
		{"no marker", "Only text", "Only text", "", false},
		{"fenced marker only", "```\n" + Marker("a") + "\n```", "```\n" + Marker("a") + "\n```", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			above, human, found := SplitBody(tt.body)
			if above != tt.above || human != tt.human || found != tt.found {
				t.Errorf("SplitBody(%q) = %q, %q, %v; want %q, %q, %v", tt.body, above, human, found, tt.above, tt.human, tt.found)
			}
		})
	}
}

func TestComposeBodyRoundTrip(t *testing.T) {
	for _, text := range []string{"", "Text", "Text with ```\ncode\n```", "Trailing\n\n\n"} {
		body := ComposeBody(text, "id-1", "A note")
		id, ok := ParseMarker(body)
		if !ok || id != "id-1" {
			t.Fatalf("ComposeBody(%q) does not parse back: %q", text, body)
		}
		_, human, _ := SplitBody(body)
		if human != "A note" {
			t.Errorf("note of %q = %q", body, human)
		}
	}
}

func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{
		"a": true, "collab-engine": true, "v1.2_x": true, "": false, "a b": false, "é": false,
		strings.Repeat("a", 64): true, strings.Repeat("a", 65): false, "a/b": false, "a>": false,
		// Each range at both ends, and the byte just outside it.
		"z": true, "A": true, "Z": true, "0": true, "9": true,
		"`": false, "{": false, "@": false, "[": false, "/": false, ":": false,
	} {
		if got := ValidID(id); got != want {
			t.Errorf("ValidID(%q) = %v, want %v", id, got, want)
		}
	}
}

func FuzzParseMarker(f *testing.F) {
	f.Add(ComposeBody("x", "a", "y"))
	f.Add("```\n" + Marker("a") + "\n```")
	f.Add("~~~~\r\n<!-- roadmap:id=z -->\r\n~~~")
	f.Fuzz(func(t *testing.T, body string) {
		id, ok := ParseMarker(body)
		above, human, found := SplitBody(body)
		if ok != found {
			t.Fatalf("ParseMarker and SplitBody disagree on %q", body)
		}
		if !ok {
			return
		}
		if !ValidID(id) {
			t.Fatalf("invalid id %q from %q", id, body)
		}
		if !strings.HasPrefix(body, above) || !strings.HasSuffix(body, human) {
			t.Fatalf("split of %q is not a cut: %q / %q", body, above, human)
		}
	})
}

// Whatever the roadmap's text, the tool finds its own marker again: an
// open fence in the text must not swallow it.
func FuzzComposeBody(f *testing.F) {
	f.Add("Text with ```\ncode\n```", "a", "note")
	f.Add("~~~~\n", "b", "")
	f.Add("```go\nx", "c", "```\nopen")
	f.Fuzz(func(t *testing.T, text, id, human string) {
		if !ValidID(id) || strings.Contains(text, MarkerPrefix) || strings.Contains(human, MarkerPrefix) {
			return
		}
		body := ComposeBody(text, id, human)
		got, ok := ParseMarker(body)
		if !ok || got != id {
			t.Fatalf("ComposeBody(%q, %q, %q) = %q: marker parsed as %q, %v", text, id, human, body, got, ok)
		}
	})
}
