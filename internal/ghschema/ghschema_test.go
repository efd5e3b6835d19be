package ghschema

import (
	"strings"
	"testing"
)

func TestSchemaLoads(t *testing.T) {
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	issue := s.Types["Issue"]
	for _, f := range []string{"subIssues", "parent", "blockedBy", "issueType", "issueDependenciesSummary", "authorAssociation"} {
		if issue.Fields.ForName(f) == nil {
			t.Errorf("Issue.%s is missing", f)
		}
	}
	if strings.Join(Duplicates, " ") != "EnterpriseOwnerInfo.repositoryDeployKeySetting EnterpriseOwnerInfo.repositoryDeployKeySettingOrganizations" {
		t.Errorf("fields defined twice: %v; check each is GitHub's slip and say so in Duplicates' comment", Duplicates)
	}
	if s.Mutation.Fields.ForName("addBlockedBy") == nil {
		t.Error("Mutation.addBlockedBy is missing")
	}
}

// TestExtensionStillNeeded fails once the published package has what extension.graphql adds:
// then drop the extension.
func TestExtensionStillNeeded(t *testing.T) {
	s, err := Published()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"blockedBy", "blocking", "issueDependenciesSummary", "issueType"} {
		if s.Types["Issue"].Fields.ForName(f) != nil {
			t.Errorf("@octokit/graphql-schema %s has Issue.%s: drop it from extension.graphql", PackageVersion, f)
		}
	}
}

// TestValidateRefuses checks the validator is not lenient: an unknown field, a wrong
// argument type and a connection argument that does not exist are each refused.
func TestValidateRefuses(t *testing.T) {
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for name, doc := range map[string]string{
		"unknown field": `query { repository(owner: "o", name: "r") { issue(number: 1) { titel } } }`,
		"argument type": `query { repository(owner: "o", name: "r") { issue(number: "1") { title } } }`,
		"unknown arg":   `query { repository(owner: "o", name: "r") { issue(number: 1) { subIssues(first: 1, states: [OPEN]) { totalCount } } } }`,
		"unused var":    `query($x: Int) { rateLimit { cost } }`,
		"syntax":        `query { rateLimit { cost }`,
	} {
		if _, errs := Validate(s, doc); len(errs) == 0 {
			t.Errorf("%s: validated", name)
		}
	}
	if _, errs := Validate(s, `query { rateLimit { cost remaining resetAt } }`); len(errs) > 0 {
		t.Errorf("a valid document: %v", errs)
	} else if !strings.Contains(PackageVersion, ".") {
		t.Error("PackageVersion")
	}
}
