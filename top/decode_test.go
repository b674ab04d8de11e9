package top

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type ridItem struct {
	Status Int    `json:"status" xml:"status"`
	Name   string `json:"name" xml:"name"`
}

type ridResp struct {
	Items     List[ridItem] `json:"items,omitempty" xml:"items,omitempty"`
	Total     Int           `json:"total,omitempty" xml:"total,omitempty"`
	RequestID string        `json:"request_id,omitempty" xml:"request_id,omitempty"`
}

// TestDecodeAllFormsAndRequestID decodes the three forms TOP sends (and
// the simplify form Alibaba's own samples show, which keeps the
// <method>_response wrapper), request_id included, with a byte-typed
// status (java.lang.Byte: -1, -2) as an integer.
func TestDecodeAllFormsAndRequestID(t *testing.T) {
	want := ridResp{Items: List[ridItem]{{-1, "a"}, {-2, "b"}}, Total: 2, RequestID: "rid9"}
	c := NewClient("k", "s")
	jsonForms := map[string]struct {
		body     string
		simplify bool
	}{
		"json":             {`{"x_y_response":{"items":{"item":[{"status":-1,"name":"a"},{"status":"-2","name":"b"}]},"total":2,"request_id":"rid9"}}`, false},
		"simplify":         {`{"items":[{"status":-1,"name":"a"},{"status":-2,"name":"b"}],"total":"2","request_id":"rid9"}`, true},
		"simplify wrapped": {`{"x_y_response":{"items":[{"status":-1,"name":"a"},{"status":-2,"name":"b"}],"total":2,"request_id":"rid9"}}`, true},
		"json unwrapped":   {`{"items":[{"status":-1,"name":"a"},{"status":-2,"name":"b"}],"total":2,"request_id":"rid9"}`, false},
	}
	for name, f := range jsonForms {
		var got ridResp
		require.NoError(t, decodeJSON(context.Background(), &c.dplans, "x.y", []byte(f.body), f.simplify, &got), name)
		assert.Equal(t, want, got, name)
	}
	var got ridResp
	xmlBody := `<?xml version="1.0" encoding="utf-8" ?><x_y_response><items><item><status>-1</status><name>a</name></item><item><status>-2</status><name>b</name></item></items><total>2</total><request_id>rid9</request_id></x_y_response><!--top-->`
	require.NoError(t, decodeXML(context.Background(), new(typeCache), "x.y", []byte(xmlBody), &got))
	assert.Equal(t, want, got)
}

// TestDecodeSimplifyKeepsOwnResponseField: a response with a field whose
// name ends in _response is not mistaken for the wrapper.
func TestDecodeSimplifyKeepsOwnResponseField(t *testing.T) {
	type inner struct {
		Code string `json:"code"`
	}
	type resp struct {
		Auth *inner `json:"auth_response"`
		X    string `json:"x"`
	}
	c := NewClient("k", "s")
	var got resp
	require.NoError(t, decodeJSON(context.Background(), &c.dplans, "m.n", []byte(`{"auth_response":{"code":"c"},"x":"1"}`), true, &got))
	assert.Equal(t, resp{Auth: &inner{Code: "c"}, X: "1"}, got)
}

// TestDecodeErrorResponseWins: error_response is an *Error in every form,
// wherever it sits in the top-level object.
func TestDecodeErrorResponseWins(t *testing.T) {
	c := NewClient("k", "s")
	want := &Error{Method: "m.n", Code: 7, Msg: "App Call Limited", SubCode: "accesscontrol.limited-by-app-access-count", SubMsg: "This ban will last for 1 more seconds", RequestID: "r1"}
	body := `{"x_response":{"a":1},"error_response":{"code":"7","msg":"App Call Limited","sub_code":"accesscontrol.limited-by-app-access-count","sub_msg":"This ban will last for 1 more seconds","request_id":"r1"}}`
	for _, simplify := range []bool{false, true} {
		var got ridResp
		err := decodeJSON(context.Background(), &c.dplans, "m.n", []byte(body), simplify, &got)
		var te *Error
		require.True(t, errors.As(err, &te), "%v", err)
		assert.Equal(t, want, te)
	}
}

