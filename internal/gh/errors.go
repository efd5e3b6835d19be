package gh

import (
	"errors"
	"net/url"
	"time"

	"github.com/google/go-github/v62/github"
)

// ReadFailure says why a read failed, for a one-line message: the HTTP
// status (0 when no answer came), whether a rate limit stopped it and
// when that limit lifts (zero when unknown).
type ReadFailure struct {
	Status      int
	RateLimited bool
	Reset       time.Time
}

// DescribeFailure classifies an error a read returned; ok is false for an
// error that did not come from GitHub or the connection to it (a canceled
// context, a bad option).
func DescribeFailure(err error) (ReadFailure, bool) {
	if err == nil {
		return ReadFailure{}, false
	}
	var ae *APIError
	if !errors.As(err, &ae) {
		// Only what came from GitHub or the connection to it: apiError
		// would make an APIError of any error at all.
		var er *github.ErrorResponse
		var rle *github.RateLimitError
		var are *github.AbuseRateLimitError
		var ue *url.Error
		if !errors.As(err, &er) && !errors.As(err, &rle) && !errors.As(err, &are) && !errors.As(err, &ue) {
			return ReadFailure{}, false
		}
		if !errors.As(apiError(err), &ae) {
			return ReadFailure{}, false
		}
	}
	return ReadFailure{Status: ae.Status, RateLimited: ae.RateLimited, Reset: ae.Reset}, true
}
