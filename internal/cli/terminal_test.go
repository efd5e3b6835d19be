package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/creack/pty"
)

// TestIsTerminal checks the terminal test on real files: /dev/null is a
// character device but no terminal (cron, CI and docker run without -i
// give it), a file or a pipe is none either; a pseudo-terminal is one.
func TestIsTerminal(t *testing.T) {
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	file, err := os.Create(filepath.Join(t.TempDir(), "out.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	for _, tt := range []struct {
		name string
		f    *os.File
	}{{"/dev/null", devnull}, {"a file", file}, {"a pipe", r}} {
		t.Run(tt.name, func(t *testing.T) {
			if IsTerminal(tt.f) {
				t.Errorf("%s was taken for a terminal", tt.name)
			}
		})
	}
	t.Run("a pseudo-terminal", func(t *testing.T) {
		ptmx, tty, err := pty.Open()
		if err != nil {
			t.Skipf("no pseudo-terminal on this machine: %v", err)
		}
		defer ptmx.Close()
		defer tty.Close()
		if !IsTerminal(tty) {
			t.Error("a pseudo-terminal was not taken for a terminal")
		}
	})
}
