package roadmap

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that no input panics the loader, and that the scanner
// agrees with encoding/json on what is JSON and on what it means.
// go test ./internal/roadmap -run '^$' -fuzz FuzzParse -fuzztime 60s
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"testdata/ok/*.json", "testdata/err/*.json", "../../roadmap.json"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil {
				f.Add(b)
			}
		}
	}
	for _, s := range []string{
		``, ` `, `{}`, `[]`, `null`, `{"version":1}`, `{"a":1,"a":2}`, `{"a":"\ud83d\ude00\u00e9\n\/"}`,
		`{"a":"\ud83d"}`, `{"a":"\ude00x"}`, `{"a":-0.5e+10}`, `{"a":01}`, `{"a":1.}`, `{"a":[1,]}`, `{"a":1,}`,
		`{"version":1,"issues":[{"id":"a","title":"t","parent":"a","blocked_by":["a"]}]}`,
		`{"version":1,"labels":[{"name":"x","aliases":["X"]}],"issues":[{"id":"a","title":"b","labels":["x","X"]}]}`,
		"{\"a\":\"\x01\"}", "\xef\xbb\xbf{}", "{\"a\":\"\xff\"}", `[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`,
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		res := Parse("fuzz.json", data, Options{Dir: dir, Root: dir})
		for _, d := range res.Diagnostics {
			if d.Line < 1 || d.Col < 1 || d.Message == "" || d.Kind == "" {
				t.Fatalf("malformed diagnostic %#v", d)
			}
		}
		if !utf8.Valid(data) || bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
			return
		}
		src := newSource("fuzz.json", data)
		doc, diags := src.index()
		syntaxErr := false
		for _, d := range diags {
			if strings.HasPrefix(d.Message, "nesting deeper than") {
				return // a limit of ours, far below encoding/json's
			}
			if d.Kind == "syntax" {
				syntaxErr = true
			}
		}
		if syntaxErr == json.Valid(data) {
			t.Fatalf("scanner syntax error = %v, but json.Valid = %v", syntaxErr, json.Valid(data))
		}
		if syntaxErr {
			return
		}
		var want any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&want); err != nil {
			t.Fatalf("encoding/json: %v", err)
		}
		if !reflect.DeepEqual(doc, want) {
			t.Fatalf("scanner read %#v, encoding/json %#v", doc, want)
		}
	})
}
