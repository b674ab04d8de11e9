package parser

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/model"
)

// nestPage is a small page whose request nesting only the Java example
// shows: y follows b_list's fields but belongs to a_list's items; the
// response has a primitive list and a name used at two levels.
const nestPage = `x.y.z (测试)

测试

请求参数

名称 类型 是否必须 示例值 更多限制 描述
a_list AItem [] 必须
  • 最大列表长度:10
  • 列表
  • b_list
  • BItem []
  • 可选
  • 子列表
  • └ x
  • String
  • 必须
  • 1
  • 最大长度:8
  • 叉
  • └ y
  • Number
  • 可选
  • 2
  • 歪
flag Boolean 可选 true 开关

响应参数

名称 类型 示例值 描述
outer Outer 外层
  • inner
  • Inner
  • 内层
  • └ code
  • String
  • a b
  • 内码
  • └ code
  • String
  • 外码
  • └ ids
  • Number []
  • 外列表

请求示例

  • JAVA
XYZRequest req = new XYZRequest();
List<XYZRequest.AItem> list1 = new ArrayList<XYZRequest.AItem>();
XYZRequest.AItem obj2 = new XYZRequest.AItem();
list1.add(obj2);
List<XYZRequest.BItem> list3 = new ArrayList<XYZRequest.BItem>();
XYZRequest.BItem obj4 = new XYZRequest.BItem();
list3.add(obj4);
obj4.setX("1");
obj2.setBList(list3);
obj2.setY(2L);
req.setAList(list1);
req.setFlag(true);
XYZResponse rsp = client.execute(req);

响应示例

  • XML示例
<x_y_z_response>
    <outer>
        <inner><code>a b</code></inner>
        <code>c</code>
        <ids><number>1</number><number>2</number></ids>
    </outer>
</x_y_z_response>
`

func TestNestFromExamples(t *testing.T) {
	api, warns, err := Parse("nest.txt", []byte(nestPage))
	require.NoError(t, err)
	assert.Empty(t, warns)
	var buf bytes.Buffer
	require.NoError(t, model.WriteLines(&buf, api))
	assert.Equal(t, "x.y.z\trequest\ta_list\tAItem[]\trequired\tmax_list_size=10\n"+
		"x.y.z\trequest\ta_list[].b_list\tBItem[]\toptional\t\n"+
		"x.y.z\trequest\ta_list[].b_list[].x\tString\trequired\tmax_length=8\n"+
		"x.y.z\trequest\ta_list[].y\tNumber\toptional\t\n"+
		"x.y.z\trequest\tflag\tBoolean\toptional\t\n"+
		"x.y.z\tresponse\touter\tOuter\t-\t\n"+
		"x.y.z\tresponse\touter.inner\tInner\t-\t\n"+
		"x.y.z\tresponse\touter.inner.code\tString\t-\t\n"+
		"x.y.z\tresponse\touter.code\tString\t-\t\n"+
		"x.y.z\tresponse\touter.ids\tNumber[]\t-\t\n", buf.String())
	x := model.Lookup(api.Request, "a_list.b_list.x")
	assert.Equal(t, "1", x.Example)
	assert.Equal(t, "叉", x.Description)
	assert.Equal(t, "列表", model.Lookup(api.Request, "a_list").Description)
	assert.Equal(t, "子列表", model.Lookup(api.Request, "a_list.b_list").Description)
	assert.Equal(t, "开关", model.Lookup(api.Request, "flag").Description)
	assert.Equal(t, "a b", model.Lookup(api.Response, "outer.inner.code").Example)
	outerCode := model.Lookup(api.Response, "outer.code")
	assert.Equal(t, "c", outerCode.Example, "a lone cell that is not the example is the description")
	assert.Equal(t, "外码", outerCode.Description)
	ids := model.Lookup(api.Response, "outer.ids")
	assert.Equal(t, "1,2", ids.Example)
	assert.Equal(t, "外列表", ids.Description)
}

func TestNestSplitJoined(t *testing.T) {
	for _, c := range []struct {
		rest, known, typ string
		set, list        bool
		ex, desc         string
	}{
		{"2017-01-20 13:00:00 ISV处支付时间", "2017-01-20 13:00:00", "Date", false, false, "2017-01-20 13:00:00", "ISV处支付时间"},
		{"2017-01-20 13:00:00 ISV处支付时间", "", "Date", false, false, "2017-01-20 13:00:00", "ISV处支付时间"},
		{"a b c 描述", "a b c", "String", false, false, "a b c", "描述"},
		{"abc 描述 更多", "", "String", false, false, "abc", "描述 更多"},
		{"abc", "", "String", false, false, "abc", ""},
		{"描述", "", "String", false, false, "", "描述"},
		{"对象 描述", "", "Foo", false, false, "", "对象 描述"},
		// The example shows the element without a value: no example.
		{"SUCCESS - 成功,FAIL 失败", "", "String", true, false, "", "SUCCESS - 成功,FAIL 失败"},
		{"平台商品id", "", "String", true, false, "", "平台商品id"},
		// A list's table example is one item of the Java example's value.
		{"demo_value 列表", "demo_value,demo_value", "String", true, true, "demo_value", "列表"},
	} {
		ex, desc := splitJoined(c.rest, c.known, c.set, model.ScalarKind(c.typ) == model.KindObject, c.typ, c.list)
		assert.Equal(t, []string{c.ex, c.desc}, []string{ex, desc}, c.rest)
	}
}
