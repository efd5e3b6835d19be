package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

// The binary, run as a person runs it, stopped by a signal: it exits at once
// with 128 + the signal, having written nothing.

func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "roadmap")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// bigRoadmap is a valid roadmap of n issues with bodies of about 1 KB.
func bigRoadmap(t *testing.T, n int) string {
	t.Helper()
	type issue struct {
		ID    string `json:"id"`
		Title string `json:"title"`
		Body  string `json:"body"`
	}
	body := strings.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", 18)
	rm := struct {
		Version int     `json:"version"`
		Issues  []issue `json:"issues"`
	}{Version: 1}
	for i := range n {
		rm.Issues = append(rm.Issues, issue{ID: fmt.Sprintf("item-%d", i), Title: fmt.Sprintf("Work item %d", i), Body: body})
	}
	data, err := json.Marshal(rm)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "roadmap.json")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// waitFor waits for cmd, killing it (and failing) when it outlives the
// signal by 20 s: a process that ignores a signal must not hang the tests.
func waitFor(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return exitCode(t, err)
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatal("still running 20 s after the signal")
		return -1
	}
}

func exitCode(t *testing.T, err error) int {
	t.Helper()
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	t.Fatal(err)
	return -1
}

func TestSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)

	t.Run("SIGINT while a big roadmap validates: exit 130", func(t *testing.T) {
		file := bigRoadmap(t, 40000)
		cmd := exec.Command(bin, "validate", file)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(150 * time.Millisecond)
		_ = cmd.Process.Signal(os.Interrupt)
		code := waitFor(t, cmd)
		if code != 130 || !strings.Contains(stderr.String(), "stopped by SIGINT") {
			t.Fatalf("exit %d, stderr %q; want 130 and a line saying so", code, stderr.String())
		}
	})

	t.Run("SIGTERM at the yes prompt: exit 143, nothing written", func(t *testing.T) {
		f := githubfake.New()
		defer f.Close()
		f.AddRepo("octo-org", "octo-repo")
		file := filepath.Join(t.TempDir(), "roadmap.json")
		if err := os.WriteFile(file, []byte(`{"version": 1, "issues": [{"id": "a", "title": "A"}]}`), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "apply", file, "--repo", "octo-org/octo-repo")
		cmd.Env = append(os.Environ(), "GITHUB_TOKEN=t", "GITHUB_API_URL="+f.URL, "ROADMAP_WRITE_INTERVAL=0", "NO_COLOR=1")
		tty, err := pty.Start(cmd)
		if err != nil {
			t.Skip("no pseudo-terminal here:", err)
		}
		defer tty.Close()
		prompt := make(chan bool, 1)
		go func() {
			r := bufio.NewReader(tty)
			var seen strings.Builder
			for {
				b, err := r.ReadByte()
				if err != nil {
					prompt <- false
					return
				}
				seen.WriteByte(b)
				if strings.Contains(seen.String(), `Only "yes" applies:`) {
					prompt <- true
					// Keep draining so the child never blocks on output.
					_, _ = r.WriteTo(discard{})
					return
				}
			}
		}()
		select {
		case ok := <-prompt:
			if !ok {
				t.Fatal("the prompt never came")
			}
		case <-time.After(30 * time.Second):
			t.Fatal("no prompt within 30 s")
		}
		_ = cmd.Process.Signal(syscall.SIGTERM)
		if code := waitFor(t, cmd); code != 143 {
			t.Fatalf("exit %d, want 143", code)
		}
		if f.Writes() != 0 {
			t.Errorf("%d writes after a kill at the prompt", f.Writes())
		}
	})
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
