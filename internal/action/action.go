// Package action runs the tool as a GitHub Action: it reads the inputs and
// the event the runner gives a container action, routes on them (validate,
// plan and comment on a pull request, apply on the default branch, plan
// only elsewhere), and reports through the runner's conventions —
// annotations, folded log groups, the job summary and step outputs.
//
// It only wires: loading, planning, rendering and applying live in their
// own packages.
package action

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	githubactions "github.com/sethvargo/go-githubactions"

	"github.com/roadmap-as-code/roadmap/internal/apply"
	"github.com/roadmap-as-code/roadmap/internal/cli"
	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/pipeline"
	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/render"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// Env is what a run may touch, passed in so tests can run it in-process.
type Env struct {
	Getenv func(string) string
	Stdout io.Writer // the job log; workflow commands go here
	Stderr io.Writer
	// HTTPClient talks to GitHub; nil is a default client.
	HTTPClient *http.Client
	// Now is the clock for the "updated" time in comments; nil is time.Now.
	Now func() time.Time
}

// Exit codes of a run (see Run).
const (
	exitFailed     = 1 // invalid roadmap, refused mode, failed apply, GitHub error
	exitBadInput   = 2 // an input has a value the action does not know
	summaryLimit   = 1 << 20
	defaultRoadmap = "roadmap.json"
)

// Run runs the action. It reports everything itself — annotations, the log,
// the job summary, outputs — so the error it returns is silent
// (cli.Silent) and only carries the exit code: nil is 0; 1 for an invalid
// roadmap, a refused mode, an apply that did not complete or a GitHub
// error; 2 for an input with an unknown value. A pull request comment that
// the token may not write (a fork's read-only token) is a warning, not a
// failure.
func Run(ctx context.Context, env Env) error {
	if env.Stdout == nil {
		env.Stdout = io.Discard
	}
	if env.Stderr == nil {
		env.Stderr = io.Discard
	}
	if env.Now == nil {
		env.Now = time.Now
	}
	r := &runner{
		env: env,
		a:   githubactions.New(githubactions.WithGetenv(env.Getenv), githubactions.WithWriter(env.Stdout)),
	}
	code := r.run(ctx)
	if err := r.flush(); err != nil {
		r.errorf("%v", err)
		code = max(code, exitFailed)
	}
	if code == 0 {
		return nil
	}
	return &cli.ExitError{Code: code}
}

type runner struct {
	env Env
	a   *githubactions.Action

	// The roadmap: file is the path to open, name the path relative to the
	// workspace that annotations and the comment marker use.
	file, name string
	workspace  string

	outputs []output
	summary strings.Builder
	// deadline is when apply stops sending (ROADMAP_TIME_LIMIT after the
	// start): before the hosted runner's 6-hour job limit cuts it off.
	deadline time.Time
}

type output struct{ name, value string }

func (r *runner) getenv(k string) string { return r.env.Getenv(k) }

func (r *runner) printf(format string, args ...any) {
	fmt.Fprintf(r.env.Stdout, format, args...)
}

func (r *runner) errorf(format string, args ...any) {
	r.a.Errorf(format, args...)
}

func (r *runner) setOutput(name, value string) {
	for i := range r.outputs {
		if r.outputs[i].name == name {
			r.outputs[i].value = value
			return
		}
	}
	r.outputs = append(r.outputs, output{name, value})
}

