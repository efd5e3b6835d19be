package roadmap

import "strings"

// MarkerPrefix starts the hidden line that ties a GitHub issue to its roadmap entry.
const MarkerPrefix = "<!-- roadmap:"

// Marker returns the hidden identity line for the issue with this id.
func Marker(id string) string { return MarkerPrefix + "id=" + id + " -->" }

// ComposeBody is the body GitHub holds for a managed issue: the roadmap's
// text, then the marker; a person's text after the marker is kept as is.
func ComposeBody(text, id, human string) string {
	var b strings.Builder
	t := strings.TrimRight(strings.ReplaceAll(text, "\r\n", "\n"), " \t\r\n")
	b.WriteString(t)
	if t != "" {
		b.WriteString("\n\n")
	}
	b.WriteString(Marker(id))
	if human != "" {
		b.WriteString("\n")
		b.WriteString(human)
	}
	return b.String()
}

// NormalizeBody folds CRLF to LF and trims trailing white space from every
// line and from the end, so a body saved from the web UI without a real
// change compares equal.
func NormalizeBody(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if !strings.ContainsAny(s, " \t\r") {
		return strings.TrimRight(s, "\n")
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}
