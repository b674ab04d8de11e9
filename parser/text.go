package parser

import (
	"regexp"
	"strings"

	"github.com/topgen/topgen/model"
)

// The sections of a doc page, in page order, and the page chrome after them.
const (
	secDesc = iota
	secCommon
	secRequest
	secResponse
	secReqExample
	secRespExample
	secErrExample
	secErrCodes
	secChrome
)

// headings maps a section heading to its section.
var headings = map[string]int{
	"公共参数": secCommon, "请求参数": secRequest, "响应参数": secResponse,
	"请求示例": secReqExample, "响应示例": secRespExample, "异常示例": secErrExample,
	"错误码解释": secErrCodes,
	"API工具": secChrome, "如何获得此API": secChrome, "FAQ": secChrome, "返回": secChrome, "顶部": secChrome,
}

var (
	titleRE = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)+)\s*[(（]\s*(.*?)\s*[)）]$`)
	// tabNames are the example tabs listed before each example.
	tabNames = map[string]bool{"JAVA": true, ".NET": true, "PHP": true, "CURL": true, "Python": true,
		"C/C++": true, "NodeJS": true, "XML示例": true, "JSON示例": true}
	scalarTypes = map[string]bool{"string": true, "number": true, "boolean": true, "date": true, "price": true,
		"bigdecimal": true, "json": true, "map": true, "byte": true, "byte[]": true, "long": true, "integer": true, "int": true,
		"double": true, "float": true, "file": true, "short": true, "datetime": true, "bool": true}
)

// typeCellRE is a type as a table writes it: one word, then list marks.
var typeCellRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(?:\s*\[\])*$`)

// isTypeCell reports a cell that is a TOP type: a known scalar or an
// Uppercase-initial identifier, optionally followed by "[]" or " []".
// A cell of several words ("The status of the feed") is not a type.
func isTypeCell(s string) bool {
	s = strings.TrimSpace(s)
	if !typeCellRE.MatchString(s) {
		return false
	}
	t, _, err := model.ParseType(s)
	if err != nil || t == "" {
		return false
	}
	return scalarTypes[strings.ToLower(t)] || (t[0] >= 'A' && t[0] <= 'Z')
}

// parseText reads the text of a doc page, as copied from the rendered page.
func parseText(file string, data []byte) (*model.API, Problems, Problems) {
	return parseTable(file, data, readTextPage)
}

// textLine is a line of a text page with its 1-based number.
type textLine struct {
	n int
	s string // as on the page, without the line break
}

// readTextPage splits a text page into its sections and reads each.
func readTextPage(data []byte, pr *probs) *page {
	text := strings.ToValidUTF8(string(data), "\uFFFD")
	text = strings.TrimPrefix(text, "\ufeff")
	raw := strings.Split(text, "\n")
	pg := &page{}
	i := 0
	for i < len(raw) && strings.TrimSpace(raw[i]) == "" {
		i++
	}
	if i == len(raw) {
		pr.err(0, `empty page: want a title line "method (中文名)"`)
		return pg
	}
	first := strings.TrimSpace(strings.TrimSuffix(raw[i], "\r"))
	if m := titleRE.FindStringSubmatch(first); m != nil {
		pg.method, pg.title = m[1], m[2]
		i++
	} else {
		pr.err(i+1, `want a title line "method (中文名)", got %q`, clip(first))
		if _, ok := headings[first]; !ok {
			i++
		}
	}
	secs := map[int][]textLine{}
	seen := map[int]int{}
	cur := secDesc
	for ; i < len(raw); i++ {
		l := strings.TrimSuffix(raw[i], "\r")
		if s, ok := headings[strings.TrimSpace(l)]; ok {
			if seen[s] > 0 && s != secChrome {
				pr.warn(i+1, "section %s again (first at line %d); its lines are read as part of the first", strings.TrimSpace(l), seen[s])
			} else {
				seen[s] = i + 1
			}
			cur = s
			continue
		}
		secs[cur] = append(secs[cur], textLine{n: i + 1, s: l})
	}
	var desc []string
	for _, l := range secs[secDesc] {
		if s := strings.TrimSpace(l.s); s != "" {
			desc = append(desc, s)
		}
	}
	pg.description = strings.Join(desc, "\n")
	switch {
	case seen[secRequest] == 0 && seen[secResponse] == 0:
		pr.err(0, `want a "请求参数" and a "响应参数" section: this does not look like a TOP doc page`)
	case seen[secRequest] == 0:
		pr.err(0, `want a "请求参数" section (the request parameters), found none`)
	case seen[secResponse] == 0:
		pr.err(0, `want a "响应参数" section (the response fields), found none`)
	}
	pg.java = textExample(secs[secReqExample])
	pg.respXML = textExample(secs[secRespExample])
	pg.errXML = textExample(secs[secErrExample])
	// The examples tell which bullets are field names: read them first.
	pg.parseExamples(pr)
	pg.request = readTextParams(secs[secRequest], true, indexExample(pg.je.root), pr)
	pg.response = readTextParams(secs[secResponse], false, indexExample(pg.respRoot), pr)
	pg.errorCodes = readTextErrorCodes(secs[secErrCodes], pr)
	return pg
}

