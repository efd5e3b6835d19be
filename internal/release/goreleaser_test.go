package release

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

// The CLI's platforms: what .goreleaser.yaml must build, and the snapshot must hold.
var (
	cliOS   = []string{"darwin", "linux", "windows"}
	cliArch = []string{"amd64", "arm64"}
)

// versionVar is the variable `roadmap version` prints, set with -X.
const versionVar = "github.com/roadmap-as-code/roadmap/internal/cli.Version"

// goreleaserConfig is the part of .goreleaser.yaml these tests rely on;
// `goreleaser check` (TestGoReleaserSnapshot) checks the whole file.
type goreleaserConfig struct {
	Version     int    `yaml:"version"`
	ProjectName string `yaml:"project_name"`
	Builds      []struct {
		ID      string   `yaml:"id"`
		Main    string   `yaml:"main"`
		Binary  string   `yaml:"binary"`
		Env     []string `yaml:"env"`
		Goos    []string `yaml:"goos"`
		Goarch  []string `yaml:"goarch"`
		Flags   []string `yaml:"flags"`
		Ldflags []string `yaml:"ldflags"`
	} `yaml:"builds"`
	Archives []struct {
		Formats         []string `yaml:"formats"`
		FormatOverrides []struct {
			Goos    string   `yaml:"goos"`
			Formats []string `yaml:"formats"`
		} `yaml:"format_overrides"`
		NameTemplate string `yaml:"name_template"`
	} `yaml:"archives"`
	Checksum struct {
		NameTemplate string `yaml:"name_template"`
		Algorithm    string `yaml:"algorithm"`
	} `yaml:"checksum"`
	Release struct {
		GitHub struct {
			Owner string `yaml:"owner"`
			Name  string `yaml:"name"`
		} `yaml:"github"`
		Prerelease string `yaml:"prerelease"`
	} `yaml:"release"`
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func readGoreleaserConfig(t *testing.T) goreleaserConfig {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(repoRoot(t), ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var c goreleaserConfig
	if err := yaml.Unmarshal(src, &c); err != nil {
		t.Fatalf(".goreleaser.yaml: %v", err)
	}
	return c
}

var templateVersionRE = regexp.MustCompile(`\{\{\s*\.Version\s*\}\}`)

// TestGoReleaserConfig checks .goreleaser.yaml without GoReleaser: GoReleaser
// v2 syntax; one build of the main package for linux, darwin and windows on
// amd64 and arm64, static and trimmed like the image's, with the version
// stamped (v1.2.3) into the variable `roadmap version` prints; tar.gz
// archives, zip for windows, a sha256 checksums file; pre-releases marked;
// releases to the repository go.mod names. Unless -short it then builds the
// binary with those flags and checks that `roadmap version` prints the
// stamped version.
func TestGoReleaserConfig(t *testing.T) {
	c := readGoreleaserConfig(t)
	if c.Version != 2 {
		t.Errorf(".goreleaser.yaml: version = %d; want 2 (GoReleaser v2)", c.Version)
	}
	if len(c.Builds) != 1 {
		t.Fatalf(".goreleaser.yaml has %d builds; want 1", len(c.Builds))
	}
	b := c.Builds[0]
	if b.Main != "." || b.Binary != "roadmap" {
		t.Errorf(".goreleaser.yaml: build main %q binary %q; want . and roadmap", b.Main, b.Binary)
	}
	if got := slices.Sorted(slices.Values(b.Goos)); !slices.Equal(got, cliOS) {
		t.Errorf(".goreleaser.yaml: goos = %v; want %v", got, cliOS)
	}
	if got := slices.Sorted(slices.Values(b.Goarch)); !slices.Equal(got, cliArch) {
		t.Errorf(".goreleaser.yaml: goarch = %v; want %v", got, cliArch)
	}
	if !slices.Contains(b.Env, "CGO_ENABLED=0") {
		t.Errorf(".goreleaser.yaml: build env %v lacks CGO_ENABLED=0 (a static binary, cross-compiled without a C toolchain)", b.Env)
	}
	if !slices.Contains(b.Flags, "-trimpath") {
		t.Errorf(".goreleaser.yaml: build flags %v lack -trimpath", b.Flags)
	}
	ld := strings.Fields(strings.Join(b.Ldflags, " "))
	for _, want := range []string{"-s", "-w", versionVar + "=v{{"} {
		if !slices.ContainsFunc(ld, func(f string) bool { return strings.HasPrefix(f, want) }) {
			t.Errorf(".goreleaser.yaml: ldflags %q lack %s", b.Ldflags, want)
		}
	}
	if !templateVersionRE.MatchString(strings.Join(b.Ldflags, " ")) {
		t.Errorf(".goreleaser.yaml: ldflags %q do not stamp {{ .Version }}", b.Ldflags)
	}

	if len(c.Archives) != 1 {
		t.Fatalf(".goreleaser.yaml has %d archives; want 1", len(c.Archives))
	}
	a := c.Archives[0]
	if !slices.Equal(a.Formats, []string{"tar.gz"}) {
		t.Errorf(".goreleaser.yaml: archive formats %v; want [tar.gz]", a.Formats)
	}
	if len(a.FormatOverrides) != 1 || a.FormatOverrides[0].Goos != "windows" || !slices.Equal(a.FormatOverrides[0].Formats, []string{"zip"}) {
		t.Errorf(".goreleaser.yaml: format_overrides %+v; want zip for windows", a.FormatOverrides)
	}
	for _, part := range []string{".Os", ".Arch", ".Version"} {
		if !strings.Contains(a.NameTemplate, part) {
			t.Errorf(".goreleaser.yaml: archive name_template %q lacks %s", a.NameTemplate, part)
		}
	}
	if c.Checksum.NameTemplate != "checksums.txt" || c.Checksum.Algorithm != "sha256" {
		t.Errorf(".goreleaser.yaml: checksum %+v; want checksums.txt, sha256", c.Checksum)
	}
	if c.Release.Prerelease != "auto" {
		t.Errorf(".goreleaser.yaml: release.prerelease = %q; want auto (v1.3.0-rc.1 is a pre-release)", c.Release.Prerelease)
	}
	gomod, err := os.ReadFile(filepath.Join(repoRoot(t), "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if m := regexp.MustCompile(`(?m)^module github\.com/(\S+)/(\S+)$`).FindSubmatch(gomod); m == nil {
		t.Error("go.mod's module is not github.com/OWNER/NAME")
	} else if c.Release.GitHub.Owner != string(m[1]) || c.Release.GitHub.Name != string(m[2]) {
		t.Errorf(".goreleaser.yaml: release.github %s/%s; want %s/%s as go.mod's module path",
			c.Release.GitHub.Owner, c.Release.GitHub.Name, m[1], m[2])
	}

	if testing.Short() {
		t.Skip("-short: not building the binary with the config's flags")
	}
	// -X of a variable that does not exist is silently ignored: build and look.
	ldflags := templateVersionRE.ReplaceAllString(strings.Join(b.Ldflags, " "), "1.2.3")
	bin := filepath.Join(t.TempDir(), "roadmap")
	cmd := exec.Command("go", append(append([]string{"build"}, b.Flags...), "-ldflags="+ldflags, "-o", bin, b.Main)...)
	cmd.Dir = repoRoot(t)
	cmd.Env = append(os.Environ(), b.Env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", cmd.Args, err, out)
	}
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("roadmap version: %v\n%s", err, out)
	}
	if got, want := strings.TrimSpace(string(out)), "roadmap v1.2.3"; got != want {
		t.Errorf("roadmap version printed %q; want %q", got, want)
	}
}

// goreleaser returns the GoReleaser to run: $GORELEASER, else goreleaser on
// PATH; it skips the test when there is none.
func goreleaser(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("GORELEASER"); p != "" {
		return p
	}
	p, err := exec.LookPath("goreleaser")
	if err != nil {
		t.Skip("goreleaser is not installed: bash .ci/release-snapshot installs v2.15.1 and runs this test " +
			"(or set GORELEASER to a goreleaser v2 binary)")
	}
	return p
}

// artifact is an entry of GoReleaser's dist/artifacts.json.
type artifact struct {
	Name   string `json:"name"`
	Path   string `json:"path"`
	Goos   string `json:"goos"`
	Goarch string `json:"goarch"`
	Type   string `json:"type"`
}

// TestGoReleaserSnapshot runs what a release runs, publishing nothing:
// `goreleaser check`, then `goreleaser release --snapshot` into a temporary
// folder. It checks the six binaries (each an executable of its platform),
// the six archives (each holding the binary and README.md), checksums.txt
// (every archive, its right sha256), and runs this machine's binary with
// `version`, which must print the snapshot's version. It logs the sizes.
// It needs goreleaser (see goreleaser) and git, and builds six times, so
// -short skips it.
func TestGoReleaserSnapshot(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the snapshot builds six binaries")
	}
	bin := goreleaser(t)
	root := repoRoot(t)
	if err := exec.Command("git", "-C", root, "rev-parse", "--is-inside-work-tree").Run(); err != nil {
		t.Skipf("GoReleaser needs a git checkout; %s is not one: %v", root, err)
	}
	out, err := exec.Command(bin, "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("%s --version: %v\n%s", bin, err, out)
	}
	if m := regexp.MustCompile(`GitVersion:\s+(v?[0-9][^\s]*)`).FindSubmatch(out); m == nil || !strings.HasPrefix(strings.TrimPrefix(string(m[1]), "v"), "2.") {
		t.Fatalf("%s is not GoReleaser v2:\n%s", bin, out)
	} else {
		t.Logf("GoReleaser %s", m[1])
	}

	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("goreleaser %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run("check") // exits non-zero on deprecated keys too

	// The repository's config with the output in a temporary folder, so the
	// test leaves the work tree as it found it.
	src, err := os.ReadFile(filepath.Join(root, ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if regexp.MustCompile(`(?m)^dist:`).Match(src) {
		t.Fatal(".goreleaser.yaml sets dist: the test cannot redirect the output")
	}
	tmp := t.TempDir()
	dist := filepath.Join(tmp, "dist")
	config := filepath.Join(tmp, "goreleaser.yaml")
	if err := os.WriteFile(config, fmt.Appendf(src, "\ndist: %s\n", dist), 0o644); err != nil {
		t.Fatal(err)
	}
	run("release", "--snapshot", "--clean", "--config", config)

	var meta struct {
		Version string `json:"version"`
	}
	readJSON(t, filepath.Join(dist, "metadata.json"), &meta)
	var arts []artifact
	readJSON(t, filepath.Join(dist, "artifacts.json"), &arts)

	binaries, archives := map[string]artifact{}, map[string]artifact{}
	var checksums []artifact
	for _, a := range arts {
		switch a.Type {
		case "Binary":
			binaries[a.Goos+"/"+a.Goarch] = a
		case "Archive":
			archives[a.Goos+"/"+a.Goarch] = a
		case "Checksum":
			checksums = append(checksums, a)
		}
	}
	var platforms []string
	for _, goos := range cliOS {
		for _, goarch := range cliArch {
			platforms = append(platforms, goos+"/"+goarch)
		}
	}
	for _, kind := range []map[string]artifact{binaries, archives} {
		if got := slices.Sorted(maps.Keys(kind)); !slices.Equal(got, platforms) {
			t.Fatalf("snapshot artifacts for %v; want %v", got, platforms)
		}
	}
	if len(checksums) != 1 || checksums[0].Name != "checksums.txt" {
		t.Fatalf("snapshot checksum files %+v; want checksums.txt", checksums)
	}

	sums := readChecksums(t, checksums[0].Path)
	var report strings.Builder
	for _, p := range platforms {
		b, a := binaries[p], archives[p]
		goos, goarch, _ := strings.Cut(p, "/")
		exe := "roadmap"
		if goos == "windows" {
			exe += ".exe"
		}
		if b.Name != exe {
			t.Errorf("%s: binary %q; want %q", p, b.Name, exe)
		}
		checkExecutable(t, b.Path, goos, goarch)
		wantExt := ".tar.gz"
		if goos == "windows" {
			wantExt = ".zip"
		}
		if want := fmt.Sprintf("roadmap_%s_%s_%s%s", meta.Version, goos, goarch, wantExt); a.Name != want {
			t.Errorf("%s: archive %q; want %q", p, a.Name, want)
		}
		if got := slices.Sorted(slices.Values(archiveFiles(t, a.Path))); !slices.Equal(got, []string{"README.md", exe}) {
			t.Errorf("%s: %s holds %v; want README.md and %s", p, a.Name, got, exe)
		}
		if want := fileSHA256(t, a.Path); sums[a.Name] != want {
			t.Errorf("checksums.txt: %s has %q; its sha256 is %s", a.Name, sums[a.Name], want)
		}
		delete(sums, a.Name)
		fmt.Fprintf(&report, "\n  %-45s %9d bytes (binary %9d bytes)", a.Name, fileSize(t, a.Path), fileSize(t, b.Path))
	}
	if len(sums) > 0 {
		t.Errorf("checksums.txt lists files that are not archives: %v", slices.Sorted(maps.Keys(sums)))
	}
	t.Logf("snapshot %s:%s", meta.Version, report.String())

	host, ok := binaries[runtime.GOOS+"/"+runtime.GOARCH]
	if !ok {
		t.Skipf("no binary for this machine, %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	out, err = exec.Command(host.Path, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("%s version: %v\n%s", host.Path, err, out)
	}
	if got, want := strings.TrimSpace(string(out)), "roadmap v"+meta.Version; got != want {
		t.Errorf("%s version printed %q; want %q", host.Path, got, want)
	}
	t.Logf("%s/%s binary: %s", runtime.GOOS, runtime.GOARCH, strings.TrimSpace(string(out)))
}

// checkExecutable checks that the file at path is an executable for goos/goarch.
func checkExecutable(t *testing.T, path, goos, goarch string) {
	t.Helper()
	var got string
	switch goos {
	case "linux":
		f, err := elf.Open(path)
		if err != nil {
			t.Errorf("%s is not ELF: %v", path, err)
			return
		}
		defer f.Close()
		got = map[elf.Machine]string{elf.EM_X86_64: "amd64", elf.EM_AARCH64: "arm64"}[f.Machine]
	case "darwin":
		f, err := macho.Open(path)
		if err != nil {
			t.Errorf("%s is not Mach-O: %v", path, err)
			return
		}
		defer f.Close()
		got = map[macho.Cpu]string{macho.CpuAmd64: "amd64", macho.CpuArm64: "arm64"}[f.Cpu]
	case "windows":
		f, err := pe.Open(path)
		if err != nil {
			t.Errorf("%s is not PE: %v", path, err)
			return
		}
		defer f.Close()
		got = map[uint16]string{pe.IMAGE_FILE_MACHINE_AMD64: "amd64", pe.IMAGE_FILE_MACHINE_ARM64: "arm64"}[f.Machine]
	}
	if got != goarch {
		t.Errorf("%s is a %s executable for %q; want %s", path, goos, got, goarch)
	}
}

// archiveFiles lists the regular files in a .tar.gz or .zip archive.
func archiveFiles(t *testing.T, path string) []string {
	t.Helper()
	var names []string
	if strings.HasSuffix(path, ".zip") {
		zr, err := zip.OpenReader(path)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		for _, f := range zr.File {
			if !f.FileInfo().IsDir() {
				names = append(names, f.Name)
			}
		}
		return names
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return names
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if h.Typeflag == tar.TypeReg {
			names = append(names, h.Name)
		}
	}
}

// readChecksums reads a sha256sum-style file: name → hex digest.
func readChecksums(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sums := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			t.Fatalf("%s: line %q is not \"SHA256  NAME\"", path, sc.Text())
		}
		sums[name] = sum
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return sums
}

func fileSHA256(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
