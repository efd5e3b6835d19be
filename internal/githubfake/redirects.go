package githubfake

import (
	"net/http"
	"strconv"
	"strings"
)

// A renamed repository: requests under its old name are redirected to /repositories/{id}/…, with
// 301 for GET and 307 for other methods, so a client that follows them repeats a write with its
// method and body. GitHub announced these redirects in "Repository redirects are now supported in
// the API" (developer.github.com changes, 2015) and documents following 301, 302 and 307 in its
// REST best practices ("Follow redirects").
//
//	r.Rename(owner, name)   // the repository is now owner/name; the old name redirects

// Rename gives the repository a new owner and name; requests under every name it had redirect.
func (r *Repo) Rename(owner, name string) {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	r.formerly = append(r.formerly, strings.ToLower(r.owner+"/"+r.name))
	r.owner, r.name = owner, name
	r.f.userID(owner)
}

// formerlyNamed finds the repository that was called owner/name; f.mu is held.
func (f *Fake) formerlyNamed(owner, name string) *Repo {
	key := strings.ToLower(owner + "/" + name)
	for _, r := range f.repos {
		for _, old := range r.formerly {
			if old == key {
				return r
			}
		}
	}
	return nil
}

// repoRedirect answers a request under a repository's old name; f.mu is held.
func (f *Fake) repoRedirect(req *http.Request, r *Repo, restEsc []string) response {
	loc := f.api() + "/repositories/" + strconv.FormatInt(r.id, 10)
	if rest := strings.Join(restEsc, "/"); rest != "" {
		loc += "/" + rest
	}
	if req.URL.RawQuery != "" {
		loc += "?" + req.URL.RawQuery
	}
	status := http.StatusMovedPermanently
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		status = http.StatusTemporaryRedirect
	}
	h := http.Header{}
	h.Set("Location", loc)
	return response{status: status, header: h, body: obj{
		"message": "Moved Permanently", "url": loc, "documentation_url": "https://docs.github.com/v3/#http-redirects",
	}}
}
