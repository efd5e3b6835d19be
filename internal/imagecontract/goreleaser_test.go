package imagecontract

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

// TestGoReleaserBuildMatchesImage checks that the CLI archives
// (.goreleaser.yaml) and the image (Dockerfile) build the same binary: the
// same package, CGO_ENABLED=0, the same go build flags and the same
// -ldflags, the version stamped into the same variable (only its value
// differs: a GoReleaser template there, a build argument here).
func TestGoReleaserBuildMatchesImage(t *testing.T) {
	b := readDockerfile(t).Build
	var c struct {
		Builds []struct {
			Main    string   `yaml:"main"`
			Env     []string `yaml:"env"`
			Flags   []string `yaml:"flags"`
			Ldflags []string `yaml:"ldflags"`
		} `yaml:"builds"`
	}
	if err := yaml.Unmarshal([]byte(readRepoFile(t, ".goreleaser.yaml")), &c); err != nil {
		t.Fatalf(".goreleaser.yaml: %v", err)
	}
	if len(c.Builds) != 1 {
		t.Fatalf(".goreleaser.yaml has %d builds; want 1", len(c.Builds))
	}
	g := c.Builds[0]

	if !slices.Equal([]string{g.Main}, b.Pkgs) {
		t.Errorf(".goreleaser.yaml builds %q; the Dockerfile builds %q", g.Main, b.Pkgs)
	}
	if !slices.Contains(g.Env, "CGO_ENABLED="+b.Env["CGO_ENABLED"]) {
		t.Errorf(".goreleaser.yaml env %q lacks the Dockerfile's CGO_ENABLED=%s", g.Env, b.Env["CGO_ENABLED"])
	}
	// -X NAME=VALUE: compare the names, not the values (which may hold a {{ template }}).
	value := regexp.MustCompile(`(-X \S+?)=(?:\{\{[^}]*\}\}|[^\s{])+`)
	norm := func(ld string) string { return value.ReplaceAllString(strings.Join(strings.Fields(ld), " "), "$1=…") }
	var dockerFlags []string
	dockerLd := ""
	for _, f := range b.Flags {
		if v, ok := strings.CutPrefix(f, "-ldflags="); ok {
			dockerLd = norm(v)
		} else {
			dockerFlags = append(dockerFlags, f)
		}
	}
	if !slices.Equal(slices.Sorted(slices.Values(g.Flags)), slices.Sorted(slices.Values(dockerFlags))) {
		t.Errorf(".goreleaser.yaml flags %q; the Dockerfile's go build has %q", g.Flags, dockerFlags)
	}
	if got := norm(strings.Join(g.Ldflags, " ")); got != dockerLd {
		t.Errorf(".goreleaser.yaml ldflags %q; the Dockerfile's are %q", got, dockerLd)
	}
}
