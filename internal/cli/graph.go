package cli

import (
	"context"
	"fmt"

	"github.com/roadmap-as-code/roadmap/internal/render"
)

// runGraph draws the roadmap: Mermaid charts in Markdown (GitHub renders
// them in issues, pull requests and README files) or a Graphviz digraph.
// Without GITHUB_TOKEN it reads nothing and draws the roadmap alone; with
// one it marks closed and changing issues and shows milestone progress.
func runGraph(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet("graph", "[FILE] [--repo OWNER/NAME] [--format mermaid|dot]", env)
	file := fileFlag(fs)
	repo := repoFlag(fs)
	format := fs.String("format", "mermaid", "output `format`: mermaid (Markdown with Mermaid charts) or dot (Graphviz)")
	if err := parseFlags(fs, args, file); err != nil {
		return err
	}
	if *format != "mermaid" && *format != "dot" {
		return usageError("graph: --format must be mermaid or dot, not %q", *format)
	}
	res, err := loadValid(ctx, *file, env)
	if err != nil {
		return err
	}
	data := render.GraphData{Roadmap: res.Roadmap}
	if env.Getenv("GITHUB_TOKEN") != "" {
		p, snap, err := readAndPlan(ctx, res.Roadmap, res.Bodies, *repo, env)
		if err != nil {
			return err
		}
		data.Plan, data.Snapshot = p, snap
	} else if _, _, err := readAndPlanOffline(res.Roadmap, *repo, env); err != nil {
		return err
	}
	out := render.Graph(data)
	if *format == "dot" {
		out = render.DOT(data)
	}
	_, err = fmt.Fprint(env.Stdout, out)
	return err
}
