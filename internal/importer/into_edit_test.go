package importer_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/importer"
	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// intoFile writes src as roadmap.json, takes GitHub's changes into it
// with c, and returns the result and the file as written.
func intoFile(t *testing.T, c *gh.Client, src string, opts importer.Options) (*importer.Result, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "roadmap.json")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	opts.RoadmapPath = path
	res, err := importer.Into(context.Background(), c, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := importer.WriteFiles(res.Files); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(data)
}

// roadmapOf is a roadmap.json of the fake's repository holding entries,
// one a line, as people write short ones.
func roadmapOf(entries ...string) string {
	return "{\n  \"version\": 1,\n  \"repository\": \"octo-org/octo-repo\",\n  \"issues\": [\n    " + strings.Join(entries, ",\n    ") + "\n  ]\n}\n"
}

// Right after an import, before the first apply, entries name issues by
// number and the issues carry no managed label: --into reads each of them
// (a few one by one, more by one scan), finds them all, and changes
// nothing; entries not created yet are left alone, and so are their
// relations to each other.
func TestIntoBeforeTheFirstApply(t *testing.T) {
	tests := []struct {
		name    string
		numbers int // entries naming issues by number
		reads   int
	}{
		{"three issues read one by one", 3, 3 + 3},
		{"ten issues read one by one", 10, 3 + 10},
		{"eleven issues read by one scan", 11, 3 + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			var list []string
			for i := 1; i <= tt.numbers; i++ {
				e.repo.AddIssue(githubfake.Issue{Title: fmt.Sprintf("Issue %c", 'A'+i-1)})
				list = append(list, fmt.Sprintf(`{"id": "i%d", "title": "Issue %c", "number": %d}`, i, 'A'+i-1, i))
			}
			list[0] = `{"id": "i1", "title": "Issue A", "parent": "p", "blocked_by": ["q"], "number": 1}`
			list = append(list, `{"id": "p", "title": "P"}`, `{"id": "q", "title": "Q"}`)
			c := clientFor(t, e.f)
			// Requests sent before --into are not its reads.
			if _, err := c.ListLabels(context.Background()); err != nil {
				t.Fatal(err)
			}
			src := roadmapOf(list...)
			res, after := intoFile(t, c, src, importer.Options{Repository: full})
			if after != src || res.Files != nil || len(res.Taken) != 0 || len(res.Notes) != 0 {
				t.Errorf("--into changed the roadmap: files %d, taken %q, notes %q\n%s", len(res.Files), res.Taken, res.Notes, after)
			}
			// The labels, the milestones and the managed label's issues, then the issues.
			if res.Reads != tt.reads {
				t.Errorf("%d reads, want %d", res.Reads, tt.reads)
			}
		})
	}
}

// An entry whose issue was deleted is cut out of the array with its comma,
// wherever it is (the only one leaves []), and the rest of the file is
// unchanged.
func TestIntoRemovesAnEntry(t *testing.T) {
	one := `{"id": "one", "title": "One", "number": 1}`
	two := `{"id": "two", "title": "Two", "number": 2}`
	three := `{"id": "three", "title": "Three", "number": 3}`
	tests := []struct {
		entries []string
		deleted int
		want    string
	}{
		{[]string{one, two, three}, 1, roadmapOf(two, three)},
		{[]string{one, two, three}, 2, roadmapOf(one, three)},
		{[]string{one, two, three}, 3, roadmapOf(one, two)},
		{[]string{one}, 1, "{\n  \"version\": 1,\n  \"repository\": \"octo-org/octo-repo\",\n  \"issues\": []\n}\n"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("#%d of %d", tt.deleted, len(tt.entries)), func(t *testing.T) {
			e := newEnv(t)
			for _, title := range []string{"One", "Two", "Three"} {
				e.repo.AddIssue(githubfake.Issue{Title: title})
			}
			e.repo.DeleteIssue(tt.deleted)
			// Without a repository, --into takes the roadmap's.
			res, after := intoFile(t, clientFor(t, e.f), roadmapOf(tt.entries...), importer.Options{})
			if after != tt.want {
				t.Errorf("roadmap.json\n%s\nwant\n%s", after, tt.want)
			}
			id := []string{"one", "two", "three"}[tt.deleted-1]
			want := fmt.Sprintf("entry %q removed: #%d is no longer an issue of octo-org/octo-repo (transferred to another repository, or deleted)", id, tt.deleted)
			if !slices.Equal(res.Taken, []string{want}) || len(res.Notes) != 0 {
				t.Errorf("taken %q, notes %q", res.Taken, res.Notes)
			}
		})
	}
}

