package parser

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/model"
)

func htmlFixture(method string) string { return filepath.Join("testdata", "html", method+".html") }

// renderHTML renders a text page as the doc site's HTML would show it:
// the same sections under <h3> headings, the same tables with explicit
// cells, sub-fields as lists inside their first-level row (flat, like the
// text), examples in <pre>, inside page chrome.
func renderHTML(t testing.TB, data []byte) string {
	t.Helper()
	pr := &probs{file: "page.txt"}
	pg := readTextPage(data, pr)
	build(pg, pr) // resolves each row's example and description cells
	require.Empty(t, pr.errs)
	e := html.EscapeString
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
	w("<title>%s - 淘宝开放平台 - 文档中心</title>\n", e(pg.method))
	w("<script>window.__PAGE__ = {\"menu\": \"<h3>请求参数</h3><table><tr><td>x</td></tr></table>\"};</script>\n")
	w("<style>.sub-params { list-style: none; } pre { white-space: pre; }</style>\n</head>\n<body>\n")
	w("<header class=\"top-nav\"><a href=\"/\">淘宝开放平台</a>\n<ul><li><a href=\"/doc\">文档中心</a></li><li><a href=\"/api\">API</a></li></ul></header>\n")
	w("<aside class=\"doc-menu\"><h4>API列表</h4><ul><li><a href=\"#\">%s</a></li></ul></aside>\n", e(pg.method))
	w("<main class=\"doc-content\">\n<h2 class=\"api-title\">%s (%s)</h2>\n<div class=\"api-desc\">\n", e(pg.method), e(pg.title))
	for _, p := range strings.Split(pg.description, "\n") {
		w("<p>%s</p>\n", e(p))
	}
	w("</div>\n<h3>公共参数</h3>\n<p class=\"public-params\"><a href=\"/doc/public\">公共参数说明</a></p>\n")
	table := func(heading string, rows []*row, request bool) {
		w("<h3>%s</h3>\n<table class=\"api-table\">\n<thead><tr>", heading)
		cols := []string{"名称", "类型", "示例值", "描述"}
		if request {
			cols = []string{"名称", "类型", "是否必须", "示例值", "更多限制", "描述"}
		}
		for _, c := range cols {
			w("<th>%s</th>", c)
		}
		w("</tr></thead>\n<tbody>\n")
		cells := func(r *row, td string) []string {
			name := r.name
			if !r.top && r.leaf {
				name = "└ " + name
			}
			typ := r.typ
			if r.list {
				typ += " []"
			}
			out := []string{e(name), e(typ)}
			if request {
				req := "可选"
				if r.required {
					req = "必须"
				}
				out = append(out, req)
			}
			out = append(out, e(r.example))
			if request {
				var ls strings.Builder
				if len(r.limits) > 0 {
					ls.WriteString("<ul>")
					for _, l := range r.limits {
						fmt.Fprintf(&ls, "<li>%s</li>", e(l.text))
					}
					ls.WriteString("</ul>")
				}
				out = append(out, ls.String())
			}
			return append(out, e(r.desc))
		}
		for i := 0; i < len(rows); i++ {
			r := rows[i]
			cs := cells(r, "td")
			w("<tr>")
			for j, c := range cs[:len(cs)-1] {
				if j == 0 {
					w("<td class=\"name\">%s</td>", c)
				} else {
					w("<td>%s</td>", c)
				}
			}
			w("<td>%s", cs[len(cs)-1])
			if i+1 < len(rows) && !rows[i+1].top {
				w("\n<ul class=\"sub-params\">\n")
				for i+1 < len(rows) && !rows[i+1].top {
					i++
					w("<li><ul>")
					for _, c := range cells(rows[i], "li") {
						w("<li>%s</li>", c)
					}
					w("</ul></li>\n")
				}
				w("</ul>\n")
			}
			w("</td></tr>\n")
		}
		w("</tbody>\n</table>\n")
	}
	table("请求参数", pg.request, true)
	table("响应参数", pg.response, false)
	example := func(heading string, tabs []string, b *block, class string) {
		w("<h3>%s</h3>\n<ul class=\"tabs\">", heading)
		for i, tab := range tabs {
			if i == 0 {
				w("<li class=\"active\">%s</li>", tab)
			} else {
				w("<li>%s</li>", tab)
			}
		}
		w("</ul>\n")
		if b != nil {
			w("<pre class=\"%s\">\n%s\n</pre>\n", class, e(b.text))
		}
	}
	example("请求示例", []string{"JAVA", ".NET", "PHP", "CURL", "Python", "C/C++", "NodeJS"}, pg.java, "lang-java")
	example("响应示例", []string{"XML示例", "JSON示例"}, pg.respXML, "lang-xml")
	example("异常示例", []string{"XML示例", "JSON示例"}, pg.errXML, "lang-xml")
	w("<h3>错误码解释</h3>\n<table class=\"api-table\">\n<thead><tr><th>错误码</th><th>错误描述</th><th>解决方案</th></tr></thead>\n<tbody>\n")
	for _, ec := range pg.errorCodes {
		w("<tr><td>%s</td><td>%s</td><td>%s</td></tr>\n", e(ec.Code), e(ec.Message), e(ec.Solution))
	}
	w("</tbody>\n</table>\n<h3>API工具</h3>\n<ul><li><a href=\"/tools/apitest\">API测试工具</a></li></ul>\n")
	w("<h3>如何获得此API</h3>\n<p>在控制台申请权限包。</p>\n<h3>FAQ</h3>\n<p>暂无</p>\n</main>\n")
	w("<footer><a href=\"#top\">返回<br>顶部</a><p>© 淘宝开放平台</p></footer>\n")
	w("<script>document.querySelectorAll('.tabs li').forEach(function (li) { li.onclick = null; });</script>\n</body>\n</html>\n")
	return b.String()
}

