package top

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/top/toptest"
)

const testSecret = "helloworld-secret"

// gwRequest is what the fake gateway received.
type gwRequest struct {
	Params      map[string]string // query and body merged
	Files       map[string][]byte
	FileNames   map[string]string
	ContentType string
	SignOK      bool
}

// newGateway starts a loopback fake TOP gateway that parses the request,
// checks the signature (excluding files) and answers with respond.
func newGateway(t testing.TB, respond func(w http.ResponseWriter, r *gwRequest)) (*httptest.Server, *[]*gwRequest) {
	var mu sync.Mutex
	var seen []*gwRequest
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g := &gwRequest{Params: map[string]string{}, Files: map[string][]byte{}, FileNames: map[string]string{}, ContentType: r.Header.Get("Content-Type")}
		if strings.HasPrefix(g.ContentType, "multipart/") {
			if err := r.ParseMultipartForm(1 << 20); err != nil {
				http.Error(w, err.Error(), 400)
				return
			}
			for k, fhs := range r.MultipartForm.File {
				f, _ := fhs[0].Open()
				b, _ := io.ReadAll(f)
				f.Close()
				g.Files[k] = b
				g.FileNames[k] = fhs[0].Filename
			}
		} else if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		for k, v := range r.Form {
			g.Params[k] = v[0]
		}
		g.SignOK = sign(g.Params, testSecret, SignMethod(g.Params["sign_method"])) == g.Params["sign"]
		mu.Lock()
		seen = append(seen, g)
		mu.Unlock()
		respond(w, g)
	}))
	t.Cleanup(srv.Close)
	return srv, &seen
}

func fixed(body string) func(w http.ResponseWriter, r *gwRequest) {
	return func(w http.ResponseWriter, r *gwRequest) { io.WriteString(w, body) }
}

type payFundBill struct {
	FundChannel string `json:"fund_channel,omitempty"`
	Amount      *int64 `json:"amount,omitempty"`
}

func (o *payFundBill) check(v *Validator) {
	v.Required("fund_channel", !IsBlank(o.FundChannel))
	v.Required("amount", o.Amount != nil)
	v.Int("amount", o.Amount, "0", "")
}

type payParam struct {
	OrderID string `json:"order_id,omitempty"`
}

// payRequest is written the way gen writes a request.
type payRequest struct {
	TradeNo      string
	FundBillList []payFundBill
	PickingUp    string
	GmtPayment   time.Time
	ActualPayFee *int64
	Flag         *bool
	Price        Decimal
	Tags         []string
	Ids          []int64
	Extra        JSON
	Props        map[string]any
	Pay          *payParam
	Blank        string
	Image        *File
	Images       []*File
}

func (r *payRequest) Validate() error {
	v := new(Validator)
	v.MaxLen("trade_no", r.TradeNo, 64)
	v.MaxItems("fund_bill_list", len(r.FundBillList), 100)
	v.Enter("fund_bill_list")
	for i := range r.FundBillList {
		v.At(i)
		r.FundBillList[i].check(v)
	}
	v.Leave()
	v.Required("picking_up", !IsBlank(r.PickingUp))
	v.Text("price", string(r.Price), "0", "")
	v.MaxItems("tags", len(r.Tags), 20)
	return v.Err()
}

func (r *payRequest) EncodeParams(p *Params) {
	p.Int("actual_pay_fee", r.ActualPayFee)
	p.String("blank", r.Blank)
	p.JSON("extra", r.Extra)
	p.Bool("flag", r.Flag)
	p.Object("fund_bill_list", &r.FundBillList)
	p.Time("gmt_payment", r.GmtPayment)
	p.Ints("ids", r.Ids)
	p.File("image", r.Image)
	p.Files("images", r.Images)
	p.Object("pay_param", &r.Pay)
	p.String("picking_up", r.PickingUp)
	p.String("price", string(r.Price))
	p.Object("props", &r.Props)
	Strings(p, "tags", r.Tags)
	p.String("trade_no", r.TradeNo)
}

type payRespBill struct {
	FundChannel string `json:"fund_channel" xml:"fund_channel"`
	Amount      Int    `json:"amount" xml:"amount"`
}

type payResponse struct {
	GmtPayment   Time              `json:"gmt_payment,omitempty" xml:"gmt_payment,omitempty"`
	ExtendParams string            `json:"extend_params,omitempty" xml:"extend_params,omitempty"`
	Count        Int               `json:"count,omitempty" xml:"count,omitempty"`
	Ok           Bool              `json:"ok,omitempty" xml:"ok,omitempty"`
	Fee          Decimal           `json:"fee,omitempty" xml:"fee,omitempty"`
	Raw          JSON              `json:"raw,omitempty" xml:"raw,omitempty"`
	Bills        List[payRespBill] `json:"bills,omitempty" xml:"bills,omitempty"`
	Nums         List[Int]         `json:"nums,omitempty" xml:"nums,omitempty"`
}

