package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// editor changes a roadmap file in place: only the bytes of the values it
// replaces and of the keys and elements it adds or removes change, so a
// hand-formatted file keeps its formatting, its order and every byte it
// did not need to change.
type editor struct {
	data  []byte
	src   *roadmap.Source
	unit  string // one level of indentation, as the file has it
	edits []edit
	// adds collects keys to add, per object pointer, so that several keys
	// added to one object come out in the order of the types.
	adds map[string]map[string]any
}

type edit struct {
	start, end int
	text       string
	seq        int
}

func newEditor(src *roadmap.Source) *editor {
	ed := &editor{data: src.Data, src: src, unit: "  ", adds: map[string]map[string]any{}}
	// The file's own indentation: that of its first member's line.
	if off, ok := src.KeyOffset("/version"); ok {
		if ind := ed.lineIndent(off); ind != "" {
			ed.unit = ind
		}
	}
	return ed
}

func (ed *editor) add(start, end int, text string) {
	ed.edits = append(ed.edits, edit{start: start, end: end, text: text, seq: len(ed.edits)})
}

// has reports whether ptr is in the file.
func (ed *editor) has(ptr string) bool {
	_, ok := ed.src.ValueOffset(ptr)
	return ok
}

// valueRange is the byte range of ptr's value.
func (ed *editor) valueRange(ptr string) (int, int, bool) {
	start, ok := ed.src.ValueOffset(ptr)
	if !ok {
		return 0, 0, false
	}
	dec := json.NewDecoder(bytes.NewReader(ed.data[start:]))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return 0, 0, false
	}
	return start, start + int(dec.InputOffset()), true
}

// lineIndent is the white space that starts the line holding off.
func (ed *editor) lineIndent(off int) string {
	ls := bytes.LastIndexByte(ed.data[:off], '\n') + 1
	i := ls
	// equivalent mutant CONDITIONALS_BOUNDARY: off is a key's or a value's first byte, never blank, so the loop stops there, before the end of the data.
	for i < len(ed.data) && (ed.data[i] == ' ' || ed.data[i] == '\t') {
		i++
	}
	return string(ed.data[ls:i])
}

// multiline reports whether the value at [start, end) spans lines.
func (ed *editor) multiline(start, end int) bool {
	// equivalent mutant CONDITIONALS_BOUNDARY: start is the value's first byte ({, [, ", a digit, a letter of true, false or null), never a newline, so a newline is never at index 0.
	return bytes.IndexByte(ed.data[start:end], '\n') >= 0
}

// replace puts v in place of ptr's value, in the style of the old value:
// on one line if it was on one line, indented like its key otherwise.
func (ed *editor) replace(ptr string, v any) error {
	start, end, ok := ed.valueRange(ptr)
	if !ok {
		return fmt.Errorf("no value at %s", ptr)
	}
	text, err := ed.format(v, ed.lineIndent(start), ed.multiline(start, end))
	if err != nil {
		return err
	}
	ed.add(start, end, text)
	return nil
}

// set adds key with value v to the object at objPtr (which lacks it); see flush.
func (ed *editor) set(objPtr, key string, v any) {
	if ed.adds[objPtr] == nil {
		ed.adds[objPtr] = map[string]any{}
	}
	ed.adds[objPtr][key] = v
}

// remove deletes key from the object at objPtr, with the comma that tied it.
func (ed *editor) remove(objPtr, key string, order []string) error {
	ptr := objPtr + "/" + key
	keyOff, ok := ed.src.KeyOffset(ptr)
	if !ok {
		return nil
	}
	_, end, _ := ed.valueRange(ptr)
	members := ed.members(objPtr, order)
	i := slices.Index(members, key)
	if i > 0 {
		_, prevEnd, _ := ed.valueRange(objPtr + "/" + members[i-1])
		ed.add(prevEnd, end, "")
		return nil
	}
	// equivalent mutant ARITHMETIC_BASE, CONDITIONALS_BOUNDARY: remove only takes a parent out of an issue, whose object also has id and title (Into refuses an invalid file), so a first key has at least two after it and i+1 < len, i-1 < len and i+1 <= len all hold.
	if i+1 < len(members) {
		next, _ := ed.src.KeyOffset(objPtr + "/" + members[i+1])
		ed.add(keyOff, next, "")
		return nil
	}
	// The only member: empty the object.
	start, objEnd, _ := ed.valueRange(objPtr)
	ed.add(start, objEnd, "{}")
	return nil
}

