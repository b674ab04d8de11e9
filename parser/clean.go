package parser

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	xhtml "golang.org/x/net/html"
)

// cleanTags are the elements doc descriptions use. A "<" that does not open
// or close one of them is text: descriptions say "Map<String,String>" and
// "List<ItemDO>", which an HTML parser would swallow as tags.
var cleanTags = map[string]bool{
	"a": true, "b": true, "big": true, "blockquote": true, "br": true, "center": true,
	"code": true, "dd": true, "del": true, "div": true, "dl": true, "dt": true, "em": true,
	"font": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"hr": true, "i": true, "img": true, "ins": true, "label": true, "li": true, "ol": true,
	"p": true, "pre": true, "s": true, "small": true, "span": true, "strike": true,
	"strong": true, "sub": true, "sup": true, "table": true, "tbody": true, "td": true,
	"tfoot": true, "th": true, "thead": true, "tr": true, "tt": true, "u": true, "ul": true,
}

// cleanBlockTags end a line before and after their content.
var cleanBlockTags = map[string]bool{
	"blockquote": true, "dd": true, "div": true, "dl": true, "dt": true, "h1": true,
	"h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "hr": true, "li": true,
	"ol": true, "p": true, "pre": true, "table": true, "tr": true, "ul": true,
}

var cleanTagRE = regexp.MustCompile(`<(/?)([A-Za-z][A-Za-z0-9]*)([\s/>]|$)`)

// cleanHTML turns a description that may hold HTML (<br/>, &nbsp;, <a>,
// <font>, lists) into plain text: tags dropped, entities decoded, line
// breaks kept where the markup or the text had them, runs of blanks
// collapsed to one space, blank lines and control characters removed.
func cleanHTML(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if !strings.ContainsAny(s, "<&") {
		return cleanLines(s)
	}
	if !cleanHasTag(s) {
		return cleanLines(html.UnescapeString(s))
	}
	// Keep stray "<" as text, then let the HTML parser do the rest.
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		if m := cleanTagRE.FindStringSubmatch(s[i:]); m != nil && strings.HasPrefix(s[i:], m[0]) && cleanTags[strings.ToLower(m[2])] {
			continue
		}
		if strings.HasPrefix(s[i:], "<!--") {
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString("&lt;")
		last = i + 1
	}
	b.WriteString(s[last:])
	// Text nodes keep their newlines, which cleanLines treats as line
	// breaks: descriptions mix both conventions.
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(b.String()))
	if err != nil {
		return cleanLines(html.UnescapeString(s))
	}
	var out strings.Builder
	for _, n := range doc.Nodes {
		cleanWriteText(&out, n)
	}
	return cleanLines(out.String())
}

// cleanHasTag reports whether s opens or closes a known element.
func cleanHasTag(s string) bool {
	for _, m := range cleanTagRE.FindAllStringSubmatch(s, -1) {
		if cleanTags[strings.ToLower(m[2])] {
			return true
		}
	}
	return false
}

// cleanWriteText appends the text of n, with newlines for breaks and blocks.
func cleanWriteText(b *strings.Builder, n *xhtml.Node) {
	switch n.Type {
	case xhtml.TextNode:
		b.WriteString(n.Data)
		return
	case xhtml.ElementNode:
		switch n.Data {
		case "br":
			b.WriteByte('\n')
			return
		case "script", "style", "head":
			return
		case "td", "th":
			b.WriteByte(' ')
		}
	case xhtml.CommentNode:
		return
	}
	block := n.Type == xhtml.ElementNode && cleanBlockTags[n.Data]
	if block {
		b.WriteByte('\n')
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		cleanWriteText(b, c)
	}
	if block {
		b.WriteByte('\n')
	}
}

// cleanLines collapses blanks within each line, trims lines and drops
// empty ones and control characters.
func cleanLines(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace, pendingLine := false, false
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			pendingLine, pendingSpace = true, false
		case unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff':
			pendingSpace = true
		case unicode.IsControl(r) || r == '\uFFFE' || r == '\uFFFF':
			// dropped
		default:
			if b.Len() > 0 {
				if pendingLine {
					b.WriteByte('\n')
				} else if pendingSpace {
					b.WriteByte(' ')
				}
			}
			pendingSpace, pendingLine = false, false
			b.WriteRune(r)
		}
	}
	return b.String()
}