var payCall = Call{Method: "alibaba.nlife.b2c.trade.pay", Session: true}

func newTestClient(srv *httptest.Server, opts ...Option) *Client {
	base := []Option{WithGateway(srv.URL), WithHTTPClient(srv.Client())}
	return NewClient("12345678", testSecret, append(base, opts...)...)
}

func TestDoEncodesAndSigns(t *testing.T) {
	srv, seen := newGateway(t, fixed(`{"alibaba_nlife_b2c_trade_pay_response":{"count":"9007199254740993","request_id":"abc"}}`))
	ny := time.FixedZone("EST", -5*3600)
	clock := func() time.Time { return time.Date(2016, 1, 1, 0, 0, 0, 0, ny) }
	c := newTestClient(srv, withClock(clock), WithPartnerID("top-sdk-go"), WithSimplify(false))
	fee, flag := int64(0), false
	gp := time.Date(2017, 1, 1, 4, 0, 0, 0, time.UTC)
	req := &payRequest{
		TradeNo:      "T 1&ü",
		FundBillList: []payFundBill{{FundChannel: "ALIPAY", Amount: i64(100)}},
		PickingUp:    "yes",
		GmtPayment:   gp,
		ActualPayFee: &fee,
		Flag:         &flag,
		Price:        "0.1000000000000000055511151231257827",
		Tags:         []string{"a", "b"},
		Ids:          []int64{1, 9007199254740993},
		Extra:        JSON(`{"k":1}`),
		Props:        map[string]any{"x": "y"},
		Pay:          &payParam{OrderID: "o1"},
		Blank:        "   ",
	}
	var resp payResponse
	require.NoError(t, c.Do(context.Background(), payCall, req, &resp, WithSession("sess"), WithTargetAppKey("999")))
	assert.Equal(t, Int(9007199254740993), resp.Count)
	require.Len(t, *seen, 1)
	g := (*seen)[0]
	assert.True(t, g.SignOK)
	assert.Equal(t, "application/x-www-form-urlencoded;charset=UTF-8", g.ContentType)
	p := g.Params
	assert.Equal(t, "2016-01-01 13:00:00", p["timestamp"]) // GMT+8 from an EST clock
	assert.Equal(t, map[string]string{
		"method": "alibaba.nlife.b2c.trade.pay", "app_key": "12345678", "timestamp": "2016-01-01 13:00:00",
		"format": "json", "v": "2.0", "sign_method": "md5", "sign": p["sign"], "session": "sess",
		"partner_id": "top-sdk-go", "target_app_key": "999",
		"trade_no": "T 1&ü", "fund_bill_list": `[{"fund_channel":"ALIPAY","amount":100}]`, "picking_up": "yes",
		"gmt_payment": "2017-01-01 12:00:00", "actual_pay_fee": "0", "flag": "false",
		"price": "0.1000000000000000055511151231257827", "tags": "a,b", "ids": "1,9007199254740993",
		"extra": `{"k":1}`, "props": `{"x":"y"}`, "pay_param": `{"order_id":"o1"}`,
	}, p)
	_, hasBlank := p["blank"]
	assert.False(t, hasBlank)
	assert.Len(t, p["sign"], 32)
}

func TestDoTimestampOtherZone(t *testing.T) {
	// The zone of the clock's time (here a US Pacific one) must not matter:
	// the timestamp is always rendered in GMT+8.
	pst := time.FixedZone("PST", -8*3600)
	srv, seen := newGateway(t, fixed(`{"x_response":{}}`))
	c := newTestClient(srv, withClock(func() time.Time { return time.Date(2020, 2, 29, 23, 30, 0, 0, pst) }))
	require.NoError(t, c.Do(context.Background(), Call{Method: "x"}, nil, nil))
	assert.Equal(t, "2020-03-01 15:30:00", (*seen)[0].Params["timestamp"])
}

func TestDoSignMethods(t *testing.T) {
	for _, m := range []SignMethod{SignMD5, SignHMAC, SignHMACSHA256} {
		srv, seen := newGateway(t, fixed(`{"x_response":{}}`))
		c := newTestClient(srv, WithSignMethod(m))
		require.NoError(t, c.Do(context.Background(), Call{Method: "x"}, &payRequest{PickingUp: "p"}, nil))
		assert.True(t, (*seen)[0].SignOK, m)
		assert.Equal(t, string(m), (*seen)[0].Params["sign_method"])
	}
}

