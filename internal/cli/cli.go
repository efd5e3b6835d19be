// Package cli is the command-line interface: it parses arguments and wires
// the roadmap, plan and apply packages to files and the terminal.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/schema"
)

// Version is set at build time with -ldflags "-X …/internal/cli.Version=v1.2.3".
var Version = ""

// Env is what a command may touch, passed in so tests can run it in-process.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// StdinIsTerminal says a person can answer a question on Stdin.
	StdinIsTerminal bool
	// Sleep replaces the real clock's waits (tests); nil is the real one.
	Sleep gh.Sleeper
}

// ExitError carries a process exit code other than 1 for main to use.
type ExitError struct {
	Code int
	Err  error // nil: the command already said why
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// ExitCode maps an error from Run to the process exit code.
func ExitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return 1
}

// Silent reports whether the error has already been shown to the user.
func Silent(err error) bool {
	var ee *ExitError
	return errors.As(err, &ee) && ee.Err == nil
}

func usageError(format string, args ...any) error {
	return &ExitError{Code: 2, Err: fmt.Errorf(format, args...)}
}

const usage = `roadmap turns a reviewed roadmap.json into GitHub labels, milestones and issues.

Usage:
  roadmap validate [-f roadmap.json]   check the file; exit 1 when it has errors
  roadmap plan [-f roadmap.json] [--repo OWNER/NAME] [--format text|markdown|json]
               [--out FILE] [--detailed-exitcode]
                                       show what apply would change on GitHub
  roadmap apply [-f roadmap.json] [--repo OWNER/NAME] [--yes] [--format text|markdown|json]
                                       make GitHub match the roadmap; needs GITHUB_TOKEN
  roadmap import --repo OWNER/NAME [-o roadmap.json] [--bodies DIR] [--state open|all]
               [--label NAME]... [--milestone TITLE]... [--no-dedupe] [--force]
                                       write roadmap.json from the issues a repository has
  roadmap import --into roadmap.json   take back what people changed on GitHub
  roadmap schema                       print the JSON Schema of roadmap.json
  roadmap version                      print the version
  roadmap help                         show this help

Run "roadmap COMMAND -h" for a command's flags.
`

// Run runs the command line args (without the program name).
func Run(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return &ExitError{Code: 2}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "validate":
		return runValidate(ctx, rest, env)
	case "plan":
		return runPlan(ctx, rest, env)
	case "apply":
		return runApply(ctx, rest, env)
	case "import":
		return runImport(ctx, rest, env)
	case "schema":
		if err := noArgs("schema", rest, env); err != nil {
			return err
		}
		_, err := env.Stdout.Write(schema.JSON)
		return err
	case "version", "--version", "-version", "-v":
		fmt.Fprintf(env.Stdout, "roadmap %s\n", version())
		return nil
	case "help", "--help", "-help", "-h":
		fmt.Fprint(env.Stdout, usage)
		return nil
	}
	return usageError("unknown command %q; run \"roadmap help\" for the list", cmd)
}

func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

func noArgs(name string, args []string, env Env) error {
	fs := newFlagSet(name, "", env)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return nil
}

func newFlagSet(name, synopsis string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: roadmap %s %s\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses flags and refuses stray arguments, so a mistyped flag
// value is never silently ignored.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return &ExitError{Code: 0}
		}
		return &ExitError{Code: 2}
	}
	if fs.NArg() > 0 {
		return usageError("roadmap %s: unexpected argument %q", fs.Name(), strings.Join(fs.Args(), " "))
	}
	return nil
}

func fileFlag(fs *flag.FlagSet) *string {
	p := new(string)
	fs.StringVar(p, "f", "roadmap.json", "the roadmap `file`")
	fs.StringVar(p, "file", "roadmap.json", "the roadmap `file` (same as -f)")
	return p
}

// repoFlag is --repo, the target repository of plan and apply.
func repoFlag(fs *flag.FlagSet) *string {
	return fs.String("repo", "", "target repository `OWNER/NAME` (default: $GITHUB_REPOSITORY, then roadmap.json's \"repository\")")
}

// formatFlag is --format for what a command prints; checkFormat checks it after parsing.
func formatFlag(fs *flag.FlagSet, what string) *string {
	return fs.String("format", "text", what+" `format`: text, markdown or json")
}

func checkFormat(fs *flag.FlagSet, format string) error {
	switch format {
	case "text", "markdown", "json":
		return nil
	}
	return usageError("roadmap %s: --format must be text, markdown or json, not %q", fs.Name(), format)
}

func runValidate(_ context.Context, args []string, env Env) error {
	fs := newFlagSet("validate", "[-f roadmap.json]", env)
	file := fileFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	res, err := roadmap.Load(*file, roadmap.Options{})
	if err != nil {
		return err
	}
	printDiagnostics(env.Stdout, res.Diagnostics)
	errs, warns := res.Diagnostics.Count()
	if errs > 0 {
		fmt.Fprintf(env.Stderr, "%s: %s, %s\n", *file, Plural(errs, "error"), Plural(warns, "warning"))
		return &ExitError{Code: 1}
	}
	fmt.Fprintf(env.Stderr, "%s is valid: %s, %s, %s", *file,
		Plural(len(res.Roadmap.Labels), "label"), Plural(len(res.Roadmap.Milestones), "milestone"), Plural(len(res.Roadmap.Issues), "issue"))
	if warns > 0 {
		fmt.Fprintf(env.Stderr, " (%s)", Plural(warns, "warning"))
	}
	fmt.Fprintln(env.Stderr)
	return nil
}

func printDiagnostics(w io.Writer, ds roadmap.Diagnostics) {
	for _, d := range ds {
		fmt.Fprintln(w, d.String())
	}
}

// Plural says "1 word" or "n words".
func Plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
