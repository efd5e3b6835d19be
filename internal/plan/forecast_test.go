package plan

import (
	"fmt"
	"testing"
	"time"
)

func planOf(writes int) *Plan {
	p := &Plan{}
	for i := range writes {
		p.Changes = append(p.Changes, Change{Kind: KindIssue, Action: ActionCreate, Key: fmt.Sprint(i)})
	}
	return p
}

func TestForecast(t *testing.T) {
	for _, tt := range []struct {
		writes   int
		interval time.Duration
		limit    int
		runs     int
		duration time.Duration
		text     string
	}{
		{0, time.Second, 0, 0, 0, "No writes."},
		{1, time.Second, 0, 1, time.Second, "1 write."},
		{37, time.Second, 0, 1, 37 * time.Second, "37 writes: about 37 s at one write a second."},
		{500, time.Second, 0, 1, 500 * time.Second, "500 writes: about 8 min at one write a second."},
		{501, time.Second, 0, 2, time.Hour + time.Second, "501 writes: about 1 h at one write a second, in at least 2 runs an hour apart"},
		{1520, time.Second, 0, 4, 3*time.Hour + 20*time.Second, "1,520 writes: about 3 h at one write a second, in at least 4 runs an hour apart (GitHub takes about 500 content-creating requests an hour); a run that stops resumes where the last one stopped, so a scheduled run finishes the job."},
		{25, 0, 10, 3, 2 * time.Hour, "25 writes: about 2 h, in at least 3 runs"},
		{7, 0, 0, 1, 0, "7 writes, sent back to back."},
		{90, 250 * time.Millisecond, 0, 1, 22500 * time.Millisecond, "90 writes: about 23 s at one write every 250 ms."},
	} {
		f := planOf(tt.writes).Estimate(tt.interval, tt.limit)
		if f.Runs != tt.runs || f.Duration != tt.duration {
			t.Errorf("%d writes at %v: %d runs, %v; want %d, %v", tt.writes, tt.interval, f.Runs, f.Duration, tt.runs, tt.duration)
		}
		if s := f.String(); len(s) < len(tt.text) || s[:len(tt.text)] != tt.text {
			t.Errorf("%d writes: %q\nwant it to start %q", tt.writes, s, tt.text)
		}
	}
}
