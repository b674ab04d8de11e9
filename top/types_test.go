package top

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
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
		require.NoError(t, json.Unmarshal([]byte(c.in), &v), c.in)
		assert.Equal(t, c.want, v, c.in)
	}
	// As the Java SDK's Long fields: what is not an integer is no value.
	for _, in := range []string{`"abc"`, `1.5`, `"1.5"`, `true`, `{"a":1}`, `[1]`, `"1e-3"`, `92233720368547875807.5`, `1e-2000`} {
		v := Int(99)
		require.NoError(t, json.Unmarshal([]byte(in), &v), in)
		assert.Equal(t, Int(0), v, in)
	}
	for _, in := range []string{`12.000`, `"1.2e1"`, `120e-1`, `-0.0`, `"+5"`, `0e5000`} {
		var v Int
		require.NoError(t, json.Unmarshal([]byte(in), &v), in)
		assert.Equal(t, map[string]Int{`12.000`: 12, `"1.2e1"`: 12, `120e-1`: 12, `-0.0`: 0, `"+5"`: 5, `0e5000`: 0}[in], v, in)
	}
	var v Int
	require.NoError(t, json.Unmarshal([]byte(`-9223372036854775808`), &v))
	assert.Equal(t, Int(-9223372036854775808), v)
	// Integers beyond int64 fail (Long.valueOf throws in the Java SDK).
	for _, in := range []string{`9223372036854775808`, `-9223372036854775809`, `1e19`, `"99999999999999999999"`} {
		assert.Error(t, json.Unmarshal([]byte(in), &v), in)
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
		require.NoError(t, json.Unmarshal([]byte(in), &v), in)
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
		require.NoError(t, json.Unmarshal([]byte(in), &v), in)
		assert.False(t, bool(v), in)
	}
}

func TestTimeTolerant(t *testing.T) {
	want := time.Date(2017, 1, 1, 4, 0, 0, 0, time.UTC) // 12:00 GMT+8
	cases := []string{`"2017-01-01 12:00:00"`, `1483243200000`, `"1483243200000"`}
	for _, in := range cases {
		var v Time
		require.NoError(t, json.Unmarshal([]byte(in), &v), in)
		assert.True(t, want.Equal(v.Time), "%s: %v", in, v.Time)
	}
	var d Time
	require.NoError(t, json.Unmarshal([]byte(`"2017-01-01"`), &d))
	assert.True(t, time.Date(2016, 12, 31, 16, 0, 0, 0, time.UTC).Equal(d.Time))
	var z Time
	require.NoError(t, json.Unmarshal([]byte(`null`), &z))
	assert.True(t, z.IsZero())
	require.NoError(t, json.Unmarshal([]byte(`""`), &z))
	assert.True(t, z.IsZero())
	assert.Error(t, json.Unmarshal([]byte(`"yesterday"`), &z))

	var x struct {
		T Time `xml:"t"`
	}
	require.NoError(t, xml.Unmarshal([]byte(`<r><t>2017-01-01 12:00:00</t></r>`), &x))
	assert.True(t, want.Equal(x.T.Time))
	b, err := json.Marshal(Time{want})
	require.NoError(t, err)
	assert.Equal(t, `"2017-01-01 12:00:00"`, string(b))
}

func TestDecimalExact(t *testing.T) {
	const s = "0.1000000000000000055511151231257827"
	for _, in := range []string{s, `"` + s + `"`} {
		var d Decimal
		require.NoError(t, json.Unmarshal([]byte(in), &d))
		assert.Equal(t, Decimal(s), d)
		r, ok := d.Rat()
		require.True(t, ok)
		assert.Equal(t, "1000000000000000055511151231257827/10000000000000000000000000000000000", r.String())
	}
	b, _ := json.Marshal(Decimal(s))
	assert.Equal(t, s, string(b))
	b, err := json.Marshal(struct{ A, B, C Decimal }{"007", "+1", ""})
	require.NoError(t, err)
	assert.Equal(t, `{"A":"007","B":"+1","C":null}`, string(b))
	var x struct {
		D Decimal `xml:"d"`
	}
	require.NoError(t, xml.Unmarshal([]byte(`<r><d> 12.50 </d></r>`), &x))
	assert.Equal(t, Decimal("12.50"), x.D)
	// Price is a String in the Java SDK: other values keep their text.
	var d Decimal
	require.NoError(t, json.Unmarshal([]byte(`true`), &d))
	assert.Equal(t, Decimal("true"), d)
	_, ok := Decimal("abc").Rat()
	assert.False(t, ok)
	_, ok = Decimal("1e999999999").Rat()
	assert.False(t, ok, "a huge exponent is refused, not expanded")
	r, ok := Decimal("1.5e3").Rat()
	require.True(t, ok)
	assert.Equal(t, "1500/1", r.String())
}

