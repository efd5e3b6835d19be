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

func TestValidateExitCodes(t *testing.T) {
	dir := t.TempDir()
	valid := writeFile(t, dir, "ok.json", `{"version": 1, "labels": [{"name": "bug"}], "issues": [{"id": "a", "title": "A", "labels": ["bug"]}]}`)
	warn := writeFile(t, dir, "warn.json", `{"version": 1, "labels": [{"name": "unused"}]}`)
	invalid := writeFile(t, dir, "bad.json", "{\n  \"version\": 1,\n  \"issues\": [{\"id\": \"a\", \"title\": \"A\", \"labels\": [\"bgu\"]}]\n}\n")
	tests := []struct {
		name       string
		args       []string
		code       int
		wantStdout string
		wantStderr string
	}{
		{"valid", []string{"validate", "-f", valid}, 0, "", "is valid: 1 label, 0 milestones, 1 issue"},
		{"long flag", []string{"validate", "--file", valid}, 0, "", "is valid"},
		{"warnings only", []string{"validate", "-f", warn}, 0, `warning: label "unused" is declared but no issue uses it [unused-label]`, "(1 warning)"},
		{"invalid", []string{"validate", "-f", invalid}, 1, invalid + `:3:51: label "bgu" is not declared in "labels" [unknown-label]`, "1 error"},
		{"missing file", []string{"validate", "-f", filepath.Join(dir, "nope.json")}, 1, "", ""},
		{"file as the argument", []string{"validate", valid}, 0, "", "is valid: 1 label"},
		{"file as the argument, flags after it", []string{"validate", invalid, "-f", invalid}, 1, "", "1 error"},
		{"two different files", []string{"validate", valid, "-f", invalid}, ExitUsage, "", ""},
		{"a second argument", []string{"validate", valid, invalid}, ExitUsage, "", ""},
		{"unknown flag", []string{"validate", "--nope"}, ExitUsage, "", "flag provided but not defined"},
		{"unknown command", []string{"valdate"}, ExitUsage, "", ""},
		{"no command", nil, ExitUsage, "", "Usage:"},
		{"help", []string{"--help"}, 0, "roadmap validate", ""},
		{"validate help", []string{"validate", "-h"}, 0, "", "-file"},
		{"version", []string{"version"}, 0, "roadmap ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			if !strings.Contains(stdout, tt.wantStdout) {
				t.Errorf("stdout %q does not contain %q", stdout, tt.wantStdout)
			}
			if !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("stderr %q does not contain %q", stderr, tt.wantStderr)
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