func TestDoMultipart(t *testing.T) {
	srv, seen := newGateway(t, fixed(`{"x_response":{}}`))
	c := newTestClient(srv, WithSimplify(true))
	content := []byte{0, 1, 2, 0xff, 'P', 'N', 'G'}
	req := &payRequest{PickingUp: "p", Image: &File{Name: "pic.png", Content: content},
		Images: []*File{{Name: "a.txt", Content: []byte("A")}, {Name: "b.txt", Reader: strings.NewReader("B")}}}
	require.NoError(t, c.Do(context.Background(), Call{Method: "taobao.picture.upload"}, req, nil))
	g := (*seen)[0]
	assert.True(t, strings.HasPrefix(g.ContentType, "multipart/form-data;charset=UTF-8;boundary="), g.ContentType)
	assert.Equal(t, content, g.Files["image"])
	assert.Equal(t, "pic.png", g.FileNames["image"])
	assert.Equal(t, "true", g.Params["simplify"])
	_, fileInParams := g.Params["image"]
	assert.False(t, fileInParams)
	// The gateway's signature check (over non-file params only) passed.
	assert.True(t, g.SignOK)
	// And it would fail if the file had been signed.
	withFile := map[string]string{"image": string(content)}
	for k, v := range g.Params {
		withFile[k] = v
	}
	assert.NotEqual(t, g.Params["sign"], sign(withFile, testSecret, SignMD5))
}

func TestDoResponseForms(t *testing.T) {
	cases := []struct {
		name     string
		opts     []CallOption
		body     string
		simplify bool
	}{
		{"json", nil, `{"alibaba_nlife_b2c_trade_pay_response":{"gmt_payment":"2017-01-01 12:00:00","extend_params":"{\"k1\":v1}","count":3,"ok":"true","fee":12.30,"raw":{"a":[1]},"bills":{"bill":[{"fund_channel":"A","amount":"1"},{"fund_channel":"B","amount":2}]},"nums":{"number":[7]},"request_id":"r"}}`, false},
		{"simplify", []CallOption{WithCallSimplify(true)}, `{"gmt_payment":"2017-01-01 12:00:00","extend_params":"{\"k1\":v1}","count":"3","ok":true,"fee":"12.30","raw":"{\"a\":[1]}","bills":[{"fund_channel":"A","amount":1},{"fund_channel":"B","amount":"2"}],"nums":[7]}`, true},
		{"nowrapper", nil, `{"gmt_payment":"2017-01-01 12:00:00","extend_params":"{\"k1\":v1}","count":3,"ok":true,"fee":"12.30","raw":{"a":[1]},"bills":[{"fund_channel":"A","amount":1},{"fund_channel":"B","amount":2}],"nums":[7]}`, false},
		{"xml", []CallOption{WithCallFormat(FormatXML)}, `<?xml version="1.0" encoding="utf-8" ?><alibaba_nlife_b2c_trade_pay_response><gmt_payment>2017-01-01 12:00:00</gmt_payment><extend_params>{"k1":v1}</extend_params><count>3</count><ok>true</ok><fee>12.30</fee><raw>{"a":[1]}</raw><bills><bill><fund_channel>A</fund_channel><amount>1</amount></bill><bill><fund_channel>B</fund_channel><amount>2</amount></bill></bills><nums><number>7</number></nums><request_id>r</request_id></alibaba_nlife_b2c_trade_pay_response><!--top011-->`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, seen := newGateway(t, fixed(tc.body))
			c := newTestClient(srv)
			var resp payResponse
			opts := append([]CallOption{WithSession("s")}, tc.opts...)
			require.NoError(t, c.Do(context.Background(), payCall, &payRequest{PickingUp: "p"}, &resp, opts...))
			assert.True(t, time.Date(2017, 1, 1, 4, 0, 0, 0, time.UTC).Equal(resp.GmtPayment.Time))
			assert.Equal(t, `{"k1":v1}`, resp.ExtendParams)
			assert.Equal(t, Int(3), resp.Count)
			assert.True(t, bool(resp.Ok))
			assert.Equal(t, Decimal("12.30"), resp.Fee)
			assert.JSONEq(t, `{"a":[1]}`, string(resp.Raw))
			assert.Equal(t, List[payRespBill]{{"A", 1}, {"B", 2}}, resp.Bills)
			assert.Equal(t, List[Int]{7}, resp.Nums)
			if tc.simplify {
				assert.Equal(t, "true", (*seen)[0].Params["simplify"])
			}
		})
	}
}

