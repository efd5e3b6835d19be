package roadmap

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds nesting. A roadmap is four levels deep; every level costs a
// JSON pointer as long as the path to it, so a hostile file nested thousands
// deep would cost memory quadratic in its size.
const maxDepth = 64

// scanner is a strict JSON reader that records where every value and key
// starts. encoding/json can't: it drops duplicate keys, and reading it token
// by token to recover offsets costs more than this whole pass. The result
// is checked against encoding/json by the fuzz test.
type scanner struct {
	src   *Source
	data  []byte
	pos   int
	diags []Diagnostic
	err   bool
}

// index parses the document, filling s.nodes and reporting the first syntax
// error and every duplicate key. It returns the document as generic values
// (json.Number for numbers; the last duplicate key wins, as in encoding/json)
// for schema validation.
func (s *Source) index() (any, []Diagnostic) {
	s.nodes = make(map[string]node, len(s.Data)/32)
	sc := &scanner{src: s, data: s.Data}
	sc.space()
	v := sc.value("", -1, 0)
	if !sc.err {
		sc.space()
		if sc.pos < len(sc.data) {
			sc.fail(sc.pos, "unexpected %s after the end of the top-level value", sc.found())
		}
	}
	return v, sc.diags
}

func (sc *scanner) fail(off int, format string, args ...any) {
	if !sc.err {
		sc.err = true
		sc.diags = append(sc.diags, sc.src.errorAt(off, "syntax", format, args...))
	}
}

func (sc *scanner) space() {
	for sc.pos < len(sc.data) {
		switch sc.data[sc.pos] {
		case ' ', '\t', '\r', '\n':
			sc.pos++
		default:
			return
		}
	}
}

// found describes the byte at pos for an error message.
func (sc *scanner) found() string {
	if sc.pos >= len(sc.data) {
		return "end of file"
	}
	r, _ := utf8.DecodeRune(sc.data[sc.pos:])
	switch {
	case r == '/':
		return "'/' (JSON has no comments)"
	case r == '\'':
		return "a single quote (JSON strings use double quotes)"
	case r < 0x20 || r == utf8.RuneError:
		return fmt.Sprintf("character %U", r)
	}
	return fmt.Sprintf("%q", r)
}

func (sc *scanner) value(ptr string, keyOff, depth int) any {
	if sc.pos >= len(sc.data) {
		sc.fail(sc.pos, "unexpected end of file: expected a value")
		return nil
	}
	start := sc.pos
	sc.src.nodes[ptr] = node{key: keyOff, value: start}
	switch c := sc.data[sc.pos]; {
	case c == '{':
		if depth >= maxDepth {
			sc.fail(start, "nesting deeper than %d levels", maxDepth)
			return nil
		}
		return sc.object(ptr, depth)
	case c == '[':
		if depth >= maxDepth {
			sc.fail(start, "nesting deeper than %d levels", maxDepth)
			return nil
		}
		return sc.array(ptr, depth)
	case c == '"':
		str, ok := sc.string()
		if !ok {
			return nil
		}
		return str
	case c == '-' || (c >= '0' && c <= '9'):
		return sc.number()
	case c == 't':
		return sc.literal("true", true)
	case c == 'f':
		return sc.literal("false", false)
	case c == 'n':
		return sc.literal("null", nil)
	}
	sc.fail(start, "expected a value, found %s", sc.found())
	return nil
}

func (sc *scanner) literal(word string, v any) any {
	if len(sc.data)-sc.pos >= len(word) && string(sc.data[sc.pos:sc.pos+len(word)]) == word {
		sc.pos += len(word)
		return v
	}
	sc.fail(sc.pos, "expected a value, found %s", sc.found())
	return nil
}