// Keys are added and removed in the file's own layout: a blocker set on
// GitHub adds blocked_by after the keys before it in the type's order; a
// parent link gone from GitHub removes the parent key wherever it is,
// first or last; a key added to an object laid out by hand is indented
// like that object's first key.
func TestIntoEditsKeysInPlace(t *testing.T) {
	tests := []struct {
		name   string
		github func(r *githubfake.Repo, c *gh.Client)
		src    string
		want   string
		taken  []string
	}{
		{"a blocker added and a title changed",
			func(r *githubfake.Repo, c *gh.Client) {
				r.AddBlockedBy(2, 1)
				if _, err := c.UpdateIssue(context.Background(), 3, gh.IssueFields{"title": "Three!"}); err != nil {
					panic(err)
				}
			},
			roadmapOf(`{"id": "one", "title": "One", "number": 1}`, `{"id": "two", "title": "Two", "number": 2}`, `{"id": "three", "title": "Three", "number": 3}`),
			roadmapOf(`{"id": "one", "title": "One", "number": 1}`, `{"id": "two", "title": "Two", "blocked_by": ["one"], "number": 2}`, `{"id": "three", "title": "Three!", "number": 3}`),
			[]string{`"two" (#2): blocked_by none → [one]`, `"three" (#3): title "Three" → "Three!"`}},
		{"a parent key first",
			func(r *githubfake.Repo, c *gh.Client) {},
			roadmapOf(`{"id": "one", "title": "One", "number": 1}`, `{"parent": "one", "id": "two", "title": "Two", "number": 2}`),
			roadmapOf(`{"id": "one", "title": "One", "number": 1}`, `{"id": "two", "title": "Two", "number": 2}`),
			[]string{`"two" (#2): parent "one" removed (GitHub has no such sub-issue link)`}},
		{"a parent key last",
			func(r *githubfake.Repo, c *gh.Client) {},
			roadmapOf(`{"id": "one", "title": "One", "number": 1}`, `{"id": "two", "title": "Two", "number": 2, "parent": "one"}`),
			roadmapOf(`{"id": "one", "title": "One", "number": 1}`, `{"id": "two", "title": "Two", "number": 2}`),
			[]string{`"two" (#2): parent "one" removed (GitHub has no such sub-issue link)`}},
		{"a key added where a parent key is removed",
			// Both edits start right after "title": the removal must not
			// cut the bytes the insertion put there.
			func(r *githubfake.Repo, c *gh.Client) {
				if _, err := c.UpdateIssue(context.Background(), 2, gh.IssueFields{"state": "closed", "state_reason": "completed"}); err != nil {
					panic(err)
				}
			},
			roadmapOf(`{"id": "one", "title": "One", "number": 1}`, `{"id": "two", "title": "Two", "parent": "one", "number": 2}`),
			roadmapOf(`{"id": "one", "title": "One", "number": 1}`, `{"id": "two", "title": "Two", "state": "closed", "number": 2}`),
			[]string{`"two" (#2): closed`, `"two" (#2): parent "one" removed (GitHub has no such sub-issue link)`}},
		{"a key added to an object laid out by hand",
			func(r *githubfake.Repo, c *gh.Client) {
				if _, err := c.UpdateIssue(context.Background(), 1, gh.IssueFields{"state": "closed", "state_reason": "completed"}); err != nil {
					panic(err)
				}
			},
			roadmapOf("{ \"id\": \"one\",\n    \"title\": \"One\",\n    \"number\": 1 }"),
			roadmapOf("{ \"id\": \"one\",\n    \"title\": \"One\",\n    \"state\": \"closed\",\n    \"number\": 1 }"),
			[]string{`"one" (#1): closed`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			for _, title := range []string{"One", "Two", "Three"} {
				e.repo.AddIssue(githubfake.Issue{Title: title})
			}
			c := clientFor(t, e.f)
			tt.github(e.repo, c)
			res, after := intoFile(t, c, tt.src, importer.Options{Repository: full})
			if after != tt.want {
				t.Errorf("roadmap.json\n%s\nwant\n%s", after, tt.want)
			}
			if !slices.Equal(res.Taken, tt.taken) || len(res.Notes) != 0 {
				t.Errorf("taken %q, notes %q", res.Taken, res.Notes)
			}
		})
	}
}

