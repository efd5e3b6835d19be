package roadmap

import (
	"context"
	"errors"
	"testing"
)

func TestParseContextGivesUp(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if res, err := ParseContext(ctx, "x.json", []byte(`{"version": 1}`), Options{Dir: t.TempDir()}); !errors.Is(err, context.Canceled) || res != nil {
		t.Fatalf("ParseContext after cancel = %v, %v", res, err)
	}
	res, err := ParseContext(context.Background(), "x.json", []byte(`{"version": 1}`), Options{Dir: t.TempDir()})
	if err != nil || !res.Valid() {
		t.Fatalf("ParseContext = %+v, %v", res, err)
	}
}
