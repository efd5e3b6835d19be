package gh

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/roadmap-as-code/roadmap/internal/state"
)

// GitHub Projects (v2), through GraphQL: reading a project's fields and
// items, adding an issue as an item, and setting or clearing one field value
// of one item. A project belongs to an organization or a user, not to the
// repository, so it is read and written with its own token (the default
// GITHUB_TOKEN can't see an organization's projects).

// Page sizes: GitHub allows 50 custom fields a project, so one page of
// fields; an item holds at most one value a field. 100 items with 60 values
// each are 6,000 nodes: 61 points a page.
const (
	projectItemPage  = 100
	projectValuePage = 60
)

const projectValueField = `field { ... on ProjectV2FieldCommon { id } }`

// projectDocument reads a project by owner and number, whoever the owner is
// (repositoryOwner: an organization or a user; both are ProjectV2Owners).
var projectDocument = `query($owner: String!, $number: Int!, $after: String) {
  rateLimit { cost remaining resetAt }
  repositoryOwner(login: $owner) {
    login
    ... on ProjectV2Owner {
      projectV2(number: $number) {
        id
        title
        url
        fields(first: 100) {
          nodes {
            ... on ProjectV2FieldCommon { id name dataType }
            ... on ProjectV2SingleSelectField { options { id name } }
            ... on ProjectV2IterationField {
              configuration {
                iterations { id title startDate duration }
                completedIterations { id title startDate duration }
              }
            }
          }
        }
        items(first: ` + fmt.Sprint(projectItemPage) + `, after: $after) {
          pageInfo { hasNextPage endCursor }
          nodes {
            id
            isArchived
            content { __typename ... on Issue { id } }
            fieldValues(first: ` + fmt.Sprint(projectValuePage) + `) {
              nodes {
                __typename
                ... on ProjectV2ItemFieldTextValue { text ` + projectValueField + ` }
                ... on ProjectV2ItemFieldNumberValue { number ` + projectValueField + ` }
                ... on ProjectV2ItemFieldDateValue { date ` + projectValueField + ` }
                ... on ProjectV2ItemFieldSingleSelectValue { optionId ` + projectValueField + ` }
                ... on ProjectV2ItemFieldIterationValue { iterationId ` + projectValueField + ` }
              }
            }
          }
        }
      }
    }
  }
}`

const (
	addProjectItemDocument = `mutation($project: ID!, $content: ID!) {
  addProjectV2ItemById(input: {projectId: $project, contentId: $content}) { item { id } }
}`
	setProjectValueDocument = `mutation($project: ID!, $item: ID!, $field: ID!, $value: ProjectV2FieldValue!) {
  updateProjectV2ItemFieldValue(input: {projectId: $project, itemId: $item, fieldId: $field, value: $value}) { projectV2Item { id } }
}`
	clearProjectValueDocument = `mutation($project: ID!, $item: ID!, $field: ID!) {
  clearProjectV2ItemFieldValue(input: {projectId: $project, itemId: $item, fieldId: $field}) { projectV2Item { id } }
}`
)

type gqlProjectIteration struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	StartDate string `json:"startDate"`
	Duration  int    `json:"duration"`
}

