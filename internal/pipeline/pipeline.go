// Package pipeline is the one way a run reads GitHub and plans, shared by
// the command line and the action: the repository through its client (the
// GraphQL reader, or REST), the project through the project token's, then
// plan.Compute and the forecast. Each caller only says what it prints.
package pipeline

import (
	"context"
	"errors"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// ProjectTokenVariable holds the token for the roadmap's project: the
// default GITHUB_TOKEN can't reach an organization's or a user's project.
const ProjectTokenVariable = "ROADMAP_PROJECT_TOKEN"

// Clients are the GitHub clients of a run. Repo is nil when there is no
// token (the plan is then against an empty repository); Project is nil
// without a project token.
type Clients struct {
	Repo    *gh.Client
	Project *gh.Client
	// Interval is the pace between writes, for the forecast.
	Interval time.Duration
}

// Result is a plan with what was read for it.
type Result struct {
	Plan     *plan.Plan
	Snapshot *state.Snapshot
	// FellBack says why the repository was read through REST rather than
	// GraphQL, "" when it was not.
	FellBack string
}

// ErrRead wraps a failure to read the repository; its message names it.
var ErrRead = errors.New("reading GitHub")

// Plan reads the repository and the project, and plans rm against them.
// A repository error wraps ErrRead; an impossible plan is plan.Compute's.
func Plan(ctx context.Context, cl Clients, repo string, rm *roadmap.Roadmap, bodies []roadmap.Body) (*Result, error) {
	out := &Result{}
	var snap *state.Snapshot
	if cl.Repo == nil {
		snap = &state.Snapshot{Repository: repo, Empty: true}
	} else {
		reader := cl.Repo.Reader()
		var err error
		if snap, err = state.Fetch(ctx, reader, repo, rm); err != nil {
			return nil, &readError{err: err}
		}
		if gr, ok := reader.(*gh.GraphQLReader); ok {
			out.FellBack = gr.FellBack()
		}
		var pr state.ProjectReader
		if cl.Project != nil {
			pr = cl.Project
		}
		if err := state.FetchProject(ctx, pr, rm, snap); err != nil {
			return nil, &readError{err: err}
		}
	}
	out.Snapshot = snap
	p, err := plan.Compute(rm, bodies, snap)
	if err != nil {
		return nil, err
	}
	f := p.Estimate(cl.Interval, 0)
	p.Forecast = &f
	out.Plan = p
	return out, nil
}

type readError struct{ err error }

func (e *readError) Error() string { return e.err.Error() }
func (e *readError) Unwrap() []error {
	return []error{ErrRead, e.err}
}

// ProjectClient is the client for the roadmap's project with token, at the
// same API as the repository's; nil when there is no token or no project.
func ProjectClient(rm *roadmap.Roadmap, token string, opts gh.Options) (*gh.Client, error) {
	if token == "" || rm.Project == nil {
		return nil, nil
	}
	opts.Token = token
	return gh.New(opts)
}
