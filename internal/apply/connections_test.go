package apply_test

import (
	"fmt"
	"strings"
	"testing"
)

// Every answer is read to its end before it is closed, so one connection
// serves the whole run: a write whose answer go-github does not decode
// (labels, sub-issues, dependencies) used to drop its connection, and a first
// apply of 200 issues with sub-issues opened 196 — each a TLS handshake on
// github.com.
func TestConnectionsAreReused(t *testing.T) {
	var entries []string
	for i := range 200 {
		e := fmt.Sprintf(`{"id": "i%03d", "title": "Issue %d", "labels": ["bug"]`, i, i)
		if i >= 10 {
			e += fmt.Sprintf(`, "parent": "i%03d", "blocked_by": ["i%03d"]`, i%10, i-1)
		}
		entries = append(entries, e+"}")
	}
	src := `{"version": 1, "labels": [{"name": "bug", "color": "d73a4a"}, {"name": "P1", "color": "000000"}], "issues": [` + strings.Join(entries, ",\n") + `]}`
	e := newEnv(t)
	res := parse(t, src, nil)
	before := e.f.Connections()
	rep := mustApply(t, e, res)
	conns := e.f.Connections() - before
	t.Logf("first apply of 200 issues, 190 sub-issues and 190 dependencies: %d writes, %d reads, %d connections", rep.Writes, rep.Reads, conns)
	if conns > 3 {
		t.Errorf("%d connections for one run; want a handful", conns)
	}
}