type gqlProject struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	URL    string `json:"url"`
	Fields struct {
		Nodes []struct {
			ID       string `json:"id"`
			Name     string `json:"name"`
			DataType string `json:"dataType"`
			Options  []struct {
				ID   string `json:"id"`
				Name string `json:"name"`
			} `json:"options"`
			Configuration *struct {
				Iterations          []gqlProjectIteration `json:"iterations"`
				CompletedIterations []gqlProjectIteration `json:"completedIterations"`
			} `json:"configuration"`
		} `json:"nodes"`
	} `json:"fields"`
	Items struct {
		PageInfo struct {
			HasNextPage bool   `json:"hasNextPage"`
			EndCursor   string `json:"endCursor"`
		} `json:"pageInfo"`
		Nodes []struct {
			ID         string `json:"id"`
			IsArchived bool   `json:"isArchived"`
			Content    *struct {
				Typename string `json:"__typename"`
				ID       string `json:"id"`
			} `json:"content"`
			FieldValues struct {
				Nodes []struct {
					Typename    string   `json:"__typename"`
					Text        string   `json:"text"`
					Number      *float64 `json:"number"`
					Date        string   `json:"date"`
					OptionID    string   `json:"optionId"`
					IterationID string   `json:"iterationId"`
					Field       *struct {
						ID string `json:"id"`
					} `json:"field"`
				} `json:"nodes"`
			} `json:"fieldValues"`
		} `json:"nodes"`
	} `json:"items"`
}

// ReadProject reads the project number of owner (an organization or a
// user) with its fields and the items that are issues. A project the token
// can't see, or that does not exist, is an error wrapping
// state.ErrProjectUnavailable, with GitHub's words.
func (c *Client) ReadProject(ctx context.Context, owner string, number int) (*state.Project, error) {
	out := &state.Project{Owner: owner, Number: number, Items: map[string]state.ProjectItem{}}
	var after any
	for page := 0; ; page++ {
		var data struct {
			RepositoryOwner *struct {
				Login     string      `json:"login"`
				ProjectV2 *gqlProject `json:"projectV2"`
			} `json:"repositoryOwner"`
		}
		err := c.Do(ctx, projectDocument, map[string]any{"owner": owner, "number": number, "after": after}, &data)
		var gerr *GraphQLErrors
		switch {
		case errors.As(err, &gerr) && gerr.Only("NOT_FOUND", "FORBIDDEN", "INSUFFICIENT_SCOPES"):
			return nil, fmt.Errorf("%w: project %d of %s: %v", state.ErrProjectUnavailable, number, owner, projectWriteError(err))
		case err != nil:
			var ae *APIError
			if errors.As(err, &ae) && (ae.Status == 401 || ae.Status == 403 || ae.Status == 404) && !ae.RateLimited {
				return nil, fmt.Errorf("%w: project %d of %s: %v", state.ErrProjectUnavailable, number, owner, err)
			}
			return nil, fmt.Errorf("reading project %d of %s: %w", number, owner, err)
		case data.RepositoryOwner == nil || data.RepositoryOwner.ProjectV2 == nil:
			return nil, fmt.Errorf("%w: %s has no project %d the token can see", state.ErrProjectUnavailable, owner, number)
		}
		p := data.RepositoryOwner.ProjectV2
		if page == 0 {
			out.ID, out.Title, out.URL = p.ID, p.Title, p.URL
			for _, f := range p.Fields.Nodes {
				if f.ID == "" {
					continue
				}
				pf := state.ProjectField{ID: f.ID, Name: f.Name, Type: f.DataType}
				for _, o := range f.Options {
					pf.Options = append(pf.Options, state.ProjectOption{ID: o.ID, Name: o.Name})
				}
				if cfg := f.Configuration; cfg != nil {
					for _, it := range cfg.Iterations {
						pf.Iterations = append(pf.Iterations, state.ProjectIteration{ID: it.ID, Title: it.Title, StartDate: it.StartDate, Duration: it.Duration})
					}
					for _, it := range cfg.CompletedIterations {
						pf.Iterations = append(pf.Iterations, state.ProjectIteration{ID: it.ID, Title: it.Title, StartDate: it.StartDate, Duration: it.Duration, Completed: true})
					}
				}
				out.Fields = append(out.Fields, pf)
			}
		}
		for _, it := range p.Items.Nodes {
			if it.Content == nil || it.Content.Typename != "Issue" || it.Content.ID == "" {
				continue
			}
			item := state.ProjectItem{ID: it.ID, Archived: it.IsArchived, Values: map[string]state.ProjectValue{}}
			for _, v := range it.FieldValues.Nodes {
				if v.Field == nil || v.Field.ID == "" {
					continue
				}
				var pv state.ProjectValue
				switch v.Typename {
				case "ProjectV2ItemFieldTextValue":
					pv.Text = v.Text
				case "ProjectV2ItemFieldNumberValue":
					if v.Number != nil {
						pv.Number = *v.Number
					}
				case "ProjectV2ItemFieldDateValue":
					pv.Date = dateOnly(v.Date)
				case "ProjectV2ItemFieldSingleSelectValue":
					pv.OptionID = v.OptionID
				case "ProjectV2ItemFieldIterationValue":
					pv.IterationID = v.IterationID
				default:
					continue
				}
				item.Values[v.Field.ID] = pv
			}
			out.Items[it.Content.ID] = item
		}
		if !p.Items.PageInfo.HasNextPage {
			return out, nil
		}
		after = p.Items.PageInfo.EndCursor
	}
}

