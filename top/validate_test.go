package top

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type vOther struct {
	Code string `json:"code,omitempty" top:"code,required,maxlen=2"`
}

type vFundBill struct {
	ID     string   `json:"id,omitempty" top:"id"`
	Type   string   `json:"type,omitempty" top:"type,required"`
	Amount *int64   `json:"amount,omitempty" top:"amount,required,min=0"`
	Nested []vOther `json:"nested,omitempty" top:"nested,maxitems=3"`
}

type vPayParam struct {
	OrderID string `json:"order_id,omitempty" top:"order_id,required"`
}

type vRequest struct {
	TradeNo    string         `top:"trade_no,maxlen=4"`
	OutTradeNo string         `top:"out_trade_no"`
	Bills      []vFundBill    `top:"fund_bill_list,maxitems=2"`
	PickingUp  string         `top:"picking_up,required"`
	GmtPayment time.Time      `top:"gmt_payment,required"`
	Fee        *int64         `top:"actual_pay_fee,min=-5,max=100"`
	Price      Decimal        `top:"price,min=0.01,max=99999999999999999999.5"`
	Tags       []string       `top:"tags,maxitems=2"`
	TagStr     string         `top:"tag_str,maxitems=2"`
	Ids        []int64        `top:"ids,min=1"`
	Props      map[string]any `top:"props,required"`
	Pay        *vPayParam     `top:"pay_param,required"`
	Image      *File          `top:"image,file,oneof=x,unknown"`
}

func (r *vRequest) Validate() error {
	return Validate(r, r.ValidationRules()...)
}

func (*vRequest) ValidationRules() []Rule {
	return []Rule{AtLeastOneOf("trade_no", "out_trade_no")}
}

func i64(v int64) *int64 { return &v }

