package apply_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/apply"
	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/plan"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// The hostile repository: a public repository where a stranger (mallory,
// no write access) and a member (alice) write issues around the roadmap's
// own. Whatever they write, the tool changes only the roadmap's issues,
// closes only what it made, and keeps applying everything else.

const hostileBase = `{
  "version": 1,
  "settings": {"prune": true},
  "labels": [
    {"name": "P1", "color": "d93f0b"},
    {"name": ".", "color": "000000"},
    {"name": "..", "color": "111111"},
    {"name": "%2e", "color": "222222"}
  ],
  "milestones": [{"title": "M1"}],
  "issues": [
    {"id": "engine", "title": "Engine", "body": "Build it", "labels": ["P1", ".."], "milestone": "M1"},
    {"id": "ui", "title": "UI", "body": "Draw it", "blocked_by": ["engine"]}
  ]
}`

// withDocs adds an entry that has no issue yet: the one strangers aim at.
func withDocs(src string) string {
	return strings.Replace(src, `"blocked_by": ["engine"]}`, `"blocked_by": ["engine"]},
    {"id": "docs", "title": "Docs", "body": "Write it", "labels": ["P1"]}`, 1)
}

type hostile struct {
	*env
	mallory, alice *gh.Client
	own            map[int]bool // the numbers of the roadmap's own issues
}

func newHostile(t *testing.T) *hostile {
	t.Helper()
	e := newEnv(t)
	e.f.AddToken("mallory-token", "mallory")
	e.f.AddToken("alice-token", "alice")
	e.repo.SetAssociation("alice", "MEMBER")
	h := &hostile{env: e, own: map[int]bool{}}
	h.mallory = h.as(t, "mallory-token")
	h.alice = h.as(t, "alice-token")
	return h
}

func (h *hostile) as(t *testing.T, token string) *gh.Client {
	t.Helper()
	c, err := gh.New(gh.Options{Token: token, APIURL: h.f.URL, Repository: full, HTTPClient: h.f.Client(), WriteInterval: 0})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// open creates an issue as c and returns its number.
func (h *hostile) open(t *testing.T, c *gh.Client, title, body string) int {
	t.Helper()
	is, err := c.CreateIssue(context.Background(), gh.IssueFields{"title": title, "body": body})
	if err != nil {
		t.Fatal(err)
	}
	return is.Number
}

func (h *hostile) edit(t *testing.T, c *gh.Client, number int, f gh.IssueFields) {
	t.Helper()
	if _, err := c.UpdateIssue(context.Background(), number, f); err != nil {
		t.Fatal(err)
	}
}

// applyRoadmap plans src against the fake, applies it as the tool and
// records which issues are the roadmap's own.
func (h *hostile) applyRoadmap(t *testing.T, src string) (*plan.Plan, *apply.Report) {
	t.Helper()
	res := parse(t, src, nil)
	p := h.plan(t, res)
	rep, err := runPlan(t, h.env, p)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("apply failed:\n%s", failures(rep))
	}
	for _, r := range rep.Results {
		if r.Change.Kind == plan.KindIssue && r.Change.Action == plan.ActionCreate {
			h.own[r.Number] = true
		}
	}
	return p, rep
}

// foreign is the state of every issue that is not the roadmap's own.
func (h *hostile) foreign() string {
	var b strings.Builder
	for _, is := range h.repo.Issues() {
		if h.own[is.Number] {
			continue
		}
		labels := slices.Clone(is.Labels)
		slices.Sort(labels)
		fmt.Fprintf(&b, "#%d %q by %s %s/%s labels=%v milestone=%d assignees=%v parent=%d subs=%v blocked_by=%v dup=%d body=%q\n",
			is.Number, is.Title, is.Author, is.State, is.StateReason, labels, is.Milestone, is.Assignees, is.Parent,
			h.repo.SubIssues(is.Number), h.repo.BlockedBy(is.Number), is.DuplicateOf, deref(is.Body))
	}
	return b.String()
}

