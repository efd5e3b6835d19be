package importer

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/roadmap-as-code/roadmap/internal/roadmap"
)

// slugMax leaves room under roadmap.MaxIDLength for a "-NUMBER" suffix.
const slugMax = 48

// Slug turns a title into a readable id: the title without its leading
// list numbers and tags ("Issue 001:", "[IMPL]"), its letters and digits, accents
// dropped (é → e), everything else one "-", lower case, at most 48
// characters cut at a word boundary. A title without a Latin letter or a
// digit ("🚀", "修复登录") has no slug: "".
func Slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(stripNoise(title)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // the accent of a decomposed letter
		// equivalent mutant CONDITIONALS_BOUNDARY: unicode.MaxASCII is U+007F DEL, neither a letter nor a digit, so < and <= let the same runes through.
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		default:
			dash = true
		}
	}
	s := b.String()
	if len(s) > slugMax {
		cut := strings.LastIndexByte(s[:slugMax+1], '-')
		if cut < slugMax/2 {
			cut = slugMax
		}
		s = strings.TrimRight(s[:cut], "-")
	}
	return s
}

// ids hands out unique ids deterministically: an id already taken (a
// marker's, an existing entry's) is never handed out again.
type ids struct{ taken map[string]bool }

func newIDs() *ids { return &ids{taken: map[string]bool{}} }

func (s *ids) reserve(id string) { s.taken[id] = true }

// forTitle is the slug of the title for issue number, made unique: the
// first issue with a slug gets it bare, later ones get "-NUMBER" (then
// "-NUMBER-2", …); a title with no slug gives "issue-NUMBER".
func (s *ids) forTitle(title string, number int) string {
	base := Slug(title)
	if base == "" {
		base = fmt.Sprintf("issue-%d", number)
	}
	id := base
	if s.taken[id] {
		id = fmt.Sprintf("%s-%d", base, number)
	}
	for n := 2; s.taken[id]; n++ {
		id = fmt.Sprintf("%s-%d-%d", base, number, n)
	}
	// equivalent mutant CONDITIONALS_BOUNDARY: at exactly MaxIDLength, id[len(id)-MaxIDLength:] is id itself.
	if len(id) > roadmap.MaxIDLength { // unreachable with slugMax, kept as a guard
		id = id[len(id)-roadmap.MaxIDLength:]
	}
	s.taken[id] = true
	return id
}
