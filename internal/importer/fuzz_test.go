package importer

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/roadmap-as-code/roadmap/internal/roadmap"
	"github.com/roadmap-as-code/roadmap/internal/state"
)

// FuzzSlug: any title gives an id the roadmap accepts (or "" when there is
// nothing to slug), and handing out ids never repeats one.
//
//	go test ./internal/importer -run '^$' -fuzz FuzzSlug -fuzztime 60s
func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Issue 001: Real-Time Collaboration Engine", "🚀", "", "---", "Café", strings.Repeat("ab-", 100), "[x] #1 feat: y", "\xff\xfe"} {
		f.Add(s, 7)
	}
	f.Fuzz(func(t *testing.T, title string, number int) {
		s := Slug(title)
		if s != "" && (!validID(s) || len(s) > slugMax || strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-") || strings.Contains(s, "--")) {
			t.Fatalf("Slug(%q) = %q", title, s)
		}
		if number < 1 {
			number = -number%1_000_000 + 1
		}
		ids := newIDs()
		ids.reserve(s)
		seen := map[string]bool{s: true}
		for k := range 5 {
			id := ids.forTitle(title, number+k%2)
			if !validID(id) || seen[id] {
				t.Fatalf("id %q for %q (#%d): invalid or handed out twice", id, title, number+k%2)
			}
			seen[id] = true
		}
		_ = TitleKey(title)
	})
}

// FuzzGroup: grouping puts every issue in exactly one group, keeps the
// copy the keep rule ranks first, never merges two managed ids, and does
// not depend on the order the issues were listed in.
//
//	go test ./internal/importer -run '^$' -fuzz FuzzGroup -fuzztime 60s
func FuzzGroup(f *testing.F) {
	f.Add("Fix login|Fix: login|fix login!", "same body|same body|other", uint8(0b101), uint16(7))
	f.Add("Issue 001: A|02 Impl A|A", "x|x|", uint8(0), uint16(1))
	f.Fuzz(func(t *testing.T, titles, bodies string, managed uint8, seed uint16) {
		ts, bs := strings.Split(titles, "|"), strings.Split(bodies, "|")
		if len(ts) > 12 {
			ts = ts[:12]
		}
		var cands []*candidate
		for i, title := range ts {
			is := &state.Issue{Number: i + 1, Title: title, State: "open", Comments: int(seed>>i) & 3}
			if i < len(bs) {
				is.Body = bs[i]
			}
			if i%3 == 2 {
				is.State = "closed"
			}
			c := &candidate{is: is, text: is.Body}
			if managed&(1<<(i%8)) != 0 {
				c.id = fmt.Sprintf("id-%d", i%3)
			}
			cands = append(cands, c)
		}
		groups := groupIssues(cands, true, "roadmap")
		seen := map[int]bool{}
		for _, g := range groups {
			members := append([]*state.Issue{g.Kept}, g.Duplicates...)
			ids := map[string]bool{}
			for _, m := range members {
				if seen[m.Number] {
					t.Fatalf("#%d is in two groups", m.Number)
				}
				seen[m.Number] = true
				for _, c := range cands {
					if c.is == m && c.id != "" {
						ids[c.id] = true
					}
				}
			}
			if len(ids) > 1 {
				t.Fatalf("group of #%d merges managed ids %v", g.Kept.Number, ids)
			}
			var kept *candidate
			for _, c := range cands {
				if c.is == g.Kept {
					kept = c
				}
			}
			for _, d := range g.Duplicates {
				for _, c := range cands {
					if c.is == d {
						if before, _ := keepsBefore(c, kept); before {
							t.Fatalf("#%d ranks before the kept #%d", d.Number, g.Kept.Number)
						}
					}
				}
			}
		}
		if len(seen) != len(cands) {
			t.Fatalf("%d issues grouped, %d given", len(seen), len(cands))
		}
		// The same issues listed in another order group the same way.
		rev := slices.Clone(cands)
		slices.Reverse(rev)
		if a, b := summary(groups), summary(groupIssues(rev, true, "roadmap")); !reflect.DeepEqual(a, b) {
			t.Fatalf("order matters:\n%v\n%v", a, b)
		}
		noDedupe := groupIssues(cands, false, "roadmap")
		for _, g := range noDedupe {
			if len(g.Duplicates) > 0 && g.id == "" {
				t.Fatalf("--no-dedupe grouped #%d with %d copies", g.Kept.Number, len(g.Duplicates))
			}
		}
	})
}

func summary(groups []*Group) []string {
	var out []string
	for _, g := range groups {
		s := fmt.Sprint(g.Kept.Number)
		for _, d := range g.Duplicates {
			s += fmt.Sprint(",", d.Number)
		}
		out = append(out, s)
	}
	return out
}

// The file import writes has the keys of roadmap.Roadmap in their order.
func TestEncodedKeysFollowTheTypes(t *testing.T) {
	if got, want := keyOrder(file{}), keyOrder(roadmap.Roadmap{}); !slices.Equal(got, want) {
		t.Fatalf("import writes top-level keys %v; roadmap.Roadmap has %v", got, want)
	}
	if got, want := keyOrder(settings{}), keyOrder(roadmap.Settings{}); !slices.Equal(got, want) {
		t.Fatalf("import writes settings %v; roadmap.Settings has %v", got, want)
	}
}
