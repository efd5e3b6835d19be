package importer_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/importer"
)

// --bodies names the folder of the body files, relative to the roadmap's
// folder and kept inside it; an empty or root-only one means the default.
func TestBodiesFolder(t *testing.T) {
	e := newEnv(t)
	long := strings.Repeat("A paragraph that does not fit on one line. ", 10)
	e.repo.AddIssue(githubfake.Issue{Title: "Long body", Body: &long})
	e.repo.AddIssue(githubfake.Issue{Title: "No body"})
	tests := []struct {
		bodies, file string
	}{
		{"", ".github/roadmap/long-body.md"},
		{"docs/bodies", "docs/bodies/long-body.md"},
		{"/", ".github/roadmap/long-body.md"},
		{`..\..\notes\`, "notes/long-body.md"},
	}
	for _, tt := range tests {
		t.Run(tt.bodies, func(t *testing.T) {
			dir := t.TempDir()
			res := e.importTo(t, dir, importer.Options{Bodies: tt.bodies})
			if len(res.Diagnostics) != 0 {
				t.Errorf("diagnostics:\n%s", res.Diagnostics)
			}
			if got := res.Roadmap.Issues[0].BodyFile; got != tt.file {
				t.Errorf("body_file %q, want %q", got, tt.file)
			}
			data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(tt.file)))
			if err != nil || string(data) != strings.TrimSpace(long)+"\n" {
				t.Errorf("the body file: %q %v", data, err)
			}
			load(t, filepath.Join(dir, "roadmap.json"))
		})
	}
}

// Reads counts the requests of this import only, however many the client
// sent before it.
func TestImportCountsItsOwnReads(t *testing.T) {
	e := newEnv(t)
	e.repo.AddIssue(githubfake.Issue{Title: "One"})
	c := e.client(t)
	ctx := context.Background()
	if _, err := c.ListLabels(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListMilestones(ctx); err != nil {
		t.Fatal(err)
	}
	before := c.Requests()
	e.f.ResetCounts()
	res, err := importer.Import(ctx, c, importer.Options{Repository: full, RoadmapPath: filepath.Join(t.TempDir(), "roadmap.json")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Reads != e.f.Reads() || res.Reads != c.Requests()-before || res.Reads == 0 {
		t.Errorf("Reads %d; the fake saw %d, the client sent %d", res.Reads, e.f.Reads(), c.Requests()-before)
	}
}

// Files are written whole, readable by everyone (0644, like any file a
// person adds to a repository), not with the private mode of a temporary
// file.
func TestWriteFilesMode(t *testing.T) {
	dir := t.TempDir()
	files := []importer.File{
		{Path: filepath.Join(dir, ".github", "roadmap", "a.md"), Data: []byte("A\n")},
		{Path: filepath.Join(dir, "roadmap.json"), Data: []byte("{}\n")},
	}
	if err := importer.WriteFiles(files); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		st, err := os.Stat(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v, want -rw-r--r--", f.Path, st.Mode().Perm())
		}
		if data, _ := os.ReadFile(f.Path); string(data) != string(f.Data) {
			t.Errorf("%s: %q", f.Path, data)
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*", "*", ".*.tmp"))
	more, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if len(left)+len(more) != 0 {
		t.Errorf("temporary files left: %q", append(left, more...))
	}
}