// members lists the keys present in the object at objPtr, in file order.
// order names the keys the type has.
func (ed *editor) members(objPtr string, order []string) []string {
	type kv struct {
		key string
		off int
	}
	var present []kv
	for _, k := range order {
		if off, ok := ed.src.KeyOffset(objPtr + "/" + k); ok {
			present = append(present, kv{k, off})
		}
	}
	// equivalent mutant CONDITIONALS_BOUNDARY: the keys of one object are at different offsets, and for different offsets < and <= sort alike.
	sort.Slice(present, func(i, j int) bool { return present[i].off < present[j].off })
	out := make([]string, len(present))
	for i, p := range present {
		out[i] = p.key
	}
	return out
}

// appendElem adds v as the last element of the array at arrPtr.
func (ed *editor) appendElem(arrPtr string, vs []any) error {
	if len(vs) == 0 {
		return nil
	}
	start, end, ok := ed.valueRange(arrPtr)
	if !ok {
		return fmt.Errorf("no array at %s", arrPtr)
	}
	// The last element, if any.
	last := -1
	for i := 0; ed.has(fmt.Sprintf("%s/%d", arrPtr, i)); i++ {
		last = i
	}
	if last < 0 {
		indent := ed.lineIndent(start)
		text, err := ed.format(vs, indent, true)
		if err != nil {
			return err
		}
		ed.add(start, end, text)
		return nil
	}
	lastStart, lastEnd, _ := ed.valueRange(fmt.Sprintf("%s/%d", arrPtr, last))
	multi := ed.multiline(start, end)
	var b strings.Builder
	for _, v := range vs {
		if multi {
			indent := ed.lineIndent(lastStart)
			text, err := ed.format(v, indent, true)
			if err != nil {
				return err
			}
			b.WriteString(",\n" + indent + text)
		} else {
			text, err := ed.format(v, "", false)
			if err != nil {
				return err
			}
			b.WriteString(", " + text)
		}
	}
	ed.add(lastEnd, lastEnd, b.String())
	return nil
}

