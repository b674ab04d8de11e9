package parser

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"html"
	"strings"

	"github.com/topgen/topgen/model"
)

// The renderer turns a corpus doc (getDocument.json, which has no examples)
// into the page the doc site would show: a text page in the seeds' layout
// and an HTML page like the fixtures, with a Java request example and an
// XML response example built from the params. It makes the pages as hard
// as real ones: empty cells, examples that look like names or types,
// descriptions that look like types, and sub-fields shown flat, so that
// only the examples tell their depth. Choices are deterministic, by a hash
// of the method and the field's path.

// rparam is one param of a doc, as the renderer shows it.
type rparam struct {
	name, base string // base: the type without list marks ("" is String)
	list, file bool
	required   bool
	limits     []string // 最大长度:N …, as the 更多限制 column shows them
	example    string   // the table's 示例值 cell
	desc       string   // the table's 描述 cell
	subs       []*rparam
	path       string
}

// rdoc is a doc to render.
type rdoc struct {
	method, title, desc string
	request, response   []*rparam
	session             bool
}

// rendered is a rendered page and what it states, by field path
// ("section path", the path as model.Lines spells it).
type rendered struct {
	text, html []byte
	example    map[string]string // the example the page gives each scalar field
	desc       map[string]string
	// defects are the page's own inconsistencies, which the renderer puts
	// in on purpose, as real pages have them: each is the start of the
	// warning it must cause ("response x: not in the XML response example").
	defects []string
	// guess holds the fields whose example the page's examples leave out
	// (a defect above): on a text page, where such a row's example ends
	// and its description starts is a guess.
	guess map[string]bool
}

// Defects, each in about one field in n: a first-level field left out of
// its example, a sub-field whose XML value differs from the table's.
const (
	omitOneIn   = 80
	differOneIn = 60
)

// pick chooses one of n deterministically for a key.
func pick(key string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() % uint32(n))
}

// Example values by kind; "" leaves the cell empty. Some look like field
// names (abc, demo_value, status) or types (String, ROI).
var (
	strExamples  = []string{"", "", "", "abc", "demo_value", "123456", "示例值", "ALIPAY", "String", "hello world", "true", "status_code", "2017-01-20 13:00:00", "ROI"}
	numExamples  = []string{"", "", "1", "123", "0", "20", "-1"}
	boolExamples = []string{"", "true", "false", "true"}
	dateExamples = []string{"", "2017-01-20 13:00:00", "2021-01-01", "2017-01-20 13:00:00"}
	decExamples  = []string{"", "1.00", "10", "0.5"}
	// typeLikeDescs replace a few descriptions: words a reader may take
	// for a type, and an English sentence.
	typeLikeDescs = []string{"ROI", "Map", "Recipient", "String", "The status of the feed", "Long", "Boolean", "Number"}
)

// loadRDoc reads a corpus doc for rendering.
func loadRDoc(data []byte) (*rdoc, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if d, ok := doc["data"].(map[string]any); ok && doc["name"] == nil {
		doc = d
	}
	d := &rdoc{}
	d.method, _ = doc["name"].(string)
	d.title, _ = doc["apiChineseName"].(string)
	desc, _ := doc["description"].(string)
	d.desc = normSpace(cleanHTML(desc))
	d.session = pick(d.method, 2) == 0
	var conv func(ps any, prefix string, sec model.Section) []*rparam
	conv = func(ps any, prefix string, sec model.Section) []*rparam {
		var out []*rparam
		list, _ := ps.([]any)
		for _, x := range list {
			p, _ := x.(map[string]any)
			r := &rparam{}
			r.name, _ = p["name"].(string)
			typ, _ := p["type"].(string)
			r.base, r.list = rawType(typ)
			// byte is java.lang.Byte (an integer); byte[] is a file.
			r.file = strings.EqualFold(r.base, "byte[]")
			if sec == model.Request {
				rq := p["required"]
				r.required = rq == true || rq == "true"
				for _, k := range []struct{ key, label string }{{"maxLength", "最大长度"}, {"maxListSize", "最大列表长度"}, {"minValue", "最小值"}, {"maxValue", "最大值"}} {
					if v, ok := p[k.key]; ok && v != nil {
						r.limits = append(r.limits, fmt.Sprintf("%s:%v", k.label, v))
					}
				}
			}
			desc, _ := p["description"].(string)
			r.desc = normSpace(cleanHTML(desc))
			r.path = prefix + r.name
			key := d.method + " " + string(sec) + " " + r.path
			if pick(key+" desc", 40) == 0 {
				r.desc = typeLikeDescs[pick(key+" desc2", len(typeLikeDescs))]
			}
			sub := r.path + "."
			if r.list {
				sub = r.path + "[]."
			}
			r.subs = conv(p["subParams"], sub, sec)
			if len(r.subs) == 0 {
				r.example = pickExample(key, r)
			}
			out = append(out, r)
		}
		return out
	}
	d.request = conv(doc["requestParams"], "", model.Request)
	d.response = conv(doc["responseParams"], "", model.Response)
	return d, nil
}