func (sc *scanner) object(ptr string, depth int) any {
	open := sc.pos
	sc.pos++ // {
	obj := map[string]any{}
	var seen map[string]int
	sc.space()
	if sc.pos < len(sc.data) && sc.data[sc.pos] == '}' {
		sc.pos++
		return obj
	}
	comma := -1
	for {
		sc.space()
		if sc.pos >= len(sc.data) {
			sc.unclosed(open, "object")
			return obj
		}
		keyOff := sc.pos
		if sc.data[sc.pos] != '"' {
			if sc.data[sc.pos] == '}' && comma >= 0 {
				sc.fail(comma, "a comma before '}' is not allowed in JSON; remove the trailing comma")
			} else {
				sc.fail(sc.pos, "expected a key in double quotes, found %s", sc.found())
			}
			return obj
		}
		key, ok := sc.string()
		if !ok {
			return obj
		}
		if seen == nil {
			seen = map[string]int{}
		}
		if first, dup := seen[key]; dup {
			line, col := sc.src.Position(first)
			sc.diags = append(sc.diags, sc.src.errorAt(keyOff, "duplicate-key",
				"duplicate key %q: it is also at line %d, column %d, and only the last one would count; keep one", key, line, col))
		} else {
			seen[key] = keyOff
		}
		sc.space()
		if sc.pos >= len(sc.data) || sc.data[sc.pos] != ':' {
			if sc.pos >= len(sc.data) {
				sc.unclosed(open, "object")
			} else {
				sc.fail(sc.pos, "expected ':' after the key %q, found %s", key, sc.found())
			}
			return obj
		}
		sc.pos++
		sc.space()
		v := sc.value(ptr+"/"+escapePointerToken(key), keyOff, depth+1)
		if sc.err {
			return obj
		}
		obj[key] = v
		sc.space()
		if sc.pos >= len(sc.data) {
			sc.unclosed(open, "object")
			return obj
		}
		switch sc.data[sc.pos] {
		case ',':
			comma = sc.pos
			sc.pos++
		case '}':
			sc.pos++
			return obj
		default:
			sc.fail(sc.pos, "expected ',' or '}' after the value of %q, found %s", key, sc.found())
			return obj
		}
	}
}

func (sc *scanner) array(ptr string, depth int) any {
	open := sc.pos
	sc.pos++ // [
	arr := []any{}
	sc.space()
	if sc.pos < len(sc.data) && sc.data[sc.pos] == ']' {
		sc.pos++
		return arr
	}
	comma := -1
	for i := 0; ; i++ {
		sc.space()
		if sc.pos >= len(sc.data) {
			sc.unclosed(open, "array")
			return arr
		}
		if sc.data[sc.pos] == ']' && comma >= 0 {
			sc.fail(comma, "a comma before ']' is not allowed in JSON; remove the trailing comma")
			return arr
		}
		v := sc.value(ptr+"/"+strconv.Itoa(i), -1, depth+1)
		if sc.err {
			return arr
		}
		arr = append(arr, v)
		sc.space()
		if sc.pos >= len(sc.data) {
			sc.unclosed(open, "array")
			return arr
		}
		switch sc.data[sc.pos] {
		case ',':
			comma = sc.pos
			sc.pos++
		case ']':
			sc.pos++
			return arr
		default:
			sc.fail(sc.pos, "expected ',' or ']' after an array item, found %s", sc.found())
			return arr
		}
	}
}

func (sc *scanner) unclosed(open int, what string) {
	line, col := sc.src.Position(open)
	sc.fail(len(sc.data), "unexpected end of file: the %s opened at line %d, column %d is not closed", what, line, col)
}

