package parser

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/model"
)

var update = flag.Bool("update", os.Getenv("TOPGEN_UPDATE") == "1", "rewrite the golden files (specs/*.yaml, testdata/html/*.html) from the parsers")

// seeds are the seed pages' methods.
var seeds = []string{
	"alibaba.nlife.b2c.trade.pay",
	"alibaba.diantao.tripartite.right.pay.notify",
	"alibaba.damai.maizuo.openapi.trade.pay.result.callback",
}

func seedPath(method string) string { return filepath.Join("..", "specs", method+".txt") }

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return data
}

// TestSeedModels checks the committed seed models against the parse of the
// seed pages; -update rewrites them.
func TestSeedModels(t *testing.T) {
	for _, m := range seeds {
		t.Run(m, func(t *testing.T) {
			api, warns, err := Parse(m+".txt", readFile(t, seedPath(m)))
			require.NoError(t, err)
			assert.Empty(t, warns, "a seed page parses without warnings")
			got, err := model.Marshal(api)
			require.NoError(t, err)
			golden := filepath.Join("..", "specs", m+".yaml")
			if *update {
				require.NoError(t, os.WriteFile(golden, got, 0o644))
			}
			assert.Equal(t, string(readFile(t, golden)), string(got), "run go test ./parser -run TestSeedModels -update")
			back, err := model.Unmarshal(golden, got)
			require.NoError(t, err)
			assert.Equal(t, api, back)
		})
	}
}

// TestTextFieldsListing compares the fields of each seed with a listing
// written by hand from the page's table and examples.
func TestTextFieldsListing(t *testing.T) {
	for _, m := range seeds {
		t.Run(m, func(t *testing.T) {
			api, _, err := Parse(m+".txt", readFile(t, seedPath(m)))
			require.NoError(t, err)
			var buf bytes.Buffer
			require.NoError(t, model.WriteLines(&buf, api))
			want := readFile(t, filepath.Join("testdata", "text", m+".fields"))
			assert.Equal(t, strings.Split(string(want), "\n"), strings.Split(buf.String(), "\n"))
		})
	}
}

// TestTextSeedFacts checks facts of the seeds the listing does not show.
func TestTextSeedFacts(t *testing.T) {
	parse := func(m string) *model.API {
		api, _, err := Parse(m+".txt", readFile(t, seedPath(m)))
		require.NoError(t, err)
		return api
	}
	nlife := parse(seeds[0])
	assert.Equal(t, model.SessionRequired, nlife.Session)
	assert.Equal(t, "零售+平台支付订单", nlife.Title)
	gmt := model.Lookup(nlife.Request, "gmt_payment")
	assert.Equal(t, "2017-01-20 13:00:00", gmt.Example)
	assert.Equal(t, "ISV处支付时间", gmt.Description)
	ext := model.Lookup(nlife.Request, "fund_bill_list[].extend_params")
	assert.Equal(t, `{"k1":v1;"k2":v2}`, ext.Example)
	trade := model.Lookup(nlife.Request, "trade_no")
	assert.Equal(t, "10000400000000045678", trade.Example)
	assert.Equal(t, "零售+平台订单号,和out_trade_no不能同时为空", trade.Description)
	fbl := model.Lookup(nlife.Request, "fund_bill_list")
	assert.Empty(t, fbl.Example)
	assert.Equal(t, "支付资金各渠道列表", fbl.Description)
	assert.Equal(t, `{"k1":v1}`, model.Lookup(nlife.Response, "extend_params").Example)
	assert.Equal(t, "gmtPayment", model.Lookup(nlife.Response, "gmt_payment").Description)
	assert.True(t, strings.HasPrefix(nlife.ResponseExample, "<alibaba_nlife_b2c_trade_pay_response>\n    <gmt_payment>"), nlife.ResponseExample)
	assert.Equal(t, "<error_response>\n    <code>50</code>\n    <msg>Remote service error</msg>\n"+
		"    <sub_code>isv.invalid-parameter</sub_code>\n    <sub_msg>非法参数</sub_msg>\n</error_response>", nlife.ErrorExample)

	diantao := parse(seeds[1])
	assert.Equal(t, model.SessionNone, diantao.Session)
	biz := model.Lookup(diantao.Request, "tripartite_pay_notify_dto.biz")
	assert.Equal(t, "业务标识", biz.Example)
	assert.Equal(t, "flowPacket", biz.Description)

	damai := parse(seeds[2])
	tt := model.Lookup(damai.Request, "pay_param.tenant_token")
	assert.Equal(t, "向api服务提供商获取", tt.Example)
	assert.Equal(t, "wBrZIAxcXYJ72Idfk1231+mCzqSXZLWtC", tt.Description)
	assert.Equal(t, "userId", model.Lookup(damai.Request, "pay_param.user_token").Description)
	cgi := model.Lookup(damai.Response, "result_data.shopping_cart_vo.cart_goods_list.cart_good_info")
	assert.Equal(t, "cartGoodInfo", cgi.Description)
	assert.Empty(t, cgi.Example)
	assert.Equal(t, "4,1", model.Lookup(damai.Response, "result_data.shopping_cart_vo.ticket_type_list").Example)
	assert.Equal(t, "7座", model.Lookup(damai.Response, "result_data.shopping_cart_vo.cart_goods_list.child_list.seat_name").Example)
}