// run does the work and returns the exit code.
func (r *runner) run(ctx context.Context) int {
	token := r.a.GetInput("token")
	if token != "" {
		r.a.AddMask(token)
	}
	mode, err := parseMode(r.a.GetInput("mode"))
	if err != nil {
		r.errorf("%v", err)
		return exitBadInput
	}
	comment, err := parseBool("comment", r.a.GetInput("comment"), true)
	if err != nil {
		r.errorf("%v", err)
		return exitBadInput
	}
	limit, err := apply.ParseTimeLimit(r.getenv("ROADMAP_TIME_LIMIT"), apply.DefaultActionTimeLimit)
	if err != nil {
		r.errorf("%v", err)
		return exitBadInput
	}
	r.deadline = time.Now().Add(limit)
	allowBranch, err := parseBool("allow-branch-apply", r.a.GetInput("allow-branch-apply"), false)
	if err != nil {
		r.errorf("%v", err)
		return exitBadInput
	}
	ghctx, err := r.a.Context()
	if ghctx == nil {
		r.errorf("reading the event: %v", err)
		return exitFailed
	}
	ev, err := parseEvent(ghctx.Event, ghctx.Ref, ghctx.SHA)
	if err != nil {
		r.errorf("reading the event payload %s: %v", ghctx.EventPath, err)
		return exitFailed
	}
	if ev.DefaultBranch() == "" && mayApply(ghctx.EventName, mode) && token != "" && ghctx.Repository != "" {
		// Only the default branch is applied, and this payload does not name
		// it (a schedule's names only its cron): ask GitHub rather than guess.
		if c, err := r.client(token, ghctx.APIURL, ghctx.Repository); err == nil {
			if def, err := c.DefaultBranch(ctx); err == nil {
				ev.setDefaultBranch(def)
			} else {
				r.a.Warningf("The event payload names no default branch, and asking GitHub failed: %v", err)
			}
		}
	}
	rt := decide(ghctx.EventName, ev, mode, allowBranch)
	r.printf("Roadmap as Code: %s\n", rt.Why)
	if rt.BranchApply {
		r.a.Warningf("Applying %s, which is not the default branch: allow-branch-apply is true, so its roadmap is applied although it may not have been reviewed.", ev.describeRef())
	}
	if commentEvents[ghctx.EventName] && rt.Step == stepPlan && rt.PR == 0 {
		r.a.Warningf("The %s event payload (GITHUB_EVENT_PATH) names no pull request: no plan comment.", ghctx.EventName)
	}
	if rt.Step == stepRefuse {
		r.errorf("%s", rt.Why)
		r.summary.WriteString("### Roadmap apply refused\n\n" + rt.Why + ".\n")
		return exitFailed
	}

	r.workspace = r.getenv("GITHUB_WORKSPACE")
	r.file, r.name = resolveRoadmap(r.a.GetInput("roadmap"), r.workspace)
	if rt.Step == stepImport {
		return r.runImport(ctx, token, ghctx.Repository, ghctx.APIURL)
	}

	res, err := r.validate(ctx)
	if err != nil {
		r.errorf("%v", err)
		return exitFailed
	}
	if !res.Valid() {
		if rt.PR > 0 && comment && token != "" {
			opts := r.markdownOptions(ghctx, ev, false)
			opts.Header = planMarker(r.name)
			r.commentInvalid(ctx, ghctx.Repository, token, ghctx.APIURL, rt.PR, ev, res.Diagnostics, opts)
		}
		return exitFailed
	}
	if rt.Step == stepValidate {
		r.summary.WriteString("### The roadmap in " + "`" + r.name + "`\n\n" + render.Graph(render.GraphData{Roadmap: res.Roadmap}))
		return 0
	}

	repo := r.repository(ghctx.Repository, res.Roadmap)
	if repo == "" {
		r.errorf("no target repository: GITHUB_REPOSITORY is not set and %s has no \"repository\"", r.name)
		return exitFailed
	}
	if token == "" && rt.Step == stepApply {
		r.errorf("input token is empty: apply needs a token that may write issues of %s", repo)
		return exitFailed
	}
	client, err := r.client(token, ghctx.APIURL, repo)
	if err != nil {
		r.errorf("%v", err)
		return exitFailed
	}
	cl, err := r.clients(client, token, ghctx.APIURL, repo, res.Roadmap)
	if err != nil {
		r.errorf("%v", err)
		return exitFailed
	}
	p, snap, err := r.plan(ctx, cl, repo, res)
	if err != nil {
		r.errorf("%v", err)
		return exitFailed
	}
	r.writePlanFile(p)
	s := p.Summary()
	r.setOutput("changes", strconv.Itoa(len(p.Changes)))
	// "created" counts new relations too, as it always has.
	r.setOutput("created", strconv.Itoa(s.Create+s.Relate))
	r.setOutput("updated", strconv.Itoa(s.Update))
	r.setOutput("closed", strconv.Itoa(s.Close))
	r.setOutput("comment-url", "")

	switch rt.Step {
	case stepPlan:
		picture := render.Graph(render.GraphData{Roadmap: res.Roadmap, Snapshot: snap, Plan: p})
		opts := r.markdownOptions(ghctx, ev, rt.PR > 0)
		sumOpts := opts
		sumOpts.Limit, sumOpts.Header, sumOpts.Picture = summaryLimit, r.planHeading(rt, ghctx.Ref), picture
		r.summary.WriteString(render.Markdown(p, sumOpts))
		if rt.PR > 0 {
			if !comment {
				r.printf("Input comment is false: the plan is in the job summary only.\n")
				return 0
			}
			if token == "" {
				r.a.Warningf("Input token is empty: no plan comment on the pull request; the plan is in the job summary.")
				return 0
			}
			opts.Header = planMarker(r.name)
			if len(p.Changes) > 0 {
				opts.Picture = picture // folded in the comment only when there is something to review
			}
			body := render.Markdown(p, opts)
			return r.comment(ctx, client, rt.PR, ev, planMarker(r.name), body, len(p.Changes) == 0)
		}
		if len(p.Changes) > 0 {
			msg := fmt.Sprintf("GitHub differs from %s: %s Nothing was written; the plan is in the job summary.",
				r.name, strings.TrimPrefix(p.SummaryLine(), "Plan: "))
			if ghctx.EventName == "schedule" {
				r.a.Warningf("%s", msg)
			} else {
				r.a.Noticef("%s", msg)
			}
		}
		return 0
	}

	// Apply.
	rep, code := r.apply(ctx, client, cl.Project, p)
	c := rep.Counts()
	r.setOutput("created", strconv.Itoa(c.Created+c.Linked))
	r.setOutput("updated", strconv.Itoa(c.Updated))
	r.setOutput("closed", strconv.Itoa(c.Closed))
	opts := r.markdownOptions(ghctx, ev, false)
	opts.Limit = summaryLimit
	r.summary.WriteString(render.ReportMarkdown(rep, opts))
	if snap.ProjectSkipped != "" {
		// The plan's warning, which an apply's summary does not show.
		r.summary.WriteString("\n> [!NOTE]\n> " + render.Inline(snap.ProjectSkipped) + "\n")
	}
	r.summary.WriteString("\n" + render.Graph(render.GraphData{Roadmap: res.Roadmap, Snapshot: snap, Plan: p}))
	if rt.CommentMerged && comment && len(rep.Results) > 0 {
		opts.Limit = 0
		r.commentMerged(ctx, client, ev, rep, opts)
	}
	return code
}

