package importer

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	edlib "github.com/hbollon/go-edlib"

	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// Near-identical bodies: the Sørensen–Dice coefficient of the two bodies'
// sets of 12-character shingles, after case and white space are folded,
// is at least SimilarityThreshold. Measured on realistic pairs
// (similarity_test.go): the seed's "[IMPL]" copies, whose body wraps the
// first copy's in a header and a "How to Create" footer, score 0.85–0.87;
// the seed's different issues, which share one template of headings,
// 0.08–0.13 (0.29–0.32 between the wrapped copies); two different bug
// reports written into GitHub's bug-report template, 0.69. Twelve
// characters is long enough that common English n-grams ("tion", " the ")
// do not make unrelated texts look alike, and short enough that one edited
// word changes few shingles.
const (
	ShingleSize         = 12
	SimilarityThreshold = 0.80
)

// Similarity is how alike two bodies are, from 0 to 1: 1 for bodies equal
// once case and white space are folded; Sørensen–Dice of their shingles
// otherwise; 0 when either is too short to have a shingle.
func Similarity(a, b string) float64 {
	fa, fb := foldText(a), foldText(b)
	if fa == fb {
		return 1
	}
	if utf8.RuneCountInString(fa) < ShingleSize || utf8.RuneCountInString(fb) < ShingleSize {
		return 0
	}
	return float64(edlib.SorensenDiceCoefficient(fa, fb, ShingleSize))
}

