package parser

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/model"
)

// fullDocsRoot returns the folder of real full getDocument.json data
// objects, beside the corpus.
func fullDocsRoot(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join(corpusRoot(tb), "..", "fulldocs")
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("full docs absent at %s", dir)
	}
	return dir
}

// TestJSONFullDocs parses the eight real full docs. The expectations were
// read off the doc site's pages by hand.
func TestJSONFullDocs(t *testing.T) {
	root := fullDocsRoot(t)
	want := map[string]struct {
		session    model.SessionNeed
		errorCodes int
		change     *model.ChangeDiff
	}{
		"alibaba.taobao.ud.smart.monitor.url.create": {model.SessionNone, 0, &model.ChangeDiff{Modified: 1776055859000,
			Request: []string{"[*] monitor_url_top_request_dto->attribution_type"}}},
		"alibaba.taobao.ud.smart.order.collect.cart.detail.pull": {model.SessionNone, 0, &model.ChangeDiff{Modified: 1736221658000,
			Request: []string{"[+] order_top_cursor_query_dto->prod_type"}}},
		"alibaba.ud.udsmartdata.get": {model.SessionNone, 0, nil},
		"taobao.tbk.coupon.convert": {model.SessionNone, 19, &model.ChangeDiff{Modified: 1696982432000,
			Request: []string{"[+] sku_id"}, Response: []string{"[+] result->results->extra_info"}}},
		"taobao.tbk.dg.general.link.convert": {model.SessionNone, 0, nil},
		"taobao.tbk.order.refund.get":        {model.SessionNone, 0, nil},
		"taobao.tbk.relation.refund":         {model.SessionNone, 0, nil},
		"taobao.tbk.sc.general.link.convert": {model.SessionRequired, 0, nil},
	}
	files, err := filepath.Glob(filepath.Join(root, "*.json"))
	require.NoError(t, err)
	require.Len(t, files, len(want))
	for _, f := range files {
		method := strings.TrimSuffix(filepath.Base(f), ".json")
		t.Run(method, func(t *testing.T) {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			api, _, err := Parse(f, data)
			require.NoError(t, err)
			w, ok := want[method]
			require.True(t, ok, method)
			assert.Equal(t, method, api.Method)
			assert.Equal(t, w.session, api.Session, "labels")
			assert.Equal(t, w.session == model.SessionRequired, api.NeedsSession())
			assert.Len(t, api.ErrorCodes, w.errorCodes)
			if w.change != nil {
				assert.Equal(t, w.change, api.ChangeDiff)
			}
			// The three response samples, verbatim, under one root: <x_response>.
			require.True(t, strings.HasPrefix(api.ResponseExample, "<"), api.ResponseExample)
			root := api.ResponseExample[1:strings.Index(api.ResponseExample, ">")]
			assert.True(t, strings.HasSuffix(root, "_response"), root)
			assert.True(t, strings.HasSuffix(api.ResponseExample, "</"+root+">"))
			for name, ex := range map[string]string{"json": api.ResponseExampleJSON, "simplify": api.ResponseExampleSimplify} {
				assert.True(t, strings.HasPrefix(ex, "{"), name)
				assert.True(t, strings.HasSuffix(ex, "}"), name)
				assert.Contains(t, ex, `"`+root+`"`, name)
			}
			if method == "taobao.tbk.relation.refund" {
				// The site's own JSON sample is not valid JSON ("tb_trade_parent_id":, with no value): kept verbatim.
				assert.False(t, json.Valid([]byte(api.ResponseExampleJSON)))
			} else {
				assert.True(t, json.Valid([]byte(api.ResponseExampleJSON)))
			}
			assert.True(t, strings.HasPrefix(api.ErrorExample, "<error_response>"), api.ErrorExample)
			// All of it survives the YAML model.
			y, err := model.Marshal(api)
			require.NoError(t, err)
			back, err := model.Unmarshal(method+".yaml", y)
			require.NoError(t, err)
			assert.Equal(t, api, back)
		})
	}
}

