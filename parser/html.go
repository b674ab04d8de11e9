package parser

import (
	"bytes"
	"html"
	"strings"

	"github.com/PuerkitoBio/goquery"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/topgen/topgen/model"
)

// parseHTML reads a doc page saved from a browser. It reads the same
// sections as the text reader, with each table cell explicit; sub-fields
// are lists inside their first-level row (ul.sub-params), flat like on the
// text page, so the nesting is resolved the same way.
func parseHTML(file string, data []byte) (*model.API, Problems, Problems) {
	return parseTable(file, data, readHTMLPage)
}

// locator finds the line of an element's text in the raw page, searching
// forward from the last element found (the HTML tree has no line numbers).
type locator struct {
	raw []byte
	pos int
}

// line returns the line of the first of needles found after the last find,
// or 0.
func (l *locator) line(needles ...string) int {
	for _, n := range needles {
		if n == "" {
			continue
		}
		if i := bytes.Index(l.raw[l.pos:], []byte(n)); i >= 0 {
			at := l.pos + i
			l.pos = at + len(n)
			return 1 + bytes.Count(l.raw[:at], []byte("\n"))
		}
	}
	return 0
}

// escapes returns the ways s may be written in the raw page.
func escapes(s string) []string {
	min := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
	return []string{min, html.EscapeString(s), s}
}

// Column roles of a parameter table.
const (
	colOther = iota
	colName
	colType
	colReq
	colExample
	colLimits
	colDesc
)

var columnRoles = map[string]int{"名称": colName, "类型": colType, "是否必须": colReq, "示例值": colExample,
	"更多限制": colLimits, "描述": colDesc}

