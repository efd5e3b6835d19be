package release

import (
	"strings"
	"testing"
)

func TestParseVersion(t *testing.T) {
	for _, c := range []struct {
		tag        string
		ok         bool
		major, pre string
	}{
		{"v1.2.3", true, "v1", ""},
		{"v0.1.0", true, "v0", ""},
		{"v10.20.30", true, "v10", ""},
		{"v1.3.0-rc.1", true, "v1", "rc.1"},
		{"v2.0.0-beta-2.x.0", true, "v2", "beta-2.x.0"},
		{"1.2.3", false, "", ""},          // the tag has the v
		{"v1.2", false, "", ""},           // Go modules need all three numbers
		{"v1", false, "", ""},             // the major tag is no release
		{"v01.2.3", false, "", ""},        // no leading zeros
		{"v1.2.3-rc.01", false, "", ""},   // nor in numeric pre-release identifiers
		{"v1.2.3+build.5", false, "", ""}, // build metadata: not a module version
		{"v1.2.3-", false, "", ""},
		{"v1.2.3 ", false, "", ""},
		{"v1.2.3\nv1.2.4", false, "", ""},
		{"", false, "", ""},
	} {
		t.Run(c.tag, func(t *testing.T) {
			v, err := ParseVersion(c.tag)
			if (err == nil) != c.ok {
				t.Fatalf("ParseVersion(%q) error = %v; want ok=%v", c.tag, err, c.ok)
			}
			if !c.ok {
				if !strings.Contains(err.Error(), "vMAJOR.MINOR.PATCH") {
					t.Errorf("error %q does not say what a version looks like", err)
				}
				return
			}
			if v.MajorTag() != c.major || v.Pre != c.pre || v.Prerelease() != (c.pre != "") {
				t.Errorf("ParseVersion(%q) = %+v (major tag %s); want major tag %s, pre-release %q", c.tag, v, v.MajorTag(), c.major, c.pre)
			}
		})
	}
}

// TestCompare checks semantic version precedence on the example chain of
// semver.org §11, and on numbers compared as numbers.
func TestCompare(t *testing.T) {
	chain := []string{"v1.0.0-alpha", "v1.0.0-alpha.1", "v1.0.0-alpha.beta", "v1.0.0-beta", "v1.0.0-beta.2",
		"v1.0.0-beta.11", "v1.0.0-rc.1", "v1.0.0", "v1.0.1", "v1.2.0", "v1.10.0", "v2.0.0", "v10.0.0"}
	for i, a := range chain {
		for j, b := range chain {
			va, vb := mustVersion(t, a), mustVersion(t, b)
			if got, want := va.Compare(vb), sign(i-j); got != want {
				t.Errorf("%s.Compare(%s) = %d; want %d", a, b, got, want)
			}
		}
	}
}

func TestPrevious(t *testing.T) {
	tags := []string{"v1", "v0.9.0", "v1.0.0", "v1.1.0", "v1.2.0-rc.1", "v1.2.0-rc.2", "latest", "v1.10.0", ""}
	for _, c := range []struct{ version, want string }{
		{"v1.2.0", "v1.1.0"},           // a release skips the pre-releases before it
		{"v1.2.0-rc.3", "v1.2.0-rc.2"}, // a pre-release does not
		{"v1.2.0-rc.1", "v1.1.0"},
		{"v1.11.0", "v1.10.0"}, // numbers, not strings: v1.10.0 > v1.2.0
		{"v1.3.0", "v1.1.0"},   // v1.10.0 is above it
		{"v0.9.0", ""},
		{"v0.1.0", ""},
	} {
		t.Run(c.version, func(t *testing.T) {
			if got := mustVersion(t, c.version).Previous(tags); got != c.want {
				t.Errorf("Previous = %q; want %q", got, c.want)
			}
		})
	}
	v := mustVersion(t, "v1.1.0")
	if !v.Exists([]string{"v1.0.0", " v1.1.0 "}) || v.Exists([]string{"v1.1.0-rc.1", "v1"}) {
		t.Error("Exists does not match whole tags")
	}
}

func mustVersion(t *testing.T, tag string) Version {
	t.Helper()
	v, err := ParseVersion(tag)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
