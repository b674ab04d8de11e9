package top

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type jeKind string

type jeFlat struct {
	S     string   `json:"s,omitempty"`
	SNo   string   `json:"s_no"`
	K     jeKind   `json:"k,omitempty"`
	I     *int64   `json:"i,omitempty"`
	INo   *int64   `json:"i_no"`
	N     int      `json:"n,omitempty"`
	N8    int8     `json:"n8"`
	B     *bool    `json:"b,omitempty"`
	BV    bool     `json:"bv"`
	SS    []string `json:"ss,omitempty"`
	SSNo  []string `json:"ss_no"`
	IS    []int64  `json:"is,omitempty"`
	SP    *string  `json:"sp"`
	NoTag string
	_     int
	priv  string //nolint:unused
	Skip  string `json:"-"`
}

type jeNested struct {
	Name  string    `json:"name"`
	Items []jeFlat  `json:"items,omitempty"`
	Ptr   *jeFlat   `json:"ptr,omitempty"`
	PtrNo *jeFlat   `json:"ptr_no"`
	PS    []*jeFlat `json:"ps"`
}

func jeStrings() []string {
	return []string{
		"", "plain", "a<b>c&d", "\u2028\u2029", "x\u2028y", "bad\xffutf8", "\xe2\x80", "\xe2\x80\xa8",
		"\"quoted\" \\ back", "\b\f\n\r\t\x00\x01\x1f\x7f", "支付宝支付", "😀 emoji", "  ", "{\"k\":1}",
		"</script>", "\xed\xa0\x80", // surrogate half
	}
}

func jeValues(r *rand.Rand) []jeFlat {
	strs := jeStrings()
	pick := func() string { return strs[r.IntN(len(strs))] }
	i64 := func(v int64) *int64 { return &v }
	bp := func(v bool) *bool { return &v }
	var out []jeFlat
	out = append(out, jeFlat{})
	for range 300 {
		f := jeFlat{S: pick(), SNo: pick(), K: jeKind(pick()), N: r.IntN(3) - 1, N8: int8(r.IntN(256) - 128), BV: r.IntN(2) == 0, NoTag: pick(), Skip: "x"}
		f.priv = pick()
		switch r.IntN(3) {
		case 0:
			f.I = i64(math.MinInt64)
		case 1:
			f.I = i64(int64(r.Uint64()))
		}
		if r.IntN(2) == 0 {
			f.INo = i64(0)
		}
		if r.IntN(2) == 0 {
			f.B = bp(r.IntN(2) == 0)
		}
		switch r.IntN(3) {
		case 0:
			f.SS = []string{}
			f.SSNo = []string{}
		case 1:
			f.SS = []string{pick(), pick()}
			f.SSNo = []string{pick()}
		}
		if r.IntN(2) == 0 {
			f.IS = []int64{1, -2, 3}
		}
		if r.IntN(2) == 0 {
			s := pick()
			f.SP = &s
		}
		out = append(out, f)
	}
	return out
}

func assertSameJSON(t *testing.T, v any) {
	t.Helper()
	e := jsonEncoderFor(reflect.TypeOf(v), map[reflect.Type]bool{})
	want, err := json.Marshal(v)
	require.NoError(t, err)
	got := e([]byte("prefix"), reflect.ValueOf(v), new(error))
	assert.Equal(t, "prefix"+string(want), string(got))
	// Addressable values (as in requests) encode the same.
	pv := reflect.New(reflect.TypeOf(v))
	pv.Elem().Set(reflect.ValueOf(v))
	assert.Equal(t, string(want), string(e(nil, pv.Elem(), new(error))))
}

func TestJSONEncoderMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	vals := jeValues(r)
	for _, v := range vals {
		assertSameJSON(t, v)
		assertSameJSON(t, &v)
	}
	assertSameJSON(t, vals)
	assertSameJSON(t, []jeFlat(nil))
	assertSameJSON(t, []jeFlat{})
	for i := 0; i+3 < len(vals); i += 3 {
		n := jeNested{Name: vals[i].S, Items: vals[i : i+2], PS: []*jeFlat{&vals[i+2], nil}}
		if i%2 == 0 {
			n.Ptr = &vals[i+3]
			n.PtrNo = &vals[i]
		}
		assertSameJSON(t, n)
		assertSameJSON(t, []jeNested{n, {}})
	}
	assertSameJSON(t, jeNested{})
	for _, s := range jeStrings() {
		want, _ := json.Marshal(s)
		assert.Equal(t, string(want), string(appendJSONString(nil, s)))
		assertSameJSON(t, []string{s})
	}
	// Every byte value and many runes.
	var all []byte
	for c := 0; c < 256; c++ {
		all = append(all, byte(c))
	}
	for r := rune(0x80); r < 0x3000; r += 7 {
		all = append(all, string(r)...)
	}
	want, _ := json.Marshal(string(all))
	assert.Equal(t, string(want), string(appendJSONString(nil, string(all))))
}

