package roadmap

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestUnescapeAgreesWithEncodingJSON: the position-keeping scanner decodes
// every escape exactly as encoding/json does (which reads the roadmap's
// values), hex digits at each end of each range and in both cases,
// surrogate pairs and lone surrogates included; otherwise a key or id with
// an escape would be checked under one spelling and used under another.
func TestUnescapeAgreesWithEncodingJSON(t *testing.T) {
	for _, body := range []string{
		`\u0030\u0039`, `\u00af\u00fa\u00AF\u00FA`, `\u00a0\u00f0\u00A0\u00F0`, `\u0041\u005a`,
		`\ud83d\ude00`, `\uD83D\uDE00`, `\ud83d`, `\ud83dx`, `\ud83d\u0041`,
		`\b\f\n\r\t\"\\\/`, `plain`, `é\u00e9`,
	} {
		t.Run(body, func(t *testing.T) {
			var want string
			if err := json.Unmarshal([]byte(`"`+body+`"`), &want); err != nil {
				t.Fatal(err)
			}
			if got := unescape([]byte(body)); got != want {
				t.Errorf("unescape(%s) = %q, encoding/json reads %q", body, got, want)
			}
		})
	}
}

// TestFieldValueUnmarshalAnyBytes: the method is exported, so it takes any
// bytes without panicking, blank ones included.
func TestFieldValueUnmarshalAnyBytes(t *testing.T) {
	for _, in := range []string{"", "   ", "\n", `"`, "-", "null", `"x"`, "3"} {
		var v FieldValue
		if err := v.UnmarshalJSON([]byte(in)); err != nil {
			t.Errorf("UnmarshalJSON(%q): %v", in, err)
		}
	}
	var v FieldValue
	_ = v.UnmarshalJSON([]byte("  "))
	if v.Null || v.IsNumber || v.Text != "" {
		t.Errorf("blank bytes read as %+v, want an empty value", v)
	}
}

// TestPositionAtEveryOffset checks Position against counting by hand at
// every character of a text with empty lines, a line start at offset 0,
// characters of several bytes, and lines long enough to use the index's
// marks, including an offset exactly on a mark and on a line start.
func TestPositionAtEveryOffset(t *testing.T) {
	long := strings.Repeat("é-", markEvery) + "\n"
	text := "{\n\n  \"a\": \"ü\",\n" + long + "x" + long + strings.Repeat("y", markEvery*2) + "\n}"
	s := newSource("roadmap.json", []byte(text))
	line, col := 1, 1
	for off := 0; off <= len(text); {
		gotLine, gotCol := s.Position(off)
		if gotLine != line || gotCol != col {
			t.Fatalf("Position(%d) = %d:%d, want %d:%d", off, gotLine, gotCol, line, col)
		}
		if off == len(text) {
			break
		}
		r, size := utf8.DecodeRuneInString(text[off:])
		off += size
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
}
