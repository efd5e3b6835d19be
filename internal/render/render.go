// Package render turns a plan into text for terminals, Markdown for the
// pull-request comment and job summary, and versioned JSON for machines.
package render

import (
	"encoding/json"
	"io"
	"strings"

	"github.com/aymanbagabas/go-udiff"

	"github.com/roadmap-as-code/roadmap/internal/plan"
)

var kindOrder = []string{plan.KindLabel, plan.KindMilestone, plan.KindIssue, plan.KindRelation, plan.KindProjectItem, plan.KindProjectField}

var kindHeading = map[string]string{
	plan.KindLabel:        "Labels",
	plan.KindMilestone:    "Milestones",
	plan.KindIssue:        "Issues",
	plan.KindRelation:     "Relations",
	plan.KindProjectItem:  "Project items",
	plan.KindProjectField: "Project fields",
}

// symbol marks an action the way terraform does: + create, ~ update,
// - close, > rename or adopt.
func symbol(action string) string {
	switch action {
	case plan.ActionCreate, plan.ActionRelate:
		return "+"
	case plan.ActionClose:
		return "-"
	case plan.ActionRename, plan.ActionAdopt:
		return ">"
	}
	return "~"
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func lineCount(s string) int {
	if s == "" {
		return 0
	}
	return strings.Count(s, "\n") + 1
}

func bodyDiff(from, to string) string {
	return udiff.Unified("GitHub", "roadmap.json", normalizeEOL(from), normalizeEOL(to))
}

func normalizeEOL(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if s != "" && !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s
}

func diffStat(from, to string) (add, del int) {
	for _, line := range strings.Split(bodyDiff(from, to), "\n") {
		switch {
		case strings.HasPrefix(line, "+++"), strings.HasPrefix(line, "---"):
		case strings.HasPrefix(line, "+"):
			add++
		case strings.HasPrefix(line, "-"):
			del++
		}
	}
	return add, del
}

// JSONVersion is the version of the plan's JSON form; see the README.
const JSONVersion = 1

type jsonPlan struct {
	Version    int          `json:"version"`
	Repository string       `json:"repository"`
	Empty      bool         `json:"empty_repository"`
	Summary    jsonSummary  `json:"summary"`
	Changes    []jsonChange `json:"changes"`
	Warnings   []string     `json:"warnings"`
	Requests   jsonRequests `json:"requests"`
	// Forecast is added in version 1: how long apply will take.
	Forecast *jsonForecast `json:"forecast,omitempty"`
}

type jsonForecast struct {
	Writes          int     `json:"writes"`
	IntervalSeconds float64 `json:"interval_seconds"`
	Seconds         float64 `json:"seconds"`
	Runs            int     `json:"runs"`
	Text            string  `json:"text"`
}

// jsonSummary keeps version 1's meaning of "create" (new relations
// included) and adds "relations", how many of those are relations.
type jsonSummary struct {
	Create    int `json:"create"`
	Update    int `json:"update"`
	Close     int `json:"close"`
	Unchanged int `json:"unchanged"`
	Relations int `json:"relations"`
}

type jsonChange struct {
	Kind        string               `json:"kind"`
	Action      string               `json:"action"`
	Key         string               `json:"key"`
	Number      *int                 `json:"number"`
	Title       string               `json:"title,omitempty"`
	Fields      map[string]jsonField `json:"fields"`
	Relation    string               `json:"relation,omitempty"`
	Target      string               `json:"target,omitempty"`
	TargetNum   *int                 `json:"target_number,omitempty"`
	TargetTitle string               `json:"target_title,omitempty"`
	StateReason string               `json:"state_reason,omitempty"`
	DuplicateOf string               `json:"duplicate_of,omitempty"`
	AdoptedBy   string               `json:"adopted_by,omitempty"`
}

type jsonField struct {
	From any `json:"from"`
	To   any `json:"to"`
}

type jsonRequests struct {
	Reads  int `json:"reads"`
	Writes int `json:"writes"`
	// Of the reads, those sent to GitHub's GraphQL API and the points they
	// cost of its hourly budget; left out when nothing was read that way.
	GraphQL int `json:"graphql,omitempty"`
	Points  int `json:"points,omitempty"`
}

// JSON writes the plan in its versioned machine form.
func JSON(w io.Writer, p *plan.Plan) error {
	sum := p.Summary()
	out := jsonPlan{Version: JSONVersion, Repository: p.Repository, Empty: p.Empty,
		Summary: jsonSummary{Create: sum.Create + sum.Relate, Update: sum.Update, Close: sum.Close, Unchanged: sum.Unchanged, Relations: sum.Relate},
		Changes: []jsonChange{}, Warnings: p.Warnings, Requests: jsonRequests{Reads: p.Reads, Writes: p.Writes(), GraphQL: p.GraphQLRequests, Points: p.GraphQLPoints}}
	if f := p.Forecast; f != nil {
		out.Forecast = &jsonForecast{Writes: f.Writes, IntervalSeconds: f.Interval.Seconds(), Seconds: f.Duration.Seconds(), Runs: f.Runs, Text: f.String()}
	}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	for _, c := range p.Changes {
		jc := jsonChange{Kind: c.Kind, Action: c.Action, Key: c.Key, Title: c.Title, Fields: map[string]jsonField{},
			Relation: c.Relation, Target: c.Target, TargetTitle: c.TargetTitle, StateReason: c.StateReason, DuplicateOf: c.DuplicateOf, AdoptedBy: c.AdoptedBy}
		if c.TargetNumber > 0 {
			n := c.TargetNumber
			jc.TargetNum = &n
		}
		if c.Number > 0 {
			n := c.Number
			jc.Number = &n
		}
		for _, f := range c.Fields {
			jc.Fields[f.Name] = jsonField{From: f.From, To: f.To}
		}
		out.Changes = append(out.Changes, jc)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// sortedKinds is kindOrder limited to kinds present in p.
func sortedKinds(p *plan.Plan) []string {
	present := map[string]bool{}
	for _, c := range p.Changes {
		present[c.Kind] = true
	}
	var out []string
	for _, k := range kindOrder {
		if present[k] {
			out = append(out, k)
		}
	}
	return out
}
