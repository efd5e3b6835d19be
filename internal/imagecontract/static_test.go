package imagecontract

import (
	"bytes"
	"debug/elf"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestStaticBinary builds the binary as the Dockerfile's build stage does
// (its go build flags and environment, for linux), then checks the file: an
// ELF with no program interpreter (PT_INTERP), no dynamic section and no
// shared libraries (DT_NEEDED), no symbol table or DWARF (-s -w) and no
// build paths (-trimpath). On Linux it then runs `roadmap validate` in a root
// holding only the binary, the CA certificates and the roadmap, as in the
// scratch image. It builds the module, so -short skips it.
func TestStaticBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: TestStaticBinary builds the binary")
	}
	root := repoRoot(t)
	b := readDockerfile(t).Build

	dir := t.TempDir()
	bin := filepath.Join(dir, "roadmap")
	args := append([]string{"build"}, b.Flags...)
	args = append(args, "-o", bin)
	args = append(args, b.Pkgs...) // relative to the build stage's WORKDIR, where COPY . . put the repository
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=linux")
	for _, k := range slices.Sorted(maps.Keys(b.Env)) {
		if k == "GOTOOLCHAIN" {
			continue // the image's choice of toolchain; here the go on PATH builds
		}
		cmd.Env = append(cmd.Env, k+"="+b.Env[k])
	}
	t.Logf("%s: go %s", strings.Join(cmd.Env[len(os.Environ()):], " "), strings.Join(args, " "))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	fi, err := os.Stat(bin)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("binary size: %d bytes (%.1f MiB)", fi.Size(), float64(fi.Size())/(1<<20))

	f, err := elf.Open(bin)
	if err != nil {
		t.Fatalf("the binary is not an ELF file: %v", err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		switch p.Type {
		case elf.PT_INTERP:
			t.Error("the binary has a PT_INTERP program header: it needs a dynamic loader (ld-linux), which a scratch image lacks; build with CGO_ENABLED=0")
		case elf.PT_DYNAMIC:
			t.Error("the binary has a PT_DYNAMIC program header: it is dynamically linked")
		}
	}
	for _, name := range []string{".interp", ".dynamic"} {
		if f.Section(name) != nil {
			t.Errorf("the binary has a %s section: it is dynamically linked", name)
		}
	}
	if libs, err := f.ImportedLibraries(); err == nil && len(libs) > 0 {
		t.Errorf("the binary needs shared libraries (DT_NEEDED) %v", libs)
	}
	if f.Section(".symtab") != nil {
		t.Error("the binary has a symbol table (.symtab): -ldflags -s did not apply")
	}
	if f.Section(".debug_info") != nil || f.Section(".zdebug_info") != nil {
		t.Error("the binary has DWARF (.debug_info): -ldflags -w did not apply")
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte(root+string(filepath.Separator))) {
		t.Errorf("the binary holds the build folder %s: -trimpath did not apply", root)
	}

	if runtime.GOOS != "linux" {
		t.Skipf("running the linux binary in an empty root needs Linux; this is %s", runtime.GOOS)
	}

	// An otherwise empty root, as in the scratch image: the binary, the CA
	// certificates and the roadmap with its body files.
	rootfs := filepath.Join(dir, "rootfs")
	copyFile(t, bin, filepath.Join(rootfs, "roadmap"), 0o755)
	const certs = "/etc/ssl/certs/ca-certificates.crt"
	if _, err := os.Stat(certs); err == nil {
		copyFile(t, certs, filepath.Join(rootfs, certs), 0o644)
	}
	copyFile(t, filepath.Join(root, "roadmap.json"), filepath.Join(rootfs, "roadmap.json"), 0o644)
	bodies, err := filepath.Glob(filepath.Join(root, ".github", "roadmap", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range bodies {
		copyFile(t, src, filepath.Join(rootfs, ".github", "roadmap", filepath.Base(src)), 0o644)
	}

	out, how := runInRoot(t, rootfs, "/roadmap", "validate", "-f", "/roadmap.json")
	t.Logf("ran /roadmap validate -f /roadmap.json in an empty root (%s): %s", how, strings.TrimSpace(out))
	if !strings.Contains(out, " is valid") {
		t.Errorf("the output does not say the roadmap is valid:\n%s", out)
	}
}

func copyFile(t *testing.T, src, dst string, mode os.FileMode) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, mode); err != nil {
		t.Fatal(err)
	}
}
