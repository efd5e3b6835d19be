package roadmap

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Source is a roadmap file's bytes with an index from JSON pointers to the
// byte offsets of their keys and values, so every problem can name a line and column.
type Source struct {
	Name       string
	Data       []byte
	lineStarts []int
	// marks are characters counted from their line's start at offsets
	// about every markEvery bytes, so a column costs at most that many
	// bytes of counting: a minified roadmap is one long line, and counting
	// from its start for each of 10,000 problems took 30 s.
	marks []mark
	nodes map[string]node
	// renamed maps the pointer of a key a typo stands for to the typo's
	// pointer in the file, so checks of the renamed value find their lines.
	renamed map[string]string
}

// node finds ptr in the file, through a misspelled key it stands for.
func (s *Source) node(ptr string) (node, bool) {
	if n, ok := s.nodes[ptr]; ok || len(s.renamed) == 0 {
		return n, ok
	}
	best := ""
	for to := range s.renamed {
		if len(to) > len(best) && (ptr == to || strings.HasPrefix(ptr, to+"/")) {
			best = to
		}
	}
	if best == "" {
		return node{}, false
	}
	n, ok := s.nodes[s.renamed[best]+ptr[len(best):]]
	return n, ok
}

// mark is a rune boundary and the characters before it on its line.
type mark struct{ off, col int }

const markEvery = 1024

type node struct {
	key   int // offset of the member's key; -1 for array elements and the root
	value int // offset of the value's first byte
}

func newSource(name string, data []byte) *Source {
	s := &Source{Name: name, Data: data, lineStarts: []int{0}}
	col, next := 0, markEvery
	for i := 0; i < len(data); {
		if i >= next {
			s.marks = append(s.marks, mark{off: i, col: col})
			next = i + markEvery
		}
		if data[i] == '\n' {
			s.lineStarts = append(s.lineStarts, i+1)
			i, col = i+1, 0
			continue
		}
		if data[i] < utf8.RuneSelf {
			i++
		} else {
			_, size := utf8.DecodeRune(data[i:])
			i += size
		}
		col++
	}
	return s
}

// Position turns a byte offset into a 1-based line and a 1-based column
// counted in characters, as editors and GitHub annotations count them.
func (s *Source) Position(off int) (line, col int) {
	if off < 0 {
		off = 0
	}
	if off > len(s.Data) {
		off = len(s.Data)
	}
	i := sort.Search(len(s.lineStarts), func(i int) bool { return s.lineStarts[i] > off }) - 1
	start, base := s.lineStarts[i], 0
	// equivalent mutant CONDITIONALS_BOUNDARY@93, CONDITIONALS_BOUNDARY@116: counting from an earlier mark, or from the line start when a mark sits on it, gives the same column, only by counting more characters (TestPositionAtEveryOffset).
	if m := sort.Search(len(s.marks), func(j int) bool { return s.marks[j].off > off }) - 1; m >= 0 && s.marks[m].off >= start {
		start, base = s.marks[m].off, s.marks[m].col
	}
	return i + 1, base + utf8.RuneCount(s.Data[start:off]) + 1
}

// KeyOffset returns the offset of the key naming ptr, or of its value when it
// has no key (array elements, the root). ok is false for unknown pointers.
func (s *Source) KeyOffset(ptr string) (int, bool) {
	n, ok := s.node(ptr)
	if !ok {
		return 0, false
	}
	if n.key >= 0 {
		return n.key, true
	}
	return n.value, true
}

// ValueOffset returns the offset of ptr's value.
func (s *Source) ValueOffset(ptr string) (int, bool) {
	n, ok := s.node(ptr)
	return n.value, ok
}

// nearest returns the offset for ptr or, when ptr is not in the file (a
// missing key), for its closest ancestor that is.
func (s *Source) nearest(ptr string, key bool) int {
	for {
		if n, ok := s.node(ptr); ok {
			if key && n.key >= 0 {
				return n.key
			}
			return n.value
		}
		if ptr == "" {
			return 0
		}
		i := strings.LastIndexByte(ptr, '/')
		if i < 0 {
			return 0
		}
		ptr = ptr[:i]
	}
}

// escapePointerToken escapes one JSON-pointer reference token (RFC 6901).
func escapePointerToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

func skipSpace(data []byte, off int) int {
	for off < len(data) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

func (s *Source) errorAt(off int, kind, format string, args ...any) Diagnostic {
	return s.diag(off, SeverityError, kind, fmt.Sprintf(format, args...))
}

func (s *Source) warningAt(off int, kind, format string, args ...any) Diagnostic {
	return s.diag(off, SeverityWarning, kind, fmt.Sprintf(format, args...))
}

func (s *Source) diag(off int, sev Severity, kind, msg string) Diagnostic {
	line, col := s.Position(off)
	return Diagnostic{File: s.Name, Line: line, Col: col, Offset: off, Severity: sev, Kind: kind, Message: msg}
}

// kindAt reports whether the value at ptr exists with a JSON type other than
// the one field must have (an array for labels, a string for milestone).
func (s *Source) kindAt(ptr, field string) bool {
	off, ok := s.ValueOffset(ptr)
	if !ok || off >= len(s.Data) {
		return false
	}
	switch b := s.Data[off]; field {
	case "labels":
		return b != '['
	case "milestone":
		return b != '"' && b != 'n'
	}
	return false
}
