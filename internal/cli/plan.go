package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/pipeline"
	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/render"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

func runPlan(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet("plan", "[FILE] [--repo OWNER/NAME] [--format text|markdown|json] [--out FILE] [--detailed-exitcode]", env)
	file := fileFlag(fs)
	repo := repoFlag(fs)
	format := formatFlag(fs, "output")
	outFile := fs.String("out", "", "write the plan to `FILE` instead of standard output")
	detailed := fs.Bool("detailed-exitcode", false, "exit 0 when there are no changes, 2 when there are")
	if err := parseFlags(fs, args, file); err != nil {
		return err
	}
	if err := checkFormat(fs, *format); err != nil {
		return err
	}
	res, err := loadValid(ctx, *file, env)
	if err != nil {
		return err
	}
	p, err := computePlan(ctx, res.Roadmap, res.Bodies, *repo, env)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch *format {
	case "text":
		err = render.Text(&buf, p, render.TextOptions{Color: env.color() && *outFile == ""})
	case "markdown":
		buf.WriteString(render.Markdown(p, render.MarkdownOptions{Limit: render.SummaryLimit}))
	case "json":
		err = render.JSON(&buf, p)
	}
	if err != nil {
		return err
	}
	if *outFile != "" {
		if err := writeWhole(*outFile, buf.Bytes()); err != nil {
			return fmt.Errorf("writing the plan: %w", err)
		}
		fmt.Fprintln(env.Stderr, p.SummaryLine())
	} else if _, err := env.Stdout.Write(buf.Bytes()); err != nil {
		return err
	}
	if *detailed && len(p.Changes) > 0 {
		return &ExitError{Code: ExitChanges}
	}
	return nil
}

// loadValid loads the roadmap and prints its diagnostics; errors stop here.
func loadValid(ctx context.Context, file string, env Env) (*roadmap.Result, error) {
	res, err := roadmap.LoadContext(ctx, file, roadmap.Options{})
	if err != nil {
		return nil, err
	}
	for _, d := range res.Diagnostics {
		fmt.Fprintln(env.Stderr, d.String())
	}
	if !res.Valid() {
		errs, _ := res.Diagnostics.Count()
		return nil, &ExitError{Code: ExitInvalid, Err: fmt.Errorf("%s has %s (listed above); nothing was read or written", file, Plural(errs, "error"))}
	}
	return res, nil
}

// targetRepository picks --repo, then GITHUB_REPOSITORY, then the roadmap's own.
func targetRepository(flagValue string, env Env, rm *roadmap.Roadmap) string {
	if flagValue != "" {
		return flagValue
	}
	if r := env.Getenv("GITHUB_REPOSITORY"); r != "" {
		return r
	}
	return rm.Repository
}

func computePlan(ctx context.Context, rm *roadmap.Roadmap, bodies []roadmap.Body, repoFlag string, env Env) (*plan.Plan, error) {
	p, _, err := readAndPlan(ctx, rm, bodies, repoFlag, env)
	return p, err
}

// readAndPlanOffline only checks the target repository's name, when one
// is given: a graph drawn offline reads nothing.
func readAndPlanOffline(rm *roadmap.Roadmap, repoFlag string, env Env) (*plan.Plan, *state.Snapshot, error) {
	if repo := targetRepository(repoFlag, env, rm); repo != "" {
		if _, _, err := roadmap.ParseRepository(repo); err != nil {
			return nil, nil, usageError("%v", err)
		}
	}
	return nil, nil, nil
}

// readAndPlan reads GitHub — nothing without a token, saying so — and
// plans. A repository that is not OWNER/NAME is refused first, token or not.
func readAndPlan(ctx context.Context, rm *roadmap.Roadmap, bodies []roadmap.Body, repoFlag string, env Env) (*plan.Plan, *state.Snapshot, error) {
	repo := targetRepository(repoFlag, env, rm)
	if env.Getenv("GITHUB_TOKEN") == "" {
		if repo != "" {
			if _, _, err := roadmap.ParseRepository(repo); err != nil {
				return nil, nil, usageError("%v", err)
			}
		}
		fmt.Fprintln(env.Stderr, "GITHUB_TOKEN is not set: planning against an empty repository (nothing on GitHub was read)")
		// A bad ROADMAP_WRITE_INTERVAL is reported where a client is made;
		// the default paces the forecast here.
		opts, _ := gh.EnvOptions(env.Getenv)
		res, err := pipeline.Plan(ctx, pipeline.Clients{Interval: opts.WriteInterval}, repo, rm, bodies)
		if err != nil {
			return nil, nil, err
		}
		return res.Plan, res.Snapshot, nil
	}
	cl, err := newClients(repo, env, rm)
	if err != nil {
		return nil, nil, err
	}
	return fetchAndPlan(ctx, cl, rm, bodies, env.Stderr)
}

func fetchAndPlan(ctx context.Context, cl pipeline.Clients, rm *roadmap.Roadmap, bodies []roadmap.Body, stderr io.Writer) (*plan.Plan, *state.Snapshot, error) {
	repo := cl.Repo.Repository()
	res, err := pipeline.Plan(ctx, cl, repo, rm, bodies)
	if err != nil {
		if errors.Is(err, pipeline.ErrRead) {
			return nil, nil, gitHubError(err, repo)
		}
		return nil, nil, err
	}
	if res.FellBack != "" && stderr != nil {
		fmt.Fprintf(stderr, "read %s through REST: %s\n", repo, res.FellBack)
	}
	return res.Plan, res.Snapshot, nil
}

// newClients are the run's clients: the repository's from GITHUB_TOKEN, and
// the project's from ROADMAP_PROJECT_TOKEN when the roadmap has a project.
func newClients(repo string, env Env, rm *roadmap.Roadmap) (pipeline.Clients, error) {
	c, err := newClient(repo, env)
	if err != nil {
		return pipeline.Clients{}, err
	}
	opts, _ := gh.EnvOptions(env.Getenv) // newClient reported a bad value
	opts.APIURL, opts.Repository, opts.Sleep = env.Getenv("GITHUB_API_URL"), repo, env.Sleep
	pc, err := pipeline.ProjectClient(rm, env.Getenv(pipeline.ProjectTokenVariable), opts)
	if err != nil {
		return pipeline.Clients{}, usageError("%v", err)
	}
	return pipeline.Clients{Repo: c, Project: pc, Interval: opts.WriteInterval}, nil
}

// newClient is the GitHub client for repo, from GITHUB_TOKEN,
// GITHUB_API_URL and ROADMAP_WRITE_INTERVAL.
func newClient(repo string, env Env) (*gh.Client, error) {
	if repo == "" {
		return nil, usageError("no target repository: pass --repo OWNER/NAME, set GITHUB_REPOSITORY, or add \"repository\" to the roadmap")
	}
	opts, err := gh.EnvOptions(env.Getenv)
	if err != nil {
		return nil, usageError("%v", err)
	}
	opts.Token, opts.APIURL, opts.Repository, opts.Sleep = env.Getenv("GITHUB_TOKEN"), env.Getenv("GITHUB_API_URL"), repo, env.Sleep
	c, err := gh.New(opts)
	if err != nil {
		// A malformed repository or API URL is the command line's or the
		// environment's mistake, like a missing one.
		return nil, usageError("%v", err)
	}
	return c, nil
}

// writeWhole writes a file whole or not at all: a temporary file beside it,
// renamed over it, so an interrupted run never leaves half a plan that a
// later step would read.
func writeWhole(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
