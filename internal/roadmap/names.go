package roadmap

import (
	"fmt"
	"strings"
	"unicode"
)

// Longest owner and repository names GitHub allows.
const (
	MaxOwnerLength    = 39
	MaxRepoNameLength = 100
)

// ParseRepository splits OWNER/NAME and checks both parts against GitHub's
// rules before either goes into a URL: an owner is letters, digits and
// hyphens, not starting with a hyphen (and, for Enterprise Managed Users,
// an underscore before the enterprise's short code); a name is letters,
// digits, '-', '_' and '.', and is neither "." nor "..". Anything else —
// a slash, "?", "#", "%", white space — would change the request's path.
func ParseRepository(s string) (owner, name string, err error) {
	owner, name, ok := strings.Cut(s, "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		return "", "", fmt.Errorf("repository %q must be OWNER/NAME", s)
	}
	if msg := ownerProblem(owner); msg != "" {
		return "", "", fmt.Errorf("repository %q: owner %q %s", s, owner, msg)
	}
	if msg := repoNameProblem(name); msg != "" {
		return "", "", fmt.Errorf("repository %q: name %q %s", s, name, msg)
	}
	return owner, name, nil
}

func ownerProblem(owner string) string {
	if len(owner) > MaxOwnerLength+20 { // room for an EMU short code suffix
		return fmt.Sprintf("is longer than GitHub allows (%d characters)", MaxOwnerLength)
	}
	if owner[0] == '-' || owner[0] == '_' {
		return "can't start with a hyphen or an underscore"
	}
	for _, ch := range owner {
		if !isASCIIAlnum(ch) && ch != '-' && ch != '_' {
			return fmt.Sprintf("has %q; an owner is letters, digits and hyphens", ch)
		}
	}
	return ""
}

func repoNameProblem(name string) string {
	if name == "." || name == ".." {
		return "is not a repository name"
	}
	if len(name) > MaxRepoNameLength {
		return fmt.Sprintf("is longer than GitHub allows (%d characters)", MaxRepoNameLength)
	}
	for _, ch := range name {
		if !isASCIIAlnum(ch) && ch != '-' && ch != '_' && ch != '.' {
			return fmt.Sprintf("has %q; a repository name is letters, digits, '-', '_' and '.'", ch)
		}
	}
	return ""
}

func isASCIIAlnum(ch rune) bool {
	return ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9'
}

// LabelNameProblem says what is wrong with a label name, or "" when
// GitHub would take it: not blank, at most 50 characters, and no line
// breaks or other control characters (GitHub refuses them, and they would
// break every list the name appears in).
func LabelNameProblem(name string) string {
	if strings.TrimSpace(name) == "" {
		return "is blank"
	}
	if n := len([]rune(name)); n > MaxLabelNameLength {
		return fmt.Sprintf("is %d characters long; GitHub allows at most %d", n, MaxLabelNameLength)
	}
	return controlProblem(name)
}

func controlProblem(name string) string {
	for _, ch := range name {
		if unicode.IsControl(ch) {
			return fmt.Sprintf("has the control character %q; remove it", ch)
		}
	}
	return ""
}
