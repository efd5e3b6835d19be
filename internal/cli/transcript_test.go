package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts in testdata/transcripts")

// transcriptRoadmap is small, with something of every kind to show.
const transcriptRoadmap = `{
  "version": 1,
  "repository": "octo-org/octo-repo",
  "labels": [
    {"name": "P0-critical", "color": "b60205", "group": "priority"},
    {"name": "enhancement", "color": "a2eeef"}
  ],
  "milestones": [{"title": "M1: Foundation", "due_on": "2027-03-31"}],
  "issues": [
    {"id": "engine", "title": "Collaboration engine", "body": "Build it.", "labels": ["enhancement", "P0-critical"], "milestone": "M1: Foundation"},
    {"id": "bench", "title": "Latency benchmarks for #12", "body": "Measure it.", "milestone": "M1: Foundation", "blocked_by": ["engine"]}
  ]
}
`

// transcript is one run of the command line, as a person at a terminal
// (or cron, or CI) would see it: standard output, standard error with the
// "roadmap: " main prints before an error, and the exit status.
type transcript struct {
	name     string
	args     []string
	env      map[string]string
	stdin    string
	terminal bool // standard input and output are a terminal
}

func (tr transcript) run(t *testing.T, server string) string {
	t.Helper()
	env := map[string]string{}
	for k, v := range tr.env {
		env[k] = strings.ReplaceAll(v, "$SERVER", server)
	}
	var out, errb bytes.Buffer
	tick := time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
	e := Env{Stdin: strings.NewReader(tr.stdin), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] },
		StdinIsTerminal: tr.terminal, StdoutIsTerminal: tr.terminal,
		Sleep: func(context.Context, time.Duration) error { return nil },
		// Each reading of the clock is three seconds later: a paced apply.
		Now: func() time.Time { tick = tick.Add(3 * time.Second); return tick }}
	err := Run(context.Background(), tr.args, e)
	if err != nil && !Silent(err) {
		// What main does.
		fmt.Fprintln(&errb, "roadmap:", err)
	}
	var b strings.Builder
	var keys []string
	for k := range tr.env {
		keys = append(keys, k+"="+tr.env[k]+" ")
	}
	sort.Strings(keys)
	fmt.Fprintf(&b, "$ %sroadmap %s", strings.Join(keys, ""), strings.Join(tr.args, " "))
	if tr.stdin != "" {
		fmt.Fprintf(&b, " <<< %q", tr.stdin)
	}
	if tr.terminal {
		b.WriteString("   # on a terminal")
	} else {
		b.WriteString("   # no terminal")
	}
	fmt.Fprintf(&b, "\n--- stdout\n%s--- stderr\n%s--- exit %d\n", out.String(), errb.String(), ExitCode(err))
	s := strings.ReplaceAll(b.String(), "\x1b", `\e`)
	return strings.ReplaceAll(s, server, "$SERVER")
}

// cannedGitHub answers every request with one status and body, as GitHub
// does when a token is wrong or a repository is out of reach.
func cannedGitHub(t *testing.T, status int, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/"
}

func goldenTranscript(t *testing.T, dir, name, got string) {
	t.Helper()
	path := filepath.Join(dir, name+".txt")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -run Transcripts -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from its golden transcript; run with -update and read the diff\n--- got\n%s", name, got)
	}
}