// textExample takes an example section's code, after its tab names.
func textExample(ls []textLine) *block {
	for len(ls) > 0 {
		s := strings.TrimSpace(ls[0].s)
		if s != "" && !strings.HasPrefix(s, "•") && !tabNames[s] {
			break
		}
		ls = ls[1:]
	}
	if len(ls) == 0 {
		return nil
	}
	lines := make([]string, len(ls))
	for i, l := range ls {
		lines[i] = l.s
	}
	return newBlock(lines, ls[0].n)
}

// readTextErrorCodes reads the error code table: code, message, solution.
func readTextErrorCodes(ls []textLine, pr *probs) []model.ErrorCode {
	var out []model.ErrorCode
	for _, l := range ls {
		s := strings.TrimSpace(l.s)
		if s == "" || strings.HasPrefix(s, "错误码") {
			continue
		}
		var f []string
		if strings.Contains(s, "\t") {
			for _, c := range strings.Split(s, "\t") {
				f = append(f, strings.TrimSpace(c))
			}
		} else {
			f = strings.Fields(s)
		}
		ec := model.ErrorCode{Code: f[0]}
		if len(f) > 1 {
			ec.Message = f[1]
		}
		if len(f) > 2 {
			ec.Solution = strings.Join(f[2:], " ")
		}
		out = append(out, ec)
	}
	return out
}

// item is a non-empty line of a parameter table: a row line or a bullet cell.
type item struct {
	line   int
	bullet bool
	s      string // the line trimmed, or the bullet's cell
}

// readTextParams reads a parameter table: first-level rows are lines,
// their limits, description and sub-fields • bullets, one cell each. ex
// indexes the section's example (nil if none): a bare bullet that names
// no element of it is a cell, not a field.
func readTextParams(ls []textLine, request bool, ex *exIndex, pr *probs) []*row {
	var items []item
	for _, l := range ls {
		s := strings.TrimSpace(l.s)
		if s == "" {
			continue
		}
		if c, ok := strings.CutPrefix(s, "•"); ok {
			items = append(items, item{line: l.n, bullet: true, s: strings.TrimSpace(c)})
		} else {
			items = append(items, item{line: l.n, s: s})
		}
	}
	if len(items) == 0 {
		return nil
	}
	if !items[0].bullet && strings.HasPrefix(items[0].s, "名称") {
		items = items[1:]
	} else {
		pr.warn(items[0].line, "want the table header (名称 类型 …), found %q", clip(items[0].s))
	}
	if ex != nil && !ex.coversAny(items) {
		ex = nil // the example is not of this table
	}
	var rows []*row
	for i := 0; i < len(items); {
		it := items[i]
		switch {
		case !it.bullet:
			r := readTopRow(it, request, pr)
			i++
			var cells []cell
			cur := ""
			if r != nil {
				cur = r.name
			}
			for i < len(items) && items[i].bullet && !fieldStart(items, i, ex, cur) {
				cells = append(cells, cell{items[i].s, items[i].line})
				i++
			}
			if r != nil {
				r.addCells(cells)
				r.subs = i < len(items) && items[i].bullet
				rows = append(rows, r)
			}
		case fieldStart(items, i, ex, ""):
			var r *row
			r, i = readSubRow(items, i, request, ex, pr)
			if r != nil {
				rows = append(rows, r)
			}
		default:
			pr.warn(it.line, "cell %q belongs to no row; ignored", clip(it.s))
			i++
		}
	}
	return rows
}

// fieldStart reports a bullet that starts a sub-field: "└ name", or a bare
// identifier (an object field's name) followed by a type bullet. With an
// example (ex), a bare name must also be followed by 必须/可选 (a request
// row) or name an element of the example and not be a value of the
// current row's element (cur): an example value such as "abc" or "true"
// followed by a description such as "ROI" is not a field.
func fieldStart(items []item, i int, ex *exIndex, cur string) bool {
	it := items[i]
	if !it.bullet {
		return false
	}
	if strings.HasPrefix(it.s, "└") {
		return true
	}
	if !identRE.MatchString(it.s) || i+1 >= len(items) || !items[i+1].bullet || !isTypeCell(items[i+1].s) {
		return false
	}
	if ex == nil {
		return true
	}
	if i+2 < len(items) && items[i+2].bullet && (items[i+2].s == "必须" || items[i+2].s == "可选") {
		return true // name, type, 必须/可选: a request field, even one the example lacks
	}
	return ex.names[normKey(it.s)] && (cur == "" || !ex.isValue(cur, it.s))
}