// resolveRoadmap turns the roadmap input into the path to open and the
// name to show: relative to the workspace, with forward slashes, as
// annotations need it.
func resolveRoadmap(input, workspace string) (file, name string) {
	if input == "" {
		input = defaultRoadmap
	}
	file = filepath.Clean(input)
	if !filepath.IsAbs(file) && workspace != "" {
		file = filepath.Join(workspace, file)
	}
	name = filepath.ToSlash(filepath.Clean(input))
	if workspace != "" {
		if rel, err := filepath.Rel(workspace, file); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			name = filepath.ToSlash(rel)
		}
	}
	return file, name
}

// validate loads the roadmap, lists its problems on the log and as
// annotations. The error is for a file that can't be read.
func (r *runner) validate(ctx context.Context) (*roadmap.Result, error) {
	data, err := os.ReadFile(r.file)
	if err != nil {
		return nil, fmt.Errorf("reading roadmap %s: %w", r.name, err)
	}
	res, err := roadmap.ParseContext(ctx, r.name, data, roadmap.Options{Dir: filepath.Dir(r.file)})
	if err != nil {
		return nil, fmt.Errorf("validating %s: %w", r.name, err)
	}
	errs, warns := res.Diagnostics.Count()
	r.a.Group("Validate " + r.name)
	if len(res.Diagnostics) > 0 {
		r.withoutCommands(func() {
			for _, d := range res.Diagnostics {
				r.printf("%s\n", d.String())
			}
		})
	}
	if errs == 0 {
		r.printf("%s is valid: %s, %s, %s%s\n", r.name, cli.Plural(len(res.Roadmap.Labels), "label"),
			cli.Plural(len(res.Roadmap.Milestones), "milestone"), cli.Plural(len(res.Roadmap.Issues), "issue"), warnSuffix(warns))
	}
	r.a.EndGroup()
	for _, d := range res.Diagnostics {
		r.printf("%s\n", annotation(d))
	}
	if errs > 0 {
		r.errorf("%s has %s and %s: see the annotations on the file", r.name, cli.Plural(errs, "error"), cli.Plural(warns, "warning"))
		r.summary.WriteString(render.InvalidMarkdown(r.name, res.Diagnostics, render.MarkdownOptions{Limit: summaryLimit}))
	}
	return res, nil
}

