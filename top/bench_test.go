package top

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// Hand-written mirror of the generated alibaba.nlife.b2c.trade.pay types.

type benchFundBill struct {
	ID           string `json:"id,omitempty" top:"id"`
	Type         string `json:"type,omitempty" top:"type,required"`
	BuyerID      string `json:"buyer_id,omitempty" top:"buyer_id"`
	BuyerIDType  string `json:"buyer_id_type,omitempty" top:"buyer_id_type"`
	Title        string `json:"title,omitempty" top:"title,required"`
	Amount       *int64 `json:"amount,omitempty" top:"amount,required"`
	Currency     string `json:"currency,omitempty" top:"currency,required"`
	ExtendParams string `json:"extend_params,omitempty" top:"extend_params"`
	Attachment   string `json:"attachment,omitempty" top:"attachment"`
}

type benchPayRequest struct {
	TradeNo           string          `top:"trade_no,maxlen=64"`
	FundBillList      []benchFundBill `top:"fund_bill_list,maxitems=100"`
	PickingUp         string          `top:"picking_up,required"`
	Consignee         string          `top:"consignee,maxlen=64"`
	ConsigneePhoneNum string          `top:"consignee_phone_num,maxlen=32"`
	ConsigneeAddress  string          `top:"consignee_address,maxlen=256"`
	GmtPayment        time.Time       `top:"gmt_payment,required"`
	OutTradeNo        string          `top:"out_trade_no,maxlen=64"`
	ActualPayFee      *int64          `top:"actual_pay_fee"`
	StoreID           string          `top:"store_id"`
}

func (r *benchPayRequest) Validate() error { return Validate(r, r.ValidationRules()...) }

func (*benchPayRequest) ValidationRules() []Rule {
	return []Rule{AtLeastOneOf("trade_no", "out_trade_no")}
}

type benchPayResponse struct {
	GmtPayment   Time   `json:"gmt_payment,omitempty" xml:"gmt_payment,omitempty"`
	ExtendParams string `json:"extend_params,omitempty" xml:"extend_params,omitempty"`
}

const benchResponse = `{"alibaba_nlife_b2c_trade_pay_response":{"gmt_payment":"2017-01-01 12:00:00","extend_params":"{\"k1\":v1}"}}`

func benchRequest() *benchPayRequest {
	amount, fee := int64(180), int64(5000)
	return &benchPayRequest{
		TradeNo: "10000400000000045678",
		FundBillList: []benchFundBill{{
			ID: "2017022837483658463", Type: "ALIPAY", BuyerID: "294344535", BuyerIDType: "ALIPAY_OPENID",
			Title: "支付宝支付", Amount: &amount, Currency: "CNY", ExtendParams: `{"k1":v1;"k2":v2}`, Attachment: "gender:female",
		}},
		PickingUp:         "SELF_DELIVERY",
		Consignee:         "孙悟空",
		ConsigneePhoneNum: "0571-85022088",
		ConsigneeAddress:  "阿里巴巴西溪园区",
		GmtPayment:        time.Date(2017, 1, 20, 13, 0, 0, 0, gmt8),
		OutTradeNo:        "OT4392057438956",
		ActualPayFee:      &fee,
		StoreID:           "10004",
	}
}

func benchServer(b *testing.B) *httptest.Server {
	resp := []byte(benchResponse)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header()["Content-Type"] = []string{"application/json;charset=UTF-8"}
		_, _ = w.Write(resp)
	}))
	b.Cleanup(srv.Close)
	return srv
}

func BenchmarkSign(b *testing.B) {
	p := knownAnswerParams()
	b.ReportAllocs()
	for b.Loop() {
		if Sign(p, "helloworld", SignMD5) != "66987CB115214E59E6EC978214934FB8" {
			b.Fatal("bad sign")
		}
	}
}

func BenchmarkSignHMACSHA256(b *testing.B) {
	p := knownAnswerParams()
	b.ReportAllocs()
	for b.Loop() {
		Sign(p, "helloworld", SignHMACSHA256)
	}
}

func BenchmarkCall(b *testing.B) {
	srv := benchServer(b)
	c := NewClient("12345678", "helloworld", WithGateway(srv.URL), WithHTTPClient(srv.Client()))
	req := benchRequest()
	ctx := context.Background()
	call := Call{Method: "alibaba.nlife.b2c.trade.pay", Session: true}
	b.ReportAllocs()
	for b.Loop() {
		resp := new(benchPayResponse)
		if err := c.Do(ctx, call, req, resp, WithSession("test-session")); err != nil {
			b.Fatal(err)
		}
		if resp.ExtendParams == "" {
			b.Fatal("empty response")
		}
	}
}

func BenchmarkBarePOST(b *testing.B) {
	srv := benchServer(b)
	// Pre-encode the same body a Call sends.
	c := NewClient("12345678", "helloworld")
	ps := c.getParamSet()
	ps.addString("method", "alibaba.nlife.b2c.trade.pay")
	ps.addString("app_key", "12345678")
	ps.addString("timestamp", "2017-01-20 13:00:00")
	ps.addString("format", "json")
	ps.addString("v", "2.0")
	ps.addString("sign_method", "md5")
	ps.addString("session", "test-session")
	if err := c.encodeRequest(ps, benchRequest()); err != nil {
		b.Fatal(err)
	}
	ps.sort()
	ps.addString("sign", ps.sign("helloworld", SignMD5))
	body := ps.formBody()
	hc := srv.Client()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL, bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Content-Type", FormContentType)
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || len(data) == 0 {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidate(b *testing.B) {
	req := benchRequest()
	b.ReportAllocs()
	for b.Loop() {
		if err := req.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkClientValidate(b *testing.B) {
	c := NewClient("12345678", "helloworld")
	req := benchRequest()
	b.ReportAllocs()
	for b.Loop() {
		if err := c.validate(req); err != nil {
			b.Fatal(err)
		}
	}
}

// cannedTransport answers every request in memory, isolating the client's
// own CPU cost from the network.
type cannedTransport struct{ body []byte }

func (t cannedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	return &http.Response{StatusCode: 200, ContentLength: int64(len(t.body)), Body: io.NopCloser(bytes.NewReader(t.body)), Header: http.Header{}, Request: r}, nil
}

func BenchmarkCallNoNetwork(b *testing.B) {
	hc := &http.Client{Transport: cannedTransport{[]byte(benchResponse)}}
	c := NewClient("12345678", "helloworld", WithHTTPClient(hc))
	req := benchRequest()
	ctx := context.Background()
	call := Call{Method: "alibaba.nlife.b2c.trade.pay", Session: true}
	b.ReportAllocs()
	for b.Loop() {
		resp := new(benchPayResponse)
		if err := c.Do(ctx, call, req, resp, WithSession("test-session")); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBarePOSTNoNetwork(b *testing.B) {
	hc := &http.Client{Transport: cannedTransport{[]byte(benchResponse)}}
	body := bytes.Repeat([]byte("a"), 900)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ProductionGateway, bytes.NewReader(body))
		req.Header.Set("Content-Type", FormContentType)
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
}