func TestTranscripts(t *testing.T) {
	golden, err := filepath.Abs("testdata/transcripts")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	if err := os.WriteFile("roadmap.json", []byte(transcriptRoadmap), 0o644); err != nil {
		t.Fatal(err)
	}
	token := map[string]string{"GITHUB_TOKEN": "t", "GITHUB_API_URL": "$SERVER", "ROADMAP_WRITE_INTERVAL": "0"}
	typoKey := strings.Replace(transcriptRoadmap, `"milestones":`, `"milestone":`, 1)
	typoDecl := strings.Replace(strings.Replace(transcriptRoadmap, `{"name": "enhancement", "color": "a2eeef"}`, `{"name": "enhancment", "color": "a2eeef"}`, 1),
		`"milestone": "M1: Foundation", "blocked_by"`, `"labels": ["enhancement"], "milestone": "M1: Foundation", "blocked_by"`, 1)
	for name, text := range map[string]string{"typo-key.json": typoKey, "typo-declaration.json": typoDecl} {
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	offline := []transcript{
		{name: "validate-file-argument", args: []string{"validate", "roadmap.json"}},
		{name: "validate-typo-key", args: []string{"validate", "typo-key.json"}},
		{name: "validate-typo-declaration", args: []string{"validate", "typo-declaration.json"}},
		{name: "plan-offline-pipe", args: []string{"plan"}},
		{name: "plan-offline-terminal", args: []string{"plan"}, terminal: true},
		{name: "plan-offline-no-color", args: []string{"plan"}, env: map[string]string{"NO_COLOR": "1"}, terminal: true},
		{name: "plan-malformed-repo", args: []string{"plan", "--repo", "octo-org"}},
		{name: "plan-missing-repo-with-token", args: []string{"plan", "-f", "roadmap.json", "--repo", ""}, env: map[string]string{"GITHUB_TOKEN": "t"}},
		{name: "graph-offline", args: []string{"graph"}},
		{name: "graph-dot", args: []string{"graph", "roadmap.json", "--format", "dot"}},
		{name: "apply-without-token", args: []string{"apply", "--yes"}},
	}
	for _, tr := range offline {
		t.Run(tr.name, func(t *testing.T) {
			if tr.name == "plan-missing-repo-with-token" {
				// No repository anywhere: the roadmap names none either.
				noRepo := strings.Replace(transcriptRoadmap, `"repository": "octo-org/octo-repo",`, "", 1)
				if err := os.WriteFile("roadmap.json", []byte(noRepo), 0o644); err != nil {
					t.Fatal(err)
				}
				defer os.WriteFile("roadmap.json", []byte(transcriptRoadmap), 0o644)
			}
			goldenTranscript(t, golden, tr.name, tr.run(t, "http://unused.invalid/"))
		})
	}

	// Against the fake: the apply a person confirms, and the one nobody can.
	apply := []transcript{
		{name: "apply-no-terminal", args: []string{"apply"}, env: token},
		{name: "apply-terminal-declined", args: []string{"apply"}, env: token, stdin: "no\n", terminal: true},
		{name: "apply-progress", args: []string{"apply", "--yes"}, env: token},
		{name: "apply-progress-terminal", args: []string{"apply"}, env: token, stdin: "yes\n", terminal: true},
	}
	for _, tr := range apply {
		t.Run(tr.name, func(t *testing.T) {
			f := githubfake.New()
			defer f.Close()
			f.AddRepo("octo-org", "octo-repo")
			goldenTranscript(t, golden, tr.name, tr.run(t, f.URL))
		})
	}

	// GitHub saying no, each kind once: one line, with what to do.
	refusals := []struct {
		name   string
		status int
		body   string
	}{
		{"error-401", 401, `{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}`},
		{"error-403-integration", 403, `{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest/issues/labels#list-labels-for-a-repository","status":"403"}`},
		{"error-403-sso", 403, `{"message":"Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.","documentation_url":"https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/"}`},
		{"error-404", 404, `{"message":"Not Found","documentation_url":"https://docs.github.com/rest/issues/labels#list-labels-for-a-repository","status":"404"}`},
		{"error-410", 410, `{"message":"Issues are disabled for this repo","documentation_url":"https://docs.github.com/v3/issues/","status":"410"}`},
		{"error-502", 502, `{"message":"Server Error"}`},
	}
	for _, r := range refusals {
		t.Run(r.name, func(t *testing.T) {
			server := cannedGitHub(t, r.status, r.body)
			goldenTranscript(t, golden, r.name, transcript{args: []string{"plan"}, env: token}.run(t, server))
		})
	}
	t.Run("error-422", func(t *testing.T) {
		// GitHub refuses an assignee it can't assign, naming the value (here
		// someone who lost access between the plan's check and the write).
		f := githubfake.New()
		defer f.Close()
		f.AddRepo("octo-org", "octo-repo")
		assigned := strings.Replace(transcriptRoadmap, `"milestone": "M1: Foundation"},`, `"milestone": "M1: Foundation", "assignees": ["nobody-here"]},`, 1)
		if err := os.WriteFile("assigned.json", []byte(assigned), 0o644); err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/assignees/nobody-here") {
				// The plan's check passes: they lose access before the write.
				w.WriteHeader(http.StatusNoContent)
				return
			}
			if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/issues") && bytes.Contains(body, []byte("nobody-here")) {
				w.Header().Set("Content-Type", "application/json; charset=utf-8")
				w.WriteHeader(http.StatusUnprocessableEntity)
				fmt.Fprint(w, `{"message":"Validation Failed","errors":[{"value":"nobody-here","resource":"Issue","field":"assignees","code":"invalid"}],"documentation_url":"https://docs.github.com/rest/issues/issues#create-an-issue","status":"422"}`)
				return
			}
			f.ServeHTTP(w, r)
		}))
		defer srv.Close()
		goldenTranscript(t, golden, "error-422", transcript{args: []string{"apply", "assigned.json", "--yes"}, env: token}.run(t, srv.URL+"/"))
	})
}

