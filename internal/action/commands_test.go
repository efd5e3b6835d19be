package action

import (
	"bytes"
	"strings"
	"testing"

	githubactions "github.com/sethvargo/go-githubactions"

	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

func TestEscaping(t *testing.T) {
	if got, want := escapeData("100% done\r\nnext: a, b"), "100%25 done%0D%0Anext: a, b"; got != want {
		t.Errorf("escapeData = %q, want %q", got, want)
	}
	if got, want := escapeProperty("dir,x/a:b%\r\n.json"), "dir%2Cx/a%3Ab%25%0D%0A.json"; got != want {
		t.Errorf("escapeProperty = %q, want %q", got, want)
	}
	// % goes first: an escape already in the text is not undone.
	if got := escapeData("%0A"); got != "%250A" {
		t.Errorf("escapeData(%%0A) = %q", got)
	}
}

// Our commands are go-githubactions' commands with the properties in the
// order given: the same escaping of data and of properties.
func TestCommandMatchesGoGithubactions(t *testing.T) {
	for _, tc := range []struct{ file, msg string }{
		{"roadmap.json", "plain"},
		{"teams/a,b:c/road%map.json", "label \"P0%\" is not declared\nsecond line\rthird: a, b"},
		{"", "::set-output name=x::y"},
	} {
		var buf bytes.Buffer
		a := githubactions.New(githubactions.WithWriter(&buf), githubactions.WithGetenv(func(string) string { return "" }))
		a.WithFieldsMap(map[string]string{"file": tc.file}).Errorf("%s", tc.msg)
		got := command("error", [][2]string{{"file", tc.file}}, tc.msg)
		if want := strings.TrimSuffix(buf.String(), "\n"); got != want {
			t.Errorf("command = %q\ngo-githubactions = %q", got, want)
		}
		if strings.ContainsAny(got, "\r\n") {
			t.Errorf("command %q spans lines", got)
		}
	}
}

func TestAnnotation(t *testing.T) {
	for _, tc := range []struct {
		d    roadmap.Diagnostic
		want string
	}{
		{roadmap.Diagnostic{File: "roadmap.json", Line: 12, Col: 5, Kind: "unknown-label", Message: `label "x" is not declared`},
			`::error file=roadmap.json,line=12,col=5::label "x" is not declared [unknown-label]`},
		{roadmap.Diagnostic{File: "a,b/c:d.json", Line: 3, Col: 1, Severity: roadmap.SeverityWarning, Kind: "unused-label", Message: "100% unused\nreally"},
			`::warning file=a%2Cb/c%3Ad.json,line=3,col=1::100%25 unused%0Areally [unused-label]`},
		{roadmap.Diagnostic{File: "roadmap.json", Kind: "syntax", Message: "empty"},
			`::error file=roadmap.json::empty [syntax]`},
	} {
		if got := annotation(tc.d); got != tc.want {
			t.Errorf("annotation = %q\nwant         %q", got, tc.want)
		}
	}
}
