package toptest

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func knownParams() map[string]string {
	return map[string]string{
		"method": "taobao.item.seller.get", "app_key": "12345678", "session": "test",
		"timestamp": "2016-01-01 12:00:00", "format": "json", "v": "2.0", "sign_method": "md5",
		"fields": "num_iid,title,nick,price,num", "num_iid": "11223344",
	}
}

func TestSignKnownAnswer(t *testing.T) {
	assert.Equal(t, "66987CB115214E59E6EC978214934FB8", Sign(knownParams(), "helloworld", "md5"))
	p := knownParams()
	p["blank"] = "  "
	p["sign"] = "whatever"
	assert.Equal(t, "66987CB115214E59E6EC978214934FB8", Sign(p, "helloworld", "md5"), "blank values and sign are not signed")
}

func TestGatewayChecksSignature(t *testing.T) {
	g := New("helloworld", func(r *Request) (string, []byte) { return "application/json", []byte(`{"ok":true}`) })
	defer g.Close()
	p := knownParams()
	p["sign"] = Sign(p, "helloworld", "md5")
	form := url.Values{}
	for k, v := range p {
		form.Set(k, v)
	}
	resp, err := http.Post(g.URL, "application/x-www-form-urlencoded;charset=UTF-8", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, `{"ok":true}`, string(body))
	require.NotNil(t, g.Last())
	assert.True(t, g.Last().SignOK)
	assert.Equal(t, "11223344", g.Last().Params["num_iid"])

	form.Set("sign", "BAD")
	resp, err = http.Post(g.URL, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(body), "error_response")
	assert.False(t, g.Last().SignOK)
	assert.Len(t, g.Requests(), 2)
}
