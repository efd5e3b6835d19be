package roadmap

import (
	"bytes"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/roadmap-as-code/roadmap/schema"
)

var (
	compiledOnce sync.Once
	compiled     *jsonschema.Schema
	compileErr   error
)

func compiledSchema() (*jsonschema.Schema, error) {
	compiledOnce.Do(func() {
		c := jsonschema.NewCompiler()
		c.Draft = jsonschema.Draft2020
		if err := c.AddResource(schema.URL, bytes.NewReader(schema.JSON)); err != nil {
			compileErr = fmt.Errorf("loading the embedded schema: %w", err)
			return
		}
		compiled, compileErr = c.Compile(schema.URL)
	})
	return compiled, compileErr
}

// validateSchema checks doc against the embedded JSON Schema and turns each
// leaf failure into a plainly worded diagnostic at the offending key or value.
func (s *Source) validateSchema(doc any) []Diagnostic {
	sch, err := compiledSchema()
	if err != nil {
		return []Diagnostic{s.errorAt(0, "internal", "%v", err)}
	}
	err = sch.Validate(doc)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return []Diagnostic{s.errorAt(0, "schema", "%v", err)}
	}
	var leaves []*jsonschema.ValidationError
	var walk func(*jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			leaves = append(leaves, e)
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)

	seen := map[string]bool{}
	var out []Diagnostic
	for _, leaf := range leaves {
		for _, d := range s.schemaLeaf(leaf) {
			k := d.pointer + "\x00" + d.Message
			if !seen[k] {
				seen[k] = true
				out = append(out, d)
			}
		}
	}
	return out
}

var (
	quotedName  = regexp.MustCompile(`'((?:[^'\\]|\\.)*)'`)
	typeMessage = regexp.MustCompile(`^expected (.+), but got (\w+)$`)
	lengthMsg   = regexp.MustCompile(`length must be [<>]= (\d+), but got (\d+)`)
	indexesMsg  = regexp.MustCompile(`items at index (\d+) and (\d+) are equal`)
	itemsMsg    = regexp.MustCompile(`maximum (\d+) items required, but found (\d+) items`)
)

func (s *Source) schemaLeaf(e *jsonschema.ValidationError) []Diagnostic {
	ptr := e.InstanceLocation
	keyword := e.KeywordLocation[strings.LastIndexByte(e.KeywordLocation, '/')+1:]
	what := describe(ptr)
	at := func(p string, key bool, format string, args ...any) Diagnostic {
		d := s.errorAt(s.nearest(p, key), "schema", format, args...)
		d.pointer = p
		return d
	}
	switch keyword {
	case "required":
		var ds []Diagnostic
		for _, m := range quotedName.FindAllStringSubmatch(e.Message, -1) {
			// Point at the object (its key when it has one): the missing key has no position.
			d := at(ptr, true, "%s is missing the required key %q", objectName(ptr), m[1])
			d.Offset = s.nearest(ptr, true)
			d.pointer = ptr + "/" + escapePointerToken(m[1])
			ds = append(ds, d)
		}
		return ds
	case "additionalProperties":
		var ds []Diagnostic
		for _, m := range quotedName.FindAllStringSubmatch(e.Message, -1) {
			name := m[1]
			msg := fmt.Sprintf("unknown key %q in %s", name, objectName(ptr))
			if allowed := allowedKeys(ptr); len(allowed) > 0 {
				if sug := closest(name, allowed); sug != "" {
					msg += fmt.Sprintf("; did you mean %q?", sug)
				} else {
					msg += "; allowed keys are " + quoteList(allowed)
				}
			}
			ds = append(ds, at(ptr+"/"+escapePointerToken(name), true, "%s", msg))
		}
		return ds
	case "type":
		if m := typeMessage.FindStringSubmatch(e.Message); m != nil {
			want := strings.Split(m[1], " or ")
			for i, w := range want {
				want[i] = article(w)
			}
			got := article(m[2])
			if m[2] == "number" {
				got = s.rawValue(ptr) // "a whole number, not a number" says nothing
			}
			return []Diagnostic{at(ptr, false, "%s must be %s, not %s", what, strings.Join(want, " or "), got)}
		}
	case "enum":
		if strings.HasSuffix(ptr, "/version") || ptr == "/version" {
			return []Diagnostic{at(ptr, false, `version must be 1, the only version of roadmap.json this tool reads`)}
		}
		return []Diagnostic{at(ptr, false, "%s %s", what, strings.TrimPrefix(e.Message, "value "))}
	case "pattern":
		if s.rawValue(ptr) == `""` {
			// The same words as minLength, so the two findings merge into one.
			return []Diagnostic{at(ptr, false, "%s must not be empty", what)}
		}
		return []Diagnostic{at(ptr, false, "%s", patternMessage(ptr, what, s.rawValue(ptr)))}
	case "minLength":
		return []Diagnostic{at(ptr, false, "%s must not be empty", what)}
	case "maxLength":
		if m := lengthMsg.FindStringSubmatch(e.Message); m != nil && isIDField(ptr) {
			return []Diagnostic{at(ptr, false, "%s is %s characters long; an id is at most %s", what, m[2], m[1])}
		} else if m != nil {
			return []Diagnostic{at(ptr, false, "%s is %s characters long; GitHub allows at most %s", what, m[2], m[1])}
		}
	case "uniqueItems":
		if m := indexesMsg.FindStringSubmatch(e.Message); m != nil {
			dup := ptr + "/" + m[2]
			return []Diagnostic{at(dup, false, "%s is listed twice in %s (first as item %s)", s.rawValue(dup), what, m[1])}
		}
	case "maxItems":
		if m := itemsMsg.FindStringSubmatch(e.Message); m != nil {
			return []Diagnostic{at(ptr, false, "%s lists %s entries; GitHub allows at most %s", what, m[2], m[1])}
		}
	case "minimum":
		return []Diagnostic{at(ptr, false, "%s must be a positive whole number", what)}
	}
	return []Diagnostic{at(ptr, false, "%s: %s", what, e.Message)}
}

