package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/schema"
)

func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := Run(context.Background(), args, Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }})
	return out.String(), errb.String(), ExitCode(err)
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestValidateExitCodes runs the command line as main does (an error not
// already shown is printed on stderr). An expected output of "" means
// nothing may be printed there, so every case says what the user reads.
func TestValidateExitCodes(t *testing.T) {
	dir := t.TempDir()
	valid := writeFile(t, dir, "ok.json", `{"version": 1, "labels": [{"name": "bug"}], "issues": [{"id": "a", "title": "A", "labels": ["bug"]}]}`)
	warn := writeFile(t, dir, "warn.json", `{"version": 1, "labels": [{"name": "unused"}]}`)
	invalid := writeFile(t, dir, "bad.json", "{\n  \"version\": 1,\n  \"issues\": [{\"id\": \"a\", \"title\": \"A\", \"labels\": [\"bgu\"]}]\n}\n")
	missing := filepath.Join(dir, "nope.json")
	unknownLabel := invalid + `:3:51: label "bgu" is not declared in "labels" [unknown-label]`
	tests := []struct {
		name       string
		args       []string
		code       int
		wantStdout string
		wantStderr string
	}{
		{"valid", []string{"validate", "-f", valid}, 0, "", valid + " is valid: 1 label, 0 milestones, 1 issue\n"},
		{"long flag", []string{"validate", "--file", valid}, 0, "", " is valid: 1 label"},
		{"warnings only", []string{"validate", "-f", warn}, 0, `warning: label "unused" is declared but no issue uses it [unused-label]`, "(1 warning)"},
		{"invalid", []string{"validate", "-f", invalid}, 1, unknownLabel, "bad.json: 1 error, 0 warnings"},
		{"missing file", []string{"validate", "-f", missing}, 1, "", "reading roadmap: open " + missing + ": no such file or directory"},
		{"file as the argument", []string{"validate", valid}, 0, "", "is valid: 1 label"},
		{"file as the argument, flags after it", []string{"validate", invalid, "-f", invalid}, 1, unknownLabel, "1 error"},
		{"two different files", []string{"validate", valid, "-f", invalid}, ExitUsage, "", `validate: two files, "` + valid + `" and -f "` + invalid + `"; give one`},
		{"a second argument", []string{"validate", valid, invalid}, ExitUsage, "", `validate: unexpected argument "` + invalid + `"`},
		{"unknown flag", []string{"validate", "--nope"}, ExitUsage, "", "flag provided but not defined: -nope\nUsage: roadmap validate [FILE]"},
		{"unknown command", []string{"valdate"}, ExitUsage, "", `unknown command "valdate"; run "roadmap help" for the list`},
		{"no command", nil, ExitUsage, "", "Usage:"},
		{"help", []string{"--help"}, 0, "roadmap validate", ""},
		{"validate help", []string{"validate", "-h"}, 0, "", "Usage: roadmap validate [FILE]\n  -f file"},
		{"version", []string{"version"}, 0, "roadmap devel\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(t, nil, "", false, tt.args...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			for _, out := range []struct{ name, got, want string }{{"stdout", stdout, tt.wantStdout}, {"stderr", stderr, tt.wantStderr}} {
				if out.want == "" && out.got != "" || !strings.Contains(out.got, out.want) {
					t.Errorf("%s %q, want it to hold %q (nothing, when that is empty)", out.name, out.got, out.want)
				}
			}
		})
	}
}

func TestSchemaCommandPrintsEmbeddedSchema(t *testing.T) {
	stdout, _, code := run(t, "schema")
	if code != 0 || stdout != string(schema.JSON) {
		t.Fatalf("exit %d; output is not the embedded schema (%d bytes, want %d)", code, len(stdout), len(schema.JSON))
	}
}