// pickExample chooses a field's example by its kind.
func pickExample(key string, r *rparam) string {
	var vs []string
	switch model.ScalarKind(r.base) {
	case model.KindString:
		vs = strExamples
	case model.KindNumber:
		vs = numExamples
	case model.KindBoolean:
		vs = boolExamples
	case model.KindDate:
		vs = dateExamples
	case model.KindDecimal:
		vs = decExamples
	case model.KindJSON, model.KindMap:
		vs = []string{"", `{"a":1}`}
	default:
		return ""
	}
	return vs[pick(key+" ex", len(vs))]
}

// typeCell renders the type as the page shows it: "FundBill []".
func (r *rparam) typeCell() string {
	t := r.base
	if r.list {
		t += " []"
	}
	return t
}

// render renders a doc as a text page and an HTML page.
func render(d *rdoc) *rendered {
	out := &rendered{example: map[string]string{}, desc: map[string]string{}}
	java, javaVals, jdef := renderJava(d)
	xmlText, xmlVals, xdef := renderXML(d)
	out.defects = append(jdef, xdef...)
	out.guess = map[string]bool{}
	for _, d := range out.defects {
		if k, ok := strings.CutSuffix(d, ": not in the Java request example"); ok {
			out.guess[k] = true
		} else if k, ok := strings.CutSuffix(d, ": not in the XML response example"); ok {
			out.guess[k] = true
		}
	}
	var truth func(ps []*rparam, sec model.Section, vals map[string]string)
	truth = func(ps []*rparam, sec model.Section, vals map[string]string) {
		for _, p := range ps {
			k := string(sec) + " " + p.path
			out.desc[k] = p.desc
			if len(p.subs) == 0 && !p.file {
				ex := p.example
				if ex == "" {
					ex = vals[p.path]
				}
				out.example[k] = ex
			}
			truth(p.subs, sec, vals)
		}
	}
	truth(d.request, model.Request, javaVals)
	truth(d.response, model.Response, xmlVals)
	out.text = renderTextPage(d, java, xmlText)
	out.html = renderHTMLPage(d, java, xmlText)
	return out
}

const errXML = `<error_response>
    <code>50</code>
    <msg>Remote service error</msg>
    <sub_code>isv.invalid-parameter</sub_code>
    <sub_msg>非法参数</sub_msg>
</error_response>`

// renderTextPage lays the doc out as the seeds do.
func renderTextPage(d *rdoc, java, xmlText string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s)\n\n", d.method, d.title)
	if d.desc != "" {
		b.WriteString(d.desc + "\n\n")
	}
	b.WriteString("公共参数\n\n请求参数\n\n名称 类型 是否必须 示例值 更多限制 描述\n")
	indent := strings.Repeat(" ", pick(d.method+" indent", 3)*2)
	for _, p := range d.request {
		textTopRow(&b, p, true, indent)
	}
	b.WriteString("\n响应参数\n\n名称 类型 示例值 描述\n")
	for _, p := range d.response {
		textTopRow(&b, p, false, indent)
	}
	b.WriteString("\n请求示例\n\n")
	for _, t := range []string{"JAVA", ".NET", "PHP", "CURL", "Python", "C/C++", "NodeJS"} {
		fmt.Fprintf(&b, "%s  • %s\n", indent, t)
	}
	b.WriteString(java + "\n\n响应示例\n\n")
	fmt.Fprintf(&b, "%s  • XML示例\n%s  • JSON示例\n", indent, indent)
	b.WriteString(xmlText + "\n\n异常示例\n\n")
	fmt.Fprintf(&b, "%s  • XML示例\n%s  • JSON示例\n", indent, indent)
	b.WriteString(errXML + "\n\n错误码解释\n\n错误码 错误描述 解决方案\n\nAPI工具\n\n如何获得此API\n\nFAQ\n\n返回\n顶部\n")
	return []byte(b.String())
}