// readHTMLPage finds the page's sections by their headings and reads the
// tables and <pre> examples under each.
func readHTMLPage(data []byte, pr *probs) *page {
	pg := &page{}
	data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(data))
	if err != nil {
		pr.err(0, "want an HTML page: %v", err)
		return pg
	}
	loc := &locator{raw: data}
	sec := -1 // before the title
	seen := map[int]bool{}
	var desc []string
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode {
			s := goquery.NewDocumentFromNode(n).Selection
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head:
				return
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				t := normSpace(s.Text())
				if m := titleRE.FindStringSubmatch(t); m != nil && pg.method == "" {
					pg.method, pg.title = m[1], m[2]
					loc.line(escapes(t)...)
					sec = secDesc
					return
				}
				if k, ok := headings[t]; ok {
					loc.line(escapes(t)...)
					seen[k] = true
					sec = k
				}
				return
			case atom.Table:
				switch sec {
				case secRequest:
					pg.request = append(pg.request, readHTMLParams(s, true, loc, pr)...)
				case secResponse:
					pg.response = append(pg.response, readHTMLParams(s, false, loc, pr)...)
				case secErrCodes:
					pg.errorCodes = append(pg.errorCodes, readHTMLErrorCodes(s)...)
				}
				return
			case atom.Pre:
				var dst **block
				switch sec {
				case secReqExample:
					dst = &pg.java
				case secRespExample:
					dst = &pg.respXML
				case secErrExample:
					dst = &pg.errXML
				}
				if dst != nil && *dst == nil {
					*dst = preBlock(s.Text(), loc)
				}
				return
			case atom.P:
				if sec == secDesc {
					if t := normSpace(s.Text()); t != "" {
						desc = append(desc, t)
					}
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range doc.Nodes {
		walk(n)
	}
	pg.description = strings.Join(desc, "\n")
	if pg.method == "" {
		pr.err(0, `want a heading "method (中文名)" (h1–h6) naming the API, found none`)
	}
	switch {
	case !seen[secRequest] && !seen[secResponse]:
		pr.err(0, `want a "请求参数" and a "响应参数" heading: this does not look like a TOP doc page`)
	case !seen[secRequest]:
		pr.err(0, `want a "请求参数" heading (the request parameters), found none`)
	case !seen[secResponse]:
		pr.err(0, `want a "响应参数" heading (the response fields), found none`)
	}
	return pg
}

// preBlock makes a block of a <pre>'s text, locating its first line.
func preBlock(text string, loc *locator) *block {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	first := 0
	for first < len(lines) && strings.TrimSpace(lines[first]) == "" {
		first++
	}
	if first == len(lines) {
		return nil
	}
	line := loc.line(escapes(strings.TrimSpace(lines[first]))...)
	b := newBlock(lines[first:], line)
	if line == 0 {
		b.line = 0
	}
	return b
}

// normSpace collapses runs of white space into one space.
func normSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// cellText is a cell's text without its sub-field list.
func cellText(s *goquery.Selection) string {
	if s == nil {
		return ""
	}
	if s.Find("ul.sub-params").Length() > 0 {
		s = s.Clone()
		s.Find("ul.sub-params").Remove()
	}
	return normSpace(s.Text())
}

// readHTMLParams reads a parameter table: one <tr> per first-level row,
// its sub-fields as <ul class="sub-params"><li><ul><li>cell</li>…</ul></li>…
// inside the row, with the same columns as the table.
func readHTMLParams(t *goquery.Selection, request bool, loc *locator, pr *probs) []*row {
	var roles []int
	t.Find("th").Each(func(_ int, th *goquery.Selection) {
		roles = append(roles, columnRoles[normSpace(th.Text())])
	})
	if len(roles) == 0 {
		roles = []int{colName, colType, colExample, colDesc}
		if request {
			roles = []int{colName, colType, colReq, colExample, colLimits, colDesc}
		}
	}
	var rows []*row
	t.Find("tr").Each(func(_ int, tr *goquery.Selection) {
		tds := tr.ChildrenFiltered("td")
		if tds.Length() == 0 {
			return
		}
		cells := make([]*goquery.Selection, tds.Length())
		tds.Each(func(i int, td *goquery.Selection) { cells[i] = td })
		name := cellText(cells[0])
		line := loc.line(append([]string{">" + html.EscapeString(name) + "<"}, escapes(name)...)...)
		if r := htmlRow(cells, roles, true, request, line, pr); r != nil {
			r.subs = tr.Find("ul.sub-params").First().ChildrenFiltered("li").Length() > 0
			rows = append(rows, r)
		}
		tr.Find("ul.sub-params").First().ChildrenFiltered("li").Each(func(_ int, li *goquery.Selection) {
			lis := li.ChildrenFiltered("ul").First().ChildrenFiltered("li")
			cells := make([]*goquery.Selection, lis.Length())
			lis.Each(func(i int, c *goquery.Selection) { cells[i] = c })
			var name string
			if len(cells) > 0 {
				name = cellText(cells[0])
			}
			line := loc.line(escapes(name)...)
			if len(cells) != len(roles) {
				pr.warn(line, "sub-field %q: want %d cells (one per column), found %d", clip(name), len(roles), len(cells))
			}
			if r := htmlRow(cells, roles, false, request, line, pr); r != nil {
				rows = append(rows, r)
			}
		})
	})
	return rows
}

// htmlRow builds a row from its cells, by column role.
func htmlRow(cells []*goquery.Selection, roles []int, top, request bool, line int, pr *probs) *row {
	get := func(role int) *goquery.Selection {
		for i, r := range roles {
			if r == role && i < len(cells) {
				return cells[i]
			}
		}
		return nil
	}
	what := "row"
	if !top {
		what = "sub-field"
	}
	name, leaf := strings.CutPrefix(cellText(get(colName)), "└")
	name = strings.TrimSpace(name)
	if !paramRE.MatchString(name) {
		pr.err(line, "%s: want a parameter name, found %q", what, clip(name))
		return nil
	}
	r := &row{line: line, top: top, leaf: leaf, name: name, explicit: true}
	typ := cellText(get(colType))
	if !isTypeCell(typ) {
		pr.err(line, "%s %s: %q is not a type: want String, Number, Boolean, Date, Price, … or an object type name, optionally followed by []", what, name, clip(typ))
		return nil
	}
	r.typ, r.list, _ = model.ParseType(typ)
	if top {
		r.leaf = !r.object()
	}
	if request {
		switch req := cellText(get(colReq)); req {
		case "必须":
			r.required = true
		case "可选":
		default:
			if top {
				pr.err(line, "row %s: want 必须 or 可选 in the 是否必须 column, found %q", name, clip(req))
				return nil
			}
			pr.warn(line, "sub-field %s: want 必须 or 可选 in the 是否必须 column, found %q; taken as optional", name, clip(req))
		}
	}
	r.example = cellText(get(colExample))
	r.desc = cellText(get(colDesc))
	if lc := get(colLimits); lc != nil {
		lis := lc.Find("li").Not("ul.sub-params li")
		if lis.Length() == 0 {
			if t := cellText(lc); t != "" {
				r.limits = append(r.limits, cell{t, line})
			}
		}
		lis.Each(func(_ int, li *goquery.Selection) {
			if t := normSpace(li.Text()); t != "" {
				r.limits = append(r.limits, cell{t, line})
			}
		})
	}
	return r
}

// readHTMLErrorCodes reads the error code table's rows.
func readHTMLErrorCodes(t *goquery.Selection) []model.ErrorCode {
	var out []model.ErrorCode
	t.Find("tr").Each(func(_ int, tr *goquery.Selection) {
		tds := tr.ChildrenFiltered("td")
		if tds.Length() == 0 {
			return
		}
		ec := model.ErrorCode{Code: normSpace(tds.Eq(0).Text()), Message: normSpace(tds.Eq(1).Text()),
			Solution: normSpace(tds.Eq(2).Text())}
		if ec.Code != "" {
			out = append(out, ec)
		}
	})
	return out
}
