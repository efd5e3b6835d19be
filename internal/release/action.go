// Package release holds what the release workflow (.github/workflows/release.yml)
// runs besides Docker and GoReleaser, so that tests run the same code: reading
// the version to release, and writing the action.yml of the release commit,
// which runs the image just pushed instead of building the Dockerfile.
package release

import (
	"bytes"
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Registry is where the release workflow pushes the image.
const Registry = "ghcr.io"

var (
	digestRE = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)
	// repoRE is an OWNER/NAME as GitHub allows it (letters, digits, -, _ and .).
	repoRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$`)
	// PinnedImageRE is the runs.image of a release commit.
	PinnedImageRE = regexp.MustCompile(`^docker://ghcr\.io/[a-z0-9][a-z0-9-]*/[a-z0-9._-]+@sha256:[0-9a-f]{64}$`)
)

// ImageName is the image's repository on the registry for a GitHub
// repository: ghcr.io/owner/name, lower case, since registries refuse upper
// case while GitHub names may have it (and docker/build-push-action lowers
// them the same way).
func ImageName(repository string) (string, error) {
	if !repoRE.MatchString(repository) {
		return "", fmt.Errorf("repository %q is not OWNER/NAME", repository)
	}
	return Registry + "/" + strings.ToLower(repository), nil
}

// PinnedImage is the runs.image that makes GitHub pull the image with that
// digest instead of building the Dockerfile: docker://ghcr.io/owner/name@sha256:….
// The digest is the image index's, so each runner pulls its own platform.
func PinnedImage(repository, digest string) (string, error) {
	name, err := ImageName(repository)
	if err != nil {
		return "", err
	}
	if !digestRE.MatchString(digest) {
		return "", fmt.Errorf("digest %q is not sha256: and 64 lower-case hex digits", digest)
	}
	return "docker://" + name + "@" + digest, nil
}

// PinImage returns action.yml src with runs.image set to image (a
// PinnedImage), changing that one line and nothing else — comments, order and
// every input and output stay as they are — and checks the result with
// CheckPinned. src must be the action.yml of main, a Docker action that
// builds its Dockerfile.
func PinImage(src []byte, image string) ([]byte, error) {
	if !PinnedImageRE.MatchString(image) {
		return nil, fmt.Errorf("image %q is not docker://ghcr.io/OWNER/NAME@sha256:<64 hex digits>", image)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("reading action.yml: %w", err)
	}
	runs := mappingValue(&doc, "runs")
	if runs == nil || runs.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("action.yml has no runs mapping")
	}
	if using := mappingValue(runs, "using"); using == nil || using.Value != "docker" {
		return nil, fmt.Errorf("action.yml: runs.using is not docker; only a Docker action runs an image")
	}
	node := mappingValue(runs, "image")
	if node == nil || node.Kind != yaml.ScalarNode {
		return nil, fmt.Errorf("action.yml has no runs.image")
	}
	if node.Value != "Dockerfile" {
		return nil, fmt.Errorf("action.yml: runs.image is %q; want Dockerfile, as on main (is this a release commit already?)", node.Value)
	}

	lines := bytes.SplitAfter(src, []byte("\n"))
	i, col := node.Line-1, node.Column-1
	if i >= len(lines) || col >= len(lines[i]) {
		return nil, fmt.Errorf("action.yml: runs.image at line %d, column %d is out of the file", node.Line, node.Column)
	}
	line := lines[i]
	end, err := scalarEnd(line, col, runs.Style&yaml.FlowStyle != 0)
	if err != nil {
		return nil, fmt.Errorf("action.yml line %d: %w", node.Line, err)
	}
	var out bytes.Buffer
	for _, l := range lines[:i] {
		out.Write(l)
	}
	out.Write(line[:col])
	if runs.Style&yaml.FlowStyle != 0 {
		out.WriteString(`"` + image + `"`) // in {…} a plain scalar may not hold ":"
	} else {
		out.WriteString(image) // a plain scalar: it has no ": " or " #", and starts with a letter
	}
	out.Write(line[end:])
	for _, l := range lines[i+1:] {
		out.Write(l)
	}
	if err := CheckPinned(src, out.Bytes()); err != nil {
		return nil, fmt.Errorf("the rewritten action.yml is wrong: %w", err)
	}
	return out.Bytes(), nil
}

// scalarEnd returns where the scalar that starts at line[col] ends: after its
// closing quote, or, for a plain scalar, before a comment or the line end
// (and, inside a flow mapping {…}, before , or }).
func scalarEnd(line []byte, col int, flow bool) (int, error) {
	switch q := line[col]; q {
	case '"', '\'':
		for j := col + 1; j < len(line); j++ {
			switch {
			case q == '"' && line[j] == '\\':
				j++
			case line[j] == q && q == '\'' && j+1 < len(line) && line[j+1] == '\'':
				j++ // '' is a quote inside a single-quoted scalar
			case line[j] == q:
				return j + 1, nil
			}
		}
		return 0, fmt.Errorf("the quoted runs.image does not end on its line")
	}
	end := len(bytes.TrimRight(line, "\r\n"))
	if k := bytes.Index(line[col:end], []byte(" #")); k >= 0 {
		end = col + k
	}
	if k := bytes.IndexAny(line[col:end], ",}"); flow && k >= 0 {
		end = col + k
	}
	return len(bytes.TrimRight(line[:end], " \t")), nil
}

// mappingValue returns the value of key in the mapping node n (or in the
// document's top mapping), or nil.
func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// CheckPinned checks that release is main's action.yml with only runs.image
// changed, to a PinnedImage: a Docker action, the same inputs and outputs
// (names, descriptions, defaults), the same name, branding and everything
// else, and a single changed line.
func CheckPinned(main, release []byte) error {
	var m, r map[string]any
	if err := yaml.Unmarshal(main, &m); err != nil {
		return fmt.Errorf("reading main's action.yml: %w", err)
	}
	if err := yaml.Unmarshal(release, &r); err != nil {
		return fmt.Errorf("reading the release action.yml: %w", err)
	}
	runs, _ := r["runs"].(map[string]any)
	if runs["using"] != "docker" {
		return fmt.Errorf("runs.using is %v; want docker", runs["using"])
	}
	image, _ := runs["image"].(string)
	if !PinnedImageRE.MatchString(image) {
		return fmt.Errorf("runs.image is %q; want docker://ghcr.io/OWNER/NAME@sha256:<64 hex digits>", image)
	}
	for _, key := range []string{"inputs", "outputs"} {
		if !reflect.DeepEqual(m[key], r[key]) {
			return fmt.Errorf("%s differ from main's action.yml", key)
		}
	}
	// Everything else is equal too, once runs.image is put back.
	mainRuns, _ := m["runs"].(map[string]any)
	runs["image"] = mainRuns["image"]
	if !reflect.DeepEqual(m, r) {
		return fmt.Errorf("keys other than runs.image differ from main's action.yml")
	}
	if n := changedLines(main, release); n != 1 {
		return fmt.Errorf("%d lines differ from main's action.yml; want only the runs.image line", n)
	}
	return nil
}

// changedLines counts the lines of a and b that differ, position by position,
// plus the difference in length.
func changedLines(a, b []byte) int {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	n := max(len(la), len(lb)) - min(len(la), len(lb))
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			n++
		}
	}
	return n
}