func warnSuffix(warns int) string {
	if warns == 0 {
		return ""
	}
	return " (" + cli.Plural(warns, "warning") + ")"
}

// withoutCommands stops the runner from reading workflow commands in what
// f prints, so text from the roadmap can't pass for one.
func (r *runner) withoutCommands(f func()) {
	var b [16]byte
	_, _ = rand.Read(b[:])
	tok := hex.EncodeToString(b[:])
	r.printf("::stop-commands::%s\n", tok)
	f()
	r.printf("::%s::\n", tok)
}

// repository is GITHUB_REPOSITORY, else the roadmap's own; a roadmap naming
// another repository is warned about.
func (r *runner) repository(env string, rm *roadmap.Roadmap) string {
	if env == "" {
		return rm.Repository
	}
	if rm.Repository != "" && !strings.EqualFold(rm.Repository, env) {
		r.a.Warningf("%s names repository %s, but this workflow runs in %s: planning against %s (GITHUB_REPOSITORY takes precedence).",
			r.name, rm.Repository, env, env)
	}
	return env
}

// clients are the run's clients for the pipeline: the repository's (none
// without a token) and the project's, from the project-token input or
// ROADMAP_PROJECT_TOKEN, when the roadmap has a project.
func (r *runner) clients(repoClient *gh.Client, token, apiURL, repo string, rm *roadmap.Roadmap) (pipeline.Clients, error) {
	opts, err := gh.EnvOptions(r.getenv)
	if err != nil {
		return pipeline.Clients{}, err
	}
	cl := pipeline.Clients{Interval: opts.WriteInterval}
	if token != "" {
		cl.Repo = repoClient
	}
	projectToken := r.a.GetInput("project-token")
	if projectToken == "" {
		projectToken = r.getenv(pipeline.ProjectTokenVariable)
	}
	if projectToken != "" {
		r.a.AddMask(projectToken)
	}
	opts.APIURL, opts.Repository, opts.HTTPClient = apiURL, repo, r.env.HTTPClient
	if cl.Project, err = pipeline.ProjectClient(rm, projectToken, opts); err != nil {
		return pipeline.Clients{}, err
	}
	return cl, nil
}

// projectWriter is nil for no client: an interface holding a nil pointer
// would not be.
func projectWriter(c *gh.Client) apply.ProjectWriter {
	if c == nil {
		return nil
	}
	return c
}

func (r *runner) client(token, apiURL, repo string) (*gh.Client, error) {
	opts, err := gh.EnvOptions(r.getenv)
	if err != nil {
		return nil, err
	}
	opts.Token, opts.APIURL, opts.Repository, opts.HTTPClient = token, apiURL, repo, r.env.HTTPClient
	return gh.New(opts)
}

