package gh_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
)

// canned is a client whose every request is answered by answer, on a test
// clock, with the count of requests sent.
func canned(t *testing.T, opts gh.Options, answer func(req *http.Request, n int) *http.Response) (*gh.Client, *testClock, *atomic.Int32) {
	t.Helper()
	clock := newTestClock()
	var n atomic.Int32
	opts.Token, opts.Repository, opts.Sleep, opts.Now = "t", "octo-org/octo-repo", clock.Sleep, clock.Now
	if opts.APIURL == "" {
		opts.APIURL = "https://api.github.example/"
	}
	opts.HTTPClient = &http.Client{Transport: roundTrip(func(req *http.Request) (*http.Response, error) {
		resp := answer(req, int(n.Add(1)))
		resp.Request = req
		if resp.Header == nil {
			resp.Header = http.Header{}
		}
		return resp, nil
	})}
	c, err := gh.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c, clock, &n
}

func jsonAnswer(status int, body string, header ...string) *http.Response {
	h := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	for i := 0; i+1 < len(header); i += 2 {
		h.Set(header[i], header[i+1])
	}
	return &http.Response{StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status)), Header: h,
		Body: io.NopCloser(strings.NewReader(body))}
}

// TestIssueFieldsRead: every field the plan and import read from GitHub's
// issue object, including those the fake always answers empty.
func TestIssueFieldsRead(t *testing.T) {
	c, _, _ := canned(t, gh.Options{}, func(req *http.Request, _ int) *http.Response {
		return jsonAnswer(200, `{"id": 77, "number": 5, "repository_url": "https://api.github.example/repos/octo-org/octo-repo",
		  "title": "T", "body": "B", "state": "closed", "state_reason": "not_planned", "html_url": "https://github.example/o/r/issues/5",
		  "comments": 4, "reactions": {"total_count": 3}, "sub_issues_summary": {"total": 2}, "issue_dependencies_summary": {"total_blocked_by": 1},
		  "labels": [{"name": "bug"}], "milestone": {"title": "M1"}, "assignees": [{"login": "alice"}], "type": {"name": "Bug"},
		  "user": {"login": "bob", "type": "User"}, "author_association": "MEMBER", "created_at": "2026-01-02T03:04:05Z"}`)
	})
	is, err := c.GetIssue(context.Background(), 5)
	if err != nil || is == nil {
		t.Fatalf("%+v, %v", is, err)
	}
	got := fmt.Sprintf("%d #%d %s %s %s/%s %s c%d r%d s%d b%d %v %s %v %s %s/%s %s %s", is.ID, is.Number, is.Title, is.Body, is.State, is.StateReason, is.URL,
		is.Comments, is.Reactions, is.SubIssueCount, is.BlockedByCount, is.Labels, is.Milestone, is.Assignees, is.Type, is.Author, is.AuthorType,
		is.AuthorAssociation, is.Created.Format(time.RFC3339))
	want := "77 #5 T B closed/not_planned https://github.example/o/r/issues/5 c4 r3 s2 b1 [bug] M1 [alice] Bug bob/User MEMBER 2026-01-02T03:04:05Z"
	if got != want {
		t.Errorf("read\n %s\nwant\n %s", got, want)
	}
	// An issue with nothing optional: no body, no user (a deleted account).
	c, _, _ = canned(t, gh.Options{}, func(*http.Request, int) *http.Response {
		return jsonAnswer(200, `{"id": 1, "number": 5, "title": "T", "body": null, "state": "open", "user": null}`)
	})
	if is, err := c.GetIssue(context.Background(), 5); err != nil || is.Body != "" || is.Author != "" || is.Reactions != 0 || is.Milestone != "" || is.Type != "" {
		t.Errorf("%+v, %v", is, err)
	}
}

