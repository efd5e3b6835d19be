package importer_test

import (
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/importer"
)

// The forecast's sentence names only the kinds of change the first apply
// makes, joins them as a person would, and says the pace only when it is
// not the default one.
func TestForecastLine(t *testing.T) {
	tests := []struct {
		name     string
		f        importer.Forecast
		interval time.Duration
		want     string
	}{
		{"nothing to do", importer.Forecast{}, 0,
			"The first apply will change nothing: GitHub already matches the roadmap."},
		{"one kind of change", importer.Forecast{Marks: 1, Writes: 1, Duration: time.Second}, 0,
			"The first apply will mark 1 issue: 1 write, about 1 s at the default pace."},
		{"only closes", importer.Forecast{Closes: 2, Writes: 2, Duration: 4 * time.Second}, 2 * time.Second,
			"The first apply will close 2 duplicates: 2 writes, about 4 s at one write every 2s."},
		{"only renames", importer.Forecast{Renames: 1, Writes: 1, Duration: time.Second}, time.Second,
			"The first apply will rename 1 issue whose titles were not unique: 1 write, about 1 s at the default pace."},
		{"only other changes", importer.Forecast{Other: 3, Writes: 3, Duration: 3 * time.Second}, 0,
			"The first apply will make 3 other changes: 3 writes, about 3 s at the default pace."},
		{"two kinds", importer.Forecast{Marks: 2, Closes: 1, Writes: 3, Duration: 3 * time.Second}, 0,
			"The first apply will mark 2 issues and close 1 duplicate: 3 writes, about 3 s at the default pace."},
		{"a minute exactly", importer.Forecast{Marks: 60, Writes: 60, Duration: time.Minute}, 0,
			"The first apply will mark 60 issues: 60 writes, about 1 min at the default pace."},
		{"an hour exactly", importer.Forecast{Marks: 3600, Writes: 3600, Duration: time.Hour}, 0,
			"The first apply will mark 3600 issues: 3600 writes, about 1 h at the default pace."},
		{"just under an hour", importer.Forecast{Marks: 3540, Writes: 3540, Duration: 59 * time.Minute}, 0,
			"The first apply will mark 3540 issues: 3540 writes, about 59 min at the default pace."},
		{"hours and minutes", importer.Forecast{Marks: 4800, Writes: 4800, Duration: 80 * time.Minute}, 0,
			"The first apply will mark 4800 issues: 4800 writes, about 1 h 20 min at the default pace."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f.Line(tt.interval); got != tt.want {
				t.Errorf("Line(%v)\n got %q\nwant %q", tt.interval, got, tt.want)
			}
		})
	}
}
