package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/importer"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// listFlag is a repeatable string flag: --label a --label b.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	if strings.TrimSpace(v) == "" {
		return errors.New("must not be empty")
	}
	*l = append(*l, v)
	return nil
}

const importSynopsis = "--repo OWNER/NAME [-o roadmap.json] [--bodies .github/roadmap] [--state open|all] [--label NAME]... [--milestone TITLE]... [--no-dedupe] [--force]\n" +
	"       roadmap import --into roadmap.json [--repo OWNER/NAME] [--bodies .github/roadmap]"

func runImport(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet("import", importSynopsis, env)
	repo := fs.String("repo", "", "repository `OWNER/NAME` to import (default: $GITHUB_REPOSITORY; with --into, then the roadmap's \"repository\")")
	out := fs.String("o", "roadmap.json", "write the roadmap to `FILE`")
	into := fs.String("into", "", "take what changed on GitHub back into the existing roadmap `FILE`")
	bodies := fs.String("bodies", importer.DefaultBodies, "`folder` for body files, relative to the roadmap's folder")
	stateFlag := fs.String("state", "all", "import `open` issues only, or all")
	var labels, milestones listFlag
	fs.Var(&labels, "label", "import only issues carrying label `NAME` (repeat for any of several)")
	fs.Var(&milestones, "milestone", "import only issues in milestone `TITLE`, and only that milestone (repeat for several)")
	noDedupe := fs.Bool("no-dedupe", false, "keep every issue as its own entry: do not group copies of one work item")
	force := fs.Bool("force", false, "overwrite an existing roadmap or body file")
	if err := parseFlags(fs, args, nil); err != nil {
		return err
	}
	if *stateFlag != "open" && *stateFlag != "all" {
		return usageError("import: --state must be open or all, not %q", *stateFlag)
	}
	outSet := false
	fs.Visit(func(f *flag.Flag) { outSet = outSet || f.Name == "o" })
	if *into != "" && (outSet || *force || *noDedupe || len(labels) > 0 || len(milestones) > 0 || *stateFlag != "all") {
		return usageError("import: --into takes the roadmap as it is; -o, --force, --no-dedupe, --state, --label and --milestone are for a new import")
	}
	if env.Getenv("GITHUB_TOKEN") == "" {
		return usageError("import needs GITHUB_TOKEN: a token that may read the repository's issues (a fine-grained token with Issues: read, or the job's GITHUB_TOKEN)")
	}
	envOpts, err := gh.EnvOptions(env.Getenv)
	if err != nil {
		return usageError("%v", err)
	}
	interval := envOpts.WriteInterval
	if *into != "" {
		return runInto(ctx, *into, *repo, *bodies, interval, env)
	}
	target := *repo
	if target == "" {
		target = env.Getenv("GITHUB_REPOSITORY")
	}
	if target == "" {
		return usageError("import: name the repository with --repo OWNER/NAME")
	}
	client, err := importClient(target, env)
	if err != nil {
		return err
	}
	opts := importer.Options{Repository: client.Repository(), RoadmapPath: *out, Bodies: *bodies, State: *stateFlag,
		Labels: labels, Milestones: milestones, NoDedupe: *noDedupe, WriteInterval: interval, Progress: progressTo(env.Stderr)}
	start := time.Now()
	res, err := importer.Import(ctx, client.Reader(), opts)
	if err != nil {
		return readError(err, client.Repository())
	}
	if !*force {
		if existing := importer.ExistingFiles(res.Files); len(existing) > 0 {
			return fmt.Errorf("%s already exists (%s); nothing was written: pass --force to overwrite, or use --into %s to take GitHub's changes into an existing roadmap",
				existing[0], Plural(len(existing), "file"), *out)
		}
	}
	if err := importer.WriteFiles(res.Files); err != nil {
		return err
	}
	took := time.Since(start)
	// What was written, checked as roadmap validate checks it.
	written, err := roadmap.Load(*out, roadmap.Options{})
	if err != nil {
		return err
	}
	if !written.Valid() {
		printDiagnostics(env.Stderr, written.Diagnostics)
		return fmt.Errorf("%s was written but does not validate, which is a bug of roadmap import: please report it with the lines above", *out)
	}
	res.Diagnostics = written.Diagnostics
	report(env.Stdout, res, client.Repository(), *out, interval, took)
	return nil
}

func importClient(repo string, env Env) (*gh.Client, error) {
	opts, err := gh.EnvOptions(env.Getenv)
	if err != nil {
		return nil, usageError("%v", err)
	}
	progress := progressTo(env.Stderr)
	opts.Token, opts.APIURL, opts.Repository, opts.Sleep = env.Getenv("GITHUB_TOKEN"), env.Getenv("GITHUB_API_URL"), repo, env.Sleep
	opts.Progress = func(p gh.Page) {
		progress(fmt.Sprintf("read page %d of %s (%d so far)", p.Page, p.What, p.Items))
	}
	return gh.New(opts)
}

// progressTo says what a long import is doing, on standard error.
func progressTo(w io.Writer) func(string) {
	return func(s string) { fmt.Fprintln(w, "roadmap import: "+s) }
}

// readError words a failed read in one line, and says nothing was written.
// GitHub's refusals exit as every command's do (ExitGitHub).
func readError(err error, repo string) error {
	f, ok := gh.DescribeFailure(err)
	if !ok {
		return fmt.Errorf("%w; nothing was written", err)
	}
	return &ExitError{Code: ExitGitHub, Err: readFailure(err, f, repo)}
}

