package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/go-github/v62/github"

	"github.com/roadmap-as-code/roadmap/internal/gh"
)

// Exit codes, one per kind of failure (see the README's table).
const (
	ExitOK        = 0
	ExitInvalid   = 1  // the roadmap has errors
	ExitChanges   = 2  // plan --detailed-exitcode: there are changes (as terraform)
	ExitGitHub    = 3  // GitHub refused or failed a read (token, permission, repository, network)
	ExitApply     = 4  // apply: some changes failed or were not sent
	ExitCancelled = 5  // apply: not confirmed, at the prompt or for want of a terminal
	ExitUsage     = 64 // a command line, flag or environment variable the tool can't use (sysexits' EX_USAGE)
)

// gitHubError turns an error that came from GitHub into one line that says
// what happened and what to do: "reading labels of o/r: GitHub answered 401
// Bad credentials — check GITHUB_TOKEN: …". Other errors pass through.
func gitHubError(err error, repo string) error {
	if err == nil || errors.Is(err, context.Canceled) {
		return err
	}
	line, ok := explainGitHub(err, repo)
	if !ok {
		return err
	}
	return &ExitError{Code: ExitGitHub, Err: errors.New(line)}
}

// explainGitHub words err when it is GitHub's answer, or the lack of one.
func explainGitHub(err error, repo string) (string, bool) {
	if repo == "" {
		repo = "the repository"
	}
	var rle *github.RateLimitError
	if errors.As(err, &rle) {
		when := "it lifts"
		if !rle.Rate.Reset.IsZero() {
			when = rle.Rate.Reset.UTC().Format("15:04 UTC")
		}
		return fmt.Sprintf("%sGitHub's rate limit is used up — run again after %s", prefix(err, rle), when), true
	}
	var er *github.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		status := er.Response.StatusCode
		what := fmt.Sprintf("GitHub answered %d %s", status, strings.TrimSpace(er.Message))
		if strings.TrimSpace(er.Message) == "" {
			what = fmt.Sprintf("GitHub answered %d %s", status, http.StatusText(status))
		}
		var hint string
		switch {
		case status == http.StatusUnauthorized:
			hint = "check GITHUB_TOKEN: it is mistyped, expired or revoked"
		case status == http.StatusForbidden && strings.Contains(er.Message, "Resource not accessible"):
			hint = "the token may not do this: it needs issues: write on " + repo + " (in a workflow, add permissions: issues: write)"
		case status == http.StatusForbidden:
			hint = "the token has no access to " + repo + " (for an organization with SAML single sign-on, authorize the token for it)"
		case status == http.StatusNotFound:
			hint = "check the repository name " + repo + " (--repo, GITHUB_REPOSITORY or \"repository\"); a private repository is 404 to a token that can't see it"
		case status == http.StatusGone:
			hint = "issues are turned off on " + repo + ", or the issue was deleted; turn issues on in the repository's settings"
		case status == http.StatusUnprocessableEntity:
			var fields []string
			var ae *gh.APIError
			if errors.As(err, &ae) && len(ae.Fields) > 0 {
				for _, fe := range ae.Fields {
					fields = append(fields, fieldWords(fe))
				}
			} else {
				for _, e := range er.Errors {
					fields = append(fields, fieldWords(gh.FieldError{Resource: e.Resource, Field: e.Field, Code: e.Code}))
				}
			}
			if len(fields) > 0 {
				what += ": " + strings.Join(fields, "; ")
			}
			hint = "GitHub refused the values above; fix them in the roadmap"
		case status >= 500:
			hint = "GitHub is failing (retried already); run again later: a rerun picks up where this one stopped"
		default:
			hint = "see " + er.DocumentationURL
			if er.DocumentationURL == "" {
				hint = "run again with a token that may read " + repo
			}
		}
		return prefix(err, er) + what + " — " + hint, true
	}
	var ae *gh.APIError
	if errors.As(err, &ae) && ae.Status == 0 {
		return prefix(err, ae) + ae.Error() + " — check the network and GITHUB_API_URL", true
	}
	var ue *url.Error
	var ne net.Error
	if errors.As(err, &ue) || errors.As(err, &ne) {
		return fmt.Sprintf("GitHub did not answer: %v — check the network and GITHUB_API_URL", err), true
	}
	return "", false
}

// fieldWords says one of a 422's field errors: `assignees invalid ("nobody")`.
func fieldWords(fe gh.FieldError) string {
	s := strings.TrimSpace(fe.Field + " " + strings.ReplaceAll(fe.Code, "_", " "))
	if fe.Value != nil {
		s += fmt.Sprintf(" (%q)", fmt.Sprint(fe.Value))
	}
	return s
}

// prefix is what the error says before GitHub's part: "listing labels of
// o/r: ". go-github's own part names the URL and ends in a Go slice of
// field errors; the line says those better.
func prefix(err, inner error) string {
	s := err.Error()
	if i := strings.Index(s, inner.Error()); i > 0 {
		return s[:i]
	}
	return ""
}