// TestDecodeXMLTolerance: XML values are read as the Java SDK's
// XmlConverter reads them (element text through the same converters).
func TestDecodeXMLTolerance(t *testing.T) {
	type resp struct {
		Count Int           `json:"count"`
		Ok    Bool          `json:"ok"`
		Fee   Decimal       `json:"fee"`
		Items List[ridItem] `json:"items"`
		Nums  List[Int]     `json:"nums"`
		When  Time          `json:"when"`
	}
	var got resp
	body := `<r><count>abc</count><ok>maybe</ok><fee>n/a</fee><items></items><nums/><when></when></r>`
	require.NoError(t, decodeXML(context.Background(), new(typeCache), "m", []byte(body), &got))
	assert.Equal(t, resp{Fee: "n/a", Items: List[ridItem]{}, Nums: List[Int]{}}, got)
}

// TestDecodeHugeNumberBounded: a 5-million-digit integer is refused from
// its length, without parsing it (it once took 54 s and 54 GB).
func TestDecodeHugeNumberBounded(t *testing.T) {
	digits := strings.Repeat("9", 5_000_000)
	c := NewClient("k", "s")
	for _, body := range []string{`{"x_response":{"total":` + digits + `}}`, `{"x_response":{"total":"` + digits + `"}}`, `{"x_response":{"total":1e999999999}}`} {
		var got ridResp
		err := decodeJSON(context.Background(), &c.dplans, "m", []byte(body), false, &got)
		var de *DecodeError
		require.True(t, errors.As(err, &de), "%.80s: %v", body, err)
		assert.Contains(t, err.Error(), "out of range")
		assert.Contains(t, err.Error(), "total")
	}
	var got ridResp
	err := decodeXML(context.Background(), new(typeCache), "m", []byte(`<r><total>`+digits+`</total></r>`), &got)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "out of range")
	var tm Time
	assert.Error(t, tm.UnmarshalText([]byte(digits)))
}

// TestDecodeChecksContext: a context that ends stops decoding of a large
// reply, and the error is the context's (not a malformed response).
func TestDecodeChecksContext(t *testing.T) {
	body := repeatJSON(`{"x_response":{"items":[`, `{"status":1,"name":"n"}`, 5000, `]}}`)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c := NewClient("k", "s")
	var got ridResp
	err := decodeJSON(ctx, &c.dplans, "m", []byte(body), false, &got)
	assert.ErrorIs(t, err, context.Canceled)
	var de *DecodeError
	assert.False(t, errors.As(err, &de))

	dl, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel2()
	xmlBody := `<r><items>` + strings.Repeat(`<item><status>1</status><name>n</name></item>`, 5000) + `</items></r>`
	err = decodeXML(dl, new(typeCache), "m", []byte(xmlBody), &got)
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	// A live context decodes everything.
	got = ridResp{}
	require.NoError(t, decodeJSON(context.Background(), &c.dplans, "m", []byte(body), false, &got))
	assert.Len(t, got.Items, 5000)
}

func BenchmarkDecodeHugeInt(b *testing.B) {
	body := []byte(`{"x_response":{"total":` + strings.Repeat("9", 5_000_000) + `}}`)
	c := NewClient("k", "s")
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		var got ridResp
		if err := decodeJSON(context.Background(), &c.dplans, "m", body, false, &got); err == nil {
			b.Fatal("want an error")
		}
	}
}

func BenchmarkDecodeJSONResponse(b *testing.B) {
	body := []byte(`{"alibaba_nlife_b2c_trade_pay_response":{"gmt_payment":"2017-01-01 12:00:00","extend_params":"{\"k1\":v1}","count":3,"ok":"true","fee":12.30,"raw":{"a":[1]},"bills":{"bill":[{"fund_channel":"A","amount":"1"},{"fund_channel":"B","amount":2}]},"nums":{"number":[7]},"request_id":"r"}}`)
	c := NewClient("k", "s")
	b.ReportAllocs()
	for b.Loop() {
		var got payResponse
		if err := decodeJSON(context.Background(), &c.dplans, "m", body, false, &got); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeJSONFlat(b *testing.B) {
	body := []byte(`{"alibaba_nlife_b2c_trade_pay_response":{"gmt_payment":"2017-01-01 12:00:00","extend_params":"{\"k1\":v1}"}}`)
	c := NewClient("k", "s")
	b.ReportAllocs()
	for b.Loop() {
		var got payResponse
		if err := decodeJSON(context.Background(), &c.dplans, "m", body, false, &got); err != nil {
			b.Fatal(err)
		}
	}
}
