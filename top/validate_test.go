package top

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The request types below are written the way gen writes them: explicit
// checks through Validator's typed helpers.

type vOther struct {
	Code string `json:"code,omitempty"`
}

func (o *vOther) check(v *Validator) {
	v.Required("code", !IsBlank(o.Code))
	v.MaxLen("code", o.Code, 2)
}

type vFundBill struct {
	Type   string   `json:"type,omitempty"`
	Amount *int64   `json:"amount,omitempty"`
	Nested []vOther `json:"nested,omitempty"`
}

func (o *vFundBill) check(v *Validator) {
	v.Required("type", !IsBlank(o.Type))
	v.Required("amount", o.Amount != nil)
	v.Int("amount", o.Amount, "0", "")
	v.MaxItems("nested", len(o.Nested), 3)
	v.Enter("nested")
	for i := range o.Nested {
		v.At(i)
		o.Nested[i].check(v)
	}
	v.Leave()
}

type vPayParam struct {
	OrderID string `json:"order_id,omitempty"`
	Shop    string `json:"shop,omitempty"`
}

func (o *vPayParam) check(v *Validator) {
	v.Required("order_id", !IsBlank(o.OrderID))
	v.AtLeastOneOf(!IsBlank(o.OrderID) || !IsBlank(o.Shop), "pay_param.order_id,pay_param.shop", "order_id,shop")
}

type vRequest struct {
	TradeNo    string
	OutTradeNo string
	Bills      []vFundBill
	PickingUp  string
	GmtPayment time.Time
	Fee        *int64
	Level      *int64 // a TOP byte
	Price      Decimal
	Tags       []string
	TagStr     string
	Ids        []int64
	Props      map[string]any
	Pay        *vPayParam
}

func (r *vRequest) Validate() error {
	if r == nil {
		r = new(vRequest)
	}
	v := new(Validator)
	v.MaxLen("trade_no", r.TradeNo, 4)
	v.MaxItems("fund_bill_list", len(r.Bills), 2)
	v.Enter("fund_bill_list")
	for i := range r.Bills {
		v.At(i)
		r.Bills[i].check(v)
	}
	v.Leave()
	v.Required("picking_up", !IsBlank(r.PickingUp))
	v.Required("gmt_payment", !r.GmtPayment.IsZero())
	v.Int("actual_pay_fee", r.Fee, "-5", "100")
	v.Byte("level", r.Level, "", "")
	v.Text("price", string(r.Price), "0.01", "99999999999999999999.5")
	v.MaxItems("tags", len(r.Tags), 2)
	v.MaxLenJoined("tags", r.Tags, 5)
	v.MaxSplit("tag_str", r.TagStr, 2)
	v.Ints("ids", r.Ids, "1", "")
	v.Required("props", len(r.Props) > 0)
	v.MaxEntries("props", len(r.Props), 2)
	v.Required("pay_param", r.Pay != nil)
	if r.Pay != nil {
		v.Enter("pay_param")
		r.Pay.check(v)
		v.Leave()
	}
	v.AtLeastOneOf(!IsBlank(r.TradeNo) || !IsBlank(r.OutTradeNo), "trade_no,out_trade_no", "trade_no,out_trade_no")
	return v.Err()
}

func i64(v int64) *int64 { return &v }

func validRequest() *vRequest {
	return &vRequest{
		TradeNo:    "T1",
		Bills:      []vFundBill{{Type: "a", Amount: i64(0)}},
		PickingUp:  "p",
		GmtPayment: time.Date(2017, 1, 1, 12, 0, 0, 0, gmt8),
		Fee:        i64(0),
		Level:      i64(-128),
		Price:      "0.01",
		Props:      map[string]any{"a": 1},
		Pay:        &vPayParam{OrderID: "o"},
	}
}

func TestValidateOK(t *testing.T) {
	r := validRequest()
	require.NoError(t, r.Validate())
	r.TradeNo = "😀😀" // 4 UTF-16 units
	require.NoError(t, r.Validate())
	allocs := testing.AllocsPerRun(50, func() { _ = r.Validate() })
	assert.Zero(t, allocs, "a valid request validates without allocating")
}

