package imagecontract

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"regexp"
	"strings"
	"testing"
)

// ignorePattern is one line of .dockerignore.
type ignorePattern struct {
	text    string
	negate  bool
	re      *regexp.Regexp
	lineNum int
}

// parseDockerignore reads .dockerignore with Docker's rules: comments and
// blank lines are skipped, a leading / is dropped (paths are relative to the
// context root), "!" re-includes, and * ? ** are globs ([…] classes are not
// supported by this reader and are an error).
func parseDockerignore(src string) ([]ignorePattern, error) {
	var out []ignorePattern
	for i, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := ignorePattern{text: line, lineNum: i + 1}
		if rest, ok := strings.CutPrefix(line, "!"); ok {
			p.negate = true
			line = strings.TrimSpace(rest)
		}
		line = strings.TrimPrefix(path.Clean(line), "/")
		if strings.ContainsAny(line, `[]\`) {
			return nil, fmt.Errorf(".dockerignore line %d: %q: character classes and escapes are not supported by this test", i+1, p.text)
		}
		var re strings.Builder
		re.WriteString("^")
		for j := 0; j < len(line); j++ {
			switch c := line[j]; {
			case strings.HasPrefix(line[j:], "**/"):
				re.WriteString("(.*/)?")
				j += 2
			case strings.HasPrefix(line[j:], "**"):
				re.WriteString(".*")
				j++
			case c == '*':
				re.WriteString("[^/]*")
			case c == '?':
				re.WriteString("[^/]")
			default:
				re.WriteString(regexp.QuoteMeta(string(c)))
			}
		}
		re.WriteString("$")
		p.re = regexp.MustCompile(re.String())
		out = append(out, p)
	}
	return out, nil
}

// excluded reports whether file (slash-separated, relative to the context)
// is left out of the build context, and by which pattern: a pattern that
// matches the file or one of its folders counts, and the last one that does
// decides.
func excluded(patterns []ignorePattern, file string) (bool, *ignorePattern) {
	var by *ignorePattern
	out := false
	for i := range patterns {
		p := &patterns[i]
		for dir := file; dir != "."; dir = path.Dir(dir) {
			if p.re.MatchString(dir) {
				out, by = !p.negate, p
				break
			}
		}
	}
	return out, by
}

// buildInputs lists the files `go build .` reads, for the image's GOOS:
// go.mod, go.sum, and the Go, assembly and embedded files of every package
// of this module the command imports.
func buildInputs(t *testing.T, root string) []string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-json=ImportPath,Dir,Module,GoFiles,CgoFiles,SFiles,HFiles,CFiles,SysoFiles,EmbedFiles", ".")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=linux", "CGO_ENABLED=0")
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go list -deps .: %v\n%s", err, stderr)
	}
	files := []string{"go.mod", "go.sum"}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p struct {
			ImportPath                                                       string
			Dir                                                              string
			Module                                                           *struct{ Main bool }
			GoFiles, CgoFiles, SFiles, HFiles, CFiles, SysoFiles, EmbedFiles []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if p.Module == nil || !p.Module.Main {
			continue
		}
		rel, err := relSlash(root, p.Dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, list := range [][]string{p.GoFiles, p.CgoFiles, p.SFiles, p.HFiles, p.CFiles, p.SysoFiles, p.EmbedFiles} {
			for _, f := range list {
				files = append(files, path.Join(rel, f))
			}
		}
	}
	return files
}

// TestDockerignore checks that .dockerignore leaves in the build context
// every file `go build .` reads (go.mod, go.sum, the non-test sources and
// the embedded schema), and leaves out the .git folder.
func TestDockerignore(t *testing.T) {
	root := repoRoot(t)
	patterns, err := parseDockerignore(readRepoFile(t, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	inputs := buildInputs(t, root)
	for _, f := range inputs {
		if out, by := excluded(patterns, f); out {
			t.Errorf(".dockerignore line %d (%q) leaves out %s, which go build . needs", by.lineNum, by.text, f)
		}
	}
	for _, f := range []string{".git/HEAD", "internal/imagecontract/dockerfile_test.go"} {
		if out, _ := excluded(patterns, f); !out {
			t.Errorf(".dockerignore keeps %s in the build context; leave it out to keep the context small", f)
		}
	}
	t.Logf("%d build inputs, all in the context", len(inputs))
}

func TestDockerignoreReader(t *testing.T) {
	patterns, err := parseDockerignore("# c\n.git\n/roadmap\n**/testdata\n**/*_test.go\n*.md\n!README.md\ndocs/**/*.txt\n")
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]bool{
		".git/HEAD": true, "roadmap": true, "cmd/roadmap": false, "a/b/testdata/x.json": true, "testdata/x": true,
		"x_test.go": true, "a/x_test.go": true, "x.go": false, "NOTES.md": true, "README.md": false, "a/NOTES.md": false,
		"docs/a.txt": true, "docs/a/b/c.txt": true, "docs/a.go": false, "schema/roadmap.schema.json": false,
	} {
		if got, _ := excluded(patterns, file); got != want {
			t.Errorf("excluded(%q) = %v; want %v", file, got, want)
		}
	}
}