// plan reads GitHub (nothing without a token) and the roadmap's project
// (with the project token), through the pipeline the command line uses too,
// and computes the plan.
func (r *runner) plan(ctx context.Context, cl pipeline.Clients, repo string, res *roadmap.Result) (*plan.Plan, *state.Snapshot, error) {
	r.a.Group("Plan against " + repo)
	defer r.a.EndGroup()
	if cl.Repo == nil {
		r.a.Warningf("Input token is empty: planning against an empty repository (nothing on GitHub was read).")
	}
	out, err := pipeline.Plan(ctx, cl, repo, res.Roadmap, res.Bodies)
	switch {
	case errors.Is(err, pipeline.ErrRead):
		return nil, nil, fmt.Errorf("reading %s: %w", repo, err)
	case err != nil:
		return nil, nil, fmt.Errorf("planning: %w", err)
	}
	if out.FellBack != "" {
		r.printf("Read %s through REST: %s\n", repo, out.FellBack)
	}
	if out.Snapshot.ProjectSkipped != "" {
		r.a.Noticef("%s", out.Snapshot.ProjectSkipped)
	}
	var buf bytes.Buffer
	_ = render.Text(&buf, out.Plan, render.TextOptions{})
	r.withoutCommands(func() { r.printf("%s", buf.String()) })
	return out.Plan, out.Snapshot, nil
}

// markdownOptions are the links and context every Markdown text of the
// run carries: the head commit, the run, the time; merge says the text is
// a pull request's plan, whose footer says what merging will do.
func (r *runner) markdownOptions(c *githubactions.GitHubContext, ev *event, merge bool) render.MarkdownOptions {
	server := strings.TrimRight(c.ServerURL, "/")
	// equivalent mutant CONDITIONALS_NEGATION: go-githubactions' Context starts ServerURL at https://github.com, so it is empty only when GITHUB_SERVER_URL is "/"; kept for contexts made by hand.
	if server == "" {
		server = render.DefaultServerURL
	}
	o := render.MarkdownOptions{FullPlanURL: r.runURL(c), RunURL: r.runURL(c), ServerURL: server, Updated: r.env.Now(), Merge: merge}
	if sha := ev.headSHA(); sha != "" && c.Repository != "" {
		o.Commit = sha
		o.CommitURL = fmt.Sprintf("%s/%s/commit/%s", server, c.Repository, sha)
		// equivalent mutant CONDITIONALS_BOUNDARY: merge is rt.PR > 0, and rt.PR is this same ev.prNumber() (decide), so pr > 0 already holds when merge does.
		if pr := ev.prNumber(); merge && pr > 0 {
			// A fork's head commit is served under the pull request.
			o.CommitURL = fmt.Sprintf("%s/%s/pull/%d/commits/%s", server, c.Repository, pr, sha)
		}
	}
	return o
}

// planFile is where the JSON plan goes: next to the roadmap, hidden
// (roadmap.json → .roadmap-plan.json), so its path relative to the
// workspace means the same file in this container and in the steps after
// it. RUNNER_TEMP would not: a container action sees it at another path
// than the host's later steps, or not at all on older runners.
func planFile(roadmapFile string) string {
	base := filepath.Base(roadmapFile)
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	return filepath.Join(filepath.Dir(roadmapFile), "."+stem+"-plan.json")
}

// writePlanFile writes the JSON plan and sets the plan output to its path:
// relative to the workspace when inside it. When the roadmap's folder is
// not writable the plan goes to RUNNER_TEMP (or the system's temporary
// folder), with an absolute path.
func (r *runner) writePlanFile(p *plan.Plan) {
	var buf bytes.Buffer
	if err := render.JSON(&buf, p); err != nil {
		r.a.Warningf("The JSON plan could not be rendered: %v", err)
		return
	}
	path := planFile(r.file)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		dir := r.getenv("RUNNER_TEMP")
		if dir == "" {
			dir = os.TempDir()
		}
		fallback := filepath.Join(dir, filepath.Base(path))
		if err2 := os.WriteFile(fallback, buf.Bytes(), 0o644); err2 != nil {
			r.a.Warningf("The JSON plan could not be written: %v; %v", err, err2)
			return
		}
		path = fallback
	}
	out := path
	if r.workspace != "" {
		if rel, err := filepath.Rel(r.workspace, path); err == nil && !strings.HasPrefix(rel, "..") {
			out = filepath.ToSlash(rel)
		}
	}
	r.printf("The JSON plan is in %s\n", out)
	r.setOutput("plan", out)
}