type jeMarshaler struct{ A string }

func (jeMarshaler) MarshalJSON() ([]byte, error) { return []byte(`"m"`), nil }

type jeTexter string

func (*jeTexter) MarshalText() ([]byte, error) { return []byte("t"), nil }

type jeEmbedded struct {
	jeFlat
	X string
}

type jeRec struct {
	Next *jeRec `json:"next"`
}

// Shapes generated code never emits still encode as json.Marshal does:
// through it, as a whole or field by field.
func TestJSONEncoderOtherShapes(t *testing.T) {
	for _, v := range []any{
		struct{ F float64 }{1.5},
		struct{ U uint }{7},
		struct {
			S string `json:"a-b<"`
		}{"x"},
		struct{ T time.Time }{time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)},
		struct {
			Dash string `json:"-,"`
		}{"d"},
		struct{ M jeMarshaler }{},
		struct {
			A int64  `json:"a,string"`
			B string `json:"b,omitempty,omitzero"`
		}{5, ""},
		reflect.New(reflect.StructOf([]reflect.StructField{ // a repeated name (vet refuses it in source)
			{Name: "I", Type: reflect.TypeFor[string](), Tag: `json:"i"`},
			{Name: "J", Type: reflect.TypeFor[string](), Tag: `json:"i"`},
		})).Elem().Interface(),
		struct {
			A string `json:"a"`
			B string `json:"A"`
		}{"x", "y"},
		struct{ T jeTexter }{"x"},
		struct{ A [2]string }{},
		struct {
			M map[string]int `json:"m,omitempty"`
		}{map[string]int{}},
		jeEmbedded{X: "x"},
		jeRec{Next: &jeRec{}},
	} {
		e := jsonEncoderFor(reflect.TypeOf(v), map[reflect.Type]bool{})
		pv := reflect.New(reflect.TypeOf(v))
		pv.Elem().Set(reflect.ValueOf(v))
		want, err := json.Marshal(pv.Interface())
		require.NoError(t, err)
		assert.Equal(t, string(want), string(e(nil, pv.Elem(), new(error))), "%T", v)
	}
}

// Inside request objects the values are written as the Java SDK's
// JSONWriter writes the doc's Java types: Price/BigDecimal (Java String
// fields in the SDK's domain classes) and Json as JSON strings, Date as
// "yyyy-MM-dd HH:mm:ss", numbers (Number, byte) as JSON numbers.
func TestRequestObjectJSONLayout(t *testing.T) {
	type item struct {
		Price  Decimal        `json:"price,omitempty"`
		Ext    JSON           `json:"ext,omitempty"`
		When   Time           `json:"when,omitzero"`
		Status *int64         `json:"status,omitempty"`
		Pic    []byte         `json:"pic,omitempty"`
		Props  map[string]any `json:"props,omitempty"`
	}
	type req struct{ Items []item }
	st := int64(-1)
	in := &req{Items: []item{
		{Price: "1.10", Ext: JSON(`{"k":[1, 2]}`), When: Time{time.Date(2017, 1, 1, 4, 0, 0, 0, time.UTC)}, Status: &st, Pic: []byte{0xff}, Props: map[string]any{"a": 1}},
		{},
	}}
	ps := getParams(NewClient("k", "s"))
	ps.Object("items", &in.Items)
	require.NoError(t, ps.err)
	require.Len(t, ps.ps, 1)
	assert.Equal(t, `[{"price":"1.10","ext":"{\"k\":[1, 2]}","when":"2017-01-01 12:00:00","status":-1,"pic":"/w==","props":{"a":1}},{}]`, string(ps.arena[ps.ps[0].off:ps.ps[0].end]))

	bad := &req{Items: []item{{Props: map[string]any{"x": make(chan int)}}}}
	ps.reset()
	ps.Object("items", &bad.Items)
	require.Error(t, ps.err)
	assert.Contains(t, ps.err.Error(), "items")
}

// Keys are the doc's names as written, even those encoding/json would
// not take from a tag; a zero Time is left out under omitzero, whatever
// its location; a Params made outside a client encodes too.
func TestJSONEncoderKeysAndZeroTimes(t *testing.T) {
	v := struct {
		Q  string `json:"q\"x,omitempty"`
		C  string `json:"c\u0001"`
		U  string `json:"价格（元）·a'b"`
		T  Time   `json:"t,omitzero"`
		T2 Time   `json:"t2,omitzero"`
	}{"q", "c", "u", Time{time.Time{}.In(gmt8)}, Time{time.Date(2017, 1, 1, 4, 0, 0, 0, time.UTC)}}
	var ps Params
	ps.Object("o", &v)
	require.NoError(t, ps.err)
	assert.Equal(t, `{"q\"x":"q","c\u0001":"c","价格（元）·a'b":"u","t2":"2017-01-01 12:00:00"}`, string(ps.arena[ps.ps[0].off:ps.ps[0].end]))
}
