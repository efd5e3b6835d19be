package importer_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aymanbagabas/go-udiff"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/importer"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// repoRoadmap copies this repository's roadmap.json and its body files
// into a fresh folder and returns the roadmap's path there.
func repoRoadmap(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyFile := func(rel string) {
		data, err := os.ReadFile(filepath.Join("..", "..", rel))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyFile("roadmap.json")
	mds, _ := filepath.Glob(filepath.Join("..", "..", ".github", "roadmap", "*.md"))
	for _, m := range mds {
		copyFile(filepath.Join(".github", "roadmap", filepath.Base(m)))
	}
	return filepath.Join(dir, "roadmap.json")
}

// comparable is a roadmap reduced to what GitHub holds: no formatting,
// no body file names (bodies compared by text), entries by id, and none of
// what GitHub does not keep (label groups, aliases) or import adds
// (repository).
func comparable(t *testing.T, res *roadmap.Result) string {
	t.Helper()
	rm := *res.Roadmap
	rm.Schema, rm.Repository = "", ""
	rm.Labels = slices.Clone(rm.Labels)
	for i := range rm.Labels {
		rm.Labels[i].Group, rm.Labels[i].Aliases = "", nil
	}
	// Declarations are sets too: GitHub lists them in the order apply created them.
	slices.SortFunc(rm.Labels, func(a, b roadmap.Label) int { return strings.Compare(a.Name, b.Name) })
	rm.Milestones = slices.Clone(rm.Milestones)
	slices.SortFunc(rm.Milestones, func(a, b roadmap.Milestone) int { return strings.Compare(a.Title, b.Title) })
	issues := slices.Clone(rm.Issues)
	for i := range issues {
		// An issue's labels are a set: GitHub answers them in its own order.
		issues[i].Labels = slices.Clone(issues[i].Labels)
		slices.SortFunc(issues[i].Labels, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
		if res.Bodies[i].Managed {
			text := roadmap.NormalizeBody(res.Bodies[i].Text)
			issues[i].Body, issues[i].BodyFile = &text, ""
		}
	}
	slices.SortFunc(issues, func(a, b roadmap.Issue) int { return strings.Compare(a.ID, b.ID) })
	rm.Issues = issues
	data, err := json.MarshalIndent(rm, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// Apply this repository's roadmap to an empty repository, import it back:
// the import plans 0 changes there and equals the original in everything
// but formatting and the bodies' file names.
func TestRoundTripOfThisRepositorysRoadmap(t *testing.T) {
	e := newEnv(t)
	original := load(t, repoRoadmap(t))
	e.apply(t, original)

	dir := t.TempDir()
	e.f.ResetCounts()
	res := e.importTo(t, dir, importer.Options{})
	// Labels, milestones, one page of issues, and the blockers of the ten
	// issues whose summaries say they have some; nothing written.
	if res.Reads != 13 || e.f.Writes() != 0 {
		t.Errorf("%d reads, %d writes; want 13 and 0", res.Reads, e.f.Writes())
	}
	if len(res.Groups) != 0 || len(res.Notes) != 0 {
		t.Errorf("groups %v, notes %v", res.Groups, res.Notes)
	}
	imported := load(t, filepath.Join(dir, "roadmap.json"))
	if p := e.plan(t, imported); len(p.Changes) != 0 {
		t.Fatalf("the import plans %d changes: %+v", len(p.Changes), p.Changes)
	}
	if res.Plan == nil || len(res.Plan.Changes) != 0 {
		t.Errorf("the import's own first plan: %+v %v", res.Plan, res.PlanErr)
	}
	if a, b := comparable(t, original), comparable(t, imported); a != b {
		t.Errorf("the import differs from the original:\n%s", udiff.Unified("original", "imported", a, b))
	}
	if imported.Roadmap.Repository != full {
		t.Errorf("repository %q", imported.Roadmap.Repository)
	}
}

// readsFor is a client for the into tests.
func clientFor(t *testing.T, f *githubfake.Fake) *gh.Client {
	t.Helper()
	c, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: full, WriteInterval: 0})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func into(t *testing.T, e *env, path string) *importer.Result {
	t.Helper()
	res, err := importer.Into(context.Background(), clientFor(t, e.f), importer.Options{Repository: full, RoadmapPath: path})
	if err != nil {
		t.Fatal(err)
	}
	if err := importer.WriteFiles(res.Files); err != nil {
		t.Fatal(err)
	}
	return res
}

// numberOf is the number of the issue whose marker names id.
func numberOf(t *testing.T, e *env, id string) int {
	t.Helper()
	for _, is := range e.repo.Issues() {
		if is.Body != nil {
			if got, ok := roadmap.ParseMarker(*is.Body); ok && got == id {
				return is.Number
			}
		}
	}
	t.Fatalf("no issue carries the marker of %q", id)
	return 0
}

// Hand edits on GitHub — a close, a retitle, a relabel, a new managed
// issue, due dates moved (winter and summer), a body edited, a blocker and
// a parent added — come back into this repository's roadmap; afterwards
// the plan is empty, and every byte of the file outside the taken-back
// values is what it was.
func TestIntoTakesHandEditsBack(t *testing.T) {
	e := newEnv(t)
	path := repoRoadmap(t)
	original, _ := os.ReadFile(path)
	e.apply(t, load(t, path))
	c := clientFor(t, e.f)
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	upd := func(id string, f gh.IssueFields) {
		t.Helper()
		_, err := c.UpdateIssue(ctx, numberOf(t, e, id), f)
		must(err)
	}
	upd("predictive-analytics", gh.IssueFields{"state": "closed", "state_reason": "completed"})
	upd("collab-engine", gh.IssueFields{"title": "Real-Time Collaboration Engine (CRDT)"})
	ux := e.repo.Issue(numberOf(t, e, "ux-quality-gates"))
	var labels []string
	for _, l := range ux.Labels {
		if l == "P1-important" {
			l = "P0-critical"
		}
		labels = append(labels, l)
	}
	upd("ux-quality-gates", gh.IssueFields{"labels": labels})
	caching := e.repo.Issue(numberOf(t, e, "advanced-caching"))
	above, human, _ := roadmap.SplitBody(*caching.Body)
	upd("advanced-caching", gh.IssueFields{"body": strings.TrimRight(above, "\n") + "\n\nAdded on GitHub: measure the CDN hit rate.\n\n" + roadmap.Marker("advanced-caching") + human})
	ms := map[string]int{}
	for _, m := range e.repo.Milestones() {
		ms[m.Title] = m.Number
	}
	newBody := roadmap.ComposeBody("Audit the CDN bill.", "cdn-audit", "")
	_, err := c.CreateIssue(ctx, gh.IssueFields{"title": "CDN bill audit", "body": newBody, "labels": []string{"roadmap", "P2-enhancement"},
		"milestone": ms["M2: Performance & Validation"]})
	must(err)
	winter, summer := "2027-01-15", "2027-07-15"
	_, err = c.UpdateMilestone(ctx, ms["M1: Real-Time Foundation"], gh.MilestoneFields{DueOn: &winter})
	must(err)
	_, err = c.UpdateMilestone(ctx, ms["M3: Advanced Analytics"], gh.MilestoneFields{DueOn: &summer})
	must(err)
	must(c.AddBlockedBy(ctx, numberOf(t, e, "knowledge-reasoning"), e.repo.Issue(numberOf(t, e, "fine-tuning-platform")).ID))
	must(c.AddSubIssue(ctx, numberOf(t, e, "sprint-0"), e.repo.Issue(numberOf(t, e, "collab-engine")).ID))

	res := into(t, e, path)
	for _, l := range res.Taken {
		t.Log(l)
	}
	got, _ := os.ReadFile(path)
	want := string(original)
	for _, r := range [][2]string{
		{`"title": "Real-Time Collaboration Engine",`, `"title": "Real-Time Collaboration Engine (CRDT)",`},
		{"\"body_file\": \".github/roadmap/01-collab-engine.md\",\n      \"labels\": [\"enhancement\", \"SM_REFACTOR_STRAT\", \"implementation\", \"v2\", \"P0-critical\", \"sprint-1\"],\n      \"milestone\": \"M1: Real-Time Foundation\",",
			"\"body_file\": \".github/roadmap/01-collab-engine.md\",\n      \"labels\": [\"enhancement\", \"SM_REFACTOR_STRAT\", \"implementation\", \"v2\", \"P0-critical\", \"sprint-1\"],\n      \"milestone\": \"M1: Real-Time Foundation\",\n      \"parent\": \"sprint-0\","},
		{"05-ux-quality-gates.md\",\n      \"labels\": [\"enhancement\", \"SM_REFACTOR_STRAT\", \"implementation\", \"v2\", \"P1-important\", \"sprint-2\"],",
			"05-ux-quality-gates.md\",\n      \"labels\": [\"enhancement\", \"SM_REFACTOR_STRAT\", \"implementation\", \"v2\", \"sprint-2\", \"P0-critical\"],"},
		{"06-predictive-analytics.md\",\n      \"labels\": [\"enhancement\", \"SM_REFACTOR_STRAT\", \"implementation\", \"v2\", \"P2-enhancement\", \"sprint-3\"],\n      \"milestone\": \"M3: Advanced Analytics\",",
			"06-predictive-analytics.md\",\n      \"labels\": [\"enhancement\", \"SM_REFACTOR_STRAT\", \"implementation\", \"v2\", \"P2-enhancement\", \"sprint-3\"],\n      \"milestone\": \"M3: Advanced Analytics\",\n      \"state\": \"closed\","},
		{"10-knowledge-reasoning.md\",\n      \"labels\": [\"enhancement\", \"SM_REFACTOR_STRAT\", \"implementation\", \"v2\", \"P2-enhancement\", \"sprint-3\"],\n      \"milestone\": \"M3: Advanced Analytics\",\n      \"blocked_by\": [\"sprint-0\"]\n    }\n",
			"10-knowledge-reasoning.md\",\n      \"labels\": [\"enhancement\", \"SM_REFACTOR_STRAT\", \"implementation\", \"v2\", \"P2-enhancement\", \"sprint-3\"],\n      \"milestone\": \"M3: Advanced Analytics\",\n      \"blocked_by\": [\"sprint-0\", \"fine-tuning-platform\"]\n    },\n" +
				"    {\n      \"id\": \"cdn-audit\",\n      \"title\": \"CDN bill audit\",\n      \"body\": \"Audit the CDN bill.\",\n      \"labels\": [\n        \"P2-enhancement\"\n      ],\n      \"milestone\": \"M2: Performance & Validation\"\n    }\n"},
		{"retrieval benchmarking with latency validation.\",\n", "retrieval benchmarking with latency validation.\",\n      \"due_on\": \"2027-01-15\",\n"},
		{"and advanced knowledge graph reasoning.\",\n", "and advanced knowledge graph reasoning.\",\n      \"due_on\": \"2027-07-15\",\n"},
	} {
		if strings.Count(want, r[0]) != 1 {
			t.Fatalf("the test's anchor %q is not unique in roadmap.json", r[0])
		}
		want = strings.Replace(want, r[0], r[1], 1)
	}
	if string(got) != want {
		t.Errorf("roadmap.json after --into:\n%s", udiff.Unified("want", "got", want, string(got)))
	}
	// Body files: only the edited one changed, at its own path.
	mds, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".github", "roadmap", "*.md"))
	for _, m := range mds {
		now, _ := os.ReadFile(m)
		before, _ := os.ReadFile(filepath.Join("..", "..", ".github", "roadmap", filepath.Base(m)))
		if filepath.Base(m) == "04-advanced-caching.md" {
			if !strings.HasSuffix(string(now), "\n\nAdded on GitHub: measure the CDN hit rate.\n") {
				t.Errorf("the edited body is not taken back:\n%s", now)
			}
		} else if string(now) != string(before) {
			t.Errorf("%s changed", m)
		}
	}
	if len(mds) != 11 {
		t.Errorf("%d body files", len(mds))
	}
	if p := e.plan(t, load(t, path)); len(p.Changes) != 0 {
		t.Errorf("after --into, the plan has %d changes: %+v", len(p.Changes), p.Changes)
	}
	if res.Plan == nil || len(res.Plan.Changes) != 0 {
		t.Errorf("--into's own plan: %+v %v", res.Plan, res.PlanErr)
	}
	if len(res.Taken) != 9 {
		t.Errorf("took back %d things, want 9", len(res.Taken))
	}

	// Nothing changed since: nothing to write.
	if again, err := importer.Into(ctx, c, importer.Options{Repository: full, RoadmapPath: path}); err != nil || len(again.Files) != 0 || len(again.Taken) != 0 {
		t.Errorf("a second --into: %v, files %d, taken %v", err, len(again.Files), again.Taken)
	}
}
