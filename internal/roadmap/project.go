package roadmap

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// builtinFields are the fields every GitHub Project has that the API can't
// set on an item (updateProjectV2ItemFieldValue takes only text, number,
// date, single-select and iteration fields): each says where the roadmap
// sets that instead.
var builtinFields = map[string]string{
	"title":                `the issue's own "title"`,
	"assignees":            `the issue's own "assignees"`,
	"labels":               `the issue's own "labels"`,
	"milestone":            `the issue's own "milestone"`,
	"repository":           `the roadmap's "repository" (an item's repository is its issue's)`,
	"linked pull requests": `the pull requests themselves (GitHub links them when they reference the issue)`,
	"reviewers":            `the pull requests themselves`,
	"parent issue":         `the issue's own "parent"`,
	"sub-issues progress":  `the sub-issues' own "parent" (GitHub computes the progress)`,
	"type":                 `the issue's own "type"`,
	"issue type":           `the issue's own "type"`,
}

var dateShaped = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// checkProject checks what can be checked of a project without GitHub: the
// owner's name, that fields have a project to belong to, field names (no
// built-in field the API can't set, no name twice), and that a date is a
// real date. The plan checks names, options and types against the project.
func (c *checker) checkProject() {
	if p := c.rm.Project; p != nil && p.Owner != "" {
		if msg := ownerProblem(p.Owner); msg != "" {
			c.errorf("/project/owner", "project", "project owner %q %s", p.Owner, msg)
		}
	}
	for i, is := range c.rm.Issues {
		if len(is.Fields) == 0 {
			continue
		}
		base := fmt.Sprintf("/issues/%d/fields", i)
		if c.rm.Project == nil {
			c.errorf(base, "project", `issue %q sets "fields", but the roadmap names no "project": add "project": {"owner": "…", "number": …}`, is.ID)
			continue
		}
		names := make([]string, 0, len(is.Fields))
		for name := range is.Fields {
			names = append(names, name)
		}
		sort.Strings(names)
		seen := map[string]string{}
		for _, name := range names {
			ptr := base + "/" + escapePointerToken(name)
			key := strings.ToLower(strings.TrimSpace(name))
			if key == "" {
				c.report(SeverityError, ptr, true, "field", "a field name must not be empty; write the name the project shows")
				continue
			}
			if strings.TrimSpace(name) != name {
				c.report(SeverityError, ptr, true, "field", "field name %q has white space at its start or end; write it as the project does", name)
				continue
			}
			if where, ok := builtinFields[key]; ok {
				c.report(SeverityError, ptr, true, "field", "field %q is one of the project's built-in fields, which GitHub's API can't set on an item; set it with %s", name, where)
				continue
			}
			if other, dup := seen[key]; dup {
				c.report(SeverityError, ptr, true, "field", "fields %q and %q are the same field: project field names ignore case", other, name)
				continue
			}
			seen[key] = name
			if v := is.Fields[name]; v.IsText() && dateShaped.MatchString(v.Text) {
				if _, err := time.Parse(time.DateOnly, v.Text); err != nil {
					c.errorf(ptr, "date", "field %q: %q is not a real date; write YYYY-MM-DD", name, v.Text)
				}
			}
		}
	}
}
