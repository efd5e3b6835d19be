package gh_test

import (
	"testing"
	"time"

	"github.com/roadmap-as-code/roadmap/internal/gh"
)

func TestEnvOptions(t *testing.T) {
	for _, tt := range []struct {
		env      map[string]string
		interval time.Duration
		maxWait  time.Duration
		bad      bool
	}{
		{env: nil, interval: gh.DefaultWriteInterval, maxWait: gh.DefaultMaxWait},
		{env: map[string]string{"ROADMAP_WRITE_INTERVAL": "250ms", "ROADMAP_MAX_WAIT": "30m"}, interval: 250 * time.Millisecond, maxWait: 30 * time.Minute},
		{env: map[string]string{"ROADMAP_WRITE_INTERVAL": "0", "ROADMAP_MAX_WAIT": " 90s "}, interval: 0, maxWait: 90 * time.Second},
		{env: map[string]string{"ROADMAP_MAX_WAIT": "0"}, bad: true},
		{env: map[string]string{"ROADMAP_MAX_WAIT": "soon"}, bad: true},
		{env: map[string]string{"ROADMAP_WRITE_INTERVAL": "-1s"}, bad: true},
	} {
		o, err := gh.EnvOptions(func(k string) string { return tt.env[k] })
		if (err != nil) != tt.bad {
			t.Errorf("%v: err %v", tt.env, err)
			continue
		}
		if !tt.bad && (o.WriteInterval != tt.interval || o.MaxWait != tt.maxWait) {
			t.Errorf("%v: interval %v, max wait %v", tt.env, o.WriteInterval, o.MaxWait)
		}
	}
}
