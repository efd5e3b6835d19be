package render

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// zwsp is the zero-width space put after "@" and "#" in quoted text. GitHub
// finds mentions and issue references in the rendered text, after
// entities are decoded, so "&#64;name" would still ping; an invisible
// character between the sign and the name does not (Renovate's proven
// trick), and reads exactly like the original in the page, in e-mail
// notifications and in the raw text.
const zwsp = "\u200b"

// Neutralize keeps text quoted from the roadmap or from GitHub from acting
// on other people and issues when GitHub renders it: "@name" and
// "@org/team" no longer mention, "#12", "owner/repo#12" and "GH-12" no
// longer reference (and so add no "mentioned this" entry to those issues on
// every push), and URLs are not made links (a link to an issue is a
// reference too). The text reads the same; only an invisible zero-width
// space is added.
func Neutralize(s string) string {
	lower := strings.ToLower(s)
	if !strings.ContainsAny(s, "@#") && !strings.Contains(lower, "gh-") && !strings.Contains(lower, "://") && !strings.Contains(lower, "www.") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[i : i+size])
		next := i + size
		switch {
		case r == '@' && next < len(s) && isNameByte(s[next]):
			b.WriteString(zwsp)
		case r == '#' && next < len(s) && isDigit(s[next]):
			b.WriteString(zwsp)
		case (r == '-') && i >= 2 && strings.EqualFold(s[i-2:i], "gh") && (i == 2 || !isWordByte(s[i-3])) && next < len(s) && isDigit(s[next]):
			b.WriteString(zwsp)
		case r == ':' && strings.HasPrefix(s[next:], "//") && i > 0 && isNameByte(s[i-1]):
			b.WriteString(zwsp) // "https:​//…": GitHub no longer links it
		case (r == 'w' || r == 'W') && strings.EqualFold(s[next:min(len(s), next+3)], "ww.") && (i == 0 || !isWordByte(s[i-1])):
			b.WriteString(s[next : next+2])
			b.WriteString(zwsp)
			next += 2
		}
		i = next
	}
	return b.String()
}

func isDigit(c byte) bool    { return c >= '0' && c <= '9' }
func isNameByte(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isWordByte(c byte) bool { return isNameByte(c) || c == '_' }

// mdText makes user text safe as inline Markdown: in prose, a list item or a
// table cell. It can't open HTML, links, emphasis, math or a table cell,
// can't start a block, can't ping anyone or reference an issue; it stays
// one line. Characters are escaped with backslashes, not HTML entities, so
// the raw text and e-mail notifications read cleanly; "_" inside a word,
// which GitHub never reads as emphasis, is left alone (SM_REFACTOR_STRAT).
func mdText(s string) string {
	s = lineBreaks.Replace(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '`', '*', '[', ']', '<', '>', '|', '~', '$':
			b.WriteByte('\\')
		case '_':
			if i == 0 || i == len(s)-1 || !isNameByte(s[i-1]) || !isNameByte(s[i+1]) {
				b.WriteByte('\\')
			}
		case '&':
			if i+1 < len(s) && (s[i+1] == '#' || isNameByte(s[i+1])) {
				b.WriteByte('\\')
			}
		case '!':
			// "![" would be an image; "[" is escaped anyway, but keep "!" plain.
		case '#', '-', '+', '=':
			if i == 0 {
				b.WriteByte('\\') // a heading, list or setext line at the start of a list item
			}
		}
		if i == 0 && isDigit(c) {
			// "1. x" or "1) x" at the start of a list item is an ordered list.
			j := i
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			if j < len(s) && (s[j] == '.' || s[j] == ')') {
				b.WriteString(s[:j])
				b.WriteByte('\\')
				i = j - 1
				continue
			}
		}
		b.WriteByte(c)
	}
	return Neutralize(b.String())
}

// Replacers are built once: building one costs more than using it.
var (
	lineBreaks  = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ")
	htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r\n", " ", "\n", " ", "\r", " ")
	codeEscaper = strings.NewReplacer("\r\n", " ", "\n", " ", "|", `\|`)
	dotEscaper  = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", " ", "\r", " ")
)

// htmlText makes user text safe inside raw HTML such as <summary>, where
// Markdown is not read: only &, < and > need entities there, quotes don't.
func htmlText(s string) string {
	s = htmlEscaper.Replace(s)
	return Neutralize(s)
}

// htmlCode is <code> for raw HTML, where backticks show literally.
func htmlCode(s string) string { return "<code>" + htmlText(s) + "</code>" }

// trimRunes shortens s to at most n characters, ending in "…" when cut.
func trimRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRightFunc(string(r[:n-1]), unicode.IsSpace) + "…"
}

// Inline is text from the roadmap or GitHub made safe for one line of
// Markdown: no mention, reference, HTML or layout it could carry acts.
func Inline(s string) string { return mdText(s) }
