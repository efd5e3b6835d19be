// Command roadmap turns a reviewed roadmap.json into GitHub labels,
// milestones and issues; see README.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/roadmap-as-code/roadmap/internal/action"
	"github.com/roadmap-as-code/roadmap/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := realMain(ctx)
	stop()
	if err != nil && !cli.Silent(err) {
		fmt.Fprintln(os.Stderr, "roadmap:", err)
	}
	os.Exit(cli.ExitCode(err))
}

// realMain runs the action when the runner starts the container (no
// arguments, GITHUB_ACTIONS=true) and the command line otherwise.
func realMain(ctx context.Context) error {
	if len(os.Args) == 1 && os.Getenv("GITHUB_ACTIONS") == "true" {
		return action.Run(ctx, action.Env{Getenv: os.Getenv, Stdout: os.Stdout, Stderr: os.Stderr})
	}
	return cli.Run(ctx, os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
		StdinIsTerminal: cli.IsTerminal(os.Stdin), StdoutIsTerminal: cli.IsTerminal(os.Stdout)})
}
