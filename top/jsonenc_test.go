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
	U     uint32   `json:"u,omitempty"`
	B     *bool    `json:"b,omitempty"`
	BV    bool     `json:"bv"`
	D     Decimal  `json:"d,omitempty"`
	DNo   Decimal  `json:"d_no"`
	DP    *Decimal `json:"dp,omitempty"`
	T     Time     `json:"t,omitempty"`
	TP    *Time    `json:"tp"`
	J     JSON     `json:"j,omitempty"`
	JNo   JSON     `json:"j_no"`
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
		f := jeFlat{S: pick(), SNo: pick(), K: jeKind(pick()), N: r.IntN(3) - 1, N8: int8(r.IntN(256) - 128), U: uint32(r.IntN(3)), BV: r.IntN(2) == 0, NoTag: pick(), Skip: "x"}
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
		decs := []Decimal{"", "1", "-1.50", "1e10", "+1", "01", "1.", "abc", "1 ", " 1", "<&>", "NaN"}
		f.D = decs[r.IntN(len(decs))]
		f.DNo = decs[r.IntN(len(decs))]
		if r.IntN(2) == 0 {
			d := decs[r.IntN(len(decs))]
			f.DP = &d
		}
		if r.IntN(2) == 0 {
			f.T = Time{time.Date(2017, 1, 20, 13, 0, r.IntN(60), 0, time.UTC)}
		}
		if r.IntN(2) == 0 {
			f.TP = &Time{}
		}
		jsons := []JSON{nil, JSON(""), JSON("  "), JSON(`{"a": [1, 2]}`), JSON("[\"<&>\u2028\"]"), JSON("not json"), JSON("{\"a\":\n\"b\"}"), JSON(`"s"`), JSON("bad\xff")}
		f.J = jsons[r.IntN(len(jsons))]
		f.JNo = jsons[r.IntN(len(jsons))]
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
	e := jsonEncoderFor(reflect.TypeOf(v))
	require.NotNil(t, e, "%T should have a fast encoder", v)
	want, err := json.Marshal(v)
	require.NoError(t, err)
	got := e.appendJSON([]byte("prefix"), reflect.ValueOf(v))
	assert.Equal(t, "prefix"+string(want), string(got))
	// Addressable values (as in requests) encode the same.
	pv := reflect.New(reflect.TypeOf(v))
	pv.Elem().Set(reflect.ValueOf(v))
	assert.Equal(t, string(want), string(e.appendJSON(nil, pv.Elem())))
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

func TestJSONEncoderFallsBack(t *testing.T) {
	for _, v := range []any{
		struct{ M map[string]string }{},
		struct{ A any }{},
		struct{ F float64 }{},
		struct{ B []byte }{},
		struct {
			S string `json:"s,string"`
		}{},
		struct {
			S string `json:"s,omitzero"`
		}{},
		struct {
			S string `json:"a-b"`
		}{},
		struct {
			A string `json:"a"`
			B string `json:"A"`
		}{},
		struct{ T time.Time }{},
		struct {
			Dash string `json:"-,"`
		}{},
		struct{ M jeMarshaler }{},
		struct{ T jeTexter }{},
		struct{ A [2]string }{},
		jeEmbedded{},
		jeRec{},
		[]map[string]int{},
	} {
		assert.Nil(t, jsonEncoderFor(reflect.TypeOf(v)), "%T", v)
	}
}

func TestRequestJSONParamsMatchEncodingJSON(t *testing.T) {
	type req struct {
		List []jeFlat  `top:"list"`
		One  *jeNested `top:"one"`
		Map  map[string]string
	}
	r := rand.New(rand.NewPCG(3, 4))
	vals := jeValues(r)
	c := NewClient("k", "s")
	for i := 0; i+3 < len(vals); i += 3 {
		in := &req{List: vals[i : i+3], One: &jeNested{Name: "n<>", Items: vals[i+1 : i+2]}}
		ps := c.getParamSet()
		require.NoError(t, c.encodeRequest(ps, in))
		got := map[string]string{}
		for j := range ps.ps {
			got[ps.ps[j].key] = ps.value(&ps.ps[j])
		}
		wl, _ := json.Marshal(in.List)
		wo, _ := json.Marshal(in.One)
		assert.Equal(t, string(wl), got["list"])
		assert.Equal(t, string(wo), got["one"])
		c.putParamSet(ps)
	}
}
