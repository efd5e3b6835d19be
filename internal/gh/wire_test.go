package gh_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/gh"
	"github.com/roadmap-as-code/roadmap/internal/githubfake"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// TestWriteErrors: GitHub's refusals become an *APIError that words the
// reason as GitHub gives it and says what kind of refusal it is.
func TestWriteErrors(t *testing.T) {
	ctx := context.Background()
	bad := "zzz"
	for _, tt := range []struct {
		name  string
		setup func(f *githubfake.Fake, r *githubfake.Repo)
		token string
		write func(c *gh.Client) error
		// want: the status, words of Error(), and the kinds.
		status                                  int
		words                                   string
		exists, forbidden, uncertain, ratelimit bool
	}{
		{name: "an invalid field", write: func(c *gh.Client) error { return c.CreateLabel(ctx, "x", &bad, nil) },
			status: 422, words: "GitHub says color is invalid"},
		{name: "already there", setup: func(_ *githubfake.Fake, r *githubfake.Repo) { r.AddLabel(githubfake.Label{Name: "Bug"}) },
			write: func(c *gh.Client) error { return c.CreateLabel(ctx, "bug", nil, nil) }, status: 422, words: "GitHub says name already exists", exists: true},
		{name: "a milestone already there", setup: func(_ *githubfake.Fake, r *githubfake.Repo) { r.AddMilestone(githubfake.Milestone{Title: "M1"}) },
			write: func(c *gh.Client) error {
				title := "M1"
				_, _, err := c.CreateMilestone(ctx, gh.MilestoneFields{Title: &title})
				return err
			}, status: 422, words: "GitHub says title already exists", exists: true},
		{name: "a login that can't be assigned names it", write: func(c *gh.Client) error {
			_, err := c.CreateIssue(ctx, gh.IssueFields{"title": "x", "assignees": []string{"ghost-user"}})
			return err
		}, status: 422, words: "GitHub says assignees is invalid (ghost-user)"},
		{name: "nothing there", write: func(c *gh.Client) error { return c.UpdateLabel(ctx, "nope", nil, &bad, nil) },
			status: 404, words: "GitHub says Not Found"},
		{name: "a read-only token", setup: func(f *githubfake.Fake, _ *githubfake.Repo) { f.ReadOnly(true) },
			write: func(c *gh.Client) error { return c.CreateLabel(ctx, "x", nil, nil) }, status: 403,
			words: "GitHub says Resource not accessible by integration", forbidden: true},
		{name: "no token", token: "-", write: func(c *gh.Client) error { return c.CreateLabel(ctx, "x", nil, nil) },
			status: 401, words: "GitHub says Requires authentication", forbidden: true},
		{name: "a 502", setup: func(f *githubfake.Fake, _ *githubfake.Repo) { f.FailNextWrites(1, 502) },
			write: func(c *gh.Client) error { return c.CreateLabel(ctx, "x", nil, nil) }, status: 502, words: "GitHub says Server Error", uncertain: true},
		{name: "a connection closed after the write", setup: func(f *githubfake.Fake, _ *githubfake.Repo) { f.LoseAnswer(githubfake.Lost{}) },
			write: func(c *gh.Client) error { return c.CreateLabel(ctx, "x", nil, nil) }, status: 0, words: "no answer from GitHub: ", uncertain: true},
		{name: "a secondary limit that does not lift", setup: func(f *githubfake.Fake, _ *githubfake.Repo) { f.SecondaryLimitNextWrites(6, 403, 7) },
			write: func(c *gh.Client) error { return c.CreateLabel(ctx, "x", nil, nil) }, status: 403, words: "GitHub's rate limit: You have exceeded a secondary rate limit", ratelimit: true},
		{name: "the old abuse limit", setup: func(f *githubfake.Fake, _ *githubfake.Repo) { f.AbuseNext(6) },
			write: func(c *gh.Client) error { return c.CreateLabel(ctx, "x", nil, nil) }, status: 403, words: "GitHub's rate limit: You have triggered an abuse detection mechanism", ratelimit: true},
		{name: "a primary limit far off, as 429", setup: func(f *githubfake.Fake, _ *githubfake.Repo) {
			f.PrimaryStatus(429)
			f.ExhaustPrimary(time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC))
		}, write: func(c *gh.Client) error { return c.CreateLabel(ctx, "x", nil, nil) }, status: 429, words: "GitHub's rate limit: API rate limit exceeded", ratelimit: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, repo, _, clock := clocked(t, gh.Options{})
			token := "t"
			if tt.token == "-" {
				token = ""
			}
			c, err := gh.New(gh.Options{Token: token, APIURL: f.URL, Repository: "octo-org/octo-repo", WriteInterval: 0, Sleep: clock.Sleep, Now: clock.Now})
			if err != nil {
				t.Fatal(err)
			}
			if tt.setup != nil {
				tt.setup(f, repo)
			}
			err = tt.write(c)
			var ae *gh.APIError
			if !errors.As(err, &ae) {
				t.Fatalf("error %#v, want an *gh.APIError", err)
			}
			if ae.Status != tt.status || !strings.HasPrefix(ae.Error(), tt.words) {
				t.Errorf("status %d, %q; want %d, %q…", ae.Status, ae.Error(), tt.status, tt.words)
			}
			if ae.AlreadyExists() != tt.exists || ae.Forbidden() != tt.forbidden || ae.Uncertain() != tt.uncertain || ae.RateLimited != tt.ratelimit {
				t.Errorf("already exists %v, forbidden %v, uncertain %v, rate limited %v; want %v, %v, %v, %v",
					ae.AlreadyExists(), ae.Forbidden(), ae.Uncertain(), ae.RateLimited, tt.exists, tt.forbidden, tt.uncertain, tt.ratelimit)
			}
			// The old abuse limit says neither when nor how long: only it may lack a reset.
			if tt.ratelimit && ae.Reset.IsZero() && tt.name != "the old abuse limit" {
				t.Errorf("a rate limit without the time it lifts: %+v", ae)
			}
		})
	}

	t.Run("a secondary limit says when it lifts by Retry-After", func(t *testing.T) {
		f, _, c, clock := clocked(t, gh.Options{WriteInterval: 0})
		f.SecondaryLimitNextWrites(6, 429, 7)
		var ae *gh.APIError
		if err := postLabel(c); !errors.As(err, &ae) || ae.RetryAfter != 7*time.Second || !ae.Reset.Equal(clock.Now().Add(7*time.Second)) {
			t.Errorf("error %+v; want Retry-After 7s and a reset 7s from now", ae)
		}
	})
	t.Run("a primary limit says when it resets", func(t *testing.T) {
		f, _, c, _ := clocked(t, gh.Options{WriteInterval: 0})
		reset := time.Date(2026, 11, 30, 11, 0, 0, 0, time.UTC)
		f.ExhaustPrimary(reset)
		var ae *gh.APIError
		if err := postLabel(c); !errors.As(err, &ae) || !ae.RateLimited || !ae.Reset.Equal(reset) || ae.Status != 403 {
			t.Errorf("error %+v; want the primary limit resetting at %v", ae, reset)
		}
	})
}

