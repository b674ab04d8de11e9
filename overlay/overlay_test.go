package overlay

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/gen"
	"github.com/topgen/topgen/model"
)

func seed(t *testing.T) *model.API {
	t.Helper()
	data, err := os.ReadFile("../specs/alibaba.nlife.b2c.trade.pay.yaml")
	require.NoError(t, err)
	a, err := model.Unmarshal("seed.yaml", data)
	require.NoError(t, err)
	return a
}

// The doc says of actual_pay_fee "该字段实际为必选" (it is in fact
// required); the overlay makes it so, and the model records the change.
func TestApplySeedFixes(t *testing.T) {
	s, ps := Parse("overlays/nlife.yaml", []byte(`- method: alibaba.nlife.b2c.trade.pay
  reason: the doc says 该字段实际为必选
  session: false
  fields:
    - path: request actual_pay_fee
      required: true
      max_value: 100000000
    - path: request trade_no
      max_length: null
    - path: request fund_bill_list[].amount
      type: String
    - path: request store_id
      rename: shop_id
    - path: request out_trade_no
      remove: true
    - path: request memo
      add: true
      type: String
      max_length: 200
`))
	require.Empty(t, ps)
	a := seed(t)
	require.Nil(t, model.Lookup(a.Request, "memo"))
	keep, err := s.Apply(a)
	require.NoError(t, err)
	assert.True(t, keep)
	f := model.Lookup(a.Request, "actual_pay_fee")
	assert.True(t, f.Required)
	assert.Equal(t, model.Number("100000000"), *f.MaxValue)
	assert.Nil(t, model.Lookup(a.Request, "trade_no").MaxLength)
	assert.Equal(t, "String", model.Lookup(a.Request, "fund_bill_list[].amount").Type)
	assert.Nil(t, model.Lookup(a.Request, "store_id"))
	assert.NotNil(t, model.Lookup(a.Request, "shop_id"))
	assert.Nil(t, model.Lookup(a.Request, "out_trade_no"))
	assert.Equal(t, int64(200), *model.Lookup(a.Request, "memo").MaxLength)
	assert.Equal(t, model.SessionNone, a.Session)
	assert.Contains(t, a.Overlaid, "nlife.yaml: request actual_pay_fee: required true (the doc says 该字段实际为必选)")
	assert.Contains(t, a.Overlaid, "nlife.yaml: session: none (the doc says 该字段实际为必选)")
	assert.Len(t, a.Overlaid, 10)
	assert.Empty(t, s.Unused())
	// The record survives the YAML round trip, so a reviewer sees it in the model.
	data, err := model.Marshal(a)
	require.NoError(t, err)
	assert.Contains(t, string(data), "overlaid:\n  - 'nlife.yaml: session: none")
}

// Entries and edits that match nothing are errors with file:line.
func TestUnmatchedIsAnErrorWithLine(t *testing.T) {
	s, ps := Parse("o.yaml", []byte(`- method: alibaba.nlife.b2c.trade.pay
  fields:
    - path: request actual_pay_fe
      required: true
    - path: response nope.deeper
      remove: true
- method: taobao.not.there
  skip: true
`))
	require.Empty(t, ps)
	_, err := s.Apply(seed(t))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `o.yaml:3: alibaba.nlife.b2c.trade.pay: request actual_pay_fe: no such field`)
	assert.Contains(t, err.Error(), `o.yaml:5: alibaba.nlife.b2c.trade.pay: response nope.deeper: no response field "nope"`)
	assert.Equal(t, "o.yaml:7: overlay for taobao.not.there matches no API (is the method spelt right, and is its doc included?)", s.Unused().Error())
}

func TestSkip(t *testing.T) {
	s, ps := Parse("o.yaml", []byte("- method: alibaba.nlife.b2c.trade.pay\n  skip: true\n"))
	require.Empty(t, ps)
	keep, err := s.Apply(seed(t))
	require.NoError(t, err)
	assert.False(t, keep)
}

func TestParseStrict(t *testing.T) {
	_, ps := Parse("o.yaml", []byte(`- method: ../etc
  sesion: true
  fields:
    - path: actual_pay_fee
      required: yes please
      type: Strng
      max_length: -3
    - path: request x
      add: true
`))
	msg := ps.Error()
	for _, want := range []string{
		`o.yaml:1: method "../etc": want`,
		`o.yaml:2: unknown key "sesion"`,
		`o.yaml:4: path "actual_pay_fee": want "request NAME" or "response NAME"`,
		`o.yaml:5: want true or false`,
		`o.yaml:6: unknown type "Strng" (a misspelt String?)`,
		`o.yaml:7: want a whole number, or null to drop the limit`,
		`o.yaml:8: field edit adding "x": want its type`,
	} {
		assert.Contains(t, msg, want)
	}
}

// An overlay sets the Go names of a field and of its object type; the
// generator uses them.
func TestGoNames(t *testing.T) {
	s, ps := Parse("o.yaml", []byte(`- method: alibaba.nlife.b2c.trade.pay
  fields:
    - path: request fund_bill_list
      go_name: Bills
      go_type: Bill
    - path: request trade_no
      go_name: lower
`))
	require.Len(t, ps, 1)
	assert.Equal(t, `o.yaml:7: go_name "lower": want an exported Go identifier`, ps[0].Error())
	s, ps = Parse("o.yaml", []byte(`- method: alibaba.nlife.b2c.trade.pay
  fields:
    - path: request fund_bill_list
      go_name: Bills
      go_type: Bill
`))
	require.Empty(t, ps)
	a := seed(t)
	_, err := s.Apply(a)
	require.NoError(t, err)
	f := model.Lookup(a.Request, "fund_bill_list")
	assert.Equal(t, "Bills", f.GoName)
	assert.Equal(t, "Bill", f.GoType)
	data, err := model.Marshal(a)
	require.NoError(t, err)
	back, err := model.Unmarshal("m.yaml", data)
	require.NoError(t, err)
	assert.Equal(t, a, back, "go_name and go_type survive the YAML round trip")
	files, err := gen.Generate([]*model.API{a}, gen.Options{})
	require.NoError(t, err)
	var code string
	for _, f := range files {
		code += string(f.Content)
	}
	assert.Contains(t, code, "\tBills []AlibabaNlifeB2cTradePayRequest_Bill\n")
	assert.Contains(t, code, `p.Object("fund_bill_list", &r.Bills)`)
	assert.Contains(t, code, "type AlibabaNlifeB2cTradePayRequest_Bill struct")
	assert.NotContains(t, code, "FundBillList")
}
