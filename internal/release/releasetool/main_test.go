package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPrepare runs `releasetool prepare` as the release workflow does, with
// the repository's tags on standard input, and checks the job outputs.
func TestPrepare(t *testing.T) {
	tags := "v1\nv1.0.0\nv1.1.0\nv1.2.0-rc.1\n"
	for _, c := range []struct {
		name    string
		args    []string
		want    string // the outputs, or a part of the error
		wantErr bool
	}{
		{"release", []string{"-version", "v1.2.0", "-repository", "Roadmap-As-Code/roadmap"},
			"version=v1.2.0\nmajor=v1\nprerelease=false\nprevious=v1.1.0\nimage=ghcr.io/roadmap-as-code/roadmap\n" +
				"image-tags=ghcr.io/roadmap-as-code/roadmap:1.2.0,ghcr.io/roadmap-as-code/roadmap:v1\n", false},
		{"pre-release", []string{"-version", "v1.2.0-rc.2", "-repository", "roadmap-as-code/roadmap"},
			"version=v1.2.0-rc.2\nmajor=\nprerelease=true\nprevious=v1.2.0-rc.1\nimage=ghcr.io/roadmap-as-code/roadmap\n" +
				"image-tags=ghcr.io/roadmap-as-code/roadmap:1.2.0-rc.2\n", false},
		{"first release", []string{"-version", "v0.1.0", "-repository", "o/r"},
			"version=v0.1.0\nmajor=v0\nprerelease=false\nprevious=\nimage=ghcr.io/o/r\nimage-tags=ghcr.io/o/r:0.1.0,ghcr.io/o/r:v0\n", false},
		{"existing tag", []string{"-version", "v1.1.0", "-repository", "o/r"}, "tag v1.1.0 exists already", true},
		{"no v", []string{"-version", "1.3.0", "-repository", "o/r"}, "not a release tag", true},
		{"no version", []string{"-repository", "o/r"}, "not a release tag", true},
		{"bad repository", []string{"-version", "v1.3.0", "-repository", "o"}, "OWNER/NAME", true},
		{"argument", []string{"-version", "v1.3.0", "-repository", "o/r", "extra"}, "no arguments", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(append([]string{"prepare"}, c.args...), strings.NewReader(tags), &stdout, &stderr)
			if c.wantErr {
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Fatalf("err = %v; want one about %q (stdout %q)", err, c.want, stdout.String())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if stdout.String() != c.want {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout.String(), c.want)
			}
		})
	}
}

// TestPinImageCommand runs `releasetool pin-image` on a copy of the
// repository's action.yml, as the release workflow does before it commits.
func TestPinImageCommand(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "..", "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "action.yml")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	digest := "sha256:" + strings.Repeat("a1", 32)
	var stdout, stderr bytes.Buffer
	if err := run([]string{"pin-image", "-repository", "roadmap-as-code/roadmap", "-digest", digest, file}, nil, &stdout, &stderr); err != nil {
		t.Fatalf("pin-image: %v\n%s", err, stderr.String())
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	image := "docker://ghcr.io/roadmap-as-code/roadmap@" + digest
	if want := strings.Replace(string(src), "image: Dockerfile\n", "image: "+image+"\n", 1); string(got) != want {
		t.Errorf("action.yml after pin-image:\n%s\nwant:\n%s", got, want)
	}
	if !strings.Contains(stdout.String(), image) {
		t.Errorf("stdout %q does not name the image", stdout.String())
	}

	// A second run refuses, and leaves the file as it is.
	stdout.Reset()
	err = run([]string{"pin-image", "-repository", "roadmap-as-code/roadmap", "-digest", digest, file}, nil, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "want Dockerfile") {
		t.Errorf("second pin-image: err = %v; want a refusal", err)
	}
	if again, _ := os.ReadFile(file); !bytes.Equal(again, got) {
		t.Error("a refused pin-image changed the file")
	}

	for _, args := range [][]string{
		{"pin-image", "-repository", "roadmap-as-code/roadmap", "-digest", "sha256:abc", file},
		{"pin-image", "-repository", "roadmap-as-code/roadmap", "-digest", digest, file, file},
		{"pin-image", "-repository", "roadmap-as-code/roadmap", "-digest", digest, filepath.Join(t.TempDir(), "missing.yml")},
		{"pin-image", "-nope"},
		{"publish"},
		{},
	} {
		if err := run(args, nil, &stdout, &stderr); err == nil {
			t.Errorf("run %q: no error", args)
		}
	}
}