// TestDescribeFailure: what a read's error says for the one-line message,
// and nothing for errors that did not come from GitHub.
func TestDescribeFailure(t *testing.T) {
	f, _, c, _ := clocked(t, gh.Options{WriteInterval: 0})
	ctx := context.Background()
	if _, ok := gh.DescribeFailure(nil); ok {
		t.Error("nil described")
	}
	if _, ok := gh.DescribeFailure(context.Canceled); ok {
		t.Error("a canceled context described as GitHub's")
	}
	if _, ok := gh.DescribeFailure(errors.New("a bad option")); ok {
		t.Error("a plain error described as GitHub's")
	}
	missing, err := gh.New(gh.Options{Token: "t", APIURL: f.URL, Repository: "octo-org/missing"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = missing.ListLabels(ctx)
	if rf, ok := gh.DescribeFailure(err); !ok || rf.Status != 404 || rf.RateLimited {
		t.Errorf("a missing repository: %+v, %v (%v)", rf, ok, err)
	}
	var ae *gh.APIError
	err = missing.UpdateLabel(ctx, "x", nil, nil, nil)
	if rf, ok := gh.DescribeFailure(err); !ok || rf.Status != 404 || !errors.As(err, &ae) {
		t.Errorf("an APIError: %+v, %v (%v)", rf, ok, err)
	}
	reset := time.Date(2026, 11, 30, 11, 0, 0, 0, time.UTC)
	f.ExhaustPrimary(reset)
	_, err = c.ListLabels(ctx)
	if rf, ok := gh.DescribeFailure(err); !ok || rf.Status != 403 || !rf.RateLimited || !rf.Reset.Equal(reset) {
		t.Errorf("an exhausted limit: %+v, %v (%v)", rf, ok, err)
	}
	closed, err := gh.New(gh.Options{Token: "t", APIURL: "http://127.0.0.1:1", Repository: "octo-org/octo-repo", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = closed.ListLabels(ctx)
	if rf, ok := gh.DescribeFailure(err); !ok || rf.Status != 0 {
		t.Errorf("no server: %+v, %v (%v)", rf, ok, err)
	}
}

// ghes is a GitHub Enterprise Server at /api/v3 in front of the fake.
func ghes(t *testing.T, version string) (*githubfake.Fake, *githubfake.Repo, *gh.Client) {
	t.Helper()
	f := githubfake.New()
	t.Cleanup(f.Close)
	repo := f.AddRepo("octo-org", "octo-repo")
	if version != "" {
		f.Enterprise(version)
	}
	srv := httptest.NewServer(http.StripPrefix("/api/v3", f))
	t.Cleanup(srv.Close)
	clock := newTestClock()
	c, err := gh.New(gh.Options{Token: "t", APIURL: srv.URL + "/api/v3", Repository: "octo-org/octo-repo", WriteInterval: 0, Sleep: clock.Sleep, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	return f, repo, c
}

// TestFeatures: what a server lacks is read once from GET /meta on GitHub
// Enterprise Server, never asked of github.com, and learned from a 404
// where the version did not say; then nothing more is sent for it.
func TestFeatures(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		version string
		missing []string
	}{
		{"3.17", []string{state.FeatureDependencies, state.FeatureSubIssues}},
		{"3.18", []string{state.FeatureDependencies, state.FeatureSubIssues}},
		{"3.19", []string{state.FeatureSubIssues}},
		{"", nil}, // a server whose /meta names no version: as github.com
	} {
		t.Run("GHES "+tt.version, func(t *testing.T) {
			f, _, c := ghes(t, tt.version)
			for range 2 {
				missing, err := c.Features(ctx)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, k := range []string{state.FeatureDependencies, state.FeatureSubIssues} {
					if why, ok := missing[k]; ok {
						if !strings.Contains(why, "GitHub Enterprise Server "+tt.version+".0 has no") {
							t.Errorf("why %q", why)
						}
						got = append(got, k)
					}
				}
				if strings.Join(got, ",") != strings.Join(tt.missing, ",") {
					t.Errorf("missing %v, want %v", got, tt.missing)
				}
			}
			if f.Reads() != 1 {
				t.Errorf("%d reads, want GET /meta once", f.Reads())
			}
			// What it lacks is refused here, without a request.
			f.ResetCounts()
			for _, feature := range tt.missing {
				var ue *state.UnsupportedError
				var err error
				if feature == state.FeatureSubIssues {
					_, err = c.ListSubIssues(ctx, 1)
					if err2 := c.AddSubIssue(ctx, 1, 2); !errors.As(err2, &ue) {
						t.Errorf("AddSubIssue: %v", err2)
					}
				} else {
					_, err = c.ListBlockedBy(ctx, 1)
					if err2 := c.AddBlockedBy(ctx, 1, 2); !errors.As(err2, &ue) {
						t.Errorf("AddBlockedBy: %v", err2)
					}
				}
				if !errors.As(err, &ue) || ue.Feature != feature {
					t.Errorf("%s: %v", feature, err)
				}
			}
			if f.Reads()+f.Writes() != 0 {
				t.Errorf("%d requests for what the server lacks", f.Reads()+f.Writes())
			}
		})
	}
	t.Run("github.com is not asked", func(t *testing.T) {
		f, _, c, _ := clocked(t, gh.Options{})
		if missing, err := c.Features(ctx); err != nil || len(missing) != 0 || f.Reads() != 0 {
			t.Errorf("missing %v, err %v, %d reads", missing, err, f.Reads())
		}
	})
	t.Run("a /meta that fails is asked again", func(t *testing.T) {
		f, _, c := ghes(t, "3.19")
		f.FailNext(5, 500)
		if _, err := c.Features(ctx); err == nil || !strings.Contains(err.Error(), "reading the server's version (GET /meta)") {
			t.Fatalf("err %v", err)
		}
		if missing, err := c.Features(ctx); err != nil || len(missing) != 1 {
			t.Errorf("the second time: %v, %v", missing, err)
		}
	})
	t.Run("a 404 says the server lacks it, once", func(t *testing.T) {
		f, repo, c, _ := clocked(t, gh.Options{WriteInterval: 0})
		f.Enterprise("3.19") // at the fake's root: the client does not know it is GHES
		a := repo.AddIssue(githubfake.Issue{Title: "A"})
		b := repo.AddIssue(githubfake.Issue{Title: "B"})
		var ue *state.UnsupportedError
		if _, err := c.ListSubIssues(ctx, a); !errors.As(err, &ue) || ue.Why != "this GitHub answers 404 for the sub-issues API" {
			t.Fatalf("err %v", err)
		}
		f.ResetCounts()
		if err := c.AddSubIssue(ctx, a, 5); !errors.As(err, &ue) || f.Writes() != 0 {
			t.Errorf("after the 404: %v, %d writes", err, f.Writes())
		}
		if missing, _ := c.Features(ctx); len(missing) != 1 {
			t.Errorf("features %v", missing)
		}
		// Dependencies it has: they work, and a 404 for a missing issue is not taken for the server lacking them.
		if nums, err := c.ListBlockedBy(ctx, b); err != nil || len(nums) != 0 {
			t.Errorf("blocked by: %v, %v", nums, err)
		}
	})
}

// TestPrimaryLimit: an exhausted primary limit is waited for when it resets
// within the longest wait, and otherwise stops every request until then,
// without sending them.
func TestPrimaryLimit(t *testing.T) {
	ctx := context.Background()
	t.Run("403 resetting in 20 s: one wait, then the answer", func(t *testing.T) {
		f, _, c, clock := clocked(t, gh.Options{})
		f.ExhaustPrimary(clock.Now().Add(20 * time.Second))
		if _, err := c.ListLabels(ctx); err != nil {
			t.Fatal(err)
		}
		if s := clock.Sleeps(); len(s) != 1 || s[0] != 21*time.Second || f.Reads() != 2 {
			t.Errorf("waits %v, %d reads; want one of 21 s (a second past the reset) and 2 reads", s, f.Reads())
		}
	})
	t.Run("a success that leaves 0: the next request waits for the reset", func(t *testing.T) {
		f, _, c, clock := clocked(t, gh.Options{})
		f.LimitRemaining(1, clock.Now().Add(30*time.Second))
		for range 2 {
			if _, err := c.ListLabels(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if s := clock.Sleeps(); len(s) != 1 || s[0] != 31*time.Second || f.Reads() != 2 {
			t.Errorf("waits %v, %d reads; want one wait of 31 s and no request refused", s, f.Reads())
		}
	})
	for _, tt := range []struct {
		name    string
		maxWait time.Duration
		limit   func(f *githubfake.Fake, now time.Time)
		sent    int
	}{
		{"resetting in half an hour stops", 0, func(f *githubfake.Fake, now time.Time) { f.ExhaustPrimary(now.Add(30 * time.Minute)) }, 1},
		{"a success that leaves 0 until half an hour", 0, func(f *githubfake.Fake, now time.Time) { f.LimitRemaining(1, now.Add(30*time.Minute)) }, 1},
		{"ROADMAP_MAX_WAIT shorter than the reset", 90 * time.Second, func(f *githubfake.Fake, now time.Time) { f.ExhaustPrimary(now.Add(2 * time.Minute)) }, 1},
		{"a secondary limit longer than the longest wait", 90 * time.Second, func(f *githubfake.Fake, _ time.Time) { f.SecondaryLimitNext(1, 403, 120) }, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, _, c, clock := clocked(t, gh.Options{MaxWait: tt.maxWait})
			tt.limit(f, clock.Now())
			_, err1 := c.ListLabels(ctx)
			_, err2 := c.ListLabels(ctx)
			err3 := c.CreateLabel(ctx, "x", nil, nil)
			var ae *gh.APIError
			if !errors.As(err3, &ae) || !ae.RateLimited || ae.Reset.IsZero() {
				t.Errorf("the write: %v", err3)
			}
			if f.Reads()+f.Writes() != tt.sent {
				t.Errorf("%d requests reached GitHub; want %d and nothing after GitHub said stop (%v, %v)", f.Reads()+f.Writes(), tt.sent, err1, err2)
			}
			if err2 == nil || len(clock.Sleeps()) != 0 {
				t.Errorf("second read %v, waits %v: want refused at once", err2, clock.Sleeps())
			}
		})
	}
}
