// End-to-end tests of the generated SDK: every generated method is driven
// against a fake TOP gateway on loopback that checks the signature and the
// parameters, and answers with the page's own response example in every
// wire form TOP uses.
package generated_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/gen"
	"github.com/topgen/topgen/generated/damai"
	"github.com/topgen/topgen/generated/diantao"
	"github.com/topgen/topgen/generated/nlife"
	e2e "github.com/topgen/topgen/internal/gentest"
	"github.com/topgen/topgen/model"
	"github.com/topgen/topgen/top"
	"github.com/topgen/topgen/top/toptest"
)

const (
	appKey = "12345678"
	secret = "helloworld"
)

// apiCase binds a model to its generated request type and client method.
type apiCase struct {
	method string
	newReq func() top.Request
	call   func(ctx context.Context, c *top.Client, req top.Request, opts ...top.CallOption) (any, error)
}

func cases() []apiCase {
	return []apiCase{
		{
			method: "alibaba.nlife.b2c.trade.pay",
			newReq: func() top.Request { return new(nlife.AlibabaNlifeB2cTradePayRequest) },
			call: func(ctx context.Context, c *top.Client, req top.Request, opts ...top.CallOption) (any, error) {
				return nlife.Client{Client: c}.AlibabaNlifeB2cTradePay(ctx, req.(*nlife.AlibabaNlifeB2cTradePayRequest), opts...)
			},
		},
		{
			method: "alibaba.damai.maizuo.openapi.trade.pay.result.callback",
			newReq: func() top.Request { return new(damai.AlibabaDamaiMaizuoOpenapiTradePayResultCallbackRequest) },
			call: func(ctx context.Context, c *top.Client, req top.Request, opts ...top.CallOption) (any, error) {
				return damai.Client{Client: c}.AlibabaDamaiMaizuoOpenapiTradePayResultCallback(ctx, req.(*damai.AlibabaDamaiMaizuoOpenapiTradePayResultCallbackRequest), opts...)
			},
		},
		{
			method: "alibaba.diantao.tripartite.right.pay.notify",
			newReq: func() top.Request { return new(diantao.AlibabaDiantaoTripartiteRightPayNotifyRequest) },
			call: func(ctx context.Context, c *top.Client, req top.Request, opts ...top.CallOption) (any, error) {
				return diantao.Client{Client: c}.AlibabaDiantaoTripartiteRightPayNotify(ctx, req.(*diantao.AlibabaDiantaoTripartiteRightPayNotifyRequest), opts...)
			},
		},
	}
}

func loadSpec(t *testing.T, method string) *model.API {
	t.Helper()
	path := filepath.Join("..", "specs", method+".yaml")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	api, err := model.Unmarshal(path, data)
	require.NoError(t, err)
	return api
}

// TestGeneratedCoversSpecs makes sure no spec is left without an end-to-end case.
func TestGeneratedCoversSpecs(t *testing.T) {
	specs, err := filepath.Glob(filepath.Join("..", "specs", "*.yaml"))
	require.NoError(t, err)
	var methods []string
	for _, c := range cases() {
		methods = append(methods, c.method+".yaml")
	}
	var have []string
	for _, s := range specs {
		have = append(have, filepath.Base(s))
	}
	assert.ElementsMatch(t, have, methods)
}