// TestTransportEdges: the limits of each wait, the body of a write sent
// again, and answers GitHub gives rarely.
func TestTransportEdges(t *testing.T) {
	ctx := context.Background()
	limit := func(reset time.Time) *http.Response {
		return jsonAnswer(403, `{"message": "API rate limit exceeded for installation ID 1."}`,
			"X-RateLimit-Remaining", "0", "X-RateLimit-Reset", fmt.Sprint(reset.Unix()))
	}
	t.Run("a primary limit is waited for once; a second stops", func(t *testing.T) {
		var clock *testClock
		c, clock, n := canned(t, gh.Options{}, func(req *http.Request, n int) *http.Response {
			if n <= 2 {
				return limit(clock.Now().Add(10 * time.Second))
			}
			return jsonAnswer(200, `[]`)
		})
		_, err := c.ListLabels(ctx)
		var ae *gh.APIError
		if err == nil || n.Load() != 2 || len(clock.Sleeps()) != 1 || clock.Sleeps()[0] != 11*time.Second {
			t.Errorf("err %v (%v), %d requests, waits %v", err, errors.As(err, &ae), n.Load(), clock.Sleeps())
		}
	})
	for _, tt := range []struct {
		name    string
		maxWait time.Duration
		answer  func(now time.Time) *http.Response
		wait    time.Duration
	}{
		{"a primary limit lifting exactly at the longest wait is waited for", 21 * time.Second,
			func(now time.Time) *http.Response { return limit(now.Add(20 * time.Second)) }, 21 * time.Second},
		{"a secondary limit asking exactly the longest wait is waited for", 90 * time.Second,
			func(time.Time) *http.Response {
				return jsonAnswer(403, `{"message": "You have exceeded a secondary rate limit."}`, "Retry-After", "90")
			}, 90 * time.Second},
		{"Retry-After: 0 is no answer: a secondary limit waits a minute", 0,
			func(time.Time) *http.Response {
				return jsonAnswer(403, `{"message": "You have exceeded a secondary rate limit."}`, "Retry-After", "0")
			}, time.Minute},
		{"429 without any header waits a minute", 0,
			func(time.Time) *http.Response { return jsonAnswer(429, `{"message": "Too Many Requests"}`) }, time.Minute},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var clock *testClock
			c, clock, n := canned(t, gh.Options{MaxWait: tt.maxWait}, func(req *http.Request, n int) *http.Response {
				if n == 1 {
					return tt.answer(clock.Now())
				}
				return jsonAnswer(200, `[]`)
			})
			if _, err := c.ListLabels(ctx); err != nil || n.Load() != 2 {
				t.Fatalf("err %v, %d requests", err, n.Load())
			}
			if s := clock.Sleeps(); len(s) != 1 || s[0] != tt.wait {
				t.Errorf("waits %v, want %v", s, tt.wait)
			}
		})
	}
	t.Run("a 403 that is no limit is final", func(t *testing.T) {
		c, clock, n := canned(t, gh.Options{}, func(*http.Request, int) *http.Response {
			return jsonAnswer(403, `{"message": "Resource not accessible by integration"}`)
		})
		var ae *gh.APIError
		if err := postLabel(c); !errors.As(err, &ae) || !ae.Forbidden() || n.Load() != 1 || len(clock.Sleeps()) != 0 {
			t.Errorf("err %v, %d requests, waits %v", err, n.Load(), clock.Sleeps())
		}
	})
	t.Run("an error body cut short is not read as a limit", func(t *testing.T) {
		c, clock, n := canned(t, gh.Options{}, func(*http.Request, int) *http.Response {
			r := jsonAnswer(403, "")
			r.Body = io.NopCloser(io.MultiReader(strings.NewReader(`{"message": "You have exceeded a secondary rate limit`), errReader{}))
			return r
		})
		if err := postLabel(c); err == nil || n.Load() != 1 || len(clock.Sleeps()) != 0 {
			t.Errorf("err %v, %d requests, waits %v: a broken answer is not a limit to wait out", err, n.Load(), clock.Sleeps())
		}
	})
	t.Run("a PATCH sent again carries its body again", func(t *testing.T) {
		f, repo, c, _ := clocked(t, gh.Options{WriteInterval: 0})
		repo.AddLabel(githubfake.Label{Name: "bug"})
		f.FailNextWrites(1, 502)
		if err := patchLabel(c); err != nil {
			t.Fatal(err)
		}
		reqs := f.Requests()
		if len(reqs) != 2 || reqs[0].Body == "" || reqs[1].Body != reqs[0].Body {
			t.Errorf("bodies %q and %q", reqs[0].Body, reqs[1].Body)
		}
		if c.Requests() != 2 || c.Writes() != 2 || c.Reads() != 0 {
			t.Errorf("the client counts %d requests, %d writes, %d reads", c.Requests(), c.Writes(), c.Reads())
		}
	})
	t.Run("a write sent again through any transport carries its body again", func(t *testing.T) {
		var bodies []string
		c, _, n := canned(t, gh.Options{}, func(req *http.Request, n int) *http.Response {
			b, _ := io.ReadAll(req.Body) // a transport that reads the body, as every one does
			bodies = append(bodies, string(b))
			if n == 1 {
				return jsonAnswer(502, `{"message": "Server Error"}`)
			}
			return jsonAnswer(200, `{"name": "bug"}`)
		})
		if err := patchLabel(c); err != nil || n.Load() != 2 {
			t.Fatalf("err %v, %d requests", err, n.Load())
		}
		if bodies[0] == "" || bodies[1] != bodies[0] {
			t.Errorf("bodies %q", bodies)
		}
	})
	t.Run("a connection that drops every time: four retries, then the error", func(t *testing.T) {
		var tries atomic.Int32
		clock := newTestClock()
		c, err := gh.New(gh.Options{Token: "t", APIURL: "https://api.github.example/", Repository: "octo-org/octo-repo", Sleep: clock.Sleep, Now: clock.Now,
			HTTPClient: &http.Client{Transport: roundTrip(func(*http.Request) (*http.Response, error) {
				tries.Add(1)
				return nil, errors.New("connection reset by peer")
			})}})
		if err != nil {
			t.Fatal(err)
		}
		if err := listLabels(c); err == nil || tries.Load() != 5 {
			t.Errorf("err %v after %d tries, want 5", err, tries.Load())
		}
		if s := clock.Sleeps(); !slices.Equal(s, seconds(1, 2, 4, 8)) {
			t.Errorf("waits %v", s)
		}
	})
	t.Run("the backoff stays at 30 s however many retries are allowed", func(t *testing.T) {
		f, _, c, clock := clocked(t, gh.Options{MaxRetries: 70})
		f.FailNext(71, 503)
		if err := listLabels(c); err == nil || f.Reads() != 71 {
			t.Fatalf("err %v, %d reads", err, f.Reads())
		}
		s := clock.Sleeps()
		if len(s) != 70 || !slices.Equal(s[:6], seconds(1, 2, 4, 8, 16, 30)) {
			t.Fatalf("%d waits, first %v", len(s), s[:min(len(s), 6)])
		}
		for i, d := range s[5:] {
			if d != 30*time.Second {
				t.Fatalf("wait %d is %v, want 30s", i+6, d)
			}
		}
	})
	t.Run("a wait that reaches the longest wait exactly is waited", func(t *testing.T) {
		f, _, c, clock := clocked(t, gh.Options{MaxWait: 31 * time.Second})
		f.LimitRemaining(1, clock.Now().Add(30*time.Second))
		for range 2 {
			if err := listLabels(c); err != nil {
				t.Fatal(err)
			}
		}
		if s := clock.Sleeps(); !slices.Equal(s, seconds(31)) {
			t.Errorf("waits %v", s)
		}
	})
	t.Run("stopped: until the limit lifts, then requests go again, and the stop says GitHub's words", func(t *testing.T) {
		f, _, c, clock := clocked(t, gh.Options{})
		f.ExhaustPrimary(clock.Now().Add(30 * time.Minute))
		if err := listLabels(c); err == nil {
			t.Fatal("a limit lifting in 30 min did not stop the read")
		}
		f.ExhaustPrimary(time.Time{}) // GitHub would answer again; the client must not ask
		_ = clock.Sleep(ctx, 2*time.Minute)
		err := listLabels(c)
		if err == nil || f.Reads() != 1 || !strings.Contains(err.Error(), "API rate limit exceeded for installation ID 1") {
			t.Errorf("2 min later: %v, %d reads; want refused without a request, in GitHub's words", err, f.Reads())
		}
		_ = clock.Sleep(ctx, 29*time.Minute)
		if err := listLabels(c); err != nil || f.Reads() != 2 {
			t.Errorf("after the reset: %v, %d reads", err, f.Reads())
		}
	})
	t.Run("a primary limit whose reset has passed, answered twice, stops for a minute", func(t *testing.T) {
		var clock *testClock
		c, clock, n := canned(t, gh.Options{}, func(req *http.Request, n int) *http.Response {
			if n <= 2 {
				return limit(clock.Now().Add(-10 * time.Second))
			}
			return jsonAnswer(200, `[]`)
		})
		if err := listLabels(c); err == nil || n.Load() != 2 {
			t.Fatalf("err %v, %d requests", err, n.Load())
		}
		if err := listLabels(c); err == nil || n.Load() != 2 {
			t.Errorf("right after: %v, %d requests; want refused, unsent", err, n.Load())
		}
		_ = clock.Sleep(ctx, time.Minute)
		if err := listLabels(c); err != nil || n.Load() != 3 {
			t.Errorf("a minute later: %v, %d requests", err, n.Load())
		}
	})
	t.Run("retries as asked: none, or two", func(t *testing.T) {
		for _, tt := range []struct{ retries, sent int }{{-1, 1}, {2, 3}} {
			f, _, c, _ := clocked(t, gh.Options{MaxRetries: tt.retries})
			f.FailNext(9, 502)
			if err := listLabels(c); err == nil || f.Reads() != tt.sent {
				t.Errorf("MaxRetries %d: %v, %d reads, want %d", tt.retries, err, f.Reads(), tt.sent)
			}
		}
	})
	t.Run("a negative write interval is the default second", func(t *testing.T) {
		_, _, c, clock := clocked(t, gh.Options{WriteInterval: -1})
		for _, name := range []string{"a", "b"} {
			if err := c.CreateLabel(ctx, name, nil, nil); err != nil {
				t.Fatal(err)
			}
		}
		if s := clock.Sleeps(); len(s) != 1 || s[0] != time.Second {
			t.Errorf("waits %v, want one second between two writes", s)
		}
	})
	t.Run("a cancelled wait ends the request", func(t *testing.T) {
		f, _, c, clock := clocked(t, gh.Options{})
		f.LimitRemaining(1, clock.Now().Add(30*time.Second))
		if err := listLabels(c); err != nil {
			t.Fatal(err)
		}
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := c.ListLabels(cctx); !errors.Is(err, context.Canceled) || f.Reads() != 1 {
			t.Errorf("err %v, %d reads", err, f.Reads())
		}
	})
	t.Run("redirects: at most 10 for a read", func(t *testing.T) {
		var hops atomic.Int32
		var srv *httptest.Server
		srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, srv.URL+fmt.Sprintf("/repos/octo-org/octo-repo/labels?hop=%d", hops.Add(1)), http.StatusFound)
		}))
		defer srv.Close()
		c, err := gh.New(gh.Options{Token: "t", APIURL: srv.URL, Repository: "octo-org/octo-repo"})
		if err != nil {
			t.Fatal(err)
		}
		if err := listLabels(c); err == nil || !strings.Contains(err.Error(), "stopped after 10 redirects") || hops.Load() != 10 {
			t.Errorf("err %v after %d requests, want 10: the first and 9 redirects", err, hops.Load())
		}
	})
	t.Run("a redirect to another host is followed, not learned as a rename", func(t *testing.T) {
		other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `[]`)
		}))
		defer other.Close()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+"/repositories/1/labels", http.StatusMovedPermanently)
		}))
		defer srv.Close()
		c, err := gh.New(gh.Options{Token: "t", APIURL: srv.URL, Repository: "octo-org/octo-repo"})
		if err != nil {
			t.Fatal(err)
		}
		if err := listLabels(c); err != nil || c.Renamed() != "" {
			t.Errorf("err %v, renamed %q", err, c.Renamed())
		}
	})
	t.Run("refused relations are errors", func(t *testing.T) {
		_, repo, c, _ := clocked(t, gh.Options{WriteInterval: 0})
		n := repo.AddIssue(githubfake.Issue{Title: "A"})
		id := repo.Issue(n).ID
		var ae *gh.APIError
		if err := c.AddSubIssue(ctx, n, id); !errors.As(err, &ae) || ae.Status != 422 {
			t.Errorf("an issue as its own sub-issue: %v", err)
		}
		if err := c.AddBlockedBy(ctx, n, id); !errors.As(err, &ae) || ae.Status != 422 {
			t.Errorf("an issue blocked by itself: %v", err)
		}
	})
	t.Run("comments of issue 0 are not asked", func(t *testing.T) {
		f, _, c, _ := clocked(t, gh.Options{})
		if _, err := c.ListIssueComments(ctx, 0); err == nil || f.Reads() != 0 {
			t.Errorf("err %v, %d reads", err, f.Reads())
		}
	})
	t.Run("a 500 may have been performed", func(t *testing.T) {
		f, _, c, _ := clocked(t, gh.Options{})
		f.FailNextWrites(1, 500)
		var ae *gh.APIError
		if err := postLabel(c); !errors.As(err, &ae) || !ae.Uncertain() {
			t.Errorf("err %v", err)
		}
	})
	t.Run("the default branch, or why not", func(t *testing.T) {
		c, _, _ := canned(t, gh.Options{}, func(*http.Request, int) *http.Response { return jsonAnswer(200, `{"name": "r"}`) })
		if _, err := c.DefaultBranch(ctx); err == nil || !strings.Contains(err.Error(), "GitHub names no default branch") {
			t.Errorf("err %v", err)
		}
		c, _, _ = canned(t, gh.Options{}, func(*http.Request, int) *http.Response { return jsonAnswer(404, `{"message": "Not Found"}`) })
		if _, err := c.DefaultBranch(ctx); err == nil || !strings.Contains(err.Error(), "reading octo-org/octo-repo") {
			t.Errorf("err %v", err)
		}
	})
	t.Run("milestones over two pages, and a failing page", func(t *testing.T) {
		f, repo, c, _ := clocked(t, gh.Options{MaxRetries: -1})
		for i := range 101 {
			repo.AddMilestone(githubfake.Milestone{Title: fmt.Sprintf("M%03d", i)})
		}
		if ms, err := c.ListMilestones(ctx); err != nil || len(ms) != 101 || f.Reads() != 2 {
			t.Errorf("%d milestones, %v, %d reads", len(ms), err, f.Reads())
		}
		f.FailNext(1, 500)
		if _, err := c.ListMilestones(ctx); err == nil || !strings.Contains(err.Error(), "listing milestones of octo-org/octo-repo") {
			t.Errorf("err %v", err)
		}
	})
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("connection reset by peer") }

