package importer

import (
	"bytes"
	"encoding/json"

	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// file is roadmap.Roadmap as import writes it: the same keys in the same
// order (a test keeps them in step), with the settings spelt out at their
// defaults so the file shows the knobs it has.
type file struct {
	Schema     string              `json:"$schema,omitempty"`
	Version    int                 `json:"version"`
	Repository string              `json:"repository,omitempty"`
	Settings   settings            `json:"settings"`
	Project    *roadmap.Project    `json:"project,omitempty"`
	Labels     []roadmap.Label     `json:"labels,omitempty"`
	Milestones []roadmap.Milestone `json:"milestones,omitempty"`
	Issues     []roadmap.Issue     `json:"issues,omitempty"`
}

type settings struct {
	ManagedLabel string `json:"managed_label"`
	Prune        bool   `json:"prune"`
	AdoptByTitle bool   `json:"adopt_by_title"`
}

// Encode writes a roadmap the way the README shows one: two-space indent,
// keys in the order of the types, "&", "<" and ">" as they are (not \u0026),
// a final newline.
func Encode(rm *roadmap.Roadmap) ([]byte, error) {
	f := file{Schema: rm.Schema, Version: rm.Version, Repository: rm.Repository,
		Settings: settings{ManagedLabel: rm.ManagedLabel(), Prune: rm.Prune(), AdoptByTitle: rm.AdoptByTitle()},
		Project:  rm.Project, Labels: rm.Labels, Milestones: rm.Milestones, Issues: rm.Issues}
	return marshal(f, "")
}

// marshal is json.MarshalIndent without HTML escaping; prefix starts every
// line after the first.
func marshal(v any, prefix string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