// readTopRow reads a first-level row line: name, type, 必须/可选 (request
// only), then the rest (example and/or description).
func readTopRow(it item, request bool, pr *probs) *row {
	s := it.s
	name, rest := cutField(s)
	if !paramRE.MatchString(name) {
		pr.err(it.line, "want a parameter row (name type …), found %q", clip(s))
		return nil
	}
	r := &row{line: it.line, top: true, name: name}
	typ, rest := cutField(rest)
	if typ == "" {
		pr.err(it.line, "row %s: want a type after the name", name)
		return nil
	}
	if t, r2 := cutField(rest); t == "[]" {
		typ += " []"
		rest = r2
	}
	if !isTypeCell(typ) {
		pr.err(it.line, "row %s: %q is not a type: want String, Number, Boolean, Date, Price, … or an object type name, optionally followed by []", name, clip(typ))
		return nil
	}
	r.typ, r.list, _ = model.ParseType(typ)
	r.leaf = !r.object()
	if request {
		req, r2 := cutField(rest)
		switch req {
		case "必须":
			r.required = true
		case "可选":
		default:
			pr.err(it.line, "row %s: want 必须 or 可选 after the type, found %q", name, clip(req))
			return nil
		}
		rest = r2
	}
	if rest != "" {
		r.joined = &rest
	}
	return r
}

// cutField cuts the first space-separated field off s.
func cutField(s string) (string, string) {
	s = strings.TrimSpace(s)
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i:])
}

// addCells adds a first-level row's bullets: limits, then the description.
// With bullets, the row line's remainder is the example only.
func (r *row) addCells(cells []cell) {
	if len(cells) == 0 {
		return
	}
	if r.joined != nil {
		r.cells = append(r.cells, *r.joined)
		r.joined = nil
	}
	r.addSubCells(cells)
	if len(r.limits) == 0 && len(r.cells) > 1 && r.cells[0] != "" && len(r.after) == 0 {
		// An example on the line and a description bullet.
		r.example, r.desc, r.explicit = r.cells[0], strings.Join(r.cells[1:], " "), true
	}
}

// addSubCells sorts cells into limits, cells before them and cells after.
func (r *row) addSubCells(cells []cell) {
	for _, c := range cells {
		switch {
		case isLimit(c.text):
			r.limits = append(r.limits, c)
		case len(r.limits) > 0:
			r.after = append(r.after, c.text)
		default:
			r.cells = append(r.cells, c.text)
		}
	}
}

// readSubRow reads a sub-field starting at items[i]: name, type, 必须/可选
// (request only), then example, limits and description cells, any of
// which may be missing.
func readSubRow(items []item, i int, request bool, ex *exIndex, pr *probs) (*row, int) {
	it := items[i]
	name, leaf := strings.CutPrefix(it.s, "└")
	name = strings.TrimSpace(name)
	i++
	bad := false
	if !paramRE.MatchString(name) {
		pr.err(it.line, "sub-field: want a field name after └, found %q", clip(it.s))
		bad = true
	}
	r := &row{line: it.line, leaf: leaf, name: name}
	if i < len(items) && items[i].bullet && !strings.HasPrefix(items[i].s, "└") {
		t := items[i]
		i++
		if isTypeCell(t.s) {
			r.typ, r.list, _ = model.ParseType(t.s)
		} else {
			pr.err(t.line, "sub-field %s: %q is not a type: want String, Number, Boolean, Date, Price, … or an object type name, optionally followed by []", name, clip(t.s))
			bad = true
		}
	} else {
		pr.err(it.line, "sub-field %s: want a type bullet after the name", name)
		bad = true
	}
	if request && !bad {
		if i < len(items) && items[i].bullet && (items[i].s == "必须" || items[i].s == "可选") {
			r.required = items[i].s == "必须"
			i++
		} else {
			pr.warn(it.line, "sub-field %s: want 必须 or 可选 after the type; taken as optional", name)
		}
	}
	var cells []cell
	for i < len(items) && items[i].bullet && !fieldStart(items, i, ex, name) {
		cells = append(cells, cell{items[i].s, items[i].line})
		i++
	}
	if bad {
		return nil, i
	}
	r.addSubCells(cells)
	return r, i
}