// TestHTMLFixtures checks the committed HTML fixtures are the rendering of
// the seed pages; -update rewrites them.
func TestHTMLFixtures(t *testing.T) {
	for _, m := range seeds {
		t.Run(m, func(t *testing.T) {
			got := renderHTML(t, readFile(t, seedPath(m)))
			if *update {
				require.NoError(t, os.WriteFile(htmlFixture(m), []byte(got), 0o644))
			}
			assert.Equal(t, string(readFile(t, htmlFixture(m))), got, "run go test ./parser -run TestHTMLFixtures -update")
		})
	}
}

// TestHTMLMatchesText: the HTML page of each seed parses to the same model
// as its text, without warnings.
func TestHTMLMatchesText(t *testing.T) {
	for _, m := range seeds {
		t.Run(m, func(t *testing.T) {
			data := readFile(t, htmlFixture(m))
			require.Equal(t, model.FormatHTML, Detect(data))
			fromHTML, warns, err := Parse(m+".html", data)
			require.NoError(t, err)
			assert.Empty(t, warns)
			fromText, _, err := Parse(m+".txt", readFile(t, seedPath(m)))
			require.NoError(t, err)
			assert.Equal(t, model.FormatHTML, fromHTML.Source.Format)
			fromHTML.Source, fromText.Source = model.Source{}, model.Source{}
			assert.Equal(t, fromText, fromHTML)
		})
	}
}

// TestHTMLLines: problems in an HTML page are at the line of the element.
func TestHTMLLines(t *testing.T) {
	data := readFile(t, htmlFixture(seeds[2]))
	s := string(data)
	// Drop <use_point> from the XML example, as in the text test.
	s = strings.Replace(s, "            &lt;use_point&gt;100&lt;/use_point&gt;\n", "", 1)
	// Break a type and the error example.
	s = strings.Replace(s, "<li>└ ptnr_token</li><li>String</li>", "<li>└ ptnr_token</li><li>字符串</li>", 1)
	s = strings.Replace(s, "&lt;/error_response&gt;", "&lt;/error&gt;", 1)
	data = []byte(s)
	_, warns, err := Parse("damai.html", data)
	var ps Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{
		fmt.Sprintf(`%d: sub-field ptnr_token: "字符串" is not a type: want String, Number, Boolean, Date, Price, … or an object type name, optionally followed by []`,
			lineOf(t, data, "└ ptnr_token")),
		fmt.Sprintf(`%d: XML error example: want well-formed XML: element <error_response> closed by </error>`, lineOf(t, data, "&lt;/error&gt;")),
	}, problemLines(ps))
	require.Len(t, warns, 2, "%v", warns)
	// Warnings come in page order.
	assert.Equal(t, lineOf(t, data, "<li>└ use_point</li>"), warns[0].Line)
	assert.Contains(t, warns[0].Msg, "response use_point: nesting is ambiguous")
	assert.Equal(t, fmt.Sprintf("%d: request: the Java request example has PtnrToken under pay_param, but the table has no such row",
		lineOf(t, data, "obj1.setPtnrToken")), problemLines(warns)[1], "the row with the bad type is dropped")
}

// TestHTMLNotATopPage: an HTML page without the doc sections.
func TestHTMLNotATopPage(t *testing.T) {
	_, _, err := Parse("x.html", []byte("<html><body><h1>Hello</h1><table><tr><td>1</td></tr></table></body></html>"))
	var ps Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{
		`0: want a heading "method (中文名)" (h1–h6) naming the API, found none`,
		`0: want a "请求参数" and a "响应参数" heading: this does not look like a TOP doc page`,
	}, problemLines(ps))
}

// TestHTMLErrorCodes: the error code table's rows become ErrorCodes.
func TestHTMLErrorCodes(t *testing.T) {
	s := string(readFile(t, htmlFixture(seeds[0])))
	s = strings.Replace(s, "<th>解决方案</th></tr></thead>\n<tbody>\n",
		"<th>解决方案</th></tr></thead>\n<tbody>\n<tr><td>isv.invalid-parameter</td><td>参数错误</td><td>请检查 trade_no 参数</td></tr>\n", 1)
	api, _, err := Parse("x.html", []byte(s))
	require.NoError(t, err)
	assert.Equal(t, []model.ErrorCode{{Code: "isv.invalid-parameter", Message: "参数错误", Solution: "请检查 trade_no 参数"}}, api.ErrorCodes)
}
