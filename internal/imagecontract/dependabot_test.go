package imagecontract

import (
	"slices"
	"testing"

	"go.yaml.in/yaml/v4"
)

// TestDependabot checks .github/dependabot.yml: version 2, and a weekly
// update of the repository root for Go modules, the workflows' actions and
// the Dockerfile's base images, each once.
func TestDependabot(t *testing.T) {
	var c struct {
		Version int `yaml:"version"`
		Updates []struct {
			Ecosystem string `yaml:"package-ecosystem"`
			Directory string `yaml:"directory"`
			Schedule  struct {
				Interval string `yaml:"interval"`
			} `yaml:"schedule"`
		} `yaml:"updates"`
	}
	if err := yaml.Unmarshal([]byte(readRepoFile(t, ".github/dependabot.yml")), &c); err != nil {
		t.Fatalf(".github/dependabot.yml: %v", err)
	}
	if c.Version != 2 {
		t.Errorf(".github/dependabot.yml: version = %d; want 2", c.Version)
	}
	var got []string
	for _, u := range c.Updates {
		got = append(got, u.Ecosystem)
		if u.Directory != "/" {
			t.Errorf(".github/dependabot.yml: %s looks in %q; want / (go.mod, .github/workflows and the Dockerfile are found from there)", u.Ecosystem, u.Directory)
		}
		if u.Schedule.Interval != "weekly" {
			t.Errorf(".github/dependabot.yml: %s runs %q; want weekly", u.Ecosystem, u.Schedule.Interval)
		}
	}
	slices.Sort(got)
	if want := []string{"docker", "github-actions", "gomod"}; !slices.Equal(got, want) {
		t.Errorf(".github/dependabot.yml updates %v; want %v, each once", got, want)
	}
}
