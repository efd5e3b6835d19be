package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// validate checks the imported roadmap with the code of roadmap validate,
// in memory: each body file's text is put inline in its entry, so the same
// rules (ids, titles, references, labels, limits, the marker in a body…)
// run without writing thousands of files first. The body files' paths are
// ids under the bodies folder, safe by construction; the command checks the
// files as written afterwards (roadmap.Load).
func validate(roadmapPath string, rm *roadmap.Roadmap, bodies []roadmap.Body) (roadmap.Diagnostics, error) {
	inline := *rm
	inline.Issues = slices.Clone(rm.Issues)
	for i := range inline.Issues {
		if inline.Issues[i].BodyFile != "" {
			text := bodies[i].Text
			inline.Issues[i].Body, inline.Issues[i].BodyFile = &text, ""
		}
	}
	data, err := Encode(&inline)
	if err != nil {
		return nil, err
	}
	return roadmap.Parse(roadmapPath, data, roadmap.Options{Dir: filepath.Dir(roadmapPath)}).Diagnostics, nil
}

// ExistingFiles returns the files of the list that exist already: without
// --force, an import names them and writes nothing.
func ExistingFiles(files []File) []string {
	var out []string
	for _, f := range files {
		if _, err := os.Lstat(f.Path); err == nil || !errors.Is(err, fs.ErrNotExist) {
			out = append(out, f.Path)
		}
	}
	return out
}

// WriteFiles writes every file atomically: each goes to a temporary file
// in its own folder and is renamed over its name only once whole, so a
// failure (a full disk, a kill) never leaves a half-written file. All the
// temporary files are written before the first rename, and removed on any
// failure; roadmap.json, last in the list, is renamed last.
func WriteFiles(files []File) error {
	type staged struct{ tmp, final string }
	var done []staged
	cleanup := func() {
		for _, s := range done {
			os.Remove(s.tmp)
		}
	}
	for _, f := range files {
		dir := filepath.Dir(f.Path)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			cleanup()
			return fmt.Errorf("creating folder %s: %w", dir, err)
		}
		tmp, err := os.CreateTemp(dir, "."+filepath.Base(f.Path)+".*.tmp")
		if err != nil {
			cleanup()
			return fmt.Errorf("writing %s: %w", f.Path, err)
		}
		done = append(done, staged{tmp.Name(), f.Path})
		_, werr := tmp.Write(f.Data)
		if werr == nil {
			werr = tmp.Sync()
		}
		if cerr := tmp.Close(); werr == nil {
			werr = cerr
		}
		if werr == nil {
			werr = os.Chmod(tmp.Name(), 0o644)
		}
		if werr != nil {
			cleanup()
			return fmt.Errorf("writing %s: %w", f.Path, werr)
		}
	}
	for i, s := range done {
		if err := os.Rename(s.tmp, s.final); err != nil {
			for _, rest := range done[i:] {
				os.Remove(rest.tmp)
			}
			return fmt.Errorf("writing %s: %w", s.final, err)
		}
	}
	return nil
}
