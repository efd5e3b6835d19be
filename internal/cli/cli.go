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
	"time"

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
	// StdoutIsTerminal says a person reads Stdout: the text gets colour
	// (unless NO_COLOR is set or TERM is dumb).
	StdoutIsTerminal bool
	// Sleep replaces the real clock's waits (tests); nil is the real one.
	Sleep gh.Sleeper
	// Now is the clock apply's progress reads; nil is time.Now.
	Now func() time.Time
}

// color says the text may carry ANSI colours: a terminal reads it, and
// neither NO_COLOR (https://no-color.org) nor TERM=dumb says otherwise.
func (e Env) color() bool {
	return e.StdoutIsTerminal && e.Getenv("NO_COLOR") == "" && e.Getenv("TERM") != "dumb"
}

func (e Env) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
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

// ExitCode maps an error from Run to the process exit code; an error of
// no known kind (a file that can't be read or written) is 1.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
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
	return &ExitError{Code: ExitUsage, Err: fmt.Errorf(format, args...)}
}

const usage = `roadmap turns a reviewed roadmap.json into GitHub labels, milestones and issues.

Usage:
  roadmap validate [FILE]              check the file (default roadmap.json)
  roadmap plan [FILE] [--repo OWNER/NAME] [--format text|markdown|json]
               [--out FILE] [--detailed-exitcode]
                                       show what apply would change on GitHub
  roadmap apply [FILE] [--repo OWNER/NAME] [--yes] [--format text|markdown|json]
                                       make GitHub match the roadmap; needs GITHUB_TOKEN
  roadmap import --repo OWNER/NAME [-o roadmap.json] [--bodies DIR] [--state open|all]
               [--label NAME]... [--milestone TITLE]... [--no-dedupe] [--force]
                                       write roadmap.json from the issues a repository has
  roadmap import --into roadmap.json   take back what people changed on GitHub
  roadmap graph [FILE] [--repo OWNER/NAME] [--format mermaid|dot]
                                       draw the milestones and relations; offline
                                       without GITHUB_TOKEN
  roadmap schema                       print the JSON Schema of roadmap.json
  roadmap version                      print the version
  roadmap help                         show this help

FILE may also be given as -f FILE. Run "roadmap COMMAND -h" for a command's flags.

Exit status: 0 done; 1 the roadmap is invalid; 2 plan --detailed-exitcode found
changes; 3 GitHub refused or did not answer; 4 apply left changes failed or not
sent; 5 apply was not confirmed; 64 the command line or environment is wrong.
`

// Run runs the command line args (without the program name).
func Run(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return &ExitError{Code: ExitUsage}
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
	case "graph":
		return runGraph(ctx, rest, env)
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
	return parseFlags(fs, args, nil)
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

// parseFlags parses flags, before and after the one argument a command
// with a file takes (roadmap validate FILE, as -f FILE), and refuses any
// other argument, so a mistyped flag value is never silently ignored.
func parseFlags(fs *flag.FlagSet, args []string, file *string) error {
	positional := ""
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return &ExitError{Code: ExitOK}
			}
			return &ExitError{Code: ExitUsage}
		}
		if fs.NArg() == 0 {
			break
		}
		if file == nil || positional != "" {
			return usageError("%s: unexpected argument %q", fs.Name(), strings.Join(fs.Args(), " "))
		}
		positional = fs.Arg(0)
		args = fs.Args()[1:]
	}
	if positional != "" {
		set := false
		fs.Visit(func(f *flag.Flag) { set = set || f.Name == "f" || f.Name == "file" })
		if set && *file != positional {
			return usageError("%s: two files, %q and -f %q; give one", fs.Name(), positional, *file)
		}
		*file = positional
	}
	return nil
}

func fileFlag(fs *flag.FlagSet) *string {
	p := new(string)
	fs.StringVar(p, "f", "roadmap.json", "the roadmap `file` (or give it as the argument)")
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
	return usageError("%s: --format must be text, markdown or json, not %q", fs.Name(), format)
}

func runValidate(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet("validate", "[FILE]", env)
	file := fileFlag(fs)
	if err := parseFlags(fs, args, file); err != nil {
		return err
	}
	res, err := roadmap.LoadContext(ctx, *file, roadmap.Options{})
	if err != nil {
		return err
	}
	printDiagnostics(env.Stdout, res.Diagnostics)
	errs, warns := res.Diagnostics.Count()
	if errs > 0 {
		fmt.Fprintf(env.Stderr, "%s: %s, %s\n", *file, Plural(errs, "error"), Plural(warns, "warning"))
		return &ExitError{Code: ExitInvalid}
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
