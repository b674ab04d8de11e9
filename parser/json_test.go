package parser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/model"
)

// parseFixture parses testdata/json/name and checks the model round-trips.
func parseFixture(t *testing.T, name string) (*model.API, Problems) {
	t.Helper()
	path := filepath.Join("testdata", "json", name)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	api, warns, err := Parse(path, data)
	require.NoError(t, err)
	require.Equal(t, model.FormatJSON, api.Source.Format)
	require.Equal(t, name, api.Source.File)
	y, err := model.Marshal(api)
	require.NoError(t, err)
	back, err := model.Unmarshal(name, y)
	require.NoError(t, err, "%s", y)
	require.Equal(t, api, back)
	return api, warns
}

func ptr[T any](v T) *T { return &v }

func TestJSONWrappedResponse(t *testing.T) {
	api, warns := parseFixture(t, "wrapped.json")
	assert.Empty(t, warns)
	assert.Equal(t, "alibaba.nlife.b2c.trade.pay", api.Method)
	assert.Equal(t, "零售+交易支付", api.Title)
	assert.Equal(t, "零售+交易支付接口\n支持多种资金渠道", api.Description)
	assert.Equal(t, model.SessionRequired, api.Session)
	require.Len(t, api.Request, 3)
	assert.Equal(t, &model.Field{Name: "trade_no", Type: "String", MaxLength: ptr[int64](64),
		Description: "零售+平台订单号,和out_trade_no不能同时为空"}, api.Request[0])
	assert.False(t, api.Request[1].Required, `"false" as a string`)
	assert.True(t, api.Request[2].Required, `"true" as a string`)
	assert.Equal(t, "SELF_DELIVERY", api.Request[2].Example)
	assert.Equal(t, []model.EnumValue{{Value: "LOGISTICS", Label: "物流发货"}, {Value: "SELF_DELIVERY", Label: "门店自提"}}, api.Request[2].Enum)
	require.Len(t, api.Response, 1)
	assert.False(t, api.Response[0].Required, "response fields are never required")
	assert.Equal(t, []model.Constraint{{Kind: model.AtLeastOneOf, Section: "request",
		Fields: []string{"trade_no", "out_trade_no"}, Text: "和out_trade_no不能同时为空"}}, api.Constraints)
	assert.Equal(t, []model.ErrorCode{
		{Code: "isv.trade-not-exist", Message: "交易不存在", Solution: "检查订单号"},
		{Code: "40001", Message: "参数错误"},
		{Code: "isv.param-error", Message: "参数 非法", Solution: "修正参数"},
	}, api.ErrorCodes)
	assert.Equal(t, "<alibaba_nlife_b2c_trade_pay_response>\n  <success>true</success>\n</alibaba_nlife_b2c_trade_pay_response>", api.ResponseExample)
}

func TestJSONNestedDataOnly(t *testing.T) {
	api, warns := parseFixture(t, "nested.json")
	assert.Empty(t, warns)
	var lines []string
	for _, l := range model.Lines(api) {
		lines = append(lines, strings.Join([]string{string(l.Section), l.Path, l.Type, l.Req, l.Constraints}, " | "))
	}
	assert.Equal(t, []string{
		"request | pay_param | PayParam | required | ",
		"request | pay_param.order_id | String | optional | ",
		"request | pay_param.fund_bill_list | FundBill[] | optional | max_list_size=20",
		"request | pay_param.fund_bill_list[].type | String | required | ",
		"request | pay_param.fund_bill_list[].trade_no | String | optional | ",
		"request | images | byte[] | optional | ",
		"request | tags | String[] | optional | ",
		"request | memo | String | optional | ",
		"response | result | Result | - | ",
		"response | result.items | Item[] | - | ",
		"response | result.items[].status | Number | - | ",
	}, lines)
	typ := model.Lookup(api.Request, "pay_param.fund_bill_list[].type")
	require.NotNil(t, typ)
	assert.Equal(t, []string{"CASH", "UNIONPAY", "ALIPAY"}, enumValues(typ.Enum))
	tradeNo := model.Lookup(api.Request, "pay_param.fund_bill_list[].trade_no")
	assert.Empty(t, tradeNo.Enum, "type=CASH:… describes another field's cases")
	status := model.Lookup(api.Response, "result.items[].status")
	assert.Equal(t, []model.EnumValue{{Value: "1", Label: "有库存"}, {Value: "2", Label: "无库存"}}, status.Enum)
}