// lineOf returns the 1-based line of the first line of data containing s.
func lineOf(t *testing.T, data []byte, s string) int {
	t.Helper()
	for i, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	t.Fatalf("no line contains %q", s)
	return 0
}

// problemLines renders problems as "line: msg" for comparison.
func problemLines(ps Problems) []string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%d: %s", p.Line, p.Msg))
	}
	return out
}

// lineIs returns the 1-based line of the first line of data equal, once
// trimmed, to s.
func lineIs(t *testing.T, data []byte, s string) int {
	t.Helper()
	for i, l := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(l) == s {
			return i + 1
		}
	}
	t.Fatalf("no line is %q", s)
	return 0
}

// TestTextWarningsMissingFromExample: a copy of the damai seed whose XML
// response example lacks <use_point>: the row falls back to the table's
// hint (under user_point_info) with a warning at the row's line.
func TestTextWarningsMissingFromExample(t *testing.T) {
	file := filepath.Join("testdata", "text", "damai-missing-use-point.txt")
	data := readFile(t, file)
	api, warns, err := Parse(file, data)
	require.NoError(t, err)
	line := lineIs(t, data, "• └ use_point")
	require.Equal(t, []string{fmt.Sprintf("%d: response use_point: nesting is ambiguous: the XML response example has no such element "+
		"under result_data.shopping_cart_vo.user_point_info, result_data.shopping_cart_vo, result_data; "+
		"placed under result_data.shopping_cart_vo.user_point_info as the table suggests", line)}, problemLines(warns))
	assert.Equal(t, fmt.Sprintf("%s:%d: warning: ", file, line), warns[0].Error()[:len(file)+len(fmt.Sprint(line))+12])
	assert.NotNil(t, model.Lookup(api.Response, "result_data.shopping_cart_vo.user_point_info.use_point"))
	assert.NotNil(t, model.Lookup(api.Response, "result_data.shopping_cart_vo.use_point_money"), "the next row is back where the example puts it")
}

// TestTextWarningsDisagree: a copy of the nlife seed whose examples
// disagree with its table in every way that is a warning.
func TestTextWarningsDisagree(t *testing.T) {
	file := filepath.Join("testdata", "text", "nlife-disagree.txt")
	data := readFile(t, file)
	api, warns, err := Parse(file, data)
	require.NoError(t, err)
	want := []string{
		fmt.Sprintf("%d: request attachment: nesting is ambiguous: the Java request example has no such element under fund_bill_list[]; placed under fund_bill_list[] as the table suggests",
			lineIs(t, data, "• └ attachment")),
		fmt.Sprintf("%d: request consignee: the table's example \"孙悟空\" differs from the Java request example's \"猪八戒\" (line %d); kept the table's",
			lineOf(t, data, "consignee String"), lineOf(t, data, "setConsignee")),
		fmt.Sprintf("%d: response gmt_payment: the table shows a field without sub-fields, but the XML response example gives it sub-elements (line %d)",
			lineOf(t, data, "gmt_payment Date 2017-01-01"), lineOf(t, data, "<gmt_payment>")),
		fmt.Sprintf("%d: response extend_params: not in the XML response example", lineOf(t, data, "extend_params String {")),
		fmt.Sprintf("%d: response: the XML response example has extra_field at the top level, but the table has no such row", lineOf(t, data, "<extra_field>")),
	}
	assert.Equal(t, want, problemLines(warns))
	assert.Equal(t, "孙悟空", model.Lookup(api.Request, "consignee").Example, "the table wins")
	assert.Equal(t, []model.ErrorCode{{Code: "isv.invalid-parameter", Message: "参数错误", Solution: "请检查 trade_no 参数"}}, api.ErrorCodes)
}

