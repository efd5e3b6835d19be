package release

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"go.yaml.in/yaml/v4"
)

// sampleDigest stands for the digest of a pushed image index.
var sampleDigest = "sha256:" + strings.Repeat("0123456789abcdef", 4)

// mainActionYML is the repository's action.yml: the one on main, which the
// release commit is made from.
func mainActionYML(t *testing.T) []byte {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// TestReleaseActionYML renders the release commit's action.yml from main's
// and a sample digest, as the release workflow does, and checks it without
// the code under test: a Docker action running
// docker://ghcr.io/roadmap-as-code/roadmap@sha256:<the digest>, the inputs and
// outputs of main's action.yml unchanged, and nothing else changed but that
// one line.
func TestReleaseActionYML(t *testing.T) {
	src := mainActionYML(t)
	image, err := PinnedImage("roadmap-as-code/roadmap", sampleDigest)
	if err != nil {
		t.Fatal(err)
	}
	const want = "docker://ghcr.io/roadmap-as-code/roadmap@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	if image != want {
		t.Fatalf("PinnedImage = %q; want %q", image, want)
	}
	got, err := PinImage(src, image)
	if err != nil {
		t.Fatal(err)
	}

	type action struct {
		Name    string         `yaml:"name"`
		Inputs  map[string]any `yaml:"inputs"`
		Outputs map[string]any `yaml:"outputs"`
		Runs    struct {
			Using string `yaml:"using"`
			Image string `yaml:"image"`
		} `yaml:"runs"`
	}
	var before, after action
	if err := yaml.Unmarshal(src, &before); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(got, &after); err != nil {
		t.Fatalf("the release action.yml is not YAML: %v\n%s", err, got)
	}
	if before.Runs.Using != "docker" || before.Runs.Image != "Dockerfile" {
		t.Fatalf("main's action.yml runs %q %q; want docker and Dockerfile", before.Runs.Using, before.Runs.Image)
	}
	if after.Runs.Using != "docker" {
		t.Errorf("release action.yml: runs.using = %q; want docker", after.Runs.Using)
	}
	if after.Runs.Image != want {
		t.Errorf("release action.yml: runs.image = %q; want %q", after.Runs.Image, want)
	}
	if len(before.Inputs) == 0 || len(before.Outputs) == 0 {
		t.Fatal("main's action.yml has no inputs or no outputs: nothing to compare")
	}
	if !reflect.DeepEqual(before.Inputs, after.Inputs) {
		t.Errorf("release action.yml inputs differ from main's:\n%v\nwant\n%v", after.Inputs, before.Inputs)
	}
	if !reflect.DeepEqual(before.Outputs, after.Outputs) {
		t.Errorf("release action.yml outputs differ from main's:\n%v\nwant\n%v", after.Outputs, before.Outputs)
	}
	// Byte for byte, the only change is that line: comments and layout stay.
	if exp := strings.Replace(string(src), "image: Dockerfile\n", "image: "+want+"\n", 1); string(got) != exp {
		t.Errorf("release action.yml:\n%s\nwant main's with only the image line changed:\n%s", got, exp)
	}
}

// TestReleaseActionYMLPassesActionlint lints a workflow that uses the
// release action.yml as a local action (uses: ./), with every input and
// output of it: actionlint reads the action's metadata and checks them.
func TestReleaseActionYMLPassesActionlint(t *testing.T) {
	image, err := PinnedImage("roadmap-as-code/roadmap", sampleDigest)
	if err != nil {
		t.Fatal(err)
	}
	pinned, err := PinImage(mainActionYML(t), image)
	if err != nil {
		t.Fatal(err)
	}
	good := `on: pull_request
jobs:
  roadmap:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: roadmap
        uses: ./
        with: {roadmap: roadmap.json, token: "${{ github.token }}", mode: plan, comment: "false"}
      - run: echo "$P $C $A $U $D $URL"
        env:
          P: ${{ steps.roadmap.outputs.plan }}
          C: ${{ steps.roadmap.outputs.changes }}
          A: ${{ steps.roadmap.outputs.created }}
          U: ${{ steps.roadmap.outputs.updated }}
          D: ${{ steps.roadmap.outputs.closed }}
          URL: ${{ steps.roadmap.outputs.comment-url }}
`
	if errs := lintWithAction(t, pinned, good); len(errs) > 0 {
		t.Errorf("actionlint: %v", errs)
	}
	// The lint does read the local action: an input it lacks is an error.
	bad := strings.Replace(good, "mode: plan", "mood: plan", 1)
	if errs := lintWithAction(t, pinned, bad); !strings.Contains(strings.Join(errs, "\n"), `"mood"`) {
		t.Errorf("actionlint accepted an unknown input of the local action; errors: %v", errs)
	}
}

