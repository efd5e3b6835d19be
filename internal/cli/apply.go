package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/roadmap-as-code/roadmap/internal/apply"
	"github.com/roadmap-as-code/roadmap/internal/render"
)

func runApply(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet("apply", "[FILE] [--repo OWNER/NAME] [--yes] [--format text|markdown|json]", env)
	file := fileFlag(fs)
	repo := repoFlag(fs)
	yes := fs.Bool("yes", false, "apply without asking (needed when standard input is not a terminal)")
	format := formatFlag(fs, "report")
	if err := parseFlags(fs, args, file); err != nil {
		return err
	}
	if err := checkFormat(fs, *format); err != nil {
		return err
	}
	// No time limit by default on the command line; a CI job with one sets it.
	limit, err := apply.ParseTimeLimit(env.Getenv("ROADMAP_TIME_LIMIT"), 0)
	if err != nil {
		return usageError("%v", err)
	}
	if env.Getenv("GITHUB_TOKEN") == "" {
		return usageError("apply needs GITHUB_TOKEN: a token that may write issues of the repository (run \"roadmap plan\" to see the changes without one)")
	}
	res, err := loadValid(ctx, *file, env)
	if err != nil {
		return err
	}
	cl, err := newClients(targetRepository(*repo, env, res.Roadmap), env, res.Roadmap)
	if err != nil {
		return err
	}
	client := cl.Repo
	p, _, err := fetchAndPlan(ctx, cl, res.Roadmap, res.Bodies, env.Stderr)
	if err != nil {
		return err
	}
	// The plan goes to stderr when a report follows on stdout in a machine
	// format, so stdout stays one document.
	planOut := env.Stdout
	if *format != "text" {
		planOut = env.Stderr
	}
	color := env.color() && *format == "text"
	if err := render.Text(planOut, p, render.TextOptions{Color: color}); err != nil {
		return err
	}
	if len(p.Changes) == 0 {
		return writeReport(env, *format, &apply.Report{Repository: p.Repository})
	}
	if !*yes {
		if !env.StdinIsTerminal {
			// cron, CI and docker run without -i give /dev/null or a pipe.
			return &ExitError{Code: ExitCancelled, Err: fmt.Errorf("nothing was applied: standard input is not a terminal, so nobody can confirm; pass --yes to apply the plan above")}
		}
		fmt.Fprintf(env.Stderr, "\nApply these %d changes to %s? Only \"yes\" applies: ", len(p.Changes), p.Repository)
		line, err := readLine(ctx, env.Stdin)
		if err != nil {
			return err // interrupted at the prompt: nothing was written
		}
		if strings.TrimSpace(line) != "yes" {
			fmt.Fprintln(env.Stderr, "Apply cancelled: nothing was written. (Answer \"yes\", or pass --yes where nobody can answer.)")
			return &ExitError{Code: ExitCancelled}
		}
	}
	opts := apply.Options{Sleep: env.Sleep, Now: env.now}
	if cl.Project != nil {
		opts.Project = cl.Project
	}
	if limit > 0 {
		opts.Deadline = env.now().Add(limit)
	}
	if *format == "text" {
		// Writes are paced, a second each by default: say what happened as
		// it happens, and how long the rest will take, rather than after a
		// long silence.
		fmt.Fprintf(env.Stdout, "\nRoadmap apply to %s\n\n", p.Repository)
		prog := newProgress(len(p.Changes), env.now)
		opts.Progress = func(res apply.Result) {
			fmt.Fprintln(env.Stdout, prog.line(render.ReportLineColor(res, color), color))
		}
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
		return &ExitError{Code: ExitApply, Err: fmt.Errorf("apply stopped: %w", runErr)}
	}
	if !rep.OK() {
		c := rep.Counts()
		var parts []string
		for _, p := range []struct {
			n    int
			what string
		}{{c.Failed, "failed"}, {c.Partial, "partly applied"}, {c.Skipped, "not sent"}} {
			if p.n > 0 {
				parts = append(parts, Plural(p.n, "change")+" "+p.what)
			}
		}
		why := strings.Join(parts, ", ")
		if why == "" {
			why = "the run stopped"
		}
		return &ExitError{Code: ExitApply, Err: fmt.Errorf("%s; fix what GitHub refused (above) and run apply again: it sends only what is left", why)}
	}
	return nil
}

// progress numbers the results of a paced apply, "[ 3/37]", with the time
// so far and, at the pace so far, the time left.
type progress struct {
	total, done int
	start       time.Time
	now         func() time.Time
}

func newProgress(total int, now func() time.Time) *progress {
	return &progress{total: total, start: now(), now: now}
}

func (p *progress) line(result string, color bool) string {
	p.done++
	width := len(fmt.Sprint(p.total))
	elapsed := p.now().Sub(p.start)
	timing := clock(elapsed) + " elapsed"
	if left := p.total - p.done; left > 0 {
		timing += ", about " + clock(elapsed/time.Duration(p.done)*time.Duration(left)) + " left"
	}
	if color {
		timing = "\x1b[2m" + timing + "\x1b[0m"
	}
	return fmt.Sprintf("[%*d/%d] %s  (%s)", width, p.done, p.total, result, timing)
}

// clock writes a duration as m:ss, or h:mm:ss past an hour.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
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

// IsTerminal says f is a terminal a person types on or reads. /dev/null is
// a character device too, but no terminal: cron, CI and docker run without
// -i give it as standard input, and must not be taken for a person.
func IsTerminal(f *os.File) bool {
	return term.IsTerminal(int(f.Fd()))
}

// readLine reads one line, or gives up when ctx ends (Ctrl-C at the
// prompt): a read from a terminal can't be cancelled, so it is left to a
// goroutine that the process's exit ends.
func readLine(ctx context.Context, r io.Reader) (string, error) {
	got := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		got <- line
	}()
	select {
	case line := <-got:
		return line, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
