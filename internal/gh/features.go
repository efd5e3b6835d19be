package gh

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/roadmap-as-code/roadmap/internal/state"
)

// Features says which features the server lacks (state.FeatureSubIssues,
// state.FeatureDependencies), each with why. github.com has them all and
// costs no request; a GitHub Enterprise Server (an API URL ending in
// /api/v3) names its version in GET /meta (installed_version), which is
// read once per client.
//
// Which versions have what comes from GitHub's published REST descriptions
// (@octokit/openapi 23.0.2, generated/ghes-3.NN.json): 3.17 and 3.18 have
// neither sub-issues nor dependencies, 3.19 has dependencies only. A
// version newer than these is taken to have both; if it does not, the
// first 404 on such an endpoint says so (see unsupported).
func (c *Client) Features(ctx context.Context) (map[string]string, error) {
	c.featureMu.Lock()
	defer c.featureMu.Unlock()
	if c.missing != nil {
		return c.copyMissing(), nil
	}
	c.missing = map[string]string{}
	if !strings.HasSuffix(c.gh.BaseURL.Path, "/api/v3/") {
		// Not a GitHub Enterprise Server (whose API lives at /api/v3):
		// github.com or Enterprise Cloud, which have everything.
		return c.copyMissing(), nil
	}
	req, err := c.gh.NewRequest(http.MethodGet, "meta", nil)
	if err != nil {
		return nil, err
	}
	var meta struct {
		InstalledVersion string `json:"installed_version"`
	}
	if _, err := c.gh.Do(ctx, req, &meta); err != nil {
		c.missing = nil
		return nil, fmt.Errorf("reading the server's version (GET /meta): %w", c.apiError(err))
	}
	if meta.InstalledVersion == "" {
		return c.copyMissing(), nil // GitHub Enterprise Cloud and the like: as github.com
	}
	c.server = "GitHub Enterprise Server " + meta.InstalledVersion
	major, minor := versionOf(meta.InstalledVersion)
	if major == 3 && minor < 20 {
		c.missing[state.FeatureSubIssues] = c.server + " has no sub-issues API (it came after 3.19)"
	}
	if major == 3 && minor < 19 {
		c.missing[state.FeatureDependencies] = c.server + " has no issue dependencies API (it came in 3.19)"
	}
	return c.copyMissing(), nil
}

func (c *Client) copyMissing() map[string]string {
	out := make(map[string]string, len(c.missing))
	for k, v := range c.missing {
		out[k] = v
	}
	return out
}

// versionOf reads "3.17.2" as 3, 17.
func versionOf(v string) (major, minor int) {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return 0, 0
	}
	major, _ = strconv.Atoi(parts[0])
	minor, _ = strconv.Atoi(parts[1])
	return major, minor
}

// unsupported turns a 404 from a feature's endpoint, for an issue that
// exists, into the server lacking the feature, and remembers it.
func (c *Client) unsupported(feature string, err error) error {
	var ae *APIError
	if !errors.As(c.apiError(err), &ae) || ae.Status != http.StatusNotFound {
		return err
	}
	server := c.server
	if server == "" {
		server = "this GitHub"
	}
	why := fmt.Sprintf("%s answers 404 for the %s API", server, feature)
	c.featureMu.Lock()
	if c.missing == nil {
		c.missing = map[string]string{}
	}
	if prev, ok := c.missing[feature]; ok {
		why = prev
	} else {
		c.missing[feature] = why
	}
	c.featureMu.Unlock()
	return &state.UnsupportedError{Feature: feature, Why: why}
}

// lacks says the server is known to lack feature, and why.
func (c *Client) lacks(feature string) (string, bool) {
	c.featureMu.Lock()
	defer c.featureMu.Unlock()
	why, ok := c.missing[feature]
	return why, ok
}

// CanAssign says whether login can be assigned issues in the repository
// (GET /repos/{o}/{r}/assignees/{login}: 204 yes, 404 no).
func (c *Client) CanAssign(ctx context.Context, login string) (bool, error) {
	err := c.send(ctx, http.MethodGet, c.path("assignees/%s", PathSegment(login)), nil, nil)
	switch {
	case err == nil:
		return true, nil
	case isStatus(err, http.StatusNotFound):
		return false, nil
	}
	return false, fmt.Errorf("checking whether @%s can be assigned in %s: %w", login, c.Repository(), err)
}

// ListIssueTypes returns the issue types of the repository's owner, and
// false when they can't be known: the owner is a user (who has none, but a
// 404 says no more than that), the token may not read the organization's
// types, or the server has no such endpoint (GitHub Enterprise Server).
// Then GitHub's answer to the write is the check.
func (c *Client) ListIssueTypes(ctx context.Context) ([]string, bool, error) {
	var types []struct {
		Name string `json:"name"`
	}
	err := c.send(ctx, http.MethodGet, "orgs/"+PathSegment(c.owner)+"/issue-types", nil, &types)
	if err != nil {
		var ae *APIError
		if errors.As(err, &ae) && !ae.RateLimited && (ae.Status == http.StatusNotFound || ae.Status == http.StatusForbidden) {
			return nil, false, nil
		}
		return nil, false, fmt.Errorf("listing the issue types of %s: %w", c.owner, err)
	}
	names := make([]string, len(types))
	for i, t := range types {
		names[i] = t.Name
	}
	return names, true, nil
}