func validRequest() *vRequest {
	return &vRequest{
		TradeNo:    "T1",
		Bills:      []vFundBill{{Type: "a", Amount: i64(0)}},
		PickingUp:  "p",
		GmtPayment: time.Date(2017, 1, 1, 12, 0, 0, 0, gmt8),
		Fee:        i64(0),
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
	assert.LessOrEqual(t, allocs, 2.0)
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
	r.Price = "0.001"
	r.Tags = []string{"a", "b", "c"}
	r.TagStr = "a,b,c"
	r.Ids = []int64{1, 0, 5}
	r.Props = nil
	r.Pay = &vPayParam{}
	err := r.Validate()
	require.Error(t, err)
	var ve *ValidationError
	require.True(t, errors.As(err, &ve))
	got := map[string]string{}
	for _, fe := range ve.Errors {
		got[fe.Path] = fe.Rule
	}
	want := map[string]string{
		"trade_no":                         RuleMaxLength,
		"fund_bill_list":                   RuleMaxListSize,
		"fund_bill_list[1].type":           RuleRequired,
		"fund_bill_list[1].amount":         RuleRequired,
		"fund_bill_list[2].amount":         RuleMinValue,
		"fund_bill_list[2].nested":         RuleMaxListSize,
		"fund_bill_list[2].nested[0].code": RuleMaxLength,
		"fund_bill_list[2].nested[1].code": RuleRequired,
		"picking_up":                       RuleRequired,
		"gmt_payment":                      RuleRequired,
		"actual_pay_fee":                   RuleMaxValue,
		"price":                            RuleMinValue,
		"tags":                             RuleMaxListSize,
		"tag_str":                          RuleMaxListSize,
		"ids[1]":                           RuleMinValue,
		"props":                            RuleRequired,
		"pay_param.order_id":               RuleRequired,
	}
	assert.Equal(t, want, got)
	assert.Len(t, ve.Errors, len(want))
	msg := err.Error()
	assert.Contains(t, msg, "fund_bill_list[2].nested[0].code")
	assert.Contains(t, msg, "length 5 exceeds maximum 4")

	var fe FieldError
	require.True(t, errors.As(err, &fe))
	assert.Equal(t, "trade_no", fe.Path)
}

func TestValidateAtLeastOneOf(t *testing.T) {
	r := validRequest()
	r.TradeNo = ""
	err := r.Validate()
	var ve *ValidationError
	require.True(t, errors.As(err, &ve))
	require.Len(t, ve.Errors, 1)
	assert.Equal(t, RuleAtLeastOneOf, ve.Errors[0].Rule)
	assert.True(t, strings.Contains(ve.Errors[0].Message, "trade_no, out_trade_no"))
	r.OutTradeNo = "x"
	assert.NoError(t, r.Validate())
}

func TestValidateNilAndExactBounds(t *testing.T) {
	var r *vRequest
	err := r.Validate()
	var ve *ValidationError
	require.True(t, errors.As(err, &ve))
	assert.GreaterOrEqual(t, len(ve.Errors), 4)

	type big struct {
		A Decimal `top:"a,max=0.1"`
		B *int64  `top:"b,max=9007199254740992"`
		C Decimal `top:"c,min=-1.5"`
	}
	err = Validate(&big{A: "0.1000000000000000055511151231257827", B: i64(9007199254740993), C: "-1.5"})
	require.True(t, errors.As(err, &ve))
	require.Len(t, ve.Errors, 2)
	assert.Equal(t, "a", ve.Errors[0].Path)
	assert.Equal(t, "b", ve.Errors[1].Path)
	assert.NoError(t, Validate(big{A: "0.1", B: i64(9007199254740992)}))
}

func TestUTF16Len(t *testing.T) {
	assert.Equal(t, 2, utf16Len("😀"))
	assert.Equal(t, 1, utf16Len("中"))
	assert.Equal(t, 3, utf16Len("a😀"))
}

func TestTopTag(t *testing.T) {
	for _, tag := range []reflect.StructTag{
		`top:"a,required"`, `json:"a,omitempty" top:"b,maxlen=3"`, `json:"x top:\"y\"" top:"z"`,
		`json:"a"`, ``, `top:"q\"uote"`, `xtop:"no" top:"yes"`, `json:"a"  top:"two-spaces"`,
	} {
		v1, ok1 := tag.Lookup("top")
		v2, ok2 := topTag(tag)
		assert.Equal(t, ok1, ok2, string(tag))
		assert.Equal(t, v1, v2, string(tag))
	}
}

func TestParseTopTag(t *testing.T) {
	o := parseTopTag("a, required ,maxlen=5,maxitems=7,min=-1.5,max=10,file,oneof=G,zzz")
	assert.Equal(t, tagOpts{name: "a", required: true, file: true, maxLen: 5, maxItems: 7, min: "-1.5", max: "10"}, o)
	o = parseTopTag("b")
	assert.Equal(t, tagOpts{name: "b", maxLen: -1, maxItems: -1}, o)
	o = parseTopTag("c,maxlen=x")
	assert.Equal(t, -1, o.maxLen)
}

// TestClientValidateMatchesValidate checks that the client's cached plans
// report exactly what Validate reports.
func TestClientValidateMatchesValidate(t *testing.T) {
	c := NewClient("k", "s")
	cases := map[string]*vRequest{"valid": validRequest(), "nil": nil}
	r := validRequest()
	r.TradeNo = "😀😀a"
	r.Bills = []vFundBill{
		{Type: "a", Amount: i64(1)},
		{Type: " ", Amount: nil},
		{Type: "b", Amount: i64(-1), Nested: []vOther{{Code: "abc"}, {}, {Code: "x"}, {Code: "y"}}},
	}
	r.PickingUp = " \t"
	r.GmtPayment = time.Time{}
	r.Fee = i64(101)
	r.Price = "0.001"
	r.Tags = []string{"a", "b", "c"}
	r.TagStr = "a,b,c"
	r.Ids = []int64{1, 0, 5}
	r.Props = nil
	r.Pay = &vPayParam{}
	cases["all"] = r
	r = validRequest()
	r.TradeNo = ""
	cases["rule"] = r
	r = validRequest()
	r.TradeNo, r.OutTradeNo = "", "x"
	cases["rule-ok"] = r
	for name, r := range cases {
		for range 2 { // built, then cached
			assert.Equal(t, r.Validate(), c.validate(r), name)
		}
	}
	r = validRequest()
	require.NoError(t, c.validate(r))
	allocs := testing.AllocsPerRun(50, func() { _ = c.validate(r) })
	assert.LessOrEqual(t, allocs, 0.0)
}

type nestedRuleItem struct {
	Phone  string `json:"phone,omitempty" top:"phone"`
	Mobile string `json:"mobile,omitempty" top:"mobile"`
}

type nestedRuleParam struct {
	StoreID  string `json:"store_id,omitempty" top:"store_id"`
	ShopCode string `json:"shop_code,omitempty" top:"shop_code"`
}

type nestedRuleRequest struct {
	Param *nestedRuleParam `top:"param"`
	Items []nestedRuleItem `top:"items"`
}

func (r *nestedRuleRequest) ValidationRules() []Rule {
	return []Rule{AtLeastOneOf("param.store_id", "param.shop_code"), AtLeastOneOf("items[].phone", "items[].mobile")}
}

func (r *nestedRuleRequest) Validate() error { return Validate(r, r.ValidationRules()...) }

// Nested at-least-one-of rules hold for the object, or for each item of a
// list, when present; both validation paths (standalone and the client's
// cached plans) agree.
func TestNestedAtLeastOneOf(t *testing.T) {
	ok := &nestedRuleRequest{Param: &nestedRuleParam{ShopCode: "s"}, Items: []nestedRuleItem{{Phone: "1"}, {Mobile: "2"}}}
	require.NoError(t, ok.Validate())
	require.NoError(t, (&nestedRuleRequest{}).Validate(), "absent objects: nothing to check")

	bad := &nestedRuleRequest{Param: &nestedRuleParam{}, Items: []nestedRuleItem{{Phone: "1"}, {}, {Mobile: " "}}}
	c := NewClient("k", "s", WithGateway("http://127.0.0.1:1/never"))
	for name, err := range map[string]error{
		"standalone": bad.Validate(),
		"client":     c.Do(context.Background(), Call{Method: "x.y"}, bad, nil),
	} {
		var ve *ValidationError
		require.True(t, errors.As(err, &ve), "%s: %v", name, err)
		var paths []string
		for _, e := range ve.Errors {
			assert.Equal(t, RuleAtLeastOneOf, e.Rule, name)
			paths = append(paths, e.Path)
		}
		assert.Equal(t, []string{"param", "items[1]", "items[2]"}, paths, name)
	}
	require.NoError(t, c.validate(ok))
}

type deepNode struct {
	Name string    `json:"name,omitempty" top:"name,required"`
	Next *deepNode `json:"next,omitempty" top:"next"`
}

// A value nested deeper than validation goes is reported, not skipped.
func TestValidateTooDeep(t *testing.T) {
	root := &deepNode{Name: "0"}
	n := root
	for i := 1; i < 30; i++ {
		n.Next = &deepNode{Name: "x"}
		n = n.Next
	}
	err := Validate(root)
	var ve *ValidationError
	require.True(t, errors.As(err, &ve), "%v", err)
	require.Len(t, ve.Errors, 1)
	assert.Equal(t, RuleMaxDepth, ve.Errors[0].Rule)
}