func isIDField(ptr string) bool {
	field := lastToken(ptr)
	if _, err := strconv.Atoi(field); err == nil {
		field = lastToken(parentPointer(ptr))
	}
	return field == "id" || field == "parent" || field == "blocked_by"
}

func patternMessage(ptr, what, value string) string {
	field := lastToken(ptr)
	if _, err := strconv.Atoi(field); err == nil {
		field = lastToken(parentPointer(ptr))
	}
	switch field {
	case "color":
		return fmt.Sprintf(`%s %s must be 6 hex digits without "#", such as "b60205"`, what, value)
	case "id", "parent", "blocked_by":
		return fmt.Sprintf("%s %s may hold only letters, digits, '.', '_' and '-'", what, value)
	case "due_on":
		return fmt.Sprintf("%s %s must be a date written YYYY-MM-DD", what, value)
	case "repository":
		return fmt.Sprintf("%s %s must be written OWNER/NAME", what, value)
	case "assignees":
		return fmt.Sprintf("%s %s is not a GitHub login (letters, digits and '-', at most 39, no leading '-'; no '@')", what, value)
	case "managed_label":
		return fmt.Sprintf("%s %s must not contain a comma: GitHub reads label filters as a comma-separated list", what, value)
	}
	return fmt.Sprintf("%s %s has the wrong form", what, value)
}

// rawValue returns the JSON text of the scalar at ptr, for quoting in messages.
func (s *Source) rawValue(ptr string) string {
	off, ok := s.ValueOffset(ptr)
	if !ok {
		return ""
	}
	end := off
	if end < len(s.Data) && s.Data[end] == '"' {
		end++
		for end < len(s.Data) && s.Data[end] != '"' {
			if s.Data[end] == '\\' {
				end++
			}
			end++
		}
		end++
	} else {
		for end < len(s.Data) && !strings.ContainsRune(",]} \t\r\n", rune(s.Data[end])) {
			end++
		}
	}
	if end > len(s.Data) {
		end = len(s.Data)
	}
	v := string(s.Data[off:end])
	if len(v) > 80 {
		v = v[:77] + "..."
	}
	return v
}

// describe names the value at ptr for a message: "label color",
// "issue labels[2]", "settings.prune".
func describe(ptr string) string {
	toks := splitPointer(ptr)
	switch len(toks) {
	case 0:
		return "the roadmap"
	case 1:
		return toks[0]
	case 2:
		if _, err := strconv.Atoi(toks[1]); err == nil {
			return singular(toks[0])
		}
		return toks[0] + "." + toks[1]
	case 3:
		return singular(toks[0]) + " " + toks[2]
	}
	return singular(toks[0]) + " " + toks[2] + "[" + strings.Join(toks[3:], "][") + "]"
}

func objectName(ptr string) string {
	toks := splitPointer(ptr)
	switch len(toks) {
	case 0:
		return "the roadmap"
	case 1:
		return fmt.Sprintf("%q", toks[0])
	case 2:
		if _, err := strconv.Atoi(toks[1]); err == nil {
			return "this " + singular(toks[0])
		}
	}
	return fmt.Sprintf("%q", toks[len(toks)-1])
}

func singular(s string) string {
	switch s {
	case "labels":
		return "label"
	case "milestones":
		return "milestone"
	case "issues":
		return "issue"
	case "aliases":
		return "alias"
	case "assignees":
		return "assignee"
	case "duplicates":
		return "duplicate"
	}
	return s
}

func article(t string) string {
	switch t {
	case "object":
		return "an object"
	case "array":
		return "an array"
	case "string":
		return "a string"
	case "integer":
		return "a whole number"
	case "number":
		return "a number"
	case "boolean":
		return "true or false"
	}
	return t
}

func splitPointer(ptr string) []string {
	if ptr == "" {
		return nil
	}
	toks := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	r := strings.NewReplacer("~1", "/", "~0", "~")
	for i, t := range toks {
		toks[i] = r.Replace(t)
	}
	return toks
}

func lastToken(ptr string) string {
	toks := splitPointer(ptr)
	if len(toks) == 0 {
		return ""
	}
	return toks[len(toks)-1]
}

func parentPointer(ptr string) string {
	if i := strings.LastIndexByte(ptr, '/'); i >= 0 {
		return ptr[:i]
	}
	return ""
}

var objectKeys = func() map[string][]string {
	keys := func(v any) []string {
		t := reflect.TypeOf(v)
		var out []string
		for i := 0; i < t.NumField(); i++ {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			out = append(out, name)
		}
		sort.Strings(out)
		return out
	}
	return map[string][]string{
		"":           keys(Roadmap{}),
		"settings":   keys(Settings{}),
		"labels":     keys(Label{}),
		"milestones": keys(Milestone{}),
		"issues":     keys(Issue{}),
	}
}()

// allowedKeys lists the keys the object at ptr may have.
func allowedKeys(ptr string) []string {
	toks := splitPointer(ptr)
	switch {
	case len(toks) == 0:
		return objectKeys[""]
	case len(toks) == 1 && toks[0] == "settings":
		return objectKeys["settings"]
	case len(toks) == 2:
		return objectKeys[toks[0]]
	}
	return nil
}

func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, it := range items {
		q[i] = strconv.Quote(it)
	}
	return strings.Join(q, ", ")
}
