package imagecontract

import (
	"encoding/json"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// This file holds a small Dockerfile reader instead of
// github.com/moby/buildkit/frontend/dockerfile/parser: buildkit v0.34.2 (the
// latest release) requires go 1.26.8, which would raise go.mod's go line, and
// its parser package pulls in protobuf, typeurl and vtprotobuf. The reader
// handles what Dockerfiles in this repository use: comments, parser
// directives, line continuations, flags (--from=…), exec (JSON) and shell
// forms. It refuses what it does not understand (heredocs, another escape
// character) rather than misreading it.

// instruction is one Dockerfile instruction.
type instruction struct {
	Line  int      // where it starts, 1-based
	Cmd   string   // upper case: FROM, RUN, COPY…
	Flags []string // leading --flags, e.g. --from=build
	Args  string   // the rest, continuations joined
	Exec  []string // the JSON array of an exec-form RUN, CMD, ENTRYPOINT or SHELL; nil for shell form
}

func (in instruction) String() string { return fmt.Sprintf("line %d: %s %s", in.Line, in.Cmd, in.Args) }

func (in instruction) flag(name string) (string, bool) {
	for _, f := range in.Flags {
		if v, ok := strings.CutPrefix(f, "--"+name+"="); ok {
			return v, true
		}
	}
	return "", false
}

// stage is a FROM and the instructions after it.
type stage struct {
	Index  int
	Name   string // the AS name, lower case; "" when unnamed
	Image  string
	From   instruction
	Instrs []instruction
}

func (s stage) ref() string {
	if s.Name != "" {
		return fmt.Sprintf("stage %d (%s, line %d)", s.Index, s.Name, s.From.Line)
	}
	return fmt.Sprintf("stage %d (line %d)", s.Index, s.From.Line)
}

func (s stage) all(cmd string) []instruction {
	var out []instruction
	for _, in := range s.Instrs {
		if in.Cmd == cmd {
			out = append(out, in)
		}
	}
	return out
}

var (
	directiveRE = regexp.MustCompile(`^#\s*([a-zA-Z]+)\s*=\s*(.*?)\s*$`)
	heredocRE   = regexp.MustCompile(`<<-?["']?[A-Za-z_]`)
)

func parseDockerfile(src string) ([]instruction, error) {
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	var out []instruction
	inDirectives := true
	var cur strings.Builder
	start := 0
	for i, raw := range lines {
		trimmed := strings.TrimSpace(raw)
		if inDirectives {
			if m := directiveRE.FindStringSubmatch(trimmed); m != nil {
				if strings.EqualFold(m[1], "escape") && m[2] != `\` {
					return nil, fmt.Errorf("line %d: escape directive %q is not supported by this test", i+1, m[2])
				}
				continue
			}
			inDirectives = false
		}
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue // blank lines and comments, also inside a continuation
		}
		if cur.Len() == 0 {
			start = i + 1
		}
		if body, ok := strings.CutSuffix(strings.TrimRight(raw, " \t"), `\`); ok {
			cur.WriteString(body)
			continue
		}
		cur.WriteString(raw)
		in, err := parseInstruction(start, cur.String())
		if err != nil {
			return nil, err
		}
		out = append(out, in)
		cur.Reset()
	}
	if cur.Len() > 0 {
		return nil, fmt.Errorf("line %d: the file ends inside a line continuation", start)
	}
	return out, nil
}

func parseInstruction(line int, text string) (instruction, error) {
	text = strings.TrimSpace(text)
	cmd, rest, _ := strings.Cut(text, " ")
	in := instruction{Line: line, Cmd: strings.ToUpper(cmd)}
	rest = strings.TrimSpace(rest)
	switch in.Cmd {
	case "FROM", "RUN", "COPY", "ADD":
		for strings.HasPrefix(rest, "--") {
			f, r, _ := strings.Cut(rest, " ")
			in.Flags = append(in.Flags, f)
			rest = strings.TrimSpace(r)
		}
	}
	in.Args = rest
	switch in.Cmd {
	case "RUN", "COPY", "ADD":
		if heredocRE.MatchString(rest) {
			return in, fmt.Errorf("line %d: heredocs are not supported by this test", line)
		}
	}
	switch in.Cmd {
	case "RUN", "CMD", "ENTRYPOINT", "SHELL":
		if strings.HasPrefix(rest, "[") {
			var exec []string
			if json.Unmarshal([]byte(rest), &exec) == nil {
				in.Exec = exec
			}
		}
	}
	return in, nil
}

func splitStages(instrs []instruction) ([]stage, error) {
	var stages []stage
	for _, in := range instrs {
		if in.Cmd == "FROM" {
			words := strings.Fields(in.Args)
			s := stage{Index: len(stages), From: in}
			switch {
			case len(words) == 1:
			case len(words) == 3 && strings.EqualFold(words[1], "AS"):
				s.Name = strings.ToLower(words[2])
			default:
				return nil, fmt.Errorf("%v: want FROM IMAGE [AS NAME]", in)
			}
			s.Image = words[0]
			stages = append(stages, s)
			continue
		}
		if len(stages) == 0 {
			if in.Cmd == "ARG" {
				continue // global build arguments
			}
			return nil, fmt.Errorf("%v: instruction before the first FROM", in)
		}
		stages[len(stages)-1].Instrs = append(stages[len(stages)-1].Instrs, in)
	}
	if len(stages) == 0 {
		return nil, fmt.Errorf("no FROM")
	}
	return stages, nil
}

// findStage returns the stage named or numbered ref, among the first n stages.
func findStage(stages []stage, n int, ref string) (stage, bool) {
	for _, s := range stages[:n] {
		if s.Name != "" && s.Name == strings.ToLower(ref) || strconv.Itoa(s.Index) == ref {
			return s, true
		}
	}
	return stage{}, false
}

var (
	digestRE     = regexp.MustCompile(`@sha256:[0-9a-f]{64}$`)
	versionRE    = regexp.MustCompile(`\d+\.\d+`)
	goImageTagRE = regexp.MustCompile(`^(\d+)\.(\d+)(?:\.(\d+))?(?:[-.]|$)`)
)

// imageTag splits an image reference into repository and tag ("" when none).
func imageTag(image string) (repo, tag string) {
	image, _, _ = strings.Cut(image, "@")
	slash := strings.LastIndex(image, "/")
	if colon := strings.LastIndex(image, ":"); colon > slash {
		return image[:colon], image[colon+1:]
	}
	return image, ""
}

// pinProblem says why an image reference is not pinned, or "".
func pinProblem(image string) string {
	switch {
	case strings.Contains(image, "$"):
		return "uses a build argument: the test cannot tell whether it is pinned; write the image out"
	case image == "scratch", digestRE.MatchString(image):
		return ""
	}
	_, tag := imageTag(image)
	switch {
	case tag == "":
		return "has neither a tag nor a digest (that means :latest)"
	case tag == "latest":
		return "uses the tag latest"
	case !versionRE.MatchString(tag):
		return fmt.Sprintf("tag %q names no version (want e.g. 1.26.8-bookworm, or a @sha256 digest)", tag)
	}
	return ""
}

// goBuild is the go build command of the Dockerfile's build stage.
type goBuild struct {
	Stage  stage
	Run    instruction
	Env    map[string]string // the stage's ENV, then the command's own VAR=value prefixes
	Flags  []string          // every flag but -o
	Output string            // -o
	Pkgs   []string
}

// goFlagsWithValue are the go build flags that take the next word as value.
var goFlagsWithValue = map[string]bool{
	"-C": true, "-asmflags": true, "-buildmode": true, "-compiler": true,
	"-gccgoflags": true, "-gcflags": true, "-installsuffix": true, "-ldflags": true, "-mod": true,
	"-modfile": true, "-overlay": true, "-p": true, "-pgo": true, "-pkgdir": true, "-tags": true,
	"-toolexec": true, "-o": true,
}

var assignRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)

// findGoBuild returns the first go build command of stage s.
func findGoBuild(s stage) (*goBuild, error) {
	env := map[string]string{}
	for _, in := range s.Instrs {
		switch in.Cmd {
		case "ENV":
			kv, err := parseEnv(in.Args)
			if err != nil {
				return nil, fmt.Errorf("%v: %w", in, err)
			}
			for k, v := range kv {
				env[k] = v
			}
		case "RUN":
			var cmds [][]string
			if in.Exec != nil {
				cmds = [][]string{in.Exec}
			} else {
				words, err := shellWords(in.Args)
				if err != nil {
					return nil, fmt.Errorf("%v: %w", in, err)
				}
				cmds = splitCommands(words)
			}
			for _, words := range cmds {
				b := &goBuild{Stage: s, Run: in, Env: map[string]string{}}
				for k, v := range env {
					b.Env[k] = v
				}
				for len(words) > 0 && assignRE.MatchString(words[0]) {
					k, v, _ := strings.Cut(words[0], "=")
					b.Env[k] = v
					words = words[1:]
				}
				if len(words) < 2 || path.Base(words[0]) != "go" || words[1] != "build" {
					continue
				}
				args := words[2:]
				for i := 0; i < len(args); i++ {
					a := args[i]
					name, value, hasValue := strings.Cut(a, "=")
					name = "-" + strings.TrimLeft(name, "-") // --ldflags is -ldflags
					switch {
					case !strings.HasPrefix(a, "-"):
						b.Pkgs = append(b.Pkgs, a)
					case name == "-o":
						if !hasValue {
							if i+1 == len(args) {
								return nil, fmt.Errorf("%v: -o without a value", in)
							}
							i++
							value = args[i]
						}
						b.Output = value
					case !hasValue && goFlagsWithValue[name]:
						if i+1 == len(args) {
							return nil, fmt.Errorf("%v: %s without a value", in, name)
						}
						i++
						b.Flags = append(b.Flags, name+"="+args[i])
					case hasValue:
						b.Flags = append(b.Flags, name+"="+value)
					default:
						b.Flags = append(b.Flags, name)
					}
				}
				return b, nil
			}
		}
	}
	return nil, nil
}

// splitCommands splits shell words into simple commands at &&, ||, ; and |.
func splitCommands(words []string) [][]string {
	var out [][]string
	var cur []string
	for _, w := range words {
		switch w {
		case "&&", "||", ";", "|":
			out = append(out, cur)
			cur = nil
		default:
			cur = append(cur, w)
		}
	}
	return append(out, cur)
}

// parseEnv reads ENV K=V [K=V…] or the legacy ENV K V.
func parseEnv(args string) (map[string]string, error) {
	words, err := shellWords(args)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	if len(words) > 0 && !strings.Contains(words[0], "=") {
		out[words[0]] = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(args), words[0]))
		return out, nil
	}
	for _, w := range words {
		k, v, ok := strings.Cut(w, "=")
		if !ok {
			return nil, fmt.Errorf("ENV word %q is not KEY=VALUE", w)
		}
		out[k] = v
	}
	return out, nil
}

func (b *goBuild) flag(name string) (string, bool) {
	for _, f := range b.Flags {
		if f == name {
			return "", true
		}
		if v, ok := strings.CutPrefix(f, name+"="); ok {
			return v, true
		}
	}
	return "", false
}

// dockerfile is the parsed Dockerfile and what the checks found in it.
type dockerfile struct {
	Stages     []stage
	Final      stage
	Entrypoint instruction
	Build      *goBuild // the go build of the stage the entrypoint binary is copied from
}

// readDockerfile parses the repository's Dockerfile and checks it; every
// problem is a test error.
func readDockerfile(t *testing.T) *dockerfile {
	t.Helper()
	major, minor, patch := goModVersion(t)
	df, problems := checkDockerfile(readRepoFile(t, "Dockerfile"), major, minor, patch)
	for _, p := range problems {
		t.Errorf("Dockerfile %s", p)
	}
	if df == nil || df.Build == nil {
		t.FailNow()
	}
	return df
}

// checkDockerfile parses src and returns the problems found against the
// rules of a container action image (see TestDockerfile). df is nil, or has
// no Build, when the problems stopped the checks early.
func checkDockerfile(src, goMajor, goMinor, goPatch string) (df *dockerfile, problems []string) {
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	instrs, err := parseDockerfile(src)
	if err != nil {
		fail("%v", err)
		return nil, problems
	}
	stages, err := splitStages(instrs)
	if err != nil {
		fail("%v", err)
		return nil, problems
	}
	df = &dockerfile{Stages: stages, Final: stages[len(stages)-1]}

	if len(stages) < 2 {
		fail("has %d stage; want a multi-stage build (a Go build stage and a small final stage)", len(stages))
	}
	for _, s := range stages {
		if _, ok := findStage(stages, s.Index, s.Image); ok {
			continue // FROM an earlier stage
		}
		if p := pinProblem(s.Image); p != "" {
			fail("line %d: FROM %s %s", s.From.Line, s.Image, p)
		}
	}
	if df.Final.Image != "scratch" {
		fail("%v: the final stage must be FROM scratch: nothing but the static binary and the CA certificates, "+
			"a few megabytes for the runner to pull", df.Final.From)
	}
	if p, ok := df.Final.From.flag("platform"); ok {
		fail("%v: the final stage must not set --platform=%s: it is the image of the target platform", df.Final.From, p)
	}
	for _, in := range df.Final.all("RUN") {
		fail("%v: the final stage must not RUN anything: it runs on the target platform, which for another "+
			"architecture needs emulation (and scratch has no shell)", in)
	}
	if !copiesCABundle(df.Final) {
		fail("the final %s does not COPY the CA bundle to %s: without it every HTTPS request to GitHub fails",
			df.Final.ref(), caBundle)
	}
	for _, in := range df.Final.all("USER") {
		fail("%v: the final stage must not have USER: GitHub runs container actions as root, "+
			"and the mounted workspace and file commands belong to the runner", in)
	}
	for _, in := range df.Final.all("WORKDIR") {
		fail("%v: the final stage must not have WORKDIR: GitHub sets the working directory to /github/workspace itself", in)
	}

	eps := df.Final.all("ENTRYPOINT")
	if len(eps) == 0 {
		fail("the final %s has no ENTRYPOINT", df.Final.ref())
		return df, problems
	}
	df.Entrypoint = eps[len(eps)-1]
	if len(df.Entrypoint.Exec) == 0 {
		fail("%v: ENTRYPOINT must be exec form, a JSON array such as [\"/roadmap\"]: "+
			"shell form runs /bin/sh -c, which a minimal image does not have, and drops the arguments", df.Entrypoint)
		return df, problems
	}
	bin := df.Entrypoint.Exec[0]
	if !path.IsAbs(bin) {
		fail("%v: the ENTRYPOINT program %q must be an absolute path: "+
			"GitHub runs the container in /github/workspace, not in the image's folder", df.Entrypoint, bin)
		return df, problems
	}

	// The COPY --from=STAGE SRC BIN that puts the entrypoint binary in the final stage.
	var copied string
	var from stage
	for _, in := range df.Final.all("COPY") {
		ref, ok := in.flag("from")
		words := strings.Fields(in.Args)
		if !ok || len(words) < 2 {
			continue
		}
		dest := words[len(words)-1]
		for _, s := range words[:len(words)-1] {
			if dest == bin || strings.HasSuffix(dest, "/") && path.Join(dest, path.Base(s)) == bin {
				st, found := findStage(stages, len(stages)-1, ref)
				if !found {
					fail("%v: --from=%s is not an earlier stage of this Dockerfile", in, ref)
					return df, problems
				}
				copied, from = s, st
			}
		}
	}
	if copied == "" {
		fail("has no COPY --from=STAGE in the final %s that puts the ENTRYPOINT binary %s in place", df.Final.ref(), bin)
		return df, problems
	}
	b, err := findGoBuild(from)
	if err != nil {
		fail("%v", err)
		return df, problems
	}
	if b == nil {
		fail("has no RUN … go build in the build %s, which %s is copied from", from.ref(), bin)
		return df, problems
	}
	if path.Clean(b.Output) != path.Clean(copied) {
		fail("%v: go build writes -o %q, but the final stage copies %q as the ENTRYPOINT", b.Run, b.Output, copied)
	}
	df.Build = b

	if v := b.Env["CGO_ENABLED"]; v != "0" {
		fail("%v: go build must run with CGO_ENABLED=0 (a static binary for an image without libc); it has %q", b.Run, v)
	}
	if _, ok := b.flag("-trimpath"); !ok {
		fail("%v: go build lacks -trimpath (reproducible builds, no build paths in the binary)", b.Run)
	}
	ld, _ := b.flag("-ldflags")
	for _, want := range []string{"-s", "-w"} {
		if !strings.Contains(" "+ld+" ", " "+want+" ") {
			fail("%v: go build -ldflags=%q lacks %s (drop the symbol table and DWARF)", b.Run, ld, want)
		}
	}

	// Every $NAME the go build reads is declared in its stage before the RUN: an ARG a stage does not
	// declare (TARGETARCH included) expands to nothing there, and the build would silently be for the
	// builder's platform, or stamp no version.
	declared := stageVars(b.Stage, b.Run.Line)
	for _, ref := range b.varRefs() {
		if _, ok := declared[ref]; !ok {
			fail("%v: go build reads $%s, which is not declared (ARG %s) in the build %s before it: it would be empty",
				b.Run, ref, ref, b.Stage.ref())
		}
	}

	// Multi-platform without emulation: the go build runs on the builder's platform and cross-compiles
	// for the target one.
	if v := b.Env["GOOS"]; !isVarRef(v, "TARGETOS") {
		fail("%v: go build must take GOOS from $TARGETOS (the platform the image is built for); it has %q", b.Run, v)
	}
	if v := b.Env["GOARCH"]; !isVarRef(v, "TARGETARCH") {
		fail("%v: go build must take GOARCH from $TARGETARCH (the platform the image is built for); it has %q", b.Run, v)
	}

	// The builder's Go is go.mod's.
	root := b.Stage
	for {
		st, ok := findStage(stages, root.Index, root.Image)
		if !ok {
			break
		}
		root = st
	}
	img := root.Image
	if p, _ := root.From.flag("platform"); !isVarRef(p, "BUILDPLATFORM") {
		fail("%v: the build stage must run on the builder's own platform, FROM --platform=$BUILDPLATFORM: "+
			"otherwise an arm64 image compiles under emulation, many times slower", root.From)
	}
	repo, tag := imageTag(img)
	if r := strings.TrimPrefix(strings.TrimPrefix(repo, "docker.io/"), "library/"); r != "golang" {
		fail("line %d: the build stage's image %s is not the official golang image; the test cannot check its Go version", b.Stage.From.Line, img)
	} else if m := goImageTagRE.FindStringSubmatch(tag); m == nil {
		fail("line %d: the golang image tag %q does not start with a Go version such as 1.26.8", b.Stage.From.Line, tag)
	} else if m[1] != goMajor || m[2] != goMinor {
		fail("line %d: the builder has Go %s.%s (%s) but go.mod says go %s.%s: keep them on the same release",
			b.Stage.From.Line, m[1], m[2], img, goMajor, goMinor)
	} else if goPatch != "" && m[3] == "" {
		fail("line %d: go.mod asks for go %s.%s.%s; pin the builder to an exact release %s.%s.N with N >= %s (it is %s)",
			b.Stage.From.Line, goMajor, goMinor, goPatch, goMajor, goMinor, goPatch, img)
	} else if goPatch != "" && atoi(m[3]) < atoi(goPatch) {
		fail("line %d: the builder has Go %s.%s.%s (%s), older than go.mod's go %s.%s.%s",
			b.Stage.From.Line, m[1], m[2], m[3], img, goMajor, goMinor, goPatch)
	}
	return df, problems
}

// caBundle is where Go's crypto/x509 looks first on Linux, and where Debian
// (the builder) keeps the bundle.
const caBundle = "/etc/ssl/certs/ca-certificates.crt"

// copiesCABundle reports whether stage s copies a file to caBundle.
func copiesCABundle(s stage) bool {
	for _, in := range s.all("COPY") {
		words := strings.Fields(in.Args)
		if len(words) < 2 {
			continue
		}
		dest := words[len(words)-1]
		for _, src := range words[:len(words)-1] {
			if dest == caBundle || strings.HasSuffix(dest, "/") && path.Join(dest, path.Base(src)) == caBundle {
				return true
			}
		}
	}
	return false
}

var varRefRE = regexp.MustCompile(`\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))`)

// isVarRef reports whether v is exactly $name or ${name}.
func isVarRef(v, name string) bool { return v == "$"+name || v == "${"+name+"}" }

// varRefs lists the variables the go build's environment and flags read, in order, once each.
func (b *goBuild) varRefs() []string {
	var out []string
	words := slices.Clone(b.Flags)
	for _, k := range slices.Sorted(maps.Keys(b.Env)) {
		words = append(words, b.Env[k])
	}
	for _, w := range words {
		for _, m := range varRefRE.FindAllStringSubmatch(w, -1) {
			if name := m[1] + m[2]; !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
	}
	return out
}

// expand returns the go build's environment and flags with $NAME and
// ${NAME} replaced from vars (missing names expand to "", as in a shell).
func (b *goBuild) expand(vars map[string]string) (env map[string]string, flags []string) {
	repl := func(s string) string {
		return varRefRE.ReplaceAllStringFunc(s, func(ref string) string {
			m := varRefRE.FindStringSubmatch(ref)
			return vars[m[1]+m[2]]
		})
	}
	env = map[string]string{}
	for k, v := range b.Env {
		env[k] = repl(v)
	}
	for _, f := range b.Flags {
		flags = append(flags, repl(f))
	}
	return env, flags
}

// stageVars returns the ARG and ENV names stage s declares before line,
// with their values ("" for an ARG without a default).
func stageVars(s stage, line int) map[string]string {
	vars := map[string]string{}
	for _, in := range s.Instrs {
		if in.Line >= line {
			break
		}
		switch in.Cmd {
		case "ARG":
			for _, w := range strings.Fields(in.Args) {
				k, v, _ := strings.Cut(w, "=")
				vars[k] = strings.Trim(v, `"'`)
			}
		case "ENV":
			if kv, err := parseEnv(in.Args); err == nil {
				maps.Copy(vars, kv)
			}
		}
	}
	return vars
}

