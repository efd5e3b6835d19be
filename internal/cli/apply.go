package cli

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/roadmap-as-code/roadmap/internal/apply"
	"github.com/roadmap-as-code/roadmap/internal/render"
)

func runApply(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet("apply", "[-f roadmap.json] [--repo OWNER/NAME] [--yes] [--format text|markdown|json]", env)
	file := fileFlag(fs)
	repo := repoFlag(fs)
	yes := fs.Bool("yes", false, "apply without asking (needed when standard input is not a terminal)")
	format := formatFlag(fs, "report")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkFormat(fs, *format); err != nil {
		return err
	}
	if env.Getenv("GITHUB_TOKEN") == "" {
		return usageError("roadmap apply needs GITHUB_TOKEN: a token that may write issues of the repository (run \"roadmap plan\" to see the changes without one)")
	}
	res, err := loadValid(*file, env)
	if err != nil {
		return err
	}
	client, err := newClient(targetRepository(*repo, env, res.Roadmap), env)
	if err != nil {
		return err
	}
	p, err := fetchAndPlan(ctx, client, res.Roadmap, res.Bodies)
	if err != nil {
		return err
	}
	// The plan goes to stderr when a report follows on stdout in a machine
	// format, so stdout stays one document.
	planOut := env.Stdout
	if *format != "text" {
		planOut = env.Stderr
	}
	if err := render.Text(planOut, p); err != nil {
		return err
	}
	if len(p.Changes) == 0 {
		return writeReport(env, *format, &apply.Report{Repository: p.Repository})
	}
	if !*yes {
		if !env.StdinIsTerminal {
			return usageError("roadmap apply: standard input is not a terminal, so nobody can confirm; pass --yes to apply the plan above")
		}
		fmt.Fprintf(env.Stderr, "\nApply these %d changes to %s? Only \"yes\" applies: ", len(p.Changes), p.Repository)
		line, _ := bufio.NewReader(env.Stdin).ReadString('\n')
		if strings.TrimSpace(line) != "yes" {
			fmt.Fprintln(env.Stderr, "Apply cancelled: nothing was written.")
			return &ExitError{Code: 1}
		}
	}
	opts := apply.Options{Sleep: env.Sleep}
	if *format == "text" {
		// Writes are paced, a second each by default: say what happened as
		// it happens rather than after a long silence.
		fmt.Fprintf(env.Stdout, "\nRoadmap apply to %s\n\n", p.Repository)
		opts.Progress = func(res apply.Result) { fmt.Fprintln(env.Stdout, "  "+render.ReportLine(res)) }
	}
	rep, runErr := apply.Run(ctx, p, client, opts)
	if *format == "text" {
		err = render.ReportEnd(env.Stdout, rep)
	} else {
		err = writeReport(env, *format, rep)
	}
	if err != nil {
		return err
	}
	if runErr != nil {
		return fmt.Errorf("apply stopped: %w", runErr)
	}
	if !rep.OK() {
		return &ExitError{Code: 1}
	}
	return nil
}

func writeReport(env Env, format string, rep *apply.Report) error {
	switch format {
	case "json":
		return render.ReportJSON(env.Stdout, rep)
	case "markdown":
		_, err := fmt.Fprint(env.Stdout, render.ReportMarkdown(rep, render.MarkdownOptions{Limit: 1 << 20}))
		return err
	}
	fmt.Fprintln(env.Stdout)
	return render.ReportText(env.Stdout, rep)
}

// IsTerminal says f is a character device a person types on, not a pipe
// or a file.
func IsTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
