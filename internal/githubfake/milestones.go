package githubfake

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Milestones

// parseDueOn turns a due_on timestamp into the Pacific date GitHub stores. A date alone is read as
// midnight UTC.
func parseDueOn(s string) (string, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.In(pacific).Format("2006-01-02"), true
		}
	}
	return "", false
}

func listMilestones(c *call) response {
	q := c.r.URL.Query()
	state := q.Get("state")
	var list []*milestone
	for _, m := range c.repo.milestones {
		switch state {
		case "all":
		case "closed":
			if m.state != "closed" {
				continue
			}
		default:
			if m.state != "open" {
				continue
			}
		}
		list = append(list, m)
	}
	desc := q.Get("direction") == "desc"
	switch q.Get("sort") {
	case "completeness":
		pct := func(m *milestone) float64 {
			o, cl := c.repo.milestoneCounts(m)
			if o+cl == 0 {
				return 0
			}
			return float64(cl) / float64(o+cl)
		}
		sort.SliceStable(list, func(i, j int) bool {
			if desc {
				return pct(list[i]) > pct(list[j])
			}
			return pct(list[i]) < pct(list[j])
		})
	default: // due_on; milestones without a due date come last, ascending
		sort.SliceStable(list, func(i, j int) bool {
			a, b := list[i], list[j]
			if a.due == b.due {
				return a.number < b.number
			}
			if a.due == "" || b.due == "" {
				return (a.due == "") == desc
			}
			if desc {
				return a.due > b.due
			}
			return a.due < b.due
		})
	}
	list = page(c, list)
	out := make([]any, 0, len(list))
	for _, m := range list {
		out = append(out, c.repo.milestoneJSON(m))
	}
	return c.ok(out)
}

// milestoneFields validates and applies title, state, description and due_on.
// current is the milestone being updated, nil when creating.
func (c *call) milestoneFields(m map[string]json.RawMessage, current *milestone) (apply func(ms *milestone), bad *response) {
	fail := func(e obj) (func(*milestone), *response) { r := c.invalid(e); return nil, &r }
	creating := current == nil
	title, titlePresent, ok := str(m, "title")
	if !ok {
		return fail(fieldError("Milestone", "invalid", "title"))
	}
	if creating && (title == nil || strings.TrimSpace(*title) == "") {
		return fail(fieldError("Milestone", "missing_field", "title"))
	}
	if titlePresent && (title == nil || strings.TrimSpace(*title) == "") {
		return fail(fieldError("Milestone", "missing_field", "title"))
	}
	if title != nil {
		if other := c.repo.findMilestoneTitle(*title); other != nil && other != current {
			return fail(fieldError("Milestone", "already_exists", "title"))
		}
	}
	state, statePresent, ok := str(m, "state")
	if !ok || (statePresent && (state == nil || (*state != "open" && *state != "closed"))) {
		return fail(fieldError("Milestone", "invalid", "state"))
	}
	desc, descPresent, ok := str(m, "description")
	if !ok {
		return fail(fieldError("Milestone", "invalid", "description"))
	}
	due, duePresent, ok := str(m, "due_on")
	if !ok {
		return fail(fieldError("Milestone", "invalid", "due_on"))
	}
	// The OpenAPI description types due_on as a string only; in practice an
	// update takes null and clears the date, and a create refuses null (422),
	// as users report: octokit/octokit.js#1404 (2019), harvester/harvester#11739
	// (2026, "the create-milestone API … rejects null … when updating … null is
	// needed to clear a previously configured due date").
	if creating && duePresent && due == nil {
		return fail(fieldError("Milestone", "invalid", "due_on"))
	}
	date := ""
	if due != nil {
		if date, ok = parseDueOn(*due); !ok {
			return fail(fieldError("Milestone", "invalid", "due_on"))
		}
	}
	return func(ms *milestone) {
		if title != nil {
			ms.title = *title
		}
		if statePresent && ms.state != *state {
			ms.state = *state
			if *state == "closed" {
				ms.closedAt = c.now
			} else {
				ms.closedAt = time.Time{}
			}
		}
		if descPresent {
			ms.desc = desc
		}
		if duePresent {
			ms.due = date
		}
		ms.updated = c.now
	}, nil
}

func createMilestone(c *call) response {
	m, bad := c.fields()
	if bad != nil {
		return *bad
	}
	apply, bad := c.milestoneFields(m, nil)
	if bad != nil {
		return *bad
	}
	ms := c.repo.newMilestone("", nil, "open", "", c.login, c.now)
	apply(ms)
	j := c.repo.milestoneJSON(ms)
	return c.created(j, j["url"].(string))
}

func (c *call) milestone() *milestone {
	n, err := strconv.Atoi(c.params["milestone"])
	if err != nil {
		return nil
	}
	return c.repo.findMilestone(n)
}

func getMilestone(c *call) response {
	ms := c.milestone()
	if ms == nil {
		return c.notFound()
	}
	return c.ok(c.repo.milestoneJSON(ms))
}

func updateMilestone(c *call) response {
	ms := c.milestone()
	if ms == nil {
		return c.notFound()
	}
	m, bad := c.fields()
	if bad != nil {
		return *bad
	}
	apply, bad := c.milestoneFields(m, ms)
	if bad != nil {
		return *bad
	}
	apply(ms)
	return c.ok(c.repo.milestoneJSON(ms))
}

func deleteMilestone(c *call) response {
	ms := c.milestone()
	if ms == nil {
		return c.notFound()
	}
	for _, is := range c.repo.issues {
		if is.milestone == ms {
			is.milestone = nil
		}
	}
	for i, x := range c.repo.milestones {
		if x == ms {
			c.repo.milestones = append(c.repo.milestones[:i:i], c.repo.milestones[i+1:]...)
			break
		}
	}
	return noContent()
}