// textTopRow writes a first-level row: its line, then its cells and
// sub-fields as bullets.
func textTopRow(b *strings.Builder, p *rparam, request bool, indent string) {
	line := []string{p.name, p.typeCell()}
	if request {
		line = append(line, reqCell(p))
	}
	if p.example != "" {
		line = append(line, p.example)
	}
	var bullets []string
	if len(p.limits) > 0 {
		bullets = append(bullets, p.limits...)
		if p.desc != "" {
			bullets = append(bullets, p.desc)
		}
	} else if p.desc != "" {
		line = append(line, p.desc)
	}
	b.WriteString(indent + strings.Join(line, " ") + "\n")
	for _, c := range bullets {
		fmt.Fprintf(b, "%s  • %s\n", indent, c)
	}
	var sub func(ps []*rparam)
	sub = func(ps []*rparam) {
		for _, s := range ps {
			for _, c := range subCells(s, request, false) {
				fmt.Fprintf(b, "%s  • %s\n", indent, c)
			}
			sub(s.subs)
		}
	}
	sub(p.subs)
}

func reqCell(p *rparam) string {
	if p.required {
		return "必须"
	}
	return "可选"
}

// subCells are a sub-field's cells; empty cells are dropped on a text page
// (keep false) and kept on an HTML page.
func subCells(s *rparam, request, keep bool) []string {
	name := s.name
	if len(s.subs) == 0 {
		name = "└ " + name
	}
	cells := []string{name, s.typeCell()}
	if request {
		cells = append(cells, reqCell(s))
	}
	if s.example != "" || keep {
		cells = append(cells, s.example)
	}
	if keep {
		if request {
			cells = append(cells, strings.Join(s.limits, "\x00"))
		}
	} else {
		cells = append(cells, s.limits...)
	}
	if s.desc != "" || keep {
		cells = append(cells, s.desc)
	}
	return cells
}

// renderHTMLPage lays the doc out like the HTML fixtures.
func renderHTMLPage(d *rdoc, java, xmlText string) []byte {
	e := html.EscapeString
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s - 淘宝开放平台</title>\n</head>\n<body>\n<main class=\"doc-content\">\n", e(d.method))
	fmt.Fprintf(&b, "<h2 class=\"api-title\">%s (%s)</h2>\n<div class=\"api-desc\">\n", e(d.method), e(d.title))
	if d.desc != "" {
		fmt.Fprintf(&b, "<p>%s</p>\n", e(d.desc))
	}
	b.WriteString("</div>\n<h3>公共参数</h3>\n<p class=\"public-params\"><a href=\"/doc/public\">公共参数说明</a></p>\n")
	table := func(ps []*rparam, request bool) {
		b.WriteString("<table class=\"api-table\">\n<thead><tr><th>名称</th><th>类型</th>")
		if request {
			b.WriteString("<th>是否必须</th><th>示例值</th><th>更多限制</th><th>描述</th></tr></thead>\n<tbody>\n")
		} else {
			b.WriteString("<th>示例值</th><th>描述</th></tr></thead>\n<tbody>\n")
		}
		for _, p := range ps {
			fmt.Fprintf(&b, "<tr><td class=\"name\">%s</td><td>%s</td>", e(p.name), e(p.typeCell()))
			if request {
				fmt.Fprintf(&b, "<td>%s</td><td>%s</td><td>%s</td>", reqCell(p), e(p.example), htmlLimits(p.limits))
			} else {
				fmt.Fprintf(&b, "<td>%s</td>", e(p.example))
			}
			fmt.Fprintf(&b, "<td>%s", e(p.desc))
			if len(p.subs) > 0 {
				b.WriteString("\n<ul class=\"sub-params\">\n")
				var sub func(ps []*rparam)
				sub = func(ps []*rparam) {
					for _, s := range ps {
						b.WriteString("<li><ul>")
						cells := subCells(s, request, true)
						for i, c := range cells {
							if request && i == 4 {
								var ls []string
								if c != "" {
									ls = strings.Split(c, "\x00")
								}
								fmt.Fprintf(&b, "<li>%s</li>", htmlLimits(ls))
								continue
							}
							fmt.Fprintf(&b, "<li>%s</li>", e(c))
						}
						b.WriteString("</ul></li>\n")
						sub(s.subs)
					}
				}
				sub(p.subs)
				b.WriteString("</ul>\n")
			}
			b.WriteString("</td></tr>\n")
		}
		b.WriteString("</tbody>\n</table>\n")
	}
	b.WriteString("<h3>请求参数</h3>\n")
	table(d.request, true)
	b.WriteString("<h3>响应参数</h3>\n")
	table(d.response, false)
	b.WriteString("<h3>请求示例</h3>\n<ul class=\"tabs\"><li class=\"active\">JAVA</li><li>.NET</li><li>PHP</li></ul>\n")
	fmt.Fprintf(&b, "<pre class=\"lang-java\">\n%s\n</pre>\n", e(java))
	b.WriteString("<h3>响应示例</h3>\n<ul class=\"tabs\"><li class=\"active\">XML示例</li><li>JSON示例</li></ul>\n")
	fmt.Fprintf(&b, "<pre class=\"lang-xml\">\n%s\n</pre>\n", e(xmlText))
	b.WriteString("<h3>异常示例</h3>\n<ul class=\"tabs\"><li class=\"active\">XML示例</li><li>JSON示例</li></ul>\n")
	fmt.Fprintf(&b, "<pre class=\"lang-xml\">\n%s\n</pre>\n", e(errXML))
	b.WriteString("<h3>错误码解释</h3>\n<table class=\"api-table\">\n<thead><tr><th>错误码</th><th>错误描述</th><th>解决方案</th></tr></thead>\n<tbody>\n</tbody>\n</table>\n<h3>FAQ</h3>\n<p>暂无</p>\n</main>\n</body>\n</html>\n")
	return []byte(b.String())
}

