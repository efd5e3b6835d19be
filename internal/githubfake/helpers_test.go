package githubfake_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

// answer is a decoded response of the fake.
type answer struct {
	Status int
	Header http.Header
	Raw    []byte
	JSON   any
}

func (a answer) obj(t *testing.T) map[string]any {
	t.Helper()
	m, ok := a.JSON.(map[string]any)
	if !ok {
		t.Fatalf("response is not an object: %s", a.Raw)
	}
	return m
}

func (a answer) list(t *testing.T) []any {
	t.Helper()
	l, ok := a.JSON.([]any)
	if !ok {
		t.Fatalf("response is not an array: %s", a.Raw)
	}
	return l
}

// send makes a request with "Authorization: Bearer test-token"; body is marshalled unless it is a
// string or nil.
func send(t *testing.T, f *githubfake.Fake, method, path string, body any) answer {
	t.Helper()
	return sendAuth(t, f, method, path, body, "Bearer test-token")
}

func sendAuth(t *testing.T, f *githubfake.Fake, method, path string, body any, auth string) answer {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	url := path
	if !strings.HasPrefix(path, "http") {
		url = strings.TrimSuffix(f.URL, "/") + path
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	a := answer{Status: resp.StatusCode, Header: resp.Header, Raw: raw}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &a.JSON); err != nil {
			t.Fatalf("%s %s: response is not JSON: %v\n%s", method, path, err, raw)
		}
	}
	return a
}

func expectStatus(t *testing.T, a answer, want int) {
	t.Helper()
	if a.Status != want {
		t.Fatalf("status %d, want %d; body %s", a.Status, want, a.Raw)
	}
}

// expect422 checks GitHub's validation error shape and the one error's resource, code and field.
func expect422(t *testing.T, a answer, resource, code, field string) {
	t.Helper()
	expectStatus(t, a, http.StatusUnprocessableEntity)
	m := a.obj(t)
	if m["message"] != "Validation Failed" {
		t.Errorf("message %v, want Validation Failed", m["message"])
	}
	if s, _ := m["documentation_url"].(string); !strings.HasPrefix(s, "https://docs.github.com/rest") {
		t.Errorf("documentation_url %q", s)
	}
	errs, _ := m["errors"].([]any)
	if len(errs) != 1 {
		t.Fatalf("errors %v, want one", m["errors"])
	}
	e := errs[0].(map[string]any)
	if e["resource"] != resource || e["code"] != code || e["field"] != field {
		t.Errorf("error %v, want resource %s code %s field %s", e, resource, code, field)
	}
}

// newClient is a go-github client for the fake.
func newClient(t *testing.T, f *githubfake.Fake) *github.Client {
	t.Helper()
	c := github.NewClient(nil).WithAuthToken("x")
	u, err := c.BaseURL.Parse(f.URL)
	if err != nil {
		t.Fatal(err)
	}
	c.BaseURL = u
	c.UploadURL = u
	return c
}

func newFake(t *testing.T) (*githubfake.Fake, *githubfake.Repo) {
	t.Helper()
	f := githubfake.New()
	t.Cleanup(f.Close)
	return f, f.AddRepo("octo-org", "octo-repo")
}

func numbersOf(t *testing.T, items []any) []int {
	t.Helper()
	out := make([]int, 0, len(items))
	for _, it := range items {
		out = append(out, int(it.(map[string]any)["number"].(float64)))
	}
	return out
}

func namesOf(items []any) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, it.(map[string]any)["name"].(string))
	}
	return out
}
