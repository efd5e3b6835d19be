// Command roadmap turns a reviewed roadmap.json into GitHub labels,
// milestones and issues; see README.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

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

func realMain(ctx context.Context) error {
	return cli.Run(ctx, os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv})
}
