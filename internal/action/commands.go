package action

import (
	"strconv"
	"strings"

	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// escapeData escapes a workflow command's message, as the runner's toolkit
// does: % first, then CR and LF, so a message is one line and can't end
// the command early.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value: as data, and
// also ':' and ',' which separate the command and the properties.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// command formats a workflow command with its properties in the given
// order (go-githubactions sorts them; file, line, col reads better and is
// the order the runner's toolkit writes).
func command(name string, props [][2]string, message string) string {
	var b strings.Builder
	b.WriteString("::" + name)
	for i, p := range props {
		if i == 0 {
			b.WriteByte(' ')
		} else {
			b.WriteByte(',')
		}
		b.WriteString(p[0] + "=" + escapeProperty(p[1]))
	}
	b.WriteString("::" + escapeData(message))
	return b.String()
}

// annotation is the ::error or ::warning command that puts a diagnostic on
// the line of the file, in the pull request's diff and the run's summary.
func annotation(d roadmap.Diagnostic) string {
	name := "error"
	if d.Severity == roadmap.SeverityWarning {
		name = "warning"
	}
	props := [][2]string{{"file", d.File}}
	if d.Line > 0 {
		props = append(props, [2]string{"line", strconv.Itoa(d.Line)})
		if d.Col > 0 {
			props = append(props, [2]string{"col", strconv.Itoa(d.Col)})
		}
	}
	return command(name, props, d.Message+" ["+d.Kind+"]")
}
