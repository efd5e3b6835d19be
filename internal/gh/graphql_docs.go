package gh

import (
	"fmt"
	"strings"
)

// The GraphQL documents of the snapshot. Each is built from the parts the server has
// (schemaGaps: an older GitHub Enterprise Server lacks sub-issues, dependencies or issue
// types), and AllDocuments lists every variant so that a test validates each against GitHub's
// published schema.
//
// Sizes, by GitHub's point formula (a connection costs one request per object its parent
// may hold; the sum / 100, rounded, is the cost):
//   - issues come 100 a page, the most GitHub allows: the page costs 1, and each of its six
//     nested connections (labels, assignees, comments, reactions, sub-issues, blockers) 100,
//     whatever their own first — 601 requests, 6 points for 100 issues;
//   - nested sizes therefore cost no points, only nodes (GitHub's limit: 500,000 a call; a page
//     asks for at most 100 × 186): labels 25 (few issues carry more), assignees 10 (GitHub's
//     maximum), sub-issues 100 (GitHub's maximum per parent) and blockers 50 (its maximum per
//     issue, changelog 2025-08-21); an issue with more is continued by overflow queries;
//   - milestones come 25 a page: each carries four counts (open and closed issues and pull
//     requests, which REST's open_issues and closed_issues add up), each a connection costing
//     one request per milestone the page may hold — 100 for 25 milestones, 1 point, where 100
//     a page would cost 4 points in every plan for the rare repository with more than 25;
//   - labels come 100 a page (1 request).
// The first query of a plan asks for labels, milestones and the first page of issues at
// once: 1 + 1 + 100 + 1 + 600 = 703 requests, 7 points; each further page of issues 6.

const (
	issuePage     = 100
	labelPage     = 100
	milestonePage = 25
	nestedLabels  = 25
	nestedPeople  = 10
	nestedSubs    = 100
	nestedBlocks  = 50
	overflowPage  = 100
	// overflowBatch bounds the continuations one overflow query carries.
	overflowBatch = 50
	// numberBatch bounds the issues one lookup by number asks for.
	numberBatch = 50
)

// schemaGaps are the parts of the issue selection the server's GraphQL schema lacks.
type schemaGaps struct {
	subIssues, dependencies, issueType bool
}

func (g schemaGaps) key() string {
	return fmt.Sprintf("subIssues=%t dependencies=%t issueType=%t", !g.subIssues, !g.dependencies, !g.issueType)
}

// issueFragment selects what state.Issue holds, and the first page of each relation.
func issueFragment(g schemaGaps) string {
	var b strings.Builder
	b.WriteString(`fragment RoadmapIssue on Issue {
  id
  fullDatabaseId
  number
  title
  body
  state
  stateReason(enableDuplicate: true)
  url
  createdAt
  author { __typename login }
  authorAssociation
  milestone { title }
  comments { totalCount }
  reactions { totalCount }
`)
	fmt.Fprintf(&b, "  labels(first: %d) { pageInfo { hasNextPage endCursor } nodes { name } }\n", nestedLabels)
	fmt.Fprintf(&b, "  assignees(first: %d) { pageInfo { hasNextPage endCursor } nodes { login } }\n", nestedPeople)
	if !g.issueType {
		b.WriteString("  issueType { name }\n")
	}
	if !g.subIssues {
		b.WriteString("  subIssuesSummary { total }\n")
		fmt.Fprintf(&b, "  subIssues(first: %d) { pageInfo { hasNextPage endCursor } nodes { number repository { id } } }\n", nestedSubs)
	}
	if !g.dependencies {
		b.WriteString("  issueDependenciesSummary { totalBlockedBy }\n")
		fmt.Fprintf(&b, "  blockedBy(first: %d) { pageInfo { hasNextPage endCursor } nodes { number repository { id } } }\n", nestedBlocks)
	}
	b.WriteString("}\n")
	return b.String()
}

