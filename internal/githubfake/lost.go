package githubfake

import (
	"net/http"
	"strings"
)

// Lost is a write GitHub performs and whose answer then never arrives
// whole: a 502 from a proxy that gave up waiting, or a connection that
// dropped. The client can't tell whether the write happened, and GitHub
// says nothing about it: "5xx … the request may or may not have been
// processed" is the case every client that creates things must handle
// (https://docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api).
// FailNext stands for the other case, a write refused before it was done.
type Lost struct {
	// Method and Path choose the writes: Method exactly ("" any write),
	// Path as the end of the request's path without its query ("" any
	// path): "/labels", "/milestones", "/issues", "/sub_issues",
	// "/dependencies/blocked_by", "/issues/3".
	Method, Path string
	// Status is answered instead of the write's own answer: 500, 502, 503
	// or 504. 0 closes the connection without any answer.
	Status int
	// Times is how many matching writes lose their answer (0 means 1).
	Times int
}

// LoseAnswer makes the next matching writes (l.Times of them) be performed,
// then answered l.Status, or the connection closed when l.Status is 0.
// Only a write that succeeds is lost: one refused (a 422) is answered as
// it is. Faults are taken first queued first.
func (f *Fake) LoseAnswer(l Lost) {
	if l.Times <= 0 {
		l.Times = 1
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lost = append(f.lost, &l)
}

// loseAnswer takes the first fault matching a performed write: the answer
// to send instead, and whether to hang up without one. f.mu is held.
func (f *Fake) loseAnswer(r *http.Request, resp response) (response, bool) {
	for i, l := range f.lost {
		if l.Method != "" && l.Method != r.Method || !strings.HasSuffix(r.URL.Path, l.Path) {
			continue
		}
		l.Times--
		if l.Times <= 0 {
			f.lost = append(f.lost[:i:i], f.lost[i+1:]...)
		}
		if l.Status == 0 {
			return response{status: 0}, true
		}
		return response{status: l.Status, body: map[string]any{
			"message":           faultMessage(l.Status),
			"documentation_url": docRoot,
		}}, false
	}
	return resp, false
}

// hangUpOn closes the connection of w without answering: the client reads
// an unexpected EOF, as when a connection drops mid-answer.
func hangUpOn(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("githubfake: the server can't close a connection (no http.Hijacker)")
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic("githubfake: closing a connection: " + err.Error())
	}
	conn.Close()
}
