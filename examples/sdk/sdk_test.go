package sdk_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/examples/sdk/sdk/nlife"
	"github.com/topgen/topgen/top"
	"github.com/topgen/topgen/top/toptest"
)

// The generated SDK calls alibaba.nlife.b2c.trade.pay through the fake TOP
// gateway; the overlay made actual_pay_fee required, so a request without
// it is refused before anything is sent.
func TestCallTradePay(t *testing.T) {
	gw := toptest.New("app-secret", func(r *toptest.Request) (string, []byte) {
		return "application/json", []byte(`{"alibaba_nlife_b2c_trade_pay_response":{"gmt_payment":"2017-01-01 12:00:00","request_id":"42"}}`)
	})
	defer gw.Close()
	c := nlife.NewClient("app-key", "app-secret", top.WithGateway(gw.URL))
	amount, fee := int64(180), int64(5000)
	req := &nlife.AlibabaNlifeB2cTradePayRequest{
		TradeNo:    "10000400000000045678",
		PickingUp:  nlife.AlibabaNlifeB2cTradePayRequest_PickingUp_SELF_DELIVERY,
		GmtPayment: time.Date(2017, 1, 20, 13, 0, 0, 0, top.GMT8()),
		FundBillList: []nlife.AlibabaNlifeB2cTradePayRequest_FundBillList{
			{Type: nlife.AlibabaNlifeB2cTradePayRequest_FundBillList_Type_ALIPAY, Title: "支付宝支付", Amount: &amount, Currency: "CNY"},
		},
	}
	ctx := context.Background()
	_, err := c.AlibabaNlifeB2cTradePay(ctx, req, top.WithSession("session-key"))
	var invalid *top.ValidationError
	require.True(t, errors.As(err, &invalid), "want a validation error, got %v", err)
	require.Len(t, invalid.Errors, 1)
	assert.Equal(t, "actual_pay_fee", invalid.Errors[0].Path)
	assert.Empty(t, gw.Requests(), "nothing is sent when validation fails")

	req.ActualPayFee = &fee
	resp, err := c.AlibabaNlifeB2cTradePay(ctx, req, top.WithSession("session-key"))
	require.NoError(t, err)
	assert.Equal(t, "2017-01-01 12:00:00", resp.GmtPayment.String())
	last := gw.Last()
	assert.True(t, last.SignOK)
	assert.Equal(t, "alibaba.nlife.b2c.trade.pay", last.Params["method"])
	assert.Equal(t, "5000", last.Params["actual_pay_fee"])
	assert.Equal(t, "session-key", last.Params["session"])
	assert.JSONEq(t, `[{"type":"ALIPAY","title":"支付宝支付","amount":180,"currency":"CNY"}]`, last.Params["fund_bill_list"])
}
