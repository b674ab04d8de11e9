package fetchtest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/fetch/fetchtest"
)

func site(t *testing.T) *fetchtest.Site {
	t.Helper()
	d, err := fetchtest.NewDoc(0, []byte(`{"name":"taobao.item.get","apiChineseName":"获取商品","id":77,"requestParams":[]}`))
	require.NoError(t, err)
	s := fetchtest.New([]*fetchtest.Category{{ID: 5, Name: "商品API", Folder: "item", Docs: []*fetchtest.Doc{d}}})
	t.Cleanup(s.Close)
	return s
}

// browser is a client with a cookie jar, as a browser would be.
type browser struct {
	t     *testing.T
	base  string
	hc    *http.Client
	token string
}

func newBrowser(t *testing.T, s *fetchtest.Site) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: s.URL, hc: &http.Client{Jar: jar}}
}

func (b *browser) get(path string, q url.Values) (int, string) {
	b.t.Helper()
	if b.token != "" {
		q.Set("_tb_token_", b.token)
	}
	resp, err := b.hc.Get(b.base + path + "?" + q.Encode())
	require.NoError(b.t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(b.t, err)
	if path == "/docCenter" {
		for _, c := range resp.Cookies() {
			if c.Name == fetchtest.TokenCookie {
				b.token = c.Value
			}
		}
	}
	return resp.StatusCode, string(body)
}

func docQuery(id string) url.Values {
	return url.Values{"isEn": {"false"}, "treeId": {""}, "docId": {id}, "docType": {"2"}}
}

func TestTokenIsCheckedOnEveryCall(t *testing.T) {
	s := site(t)
	b := newBrowser(t, s)
	code, body := b.get("/handler/document/getDocument.json", docQuery("77"))
	assert.Equal(t, 200, code)
	assert.JSONEq(t, `{"success":false,"errCode":"PAGE_EXPIRED","errMsg":"页面已过期","data":null}`, body)

	b.get("/docCenter", url.Values{})
	require.NotEmpty(t, b.token)
	_, body = b.get("/handler/document/getDocument.json", docQuery("77"))
	assert.JSONEq(t, `{"success":true,"data":{"name":"taobao.item.get","apiChineseName":"获取商品","id":77,"requestParams":[]}}`, body)

	// The parameter alone is not enough: the cookie must match too.
	plain := &http.Client{}
	resp, err := plain.Get(s.URL + "/handler/document/getDocument.json?docId=77&_tb_token_=" + b.token)
	require.NoError(t, err)
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(raw), fetchtest.ExpiredMessage)

	s.ExpireToken()
	_, body = b.get("/handler/document/getApiCatelogConfig.json", url.Values{"docId": {"285"}})
	assert.Contains(t, body, fetchtest.ExpiredMessage)
	assert.Equal(t, fetchtest.Counts{DocCenter: 1, Catalogue: 1, Document: 3}, s.Counts())
}