func TestJSONHTMLDescriptions(t *testing.T) {
	api, _ := parseFixture(t, "html.json")
	assert.Equal(t, "第一段\n第二段 有空格", api.Description)
	desc := map[string]string{}
	for _, f := range api.Request {
		desc[f.Name] = f.Description
	}
	assert.Equal(t, "订单状态。可选值:\nWAIT_BUYER_PAY(等待买家付款)\nTRADE_FINISHED(交易成功)", desc["status"])
	assert.Equal(t, "扩展参数,可空,Map<String,String>结构, 详见文档", desc["ext"])
	assert.Equal(t, "可选，参数列表如下：\nno_def:查询非默认地址\nget_def:查询默认取货地址", desc["addr_type"])
	assert.Equal(t, `多个类型之间用","分隔 <b>不是标签</b>`, desc["quoted"])
	assert.Equal(t, []string{"WAIT_BUYER_PAY", "TRADE_FINISHED"}, enumValues(api.Request[0].Enum))
}

func TestJSONLimits(t *testing.T) {
	api, _ := parseFixture(t, "limits.json")
	require.Len(t, api.Request, 4)
	title, ids, discount, size := api.Request[0], api.Request[1], api.Request[2], api.Request[3]
	assert.Equal(t, ptr[int64](60), title.MaxLength)
	assert.Equal(t, "新品", title.Example)
	assert.Equal(t, "无", title.Default)
	assert.Equal(t, ptr[int64](20), ids.MaxListSize)
	assert.True(t, ids.List)
	assert.Equal(t, ptr(model.Number("-1.5")), discount.MinValue)
	assert.Equal(t, ptr(model.Number("1000")), discount.MaxValue, "1e3 as a plain decimal")
	assert.Equal(t, "10", discount.Example)
	assert.Equal(t, "true", discount.Default)
	assert.Equal(t, "min_value=1 max_value=100", model.Limits(size))
}

func TestJSONBrokenReportsEveryProblem(t *testing.T) {
	path := filepath.Join("testdata", "json", "broken.json")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	api, _, err := Parse(path, data)
	require.Error(t, err)
	assert.Nil(t, api)
	var ps Problems
	require.ErrorAs(t, err, &ps)
	want := []struct {
		line int
		msg  string
	}{
		{5, `requestParams[0]: missing "name": want the param's wire name`},
		{11, `request field "bad_type": bad type "Str ing?": want a type name`},
		{17, `request field "bad_limit": "maxLength" is a string "abc": want a non-negative integer`},
		{27, `request field "parent.bad_required": "required" is a string "maybe": want true or false`},
		{32, `request field "parent.bad_min": "minValue": bad number "one": want a decimal`},
		{37, `responseParams is an object: want a list of param objects`},
	}
	require.Len(t, ps, len(want), "%v", err)
	for i, w := range want {
		assert.Equal(t, path, ps[i].File)
		assert.Equal(t, w.line, ps[i].Line, "problem %d: %s", i, ps[i].Msg)
		assert.Contains(t, ps[i].Msg, w.msg)
		assert.False(t, ps[i].Warning)
	}
	assert.Contains(t, err.Error(), path+":5: requestParams[0]: missing \"name\"")
}

func TestJSONSyntaxErrorLine(t *testing.T) {
	path := filepath.Join("testdata", "json", "syntax.json")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	_, _, err = Parse(path, data)
	var ps Problems
	require.ErrorAs(t, err, &ps)
	require.Len(t, ps, 1)
	assert.Equal(t, 6, ps[0].Line, "the trailing comma's line")
	assert.Contains(t, ps[0].Msg, "JSON syntax error")
	assert.Contains(t, ps[0].Msg, "want well-formed JSON")
}

func TestJSONDuplicateAndScalarTypedObject(t *testing.T) {
	api, warns := parseFixture(t, "duplicate.json")
	require.Len(t, api.Response, 3)
	assert.Equal(t, "String", api.Response[0].Type)
	assert.Equal(t, "Number", api.Response[1].Type)
	// A "Price" with sub-fields is an object: its fields are kept.
	assert.Equal(t, "Price", api.Response[2].Type)
	assert.Len(t, api.Response[2].Fields, 1)
	assert.Equal(t, model.KindObject, model.KindOf(api.Response[2]))
	require.Len(t, warns, 1)
	assert.Equal(t, 11, warns[0].Line)
	assert.True(t, warns[0].Warning)
	assert.Contains(t, warns[0].Msg, `response field "result" is listed twice`)
}