func TestDoErrorResponse(t *testing.T) {
	bodies := map[string]struct {
		body string
		opts []CallOption
	}{
		"json":     {`{"error_response":{"code":50,"msg":"Remote service error","sub_code":"isv.invalid-parameter","sub_msg":"bad","request_id":"rid1"}}`, nil},
		"jsonstr":  {`{"error_response":{"code":"50","msg":"Remote service error","sub_code":"isv.invalid-parameter","sub_msg":"bad","request_id":"rid1"}}`, nil},
		"simplify": {`{"error_response":{"code":50,"msg":"Remote service error","sub_code":"isv.invalid-parameter","sub_msg":"bad","request_id":"rid1"}}`, []CallOption{WithCallSimplify(true)}},
		"xml":      {`<?xml version="1.0" encoding="utf-8" ?><error_response><code>50</code><msg>Remote service error</msg><sub_code>isv.invalid-parameter</sub_code><sub_msg>bad</sub_msg><request_id>rid1</request_id></error_response>`, []CallOption{WithCallFormat(FormatXML)}},
	}
	for name, tc := range bodies {
		t.Run(name, func(t *testing.T) {
			srv, _ := newGateway(t, fixed(tc.body))
			c := newTestClient(srv)
			var resp payResponse
			err := c.Do(context.Background(), Call{Method: "m.x"}, nil, &resp, tc.opts...)
			var te *Error
			require.True(t, errors.As(err, &te), "%v", err)
			assert.Equal(t, &Error{Method: "m.x", Code: 50, Msg: "Remote service error", SubCode: "isv.invalid-parameter", SubMsg: "bad", RequestID: "rid1"}, te)
			assert.Contains(t, err.Error(), "isv.invalid-parameter")
			assert.NotContains(t, err.Error(), testSecret)
		})
	}
}

func TestDoMalformedAndStatus(t *testing.T) {
	cases := map[string]struct {
		status int
		body   string
		format Format
		check  func(t *testing.T, err error)
	}{
		"truncated json": {200, `{"x_response":{"count":`, FormatJSON, func(t *testing.T, err error) {
			var de *DecodeError
			require.True(t, errors.As(err, &de))
		}},
		"html": {200, `<html>oops</html>`, FormatJSON, func(t *testing.T, err error) {
			var de *DecodeError
			require.True(t, errors.As(err, &de))
			assert.Contains(t, err.Error(), "oops")
		}},
		"bad field": {200, `{"x_response":{"count":"99999999999999999999"}}`, FormatJSON, func(t *testing.T, err error) {
			var de *DecodeError
			require.True(t, errors.As(err, &de))
		}},
		"bad xml": {200, `<x_response><count>1</cou`, FormatXML, func(t *testing.T, err error) {
			var de *DecodeError
			require.True(t, errors.As(err, &de))
		}},
		"502": {502, `Bad Gateway from nginx`, FormatJSON, func(t *testing.T, err error) {
			var he *HTTPError
			require.True(t, errors.As(err, &he))
			assert.Equal(t, 502, he.StatusCode)
			assert.Contains(t, err.Error(), "Bad Gateway")
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			srv, _ := newGateway(t, func(w http.ResponseWriter, r *gwRequest) {
				w.WriteHeader(tc.status)
				io.WriteString(w, tc.body)
			})
			c := newTestClient(srv, WithFormat(tc.format))
			var resp payResponse
			err := c.Do(context.Background(), Call{Method: "m.bad"}, nil, &resp)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "m.bad")
			assert.NotContains(t, err.Error(), testSecret)
			tc.check(t, err)
		})
	}
}

func TestDoOversized(t *testing.T) {
	big := `{"x_response":{"raw":"` + strings.Repeat("a", 5000) + `"}}`
	for _, chunked := range []bool{false, true} {
		srv, _ := newGateway(t, func(w http.ResponseWriter, r *gwRequest) {
			if !chunked {
				w.Header().Set("Content-Length", fmt.Sprint(len(big)))
			}
			io.WriteString(w, big)
			if chunked {
				w.(http.Flusher).Flush()
			}
		})
		c := newTestClient(srv, WithMaxBodySize(1000))
		err := c.Do(context.Background(), Call{Method: "m.big"}, nil, &payResponse{})
		require.ErrorIs(t, err, ErrResponseTooLarge)
		assert.Contains(t, err.Error(), "m.big")
		c = newTestClient(srv, WithMaxBodySize(int64(len(big))))
		require.NoError(t, c.Do(context.Background(), Call{Method: "m.big"}, nil, &payResponse{}))
	}
}

func TestDoValidationAndSession(t *testing.T) {
	srv, seen := newGateway(t, fixed(`{"x_response":{}}`))
	c := newTestClient(srv)
	err := c.Do(context.Background(), payCall, &payRequest{TradeNo: strings.Repeat("x", 65)}, nil, WithSession("s"))
	var ve *ValidationError
	require.True(t, errors.As(err, &ve))
	assert.Len(t, ve.Errors, 2)
	err = c.Do(context.Background(), payCall, &payRequest{PickingUp: "p"}, nil)
	assert.ErrorIs(t, err, ErrSessionRequired)
	assert.Empty(t, *seen)
}