// snapshotDocument reads, as its boolean variables ask, a page of labels, a page of
// milestones and a page of issues (those carrying $labels, or all when it is null).
func snapshotDocument(g schemaGaps) string {
	return `query RoadmapSnapshot($owner: String!, $name: String!, $withLabels: Boolean!, $labelsAfter: String,
  $withMilestones: Boolean!, $milestonesAfter: String, $withIssues: Boolean!, $issueLabels: [String!], $issuesAfter: String) {
  rateLimit { cost remaining resetAt }
  repository(owner: $owner, name: $name) {
    id
    databaseId
    nameWithOwner
    labels(first: ` + fmt.Sprint(labelPage) + `, after: $labelsAfter) @include(if: $withLabels) {
      pageInfo { hasNextPage endCursor }
      nodes { id name color description }
    }
    milestones(first: ` + fmt.Sprint(milestonePage) + `, after: $milestonesAfter, orderBy: {field: NUMBER, direction: ASC}) @include(if: $withMilestones) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id number title description state dueOn
        openIssues: issues(states: [OPEN]) { totalCount }
        closedIssues: issues(states: [CLOSED]) { totalCount }
        openPullRequests: pullRequests(states: [OPEN]) { totalCount }
        closedPullRequests: pullRequests(states: [CLOSED, MERGED]) { totalCount }
      }
    }
    issues(first: ` + fmt.Sprint(issuePage) + `, after: $issuesAfter, labels: $issueLabels, orderBy: {field: CREATED_AT, direction: ASC}) @include(if: $withIssues) {
      pageInfo { hasNextPage endCursor }
      nodes { ...RoadmapIssue }
    }
  }
}
` + issueFragment(g)
}

// numbersDocument reads n issues by number, aliased i0…: a number that is no issue (never
// was, a pull request, deleted or transferred) answers NOT_FOUND under its alias.
func numbersDocument(g schemaGaps, n int) string {
	var vars, sel strings.Builder
	for i := range n {
		fmt.Fprintf(&vars, ", $n%d: Int!", i)
		fmt.Fprintf(&sel, "    i%d: issue(number: $n%d) { ...RoadmapIssue }\n", i, i)
	}
	return `query RoadmapIssuesByNumber($owner: String!, $name: String!` + vars.String() + `) {
  rateLimit { cost remaining resetAt }
  repository(owner: $owner, name: $name) {
    id
    databaseId
    nameWithOwner
` + sel.String() + `  }
}
` + issueFragment(g)
}

// overflow kinds: the nested connections an issue page may leave unfinished.
const (
	overflowLabels    = "labels"
	overflowAssignees = "assignees"
	overflowSubIssues = "subIssues"
	overflowBlockedBy = "blockedBy"
)

var overflowKinds = []string{overflowLabels, overflowAssignees, overflowSubIssues, overflowBlockedBy}

func overflowSelection(kind string) string {
	switch kind {
	case overflowLabels:
		return "nodes { name }"
	case overflowAssignees:
		return "nodes { login }"
	}
	return "nodes { number repository { id } }"
}

// continuation is one nested connection to read further: issue number's kind after cursor.
type continuation struct {
	number int
	kind   string
	after  string
}

// overflowDocument continues nested connections, one alias (o0…) each.
func overflowDocument(list []continuation) string {
	var vars, sel strings.Builder
	for i, c := range list {
		fmt.Fprintf(&vars, ", $n%d: Int!, $a%d: String", i, i)
		fmt.Fprintf(&sel, "    o%d: issue(number: $n%d) { %s(first: %d, after: $a%d) { pageInfo { hasNextPage endCursor } %s } }\n",
			i, i, c.kind, overflowPage, i, overflowSelection(c.kind))
	}
	return `query RoadmapOverflow($owner: String!, $name: String!` + vars.String() + `) {
  rateLimit { cost remaining resetAt }
  repository(owner: $owner, name: $name) {
` + sel.String() + `  }
}
`
}

// AllDocuments returns every GraphQL document the program can send, by a name saying which:
// each schema variant of each query, lookups and continuations of every size's shape.
func AllDocuments() map[string]string {
	out := map[string]string{}
	for _, sub := range []bool{false, true} {
		for _, dep := range []bool{false, true} {
			for _, typ := range []bool{false, true} {
				g := schemaGaps{subIssues: sub, dependencies: dep, issueType: typ}
				out["snapshot "+g.key()] = snapshotDocument(g)
				out["numbers(1) "+g.key()] = numbersDocument(g, 1)
				out[fmt.Sprintf("numbers(%d) %s", numberBatch, g.key())] = numbersDocument(g, numberBatch)
			}
		}
	}
	for _, k := range overflowKinds {
		out["overflow "+k] = overflowDocument([]continuation{{number: 1, kind: k}})
	}
	var mixed []continuation
	for i := range overflowBatch {
		mixed = append(mixed, continuation{number: i + 1, kind: overflowKinds[i%len(overflowKinds)]})
	}
	out[fmt.Sprintf("overflow mixed(%d)", overflowBatch)] = overflowDocument(mixed)
	out["createSubIssue"] = createSubIssueDocument
	out["project"] = projectDocument
	out["addProjectItem"] = addProjectItemDocument
	out["setProjectValue"] = setProjectValueDocument
	out["clearProjectValue"] = clearProjectValueDocument
	return out
}