func warned(p *plan.Plan, part string) bool {
	return slices.ContainsFunc(p.Warnings, func(w string) bool { return strings.Contains(w, part) })
}

func TestHostileRepository(t *testing.T) {
	quote := func(id string) string {
		return "Steps to reproduce: the bot wrote\n\n```\n" + roadmap.Marker(id) + "\n```\n\ninto my issue."
	}
	tests := []struct {
		name string
		// before runs before the first apply (older issues); after, between it and the second.
		before, after func(t *testing.T, h *hostile)
		next          string // the roadmap of the second apply
		check         func(t *testing.T, h *hostile, p *plan.Plan)
	}{
		{
			name: "strangers quote markers: in code, mid-text, added by a later edit",
			after: func(t *testing.T, h *hostile) {
				h.open(t, h.mallory, "Bug in the bot", quote("engine")+"\n"+quote("docs"))
				h.open(t, h.mallory, "Docs please", "Please write docs.\n"+roadmap.Marker("docs")+"\nThanks!")
				n := h.open(t, h.mallory, "Harmless", "Nothing to see")
				h.edit(t, h.mallory, n, gh.IssueFields{"body": "Nothing to see\n\n" + roadmap.Marker("docs")})
				h.open(t, h.mallory, "Take over", "Mine\n\n"+roadmap.Marker("engine"))
			},
			next: withDocs(hostileBase),
			check: func(t *testing.T, h *hostile, p *plan.Plan) {
				if !warned(p, `by @mallory carries the marker of "docs", but its author has no write access`) {
					t.Errorf("the plan does not report the stranger's marker: %q", p.Warnings)
				}
				if c := createdIssues(p); strings.Join(c, ",") != "docs" {
					t.Errorf("created %v, want docs as a new issue", c)
				}
			},
		},
		{
			name: "a member's older issue is given an existing entry's marker and the managed label",
			before: func(t *testing.T, h *hostile) {
				h.open(t, h.alice, "Alice's plan", "My own text")
			},
			after: func(t *testing.T, h *hostile) {
				h.edit(t, h.alice, 1, gh.IssueFields{"body": "My own text\n\n" + roadmap.Marker("engine"), "labels": []string{"roadmap"}})
			},
			next: strings.Replace(hostileBase, `"title": "Engine"`, `"title": "Engine v2"`, 1),
			check: func(t *testing.T, h *hostile, p *plan.Plan) {
				if !warned(p, `all claim roadmap entry "engine"`) || len(p.Changes) != 0 {
					t.Errorf("want both held and no change; changes %d, warnings %q", len(p.Changes), p.Warnings)
				}
				for n := range h.own {
					if is := h.repo.Issue(n); strings.HasPrefix(is.Title, "Engine") && is.Title != "Engine" {
						t.Errorf("the held entry's issue was changed: %q", is.Title)
					}
				}
				// The roadmap says which: then only that one changes.
				var engine int
				for n := range h.own {
					if h.repo.Issue(n).Title == "Engine" {
						engine = n
					}
				}
				src := strings.Replace(strings.Replace(hostileBase, `"title": "Engine"`, `"title": "Engine v2"`, 1),
					`"id": "engine", `, fmt.Sprintf(`"id": "engine", "number": %d, `, engine), 1)
				h.applyRoadmap(t, src)
				if got := h.repo.Issue(engine).Title; got != "Engine v2" {
					t.Errorf("after \"number\": the tool's issue is titled %q", got)
				}
			},
		},
		{
			name: "prune never closes what strangers wrote, even with the managed label a member gave it",
			after: func(t *testing.T, h *hostile) {
				a := h.open(t, h.mallory, "Roadmap idea", "Idea\n\n"+roadmap.Marker("gone"))
				b := h.open(t, h.mallory, "Roadmap bug", quote("gone2"))
				for _, n := range []int{a, b} {
					h.edit(t, h.alice, n, gh.IssueFields{"labels": []string{"roadmap"}})
				}
				h.open(t, h.mallory, "Unlabelled", "x\n\n"+roadmap.Marker("gone3"))
			},
			next: hostileBase,
			check: func(t *testing.T, h *hostile, p *plan.Plan) {
				if len(p.Changes) != 0 {
					t.Errorf("changes: %+v", p.Changes)
				}
			},
		},
		{
			name: "titles like a pending entry: strangers' never adopted, members' ambiguous ones not either",
			after: func(t *testing.T, h *hostile) {
				h.open(t, h.mallory, "Docs", "first")
				h.open(t, h.mallory, "Docs", "second")
				h.open(t, h.alice, "Docs", "alice one")
				h.open(t, h.alice, "Docs", "alice two")
			},
			next: withDocs(hostileBase),
			check: func(t *testing.T, h *hostile, p *plan.Plan) {
				if c := createdIssues(p); strings.Join(c, ",") != "docs" {
					t.Errorf("created %v, want docs", c)
				}
				if !warned(p, `issue "docs": 2 issues are titled "Docs"`) {
					t.Errorf("warnings %q", p.Warnings)
				}
			},
		},
		{
			name: "label names . .. and %2e are renamed and recoloured in place, never the repository",
			next: strings.NewReplacer(`"000000"`, `"0e8a16"`, `"111111"`, `"1d76db"`, `"222222"`, `"5319e7"`).Replace(hostileBase),
			check: func(t *testing.T, h *hostile, p *plan.Plan) {
				for name, color := range map[string]string{".": "0e8a16", "..": "1d76db", "%2e": "5319e7"} {
					if l, ok := h.repo.Label(name); !ok || l.Color != color {
						t.Errorf("label %q: %+v", name, l)
					}
				}
				for _, r := range h.f.Requests() {
					if p := strings.SplitN(r.Path, "?", 2)[0]; strings.TrimSuffix(p, "/") == "/repos/"+full && r.Write {
						t.Errorf("%s %s wrote to the repository itself", r.Method, r.Path)
					}
				}
				if len(p.Changes) != 3 {
					t.Errorf("%d changes, want the 3 recolours", len(p.Changes))
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHostile(t)
			if tt.before != nil {
				tt.before(t, h)
			}
			h.applyRoadmap(t, hostileBase)
			if tt.after != nil {
				tt.after(t, h)
			}
			before := h.foreign()
			p, _ := h.applyRoadmap(t, tt.next)
			if after := h.foreign(); after != before {
				t.Errorf("issues outside the roadmap changed:\n--- before\n%s--- after\n%s", before, after)
			}
			if tt.check != nil {
				tt.check(t, h, p)
			}
			if after := h.foreign(); after != before {
				t.Errorf("issues outside the roadmap changed later:\n--- before\n%s--- after\n%s", before, after)
			}
		})
	}
}

func createdIssues(p *plan.Plan) []string {
	var out []string
	for _, c := range p.Changes {
		if c.Kind == plan.KindIssue && c.Action == plan.ActionCreate {
			out = append(out, c.Key)
		}
	}
	return out
}

// A roadmap can't make the tool read .git: the token in .git/config never
// reaches a plan, a comment or an issue.
func TestHostileBodyFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	secret := "[http \"https://github.com/\"]\n\textraheader = AUTHORIZATION: basic c2VjcmV0"
	if err := os.WriteFile(filepath.Join(dir, ".git", "config"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{".git/config", ".git/../.git/config", "./.git/config", ".GIT/config", "docs/../.git/config"} {
		src := fmt.Sprintf(`{"version": 1, "issues": [{"id": "a", "title": "A", "body_file": %q}]}`, path)
		res := roadmap.Parse("roadmap.json", []byte(src), roadmap.Options{Dir: dir})
		if res.Valid() {
			t.Errorf("body_file %q is valid", path)
		}
		for _, b := range res.Bodies {
			if strings.Contains(b.Text, "AUTHORIZATION") {
				t.Errorf("body_file %q: the file was read into the body", path)
			}
		}
		if !strings.Contains(fmt.Sprint(res.Diagnostics), "inside .git") {
			t.Errorf("body_file %q: %s", path, res.Diagnostics)
		}
	}
}