func TestDoCancellation(t *testing.T) {
	release := make(chan struct{})
	srv, _ := newGateway(t, func(w http.ResponseWriter, r *gwRequest) {
		<-release
	})
	defer close(release)
	c := newTestClient(srv)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	start := time.Now()
	err := c.Do(ctx, Call{Method: "m.slow"}, nil, nil)
	require.ErrorIs(t, err, context.Canceled)
	assert.Less(t, time.Since(start), 2*time.Second)

	ctx, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	err = c.Do(ctx, Call{Method: "m.slow"}, nil, nil)
	require.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestDoRetries(t *testing.T) {
	var n atomic.Int32
	srv, _ := newGateway(t, func(w http.ResponseWriter, r *gwRequest) {
		n.Add(1)
		io.WriteString(w, `{"error_response":{"code":15,"msg":"Remote service error","sub_code":"isp.unknown-error"}}`)
	})
	c := newTestClient(srv, WithRetry(RetryPolicy{MaxAttempts: 3, Backoff: time.Millisecond}))
	err := c.Do(context.Background(), Call{Method: "m"}, nil, nil)
	var te *Error
	require.True(t, errors.As(err, &te))
	assert.Equal(t, int32(3), n.Load())

	// isv.* is never retried.
	n.Store(0)
	srv2, _ := newGateway(t, func(w http.ResponseWriter, r *gwRequest) {
		n.Add(1)
		io.WriteString(w, `{"error_response":{"code":15,"msg":"x","sub_code":"isv.missing-parameter"}}`)
	})
	c2 := newTestClient(srv2, WithRetry(RetryPolicy{MaxAttempts: 3}))
	require.Error(t, c2.Do(context.Background(), Call{Method: "m"}, nil, nil))
	assert.Equal(t, int32(1), n.Load())

	// Off by default.
	n.Store(0)
	c3 := newTestClient(srv)
	require.Error(t, c3.Do(context.Background(), Call{Method: "m"}, nil, nil))
	assert.Equal(t, int32(1), n.Load())

	// isp then success.
	n.Store(0)
	srv4, _ := newGateway(t, func(w http.ResponseWriter, r *gwRequest) {
		if n.Add(1) < 2 {
			io.WriteString(w, `{"error_response":{"code":15,"sub_code":"isp.timeout"}}`)
			return
		}
		io.WriteString(w, `{"m_response":{"count":1}}`)
	})
	c4 := newTestClient(srv4, WithRetry(RetryPolicy{MaxAttempts: 5}))
	var resp payResponse
	require.NoError(t, c4.Do(context.Background(), Call{Method: "m"}, nil, &resp))
	assert.Equal(t, Int(1), resp.Count)
	assert.Equal(t, int32(2), n.Load())
}

func TestDoRetryTransportError(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) < 3 {
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			conn.Close() // abrupt close: transport error
			return
		}
		io.WriteString(w, `{"m_response":{"count":2}}`)
	}))
	defer srv.Close()
	c := newTestClient(srv, WithRetry(RetryPolicy{MaxAttempts: 3, Backoff: time.Millisecond}))
	var resp payResponse
	require.NoError(t, c.Do(context.Background(), Call{Method: "m"}, nil, &resp))
	assert.Equal(t, Int(2), resp.Count)
	assert.Equal(t, int32(3), n.Load())

	// Without retries the transport error surfaces.
	n.Store(0)
	c = newTestClient(srv)
	err := c.Do(context.Background(), Call{Method: "m"}, nil, &resp)
	var te *TransportError
	require.True(t, errors.As(err, &te), "%v", err)
	assert.NotContains(t, err.Error(), testSecret)

	// ctx honoured during backoff.
	n.Store(-100)
	c = newTestClient(srv, WithRetry(RetryPolicy{MaxAttempts: 10, Backoff: time.Hour}))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	require.Error(t, c.Do(ctx, Call{Method: "m"}, nil, &resp))
	assert.Less(t, time.Since(start), 5*time.Second)
}

