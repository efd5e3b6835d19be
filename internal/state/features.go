package state

import "errors"

// Features GitHub may lack: GitHub Enterprise Server gained sub-issues and
// issue dependencies later than github.com.
const (
	FeatureSubIssues    = "sub-issues"
	FeatureDependencies = "dependencies"
)

// ErrUnsupported is what a reader answers for a feature the server lacks.
var ErrUnsupported = errors.New("not supported by this GitHub")

// UnsupportedError names the feature a server lacks and says why it is
// known, e.g. "GitHub Enterprise Server 3.17 has no sub-issues API".
type UnsupportedError struct {
	Feature string
	Why     string
}

func (e *UnsupportedError) Error() string { return e.Why }

func (e *UnsupportedError) Unwrap() error { return ErrUnsupported }