// TestSleep: the real clock's wait ends when its time is up or its context
// ends, whichever comes first; a wait of nothing only reports the context.
func TestSleep(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for range 50 { // a zero timer racing a done context would win half the time
		if err := gh.Sleep(cancelled, 0); !errors.Is(err, context.Canceled) {
			t.Fatalf("Sleep(cancelled, 0) = %v", err)
		}
	}
	if err := gh.Sleep(context.Background(), 0); err != nil {
		t.Errorf("Sleep(0) = %v", err)
	}
	short, cancel2 := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel2()
	if err := gh.Sleep(short, time.Hour); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("an hour's wait in a context of 10ms: %v", err)
	}
	if err := gh.Sleep(context.Background(), time.Millisecond); err != nil {
		t.Errorf("Sleep(1ms) = %v", err)
	}
}

// TestWaitsKeepTheConnection: an answer waited out (a limit, a fault) is
// read and closed before the next try, so the connection is used again.
func TestWaitsKeepTheConnection(t *testing.T) {
	f, _, c, _ := clocked(t, gh.Options{WriteInterval: 0})
	f.SecondaryLimitNext(2, 403, 1)
	f.FailNext(2, 502)
	if err := listLabels(c); err != nil {
		t.Fatal(err)
	}
	if err := postLabel(c); err != nil {
		t.Fatal(err)
	}
	if n := f.Connections(); n != 1 {
		t.Errorf("%d connections for 6 requests, want 1", n)
	}
}