// TestDockerfile checks the rules of a container action image: a multi-stage
// build whose every FROM is pinned; a final stage FROM scratch, without
// --platform, RUN, USER or WORKDIR, holding the CA bundle, whose exec-form
// ENTRYPOINT names, by absolute path, the binary copied from the build stage;
// that binary built with CGO_ENABLED=0, -trimpath and -ldflags "-s -w", by the
// Go release go.mod names, in a stage FROM --platform=$BUILDPLATFORM that
// cross-compiles for $TARGETOS/$TARGETARCH, declared there with ARG.
func TestDockerfile(t *testing.T) {
	df := readDockerfile(t)
	t.Logf("build %s: %v", df.Build.Stage.ref(), df.Build.Run)
	t.Logf("final %s, ENTRYPOINT %q", df.Final.ref(), df.Entrypoint.Exec)
}

// TestDockerfileRules breaks the repository's Dockerfile one rule at a time
// and expects checkDockerfile to say so, so that a pass of TestDockerfile
// means something.
func TestDockerfileRules(t *testing.T) {
	good := readRepoFile(t, "Dockerfile")
	major, minor, patch := goModVersion(t)
	if _, problems := checkDockerfile(good, major, minor, patch); len(problems) > 0 {
		t.Skip("the Dockerfile itself has problems; TestDockerfile reports them")
	}
	fromRE := regexp.MustCompile(`(?m)^(FROM (?:--\S+ )*)golang:\S+`)
	if !fromRE.MatchString(good) {
		t.Skip("the Dockerfile has no FROM golang:… line to break")
	}
	buildFromRE := regexp.MustCompile(`(?m)^FROM --platform=\S+ (golang:)`)
	if !buildFromRE.MatchString(good) {
		t.Skip("the Dockerfile has no FROM --platform=… golang:… line to break")
	}
	cases := []struct{ name, src, want string }{
		{"USER", good + "USER nonroot\n", "must not have USER"},
		{"WORKDIR", good + "WORKDIR /app\n", "must not have WORKDIR"},
		{"shell-form ENTRYPOINT", good + "ENTRYPOINT /roadmap\n", "exec form"},
		{"relative ENTRYPOINT", good + "ENTRYPOINT [\"roadmap\"]\n", "absolute path"},
		{"latest", good + "FROM alpine:latest\nENTRYPOINT [\"/roadmap\"]\n", "latest"},
		{"no tag", strings.Replace(good, "FROM scratch", "FROM gcr.io/distroless/static-debian12", 1), "neither a tag nor a digest"},
		{"single stage", "FROM golang:1.26.8\nRUN CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /roadmap .\nENTRYPOINT [\"/roadmap\"]\n", "multi-stage"},
		{"cgo", strings.Replace(good, "CGO_ENABLED=0", "CGO_ENABLED=1", 1), "CGO_ENABLED=0"},
		{"trimpath", strings.Replace(good, "-trimpath", "", 1), "-trimpath"},
		{"-w", strings.Replace(good, "-s -w", "-s", 1), "lacks -w"},
		{"old Go", fromRE.ReplaceAllString(good, "${1}golang:1.25.4-bookworm"), "go.mod says"},
		{"builder on the target platform", buildFromRE.ReplaceAllString(good, "FROM $1"), "--platform=$BUILDPLATFORM"},
		{"builder on a fixed platform", buildFromRE.ReplaceAllString(good, "FROM --platform=linux/amd64 $1"), "--platform=$BUILDPLATFORM"},
		{"GOARCH not from TARGETARCH", strings.Replace(good, "GOARCH=$TARGETARCH", "GOARCH=amd64", 1), "GOARCH from $TARGETARCH"},
		{"no GOOS", strings.Replace(good, "GOOS=$TARGETOS ", "", 1), "GOOS from $TARGETOS"},
		{"TARGETARCH not declared", strings.Replace(good, "ARG TARGETARCH\n", "", 1), "$TARGETARCH, which is not declared"},
		{"VERSION not declared", strings.Replace(good, "ARG VERSION\n", "", 1), "$VERSION, which is not declared"},
		{"final stage not scratch", strings.Replace(good, "FROM scratch", "FROM alpine:3.20", 1), "FROM scratch"},
		{"final stage on the build platform", strings.Replace(good, "FROM scratch", "FROM --platform=$BUILDPLATFORM scratch", 1), "must not set --platform"},
		{"RUN in the final stage", good + "RUN [\"/roadmap\", \"version\"]\n", "emulation"},
		{"no CA bundle", regexp.MustCompile(`(?m)^COPY .*ca-certificates.crt.*\n`).ReplaceAllString(good, ""), "CA bundle"},
		{"copied binary", strings.Replace(good, "COPY --from=build /roadmap /roadmap", "COPY --from=build /roadmap /bin/roadmap", 1), "puts the ENTRYPOINT binary"},
	}
	for _, c := range cases {
		_, problems := checkDockerfile(c.src, major, minor, patch)
		if !strings.Contains(strings.Join(problems, "\n"), c.want) {
			t.Errorf("%s: want a problem mentioning %q; got %q", c.name, c.want, problems)
		}
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// TestDockerfileReader checks the reader itself on the constructs it claims
// to handle, so that a pass of TestDockerfile means something.
func TestDockerfileReader(t *testing.T) {
	src := "# syntax=docker/dockerfile:1\n" +
		"ARG X=1\n" +
		"FROM golang:1.26.8-bookworm AS Build\n" +
		"ENV GOFLAGS=-mod=readonly CGO_ENABLED=1\n" +
		"RUN echo a \\\n" +
		"  # a comment inside the continuation\n" +
		"  && CGO_ENABLED=0 go build -trimpath -ldflags \"-s -w -X main.v=1\" -o /out/bin ./cmd/x\n" +
		"FROM scratch\n" +
		"copy --from=build --chmod=0755 /out/bin /bin/x\n" +
		"ENTRYPOINT [\"/bin/x\", \"run\"]\n" +
		"CMD echo shell form\n"
	instrs, err := parseDockerfile(src)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, in := range instrs {
		got = append(got, fmt.Sprintf("%d %s %q %q %q", in.Line, in.Cmd, in.Flags, in.Args, in.Exec))
	}
	want := []string{
		`2 ARG [] "X=1" []`,
		`3 FROM [] "golang:1.26.8-bookworm AS Build" []`,
		`4 ENV [] "GOFLAGS=-mod=readonly CGO_ENABLED=1" []`,
		`5 RUN [] "echo a   && CGO_ENABLED=0 go build -trimpath -ldflags \"-s -w -X main.v=1\" -o /out/bin ./cmd/x" []`,
		`8 FROM [] "scratch" []`,
		`9 COPY ["--from=build" "--chmod=0755"] "/out/bin /bin/x" []`,
		`10 ENTRYPOINT [] "[\"/bin/x\", \"run\"]" ["/bin/x" "run"]`,
		`11 CMD [] "echo shell form" []`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("parsed:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	stages, err := splitStages(instrs)
	if err != nil {
		t.Fatal(err)
	}
	if len(stages) != 2 || stages[0].Name != "build" || stages[1].Image != "scratch" {
		t.Fatalf("stages = %+v", stages)
	}
	b, err := findGoBuild(stages[0])
	if err != nil || b == nil {
		t.Fatalf("findGoBuild = %v, %v", b, err)
	}
	if g := fmt.Sprintf("%v %q %s %q %s", b.Env["CGO_ENABLED"], b.Flags, b.Output, b.Pkgs, b.Env["GOFLAGS"]); g != `0 ["-trimpath" "-ldflags=-s -w -X main.v=1"] /out/bin ["./cmd/x"] -mod=readonly` {
		t.Fatalf("go build = %s", g)
	}
	if _, err := parseDockerfile("FROM x:1.0\nRUN <<EOF\necho\nEOF\n"); err == nil {
		t.Error("a heredoc was accepted; want an error")
	}
	for image, ok := range map[string]bool{
		"scratch": true, "golang:1.26.8-bookworm": true, "gcr.io/distroless/static-debian12": false,
		"gcr.io/distroless/static-debian12:nonroot": false, "golang:latest": false, "golang": false,
		"localhost:5000/golang": false, "localhost:5000/golang:1.26": true, "${IMG}": false,
		"gcr.io/distroless/static-debian12@sha256:" + strings.Repeat("ab", 32): true,
	} {
		if p := pinProblem(image); (p == "") != ok {
			t.Errorf("pinProblem(%q) = %q; want pinned=%v", image, p, ok)
		}
	}
}

// TestGoBuildVars checks how the build stage's variables are read and
// expanded, which TestStaticBinary relies on to build as BuildKit would.
func TestGoBuildVars(t *testing.T) {
	src := "FROM --platform=$BUILDPLATFORM golang:1.26.8 AS build\n" +
		"ARG TARGETOS\n" +
		"ARG TARGETARCH VERSION=v0.0.0-dev\n" +
		"ENV GOFLAGS=-mod=readonly\n" +
		"RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=${TARGETARCH} go build -ldflags=\"-X m.V=$VERSION -X m.W=${LATE}\" -o /x .\n" +
		"ARG LATE\n" +
		"FROM scratch\n"
	instrs, err := parseDockerfile(src)
	if err != nil {
		t.Fatal(err)
	}
	stages, err := splitStages(instrs)
	if err != nil {
		t.Fatal(err)
	}
	b, err := findGoBuild(stages[0])
	if err != nil || b == nil {
		t.Fatalf("findGoBuild = %v, %v", b, err)
	}
	if got, want := fmt.Sprint(b.varRefs()), "[VERSION LATE TARGETARCH TARGETOS]"; got != want {
		t.Errorf("varRefs = %s; want %s", got, want)
	}
	vars := stageVars(stages[0], b.Run.Line)
	if got, want := fmt.Sprint(vars), "map[GOFLAGS:-mod=readonly TARGETARCH: TARGETOS: VERSION:v0.0.0-dev]"; got != want {
		t.Errorf("stageVars = %s; want %s (LATE comes after the RUN)", got, want)
	}
	vars["TARGETOS"], vars["TARGETARCH"] = "linux", "arm64"
	env, flags := b.expand(vars)
	if got, want := fmt.Sprintf("%s %s %q", env["GOOS"], env["GOARCH"], flags), `linux arm64 ["-ldflags=-X m.V=v0.0.0-dev -X m.W="]`; got != want {
		t.Errorf("expand = %s; want %s", got, want)
	}
	for _, c := range []struct {
		v    string
		want bool
	}{{"$TARGETOS", true}, {"${TARGETOS}", true}, {"$TARGETOSX", false}, {"linux", false}, {"${TARGETOS", false}, {"", false}} {
		if got := isVarRef(c.v, "TARGETOS"); got != c.want {
			t.Errorf("isVarRef(%q, TARGETOS) = %v; want %v", c.v, got, c.want)
		}
	}
}
