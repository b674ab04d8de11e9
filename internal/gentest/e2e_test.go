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

func oddAPI() *model.API {
	return &model.API{
		Method: "taobao.odd.get",
		Response: []*model.Field{
			{Name: "s1", Type: "String"}, {Name: "s2", Type: "String"}, {Name: "s3", Type: "String"},
			{Name: "s4", Type: "String"}, {Name: "s5", Type: "String"},
			{Name: "b1", Type: "byte"}, {Name: "b2", Type: "byte"},
			{Name: "l1", Type: "String", List: true}, {Name: "l2", Type: "String", List: true},
			{Name: "l3", Type: "Number", List: true},
			{Name: "o1", Type: "O1", Fields: []*model.Field{{Name: "x", Type: "String"}}},
			{Name: "o2", Type: "O2", Fields: []*model.Field{{Name: "x", Type: "String"}}},
			{Name: "o3", Type: "O3", Fields: []*model.Field{{Name: "x", Type: "String"}}},
			{Name: "o4", Type: "O4", Fields: []*model.Field{{Name: "x", Type: "String"}}},
		},
	}
}

type oddObj struct{ X string }

type oddResp struct {
	S1, S2, S3, S4, S5 string
	B1, B2             int64
	L1, L2             []string
	L3                 []int64
	O1, O2, O3, O4     *oddObj
	RequestID          string
}

// Oddify serves a deterministic subset in odd shapes, and the expected Go
// values are the Java converters': a String keeps a number's text, a byte
// served as "-1" is -1, a list served as "" is empty, an object served as
// a scalar is unset. (Which shape of each rotation comes first depends on
// the field names.)
func TestOddify(t *testing.T) {
	api := oddAPI()
	nodes := Synthesize(api.Response)
	odd, st := Oddify(nodes)
	assert.Equal(t, "x", nodes[4].Text, "Oddify copies: the original is untouched")
	assert.Equal(t, OddStats{Shapes: map[Odd]int{OddNumber: 1, OddQuoted: 1, OddNull: 1, OddScalarString: 1}, ByteNumber: 1, ByteQuoted: 1}, st)
	body := string(JSON(api.Method, odd, true))
	assert.JSONEq(t, `{"s1":"x","s2":"x","s3":"x","s4":"x","s5":10001,"b1":-2,"b2":"-1",
		"l1":["x"],"l2":["x"],"l3":null,"o1":{"x":"x"},"o2":{"x":"x"},"o3":{"x":"x"},"o4":"x",
		"request_id":"0ba4e3fd17049568416563158e"}`, body)

	plan, err := gen.Plan(api)
	require.NoError(t, err)
	x := &oddObj{X: "x"}
	good := oddResp{S1: "x", S2: "x", S3: "x", S4: "x", S5: "10001", B1: -2, B2: -1,
		L1: []string{"x"}, L2: []string{"x"}, O1: x, O2: x, O3: x, RequestID: RequestID}
	assert.Empty(t, Check(odd, &good, plan.Response))

	// What a decoder that is not tolerant makes of it fails the check.
	bad := good
	bad.S5, bad.B2, bad.L3, bad.O4 = "", 0, []int64{0}, &oddObj{}
	msgs := Check(odd, &bad, plan.Response)
	assert.Len(t, msgs, 4, strings.Join(msgs, "\n"))
	assert.Contains(t, strings.Join(msgs, "\n"), `s5: served as string as number, got "", want "10001"`)
	assert.Contains(t, strings.Join(msgs, "\n"), `l3: 1 items, want 0 (served as list as null)`)
}

// A byte request value is -2 (within its limits), sent as "-2" at the
// top level and as a JSON number inside objects; a scalar parameter
// compares exactly.
func TestByteParams(t *testing.T) {
	lim := model.Number("0")
	fields := []*model.Field{
		{Name: "status", Type: "byte", Example: "0"},
		{Name: "pos", Type: "byte", MinValue: &lim},
		{Name: "room", Type: "Room", Fields: []*model.Field{{Name: "o_status", Type: "byte"}}},
	}
	p := Params(fields)
	assert.Equal(t, "-2", p["status"])
	assert.Equal(t, "0", p["pos"])
	assert.Equal(t, `{"o_status":-2}`, p["room"])
	assert.True(t, SameParam(`{"o_status": -2}`, p["room"]))
	assert.False(t, SameParam(`{"o_status":"-2"}`, p["room"]), "a string is not a JSON number")
	assert.False(t, SameParam("-2.0", p["status"]), "a scalar compares exactly")
	top, nested := ByteParams(fields)
	assert.Equal(t, [2]int{2, 1}, [2]int{top, nested})
}
