package parser

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/model"
)

// TestTextHardCells reads a page written by hand with the cases that real
// pages get wrong: examples that look like names (abc, true, demo_value)
// followed by descriptions that look like types (The status of the feed,
// Recipient, ROI, Map); rows without an example; a list typed like a
// scalar but with sub-fields (player_list Long []); an object list whose
// items only the Java example places (prices Price []); a list example
// shown once in the table and twice in Java; a taobao. method whose XML
// root drops the prefix; and XML elements named <body> and <table_id>.
func TestTextHardCells(t *testing.T) {
	data := readFile(t, filepath.Join("testdata", "text", "hard-cells.txt"))
	require.Equal(t, model.FormatText, Detect(data), "a text page whose XML holds <body> and <table_id>")
	api, warns, err := Parse("hard-cells.txt", data)
	require.NoError(t, err)
	assert.Empty(t, warns, "every cell is accounted for: no warning is true here")
	var got []string
	for _, l := range model.Lines(api) {
		got = append(got, string(l.Section)+" "+l.Path+" "+l.Type)
	}
	assert.Equal(t, []string{
		"request feed Feed",
		"request feed.status String",
		"request feed.enabled Boolean",
		"request feed.kind String",
		"request feed.prices Price[]",
		"request feed.prices[].passenger_type Number",
		"request feed.prices[].amount Number",
		"request tags String[]",
		"request item_id Number",
		"response result_status String",
		"response player_list Long[]",
		"response player_list[].user_id Number",
		"response body String",
		"response table_id Number",
	}, got)
	field := func(sec model.Section, path string) *model.Field {
		fs := api.Fields(sec)
		var f *model.Field
		for _, name := range strings.Split(path, ".") {
			f = nil
			for _, c := range fs {
				if c.Name == name {
					f = c
				}
			}
			require.NotNil(t, f, path)
			fs = f.Fields
		}
		return f
	}
	for _, c := range []struct {
		sec            model.Section
		path, ex, desc string
	}{
		{model.Request, "feed.status", "abc", "The status of the feed"},
		{model.Request, "feed.enabled", "true", "Recipient"},
		{model.Request, "feed.kind", "demo_value", "ROI"},
		{model.Request, "tags", "demo_value", "标签列表"},
		{model.Request, "item_id", "", "平台商品id"},
		{model.Response, "result_status", "", "SUCCESS: 成功, FAIL: 失败"},
		{model.Response, "player_list.user_id", "42", "Map"},
		{model.Response, "body", "", "正文"},
		{model.Response, "table_id", "7", "表格id"},
	} {
		f := field(c.sec, c.path)
		assert.Equal(t, c.ex, f.Example, "%s example", c.path)
		assert.Equal(t, c.desc, f.Description, "%s description", c.path)
	}
	assert.Equal(t, []model.EnumValue{{Value: "SUCCESS", Label: "成功"}, {Value: "FAIL", Label: "失败"}},
		field(model.Response, "result_status").Enum, "the enum comes with the description")
}

// TestTextMissingSection: a page without a 请求参数 or 响应参数 section is
// an error, not a model without fields (which would overwrite a good
// model).
func TestTextMissingSection(t *testing.T) {
	data := string(readFile(t, filepath.Join("testdata", "text", "hard-cells.txt")))
	for _, c := range []struct{ drop, want string }{
		{"响应参数\n", `want a "响应参数" section (the response fields), found none`},
		{"请求参数\n", `want a "请求参数" section (the request parameters), found none`},
	} {
		page := strings.Replace(data, c.drop, "", 1)
		api, _, err := Parse("x.txt", []byte(page))
		assert.Nil(t, api)
		var ps Problems
		require.ErrorAs(t, err, &ps, c.drop)
		assert.Contains(t, problemLines(ps), "0: "+c.want)
	}
}

// TestDetectTextWithHTMLishExample: a text page is text even when its XML
// example holds <body> or <table>-like elements; an HTML page is HTML.
func TestDetectTextWithHTMLishExample(t *testing.T) {
	assert.Equal(t, model.FormatText, Detect([]byte("x.y.z (名)\n\n<body>1</body>\n<table_id>2</table_id>\n")))
	assert.Equal(t, model.FormatText, Detect([]byte("说明\n<table_str>x</table_str>\n")))
	assert.Equal(t, model.FormatHTML, Detect([]byte("说明\n<table class=\"x\"><tr><td>1</td></tr></table>")))
	assert.Equal(t, model.FormatHTML, Detect([]byte("<!DOCTYPE html><html></html>")))
	assert.Equal(t, model.FormatJSON, Detect([]byte(` {"name":"x"}`)))
}

// TestTextRequestObjectMissingFromJava: a request sub-object the Java
// example leaves out is still a field (name, type, 必须/可选 make a row),
// placed as the table shows, with a warning that says so.
func TestTextRequestObjectMissingFromJava(t *testing.T) {
	data := string(readFile(t, filepath.Join("testdata", "text", "hard-cells.txt")))
	for _, l := range []string{
		"List<FeedHardCellsRequest.Price> list2 = new ArrayList<FeedHardCellsRequest.Price>();\n",
		"FeedHardCellsRequest.Price obj3 = new FeedHardCellsRequest.Price();\n",
		"list2.add(obj3);\n", "obj3.setPassengerType(1L);\n", "obj3.setAmount(100L);\n", "obj1.setPrices(list2);\n",
	} {
		require.Contains(t, data, l)
		data = strings.Replace(data, l, "", 1)
	}
	api, warns, err := Parse("hard-cells.txt", []byte(data))
	require.NoError(t, err)
	var got []string
	for _, l := range model.Lines(api) {
		if l.Section == model.Request {
			got = append(got, l.Path+" "+l.Type)
		}
	}
	assert.Equal(t, []string{"feed Feed", "feed.status String", "feed.enabled Boolean", "feed.kind String",
		"feed.prices Price[]", "feed.prices[].passenger_type Number", "feed.prices[].amount Number",
		"tags String[]", "item_id Number"}, got)
	var msgs []string
	for _, w := range warns {
		msgs = append(msgs, w.Msg)
	}
	assert.Equal(t, []string{
		"request prices: nesting is ambiguous: the Java request example has no such element under feed; placed under feed as the table suggests",
		"request passenger_type: nesting is ambiguous: the Java request example has no such element under feed.prices[], feed; placed under feed.prices[] as the table suggests",
		"request amount: nesting is ambiguous: the Java request example has no such element under feed.prices[], feed; placed under feed.prices[] as the table suggests",
	}, msgs)
}
