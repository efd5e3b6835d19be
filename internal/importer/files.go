package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// validateFiles checks the files with the code of roadmap validate, in a
// temporary folder laid out as they will be, before any is written.
func validateFiles(roadmapPath string, files []File) (roadmap.Diagnostics, error) {
	tmp, err := os.MkdirTemp("", "roadmap-import-")
	if err != nil {
		return nil, fmt.Errorf("checking the imported roadmap: %w", err)
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Dir(roadmapPath)
	var data []byte
	for _, f := range files {
		if f.Path == roadmapPath {
			data = f.Data
			continue
		}
		rel, err := filepath.Rel(dir, f.Path)
		if err != nil || !filepath.IsLocal(rel) {
			return nil, fmt.Errorf("body file %s is outside the roadmap's folder %s", f.Path, dir)
		}
		p := filepath.Join(tmp, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, fmt.Errorf("checking the imported roadmap: %w", err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return nil, fmt.Errorf("checking the imported roadmap: %w", err)
		}
	}
	res := roadmap.Parse(roadmapPath, data, roadmap.Options{Dir: tmp, Root: tmp})
	return res.Diagnostics, nil
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
