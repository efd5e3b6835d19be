// Package testclock is the time a test's GitHub fake, client and apply share:
// a sleep records its length and moves the clock on at once, so a test
// counts the waits instead of sleeping them. (Waits are also run once on a
// real clock, scaled to seconds, in the tests named realclock.)
package testclock

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Start is the instant a test's clock starts at unless it says otherwise.
var Start = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

// Clock is safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
}

// New returns a clock at start.
func New(start time.Time) *Clock { return &Clock{t: start} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t, recording no sleep.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Sleep records d and moves the clock on by it; a cancelled ctx returns its error.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.sleeps = append(c.sleeps, d)
		c.t = c.t.Add(d)
	}
	return nil
}

// Sleeps lists the sleeps so far, in order.
func (c *Clock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.sleeps)
}

// Forget clears the sleeps recorded so far.
func (c *Clock) Forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = nil
}
