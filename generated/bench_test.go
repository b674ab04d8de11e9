package generated_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/topgen/topgen/generated/nlife"
	"github.com/topgen/topgen/top"
)

const nlifeBody = `{"alibaba_nlife_b2c_trade_pay_response":{"gmt_payment":"2017-01-01 12:00:00","extend_params":"{\"k1\":v1}","request_id":"rid"}}`

// nlifeRequest is the request of the page's Java example.
func nlifeRequest() *nlife.AlibabaNlifeB2cTradePayRequest {
	n := func(v int64) *int64 { return &v }
	return &nlife.AlibabaNlifeB2cTradePayRequest{
		TradeNo: "10000400000000045678",
		FundBillList: []nlife.AlibabaNlifeB2cTradePayRequest_FundBillList{{
			ID: "2017022837483658463", Type: "ALIPAY", BuyerID: "294344535", BuyerIDType: "ALIPAY_OPENID",
			Title: "支付宝支付", Amount: n(180), Currency: "CNY", ExtendParams: `{"k1":v1;"k2":v2}`, Attachment: "gender:female",
		}},
		PickingUp:         "SELF_DELIVERY",
		Consignee:         "孙悟空",
		ConsigneePhoneNum: "0571-85022088",
		ConsigneeAddress:  "阿里巴巴西溪园区",
		GmtPayment:        time.Date(2017, 1, 20, 13, 0, 0, 0, time.FixedZone("GMT+8", 8*3600)),
		OutTradeNo:        "OT4392057438956",
		ActualPayFee:      n(5000),
		StoreID:           "10004",
	}
}

// benchServer answers every POST with the nlife response and keeps the
// last request body, so that the bare POST can send the very same bytes.
func benchServer(b *testing.B) (*httptest.Server, func() string) {
	var mu sync.Mutex
	var last string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		if last == "" {
			last = r.URL.RawQuery + "\x00" + string(body)
		}
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		_, _ = io.WriteString(w, nlifeBody)
	}))
	b.Cleanup(srv.Close)
	return srv, func() string { mu.Lock(); defer mu.Unlock(); return last }
}

// BenchmarkNlifeCall is one full call of alibaba.nlife.b2c.trade.pay through
// the generated client: validate, build params, sign, POST to a loopback
// server, decode.
func BenchmarkNlifeCall(b *testing.B) {
	srv, _ := benchServer(b)
	c := nlife.NewClient(appKey, secret, top.WithGateway(srv.URL), top.WithHTTPClient(srv.Client()))
	req := nlifeRequest()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		resp, err := c.AlibabaNlifeB2cTradePay(ctx, req, top.WithSession("session"))
		if err != nil || resp.ExtendParams == "" {
			b.Fatal(resp, err)
		}
	}
}

// BenchmarkNlifeBarePOST posts the same bytes with plain net/http to the
// same kind of server and reads the body: the floor the call is measured against.
func BenchmarkNlifeBarePOST(b *testing.B) {
	srv, last := benchServer(b)
	c := nlife.NewClient(appKey, secret, top.WithGateway(srv.URL), top.WithHTTPClient(srv.Client()))
	if _, err := c.AlibabaNlifeB2cTradePay(context.Background(), nlifeRequest(), top.WithSession("session")); err != nil {
		b.Fatal(err)
	}
	query, body, _ := strings.Cut(last(), "\x00")
	target := srv.URL
	if query != "" {
		target += "?" + query
	}
	if _, err := url.ParseQuery(body); err != nil {
		b.Fatal(err)
	}
	hc := srv.Client()
	b.ReportAllocs()
	for b.Loop() {
		resp, err := hc.Post(target, "application/x-www-form-urlencoded;charset=UTF-8", strings.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
	}
}

// BenchmarkNlifeValidate is the generated Validate of the page's example
// request (valid: no allocation).
func BenchmarkNlifeValidate(b *testing.B) {
	req := nlifeRequest()
	b.ReportAllocs()
	for b.Loop() {
		if err := req.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestNlifeValidateDoesNotAllocate: a valid request validates without a
// single allocation.
func TestNlifeValidateDoesNotAllocate(t *testing.T) {
	req := nlifeRequest()
	if err := req.Validate(); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() { _ = req.Validate() }); n != 0 {
		t.Fatalf("Validate allocates %v times", n)
	}
}
