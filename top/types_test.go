package top

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIntTolerant(t *testing.T) {
	cases := []struct {
		in   string
		want Int
	}{
		{`9007199254740993`, 9007199254740993},
		{`"9007199254740993"`, 9007199254740993},
		{`" 42 "`, 42},
		{`-7`, -7},
		{`null`, 0},
		{`""`, 0},
		{`1e3`, 1000},
		{`9223372036854775807`, 9223372036854775807},
	}
	for _, c := range cases {
		var v Int
		require.NoError(t, Unmarshal([]byte(c.in), &v), c.in)
		assert.Equal(t, c.want, v, c.in)
	}
	// As the Java SDK's Long fields: what is not an integer is no value.
	for _, in := range []string{`"abc"`, `1.5`, `"1.5"`, `true`, `{"a":1}`, `[1]`, `"1e-3"`, `92233720368547875807.5`, `1e-2000`} {
		v := Int(99)
		require.NoError(t, Unmarshal([]byte(in), &v), in)
		assert.Equal(t, Int(0), v, in)
	}
	for _, in := range []string{`12.000`, `"1.2e1"`, `120e-1`, `-0.0`, `"+5"`, `0e5000`} {
		var v Int
		require.NoError(t, Unmarshal([]byte(in), &v), in)
		assert.Equal(t, map[string]Int{`12.000`: 12, `"1.2e1"`: 12, `120e-1`: 12, `-0.0`: 0, `"+5"`: 5, `0e5000`: 0}[in], v, in)
	}
	var v Int
	require.NoError(t, Unmarshal([]byte(`-9223372036854775808`), &v))
	assert.Equal(t, Int(-9223372036854775808), v)
	// Integers beyond int64 fail (Long.valueOf throws in the Java SDK).
	for _, in := range []string{`9223372036854775808`, `-9223372036854775809`, `1e19`, `"99999999999999999999"`} {
		assert.Error(t, Unmarshal([]byte(in), &v), in)
	}

	var x struct {
		N Int `xml:"n"`
	}
	require.NoError(t, xml.Unmarshal([]byte(`<r><n>9007199254740993</n></r>`), &x))
	assert.Equal(t, Int(9007199254740993), x.N)
	b, _ := json.Marshal(Int(9007199254740993))
	assert.Equal(t, "9007199254740993", string(b))
}

func TestBoolTolerant(t *testing.T) {
	for in, want := range map[string]Bool{`true`: true, `false`: false, `"true"`: true, `"false"`: false, `null`: false, `""`: false, `"1"`: true} {
		var v Bool
		require.NoError(t, Unmarshal([]byte(in), &v), in)
		assert.Equal(t, want, v, in)
	}
	var x struct {
		B Bool `xml:"b"`
	}
	require.NoError(t, xml.Unmarshal([]byte(`<r><b>true</b></r>`), &x))
	assert.True(t, bool(x.B))
	// Boolean.valueOf: anything else is false, never an error.
	for _, in := range []string{`"maybe"`, `2`, `{"a":true}`, `[true]`, `"truee"`} {
		v := Bool(true)
		require.NoError(t, Unmarshal([]byte(in), &v), in)
		assert.False(t, bool(v), in)
	}
}

func TestTimeTolerant(t *testing.T) {
	want := time.Date(2017, 1, 1, 4, 0, 0, 0, time.UTC) // 12:00 GMT+8
	cases := []string{`"2017-01-01 12:00:00"`, `1483243200000`, `"1483243200000"`}
	for _, in := range cases {
		var v Time
		require.NoError(t, Unmarshal([]byte(in), &v), in)
		assert.True(t, want.Equal(v.Time), "%s: %v", in, v.Time)
	}
	var d Time
	require.NoError(t, Unmarshal([]byte(`"2017-01-01"`), &d))
	assert.True(t, time.Date(2016, 12, 31, 16, 0, 0, 0, time.UTC).Equal(d.Time))
	var z Time
	require.NoError(t, Unmarshal([]byte(`null`), &z))
	assert.True(t, z.IsZero())
	require.NoError(t, Unmarshal([]byte(`""`), &z))
	assert.True(t, z.IsZero())
	assert.Error(t, Unmarshal([]byte(`"yesterday"`), &z))

	var x struct {
		T Time `xml:"t"`
	}
	require.NoError(t, xml.Unmarshal([]byte(`<r><t>2017-01-01 12:00:00</t></r>`), &x))
	assert.True(t, want.Equal(x.T.Time))
}

