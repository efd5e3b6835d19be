package githubfake_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestLimits(t *testing.T) {
	const repo = "/repos/octo-org/octo-repo"
	t.Run("the last request of a window succeeds with remaining 0", func(t *testing.T) {
		f, _ := newFake(t)
		now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
		f.Now = func() time.Time { return now }
		f.LimitRemaining(2, now.Add(time.Minute))
		a := send(t, f, "GET", repo+"/labels", nil)
		if a.Status != 200 || a.Header.Get("X-RateLimit-Remaining") != "1" {
			t.Fatalf("first: %d remaining %s", a.Status, a.Header.Get("X-RateLimit-Remaining"))
		}
		a = send(t, f, "GET", repo+"/labels", nil)
		if a.Status != 200 || a.Header.Get("X-RateLimit-Remaining") != "0" || a.Header.Get("X-RateLimit-Reset") != "1796119260" {
			t.Fatalf("second: %d remaining %s reset %s", a.Status, a.Header.Get("X-RateLimit-Remaining"), a.Header.Get("X-RateLimit-Reset"))
		}
		if a = send(t, f, "GET", repo+"/labels", nil); a.Status != 403 {
			t.Fatalf("third: %d", a.Status)
		}
		now = now.Add(time.Minute)
		if a = send(t, f, "GET", repo+"/labels", nil); a.Status != 200 || a.Header.Get("X-RateLimit-Remaining") != "4999" {
			t.Fatalf("after the reset: %d remaining %s", a.Status, a.Header.Get("X-RateLimit-Remaining"))
		}
	})
	t.Run("a primary limit answered 429", func(t *testing.T) {
		f, _ := newFake(t)
		f.PrimaryStatus(http.StatusTooManyRequests)
		f.ExhaustPrimary(time.Now().Add(time.Hour))
		a := send(t, f, "GET", repo+"/labels", nil)
		if a.Status != 429 || a.Header.Get("X-RateLimit-Remaining") != "0" || !strings.Contains(a.obj(t)["message"].(string), "API rate limit exceeded") {
			t.Fatalf("%d %s", a.Status, a.Raw)
		}
	})
	t.Run("the old abuse answer", func(t *testing.T) {
		f, _ := newFake(t)
		f.AbuseNext(1)
		a := send(t, f, "POST", repo+"/labels", map[string]any{"name": "x"})
		if a.Status != 403 || a.Header.Get("Retry-After") != "" || !strings.HasSuffix(a.obj(t)["documentation_url"].(string), "#abuse-rate-limits") {
			t.Fatalf("%d %v %s", a.Status, a.Header, a.Raw)
		}
		if a = send(t, f, "POST", repo+"/labels", map[string]any{"name": "x"}); a.Status != 201 {
			t.Fatalf("after it: %d", a.Status)
		}
	})
	t.Run("the hourly content cap", func(t *testing.T) {
		f, _ := newFake(t)
		now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
		f.Now = func() time.Time { return now }
		f.ContentLimit(2, true)
		for i, want := range []int{201, 201, 403} {
			a := send(t, f, "POST", repo+"/issues", map[string]any{"title": "x"})
			if a.Status != want {
				t.Fatalf("write %d: %d %s", i+1, a.Status, a.Raw)
			}
			if want == 403 && (a.Header.Get("Retry-After") != "3600" || !strings.Contains(string(a.Raw), "secondary rate limit")) {
				t.Errorf("capped answer: %v %s", a.Header, a.Raw)
			}
			now = now.Add(0)
		}
		if a := send(t, f, "GET", repo+"/issues", nil); a.Status != 200 {
			t.Errorf("a read under the cap: %d", a.Status)
		}
		now = now.Add(time.Hour + time.Second)
		if a := send(t, f, "POST", repo+"/issues", map[string]any{"title": "x"}); a.Status != 201 {
			t.Errorf("an hour later: %d", a.Status)
		}
		f.ContentLimit(1, false)
		send(t, f, "POST", repo+"/issues", map[string]any{"title": "y"})
		if a := send(t, f, "POST", repo+"/issues", map[string]any{"title": "z"}); a.Status != 403 || a.Header.Get("Retry-After") != "" {
			t.Errorf("without Retry-After: %d %v", a.Status, a.Header)
		}
	})
	t.Run("connections are counted", func(t *testing.T) {
		f, _ := newFake(t)
		for range 3 {
			send(t, f, "GET", repo+"/labels", nil)
		}
		if n := f.Connections(); n < 1 || n > 3 {
			t.Errorf("%d connections", n)
		}
	})
}
