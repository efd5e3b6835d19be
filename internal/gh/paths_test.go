package gh_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

func TestPathSegment(t *testing.T) {
	for in, want := range map[string]string{
		"bug": "bug", ".": "%2E", "..": "%2E%2E", "...": "...", ".x": ".x", "%2e": "%252e", "%2E%2E": "%252E%252E",
		"a/b": "a%2Fb", "a?b": "a%3Fb", "a#b": "a%23b", "a b": "a%20b", "50%": "50%25", "é": "%C3%A9",
		"../x": "..%2Fx", "a\\b": "a%5Cb",
	} {
		if got := gh.PathSegment(in); got != want {
			t.Errorf("PathSegment(%q) = %q, want %q", in, got, want)
		}
	}
}

// The path a server sees for every odd label name: one segment after
// labels/, never a dot segment that URL resolution would remove.
func TestLabelPathsOnTheWire(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.EscapedPath())
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"name":"x","color":"ededed"}`))
	}))
	defer srv.Close()
	c, err := gh.New(gh.Options{Token: "t", APIURL: srv.URL, Repository: "octo-org/octo-repo", WriteInterval: 0})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for name, want := range map[string]string{
		".":     "/repos/octo-org/octo-repo/labels/%2E",
		"..":    "/repos/octo-org/octo-repo/labels/%2E%2E",
		"%2e":   "/repos/octo-org/octo-repo/labels/%252e",
		"a/../": "/repos/octo-org/octo-repo/labels/a%2F..%2F",
		"a?x=1": "/repos/octo-org/octo-repo/labels/a%3Fx=1",
		"#1":    "/repos/octo-org/octo-repo/labels/%231",
		"x y":   "/repos/octo-org/octo-repo/labels/x%20y",
	} {
		mu.Lock()
		seen = nil
		mu.Unlock()
		color := "ffffff"
		if err := c.UpdateLabel(ctx, name, nil, &color, nil); err != nil {
			t.Fatalf("UpdateLabel(%q): %v", name, err)
		}
		if _, err := c.GetLabel(ctx, name); err != nil {
			t.Fatalf("GetLabel(%q): %v", name, err)
		}
		mu.Lock()
		got := strings.Join(seen, "; ")
		mu.Unlock()
		if w := "PATCH " + want + "; GET " + want; got != w {
			t.Errorf("label %q: the server saw %s, want %s", name, got, w)
		}
	}
}

// Against the fake, a label named ".." is that label: renamed in place,
// while the repository itself is untouched.
func TestDotLabelsOnTheFake(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	repo := f.AddRepo("octo-org", "octo-repo")
	repo.AddLabel(githubfake.Label{Name: "..", Color: "000000"})
	repo.AddLabel(githubfake.Label{Name: ".", Color: "000000"})
	c, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: "octo-org/octo-repo", WriteInterval: 0})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	color := "0e8a16"
	for _, name := range []string{"..", "."} {
		if err := c.UpdateLabel(ctx, name, nil, &color, nil); err != nil {
			t.Fatalf("UpdateLabel(%q): %v", name, err)
		}
		if l, ok := repo.Label(name); !ok || l.Color != color {
			t.Errorf("label %q after the update: %+v", name, l)
		}
		got, err := c.GetLabel(ctx, name)
		if err != nil || got == nil || got.Name != name {
			t.Errorf("GetLabel(%q) = %+v, %v", name, got, err)
		}
	}
	for _, r := range f.Requests() {
		if p := strings.TrimSuffix(strings.SplitN(r.Path, "?", 2)[0], "/"); p == "/repos/octo-org/octo-repo" {
			t.Errorf("%s %s reached the repository itself", r.Method, r.Path)
		}
	}
}

func TestRepositoryNamesRefused(t *testing.T) {
	for _, repo := range []string{"octo-org/..", "../..", "octo-org/.", "owner/repo?x=1", "owner/repo#x", "o w/r", "o/r%2F..", "o/r/"} {
		if _, err := gh.New(gh.Options{Repository: repo}); err == nil {
			t.Errorf("gh.New accepted repository %q", repo)
		}
	}
}