func TestDoConcurrent(t *testing.T) {
	srv, seen := newGateway(t, func(w http.ResponseWriter, r *gwRequest) {
		fmt.Fprintf(w, `{"x_response":{"count":%q,"ok":%v}}`, r.Params["trade_no"], r.SignOK)
	})
	c := newTestClient(srv, WithSignMethod(SignHMACSHA256))
	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				id := g*1000 + i
				var resp payResponse
				req := &payRequest{TradeNo: fmt.Sprint(id), PickingUp: "p", Ids: []int64{int64(id)},
					FundBillList: []payFundBill{{FundChannel: "c", Amount: i64(int64(i))}}}
				if err := c.Do(context.Background(), Call{Method: "x"}, req, &resp); err != nil {
					errs <- err
					continue
				}
				if resp.Count != Int(id) || !resp.Ok {
					errs <- fmt.Errorf("mismatch %d: %+v", id, resp)
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.Len(t, *seen, 400)
}

func TestQueryEscapeMatchesStdlib(t *testing.T) {
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	for _, s := range []string{"a b&c=d", "ü😀", "~-_.!*'()", "{\"k\":[1]}", "%+/", string(all), ""} {
		assert.Equal(t, url.QueryEscape(s), string(appendEscaped(nil, s)))
		assert.Equal(t, "x"+url.QueryEscape(s), string(appendEscaped([]byte("x"), []byte(s))))
	}
}

func TestFormBody(t *testing.T) {
	var ps Params
	ps.String("a b", "x&y")
	ps.String("c", "ü 😀")
	start := len(ps.arena)
	ps.arena = append(ps.arena, "{\"k\":[1]}"...)
	ps.addArena("d", start)
	ps.String("e", "  ")
	ps.sort()
	assert.Equal(t, "a+b=x%26y&c=%C3%BC+%F0%9F%98%80&d=%7B%22k%22%3A%5B1%5D%7D", string(ps.appendForm(nil, false)))
	assert.Empty(t, (&Params{}).appendForm(nil, false))
}

func TestErrorDoesNotLeakSecret(t *testing.T) {
	c := NewClient("k", testSecret, WithGateway("http://127.0.0.1:1/router/rest"))
	err := c.Do(context.Background(), Call{Method: "m"}, nil, nil, WithSession("the-session"))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), testSecret)
	assert.NotContains(t, err.Error(), "the-session", "the query (session, sign) is not in transport errors")
	assert.NotContains(t, err.Error(), "sign=")
	c = NewClient("k", testSecret, WithGateway("::bad::"))
	err = c.Do(context.Background(), Call{Method: "m"}, nil, nil)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), testSecret)
	_ = json.Valid
}

// TestRedirectResendsBody checks that the request built without
// http.NewRequest keeps GetBody: a 307 redirect resends the whole body.
func TestRedirectResendsBody(t *testing.T) {
	var mu sync.Mutex
	var bodies []string
	var hosts []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		hosts = append(hosts, r.Host)
		mu.Unlock()
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusTemporaryRedirect)
			return
		}
		_, _ = io.WriteString(w, `{"x_response":{}}`)
	}))
	defer srv.Close()
	c := NewClient("k", "s", WithGateway(srv.URL+"/old"), WithHTTPClient(srv.Client()))
	for range 2 {
		require.NoError(t, c.Do(context.Background(), Call{Method: "m"}, nil, nil, WithParam("p", "中 文&=")))
	}
	require.Len(t, bodies, 4)
	assert.Equal(t, bodies[0], bodies[1])
	assert.Contains(t, bodies[0], "p=%E4%B8%AD+%E6%96%87%26%3D")
	assert.Equal(t, strings.TrimPrefix(srv.URL, "http://"), hosts[0])
	assert.Equal(t, srv.URL+"/old", c.gwURL.String(), "the parsed gateway is never modified")
}

// A WithParam that names a system parameter is refused, not sent twice or unsigned.
func TestWithParamDuplicateRefused(t *testing.T) {
	c := NewClient("k", "s", WithGateway("http://127.0.0.1:1/never"))
	for _, k := range []string{"method", "sign", "simplify", "partner_id"} { // set or not by the client
		err := c.Do(context.Background(), Call{Method: "m"}, nil, nil, WithParam(k, "other"))
		require.Error(t, err, k)
		assert.Contains(t, err.Error(), `WithParam("`+k+`"): a system parameter`, k)
	}
	// A business parameter set twice, a text and a file part included;
	// a list of files repeats its key.
	img := &File{Name: "a.png", Content: []byte("png")}
	for _, k := range []string{"trade_no", "image", "images"} {
		req := &payRequest{PickingUp: "p", TradeNo: "t", Image: img, Images: []*File{img, img}}
		err := c.Do(context.Background(), Call{Method: "m"}, req, nil, WithParam(k, "other"))
		require.Error(t, err, k)
		assert.Contains(t, err.Error(), `parameter "`+k+`" is set twice`, k)
	}
	req := &payRequest{PickingUp: "p", Images: []*File{img, img, img}}
	err := c.Do(context.Background(), Call{Method: "m"}, req, nil)
	var te *TransportError
	require.ErrorAs(t, err, &te, "three files of one list are sent") // to a closed port
}

// A file name cannot add multipart header lines.
func TestMultipartNameCannotInjectHeaders(t *testing.T) {
	assert.Equal(t, `a%0D%0AContent-Type: x \"q\"`, quoteEscaper.Replace("a\r\nContent-Type: x \"q\""))
}