func TestJSONErrors(t *testing.T) {
	tests := []struct {
		name, doc string
		line      int
		msg       string
	}{
		{"catelog", `{"name": "淘宝用户API,", "pkg": "tbuser", "id": 21543}`, 1, "category descriptor"},
		{"name with a tab", "{\"name\": \"a.b\", \"requestParams\": [\n{\"name\": \"x\\ty\", \"type\": \"String\"}]}", 2, `want a wire name without spaces`},
		{"id-only stub", "{\n\t\"id\": 39572\n}", 1, `missing "name" (the document holds only an id`},
		{"failed response", "{\"success\": false,\n \"data\": null, \"errorMsg\": \"doc not found\"}", 1, "success=false: doc not found"},
		{"data not object", "{\"success\": true,\n \"data\": \"x\"}", 2, `"data" is a string "x": want the document object`},
		{"truncated", "{\"name\": \"a.b\",\n \"requestParams\": [", 2, "unexpected end of JSON input"},
		{"extra data", "{\"name\": \"a.b\"}\n{}", 2, "extra data after the top-level value"},
		{"name not string", "{\n\"name\": 12}", 2, `"name" is a number 12: want the API method name`},
		{"params not objects", "{\"name\": \"a.b\", \"requestParams\": [\n\"x\"]}", 2, `requestParams[0] is a string "x": want a param object`},
		{"type not string", "{\"name\": \"a.b\", \"requestParams\": [{\"name\": \"n\",\n \"type\": 3}]}", 2, `request field "n": "type" is a number 3: want a type name string`},
		{"negative limit", "{\"name\": \"a.b\", \"requestParams\": [{\"name\": \"n\",\n\n \"maxListSize\": -1}]}", 3, `"maxListSize" is a number -1: want a non-negative integer`},
		{"limit object", "{\"name\": \"a.b\", \"requestParams\": [{\"name\": \"n\", \"maxValue\": {}}]}", 1, `"maxValue" is an object: want a decimal number`},
		{"error codes not list", "{\"name\": \"a.b\",\n \"errorCodes\": {}}", 2, `"errorCodes" is an object: want a list`},
		{"empty name", "{\"name\": \"a.b\", \"responseParams\": [\n{\"name\": \" \"}]}", 2, `responseParams[0]: "name" is a string " ": want the param's wire name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api, _, err := Parse("doc.json", []byte(tt.doc))
			require.Error(t, err)
			assert.Nil(t, api)
			var ps Problems
			require.ErrorAs(t, err, &ps)
			require.NotEmpty(t, ps)
			assert.Equal(t, tt.line, ps[0].Line, ps[0].Msg)
			assert.Contains(t, ps[0].Msg, tt.msg)
			assert.Contains(t, ps[0].Msg, "want", "every message says what was expected")
		})
	}
}

func TestJSONTopLevelNotObject(t *testing.T) {
	api, _, errs := parseJSON("doc.json", []byte("\n[1, 2]"))
	assert.Nil(t, api)
	require.Len(t, errs, 1)
	assert.Equal(t, 2, errs[0].Line)
	assert.Contains(t, errs[0].Msg, "top level is a list: want a JSON object")
}

func TestJSONLenientKeys(t *testing.T) {
	doc := "\xef\xbb\xbf" + `{"name": "a.b.c", "needSession": false, "session": "需要",
	 "errorCodes": [{"code": "E1", "msg": "m1", "solution": "s1"}, {"message": "no code"}, {"errorCode": 7, "errorMessage": "m2"}],
	 "errSampleXml": "<error_response/>",
	 "requestParams": [{"name": "a", "type": "byte", "required": null, "subParams": null}],
	 "responseParams": [{"name": "r", "type": "String", "required": "true"}]}`
	api, warns, err := Parse("doc.json", []byte(doc))
	require.NoError(t, err)
	assert.Equal(t, model.SessionRequired, api.Session, "the last session flag wins")
	assert.Equal(t, []model.ErrorCode{{Code: "E1", Message: "m1", Solution: "s1"}, {Code: "7", Message: "m2"}}, api.ErrorCodes)
	require.Len(t, warns, 1)
	assert.Contains(t, warns[0].Msg, "errorCodes[1] has no code")
	assert.Equal(t, "<error_response/>", api.ErrorExample)
	assert.Equal(t, "byte", model.TypeString(api.Request[0]), "byte is java.lang.Byte, an integer")
	assert.False(t, api.Response[0].Required)
}

func TestDetectJSON(t *testing.T) {
	assert.Equal(t, model.FormatJSON, Detect([]byte("\xef\xbb\xbf  {\"name\":1}")))
}

func enumValues(es []model.EnumValue) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Value)
	}
	return out
}