// foldText lowercases a body and folds every run of white space (CRLF,
// trailing spaces, re-wrapped lines) into one space.
func foldText(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// leadingNoise matches one piece of the numbering and tagging that lists
// copied into issues put before the title: a bracketed tag ("[IMPL]",
// "(WIP)", "【P0】"), a list number of at most three digits ("01", "#12",
// "3." — not a year), or a tag word ("Issue", "Impl", "feat(api):").
var leadingNoise = []*regexp.Regexp{
	regexp.MustCompile(`^[\[(【][^\])】]{0,40}[\])】][\s:.\-–—]*`),
	regexp.MustCompile(`^#?\d{1,3}(?:[.:)\-–—]+\s*|\s+)`),
	regexp.MustCompile(`(?i)^(?:issue|task|ticket|story|epic|bug|feature|feat|fix|chore|docs|impl|wip|todo|rfc|spike)(?:\([^)]*\))?(?:[:\-–—]+\s*|\s+)`),
}

// TitleKey is what two titles of one work item have in common: the title
// without leading list numbers and tags, its letters and digits only, in
// lower case — so "Issue 001: Real-Time Collaboration Engine" and
// "02 Impl Realtime Collaboration Engine" share "realtimecollaborationengine".
// A title that is nothing but such a prefix keeps it, and one without a
// letter or digit (emoji only) is its own key.
func TitleKey(title string) string {
	if k := alnum(stripNoise(title)); k != "" {
		return k
	}
	return fullTitleKey(title)
}

// stripNoise drops the leading list numbers and tags of a title, unless
// nothing with a letter or digit would be left.
func stripNoise(title string) string {
	rest := strings.TrimSpace(title)
	for changed := true; changed; {
		changed = false
		for _, re := range leadingNoise {
			// equivalent mutant CONDITIONALS_BOUNDARY: when the match ends at the end of rest, what follows is "", which has no letter or digit, so the next condition refuses it either way.
			if loc := re.FindStringIndex(rest); loc != nil && loc[1] < len(rest) && alnum(rest[loc[1]:]) != "" {
				rest = strings.TrimSpace(rest[loc[1]:])
				changed = true
			}
		}
	}
	return rest
}

// fullTitleKey is the whole title's letters and digits in lower case (or,
// without any, the title with white space folded): what two titles must
// share when there is no body to compare.
func fullTitleKey(title string) string {
	if k := alnum(title); k != "" {
		return k
	}
	return strings.Join(strings.Fields(title), " ")
}

func alnum(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// candidate is an issue with what grouping looks at.
type candidate struct {
	is *state.Issue
	// text is the body the roadmap would hold: above the marker for a
	// managed issue, the whole body otherwise.
	text string
	// id is the roadmap id of a managed issue's marker; "" for none.
	id string
}

func (c *candidate) activity() int { return c.is.Comments + c.is.Reactions }

// Group is one work item found on GitHub: the issue kept as its roadmap
// entry, and the copies closed as its duplicates.
type Group struct {
	Kept       *state.Issue
	Duplicates []*state.Issue
	// Reason is the rule that chose Kept over the first duplicate:
	// "managed", "open", "most activity" or "lowest number"; between
	// issues carrying one marker, the claim order's: "trusted marker",
	// "the tool's own", "created first" or "lowest number".
	Reason  string
	id      string // the marker id of a managed group
	trusted bool   // its kept issue's marker is trusted: it needs no number
	text    string
}

// keepsBefore is the documented keep rule, as an order: the copy the
// roadmap already manages (it carries the marker), then an open one before
// a closed one, then the one with the most activity (comments and
// reactions), then the lowest number.
func keepsBefore(a, b *candidate) (bool, string) {
	if (a.id != "") != (b.id != "") {
		return a.id != "", "managed"
	}
	if (a.is.State == "open") != (b.is.State == "open") {
		return a.is.State == "open", "open"
	}
	if a.activity() != b.activity() {
		// equivalent mutant CONDITIONALS_BOUNDARY: the activities differ here (the if above), and on different values > and >= agree.
		return a.activity() > b.activity(), "most activity"
	}
	// equivalent mutant CONDITIONALS_BOUNDARY: issue numbers are unique and keepsBefore is never asked about an issue against itself (compareCandidates returns 0 first), so the numbers never tie.
	return a.is.Number < b.is.Number, "lowest number"
}

func compareCandidates(a, b *candidate) int {
	if a == b {
		return 0
	}
	if before, _ := keepsBefore(a, b); before {
		return -1
	}
	return 1
}

// maxCompared bounds the copies of one title whose bodies are compared
// with each other's; past it, only bodies equal once folded are grouped,
// so a title shared by thousands of different bodies stays fast.
const maxCompared = 64

// groupIssues finds the work items among cands. Issues whose markers name
// one id are always one item: the id is their identity. With dedupe, other
// issues join an item when their titles share a TitleKey and their bodies
// are near-identical (Similarity ≥ SimilarityThreshold), or both empty with
// the same full title. Two managed ids are never merged. Groups come out in
// the order of their kept issues' numbers.
func groupIssues(cands []*candidate, dedupe bool, managed string) []*Group {
	// Units: a managed id's issues together, every other issue alone.
	byID := map[string][]*candidate{}
	var units [][]*candidate
	for _, c := range cands {
		if c.id == "" {
			units = append(units, []*candidate{c})
			continue
		}
		if byID[c.id] == nil {
			units = append(units, nil) // placeholder, filled below in first-seen order
		}
		byID[c.id] = append(byID[c.id], c)
	}
	seen := map[string]bool{}
	j := 0
	for _, c := range cands {
		switch {
		case c.id == "":
			j++
		case !seen[c.id]:
			seen[c.id] = true
			units[j] = byID[c.id]
			j++
		}
	}
	for _, u := range units {
		if u[0].id != "" {
			slices.SortFunc(u, func(a, b *candidate) int { return claimBefore(a, b, managed) })
		}
	}

	type cluster struct {
		members []*candidate
		folded  string
	}
	var clusters []*cluster
	if !dedupe {
		for _, u := range units {
			clusters = append(clusters, &cluster{members: u})
		}
	} else {
		byKey := map[string][][]*candidate{}
		var keys []string
		for _, u := range units {
			k := TitleKey(u[0].is.Title)
			if byKey[k] == nil {
				keys = append(keys, k)
			}
			byKey[k] = append(byKey[k], u)
		}
		for _, k := range keys {
			us := byKey[k]
			slices.SortFunc(us, func(a, b []*candidate) int { return compareCandidates(a[0], b[0]) })
			var local []*cluster
			exact := map[string]*cluster{}
			for _, u := range us {
				rep := u[0]
				folded := foldText(rep.text)
				var home *cluster
				if c := exact[folded]; c != nil && rep.id == "" && sameItem(c.members[0], rep, c.folded, folded, true) {
					home = c
				}
				for i := 0; home == nil && i < len(local) && i < maxCompared; i++ {
					c := local[i]
					if rep.id != "" && c.members[0].id != "" {
						continue // two managed ids are two entries
					}
					if sameItem(c.members[0], rep, c.folded, folded, false) {
						home = c
					}
				}
				if home == nil {
					home = &cluster{folded: folded}
					local = append(local, home)
					if exact[folded] == nil {
						exact[folded] = home
					}
				}
				home.members = append(home.members, u...)
			}
			clusters = append(clusters, local...)
		}
	}

	groups := make([]*Group, 0, len(clusters))
	for _, c := range clusters {
		// The unit that opened the cluster comes first (a managed id's
		// claimants in their own order), the copies joined by title and
		// body after it, by the keep rule.
		head := 1
		for head < len(c.members) && c.members[0].id != "" && c.members[head].id == c.members[0].id {
			head++
		}
		slices.SortStableFunc(c.members[head:], compareCandidates)
		g := &Group{Kept: c.members[0].is, id: c.members[0].id, text: c.members[0].text}
		if g.id != "" {
			_, t := g.Kept.Claim(managed)
			g.trusted = t == state.Trusted
		}
		for _, m := range c.members[1:] {
			g.Duplicates = append(g.Duplicates, m.is)
		}
		switch {
		case head > 1:
			// Claimants of one marker: the claim order chose, not the keep rule.
			_, g.Reason = claimOrder(c.members[0], c.members[1], managed)
		case len(c.members) > 1:
			_, g.Reason = keepsBefore(c.members[0], c.members[1])
		}
		slices.SortFunc(g.Duplicates, func(a, b *state.Issue) int { return cmp.Compare(a.Number, b.Number) })
		groups = append(groups, g)
	}
	slices.SortFunc(groups, func(a, b *Group) int { return cmp.Compare(a.Kept.Number, b.Kept.Number) })
	return groups
}

// sameItem says whether b is a copy of a, whose titles share a TitleKey.
// Empty bodies say nothing: then the whole titles must match.
func sameItem(a, b *candidate, foldedA, foldedB string, equalKnown bool) bool {
	if foldedA == "" || foldedB == "" {
		return foldedA == foldedB && fullTitleKey(a.is.Title) == fullTitleKey(b.is.Title)
	}
	if equalKnown || foldedA == foldedB {
		return true
	}
	// equivalent mutant CONDITIONALS_BOUNDARY: a score short of 1 is edlib's float32, and no float32 equals the float64 0.80 (0.8 has no exact float32), so >= and > agree on every score.
	return Similarity(a.text, b.text) >= SimilarityThreshold
}

// String says what a group is, for the import's report:
// `#1 "Title" kept (lowest number); #12, #22 closed as duplicates`.
func (g *Group) String() string {
	nums := make([]string, len(g.Duplicates))
	for i, d := range g.Duplicates {
		nums[i] = fmt.Sprintf("#%d", d.Number)
	}
	return fmt.Sprintf("#%d %q kept (%s); %s closed as duplicates", g.Kept.Number, g.Kept.Title, g.Reason, strings.Join(nums, ", "))
}

// managedID returns the roadmap id an issue's marker claims, when the
// state package's trust rule believes it (DESIGN.md, Trust): the marker as
// the tool writes it (roadmap.ParseMarker), by an author with write access
// or a bot — trusted on an issue carrying the managed label, a candidate
// without it. Markers strangers wrote are text.
func managedID(is *state.Issue, managedLabel string) string {
	id, t := is.Claim(managedLabel)
	if t < state.Candidate || !validID(id) {
		return ""
	}
	return id
}

// claimBefore orders the issues claiming one id as plans do
// (state.Claimants): trusted before candidates, then the tool's own (a
// bot's), then the earliest created, then the lowest number.
func claimBefore(a, b *candidate, managed string) int {
	c, _ := claimOrder(a, b, managed)
	return c
}

// claimOrder compares two claimants of one marker as claimBefore does, and
// names the rule that decided, for the import's report.
func claimOrder(a, b *candidate, managed string) (int, string) {
	_, ta := a.is.Claim(managed)
	_, tb := b.is.Claim(managed)
	switch {
	case ta != tb:
		return cmp.Compare(tb, ta), "trusted marker"
	case (a.is.AuthorType == "Bot") != (b.is.AuthorType == "Bot"):
		if a.is.AuthorType == "Bot" {
			return -1, "the tool's own"
		}
		return 1, "the tool's own"
	case !a.is.Created.Equal(b.is.Created) && !a.is.Created.IsZero() && !b.is.Created.IsZero():
		return a.is.Created.Compare(b.is.Created), "created first"
	}
	return cmp.Compare(a.is.Number, b.is.Number), "lowest number"
}

var idPattern = regexp.MustCompile(roadmap.IDPattern)

func validID(id string) bool {
	return id != "" && len(id) <= roadmap.MaxIDLength && idPattern.MatchString(id)
}