// The client lays a call out as the Java SDK does; toptest's gateway
// refuses any other layout (HTTP 400), so these calls fail on a regression.
func TestDoJavaSDKLayout(t *testing.T) {
	gw := toptest.New(testSecret, func(r *toptest.Request) (string, []byte) {
		return "application/json;charset=UTF-8", []byte(`{"x_response":{"count":1}}`)
	})
	defer gw.Close()
	c := NewClient("12345678", testSecret, WithGateway(gw.URL), WithPartnerID("p"), WithSimplify(true))
	req := &payRequest{PickingUp: "p", TradeNo: "t"}
	require.NoError(t, c.Do(context.Background(), payCall, req, nil, WithSession("s"), WithTargetAppKey("9"), WithParam("extra", "e")))
	g := gw.Last()
	assert.Empty(t, g.Layout)
	assert.True(t, g.SignOK)
	assert.Equal(t, "application/x-www-form-urlencoded", g.ContentType)
	for _, k := range []string{"method", "app_key", "session", "timestamp", "v", "sign_method", "sign", "format", "simplify", "partner_id", "target_app_key"} {
		assert.NotEmpty(t, g.Params[k], k)
	}
	assert.Equal(t, "t", g.Params["trade_no"])
	assert.Equal(t, "e", g.Params["extra"])

	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	req.Image = &File{Name: "photo.jpg", Content: []byte{0xff, 0xd8, 0xff}}
	req.Images = []*File{{Name: "blob", Content: png}}
	require.NoError(t, c.Do(context.Background(), payCall, req, nil, WithSession("s")))
	g = gw.Last()
	assert.Empty(t, g.Layout)
	assert.True(t, g.SignOK)
	assert.Equal(t, "multipart/form-data", g.ContentType)
	assert.Equal(t, "image/jpeg", g.FileTypes["image"], "type from the file name")
	assert.Equal(t, "image/png", g.FileTypes["images"], "type sniffed from the content")
	assert.Equal(t, "t", g.Params["trade_no"])
}

// An error_response inside an HTTP 4xx/5xx is a *Error (retried when isp.*),
// not an HTTPError.
func TestDoErrorResponseInHTTPError(t *testing.T) {
	var n atomic.Int32
	srv, _ := newGateway(t, func(w http.ResponseWriter, r *gwRequest) {
		w.WriteHeader(http.StatusServiceUnavailable)
		if n.Add(1) == 1 {
			io.WriteString(w, `{"error_response":{"code":15,"msg":"Remote service error","sub_code":"isp.service-unavailable","request_id":"r1"}}`)
			return
		}
		io.WriteString(w, `{"error_response":{"code":15,"msg":"Remote service error","sub_code":"isv.invalid-parameter","request_id":"r2"}}`)
	})
	c := newTestClient(srv, WithRetry(RetryPolicy{MaxAttempts: 3, Backoff: time.Millisecond}))
	err := c.Do(context.Background(), Call{Method: "m"}, nil, nil)
	var te *Error
	require.True(t, errors.As(err, &te), "%v", err)
	assert.Equal(t, "isv.invalid-parameter", te.SubCode)
	assert.Equal(t, int32(2), n.Load(), "the isp error was retried, the isv one was not")

	srv2, _ := newGateway(t, func(w http.ResponseWriter, r *gwRequest) {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `<error_response><code>50</code><sub_code>isv.x</sub_code></error_response>`)
	})
	err = newTestClient(srv2, WithFormat(FormatXML)).Do(context.Background(), Call{Method: "m"}, nil, nil)
	require.True(t, errors.As(err, &te), "%v", err)
	assert.Equal(t, 50, te.Code)
}

// Each attempt is signed again with a fresh timestamp: TOP refuses
// timestamps older than 10 minutes.
func TestDoRetryResigns(t *testing.T) {
	srv, seen := newGateway(t, func(w http.ResponseWriter, r *gwRequest) {
		io.WriteString(w, `{"error_response":{"code":15,"sub_code":"isp.timeout"}}`)
	})
	var tick atomic.Int64
	clock := func() time.Time { return time.Date(2020, 1, 1, 0, int(tick.Add(11)), 0, 0, gmt8) }
	c := newTestClient(srv, withClock(clock), WithRetry(RetryPolicy{MaxAttempts: 3, Backoff: time.Millisecond}))
	require.Error(t, c.Do(context.Background(), Call{Method: "m"}, &payRequest{PickingUp: "p"}, nil))
	require.Len(t, *seen, 3)
	var stamps, signs []string
	for _, g := range *seen {
		assert.True(t, g.SignOK)
		assert.Equal(t, "p", g.Params["picking_up"])
		stamps = append(stamps, g.Params["timestamp"])
		signs = append(signs, g.Params["sign"])
	}
	assert.Equal(t, []string{"2020-01-01 00:11:00", "2020-01-01 00:22:00", "2020-01-01 00:33:00"}, stamps)
	assert.NotEqual(t, signs[0], signs[1])
	assert.NotEqual(t, signs[1], signs[2])
}