// TestTranscriptsNeverRepeatThePrefix: main prints "roadmap: " before an
// error; no message may start with the program's name again.
func TestTranscriptsNeverRepeatThePrefix(t *testing.T) {
	files, _ := filepath.Glob("testdata/transcripts/*.txt")
	if len(files) < 20 {
		t.Fatalf("%d transcripts; run go test ./internal/cli -run Transcripts -update", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if strings.Contains(s, "roadmap: roadmap") || strings.Contains(s, "roadmap: apply:") {
			t.Errorf("%s repeats the program's name", f)
		}
		_, errs, _ := strings.Cut(s, "--- stderr\n")
		errs, _, _ = strings.Cut(errs, "--- exit")
		for _, line := range strings.Split(errs, "\n") {
			if strings.HasPrefix(line, "roadmap: ") && (strings.HasSuffix(line, "[]") || strings.Contains(line, "GET http")) {
				t.Errorf("%s: an error ends in go-github's noise: %s", f, line)
			}
		}
	}
}

// TestGraphWithToken: with a token, the picture shows the issues' numbers,
// each milestone's progress as GitHub counts it, and what is new.
func TestGraphWithToken(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	f.AddRepo("octo-org", "octo-repo")
	dir := t.TempDir()
	file := writeFile(t, dir, "roadmap.json", transcriptRoadmap)
	env := map[string]string{"GITHUB_TOKEN": "t", "GITHUB_API_URL": f.URL, "ROADMAP_WRITE_INTERVAL": "0"}
	if _, stderr, code := runCLI(t, env, "", false, "apply", file, "--yes"); code != 0 {
		t.Fatalf("apply: exit %d, %s", code, stderr)
	}
	// A new issue, blocked by the engine, not applied yet.
	more := strings.Replace(transcriptRoadmap, `"blocked_by": ["engine"]}`, `"blocked_by": ["engine"]},
    {"id": "docs", "title": "Document it", "milestone": "M1: Foundation", "blocked_by": ["bench"]}`, 1)
	writeFile(t, dir, "roadmap.json", more)
	stdout, stderr, code := runCLI(t, env, "", false, "graph", file)
	if code != 0 {
		t.Fatalf("graph: exit %d, %s", code, stderr)
	}
	for _, want := range []string{
		"section M1#58; Foundation · 0 of 2 closed (0%)",                    // GitHub's counts
		"#35;1 Latency benchmarks for #35;12", "#35;2 Collaboration engine", // numbers from GitHub
		"class i3 new", "linkStyle 1 stroke:#1a7f37", // the new issue and its new dependency
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the picture lacks %q:\n%s", want, stdout)
		}
	}
	if f.Writes() != 7 {
		t.Errorf("%d writes: graph must write nothing", f.Writes())
	}
}
