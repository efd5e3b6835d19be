package githubfake

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Labels

func validColor(s string) bool {
	if len(s) != 6 {
		return false
	}
	for _, ch := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", ch) {
			return false
		}
	}
	return true
}

func tooLong(resource, field string, max int) obj {
	e := fieldError(resource, "custom", field)
	e["message"] = fmt.Sprintf("%s is too long (maximum is %d characters)", field, max)
	return e
}

func listLabels(c *call) response {
	return c.ok(c.repo.labelsJSON(page(c, c.repo.labels)))
}

func createLabel(c *call) response {
	m, bad := c.fields()
	if bad != nil {
		return *bad
	}
	name, _, ok := str(m, "name")
	if !ok || name == nil || strings.TrimSpace(*name) == "" {
		return c.invalid(fieldError("Label", "missing_field", "name"))
	}
	color := "ededed"
	if s, present, ok := str(m, "color"); !ok || (present && s == nil) {
		return c.invalid(fieldError("Label", "invalid", "color"))
	} else if s != nil {
		color = *s
	}
	if !validColor(color) {
		return c.invalid(fieldError("Label", "invalid", "color"))
	}
	desc, _, ok := str(m, "description")
	if !ok {
		return c.invalid(fieldError("Label", "invalid", "description"))
	}
	if utf8.RuneCountInString(*name) > maxLabelName {
		return c.invalid(tooLong("Label", "name", maxLabelName))
	}
	if desc != nil && utf8.RuneCountInString(*desc) > maxLabelDesc {
		return c.invalid(tooLong("Label", "description", maxLabelDesc))
	}
	if c.repo.findLabel(*name) != nil {
		return c.invalid(fieldError("Label", "already_exists", "name"))
	}
	l := c.repo.newLabel(*name, color, desc, false)
	j := c.repo.labelJSON(l)
	return c.created(j, j["url"].(string))
}

func (c *call) label() *label { return c.repo.findLabel(c.params["name"]) }

func getLabel(c *call) response {
	l := c.label()
	if l == nil {
		return c.notFound()
	}
	return c.ok(c.repo.labelJSON(l))
}

// updateLabel renames with "new_name" (a "name" in the body is not a rename: GitHub documents
// new_name, and the fixture recording uses it).
func updateLabel(c *call) response {
	l := c.label()
	if l == nil {
		return c.notFound()
	}
	m, bad := c.fields()
	if bad != nil {
		return *bad
	}
	newName, _, ok := str(m, "new_name")
	if !ok {
		return c.invalid(fieldError("Label", "invalid", "name"))
	}
	color, colorPresent, ok := str(m, "color")
	if !ok || (colorPresent && (color == nil || !validColor(*color))) {
		return c.invalid(fieldError("Label", "invalid", "color"))
	}
	desc, descPresent, ok := str(m, "description")
	if !ok {
		return c.invalid(fieldError("Label", "invalid", "description"))
	}
	if newName != nil {
		if strings.TrimSpace(*newName) == "" {
			return c.invalid(fieldError("Label", "missing_field", "name"))
		}
		if utf8.RuneCountInString(*newName) > maxLabelName {
			return c.invalid(tooLong("Label", "name", maxLabelName))
		}
		if other := c.repo.findLabel(*newName); other != nil && other != l {
			return c.invalid(fieldError("Label", "already_exists", "name"))
		}
	}
	if desc != nil && utf8.RuneCountInString(*desc) > maxLabelDesc {
		return c.invalid(tooLong("Label", "description", maxLabelDesc))
	}
	if newName != nil {
		l.name = *newName
	}
	if color != nil {
		l.color = *color
	}
	if descPresent {
		l.desc = desc
	}
	return c.ok(c.repo.labelJSON(l))
}

func deleteLabel(c *call) response {
	l := c.label()
	if l == nil {
		return c.notFound()
	}
	for _, is := range c.repo.issues {
		is.removeLabel(l)
	}
	for i, x := range c.repo.labels {
		if x == l {
			c.repo.labels = append(c.repo.labels[:i:i], c.repo.labels[i+1:]...)
			break
		}
	}
	return noContent()
}

func (is *issue) removeLabel(l *label) bool {
	for i, x := range is.labels {
		if x == l {
			is.labels = append(is.labels[:i:i], is.labels[i+1:]...)
			return true
		}
	}
	return false
}