func readFailure(err error, f gh.ReadFailure, repo string) error {
	switch {
	case f.RateLimited:
		when := "later"
		if !f.Reset.IsZero() {
			when = "after " + f.Reset.UTC().Format("15:04 UTC")
		}
		return fmt.Errorf("GitHub's rate limit stopped the import of %s; nothing was written: run it again %s", repo, when)
	case f.Status == 404 && strings.Contains(err.Error(), "listing labels"):
		return fmt.Errorf("repository %s was not found, or the token may not see it (a private repository needs a token that may read its issues); nothing was written", repo)
	case f.Status == 401:
		return fmt.Errorf("GitHub refused the token (401 Bad credentials): check GITHUB_TOKEN; nothing was written")
	case f.Status == 0 || f.Status >= 500:
		return fmt.Errorf("GitHub failed while the import read %s (%v); nothing was written: run it again", repo, err)
	}
	return fmt.Errorf("%w; nothing was written", err)
}

// report prints what the import found and wrote, and the forecast.
func report(w io.Writer, res *importer.Result, repo, out string, interval, took time.Duration) {
	rm := res.Roadmap
	dups := 0
	for _, g := range res.Groups {
		dups += len(g.Duplicates)
	}
	fmt.Fprintf(w, "Imported %s: %s read in %s (%s) → %s, %s, %s.\n", repo, Plural(res.Issues, "issue"), Plural(res.Reads, "request"),
		took.Round(time.Millisecond), nouns(len(rm.Issues), "entry", "entries"), Plural(len(rm.Labels), "label"), Plural(len(rm.Milestones), "milestone"))
	if len(res.Groups) > 0 {
		fmt.Fprintf(w, "\n%s found more than once: one entry each, the other %s in its \"duplicates\" (the copy kept: the managed one, then open before closed, then the most comments and reactions, then the lowest number):\n",
			Plural(len(res.Groups), "work item"), nouns(dups, "copy", "copies"))
		for _, g := range res.Groups {
			fmt.Fprintln(w, "  "+g.String())
		}
	}
	if len(res.Notes) > 0 {
		fmt.Fprintln(w, "\nNotes:")
		for _, n := range res.Notes {
			fmt.Fprintln(w, "  "+n)
		}
	}
	nBodies := len(res.Files) - 1
	fmt.Fprintf(w, "\nWrote %s", out)
	if nBodies > 0 {
		fmt.Fprintf(w, " and %s in %s", Plural(nBodies, "body file"), filepath.Dir(res.Files[0].Path))
	}
	fmt.Fprintln(w, ".")
	_, warns := res.Diagnostics.Count()
	fmt.Fprintf(w, "%s is valid (checked as roadmap validate checks it): %s, %s, %s%s.\n", out,
		Plural(len(rm.Labels), "label"), Plural(len(rm.Milestones), "milestone"), Plural(len(rm.Issues), "issue"), warnSuffix(warns))
	for _, d := range res.Diagnostics {
		fmt.Fprintln(w, "  "+d.String())
	}
	if res.Plan == nil {
		fmt.Fprintf(w, "The first plan can't be computed yet: %v\n", res.PlanErr)
		return
	}
	fmt.Fprintln(w, res.Forecast(interval).Line(interval))
}

func warnSuffix(warns int) string {
	if warns == 0 {
		return ""
	}
	return " (" + Plural(warns, "warning") + ")"
}

func runInto(ctx context.Context, file, repo, bodies string, interval time.Duration, env Env) error {
	res, err := loadValid(ctx, file, env)
	if err != nil {
		return err
	}
	target := targetRepository(repo, env, res.Roadmap)
	if target == "" {
		return usageError("import --into: name the repository with --repo OWNER/NAME, GITHUB_REPOSITORY, or \"repository\" in %s", file)
	}
	client, err := importClient(target, env)
	if err != nil {
		return err
	}
	start := time.Now()
	got, err := importer.Into(ctx, client.Reader(), importer.Options{Repository: client.Repository(), RoadmapPath: file, Bodies: bodies,
		WriteInterval: interval, Progress: progressTo(env.Stderr)})
	if err != nil {
		return readError(err, client.Repository())
	}
	if err := importer.WriteFiles(got.Files); err != nil {
		return err
	}
	reportInto(env.Stdout, got, client.Repository(), file, time.Since(start))
	return nil
}

// reportInto prints what --into took back, and what a plan still shows.
func reportInto(w io.Writer, res *importer.Result, repo, file string, took time.Duration) {
	fmt.Fprintf(w, "Read %s in %s (%s).\n", repo, Plural(res.Reads, "request"), took.Round(time.Millisecond))
	if len(res.Taken) == 0 {
		fmt.Fprintf(w, "Nothing changed on GitHub that %s does not say already: nothing was written.\n", file)
	} else {
		fmt.Fprintf(w, "Took back into %s:\n", file)
		for _, l := range res.Taken {
			fmt.Fprintln(w, "  "+l)
		}
	}
	if len(res.Notes) > 0 {
		fmt.Fprintln(w, "Notes:")
		for _, n := range res.Notes {
			fmt.Fprintln(w, "  "+n)
		}
	}
	switch {
	case res.Plan == nil:
		fmt.Fprintf(w, "The plan can't be computed: %v\n", res.PlanErr)
	case len(res.Plan.Changes) == 0:
		fmt.Fprintln(w, "roadmap plan now shows no changes.")
	default:
		fmt.Fprintf(w, "roadmap plan shows %s that only an apply can make (%s).\n", Plural(len(res.Plan.Changes), "change"), res.Plan.SummaryLine())
	}
}

// nouns is Plural for words whose plural is not a trailing s.
func nouns(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
