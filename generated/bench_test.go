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

// cannedTransport answers every request in memory with the nlife
// response; with last set, it keeps the query and body of the first request.
type cannedTransport struct{ last *[2]string }

func (t cannedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	body, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if t.last != nil && t.last[0] == "" {
		*t.last = [2]string{r.URL.RawQuery, string(body)}
	}
	return &http.Response{StatusCode: 200, ContentLength: int64(len(nlifeBody)), Header: http.Header{},
		Body: io.NopCloser(strings.NewReader(nlifeBody)), Request: r}, nil
}

// benchNoNetwork runs call against the canned transport, with warm caches
// and with cold ones: before each cold call, 8 MiB of memory is written,
// as the kernel and the server do between two calls over the network. The
// cold time (cold-ns/op) is the call's alone.
func benchNoNetwork(b *testing.B, call func() error) {
	b.Run("warm", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := call(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cold", func(b *testing.B) {
		junk := make([]byte, 8<<20)
		var d time.Duration
		for b.Loop() {
			for i := 0; i < len(junk); i += 64 {
				junk[i]++
			}
			start := time.Now()
			if err := call(); err != nil {
				b.Fatal(err)
			}
			d += time.Since(start)
		}
		b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "cold-ns/op")
	})
}

// BenchmarkNlifeCallNoNetwork is the client's own cost of a call: the full
// call of BenchmarkNlifeCall on a transport that answers in memory.
func BenchmarkNlifeCallNoNetwork(b *testing.B) {
	req, ctx := nlifeRequest(), context.Background()
	c := nlife.NewClient(appKey, secret, top.WithHTTPClient(&http.Client{Transport: cannedTransport{}}))
	benchNoNetwork(b, func() error {
		_, err := c.AlibabaNlifeB2cTradePay(ctx, req, top.WithSession("session"))
		return err
	})
}

// BenchmarkNlifeBarePOSTNoNetwork is the same for a bare net/http POST of
// the call's query and body, read whole.
func BenchmarkNlifeBarePOSTNoNetwork(b *testing.B) {
	var last [2]string
	ctx := context.Background()
	c := nlife.NewClient(appKey, secret, top.WithHTTPClient(&http.Client{Transport: cannedTransport{&last}}))
	if _, err := c.AlibabaNlifeB2cTradePay(ctx, nlifeRequest(), top.WithSession("session")); err != nil {
		b.Fatal(err)
	}
	hc := &http.Client{Transport: cannedTransport{}}
	benchNoNetwork(b, func() error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, top.ProductionGateway+"?"+last[0], strings.NewReader(last[1]))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", top.FormContentType)
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		_, err = io.ReadAll(resp.Body)
		return err
	})
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
