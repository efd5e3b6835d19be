//go:build linux

package importer_test

import (
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/importer"
)

// A write that fails half-way — a full disk — fails WriteFiles and leaves
// every file as it was, with no temporary file behind. The disk fills up
// here by a limit on the size of the files this process writes
// (RLIMIT_FSIZE), with SIGXFSZ ignored so that the write returns EFBIG
// instead of killing the test.
func TestWriteFilesFullDisk(t *testing.T) {
	dir := t.TempDir()
	old := []byte("{\"version\": 1}\n")
	path := filepath.Join(dir, "roadmap.json")
	if err := os.WriteFile(path, old, 0o644); err != nil {
		t.Fatal(err)
	}
	files := []importer.File{
		{Path: filepath.Join(dir, ".github", "roadmap", "small.md"), Data: []byte("Small.\n")},
		{Path: path, Data: []byte(strings.Repeat("x", 8<<20))},
	}

	var limit syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &limit); err != nil {
		t.Skip(err)
	}
	signal.Ignore(syscall.SIGXFSZ)
	defer signal.Reset(syscall.SIGXFSZ)
	// The limit holds for every file the process writes, go test's own log
	// of opened files (-test.testlogfile, about 150 kB) included: one a few
	// kB large would make its next flush fail and the run exit 1 now and
	// then. 4 MB is far above that log and far below the file written here.
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: 4 << 20, Max: limit.Max}); err != nil {
		t.Skip(err)
	}
	err := importer.WriteFiles(files)
	if rerr := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limit); rerr != nil {
		t.Fatal(rerr)
	}

	if err == nil || !strings.Contains(err.Error(), "writing "+path) {
		t.Errorf("WriteFiles: %v; want the failed write named", err)
	}
	if data, _ := os.ReadFile(path); string(data) != string(old) {
		t.Errorf("roadmap.json is now %d bytes; want it as it was", len(data))
	}
	if _, err := os.Lstat(files[0].Path); err == nil {
		t.Errorf("%s was written although a later file failed", files[0].Path)
	}
	var left []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if strings.HasSuffix(p, ".tmp") {
			left = append(left, p)
		}
		return nil
	})
	if len(left) != 0 {
		t.Errorf("temporary files left: %q", left)
	}
}