// dateOnly keeps the calendar date of GraphQL's Date ("2027-01-15").
func dateOnly(s string) string {
	// equivalent mutant CONDITIONALS_BOUNDARY: a string of exactly 10 bytes is its own s[:10].
	if len(s) >= 10 {
		return s[:10]
	}
	return s
}

// AddProjectItem adds the issue with node id content to the project and
// returns the item's id (GitHub returns the existing item when there is one).
func (c *Client) AddProjectItem(ctx context.Context, project, content string) (string, error) {
	var data struct {
		Add *struct {
			Item struct {
				ID string `json:"id"`
			} `json:"item"`
		} `json:"addProjectV2ItemById"`
	}
	if err := c.Do(ctx, addProjectItemDocument, map[string]any{"project": project, "content": content}, &data); err != nil {
		return "", projectWriteError(err)
	}
	if data.Add == nil || data.Add.Item.ID == "" {
		return "", errors.New("GitHub answered without the item's id")
	}
	return data.Add.Item.ID, nil
}

// ProjectFieldValue is what SetProjectValue sends: exactly one part is set
// (GitHub's ProjectV2FieldValue takes one value at a time).
type ProjectFieldValue struct {
	Text        *string
	Number      *float64
	Date        string
	OptionID    string
	IterationID string
}

func (v ProjectFieldValue) input() map[string]any {
	switch {
	case v.Text != nil:
		return map[string]any{"text": *v.Text}
	case v.Number != nil:
		return map[string]any{"number": *v.Number}
	case v.Date != "":
		return map[string]any{"date": v.Date}
	case v.OptionID != "":
		return map[string]any{"singleSelectOptionId": v.OptionID}
	}
	return map[string]any{"iterationId": v.IterationID}
}

// SetProjectValue sets one field of one item.
func (c *Client) SetProjectValue(ctx context.Context, project, item, field string, v ProjectFieldValue) error {
	err := c.Do(ctx, setProjectValueDocument, map[string]any{"project": project, "item": item, "field": field, "value": v.input()}, nil)
	return projectWriteError(err)
}

// ClearProjectValue clears one field of one item.
func (c *Client) ClearProjectValue(ctx context.Context, project, item, field string) error {
	err := c.Do(ctx, clearProjectValueDocument, map[string]any{"project": project, "item": item, "field": field}, nil)
	return projectWriteError(err)
}

// projectWriteError words GraphQL's refusal (errors in a 200: FORBIDDEN,
// NOT_FOUND, UNPROCESSABLE) as GitHub says it, with its type.
func projectWriteError(err error) error {
	var gerr *GraphQLErrors
	if errors.As(err, &gerr) {
		var parts []string
		for _, e := range gerr.Errors {
			if e.Type != "" {
				parts = append(parts, e.Type+": "+e.Message)
			} else {
				parts = append(parts, e.Message)
			}
		}
		return fmt.Errorf("GitHub says %s", strings.Join(parts, "; "))
	}
	return err
}