// TestJSONFullDocDetails checks values read off taobao.tbk.coupon.convert's page.
func TestJSONFullDocDetails(t *testing.T) {
	f := filepath.Join(fullDocsRoot(t), "taobao.tbk.coupon.convert.json")
	data, err := os.ReadFile(f)
	require.NoError(t, err)
	api, _, err := Parse(f, data)
	require.NoError(t, err)
	assert.Equal(t, model.ErrorCode{Code: "isp.special-campaign-error", Message: "定向计划服务异常", Solution: "建议加入重试机制"}, api.ErrorCodes[0])
	assert.Equal(t, model.ErrorCode{Code: "25", Message: "内部服务异常", Solution: "请重试"}, api.ErrorCodes[18])
	assert.True(t, strings.HasPrefix(api.ResponseExampleJSON, "{\n    \"tbk_coupon_convert_response\":{\n        \"result\":{"), api.ResponseExampleJSON)
	assert.Contains(t, api.ResponseExample, "<coupon_remain_count>6859</coupon_remain_count>")
	assert.Equal(t, "<error_response>\n    <code>50</code>\n    <msg>Remote service error</msg>\n    <sub_code>isv.invalid-parameter</sub_code>\n    <sub_msg>非法参数</sub_msg>\n</error_response>", api.ErrorExample)
	y, err := model.Marshal(api)
	require.NoError(t, err)
	assert.Contains(t, string(y), "change_diff:\n  modified: 1696982432000\n  request:\n    - '[+] sku_id'\n  response:\n    - '[+] result->results->extra_info'\n")
}

func TestJSONLabels(t *testing.T) {
	for _, tc := range []struct {
		labels string
		want   model.SessionNeed
		warn   string
	}{
		{`[{"key":"2","displayName":"￥免费"},{"key":"required","displayName":"必须用户授权"}]`, model.SessionRequired, ""},
		{`[{"key":"optional","displayName":"可选授权"}]`, model.SessionOptional, ""},
		{`[{"displayName":"可选授权"}]`, model.SessionOptional, ""},
		{`[{"key":"no_need","displayName":"不需用户授权"}]`, model.SessionNone, ""},
		{`[{"key":"9","displayName":"￥开放平台免费API"}]`, model.SessionRequired, ""}, // no session label: the flag stands
		{`[{"displayName":"必须用户授权"},{"displayName":"不需用户授权"}]`, model.SessionRequired, "contradicts"},
		{`"必须用户授权"`, model.SessionRequired, `"labels" is a string`},
		{`["支付", 3]`, model.SessionRequired, `labels[1] is a number`}, // bare tags are read too
	} {
		doc := `{"name":"a.b.c","isNeedSession":true,` + "\n" + `"labels":` + tc.labels + `}`
		api, warns, err := Parse("doc.json", []byte(doc))
		require.NoError(t, err, tc.labels)
		assert.Equal(t, tc.want, api.Session, tc.labels)
		if tc.warn == "" {
			assert.Empty(t, warns, tc.labels)
		} else {
			require.Len(t, warns, 1, tc.labels)
			assert.Contains(t, warns[0].Msg, tc.warn)
			assert.Equal(t, 2, warns[0].Line)
		}
	}
	// A label overrides an older flag; "可选" as a flag is optional.
	api, _, err := Parse("doc.json", []byte(`{"name":"a.b.c","needSession":"可选"}`))
	require.NoError(t, err)
	assert.Equal(t, model.SessionOptional, api.Session)
}

func TestJSONChangeDiffProblems(t *testing.T) {
	api, warns, err := Parse("doc.json", []byte(`{"name":"a.b.c",`+"\n"+`"changeDiff":{"gmtModified":"x","inputDiff":"[+] a","outputDiff":["[-] b", 3]}}`))
	require.NoError(t, err)
	assert.Equal(t, &model.ChangeDiff{Response: []string{"[-] b"}}, api.ChangeDiff)
	require.Len(t, warns, 3)
	for _, w := range warns {
		assert.Equal(t, 2, w.Line)
	}
	api, warns, err = Parse("doc.json", []byte(`{"name":"a.b.c","changeDiff":null}`))
	require.NoError(t, err)
	assert.Nil(t, api.ChangeDiff)
	assert.Empty(t, warns)
}
