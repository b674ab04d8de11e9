package top

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type fastResp struct {
	Name   string         `json:"name,omitempty"`
	Kind   string         `json:"kind"`
	When   Time           `json:"when,omitempty"`
	Count  Int            `json:"count,omitempty"`
	Price  Decimal        `json:"price,omitempty"`
	Raw    JSON           `json:"raw,omitempty"`
	Items  List[fastItem] `json:"items,omitempty"`
	Nested *fastItem      `json:"nested,omitempty"`
	NoTag  string
	Skip   string `json:"-"`
	hidden string //nolint:unused
}

type fastItem struct {
	ID string `json:"id"`
}

// decodeTest decodes the JSON value data into *resp with c's response decoder.
func decodeTest(c *Client, data []byte, resp any) error {
	return decodeInto(context.Background(), &c.dplans, data, reflect.ValueOf(resp).Elem())
}

// TestDecoderStringsMatchEncodingJSON checks that the decoder reads JSON
// strings (escapes, surrogates, invalid UTF-8) exactly as encoding/json
// does, and that it takes keys exactly (no case folding) as the Java SDK.
func TestDecoderStringsMatchEncodingJSON(t *testing.T) {
	inputs := []string{
		`{}`, `{"name":"a","kind":"b"}`, `{"name":null,"kind":"x"}`,
		`{"name":"a\"b\\c\/d\b\f\n\r\t\u00e9\u4e2d\ud83d\ude00"}`,
		`{"name":"\ud83d","kind":"\ud83dx\ude00\udc00\ud800\u0041"}`,
		"{\"name\":\"bad\xff\xfeutf8 \xe4\xb8\"}", "{\"name\":\"ok \xe4\xb8\xad\"}",
		`{"name":"a","name":"b"}`, `{"other":{"deep":[1,2,{"a":"b"}]},"name":"x"}`,
		`{"na\u006de":"esc"}`, ` {"name" : "sp" } `, `{"NoTag":"m"}`,
	}
	c := NewClient("k", "s")
	for _, in := range inputs {
		var want, got fastResp
		require.NoError(t, json.Unmarshal([]byte(in), &want), in)
		require.NoError(t, decodeTest(c, []byte(in), &got), in)
		assert.Equal(t, want, got, in)
	}
	var got fastResp
	require.NoError(t, decodeTest(c, []byte(`{"NAME":"fold","Skip":"s","hidden":"h"}`), &got))
	assert.Equal(t, fastResp{}, got, "keys are matched exactly, as the Java SDK does")
}

