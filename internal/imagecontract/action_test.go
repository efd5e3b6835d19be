package imagecontract

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/release"
	"go.yaml.in/yaml/v4"
)

// actionMetadata is action.yml, with every key GitHub reads for a Docker
// action, so that decoding with KnownFields reports misspelt keys.
type actionMetadata struct {
	Name        string `yaml:"name"`
	Author      string `yaml:"author"`
	Description string `yaml:"description"`
	Inputs      map[string]struct {
		Description        string `yaml:"description"`
		Required           bool   `yaml:"required"`
		Default            any    `yaml:"default"`
		DeprecationMessage string `yaml:"deprecationMessage"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Description string `yaml:"description"`
	} `yaml:"outputs"`
	Runs struct {
		Using          string            `yaml:"using"`
		Image          string            `yaml:"image"`
		Args           []string          `yaml:"args"`
		Env            map[string]string `yaml:"env"`
		Entrypoint     string            `yaml:"entrypoint"`
		PreEntrypoint  string            `yaml:"pre-entrypoint"`
		PreIf          string            `yaml:"pre-if"`
		PostEntrypoint string            `yaml:"post-entrypoint"`
		PostIf         string            `yaml:"post-if"`
	} `yaml:"runs"`
	Branding struct {
		Icon  string `yaml:"icon"`
		Color string `yaml:"color"`
	} `yaml:"branding"`
}

// TestActionYML checks action.yml: a Docker action built from the
// repository's Dockerfile (on a release commit, the pushed image pinned by
// digest: internal/release tests that rewrite) and started without arguments (the binary reads
// INPUT_* itself); the inputs roadmap, token, mode and comment with their
// defaults; the outputs plan, changes, created, updated, closed and
// comment-url; a description on every input and output; branding for the
// Marketplace.
func TestActionYML(t *testing.T) {
	var a actionMetadata
	dec := yaml.NewDecoder(strings.NewReader(readRepoFile(t, "action.yml")))
	dec.KnownFields(true)
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}

	for key, v := range map[string]string{"name": a.Name, "description": a.Description, "author": a.Author} {
		if strings.TrimSpace(v) == "" {
			t.Errorf("action.yml: %s is empty", key)
		}
	}
	if a.Runs.Using != "docker" {
		t.Errorf("action.yml: runs.using = %q; want docker", a.Runs.Using)
	}
	switch {
	case a.Runs.Image == "Dockerfile":
	case release.PinnedImageRE.MatchString(a.Runs.Image):
		// A release commit (a checkout of a version tag): the release workflow pinned the pushed image.
		t.Logf("action.yml of a release commit: runs.image = %s", a.Runs.Image)
	default:
		t.Errorf("action.yml: runs.image = %q; want Dockerfile (GitHub builds the image from the repository), "+
			"or on a release commit docker://ghcr.io/OWNER/NAME@sha256:…", a.Runs.Image)
	}
	if len(a.Runs.Args) > 0 || a.Runs.Entrypoint != "" {
		t.Errorf("action.yml: runs has args %q / entrypoint %q; want none: the image's ENTRYPOINT runs with no arguments in action mode and reads INPUT_* itself", a.Runs.Args, a.Runs.Entrypoint)
	}

	wantInputs := map[string]string{
		"roadmap": "roadmap.json",
		"token":   "${{ github.token }}",
		"mode":    "auto",
		"comment": "true",
		// Only the default branch is applied unless this says otherwise.
		"allow-branch-apply": "false",
		// The project's own token; none by default.
		"project-token": "",
	}
	for name, def := range wantInputs {
		in, ok := a.Inputs[name]
		if !ok {
			t.Errorf("action.yml: input %q is missing", name)
			continue
		}
		if in.Default == nil {
			t.Errorf("action.yml: input %q has no default; want %q", name, def)
		} else if got := fmt.Sprint(in.Default); got != def {
			t.Errorf("action.yml: input %q has default %q; want %q", name, got, def)
		}
		if in.Required {
			t.Errorf("action.yml: input %q is required; it has a default, so it should not be", name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(a.Inputs)) {
		if _, ok := wantInputs[name]; !ok {
			t.Errorf("action.yml: unexpected input %q (the action reads only %v)", name, slices.Sorted(maps.Keys(wantInputs)))
		}
		if strings.TrimSpace(a.Inputs[name].Description) == "" {
			t.Errorf("action.yml: input %q has no description", name)
		}
	}
	if d := a.Inputs["mode"].Description; d != "" {
		for _, word := range []string{"auto", "validate", "plan", "apply", "pull_request", "push", "workflow_dispatch", "schedule", "refused", "import"} {
			if !strings.Contains(d, word) {
				t.Errorf("action.yml: the description of input mode does not mention %q; it should describe the auto routing", word)
			}
		}
	}

	wantOutputs := []string{"plan", "changes", "created", "updated", "closed", "comment-url", "files"}
	for _, name := range wantOutputs {
		if _, ok := a.Outputs[name]; !ok {
			t.Errorf("action.yml: output %q is missing", name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(a.Outputs)) {
		if !slices.Contains(wantOutputs, name) {
			t.Errorf("action.yml: unexpected output %q (want only %v)", name, wantOutputs)
		}
		if strings.TrimSpace(a.Outputs[name].Description) == "" {
			t.Errorf("action.yml: output %q has no description", name)
		}
	}

	if a.Branding.Icon == "" {
		t.Error("action.yml: branding.icon is missing (a Feather icon name)")
	}
	colors := []string{"white", "black", "yellow", "blue", "green", "orange", "red", "purple", "gray-dark"}
	if !slices.Contains(colors, a.Branding.Color) {
		t.Errorf("action.yml: branding.color = %q; want one of %v", a.Branding.Color, colors)
	}
}
