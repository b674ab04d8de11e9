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

type benchPayResponse struct {
	GmtPayment   Time   `json:"gmt_payment,omitempty" xml:"gmt_payment,omitempty"`
	ExtendParams string `json:"extend_params,omitempty" xml:"extend_params,omitempty"`
}

const benchResponse = `{"alibaba_nlife_b2c_trade_pay_response":{"gmt_payment":"2017-01-01 12:00:00","extend_params":"{\"k1\":v1}"}}`

// benchRequest is a request shaped like the generated nlife one (the
// benchmarks of the generated package measure that one itself).
func benchRequest() *payRequest {
	amount, fee := int64(180), int64(5000)
	return &payRequest{
		TradeNo:      "10000400000000045678",
		FundBillList: []payFundBill{{FundChannel: "ALIPAY", Amount: &amount}},
		PickingUp:    "SELF_DELIVERY",
		GmtPayment:   time.Date(2017, 1, 20, 13, 0, 0, 0, gmt8),
		ActualPayFee: &fee,
		Tags:         []string{"孙悟空", "0571-85022088"},
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

// benchSign signs the known-answer parameters, sorted once, as each
// attempt of a call does.
func benchSign(b *testing.B, m SignMethod) {
	var ps Params
	for k, v := range knownAnswerParams() {
		ps.String(k, v)
	}
	ps.sort()
	var out [64]byte
	b.ReportAllocs()
	for b.Loop() {
		ps.signTo(&out, "helloworld", m)
	}
}

func BenchmarkSign(b *testing.B)           { benchSign(b, SignMD5) }
func BenchmarkSignHMACSHA256(b *testing.B) { benchSign(b, SignHMACSHA256) }

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

func BenchmarkValidate(b *testing.B) {
	req := benchRequest()
	b.ReportAllocs()
	for b.Loop() {
		if err := req.Validate(); err != nil {
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
