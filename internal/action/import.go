package action

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/importer"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// runImport is mode: import. With no roadmap in the workspace it writes
// one (and its body files) from the repository's issues; with one, it
// takes back what people changed on GitHub since. Either way it only
// reads GitHub, writes files into the workspace, and sets the output
// files to their paths — one a line, relative to the workspace — for a
// later step to commit them or open a pull request.
func (r *runner) runImport(ctx context.Context, token, envRepo, apiURL string) int {
	r.setOutput("files", "")
	if token == "" {
		r.errorf("input token is empty: import needs a token that may read the repository's issues")
		return exitFailed
	}
	existing := true
	if _, err := os.Stat(r.file); errors.Is(err, fs.ErrNotExist) {
		existing = false
	}
	repo := envRepo
	if repo == "" && existing {
		if res, err := roadmap.Load(r.file, roadmap.Options{}); err == nil && res.Roadmap != nil {
			repo = res.Roadmap.Repository
		}
	}
	if repo == "" {
		r.errorf("no repository to import: GITHUB_REPOSITORY is not set")
		return exitFailed
	}
	ghOpts, err := gh.EnvOptions(r.getenv)
	if err != nil {
		r.errorf("%v", err)
		return exitFailed
	}
	ghOpts.Token, ghOpts.APIURL, ghOpts.Repository, ghOpts.HTTPClient = token, apiURL, repo, r.env.HTTPClient
	ghOpts.Progress = func(p gh.Page) { r.printf("read page %d of %s (%d so far)\n", p.Page, p.What, p.Items) }
	client, err := gh.New(ghOpts)
	if err != nil {
		r.errorf("%v", err)
		return exitFailed
	}
	interval := ghOpts.WriteInterval
	opts := importer.Options{Repository: repo, RoadmapPath: r.file, WriteInterval: interval,
		Progress: func(s string) { r.printf("%s\n", s) }}
	var res *importer.Result
	r.a.Group("Import " + repo)
	if existing {
		res, err = importer.Into(ctx, client.Reader(), opts)
	} else {
		res, err = importer.Import(ctx, client.Reader(), opts)
		if err == nil {
			if clash := importer.ExistingFiles(res.Files); len(clash) > 0 {
				err = fmt.Errorf("%s already exists, but %s does not: move it away, or add the roadmap that names it, and run again", r.rel(clash[0]), r.name)
			}
		}
	}
	if err == nil {
		err = importer.WriteFiles(res.Files)
	}
	r.a.EndGroup()
	if err != nil {
		r.errorf("import of %s: %v; nothing was written", repo, err)
		return exitFailed
	}
	var paths []string
	for _, f := range res.Files {
		paths = append(paths, r.rel(f.Path))
	}
	r.setOutput("files", strings.Join(paths, "\n"))
	r.summary.WriteString(r.importSummary(res, repo, existing))
	switch {
	case len(paths) == 0:
		r.a.Noticef("%s already says everything GitHub holds: no file was written.", r.name)
	case existing:
		r.a.Noticef("Took %d changes made on GitHub back into %s: %d files written.", len(res.Taken), r.name, len(paths))
	default:
		r.a.Noticef("Imported %s into %s: %d issues, %d files written.", repo, r.name, len(res.Roadmap.Issues), len(paths))
	}
	return 0
}

// rel is path relative to the workspace, with forward slashes.
func (r *runner) rel(path string) string {
	if r.workspace != "" {
		if rel, err := filepath.Rel(r.workspace, path); err == nil && filepath.IsLocal(rel) {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(path)
}

func (r *runner) importSummary(res *importer.Result, repo string, into bool) string {
	var b strings.Builder
	if into {
		fmt.Fprintf(&b, "### Roadmap import: GitHub's changes to `%s` taken back into `%s`\n\n", repo, r.name)
		if len(res.Taken) == 0 {
			b.WriteString("Nothing changed on GitHub that the roadmap does not say already.\n")
		}
		for _, l := range res.Taken {
			fmt.Fprintf(&b, "- %s\n", escapeMarkdown(l))
		}
	} else {
		fmt.Fprintf(&b, "### Roadmap import of `%s` into `%s`\n\n%d issues read, %d entries written.\n\n", repo, r.name, res.Issues, len(res.Roadmap.Issues))
		for _, g := range res.Groups {
			fmt.Fprintf(&b, "- %s\n", escapeMarkdown(g.String()))
		}
	}
	for _, n := range res.Notes {
		fmt.Fprintf(&b, "- _%s_\n", escapeMarkdown(n))
	}
	if !into && res.Plan != nil {
		fmt.Fprintf(&b, "\n%s\n", res.Forecast(0).Line(0))
	}
	return b.String()
}

// escapeMarkdown keeps issue titles from pinging people or breaking the list.
func escapeMarkdown(s string) string {
	return strings.NewReplacer("@", "@\u200b", "<", "&lt;", "\n", " ").Replace(s)
}