func TestDecimalExact(t *testing.T) {
	const s = "0.1000000000000000055511151231257827"
	for _, in := range []string{s, `"` + s + `"`} {
		var d Decimal
		require.NoError(t, Unmarshal([]byte(in), &d))
		assert.Equal(t, Decimal(s), d)
	}
	var x struct {
		D Decimal `xml:"d"`
	}
	require.NoError(t, xml.Unmarshal([]byte(`<r><d> 12.50 </d></r>`), &x))
	assert.Equal(t, Decimal("12.50"), x.D)
	// Price is a String in the Java SDK: other values keep their text.
	var d Decimal
	require.NoError(t, Unmarshal([]byte(`true`), &d))
	assert.Equal(t, Decimal("true"), d)
}

func TestJSONRaw(t *testing.T) {
	var v struct {
		A JSON `json:"a"`
		B JSON `json:"b"`
		C JSON `json:"c"`
	}
	require.NoError(t, Unmarshal([]byte(`{"a":{"k":[1,2]},"b":"{\"k1\":v1}","c":null}`), &v))
	assert.Equal(t, `{"k":[1,2]}`, string(v.A))
	assert.Equal(t, `{"k1":v1}`, string(v.B))
	assert.Nil(t, v.C)
	out, err := json.Marshal(v)
	require.NoError(t, err)
	assert.Equal(t, `{"a":{"k":[1,2]},"b":"{\"k1\":v1}","c":null}`, string(out))

	var x struct {
		J JSON `xml:"j"`
	}
	require.NoError(t, xml.Unmarshal([]byte(`<r><j>{"a":1}</j></r>`), &x))
	assert.Equal(t, `{"a":1}`, string(x.J))
}

type listItem struct {
	ID   Int    `json:"id" xml:"id"`
	Name string `json:"name" xml:"name"`
}

func TestListJSON(t *testing.T) {
	var v struct {
		Wrapped List[listItem] `json:"wrapped"`
		Plain   List[listItem] `json:"plain"`
		Single  List[listItem] `json:"single"`
		Scalar  List[Int]      `json:"scalar"`
		Nums    List[Int]      `json:"nums"`
		Null    List[listItem] `json:"null"`
		Empty   List[string]   `json:"empty"`
	}
	in := `{"wrapped":{"item":[{"id":1,"name":"a"},{"id":"2","name":"b"}]},
		"plain":[{"id":3}],
		"single":{"item":{"id":4}},
		"scalar":{"number":"5"},
		"nums":{"number":[1,"9007199254740993"]},
		"null":null,
		"empty":{}}`
	require.NoError(t, Unmarshal([]byte(in), &v))
	assert.Error(t, Unmarshal([]byte(in), v))
	assert.Equal(t, List[listItem]{{1, "a"}, {2, "b"}}, v.Wrapped)
	assert.Equal(t, List[listItem]{{ID: 3}}, v.Plain)
	assert.Equal(t, List[listItem]{{ID: 4}}, v.Single)
	assert.Equal(t, List[Int]{5}, v.Scalar)
	assert.Equal(t, List[Int]{1, 9007199254740993}, v.Nums)
	assert.Nil(t, v.Null)
	assert.Len(t, v.Empty, 0)
}

func TestListXML(t *testing.T) {
	var v struct {
		Items List[listItem] `json:"items"`
		Nums  List[Int]      `json:"nums"`
		Flags List[Bool]     `json:"flags"`
		Decs  List[Decimal]  `json:"decs"`
		Strs  List[string]   `json:"strs"`
	}
	in := `<r><items><item><id>1</id><name>a</name></item><item><id>2</id><name>b</name></item></items>
	<nums><number>1</number><number>9007199254740993</number></nums>
	<flags><boolean>true</boolean><boolean>false</boolean></flags>
	<decs><d>0.10</d></decs><strs><s>x</s><s>y</s></strs></r>`
	require.NoError(t, decodeXML(context.Background(), new(typeCache), "m", []byte(in), &v))
	assert.Equal(t, List[listItem]{{1, "a"}, {2, "b"}}, v.Items)
	assert.Equal(t, List[Int]{1, 9007199254740993}, v.Nums)
	assert.Equal(t, List[Bool]{true, false}, v.Flags)
	assert.Equal(t, List[Decimal]{"0.10"}, v.Decs)
	assert.Equal(t, List[string]{"x", "y"}, v.Strs)
}

func TestFormatTimeGMT8(t *testing.T) {
	ny := time.FixedZone("EST", -5*3600)
	tm := time.Date(2016, 1, 1, 0, 0, 0, 0, ny) // 05:00 UTC = 13:00 GMT+8
	assert.Equal(t, "2016-01-01 13:00:00", Time{tm}.String())
}