// TestTextErrors: a broken page reports every error, each at its line.
func TestTextErrors(t *testing.T) {
	file := filepath.Join("testdata", "text", "broken.txt")
	data := readFile(t, file)
	api, warns, err := Parse(file, data)
	require.Nil(t, api)
	var ps Problems
	require.ErrorAs(t, err, &ps)
	want := []string{
		`1: want a title line "method (中文名)", got "这不是标题"`,
		fmt.Sprintf(`%d: row bad_param: "字符串" is not a type: want String, Number, Boolean, Date, Price, … or an object type name, optionally followed by []`,
			lineOf(t, data, "bad_param")),
		fmt.Sprintf(`%d: sub-field sub_bad: "文本" is not a type: want String, Number, Boolean, Date, Price, … or an object type name, optionally followed by []`,
			lineIs(t, data, "• 文本")),
		fmt.Sprintf(`%d: row no_req: want 必须 or 可选 after the type, found "abc"`, lineOf(t, data, "no_req")),
		fmt.Sprintf(`%d: XML response example: want well-formed XML: element <x_response> closed by </y_response>`, lineOf(t, data, "</y_response>")),
		fmt.Sprintf(`%d: XML error example: want well-formed XML: unexpected EOF`, lineOf(t, data, "<code>50</code>")),
	}
	assert.Equal(t, want, problemLines(ps))
	assert.Equal(t, []string{
		fmt.Sprintf("%d: Java request example: want a request object (X req = new XRequest()), found none; request nesting taken from the table", lineOf(t, data, "TaobaoClient")),
		fmt.Sprintf("%d: Java request example: want a client.execute(req[, sessionKey]) call, found none; session taken as not needed", lineOf(t, data, "TaobaoClient")),
	}, problemLines(warns))
	for _, p := range ps {
		assert.True(t, strings.HasPrefix(p.Error(), file+":"), p.Error())
	}
}

// TestTextNotATopPage: a page that is not a TOP page at all.
func TestTextNotATopPage(t *testing.T) {
	_, _, err := Parse("readme.txt", []byte("Hello\n\nThis is not a doc page.\n"))
	var ps Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{
		`1: want a title line "method (中文名)", got "Hello"`,
		`0: want a "请求参数" and a "响应参数" section: this does not look like a TOP doc page`,
	}, problemLines(ps))
	_, _, err = Parse("empty.txt", nil)
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{`0: empty page: want a title line "method (中文名)"`}, problemLines(ps))
}

// stripExamples removes the Java and XML examples from a text page.
func stripExamples(data []byte) []byte {
	var out []string
	skip := false
	for _, l := range strings.Split(string(data), "\n") {
		switch strings.TrimSpace(l) {
		case "请求示例", "响应示例", "异常示例":
			skip = true
			continue
		case "错误码解释":
			skip = false
		}
		if !skip {
			out = append(out, l)
		}
	}
	return []byte(strings.Join(out, "\n"))
}

// TestNestWithoutExamples: without examples the table's hint is used;
// where that is ambiguous (below the first level) a warning says so.
func TestNestWithoutExamples(t *testing.T) {
	data := stripExamples(readFile(t, seedPath(seeds[0])))
	api, warns, err := Parse("nlife.txt", data)
	require.NoError(t, err)
	assert.Empty(t, warns, "one level of nesting is never ambiguous")
	assert.Equal(t, model.SessionNone, api.Session)
	assert.Equal(t, "2017-01-20 13:00:00", model.Lookup(api.Request, "gmt_payment").Example, "without the example, a Date example is read as a date time")
	assert.Equal(t, "10004", model.Lookup(api.Request, "store_id").Example)
	assert.Len(t, model.Lookup(api.Request, "fund_bill_list").Fields, 9)

	data = stripExamples(readFile(t, seedPath(seeds[2])))
	api, warns, err = Parse("damai.txt", data)
	require.NoError(t, err)
	require.NotEmpty(t, warns)
	first := lineIs(t, data, "• └ shopping_cart_id")
	assert.Equal(t, fmt.Sprintf("%d: response shopping_cart_id: nesting is ambiguous (the table does not show depth and there is no XML response example); "+
		"placed under result_data.shopping_cart_vo as the table suggests", first), problemLines(warns)[0])
	for _, w := range warns {
		assert.Positive(t, w.Line)
	}
	// The table's hint: object rows open a level inside the innermost open
	// object, leaves go to the innermost open object.
	var paths []string
	for _, l := range model.Lines(api) {
		paths = append(paths, l.Path)
	}
	assert.Contains(t, paths, "result_data.shopping_cart_vo.cart_goods_list[].child_list[].project_id")
	assert.Contains(t, paths, "result_data.shopping_cart_vo.cart_goods_list[].child_list[].money_selected_discount.present_selected_discount_list")
	assert.Len(t, warns, len(paths)-len(api.Response)-len(api.Request)-
		len(model.Lookup(api.Request, "pay_param").Fields)-len(model.Lookup(api.Response, "result_data").Fields),
		"every row below the second level is ambiguous")
}