func htmlLimits(ls []string) string {
	if len(ls) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("<ul>")
	for _, l := range ls {
		fmt.Fprintf(&b, "<li>%s</li>", html.EscapeString(l))
	}
	b.WriteString("</ul>")
	return b.String()
}

// className is the SDK's class name of a method: taobao.tbk.order.get →
// TbkOrderGet (TOP drops the taobao prefix).
func className(method string) string {
	var b strings.Builder
	for _, seg := range strings.Split(strings.TrimPrefix(method, "taobao."), ".") {
		b.WriteString(camel(seg))
	}
	return strings.Map(func(r rune) rune {
		if r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return -1
	}, b.String())
}

// camel turns snake_case into CamelCase: trade_no → TradeNo.
func camel(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		if r == '_' || r == '.' {
			up = true
			continue
		}
		if up && r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		up = false
		b.WriteRune(r)
	}
	return b.String()
}

// xmlName is TOP's XML element name of a type: PublisherRefundOrderDTO →
// publisher_refund_order_d_t_o.
func xmlName(t string) string {
	var b strings.Builder
	for i, r := range t {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// renderJava writes the Java request example, as the doc site's SDK demo
// does: objN/listN variables, setters, list adds, then client.execute. It
// returns the values it sets, by field path.
func renderJava(d *rdoc) (string, map[string]string, []string) {
	var defects []string
	cls := className(d.method)
	vals := map[string]string{}
	var b strings.Builder
	fmt.Fprintf(&b, "TaobaoClient client = new DefaultTaobaoClient(url, appkey, secret);\n%sRequest req = new %sRequest();\n", cls, cls)
	n := 0
	var set func(v string, ps []*rparam)
	set = func(v string, ps []*rparam) {
		for _, p := range ps {
			if v == "req" && len(p.subs) == 0 && pick(d.method+" request "+p.path+" omit", omitOneIn) == 0 {
				defects = append(defects, "request "+p.path+": not in the Java request example")
				continue
			}
			setter := v + ".set" + camel(p.name)
			if len(p.subs) > 0 || (model.ScalarKind(p.base) == model.KindObject && p.base != "") {
				inner := cls + "Request." + p.base
				if p.list {
					n++
					lv := fmt.Sprintf("list%d", n)
					fmt.Fprintf(&b, "List<%s> %s = new ArrayList<%s>();\n", inner, lv, inner)
					n++
					ov := fmt.Sprintf("obj%d", n)
					fmt.Fprintf(&b, "%s %s = new %s();\n%s.add(%s);\n", inner, ov, inner, lv, ov)
					set(ov, p.subs)
					fmt.Fprintf(&b, "%s(%s);\n", setter, lv)
				} else {
					n++
					ov := fmt.Sprintf("obj%d", n)
					fmt.Fprintf(&b, "%s %s = new %s();\n", inner, ov, inner)
					set(ov, p.subs)
					fmt.Fprintf(&b, "%s(%s);\n", setter, ov)
				}
				continue
			}
			ex := p.example
			if p.list && ex != "" {
				ex = ex + "," + ex
			}
			var expr string
			switch model.ScalarKind(p.base) {
			case model.KindNumber:
				if ex == "" || p.list {
					expr = javaQuote(ex)
				} else {
					expr = ex + "L"
				}
			case model.KindBoolean:
				if ex == "" || p.list {
					expr = javaQuote(ex)
				} else {
					expr = ex
				}
			case model.KindDate:
				expr = "StringUtils.parseDateTime(" + javaQuote(ex) + ")"
			case model.KindFile:
				expr = `new FileItem("/tmp/file.png")`
				ex = "/tmp/file.png"
			default:
				expr = javaQuote(ex)
			}
			vals[p.path] = ex
			fmt.Fprintf(&b, "%s(%s);\n", setter, expr)
		}
	}
	set("req", d.request)
	if d.session {
		fmt.Fprintf(&b, "%sResponse rsp = client.execute(req, sessionKey);\n", cls)
	} else {
		fmt.Fprintf(&b, "%sResponse rsp = client.execute(req);\n", cls)
	}
	b.WriteString("System.out.println(rsp.getBody());")
	return b.String(), vals, defects
}

func javaQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// renderXML writes the XML response example: the root named after the
// method without TOP's taobao prefix, lists wrapping one item per element
// named after the item type. It returns the values it shows, by path.
func renderXML(d *rdoc) (string, map[string]string, []string) {
	vals := map[string]string{}
	var defects []string
	var b strings.Builder
	root := strings.ReplaceAll(strings.TrimPrefix(d.method, "taobao."), ".", "_") + "_response"
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace
	b.WriteString("<" + root + ">\n")
	var elems func(ps []*rparam, depth int)
	elems = func(ps []*rparam, depth int) {
		in := strings.Repeat("    ", depth)
		for _, p := range ps {
			obj := len(p.subs) > 0
			switch {
			case obj && p.list:
				item := xmlName(p.base)
				fmt.Fprintf(&b, "%s<%s>\n%s    <%s>\n", in, p.name, in, item)
				elems(p.subs, depth+2)
				fmt.Fprintf(&b, "%s    </%s>\n%s</%s>\n", in, item, in, p.name)
			case obj:
				fmt.Fprintf(&b, "%s<%s>\n", in, p.name)
				elems(p.subs, depth+1)
				fmt.Fprintf(&b, "%s</%s>\n", in, p.name)
			case p.list && p.example != "":
				item := xmlName(p.base)
				fmt.Fprintf(&b, "%s<%s>\n", in, p.name)
				for range 2 {
					fmt.Fprintf(&b, "%s    <%s>%s</%s>\n", in, item, esc(p.example), item)
				}
				fmt.Fprintf(&b, "%s</%s>\n", in, p.name)
				vals[p.path] = p.example + "," + p.example
			case depth == 1 && pick(d.method+" response "+p.path+" omit", omitOneIn) == 0:
				defects = append(defects, "response "+p.path+": not in the XML response example")
			case depth > 1 && !p.list && p.example != "" && p.desc != "" && pick(d.method+" response "+p.path+" differ", differOneIn) == 0:
				v := p.example + "_other"
				fmt.Fprintf(&b, "%s<%s>%s</%s>\n", in, p.name, esc(v), p.name)
				defects = append(defects, fmt.Sprintf("response %s: the table's example %q differs from the XML response example's %q",
					strings.ReplaceAll(p.path, "[]", "[]"), clip(p.example), clip(v)))
			default:
				fmt.Fprintf(&b, "%s<%s>%s</%s>\n", in, p.name, esc(p.example), p.name)
				vals[p.path] = p.example
			}
		}
	}
	elems(d.response, 1)
	b.WriteString("</" + root + ">")
	return b.String(), vals, defects
}