// flush turns the keys collected by set into insertions: each new key goes
// right after the last present key that comes before it in the type's
// order (or first), indented like its siblings.
func (ed *editor) flush(orders func(objPtr string) []string) error {
	ptrs := make([]string, 0, len(ed.adds))
	for p := range ed.adds {
		ptrs = append(ptrs, p)
	}
	sort.Strings(ptrs)
	for _, objPtr := range ptrs {
		order := orders(objPtr)
		objStart, objEnd, ok := ed.valueRange(objPtr)
		if !ok {
			return fmt.Errorf("no object at %s", objPtr)
		}
		present := ed.members(objPtr, order)
		multi := ed.multiline(objStart, objEnd)
		indent := ""
		// equivalent mutant CONDITIONALS_BOUNDARY: every object keys are added to has its required key (version, name, title or id: Into refuses an invalid file), so present is never empty.
		if len(present) > 0 {
			off, _ := ed.src.KeyOffset(objPtr + "/" + present[0])
			indent = ed.lineIndent(off)
		} else {
			indent = ed.lineIndent(objStart) + ed.unit
		}
		// Group the new keys by the present key they follow ("" = none).
		after := map[string][]string{}
		var anchors []string
		for _, k := range order {
			if _, want := ed.adds[objPtr][k]; !want || slices.Contains(present, k) {
				continue
			}
			anchor := ""
			for _, p := range order[:slices.Index(order, k)] {
				if slices.Contains(present, p) {
					anchor = p
				}
			}
			if _, seen := after[anchor]; !seen {
				anchors = append(anchors, anchor)
			}
			after[anchor] = append(after[anchor], k)
		}
		for _, anchor := range anchors {
			var parts []string
			for _, k := range after[anchor] {
				text, err := ed.format(ed.adds[objPtr][k], indent, multi)
				if err != nil {
					return err
				}
				sep := ": "
				parts = append(parts, fmt.Sprintf("%q%s%s", k, sep, text))
			}
			joinSep, lead := ", ", " "
			if multi {
				joinSep, lead = ",\n"+indent, "\n"+indent
			}
			body := strings.Join(parts, joinSep)
			switch {
			case anchor != "":
				_, end, _ := ed.valueRange(objPtr + "/" + anchor)
				ed.add(end, end, joinSep+body)
			case len(present) > 0:
				first, _ := ed.src.KeyOffset(objPtr + "/" + present[0])
				ed.add(first, first, body+joinSep)
			default:
				closing := ""
				if multi {
					closing = "\n" + ed.lineIndent(objStart)
				} else {
					closing = " "
				}
				ed.add(objStart+1, objEnd-1, lead+body+closing)
			}
		}
	}
	ed.adds = map[string]map[string]any{}
	return nil
}

// format renders v: indented with indent as its lines' prefix when multi,
// on one line with a space after every comma and colon otherwise.
func (ed *editor) format(v any, indent string, multi bool) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if multi {
		enc.SetIndent(indent, ed.unit)
	}
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	out := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	if !multi {
		out = spaced(out)
	}
	return string(out), nil
}

// spaced adds a space after each comma and colon of compact JSON, outside strings.
func spaced(b []byte) []byte {
	var out []byte
	in := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		out = append(out, c)
		switch {
		case in && c == '\\' && i+1 < len(b):
			i++
			out = append(out, b[i])
		case c == '"':
			in = !in
		case !in && (c == ',' || c == ':'):
			out = append(out, ' ')
		}
	}
	return out
}

// apply returns the file with every edit made.
func (ed *editor) apply() []byte {
	edits := slices.Clone(ed.edits)
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].start != edits[j].start {
			// equivalent mutant CONDITIONALS_BOUNDARY: the starts differ here (the if above), and for different starts > and >= agree.
			return edits[i].start > edits[j].start
		}
		// At one start, the wider edit first: an insertion made first
		// would move the bytes a removal there then cuts by offset.
		if edits[i].end != edits[j].end {
			// equivalent mutant CONDITIONALS_BOUNDARY: the ends differ here (the if above), and for different ends > and >= agree.
			return edits[i].end > edits[j].end
		}
		return edits[i].seq > edits[j].seq
	})
	out := slices.Clone(ed.data)
	for _, e := range edits {
		out = slices.Concat(out[:e.start], []byte(e.text), out[e.end:])
	}
	return out
}

// keyOrder lists a struct type's JSON keys in declaration order.
func keyOrder(v any) []string {
	t := reflect.TypeOf(v)
	var out []string
	for i := range t.NumField() {
		tag := t.Field(i).Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

var (
	rootKeys      = keyOrder(roadmap.Roadmap{})
	labelKeys     = keyOrder(roadmap.Label{})
	milestoneKeys = keyOrder(roadmap.Milestone{})
	issueKeys     = keyOrder(roadmap.Issue{})
)

// orderFor says which type's keys an object pointer holds.
func orderFor(objPtr string) []string {
	switch {
	case objPtr == "":
		return rootKeys
	case strings.HasPrefix(objPtr, "/labels/"):
		return labelKeys
	case strings.HasPrefix(objPtr, "/milestones/"):
		return milestoneKeys
	case strings.HasPrefix(objPtr, "/issues/"):
		return issueKeys
	}
	return nil
}
