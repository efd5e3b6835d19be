package roadmap

import "strings"

// MarkerPrefix starts the hidden line that ties a GitHub issue to its roadmap entry.
const MarkerPrefix = "<!-- roadmap:"

const (
	markerOpen  = MarkerPrefix + "id="
	markerClose = " -->"
)

// Marker returns the hidden identity line for the issue with this id.
func Marker(id string) string { return markerOpen + id + markerClose }

// ValidID reports whether id is a well-formed issue id: 1 to 64 letters,
// digits, '.', '_' or '-'.
func ValidID(id string) bool {
	if id == "" || len(id) > MaxIDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		ch := id[i]
		switch {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch >= '0' && ch <= '9', ch == '.', ch == '_', ch == '-':
		default:
			return false
		}
	}
	return true
}

// ComposeBody is the body GitHub holds for a managed issue: the roadmap's
// text, then the marker on a line of its own; a person's text after the
// marker is kept as is.
func ComposeBody(text, id, human string) string {
	var b strings.Builder
	t := CloseFence(strings.TrimRight(strings.ReplaceAll(text, "\r\n", "\n"), " \t\r\n"))
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

// CloseFence closes a code fence that text leaves open, so that the marker
// written below it is not swallowed into a code block (where ParseMarker
// would rightly not see it, and GitHub would show it).
func CloseFence(text string) string {
	var fence fenceState
	for _, line := range strings.Split(text, "\n") {
		fence.step(line)
	}
	if fence.char == 0 {
		return text
	}
	return text + "\n" + strings.Repeat(string(fence.char), fence.n)
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

// ParseMarker returns the roadmap id of the marker the tool wrote in body.
//
// Only a marker exactly as ComposeBody writes it counts: a line of its own
// holding nothing else (trailing white space aside), outside fenced code,
// naming a well-formed id. Of several, the last counts: the tool writes its
// marker below the roadmap's text, and only a person's note follows it.
// A marker quoted in a code block, in a sentence, indented or in a quote is
// text, not identity: anyone can write text on a public repository.
func ParseMarker(body string) (string, bool) {
	id, _, _, ok := locateMarker(body)
	return id, ok
}

// SplitBody cuts a managed issue's body at its marker (as ParseMarker
// finds it): the roadmap's part above it and a person's text below it.
// found is false without a marker.
func SplitBody(body string) (roadmapPart, human string, found bool) {
	_, start, end, ok := locateMarker(body)
	if !ok {
		return body, "", false
	}
	return body[:start], strings.TrimLeft(body[end:], "\r\n"), true
}

// locateMarker finds the last marker line outside fenced code: its id and
// the byte offsets where the line starts and where its text ends.
func locateMarker(body string) (id string, start, end int, found bool) {
	if !strings.Contains(body, markerOpen) {
		return "", 0, 0, false
	}
	var fence fenceState
	for pos := 0; pos <= len(body); {
		lineEnd := strings.IndexByte(body[pos:], '\n')
		if lineEnd < 0 {
			lineEnd = len(body)
		} else {
			lineEnd += pos
		}
		line := body[pos:lineEnd]
		if !fence.step(line) {
			if got, ok := markerLine(line); ok {
				id, start, end, found = got, pos, lineEnd, true
			}
		}
		pos = lineEnd + 1
	}
	return id, start, end, found
}

// markerLine reads a line that is exactly a marker.
func markerLine(line string) (string, bool) {
	line = strings.TrimRight(line, " \t\r")
	if !strings.HasPrefix(line, markerOpen) || !strings.HasSuffix(line, markerClose) || len(line) < len(markerOpen)+len(markerClose) {
		return "", false
	}
	id := line[len(markerOpen) : len(line)-len(markerClose)]
	if !ValidID(id) {
		return "", false
	}
	return id, true
}

// fenceState follows CommonMark fenced code blocks line by line: ``` or
// ~~~ (three or more, indented at most three spaces) opens one, and the same
// character repeated at least as often, with nothing after it, closes it.
type fenceState struct {
	char byte // 0 outside a fence
	n    int
}

// step takes the next line and reports whether it is inside a fence or is
// one of its fence lines.
func (f *fenceState) step(line string) bool {
	line = strings.TrimRight(line, "\r")
	indent := 0
	for indent < len(line) && indent < 4 && line[indent] == ' ' {
		indent++
	}
	rest := line[indent:]
	run := 0
	if indent < 4 && rest != "" && (rest[0] == '`' || rest[0] == '~') {
		for run < len(rest) && rest[run] == rest[0] {
			run++
		}
	}
	if f.char != 0 {
		if run >= f.n && rest[0] == f.char && strings.TrimSpace(rest[run:]) == "" {
			f.char, f.n = 0, 0
		}
		return true
	}
	if run >= 3 && !(rest[0] == '`' && strings.Contains(rest[run:], "`")) {
		f.char, f.n = rest[0], run
		return true
	}
	return false
}
