package generated_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/topgen/topgen/generated/nlife"
	"github.com/topgen/topgen/top"
	"github.com/topgen/topgen/top/toptest"
)

// Calling a generated method: the README's example, run against the fake
// gateway. An invalid request is refused before anything is sent, with
// every violation; an error_response becomes a *top.Error.
func Example() {
	gw := toptest.New("app-secret", func(r *toptest.Request) (string, []byte) {
		if r.Params["trade_no"] == "unknown" {
			return "application/json", []byte(`{"error_response":{"code":15,"msg":"Remote service error","sub_code":"isv.trade-not-exist","sub_msg":"交易不存在"}}`)
		}
		return "application/json", []byte(`{"alibaba_nlife_b2c_trade_pay_response":{"gmt_payment":"2017-01-01 12:00:00","extend_params":"{}"}}`)
	})
	defer gw.Close()
	ctx := context.Background()
	c := nlife.NewClient("app-key", "app-secret", top.WithGateway(gw.URL))

	amount := int64(180)
	req := &nlife.AlibabaNlifeB2cTradePayRequest{
		TradeNo:    "10000400000000045678",
		PickingUp:  nlife.AlibabaNlifeB2cTradePayRequest_PickingUp_SELF_DELIVERY,
		GmtPayment: time.Date(2017, 1, 20, 13, 0, 0, 0, top.GMT8()),
		FundBillList: []nlife.AlibabaNlifeB2cTradePayRequest_FundBillList{
			{Type: nlife.AlibabaNlifeB2cTradePayRequest_FundBillList_Type_ALIPAY, Title: "支付宝支付", Amount: &amount, Currency: "CNY"},
		},
	}
	resp, err := c.AlibabaNlifeB2cTradePay(ctx, req, top.WithSession("session-key"))
	fmt.Println(resp.GmtPayment, err)

	_, err = c.AlibabaNlifeB2cTradePay(ctx, &nlife.AlibabaNlifeB2cTradePayRequest{
		FundBillList: []nlife.AlibabaNlifeB2cTradePayRequest_FundBillList{{Title: "  "}},
	}, top.WithSession("session-key"))
	var invalid *top.ValidationError
	if errors.As(err, &invalid) {
		for _, e := range invalid.Errors {
			fmt.Println(e.Path, e.Rule)
		}
	}

	req.TradeNo = "unknown"
	_, err = c.AlibabaNlifeB2cTradePay(ctx, req, top.WithSession("session-key"))
	var apiErr *top.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.SubCode, apiErr.SubMsg)
	}
	fmt.Println(len(gw.Requests()), "requests sent")
	// Output:
	// 2017-01-01 12:00:00 <nil>
	// fund_bill_list[0].type required
	// fund_bill_list[0].title required
	// fund_bill_list[0].amount required
	// fund_bill_list[0].currency required
	// picking_up required
	// gmt_payment required
	// trade_no,out_trade_no at_least_one_of
	// isv.trade-not-exist 交易不存在
	// 2 requests sent
}