func TestJSONRaw(t *testing.T) {
	var v struct {
		A JSON `json:"a"`
		B JSON `json:"b"`
		C JSON `json:"c"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"a":{"k":[1,2]},"b":"{\"k1\":v1}","c":null}`), &v))
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
	require.NoError(t, decodeXML(context.Background(), nil, "m", []byte(in), &v))
	assert.Equal(t, List[listItem]{{1, "a"}, {2, "b"}}, v.Items)
	assert.Equal(t, List[Int]{1, 9007199254740993}, v.Nums)
	assert.Equal(t, List[Bool]{true, false}, v.Flags)
	assert.Equal(t, List[Decimal]{"0.10"}, v.Decs)
	assert.Equal(t, List[string]{"x", "y"}, v.Strs)
}

func TestFormatTimeGMT8(t *testing.T) {
	ny := time.FixedZone("EST", -5*3600)
	tm := time.Date(2016, 1, 1, 0, 0, 0, 0, ny) // 05:00 UTC = 13:00 GMT+8
	assert.Equal(t, "2016-01-01 13:00:00", FormatTime(tm))
}

func TestParseTimeLayoutMatchesTimeParse(t *testing.T) {
	ins := []string{"2017-01-01 12:00:00", "0000-01-01 00:00:00", "9999-12-31 23:59:59", "2000-02-29 00:00:00",
		"1900-02-29 00:00:00", "2024-02-29 10:10:10", "2023-02-29 10:10:10", "2023-04-31 10:10:10", "2023-13-01 10:10:10",
		"2023-00-01 10:10:10", "2023-01-00 10:10:10", "2023-01-01 24:00:00", "2023-01-01 23:60:00", "2023-01-01 23:00:60",
		"2023-01-01T23:00:00", "2023/01/01 23:00:00", "2023-1-011 23:00:00", "+023-01-01 23:00:00", "2023-01-01 2a:00:00"}
	for y := 1999; y <= 2001; y++ {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				ins = append(ins, fmt.Sprintf("%04d-%02d-%02d 07:08:09", y, m, d))
			}
		}
	}
	for _, s := range ins {
		want, werr := time.ParseInLocation(TimeLayout, s, gmt8)
		got, ok := parseTimeLayout([]byte(s))
		if ok {
			require.NoError(t, werr, s)
			require.True(t, want.Equal(got) && want.Location() == got.Location(), s)
		}
		if werr == nil && s[4] == '-' && s[7] == '-' && s[10] == ' ' {
			require.True(t, ok, s) // the fast path covers every well-formed timestamp
		}
	}
}

func TestUnmarshalOutsideACall(t *testing.T) {
	type resp struct {
		Items List[listItem] `json:"items"`
	}
	var j resp
	require.NoError(t, JSON(`{"items":{"list_item":[{"id":1},{"id":"2"}]}}`).Unmarshal(&j))
	assert.Equal(t, List[listItem]{{ID: 1}, {ID: 2}}, j.Items)
	var m map[string]any // not a response type: encoding/json
	require.NoError(t, JSON(`{"a":[1]}`).Unmarshal(&m))
	assert.Equal(t, map[string]any{"a": []any{1.0}}, m)

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

func TestAppendUnquotedKeepsPrefix(t *testing.T) {
	assert.Equal(t, "ab", string(appendUnquoted([]byte("a"), []byte(`"b"`))))
	assert.Equal(t, "a\n", string(appendUnquoted([]byte("a"), []byte(`"\n"`))))
}