// string reads a JSON string at pos (which holds '"').
func (sc *scanner) string() (string, bool) {
	start := sc.pos
	sc.pos++
	escaped := false
	for sc.pos < len(sc.data) {
		c := sc.data[sc.pos]
		switch {
		case c == '"':
			sc.pos++
			if !escaped {
				return string(sc.data[start+1 : sc.pos-1]), true
			}
			return unescape(sc.data[start+1 : sc.pos-1]), true
		case c == '\\':
			escaped = true
			if sc.pos+1 >= len(sc.data) {
				sc.pos++
				continue
			}
			switch e := sc.data[sc.pos+1]; e {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				sc.pos += 2
			case 'u':
				if sc.pos+6 > len(sc.data) || !isHex4(sc.data[sc.pos+2:sc.pos+6]) {
					sc.fail(sc.pos, `invalid escape in string: \u needs four hex digits`)
					return "", false
				}
				sc.pos += 6
			default:
				sc.fail(sc.pos, `invalid escape \%c in string; write \\ for a backslash`, e)
				return "", false
			}
		case c < 0x20:
			if c == '\n' {
				sc.fail(sc.pos, "line break inside a string; write \\n, or close the string")
			} else {
				sc.fail(sc.pos, "control character %U inside a string; escape it", rune(c))
			}
			return "", false
		default:
			sc.pos++
		}
	}
	line, col := sc.src.Position(start)
	sc.fail(len(sc.data), "unexpected end of file: the string started at line %d, column %d is not closed", line, col)
	return "", false
}

// unescape decodes a string body the scanner has already checked, so every
// escape in it is well formed.
func unescape(b []byte) string {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		i++
		switch b[i] {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := rune(hex4(b[i+1 : i+5]))
			i += 4
			if utf16.IsSurrogate(r) {
				r2 := utf8.RuneError
				if i+6 < len(b) && b[i+1] == '\\' && b[i+2] == 'u' {
					r2 = utf16.DecodeRune(r, rune(hex4(b[i+3:i+7])))
					if r2 != utf8.RuneError {
						i += 6
					}
				}
				r = r2
			}
			out = utf8.AppendRune(out, r)
		default: // " \ /
			out = append(out, b[i])
		}
	}
	return string(out)
}

func hex4(b []byte) int {
	n := 0
	for _, c := range b {
		n <<= 4
		switch {
		case c >= '0' && c <= '9':
			n |= int(c - '0')
		case c >= 'a' && c <= 'f':
			n |= int(c-'a') + 10
		default:
			n |= int(c-'A') + 10
		}
	}
	return n
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// number reads -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (sc *scanner) number() any {
	start := sc.pos
	d := sc.data
	bad := func() any {
		end := sc.pos
		for end < len(d) && !strings.ContainsRune(",]} \t\r\n", rune(d[end])) {
			end++
		}
		tok := string(d[start:end])
		if len(tok) > 40 {
			tok = tok[:37] + "..."
		}
		if strings.HasPrefix(strings.TrimPrefix(tok, "-"), "0") && len(strings.TrimPrefix(tok, "-")) > 1 && tok[len(tok)-1] != '.' {
			sc.fail(start, "invalid number %s: JSON numbers don't start with 0", tok)
		} else {
			sc.fail(start, "invalid number %s", tok)
		}
		return nil
	}
	digits := func() bool {
		n := 0
		for sc.pos < len(d) && d[sc.pos] >= '0' && d[sc.pos] <= '9' {
			sc.pos++
			n++
		}
		return n > 0
	}
	if d[sc.pos] == '-' {
		sc.pos++
	}
	if sc.pos < len(d) && d[sc.pos] == '0' {
		sc.pos++
	} else if !digits() {
		return bad()
	}
	if sc.pos < len(d) && d[sc.pos] == '.' {
		sc.pos++
		if !digits() {
			return bad()
		}
	}
	if sc.pos < len(d) && (d[sc.pos] == 'e' || d[sc.pos] == 'E') {
		sc.pos++
		if sc.pos < len(d) && (d[sc.pos] == '+' || d[sc.pos] == '-') {
			sc.pos++
		}
		if !digits() {
			return bad()
		}
	}
	if sc.pos < len(d) && (d[sc.pos] >= '0' && d[sc.pos] <= '9' || d[sc.pos] == '.') {
		return bad() // 01, 1.2.3
	}
	return json.Number(d[start:sc.pos])
}