// TestDecoderTolerance checks the Java converters' rules (Converters.java,
// JsonConverter.java, SimplifyJsonConverter.java in the official SDK):
// a String field keeps the text of a number or bool and the JSON of an
// object or array; a Long ignores what is not an integer; Boolean.valueOf
// is false for anything but true; an object field ignores a scalar; a list
// ignores null elements and nested arrays.
func TestDecoderTolerance(t *testing.T) {
	c := NewClient("k", "s")
	cases := []struct {
		in   string
		want fastResp
	}{
		{`{"name":10001,"kind":true}`, fastResp{Name: "10001", Kind: "true"}},
		{`{"name":-1.5e3,"kind":false}`, fastResp{Name: "-1.5e3", Kind: "false"}},
		{`{"name":{"a":[1, 2]},"kind":["x"]}`, fastResp{Name: `{"a":[1, 2]}`, Kind: `["x"]`}},
		{`{"count":"abc","when":{},"nested":"x"}`, fastResp{}},
		{`{"count":1.5,"when":true,"nested":[{"id":"1"}]}`, fastResp{}},
		{`{"count":"12.0","price":true,"raw":"{\"a\":1}"}`, fastResp{Count: 12, Price: "true", Raw: JSON(`{"a":1}`)}},
		{`{"price":{"v":1}}`, fastResp{Price: `{"v":1}`}},
		{`{"nested":null,"items":null}`, fastResp{}},
		{`{"nested":{"id":7}}`, fastResp{Nested: &fastItem{ID: "7"}}},
	}
	for _, tc := range cases {
		var got fastResp
		require.NoError(t, decodeTest(c, []byte(tc.in), &got), tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
	var b struct {
		B List[Bool] `json:"b"`
	}
	require.NoError(t, decodeTest(c, []byte(`{"b":[true,"true","TRUE","maybe",1,0,"",false]}`), &b))
	assert.Equal(t, List[Bool]{true, true, true, false, true, false, false}, b.B, `"" is no element`)
}

// TestDecoderLists covers every list shape: plain, wrapped, wrapped with
// several keys, single element, and the empty forms (no phantom elements).
func TestDecoderLists(t *testing.T) {
	c := NewClient("k", "s")
	type resp struct {
		Items List[fastItem] `json:"items"`
		Nums  List[Int]      `json:"nums"`
		Strs  List[string]   `json:"strs"`
		Raw   List[JSON]     `json:"raw"`
	}
	cases := []struct {
		in   string
		want resp
	}{
		{`{"items":"","nums":"","strs":""}`, resp{}},
		{`{"items":{},"nums":{},"strs":{}}`, resp{}},
		{`{"items":null,"nums":null,"strs":null}`, resp{}},
		{`{"items":[],"nums":[],"strs":[]}`, resp{Items: List[fastItem]{}, Nums: List[Int]{}, Strs: List[string]{}}},
		{`{"items":{"fast_item":[{"id":"1"},null,"x",[{"id":"n"}],{"id":"2"}]}}`, resp{Items: List[fastItem]{{"1"}, {"2"}}}},
		{`{"items":{"fast_item":{"id":"1"}}}`, resp{Items: List[fastItem]{{"1"}}}},
		{`{"items":{"id":"1"}}`, resp{Items: List[fastItem]{{"1"}}}},
		{`{"items":{"id":"1","x":2}}`, resp{Items: List[fastItem]{{"1"}}}},
		{`{"items":{"total":2,"fast_item":[{"id":"a"},{"id":"b"}]}}`, resp{Items: List[fastItem]{{"a"}, {"b"}}}},
		{`{"items":{"fast_item":""},"nums":{"number":null},"strs":{"string":""}}`, resp{}},
		{`{"nums":{"number":[1,"2",null,"x"]},"strs":{"string":["a",1,true]}}`, resp{Nums: List[Int]{1, 2, 0}, Strs: List[string]{"a", "1", "true"}}},
		{`{"nums":5,"strs":"one"}`, resp{Nums: List[Int]{5}, Strs: List[string]{"one"}}},
		{`{"nums":{"a":1,"b":2},"strs":{"a":"x","b":"y"}}`, resp{}},
		{`{"raw":[{"a":1},[2]]}`, resp{Raw: List[JSON]{JSON(`{"a":1}`), JSON(`[2]`)}}},
		{`{"nums":{"number":[1,{"a":1},[2],""," ",3]}}`, resp{Nums: List[Int]{1, 3}}},
		{`{"nums":{"number":{"a":1}}}`, resp{}},
		{`{"strs":["a",["b"],{"c":1},""]}`, resp{Strs: List[string]{"a", `{"c":1}`, ""}}},
		{`{"items":[{"id":"a"}],"nums":[7]}`, resp{Items: List[fastItem]{{"a"}}, Nums: List[Int]{7}}},
	}
	for _, tc := range cases {
		var got resp
		require.NoError(t, decodeTest(c, []byte(tc.in), &got), tc.in)
		assert.Equal(t, tc.want, got, tc.in)
		var viaUnmarshal resp
		require.NoError(t, Unmarshal([]byte(tc.in), &viaUnmarshal), tc.in)
		assert.Equal(t, tc.want, viaUnmarshal, "top.Unmarshal: %s", tc.in)
	}
}

// TestDecoderWrapperNamedLikeAField: TOP names the wrapper key after the
// item type, which may also be a field of the item (ModifyPrice items
// holding modify_price): the array member is the list.
func TestDecoderWrapperNamedLikeAField(t *testing.T) {
	type price struct {
		ModifyPrice   Decimal `json:"modify_price"`
		PassengerType Int     `json:"passenger_type"`
	}
	var got struct {
		Prices List[price] `json:"modify_price_list"`
		One    List[price] `json:"one"`
		Single List[price] `json:"single"`
	}
	c := NewClient("k", "s")
	in := `{"modify_price_list":{"modify_price":[{"modify_price":"1.50","passenger_type":1},{"modify_price":"2","passenger_type":"2"}]},
		"one":{"modify_price":{"modify_price":"3","passenger_type":3}},"single":{"modify_price":"4"}}`
	require.NoError(t, decodeTest(c, []byte(in), &got))
	assert.Equal(t, List[price]{{"1.50", 1}, {"2", 2}}, got.Prices)
	assert.Equal(t, List[price]{{"3", 3}}, got.One)
	assert.Equal(t, List[price]{{"4", 0}}, got.Single)
}

// TestDecoderRefusesDeadKinds: generated responses never hold ints,
// floats, maps or interfaces, and the decoder refuses them.
func TestDecoderRefusesDeadKinds(t *testing.T) {
	c := NewClient("k", "s")
	for _, v := range []any{
		&struct{ N int64 }{}, &struct{ U uint }{}, &struct{ F float64 }{},
		&struct{ M map[string]any }{}, &struct{ I any }{},
	} {
		err := decodeTest(c, []byte(`{}`), v)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "cannot decode")
	}
}

// TestDecoderSyntaxErrors: malformed JSON is an error wherever it is,
// decoded or skipped.
func TestDecoderSyntaxErrors(t *testing.T) {
	c := NewClient("k", "s")
	for _, in := range []string{
		`{"name":"a",}`, `{"name":"a"`, `{"name":"a"} x`, `[1`, `nul`, `{"name":"a\x01"}`,
		`{"name":"\u00"}`, `{"other":[1,]}`, `{"items":[`, `{"items":[{"id":"1"},`, `{"items":{"x":[`, `{"items":{"a":[1,}}`, `{"count":01}`, `{"raw":tru}`,
		`{"a":` + strings.Repeat("[", 600) + strings.Repeat("]", 600) + `}`,
	} {
		var got fastResp
		assert.Error(t, decodeTest(c, []byte(in), &got), in)
	}
}

// TestScanAgreesWithValid checks the one JSON scanner against json.Valid
// on valid documents and on random mutations of them: it may only accept
// valid JSON, and must accept the ordinary valid documents.
func TestScanAgreesWithValid(t *testing.T) {
	seeds := []string{
		`{}`, `{"a":1}`, `{"a":-0.5e+10,"b":[true,false,null,{"c":"d\u00e9\n"}],"e":{}}`,
		`{"s":"\"\\\/\b\f\n\r\t","n":[0,-1,1.25,1E3,2e-2,[],[[]]]}`, ` { "x" : [ 1 , 2 ] } `,
		"{\"k\":\"中文 \xff bad utf8 ok for Valid\"}", `{"a":{"b":{"c":{"d":[1,{"e":null}]}}}}`,
	}
	bad := []string{`{"a":01}`, `{"a":1.}`, `{"a":.5}`, `{"a":-}`, `{"a":1e}`, `{"a":+1}`, `{"a":tru}`, `{"a":nul}`,
		`{"a":"\x01"}`, `{"a":"\x"}`, `{"a":"\u12"}`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `{"a":[1,]}`, `{"a":[1 2]}`,
		`{"a":1}}`, `{"a":1} {}`, `{"a":"x`, `{"a":truex}`, `{"a":1x}`, `{"a":[}`, `{"a":{"b"}}`}
	scan := func(in string) bool {
		d := &jsonDecoder{ctx: context.Background(), data: []byte(in)}
		end, err := d.skip(skipWS(d.data, 0), 0)
		return err == nil && skipWS(d.data, end) == len(d.data)
	}
	for _, s := range seeds {
		assert.True(t, scan(s), s)
	}
	for _, s := range bad {
		assert.False(t, scan(s), s)
	}
	r := rand.New(rand.NewPCG(5, 6))
	alphabet := []byte(`{}[]":,\ 0123456789-+.eEtrufalsn` + "\x01\xff")
	for range 200000 {
		b := []byte(seeds[r.IntN(len(seeds))])
		for range 1 + r.IntN(3) {
			switch i := r.IntN(len(b)); r.IntN(3) {
			case 0:
				b[i] = alphabet[r.IntN(len(alphabet))]
			case 1:
				b = append(b[:i], b[i+1:]...)
			default:
				b = append(b[:i], append([]byte{alphabet[r.IntN(len(alphabet))]}, b[i:]...)...)
			}
			if len(b) == 0 {
				break
			}
		}
		if scan(string(b)) && !json.Valid(b) {
			t.Fatalf("accepted invalid %q", b)
		}
	}
}

func TestUnquoteJSON(t *testing.T) {
	pieces := []string{`\u0000`, `\u001f`, `\"`, `\\`, `\/`, `\b\f\n\r\t`, `\ud800`, `\udfff`, `\ud83d\ude00`, `\ud83d`, `\ude00`,
		`\u0041`, `\uFFFD`, "\xc0\xaf", "\xe2\x80", "中", "\U0001F600", "\uFFFD", "a", " "}
	ins := []string{`""`, `"plain"`, `"\u0000\u001f\"\\"`, `"\ud800\ud800"`, `"\udfff"`, `"` + "\xc0\xaf" + `"`}
	r := rand.New(rand.NewPCG(7, 8))
	for range 2000 {
		var b strings.Builder
		for range r.IntN(6) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		ins = append(ins, `"`+b.String()+`"`)
	}
	for _, in := range ins {
		var want string
		if err := json.Unmarshal([]byte(in), &want); err != nil {
			t.Fatal(in, err)
		}
		assert.Equal(t, want, string(unquote(nil, []byte(in))), in)
		assert.Equal(t, "x"+want, string(unquote([]byte("x"), []byte(in))), in)
	}
}

// FuzzDecode: whatever the input, the decoder never panics, and it only
// accepts valid JSON.
func FuzzDecode(f *testing.F) {
	f.Add(`{"a":[1,{"b":"c"}]}`)
	f.Add(`{"items":{"fast_item":[{"id":"1"},null]},"count":"12","name":{"x":1}}`)
	c := NewClient("k", "s")
	f.Fuzz(func(t *testing.T, in string) {
		var got fastResp
		if err := decodeTest(c, []byte(in), &got); err == nil && !json.Valid([]byte(in)) {
			t.Fatalf("accepted invalid %q", in)
		}
	})
}

// FuzzDecodeXML: whatever the input, the XML decoder never panics, and it
// only accepts what encoding/xml reads as well-formed.
func FuzzDecodeXML(f *testing.F) {
	f.Add(`<r><name>a</name><items><fast_item><id>1</id></fast_item><fast_item/></items><count>12</count></r>`)
	f.Add(`<r><nested><id>x</id></nested><when>2017-01-01 12:00:00</when><raw>{"a":1}</raw><price>1.10</price></r>`)
	f.Add(`<error_response><code>7</code><sub_msg>will last for 3 seconds</sub_msg></error_response>`)
	f.Fuzz(func(t *testing.T, in string) {
		var got fastResp
		err := UnmarshalXML([]byte(in), &got)
		var te *Error
		if err == nil || errors.As(err, &te) {
			var anyXML struct{}
			if xml.Unmarshal([]byte(in), &anyXML) != nil {
				t.Fatalf("accepted malformed %q", in)
			}
		}
	})
}

// A list grows in place: its elements cost no allocation of their own,
// and skipped values decode no keys.
func TestListDecodingAllocations(t *testing.T) {
	data := []byte(repeatJSON(`{"items":{"list_item":[`, `{"id":1,"skipped":{"x\u0042":[1,{"y\u0043":2}]}}`, 100, `]}}`))
	var v struct {
		Items List[listItem] `json:"items"`
	}
	require.NoError(t, Unmarshal(data, &v))
	require.Len(t, v.Items, 100)
	plans := new(typeCache)
	allocs := testing.AllocsPerRun(20, func() {
		_ = decodeInto(context.Background(), plans, data, reflect.ValueOf(&v).Elem())
	})
	t.Logf("%v allocations", allocs)
	assert.LessOrEqual(t, allocs, 15.0)
}

// repeatJSON returns prefix, n copies of item joined with commas, and suffix.
func repeatJSON(prefix, item string, n int, suffix string) string {
	return prefix + strings.TrimSuffix(strings.Repeat(item+",", n), ",") + suffix
}
