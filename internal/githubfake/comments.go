package githubfake

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Comments

func listComments(c *call) response {
	is := c.issue()
	if is == nil {
		return c.notFound()
	}
	list := is.comments
	if v := c.r.URL.Query().Get("since"); v != "" {
		if since, err := time.Parse(time.RFC3339, v); err == nil {
			list = nil
			for _, cm := range is.comments {
				if !cm.updated.Before(since) {
					list = append(list, cm)
				}
			}
		}
	}
	list = page(c, list)
	out := make([]any, 0, len(list))
	for _, cm := range list {
		out = append(out, c.f.commentJSON(cm))
	}
	return c.ok(out)
}

func (c *call) commentBody() (string, *response) {
	m, bad := c.fields()
	if bad != nil {
		return "", bad
	}
	body, _, ok := str(m, "body")
	if !ok || body == nil || *body == "" {
		r := c.invalid(fieldError("IssueComment", "missing_field", "body"))
		return "", &r
	}
	if utf8.RuneCountInString(*body) > maxBody {
		e := tooLong("IssueComment", "body", maxBody)
		e["message"] = fmt.Sprintf("Body is too long (maximum is %d characters)", maxBody)
		r := c.invalid(e)
		return "", &r
	}
	return *body, nil
}

func createComment(c *call) response {
	is := c.issue()
	if is == nil {
		return c.notFound()
	}
	body, bad := c.commentBody()
	if bad != nil {
		return *bad
	}
	cm := c.f.newComment(is, c.login, body, c.now)
	is.updated = c.now
	j := c.f.commentJSON(cm)
	return c.created(j, j["url"].(string))
}

func (c *call) comment() *comment {
	id, err := strconv.ParseInt(c.params["comment"], 10, 64)
	if err != nil {
		return nil
	}
	return c.repo.findComment(id)
}

func getComment(c *call) response {
	cm := c.comment()
	if cm == nil {
		return c.notFound()
	}
	return c.ok(c.f.commentJSON(cm))
}

func updateComment(c *call) response {
	cm := c.comment()
	if cm == nil {
		return c.notFound()
	}
	if !c.pusher() && !strings.EqualFold(cm.author, c.login) {
		return c.noPush()
	}
	body, bad := c.commentBody()
	if bad != nil {
		return *bad
	}
	cm.body, cm.updated = body, c.now
	return c.ok(c.f.commentJSON(cm))
}

func deleteComment(c *call) response {
	cm := c.comment()
	if cm == nil {
		return c.notFound()
	}
	if !c.pusher() && !strings.EqualFold(cm.author, c.login) {
		return c.noPush()
	}
	is := cm.issue
	for i, x := range is.comments {
		if x == cm {
			is.comments = append(is.comments[:i:i], is.comments[i+1:]...)
			break
		}
	}
	return noContent()
}

// ---------------------------------------------------------------------------------------------
// Pull requests of a commit

func listCommitPulls(c *call) response {
	sha := strings.ToLower(c.params["sha"])
	var list []*issue
	for _, is := range c.repo.issues {
		if is.pr && is.mergeSHA != "" && strings.ToLower(is.mergeSHA) == sha {
			list = append(list, is)
		}
	}
	list = page(c, list)
	out := make([]any, 0, len(list))
	for _, is := range list {
		out = append(out, c.f.pullJSON(is))
	}
	return c.ok(out)
}