func lintWithAction(t *testing.T, actionYML []byte, workflow string) []string {
	t.Helper()
	dir := t.TempDir()
	wf := filepath.Join(dir, ".github", "workflows", "w.yml")
	if err := os.MkdirAll(filepath.Dir(wf), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "action.yml"), actionYML, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(wf, []byte(workflow), 0o644); err != nil {
		t.Fatal(err)
	}
	linter, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{WorkingDir: dir, LogWriter: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	project, err := actionlint.NewProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	errs, err := linter.LintFiles([]string{wf}, project)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

func TestPinnedImage(t *testing.T) {
	for _, c := range []struct{ repo, digest, want, err string }{
		{"roadmap-as-code/roadmap", sampleDigest, "docker://ghcr.io/roadmap-as-code/roadmap@" + sampleDigest, ""},
		{"Octo-Org/Octo.Repo_1", sampleDigest, "docker://ghcr.io/octo-org/octo.repo_1@" + sampleDigest, ""},
		{"octo", sampleDigest, "", "OWNER/NAME"},
		{"octo/repo/x", sampleDigest, "", "OWNER/NAME"},
		{"", sampleDigest, "", "OWNER/NAME"},
		{"octo/repo", "", "", "digest"},
		{"octo/repo", strings.TrimPrefix(sampleDigest, "sha256:"), "", "digest"},
		{"octo/repo", strings.ToUpper(sampleDigest), "", "digest"},
		{"octo/repo", sampleDigest[:len(sampleDigest)-1], "", "digest"},
		{"octo/repo", "sha512:" + strings.Repeat("ab", 64), "", "digest"},
	} {
		t.Run(c.repo+" "+c.digest, func(t *testing.T) {
			got, err := PinnedImage(c.repo, c.digest)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("PinnedImage = %q, %v; want an error about %s", got, err, c.err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("PinnedImage = %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

// TestPinImageForms rewrites action.yml files written in other ways than
// this repository's: quoted values, a trailing comment, CRLF line ends; and
// refuses what is not main's Docker action.
func TestPinImageForms(t *testing.T) {
	image := "docker://ghcr.io/o/r@" + sampleDigest
	const head = "name: x\ndescription: d\ninputs:\n  mode:\n    description: m\n    default: auto\n"
	for _, c := range []struct{ name, src, want, err string }{
		{"plain", head + "runs:\n  using: docker\n  image: Dockerfile\n", head + "runs:\n  using: docker\n  image: " + image + "\n", ""},
		{"double quotes", head + "runs:\n  using: \"docker\"\n  image: \"Dockerfile\"\n", head + "runs:\n  using: \"docker\"\n  image: " + image + "\n", ""},
		{"single quotes", head + "runs:\n  image: 'Dockerfile'   # built here\n  using: docker\n", head + "runs:\n  image: " + image + "   # built here\n  using: docker\n", ""},
		{"comment", head + "runs:\n  using: docker\n  image: Dockerfile # on main\n", head + "runs:\n  using: docker\n  image: " + image + " # on main\n", ""},
		{"no final newline", head + "runs:\n  using: docker\n  image: Dockerfile", head + "runs:\n  using: docker\n  image: " + image, ""},
		{"CRLF", strings.ReplaceAll(head+"runs:\n  using: docker\n  image: Dockerfile\n", "\n", "\r\n"), strings.ReplaceAll(head+"runs:\n  using: docker\n  image: "+image+"\n", "\n", "\r\n"), ""},
		{"flow mapping", head + "runs: {using: docker, image: Dockerfile}\n", head + "runs: {using: docker, image: \"" + image + "\"}\n", ""},
		{"already pinned", head + "runs:\n  using: docker\n  image: " + image + "\n", "", "want Dockerfile"},
		{"other image", head + "runs:\n  using: docker\n  image: docker://alpine:3\n", "", "want Dockerfile"},
		{"node action", head + "runs:\n  using: node20\n  main: index.js\n", "", "not docker"},
		{"no image", head + "runs:\n  using: docker\n", "", "no runs.image"},
		{"no runs", head, "", "no runs"},
		{"not YAML", "runs: [\n", "", "reading action.yml"},
		{"a second image key elsewhere", head + "runs:\n  using: docker\n  image: Dockerfile\nimage: Dockerfile\n", head + "runs:\n  using: docker\n  image: " + image + "\nimage: Dockerfile\n", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := PinImage([]byte(c.src), image)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("PinImage = %q, %v; want an error about %q", got, err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != c.want {
				t.Errorf("PinImage =\n%s\nwant\n%s", got, c.want)
			}
		})
	}
	if _, err := PinImage([]byte(head+"runs:\n  using: docker\n  image: Dockerfile\n"), "docker://ghcr.io/o/r:v1"); err == nil {
		t.Error("PinImage accepted an image without a digest")
	}
}

// TestCheckPinned checks that CheckPinned, which guards PinImage's output in
// the workflow, refuses every change but the image line.
func TestCheckPinned(t *testing.T) {
	src := string(mainActionYML(t))
	image := "docker://ghcr.io/roadmap-as-code/roadmap@" + sampleDigest
	good := strings.Replace(src, "image: Dockerfile", "image: "+image, 1)
	if err := CheckPinned([]byte(src), []byte(good)); err != nil {
		t.Fatalf("CheckPinned refused the good release action.yml: %v", err)
	}
	for _, c := range []struct{ name, release, err string }{
		{"unchanged", src, "runs.image"},
		{"tag, no digest", strings.Replace(src, "image: Dockerfile", "image: docker://ghcr.io/roadmap-as-code/roadmap:v1", 1), "runs.image"},
		{"other registry", strings.Replace(good, "ghcr.io", "docker.io", 1), "runs.image"},
		{"input default", strings.Replace(good, "default: auto", "default: plan", 1), "inputs differ"},
		{"input dropped", strings.Replace(good, "  comment:\n", "  kommentar:\n", 1), "inputs differ"},
		{"output description", strings.Replace(good, "Number of issues closed", "Issues closed", 1), "outputs differ"},
		{"name", strings.Replace(good, "name: Roadmap as Code", "name: Roadmap", 1), "other than runs.image"},
		{"using", strings.Replace(good, "using: docker", "using: node20", 1), "runs.using"},
		{"a comment", strings.Replace(good, "inputs:\n", "inputs: # all optional\n", 1), "2 lines differ"},
		{"not YAML", good + "\n  - [", "reading the release"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.release == src && c.name != "unchanged" || c.release == good {
				t.Fatalf("the case changes nothing: fix the test")
			}
			err := CheckPinned([]byte(src), []byte(c.release))
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("CheckPinned = %v; want an error about %q", err, c.err)
			}
		})
	}
}