func TestUnmarshalOutsideACall(t *testing.T) {
	type resp struct {
		Items List[listItem] `json:"items"`
	}
	var j resp
	require.NoError(t, Unmarshal([]byte(`{"items":{"list_item":[{"id":1},{"id":"2"}]}}`), &j))
	assert.Equal(t, List[listItem]{{ID: 1}, {ID: 2}}, j.Items)
	var m map[string]any // not a response type
	assert.ErrorContains(t, Unmarshal([]byte(`{"a":[1]}`), &m), "cannot decode a response into Go type map[string]interface {}")

	var x resp
	require.NoError(t, UnmarshalXML([]byte(`<r><items><list_item><id>1</id></list_item><list_item><id>2</id></list_item></items></r>`), &x))
	assert.Equal(t, List[listItem]{{ID: 1}, {ID: 2}}, x.Items)
	var te *Error
	require.ErrorAs(t, UnmarshalXML([]byte(`<error_response><code>7</code></error_response>`), &x), &te)
	assert.Equal(t, 7, te.Code)
	err := UnmarshalXML([]byte(`<r><items>`), &x)
	assert.ErrorContains(t, err, "top: UnmarshalXML: malformed xml response: ")
}

func TestEmbeddedFieldsRefused(t *testing.T) {
	type Base struct {
		RequestID string `json:"request_id"`
	}
	var v struct {
		Base
		Total Int `json:"total"`
	}
	err := Unmarshal([]byte(`{"request_id":"r","total":1}`), &v)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "embedded field Base")
}

// Responses logged or cached with encoding/json read back with it, and a
// Time inside a map keeps TOP's layout on the wire.
func TestScalarsRoundTripEncodingJSON(t *testing.T) {
	type resp struct {
		I Int            `json:"i"`
		B Bool           `json:"b"`
		D Decimal        `json:"d"`
		T Time           `json:"t"`
		J JSON           `json:"j"`
		L List[Int]      `json:"l"`
		Z Time           `json:"z"`
		M map[string]Int `json:"m"`
	}
	in := resp{I: 9007199254740993, B: true, D: "1.50", T: Time{time.Date(2024, 1, 2, 3, 4, 5, 0, gmt8)}, J: JSON(`{"a":[1]}`),
		L: List[Int]{1, 2}, M: map[string]Int{"k": 7}}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	assert.Equal(t, `{"i":9007199254740993,"b":true,"d":"1.50","t":"2024-01-02 03:04:05","j":{"a":[1]},"l":[1,2],"z":null,"m":{"k":7}}`, string(b))
	var out resp
	require.NoError(t, json.Unmarshal(b, &out))
	assert.True(t, in.T.Equal(out.T.Time))
	out.T = in.T
	assert.Equal(t, in, out)

	ps := getParams(NewClient("k", "s"))
	ps.Object("m", &map[string]any{"t": in.T})
	require.NoError(t, ps.err)
	assert.Equal(t, `{"t":"2024-01-02 03:04:05"}`, string(ps.arena[ps.ps[0].off:ps.ps[0].end]))
}

// TestParseClockAsParseInLocation: whatever parseClock accepts,
// time.ParseInLocation reads the same; what it refuses falls back to it.
// Valid times in the exact layout are all accepted.
func TestParseClockAsParseInLocation(t *testing.T) {
	cases := []string{"2017-01-01 12:00:00", "2016-02-29 23:59:59", "2017-02-29 00:00:00", "2017-13-01 00:00:00",
		"2017-00-01 00:00:00", "2017-01-00 00:00:00", "2017-04-31 00:00:00", "2017-01-01 24:00:00", "2017-01-01 23:60:00",
		"2017-01-01 23:00:60", "0000-01-01 00:00:00", "9999-12-31 23:59:59", "2017/01/01 12:00:00", "2017-01-01T12:00:00",
		"2017-01-01 12:00:0a", "+017-01-01 12:00:00", "2017-01-01  2:00:00", "2017-01-01 12:00:0\xff"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 100000 {
		b := []byte("2017-01-01 12:00:00")
		for i := range b {
			if c := TimeLayout[i]; '0' <= c && c <= '9' && rng.IntN(3) == 0 {
				b[i] = byte('0' + rng.IntN(10))
			} else if rng.IntN(200) == 0 {
				b[i] = byte(rng.IntN(256))
			}
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		var got Time
		ok := parseClock(&got, []byte(s))
		want, err := time.ParseInLocation(TimeLayout, s, gmt8)
		if ok {
			require.NoError(t, err, s)
			require.Equal(t, want, got.Time, s)
		} else if err == nil {
			require.Contains(t, s, "  ", "%q is valid but refused", s) // only time.Parse's extra spaces
		}
	}
}
