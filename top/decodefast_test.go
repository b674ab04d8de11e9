package top

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

type fastResp struct {
	Name   string            `json:"name,omitempty"`
	Kind   string            `json:"kind"`
	When   Time              `json:"when,omitempty"`
	Count  Int               `json:"count,omitempty"`
	Price  Decimal           `json:"price,omitempty"`
	Raw    JSON              `json:"raw,omitempty"`
	Items  List[fastItem]    `json:"items,omitempty"`
	Nested *fastItem         `json:"nested,omitempty"`
	Map    map[string]string `json:"map,omitempty"`
	Num    int64             `json:"num,omitempty"`
	Quoted int64             `json:"quoted,string,omitempty"`
	NoTag  string
	skip   string //nolint:unused
}

type fastItem struct {
	ID string `json:"id"`
}

type embedResp struct {
	fastItem
	X string `json:"x"`
}

// TestFastUnmarshalMatchesJSON checks that the client's response decoder
// yields exactly what encoding/json yields, value and error.
func TestFastUnmarshalMatchesJSON(t *testing.T) {
	inputs := []string{
		`{}`, `{"name":"a","kind":"b"}`, `{"name":null,"kind":"x"}`,
		`{"name":"a\"b\\c\/d\b\f\n\r\t\u00e9\u4e2d\ud83d\ude00"}`,
		`{"name":"\ud83d","kind":"\ud83dx\ude00\udc00\ud800\u0041"}`,
		"{\"name\":\"bad\xff\xfeutf8 \xe4\xb8\"}", "{\"name\":\"ok \xe4\xb8\xad\"}",
		`{"NAME":"fold","Kind":"k"}`, `{"nAme":"x"}`, `{"notag":"n","NoTag":"m"}`,
		`{"name":1}`, `{"name":true}`, `{"name":{}}`, `{"name":["x"]}`,
		`{"name":"a","name":"b"}`, `{"other":{"deep":[1,2,{"a":"b"}]},"name":"x"}`,
		`{"when":"2017-01-01 12:00:00","count":"12","price":1.50,"raw":{"a":[1]}}`,
		`{"when":null,"count":null}`, `{"when":"garbage"}`, `{"count":"x"}`,
		`{"items":{"fast_item":[{"id":"1"}]}}`, `{"items":[{"id":"2"}]}`,
		`{"nested":{"id":"n"},"map":{"a":"b"},"num":5,"quoted":"7"}`, `{"num":"5"}`,
		`{"skip":"s"}`, `{"name":"a",}`, `{"name":"a"`, `{"name":"a"} x`, `[1]`, `null`,
		`{"name":"a\x01"}`, `{"na\u006de":"esc"}`, `{"name":"\u00"}`, ` {"name" : "sp" } `,
	}
	c := NewClient("k", "s")
	for _, in := range inputs {
		var want, got fastResp
		wantErr := json.Unmarshal([]byte(in), &want)
		gotErr := c.unmarshal([]byte(in), &got)
		assert.Equal(t, fmt.Sprint(wantErr), fmt.Sprint(gotErr), in)
		assert.Equal(t, want, got, in)

		var we, ge embedResp
		wantErr = json.Unmarshal([]byte(in), &we)
		gotErr = c.unmarshal([]byte(in), &ge)
		assert.Equal(t, fmt.Sprint(wantErr), fmt.Sprint(gotErr), in)
		assert.Equal(t, we, ge, in)
	}
}

func TestUnquoteJSON(t *testing.T) {
	for _, in := range []string{`""`, `"plain"`, `"\u0000\u001f\"\\"`, `"\ud800\ud800"`, `"\udfff"`, `"` + "\xc0\xaf" + `"`} {
		var want string
		if err := json.Unmarshal([]byte(in), &want); err != nil {
			t.Fatal(in, err)
		}
		assert.Equal(t, want, unquoteJSON([]byte(in)), in)
	}
}

// TestStrictScanAgreesWithValid checks the strict scanner against
// json.Valid on valid documents and on random mutations of them: it may
// only accept valid JSON, and must accept the ordinary valid documents.
func TestStrictScanAgreesWithValid(t *testing.T) {
	seeds := []string{
		`{}`, `{"a":1}`, `{"a":-0.5e+10,"b":[true,false,null,{"c":"d\u00e9\n"}],"e":{}}`,
		`{"s":"\"\\\/\b\f\n\r\t","n":[0,-1,1.25,1E3,2e-2,[],[[]]]}`, ` { "x" : [ 1 , 2 ] } `,
		"{\"k\":\"中文 \xff bad utf8 ok for Valid\"}", `{"a":{"b":{"c":{"d":[1,{"e":null}]}}}}`,
	}
	bad := []string{`{"a":01}`, `{"a":1.}`, `{"a":.5}`, `{"a":-}`, `{"a":1e}`, `{"a":+1}`, `{"a":tru}`, `{"a":nul}`,
		`{"a":"\x01"}`, `{"a":"\x"}`, `{"a":"\u12"}`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `{"a":[1,]}`, `{"a":[1 2]}`,
		`{"a":1}}`, `{"a":1} {}`, `{"a":"x`, `{"a":truex}`, `{"a":1x}`, `{"a":[}`, `{"a":{"b"}}`, `["a"]`}
	p := &dPlan{ok: true}
	check := func(in string) {
		_, ok := p.fastHits([]byte(in), nil)
		if ok && !json.Valid([]byte(in)) {
			t.Fatalf("accepted invalid %q", in)
		}
	}
	for _, s := range seeds {
		_, ok := p.fastHits([]byte(s), nil)
		assert.True(t, ok, s)
	}
	for _, s := range bad {
		check(s)
		_, ok := p.fastHits([]byte(s), nil)
		assert.False(t, ok, s)
	}
	deep := `{"a":` + strings.Repeat("[", 500) + strings.Repeat("]", 500) + `}`
	check(deep)
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
		check(string(b))
	}
}

func FuzzStrictScan(f *testing.F) {
	f.Add(`{"a":[1,{"b":"c"}]}`)
	p := &dPlan{ok: true}
	f.Fuzz(func(t *testing.T, in string) {
		if _, ok := p.fastHits([]byte(in), nil); ok && !json.Valid([]byte(in)) {
			t.Fatalf("accepted invalid %q", in)
		}
	})
}