// A zero backoff waits DefaultBackoff: it cannot spin. (Today's bug: 200
// attempts in 43 ms.)
func TestDoZeroBackoffDoesNotSpin(t *testing.T) {
	var n atomic.Int32
	srv, _ := newGateway(t, func(w http.ResponseWriter, r *gwRequest) {
		n.Add(1)
		io.WriteString(w, `{"error_response":{"code":15,"sub_code":"isp.busy"}}`)
	})
	c := newTestClient(srv, WithRetry(RetryPolicy{MaxAttempts: 200}))
	ctx, cancel := context.WithTimeout(context.Background(), DefaultBackoff/2)
	defer cancel()
	require.Error(t, c.Do(ctx, Call{Method: "m"}, nil, nil))
	assert.Equal(t, int32(1), n.Load(), "the first wait outlasts the deadline")
	d, ok := retryWait(&Error{SubCode: "isp.x"}, RetryPolicy{}, 3)
	assert.True(t, ok)
	assert.Equal(t, 4*DefaultBackoff, d)
}

// Error 7 is a *LimitError carrying the ban; WaitBan opts in to waiting it
// out, honouring the context.
func TestDoLimitError(t *testing.T) {
	const ban = `{"error_response":{"code":7,"msg":"App Call Limited","sub_code":"accesscontrol.limited-by-app-access-count","sub_msg":"This ban will last for 1 more seconds","request_id":"r"}}`
	var n atomic.Int32
	srv, _ := newGateway(t, func(w http.ResponseWriter, r *gwRequest) {
		if n.Add(1) == 1 {
			io.WriteString(w, ban)
			return
		}
		io.WriteString(w, `{"m_response":{"count":4}}`)
	})
	err := newTestClient(srv).Do(context.Background(), Call{Method: "m"}, nil, nil)
	var le *LimitError
	require.True(t, errors.As(err, &le), "%v", err)
	assert.Equal(t, time.Second, le.Ban)
	assert.Equal(t, "top: m: error 7 App Call Limited [accesscontrol.limited-by-app-access-count]: This ban will last for 1 more seconds (request_id r)", le.Error())
	var te *Error
	require.True(t, errors.As(err, &te))
	assert.Equal(t, "accesscontrol.limited-by-app-access-count", te.SubCode)

	// Opted in: waited out, then the call succeeds.
	n.Store(0)
	c := newTestClient(srv, WithRetry(RetryPolicy{MaxAttempts: 2, WaitBan: time.Minute}))
	var resp payResponse
	require.NoError(t, c.Do(context.Background(), Call{Method: "m"}, nil, &resp))
	assert.Equal(t, Int(4), resp.Count)
	assert.Equal(t, int32(2), n.Load())

	// A ban longer than WaitBan is not waited for.
	n.Store(0)
	c = newTestClient(srv, WithRetry(RetryPolicy{MaxAttempts: 2, WaitBan: time.Millisecond}))
	require.True(t, errors.As(c.Do(context.Background(), Call{Method: "m"}, nil, nil), &le))
	assert.Equal(t, int32(1), n.Load())

	// The context ends the wait.
	n.Store(0)
	c = newTestClient(srv, WithRetry(RetryPolicy{MaxAttempts: 2, WaitBan: time.Minute}))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	require.True(t, errors.As(c.Do(ctx, Call{Method: "m"}, nil, nil), &le))
	assert.Equal(t, int32(1), n.Load())
}

// A redirect to another host is refused: the query holds the session and
// the sign.
func TestDoRefusesCrossHostRedirect(t *testing.T) {
	var other atomic.Int32
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { other.Add(1) }))
	defer evil.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, evil.URL+"/steal?"+r.URL.RawQuery, http.StatusPermanentRedirect)
	}))
	defer srv.Close()
	hc := srv.Client()
	c := NewClient("k", testSecret, WithGateway(srv.URL), WithHTTPClient(hc), WithRetry(RetryPolicy{MaxAttempts: 3, Backoff: time.Millisecond}))
	err := c.Do(context.Background(), Call{Method: "m"}, nil, nil, WithSession("secret-session"))
	require.ErrorIs(t, err, ErrRedirect)
	assert.Zero(t, other.Load(), "the other host received nothing")
	assert.NotContains(t, err.Error(), "secret-session")
	assert.Nil(t, hc.CheckRedirect, "the caller's client is not modified")
}

// Printing a client, or a generated client embedding it, never shows the secret.
func TestClientPrintHidesSecret(t *testing.T) {
	c := NewClient("key", "s3cr3t-value")
	wrapped := struct{ *Client }{c}
	for _, out := range []string{fmt.Sprintf("%v %+v %#v %s", c, c, c, c), fmt.Sprintf("%v %+v", wrapped, wrapped)} {
		assert.NotContains(t, out, "s3cr3t-value")
		assert.Contains(t, out, "key")
	}
}

func TestIdleParamsStaySmall(t *testing.T) {
	c := NewClient("k", "s")
	p := getParams(c)
	p.buf = make([]byte, 0, 1<<17) // a large response was read into it
	putParams(c, p)
	assert.Empty(t, c.idle)
	putParams(c, getParams(c))
	assert.Len(t, c.idle, 1)
}

// withClock sets the clock of the timestamp parameter.
func withClock(now func() time.Time) Option { return func(c *Client) { c.now = now } }
