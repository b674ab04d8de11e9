package model

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A null list item ("request:" then "  -") is an error with its line, not a panic.
func TestUnmarshalNullListItem(t *testing.T) {
	data := []byte("method: a.b.c\nsource: {file: x.txt, format: text, sha256: \"00\"}\nrequest:\n  - name: ok\n    type: String\n  -\nresponse:\n  - name: obj\n    type: Obj\n    fields:\n      -\n")
	_, err := Unmarshal("m.yaml", data)
	require.Error(t, err)
	var ps Problems
	require.ErrorAs(t, err, &ps)
	assert.Contains(t, err.Error(), `m.yaml:6: request item 2 of "": empty list item`)
	assert.Contains(t, err.Error(), `m.yaml:11: response item 1 of "obj": empty list item`)
}

// A misspelt type is an error naming the line and what is accepted;
// object types with or without listed sub-fields are accepted.
func TestUnmarshalMisspeltType(t *testing.T) {
	data := []byte(`method: a.b.c
source: {file: x.txt, format: text, sha256: "00"}
request:
  - name: a
    type: Strng
  - name: b
    type: Bolean
  - name: c
    type: TimeNodeDO
  - name: d
    type: FundBill
    fields:
      - name: e
        type: number
`)
	_, err := Unmarshal("m.yaml", data)
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, `m.yaml:5: request field "a": unknown type "Strng" (a misspelt String?): want a TOP type (String, Number,`)
	assert.Contains(t, msg, `or an object type with sub-fields (here: FundBill)`)
	assert.Contains(t, msg, `m.yaml:7: request field "b": unknown type "Bolean" (a misspelt Boolean?)`)
	assert.NotContains(t, msg, "TimeNodeDO")
	assert.NotContains(t, msg, `"e"`)
}

// Method names are checked against TOP's grammar before they name files.
func TestCheckMethod(t *testing.T) {
	for _, ok := range []string{"alibaba.nlife.b2c.trade.pay", "taobao.miniapp.userInfo.get", "slb.aliyuncs.com.SetLoadBalancerName.2013-02-21"} {
		assert.NoError(t, CheckMethod(ok), ok)
	}
	for _, bad := range []string{"", "taobao", "../.github/workflows/ci", "a..b", "a.b/c", `a.b\c`, "a.b c", ".a.b", "a.b.", "a.-b", "a.b\n"} {
		assert.Error(t, CheckMethod(bad), "%q", bad)
	}
	_, err := Unmarshal("m.yaml", []byte("method: ../.github/workflows/ci\nsource: {file: x.txt, format: text, sha256: \"00\"}\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `m.yaml:1: method "../.github/workflows/ci": want two or more dot-joined segments`)
}