func TestGeneratedEndToEnd(t *testing.T) {
	for _, c := range cases() {
		t.Run(c.method, func(t *testing.T) {
			api := loadSpec(t, c.method)
			require.NotEmpty(t, api.ResponseExample, "the page's XML response example")
			nodes, err := e2e.FromXML(api, api.ResponseExample)
			require.NoError(t, err)
			require.NotEmpty(t, nodes)

			bodies := map[string]struct {
				ct   string
				body []byte
				opts []top.Option
			}{
				"xml":      {"text/xml;charset=UTF-8", e2e.WithRequestID(api.ResponseExample), []top.Option{top.WithFormat(top.FormatXML)}},
				"json":     {"application/json;charset=UTF-8", e2e.JSON(api.Method, nodes, false), nil},
				"simplify": {"application/json;charset=UTF-8", e2e.JSON(api.Method, nodes, true), []top.Option{top.WithSimplify(true)}},
			}
			for _, form := range []string{"xml", "json", "simplify"} {
				for _, sm := range []top.SignMethod{top.SignMD5, top.SignHMAC, top.SignHMACSHA256} {
					t.Run(fmt.Sprintf("%s/%s", form, sm), func(t *testing.T) {
						b := bodies[form]
						gw := toptest.New(secret, func(*toptest.Request) (string, []byte) { return b.ct, b.body })
						defer gw.Close()
						opts := append([]top.Option{top.WithGateway(gw.URL), top.WithSignMethod(sm)}, b.opts...)
						client := top.NewClient(appKey, secret, opts...)

						req := c.newReq()
						require.NoError(t, e2e.Fill(req, mustPlan(t, api).Request))
						require.NoError(t, req.Validate())
						resp, err := c.call(context.Background(), client, req, top.WithSession("session-key"))
						require.NoError(t, err)

						got := gw.Last()
						require.NotNil(t, got)
						assert.True(t, got.SignOK, "signature")
						assert.Equal(t, c.method, got.Params["method"])
						assert.Equal(t, appKey, got.Params["app_key"])
						assert.Equal(t, string(sm), got.Params["sign_method"])
						assert.Equal(t, "2.0", got.Params["v"])
						for name, want := range e2e.Params(api.Request) {
							assert.True(t, e2e.SameParam(got.Params[name], want), "param %s: got %q, want %q", name, got.Params[name], want)
						}
						for _, msg := range e2e.Check(nodes, resp, mustPlan(t, api).Response) {
							t.Error(msg)
						}
					})
				}
			}
		})
	}
}

func TestGeneratedErrorResponse(t *testing.T) {
	forms := map[string]struct {
		ct   string
		body string
		opts []top.Option
	}{
		"xml":      {"text/xml", `<?xml version="1.0" encoding="utf-8" ?><error_response><code>50</code><msg>Remote service error</msg><sub_code>isv.invalid-parameter</sub_code><sub_msg>非法参数</sub_msg><request_id>rid</request_id></error_response>`, []top.Option{top.WithFormat(top.FormatXML)}},
		"json":     {"application/json", `{"error_response":{"code":50,"msg":"Remote service error","sub_code":"isv.invalid-parameter","sub_msg":"非法参数","request_id":"rid"}}`, nil},
		"simplify": {"application/json", `{"error_response":{"code":50,"msg":"Remote service error","sub_code":"isv.invalid-parameter","sub_msg":"非法参数","request_id":"rid"}}`, []top.Option{top.WithSimplify(true)}},
	}
	for _, c := range cases() {
		api := loadSpec(t, c.method)
		for name, f := range forms {
			t.Run(c.method+"/"+name, func(t *testing.T) {
				gw := toptest.New(secret, func(*toptest.Request) (string, []byte) { return f.ct, []byte(f.body) })
				defer gw.Close()
				client := top.NewClient(appKey, secret, append([]top.Option{top.WithGateway(gw.URL)}, f.opts...)...)
				req := c.newReq()
				require.NoError(t, e2e.Fill(req, mustPlan(t, api).Request))
				resp, err := c.call(context.Background(), client, req, top.WithSession("s"))
				require.Error(t, err)
				assert.Nil(t, resp)
				var te *top.Error
				require.True(t, errors.As(err, &te), "error %v is a *top.Error", err)
				assert.Equal(t, 50, te.Code)
				assert.Equal(t, "Remote service error", te.Msg)
				assert.Equal(t, "isv.invalid-parameter", te.SubCode)
				assert.Equal(t, "非法参数", te.SubMsg)
				assert.Equal(t, "rid", te.RequestID)
			})
		}
	}
}