func (r *runner) planHeading(rt route, ref string) string {
	if !rt.Drift {
		return ""
	}
	where := ""
	if ref != "" {
		where = " at `" + strings.ReplaceAll(ref, "`", "") + "`"
	}
	heading := fmt.Sprintf("_Drift report for `%s`%s: plan only, nothing was written._\n", r.name, where)
	if rt.Note != "" {
		heading += "\n" + strings.ToUpper(rt.Note[:1]) + rt.Note[1:] + ".\n"
	}
	return heading
}

// runURL is the run's page, where the job summary is.
func (r *runner) runURL(c *githubactions.GitHubContext) string {
	if c.RunID == 0 || c.Repository == "" {
		return ""
	}
	return fmt.Sprintf("%s/%s/actions/runs/%d", strings.TrimRight(c.ServerURL, "/"), c.Repository, c.RunID)
}

// comment keeps the pull request's plan comment up to date. An empty plan
// edits an existing comment (it must not stay stale) but starts none. A
// token that may not comment (403: a fork's read-only token) is a warning.
func (r *runner) comment(ctx context.Context, c commenter, pr int, ev *event, marker, body string, onlyEdit bool) int {
	r.a.Group(fmt.Sprintf("Comment on pull request #%d", pr))
	cm, what, err := upsertComment(ctx, c, pr, marker, body, onlyEdit)
	r.a.EndGroup()
	if err != nil {
		if isForbidden(err) {
			r.warnForbidden(ev, pr, err)
			return 0
		}
		r.errorf("%v", err)
		return exitFailed
	}
	switch what {
	case commentCreated:
		r.printf("Commented the plan on pull request #%d: %s\n", pr, cm.URL)
	case commentEdited:
		r.printf("Updated the plan comment on pull request #%d: %s\n", pr, cm.URL)
	case commentUnchanged:
		r.printf("The plan comment on pull request #%d is up to date: %s\n", pr, cm.URL)
	case commentSkipped:
		r.printf("No changes, and no plan comment on pull request #%d yet: none started.\n", pr)
		return 0
	}
	r.setOutput("comment-url", cm.URL)
	return 0
}

func (r *runner) warnForbidden(ev *event, pr int, err error) {
	if ev.fromFork() {
		r.a.Warningf("No comment on pull request #%d: the token is read-only (pull request from a fork). The plan is in the job summary. (%v)", pr, err)
		return
	}
	r.a.Warningf("No comment on pull request #%d: the token may not write comments; give the job `permissions: pull-requests: write`. The plan is in the job summary. (%v)", pr, err)
}

// commentInvalid tells the pull request its roadmap is invalid, in the plan
// comment, so an earlier plan does not stay there looking current.
func (r *runner) commentInvalid(ctx context.Context, repo, token, apiURL string, pr int, ev *event, ds roadmap.Diagnostics, opts render.MarkdownOptions) {
	if repo == "" {
		return
	}
	client, err := r.client(token, apiURL, repo)
	if err != nil {
		r.a.Warningf("No comment on pull request #%d: %v", pr, err)
		return
	}
	body := render.InvalidMarkdown(r.name, ds, opts)
	if code := r.comment(ctx, client, pr, ev, planMarker(r.name), body, false); code != 0 {
		r.a.Warningf("The plan comment on pull request #%d could not say the roadmap is invalid.", pr)
	}
}

