package plan

import (
	"fmt"
	"strings"
	"time"
)

// HourlyContentLimit is about how many content-creating requests GitHub
// takes from one integration in an hour ("no more than 500
// content-generating requests per hour", GitHub's documentation on
// secondary rate limits); beyond it GitHub refuses writes until the hour
// has passed.
const HourlyContentLimit = 500

// Forecast is how long apply will take: its writes at the pace between
// writes, and GitHub's hourly limit on content-creating requests.
type Forecast struct {
	Writes int
	// Interval is the pause between writes (ROADMAP_WRITE_INTERVAL).
	Interval time.Duration
	// Duration is the time from the first write to the last, the hours the
	// hourly limit makes it wait included.
	Duration time.Duration
	// Runs is how many applies it takes at least: a run that meets the
	// hourly limit stops ("run again after …") and the next resumes.
	Runs int
}

// Estimate says how long applying p will take at interval between writes
// under GitHub's hourly limit of hourlyLimit writes (0: HourlyContentLimit).
// Callers that know the pace put it in p.Forecast for the renderers.
func (p *Plan) Estimate(interval time.Duration, hourlyLimit int) Forecast {
	if hourlyLimit <= 0 {
		hourlyLimit = HourlyContentLimit
	}
	f := Forecast{Writes: p.Writes(), Interval: interval}
	if f.Writes == 0 {
		return f
	}
	f.Runs = (f.Writes + hourlyLimit - 1) / hourlyLimit
	// Each run but the last sends hourlyLimit writes; its successor starts
	// an hour after that run's first write. A write is counted as taking
	// the interval, its own time included.
	last := f.Writes - (f.Runs-1)*hourlyLimit
	f.Duration = time.Duration(f.Runs-1)*time.Hour + time.Duration(last)*interval
	return f
}

// String is the forecast in a sentence: "37 writes: about 36 s at one
// write a second." or, past the hourly limit, "1,520 writes: about 3 h 1
// min at one write a second, in at least 4 runs an hour apart (GitHub takes
// about 500 content-creating requests an hour); a run that stops resumes
// where the last one stopped, so a scheduled run finishes the job."
func (f Forecast) String() string {
	if f.Writes == 0 {
		return "No writes."
	}
	if f.Writes == 1 {
		return "1 write."
	}
	var s string
	switch {
	case f.Interval == time.Second:
		s = fmt.Sprintf("%s: about %s at one write a second", plural(f.Writes, "write"), roughly(f.Duration))
	case f.Interval > 0:
		s = fmt.Sprintf("%s: about %s at one write every %s", plural(f.Writes, "write"), roughly(f.Duration), roughly(f.Interval))
	case f.Runs > 1:
		s = fmt.Sprintf("%s: about %s", plural(f.Writes, "write"), roughly(f.Duration))
	default:
		s = plural(f.Writes, "write") + ", sent back to back"
	}
	if f.Runs <= 1 {
		return s + "."
	}
	return fmt.Sprintf("%s, in at least %d runs an hour apart (GitHub takes about %d content-creating requests an hour); "+
		"a run that stops resumes where the last one stopped, so a scheduled run finishes the job.", s, f.Runs, HourlyContentLimit)
}

// roughly words a duration for a person: "36 s", "12 min", "3 h 1 min".
func roughly(d time.Duration) string {
	switch {
	case d < time.Second:
		// equivalent mutant CONDITIONALS_BOUNDARY: no caller passes 0: an interval shown is positive, a duration shown is at least a write's or an hour.
		if d <= 0 {
			return "no time"
		}
		return fmt.Sprintf("%d ms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Round(time.Second).Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Round(time.Minute).Minutes()))
	}
	d = d.Round(time.Minute)
	h, m := int(d.Hours()), int(d.Minutes())%60
	if m == 0 {
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %d min", h, m)
}

// plural is "1 write", "1,520 writes".
func plural(n int, what string) string {
	s := Thousands(n) + " " + what
	if n != 1 {
		s += "s"
	}
	return s
}

// Thousands writes n with thousands separators, as people read counts:
// 1,520.
func Thousands(n int) string {
	s := fmt.Sprint(n)
	// equivalent mutant CONDITIONALS_BOUNDARY: 0 and numbers of three digits come out the same from the loop: it puts a comma only before a group of three.
	if n < 0 || len(s) <= 3 {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
