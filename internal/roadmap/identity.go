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

// ParseMarker finds the roadmap id in a body's last marker line.
func ParseMarker(body string) (string, bool) {
	i := strings.LastIndex(body, MarkerPrefix+"id=")
	if i < 0 {
		return "", false
	}
	rest := body[i+len(MarkerPrefix)+len("id="):]
	end := strings.Index(rest, "-->")
	if end < 0 {
		return "", false
	}
	id := strings.TrimSpace(rest[:end])
	if id == "" || strings.ContainsAny(id, " \t\r\n") {
		return "", false
	}
	return id, true
}

// SplitBody cuts a managed issue's body at its marker: the roadmap's part
// above it and a person's text below it. found is false without a marker.
func SplitBody(body string) (roadmapPart, human string, found bool) {
	i := strings.LastIndex(body, MarkerPrefix+"id=")
	if i < 0 {
		return body, "", false
	}
	after := body[i:]
	end := strings.Index(after, "-->")
	if end < 0 {
		return body, "", false
	}
	human = strings.TrimLeft(after[end+3:], "\r\n")
	return body[:i], human, true
}