// apply sends the plan and reports; the exit code is 1 unless every change
// was applied.
func (r *runner) apply(ctx context.Context, client *gh.Client, project *gh.Client, p *plan.Plan) (*apply.Report, int) {
	if len(p.Changes) == 0 {
		r.printf("Nothing to apply: GitHub matches %s.\n", r.name)
		return &apply.Report{Repository: p.Repository}, 0
	}
	r.a.Group(fmt.Sprintf("Apply %d changes to %s", len(p.Changes), p.Repository))
	var rep *apply.Report
	var err error
	// Each result is logged as it happens (writes are paced a second
	// apart); roadmap text in them can't run workflow commands.
	r.withoutCommands(func() {
		rep, err = apply.Run(ctx, p, client, apply.Options{
			Progress: func(res apply.Result) { r.printf("  %s\n", render.ReportLine(res)) },
			Deadline: r.deadline,
			Project:  projectWriter(project),
		})
		var end bytes.Buffer
		_ = render.ReportEnd(&end, rep)
		r.printf("%s", end.String())
	})
	r.a.EndGroup()
	switch {
	case err != nil:
		r.errorf("apply stopped: %v", err)
		return rep, exitFailed
	case !rep.OK():
		r.errorf("%s", rep.SummaryLine())
		return rep, exitFailed
	}
	r.a.Noticef("%s", rep.SummaryLine())
	return rep, 0
}

// commentMerged comments the apply report on the pull request the pushed
// commit merged, when GitHub knows one. Failing to is a warning: the apply
// itself is done.
func (r *runner) commentMerged(ctx context.Context, client *gh.Client, ev *event, rep *apply.Report, opts render.MarkdownOptions) {
	sha := ev.sha()
	if sha == "" {
		return
	}
	prs, err := client.PullRequestsForCommit(ctx, sha)
	if err != nil {
		r.a.Warningf("No apply report on the merged pull request: %v", err)
		return
	}
	pr := mergedPR(prs, sha)
	if pr == 0 {
		r.printf("No merged pull request found for commit %s: no comment.\n", sha)
		return
	}
	opts.Header = applyMarker(r.name)
	body := render.ReportMarkdown(rep, opts)
	cm, err := client.CreateIssueComment(ctx, pr, body)
	if err != nil {
		if isForbidden(err) {
			r.a.Warningf("No apply report on pull request #%d: the token may not write comments (%v).", pr, err)
		} else {
			r.a.Warningf("No apply report on pull request #%d: %v", pr, err)
		}
		return
	}
	r.printf("Commented the apply report on pull request #%d: %s\n", pr, cm.URL)
	r.setOutput("comment-url", cm.URL)
}

// mergedPR picks the pull request whose merge commit is sha, else the
// first merged one; 0 for none.
func mergedPR(prs []gh.PullRequest, sha string) int {
	for _, p := range prs {
		if p.MergeCommitSHA != "" && strings.EqualFold(p.MergeCommitSHA, sha) {
			return p.Number
		}
	}
	for _, p := range prs {
		if p.Merged {
			return p.Number
		}
	}
	return 0
}

// flush writes the outputs and the job summary, each only when the runner
// gave its file: older runners and local runs have none, and
// go-githubactions would panic on an empty path.
func (r *runner) flush() error {
	var errs []error
	if len(r.outputs) > 0 {
		if r.getenv("GITHUB_OUTPUT") == "" {
			r.a.Noticef("GITHUB_OUTPUT is not set (an older runner, or a local run): the step outputs are not written.")
		} else {
			for _, o := range r.outputs {
				if err := fileCommand(func() { r.a.SetOutput(o.name, o.value) }); err != nil {
					errs = append(errs, fmt.Errorf("writing output %s: %w", o.name, err))
					break
				}
			}
		}
	}
	if r.summary.Len() > 0 {
		if r.getenv("GITHUB_STEP_SUMMARY") == "" {
			r.a.Noticef("GITHUB_STEP_SUMMARY is not set (an older runner, or a local run): no job summary.")
		} else if err := fileCommand(func() { r.a.AddStepSummary(r.summary.String()) }); err != nil {
			errs = append(errs, fmt.Errorf("writing the job summary: %w", err))
		}
	}
	return errors.Join(errs...)
}

// fileCommand runs a go-githubactions file command, turning its panic on a
// file that can't be written into an error.
func fileCommand(f func()) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if e, ok := p.(error); ok {
				err = e
			} else {
				err = fmt.Errorf("%v", p)
			}
		}
	}()
	f()
	return nil
}
