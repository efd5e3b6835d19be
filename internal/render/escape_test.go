package render

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

func TestNeutralize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Fix #12", "Fix #" + zwsp + "12"},
		{"see octo-org/other#7", "see octo-org/other#" + zwsp + "7"},
		{"GH-9 and gh-10", "GH-" + zwsp + "9 and gh-" + zwsp + "10"},
		{"ping @octocat and @org/team", "ping @" + zwsp + "octocat and @" + zwsp + "org/team"},
		{"#hashtag, C#, a@ b, email me@example.com", "#hashtag, C#, a@ b, email me@" + zwsp + "example.com"},
		{"SIGH-12 is a word", "SIGH-12 is a word"},
		{"see https://github.com/o/r/issues/3 or www.example.com", "see https:" + zwsp + "//github.com/o/r/issues/3 or www" + zwsp + ".example.com"},
		{"nothing to do", "nothing to do"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := Neutralize(tt.in)
			if got != tt.want {
				t.Errorf("Neutralize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			// It still reads the same: only invisible characters were added.
			if strings.ReplaceAll(got, zwsp, "") != tt.in {
				t.Errorf("%q does not read as %q", got, tt.in)
			}
			if refs.MatchString(got) || pings.MatchString(got) {
				t.Errorf("%q still references or mentions", got)
			}
		})
	}
}

// TestMarkdownTextRoundTrip renders escaped text the way GitHub does and
// checks a reader sees exactly the original: nothing became emphasis, a
// link, HTML, math, a list or a table cell, and no entity shows.
func TestMarkdownTextRoundTrip(t *testing.T) {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	tags := regexp.MustCompile(`<[^>]+>`)
	for _, in := range append(awkwardTitles,
		`*bold* _em_ __strong__ ~~gone~~`, `<script>alert(1)</script>`, `a | b | c`, `[link](https://example.com)`,
		`![img](x.png)`, `&amp; &copy; &#64;`, `# heading`, `> quote`, `+ item`, `1) item`, `=== setext`,
		`back\slash \* stays`, "tab\there\nnewline", `https://example.com/a_b_c`, `SM_REFACTOR_STRAT`, `"quoted" 'single'`) {
		t.Run(in, func(t *testing.T) {
			escaped := mdText(in)
			if strings.ContainsAny(escaped, "\n\r") {
				t.Fatalf("%q spans lines", escaped)
			}
			if strings.Contains(escaped, "&#34;") || strings.Contains(escaped, "&quot;") {
				t.Errorf("%q uses entities for quotes", escaped)
			}
			// As a list item, which is where most titles go.
			var buf bytes.Buffer
			if err := md.Convert([]byte("- x "+escaped+"\n"), &buf); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if strings.Count(out, "<li>") != 1 || strings.Contains(out, "<em>") || strings.Contains(out, "<strong>") ||
				strings.Contains(out, "<del>") || strings.Contains(out, "<a ") || strings.Contains(out, "<img") ||
				strings.Contains(out, "<script") || strings.Contains(out, "<h1") || strings.Contains(out, "<blockquote") {
				t.Fatalf("%q renders as markup: %s", escaped, out)
			}
			seen := html.UnescapeString(tags.ReplaceAllString(out, ""))
			seen = strings.TrimSpace(strings.ReplaceAll(seen, zwsp, ""))
			want := "x " + strings.Join(strings.Fields(in), " ")
			if strings.Join(strings.Fields(seen), " ") != want {
				t.Errorf("a reader sees %q, want %q (escaped %q)", seen, want, escaped)
			}
		})
	}
}

// TestOwnLinksStayLive: the tool's links to the issues it manages are real
// links; the same numbers quoted in titles are not references.
func TestOwnLinksStayLive(t *testing.T) {
	md := Markdown(everyKind(), MarkdownOptions{})
	for _, want := range []string{
		"[#42](https://github.com/octo-org/octo-repo/issues/42) Real-Time Collaboration Engine",
		"[#172](https://github.com/octo-org/octo-repo/issues/172) Old copy",
		"issue [#12](https://github.com/octo-org/octo-repo/issues/12) \"Ping @" + zwsp + "octocat",
		"**sub-issue of** `epic` Epic: GH-" + zwsp + "7 follow-up",
		`<a href="https://github.com/octo-org/octo-repo/issues/42">#42</a> <code>collab-engine</code>`,
		// Strangers' issues a warning names are no links: the comment must not reference them.
		"(#" + zwsp + "98 by @" + zwsp + "mallory, #" + zwsp + "99 by @" + zwsp + "eve)",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the plan lacks %q", want)
		}
	}
	checkMarkdown(t, md)
}

// TestEscapeEdges holds the edges of each rule: a sign at the very end of
// the text (where reading the next byte would run past it), the first and last
// letters and digits of each range, and the look-alikes that must stay as they
// are. Titles come from strangers: none of them may panic or slip through.
func TestEscapeEdges(t *testing.T) {
	z := zwsp
	neutralize := []struct{ in, want string }{
		{"ends with @", "ends with @"},
		{"ends with #", "ends with #"},
		{"ends with gh-", "ends with gh-"},
		{"gh-", "gh-"},
		{"://example.com at the start", "://example.com at the start"},
		{"#0 and #9", "#" + z + "0 and #" + z + "9"},
		{"#/ and #:", "#/ and #:"},
		{"@a @z @A @Z @0 @9", "@" + z + "a @" + z + "z @" + z + "A @" + z + "Z @" + z + "0 @" + z + "9"},
		{"@` @{ @@ @[", "@` @{ @@ @["},
		{"www.example.com", "www" + z + ".example.com"},
		{"WWW.example.com", "WWW" + z + ".example.com"},
		{"see Www.example.com", "see Www" + z + ".example.com"},
		{"awww.example.com", "awww.example.com"},
		{"ww", "ww"},
		{"GH-1", "GH-" + z + "1"},
		{"xgh-1", "xgh-1"},
	}
	for _, tt := range neutralize {
		t.Run("Neutralize/"+tt.in, func(t *testing.T) {
			if got := Neutralize(tt.in); got != tt.want {
				t.Errorf("Neutralize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	md := []struct{ in, want string }{
		{"AT&", "AT&"},
		{"&", "&"},
		{"A&T", `A\&T`},
		{"&#64;", `\&#` + z + "64;"},
		{"2024", "2024"},
		{"7", "7"},
		{"1st place", "1st place"},
		{"12. twelve", `12\. twelve`},
		{"3) three", `3\) three`},
		{"_lead", `\_lead`},
		{"trail_", `trail\_`},
		{"snake_case", "snake_case"},
		{"a _b", `a \_b`},
	}
	for _, tt := range md {
		t.Run("mdText/"+tt.in, func(t *testing.T) {
			if got := mdText(tt.in); got != tt.want {
				t.Errorf("mdText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
