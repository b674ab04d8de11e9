package parser

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/topgen/topgen/model"
)

// probs collects the problems of one page.
type probs struct {
	file        string
	warns, errs Problems
}

func (p *probs) warn(line int, format string, args ...any) {
	p.warns = append(p.warns, &Problem{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...), Warning: true})
}

func (p *probs) err(line int, format string, args ...any) {
	p.errs = append(p.errs, &Problem{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// page is what the text and HTML readers extract from a doc page, before
// the nesting is resolved: the shared input of build.
type page struct {
	method, title, description string
	request, response          []*row
	java                       *block // the Java request example
	respXML, errXML            *block // the XML response and error examples
	errorCodes                 []model.ErrorCode

	// The examples read, once: see parseExamples.
	parsed   bool
	je       *javaExample
	respRoot *exNode
}

// parseExamples reads the page's Java request and XML response and error
// examples, once.
func (pg *page) parseExamples(pr *probs) {
	if pg.parsed {
		return
	}
	pg.parsed = true
	pg.je = parseJavaExample(pg.java, pr)
	if pg.java != nil && !pg.je.sessionSeen {
		pr.warn(pg.java.line, "Java request example: want a client.execute(req[, sessionKey]) call, found none; session taken as not needed")
	}
	if pg.respXML != nil {
		pg.respRoot = parseXMLExample(pg.respXML, "XML response example", pr)
	}
	if pg.errXML != nil {
		parseXMLExample(pg.errXML, "XML error example", pr)
	}
}

// exIndex indexes an example's element names and leaf values by key, for
// telling field names from cells on a text page.
type exIndex struct {
	names  map[string]bool
	values map[string][]string
}

// indexExample indexes the example tree under root; nil for no example.
func indexExample(root *exNode) *exIndex {
	if root == nil {
		return nil
	}
	ex := &exIndex{names: map[string]bool{}, values: map[string][]string{}}
	var walk func(n *exNode)
	walk = func(n *exNode) {
		for _, k := range n.kids {
			ex.names[k.key] = true
			if k.hasValue && k.value != "" {
				ex.values[k.key] = append(ex.values[k.key], k.value)
				// An item of a list of scalars is a value of the list.
				ex.values[n.key] = append(ex.values[n.key], k.value)
			}
			walk(k)
		}
	}
	walk(root)
	if len(ex.names) == 0 {
		return nil
	}
	return ex
}

// coversAny reports whether the example has an element for one of the
// table's first-level rows: else it is not an example of this table.
func (ex *exIndex) coversAny(items []item) bool {
	for _, it := range items {
		if it.bullet {
			continue
		}
		if name, _ := cutField(it.s); ex.names[normKey(name)] {
			return true
		}
	}
	return false
}

// isValue reports s as a value of the element named name, or an item of a
// comma-separated value of it.
func (ex *exIndex) isValue(name, s string) bool {
	for _, v := range ex.values[normKey(name)] {
		if v == s || slices.Contains(strings.Split(v, ","), s) {
			return true
		}
	}
	return false
}

// row is one row of a parameter table: a first-level row or a sub-field.
// The table shows sub-fields below the first level flat; build places them
// using the examples.
type row struct {
	line     int
	top      bool // a first-level row
	leaf     bool // the table marks the row as having no sub-fields (└)
	subs     bool // a first-level row: sub-field rows follow it
	name     string
	typ      string // as model.ParseType returns it
	list     bool
	required bool
	limits   []cell

	// The example and description cells. HTML pages give them explicitly
	// (explicit); text pages may leave their roles open until the example
	// value from the Java or XML example is known, see resolve.
	explicit      bool
	example, desc string
	joined        *string  // text: "example description" on the row's line
	cells         []string // text: the cells before any limits, or all
	after         []string // text: the cells after the limits
}

// cell is a cell of a table with the line it is on.
type cell struct {
	text string
	line int
}

// object reports a row whose type is an object type.
func (r *row) object() bool { return model.ScalarKind(r.typ) == model.KindObject }

// opens reports whether the rows after r may be its sub-fields: an object
// row, or a row of a scalar type that has them anyway (player_list Long []
// with user_id, files File [] with url): for a first-level row, when
// sub-field rows follow it; for a sub-field, when it is not marked as a
// leaf and its example element n, if any, has sub-elements.
func (r *row) opens(n *exNode) bool {
	if r.top {
		return r.object() || r.subs
	}
	if r.leaf {
		return false
	}
	return r.object() || n == nil || len(n.kids) > 0
}

var dateTimeRE = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}(?: [0-9]{2}:[0-9]{2}(?::[0-9]{2})?)?`)

// resolve decides, on a text page, which cells are the example and which
// the description, given the example value known from the page's examples
// (set: the examples show the row's element, even if with no value).
func (r *row) resolve(known string, set bool) {
	if r.explicit {
		return
	}
	r.explicit = true
	switch {
	case r.joined != nil:
		r.example, r.desc = splitJoined(*r.joined, known, set, r.object() || r.subs, r.typ, r.list)
	case len(r.limits) > 0 || len(r.after) > 0:
		r.example = strings.Join(r.cells, " ")
		r.desc = strings.Join(r.after, " ")
	case len(r.cells) == 1:
		if c := r.cells[0]; known != "" && sameExample(c, known, r.list) && !r.object() {
			r.example = c
		} else {
			r.desc = c
		}
	case len(r.cells) > 1:
		r.example = r.cells[0]
		r.desc = strings.Join(r.cells[1:], " ")
	}
}

// splitJoined splits a first-level row's "example description" remainder.
// Both may hold spaces: the known example value decides where possible; an
// element shown without a value (set, known "") means no example. A list's
// example may be one item of the known value.
func splitJoined(rest, known string, set, object bool, typ string, list bool) (example, desc string) {
	if object || model.ScalarKind(typ) == model.KindFile {
		return "", rest // objects and files have no example in the table
	}
	if known != "" {
		cands := []string{known}
		if list {
			if first, _, ok := strings.Cut(known, ","); ok {
				cands = append(cands, first)
			}
		}
		for _, k := range cands {
			if rest == k {
				return rest, ""
			}
			if strings.HasPrefix(rest, k+" ") {
				return k, strings.TrimSpace(rest[len(k):])
			}
		}
	} else if set {
		return "", rest
	}
	// A date and time is one example, whatever the type (String fields
	// often hold times).
	if m := dateTimeRE.FindString(rest); m != "" && (len(m) == len(rest) || rest[len(m)] == ' ') &&
		(model.ScalarKind(typ) == model.KindDate || strings.Contains(m, ":")) {
		return m, strings.TrimSpace(rest[len(m):])
	}
	ex, d, found := strings.Cut(rest, " ")
	if !found {
		if hasCJK(rest) && known == "" {
			return "", rest
		}
		return rest, ""
	}
	return ex, strings.TrimSpace(d)
}

func hasCJK(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

var limitRE = regexp.MustCompile(`^(最大长度|最大列表长度|最大值|最小值|默认值|最小长度)\s*[:：]\s*(.*)$`)

// isLimit reports a cell of the 更多限制 column.
func isLimit(s string) bool { return limitRE.MatchString(s) }

// field builds the model field of a resolved row.
func (r *row) field(sec model.Section, pr *probs) *model.Field {
	f := &model.Field{Name: r.name, Type: r.typ, List: r.list, Example: r.example, Description: r.desc}
	if sec == model.Request {
		f.Required = r.required
	}
	for _, l := range r.limits {
		m := limitRE.FindStringSubmatch(l.text)
		if m == nil {
			pr.warn(l.line, "%s: limit %q not understood: want 最大长度:N, 最大列表长度:N, 最小值:N or 最大值:N", r.name, l.text)
			continue
		}
		v := strings.TrimSpace(m[2])
		switch m[1] {
		case "最大长度", "最大列表长度":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				pr.warn(l.line, "%s: %s %q: want a whole number", r.name, m[1], v)
				continue
			}
			if m[1] == "最大长度" {
				f.MaxLength = &n
			} else {
				f.MaxListSize = &n
			}
		case "最小值", "最大值":
			n, err := model.ParseNumber(v)
			if err != nil {
				pr.warn(l.line, "%s: %s: %v", r.name, m[1], err)
				continue
			}
			if m[1] == "最小值" {
				f.MinValue = &n
			} else {
				f.MaxValue = &n
			}
		case "默认值":
			f.Default = v
		default:
			pr.warn(l.line, "%s: limit %q is not kept in the model", r.name, l.text)
		}
	}
	return f
}

// parseTable reads a page whose parameters are tables (text or HTML) with
// read, then builds the model; the model is nil when there are errors.
func parseTable(file string, data []byte, read func([]byte, *probs) *page) (*model.API, Problems, Problems) {
	pr := &probs{file: file}
	api := build(read(data, pr), pr)
	// Report in page order, whichever part of the page found the problem.
	byLine := func(a, b *Problem) int { return pageOrder(a.Line) - pageOrder(b.Line) }
	slices.SortStableFunc(pr.warns, byLine)
	slices.SortStableFunc(pr.errs, byLine)
	if len(pr.errs) > 0 {
		return nil, pr.warns, pr.errs
	}
	return api, pr.warns, nil
}

// build resolves the nesting of the page's rows from its examples and
// builds the model. Problems go to pr.
func build(pg *page, pr *probs) *model.API {
	api := &model.API{Method: pg.method, Title: pg.title, Description: pg.description, ErrorCodes: pg.errorCodes}
	pg.parseExamples(pr)
	je, respRoot := pg.je, pg.respRoot
	if je.session {
		api.Session = model.SessionRequired
	}
	if pg.respXML != nil {
		api.ResponseExample = pg.respXML.text
		if respRoot != nil && pg.method != "" && !rootNameOK(respRoot.name, pg.method) {
			pr.warn(respRoot.line, "XML response example: root element <%s>, want <%s>", respRoot.name,
				strings.ReplaceAll(strings.TrimPrefix(pg.method, "taobao."), ".", "_")+"_response")
		}
	}
	if pg.errXML != nil {
		api.ErrorExample = pg.errXML.text
	}
	api.Request = nestRows(model.Request, pg.request, je.root, "Java request example", pr)
	api.Response = nestRows(model.Response, pg.response, respRoot, "XML response example", pr)
	return api
}

// pageOrder sorts a problem's line: whole-page problems (line 0) last.
func pageOrder(line int) int {
	if line == 0 {
		return int(^uint(0) >> 1)
	}
	return line
}

// rootNameOK reports the XML response root's name right for the method:
// the method with _ for . and a _response suffix, with or without the
// taobao_ prefix, which TOP drops (taobao.tbk.item.get →
// tbk_item_get_response).
func rootNameOK(root, method string) bool {
	want := strings.ReplaceAll(method, ".", "_") + "_response"
	return root == want || root == strings.TrimPrefix(want, "taobao_")
}

// sameExample reports a table's example and an example's value as the same
// example: equal, or for a list the same items however many times each
// is shown (demo_value against Java's demo_value,demo_value).
func sameExample(table, known string, list bool) bool {
	if table == known {
		return true
	}
	if !list {
		return false
	}
	ts, ks := strings.Split(table, ","), strings.Split(known, ",")
	return subset(ts, ks) && subset(ks, ts)
}

func subset(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, strings.TrimSpace(x)) && !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// level is an open object while nesting rows: the rows after it may be its
// sub-fields.
type level struct {
	f      *model.Field // nil at the root
	path   string       // dotted path of f, "[]" after a list, for messages
	node   *exNode      // the example element holding f's sub-fields, nil if unknown
	cursor int          // index in node.kids of the last sub-field matched
}

// nestRows places the rows of one table. Each row is matched to the next
// example element of the same name under one of the open objects,
// innermost first; a row the example lacks falls back to the table's own
// hint (an object opens a level, a leaf goes to the innermost open object)
// with a warning.
func nestRows(sec model.Section, rows []*row, root *exNode, exName string, pr *probs) []*model.Field {
	var top []*model.Field
	rootLv := &level{node: root, cursor: -1}
	stack := []*level{rootLv}
	var containers []*level
	if root != nil {
		containers = append(containers, rootLv)
	}
	for _, r := range rows {
		if !r.top && len(stack) == 1 {
			pr.warn(r.line, "%s: sub-field %s follows no object row; taken as a first-level field", sec, r.name)
			r.top = true
		}
		if r.top {
			stack = stack[:1]
		}
		lo := 1
		if r.top {
			lo = 0
		}
		at, n := findNode(stack, lo, normKey(r.name))
		if n != nil {
			stack = stack[:at+1]
		}
		parent := stack[len(stack)-1]
		known := exValue(n, r)
		r.resolve(known, n != nil && (n.hasValue || (r.list && !r.object())))
		f := r.field(sec, pr)
		path := joinPath(parent.path, f.Name)
		switch {
		case n != nil:
			if f.Example == "" && known != "" && !r.object() {
				f.Example = known
			} else if f.Example != "" && known != "" && !sameExample(f.Example, known, r.list) {
				pr.warn(r.line, "%s %s: the table's example %q differs from the %s's %q (line %d); kept the table's",
					sec, path, clip(f.Example), exName, clip(known), n.line)
			}
			if !r.opens(n) && len(n.kids) > 0 && !(r.list && !r.object()) {
				pr.warn(r.line, "%s %s: the table shows a field without sub-fields, but the %s gives it sub-elements (line %d)",
					sec, path, exName, n.line)
			}
		case root == nil:
			if len(stack) > 2 {
				pr.warn(r.line, "%s %s: nesting is ambiguous (the table does not show depth and there is no %s); placed under %s as the table suggests",
					sec, r.name, exName, parent.path)
			}
		case r.top:
			pr.warn(r.line, "%s %s: not in the %s", sec, r.name, exName)
		default:
			pr.warn(r.line, "%s %s: nesting is ambiguous: the %s has no such element under %s; placed under %s as the table suggests",
				sec, r.name, exName, openPaths(stack), parent.path)
		}
		if parent.f == nil {
			top = append(top, f)
		} else {
			parent.f.Fields = append(parent.f.Fields, f)
		}
		if r.opens(n) {
			if f.List {
				path += "[]"
			}
			lv := &level{f: f, path: path, node: container(n, r), cursor: -1}
			stack = append(stack, lv)
			if lv.node != nil {
				containers = append(containers, lv)
			}
		}
	}
	for _, lv := range containers {
		for _, k := range lv.node.kids {
			if !k.matched {
				k.matched = true
				where := "at the top level"
				if lv.path != "" {
					where = "under " + lv.path
				}
				pr.warn(k.line, "%s: the %s has %s %s, but the table has no such row", sec, exName, k.name, where)
			}
		}
	}
	return top
}

func joinPath(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "." + name
}

// openPaths names the open objects a row could belong to, for messages.
func openPaths(stack []*level) string {
	var ps []string
	for i := len(stack) - 1; i >= 1; i-- {
		ps = append(ps, stack[i].path)
	}
	return strings.Join(ps, ", ")
}

// findNode finds the example element for a row named key: first an
// unmatched element after the last match of an open level, innermost level
// first, then any unmatched element of an open level. It marks it matched.
func findNode(stack []*level, lo int, key string) (int, *exNode) {
	for pass := 0; pass < 2; pass++ {
		for i := len(stack) - 1; i >= lo; i-- {
			lv := stack[i]
			if lv.node == nil {
				continue
			}
			start := lv.cursor + 1
			if pass == 1 {
				start = 0
			}
			for j := start; j < len(lv.node.kids); j++ {
				if k := lv.node.kids[j]; !k.matched && k.key == key {
					k.matched = true
					lv.cursor = max(lv.cursor, j)
					return i, k
				}
			}
		}
	}
	return 0, nil
}

// exValue is the example value of a row's element: its text, or for a list
// of scalars its items' values joined by commas.
func exValue(n *exNode, r *row) string {
	if n == nil {
		return ""
	}
	if r.list && !r.object() && len(n.kids) > 0 {
		var vs []string
		for _, k := range n.kids {
			if k.hasValue {
				vs = append(vs, k.value)
			}
		}
		return strings.Join(vs, ",")
	}
	return n.value
}

// container is the element holding the sub-fields of an object row's
// element n: n itself, or for a list its first item.
func container(n *exNode, r *row) *exNode {
	if n == nil {
		return nil
	}
	if r.list && len(n.kids) > 0 && (n.list || isWrapper(n, r)) {
		for _, k := range n.kids {
			k.matched = true
		}
		return n.kids[0]
	}
	return n
}

// isWrapper reports an XML list element: its children are the items,
// named after the item type (<cart_goods_list><cart_goods_vo>…).
func isWrapper(n *exNode, r *row) bool {
	k := n.kids[0].key
	for _, c := range n.kids {
		if c.key != k {
			return false
		}
	}
	return k == normKey(r.typ) || len(n.kids) > 1
}
