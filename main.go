// Command roadmap turns a reviewed roadmap.json into GitHub labels,
// milestones and issues; see README.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"

	"github.com/roadmap-as-code/roadmap/internal/action"
	"github.com/roadmap-as-code/roadmap/internal/cli"
)

func main() {
	ctx, interrupted := onSignal()
	err := realMain(ctx)
	code := cli.ExitCode(err)
	if sig := interrupted(); sig != 0 {
		// The shell's convention: 128 + the signal, 130 for Ctrl-C, 143 for
		// a kill. Whatever was cut short says itself what it did not do.
		code = 128 + int(sig)
		fmt.Fprintf(os.Stderr, "roadmap: stopped by %s\n", signalName(sig))
	} else if err != nil && !cli.Silent(err) {
		fmt.Fprintln(os.Stderr, "roadmap:", err)
	}
	os.Exit(code)
}

// onSignal is a context that ends at the first SIGINT or SIGTERM, and a
// way to ask which one it was (0: none). A second signal does what it
// always does: the process is killed at once.
func onSignal() (context.Context, func() syscall.Signal) {
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	var got atomic.Int32
	go func() {
		sig := <-ch
		signal.Stop(ch)
		if s, ok := sig.(syscall.Signal); ok {
			got.Store(int32(s))
		}
		cancel()
	}()
	return ctx, func() syscall.Signal { return syscall.Signal(got.Load()) }
}

func signalName(sig syscall.Signal) string {
	switch sig {
	case syscall.SIGINT:
		return "SIGINT (interrupt)"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return sig.String()
}

// realMain runs the action when the runner starts the container (no
// arguments, GITHUB_ACTIONS=true) and the command line otherwise.
func realMain(ctx context.Context) error {
	if len(os.Args) == 1 && os.Getenv("GITHUB_ACTIONS") == "true" {
		return action.Run(ctx, action.Env{Getenv: os.Getenv, Stdout: os.Stdout, Stderr: os.Stderr})
	}
	return cli.Run(ctx, os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
		StdinIsTerminal: cli.IsTerminal(os.Stdin)})
}
