package roadmap

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// gitRepo makes a git working tree in a temporary folder with the given
// files, tracking those whose name does not start with "untracked".
func gitRepo(t *testing.T, initArgs []string, files map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed: the index reader is tested against indexes git itself writes")
	}
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Skipf("git %s: %v: %s", strings.Join(args, " "), err, out)
		}
	}
	git(append([]string{"init", "-q"}, initArgs...)...)
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(filepath.Base(name), "untracked") {
			git("add", name)
		}
	}
	return dir
}

func TestGitIndexFormats(t *testing.T) {
	files := map[string]string{"roadmap.json": "{}", "docs/a.md": "A", "docs/deep/b.md": "B", "untracked.md": "U"}
	for i := range 30 { // enough names for v4's prefix compression to matter
		files[filepath.ToSlash(filepath.Join("docs", "many", strings.Repeat("x", i%7)+string(rune('a'+i%26))+".md"))] = "x"
	}
	for _, tt := range []struct {
		name string
		init []string
		post [][]string
	}{
		{"v2", nil, nil},
		{"v4", nil, [][]string{{"update-index", "--index-version", "4"}}},
		{"v3 with extended flags", nil, [][]string{{"update-index", "--intent-to-add", "untracked-ita.md"}}},
		{"sha256", []string{"--object-format=sha256"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := gitRepo(t, tt.init, files)
			for _, args := range tt.post {
				if args[1] == "--intent-to-add" {
					_ = os.WriteFile(filepath.Join(dir, "untracked-ita.md"), []byte("i"), 0o644)
					args = []string{"add", "--intent-to-add", "untracked-ita.md"}
				}
				cmd := exec.Command("git", args...)
				cmd.Dir = dir
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Skipf("git %v: %v %s", args, err, out)
				}
			}
			ix := readGitIndex(dir)
			if ix == nil {
				t.Fatal("the index was not read")
			}
			for name := range files {
				want := !strings.HasPrefix(filepath.Base(name), "untracked")
				if got := ix.tracked(name); got != want {
					t.Errorf("tracked(%q) = %v, want %v", name, got, want)
				}
			}
			if ix.tracked("docs") || ix.tracked("nothing.md") {
				t.Error("a folder or a missing file counts as tracked")
			}
		})
	}
}

func TestGitIndexAbsentOrBroken(t *testing.T) {
	if readGitIndex(t.TempDir()) != nil {
		t.Error("a folder without .git has an index")
	}
	dir := t.TempDir()
	_ = os.MkdirAll(filepath.Join(dir, ".git"), 0o755)
	for _, data := range []string{"", "DIRC", "DIRC\x00\x00\x00\x02\x00\x00\x00\x05", "JUNKJUNKJUNKJUNK"} {
		_ = os.WriteFile(filepath.Join(dir, ".git", "index"), []byte(data), 0o644)
		if readGitIndex(dir) != nil {
			t.Errorf("index %q was read", data)
		}
	}
}

func TestBodyFileTrackedByGit(t *testing.T) {
	dir := gitRepo(t, nil, map[string]string{
		"docs/a.md":         "Tracked text",
		"docs/untracked.md": "Generated text",
	})
	if err := os.Symlink("../.git/config", filepath.Join(dir, "docs", "link.md")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	rm := `{"version": 1, "issues": [
  {"id": "a", "title": "A", "body_file": "docs/a.md"},
  {"id": "b", "title": "B", "body_file": "docs/untracked.md"},
  {"id": "c", "title": "C", "body_file": "docs/link.md"}
]}`
	res := Parse("roadmap.json", []byte(rm), Options{Dir: dir})
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, d.String())
	}
	want := []string{
		`roadmap.json:3:42: warning: body_file "docs/untracked.md" is not tracked by git: a checkout of the repository won't have it, and its text would be printed into the plan and the issue; commit it (git add), or point at a file that is [untracked]`,
		`roadmap.json:4:42: body_file "docs/link.md" is a symbolic link into .git, which holds the checkout's credentials and history; point at a Markdown file of the repository [body-file]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if res.Bodies[0].Text != "Tracked text" || !res.Bodies[0].Managed {
		t.Errorf("tracked body = %+v", res.Bodies[0])
	}
}