// TestGeneratedValidationSendsNothing: an invalid request is refused before
// anything is sent, with every violation reported.
func TestGeneratedValidationSendsNothing(t *testing.T) {
	for _, c := range cases() {
		api := loadSpec(t, c.method)
		if !hasRequired(api.Request) {
			continue
		}
		t.Run(c.method, func(t *testing.T) {
			gw := toptest.New(secret, nil)
			defer gw.Close()
			client := top.NewClient(appKey, secret, top.WithGateway(gw.URL))
			_, err := c.call(context.Background(), client, c.newReq(), top.WithSession("s"))
			require.Error(t, err)
			var ve *top.ValidationError
			require.True(t, errors.As(err, &ve), "error %v is a *top.ValidationError", err)
			assert.NotEmpty(t, ve.Errors)
			assert.Empty(t, gw.Requests(), "nothing sent")
		})
	}
}

func hasRequired(fs []*model.Field) bool {
	for _, f := range fs {
		if f.Required {
			return true
		}
	}
	return false
}

// TestGeneratedSession: an API that needs a session refuses to send without one.
func TestGeneratedSession(t *testing.T) {
	for _, c := range cases() {
		api := loadSpec(t, c.method)
		t.Run(c.method, func(t *testing.T) {
			gw := toptest.New(secret, func(*toptest.Request) (string, []byte) {
				nodes, _ := e2e.FromXML(api, api.ResponseExample)
				return "application/json", e2e.JSON(api.Method, nodes, false)
			})
			defer gw.Close()
			client := top.NewClient(appKey, secret, top.WithGateway(gw.URL))
			req := c.newReq()
			require.NoError(t, e2e.Fill(req, mustPlan(t, api).Request))
			_, err := c.call(context.Background(), client, req)
			if api.NeedsSession() {
				require.Error(t, err)
				assert.Contains(t, err.Error(), "session")
				assert.Empty(t, gw.Requests())
			} else {
				require.NoError(t, err)
				require.Len(t, gw.Requests(), 1)
				_, sent := gw.Last().Params["session"]
				assert.False(t, sent)
			}
		})
	}
}

// mustPlan returns the generator's plan of api: the Go names Fill uses.
func mustPlan(t testing.TB, api *model.API) *gen.APIPlan {
	t.Helper()
	p, err := gen.Plan(api)
	require.NoError(t, err)
	return p
}

// TestNlifeValidateReportsEverything: the generated Validate of
// alibaba.nlife.b2c.trade.pay reports every violation of the doc's limits
// (written out by hand from the page), with its wire path, in field order.
func TestNlifeValidateReportsEverything(t *testing.T) {
	r := nlifeRequest()
	r.TradeNo = ""                                                                                           // with out_trade_no: rule needs one
	r.OutTradeNo = " "                                                                                       // blank counts as absent
	r.Consignee = strings.Repeat("孙", 65)                                                                    // max_length 64 (UTF-16 units)
	r.ConsigneePhoneNum = strings.Repeat("😀", 16) + "1"                                                      // 33 UTF-16 units > 32
	r.PickingUp = ""                                                                                         // required
	r.GmtPayment = time.Time{}                                                                               // required
	r.FundBillList = append(r.FundBillList, nlife.AlibabaNlifeB2cTradePayRequest_FundBillList{Type: "CASH"}) // title, amount, currency required
	err := r.Validate()
	var ve *top.ValidationError
	require.True(t, errors.As(err, &ve), "%v", err)
	var got []string
	for _, e := range ve.Errors {
		got = append(got, e.Path+" "+e.Rule)
	}
	assert.Equal(t, []string{
		"fund_bill_list[1].title required",
		"fund_bill_list[1].amount required",
		"fund_bill_list[1].currency required",
		"picking_up required",
		"consignee max_length",
		"consignee_phone_num max_length",
		"gmt_payment required",
		"trade_no,out_trade_no at_least_one_of",
	}, got)
	assert.Contains(t, err.Error(), "consignee: length 65 exceeds maximum 64")
	assert.Contains(t, err.Error(), "consignee_phone_num: length 33 exceeds maximum 32")
}
