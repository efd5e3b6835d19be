package testclock

import (
	"context"
	"slices"
	"testing"
	"time"
)

func TestClock(t *testing.T) {
	c := New(Start)
	if err := c.Sleep(context.Background(), 2*time.Second); err != nil {
		t.Fatal(err)
	}
	_ = c.Sleep(context.Background(), 0) // nothing to record
	if !c.Now().Equal(Start.Add(2*time.Second)) || !slices.Equal(c.Sleeps(), []time.Duration{2 * time.Second}) {
		t.Errorf("now %v, sleeps %v", c.Now(), c.Sleeps())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Sleep(ctx, time.Minute); err == nil || len(c.Sleeps()) != 1 {
		t.Errorf("a cancelled sleep: %v, sleeps %v", err, c.Sleeps())
	}
	c.Forget()
	c.Set(Start)
	if len(c.Sleeps()) != 0 || !c.Now().Equal(Start) {
		t.Errorf("after Forget and Set: now %v, sleeps %v", c.Now(), c.Sleeps())
	}
}
