package top

import (
	"encoding/json"
	"fmt"
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