// New issues carrying the managed label become entries appended to the
// issues array (in the order GitHub lists them), in the file's indentation; one closed as not planned with
// the marker of an id the roadmap no longer has stays out, and so does a
// second copy of an entry's marker.
func TestIntoAddsNewIssues(t *testing.T) {
	e := newEnv(t)
	r := e.repo
	managed := func(id, text string) *string { return ptr(roadmap.ComposeBody(text, id, "")) }
	r.AddIssue(githubfake.Issue{Title: "One", Body: managed("one", "The first."), Labels: []string{"roadmap"}})
	r.AddIssue(githubfake.Issue{Title: "One again", Body: managed("one", "The first."), Labels: []string{"roadmap"}})
	r.AddIssue(githubfake.Issue{Title: "Pruned", Body: managed("pruned", "Gone from the roadmap."), Labels: []string{"roadmap"}, State: "closed", StateReason: "not_planned"})
	r.AddIssue(githubfake.Issue{Title: "Not planned", Labels: []string{"roadmap"}, State: "closed", StateReason: "not_planned"})
	inline := strings.Repeat("w", importer.InlineMax)
	r.AddIssue(githubfake.Issue{Title: "Inline", Body: &inline, Labels: []string{"roadmap"}})

	src := "{\n\t\"version\": 1,\n\t\"repository\": \"octo-org/octo-repo\",\n\t\"issues\": [\n\t\t{\n\t\t\t\"id\": \"one\",\n\t\t\t\"title\": \"One\",\n\t\t\t\"body\": \"The first.\"\n\t\t}\n\t]\n}\n"
	res, after := intoFile(t, clientFor(t, e.f), src, importer.Options{Repository: full})
	want := "{\n\t\"version\": 1,\n\t\"repository\": \"octo-org/octo-repo\",\n\t\"issues\": [\n\t\t{\n\t\t\t\"id\": \"one\",\n\t\t\t\"title\": \"One\",\n\t\t\t\"body\": \"The first.\"\n\t\t},\n" +
		"\t\t{\n\t\t\t\"id\": \"inline\",\n\t\t\t\"title\": \"Inline\",\n\t\t\t\"body\": \"" + inline + "\",\n\t\t\t\"number\": 5\n\t\t},\n" +
		"\t\t{\n\t\t\t\"id\": \"not-planned\",\n\t\t\t\"title\": \"Not planned\",\n\t\t\t\"state\": \"closed\",\n\t\t\t\"number\": 4\n\t\t}\n\t]\n}\n"
	if after != want {
		t.Errorf("roadmap.json\n%s\nwant\n%s", after, want)
	}
	if w := []string{`#3 "Pruned" carries the marker of "pruned", which the roadmap no longer has, and was closed as not planned: left out`}; !slices.Equal(res.Notes, w) {
		t.Errorf("notes %q, want %q", res.Notes, w)
	}
	if w := []string{`new entry "inline" from #5 "Inline"`, `new entry "not-planned" from #4 "Not planned"`}; !slices.Equal(res.Taken, w) {
		t.Errorf("taken %q, want %q", res.Taken, w)
	}
}

// A new issue is appended to an issues array however many elements it has.
func TestIntoAppendsToShortArrays(t *testing.T) {
	one := "{\"id\": \"one\", \"title\": \"One\", \"number\": 1}"
	tests := []struct {
		name, issues, want string
	}{
		{"empty", `[]`, "[\n    {\n      \"id\": \"new\",\n      \"title\": \"New\",\n      \"body\": \"Added on GitHub.\"\n    }\n  ]"},
		{"one element", "[\n    " + one + "\n  ]",
			"[\n    " + one + ",\n    {\n      \"id\": \"new\",\n      \"title\": \"New\",\n      \"body\": \"Added on GitHub.\"\n    }\n  ]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.repo.AddIssue(githubfake.Issue{Title: "One"})
			e.repo.AddIssue(githubfake.Issue{Title: "New", Body: ptr(roadmap.ComposeBody("Added on GitHub.", "new", "")), Labels: []string{"roadmap"}})
			head := "{\n  \"version\": 1,\n  \"repository\": \"octo-org/octo-repo\",\n  \"issues\": "
			res, after := intoFile(t, clientFor(t, e.f), head+tt.issues+"\n}\n", importer.Options{Repository: full})
			if want := head + tt.want + "\n}\n"; after != want {
				t.Errorf("roadmap.json\n%s\nwant\n%s", after, want)
			}
			if len(res.Notes) != 0 {
				t.Errorf("notes %q", res.Notes)
			}
		})
	}
}

// emptyLists is a reader that lists an issue without assignees with an
// empty list rather than none, as a reader may.
type emptyLists struct{ state.Reader }

func (r emptyLists) ListIssues(ctx context.Context, label string) ([]state.Issue, error) {
	list, err := r.Reader.ListIssues(ctx, label)
	for i := range list {
		if list[i].Assignees == nil {
			list[i].Assignees = []string{}
		}
	}
	return list, err
}

// A new issue without assignees gets no assignees key, which would mean
// "manage them: none", however the reader lists its assignees.
func TestIntoNewIssueWithoutAssignees(t *testing.T) {
	e := newEnv(t)
	e.repo.AddIssue(githubfake.Issue{Title: "New", Body: ptr(roadmap.ComposeBody("Added on GitHub.", "new", "")), Labels: []string{"roadmap"}})
	path := filepath.Join(t.TempDir(), "roadmap.json")
	if err := os.WriteFile(path, []byte(roadmapOf(`{"id": "one", "title": "One"}`)), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := importer.Into(context.Background(), emptyLists{clientFor(t, e.f)}, importer.Options{Repository: full, RoadmapPath: path})
	if err != nil {
		t.Fatal(err)
	}
	want := roadmapOf(`{"id": "one", "title": "One"}`, "{\n      \"id\": \"new\",\n      \"title\": \"New\",\n      \"body\": \"Added on GitHub.\"\n    }")
	if got := string(res.Files[len(res.Files)-1].Data); got != want {
		t.Errorf("roadmap.json\n%s\nwant\n%s", got, want)
	}
}
