package roadmap

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Options tell the loader where body files live and where the repository ends.
type Options struct {
	// Dir is the folder body_file paths are relative to: roadmap.json's folder.
	Dir string
	// Root is the repository's top folder; no body_file may lead outside it.
	// Empty: the nearest folder above Dir holding .git, or Dir itself.
	Root string
}

// Result is a loaded roadmap with everything found wrong with it.
type Result struct {
	Roadmap *Roadmap
	Source  *Source
	// Bodies holds each issue's body text (from body or body_file), by issue
	// index; ok is false where the roadmap leaves the body unmanaged.
	Bodies      []Body
	Diagnostics Diagnostics
}

// Body is an issue's body as the roadmap wants it, without the marker.
type Body struct {
	Text    string
	Managed bool
}

// Valid reports whether the roadmap has no errors (warnings are allowed).
func (r *Result) Valid() bool { return r.Roadmap != nil && !r.Diagnostics.HasErrors() }

// Load reads and validates the roadmap file at path. The returned error is
// only for a file that can't be read; problems in its content are diagnostics.
// Diagnostics name the file as path is written, as the user typed it.
func Load(path string, opts Options) (*Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading roadmap: %w", err)
	}
	if opts.Dir == "" {
		opts.Dir = filepath.Dir(path)
	}
	return Parse(path, data, opts), nil
}

// LoadContext is Load that gives up when ctx ends (an interrupt): the
// error is then ctx's. The validation it abandons ends with the process.
func LoadContext(ctx context.Context, path string, opts Options) (*Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading roadmap: %w", err)
	}
	if opts.Dir == "" {
		opts.Dir = filepath.Dir(path)
	}
	return ParseContext(ctx, path, data, opts)
}

// ParseContext is Parse that gives up when ctx ends. A big roadmap takes
// seconds to validate, and nothing here is worth finishing once someone
// pressed Ctrl-C; the work is left to a goroutine the process's exit ends.
func ParseContext(ctx context.Context, name string, data []byte, opts Options) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	done := make(chan *Result, 1)
	go func() { done <- Parse(name, data, opts) }()
	select {
	case res := <-done:
		return res, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Parse validates a roadmap held in memory; name is used in diagnostics.
func Parse(name string, data []byte, opts Options) *Result {
	if opts.Dir == "" {
		opts.Dir = "."
	}
	if opts.Root == "" {
		opts.Root = findRoot(opts.Dir)
	}
	src := newSource(name, data)
	res := &Result{Source: src}
	finish := func() *Result {
		res.Diagnostics.sort()
		return res
	}
	if len(bytes.TrimSpace(data)) == 0 {
		res.Diagnostics = append(res.Diagnostics, src.errorAt(0, "syntax",
			`the file is empty; a roadmap is a JSON object such as {"version": 1}`))
		return finish()
	}
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
		res.Diagnostics = append(res.Diagnostics, src.errorAt(0, "encoding", "the file is UTF-16; save it as UTF-8"))
		return finish()
	}
	if !utf8.Valid(data) {
		off := firstInvalidUTF8(data)
		res.Diagnostics = append(res.Diagnostics, src.errorAt(off, "encoding",
			"the file is not valid UTF-8 (byte 0x%02x); save it as UTF-8", data[off]))
		return finish()
	}
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		res.Diagnostics = append(res.Diagnostics, src.errorAt(0, "encoding",
			"the file starts with a byte-order mark, which JSON does not allow; save it as UTF-8 without BOM"))
		return finish()
	}
	doc, ds := src.index()
	if len(ds) > 0 {
		res.Diagnostics = append(res.Diagnostics, ds...)
		// Duplicate keys leave the document readable; syntax errors don't.
		for _, d := range ds {
			if d.Kind == "syntax" {
				return finish()
			}
		}
	}
	if start := src.nodes[""].value; data[start] != '{' {
		res.Diagnostics = append(res.Diagnostics, src.errorAt(start, "schema",
			`the top level must be an object such as {"version": 1, "issues": []}, not %s`, jsonKind(data[start])))
		return finish()
	}

	schemaDiags := src.validateSchema(doc)
	var rm Roadmap
	if renames := typoRenames(doc); len(renames) > 0 {
		// The typo is the one error; what its absence would make wrong is
		// not, and the rest is checked as if the key were spelled right.
		schemaDiags = withoutRequiredOf(schemaDiags, renames)
		src.renamed = renames
		fixed, err := json.Marshal(applyRenames(doc, renames))
		if err == nil {
			_ = json.Unmarshal(fixed, &rm)
		}
	} else {
		// Type mismatches were reported by the schema; Unmarshal keeps going
		// past them and fills what it can, so the semantic checks still see the rest.
		_ = json.Unmarshal(data, &rm)
	}
	res.Diagnostics = append(res.Diagnostics, schemaDiags...)
	res.Roadmap = &rm

	c := &checker{src: src, rm: &rm, opts: opts}
	c.check()
	res.Bodies = c.bodies
	semantic := suppressOverlapping(c.diags, schemaDiags)
	if len(src.renamed) > 0 {
		// Under a misspelled key only errors count: one mistake at a time.
		kept := semantic[:0]
		for _, d := range semantic {
			under := false
			for to := range src.renamed {
				under = under || pointerOverlap(to, d.pointer)
			}
			if !under || d.Severity == SeverityError {
				kept = append(kept, d)
			}
		}
		semantic = kept
	}
	res.Diagnostics = append(res.Diagnostics, semantic...)
	return finish()
}

// withoutRequiredOf drops "missing the required key K" where a typo of K
// stands for it: the typo is already reported.
func withoutRequiredOf(ds []Diagnostic, renames map[string]string) []Diagnostic {
	out := ds[:0]
	for _, d := range ds {
		if _, typo := renames[d.pointer]; typo && strings.Contains(d.Message, "is missing the required key") {
			continue
		}
		out = append(out, d)
	}
	return out
}

// suppressOverlapping drops semantic findings about values the schema already
// rejected: a wrong type there makes the semantic check's view meaningless.
func suppressOverlapping(semantic, schema []Diagnostic) []Diagnostic {
	if len(schema) == 0 {
		return semantic
	}
	out := semantic[:0]
	for _, d := range semantic {
		overlaps := false
		for _, s := range schema {
			if pointerOverlap(d.pointer, s.pointer) {
				overlaps = true
				break
			}
		}
		if !overlaps {
			out = append(out, d)
		}
	}
	return out
}

func pointerOverlap(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(b) >= len(a) && b[:len(a)] == a && (len(b) == len(a) || b[len(a)] == '/')
}

func firstInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return 0
}

func jsonKind(b byte) string {
	switch b {
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	default:
		return "a number"
	}
}

func findRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	for d := abs; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return abs
		}
		d = parent
	}
}
