package gentest

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/gen"
	"github.com/topgen/topgen/model"
)

func testAPI() *model.API {
	return &model.API{
		Method: "taobao.demo.get",
		Request: []*model.Field{
			{Name: "title", Type: "String", Example: "hello"},
			{Name: "num", Type: "Number", Example: "180"},
			{Name: "when", Type: "Date", Example: "2017-01-20 13:00:00"},
			{Name: "bills", Type: "Bill", List: true, Fields: []*model.Field{
				{Name: "amount", Type: "Number", Example: "5"},
			}},
		},
		Response: []*model.Field{
			{Name: "name", Type: "String"},
			{Name: "count", Type: "Number"},
			{Name: "items", Type: "ItemDTO", List: true, Fields: []*model.Field{
				{Name: "id", Type: "Number"},
			}},
			{Name: "tags", Type: "String", List: true},
		},
	}
}

type item struct {
	ID int64 `json:"id"`
}

type resp struct {
	Name      string   `json:"name"`
	Count     int64    `json:"count"`
	Items     []item   `json:"items"`
	Tags      []string `json:"tags"`
	RequestID string   `json:"request_id"`
}

const example = `<taobao_demo_get_response><name>n</name><count>3</count>
<items><item_d_t_o><id>7</id></item_d_t_o><item_d_t_o><id>8</id></item_d_t_o></items>
<tags><string>a</string></tags></taobao_demo_get_response>`

func TestCheckFindsEveryDifference(t *testing.T) {
	nodes, err := FromXML(testAPI(), example)
	require.NoError(t, err)
	plan, err := gen.Plan(testAPI())
	require.NoError(t, err)
	good := resp{Name: "n", Count: 3, Items: []item{{7}, {8}}, Tags: []string{"a"}, RequestID: RequestID}
	assert.Empty(t, Check(nodes, &good, plan.Response))

	bad := resp{Name: "x", Count: 3, Items: []item{{7}, {9}}, Tags: nil}
	msgs := Check(nodes, &bad, plan.Response)
	assert.Len(t, msgs, 4, strings.Join(msgs, "\n"))
	assert.Contains(t, msgs[3], "request_id")
}

func TestFromXMLRejectsUnknownElements(t *testing.T) {
	_, err := FromXML(testAPI(), `<x_response><nope>1</nope></x_response>`)
	assert.ErrorContains(t, err, "nope")
}

func TestJSONForms(t *testing.T) {
	nodes, err := FromXML(testAPI(), example)
	require.NoError(t, err)
	assert.JSONEq(t, `{"demo_get_response":{"name":"n","count":3,"items":{"item_d_t_o":[{"id":7},{"id":8}]},"tags":{"string":["a"]},"request_id":"0ba4e3fd17049568416563158e"}}`,
		string(JSON("taobao.demo.get", nodes, false)))
	assert.JSONEq(t, `{"name":"n","count":3,"items":[{"id":7},{"id":8}],"tags":["a"],"request_id":"0ba4e3fd17049568416563158e"}`,
		string(JSON("taobao.demo.get", nodes, true)))
	assert.Contains(t, string(XML("taobao.demo.get", nodes)), "<demo_get_response><name>n</name>")
	assert.Contains(t, string(XML("taobao.demo.get", nodes)), "<request_id>0ba4e3fd17049568416563158e</request_id></demo_get_response>")
}

type bill struct {
	Amount *int64 `json:"amount,omitempty"`
}

type request struct {
	Title string
	Num   *int64
	When  time.Time
	Bills []bill
}

func TestFillAndParams(t *testing.T) {
	api := testAPI()
	var r request
	plan, err := gen.Plan(api)
	require.NoError(t, err)
	require.NoError(t, Fill(&r, plan.Request))
	assert.Equal(t, "hello", r.Title)
	require.NotNil(t, r.Num)
	assert.Equal(t, int64(180), *r.Num)
	assert.Equal(t, "2017-01-20 13:00:00", r.When.In(gmt8).Format(time.DateTime))
	require.Len(t, r.Bills, 1)
	assert.Equal(t, int64(5), *r.Bills[0].Amount)

	p := Params(api.Request)
	assert.Equal(t, map[string]string{"title": "hello", "num": "180", "when": "2017-01-20 13:00:00", "bills": `[{"amount":5}]`}, p)
	assert.True(t, SameParam(`[{"amount": 5}]`, p["bills"]))
	assert.False(t, SameParam(`[{"amount":6}]`, p["bills"]))
}
