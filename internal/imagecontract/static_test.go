package imagecontract

import (
	"bytes"
	"compress/gzip"
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

// imagePlatforms are the platforms the release workflow builds the image for
// (docker/build-push-action platforms), with the ELF machine of each.
var imagePlatforms = []struct {
	os, arch string
	machine  elf.Machine
}{
	{"linux", "amd64", elf.EM_X86_64},
	{"linux", "arm64", elf.EM_AARCH64},
}

// TestStaticBinary builds the binary for each image platform as the
// Dockerfile's build stage does under BuildKit (its go build flags and
// environment, with TARGETOS and TARGETARCH set to that platform and a sample
// VERSION), then checks the file: an ELF for that machine with no program
// interpreter (PT_INTERP), no dynamic section and no shared libraries
// (DT_NEEDED), no symbol table or DWARF (-s -w) and no build paths
// (-trimpath). It logs the image each would make (binary + CA bundle). On
// Linux it then runs the binary of the host's platform in a root holding only
// the binary, the CA certificates and the roadmap, as in the scratch image:
// `roadmap validate`, and `roadmap version`, which must print the VERSION
// given. It builds the module twice, so -short skips it.
// Size budgets of the image, with room for ordinary growth: about 3.5 MB
// to pull today (3.3 to 3.7 MiB by platform), about 8.5 MiB on disk.
const (
	maxPulled = 9 << 19 // 4.5 MiB
	maxBinary = 12 << 20
)

func TestStaticBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: TestStaticBinary builds the binary")
	}
	root := repoRoot(t)
	b := readDockerfile(t).Build
	const version = "v0.0.0-imagecontract"

	var caSize int64
	const certs = "/etc/ssl/certs/ca-certificates.crt"
	if fi, err := os.Stat(certs); err == nil {
		caSize = fi.Size()
	} else {
		t.Logf("no %s here: image sizes below leave out the CA bundle", certs)
	}

	dir := t.TempDir()
	for _, p := range imagePlatforms {
		t.Run(p.os+"/"+p.arch, func(t *testing.T) {
			vars := stageVars(b.Stage, b.Run.Line)
			vars["TARGETOS"], vars["TARGETARCH"], vars["VERSION"] = p.os, p.arch, version
			vars["TARGETPLATFORM"] = p.os + "/" + p.arch
			env, flags := b.expand(vars)

			bin := filepath.Join(dir, p.os+"-"+p.arch, "roadmap")
			args := append([]string{"build"}, flags...)
			args = append(args, "-o", bin)
			args = append(args, b.Pkgs...) // relative to the build stage's WORKDIR, where COPY . . put the repository
			cmd := exec.Command("go", args...)
			cmd.Dir = root
			cmd.Env = os.Environ()
			for _, k := range slices.Sorted(maps.Keys(env)) {
				if k == "GOTOOLCHAIN" {
					continue // the image's choice of toolchain; here the go on PATH builds
				}
				cmd.Env = append(cmd.Env, k+"="+env[k])
			}
			t.Logf("%s: go %s", strings.Join(cmd.Env[len(os.Environ()):], " "), strings.Join(args, " "))
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
			}
			checkStaticELF(t, bin, p.machine, root)

			data, err := os.ReadFile(bin)
			if err != nil {
				t.Fatal(err)
			}
			pulled := gzipSize(t, data)
			if caSize > 0 {
				ca, err := os.ReadFile(certs)
				if err != nil {
					t.Fatal(err)
				}
				pulled += gzipSize(t, ca)
			}
			t.Logf("image %s/%s: binary %d bytes + CA bundle %d bytes = %.2f MiB on disk; about %.2f MiB to pull (both gzipped, as registry layers are)",
				p.os, p.arch, len(data), caSize, float64(int64(len(data))+caSize)/(1<<20), float64(pulled)/(1<<20))
			// The README promises an image of about 3.5 MB to pull (8 MB on disk):
			// a new dependency that makes it much bigger has to say so there.
			if caSize > 0 && pulled > maxPulled {
				t.Errorf("the %s/%s image is %.2f MiB to pull, past the %.1f MiB the README's \"about 3.5 MB\" allows: "+
					"find what grew (go version -m, go tool nm -size -sort size) or update the README and this budget",
					p.os, p.arch, float64(pulled)/(1<<20), float64(maxPulled)/(1<<20))
			}
			if len(data) > maxBinary {
				t.Errorf("the %s/%s binary is %.2f MiB, past its %.0f MiB budget (the README says about 8 MB)",
					p.os, p.arch, float64(len(data))/(1<<20), float64(maxBinary)/(1<<20))
			}

			if runtime.GOOS != "linux" || runtime.GOARCH != p.arch {
				t.Logf("not run: this is %s/%s", runtime.GOOS, runtime.GOARCH)
				return
			}
			// An otherwise empty root, as in the scratch image: the binary, the CA
			// certificates and the roadmap with its body files.
			rootfs := filepath.Join(dir, "rootfs-"+p.arch)
			copyFile(t, bin, filepath.Join(rootfs, "roadmap"), 0o755)
			if caSize > 0 {
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
			out, _ = runInRoot(t, rootfs, "/roadmap", "version")
			if got, want := strings.TrimSpace(out), "roadmap "+version; got != want {
				t.Errorf("/roadmap version printed %q; want %q: the Dockerfile's -X does not reach the version variable", got, want)
			}
		})
	}
}

// checkStaticELF checks that bin is a static, stripped, trimmed ELF for machine.
func checkStaticELF(t *testing.T, bin string, machine elf.Machine, root string) {
	t.Helper()
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatalf("the binary is not an ELF file: %v", err)
	}
	defer f.Close()
	if f.Machine != machine {
		t.Errorf("the binary is for %v; want %v: GOARCH did not reach go build", f.Machine, machine)
	}
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
}

// gzipSize is the size of data gzipped at the default level, as image
// layers are stored in a registry and pulled.
func gzipSize(t *testing.T, data []byte) int {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
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
