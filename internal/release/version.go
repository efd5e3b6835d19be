package release

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// versionRE is a release tag: v, then semantic version 2.0.0 without build
// metadata (a Go module version may not carry it, and `go install …@v1.2.3`
// must find the tag).
var versionRE = regexp.MustCompile(`^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)` +
	`(?:-((?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*))?$`)

// Version is a release tag such as v1.2.3 or v1.3.0-rc.1.
type Version struct {
	Tag                 string
	Major, Minor, Patch int
	Pre                 string // "rc.1"; "" for a release
}

// ParseVersion reads a release tag.
func ParseVersion(tag string) (Version, error) {
	m := versionRE.FindStringSubmatch(tag)
	if m == nil {
		return Version{}, fmt.Errorf("version %q is not a release tag: want vMAJOR.MINOR.PATCH, e.g. v1.2.3, or v1.2.3-rc.1 for a pre-release", tag)
	}
	v := Version{Tag: tag, Pre: m[4]}
	for i, p := range []*int{&v.Major, &v.Minor, &v.Patch} {
		n, err := strconv.Atoi(m[i+1])
		if err != nil {
			return Version{}, fmt.Errorf("version %q: %w", tag, err)
		}
		*p = n
	}
	return v, nil
}

// Prerelease reports whether v is a pre-release (v1.3.0-rc.1): it gets no
// major tag and GitHub marks its release as a pre-release.
func (v Version) Prerelease() bool { return v.Pre != "" }

// MajorTag is the tag that follows the latest release of a major version: v1.
func (v Version) MajorTag() string { return "v" + strconv.Itoa(v.Major) }

// Compare orders versions by semantic version precedence: -1, 0 or +1.
func (v Version) Compare(w Version) int {
	for _, d := range []int{v.Major - w.Major, v.Minor - w.Minor, v.Patch - w.Patch} {
		if d != 0 {
			return sign(d)
		}
	}
	switch {
	case v.Pre == w.Pre:
		return 0
	case v.Pre == "":
		return 1 // 1.0.0 > 1.0.0-rc.1
	case w.Pre == "":
		return -1
	}
	a, b := strings.Split(v.Pre, "."), strings.Split(w.Pre, ".")
	for i := 0; i < len(a) && i < len(b); i++ {
		if c := comparePreIdent(a[i], b[i]); c != 0 {
			return c
		}
	}
	return sign(len(a) - len(b))
}

// comparePreIdent compares two pre-release identifiers: numbers numerically,
// and below any identifier with letters, which compare as ASCII.
func comparePreIdent(a, b string) int {
	na, errA := strconv.Atoi(a)
	nb, errB := strconv.Atoi(b)
	switch {
	case errA == nil && errB == nil:
		return sign(na - nb)
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return strings.Compare(a, b)
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// Previous returns, among tags, the highest release tag below v — the
// release whose changes v's notes start after — and "" when there is none.
// A release skips pre-releases (the notes of v1.3.0 start at v1.2.x, not at
// v1.3.0-rc.2); a pre-release does not. Tags that are not release tags (v1,
// the moving major tag) are ignored.
func (v Version) Previous(tags []string) string {
	var best *Version
	for _, t := range tags {
		w, err := ParseVersion(strings.TrimSpace(t))
		if err != nil || w.Compare(v) >= 0 || !v.Prerelease() && w.Prerelease() {
			continue
		}
		if best == nil || w.Compare(*best) > 0 {
			best = &w
		}
	}
	if best == nil {
		return ""
	}
	return best.Tag
}

// Exists reports whether tags holds v's tag.
func (v Version) Exists(tags []string) bool {
	return slices.ContainsFunc(tags, func(t string) bool { return strings.TrimSpace(t) == v.Tag })
}
