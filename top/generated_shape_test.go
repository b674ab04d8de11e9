package top_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/top"
)

// The types below have exactly the shape topgen generates.

type AlibabaNlifeB2cTradePayRequest struct {
	TradeNo      string                            `top:"trade_no,maxlen=64"`
	OutTradeNo   string                            `top:"out_trade_no,maxlen=64"`
	FundBillList []AlibabaNlifeB2cTradePayFundBill `top:"fund_bill_list,maxitems=100"`
	PickingUp    string                            `top:"picking_up,required"`
	GmtPayment   time.Time                         `top:"gmt_payment,required"`
	ActualPayFee *int64                            `top:"actual_pay_fee"`
	Flag         *bool                             `top:"flag"`
	Price        top.Decimal                       `top:"price,min=0"`
	Tags         []string                          `top:"tags,maxitems=20"`
	Ids          []int64                           `top:"ids"`
	Extra        top.JSON                          `top:"extra"`
	Props        map[string]any                    `top:"props"`
	Pay          *AlibabaSomethingPayParam         `top:"pay_param,required"`
	Image        *top.File                         `top:"image,file"`
	Choice       string                            `top:"choice,oneof=GROUP"`
}

type AlibabaNlifeB2cTradePayFundBill struct {
	ID     string  `json:"id,omitempty" top:"id"`
	Type   string  `json:"type,omitempty" top:"type,required"`
	Amount *int64  `json:"amount,omitempty" top:"amount,required,min=0"`
	Nested []Other `json:"nested,omitempty" top:"nested,maxitems=3"`
}

type Other struct {
	Name string `json:"name,omitempty" top:"name,required"`
}

type AlibabaSomethingPayParam struct {
	OrderID string `json:"order_id,omitempty" top:"order_id,required"`
}

func (r *AlibabaNlifeB2cTradePayRequest) Validate() error {
	return top.Validate(r, r.ValidationRules()...)
}

func (*AlibabaNlifeB2cTradePayRequest) ValidationRules() []top.Rule {
	return []top.Rule{top.AtLeastOneOf("trade_no", "out_trade_no")}
}

type AlibabaNlifeB2cTradePayRespBill struct {
	Type   string  `json:"type,omitempty" xml:"type,omitempty"`
	Amount top.Int `json:"amount,omitempty" xml:"amount,omitempty"`
}

type SomeObject struct {
	Name string `json:"name,omitempty" xml:"name,omitempty"`
}

type AlibabaNlifeB2cTradePayResponse struct {
	GmtPayment   top.Time                                  `json:"gmt_payment,omitempty" xml:"gmt_payment,omitempty"`
	ExtendParams string                                    `json:"extend_params,omitempty" xml:"extend_params,omitempty"`
	Count        top.Int                                   `json:"count,omitempty" xml:"count,omitempty"`
	Ok           top.Bool                                  `json:"ok,omitempty" xml:"ok,omitempty"`
	Fee          top.Decimal                               `json:"fee,omitempty" xml:"fee,omitempty"`
	Raw          top.JSON                                  `json:"raw,omitempty" xml:"raw,omitempty"`
	Bills        top.List[AlibabaNlifeB2cTradePayRespBill] `json:"bills,omitempty" xml:"bills,omitempty"`
	Nums         top.List[top.Int]                         `json:"nums,omitempty" xml:"nums,omitempty"`
	Data         *SomeObject                               `json:"data,omitempty" xml:"data,omitempty"`
}

type Client struct{ *top.Client }

func (c Client) AlibabaNlifeB2cTradePay(ctx context.Context, req *AlibabaNlifeB2cTradePayRequest, opts ...top.CallOption) (*AlibabaNlifeB2cTradePayResponse, error) {
	resp := new(AlibabaNlifeB2cTradePayResponse)
	if err := c.Client.Do(ctx, top.Call{Method: "alibaba.nlife.b2c.trade.pay", Session: true}, req, resp, opts...); err != nil {
		return nil, err
	}
	return resp, nil
}

func TestGeneratedShape(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		require.NoError(t, r.ParseMultipartForm(1<<20))
		f, _, err := r.FormFile("image")
		require.NoError(t, err)
		img, _ := io.ReadAll(f)
		assert.Equal(t, "PNG", string(img))
		params := map[string]string{}
		for k, v := range r.Form {
			params[k] = v[0]
		}
		assert.Equal(t, params["sign"], top.Sign(params, "secret", top.SignHMAC))
		assert.Equal(t, `[{"type":"CASH","amount":5,"nested":[{"name":"n"}]}]`, params["fund_bill_list"])
		io.WriteString(w, `{"alibaba_nlife_b2c_trade_pay_response":{"gmt_payment":"2017-01-01 12:00:00","extend_params":"{\"k1\":v1}","count":"9007199254740993","ok":"true","fee":0.10,"bills":{"resp_bill":[{"type":"CASH","amount":"5"}]},"nums":{"number":[1,2]},"data":{"name":"d"},"request_id":"x"}}`)
	}))
	defer srv.Close()
	c := Client{top.NewClient("key", "secret", top.WithGateway(srv.URL), top.WithSignMethod(top.SignHMAC))}
	amount := int64(5)
	req := &AlibabaNlifeB2cTradePayRequest{
		TradeNo:      "T1",
		FundBillList: []AlibabaNlifeB2cTradePayFundBill{{Type: "CASH", Amount: &amount, Nested: []Other{{Name: "n"}}}},
		PickingUp:    "SELF_DELIVERY",
		GmtPayment:   time.Now(),
		Pay:          &AlibabaSomethingPayParam{OrderID: "o"},
		Image:        top.NewFile("a.png", []byte("PNG")),
	}
	resp, err := c.AlibabaNlifeB2cTradePay(context.Background(), req, top.WithSession("sess"))
	require.NoError(t, err)
	assert.Equal(t, top.Int(9007199254740993), resp.Count)
	assert.Equal(t, top.Decimal("0.10"), resp.Fee)
	assert.Equal(t, top.List[AlibabaNlifeB2cTradePayRespBill]{{"CASH", 5}}, resp.Bills)
	assert.Equal(t, "d", resp.Data.Name)

	// Invalid: nothing is sent, every violation is reported.
	bad := &AlibabaNlifeB2cTradePayRequest{FundBillList: []AlibabaNlifeB2cTradePayFundBill{{}, {Type: "x", Amount: new(int64), Nested: []Other{{}, {}, {}, {}}}}}
	_, err = c.AlibabaNlifeB2cTradePay(context.Background(), bad, top.WithSession("sess"))
	var ve *top.ValidationError
	require.True(t, errors.As(err, &ve))
	var paths []string
	for _, fe := range ve.Errors {
		paths = append(paths, fe.Path+"/"+fe.Rule)
	}
	assert.ElementsMatch(t, []string{
		"fund_bill_list[0].type/required", "fund_bill_list[0].amount/required",
		"fund_bill_list[1].nested/max_list_size",
		"fund_bill_list[1].nested[0].name/required", "fund_bill_list[1].nested[1].name/required",
		"fund_bill_list[1].nested[2].name/required", "fund_bill_list[1].nested[3].name/required",
		"picking_up/required", "gmt_payment/required", "pay_param/required",
		"trade_no,out_trade_no/at_least_one_of",
	}, paths)
}