func TestCatalogueShape(t *testing.T) {
	s := site(t)
	b := newBrowser(t, s)
	b.get("/docCenter", url.Values{})
	_, body := b.get("/handler/document/getApiCatelogConfig.json", url.Values{"scopeId": {""}, "treeId": {""}, "docId": {"285"}, "docType": {"2"}, "tag": {""}})
	var env struct {
		Success bool `json:"success"`
		Data    struct {
			ID             int `json:"id"`
			TreeCategories []struct {
				CatelogTrees []struct {
					ID          int    `json:"id"`
					Name        string `json:"name"`
					CatelogList []struct {
						ID      int    `json:"id"`
						DocID   int    `json:"docId"`
						DocType int    `json:"docType"`
						Name    string `json:"name"`
						SubName string `json:"subName"`
					} `json:"catelogList"`
				} `json:"catelogTrees"`
			} `json:"treeCategories"`
		} `json:"data"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &env))
	assert.True(t, env.Success)
	assert.Equal(t, 285, env.Data.ID)
	tree := env.Data.TreeCategories[0].CatelogTrees[0]
	assert.Equal(t, 5, tree.ID)
	assert.Equal(t, "商品API", tree.Name)
	e := tree.CatelogList[0]
	assert.Equal(t, []any{77, 2, "taobao.item.get", "获取商品"}, []any{e.DocID, e.DocType, e.Name, e.SubName})
}

func TestFaults(t *testing.T) {
	s := site(t)
	b := newBrowser(t, s)
	b.get("/docCenter", url.Values{})
	doc := func() (int, string) { return b.get("/handler/document/getDocument.json", docQuery("77")) }

	s.Inject(fetchtest.Fault{Kind: fetchtest.AntiBotJSON, Target: fetchtest.Document, Method: "taobao.item.get"})
	code, body := doc()
	assert.Equal(t, 200, code)
	assert.Contains(t, body, `"ret":["FAIL_SYS_USER_VALIDATE","RGV587_ERROR::SM::`)
	assert.Contains(t, body, `punish?x5secdata=`)

	s.Inject(fetchtest.Fault{Kind: fetchtest.AntiBotHTML})
	code, body = doc()
	assert.Equal(t, 200, code)
	assert.True(t, strings.HasPrefix(body, "<!DOCTYPE html>"))

	s.Inject(fetchtest.Fault{Kind: fetchtest.TooManyRequests, Times: 2})
	code, _ = doc()
	assert.Equal(t, 429, code)
	code, _ = doc()
	assert.Equal(t, 429, code)

	s.Inject(fetchtest.Fault{Kind: fetchtest.Unavailable})
	code, _ = doc()
	assert.Equal(t, 503, code)

	s.Inject(fetchtest.Fault{Kind: fetchtest.Truncated})
	_, body = doc()
	assert.False(t, json.Valid([]byte(body)))
	assert.True(t, strings.HasPrefix(body, `{"success":true,"data":{"name"`))

	// A fault for another method or endpoint waits for its target.
	s.Inject(fetchtest.Fault{Kind: fetchtest.Unavailable, Method: "taobao.other.get"})
	s.Inject(fetchtest.Fault{Kind: fetchtest.Unavailable, Target: fetchtest.Catalogue})
	code, _ = doc()
	assert.Equal(t, 200, code)

	s.Inject(fetchtest.Fault{Kind: fetchtest.ExpireToken})
	_, body = doc()
	assert.Contains(t, body, fetchtest.ExpiredMessage)

	s.SetDown(true)
	_, err := b.hc.Get(s.URL + "/docCenter")
	assert.Error(t, err)
	s.SetDown(false)
	b.get("/docCenter", url.Values{})
	code, _ = doc()
	assert.Equal(t, 200, code)
}

func TestChangesBetweenRuns(t *testing.T) {
	s := site(t)
	d2, err := fetchtest.NewDoc(78, []byte(`{"name":"taobao.item.add","apiChineseName":"添加商品"}`))
	require.NoError(t, err)
	s.Put(fetchtest.Category{ID: 5}, d2)
	d1, err := fetchtest.NewDoc(0, []byte(`{"name":"taobao.item.get","apiChineseName":"获取商品 v2","id":77}`))
	require.NoError(t, err)
	s.Put(fetchtest.Category{ID: 5}, d1)
	cats := s.Categories()
	require.Len(t, cats, 1)
	require.Len(t, cats[0].Docs, 2)
	assert.Equal(t, "获取商品 v2", cats[0].Docs[0].Title)
	assert.Equal(t, int64(78), cats[0].Docs[1].ID)

	assert.True(t, s.Withdraw("taobao.item.get"))
	assert.False(t, s.Withdraw("taobao.item.get"))
	b := newBrowser(t, s)
	b.get("/docCenter", url.Values{})
	_, body := b.get("/handler/document/getDocument.json", docQuery("77"))
	assert.Contains(t, body, `"success":false`)
	assert.Equal(t, map[int64]string{5: "item"}, s.Folders())

	_, err = fetchtest.NewDoc(0, []byte(`{"name":"x.y"}`))
	assert.ErrorContains(t, err, `no numeric "id"`)
}
