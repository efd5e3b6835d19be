package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/plan"
)

// Every renderer says how long apply will take, when the caller knows the
// pace; past GitHub's hourly limit, in how many runs.
func TestForecastIsShown(t *testing.T) {
	p := &plan.Plan{Repository: "o/r"}
	for range 1520 {
		p.Changes = append(p.Changes, plan.Change{Kind: plan.KindIssue, Action: plan.ActionCreate, Key: "x", Title: "X"})
	}
	f := p.Estimate(time.Second, 0)
	p.Forecast = &f
	want := "1,520 writes: about 3 h at one write a second, in at least 4 runs an hour apart"
	var text bytes.Buffer
	if err := Text(&text, p, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "Apply: "+want) || !strings.HasSuffix(text.String(), p.SummaryLine()+"\n") {
		t.Errorf("text does not forecast, or does not end in the summary line:\n%s", text.String()[max(0, text.Len()-400):])
	}
	if md := Markdown(p, MarkdownOptions{Merge: true}); !strings.Contains(md, "Apply: "+want) {
		t.Errorf("markdown does not forecast")
	}
	var js bytes.Buffer
	if err := JSON(&js, p); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Forecast struct {
			Writes, Runs int
			Seconds      float64
		}
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil || doc.Forecast.Writes != 1520 || doc.Forecast.Runs != 4 || doc.Forecast.Seconds != 3*3600+20 {
		t.Errorf("json forecast %+v, %v", doc.Forecast, err)
	}
	p.Forecast = nil
	if md := Markdown(p, MarkdownOptions{Merge: true}); strings.Contains(md, "Apply: ") {
		t.Errorf("a forecast without a known pace")
	}
}