func TestValidateCollectsAll(t *testing.T) {
	r := validRequest()
	r.TradeNo = "😀😀a" // 5 UTF-16 units, 3 runes, 9 bytes
	r.Bills = []vFundBill{
		{Type: "a", Amount: i64(1)},
		{Type: " ", Amount: nil},
		{Type: "b", Amount: i64(-1), Nested: []vOther{{Code: "abc"}, {}, {Code: "x"}, {Code: "y"}}},
	}
	r.PickingUp = " \t"
	r.GmtPayment = time.Time{}
	r.Fee = i64(101)
	r.Level = i64(128)
	r.Price = "0.001"
	r.Tags = []string{"a", "b", "c"}
	r.TagStr = "a,b,c"
	r.Ids = []int64{1, 0, 5}
	r.Props = nil
	r.Pay = &vPayParam{}
	err := r.Validate()
	var ve *ValidationError
	require.True(t, errors.As(err, &ve))
	var got [][2]string
	for _, fe := range ve.Errors {
		got = append(got, [2]string{fe.Path, fe.Rule})
	}
	assert.Equal(t, [][2]string{
		{"trade_no", RuleMaxLength},
		{"fund_bill_list", RuleMaxListSize},
		{"fund_bill_list[1].type", RuleRequired},
		{"fund_bill_list[1].amount", RuleRequired},
		{"fund_bill_list[2].amount", RuleMinValue},
		{"fund_bill_list[2].nested", RuleMaxListSize},
		{"fund_bill_list[2].nested[0].code", RuleMaxLength},
		{"fund_bill_list[2].nested[1].code", RuleRequired},
		{"picking_up", RuleRequired},
		{"gmt_payment", RuleRequired},
		{"actual_pay_fee", RuleMaxValue},
		{"level", RuleMaxValue},
		{"price", RuleMinValue},
		{"tags", RuleMaxListSize},
		{"tag_str", RuleMaxListSize},
		{"ids[1]", RuleMinValue},
		{"props", RuleRequired},
		{"pay_param.order_id", RuleRequired},
		{"pay_param", RuleAtLeastOneOf},
	}, got)
	msg := err.Error()
	assert.Contains(t, msg, "trade_no: length 5 exceeds maximum 4")
	assert.Contains(t, msg, "level: value 128 is greater than maximum 127")
	assert.Contains(t, msg, "tag_str: has 3 comma-separated items, maximum 2")
	assert.Contains(t, msg, "pay_param: at least one of order_id, shop must be set in pay_param")

	var fe FieldError
	require.True(t, errors.As(err, &fe))
	assert.Equal(t, "trade_no", fe.Path)
}

func TestValidateAtLeastOneOf(t *testing.T) {
	r := validRequest()
	r.TradeNo = " "
	err := r.Validate()
	var ve *ValidationError
	require.True(t, errors.As(err, &ve))
	require.Len(t, ve.Errors, 1)
	assert.Equal(t, FieldError{Path: "trade_no,out_trade_no", Rule: RuleAtLeastOneOf, Message: "at least one of trade_no, out_trade_no must be set"}, ve.Errors[0])
	r.OutTradeNo = "x"
	assert.NoError(t, r.Validate())
}

func TestValidateNilAndExactBounds(t *testing.T) {
	var r *vRequest
	var ve *ValidationError
	require.True(t, errors.As(r.Validate(), &ve))
	assert.Len(t, ve.Errors, 5) // picking_up, gmt_payment, props, pay_param, the rule

	v := new(Validator)
	v.Text("a", "0.1000000000000000055511151231257827", "", "0.1")
	v.Int("b", i64(9007199254740993), "", "9007199254740992")
	v.Text("c", "-1.5", "-1.5", "")
	v.Text("d", "1e3", "", "999.5")  // an exponent: refused under limits
	v.Text("e", "abc", "1", "2")     // not a number: not checked
	v.Int("f", i64(1), "0.5", "1.5") // decimal bounds on an integer
	v.Byte("g", i64(-129), "", "")   // java.lang.Byte
	v.Byte("h", i64(127), "", "")    //
	v.Ints("i", []int64{5, 6}, "", "5")
	Texts(v, "j", []Decimal{"1.0", "0.99"}, "1", "")
	v.Text("k", "1e999999", "", "100")                                                              // refused at once, never expanded
	v.Text("l", "1e-5", "0", "")                                                                    //
	v.Text("m", "1e5", "", "")                                                                      // no limits: nothing to check
	v.Text("n", "123456789012345678901234567890123456789012345678901234567890123456789.5", "1", "") // any length
	require.True(t, errors.As(v.Err(), &ve))
	var paths []string
	for _, e := range ve.Errors {
		paths = append(paths, e.Path)
	}
	assert.Equal(t, []string{"a", "b", "d", "g", "i[1]", "j[1]", "k", "l"}, paths)
	assert.Equal(t, "value 1e3 has an exponent: write it as a plain decimal to check it against its limits", ve.Errors[2].Message)
}

func TestUTF16Len(t *testing.T) {
	assert.Equal(t, 2, utf16Len("😀"))
	assert.Equal(t, 1, utf16Len("中"))
	assert.Equal(t, 3, utf16Len("a😀"))
}

// A value nested deeper than validation goes is reported, not skipped.
func TestValidateTooDeep(t *testing.T) {
	v := new(Validator)
	for range 20 {
		v.Enter("next")
	}
	v.Required("name", false)
	for range 20 {
		v.Leave()
	}
	var ve *ValidationError
	require.True(t, errors.As(v.Err(), &ve))
	require.Len(t, ve.Errors, 2)
	assert.Equal(t, RuleMaxDepth, ve.Errors[0].Rule)
	assert.Equal(t, RuleRequired, ve.Errors[1].Rule)
}
