package imagecontract

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

// workflow is the part of a GitHub workflow file the release test reads.
type workflow struct {
	On          map[string]any `yaml:"on"`
	Permissions map[string]string
	Jobs        map[string]struct {
		Permissions map[string]string `yaml:"permissions"`
		Steps       []struct {
			Name string            `yaml:"name"`
			If   string            `yaml:"if"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// TestReleaseWorkflow checks what actionlint cannot about release.yml: it is
// run by hand with a version; it runs the internal/release code the tests
// cover (prepare, pin-image); it pushes the image for the platforms
// TestStaticBinary builds, without emulation; it attests the image (pushed
// next to it) and the CLI archives (by checksums.txt), in jobs that have the
// permissions that needs; it runs the GoReleaser version .ci/release-snapshot
// checks the config with; it moves the major tag only for a release.
func TestReleaseWorkflow(t *testing.T) {
	var w workflow
	if err := yaml.Unmarshal([]byte(readRepoFile(t, ".github/workflows/release.yml")), &w); err != nil {
		t.Fatalf("release.yml: %v", err)
	}
	if _, ok := w.On["workflow_dispatch"]; !ok || len(w.On) != 1 {
		t.Errorf("release.yml runs on %v; want workflow_dispatch alone (a maintainer starts it with a version)", w.On)
	} else if in := fmt.Sprint(w.On["workflow_dispatch"]); !strings.Contains(in, "version") || !strings.Contains(in, "required:true") {
		t.Errorf("release.yml: workflow_dispatch %s has no required version input", in)
	}
	if len(w.Permissions) != 0 {
		t.Errorf("release.yml: workflow permissions %v; want {} and each job asking for its own", w.Permissions)
	}

	found := map[string]bool{}
	for name, job := range w.Jobs {
		perm := func(scope string) string { return job.Permissions[scope] }
		for _, s := range job.Steps {
			action, _, _ := strings.Cut(s.Uses, "@")
			switch {
			case strings.Contains(s.Run, "go run ./internal/release/releasetool prepare"):
				found["prepare"] = true
			case strings.Contains(s.Run, "go run ./internal/release/releasetool pin-image"):
				found["pin-image"] = true
				if !regexp.MustCompile(`git tag (-a )?"\$VERSION"`).MatchString(s.Run) || !strings.Contains(s.Run, `git push origin "refs/tags/$VERSION"`) {
					t.Errorf("release.yml job %s: the pin-image step does not tag the release commit $VERSION and push the tag", name)
				}
			case action == "docker/setup-qemu-action":
				t.Errorf("release.yml job %s uses %s: the Dockerfile cross-compiles, emulation only slows the build", name, s.Uses)
			case action == "docker/build-push-action":
				found["image"] = true
				var want []string
				for _, p := range imagePlatforms {
					want = append(want, p.os+"/"+p.arch)
				}
				if got := strings.Split(strings.ReplaceAll(s.With["platforms"], " ", ""), ","); !slices.Equal(got, want) {
					t.Errorf("release.yml job %s builds platforms %q; want %v", name, s.With["platforms"], want)
				}
				if s.With["push"] != "true" || perm("packages") != "write" {
					t.Errorf("release.yml job %s: build-push-action push %q with packages permission %q; want true and write", name, s.With["push"], perm("packages"))
				}
				if !strings.Contains(s.With["build-args"], "VERSION=") {
					t.Errorf("release.yml job %s: no VERSION build argument: the image's roadmap version would say devel", name)
				}
			case action == "actions/attest-build-provenance":
				if perm("id-token") != "write" || perm("attestations") != "write" {
					t.Errorf("release.yml job %s attests with permissions %v; it needs id-token: write and attestations: write", name, job.Permissions)
				}
				switch {
				case s.With["subject-digest"] != "":
					found["attest image"] = true
					if s.With["push-to-registry"] != "true" || perm("packages") != "write" {
						t.Errorf("release.yml job %s: the image attestation is not pushed to the registry (push-to-registry: true, packages: write)", name)
					}
				case s.With["subject-checksums"] == "dist/checksums.txt":
					found["attest archives"] = true
				}
			case action == "goreleaser/goreleaser-action":
				found["goreleaser"] = true
				script := readRepoFile(t, ".ci/release-snapshot")
				if m := regexp.MustCompile(`(?m)^version=(\S+)$`).FindStringSubmatch(script); m == nil || s.With["version"] != m[1] {
					t.Errorf("release.yml runs GoReleaser %q; .ci/release-snapshot checks the config with %v: keep them the same", s.With["version"], m)
				}
				if perm("contents") != "write" {
					t.Errorf("release.yml job %s runs GoReleaser without contents: write (it creates the release)", name)
				}
			case strings.Contains(s.Run, `"refs/tags/$MAJOR"`):
				found["major"] = true
				if !strings.Contains(s.If, "prerelease") {
					t.Errorf("release.yml job %s moves the major tag with if %q; a pre-release must not move it", name, s.If)
				}
			}
		}
	}
	for _, want := range []string{"prepare", "image", "attest image", "pin-image", "goreleaser", "attest archives", "major"} {
		if !found[want] {
			t.Errorf("release.yml has no %s step", want)
		}
	}
}
