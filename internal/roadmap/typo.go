package roadmap

import (
	"fmt"
	"sort"
	"strings"
)

// A misspelled key ("milestone" for "milestones", "lables" in an issue) is
// one mistake, but read as written it leaves the key it meant missing and
// makes every use of it wrong: twelve errors for one typo. So an unknown
// key that is a likely typo of a known key the object lacks is reported
// once, as a typo, and the rest of the file is checked as if it were
// spelled right.

// typoRenames finds such keys in doc's objects. It returns, for each, the
// pointer the key should have had and the one it has in the file
// ("/milestones" → "/milestone").
func typoRenames(doc any) map[string]string {
	renames := map[string]string{}
	// ptr is where the object is once renamed, at where it is in the file.
	visit := func(ptr, at string, v any) {
		obj, ok := v.(map[string]any)
		if !ok {
			return
		}
		allowed := allowedKeys(ptr)
		if len(allowed) == 0 {
			return
		}
		known := map[string]bool{}
		for _, k := range allowed {
			known[k] = true
		}
		var unknown []string
		for k := range obj {
			if !known[k] {
				unknown = append(unknown, k)
			}
		}
		sort.Strings(unknown)
		claimed := map[string]int{}
		meant := map[string]string{}
		for _, k := range unknown {
			if sug := closest(k, allowed); sug != "" {
				if _, present := obj[sug]; !present {
					claimed[sug]++
					meant[k] = sug
				}
			}
		}
		for k, sug := range meant {
			if claimed[sug] == 1 { // two typos of one key: which one was meant is a guess
				renames[ptr+"/"+escapePointerToken(sug)] = at + "/" + escapePointerToken(k)
			}
		}
	}
	root, ok := doc.(map[string]any)
	if !ok {
		return nil
	}
	visit("", "", root)
	for _, key := range []string{"settings", "labels", "milestones", "issues"} {
		at := "/" + key
		v, ok := root[key]
		if !ok {
			// It may be there under its typo.
			if from, renamed := renames[at]; renamed {
				at, v = from, root[lastToken(from)]
			}
		}
		if key == "settings" {
			visit("/settings", at, v)
			continue
		}
		items, _ := v.([]any)
		for i, it := range items {
			visit(fmt.Sprintf("/%s/%d", key, i), fmt.Sprintf("%s/%d", at, i), it)
		}
	}
	return renames
}

// applyRenames returns a copy of doc with each misspelled key moved to the
// key it meant, for the semantic checks.
func applyRenames(doc any, renames map[string]string) any {
	// Longest pointers first would matter only for nested renames under a
	// renamed key; renames inside a renamed list were found at the new
	// pointer, so rename the outer keys first.
	var tos []string
	for to := range renames {
		tos = append(tos, to)
	}
	sort.Slice(tos, func(i, j int) bool { return strings.Count(tos[i], "/") < strings.Count(tos[j], "/") })
	root := deepCopy(doc)
	for _, to := range tos {
		from := renames[to]
		parent := parentPointer(to)
		obj, ok := resolve(root, parent).(map[string]any)
		if !ok {
			continue
		}
		oldKey, newKey := lastToken(from), lastToken(to)
		obj[newKey] = obj[oldKey]
		delete(obj, oldKey)
	}
	return root
}

func resolve(doc any, ptr string) any {
	cur := doc
	for _, tok := range splitPointer(ptr) {
		switch x := cur.(type) {
		case map[string]any:
			cur = x[tok]
		case []any:
			var i int
			if _, err := fmt.Sscan(tok, &i); err != nil || i < 0 || i >= len(x) {
				return nil
			}
			cur = x[i]
		default:
			return nil
		}
	}
	return cur
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = deepCopy(e)
		}
		return l
	}
	return v
}
