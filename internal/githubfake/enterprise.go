package githubfake

import (
	"net/http"
	"strings"
)

// GitHub Enterprise Server, user-owned repositories and assignees.
//
//	f.Enterprise("3.17")          // answer as that GitHub Enterprise Server: GET /meta names it, and
//	                              // what its API description lacks answers 404
//	f.AddUserRepo(owner, name)    // a repository owned by a user: no organization, no issue types
//	GET /repos/{o}/{r}/assignees/{login}  // 204 when login can be assigned, 404 otherwise

// Features an Enterprise Server may lack.
const (
	FeatureSubIssues    = "sub-issues"
	FeatureDependencies = "dependencies"
	FeatureIssueTypes   = "issue-types"
)

// enterpriseMissing is what each GitHub Enterprise Server version's published REST description
// (@octokit/openapi 23.0.2, generated/ghes-3.NN.json) lacks of what the tool uses: no
// /issues/{n}/sub_issues before 3.20; no /issues/{n}/dependencies/blocked_by before 3.19; no
// GET /orgs/{org}/issue-types in any of them (the issue's "type" field is there).
var enterpriseMissing = map[string][]string{
	"3.17": {FeatureSubIssues, FeatureDependencies, FeatureIssueTypes},
	"3.18": {FeatureSubIssues, FeatureDependencies, FeatureIssueTypes},
	"3.19": {FeatureSubIssues, FeatureIssueTypes},
}

// Enterprise makes the fake answer as GitHub Enterprise Server version ("3.17", "3.18", "3.19"):
// GET /meta gives installed_version "3.NN.0", and the endpoints that version lacks answer 404.
// It panics for a version it has no description of.
func (f *Fake) Enterprise(version string) {
	missing, ok := enterpriseMissing[version]
	if !ok {
		panic("githubfake: no GitHub Enterprise Server " + version + " description")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ghesVersion = version
	f.missing = map[string]bool{}
	for _, m := range missing {
		f.missing[m] = true
	}
}

func (f *Fake) docRoot() string {
	if f.ghesVersion != "" {
		return "https://docs.github.com/enterprise-server@" + f.ghesVersion + "/rest"
	}
	return docRoot
}

// metaJSON is GET /meta: github.com's has no installed_version; an Enterprise Server's has.
func (f *Fake) metaJSON() obj {
	out := obj{"verifiable_password_authentication": false, "domains": obj{}}
	if f.ghesVersion != "" {
		out["installed_version"] = f.ghesVersion + ".0"
		out["packages"] = []any{}
	} else {
		out["ssh_key_fingerprints"] = obj{}
		out["hooks"] = []any{}
		out["web"] = []any{}
		out["api"] = []any{}
		out["git"] = []any{}
	}
	return out
}

// AddUserRepo adds a repository owned by the user owner: the owner is OWNER of it, has no
// organization and so no issue types.
func (f *Fake) AddUserRepo(owner, name string) *Repo {
	r := f.AddRepo(owner, name)
	f.mu.Lock()
	defer f.mu.Unlock()
	r.userOwned = true
	return r
}

// assignable says login may be assigned issues in the repository: people with push access. (GitHub
// also lets an issue's commenters be assigned to it; the fake does not.)
func (r *Repo) assignable(login string) bool {
	return !strings.HasSuffix(login, "[bot]") && r.canWrite(login)
}

// checkAssignee is GET /repos/{o}/{r}/assignees/{login}: "If the assignee can be assigned to
// issues in the repository, a 204 header with no content is returned. Otherwise a 404 status code
// is returned." (docs: check if a user can be assigned)
func checkAssignee(c *call) response {
	if c.repo.assignable(c.params["login"]) {
		return noContent()
	}
	return response{status: http.StatusNotFound, body: obj{"message": "Not Found", "documentation_url": c.doc}}
}