// TestAnswersWorded: the reason of answers GitHub gives rarely, and the
// kind of refusal each is.
func TestAnswersWorded(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name   string
		answer *http.Response
		words  string
		limit  bool
	}{
		{"a 300 is a redirect not followed", jsonAnswer(300, `{}`, "Location", "https://api.github.example/repositories/1/labels/bug"),
			"GitHub says 300: the write was redirected to https://api.github.example/repositories/1/labels/bug (the issue was transferred, or the repository moved); nothing was written", false},
		{"a 400 is GitHub's own words", jsonAnswer(400, `{"message": "Problems parsing JSON"}`), "GitHub says Problems parsing JSON", false},
		{"no message: the status", jsonAnswer(404, `{}`), "GitHub says 404 Not Found", false},
		{"a 403 secondary limit without its documentation link", jsonAnswer(403, `{"message": "You have exceeded a secondary rate limit."}`),
			"GitHub's rate limit: You have exceeded a secondary rate limit.", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, _, _ := canned(t, gh.Options{MaxWait: time.Second}, func(*http.Request, int) *http.Response {
				r := *tt.answer
				r.Body = io.NopCloser(strings.NewReader(mustRead(tt.answer)))
				return &r
			})
			color := "ee0701"
			err := c.UpdateLabel(ctx, "bug", nil, &color, nil)
			var ae *gh.APIError
			if !errors.As(err, &ae) || ae.Error() != tt.words || ae.RateLimited != tt.limit {
				t.Errorf("%#v\nwant %q, rate limited %v", err, tt.words, tt.limit)
			}
		})
	}
	t.Run("the old abuse limit names no time", func(t *testing.T) {
		c, _, n := canned(t, gh.Options{}, func(*http.Request, int) *http.Response {
			return jsonAnswer(403, `{"message": "You have triggered an abuse detection mechanism.", "documentation_url": "https://developer.github.com/v3/#abuse-rate-limits"}`)
		})
		var ae *gh.APIError
		if err := postLabel(c); !errors.As(err, &ae) || !ae.RateLimited || !ae.Reset.IsZero() || n.Load() != 6 {
			t.Errorf("%v (reset %v, %d requests): want a rate limit that names no time, after 5 waits", err, ae.Reset, n.Load())
		}
	})
	t.Run("a milestone's update answers its page", func(t *testing.T) {
		_, repo, c, _ := clocked(t, gh.Options{})
		n := repo.AddMilestone(githubfake.Milestone{Title: "M1"})
		desc := "x"
		if url, err := c.UpdateMilestone(ctx, n, gh.MilestoneFields{Description: &desc}); err != nil || !strings.HasSuffix(url, fmt.Sprintf("/milestone/%d", n)) {
			t.Errorf("%q, %v", url, err)
		}
	})
	t.Run("after a rename, sub-issues and blockers are the repository's own", func(t *testing.T) {
		_, repo, c, _ := clocked(t, gh.Options{})
		a := repo.AddIssue(githubfake.Issue{Title: "A"})
		b := repo.AddIssue(githubfake.Issue{Title: "B"})
		repo.SetParent(b, a)
		repo.AddBlockedBy(b, a)
		repo.Rename("other-org", "new-name")
		if _, err := c.ListIssues(ctx, ""); err != nil {
			t.Fatal(err)
		}
		subs, err1 := c.ListSubIssues(ctx, a)
		blockers, err2 := c.ListBlockedBy(ctx, b)
		if err1 != nil || err2 != nil || !slices.Equal(subs, []int{b}) || !slices.Equal(blockers, []int{a}) {
			t.Errorf("sub-issues %v (%v), blockers %v (%v)", subs, err1, blockers, err2)
		}
	})
}

func mustRead(r *http.Response) string {
	b, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(strings.NewReader(string(b)))
	return string(b)
}

// TestEnterpriseVersions: what GET /meta's installed_version says the
// server lacks; a version that can't be read is taken to have everything.
func TestEnterpriseVersions(t *testing.T) {
	for version, want := range map[string]string{
		"3.17": "dependencies sub-issues", "3.18.4": "dependencies sub-issues", "3.19.0": "sub-issues",
		"3.20.1": "", "4.0.0": "", "3": "", "": "",
	} {
		c, _, _ := canned(t, gh.Options{APIURL: "https://ghes.example/api/v3"}, func(*http.Request, int) *http.Response {
			return jsonAnswer(200, `{"installed_version": "`+version+`"}`)
		})
		missing, err := c.Features(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, k := range []string{"dependencies", "sub-issues"} {
			if _, ok := missing[k]; ok {
				got = append(got, k)
			}
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%q lacks %v, want %q", version, got, want)
		}
	}
}
